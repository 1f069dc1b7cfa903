//! Which rules exist: the reviewed list of code rules, in code order
//! (as ruff's `codes.rs`), and the rule packs' rules after them; lookup by
//! code or name.
//!
//! Owns the list and lookups. Does not own a rule's logic or severity.

use super::inferred_page_kind::InferredPageKind;
use super::insufficient_evidence_tier::InsufficientEvidenceTier;
use super::invalid_directive::InvalidDirective;
use super::invalid_evidence_registry::InvalidEvidenceRegistry;
use super::invalid_front_matter::InvalidFrontMatter;
use super::malformed_identifier::MalformedIdentifier;
use super::meta::RuleMeta;
use super::pack::load::{PACKS, Packs};
use super::preclinical_evidence_for_human_claim::PreclinicalEvidenceForHumanClaim;
use super::rule::Rule;
use super::testimonial_claim::TestimonialClaim;
use super::unchecked_legal_page::UncheckedLegalPage;
use super::uncited_efficacy_claim::UncitedEfficacyClaim;
use super::uncited_hedged_claim::UncitedHedgedClaim;
use super::uncited_registry_entry::UncitedRegistryEntry;
use super::uncited_safety_claim::UncitedSafetyClaim;
use super::uncited_superiority_claim::UncitedSuperiorityClaim;
use super::undefined_footnote_reference::UndefinedFootnoteReference;
use super::unregistered_source::UnregisteredSource;
use super::unused_suppression::UnusedSuppression;

/// Every rule: the code rules, then the pack rules, each in code order.
/// Codes are never reused.
pub fn registry() -> &'static [&'static dyn Rule] {
    static ALL: std::sync::LazyLock<Vec<&'static dyn Rule>> = std::sync::LazyLock::new(|| {
        let mut v: Vec<&'static dyn Rule> = code_rules().to_vec();
        v.extend(PACKS.rules.iter().map(|r| *r as &'static dyn Rule));
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
        &UncheckedLegalPage,
    ]
}

/// Problems with the rule packs: what loading them found, a pack rule
/// named like a code rule, and a market severity naming no rule. Empty
/// for the built-in packs (a test keeps it so).
pub fn problems() -> Vec<String> {
    problems_of(&PACKS)
}

/// [`problems`] for any set of packs (the built-in ones are [`PACKS`]).
pub fn problems_of(packs: &Packs) -> Vec<String> {
    let mut out = packs.problems.clone();
    out.extend(packs.compile_problems());
    let code_names: Vec<&str> = code_rules().iter().map(|r| r.meta().name).collect();
    for r in &packs.rules {
        let m = r.meta();
        if code_names.contains(&m.name) {
            out.push(format!(
                "rules/{}.toml: rule {}: duplicate code or name `{}`",
                r.pack, m.code, m.name
            ));
        }
    }
    let mut names: Vec<&str> = code_rules()
        .iter()
        .flat_map(|r| [r.meta().code, r.meta().name])
        .collect();
    names.extend(
        packs
            .rules
            .iter()
            .flat_map(|r| [r.meta().code, r.meta().name]),
    );
    for (market, table) in &packs.market_severity {
        for rule in table.keys() {
            if !names.contains(&rule.as_str()) {
                out.push(format!(
                    "rules/{market}.toml: [severity] names unknown rule `{rule}`"
                ));
            }
        }
    }
    out
}

/// Looks a rule up by code or name (any case).
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
