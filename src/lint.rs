//! The linter: one configured [`Linter`] turns a file's text into
//! diagnostics and a claims register, in stages, each a short call:
//!
//! parse → page → claims → evidence → rules (document, then findings) →
//! directives → suppressions → keys → statuses
//!
//! and, once per evidence registry, the registry rules. Everything else
//! (the command line, editor integrations) is a client of this; finding
//! files and configurations is `project`'s.

use std::collections::BTreeSet;
use std::path::Path;

use crate::claims::{self, ClaimScan};
use crate::classify::Classifier;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::evidence::registry::Registry;
use crate::lexicon::LexiconError;
use crate::markdown::{self, Document, ParseOptions};
use crate::page::Page;
use crate::register::{self, ClaimRecord};
use crate::rules::context::{Context, Shared, Subject};
use crate::rules::meta::Phase;
use crate::rules::pack::load::PACKS;
use crate::rules::{registry as rule_registry, severity};
use crate::source::SourceFile;
use crate::suppress::{self, Directives};
use crate::timings::Timings;

pub use crate::register::ClaimStatus;

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
    /// The markets the page was checked for.
    pub markets: Vec<crate::page::Market>,
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
    #[error("cannot read evidence registry {path}: it {source}")]
    Registry {
        /// The registry file.
        path: String,
        /// Why it could not be read.
        source: crate::access::ReadError,
    },
}

impl Linter {
    /// Builds, ahead of need, what every linter shares and builds on first
    /// use: the built-in weights, the packs, the filter over their
    /// patterns and the patterns themselves, the claim-finding, number,
    /// source and page-kind patterns, and the built-in lexicon. For a
    /// caller with a spare thread; calling it is never required.
    pub fn warm_up() {
        // Ahead of a one-file run's other thread, which builds the lexicon
        // first (`Linter::new`), then the page-kind and claim-finding
        // patterns (the first stages after the parse) and then meets the
        // rest: the weights (`Linter::new` takes them after the lexicon),
        // the packs and their filter (without which no rule runs), then
        // what a page needs only if its text does: the number and source
        // patterns, and each rule's own patterns. This thread starts with
        // the weights, the packs and the filter, the largest things the
        // other thread would otherwise wait for; the other thread builds
        // the patterns it reaches first itself. The page-kind patterns and
        // the lexicon come last: the other thread has built them by then,
        // and this one would only wait for it.
        drop(crate::classify::model::Model::builtin());
        PACKS.warm_up();
        crate::claims::warm_up();
        crate::classify::warm_up();
        crate::evidence::recognise::warm_up();
        PACKS.warm_up_patterns();
        crate::page::infer::warm_up();
        drop(crate::lexicon::Lexicon::builtin());
    }

