//! Features: the named facts about a sentence that the trained model
//! weighs.
//!
//! Owns: turning an analysed sentence into binary features, each with a
//! name a person can read: the rule verdict and its blockers
//! (`rule:question`), each event's role and status (`affirmed:benefit`,
//! `negated:safety`), the lexicon categories present (`cue:hedge`), where
//! the sentence sits (`place:table-cell`, `in:quote`, `sentence:first`), its
//! neighbours (`prev:result`, `row:target-good`, `section:benefit`), who
//! speaks (`person:i`, `person:you`), the relation strength (`strength:hedged`), word shapes (`shape:duration`),
//! the words around relation cues (`before-relation:may`) and lemma
//! unigrams and bigrams (`w:boost`, `w2:my skin`). Verdict, event and cue
//! features are also crossed with the kind of block (`cell&cue:result`).
//! Also owns the hashing that maps a feature's name to its key, so a
//! weights file written by names is read by keys and scoring a sentence
//! allocates next to nothing.
//! Does not own: the weights (`model`) or the decision.

use std::ops::Range;
use std::sync::LazyLock;

use super::events::{Event, EventKind};
pub(crate) use super::keyhash::key_of_name;
use super::keyhash::{BIGRAM, SEED, hash_bytes, hs, mix, split_key};
use super::kinds::{Place, Strength};
use super::scope::Analysis;
use super::verdict::RuleVerdict;
use crate::lexicon::{Cat, W};

/// A fixed feature, its key computed at compile time.
macro_rules! fixed {
    ($name:literal) => {
        F::S(const { split_key(SEED, $name) }, $name)
    };
}

/// A feature of a fixed prefix and a name, the prefix's part of the key
/// computed at compile time.
macro_rules! prefixed {
    ($prefix:literal, $name:expr) => {
        F::P(
            const { mix(SEED, hash_bytes($prefix.as_bytes())) },
            $prefix,
            $name,
        )
    };
}

/// A feature of a fixed prefix and a lexicon category.
macro_rules! category {
    ($prefix:literal, $cat:expr) => {
        F::C(
            const { mix(SEED, hash_bytes($prefix.as_bytes())) },
            $prefix,
            $cat,
        )
    };
}

/// A word feature of a fixed tag, the tag's part of the key computed at
/// compile time.
macro_rules! word {
    ($tag:ident, $i:expr) => {
        F::Word(const { mix(SEED, hash_bytes($tag.as_bytes())) }, $tag, $i)
    };
}

/// The hash of each category's name, by its index.
static CAT_HASHES: LazyLock<[u64; 64]> = LazyLock::new(|| {
    let mut t = [0; 64];
    for &c in Cat::ALL {
        t[c as usize] = hs(c.name());
    }
    t
});

/// The feature of a cue from the user's lexicon extension, by category.
pub(crate) fn user_cue(cat: Cat) -> F {
    category!("user-cue:", cat)
}

/// Prefixes of the word features, whose keys are built from per-word
/// hashes rather than from the whole name.
const UNIGRAM: &str = "w:";
const START: &str = "start:";
const SECTION: &str = "section:";
const BEFORE: &str = "before-relation:";
const AFTER: &str = "after-relation:";

/// One word's lemma: lowercase, light suffix stripping ("boosts",
/// "boosted", "boosting" → "boost"), numbers as `#`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lemma<'a> {
    /// Its token.
    pub tok: usize,
    stem: &'a str,
    tail: &'static str,
    /// Hash of the lemma's text.
    pub hash: u64,
}

impl Lemma<'_> {
    fn text(&self) -> String {
        format!("{}{}", self.stem, self.tail)
    }
}

/// The lemmas of a sentence's words, and of its section heading's words.
pub(crate) struct Lemmas<'a> {
    /// One per word token, in order.
    pub words: Vec<Lemma<'a>>,
    /// Hashes of the section heading's lemmas (sorted, distinct), with
    /// their text when names were asked for.
    pub section: Vec<(u64, String)>,
}

