//! Finding the claims of a document: sentences, their classification, and
//! the sources each one carries.
//!
//! Sentences are split once per prose block and the lexicon runs once per
//! block; every rule then reads the resulting [`Claim`]s. A source belongs
//! to the sentence it sits in, or, when it comes after a sentence's final
//! stop ("…collagen.[^1]"), to that sentence: so a source at the end of a
//! paragraph or list item backs its last sentence only. This module does not
//! judge whether the evidence is strong enough; rules do.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::classify::{Classification, Classifier, Kind, Place, SentenceContext, Strength};
use crate::evidence::{self, Population, SourceKind, Subject, Tier};
use crate::lexicon::CueMatch;
use crate::lexicon::{Cat, CatSet};
use crate::markdown::{Block, BlockKind, Document, RefKind};
use crate::policy::Policy;
use crate::registry::Registry;

/// A cue of a claim, with its source span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Its role ("benefit", "hedge", ...).
    pub role: &'static str,
    /// The words.
    pub text: String,
    /// Source span.
    pub span: Range<usize>,
}

/// How a source's tier was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TierOrigin {
    /// Not determined: the source is not in the registry and its text does
    /// not say.
    #[default]
    Unknown,
    /// From the evidence registry.
    Registry,
    /// Declared by an `<!-- evidence: … -->` comment.
    Declared,
    /// Read from the reference's own words ("a randomised trial").
    Inferred,
}

impl TierOrigin {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            TierOrigin::Unknown => "unknown",
            TierOrigin::Registry => "registry",
            TierOrigin::Declared => "declared",
            TierOrigin::Inferred => "inferred",
        }
    }
}

/// A source attached to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What kind of source.
    pub kind: SourceKind,
    /// The reference: a footnote label, URL, DOI or the text as written.
    pub reference: String,
    /// Where it is in the file.
    pub span: Range<usize>,
    /// Its study design as a tier, when known.
    pub tier: Option<Tier>,
    /// How the tier was determined.
    pub tier_origin: TierOrigin,
    /// Who was studied, when known.
    pub population: Option<Population>,
    /// What was tested, when known.
    pub subject: Option<Subject>,
    /// The registry entry it resolved to.
    pub registry_id: Option<String>,
    /// Its DOI, when known.
    pub doi: Option<String>,
    /// What it is worth for this claim (see [`Policy::effective`]).
    pub effective: Option<Tier>,
}

impl Source {
    /// A source with nothing resolved yet.
    pub fn new(kind: SourceKind, reference: String, span: Range<usize>) -> Self {
        Source {
            kind,
            reference,
            span,
            tier: None,
            tier_origin: TierOrigin::Unknown,
            population: None,
            subject: None,
            registry_id: None,
            doi: None,
            effective: None,
        }
    }
}

/// A claim found in a document.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Source span of the sentence.
    pub span: Range<usize>,
    /// Source span of the shortest phrase that makes the claim.
    pub trigger_span: Range<usize>,
    /// The sentence as a reader reads it.
    pub text: String,
    /// The phrase that makes the claim.
    pub trigger: String,
    /// How strongly it is asserted.
    pub strength: Strength,
    /// What it promises.
    pub kind: Kind,
    /// Every cue that took part, for explanations.
    pub cues: Vec<Cue>,
    /// Sources carried by the sentence.
    pub sources: Vec<Source>,
    /// References that are not sources (shop links, undefined-study
    /// footnotes), kept to explain why a claim counts as uncited.
    pub non_sources: Vec<Source>,
    /// Index of the block the claim is in.
    pub block: usize,
    /// The block is a heading.
    pub heading: bool,
    /// Speculative ("may"): see [`Classification::speculative`].
    pub speculative: bool,
    /// Sensory ("feels smoother").
    pub sensory: bool,
    /// States a percentage.
    pub percentage: bool,
    /// Framed as preclinical ("in lab studies").
    pub preclinical_framing: bool,
    /// About a finished product rather than an ingredient.
    pub finished_product: bool,
    /// The minimum tier the claim needs, under the policy in force.
    pub tier_needed: Option<Tier>,
    /// The best tier its sources provide for it, when any is known.
    pub tier_found: Option<Tier>,
}

