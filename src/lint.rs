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
use crate::rules::{self, Context, InvalidDirective, UnusedSuppression};
use crate::source::SourceFile;
use crate::suppress;

/// The status of a claim in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    /// Carries a source.
    Supported,
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
    /// The file as read.
    pub source: SourceFile,
    /// Diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Every claim found, in order.
    pub claims: Vec<ClaimRecord>,
}

/// A configured linter.
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
}

impl Linter {
    /// Builds a linter; fails only when the configured lexicon does not
    /// compile.
    pub fn new(config: Config) -> Result<Linter, LexiconError> {
        let classifier = Classifier::new(config.lexicon()?);
        let parse = ParseOptions { front_matter_fields: config.front_matter_fields.clone() };
        Ok(Linter { config, classifier, parse })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The claim classifier in use.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// Lints one file's text. `path` is only used in the report.
    pub fn lint(&self, path: &str, text: &str) -> Report {
        let source = SourceFile::new(path, text);
        let doc = markdown::parse(&source, &self.parse);
        let findings = claims::find(&doc, &source.text, &self.classifier);
        let mut diagnostics = Vec::new();
        for rule in rules::registry() {
            let Some(sev) = self.config.severity(rule.meta()) else { continue };
            let mut ctx = Context::new(&source, &doc, &findings, rule.meta(), sev, &mut diagnostics);
            rule.check(&mut ctx);
        }
        let mut directives = suppress::parse(&source, &doc.comments);
        if let Some(sev) = self.config.severity(&InvalidDirective::META) {
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
            let about_itself = |s: &suppress::Suppression| d.code == InvalidDirective::META.code && d.span == s.span;
            match directives.suppressions.iter_mut().find(|s| s.covers(d.code, d.span.start) && !about_itself(s)) {
                Some(s) => {
                    s.used = true;
                    suppressed_spans.push((d.span.clone(), s.reason.clone()));
                    false
                }
                None => true,
            }
        });
        if let Some(sev) = self.config.severity(&UnusedSuppression::META) {
            for s in directives.suppressions.iter().filter(|s| !s.used) {
                diagnostics.push(Diagnostic {
                    code: UnusedSuppression::META.code,
                    rule: UnusedSuppression::META.name,
                    severity: sev,
                    message: "this suppression suppressed nothing".into(),
                    help: "remove the comment: the finding it was written for no longer occurs".into(),
                    span: s.span.clone(),
                    labels: vec![],
                    notes: vec![],
                    claim: None,
                });
            }
        }
        diagnostics.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));

        let claims = findings
            .claims
            .into_iter()
            .map(|claim| {
                let at = claim.trigger_span.start;
                let reported = suppressed_spans.iter().find(|(span, _)| *span == claim.trigger_span);
                // A claim no rule reported (its rule is off, or it is
                // supported) still shows as suppressed under an all-rules
                // directive unless it carries a source.
                let blanket = directives.suppressions.iter().find(|s| s.codes.is_empty() && s.covers("", at));
                let (status, suppression_reason) = match (reported, blanket) {
                    (Some((_, r)), _) => (ClaimStatus::Suppressed, r.clone()),
                    _ if !claim.sources.is_empty() => (ClaimStatus::Supported, None),
                    (None, Some(s)) => (ClaimStatus::Suppressed, s.reason.clone()),
                    (None, None) => (ClaimStatus::Unsupported, None),
                };
                ClaimRecord { claim, status, suppression_reason }
            })
            .collect();
        Report { source, diagnostics, claims }
    }
}

impl Report {
    /// The highest severity among the diagnostics.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}