impl<'a> Lemmas<'a> {
    /// The lemmas of an analysed sentence; `named` keeps the section
    /// lemmas' text, for feature names.
    pub fn new(a: &'a Analysis<'_>, named: bool) -> Lemmas<'a> {
        let mut words = Vec::with_capacity(a.toks.len());
        for (i, t) in a.toks.iter().enumerate() {
            if t.word {
                let (stem, tail) = lemma(a.word(i));
                words.push(Lemma {
                    tok: i,
                    stem,
                    tail,
                    hash: lemma_hash(stem, tail),
                });
            }
        }
        let section = match a.ctx.section_keys {
            Some(keys) if !named => keys.iter().map(|&k| (k, String::new())).collect(),
            _ => section_lemmas(a.ctx.section, named),
        };
        Lemmas { words, section }
    }
}

/// The hashes of the lemmas of a section heading, computed once per
/// heading and passed in [`super::SentenceContext::section_keys`].
pub(crate) fn section_keys(section: &str) -> Vec<u64> {
    section_lemmas(section, false)
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

/// The lemmas of a heading's first dozen words.
fn section_lemmas(section: &str, named: bool) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut buf = [0u8; 48];
    for w in section
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(12)
    {
        // Lowercase without allocating for the usual short ASCII word.
        let owned;
        let lower: &str = if w.is_ascii() && w.len() <= buf.len() {
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or("")
        } else {
            owned = w.to_lowercase();
            &owned
        };
        let (stem, tail) = lemma(lower);
        let text = if named {
            format!("{stem}{tail}")
        } else {
            String::new()
        };
        out.push((lemma_hash(stem, tail), text));
    }
    out.sort();
    out.dedup_by_key(|x| x.0);
    out
}

/// The lemma of a word, as its unigram feature names it (`w:` + this).
pub(crate) fn lemma_of(word: &str) -> String {
    let lower = word.to_lowercase();
    let (stem, tail) = lemma(&lower);
    format!("{stem}{tail}")
}

/// The hash of a lemma given as a stem and a suffix.
fn lemma_hash(stem: &str, tail: &str) -> u64 {
    if tail.is_empty() {
        hs(stem)
    } else {
        hs(&format!("{stem}{tail}"))
    }
}

/// The lemma of a lowercase word, as a stem and a suffix to append.
fn lemma(w: &str) -> (&str, &'static str) {
    if w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return ("#", "");
    }
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix('\''))
        .unwrap_or(w);
    let n = w.len();
    let w = if n > 4 && w.ends_with("ies") {
        return (&w[..n - 3], "y");
    } else if n > 4 && w.ends_with("sses") {
        &w[..n - 2]
    } else if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        &w[..n - 1]
    } else {
        w
    };
    let n = w.len();
    let w = if n > 5 && w.ends_with("ing") {
        &w[..n - 3]
    } else if n > 4 && w.ends_with("ed") {
        &w[..n - 2]
    } else {
        w
    };
    let n = w.len();
    if n > 4 && w.ends_with('e') && w.is_char_boundary(n - 1) {
        (&w[..n - 1], "")
    } else {
        (w, "")
    }
}