impl Claim {
    /// What the evidence policy grades this claim by.
    pub fn facts(&self) -> crate::policy::ClaimFacts {
        crate::policy::ClaimFacts {
            kind: self.kind,
            strength: self.strength,
            preclinical_framing: self.preclinical_framing,
            percentage: self.percentage,
            sensory: self.sensory,
            speculative: self.speculative,
            finished_product: self.finished_product,
            tested_on_the_product: self
                .sources
                .iter()
                .any(|s| s.subject == Some(crate::evidence::Subject::FinishedProduct)),
        }
    }
}

/// A footnote reference with no definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndefinedFootnote {
    /// The label.
    pub label: String,
    /// Span of `[^label]`.
    pub span: Range<usize>,
}

/// A sentence of prose, claim or not, shared by every rule.
#[derive(Debug, Clone)]
pub struct SentenceInfo {
    /// Index of its block.
    pub block: usize,
    /// Byte range in the block's text.
    pub range: Range<usize>,
    /// Source span.
    pub span: Range<usize>,
    /// Index into [`Findings::claims`] when it is a claim.
    pub claim: Option<usize>,
    /// It is a question.
    pub question: bool,
    /// Its benefit is reported in order to doubt it.
    pub doubted: bool,
    /// Negation cues in it (block-text ranges).
    pub negations: Vec<Range<usize>>,
    /// Lexicon categories present in it.
    pub cats: Vec<crate::lexicon::Cat>,
}

/// A DOI or PMID that is not well formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedId {
    /// Where it is.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// Everything found in one document.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Claims in source order.
    pub claims: Vec<Claim>,
    /// Footnote references without a definition.
    pub undefined_footnotes: Vec<UndefinedFootnote>,
    /// Malformed DOIs and PMIDs in citations.
    pub malformed_ids: Vec<MalformedId>,
    /// Sources whose tier the registry could not give (when a registry is
    /// in use, or required).
    pub unregistered: Vec<(Range<usize>, String)>,
    /// Registry ids this document cites.
    pub cited_ids: Vec<String>,
    /// Every sentence of prose, in order.
    pub sentences: Vec<SentenceInfo>,
    /// Quoted first-person outcomes that are not claims of the page's own
    /// (quoted to doubt them): source span of the sentence and of the
    /// outcome phrase.
    pub quoted_testimonials: Vec<(Range<usize>, Range<usize>, String)>,
}

static UNDEFINED_FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\^([^\]\s]+)\]").expect("regex"));

/// Headings of reference lists, whose entries cite rather than claim.
static REFERENCE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(references?|sources?|bibliography|citations?|works cited|studies cited|research cited|further reading)\W*$").expect("regex")
});

/// A bibliography entry: "Kafi R, Kwak HS, …" or "Smith J. Title. Journal. 2019".
static CITATION_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[?\d+\]?\.?\s*)?\p{Lu}[\p{L}'’-]+,?\s+(?:\p{Lu}{1,3}\b\.?|\p{Lu}\.\s?\p{Lu}?\.?)(?:,\s*\p{Lu}[\p{L}'’-]+,?\s+\p{Lu}{1,3}\b\.?)+").expect("regex")
});

/// Finds the claims of a parsed document; `source_text` is the file's text.
pub fn find(doc: &Document, source_text: &str, classifier: &Classifier) -> Findings {
    let mut out = Findings::default();
    let prepared = prepare(doc, source_text, classifier);
    for (bi, block) in doc.blocks.iter().enumerate() {
        for m in UNDEFINED_FOOTNOTE.captures_iter(&block.text) {
            let whole = m.get(0).map_or(0..0, |g| g.range());
            let span = block.map.span(whole);
            // `\[^x]` is escaped on purpose: literal text, not a reference.
            if source_text
                .get(span.start..)
                .is_some_and(|t| t.starts_with('\\'))
            {
                continue;
            }
            out.undefined_footnotes.push(UndefinedFootnote {
                label: m[1].to_string(),
                span,
            });
        }
        if !prepared.blocks[bi].reference {
            block_claims(
                doc,
                &prepared,
                bi,
                classifier,
                &mut out.claims,
                &mut out.sentences,
                &mut out.quoted_testimonials,
            );
        }
    }
    out
}

