//! The weights files' layout as written: `rules/model.toml` (claim and
//! kind decisions) and `rules/strength.toml` (strength decision), as
//! `train` writes them and `serde` reads them (`build.rs` reads the
//! built-in claim weights at build time).
//!
//! Owns: the shape of those files. Does not own: compiling them into
//! decisions (`model`), or writing them (`crate::train`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The claim weights file as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelSpec {
    /// Where the weights came from.
    pub model: ModelMeta,
    /// The claim decision.
    pub claim: BinarySpec,
    /// The kind decision (what a claim promises), when trained; without
    /// it the rules give the kind.
    #[serde(default)]
    pub kind: Option<MultiSpec>,
}

/// The strength weights file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StrengthSpec {
    /// Where the weights came from.
    pub model: ModelMeta,
    /// The strength decision.
    pub strength: MultiSpec,
}

/// Provenance of the weights.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelMeta {
    /// Format version.
    pub format: u32,
    /// The command that wrote the file.
    pub command: String,
    /// SHA-256 of the training corpus (see `train::corpus_digest`).
    pub corpus: String,
    /// Other facts about the training run (counts, settings).
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

/// A binary decision as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BinarySpec {
    /// The weight of the constant feature.
    pub bias: f64,
    /// The decision threshold on the score (a log-odds).
    pub threshold: f64,
    /// How far below the threshold a sentence the rules call a claim may
    /// score and still be one: the weights overrule the rules only when
    /// clearly against them.
    #[serde(default)]
    pub rule_margin: f64,
    /// Weights by feature name.
    pub weights: BTreeMap<String, f64>,
}

/// A multinomial decision as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MultiSpec {
    /// The classes, in the order of each weight list.
    pub classes: Vec<String>,
    /// One bias per class.
    pub bias: Vec<f64>,
    /// Weights by feature name, one per class.
    pub weights: BTreeMap<String, Vec<f64>>,
}
