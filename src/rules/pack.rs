//! Rule packs: rules as data (`rules/*.toml`, embedded in the binary), and
//! the market packs that set their severities and evidence policy.
//!
//! The `core` pack defines the rules (phrases, patterns, image, structure
//! and link matchers, with their explanations); the market packs `us`, `uk`,
//! `eu`, `sg` and `au` set a severity per rule (pack or code rule) and may
//! raise minimum evidence tiers. Every phrase of every pack is compiled into
//! one Aho–Corasick automaton, so matching costs one pass over the text
//! however many rules there are. Packs are validated when first used; every
//! problem is collected and a test keeps the built-in packs clean.

use crate::page::Market;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use super::{Context, Rule, RuleMeta, Status};
use crate::diagnostic::Severity;
use crate::lexicon::Cat;
use crate::markdown::BlockKind;
use crate::policy::Policy;

/// The built-in packs, embedded: (name, TOML).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("core", include_str!("../../rules/core.toml")),
    ("us", include_str!("../../rules/us.toml")),
    ("uk", include_str!("../../rules/uk.toml")),
    ("eu", include_str!("../../rules/eu.toml")),
    ("sg", include_str!("../../rules/sg.toml")),
    ("au", include_str!("../../rules/au.toml")),
];

/// What ends a clause for `skip-negated`: a colon, semicolon or dash, or
/// "but".
static CLAUSE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)[:;—–]|\s-\s|\bbut\b").expect("clause-break regex"));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
    #[serde(default)]
    rule: Vec<RuleSpec>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    policy: Option<crate::policy::MinTierConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackHeader {
    name: String,
    prefix: String,
    description: String,
}

/// How a pack rule finds its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind2 {
    /// Phrases or patterns in a sentence of prose.
    Phrase,
    /// Image alt text, file names and before/after phrases.
    Image,
    /// A procedure page with no heading of a kind.
    MissingSection,
    /// Links to listed hosts.
    Link,
    /// A procedure page whose text nowhere says something (a consultation).
    MissingMention,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleSpec {
    code: String,
    name: String,
    severity: String,
    kind: MatchKind2,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    requires_category: Option<String>,
    #[serde(default)]
    claim_only: bool,
    #[serde(default)]
    skip_negated: bool,
    #[serde(default)]
    skip_doubted: bool,
    #[serde(default)]
    unless_document: Vec<String>,
    #[serde(default)]
    if_document: Vec<String>,
    #[serde(default)]
    content: Vec<String>,
    #[serde(default)]
    class: Vec<String>,
    // Context filters (see `ContextFilters`).
    #[serde(default)]
    medicines: Vec<String>,
    #[serde(default)]
    subject_not_medicine: bool,
    #[serde(default)]
    approval_label: bool,
    #[serde(default)]
    uncited: bool,
    #[serde(default)]
    not_claim: bool,
    #[serde(default)]
    requires_medicine: bool,
    #[serde(default)]
    prose_needs_image: bool,
    #[serde(default)]
    not_testimonial: bool,
    #[serde(default)]
    include_questions: bool,
    summary: String,
    message: String,
    help: String,
    explanation: String,
    #[serde(default)]
    example: Vec<ExampleSpec>,
}

/// A `bad`/`good` pair a rule documents and the tests run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// Markdown the rule must report.
    pub bad: String,
    /// Markdown the rule must not report.
    pub good: String,
}

/// A rule loaded from a pack.
#[derive(Debug)]
pub struct PackRule {
    meta: &'static RuleMeta,
    /// The pack that defines it.
    pub pack: &'static str,
    kind: MatchKind2,
    patterns: Vec<Regex>,
    requires_category: Option<Cat>,
    /// The rule lists `requires` phrases.
    has_requires: bool,
    claim_only: bool,
    skip_negated: bool,
    skip_doubted: bool,
    unless_document: Vec<String>,
    /// The page must contain one of these (lower case), when any.
    if_document: Vec<String>,
    /// Page content kinds it applies to (empty: any).
    pub content: Vec<String>,
    /// Product classes it applies to (empty: any).
    pub class: Vec<String>,
    context: ContextFilters,
    message: String,
    help: String,
    /// Its documented examples.
    pub examples: Vec<ExampleSpec>,
    index: usize,
}

/// What a pack phrase is to its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A phrase the rule reports.
    Term,
    /// A phrase that shadows a term it overlaps.
    Exception,
    /// A phrase that must be in the sentence for a term to count.
    Requires,
}