/// A block's sentences and cues, found once per document so that each
/// sentence can be read with its neighbours.
struct PreparedBlock {
    /// Sentence ranges in the block's text.
    sentences: Vec<Range<usize>>,
    /// Lexicon cues of the whole block, in order.
    matches: Vec<CueMatch>,
    /// Each sentence's categories.
    cats: Vec<CatSet>,
    /// An entry of a reference list: not read for claims.
    reference: bool,
    /// The block whose text heads its section.
    section: Option<usize>,
    /// The keys of its section heading's words (see
    /// [`crate::classify::section_keys`]), shared by the blocks under it.
    section_keys: std::sync::Arc<[u64]>,
    /// For a table cell, the categories of the other cells of its row.
    row: CatSet,
}

/// Every block prepared.
struct Prepared {
    blocks: Vec<PreparedBlock>,
}

/// Splits every block into sentences, finds its cues, and works out each
/// block's section and table row.
fn prepare(doc: &Document, source_text: &str, classifier: &Classifier) -> Prepared {
    let mut in_references: Option<u8> = None;
    let mut heading: Option<usize> = None;
    let mut heading_keys: std::sync::Arc<[u64]> = std::sync::Arc::new([]);
    let mut blocks: Vec<PreparedBlock> = Vec::with_capacity(doc.blocks.len());
    for (bi, block) in doc.blocks.iter().enumerate() {
        let reference = reference_entry(block, &mut in_references);
        // A reference entry is never read for claims: nothing to find.
        let (sentences, matches) = if reference {
            (Vec::new(), Vec::new())
        } else {
            (
                crate::sentence::split(&block.text),
                classifier.lexicon().find(&block.text),
            )
        };
        let cats = sentences
            .iter()
            .map(|sr| {
                let first = matches.partition_point(|m| m.range.start < sr.start);
                matches[first..]
                    .iter()
                    .take_while(|m| m.range.start < sr.end.max(sr.start + 1))
                    .filter(|m| m.range.end <= sr.end)
                    .fold(CatSet::default(), |set, m| set.union(m.cats))
            })
            .collect();
        blocks.push(PreparedBlock {
            sentences,
            matches,
            cats,
            reference,
            section: heading,
            section_keys: match &block.kind {
                BlockKind::FrontMatter(k) => crate::classify::section_keys(k).into(),
                _ => heading_keys.clone(),
            },
            row: CatSet::default(),
        });
        if matches!(block.kind, BlockKind::Heading(_)) {
            heading = Some(bi);
            heading_keys = crate::classify::section_keys(&block.text).into();
        }
    }
    table_rows(doc, source_text, &mut blocks);
    Prepared { blocks }
}

/// For each table cell, the categories of the other cells on its source
/// line (its row).
fn table_rows(doc: &Document, source_text: &str, blocks: &mut [PreparedBlock]) {
    let line_of = |at: usize| {
        let at = crate::source::floor_char_boundary(source_text, at.min(source_text.len()));
        source_text[..at].rfind('\n').map_or(0, |i| i + 1)
    };
    let cells: Vec<(usize, usize)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BlockKind::TableCell)
        .map(|(i, b)| (line_of(b.span.start), i))
        .collect();
    for run in cells.chunk_by(|a, b| a.0 == b.0) {
        for &(_, i) in run {
            let mut row = CatSet::default();
            for &(_, j) in run.iter().filter(|(_, j)| *j != i) {
                row = blocks[j].cats.iter().fold(row, |r, s| r.union(*s));
            }
            blocks[i].row = row;
        }
    }
}

/// Whether a block is an entry of a reference list (under a "References"
/// heading, or shaped like a bibliography entry): it cites, it does not
/// claim. `in_references` tracks the level of the open references heading.
fn reference_entry(block: &Block, in_references: &mut Option<u8>) -> bool {
    if let BlockKind::Heading(level) = block.kind {
        match *in_references {
            Some(l) if level > l => {}
            _ => {
                *in_references = REFERENCE_HEADING
                    .is_match(block.text.trim())
                    .then_some(level)
            }
        }
    }
    in_references.is_some() && !matches!(block.kind, BlockKind::Heading(_))
        || CITATION_ENTRY.is_match(&block.text)
}

