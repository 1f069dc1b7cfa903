//! Features: the named facts about a sentence that the trained model
//! weighs.
//!
//! Owns: turning an analysed sentence into a list of binary features, each
//! with a name a person can read: the rule verdict and its blockers
//! (`rule:question`), each event's role and status (`affirmed:benefit`,
//! `negated:safety`), the lexicon categories present (`cue:hedge`), where
//! the sentence sits (`place:table-cell`, `in:quote`, `sentence:first`), who
//! speaks (`person:i`, `person:you`), the page kind (`page:personal`),
//! the relation strength (`strength:hedged`) and lemma unigrams and bigrams
//! (`w:boost`, `w2:my skin`). Also owns the hashing that maps a feature's
//! name to its key, so a weight file written by names is read by keys and
//! scoring allocates nothing.
//! Does not own: the weights (`model`) or the decision.

use std::ops::Range;

use super::events::{Event, EventKind};
use super::scope::Analysis;
use super::verdict::RuleVerdict;
use super::{Place, Strength};
use crate::lexicon::{Cat, W};

const FNV0: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `s`, continuing from `h`: the hash of `a` then `b` is the
/// hash of `a + b`, so a name's key can be computed from its pieces.
fn fnv(mut h: u64, s: &str) -> u64 {
    for &b in s.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Combines a tag with a word's hash (for n-grams, whose pieces are
/// hashed once per token).
fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Prefixes of the n-gram features, whose keys are built from per-word
/// hashes rather than from the whole name.
const UNIGRAM: &str = "w:";
const BIGRAM: &str = "w2:";
const START: &str = "start:";
const SECTION: &str = "section:";
const NEAR: &str = "before-relation:";
const AFTER: &str = "after-relation:";

/// The key of a feature name, as [`F::key`] computes it.
pub(crate) fn key_of_name(name: &str) -> u64 {
    if let Some(w) = name.strip_prefix(UNIGRAM) {
        mix(fnv(FNV0, UNIGRAM), fnv(FNV0, w))
    } else if let Some(w) = name.strip_prefix(START) {
        mix(fnv(FNV0, START), fnv(FNV0, w))
    } else if let Some(w) = name.strip_prefix(SECTION) {
        mix(fnv(FNV0, SECTION), fnv(FNV0, w))
    } else if let Some(w) = name.strip_prefix(NEAR) {
        mix(fnv(FNV0, NEAR), fnv(FNV0, w))
    } else if let Some(w) = name.strip_prefix(AFTER) {
        mix(fnv(FNV0, AFTER), fnv(FNV0, w))
    } else if let Some((a, b)) = name.strip_prefix(BIGRAM).and_then(|p| p.split_once(' ')) {
        mix(mix(fnv(FNV0, BIGRAM), fnv(FNV0, a)), fnv(FNV0, b))

    } else {
        fnv(FNV0, name)
    }
}

/// The lemmas of a sentence's words: lowercase, light suffix stripping
/// ("boosts", "boosted", "boosting" → "boost"), numbers as `#`.
pub(crate) struct Lemmas {
    /// Per word: (token index, lemma, hash of the lemma).
    pub words: Vec<(usize, String, u64)>,
    /// The lemmas of the section heading's words, and their hashes.
    pub section: Vec<(String, u64)>,
}

impl Lemmas {
    pub fn new(a: &Analysis<'_>) -> Lemmas {
        let words = (0..a.toks.len())
            .filter(|&i| a.toks[i].word)
            .map(|i| {
                let (stem, tail) = lemma(a.word(i));
                let l = format!("{stem}{tail}");
                let h = fnv(FNV0, &l);
                (i, l, h)
            })
            .collect();
        let mut section: Vec<(String, u64)> = a
            .ctx
            .section
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .take(12)
            .map(|w| {
                let w = w.to_lowercase();
                let (stem, tail) = lemma(&w);
                let l = format!("{stem}{tail}");
                let h = fnv(FNV0, &l);
                (l, h)
            })
            .collect();
        section.sort();
        section.dedup();
        Lemmas { words, section }
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
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
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
    if n > 4 && w.ends_with('e') {
        (&w[..n - 1], "")
    } else {
        (w, "")
    }
}

/// A feature: a fixed name, a prefix and a name, or an n-gram of lemmas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum F {
    /// A fixed name.
    S(&'static str),
    /// A prefix and a name (`cue:` + `hedge`).
    P(&'static str, &'static str),
    /// The lemma of the i-th word.
    G1(usize),
    /// The lemmas of the i-th word and the next, adjacent in the text.
    G2(usize),
    /// The lemma of the first word.
    Start(usize),
    /// The lemma of the i-th word of the section heading.
    Section(usize),
    /// The lemma of the i-th word, which stands just before a relation cue
    /// (a verb, an association, a causal noun): "may", "significantly",
    /// "not", "was".
    Near(usize),
    /// The lemma of the i-th word, just after a relation cue.
    After(usize),
    /// A fixed or prefixed name crossed with the kind of block the
    /// sentence is in (`cell&affirmed:benefit`), so a cue can weigh
    /// differently in a table cell than in a paragraph.
    X(&'static str, &'static str, &'static str),
}

impl F {
    /// The key the model stores this feature's weight under.
    pub fn key(self, l: &Lemmas) -> u64 {
        match self {
            F::S(s) => fnv(FNV0, s),
            F::P(a, b) => fnv(fnv(FNV0, a), b),
            F::G1(i) => mix(fnv(FNV0, UNIGRAM), l.words[i].2),
            F::Start(i) => mix(fnv(FNV0, START), l.words[i].2),
            F::Section(i) => mix(fnv(FNV0, SECTION), l.section[i].1),
            F::Near(i) => mix(fnv(FNV0, NEAR), l.words[i].2),
            F::After(i) => mix(fnv(FNV0, AFTER), l.words[i].2),
            F::X(r, a, b) => fnv(fnv(fnv(fnv(FNV0, r), "&"), a), b),
            F::G2(i) => mix(mix(fnv(FNV0, BIGRAM), l.words[i].2), l.words[i + 1].2),
        }
    }

    /// The feature's readable name.
    pub fn name(self, l: &Lemmas) -> String {
        match self {
            F::S(s) => s.to_string(),
            F::P(a, b) => format!("{a}{b}"),
            F::G1(i) => format!("{UNIGRAM}{}", l.words[i].1),
            F::Start(i) => format!("{START}{}", l.words[i].1),
            F::Section(i) => format!("{SECTION}{}", l.section[i].0),
            F::Near(i) => format!("{NEAR}{}", l.words[i].1),
            F::After(i) => format!("{AFTER}{}", l.words[i].1),
            F::X(r, a, b) => format!("{r}&{a}{b}"),
            F::G2(i) => format!("{BIGRAM}{} {}", l.words[i].1, l.words[i + 1].1),
        }
    }
}

/// A feature and the tokens that gave rise to it, for explanations.
pub(crate) type Feature = (F, Option<Range<usize>>);

/// Every feature of an analysed sentence, deduplicated, in a fixed order.
pub(crate) fn extract(a: &Analysis<'_>, v: &RuleVerdict, l: &Lemmas) -> Vec<Feature> {
    let mut out: Vec<Feature> = Vec::with_capacity(64);
    rule_facts(v, &mut out);
    for e in &v.events {
        event_features(a, e, &mut out);
    }
    for c in &a.cues {
        for cat in c.cats.iter() {
            out.push((F::P("cue:", cat.name()), Some(c.t0..c.t1)));
            if a.neg.get(c.t0).copied().unwrap_or(false) {
                out.push((F::P("negated-cue:", cat.name()), Some(c.t0..c.t1)));
            }
        }
    }
    out.push((F::P("strength:", v.strength.as_str()), None));
    place_features(a, &mut out);
    context_features(a, l, &mut out);
    voice_features(a, v, &mut out);
    shape_features(a, &mut out);
    crosses(a, &mut out);
    lemma_features(a, l, &mut out);
    // One occurrence of each: the model reads presence, not counts.
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(
        out.len(),
        crate::lexicon::FxBuild::default(),
    );
    out.retain(|(f, _)| seen.insert(f.key(l)));
    out
}

/// The coarse kind of block a sentence is in, for crosses.
fn region(a: &Analysis<'_>) -> &'static str {
    let ctx = &a.ctx;
    if ctx.quoted {
        return "quote";
    }
    match ctx.place {
        Place::Plain => "plain",
        Place::Paragraph if ctx.list => "list",
        Place::Paragraph => "para",
        Place::Heading(_) => "heading",
        Place::TableCell => "cell",
        Place::ImageAlt => "alt",
        Place::FrontMatter { .. } => "fm",
    }
}

/// Every verdict, event, cue, strength and voice feature so far, crossed
/// with the sentence's region.
fn crosses(a: &Analysis<'_>, out: &mut Vec<Feature>) {
    let r = region(a);
    let n = out.len();
    for i in 0..n {
        let x = match out[i].0 {
            F::S(s) if !s.starts_with("place:") => F::X(r, s, ""),
            F::P(p, s) if !matches!(p, "place:" | "words:" | "ends:" | "prev:" | "next:" | "row:") => {
                F::X(r, p, s)
            }
            _ => continue,
        };
        out.push((x, out[i].1.clone()));
    }
}

/// The rule verdict and the reasons it gives.
fn rule_facts(v: &RuleVerdict, out: &mut Vec<Feature>) {
    let facts = [
        (v.claim, "rule:claim"),
        (!v.claim && !v.affirmed.is_empty(), "rule:blocked"),
        (v.question, "rule:question"),
        (v.instruction, "rule:instruction"),
        (v.body_subject, "rule:body-subject"),
        (v.label, "rule:label"),
        (v.purpose_opening, "rule:purpose-opening"),
        (v.topic_label, "rule:topic-label"),
        (v.product_name, "rule:product-name"),
        (v.negated, "rule:negated"),
        (v.doubted, "rule:doubted"),
        (!v.percent.is_empty(), "rule:percentage"),
        (v.events.is_empty(), "rule:no-event"),
    ];
    out.extend(facts.iter().filter(|f| f.0).map(|f| (F::S(f.1), None)));
    if v.claim {
        out.push((F::P("rule:kind:", v.kind.as_str()), None));
        out.push((F::P("rule:claim-strength:", v.claim_strength.as_str()), None));
    }
}

/// An event's role with its status, and where it sits.
fn event_features(a: &Analysis<'_>, e: &Event, out: &mut Vec<Feature>) {
    let span = Some(e.t0..e.t1.max(e.t0 + 1));
    let affirmed = !e.negated && !e.doubted && !e.aspiration;
    let status = if e.kind == EventKind::Relation {
        "relation:"
    } else if affirmed && e.infinitive {
        "purpose:"
    } else if affirmed {
        "affirmed:"
    } else if e.negated {
        "negated:"
    } else if e.doubted {
        "doubted:"
    } else {
        "aim:"
    };
    out.push((F::P(status, e.role), span.clone()));
    if affirmed && e.predicate {
        out.push((F::P("predicate:", e.role), span.clone()));
    }
    if affirmed && e.strength == Strength::Hedged {
        out.push((F::P("hedged:", e.role), span.clone()));
    }
    if !affirmed || e.kind == EventKind::Relation {
        return;
    }
    // The position of the cue: the sentence's subject, after "for", or
    // in a later clause.
    let first = a.first_word().unwrap_or(0);
    if e.t0 <= first + 1 {
        out.push((F::S("position:opens"), span.clone()));
    }
    if e.t0 > 0 && a.word(e.t0 - 1) == "for" {
        out.push((F::S("position:after-for"), span.clone()));
    }
    if a.clause.get(e.t0) != a.clause.get(first) {
        out.push((F::S("position:later-clause"), span));
    }
}

/// Where the sentence sits: block kind, list, quote, HTML, link text,
/// position in its block, length and final punctuation.
fn place_features(a: &Analysis<'_>, out: &mut Vec<Feature>) {
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
    out.push((F::P("place:", place), None));
    let flags = [
        (ctx.list, "in:list"),
        (ctx.quoted, "in:quote"),
        (ctx.html, "in:html"),
        (ctx.link_text, "in:link-text"),
        (ctx.fragment, "in:fragment"),
        (ctx.index == 0 && ctx.count > 1, "sentence:first"),
        (ctx.count == 1, "sentence:only"),
        (ctx.count > 1 && ctx.index + 1 == ctx.count, "sentence:last"),
        (ctx.page.personal, "page:personal"),
        (ctx.page.quotes, "page:quotes"),
        (ctx.page.references, "page:references"),
        (ctx.page.tables, "page:tables"),
    ];
    out.extend(flags.iter().filter(|f| f.0).map(|f| (F::S(f.1), None)));
    let words = a.toks.iter().filter(|t| t.word).count();
    let len = match words {
        0..=3 => "1-3",
        4..=8 => "4-8",
        9..=20 => "9-20",
        _ => "21+",
    };
    out.push((F::P("words:", len), None));
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
    out.push((F::P("ends:", end), None));
}

/// The sentence's neighbours: the cue categories of the sentences before
/// and after it and of the other cells of its table row, and the words of
/// its section heading.
fn context_features(a: &Analysis<'_>, l: &Lemmas, out: &mut Vec<Feature>) {
    for c in a.ctx.prev.iter() {
        out.push((F::P("prev:", c.name()), None));
    }
    for c in a.ctx.next.iter() {
        out.push((F::P("next:", c.name()), None));
    }
    for c in a.ctx.row.iter() {
        out.push((F::P("row:", c.name()), None));
    }
    for i in 0..l.section.len() {
        out.push((F::Section(i), None));
    }
}

/// Who speaks and to whom, quotation, numbers.
fn voice_features(a: &Analysis<'_>, v: &RuleVerdict, out: &mut Vec<Feature>) {
    let any = |l: W| (0..a.toks.len()).find(|&i| a.is(i, l));
    for (l, name) in [
        (W::FirstPerson, "person:i"),
        (W::We, "person:we"),
        (W::You, "person:you"),
    ] {
        if let Some(i) = any(l) {
            out.push((F::S(name), Some(i..i + 1)));
        }
    }
    if a.s.contains(['"', '“', '”']) {
        out.push((F::S("quote:marks"), None));
    }
    let benefit = v
        .events
        .iter()
        .any(|e| e.kind == EventKind::Benefit && !e.negated && !e.doubted);
    if v.first_person && benefit {
        out.push((F::S("person:i+benefit"), None));
    }
    if a.ctx.quoted && benefit {
        out.push((F::S("in:quote+benefit"), None));
    }
    if a.cues.iter().any(|c| c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient)) && benefit {
        out.push((F::S("product+benefit"), None));
    }
}

/// The shape of the words: a number of days, weeks or months (how long a
/// result lasts or takes), a rating ("10/10", "5 stars"), a superlative or
/// a comparison ("gentlest", "smoother than").
fn shape_features(a: &Analysis<'_>, out: &mut Vec<Feature>) {
    let n = a.toks.len();
    for i in 0..n {
        let w = a.word(i);
        let next = a.word(i + 1);
        let number = w.as_bytes().first().is_some_and(u8::is_ascii_digit);
        if number && a.is(i + 1, W::TimeUnit) {
            out.push((F::S("shape:duration"), Some(i..i + 2)));
        }
        if number && (next == "/" && a.word(i + 2) == "10" || matches!(next, "stars" | "star")) {
            out.push((F::S("shape:rating"), Some(i..i + 2)));
        }
        let alpha = w.bytes().all(|b| b.is_ascii_lowercase());
        if alpha && w.len() > 5 && w.ends_with("est") && !a.is(i, W::NotSuperlative) {
            out.push((F::S("shape:superlative"), Some(i..i + 1)));
        }
        if alpha && w.len() > 4 && w.ends_with("er") && next == "than" {
            out.push((F::S("shape:comparative"), Some(i..i + 2)));
        }
    }
    if a.s.contains(['★', '⭐']) {
        out.push((F::S("shape:rating"), None));
    }
}

/// Lemma unigrams and bigrams of adjacent words, and the first word.
fn lemma_features(a: &Analysis<'_>, l: &Lemmas, out: &mut Vec<Feature>) {
    for (k, (t, _, _)) in l.words.iter().enumerate() {
        out.push((F::G1(k), Some(*t..*t + 1)));
        if let Some((t2, _, _)) = l.words.get(k + 1)
            && *t2 == t + 1
        {
            out.push((F::G2(k), Some(*t..*t2 + 1)));
        }
    }
    if !l.words.is_empty() {
        out.push((F::Start(0), Some(l.words[0].0..l.words[0].0 + 1)));
    }
    // The two words before each relation cue.
    for c in &a.cues {
        let relation = [
            Cat::VerbUp,
            Cat::VerbDown,
            Cat::VerbGood,
            Cat::VerbCause,
            Cat::VerbGive,
            Cat::Correlation,
            Cat::CausalNoun,
            Cat::Work,
        ]
        .iter()
        .any(|&k| c.cats.has(k));
        if !relation {
            continue;
        }
        let k = l.words.partition_point(|w| w.0 < c.t0);
        for j in k.saturating_sub(2)..k {
            out.push((F::Near(j), Some(l.words[j].0..c.t1)));
        }
        let after = l.words.partition_point(|w| w.0 < c.t1);
        if after < l.words.len() {
            out.push((F::After(after), Some(c.t0..l.words[after].0 + 1)));
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
        let s = "My skin feels smoother.";
        let m = lex.find(s);
        let mut a = Analysis::new(s, lex.words(), &m, Default::default());
        let v = a.rule_verdict();
        let l = Lemmas::new(&a);
        let feats = extract(&a, &v, &l);
        assert!(feats.len() > 10);
        for (f, _) in feats {
            assert_eq!(f.key(&l), key_of_name(&f.name(&l)), "{}", f.name(&l));
        }
    }
}
