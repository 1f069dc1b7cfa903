//! Loading rule packs: validating and compiling `rules/*.toml` into
//! [`PackRule`]s, the market severities and policies, and one byte trie
//! (`phrase_trie`) over every pack's phrases.
//!
//! Owns validation (every problem collected, not just the first) and the
//! compiled form (patterns are compiled on first use). Does not own the
//! TOML shape (`schema`), matching text (`matcher`), the pattern filter
//! (`filter`) or checking a document (`rule`). Rule names that clash with
//! code rules, and market severities naming unknown rules, are checked
//! where every rule is known (`rules::registry`).

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use crate::lazy_regex::LazyRegex;

use super::schema::{BUILTIN_PACKS, Detect, ExampleSpec, PackFile, RuleSpec};
use crate::diagnostic::Severity;
use crate::evidence::policy::Policy;
use crate::lexicon::Cat;
use crate::page::vocab::Market;
use crate::rules::meta::{RuleMeta, Status};

/// A rule loaded from a pack.
#[derive(Debug)]
pub struct PackRule {
    pub(super) meta: &'static RuleMeta,
    /// The pack that defines it.
    pub pack: &'static str,
    pub(super) kind: Detect,
    pub(super) patterns: Vec<Pattern>,
    /// Where its patterns sit in [`Packs::pattern_sources`].
    pub(super) filter_ids: std::ops::Range<usize>,
    pub(super) requires_category: Option<Cat>,
    /// The rule lists `requires` phrases.
    pub(super) has_requires: bool,
    pub(super) claim_only: bool,
    pub(super) skip_negated: bool,
    pub(super) skip_doubted: bool,
    pub(super) unless_document: Vec<String>,
    /// The page must contain one of these (lower case), when any.
    pub(super) if_document: Vec<String>,
    /// Page content kinds it applies to (empty: any).
    pub content: Vec<String>,
    /// Product classes it applies to (empty: any).
    pub class: Vec<String>,
    pub(super) context: ContextFilters,
    pub(super) message: String,
    pub(super) help: String,
    /// Its documented examples.
    pub examples: Vec<ExampleSpec>,
    pub(super) index: usize,
}

/// A pack pattern: compiled the first time a block may match it, or
/// ahead of that by a warm-up thread (compiling every one on the main
/// thread was most of the start-up time); the packs test compiles each.
#[derive(Debug)]
pub struct Pattern {
    compiled: LazyRegex,
}

impl Pattern {
    /// The pattern as written.
    pub fn source(&self) -> &str {
        self.compiled.source()
    }

    /// The pattern, compiled on first use. Built-in patterns always
    /// compile: the packs test compiles each one (`registry::problems`).
    pub fn regex(&self) -> &LazyRegex {
        &self.compiled
    }

