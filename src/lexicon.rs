//! The claim-detection lexicon: categories of cue phrases, loaded from
//! `rules/lexicon.toml` (embedded) plus the user's extensions, compiled
//! into one trie (`phrase_trie`; an Aho–Corasick automaton when a user
//! phrase is long).
//!
//! Work is linear in the text however many terms there are: one pass finds
//! every cue of every category. A phrase may belong to several categories
//! ("redness" is both a thing to reduce and a side effect); the match carries
//! all of them. This module only finds cues; `classify` interprets them.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use serde::Deserialize;

/// The built-in lexicon.
pub const BUILTIN: &str = include_str!("../rules/lexicon.toml");

macro_rules! categories {
    ($($variant:ident => $name:literal,)*) => {
        /// A kind of cue; each is a `[category.NAME]` of `lexicon.toml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        #[allow(missing_docs)]
        pub enum Cat { $($variant,)* }

        impl Cat {
            /// Every category, in declaration order.
            pub const ALL: &'static [Cat] = &[$(Cat::$variant,)*];

            // A CatSet is a u64 bitset: at most 64 categories.
            const _FITS: () = assert!(Cat::ALL.len() <= 64);

            /// The category's name in `lexicon.toml`.
            pub fn name(self) -> &'static str {
                match self { $(Cat::$variant => $name,)* }
            }

            /// Looks a category up by its TOML name.
            pub fn from_name(name: &str) -> Option<Cat> {
                match name { $($name => Some(Cat::$variant),)* _ => None }
            }
        }
    };
}

categories! {
    VerbUp => "verb-up",
    VerbDown => "verb-down",
    VerbGood => "verb-good",
    VerbCause => "verb-cause",
    VerbGive => "verb-give",
    Work => "verb-work",
    CausalNoun => "causal-noun",
    WorkWeak => "work-weak",
    TargetGood => "target-good",
    TargetBad => "target-bad",
    Result => "result",
    Comparative => "comparative",
    Establishment => "establishment",
    EstablishmentAlone => "establishment-alone",
    Hedge => "hedge",
    Correlation => "correlation",
    Negation => "negation",
    NegationClause => "negation-clause",
    PseudoNegation => "pseudo-negation",
    Termination => "termination",
    Neutral => "neutral",
    Doubt => "doubt",
    Safety => "safety",
    Harm => "harm",
    Superiority => "superiority",
    BodyOwn => "body-own",
    Preclinical => "preclinical",
    Approval => "approval",
    Ingredient => "ingredient",
    Sensory => "sensory",
    FirstPerson => "first-person",
    Booster => "booster",
    Permission => "permission",
    Purpose => "purpose",
    Instruction => "instruction",
    ResearchNeed => "research-need",
    Product => "product",
}

macro_rules! word_lists {
    ($($variant:ident => $name:literal,)*) => {
        /// A closed list of words the detector's syntax reads; each is a
        /// `[words.NAME]` of `lexicon.toml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        #[allow(missing_docs)]
        pub enum W { $($variant,)* }

        impl W {
            /// Every list, in declaration order.
            pub const ALL: &'static [W] = &[$(W::$variant,)*];

            // A word's lists are a u64 bitset: at most 64 lists.
            const _FITS: () = assert!(W::ALL.len() <= 64);

            /// The list's name in `lexicon.toml`.
            pub fn name(self) -> &'static str {
                match self { $(W::$variant => $name,)* }
            }

            /// Looks a list up by its TOML name.
            pub fn from_name(name: &str) -> Option<W> {
                match name { $($name => Some(W::$variant),)* _ => None }
            }

            /// The list's bit in a [`Words::mask`].
            pub const fn bit(self) -> u64 {
                1 << self as u64
            }
        }
    };
}