/// A feature: a fixed name, a prefix and a name, a word feature, or a
/// name crossed with the kind of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum F {
    /// A fixed name and its key (see `fixed!`).
    S(u64, &'static str),
    /// A prefix and a name (`cue:` + `hedge`), with the prefix's part of
    /// the key (see `prefixed!`).
    P(u64, &'static str, &'static str),
    /// A prefix and a lexicon category (`cue:` + `hedge`), with the
    /// prefix's part of the key (see `category!`).
    C(u64, &'static str, Cat),
    /// A word-feature tag (`w:`, `start:`, `before-relation:`, ...) and
    /// the index of a word.
    Word(u64, &'static str, usize),
    /// The lemmas of the i-th word and the next, adjacent in the text.
    G2(usize),
    /// The lemma of the i-th word of the section heading.
    Section(usize),
}

impl F {
    /// The key the model stores this feature's weight under.
    pub fn key(self, l: &Lemmas<'_>) -> u64 {
        match self {
            F::S(k, _) => k,
            F::P(h, _, b) => mix(h, hs(b)),
            F::C(h, _, c) => mix(h, CAT_HASHES[c as usize]),
            F::Word(h, _, i) => mix(h, l.words[i].hash),
            F::G2(i) => mix(
                mix(
                    const { mix(SEED, hash_bytes(BIGRAM.as_bytes())) },
                    l.words[i].hash,
                ),
                l.words[i + 1].hash,
            ),
            F::Section(i) => mix(
                const { mix(SEED, hash_bytes(SECTION.as_bytes())) },
                l.section[i].0,
            ),
        }
    }

    /// The feature's readable name.
    pub fn name(self, l: &Lemmas<'_>) -> String {
        match self {
            F::S(_, s) => s.to_string(),
            F::P(_, a, b) => format!("{a}{b}"),
            F::C(_, a, c) => format!("{a}{}", c.name()),
            F::Word(_, tag, i) => format!("{tag}{}", l.words[i].text()),
            F::G2(i) => format!("{BIGRAM}{} {}", l.words[i].text(), l.words[i + 1].text()),
            F::Section(i) => format!("{SECTION}{}", l.section[i].1),
        }
    }
}

/// A feature, its key and the tokens that gave rise to it (for
/// explanations).
pub(crate) type Feature = (u64, F, Option<Range<usize>>);

/// Where features go as they are found.
pub(crate) trait Sink {
    fn add(&mut self, f: F, r: Option<Range<usize>>);
    /// Whether to produce word bigrams: the strength decision weighs
    /// them; the claim decision, under cross-validation, gained nothing
    /// from them, so linting skips them.
    fn bigrams(&self) -> bool {
        true
    }
}

/// Collects distinct keys only: the scoring path. A 2,048-bit filter
/// catches repeats without sorting; only on a filter hit is the list
/// searched.
pub(crate) struct Keys<'l, 'a> {
    l: &'l Lemmas<'a>,
    bigrams: bool,
    seen: [u64; 32],
    pub keys: Vec<u64>,
}

impl Sink for Keys<'_, '_> {
    fn bigrams(&self) -> bool {
        self.bigrams
    }

    fn add(&mut self, f: F, _: Option<Range<usize>>) {
        let k = f.key(self.l);
        let bit = (k >> 53) as usize;
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        if self.seen[word] & mask != 0 && self.keys.contains(&k) {
            return;
        }
        self.seen[word] |= mask;
        self.keys.push(k);
    }
}

/// Collects features with their words: training and explanations.
pub(crate) struct Full<'l, 'a> {
    l: &'l Lemmas<'a>,
    pub feats: Vec<Feature>,
}

impl Sink for Full<'_, '_> {
    fn add(&mut self, f: F, r: Option<Range<usize>>) {
        self.feats.push((f.key(self.l), f, r));
    }
}

/// The keys of every feature of an analysed sentence, each once: the
/// model reads presence, not counts.
pub(crate) fn keys(a: &Analysis<'_>, v: &RuleVerdict, l: &Lemmas<'_>, bigrams: bool) -> Vec<u64> {
    let mut sink = Keys {
        l,
        bigrams,
        seen: [0; 32],
        keys: Vec::with_capacity(160),
    };
    generate(a, v, l, &mut sink);
    sink.keys
}

/// Every feature of an analysed sentence with its key and words, first
/// occurrence of each.
pub(crate) fn extract(a: &Analysis<'_>, v: &RuleVerdict, l: &Lemmas<'_>) -> Vec<Feature> {
    let mut sink = Full {
        l,
        feats: Vec::with_capacity(160),
    };
    generate(a, v, l, &mut sink);
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(
        sink.feats.len(),
        crate::lexicon::FxBuild::default(),
    );
    sink.feats.retain(|(k, _, _)| seen.insert(*k));
    sink.feats
}

/// Sends every feature of the sentence to `sink`.
fn generate(a: &Analysis<'_>, v: &RuleVerdict, l: &Lemmas<'_>, sink: &mut impl Sink) {
    rule_facts(v, sink);
    for e in &v.events {
        event_features(a, e, sink);
    }
    cue_features(a, sink);
    sink.add(prefixed!("strength:", v.strength.as_str()), None);
    voice_features(a, v, sink);
    place_features(a, l, sink);
    context_features(a, l, sink);
    lemma_features(a, l, sink);
}

/// The rule verdict and the reasons it gives.
fn rule_facts(v: &RuleVerdict, x: &mut impl Sink) {
    let facts = [
        (v.claim, fixed!("rule:claim")),
        (!v.claim && !v.affirmed.is_empty(), fixed!("rule:blocked")),
        (v.question, fixed!("rule:question")),
        (v.instruction, fixed!("rule:instruction")),
        (v.body_subject, fixed!("rule:body-subject")),
        (v.label, fixed!("rule:label")),
        (v.purpose_opening, fixed!("rule:purpose-opening")),
        (v.topic_label, fixed!("rule:topic-label")),
        (v.product_name, fixed!("rule:product-name")),
        (v.negated, fixed!("rule:negated")),
        (v.doubted, fixed!("rule:doubted")),
        (!v.percent.is_empty(), fixed!("rule:percentage")),
        (v.events.is_empty(), fixed!("rule:no-event")),
    ];
    for (on, f) in facts {
        if on {
            x.add(f, None);
        }
    }
    if v.claim {
        x.add(prefixed!("rule:kind:", v.kind.as_str()), None);
        x.add(
            prefixed!("rule:claim-strength:", v.claim_strength.as_str()),
            None,
        );
    }
}

/// An event's role with its status, and where it sits.
fn event_features(a: &Analysis<'_>, e: &Event, x: &mut impl Sink) {
    let span = Some(e.t0..e.t1.max(e.t0 + 1));
    let affirmed = !e.negated && !e.doubted && !e.aspiration;
    let r = e.role;
    let status = if e.kind == EventKind::Relation {
        prefixed!("relation:", r)
    } else if affirmed && e.infinitive {
        prefixed!("purpose:", r)
    } else if affirmed {
        prefixed!("affirmed:", r)
    } else if e.negated {
        prefixed!("negated:", r)
    } else if e.doubted {
        prefixed!("doubted:", r)
    } else {
        prefixed!("aim:", r)
    };
    x.add(status, span.clone());
    if affirmed && e.predicate {
        x.add(prefixed!("predicate:", e.role), span.clone());
    }
    if affirmed && e.strength == Strength::Hedged {
        x.add(prefixed!("hedged:", e.role), span.clone());
    }
    if !affirmed || e.kind == EventKind::Relation {
        return;
    }
    // The position of the cue: the sentence's subject, after "for", or
    // in a later clause.
    let first = a.first_word().unwrap_or(0);
    if e.t0 <= first + 1 {
        x.add(fixed!("position:opens"), span.clone());
    }
    if e.t0 > 0 && a.word(e.t0 - 1) == "for" {
        x.add(fixed!("position:after-for"), span.clone());
    }
    if a.clause.get(e.t0) != a.clause.get(first) {
        x.add(fixed!("position:later-clause"), span);
    }
}

/// The lexicon categories present, and those inside a negation's scope.
fn cue_features(a: &Analysis<'_>, x: &mut impl Sink) {
    let (mut seen, mut negated) = (0u64, 0u64);
    let first = a.first_word();
    for c in &a.cues {
        let neg = a.neg.get(c.t0).copied().unwrap_or(false);
        for cat in c.cats.iter() {
            // An instruction verb instructs only when it opens the
            // sentence ("Apply nightly"); elsewhere ("see our prices") it
            // says nothing (`rule:instruction` covers the opening one).
            if cat == Cat::Instruction && Some(c.t0) != first {
                continue;
            }
            let bit = 1u64 << cat as u64;
            if seen & bit == 0 {
                seen |= bit;
                x.add(category!("cue:", cat), Some(c.t0..c.t1));
            }
            if neg && negated & bit == 0 {
                negated |= bit;
                x.add(category!("negated-cue:", cat), Some(c.t0..c.t1));
            }
        }
    }
}

/// Where the sentence sits: block kind, list, quote, HTML, link text,
/// position in its block, length and final punctuation.
fn place_features(a: &Analysis<'_>, l: &Lemmas<'_>, sink: &mut impl Sink) {
    let ctx = &a.ctx;
    let place = match ctx.place {
        Place::Plain => "plain",
        Place::Paragraph => "paragraph",
        Place::Heading(1) => "heading-1",
        Place::Heading(2) => "heading-2",
        Place::Heading(_) => "heading-3+",
        Place::TableCell => "table-cell",
        Place::ImageAlt => "image-alt",
        Place::FrontMatter { title: true } => "front-matter-title",
        Place::FrontMatter { title: false } => "front-matter",
    };
    sink.add(prefixed!("place:", place), None);
    let flags = [
        (ctx.list, fixed!("in:list")),
        (ctx.quoted, fixed!("in:quote")),
        (ctx.html, fixed!("in:html")),
        (ctx.link_text, fixed!("in:link-text")),
        (ctx.fragment, fixed!("in:fragment")),
        (ctx.index == 0 && ctx.count > 1, fixed!("sentence:first")),
        (ctx.count == 1, fixed!("sentence:only")),
        (
            ctx.count > 1 && ctx.index.saturating_add(1) == ctx.count,
            fixed!("sentence:last"),
        ),
    ];
    for (on, f) in flags {
        if on {
            sink.add(f, None);
        }
    }
    let len = match l.words.len() {
        0..=3 => "1-3",
        4..=8 => "4-8",
        9..=20 => "9-20",
        _ => "21+",
    };
    sink.add(prefixed!("words:", len), None);
    let end = a.s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | '*' | '_')
    });
    let end = match end.chars().next_back() {
        Some('.') => "period",
        Some('!') => "exclamation",
        Some('?') => "question",
        Some(':') => "colon",
        _ => "none",
    };
    sink.add(prefixed!("ends:", end), None);
}