/// The context a sentence is read in: its block, its place among the
/// block's sentences, its neighbours in the block, its section.
fn sentence_ctx<'d>(
    doc: &'d Document,
    prep: &'d Prepared,
    bi: usize,
    si: usize,
) -> SentenceContext<'d> {
    let block = &doc.blocks[bi];
    let pb = &prep.blocks[bi];
    let sentences = &pb.sentences;
    let sentence = &block.text[sentences[si].clone()];
    let fragment_block = !matches!(block.kind, BlockKind::Paragraph) || block.in_list;
    let unterminated = !sentence
        .trim_end_matches(['"', '\'', '”', '’', ')', '*'])
        .ends_with(['.', '!', '?']);
    let title_key = |k: &str| {
        let k = k.to_lowercase();
        k.ends_with("title") || k.ends_with("name")
    };
    let (place, section) = match &block.kind {
        BlockKind::Paragraph => (Place::Paragraph, None),
        BlockKind::Heading(l) => (Place::Heading(*l), None),
        BlockKind::TableCell => (Place::TableCell, None),
        BlockKind::ImageAlt => (Place::ImageAlt, None),
        BlockKind::FrontMatter(k) => (
            Place::FrontMatter {
                title: title_key(k),
            },
            Some(k.as_str()),
        ),
    };
    let section = section
        .or_else(|| pb.section.map(|h| doc.blocks[h].text.as_str()))
        .unwrap_or("");
    SentenceContext {
        fragment: fragment_block || (unterminated && sentences.len() == 1),
        quoted: block.in_quote,
        // A front-matter title reads like a heading.
        heading: matches!(block.kind, BlockKind::Heading(_))
            || place == Place::FrontMatter { title: true },
        place,
        list: block.in_list,
        html: block.from_html,
        link_text: false,
        index: u32::try_from(si).unwrap_or(u32::MAX),
        count: u32::try_from(sentences.len()).unwrap_or(u32::MAX),
        section,
        section_keys: Some(&pb.section_keys),
        prev: neighbour(prep, bi, si, false),
        next: neighbour(prep, bi, si, true),
        row: pb.row,
    }
}

/// The categories of the sentence before (or after) sentence `si` of
/// block `bi`, in the same block: what lies beyond the block is not read,
/// so a paragraph added above a claim cannot change it (README,
/// Guarantees).
fn neighbour(prep: &Prepared, bi: usize, si: usize, after: bool) -> CatSet {
    let cats = &prep.blocks[bi].cats;
    let at = if after {
        si.checked_add(1)
    } else {
        si.checked_sub(1)
    };
    at.and_then(|i| cats.get(i)).copied().unwrap_or_default()
}

/// The cues of `matches` (sorted by start) inside sentence `sr`, with
/// ranges relative to it.
fn local_matches(matches: &[CueMatch], sr: &Range<usize>) -> Vec<CueMatch> {
    let first = matches.partition_point(|m| m.range.start < sr.start);
    matches[first..]
        .iter()
        .take_while(|m| m.range.start < sr.end.max(sr.start + 1))
        .filter(|m| m.range.end <= sr.end)
        .map(|m| CueMatch {
            range: m.range.start - sr.start..m.range.end - sr.start,
            cats: m.cats,
            user: m.user,
        })
        .collect()
}

/// Every sentence the detector reads in a document, with its source span
/// and the names of its features: what the trained model learns from.
pub fn sentence_features(
    doc: &Document,
    source_text: &str,
    classifier: &Classifier,
) -> Vec<(Range<usize>, Vec<String>)> {
    let prep = prepare(doc, source_text, classifier);
    let mut out = Vec::new();
    for (bi, block) in doc.blocks.iter().enumerate() {
        let pb = &prep.blocks[bi];
        if pb.reference {
            continue;
        }
        for (si, sr) in pb.sentences.iter().enumerate() {
            let ctx = sentence_ctx(doc, &prep, bi, si);
            let local = local_matches(&pb.matches, sr);
            let names = classifier.feature_names(&block.text[sr.clone()], &local, ctx);
            out.push((block.map.span(sr.clone()), names));
        }
    }
    out
}