word_lists! {
    AdjContext => "adj-context",
    NounContext => "noun-context",
    AuxAfter => "aux-after",
    ToNotPurpose => "to-not-purpose",
    PassiveAux => "passive-aux",
    IngNounContext => "ing-noun-context",
    Subordinator => "subordinator",
    ClauseOpener => "clause-opener",
    ComparativeVerb => "comparative-verb",
    VerbLicensor => "verb-licensor",
    StativeParticiple => "stative-participle",
    StativeNext => "stative-next",
    Concentration => "concentration",
    ObjectStart => "object-start",
    AttributiveBefore => "attributive-before",
    NominalSuffix => "nominal-suffix",
    NominalVerb => "nominal-verb",
    LookVerb => "look-verb",
    NarrowHedge => "narrow-hedge",
    HedgeAdjective => "hedge-adjective",
    MeasureNoun => "measure-noun",
    BareParticipleNext => "bare-participle-next",
    NeutralCauseStem => "neutral-cause-stem",
    HelpVerb => "help-verb",
    TopicNoun => "topic-noun",
    WorkTopic => "work-topic",
    WorkPredicate => "work-predicate",
    WhTopic => "wh-topic",
    PredicativeEfficacy => "predicative-efficacy",
    GenericOutcome => "generic-outcome",
    Decreasing => "decreasing",
    WeakSuperlative => "weak-superlative",
    QuestionAux => "question-aux",
    WhWord => "wh-word",
    PotentialWord => "potential-word",
    ComparativeBlocker => "comparative-blocker",
    AssociationVerbPrefix => "association-verb-prefix",
    AssociationPrefix => "association-prefix",
    RiskNoun => "risk-noun",
    RiskModifier => "risk-modifier",
    RiskHead => "risk-head",
    PossibilityModal => "possibility-modal",
    UseVerb => "use-verb",
    Pronoun => "pronoun",
    GenericIngredient => "generic-ingredient",
    BodyWord => "body-word",
    ProductType => "product-type",
    FirstPerson => "first-person",
    OwnOutcome => "own-outcome",
    SpeculativeHedge => "speculative-hedge",
    We => "we",
    You => "you",
    TimeUnit => "time-unit",
    NotSuperlative => "not-superlative",
}

/// A set of categories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CatSet(u64);

impl CatSet {
    /// Adds a category.
    pub fn insert(&mut self, c: Cat) {
        self.0 |= 1 << c as u64;
    }
    /// Whether the set holds `c`.
    pub fn has(self, c: Cat) -> bool {
        self.0 & (1 << c as u64) != 0
    }
    /// The categories of both sets.
    pub fn union(self, other: CatSet) -> CatSet {
        CatSet(self.0 | other.0)
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The categories in the set, in declaration order: one step per
    /// category present, not per category there is.
    pub fn iter(self) -> impl Iterator<Item = Cat> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Cat::ALL[i]
            })
        })
    }
}

pub use crate::inflect::{Inflect, variants};

/// Reads an `inflect` value by its kebab-case name.
fn inflect_named<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Inflect, D::Error> {
    let name = String::deserialize(d)?;
    Inflect::from_name(&name)
        .ok_or_else(|| serde::de::Error::unknown_variant(&name, Inflect::NAMES))
}

/// One category as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CategorySpec {
    /// What the category means, shown by `classify`.
    pub description: String,
    /// How to inflect its terms.
    #[serde(default, deserialize_with = "inflect_named")]
    pub inflect: Inflect,
    /// The phrases.
    pub terms: Vec<String>,
}

/// One word list as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WordListSpec {
    /// What the list is for.
    pub description: String,
    /// The words, lowercase, matched exactly.
    pub terms: Vec<String>,
}

/// The lexicon file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    /// Categories by name.
    pub category: BTreeMap<String, CategorySpec>,
    /// Word lists by name.
    #[serde(default)]
    pub words: BTreeMap<String, WordListSpec>,
}

/// A fast, non-cryptographic hasher (FxHash) for the small string and
/// integer keys the detector looks up per token. Lookups are on the hot
/// path (every token of every sentence); SipHash's resistance to
/// collisions chosen by an attacker buys nothing for a fixed word list.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u64(&mut self, n: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(K);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FxHasher`]s.
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// The word lists: each word with the set of lists it is in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words {
    masks: std::collections::HashMap<Box<str>, u64, FxBuild>,
    lists: Vec<Vec<String>>,
}