/// The sentence's neighbours: the cue categories of the sentences before
/// and after it and of the other cells of its table row, and the words of
/// its section heading.
fn context_features(a: &Analysis<'_>, l: &Lemmas<'_>, sink: &mut impl Sink) {
    for c in a.ctx.prev.iter() {
        sink.add(category!("prev:", c), None);
    }
    for c in a.ctx.next.iter() {
        sink.add(category!("next:", c), None);
    }
    for c in a.ctx.row.iter() {
        sink.add(category!("row:", c), None);
    }
    for i in 0..l.section.len() {
        sink.add(F::Section(i), None);
    }
}

/// Who speaks and to whom, quotation, a benefit in the first person or a
/// quote, a product beside a benefit.
fn voice_features(a: &Analysis<'_>, v: &RuleVerdict, x: &mut impl Sink) {
    let persons = [
        (W::FirstPerson, fixed!("person:i")),
        (W::We, fixed!("person:we")),
        (W::You, fixed!("person:you")),
    ];
    let any = W::FirstPerson.bit() | W::We.bit() | W::You.bit();
    let mut found = [None; 3];
    for (i, m) in a.wm.iter().enumerate().filter(|(_, m)| **m & any != 0) {
        for (k, (l, _)) in persons.iter().enumerate() {
            if m & l.bit() != 0 && found[k].is_none() {
                found[k] = Some(i);
            }
        }
    }
    for ((_, f), at) in persons.iter().zip(found) {
        if let Some(i) = at {
            x.add(*f, Some(i..i + 1));
        }
    }
    if a.s.contains(['"', '“', '”']) {
        x.add(fixed!("quote:marks"), None);
    }
    let benefit = v
        .events
        .iter()
        .any(|e| e.kind == EventKind::Benefit && !e.negated && !e.doubted);
    if v.first_person && benefit {
        x.add(fixed!("person:i+benefit"), None);
    }
    if a.ctx.quoted && benefit {
        x.add(fixed!("in:quote+benefit"), None);
    }
    let product = a
        .cues
        .iter()
        .any(|c| c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient));
    if product && benefit {
        x.add(fixed!("with:product+benefit"), None);
    }
}

