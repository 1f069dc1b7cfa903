//! The trained decision layer: linear weights over the named features.
//!
//! Owns: reading the weights files, embedded like the lexicon and written
//! by `cargo run --release --example train`: `rules/model.toml`, whose
//! logistic model decides claim or not and whose multinomial `[kind]`
//! model decides what a claim promises, and `rules/strength.toml`, whose
//! multinomial model decides the strength of a sentence's relation
//! language (read only when first needed: linting never needs it). Every
//! score is a sum of named weights, so the features that pushed a sentence
//! over or under the line can be listed with their weights.
//! Does not own: computing features (`features`), training (`train`), or
//! the rule verdict the features describe.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{Arc, LazyLock, OnceLock};

use super::features::{Feature, key_of_name};
use super::kinds::{Kind, Strength};

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
    /// A strength or kind weight has the wrong number of classes, or a
    /// class is unknown.
    #[error("bad {what} weights: {why}")]
    Classes {
        /// Which decision: `strength` or `kind`.
        what: &'static str,
        /// What is wrong.
        why: String,
    },
}

pub use super::spec::{BinarySpec, ModelMeta, ModelSpec, MultiSpec, StrengthSpec};

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

/// How much a feature favours one class over another, and its name.
pub(crate) type Part = (f32, Arc<str>);

/// A compiled multinomial decision over classes `C` (a strength, a kind).
#[derive(Debug, Clone)]
pub struct MultiModel<C> {
    classes: Vec<C>,
    bias: Vec<f32>,
    /// Row of each feature's weights in `weights`.
    rows: KeyMap<u32>,
    weights: Vec<f32>,
    /// Each feature's name, for explanations.
    names: KeyMap<Arc<str>>,
}

/// A compiled strength decision.
pub type StrengthModel = MultiModel<Strength>;

/// A compiled kind decision.
pub type KindModel = MultiModel<Kind>;

/// Compiled weights.
#[derive(Debug, Clone)]
pub struct Model {
    bias: f32,
    threshold: f32,
    rule_margin: f32,
    claim: KeyMap<f32>,
    names: KeyMap<Arc<str>>,
    kind: Option<KindModel>,
    /// The strength decision, or the text to read it from when first
    /// needed.
    strength: Arc<OnceLock<Option<StrengthModel>>>,
    strength_text: Option<&'static str>,
    /// Where the weights came from.
    pub meta: ModelMeta,
}

static BUILTIN_MODEL: LazyLock<Arc<Model>> = LazyLock::new(|| {
    let mut m = Model::from_tables();
    m.strength_text = Some(BUILTIN_STRENGTH);
    Arc::new(m)
});

/// The built-in weights as `build.rs` keyed them from `rules/model.toml`:
/// no TOML to read and no name to hash at start-up (reading the file was
/// most of the warm-up thread's first milliseconds, which a one-file run
/// waited for). The tests compare them with the file read at run time.
/// (A trained weight may happen to be 0.318 or 0.4343: not π's or e's.)
#[allow(clippy::approx_constant)]
mod tables {
    include!(concat!(env!("OUT_DIR"), "/model_tables.rs"));
}

impl Model {
    /// The built-in weights from the build-time tables.
    fn from_tables() -> Model {
        let kind = (!tables::KIND_CLASSES.is_empty()).then(|| MultiModel {
            classes: tables::KIND_CLASSES
                .iter()
                .map(|c| {
                    Kind::parse(c).expect("a kind (the tables test reads the file and checks it)")
                })
                .collect(),
            bias: tables::KIND_BIAS.to_vec(),
            rows: tables::KIND
                .iter()
                .zip(0..)
                .map(|(r, i)| (r.0, i))
                .collect(),
            weights: tables::KIND
                .iter()
                .flat_map(|r| r.2.iter().copied())
                .collect(),
            names: tables::KIND.iter().map(|r| (r.0, Arc::from(r.1))).collect(),
        });
        Model {
            bias: tables::BIAS as f32,
            threshold: tables::THRESHOLD as f32,
            rule_margin: tables::RULE_MARGIN as f32,
            claim: tables::CLAIM.iter().map(|r| (r.0, r.1)).collect(),
            names: tables::CLAIM
                .iter()
                .map(|r| (r.0, Arc::from(r.2)))
                .collect(),
            kind,
            strength: Arc::new(OnceLock::new()),
            strength_text: None,
            meta: ModelMeta {
                format: tables::FORMAT,
                command: tables::COMMAND.to_string(),
                corpus: tables::CORPUS.to_string(),
                notes: tables::NOTES
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            },
        }
    }
}

