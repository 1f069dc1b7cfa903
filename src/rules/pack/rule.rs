//! Checking a document with a pack rule: the [`Rule`] implementation of
//! [`PackRule`] for each way a pack rule detects (phrases, images, missing
//! sections, links), with its context filters.
//!
//! Owns turning matches into findings. Does not own loading (`load`) or
//! the text-level tests (`matcher`).

use std::ops::Range;

use super::load::{PACKS, PackRule, Role};
use super::matcher::{CLAUSE_BREAK, NOT_A_PICTURE, PICTURE_NOUN, sentence_cites};
use super::schema::Detect;
use crate::claims::SentenceInfo;
use crate::markdown::BlockKind;
use crate::rules::context::Context;
use crate::rules::meta::RuleMeta;
use crate::rules::rule::Rule;

impl PackRule {
    /// Whether the rule depends on the page's kind.
    pub fn depends_on_page_kind(&self) -> bool {
        !self.content.is_empty() || !self.class.is_empty()
    }

    fn applies_to(&self, page: &crate::page::Page) -> bool {
        let content_ok = self.content.is_empty()
            || match page.content {
                Some(c) => self.content.iter().any(|x| x == c.as_str()),
                // A missing-section check assumes a page of undeclared kind
                // is a service page; other filters need the declaration.
                None => matches!(self.kind, Detect::MissingSection | Detect::MissingMention),
            };
        let class_ok = self.class.is_empty()
            || page
                .class
                .as_ref()
                .is_some_and(|c| self.class.iter().any(|x| x == c.as_str()));
        content_ok && class_ok
    }

    fn render(&self, template: &str, matched: &str) -> String {
        let words: Vec<&str> = matched.split_whitespace().collect();
        // A long pattern match is shown by its ends: "Exosomes … regenerative".
        let shown = if words.len() > 6 {
            format!(
                "{} … {}",
                words[..2].join(" "),
                words[words.len() - 2..].join(" ")
            )
        } else {
            words.join(" ")
        };
        template.replace("{match}", &shown)
    }
}

impl Rule for PackRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check(&self, ctx: &mut Context<'_>) {
        if !self.applies_to(ctx.page) {
            return;
        }
        if !self.unless_document.is_empty() {
            let doc_lower = ctx.shared.lower(ctx.file);
            if self
                .unless_document
                .iter()
                .any(|p| doc_lower.contains(p.as_str()))
            {
                return;
            }
        }
        if !self.if_document.is_empty() {
            let doc_lower = ctx.shared.lower(ctx.file);
            if !self
                .if_document
                .iter()
                .any(|p| doc_lower.contains(p.as_str()))
            {
                return;
            }
        }
        match self.kind {
            Detect::Phrase => self.check_phrases(ctx),
            Detect::Image => self.check_images(ctx),
            Detect::MissingSection | Detect::MissingMention => self.check_sections(ctx),
            Detect::Link => self.check_links(ctx),
        }
    }
}

impl PackRule {
    /// Term and pattern matches of this rule in a block's text, with the
    /// exceptions and requirements applied per sentence.
    fn matches_in_block(&self, ctx: &Context<'_>, block: usize) -> Vec<Range<usize>> {
        let all = ctx.shared.pack_matches(ctx.doc, block);
        let hits = ctx.shared.pattern_hits(ctx.doc, block);
        let term = all
            .iter()
            .any(|(_, r, role)| *r == self.index && *role == Role::Term);
        let pattern = self.filter_ids.clone().any(|i| hits.has(i));
        if !term && !pattern {
            // Nothing of this rule's can be reported here.
            return Vec::new();
        }
        let mine: Vec<(Range<usize>, Role)> = all
            .iter()
            .filter(|(_, r, _)| *r == self.index)
            .map(|(rg, _, role)| (rg.clone(), *role))
            .collect();
        let of = |want: Role| -> Vec<Range<usize>> {
            mine.iter()
                .filter(|(_, role)| *role == want)
                .map(|(r, _)| r.clone())
                .collect()
        };
        let mut kept = self.unshadowed(
            &ctx.doc.blocks[block].text,
            hits,
            &of(Role::Term),
            &of(Role::Exception),
        );
        if kept.is_empty() {
            return kept;
        }
        // Sentences are in document order: this block's are one run.
        let all = &ctx.findings.sentences;
        let first = all.partition_point(|s| s.block < block);
        let sentences: Vec<&SentenceInfo> = all[first..]
            .iter()
            .take_while(|s| s.block == block)
            .collect();
        let requires = of(Role::Requires);
        kept.retain(|h| {
            // The last sentence starting at or before the match.
            let k = sentences.partition_point(|s| s.range.start <= h.start);
            k.checked_sub(1)
                .map(|k| sentences[k])
                .filter(|s| h.start < s.range.end.max(s.range.start + 1))
                .is_some_and(|s| self.sentence_allows(ctx, block, s, h, &requires))
        });
        kept
    }

