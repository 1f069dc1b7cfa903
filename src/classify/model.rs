//! The trained decision layer: linear weights over the named features.
//!
//! Owns: reading the weights files, embedded like the lexicon and written
//! by `cargo run --release --example train`: `rules/model.toml`, whose
//! logistic model decides claim or not, and `rules/strength.toml`, whose
//! multinomial model decides the strength of a sentence's relation
//! language (read only when first needed: linting never needs it). Every
//! score is a sum of named weights, so the features that pushed a sentence
//! over or under the line can be listed with their weights.
//! Does not own: computing features (`features`), training (`train`), or
//! the rule verdict the features describe.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{Arc, LazyLock, OnceLock};

use serde::Deserialize;

use super::features::{Feature, key_of_name};
use super::kinds::Strength;

/// The built-in claim weights.
pub const BUILTIN: &str = include_str!("../../rules/model.toml");

/// The built-in strength weights.
pub const BUILTIN_STRENGTH: &str = include_str!("../../rules/strength.toml");

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Errors reading a weights file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The TOML did not parse.
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// A strength weight has the wrong number of classes, or a class is
    /// unknown.
    #[error("bad strength weights: {0}")]
    Strength(String),
}

/// The claim weights file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelSpec {
    /// Where the weights came from.
    pub model: ModelMeta,
    /// The claim decision.
    pub claim: BinarySpec,
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
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MultiSpec {
    /// The classes, in the order of each weight list.
    pub classes: Vec<String>,
    /// One bias per class.
    pub bias: Vec<f64>,
    /// Weights by feature name, one per class.
    pub weights: BTreeMap<String, Vec<f64>>,
}

/// A feature's contribution to a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature's name.
    pub name: Arc<str>,
    /// Its weight.
    pub weight: f32,
    /// The words that gave rise to it, as a byte range of the sentence.
    pub range: Option<Range<usize>>,
}

/// A compiled strength decision.
#[derive(Debug, Clone)]
pub struct StrengthModel {
    classes: Vec<Strength>,
    bias: Vec<f32>,
    /// Row of each feature's weights in `weights`.
    rows: KeyMap<u32>,
    weights: Vec<f32>,
}

/// Compiled weights.
#[derive(Debug, Clone)]
pub struct Model {
    bias: f32,
    threshold: f32,
    rule_margin: f32,
    claim: KeyMap<f32>,
    names: KeyMap<Arc<str>>,
    /// The strength decision, or the text to read it from when first
    /// needed.
    strength: Arc<OnceLock<Option<StrengthModel>>>,
    strength_text: Option<&'static str>,
    /// Where the weights came from.
    pub meta: ModelMeta,
}

static BUILTIN_MODEL: LazyLock<Arc<Model>> = LazyLock::new(|| {
    let mut m = Model::parse(BUILTIN).expect("the built-in weights parse");
    m.strength_text = Some(BUILTIN_STRENGTH);
    Arc::new(m)
});

impl Model {
    /// The built-in weights, read once per process.
    pub fn builtin() -> Arc<Model> {
        BUILTIN_MODEL.clone()
    }