/// Every pack, compiled.
pub struct Packs {
    /// Pack rules, in code order.
    pub rules: Vec<&'static PackRule>,
    /// Severity per market per rule name (pack and code rules).
    pub market_severity: BTreeMap<&'static str, BTreeMap<String, Option<Severity>>>,
    /// Minimum tiers each market raises.
    pub market_policy: BTreeMap<&'static str, crate::policy::MinTierConfig>,
    /// Market descriptions.
    pub descriptions: BTreeMap<&'static str, String>,
    ac: AhoCorasick,
    pattern_roles: Vec<Vec<(usize, Role)>>,
    /// Problems found loading the packs (empty for the built-in packs; a
    /// test keeps it so).
    pub problems: Vec<String>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Loads and compiles packs from (name, TOML) pairs.
pub fn load(sources: &[(&'static str, &'static str)]) -> Packs {
    let mut problems = Vec::new();
    let mut rules: Vec<&'static PackRule> = Vec::new();
    let mut market_severity = BTreeMap::new();
    let mut market_policy = BTreeMap::new();
    let mut descriptions = BTreeMap::new();
    let mut patterns: BTreeMap<String, Vec<(usize, Role)>> = BTreeMap::new();
    let code_names: Vec<&str> = super::code_rules().iter().map(|r| r.meta().name).collect();
    for (name, text) in sources {
        let file: PackFile = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("rules/{name}.toml: {}", e.message().trim()));
                continue;
            }
        };
        if file.pack.name != *name {
            problems.push(format!(
                "rules/{name}.toml: [pack] name is `{}`",
                file.pack.name
            ));
        }
        descriptions.insert(*name, file.pack.description.clone());
        for spec in file.rule {
            let index = rules.len();
            let where_ = format!("rules/{name}.toml: rule {}", spec.code);
            if !spec.code.starts_with(&file.pack.prefix)
                || spec.code.len() != file.pack.prefix.len() + 3
                || !spec.code[file.pack.prefix.len()..]
                    .chars()
                    .all(|c| c.is_ascii_digit())
            {
                problems.push(format!(
                    "{where_}: a code is the pack prefix `{}` and three digits",
                    file.pack.prefix
                ));
            }
            if !spec
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-')
            {
                problems.push(format!("{where_}: name `{}` is not kebab-case", spec.name));
            }
            if rules
                .iter()
                .any(|r| r.meta.code == spec.code || r.meta.name == spec.name)
                || code_names.contains(&spec.name.as_str())
            {
                problems.push(format!("{where_}: duplicate code or name `{}`", spec.name));
            }
            let default_severity = match Severity::parse_setting(&spec.severity) {
                Ok(s) => s,
                Err(u) => {
                    problems.push(format!("{where_}: {}", u.message));
                    None
                }
            };
            let mut compiled = Vec::new();
            for p in &spec.patterns {
                match crate::lexicon::compile_pattern(p) {
                    Ok(r) => compiled.push(r),
                    Err(e) => problems.push(format!(
                        "{where_}: bad pattern `{}`: {e}",
                        crate::suggest::clip(p, 64)
                    )),
                }
            }
            if spec.terms.is_empty() && compiled.is_empty() && spec.medicines.is_empty() {
                problems.push(format!("{where_}: no terms or patterns"));
            }
            let requires_category = match &spec.requires_category {
                None => None,
                Some(c) => match Cat::from_name(c) {
                    Some(c) => Some(c),
                    None => {
                        problems.push(format!("{where_}: unknown lexicon category `{c}`"));
                        None
                    }
                },
            };
            for ex in &spec.explanation_headings() {
                problems.push(format!("{where_}: explanation lacks `{ex}`"));
            }
            let context = ContextFilters::compile(&spec, &where_, &mut problems);
            let mut terms = spec.terms.clone();
            for g in &context.medicine_groups {
                terms.extend(crate::medicines::MEDICINES.terms(*g));
            }
            for (list, role) in [
                (&terms, Role::Term),
                (&spec.exceptions, Role::Exception),
                (&spec.requires, Role::Requires),
            ] {
                for t in list {
                    for v in crate::lexicon::variants(t, crate::lexicon::Inflect::None) {
                        patterns.entry(v).or_default().push((index, role));
                    }
                }
            }
            let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
                code: leak(spec.code.clone()),
                name: leak(spec.name.clone()),
                // "off" by default: the rule runs only where a market turns
                // it on.
                default: default_severity,
                summary: leak(spec.summary.clone()),
                explanation: leak(spec.explanation.clone()),
                status: Status::Stable,
            }));
            let rule = PackRule {
                meta,
                pack: name,
                kind: spec.kind,
                patterns: compiled,
                requires_category,
                has_requires: !spec.requires.is_empty(),
                claim_only: spec.claim_only,
                skip_negated: spec.skip_negated,
                skip_doubted: spec.skip_doubted,
                unless_document: spec
                    .unless_document
                    .iter()
                    .map(|s| s.to_lowercase())
                    .collect(),
                if_document: spec.if_document.iter().map(|s| s.to_lowercase()).collect(),
                content: spec.content,
                class: spec.class,
                context,
                message: spec.message,
                help: spec.help,
                examples: spec.example,
                index,
            };
            rules.push(Box::leak(Box::new(rule)));
        }
        if *name != "core" {
            let mut table = BTreeMap::new();
            for (rule, sev) in &file.severity {
                match Severity::parse_setting(sev) {
                    Ok(s) => {
                        table.insert(rule.clone(), s);
                    }
                    Err(u) => problems.push(format!(
                        "rules/{name}.toml: [severity] {rule}: {}",
                        u.message
                    )),
                }
            }
            market_severity.insert(*name, table);
            if let Some(p) = file.policy {
                let mut probe = Policy::default();
                if let Err((_, m)) = p.apply(&mut probe) {
                    problems.push(format!("rules/{name}.toml: [policy]: {m}"));
                }
                market_policy.insert(*name, p);
            }
        }
    }
    // Market severities must name real rules.
    let all_names: Vec<&str> = rules
        .iter()
        .map(|r| r.meta.name)
        .chain(code_names.iter().copied())
        .collect();
    for (m, table) in &market_severity {
        for rule in table.keys() {
            if !all_names.contains(&rule.as_str()) {
                problems.push(format!(
                    "rules/{m}.toml: [severity] names unknown rule `{rule}`"
                ));
            }
        }
    }
    let (keys, roles): (Vec<String>, Vec<Vec<(usize, Role)>>) = patterns.into_iter().unzip();
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(&keys)
        .expect("pack phrases compile");
    rules.sort_by_key(|r| r.meta.code);
    Packs {
        rules,
        market_severity,
        market_policy,
        descriptions,
        ac,
        pattern_roles: roles,
        problems,
    }
}