    /// The term and pattern matches no exception shadows, the longest of
    /// overlapping ones. An exception shadows a phrase it shares words
    /// with ("best practice" shadows "best", and "best time" shadows "the
    /// best" in "the best time"), and a pattern match it covers. Patterns
    /// the block's set scan (`hits`) found nowhere in `text` are not run.
    fn unshadowed(
        &self,
        text: &str,
        filter_hits: super::filter::PatternHits,
        terms: &[Range<usize>],
        exceptions: &[Range<usize>],
    ) -> Vec<Range<usize>> {
        let mut hits: Vec<Range<usize>> = terms
            .iter()
            .filter(|h| {
                !exceptions
                    .iter()
                    .any(|e| e.start < h.end && h.start < e.end)
            })
            .cloned()
            .collect();
        for (k, p) in self.patterns.iter().enumerate() {
            if !filter_hits.has(self.filter_ids.start + k) {
                continue;
            }
            hits.extend(p.regex().find_iter(text).filter(|h| {
                !exceptions
                    .iter()
                    .any(|e| e.start <= h.start && h.end <= e.end)
            }));
        }
        // Keep the longest of overlapping matches.
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut kept: Vec<Range<usize>> = Vec::new();
        for h in hits {
            if kept.last().is_none_or(|k| h.start >= k.end) {
                kept.push(h);
            }
        }
        kept
    }

    /// Whether a match `h` in sentence `s` counts: the rule's sentence
    /// conditions (a claim, not a question or doubted, its required
    /// phrases and category, its context filters, not negated).
    fn sentence_allows(
        &self,
        ctx: &Context<'_>,
        block: usize,
        s: &SentenceInfo,
        h: &Range<usize>,
        requires: &[Range<usize>],
    ) -> bool {
        let b = &ctx.doc.blocks[block];
        if self.claim_only
            && s.claim
                .is_none_or(|i| ctx.findings.claims[i].preclinical_framing)
        {
            return false;
        }
        if s.question && !self.context.include_questions || self.skip_doubted && s.doubted {
            return false;
        }
        if self.has_requires
            && !requires
                .iter()
                .any(|r| s.range.start <= r.start && r.end <= s.range.end)
        {
            return false;
        }
        if let Some(cat) = self.requires_category
            && !s.cats.contains(&cat)
        {
            return false;
        }
        self.passes_context(ctx, b, s, h) && !(self.skip_negated && negated_before(b, s, h))
    }

    fn report_at(&self, ctx: &mut Context<'_>, block: usize, range: Range<usize>) {
        let b = &ctx.doc.blocks[block];
        let span = b.map.span(range.clone());
        let (message, help) = self.message_for(b, &range);
        ctx.report(span, message, help);
    }

    fn check_phrases(&self, ctx: &mut Context<'_>) {
        for bi in 0..ctx.doc.blocks.len() {
            if matches!(ctx.doc.blocks[bi].kind, BlockKind::ImageAlt) && self.kind == Detect::Phrase
            {
                continue;
            }
            for r in self.matches_in_block(ctx, bi) {
                self.report_at(ctx, bi, r);
            }
        }
    }

    fn check_images(&self, ctx: &mut Context<'_>) {
        for bi in 0..ctx.doc.blocks.len() {
            let b = &ctx.doc.blocks[bi];
            if let BlockKind::ImageAlt = b.kind {
                // The earliest, then longest, match of any pattern:
                // "Before and after", not "Before".
                let alt_hit = self
                    .patterns
                    .iter()
                    .filter_map(|p| p.regex().find(&b.text))
                    .min_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
                let file_hit = b.image_src.as_deref().is_some_and(|src| {
                    let file = src.rsplit('/').next().unwrap_or(src);
                    self.patterns
                        .iter()
                        .any(|p| p.regex().is_match(&file.replace(['-', '_', '.'], " ")))
                });
                if let Some(r) = alt_hit {
                    self.report_at(ctx, bi, r);
                } else if file_hit {
                    let span = b.span.clone();
                    let src = b.image_src.clone().unwrap_or_default();
                    ctx.report(span, self.render(&self.message, &src), self.help.clone());
                }
                continue;
            }
            // Prose that introduces before-and-after photos, unless an
            // exception shares its words ("before and after treatment").
            let found: Vec<(Range<usize>, Role)> = ctx
                .shared
                .pack_matches(ctx.doc, bi)
                .iter()
                .filter(|(_, r, _)| *r == self.index)
                .map(|(rg, _, role)| (rg.clone(), *role))
                .collect();
            let shadowed = |h: &Range<usize>| {
                found
                    .iter()
                    .any(|(e, role)| *role == Role::Exception && e.start < h.end && h.start < e.end)
            };
            let hit = found
                .iter()
                .filter(|(h, role)| *role == Role::Term && !shadowed(h))
                .filter(|(h, _)| self.prose_is_picture(ctx, b, h))
                .map(|(h, _)| h.clone())
                .min_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
            if let Some(h) = hit {
                self.report_at(ctx, bi, h);
            }
        }
    }

