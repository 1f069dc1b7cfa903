//! The linter: one configured [`Linter`] turns a file's text into
//! diagnostics and a claims register. Everything else (the CLI, editor
//! integrations) is a client of this.

use std::ops::Range;

use crate::claims::{self, Claim};
use crate::classify::Classifier;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lexicon::LexiconError;
use crate::markdown::{self, ParseOptions};
use crate::registry::Registry;
use crate::rules::{
    self, Context, InvalidDirective, InvalidEvidenceRegistry, MalformedIdentifier,
    UncitedRegistryEntry, UnregisteredSource, UnusedSuppression,
};
use crate::source::SourceFile;
use crate::suppress;

/// The status of a claim in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    /// Carries a source, strong enough (or of unknown tier).
    Supported,
    /// Carries a source, but weaker than the claim needs.
    Insufficient,
    /// Carries none.
    Unsupported,
    /// A finding about it was suppressed by a directive.
    Suppressed,
}

impl ClaimStatus {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Supported => "supported",
            ClaimStatus::Insufficient => "insufficient",
            ClaimStatus::Unsupported => "unsupported",
            ClaimStatus::Suppressed => "suppressed",
        }
    }
}

/// A claim with its register status.
#[derive(Debug, Clone)]
pub struct ClaimRecord {
    /// The claim.
    pub claim: Claim,
    /// Its status.
    pub status: ClaimStatus,
    /// The reason given by the suppression, when suppressed.
    pub suppression_reason: Option<String>,
}

/// Everything claimlint says about one file.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file's path and text as given to [`Linter::lint`]. Spans are
    /// byte ranges into `source.text`; [`SourceFile::line_col`] and
    /// [`SourceFile::span_line_cols`] turn them into 1-based lines and
    /// character columns.
    pub source: SourceFile,
    /// Diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Every claim found, in order.
    pub claims: Vec<ClaimRecord>,
    /// Registry ids the file cites.
    pub cited_ids: Vec<String>,
    /// The keys of the front-matter values read as prose, in order.
    pub front_matter_read: Vec<String>,
}

/// A configured linter. Build it once and lint any number of files: `lint`
/// takes `&self`, and a `Linter` can be shared between threads.
///
/// ```
/// use claimlint::{Config, Linter};
///
/// let linter = Linter::new(Config::default()).unwrap();
/// let report = linter.lint("page.md", "Our serum boosts collagen.\n");
/// assert_eq!(report.diagnostics[0].rule, "uncited-efficacy-claim");
/// assert_eq!(&report.source.text[report.diagnostics[0].span.clone()], "boosts collagen");
/// ```
#[derive(Debug, Clone)]
pub struct Linter {
    config: Config,
    classifier: Classifier,
    parse: ParseOptions,
    registry: Option<std::sync::Arc<Registry>>,
}