impl RuleSpec {
    fn explanation_headings(&self) -> Vec<&'static str> {
        ["## What it does", "## Why is this bad?", "## Example"]
            .into_iter()
            .filter(|h| !self.explanation.contains(h))
            .collect()
    }
}

/// The built-in packs, loaded once.
pub static PACKS: LazyLock<Packs> = LazyLock::new(|| load(BUILTIN_PACKS));

impl Packs {
    /// The severity a rule has in a market: the market's setting, else the
    /// rule's default. `None` is off.
    pub fn severity_in(&self, market: Market, meta: &RuleMeta) -> Option<Severity> {
        match self
            .market_severity
            .get(market.as_str())
            .and_then(|t| t.get(meta.name))
        {
            Some(s) => *s,
            None => meta.default,
        }
    }

    /// The severity for a page targeting `markets`: the strictest of them;
    /// with no market, the default.
    pub fn severity_for(&self, markets: &[Market], meta: &RuleMeta) -> Option<Severity> {
        if markets.is_empty() {
            return meta.default;
        }
        markets
            .iter()
            .map(|&m| self.severity_in(m, meta))
            .max()
            .flatten()
    }

    /// Raises `policy` to what every market in `markets` requires.
    pub fn policy_for(&self, markets: &[Market], policy: &Policy) -> Policy {
        let mut out = policy.clone();
        for m in markets {
            if let Some(cfg) = self.market_policy.get(m.as_str()) {
                // Only the levels the market sets are raised: a level the
                // configuration lowered and the market leaves alone stays
                // lowered.
                let mut market = out.clone();
                let _ = cfg.apply(&mut market);
                out = out.strictest(&market);
            }
        }
        out
    }

    /// Every match of every pack phrase in `text`, overlapping, on word
    /// boundaries: (byte range, rule index, role).
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, usize, Role)> {
        let mut out = Vec::new();
        for m in self.ac.find_overlapping_iter(text) {
            if !crate::lexicon::is_boundary_pub(text, m.start())
                || !crate::lexicon::is_boundary_pub(text, m.end())
            {
                continue;
            }
            for &(rule, role) in &self.pattern_roles[m.pattern().as_usize()] {
                out.push((m.start()..m.end(), rule, role));
            }
        }
        out
    }
}

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
                None => matches!(
                    self.kind,
                    MatchKind2::MissingSection | MatchKind2::MissingMention
                ),
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
            MatchKind2::Phrase => self.check_phrases(ctx),
            MatchKind2::Image => self.check_images(ctx),
            MatchKind2::MissingSection | MatchKind2::MissingMention => self.check_sections(ctx),
            MatchKind2::Link => self.check_links(ctx),
        }
    }
}