    fn check_sections(&self, ctx: &mut Context<'_>) {
        // A procedure page: procedure words in its prose.
        let is_term = |i: usize| {
            ctx.shared
                .pack_matches(ctx.doc, i)
                .iter()
                .filter(|(_, r, role)| *r == self.index && *role == Role::Term)
                .count()
        };
        let mentions: usize = (0..ctx.doc.blocks.len()).map(is_term).sum();
        // A procedure page names the procedure in its title or first
        // heading and mentions procedures throughout.
        let title = ctx
            .doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b.kind, BlockKind::Heading(_)) || matches!(&b.kind, BlockKind::FrontMatter(k) if k.ends_with("title") || k == "name"))
            .take(2)
            .find(|(i, _)| is_term(*i) > 0)
            .map(|(_, b)| b);
        let Some(title) = title else {
            return;
        };
        if mentions < 2 {
            return;
        }
        let has_section = if self.kind == Detect::MissingMention {
            ctx.doc
                .blocks
                .iter()
                .any(|b| self.patterns.iter().any(|p| p.regex().is_match(&b.text)))
        } else {
            ctx.doc
                .headings
                .iter()
                .any(|(_, h)| self.patterns.iter().any(|p| p.regex().is_match(h)))
        };
        if has_section {
            return;
        }
        // Reported at the title that names the procedure (a front-matter
        // title, or else the heading), not at whichever heading comes first.
        let span = title.map.span(0..title.text.trim_end().len());
        ctx.report(span, self.message.clone(), self.help.clone());
    }

    fn check_links(&self, ctx: &mut Context<'_>) {
        let mut reports = Vec::new();
        for b in &ctx.doc.blocks {
            for r in &b.refs {
                if let crate::markdown::RefKind::Link(url) = &r.kind {
                    let lower = url.to_ascii_lowercase();
                    if let Some(host) = PACKS
                        .find(&lower)
                        .into_iter()
                        .find(|(_, rule, role)| *rule == self.index && *role == Role::Term)
                        .map(|(rg, _, _)| lower[rg].to_string())
                    {
                        reports.push((r.span.clone(), host));
                    }
                }
            }
        }
        for (span, host) in reports {
            ctx.report(span, self.render(&self.message, &host), self.help.clone());
        }
    }
}

impl PackRule {
    /// Whether a phrase match `h` in sentence `s` of block `b` passes this
    /// rule's context options.
    fn passes_context(
        &self,
        ctx: &Context<'_>,
        b: &crate::markdown::Block,
        s: &crate::claims::SentenceInfo,
        h: &Range<usize>,
    ) -> bool {
        let f = &self.context;
        let sentence = &b.text[s.range.clone()];
        if f.not_claim && s.claim.is_some() {
            return false;
        }
        if f.not_testimonial
            && (s
                .claim
                .is_some_and(|i| ctx.findings.claims[i].kind == crate::classify::Kind::Testimonial)
                || ctx
                    .findings
                    .quoted_testimonials
                    .iter()
                    .any(|(span, _, _)| *span == s.span))
        {
            return false;
        }
        if f.uncited && sentence_cites(b, s) {
            return false;
        }
        let meds = &*crate::medicines::MEDICINES;
        if !f.medicine_groups.is_empty() && !meds.counts_in(&b.text[h.clone()], &ctx.page.markets) {
            return false;
        }
        // "botulinum toxin treatment" names the medicine: that is
        // prescription-medicine-named's, not a generic wording.
        if f.medicine_groups
            .contains(&crate::medicines::Group::Generic)
        {
            let local = h.start - s.range.start..h.end - s.range.start;
            if meds
                .find(sentence)
                .iter()
                .any(|r| r.start < local.end && local.start < r.end && r.clone() != local)
            {
                return false;
            }
        }
        if f.requires_medicine && !meds.mentions(sentence) {
            return false;
        }
        if f.subject_not_medicine && other_medicine_named(ctx, b, s, h) {
            return false;
        }
        if f.approval_label {
            let at = h.start - s.range.start..h.end - s.range.start;
            if crate::medicines::judge_approval(sentence, at) == crate::medicines::Verdict::OnLabel
            {
                return false;
            }
        }
        true
    }

