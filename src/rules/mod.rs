//! Rules: the [`Rule`] trait, rule metadata, and the reviewed registry of
//! code rules.
//!
//! A rule reads a parsed document and the claims found in it, and reports
//! diagnostics through [`Context::report`], which stamps the rule's code,
//! name and configured severity. Every rule has a stable code that is never
//! reused, a kebab-case name that states the problem, a default severity and
//! an explanation with its regulatory source (`claimlint rule NAME`). This
//! module does not decide which rules run; the linter does, from config.

mod inferred_page_kind;
mod insufficient_evidence_tier;
mod invalid_directive;
mod invalid_evidence_registry;
mod invalid_front_matter;
mod malformed_identifier;
pub mod pack;
mod preclinical_evidence_for_human_claim;
mod testimonial_claim;
mod uncited;
mod uncited_efficacy_claim;
mod uncited_hedged_claim;
mod uncited_registry_entry;
mod uncited_safety_claim;
mod uncited_superiority_claim;
mod undefined_footnote_reference;
mod unregistered_source;
mod unused_suppression;

use std::ops::Range;

use crate::claims::Findings;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::markdown::Document;
use crate::page::Market;
use crate::source::SourceFile;

pub use inferred_page_kind::InferredPageKind;
pub use insufficient_evidence_tier::InsufficientEvidenceTier;
pub use invalid_directive::InvalidDirective;
pub use invalid_evidence_registry::InvalidEvidenceRegistry;
pub use invalid_front_matter::InvalidFrontMatter;
pub use malformed_identifier::MalformedIdentifier;
pub use preclinical_evidence_for_human_claim::PreclinicalEvidenceForHumanClaim;
pub use testimonial_claim::TestimonialClaim;
pub use uncited_efficacy_claim::UncitedEfficacyClaim;
pub use uncited_hedged_claim::UncitedHedgedClaim;
pub use uncited_registry_entry::UncitedRegistryEntry;
pub use uncited_safety_claim::UncitedSafetyClaim;
pub use uncited_superiority_claim::UncitedSuperiorityClaim;
pub use undefined_footnote_reference::UndefinedFootnoteReference;
pub use unregistered_source::UnregisteredSource;
pub use unused_suppression::UnusedSuppression;

/// Whether a rule is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// In use.
    Stable,
    /// Retired: the code stays reserved and listed.
    Removed,
}

/// What a rule is, for listings and explanations.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code, e.g. `CL001`.
    pub code: &'static str,
    /// Kebab-case name stating the problem.
    pub name: &'static str,
    /// Severity with no market and no configuration; `None`: off unless a
    /// market or the configuration turns it on.
    pub default: Option<Severity>,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, the regulatory source, and
    /// an example. Lines carry one leading space from doc comments.
    pub explanation: &'static str,
    /// Whether the rule is current.
    pub status: Status,
}

impl RuleMeta {
    /// The explanation with the doc-comment indentation removed.
    pub fn explanation_text(&self) -> String {
        self.explanation
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

/// What a rule sees and where it reports.
pub struct Context<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Its parsed prose.
    pub doc: &'a Document,
    /// Its claims.
    pub findings: &'a Findings,
    /// The page's markets and declared kind.
    pub page: &'a crate::page::Page,
    /// Work shared by every rule on this file, done once when first asked.
    pub shared: &'a Shared,
    meta: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// A context for one rule over one file.
    #[allow(clippy::too_many_arguments)] // one borrow per part of a file's state
    pub fn new(
        file: &'a SourceFile,
        doc: &'a Document,
        findings: &'a Findings,
        page: &'a crate::page::Page,
        shared: &'a Shared,
        meta: &'static RuleMeta,
        severity: Severity,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Context {
            file,
            doc,
            findings,
            page,
            shared,
            meta,
            severity,
            out,
        }
    }

    /// Reports a finding at `span`.
    pub fn report(&mut self, span: Range<usize>, message: String, help: String) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            code: self.meta.code,
            rule: self.meta.name,
            severity: self.severity,
            message,
            help,
            span,
            labels: vec![],
            notes: vec![],
            claim: None,
            key: String::new(),
        });
        self.out.last_mut().expect("just pushed")
    }
}

/// Work on one file that several rules need, done once, on first use: the
/// pack phrase matches of every block, and the file in lower case. Rules
/// share it so the cost of a file does not grow with the number of rules.
/// A pack phrase match: its range in the block, its rule's index, its role.
pub type PackMatch = (Range<usize>, usize, pack::Role);

#[derive(Debug, Default)]
pub struct Shared {
    pack_matches: std::sync::OnceLock<Vec<Vec<PackMatch>>>,
    lower: std::sync::OnceLock<String>,
}