impl Words {
    /// The lists, each a name and its words.
    fn from_lists<'a, T: Iterator<Item = &'a str>>(
        lists: impl Iterator<Item = (&'a str, T)>,
    ) -> Result<Words, LexiconError> {
        let mut w = Words {
            masks: Default::default(),
            lists: vec![Vec::new(); W::ALL.len()],
        };
        for (name, terms) in lists {
            let l = W::from_name(name).ok_or_else(|| unknown_list(name))?;
            for t in terms {
                *w.masks.entry(t.into()).or_default() |= l.bit();
                w.lists[l as usize].push(t.to_string());
            }
        }
        Ok(w)
    }

    /// The lists `word` (lowercase) is in, as a bitset of [`W::bit`]s.
    pub fn mask(&self, word: &str) -> u64 {
        self.masks.get(word).copied().unwrap_or(0)
    }

    /// Whether `word` (lowercase) is in list `l`.
    pub fn has(&self, word: &str, l: W) -> bool {
        self.mask(word) & l.bit() != 0
    }

    /// The words of list `l`, as written.
    pub fn terms(&self, l: W) -> &[String] {
        &self.lists[l as usize]
    }

    /// Whether `word` starts with any word of list `l`.
    pub fn has_prefix(&self, word: &str, l: W) -> bool {
        self.terms(l).iter().any(|p| word.starts_with(p.as_str()))
    }

    /// Whether `word` ends with any word of list `l`.
    pub fn has_suffix(&self, word: &str, l: W) -> bool {
        self.terms(l).iter().any(|p| word.ends_with(p.as_str()))
    }
}

/// Errors building a lexicon.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The TOML did not parse.
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// A category name is unknown.
    #[error("unknown lexicon category `{name}`{hint}")]
    UnknownCategory {
        /// The name given.
        name: String,
        /// A did-you-mean hint, possibly empty.
        hint: String,
    },
    /// A word-list name is unknown.
    #[error("unknown lexicon word list `{name}`{hint}")]
    UnknownWordList {
        /// The name given.
        name: String,
        /// A did-you-mean hint, possibly empty.
        hint: String,
    },
    /// The automaton could not be built.
    #[error("cannot compile lexicon: {0}")]
    Build(String),
}

/// A cue found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    /// Byte range in the text searched.
    pub range: Range<usize>,
    /// Categories of the phrase.
    pub cats: CatSet,
    /// The categories only the user's lexicon extension gives the phrase.
    pub user: CatSet,
}

/// The longest pattern compiled, in bytes. Real patterns are a few dozen
/// bytes; parsing a multi-megabyte one before the size limit rejects it
/// took over a minute and a gigabyte.
pub const MAX_PATTERN_LEN: usize = 4096;

/// Compiles a user pattern: case-insensitive, with length and size limits
/// so a pathological pattern is rejected at once instead of exhausting
/// time or memory. The regex crate matches in linear time.
pub fn compile_pattern(p: &str) -> Result<regex::Regex, String> {
    if p.len() > MAX_PATTERN_LEN {
        return Err(format!(
            "the pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}",
            p.len()
        ));
    }
    regex::RegexBuilder::new(p)
        .case_insensitive(true)
        .size_limit(crate::lazy_regex::SIZE_LIMIT)
        .dfa_size_limit(crate::lazy_regex::SIZE_LIMIT)
        .nest_limit(crate::lazy_regex::NEST_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// The longest phrase the trie takes: its search walks at most this far
/// from each position of the text, so the work stays linear. The built-in
/// phrases are under 45 bytes; a longer user phrase selects the automaton.
const TRIE_MAX_PHRASE: usize = 64;

/// How the phrases are found, leftmost-longest (the same matches either
/// way; `phrase_trie`'s tests compare them): a trie, which builds in a
/// sixth of the time and searches short phrases about as fast, or, when a
/// phrase is long, an Aho–Corasick automaton, whose search is linear
/// however long the phrases are.
#[derive(Debug, Clone)]
enum Phrases {
    /// Shared: a linter per configuration clones the built-in lexicon.
    Trie(std::sync::Arc<crate::phrase_trie::PhraseTrie>),
    Automaton(AhoCorasick),
}

impl Phrases {
    fn new<S: AsRef<[u8]>>(patterns: &[S]) -> Result<Phrases, LexiconError> {
        if patterns.iter().all(|p| p.as_ref().len() <= TRIE_MAX_PHRASE) {
            return Ok(Phrases::Trie(std::sync::Arc::new(
                crate::phrase_trie::PhraseTrie::new(patterns),
            )));
        }
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns)
            .map(Phrases::Automaton)
            .map_err(|e| LexiconError::Build(e.to_string()))
    }

    /// The leftmost-longest phrase at or after `from`.
    fn find(&self, hay: &str, from: usize) -> Option<crate::phrase_trie::PhraseMatch> {
        match self {
            Phrases::Trie(t) => t.find(hay.as_bytes(), from),
            Phrases::Automaton(ac) => ac.find(Input::new(hay).span(from..hay.len())).map(|m| {
                crate::phrase_trie::PhraseMatch {
                    start: m.start(),
                    end: m.end(),
                    phrase: m.pattern().as_usize(),
                }
            }),
        }
    }
}

/// The built-in lexicon as `build.rs` expanded it from
/// `rules/lexicon.toml`: `CATEGORIES`, `PHRASES` (sorted, each with its
/// categories as bits of `CATEGORIES`) and `WORD_LISTS`.
mod tables {
    include!(concat!(env!("OUT_DIR"), "/lexicon_tables.rs"));
}

/// The built-in lexicon, built on first use: a configuration that adds no
/// cue shares it.
static BUILTIN_LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(|| {
    Lexicon::expanded().unwrap_or_else(|e| panic!("rules/lexicon.toml: {e}"))
});

/// A compiled lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    phrases: Phrases,
    patterns: Vec<(CatSet, regex::Regex)>,
    pattern_cats: Vec<CatSet>,
    pattern_user: Vec<CatSet>,
    descriptions: BTreeMap<Cat, String>,
    words: std::sync::Arc<Words>,
    /// Number of distinct phrases compiled.
    pub phrase_count: usize,
}

