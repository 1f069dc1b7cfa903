//! A rule pack as written: the TOML schema of `rules/*.toml`, and the
//! built-in packs embedded in the binary.
//!
//! Owns the file's shape (`deny_unknown_fields`, kebab-case). Does not own
//! validating or compiling it (`load`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The built-in packs, embedded: (name, TOML).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("core", include_str!("../../../rules/core.toml")),
    ("us", include_str!("../../../rules/us.toml")),
    ("uk", include_str!("../../../rules/uk.toml")),
    ("eu", include_str!("../../../rules/eu.toml")),
    ("sg", include_str!("../../../rules/sg.toml")),
    ("au", include_str!("../../../rules/au.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackFile {
    pub(super) pack: PackHeader,
    #[serde(default)]
    pub(super) rule: Vec<RuleSpec>,
    #[serde(default)]
    pub(super) severity: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) policy: Option<crate::evidence::policy::MinTierConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackHeader {
    pub(super) name: String,
    pub(super) prefix: String,
    pub(super) description: String,
}

/// How a pack rule finds its matches (`kind` in the TOML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detect {
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
pub(super) struct RuleSpec {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) severity: String,
    pub(super) kind: Detect,
    #[serde(default)]
    pub(super) terms: Vec<String>,
    #[serde(default)]
    pub(super) patterns: Vec<String>,
    #[serde(default)]
    pub(super) exceptions: Vec<String>,
    #[serde(default)]
    pub(super) requires: Vec<String>,
    #[serde(default)]
    pub(super) requires_category: Option<String>,
    #[serde(default)]
    pub(super) claim_only: bool,
    #[serde(default)]
    pub(super) skip_negated: bool,
    #[serde(default)]
    pub(super) skip_doubted: bool,
    #[serde(default)]
    pub(super) unless_document: Vec<String>,
    #[serde(default)]
    pub(super) if_document: Vec<String>,
    #[serde(default)]
    pub(super) content: Vec<String>,
    #[serde(default)]
    pub(super) class: Vec<String>,
    // Context filters (see `ContextFilters`).
    #[serde(default)]
    pub(super) medicines: Vec<String>,
    #[serde(default)]
    pub(super) subject_not_medicine: bool,
    #[serde(default)]
    pub(super) approval_label: bool,
    #[serde(default)]
    pub(super) uncited: bool,
    #[serde(default)]
    pub(super) not_claim: bool,
    #[serde(default)]
    pub(super) requires_medicine: bool,
    #[serde(default)]
    pub(super) prose_needs_image: bool,
    #[serde(default)]
    pub(super) not_testimonial: bool,
    #[serde(default)]
    pub(super) include_questions: bool,
    pub(super) summary: String,
    pub(super) message: String,
    pub(super) help: String,
    pub(super) explanation: String,
    #[serde(default)]
    pub(super) example: Vec<ExampleSpec>,
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

impl RuleSpec {
    pub(super) fn explanation_headings(&self) -> Vec<&'static str> {
        ["## What it does", "## Why is this bad?", "## Example"]
            .into_iter()
            .filter(|h| !self.explanation.contains(h))
            .collect()
    }
}