fn block_claims(
    doc: &Document,
    prep: &Prepared,
    bi: usize,
    classifier: &Classifier,
    out: &mut Vec<Claim>,
    sentences_out: &mut Vec<SentenceInfo>,
    quoted: &mut Vec<(Range<usize>, Range<usize>, String)>,
) {
    let block = &doc.blocks[bi];
    let text = &block.text;
    let sentences = &prep.blocks[bi].sentences;
    if sentences.is_empty() {
        return;
    }
    let matches = &prep.blocks[bi].matches;
    // In-text sources matter only to claims: found at the block's first.
    let mut text_sources: Option<Vec<evidence::TextSource>> = None;
    // Cues, references and in-text sources are each in text order, so a
    // sentence's share is found by binary search: filtering them all for
    // every sentence is quadratic on a long paragraph or a long line.
    debug_assert!(block.refs.is_sorted_by_key(|r| r.at));
    for (si, sr) in sentences.iter().enumerate() {
        let sentence = &text[sr.clone()];
        let local = local_matches(matches, sr);
        let ctx = sentence_ctx(doc, prep, bi, si);
        let c: Classification = classifier.classify_in_document(sentence, &local, ctx);
        // The sentence's categories were found when the block was prepared.
        let cats: Vec<Cat> = prep.blocks[bi].cats[si].iter().collect();
        sentences_out.push(SentenceInfo {
            block: bi,
            range: sr.clone(),
            span: block.map.span(sr.clone()),
            claim: c.claim.then_some(out.len()),
            question: c.question,
            doubted: c.doubted,
            negations: local
                .iter()
                .filter(|m| {
                    m.cats.has(crate::lexicon::Cat::Negation)
                        || m.cats.has(crate::lexicon::Cat::NegationClause)
                })
                .map(|m| sr.start + m.range.start..sr.start + m.range.end)
                .collect(),
            cats,
        });
        if !c.claim {
            if c.testimonial_quote {
                let p = c.primary.clone().unwrap_or(0..sentence.len());
                let p = sr.start + p.start..sr.start + p.end;
                quoted.push((
                    block.map.span(sr.clone()),
                    block.map.span(p.clone()),
                    collapse_ws(&text[p]),
                ));
            }
            continue;
        }
        // The sentence owns the text up to the next sentence's start.
        let owned_end = sentences.get(si + 1).map_or(text.len() + 1, |n| n.start);
        let owns = |at: usize| at >= sr.start && at < owned_end;
        let mut sources = Vec::new();
        let mut non_sources = Vec::new();
        let refs_from = if si == 0 {
            0
        } else {
            block.refs.partition_point(|r| r.at < sr.start)
        };
        let refs_to = block.refs.partition_point(|r| r.at < owned_end);
        for r in block.refs[refs_from..refs_to.max(refs_from)]
            .iter()
            .filter(|r| owns(r.at) || (si == 0 && r.at < sr.start))
        {
            match &r.kind {
                RefKind::Footnote(label) => {
                    let def = doc.footnotes.get(&label.to_lowercase());
                    let s = Source::new(SourceKind::Footnote, label.clone(), r.span.clone());
                    match def {
                        Some(d) if evidence::footnote_names_study(&d.text, &d.urls) => {
                            sources.push(s)
                        }
                        _ => non_sources.push(s),
                    }
                }
                RefKind::Link(url) => {
                    let s = |kind| Source::new(kind, url.clone(), r.span.clone());
                    match evidence::classify_url(url) {
                        Some(kind) => sources.push(s(kind)),
                        None => non_sources.push(s(SourceKind::Link)),
                    }
                }
                RefKind::Comment(inner) => {
                    // An evidence comment with an unknown design backs
                    // nothing (and is reported as an invalid directive).
                    if let Some(ec) =
                        evidence::parse_evidence_comment(inner).filter(|ec| ec.tier.is_some())
                    {
                        let mut src = Source::new(
                            SourceKind::Comment,
                            ec.reference.unwrap_or(ec.design),
                            r.span.clone(),
                        );
                        src.tier = ec.tier;
                        src.tier_origin = TierOrigin::Declared;
                        sources.push(src);
                    }
                }
            }
        }
        let text_sources = text_sources.get_or_insert_with(|| {
            let found = evidence::find_in_text(text);
            debug_assert!(found.is_sorted_by_key(|t| t.range.start));
            found
        });
        let ts_from = text_sources.partition_point(|t| t.range.start < sr.start);
        let ts_to = text_sources.partition_point(|t| t.range.start < owned_end);
        for ts in text_sources[ts_from..ts_to.max(ts_from)]
            .iter()
            .filter(|t| owns(t.range.start))
        {
            sources.push(Source::new(
                ts.kind,
                ts.reference.clone(),
                block.map.span(ts.range.clone()),
            ));
        }
        let primary = c.primary.clone().unwrap_or(0..sentence.len());
        let primary = sr.start + primary.start..sr.start + primary.end;
        let cues = c
            .triggers
            .iter()
            .map(|t| Cue {
                role: t.role,
                text: t.text.clone(),
                span: block
                    .map
                    .span(sr.start + t.range.start..sr.start + t.range.end),
            })
            .collect();
        out.push(Claim {
            span: block.map.span(sr.clone()),
            trigger_span: block.map.span(primary.clone()),
            text: collapse_ws(sentence),
            trigger: collapse_ws(&text[primary]),
            strength: c.strength,
            kind: c.kind,
            cues,
            sources,
            non_sources,
            block: bi,
            heading: matches!(block.kind, BlockKind::Heading(_)),
            speculative: c.speculative,
            sensory: c.sensory,
            percentage: c.percentage,
            preclinical_framing: c.preclinical_framing,
            finished_product: c.finished_product,
            tier_needed: None,
            tier_found: None,
        });
    }
}