    /// The message and help for a match: an approval claim about a known
    /// product says what is wrong with it.
    fn message_for(&self, b: &crate::markdown::Block, range: &Range<usize>) -> (String, String) {
        let matched = &b.text[range.clone()];
        let default = (self.render(&self.message, matched), self.help.clone());
        if !self.context.approval_label {
            return default;
        }
        // The sentence around the match: from the last stop before it.
        let start = b.text[..range.start]
            .rfind(['.', '!', '?'])
            .map_or(0, |i| i + 1);
        let end = b.text[range.end..]
            .find(['.', '!', '?'])
            .map_or(b.text.len(), |i| range.end + i);
        let sentence = &b.text[start..end];
        let at = range.start - start..range.end - start;
        match crate::medicines::judge_approval(sentence, at) {
            crate::medicines::Verdict::OffLabel(ind) => (
                format!("`{matched}`: the product is not approved for {ind}"),
                "state only the indication it is approved for, and cite the approval".into(),
            ),
            crate::medicines::Verdict::ClearedNotApproved => (
                format!("`{matched}`: this device is cleared, not approved"),
                "say \"FDA-cleared\" for the cleared indication, and cite the clearance".into(),
            ),
            _ => default,
        }
    }

    /// Whether prose that says "before and after" introduces a picture.
    fn prose_is_picture(
        &self,
        ctx: &Context<'_>,
        b: &crate::markdown::Block,
        h: &Range<usize>,
    ) -> bool {
        if !self.context.prose_needs_image {
            return true;
        }
        let after = &b.text[h.end..];
        let next_word = after
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase();
        if NOT_A_PICTURE.contains(&next_word.as_str()) {
            return false;
        }
        if PICTURE_NOUN.is_match(after) {
            return true;
        }
        // A caption: the block opens with the phrase, on a page with images.
        let opens = b.text[..h.start]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty();
        opens
            && ctx
                .doc
                .blocks
                .iter()
                .any(|x| matches!(x.kind, BlockKind::ImageAlt))
    }
}

/// A negation earlier in the same clause as `h`: "we do not advertise
/// Botox", but not "do not wait: book your Botox today". Only the nearest
/// negation before the match can reach it: a clause break after it also
/// separates every earlier one.
fn negated_before(b: &crate::markdown::Block, s: &SentenceInfo, h: &Range<usize>) -> bool {
    let nearest = s
        .negations
        .iter()
        .filter(|n| n.start < h.start && n.end <= h.start)
        .max_by_key(|n| n.end);
    nearest.is_some_and(|n| !CLAUSE_BREAK.is_match(&b.text[n.end..h.start]))
}

/// Whether the sentence, or the heading over its block, names a medicine
/// other than the ones inside the match.
fn other_medicine_named(
    ctx: &Context<'_>,
    b: &crate::markdown::Block,
    s: &crate::claims::SentenceInfo,
    h: &Range<usize>,
) -> bool {
    let meds = &*crate::medicines::MEDICINES;
    let inside: Vec<String> = meds
        .find(&b.text[h.clone()])
        .into_iter()
        .map(|r| b.text[h.start + r.start..h.start + r.end].to_lowercase())
        .collect();
    let other = |text: &str, skip: Option<&Range<usize>>| {
        meds.find(text).into_iter().any(|r| {
            let overlaps = skip.is_some_and(|k| r.start < k.end && k.start < r.end);
            !overlaps && !inside.contains(&text[r].to_lowercase())
        })
    };
    let local = h.start - s.range.start..h.end - s.range.start;
    if other(&b.text[s.range.clone()], Some(&local)) {
        return true;
    }
    // The nearest heading at or before this block.
    let block_index = s.block;
    ctx.doc.blocks[..block_index]
        .iter()
        .rev()
        .find(|x| matches!(x.kind, BlockKind::Heading(_)))
        .is_some_and(|heading| other(&heading.text, None))
}