    /// Reads a claim weights file (without a strength decision).
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let spec: ModelSpec = toml::from_str(text)?;
        Ok(Model::from_spec(spec))
    }

    /// Compiles claim weights as written.
    pub fn from_spec(spec: ModelSpec) -> Model {
        let claim = spec
            .claim
            .weights
            .iter()
            .map(|(n, &w)| (key_of_name(n), w as f32))
            .collect();
        let names = spec
            .claim
            .weights
            .keys()
            .map(|n| (key_of_name(n), Arc::from(n.as_str())))
            .collect();
        Model {
            bias: spec.claim.bias as f32,
            threshold: spec.claim.threshold as f32,
            rule_margin: spec.claim.rule_margin as f32,
            claim,
            names,
            strength: Arc::new(OnceLock::new()),
            strength_text: None,
            meta: spec.model,
        }
    }

    /// The same weights with a strength decision.
    pub fn with_strength(mut self, spec: &MultiSpec) -> Result<Model, ModelError> {
        let s = StrengthModel::from_spec(spec)?;
        self.strength = Arc::new(OnceLock::from(Some(s)));
        self.strength_text = None;
        Ok(self)
    }

    /// The claim score (log-odds) of a sentence's feature keys.
    pub(crate) fn claim_score(&self, keys: &[u64]) -> f32 {
        self.bias + keys.iter().filter_map(|k| self.claim.get(k)).sum::<f32>()
    }

    /// The `n` features that weigh most in a claim score, largest effect
    /// first (ties by name), with their token ranges.
    pub(crate) fn claim_parts(
        &self,
        feats: &[Feature],
        n: usize,
    ) -> Vec<(f32, Arc<str>, Option<Range<usize>>)> {
        let mut parts: Vec<(f32, Arc<str>, Option<Range<usize>>)> = feats
            .iter()
            .filter_map(|(k, _, r)| {
                let w = *self.claim.get(k)?;
                Some((w, self.names.get(k)?.clone(), r.clone()))
            })
            .collect();
        parts.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()).then_with(|| a.1.cmp(&b.1)));
        parts.truncate(n);
        parts
    }

    /// The threshold a claim score must exceed.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The threshold for a sentence the rules call a claim: lower by the
    /// rule margin.
    pub fn rule_threshold(&self) -> f32 {
        self.threshold - self.rule_margin
    }

    /// The weight of a feature by name, if it has one.
    pub fn weight(&self, name: &str) -> Option<f32> {
        self.claim.get(&key_of_name(name)).copied()
    }

    /// The most likely strength of a sentence's relation language, when
    /// the weights have a strength decision.
    pub(crate) fn strength(&self, keys: &[u64]) -> Option<Strength> {
        let m = self
            .strength
            .get_or_init(|| {
                let text = self.strength_text?;
                let spec: StrengthSpec = toml::from_str(text).ok()?;
                StrengthModel::from_spec(&spec.strength).ok()
            })
            .as_ref()?;
        m.decide(keys)
    }
}

impl StrengthModel {
    fn from_spec(m: &MultiSpec) -> Result<StrengthModel, ModelError> {
        let classes: Vec<Strength> = m
            .classes
            .iter()
            .map(|c| {
                strength_named(c)
                    .ok_or_else(|| ModelError::Strength(format!("unknown class `{c}`")))
            })
            .collect::<Result<_, _>>()?;
        let k = classes.len();
        if m.bias.len() != k {
            return Err(ModelError::Strength(format!(
                "{} biases for {k} classes",
                m.bias.len()
            )));
        }
        let mut rows = KeyMap::default();
        let mut weights = Vec::with_capacity(m.weights.len() * k);
        for (n, ws) in &m.weights {
            if ws.len() != k {
                return Err(ModelError::Strength(format!(
                    "`{n}` has {} weights for {k} classes",
                    ws.len()
                )));
            }
            let row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
            rows.insert(key_of_name(n), row);
            weights.extend(ws.iter().map(|&w| w as f32));
        }
        Ok(StrengthModel {
            classes,
            bias: m.bias.iter().map(|&b| b as f32).collect(),
            rows,
            weights,
        })
    }

    /// The class with the highest score (the first on a tie).
    fn decide(&self, keys: &[u64]) -> Option<Strength> {
        let k = self.classes.len();
        let mut s = self.bias.clone();
        for key in keys {
            if let Some(&row) = self.rows.get(key) {
                let row = row as usize * k;
                for (a, w) in s.iter_mut().zip(&self.weights[row..row + k]) {
                    *a += w;
                }
            }
        }
        let best = (0..s.len()).fold(0, |b, i| if s[i] > s[b] { i } else { b });
        self.classes.get(best).copied()
    }
}

/// The strength named in output.
pub fn strength_named(name: &str) -> Option<Strength> {
    [
        Strength::None,
        Strength::Correlational,
        Strength::Hedged,
        Strength::Direct,
        Strength::Establishment,
    ]
    .into_iter()
    .find(|s| s.as_str() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_weights_parse_with_their_strength() {
        let m = Model::builtin();
        assert!(m.meta.corpus.starts_with("sha256:"), "{}", m.meta.corpus);
        let spec: StrengthSpec = toml::from_str(BUILTIN_STRENGTH).unwrap();
        assert_eq!(spec.model.corpus, m.meta.corpus, "trained on one corpus");
        assert!(StrengthModel::from_spec(&spec.strength).is_ok());
    }
}