/// Resolves every claim's sources to tiers (registry first, then the
/// reference's own words), checks DOIs and PMIDs, and grades each claim
/// against the policy: `tier_needed` and `tier_found`.
pub fn resolve(
    findings: &mut Findings,
    doc: &Document,
    text: &str,
    registry: Option<&Registry>,
    policy: &Policy,
) {
    // An undefined footnote whose label is a registry id is a citation of
    // that study: the registry defines it.
    if let Some(reg) = registry {
        let mut keep = Vec::new();
        for u in std::mem::take(&mut findings.undefined_footnotes) {
            match reg.by_label(&u.label) {
                Some(_) => {
                    if let Some(c) = findings
                        .claims
                        .iter_mut()
                        .find(|c| c.span.start <= u.span.start && u.span.start <= c.span.end)
                    {
                        c.sources.push(Source::new(
                            SourceKind::Footnote,
                            u.label.clone(),
                            u.span.clone(),
                        ));
                    }
                }
                None => keep.push(u),
            }
        }
        findings.undefined_footnotes = keep;
        // A footnote whose label is registered is a source even when its
        // definition does not name the study; so is a link to a registered
        // URL on a site that is not a journal.
        for c in &mut findings.claims {
            let (registered, rest): (Vec<Source>, Vec<Source>) = std::mem::take(&mut c.non_sources)
                .into_iter()
                .partition(|n| match n.kind {
                    SourceKind::Footnote => footnote_entry(reg, doc, &n.reference).is_some(),
                    SourceKind::Link => reg.by_url(&n.reference).is_some(),
                    _ => false,
                });
            c.non_sources = rest;
            c.sources.extend(registered);
        }
    }
    let mut malformed = Vec::new();
    let mut unregistered = Vec::new();
    let mut cited = Vec::new();
    for c in &mut findings.claims {
        for src in &mut c.sources {
            resolve_source(src, doc, text, registry, &mut malformed);
            if let Some(id) = &src.registry_id {
                cited.push(id.clone());
            } else if policy.require_registry
                || (registry.is_some() && src.tier_origin != TierOrigin::Declared)
            {
                // With `require-registry`, an evidence comment is an
                // unregistered source too: only the registry counts.
                unregistered.push((src.span.clone(), src.reference.clone()));
            }
        }
        let facts = c.facts();
        c.tier_needed = policy.needed(&facts);
        let mut best: Option<Tier> = None;
        for src in &mut c.sources {
            let usable = src
                .tier
                .filter(|_| !(policy.require_registry && src.registry_id.is_none()));
            src.effective =
                usable.map(|t| policy.effective(&facts, t, src.population, src.subject));
            best = best.max(src.effective);
        }
        c.tier_found = best;
    }
    malformed.sort_by_key(|m: &MalformedId| m.span.start);
    malformed.dedup();
    unregistered.sort_by_key(|u| u.0.start);
    unregistered.dedup();
    cited.sort();
    cited.dedup();
    findings.malformed_ids = malformed;
    findings.unregistered = unregistered;
    findings.cited_ids = cited;
}