    /// Builds a linter: compiles the lexicon (with the configuration's
    /// extra terms and patterns) and reads the evidence registry, if one is
    /// configured. Fails when either cannot be done; linting itself cannot
    /// fail.
    pub fn new(config: Config) -> Result<Linter, LinterError> {
        let classifier = Classifier::new(config.lexicon()?);
        let parse = ParseOptions {
            front_matter_fields: config.front_matter_fields.clone(),
            front_matter_prose: config.front_matter_prose,
            section_bytes: crate::markdown::SECTION_BYTES,
        };
        let registry = match &config.registry {
            Some(p) => Some(std::sync::Arc::new(
                Registry::load(p, config.access.max_registry_bytes).map_err(|source| {
                    LinterError::Registry {
                        path: p.display().to_string(),
                        source,
                    }
                })?,
            )),
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
    pub fn page_of(&self, doc: &crate::markdown::Document) -> crate::page::Page {
        crate::page::Page::resolve(&self.config.page, doc)
    }

    /// The page settings `lint` would use for a file (front matter,
    /// `[[overrides]]` and configuration), and the front-matter settings
    /// that took part, for `claimlint config --show`.
    #[doc(hidden)]
    pub fn page_for_file(
        &self,
        path: &str,
        text: &str,
    ) -> (Config, crate::page::Page, Vec<(String, String)>) {
        let source = SourceFile::new(path, text);
        let doc = markdown::parse(&source, &self.parse);
        let config = self
            .config
            .for_path(std::path::Path::new(path))
            .into_owned();
        let page = crate::page::Page::resolve(&config.page, &doc);
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

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What identifies the configuration and evidence registry in use
    /// (see [`Config::digest`]): for a report's header.
    pub fn config_digest(&self) -> String {
        self.config
            .digest(self.registry.as_deref().map(|r| r.text.as_str()))
    }

    /// The same linter with another classifier (other weights, or the
    /// rules alone): for cross-validation and training.
    #[doc(hidden)]
    pub fn with_classifier(mut self, classifier: Classifier) -> Linter {
        self.classifier = classifier;
        self
    }

    /// The same linter parsing files longer than `bytes` a section at a
    /// time (see [`crate::markdown::SECTION_BYTES`]): for the tests that
    /// hold a sectioned parse to the whole file's.
    #[doc(hidden)]
    pub fn with_section_bytes(mut self, bytes: usize) -> Linter {
        self.parse.section_bytes = bytes;
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
        let config = self.config.for_path(Path::new(path));
        let page = Page::resolve(&config.page, &doc);
        let policy = PACKS.policy_for(&page.markets, &config.policy);
        let mut findings = self.claims(&doc, &source.text, &page);
        timings.lap(&mut clock, "claims");
        let registry = self.registry.as_deref();
        crate::evidence::attach::resolve(&mut findings, &doc, &source.text, registry, &policy);
        timings.lap(&mut clock, "evidence");
        let file = FileState {
            config: &config,
            source: &source,
            doc: &doc,
            findings: &findings,
            page: &page,
        };
        let (diagnostics, directives, suppressed) = file.run_rules(timings);
        let mut clock = timings.start();
        let claims = register::records(findings.claims, &suppressed, &directives, &policy);
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
            markets: page.markets,
        }
    }

    /// The claims stage: every sentence classified, claims found; none on
    /// a legal page (privacy, terms), which is not read for claims.
    fn claims(&self, doc: &Document, text: &str, page: &Page) -> ClaimScan {
        if page.is_legal() {
            ClaimScan::default()
        } else {
            claims::find(doc, text, &self.classifier)
        }
    }

    /// The findings about the evidence registry itself, as a report on
    /// `display_path` (its problems, malformed identifiers and, when
    /// `cited` says which ids the run's pages cite, the entries none
    /// does); `None` without a registry or without findings.
    #[doc(hidden)]
    pub fn lint_registry(
        &self,
        display_path: &str,
        cited: Option<&BTreeSet<String>>,
    ) -> Option<Report> {
        let reg = self.registry.as_deref()?;
        let source = SourceFile::new(display_path, reg.text.clone());
        let (doc, findings, page, shared) = (
            Document::default(),
            ClaimScan::default(),
            Page::default(),
            Shared::default(),
        );
        let subject = Subject {
            file: &source,
            doc: &doc,
            findings: &findings,
            page: &page,
            shared: &shared,
            directives: None,
            registry: Some(reg),
            cited,
        };
        let mut diagnostics = Vec::new();
        run_phase(
            Phase::Registry,
            &self.config,
            subject,
            &mut diagnostics,
            &mut Timings::off(),
        );
        diagnostics.sort_by_key(|d| d.span.start);
        (!diagnostics.is_empty()).then_some(Report {
            source,
            diagnostics,
            claims: vec![],
            cited_ids: vec![],
            front_matter_read: vec![],
            markets: vec![],
        })
    }
}

/// What the rules stages give: the findings, the directives, and the
/// spans and reasons of what the directives suppressed.
type RulesOutput = (
    Vec<Diagnostic>,
    Directives,
    Vec<(std::ops::Range<usize>, String)>,
);

/// One file between the evidence and statuses stages: what the rules see.
struct FileState<'a> {
    config: &'a Config,
    source: &'a SourceFile,
    doc: &'a Document,
    findings: &'a ClaimScan,
    page: &'a Page,
}

impl FileState<'_> {
    /// The rules stages: document and findings rules, the directives,
    /// suppressions, unused suppressions, then keys. Returns the findings
    /// (sorted by position), the directives and what they suppressed.
    fn run_rules(&self, timings: &mut Timings) -> RulesOutput {
        // The rules' shared scans are dropped before the sort, which on a
        // page with a million findings is where memory peaks; sorting by a
        // cached key moves the findings in place, where a stable sort of
        // the findings themselves would take half their size again.
        let (mut out, directives, suppressed) = self.run_phases(timings);
        // Room reserved for findings that did not come (cited claims)
        // would stay with the report.
        if out.capacity() > 2 * out.len() + 16 {
            out.shrink_to_fit();
        }
        out.sort_by_cached_key(|d| (d.span.start, d.span.end, d.code));
        crate::keys::assign(&mut out, self.findings, self.doc, &self.source.text);
        (out, directives, suppressed)
    }