impl Model {
    /// The built-in weights, read once per process.
    pub fn builtin() -> Arc<Model> {
        BUILTIN_MODEL.clone()
    }

    /// Reads a claim weights file (without a strength decision).
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let spec: ModelSpec = toml::from_str(text)?;
        Model::from_spec(spec)
    }

    /// Compiles claim (and kind) weights as written.
    pub fn from_spec(spec: ModelSpec) -> Result<Model, ModelError> {
        let kind = match &spec.kind {
            Some(k) => Some(MultiModel::from_spec(k, "kind", Kind::parse)?),
            None => None,
        };
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
        Ok(Model {
            bias: spec.claim.bias as f32,
            threshold: spec.claim.threshold as f32,
            rule_margin: spec.claim.rule_margin as f32,
            claim,
            names,
            kind,
            strength: Arc::new(OnceLock::new()),
            strength_text: None,
            meta: spec.model,
        })
    }

    /// The same weights with a strength decision.
    pub fn with_strength(mut self, spec: &MultiSpec) -> Result<Model, ModelError> {
        let s = MultiModel::from_spec(spec, "strength", strength_named)?;
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
                MultiModel::from_spec(&spec.strength, "strength", strength_named).ok()
            })
            .as_ref()?;
        m.decide(keys)
    }

    /// What a claim with these feature keys promises, when the weights
    /// have a kind decision.
    pub(crate) fn kind(&self, keys: &[u64]) -> Option<Kind> {
        self.kind.as_ref()?.decide(keys)
    }

    /// Why the kind decision chose `chosen` for a claim with these
    /// (distinct) feature keys: the runner-up class (the highest-scoring
    /// other one, the first on a tie, as `decide` breaks ties), and the `n`
    /// features, the bias counted as one named `bias`, that favour
    /// `chosen` most over it, with by how much (largest first, ties by
    /// name). `None` without a kind decision.
    pub(crate) fn kind_parts(
        &self,
        keys: &[u64],
        chosen: Kind,
        n: usize,
    ) -> Option<(Kind, Vec<Part>)> {
        let m = self.kind.as_ref()?;
        let c = m.classes.iter().position(|&k| k == chosen)?;
        let scores = m.scores(keys);
        let r = (0..scores.len())
            .filter(|&i| i != c)
            .reduce(|b, i| if scores[i] > scores[b] { i } else { b })?;
        let bias = (m.bias[c] - m.bias[r], Arc::from("bias"));
        let mut parts: Vec<Part> = keys
            .iter()
            .filter_map(|&k| {
                let ws = m.row(k)?;
                Some((ws[c] - ws[r], m.names.get(&k)?.clone()))
            })
            .chain(std::iter::once(bias))
            .filter(|(d, _)| *d > 0.0)
            .collect();
        parts.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        parts.truncate(n);
        Some((m.classes[r], parts))
    }
}

impl<C: Copy> MultiModel<C> {
    /// Compiles a multinomial decision as written; `named` reads a class
    /// name, `what` names the decision in errors.
    fn from_spec(
        m: &MultiSpec,
        what: &'static str,
        named: impl Fn(&str) -> Option<C>,
    ) -> Result<MultiModel<C>, ModelError> {
        let bad = |why: String| ModelError::Classes { what, why };
        let classes: Vec<C> = m
            .classes
            .iter()
            .map(|c| named(c).ok_or_else(|| bad(format!("unknown class `{c}`"))))
            .collect::<Result<_, _>>()?;
        let k = classes.len();
        if k == 0 || m.bias.len() != k {
            return Err(bad(format!("{} biases for {k} classes", m.bias.len())));
        }
        let mut rows = KeyMap::default();
        let mut names = KeyMap::default();
        let mut weights = Vec::with_capacity(m.weights.len() * k);
        for (n, ws) in &m.weights {
            if ws.len() != k {
                return Err(bad(format!(
                    "`{n}` has {} weights for {k} classes",
                    ws.len()
                )));
            }
            let row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
            let key = key_of_name(n);
            rows.insert(key, row);
            names.insert(key, Arc::from(n.as_str()));
            weights.extend(ws.iter().map(|&w| w as f32));
        }
        Ok(MultiModel {
            classes,
            bias: m.bias.iter().map(|&b| b as f32).collect(),
            rows,
            weights,
            names,
        })
    }

    /// A feature's weights, one per class.
    fn row(&self, key: u64) -> Option<&[f32]> {
        let k = self.classes.len();
        let row = *self.rows.get(&key)? as usize * k;
        Some(&self.weights[row..row + k])
    }