impl Lexicon {
    /// The built-in lexicon (built once; a clone shares its automaton).
    pub fn builtin() -> Lexicon {
        BUILTIN_LEXICON.clone()
    }

    /// Builds the built-in lexicon extended with `extra` terms per category
    /// name.
    pub fn build(extra: &BTreeMap<String, Vec<String>>) -> Result<Lexicon, LexiconError> {
        Lexicon::build_with_patterns(extra, &[])
    }

    /// Like [`Lexicon::build`], with extra regular-expression cues given as
    /// (category name, pattern).
    pub fn build_with_patterns(
        extra: &BTreeMap<String, Vec<String>>,
        patterns: &[(String, String)],
    ) -> Result<Lexicon, LexiconError> {
        if extra.is_empty() && patterns.is_empty() {
            return Ok(Lexicon::builtin());
        }
        Lexicon::compile(extra, patterns)
    }

    /// The built-in lexicon from the tables `build.rs` expanded: no TOML
    /// to parse and no term to inflect at run time (a tenth of a one-file
    /// run). The tests check it against [`Lexicon::compile`].
    fn expanded() -> Result<Lexicon, LexiconError> {
        let cats = tables::CATEGORIES
            .iter()
            .map(|(name, _)| Cat::from_name(name).ok_or_else(|| unknown(name)))
            .collect::<Result<Vec<Cat>, _>>()?;
        let descriptions = cats
            .iter()
            .zip(tables::CATEGORIES)
            .map(|(c, (_, d))| (*c, (*d).to_string()))
            .collect();
        let patterns: Vec<&str> = tables::PHRASES.iter().map(|(p, _)| *p).collect();
        let pattern_cats: Vec<CatSet> = tables::PHRASES
            .iter()
            .map(|(_, bits)| {
                let mut set = CatSet::default();
                for (i, c) in cats.iter().enumerate() {
                    if bits & (1 << i) != 0 {
                        set.insert(*c);
                    }
                }
                set
            })
            .collect();
        let words = tables::WORD_LISTS
            .iter()
            .map(|(n, t)| (*n, t.iter().copied()));
        Ok(Lexicon {
            phrases: Phrases::new(&patterns)?,
            words: std::sync::Arc::new(Words::from_lists(words)?),
            patterns: Vec::new(),
            phrase_count: patterns.len(),
            pattern_user: vec![CatSet::default(); pattern_cats.len()],
            pattern_cats,
            descriptions,
        })
    }