impl PackRule {
    /// Term and pattern matches of this rule in a block's text, with the
    /// exceptions and requirements applied per sentence.
    fn matches_in_block(&self, ctx: &Context<'_>, block: usize) -> Vec<Range<usize>> {
        let b = &ctx.doc.blocks[block];
        let mine: Vec<(Range<usize>, Role)> = ctx
            .shared
            .pack_matches(ctx.doc, block)
            .iter()
            .filter(|(_, r, _)| *r == self.index)
            .map(|(rg, _, role)| (rg.clone(), *role))
            .collect();
        let exceptions: Vec<&Range<usize>> = mine
            .iter()
            .filter(|(_, role)| *role == Role::Exception)
            .map(|(r, _)| r)
            .collect();
        // An exception shadows a phrase it shares words with ("best
        // practice" shadows "best", and "best time" shadows "the best" in
        // "the best time"), and a pattern match it covers.
        let mut hits: Vec<Range<usize>> = mine
            .iter()
            .filter(|(_, role)| *role == Role::Term)
            .map(|(r, _)| r.clone())
            .filter(|h| {
                !exceptions
                    .iter()
                    .any(|e| e.start < h.end && h.start < e.end)
            })
            .collect();
        for re in &self.patterns {
            hits.extend(re.find_iter(&b.text).map(|m| m.range()).filter(|h| {
                !exceptions
                    .iter()
                    .any(|e| e.start <= h.start && h.end <= e.end)
            }));
        }
        // Keep the longest of overlapping matches.
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut kept: Vec<Range<usize>> = Vec::new();
        for h in hits {
            if kept.last().is_some_and(|k| h.start < k.end) {
                continue;
            }
            kept.push(h);
        }
        let requires: Vec<&Range<usize>> = mine
            .iter()
            .filter(|(_, role)| *role == Role::Requires)
            .map(|(r, _)| r)
            .collect();
        if kept.is_empty() {
            return kept;
        }
        // Sentences are in document order: this block's are one run.
        let all = &ctx.findings.sentences;
        let first = all.partition_point(|s| s.block < block);
        let sentences: Vec<&crate::claims::SentenceInfo> = all[first..]
            .iter()
            .take_while(|s| s.block == block)
            .collect();
        kept.retain(|h| {
            // Sentences are in order: the last one starting at or before
            // the match.
            let k = sentences.partition_point(|s| s.range.start <= h.start);
            let Some(s) = k
                .checked_sub(1)
                .map(|k| sentences[k])
                .filter(|s| h.start < s.range.end.max(s.range.start + 1))
            else {
                return false;
            };
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
            if !self.passes_context(ctx, b, s, h) {
                return false;
            }
            // A negation earlier in the same clause: "we do not advertise
            // Botox", but not "do not wait: book your Botox today".
            // Only the nearest negation before the match can reach it: a
            // clause break after it also separates every earlier one.
            if self.skip_negated {
                let nearest = s
                    .negations
                    .iter()
                    .filter(|n| n.start < h.start && n.end <= h.start)
                    .max_by_key(|n| n.end);
                if nearest.is_some_and(|n| !CLAUSE_BREAK.is_match(&b.text[n.end..h.start])) {
                    return false;
                }
            }
            true
        });
        kept
    }

    fn report_at(&self, ctx: &mut Context<'_>, block: usize, range: Range<usize>) {
        let b = &ctx.doc.blocks[block];
        let span = b.map.span(range.clone());
        let (message, help) = self.message_for(b, &range);
        ctx.report(span, message, help);
    }