/// Lemma unigrams, bigrams of adjacent words, the first word, and the
/// words just before and after each relation cue (a verb, an
/// association, a causal noun): "may", "significantly", "not", "with".
fn lemma_features(a: &Analysis<'_>, l: &Lemmas<'_>, sink: &mut impl Sink) {
    for (k, w) in l.words.iter().enumerate() {
        sink.add(word!(UNIGRAM, k), Some(w.tok..w.tok + 1));
        if let Some(next) = l.words.get(k + 1)
            && next.tok == w.tok + 1
            && sink.bigrams()
        {
            sink.add(F::G2(k), Some(w.tok..next.tok + 1));
        }
    }
    if let Some(w) = l.words.first() {
        sink.add(word!(START, 0), Some(w.tok..w.tok + 1));
    }
    const RELATION: [Cat; 8] = [
        Cat::VerbUp,
        Cat::VerbDown,
        Cat::VerbGood,
        Cat::VerbCause,
        Cat::VerbGive,
        Cat::Correlation,
        Cat::CausalNoun,
        Cat::Work,
    ];
    for c in &a.cues {
        if !RELATION.iter().any(|&k| c.cats.has(k)) {
            continue;
        }
        let k = l.words.partition_point(|w| w.tok < c.t0);
        for j in k.saturating_sub(2)..k {
            sink.add(word!(BEFORE, j), Some(l.words[j].tok..c.t1));
        }
        let after = l.words.partition_point(|w| w.tok < c.t1);
        if let Some(w) = l.words.get(after) {
            sink.add(word!(AFTER, after), Some(c.t0..w.tok + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas_strip_inflections() {
        let l = |w: &str| {
            let (a, b) = lemma(w);
            format!("{a}{b}")
        };
        assert_eq!(l("boosts"), l("boosted"));
        assert_eq!(l("boosting"), l("boost"));
        assert_eq!(l("reduces"), l("reduced"));
        assert_eq!(l("bodies"), "body");
        assert_eq!(l("2024"), "#");
        assert_eq!(l("skin's"), "skin");
    }

    #[test]
    fn keys_of_names_match_keys_of_features() {
        let lex = crate::lexicon::Lexicon::builtin();
        let s = "My skin feels smoother and it may reduce redness.";
        let m = lex.find(s);
        let ctx = super::super::kinds::SentenceContext {
            section: "Key Benefits",
            place: Place::TableCell,
            ..Default::default()
        };
        let mut a = Analysis::new(s, lex.words(), &m, ctx);
        let v = a.rule_verdict();
        let l = Lemmas::new(&a, true);
        let feats = extract(&a, &v, &l);
        assert!(feats.len() > 20);
        for (k, f, _) in &feats {
            assert_eq!(*k, key_of_name(&f.name(&l)), "{}", f.name(&l));
        }
        let mut ks: Vec<u64> = feats.iter().map(|f| f.0).collect();
        let mut fast = keys(&a, &v, &l, true);
        ks.sort_unstable();
        fast.sort_unstable();
        assert_eq!(ks, fast, "both paths see the same features");
        for (_, f, _) in &feats {
            assert!(f.name(&l).contains(':'), "{} has no prefix", f.name(&l));
        }
        let names: Vec<String> = feats.iter().map(|(_, f, _)| f.name(&l)).collect();
        for n in [
            "section:benefit",
            "cue:hedge",
            "w:skin",
            "before-relation:may",
        ] {
            assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
        }
    }
}