fn resolve_source(
    src: &mut Source,
    doc: &Document,
    text: &str,
    registry: Option<&Registry>,
    malformed: &mut Vec<MalformedId>,
) {
    // Identifier syntax, wherever one appears.
    let reference = src.reference.clone();
    let looks_doi =
        reference.to_ascii_lowercase().contains("doi") || reference.trim_start().starts_with("10.");
    if looks_doi && src.kind != SourceKind::Footnote {
        match evidence::check_doi(
            reference
                .trim()
                .trim_start_matches("doi:")
                .trim_start_matches("DOI:")
                .trim(),
        ) {
            Ok(d) => src.doi = Some(d),
            Err(m) => {
                if reference.contains("doi.org")
                    || reference.to_ascii_lowercase().starts_with("doi:")
                    || reference.starts_with("10.")
                {
                    let span =
                        find_within(text, &src.span, reference.trim()).unwrap_or(src.span.clone());
                    malformed.push(MalformedId { span, message: m });
                }
            }
        }
    }
    if src.kind == SourceKind::Pubmed || reference.to_ascii_lowercase().starts_with("pmid") {
        let lower = reference.to_ascii_lowercase();
        let digits = if let Some(i) = lower.find("pubmed.ncbi.nlm.nih.gov/") {
            lower[i + 24..]
                .split(['/', '?', '#'])
                .next()
                .unwrap_or("")
                .to_string()
        } else {
            lower
                .trim_start_matches("pmid")
                .trim_start_matches(':')
                .trim()
                .to_string()
        };
        if !digits.is_empty()
            && let Err(m) = evidence::check_pmid(&digits)
        {
            let span = find_within(text, &src.span, reference.trim()).unwrap_or(src.span.clone());
            malformed.push(MalformedId { span, message: m });
        }
    }
    // Registry first.
    let entry = registry.and_then(|reg| match src.kind {
        SourceKind::Footnote => footnote_entry(reg, doc, &src.reference),
        SourceKind::AuthorYear => author_year_key(&src.reference).and_then(|k| reg.by_label(&k)),
        _ => reg.resolve(&src.reference),
    });
    if let Some(e) = entry {
        // The registry is the reviewed record of what a study is: an
        // evidence comment that names a registered study does not get to
        // call a controlled study an RCT.
        src.tier = Some(e.tier);
        src.tier_origin = TierOrigin::Registry;
        src.population = Some(e.population);
        src.subject = e.subject;
        src.registry_id = Some(e.id.clone());
        src.doi = src.doi.clone().or_else(|| e.doi.clone());
        return;
    }
    if src.tier_origin == TierOrigin::Declared {
        return;
    }
    // Then the reference's own words: a footnote's definition, a study
    // named by its design.
    let words = match src.kind {
        SourceKind::Footnote => doc
            .footnotes
            .get(&src.reference.to_lowercase())
            .map(|d| d.text.clone()),
        SourceKind::StudyDesign => Some(src.reference.clone()),
        _ => None,
    };
    if let Some(w) = words {
        if src.doi.is_none() {
            src.doi = evidence::doi_of(&w);
        }
        if let Some((tier, pop)) = evidence::infer_design(&w) {
            src.tier = Some(tier);
            src.population = Some(pop);
            src.tier_origin = TierOrigin::Inferred;
        }
    }
}

/// The registry entry a footnote cites: by its label, else by the DOI, PMID
/// or URL in its definition.
fn footnote_entry<'r>(
    reg: &'r Registry,
    doc: &Document,
    label: &str,
) -> Option<&'r crate::registry::Entry> {
    reg.by_label(label).or_else(|| {
        let def = doc.footnotes.get(&label.to_lowercase())?;
        evidence::doi_of(&def.text)
            .and_then(|d| reg.by_doi(&d))
            .or_else(|| evidence::pmid_of(&def.text).and_then(|p| reg.by_pmid(&p)))
            .or_else(|| def.urls.iter().find_map(|u| reg.resolve(u)))
    })
}

/// "(Kafi et al., 2007)" → "kafi2007", the id convention of the registry.
fn author_year_key(reference: &str) -> Option<String> {
    let name: String = reference
        .trim_start_matches(['(', ' '])
        .split(|c: char| !c.is_alphabetic() && c != '-' && c != '\'' && c != '’')
        .next()?
        .to_lowercase();
    let year: String = reference
        .split(|c: char| !c.is_ascii_digit())
        .find(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")))?
        .to_string();
    (!name.is_empty()).then(|| format!("{name}{year}"))
}

/// The span of `needle` inside `span` of `text`, when it occurs there.
fn find_within(text: &str, span: &Range<usize>, needle: &str) -> Option<Range<usize>> {
    let hay = text.get(span.clone())?;
    let i = hay.find(needle)?;
    Some(span.start + i..span.start + i + needle.len())
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(crate::markdown::PLACEHOLDER, "…")
}
