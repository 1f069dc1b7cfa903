//! The trained decision layer: linear weights over the named features.
//!
//! Owns: reading the weights file (`rules/model.toml`, embedded like the
//! lexicon and written by `cargo run --release --example train`), and
//! scoring a sentence's features: a logistic model decides claim or not,
//! a multinomial one the strength of the relation language. Every score is
//! a sum of named weights, so the features that pushed a sentence over or
//! under the line can be listed with their weights.
//! Does not own: computing features (`features`), training (`train`), or
//! the rule verdict the features describe.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use serde::Deserialize;

use super::Strength;
use super::features::{Feature, Lemmas, key_of_name};

/// The built-in weights.
pub const BUILTIN: &str = include_str!("../../rules/model.toml");

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

/// The weights file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelSpec {
    /// Where the weights came from.
    pub model: ModelMeta,
    /// The claim decision.
    pub claim: BinarySpec,
    /// The strength decision.
    pub strength: Option<MultiSpec>,
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

/// Compiled weights.
#[derive(Debug, Clone)]
pub struct Model {
    claim_bias: f32,
    claim_threshold: f32,
    claim: KeyMap<(f32, Arc<str>)>,
    classes: Vec<Strength>,
    strength_bias: Vec<f32>,
    strength: KeyMap<Vec<f32>>,
    /// Where the weights came from.
    pub meta: ModelMeta,
}

static BUILTIN_MODEL: LazyLock<Arc<Model>> = LazyLock::new(|| {
    Arc::new(Model::parse(BUILTIN).expect("the built-in weights parse"))
});

impl Model {
    /// The built-in weights, parsed once per process.
    pub fn builtin() -> Arc<Model> {
        BUILTIN_MODEL.clone()
    }

    /// Reads a weights file.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let spec: ModelSpec = toml::from_str(text)?;
        Model::from_spec(spec)
    }

    /// Compiles weights as written.
    pub fn from_spec(spec: ModelSpec) -> Result<Model, ModelError> {
        let claim = spec
            .claim
            .weights
            .iter()
            .map(|(n, &w)| (key_of_name(n), (w as f32, Arc::from(n.as_str()))))
            .collect();
        let (classes, strength_bias, strength) = match &spec.strength {
            Some(m) => multi(m)?,
            None => (vec![], vec![], KeyMap::default()),
        };
        Ok(Model {
            claim_bias: spec.claim.bias as f32,
            claim_threshold: spec.claim.threshold as f32,
            claim,
            classes,
            strength_bias,
            strength,
            meta: spec.model,
        })
    }

    /// The claim score (log-odds) of a sentence's features and the
    /// contributions of those with a weight, largest first; ranges are in
    /// tokens.
    pub(crate) fn claim_score(
        &self,
        feats: &[Feature],
        l: &Lemmas,
    ) -> (f32, Vec<(f32, Arc<str>, Option<Range<usize>>)>) {
        let mut sum = self.claim_bias;
        let mut parts = Vec::new();
        for (f, r) in feats {
            if let Some((w, name)) = self.claim.get(&f.key(l)) {
                sum += w;
                parts.push((*w, name.clone(), r.clone()));
            }
        }
        // Largest effect first; ties by name, so output is deterministic.
        parts.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()).then_with(|| a.1.cmp(&b.1)));
        (sum, parts)
    }

    /// The threshold a claim score must exceed.
    pub fn threshold(&self) -> f32 {
        self.claim_threshold
    }

    /// The most likely strength of a sentence's relation language, when
    /// the weights have a strength decision.
    pub(crate) fn strength(&self, feats: &[Feature], l: &Lemmas) -> Option<Strength> {
        if self.classes.is_empty() {
            return None;
        }
        let mut s = self.strength_bias.clone();
        for (f, _) in feats {
            if let Some(ws) = self.strength.get(&f.key(l)) {
                for (a, w) in s.iter_mut().zip(ws) {
                    *a += w;
                }
            }
        }
        let best = (0..s.len()).fold(0, |b, i| if s[i] > s[b] { i } else { b });
        self.classes.get(best).copied()
    }
}

type Multi = (Vec<Strength>, Vec<f32>, KeyMap<Vec<f32>>);

fn multi(m: &MultiSpec) -> Result<Multi, ModelError> {
    let classes: Vec<Strength> = m
        .classes
        .iter()
        .map(|c| {
            strength_named(c).ok_or_else(|| ModelError::Strength(format!("unknown class `{c}`")))
        })
        .collect::<Result<_, _>>()?;
    let k = classes.len();
    if m.bias.len() != k {
        return Err(ModelError::Strength(format!("{} biases for {k} classes", m.bias.len())));
    }
    let mut weights = KeyMap::default();
    for (n, ws) in &m.weights {
        if ws.len() != k {
            return Err(ModelError::Strength(format!("`{n}` has {} weights for {k} classes", ws.len())));
        }
        weights.insert(key_of_name(n), ws.iter().map(|&w| w as f32).collect());
    }
    Ok((classes, m.bias.iter().map(|&b| b as f32).collect(), weights))
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