    fn check_phrases(&self, ctx: &mut Context<'_>) {
        for bi in 0..ctx.doc.blocks.len() {
            if matches!(ctx.doc.blocks[bi].kind, BlockKind::ImageAlt)
                && self.kind == MatchKind2::Phrase
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
                    .filter_map(|re| re.find(&b.text).map(|m| m.range()))
                    .min_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
                let file_hit = b.image_src.as_deref().is_some_and(|src| {
                    let file = src.rsplit('/').next().unwrap_or(src);
                    self.patterns
                        .iter()
                        .any(|re| re.is_match(&file.replace(['-', '_', '.'], " ")))
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
            let found: Vec<(Range<usize>, Role)> = PACKS
                .find(&b.text)
                .into_iter()
                .filter(|(_, r, _)| *r == self.index)
                .map(|(rg, _, role)| (rg, role))
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
        let has_section = if self.kind == MatchKind2::MissingMention {
            ctx.doc
                .blocks
                .iter()
                .any(|b| self.patterns.iter().any(|re| re.is_match(&b.text)))
        } else {
            ctx.doc
                .headings
                .iter()
                .any(|(_, h)| self.patterns.iter().any(|re| re.is_match(h)))
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

// ---------------------------------------------------------------------------
// Context filters: what else a sentence (or the page) must or must not hold
// for a phrase match to count. Each is one option in a pack rule, checked
// after the phrase matched; kept together so the matcher split can move them
// as one piece.

/// The context options a pack rule sets, compiled.
#[derive(Debug, Default)]
struct ContextFilters {
    /// `medicines = ["medicine", "generic"]`: terms taken from
    /// `rules/medicines.toml`; a match of a name limited to some markets
    /// counts only on pages for those markets.
    medicine_groups: Vec<crate::medicines::Group>,
    /// `subject-not-medicine`: not when the sentence, or the heading over
    /// it, names another medicine (the subject is itself a medicine:
    /// "Similar to Botox, Dysport relaxes…").
    subject_not_medicine: bool,
    /// `approval-label`: an approval claim about a known approved product is
    /// judged against its approved indications (see
    /// [`crate::medicines::judge_approval`]).
    approval_label: bool,
    /// `uncited`: only in a sentence that carries no source.
    uncited: bool,
    /// `not-claim`: only in a sentence claimlint does not already read as a
    /// claim (the efficacy rules report those).
    not_claim: bool,
    /// `requires-medicine`: the sentence must name a medicine.
    requires_medicine: bool,
    /// `prose-needs-image`: prose counts only when it introduces a picture
    /// ("before and after photos") or captions one on a page with images.
    prose_needs_image: bool,
    /// `not-testimonial`: not in a sentence `testimonial-claim` reports.
    not_testimonial: bool,
    /// `include-questions`: questions count too ("Hate your thighs?").
    include_questions: bool,
}

impl ContextFilters {
    fn compile(spec: &RuleSpec, where_: &str, problems: &mut Vec<String>) -> ContextFilters {
        let mut medicine_groups = Vec::new();
        for g in &spec.medicines {
            match crate::medicines::Group::parse(g) {
                Some(g) => medicine_groups.push(g),
                None => problems.push(format!(
                    "{where_}: unknown medicines group `{g}` (medicine, generic)"
                )),
            }
        }
        ContextFilters {
            medicine_groups,
            subject_not_medicine: spec.subject_not_medicine,
            approval_label: spec.approval_label,
            uncited: spec.uncited,
            not_claim: spec.not_claim,
            requires_medicine: spec.requires_medicine,
            prose_needs_image: spec.prose_needs_image,
            not_testimonial: spec.not_testimonial,
            include_questions: spec.include_questions,
        }
    }
}

/// Words after "before and after" that make it a time, not a picture:
/// "before and after treatment".
const NOT_A_PICTURE: &[&str] = &[
    "treatment",
    "treatments",
    "your",
    "the",
    "each",
    "every",
    "a",
    "an",
    "procedure",
    "procedures",
    "session",
    "sessions",
    "appointment",
    "appointments",
    "surgery",
    "injections",
    "injection",
    "using",
    "applying",
    "exercise",
    "care",
    "meals",
    "eating",
    "it",
    "this",
    "that",
];

/// Nouns that make "before and after" a picture.
static PICTURE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W{0,3}(\w+\W+){0,3}?(photos?|photographs?|pictures?|pics?|images?|gallery|galleries|shots?|snaps?|results?|transformations?|video|slider|comparison)\b")
        .expect("picture-noun regex")
});

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

/// Whether sentence `s` carries a reference or an in-text source.
fn sentence_cites(b: &crate::markdown::Block, s: &crate::claims::SentenceInfo) -> bool {
    // A reference right after the final stop belongs to the sentence.
    let end = s.range.end + 8;
    b.refs
        .iter()
        .filter(|r| r.at >= s.range.start && r.at <= end)
        .any(|r| match &r.kind {
            // Only an evidence comment is a source; other comments are not.
            crate::markdown::RefKind::Comment(inner) => {
                crate::evidence::parse_evidence_comment(inner).is_some()
            }
            _ => true,
        })
        || !crate::evidence::find_in_text(&b.text[s.range.clone()]).is_empty()
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