    /// The rule phases and directives of [`FileState::run_rules`], their
    /// findings unsorted.
    fn run_phases(&self, timings: &mut Timings) -> RulesOutput {
        let shared = Shared::default();
        self.time_pack_phrases(&shared, timings);
        let subject = Subject {
            file: self.source,
            doc: self.doc,
            findings: self.findings,
            page: self.page,
            shared: &shared,
            directives: None,
            registry: None,
            cited: None,
        };
        // About one finding per claim: reserved, so that a page with a
        // million claims does not hold its findings twice over while the
        // list doubles.
        let mut out = Vec::with_capacity(self.findings.claims.len());
        // A legal page runs only the note that says it was not checked.
        let checked = !self.page.is_legal();
        let phases: &[Phase] = if checked {
            &[Phase::Document, Phase::Findings]
        } else {
            &[Phase::Unchecked]
        };
        for &phase in phases {
            run_phase(phase, self.config, subject, &mut out, timings);
        }
        let (directives, suppressed) = self.directives(subject, checked, &mut out, timings);
        (out, directives, suppressed)
    }

    /// With `--timings`, the one scan for every pack's phrases and the one
    /// for which of their patterns can match, which the first pack rule
    /// would otherwise be charged with.
    fn time_pack_phrases(&self, shared: &Shared, timings: &mut Timings) {
        if timings.is_on() && !self.doc.blocks.is_empty() {
            let mut clock = timings.start();
            shared.pack_matches(self.doc, 0);
            timings.lap(&mut clock, "pack phrases");
            shared.pattern_hits(self.doc, 0);
            timings.lap(&mut clock, "pack pattern filter");
        }
    }

    /// The directive stages: the rules on `claimlint-…` and `evidence:`
    /// comments, suppressions applied to `out`, then (on a checked page)
    /// the rules on which suppressions were used.
    #[allow(clippy::type_complexity)] // the directives and what they suppressed
    fn directives(
        &self,
        subject: Subject<'_>,
        checked: bool,
        out: &mut Vec<Diagnostic>,
        timings: &mut Timings,
    ) -> (Directives, Vec<(std::ops::Range<usize>, String)>) {
        let mut directives = suppress::parse(self.source, &self.doc.comments);
        let reading = Subject {
            directives: Some(&directives),
            ..subject
        };
        run_phase(Phase::Directives, self.config, reading, out, timings);
        let suppressed = suppress::apply(&mut directives, out);
        if checked {
            let applied = Subject {
                directives: Some(&directives),
                ..subject
            };
            run_phase(Phase::Suppressions, self.config, applied, out, timings);
        }
        (directives, suppressed)
    }
}

/// Runs every rule of `phase` that is on under `config` for the page's
/// markets, reporting into `out`, each timed by its code.
fn run_phase(
    phase: Phase,
    config: &Config,
    subject: Subject<'_>,
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) {
    let mut clock = timings.start();
    for rule in rule_registry::registry() {
        if !rule.phases().contains(&phase) {
            continue;
        }
        let Some(sev) = severity::severity(config, &subject.page.markets, rule.meta()) else {
            continue;
        };
        let mut ctx = Context::new(subject, phase, rule.meta(), sev, out);
        rule.check(&mut ctx);
        timings.lap(&mut clock, rule.meta().code);
    }
}

impl Report {
    /// The highest severity among the diagnostics.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}