/// Why a linter could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LinterError {
    /// The configured lexicon does not compile.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The evidence registry could not be read.
    #[error("cannot read evidence registry {path}: {source}")]
    Registry {
        /// The registry file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl Linter {
    /// Builds a linter: compiles the lexicon (with the configuration's
    /// extra terms and patterns) and reads the evidence registry, if one is
    /// configured. Fails when either cannot be done; linting itself cannot
    /// fail.
    pub fn new(config: Config) -> Result<Linter, LinterError> {
        let classifier = Classifier::new(config.lexicon()?);
        let parse = ParseOptions {
            front_matter_fields: config.front_matter_fields.clone(),
            front_matter_prose: config.front_matter_prose,
        };
        let registry = match &config.registry {
            Some(p) => Some(std::sync::Arc::new(Registry::load(p).map_err(
                |source| LinterError::Registry {
                    path: p.display().to_string(),
                    source,
                },
            )?)),
            None => None,
        };
        Ok(Linter {
            config,
            classifier,
            parse,
            registry,
        })
    }

    /// The markets and declared kind of a page: its front matter
    /// (`markets`, `content`, `class`) over the configuration's defaults.
    #[doc(hidden)]
    pub fn page_of(&self, doc: &crate::markdown::Document) -> rules::pack::Page {
        page_under(&self.config, doc)
    }

    /// The page settings `lint` would use for a file (front matter,
    /// `[[overrides]]` and configuration), and the front-matter settings
    /// that took part, for `claimlint config --show`.
    #[doc(hidden)]
    pub fn page_for_file(
        &self,
        path: &str,
        text: &str,
    ) -> (Config, rules::pack::Page, Vec<(String, String)>) {
        let source = SourceFile::new(path, text);
        let doc = markdown::parse(&source, &self.parse);
        let config = self
            .config
            .for_path(std::path::Path::new(path))
            .into_owned();
        let page = page_under(&config, &doc);
        let declared = doc
            .front_matter
            .as_ref()
            .map(|f| {
                ["markets", "content", "class"]
                    .iter()
                    .filter_map(|k| f.settings.get(*k).map(|v| (k.to_string(), v.join(", "))))
                    .collect()
            })
            .unwrap_or_default();
        (config, page, declared)
    }

    /// The evidence registry in use, if any.
    #[doc(hidden)]
    pub fn registry(&self) -> Option<&Registry> {
        self.registry.as_deref()
    }

    /// Findings about the registry file itself (problems, malformed
    /// identifiers), as a report on that file; `None` without a registry.
    #[doc(hidden)]
    pub fn registry_report(&self, display_path: &str) -> Option<Report> {
        let reg = self.registry.as_deref()?;
        let source = SourceFile::new(display_path, reg.text.clone());
        let mut diagnostics = Vec::new();
        for p in &reg.problems {
            let meta = if p.identifier {
                &MalformedIdentifier::META
            } else {
                &InvalidEvidenceRegistry::META
            };
            let Some(severity) = self.config.severity(meta) else {
                continue;
            };
            diagnostics.push(Diagnostic {
                code: meta.code,
                rule: meta.name,
                severity,
                message: p.message.clone(),
                help: p.help.clone(),
                span: p.span.clone(),
                labels: vec![],
                notes: vec![],
                claim: None,
                // The registry has no sentences: its message names the entry.
                key: normalize_key(&p.message),
            });
        }
        Some(Report {
            source,
            diagnostics,
            claims: vec![],
            cited_ids: vec![],
            front_matter_read: vec![],
        })
    }

    /// Diagnostics for registry entries no report cites (`uncited-registry-entry`).
    #[doc(hidden)]
    pub fn uncited_entries(&self, cited: &std::collections::BTreeSet<String>) -> Vec<Diagnostic> {
        let (Some(reg), Some(severity)) = (
            self.registry.as_deref(),
            self.config.severity(&UncitedRegistryEntry::META),
        ) else {
            return vec![];
        };
        reg.entries
            .iter()
            .filter(|e| !cited.contains(&e.id))
            .map(|e| Diagnostic {
                code: UncitedRegistryEntry::META.code,
                rule: UncitedRegistryEntry::META.name,
                severity,
                message: format!("source `{}` is never cited", e.id),
                help: format!(
                    "cite it as [^{}] where it backs a claim, or remove it from the registry",
                    e.id
                ),
                span: e.span.clone(),
                labels: vec![],
                notes: vec![],
                claim: None,
                key: normalize_key(&e.id),
            })
            .collect()
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The same linter with another classifier (other weights, or the
    /// rules alone): for cross-validation and training.
    #[doc(hidden)]
    pub fn with_classifier(mut self, classifier: Classifier) -> Linter {
        self.classifier = classifier;
        self
    }

    /// The claim classifier in use.
    #[doc(hidden)]
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// Lints one file's text; never reads the disk. `path` names the file
    /// in the report and selects the configuration's `[[overrides]]` that
    /// apply to it (their globs are relative to the `claimlint.toml`'s
    /// directory). Findings come sorted by position; findings that a
    /// `claimlint-disable` comment suppresses are left out, and their claims
    /// marked [`ClaimStatus::Suppressed`].
    pub fn lint(&self, path: &str, text: &str) -> Report {
        self.lint_timed(path, text, &mut Timings::off())
    }

    /// Like [`Linter::lint`], adding where the time went to `timings`
    /// (when it is collecting).
    #[doc(hidden)]
    pub fn lint_timed(&self, path: &str, text: &str, timings: &mut Timings) -> Report {
        let mut clock = timings.start();
        let source = SourceFile::new(path, text);
        let doc = markdown::parse(&source, &self.parse);
        timings.lap(&mut clock, "parse");
        // `[[overrides]]` matching this path adjust markets, severities
        // and page defaults.
        let config = self.config.for_path(std::path::Path::new(path));
        let page = page_under(&config, &doc);
        let policy = rules::pack::PACKS.policy_for(&page.markets, &config.policy);
        let mut findings = claims::find(&doc, &source.text, &self.classifier);
        timings.lap(&mut clock, "claims");
        claims::resolve(
            &mut findings,
            &doc,
            &source.text,
            self.registry.as_deref(),
            &policy,
        );
        timings.lap(&mut clock, "evidence");
        let mut diagnostics = Vec::new();
        let shared = rules::Shared::default();
        if timings.is_on() {
            // The first pack rule would otherwise be charged with the one
            // scan for every pack's phrases that all of them share.
            if !doc.blocks.is_empty() {
                shared.pack_matches(&doc, 0);
            }
            timings.lap(&mut clock, "pack phrases");
        }
        for rule in rules::registry() {
            let Some(mut sev) = config.severity_for(&page.markets, rule.meta()) else {
                continue;
            };
            // Unregistered sources matter when the registry is required.
            if rule.meta().code == UnregisteredSource::META.code
                && config.policy.require_registry
                && !config
                    .severities
                    .contains_key(UnregisteredSource::META.code)
            {
                sev = Severity::Error;
            }
            let mut ctx = Context::new(
                &source,
                &doc,
                &findings,
                &page,
                &shared,
                rule.meta(),
                sev,
                &mut diagnostics,
            );
            rule.check(&mut ctx);
            timings.lap(&mut clock, rule.meta().code);
        }
        let mut directives = suppress::parse(&source, &doc.comments);
        if let Some(sev) = config.severity_for(&page.markets, &InvalidDirective::META) {
            diagnostics.extend(suppress::problem_diagnostics(&directives, sev));
        }

        // Apply suppressions; remember which claim phrases they covered.
        let mut suppressed_spans: Vec<(Range<usize>, Option<String>)> = Vec::new();
        diagnostics.retain(|d| {
            if d.code == UnusedSuppression::META.code {
                return true;
            }
            // A directive never silences the report about itself: a
            // reasonless `claimlint-disable-file` would otherwise hide the
            // `invalid-directive` finding that it gives no reason.
            let about_itself = |s: &suppress::Suppression| {
                d.code == InvalidDirective::META.code && d.span == s.span
            };
            match directives
                .suppressions
                .iter_mut()
                .find(|s| s.covers(d.code, d.span.start) && !about_itself(s))
            {
                Some(s) => {
                    s.used = true;
                    suppressed_spans.push((d.span.clone(), s.reason.clone()));
                    false
                }
                None => true,
            }
        });
        if let Some(sev) = config.severity_for(&page.markets, &UnusedSuppression::META) {
            for s in directives.suppressions.iter().filter(|s| !s.used) {
                diagnostics.push(Diagnostic {
                    code: UnusedSuppression::META.code,
                    rule: UnusedSuppression::META.name,
                    severity: sev,
                    message: "this suppression suppressed nothing".into(),
                    help: "remove the comment: the finding it was written for no longer occurs"
                        .into(),
                    span: s.span.clone(),
                    labels: vec![],
                    notes: vec![],
                    claim: None,
                    key: String::new(),
                });
            }
        }
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        // Consecutive findings in one sentence share its key.
        let mut last_key: Option<(usize, String)> = None;
        // Sentences by source position (front-matter and alt-text blocks
        // are not in source order).
        let mut by_start: Vec<usize> = (0..findings.sentences.len()).collect();
        by_start.sort_by_key(|&i| findings.sentences[i].span.start);
        for d in &mut diagnostics {
            d.key = match &d.claim {
                Some(c) => bounded(normalize_key(c)),
                None => finding_key(
                    &findings,
                    &by_start,
                    &doc,
                    &source.text,
                    &d.span,
                    &mut last_key,
                ),
            };
        }

        let suppressed_by_span: std::collections::HashMap<(usize, usize), &Option<String>> =
            suppressed_spans
                .iter()
                .map(|(span, r)| ((span.start, span.end), r))
                .collect();
        let claims = findings
            .claims
            .into_iter()
            .map(|claim| {
                let at = claim.trigger_span.start;
                let reported =
                    suppressed_by_span.get(&(claim.trigger_span.start, claim.trigger_span.end));
                // A claim no rule reported (its rule is off, or it is
                // supported) still shows as suppressed under an all-rules
                // directive unless it carries a source.
                let blanket = directives
                    .suppressions
                    .iter()
                    .find(|s| s.codes.is_empty() && s.covers("", at));
                let insufficient = match (claim.tier_needed, claim.tier_found) {
                    (Some(needed), Some(found)) => found < needed,
                    // With a required registry, a source of unknown tier
                    // does not count.
                    (Some(_), None) => policy.require_registry,
                    _ => false,
                };
                let (status, suppression_reason) = match (reported, blanket) {
                    (Some(r), _) => (ClaimStatus::Suppressed, (*r).clone()),
                    _ if !claim.sources.is_empty() && insufficient => {
                        (ClaimStatus::Insufficient, None)
                    }
                    _ if !claim.sources.is_empty() => (ClaimStatus::Supported, None),
                    (None, Some(s)) => (ClaimStatus::Suppressed, s.reason.clone()),
                    (None, None) => (ClaimStatus::Unsupported, None),
                };
                ClaimRecord {
                    claim,
                    status,
                    suppression_reason,
                }
            })
            .collect();
        timings.lap(&mut clock, "suppressions");
        let front_matter_read = doc
            .front_matter
            .as_ref()
            .map(|f| f.fields.iter().map(|x| x.key.clone()).collect())
            .unwrap_or_default();
        Report {
            source,
            diagnostics,
            claims,
            cited_ids: findings.cited_ids,
            front_matter_read,
        }
    }
}

impl Report {
    /// The highest severity among the diagnostics.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// The page settings of `doc` under `config`: front matter over config.
fn page_under(config: &Config, doc: &crate::markdown::Document) -> rules::pack::Page {
    let fm = doc.front_matter.as_ref().map(|f| &f.settings);
    let get = |k: &str| fm.and_then(|s| s.get(k)).cloned().unwrap_or_default();
    let mut markets: Vec<String> = get("markets")
        .iter()
        .flat_map(|v| {
            v.split([',', ' '])
                .map(|m| m.trim().to_lowercase())
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|m| rules::pack::MARKETS.contains(&m.as_str()))
        .collect();
    if markets.is_empty() || config.force_markets {
        markets = config.markets.clone();
    }
    markets.sort();
    markets.dedup();
    let first = |k: &str, allowed: &[&str]| {
        get(k)
            .into_iter()
            .map(|v| v.trim().to_lowercase())
            .find(|v| allowed.contains(&v.as_str()))
    };
    rules::pack::Page {
        markets,
        content: first("content", crate::config::CONTENT_KINDS).or_else(|| config.content.clone()),
        class: first("class", crate::config::CLASSES).or_else(|| config.class.clone()),
    }
}

/// What a finding is about, normalised, for baselines and fingerprints:
/// the sentence it sits in as a reader reads it, else the source lines it
/// spans. Line numbers play no part, so edits elsewhere in the file keep
/// the key; rewording the sentence changes it.
fn finding_key(
    findings: &claims::Findings,
    by_start: &[usize],
    doc: &crate::markdown::Document,
    text: &str,
    span: &Range<usize>,
    memo: &mut Option<(usize, String)>,
) -> String {
    let sentences = &findings.sentences;
    // The last sentence starting at or before the span.
    let i = by_start.partition_point(|&k| sentences[k].span.start <= span.start);
    let found = i
        .checked_sub(1)
        .map(|j| by_start[j])
        .filter(|&j| span.start < sentences[j].span.end.max(sentences[j].span.start + 1));
    if let Some(j) = found {
        if let Some((_, key)) = memo.as_ref().filter(|(k, _)| *k == j) {
            return key.clone();
        }
        let s = &sentences[j];
        if let Some(t) = doc
            .blocks
            .get(s.block)
            .and_then(|b| b.text.get(s.range.clone()))
        {
            let key = bounded(normalize_key(t));
            *memo = Some((j, key.clone()));
            return key;
        }
    }
    // Not in a sentence (a heading-less page, a front-matter key, the
    // registry): the source line, at most a few hundred bytes of it.
    let at = crate::source::floor_char_boundary(text, span.start.min(text.len()));
    let start = text[..at]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(at.saturating_sub(256));
    let start = crate::source::ceil_char_boundary(text, start);
    let end_at =
        crate::source::floor_char_boundary(text, span.end.clamp(at, text.len()).min(at + 256));
    let end = text[end_at..]
        .find('\n')
        .map_or(text.len(), |i| end_at + i)
        .min(end_at + 256);
    let end = crate::source::floor_char_boundary(text, end);
    bounded(normalize_key(text.get(start..end).unwrap_or_default()))
}

/// Keeps keys short: a long sentence keeps its first words and a hash of
/// the whole, so any change to it still changes the key.
fn bounded(key: String) -> String {
    const MAX: usize = 200;
    if key.len() <= MAX {
        return key;
    }
    let cut = crate::source::floor_char_boundary(&key, MAX);
    format!(
        "{} #{:016x}",
        &key[..cut],
        crate::fingerprint::fnv1a(key.as_bytes())
    )
}

/// Lowercase words separated by single spaces: punctuation, Markdown
/// markup and line breaks do not change a key.
pub fn normalize_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| !c.is_alphanumeric() && c != '%') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Where the time went while linting: by stage (`parse`, `claims`,
/// `evidence`, `suppressions`) and by rule code, summed over files. Off by
/// default, when it costs nothing.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    on: bool,
    /// Time per stage or rule code.
    pub spent: std::collections::BTreeMap<&'static str, std::time::Duration>,
}

impl Timings {
    /// Timings that collect.
    pub fn on() -> Timings {
        Timings {
            on: true,
            spent: Default::default(),
        }
    }

    /// Timings that collect nothing.
    pub fn off() -> Timings {
        Timings::default()
    }

    /// Whether this collects.
    pub fn is_on(&self) -> bool {
        self.on
    }

    fn start(&self) -> Option<std::time::Instant> {
        self.on.then(std::time::Instant::now)
    }

    /// Adds the time since `clock` to `what`, and restarts the clock.
    pub fn lap(&mut self, clock: &mut Option<std::time::Instant>, what: &'static str) {
        if let Some(t) = clock {
            let now = std::time::Instant::now();
            *self.spent.entry(what).or_default() += now - *t;
            *t = now;
        }
    }

    /// Adds `d` to `what`.
    pub fn add(&mut self, what: &'static str, d: std::time::Duration) {
        if self.on {
            *self.spent.entry(what).or_default() += d;
        }
    }

    /// Adds another set of timings to this one.
    pub fn merge(&mut self, other: &Timings) {
        for (k, v) in &other.spent {
            *self.spent.entry(k).or_default() += *v;
        }
    }
}
