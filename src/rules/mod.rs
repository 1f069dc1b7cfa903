//! Rules: what a rule is (`rule`), what it sees (`context`), which rules
//! exist (`registry`), at which severity each runs (`severity`), one file
//! per code rule, and the rule packs loaded from `rules/*.toml` (`pack`).
//!
//! A rule reads a parsed document and the claims found in it, and reports
//! diagnostics through [`Context::report`], which stamps the rule's code,
//! name and configured severity. Every rule has a stable code that is never
//! reused, a kebab-case name that states the problem, a default severity and
//! an explanation with its regulatory source (`claimlint rule NAME`). This
//! module only declares and re-exports; the linter decides which rules run.

pub mod context;
pub mod meta;
pub mod pack;
pub mod registry;
pub mod rule;
pub mod severity;

pub mod inferred_page_kind;
pub mod insufficient_evidence_tier;
pub mod invalid_directive;
pub mod invalid_evidence_registry;
pub mod invalid_front_matter;
pub mod malformed_identifier;
pub mod preclinical_evidence_for_human_claim;
pub mod testimonial_claim;
pub mod unchecked_legal_page;
pub mod uncited;
pub mod uncited_efficacy_claim;
pub mod uncited_hedged_claim;
pub mod uncited_registry_entry;
pub mod uncited_safety_claim;
pub mod uncited_superiority_claim;
pub mod undefined_footnote_reference;
pub mod unregistered_source;
pub mod unused_suppression;

pub use context::{Context, PackMatch, Shared, label};
pub use inferred_page_kind::InferredPageKind;
pub use insufficient_evidence_tier::InsufficientEvidenceTier;
pub use invalid_directive::InvalidDirective;
pub use invalid_evidence_registry::InvalidEvidenceRegistry;
pub use invalid_front_matter::InvalidFrontMatter;
pub use malformed_identifier::MalformedIdentifier;
pub use meta::{Phase, RuleMeta, Status};
pub use preclinical_evidence_for_human_claim::PreclinicalEvidenceForHumanClaim;
pub use registry::{all_names, code_rules, find, registry};
pub use rule::Rule;
pub use severity::severity;
pub use testimonial_claim::TestimonialClaim;
pub use unchecked_legal_page::UncheckedLegalPage;
pub use uncited_efficacy_claim::UncitedEfficacyClaim;
pub use uncited_hedged_claim::UncitedHedgedClaim;
pub use uncited_registry_entry::UncitedRegistryEntry;
pub use uncited_safety_claim::UncitedSafetyClaim;
pub use uncited_superiority_claim::UncitedSuperiorityClaim;
pub use undefined_footnote_reference::UndefinedFootnoteReference;
pub use unregistered_source::UnregisteredSource;
pub use unused_suppression::UnusedSuppression;