    fn compile(
        extra: &BTreeMap<String, Vec<String>>,
        patterns: &[(String, String)],
    ) -> Result<Lexicon, LexiconError> {
        let regexes = patterns;
        let spec: LexiconSpec = toml::from_str(BUILTIN)?;
        // Each phrase's categories, and those only the user gives it.
        let mut phrases: BTreeMap<String, (CatSet, CatSet)> = BTreeMap::new();
        let mut descriptions = BTreeMap::new();
        for (name, cat_spec) in &spec.category {
            let cat = Cat::from_name(name).ok_or_else(|| unknown(name))?;
            descriptions.insert(cat, cat_spec.description.clone());
            for t in &cat_spec.terms {
                for v in variants(t, cat_spec.inflect) {
                    phrases.entry(lower(v)).or_default().0.insert(cat);
                }
            }
        }
        for (name, terms) in extra {
            let cat = Cat::from_name(name).ok_or_else(|| unknown(name))?;
            let inflect = spec.category.get(name).map_or(Inflect::None, |c| c.inflect);
            for t in terms {
                for v in variants(t, inflect) {
                    let (all, user) = phrases.entry(lower(v)).or_default();
                    if !all.has(cat) {
                        user.insert(cat);
                    }
                    all.insert(cat);
                }
            }
        }
        let (patterns, sets): (Vec<String>, Vec<(CatSet, CatSet)>) = phrases.into_iter().unzip();
        let (pattern_cats, pattern_user) = sets.into_iter().unzip();
        // Phrases are lowercased and the text is lowercased to search it
        // (see `find`).
        let phrases = Phrases::new(&patterns)?;
        let mut compiled = Vec::new();
        for (name, p) in regexes {
            let cat = Cat::from_name(name).ok_or_else(|| unknown(name))?;
            let mut set = CatSet::default();
            set.insert(cat);
            compiled.push((set, compile_pattern(p).map_err(LexiconError::Build)?));
        }
        Ok(Lexicon {
            phrases,
            words: std::sync::Arc::new(Words::from_lists(
                spec.words
                    .iter()
                    .map(|(n, l)| (n.as_str(), l.terms.iter().map(String::as_str))),
            )?),
            patterns: compiled,
            phrase_count: patterns.len(),
            pattern_cats,
            pattern_user,
            descriptions,
        })
    }

    /// The word lists the detector's syntax reads.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// What a category means.
    pub fn description(&self, c: Cat) -> &str {
        self.descriptions.get(&c).map_or("", String::as_str)
    }

    /// Every cue in `text`, in order, on word boundaries, longest first.
    pub fn find(&self, text: &str) -> Vec<CueMatch> {
        let mut out = Vec::new();
        let mut pos = 0;
        let folded = ascii_folded(text);
        while pos < text.len() {
            let Some(m) = self.phrases.find(&folded, pos) else {
                break;
            };
            if is_boundary(text, m.start) && is_boundary(text, m.end) {
                out.push(CueMatch {
                    range: m.start..m.end,
                    cats: self.pattern_cats[m.phrase],
                    user: self.pattern_user[m.phrase],
                });
                pos = m.end;
            } else {
                // Retry from the next word start after this match's start.
                pos = next_word_start(text, m.start);
            }
        }
        if !self.patterns.is_empty() {
            for (cats, re) in &self.patterns {
                for m in re.find_iter(text) {
                    if m.start() < m.end() {
                        out.push(CueMatch {
                            range: m.range(),
                            cats: *cats,
                            user: *cats,
                        });
                    }
                }
            }
            out.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        }
        out
    }
}