    /// Each class's score for a set of feature keys.
    fn scores(&self, keys: &[u64]) -> Vec<f32> {
        let mut s = self.bias.clone();
        for ws in keys.iter().filter_map(|&key| self.row(key)) {
            for (a, w) in s.iter_mut().zip(ws) {
                *a += w;
            }
        }
        s
    }

    /// The class with the highest score (the first on a tie).
    fn decide(&self, keys: &[u64]) -> Option<C> {
        let s = self.scores(keys);
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
        assert!(MultiModel::from_spec(&spec.strength, "strength", strength_named).is_ok());
    }

    const CLAIM: &str = "[model]\nformat = 1\ncommand = \"t\"\ncorpus = \"\"\n\n[claim]\nbias = 0.0\nthreshold = 0.0\n\n[claim.weights]\n";

    #[test]
    fn kind_weights_are_optional_and_checked() {
        assert!(Model::parse(CLAIM).unwrap().kind(&[]).is_none());
        let bad = format!(
            "{CLAIM}\n[kind]\nclasses = [\"efficacy\", \"sideways\"]\nbias = [0.0, 0.0]\n\n[kind.weights]\n"
        );
        let e = Model::parse(&bad).unwrap_err().to_string();
        assert_eq!(e, "bad kind weights: unknown class `sideways`");
        let short = format!(
            "{CLAIM}\n[kind]\nclasses = [\"efficacy\", \"safety\"]\nbias = [0.0, 0.0]\n\n[kind.weights]\n\"w:gentl\" = [0.5]\n"
        );
        let e = Model::parse(&short).unwrap_err().to_string();
        assert_eq!(e, "bad kind weights: `w:gentl` has 1 weights for 2 classes");
    }

    #[test]
    fn the_kind_with_the_highest_score_wins_and_its_reasons_are_named() {
        let text = format!(
            "{CLAIM}\n[kind]\nclasses = [\"efficacy\", \"safety\", \"superiority\"]\nbias = [0.5, 0.0, 0.0]\n\n[kind.weights]\n\"w:gentl\" = [-0.25, 0.75, 0.0]\n\"w:serum\" = [0.1, 0.0, 0.6]\n"
        );
        let m = Model::parse(&text).unwrap();
        let (gentle, serum) = (key_of_name("w:gentl"), key_of_name("w:serum"));
        assert_eq!(m.kind(&[]), Some(Kind::Efficacy));
        assert_eq!(m.kind(&[gentle]), Some(Kind::Safety));
        // Efficacy 0.35, safety 0.75, superiority 0.6.
        assert_eq!(m.kind(&[gentle, serum]), Some(Kind::Safety));
        let (runner_up, parts) = m.kind_parts(&[gentle, serum], Kind::Safety, 3).unwrap();
        assert_eq!(runner_up, Kind::Superiority);
        assert_eq!(parts, vec![(0.75, Arc::from("w:gentl"))]);
        // The bias is a reason too.
        let (runner_up, parts) = m.kind_parts(&[], Kind::Efficacy, 3).unwrap();
        assert_eq!(runner_up, Kind::Safety, "a tie goes to the first class");
        assert_eq!(parts, vec![(0.5, Arc::from("bias"))]);
    }

    /// The tables `build.rs` keyed give the weights the file gives when
    /// read at run time: every weight, name, kind row and note.
    #[test]
    fn the_build_time_tables_are_the_shipped_weights() {
        let built = Model::from_tables();
        let read = Model::parse(BUILTIN).unwrap();
        assert_eq!(built.claim, read.claim);
        assert_eq!(built.names, read.names);
        assert_eq!(
            (built.bias, built.threshold, built.rule_margin),
            (read.bias, read.threshold, read.rule_margin)
        );
        assert_eq!(built.meta, read.meta);
        let (b, r) = (built.kind.unwrap(), read.kind.unwrap());
        assert_eq!(
            (&b.classes, &b.bias, &b.names),
            (&r.classes, &r.bias, &r.names)
        );
        for &key in r.rows.keys() {
            assert_eq!(b.row(key), r.row(key));
        }
        assert_eq!(b.rows.len(), r.rows.len());
    }

    #[test]
    fn the_shipped_claim_and_kind_tables_have_no_bigrams() {
        // Linting computes no word bigrams (`features::keys`, `full`
        // false) and `classify` does: a bigram weight in either table
        // would make the two disagree about the same sentence.
        let spec: ModelSpec = toml::from_str(BUILTIN).unwrap();
        let kind = spec.kind.expect("the shipped weights decide the kind");
        let names = spec.claim.weights.keys().chain(kind.weights.keys());
        let bigrams: Vec<&String> = names.filter(|n| n.starts_with("w2:")).collect();
        assert!(bigrams.is_empty(), "{bigrams:?}");
    }
}
