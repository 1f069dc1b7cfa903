//! `claimlint.toml` as written: the serde structs, with spans for error
//! messages.
//!
//! Owns the file's shape: every table and key, `deny_unknown_fields` and
//! kebab-case names (no `flatten`, which would defeat both). Does not own
//! what the values mean or whether they are valid (`resolve`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// `claimlint.toml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Severity per rule code or name: error, warning, info or off.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Lexicon extensions.
    #[serde(default)]
    pub lexicon: LexiconConfig,
    /// Front-matter fields read as prose.
    #[serde(default)]
    pub front_matter: FrontMatterConfig,
    /// Which files to check.
    #[serde(default)]
    pub files: FilesConfig,
    /// The evidence registry and policy.
    #[serde(default)]
    pub evidence: EvidenceConfig,
    /// Markets whose rule packs apply: us, uk, eu, sg, au.
    #[serde(default)]
    pub markets: Vec<Spanned<String>>,
    /// What the pages are, when their front matter does not say.
    #[serde(default)]
    pub page: PageConfig,
    /// Config files to build on, relative to this one; this file wins.
    #[serde(default)]
    pub extends: Vec<Spanned<String>>,
    /// Settings for files matching globs (relative to this file's
    /// directory), applied in order.
    #[serde(default)]
    pub overrides: Vec<OverrideConfig>,
}

/// `[[overrides]]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideConfig {
    /// Globs of the files it applies to.
    pub files: Vec<Spanned<String>>,
    /// Markets for those files.
    #[serde(default)]
    pub markets: Option<Vec<Spanned<String>>>,
    /// Rule severities for those files.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Page defaults for those files.
    #[serde(default)]
    pub page: PageConfig,
}

/// `[page]`: defaults for pages whose front matter does not declare them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PageConfig {
    /// `service`, `product` or `editorial`.
    pub content: Option<Spanned<String>>,
    /// `cosmetic`, `device`, `medicine` or `biologic`.
    pub class: Option<Spanned<String>>,
}

/// `[evidence]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EvidenceConfig {
    /// The registry file, relative to `claimlint.toml` (default
    /// `evidence.toml`, used when it exists).
    pub registry: Option<Spanned<String>>,
    /// Sources must be in the registry to count.
    pub require_registry: Option<bool>,
    /// Whether a hedge may lower the tier a claim needs.
    pub hedge_lowers_tier: Option<bool>,
    /// Minimum tiers by kind of claim.
    #[serde(default)]
    pub min_tier: crate::policy::MinTierConfig,
}

/// `[lexicon]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LexiconConfig {
    /// Extra terms per category name.
    #[serde(default)]
    pub extend: BTreeMap<Spanned<String>, Vec<String>>,
    /// Extra regular-expression cues.
    #[serde(default)]
    pub patterns: Vec<PatternConfig>,
}

/// `[[lexicon.patterns]]`: a regular expression that marks a cue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternConfig {
    /// The lexicon category the match belongs to.
    pub category: Spanned<String>,
    /// The pattern (Rust `regex` syntax: linear time, no backtracking).
    pub regex: Spanned<String>,
}

/// `[front-matter]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatterConfig {
    /// `"prose"`: every string value that reads as prose (the default);
    /// `"fields"`: only the selected fields (the default when `fields` is
    /// set).
    pub read: Option<FrontMatterRead>,
    /// Replaces the default field list.
    pub fields: Option<Vec<String>>,
    /// Adds to the field list.
    #[serde(default)]
    pub extend_fields: Vec<String>,
}

/// Which front-matter strings are read as prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrontMatterRead {
    /// Every string value that reads as prose.
    Prose,
    /// Only the selected fields.
    Fields,
}

/// `[files]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilesConfig {
    /// Globs of files to check (default: `.md`, `.markdown`, `.mdx`).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Globs of files and directories to skip.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
}