/// `text` with ASCII letters lowercased, for the case-sensitive automata
/// over lowercased phrases (building an ASCII case-insensitive one takes
/// twice as long). Every byte stays where it is, so a match's range in
/// the folded text is its range in `text`.
pub(crate) fn ascii_folded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A phrase as the automaton holds it: ASCII letters lowercased (see
/// [`Lexicon::find`]).
fn lower(mut phrase: String) -> String {
    phrase.make_ascii_lowercase();
    phrase
}

fn unknown(name: &str) -> LexiconError {
    let names: Vec<&str> = Cat::ALL.iter().map(|c| c.name()).collect();
    LexiconError::UnknownCategory {
        name: name.to_string(),
        hint: crate::suggest::did_you_mean(name, &names),
    }
}

fn unknown_list(name: &str) -> LexiconError {
    let names: Vec<&str> = W::ALL.iter().map(|c| c.name()).collect();
    LexiconError::UnknownWordList {
        name: name.to_string(),
        hint: crate::suggest::did_you_mean(name, &names),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// Whether `i` is a word boundary (see `is_boundary`), for other matchers.
pub fn is_word_boundary(text: &str, i: usize) -> bool {
    is_boundary(text, i)
}

/// Whether `i` is a word boundary: the characters on either side are not
/// both word characters. Hyphens separate words ("collagen-boosting").
fn is_boundary(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i..].chars().next();
    match (before, after) {
        (Some(b), Some(a)) => !(is_word_char(b) && is_word_char(a)),
        _ => true,
    }
}

fn next_word_start(text: &str, from: usize) -> usize {
    let mut it = text[from..].char_indices();
    // Skip the rest of the current word, then any separators.
    let mut in_word = true;
    for (i, c) in it.by_ref() {
        if i == 0 {
            continue;
        }
        if in_word && !is_word_char(c) {
            in_word = false;
        }
        if !in_word && is_word_char(c) {
            return from + i;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables `build.rs` expands from `rules/lexicon.toml` give the
    /// same lexicon as reading the TOML at run time: the same phrases at
    /// the same indices, with the same categories, descriptions and words.
    #[test]
    fn the_build_time_tables_match_the_toml() {
        let expanded = Lexicon::builtin();
        let read = Lexicon::compile(&BTreeMap::new(), &[]).expect("compiles");
        assert_eq!(expanded.phrase_count, read.phrase_count);
        assert!(expanded.phrase_count > 1000, "{}", expanded.phrase_count);
        for (i, (phrase, _)) in tables::PHRASES.iter().enumerate() {
            let m = read.phrases.find(phrase, 0).expect(phrase);
            assert_eq!((m.start, m.end, m.phrase), (0, phrase.len(), i), "{phrase}");
        }
        assert_eq!(expanded.pattern_cats, read.pattern_cats);
        assert_eq!(expanded.pattern_user, read.pattern_user);
        assert_eq!(expanded.descriptions, read.descriptions);
        assert_eq!(*expanded.words, *read.words);
        assert!(matches!(expanded.phrases, Phrases::Trie(_)));
    }

    #[test]
    fn a_long_user_phrase_is_found_by_the_automaton() {
        let long = "a very long phrase that a user added to the lexicon to see what it does";
        assert!(long.len() > TRIE_MAX_PHRASE);
        let extra = [("verb-up".to_string(), vec![long.to_string()])];
        let l = Lexicon::build(&extra.into_iter().collect()).unwrap();
        assert!(matches!(l.phrases, Phrases::Automaton(_)));
        assert!(matches!(Lexicon::builtin().phrases, Phrases::Trie(_)));
        let text = format!("Yes, {long}; it boosts collagen.");
        let found: Vec<&str> = l
            .find(&text)
            .iter()
            .map(|m| &text[m.range.clone()])
            .collect();
        let builtin: Vec<String> = Lexicon::builtin()
            .find(&text)
            .iter()
            .map(|m| text[m.range.clone()].to_string())
            .collect();
        assert!(found.contains(&long), "{found:?}");
        // Everything else is found as the built-in trie finds it.
        let rest: Vec<&str> = found.into_iter().filter(|f| *f != long).collect();
        let after: Vec<&str> = builtin
            .iter()
            .map(String::as_str)
            .filter(|f| {
                text.find(f)
                    .is_some_and(|at| at > text.find(long).unwrap() + long.len())
            })
            .collect();
        assert!(after.iter().all(|f| rest.contains(f)), "{rest:?} {after:?}");
    }

    #[test]
    fn verbs_inflect() {
        let v = variants("reduce", Inflect::Verb);
        for f in ["reduce", "reduces", "reduced", "reducing"] {
            assert!(v.contains(&f.to_string()), "{f} in {v:?}");
        }
        let v = variants("even out", Inflect::Verb);
        assert!(v.contains(&"evens out".to_string()) && v.contains(&"evened out".to_string()));
        let v = variants("minimize", Inflect::Verb);
        assert!(v.contains(&"minimises".to_string()));
        let v = variants("clarify", Inflect::Verb);
        assert!(v.contains(&"clarifies".to_string()) && v.contains(&"clarified".to_string()));
    }

    #[test]
    fn every_category_fits_the_set() {
        let mut set = CatSet::default();
        for &c in Cat::ALL {
            assert!(!set.has(c), "{c:?} collides with an earlier category");
            set.insert(c);
        }
        assert!(Cat::ALL.iter().all(|&c| set.has(c)));
    }

    #[test]
    fn every_category_is_in_the_builtin_file() {
        let spec: LexiconSpec = toml::from_str(BUILTIN).unwrap();
        for &c in Cat::ALL {
            assert!(
                spec.category.contains_key(c.name()),
                "{} missing from lexicon.toml",
                c.name()
            );
        }
        for name in spec.category.keys() {
            assert!(
                Cat::from_name(name).is_some(),
                "{name} in lexicon.toml is not a category"
            );
        }
    }

    #[test]
    fn every_word_list_is_in_the_builtin_file() {
        let spec: LexiconSpec = toml::from_str(BUILTIN).unwrap();
        for &l in W::ALL {
            let list = spec.words.get(l.name());
            assert!(
                list.is_some_and(|w| !w.terms.is_empty()),
                "{} missing from lexicon.toml",
                l.name()
            );
        }
        for name in spec.words.keys() {
            assert!(W::from_name(name).is_some(), "{name} is not a word list");
        }
        let words = Lexicon::builtin();
        assert!(words.words().has("while", W::Subordinator));
        assert!(!words.words().has("whilst", W::Pronoun));
    }

    #[test]
    fn the_configuration_docs_list_every_category() {
        let docs = include_str!("../docs/configuration.md");
        for &c in Cat::ALL {
            assert!(
                docs.contains(&format!("`{}`", c.name())),
                "docs/configuration.md does not list `{}`",
                c.name()
            );
        }
    }

    #[test]
    fn nouns_pluralise() {
        let v = variants("dark spot", Inflect::Noun);
        assert!(v.contains(&"dark spots".to_string()));
    }

    /// The text of each cue `lex` finds in `text`.
    fn found_in<'t>(lex: &Lexicon, text: &'t str) -> Vec<&'t str> {
        lex.find(text)
            .iter()
            .map(|m| &text[m.range.clone()])
            .collect()
    }

    #[test]
    fn matches_on_word_boundaries_only() {
        let lex = Lexicon::builtin();
        let text = "Nothing here is known. Boosts collagen.";
        let found = found_in(&lex, text);
        assert!(found.contains(&"Boosts"), "{found:?}");
        assert!(found.contains(&"collagen"), "{found:?}");
        assert!(
            !lex.find("renowned")
                .iter()
                .any(|m| m.cats.has(Cat::Negation))
        );
    }

    #[test]
    fn the_longest_phrase_wins() {
        let lex = Lexicon::builtin();
        let text = "It is clinically proven.";
        let m = lex.find(text);
        assert!(
            m.iter()
                .any(|m| &text[m.range.clone()] == "clinically proven")
        );
    }

    #[test]
    fn curly_apostrophes_match() {
        let lex = Lexicon::builtin();
        let text = "It doesn’t work.";
        assert!(
            lex.find(text)
                .iter()
                .any(|m| m.cats.has(Cat::Negation) || m.cats.has(Cat::NegationClause))
        );
    }

    #[test]
    fn case_is_ignored_in_the_text_and_in_added_terms() {
        let mut extra = BTreeMap::new();
        extra.insert("verb-good".to_string(), vec!["Resurfacifies".to_string()]);
        let lex = Lexicon::build(&extra).expect("extended lexicon");
        let text = "It RESURFACIFIES skin and BOOSTS Collagen.";
        let found = found_in(&lex, text);
        for want in ["RESURFACIFIES", "BOOSTS", "Collagen"] {
            assert!(found.contains(&want), "{want}: {found:?}");
        }
        let user = lex.find("resurfacifies");
        assert!(user.iter().any(|m| m.user.has(Cat::VerbGood)), "{user:?}");
    }
}