    /// Compiles it now: the error, for the packs' problems.
    pub fn check(&self) -> Result<(), String> {
        self.compiled.check()
    }
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
    pub market_policy: BTreeMap<&'static str, crate::evidence::policy::MinTierConfig>,
    /// Market descriptions.
    pub descriptions: BTreeMap<&'static str, String>,
    /// Every pack's phrases, lowercased, in one trie.
    pub(super) phrases: crate::phrase_trie::PhraseTrie,
    pub(super) pattern_roles: Vec<Vec<(usize, Role)>>,
    /// Every rule's patterns, in rule order (see [`PackRule`]'s `filter_ids`).
    pub(super) pattern_sources: Vec<String>,
    /// Every pattern in one automaton, built on first use, so a block is
    /// scanned once to learn which patterns can match in it at all.
    pub(super) filter: OnceLock<Option<super::filter::PatternFilter>>,
    /// Problems found loading the packs (empty for the built-in packs; a
    /// test keeps it so).
    pub problems: Vec<String>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Loads and compiles packs from (name, TOML) pairs.
pub fn load(sources: &[(&'static str, &'static str)]) -> Packs {
    let mut l = Loader::default();
    for (name, text) in sources {
        l.file(name, text);
    }
    l.finish()
}

/// Packs being loaded: what they hold so far, and every problem met.
#[derive(Default)]
struct Loader {
    problems: Vec<String>,
    rules: Vec<&'static PackRule>,
    market_severity: BTreeMap<&'static str, BTreeMap<String, Option<Severity>>>,
    market_policy: BTreeMap<&'static str, crate::evidence::policy::MinTierConfig>,
    descriptions: BTreeMap<&'static str, String>,
    /// Every phrase, with the rules and roles it has.
    phrases: BTreeMap<String, Vec<(usize, Role)>>,
    /// Every rule's patterns, in rule order, for the filter.
    pattern_sources: Vec<String>,
}

impl Loader {
    /// One pack file: its header, its rules, and (for a market) its
    /// severities and policy.
    fn file(&mut self, name: &'static str, text: &str) {
        let file: PackFile = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                self.problems
                    .push(format!("rules/{name}.toml: {}", e.message().trim()));
                return;
            }
        };
        if file.pack.name != name {
            let m = format!("rules/{name}.toml: [pack] name is `{}`", file.pack.name);
            self.problems.push(m);
        }
        self.descriptions
            .insert(name, file.pack.description.clone());
        for spec in file.rule {
            self.rule(name, &file.pack.prefix, spec);
        }
        if name != "core" {
            self.market(name, file.severity, file.policy);
        }
    }

    /// One rule: checked, compiled and its phrases added to the automaton.
    fn rule(&mut self, pack: &'static str, prefix: &str, spec: RuleSpec) {
        let index = self.rules.len();
        let where_ = format!("rules/{pack}.toml: rule {}", spec.code);
        self.check_identity(&spec, prefix, &where_);
        let default_severity = Severity::parse_setting(&spec.severity)
            .map_err(|u| self.problems.push(format!("{where_}: {}", u.message)))
            .unwrap_or(None);
        let first_id = self.pattern_sources.len();
        let patterns = self.check_patterns(&spec, &where_);
        let filter_ids = first_id..self.pattern_sources.len();
        if spec.terms.is_empty() && patterns.is_empty() && spec.medicines.is_empty() {
            self.problems
                .push(format!("{where_}: no terms or patterns"));
        }
        let requires_category = spec.requires_category.as_ref().and_then(|c| {
            let cat = Cat::from_name(c);
            if cat.is_none() {
                self.problems
                    .push(format!("{where_}: unknown lexicon category `{c}`"));
            }
            cat
        });
        for ex in &spec.explanation_headings() {
            self.problems
                .push(format!("{where_}: explanation lacks `{ex}`"));
        }
        let context = ContextFilters::compile(&spec, &where_, &mut self.problems);
        self.add_phrases(&spec, &context, index);
        let rule = PackRule {
            meta: meta_of(&spec, default_severity),
            pack,
            kind: spec.kind,
            patterns,
            filter_ids,
            requires_category,
            has_requires: !spec.requires.is_empty(),
            claim_only: spec.claim_only,
            skip_negated: spec.skip_negated,
            skip_doubted: spec.skip_doubted,
            unless_document: lower(&spec.unless_document),
            if_document: lower(&spec.if_document),
            content: spec.content,
            class: spec.class,
            context,
            message: spec.message,
            help: spec.help,
            examples: spec.example,
            index,
        };
        self.rules.push(Box::leak(Box::new(rule)));
    }

    /// A code that is the pack's prefix and three digits, a kebab-case
    /// name, and neither used before.
    fn check_identity(&mut self, spec: &RuleSpec, prefix: &str, where_: &str) {
        let digits = spec.code.strip_prefix(prefix).unwrap_or("");
        if digits.len() != 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
            self.problems.push(format!(
                "{where_}: a code is the pack prefix `{prefix}` and three digits"
            ));
        }
        if !spec
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-')
        {
            self.problems
                .push(format!("{where_}: name `{}` is not kebab-case", spec.name));
        }
        let taken = |r: &&PackRule| r.meta.code == spec.code || r.meta.name == spec.name;
        if self.rules.iter().any(taken) {
            self.problems
                .push(format!("{where_}: duplicate code or name `{}`", spec.name));
        }
    }

    /// The rule's patterns, not compiled: a pattern compiles the first
    /// time a block may match it, and [`Packs::compile_problems`] (which
    /// the packs test runs) compiles every one. Checking their syntax here
    /// as well cost a tenth of a one-file run's start-up.
    fn check_patterns(&mut self, spec: &RuleSpec, where_: &str) -> Vec<Pattern> {
        let mut patterns = Vec::new();
        for p in &spec.patterns {
            if p.len() > crate::lexicon::MAX_PATTERN_LEN {
                self.problems.push(format!("{where_}: pattern too long"));
                continue;
            }
            patterns.push(Pattern {
                compiled: LazyRegex::case_insensitive(p.clone()),
            });
            self.pattern_sources.push(p.clone());
        }
        patterns
    }

    /// The rule's terms (with the medicines it names), exceptions and
    /// required phrases, in every inflection, into the one automaton.
    fn add_phrases(&mut self, spec: &RuleSpec, context: &ContextFilters, index: usize) {
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
                    let v = v.to_ascii_lowercase();
                    self.phrases.entry(v).or_default().push((index, role));
                }
            }
        }
    }

    /// A market pack's severities and evidence policy.
    fn market(
        &mut self,
        name: &'static str,
        severity: BTreeMap<String, String>,
        policy: Option<crate::evidence::policy::MinTierConfig>,
    ) {
        let mut table = BTreeMap::new();
        for (rule, sev) in severity {
            match Severity::parse_setting(&sev) {
                Ok(s) => {
                    table.insert(rule, s);
                }
                Err(u) => self.problems.push(format!(
                    "rules/{name}.toml: [severity] {rule}: {}",
                    u.message
                )),
            }
        }
        self.market_severity.insert(name, table);
        if let Some(p) = policy {
            let mut probe = Policy::default();
            if let Err((_, m)) = p.apply(&mut probe) {
                self.problems
                    .push(format!("rules/{name}.toml: [policy]: {m}"));
            }
            self.market_policy.insert(name, p);
        }
    }

    /// The packs, with one automaton over every phrase.
    fn finish(mut self) -> Packs {
        let (keys, roles): (Vec<String>, Vec<Vec<(usize, Role)>>) =
            self.phrases.into_iter().unzip();
        // Lowercased phrases, searched in lowercased text (see
        // `Packs::find`). A trie, not an Aho–Corasick automaton: it builds
        // in a fraction of the time, which a one-file run waits for.
        let phrases = crate::phrase_trie::PhraseTrie::new(&keys);
        self.rules.sort_by_key(|r| r.meta.code);
        Packs {
            rules: self.rules,
            market_severity: self.market_severity,
            market_policy: self.market_policy,
            descriptions: self.descriptions,
            phrases,
            pattern_roles: roles,
            pattern_sources: self.pattern_sources,
            filter: OnceLock::new(),
            problems: self.problems,
        }
    }
}