impl Shared {
    /// Every pack phrase match in block `i`: (range, rule index, role).
    pub fn pack_matches(&self, doc: &Document, i: usize) -> &[(Range<usize>, usize, pack::Role)] {
        let all = self.pack_matches.get_or_init(|| {
            doc.blocks
                .iter()
                .map(|b| pack::PACKS.find(&b.text))
                .collect()
        });
        all.get(i).map_or(&[], Vec::as_slice)
    }

    /// The file's text in lower case.
    pub fn lower<'s>(&'s self, file: &SourceFile) -> &'s str {
        self.lower.get_or_init(|| file.text.to_lowercase())
    }
}

/// A lint rule.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Checks one file.
    fn check(&self, ctx: &mut Context<'_>);
}

/// Declares a code rule: a unit struct whose doc comment is the rule's
/// explanation, and its [`RuleMeta`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $sev:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                default: Some($crate::diagnostic::Severity::$sev),
                summary: $summary,
                explanation: concat!($($doc, "\n"),*),
                status: $crate::rules::Status::Stable,
            };
        }
    };
}
pub(crate) use declare_rule;

/// The severity `meta` runs at under `config` on a page targeting
/// `markets` (after the file's `[[overrides]]`, when `config` came from
/// `Config::for_path`), or `None` when it is off: the configuration's
/// setting; else, for CL012, an error when the registry is required; else
/// the strictest market's, or the rule's default with no market. The one
/// answer `check`, `rules` and `config --show` all give.
pub fn severity(config: &Config, markets: &[Market], meta: &RuleMeta) -> Option<Severity> {
    if let Some(s) = config.severities.get(meta.code) {
        return *s;
    }
    if meta.code == UnregisteredSource::META.code && config.policy.require_registry {
        return Some(Severity::Error);
    }
    pack::PACKS.severity_for(markets, meta)
}

/// Every rule: the code rules, then the pack rules, each in code order.
/// Codes are never reused.
pub fn registry() -> &'static [&'static dyn Rule] {
    static ALL: std::sync::LazyLock<Vec<&'static dyn Rule>> = std::sync::LazyLock::new(|| {
        let mut v: Vec<&'static dyn Rule> = code_rules().to_vec();
        v.extend(pack::PACKS.rules.iter().map(|r| *r as &'static dyn Rule));
        v
    });
    &ALL
}

/// The rules implemented in code, in code order.
pub fn code_rules() -> &'static [&'static dyn Rule] {
    &[
        &UncitedEfficacyClaim,
        &UncitedHedgedClaim,
        &UncitedSafetyClaim,
        &UncitedSuperiorityClaim,
        &TestimonialClaim,
        &UndefinedFootnoteReference,
        &UnusedSuppression,
        &InvalidDirective,
        &InvalidFrontMatter,
        &InsufficientEvidenceTier,
        &PreclinicalEvidenceForHumanClaim,
        &UnregisteredSource,
        &MalformedIdentifier,
        &UncitedRegistryEntry,
        &InvalidEvidenceRegistry,
        &InferredPageKind,
    ]
}

/// Metadata of rules that are not run as [`Rule`]s (suppression and
/// directive checks run in the linter itself) are still in [`registry`]:
/// their `check` does nothing. Looks a rule up by code or name.
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    let q = code_or_name.trim();
    registry()
        .iter()
        .map(|r| r.meta())
        .find(|m| m.code.eq_ignore_ascii_case(q) || m.name.eq_ignore_ascii_case(q))
}

/// Every known code and name, for did-you-mean hints.
pub fn all_names() -> Vec<&'static str> {
    registry()
        .iter()
        .flat_map(|r| [r.meta().code, r.meta().name])
        .collect()
}

/// A secondary label.
pub fn label(span: Range<usize>, message: impl Into<String>) -> Label {
    Label {
        span,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented() {
        for rule in registry() {
            let m = rule.meta();
            let text = m.explanation_text();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(text.contains(heading), "{} lacks `{heading}`", m.name);
            }
            assert!(
                !m.summary.is_empty() && !m.summary.ends_with('.'),
                "{}: summary",
                m.name
            );
            // The explanation is Markdown a reader sees: it must parse.
            let arena = comrak::Arena::new();
            let root = comrak::parse_document(&arena, &text, &comrak::Options::default());
            assert!(
                root.children().count() > 3,
                "{}: explanation too short",
                m.name
            );
        }
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in registry() {
            let m = rule.meta();
            assert!(seen.insert(m.code), "duplicate code {}", m.code);
            assert!(seen.insert(m.name), "duplicate name {}", m.name);
            assert!(
                m.code.starts_with("CL")
                    && m.code.len() == 5
                    && m.code[2..].chars().all(|c| c.is_ascii_digit())
            );
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                m.name
            );
            assert_eq!(find(m.code).map(|f| f.name), Some(m.name));
            assert_eq!(find(m.name).map(|f| f.code), Some(m.code));
        }
    }
}