/// A pack rule's metadata, leaked: rules live for the whole program.
fn meta_of(spec: &RuleSpec, default: Option<Severity>) -> &'static RuleMeta {
    Box::leak(Box::new(RuleMeta {
        code: leak(spec.code.clone()),
        name: leak(spec.name.clone()),
        // `None` ("off"): the rule runs only where a market turns it on.
        default,
        summary: leak(spec.summary.clone()),
        explanation: leak(spec.explanation.clone()),
        status: Status::Stable,
    }))
}

fn lower(phrases: &[String]) -> Vec<String> {
    phrases.iter().map(|s| s.to_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    /// Text with a word character outside ASCII is not filtered: there an
    /// ASCII `\b` and the patterns' Unicode one can disagree ("Zoé's").
    /// Curly quotes and dashes are not word characters.
    #[test]
    fn text_with_non_ascii_letters_runs_every_pattern() {
        let packs = &*super::PACKS;
        let all = super::super::filter::PatternHits::ALL;
        assert_eq!(packs.pattern_hits("Zoé’s results"), all);
        assert_ne!(packs.pattern_hits("Zoe’s results — wow"), all);
    }

    /// Phrases match whatever the case of the text (the automaton holds
    /// them lowercased and searches lowercased text), at the text's own
    /// byte positions.
    #[test]
    fn phrases_match_in_any_case() {
        let packs = &*super::PACKS;
        let text = "It CURES acne and Eliminates Cellulite.";
        let found: Vec<&str> = packs
            .find(text)
            .into_iter()
            .map(|(r, ..)| &text[r])
            .collect();
        for want in ["CURES", "Eliminates Cellulite"] {
            assert!(found.contains(&want), "{want}: {found:?}");
        }
    }

    /// The set finds whatever a pattern finds in the rules' documented examples
    /// (a test over every fixture, through every format, is the fuller
    /// check: findings did not change when the set came in).
    /// Every match of every pack phrase, overlapping, on word boundaries
    /// (the order an automaton gave them in), and a search that walks at
    /// most 64 bytes from each word start.
    #[test]
    fn pack_phrases_are_found_overlapping_on_word_boundaries() {
        let packs = &*super::PACKS;
        assert!(packs.phrases.longest_phrase() <= 64);
        let text = "Non-surgical facelift, with no downtime: a non-surgical nose job.";
        let found = packs.find(text);
        assert!(!found.is_empty());
        let ends: Vec<usize> = found.iter().map(|(r, _, _)| r.end).collect();
        assert!(ends.is_sorted(), "{found:?}");
        for (r, _, _) in &found {
            assert!(crate::lexicon::is_word_boundary(text, r.start), "{r:?}");
            assert!(crate::lexicon::is_word_boundary(text, r.end), "{r:?}");
        }
        assert!(packs.find("xdowntimex").is_empty());
    }

    #[test]
    fn the_filter_finds_what_each_pattern_finds() {
        let packs = &*super::PACKS;
        let mut matched = 0;
        for rule in &packs.rules {
            for ex in rule.examples.iter().flat_map(|e| [&e.bad, &e.good]) {
                let hits = packs.pattern_hits(ex);
                for (k, p) in rule.patterns.iter().enumerate() {
                    if p.regex().is_match(ex) {
                        matched += 1;
                        assert!(hits.has(rule.filter_ids.start + k), "{}: {ex}", p.source());
                    }
                }
            }
        }
        assert!(matched > 10, "only {matched} examples matched a pattern");
    }

    /// Every pack pattern finds the same matches with the cheap engines a
    /// one-file run uses as with the fast ones a long run switches to
    /// (`lazy_regex`), in the rules' examples and in every fixture.
    #[test]
    fn cheap_and_fast_engines_agree_on_every_pack_pattern() {
        let packs = &*super::PACKS;
        let mut texts: Vec<String> = packs
            .rules
            .iter()
            .flat_map(|r| {
                r.examples
                    .iter()
                    .flat_map(|e| [e.bad.clone(), e.good.clone()])
            })
            .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("fixtures") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    texts.push(std::fs::read_to_string(&path).expect("fixture"));
                }
            }
        }
        assert!(texts.len() > 200, "{} texts", texts.len());
        let mut found = 0;
        for rule in &packs.rules {
            for p in &rule.patterns {
                let [cheap, fast] = p.regex().matches_by_both(&texts);
                for ((c, f), text) in cheap.iter().zip(&fast).zip(&texts) {
                    assert_eq!(c, f, "{}\n{text}", p.source());
                    found += f.len();
                }
            }
        }
        assert!(found > 100, "only {found} matches");
    }
}

/// The built-in packs, loaded once.
pub static PACKS: LazyLock<Packs> = LazyLock::new(|| load(BUILTIN_PACKS));

impl Packs {
    /// Compiles every pattern and the filter over them, which the packs
    /// otherwise do only when a page needs them: what fails, for
    /// [`crate::rules::registry::problems`].
    pub fn compile_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.rules {
            for p in &r.patterns {
                if let Err(e) = p.check() {
                    out.push(format!(
                        "rules/{}.toml: rule {}: bad pattern `{}`: {e}",
                        r.pack,
                        r.meta.code,
                        crate::suggest::clip(p.source(), 64)
                    ));
                }
            }
        }
        if self.prepare_filter().is_none() && !self.pattern_sources.is_empty() {
            out.push("rules: the pack patterns do not build into one filter".to_string());
        }
        out
    }

    /// The filter over every pattern, built now if not yet.
    pub(super) fn prepare_filter(&self) -> Option<&super::filter::PatternFilter> {
        self.filter
            .get_or_init(|| super::filter::PatternFilter::new(&self.pattern_sources))
            .as_ref()
    }

    /// Builds what the first page will need (the pattern filter) ahead of
    /// time, for a caller with a spare thread.
    pub fn warm_up(&self) {
        self.prepare_filter();
    }

    /// Compiles the rules' own patterns and the matcher's ahead of time,
    /// in rule order, for a caller with a spare thread: a page's rules
    /// compile the ones it may match when they first meet them, which on
    /// a typical page is much of a one-file run.
    pub fn warm_up_patterns(&self) {
        super::matcher::warm_up();
        for r in &self.rules {
            for p in &r.patterns {
                p.regex().warm_up();
            }
        }
    }

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
}

/// The context options a pack rule sets, compiled.
#[derive(Debug, Default)]
pub(super) struct ContextFilters {
    /// `medicines = ["medicine", "generic"]`: terms taken from
    /// `rules/medicines.toml`; a match of a name limited to some markets
    /// counts only on pages for those markets.
    pub(super) medicine_groups: Vec<crate::medicines::Group>,
    /// `subject-not-medicine`: not when the sentence, or the heading over
    /// it, names another medicine (the subject is itself a medicine:
    /// "Similar to Botox, Dysport relaxes…").
    pub(super) subject_not_medicine: bool,
    /// `approval-label`: an approval claim about a known approved product is
    /// judged against its approved indications (see
    /// [`crate::medicines::judge_approval`]).
    pub(super) approval_label: bool,
    /// `uncited`: only in a sentence that carries no source.
    pub(super) uncited: bool,
    /// `not-claim`: only in a sentence claimlint does not already read as a
    /// claim (the efficacy rules report those).
    pub(super) not_claim: bool,
    /// `requires-medicine`: the sentence must name a medicine.
    pub(super) requires_medicine: bool,
    /// `prose-needs-image`: prose counts only when it introduces a picture
    /// ("before and after photos") or captions one on a page with images.
    pub(super) prose_needs_image: bool,
    /// `not-testimonial`: not in a sentence `testimonial-claim` reports.
    pub(super) not_testimonial: bool,
    /// `include-questions`: questions count too ("Hate your thighs?").
    pub(super) include_questions: bool,
}

impl ContextFilters {
    pub(super) fn compile(
        spec: &RuleSpec,
        where_: &str,
        problems: &mut Vec<String>,
    ) -> ContextFilters {
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
