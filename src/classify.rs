//! Deciding whether a sentence makes a claim, how strong it is and what
//! kind, from the cues the lexicon finds.
//!
//! The detector is rule-based so that every decision can be explained: a
//! claim carries the cues that made it one. It works in four steps:
//!
//! 1. **Cues.** The lexicon marks verbs (`boosts`, `reduces`), targets
//!    (`collagen`, `wrinkles`), hedges, negations, doubt markers and so on.
//! 2. **Scopes.** Negation triggers scope forward to the end of their clause
//!    (NegEx/ConText: a termination term such as "but" or a `;` ends it);
//!    short triggers (`not`, `no`) reach six words, clause-wide ones (`there
//!    is no evidence that`) the whole clause. Doubt markers (`marketed as`)
//!    scope the same way.
//! 3. **Events.** A benefit is a verb that moves a target the right way —
//!    `reduces` + `wrinkles`, `boosts` + `collagen` — or a verb that is a
//!    benefit in itself (`rejuvenates`), a result state (`smoother skin`), a
//!    claim of efficacy (`effective`), a safety promise (`painless`, or a
//!    negated harm: `no downtime`) or a superiority claim (`better than`).
//!    The same verb moving a target the wrong way (`increases the risk`) is a
//!    causal relation but not a benefit.
//! 4. **Strength.** Establishment cues (`clinically proven`, a percentage)
//!    beat direct statements, which beat hedged ones (`may`, `helps`), which
//!    beat association (`linked to`); the strongest cue wins (Yu et al. 2019's
//!    classes, plus establishment).
//!
//! A sentence is a claim when at least one benefit, safety, superiority or
//! establishment event is affirmed: not negated, not doubted, not an
//! aspiration ("looking to improve"), and the sentence is not a question.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::lexicon::{Cat, CatSet, CueMatch, Lexicon};

/// How strongly a sentence asserts a relation, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// No relation stated.
    None,
    /// Association only ("linked to").
    Correlational,
    /// Conditional or hedged ("may reduce", "helps").
    Hedged,
    /// Stated as fact ("reduces").
    Direct,
    /// Claims proof or a study ("clinically proven").
    Establishment,
}

impl Strength {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::None => "none",
            Strength::Correlational => "correlational",
            Strength::Hedged => "hedged",
            Strength::Direct => "direct",
            Strength::Establishment => "establishment",
        }
    }
}

/// What a claim promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A benefit to skin, body, appearance or health.
    Efficacy,
    /// Safety or comfort.
    Safety,
    /// A first-person endorsement.
    Testimonial,
    /// Better than others, best, unique.
    Superiority,
}

impl Kind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Efficacy => "efficacy",
            Kind::Safety => "safety",
            Kind::Testimonial => "testimonial",
            Kind::Superiority => "superiority",
        }
    }
}

/// Where a sentence sits, which changes how fragments are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct SentenceContext {
    /// A heading, list item, table cell, label or front-matter value: verbless
    /// fragments ("Ultherapy for lifting and firmness") can be claims.
    pub fragment: bool,
    /// Inside a block quote.
    pub quoted: bool,
    /// A heading.
    pub heading: bool,
}

/// A cue that took part in the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trigger {
    /// The words, as written.
    pub text: String,
    /// Byte range in the sentence.
    #[serde(skip)]
    pub range: Range<usize>,
    /// What role the cue played ("benefit", "hedge", "negation", ...).
    pub role: &'static str,
}

/// The verdict on one sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    /// The sentence makes a claim in its own voice.
    pub claim: bool,
    /// Strength of the claim (for a claim), or of the relation language
    /// (for a non-claim), even when negated.
    pub strength: Strength,
    /// Strength of the relation language alone: what `classify` reports, as
    /// Yu et al.'s classes do (a safety promise states no relation).
    pub relation: Strength,
    /// What the claim promises.
    pub kind: Kind,
    /// The relation is negated.
    pub negated: bool,
    /// The relation is reported in order to doubt it.
    pub doubted: bool,
    /// The sentence is a question.
    pub question: bool,
    /// The cues that made the decision, in order.
    pub triggers: Vec<Trigger>,
    /// The shortest phrase that makes the claim (byte range in the sentence).
    #[serde(skip)]
    pub primary: Option<Range<usize>>,
    /// Human-readable reasons, for `classify` without `--format json`.
    #[serde(skip)]
    pub reasons: Vec<String>,
    /// The benefit is speculative ("may", "might", "early research
    /// suggests"): a lower bar than "helps".
    pub speculative: bool,
    /// A sensory or perceptual claim ("feels smoother", "looks radiant").
    pub sensory: bool,
    /// The claim states a result as a percentage.
    pub percentage: bool,
    /// The finding is framed as preclinical ("in lab studies"): not a
    /// claim about people.
    pub preclinical_framing: bool,
    /// The claim is about a finished product or treatment, not only an
    /// ingredient.
    pub finished_product: bool,
    /// A quoted first-person outcome ("Exosomes changed my skin
    /// overnight."), even when the text quotes it to doubt it: reproducing a
    /// testimonial is itself regulated (Singapore reg 14).
    pub testimonial_quote: bool,
}

#[derive(Debug, Clone)]
struct Tok {
    range: Range<usize>,
    word: bool,
}

#[derive(Debug, Clone)]
struct Cue {
    range: Range<usize>,
    cats: CatSet,
    /// Token indices covered, half-open.
    t0: usize,
    t1: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventKind {
    Benefit,
    Safety,
    Superiority,
    Establishment,
    /// A causal relation that is not a benefit (`increases the risk`).
    Relation,
}

#[derive(Debug, Clone)]
struct Event {
    kind: EventKind,
    /// Token span of the phrase.
    t0: usize,
    t1: usize,
    /// Relation strength of this event.
    strength: Strength,
    negated: bool,
    doubted: bool,
    aspiration: bool,
    /// Made by a real predicate (verb), not an adjective or noun.
    predicate: bool,
    /// The predicate is an infinitive of purpose.
    infinitive: bool,
    role: &'static str,
}

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\d+(?:[.,]\d+)?\s?(?:-|–|to)\s?)?\d+(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b)")
        .expect("valid regex")
});

/// Whether `s` holds an ASCII digit, which every number pattern needs.
fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

static STAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bp\s?[<=≤]\s?0?\.\d+|\bn\s?=\s?\d+|\b\d+(?:,\d{3})*\+?\s(?:patients|participants|subjects|volunteers|women|men|people)\b")
        .expect("valid regex")
});

/// Words that, right before an `-ed` word, make it an adjective rather than
/// a verb ("associated with *increased* risk").
const ADJ_CONTEXT: &[&str] = &[
    "with", "of", "in", "to", "for", "by", "a", "an", "the", "and", "or", "its", "their", "his",
    "her", "your", "our", "more", "less", "into", "from", "on", "at", "than", "as", "very", "much",
    "further", "overall", "had", "have", "has", "showed", "show", "shows",
];

/// Words after which a base-form verb cue is a noun ("the *influence*",
/// "glucose *control*").
const NOUN_CONTEXT: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "these",
    "those",
    "its",
    "their",
    "our",
    "your",
    "his",
    "her",
    "any",
    "no",
    "some",
    "each",
    "every",
    "significant",
    "major",
    "minor",
    "greater",
    "small",
    "large",
    "positive",
    "negative",
    "overall",
    "further",
    "total",
    "mean",
    "such",
    "larger",
    "smaller",
    "more",
    "less",
    "higher",
    "lower",
    "primary",
    "secondary",
];

/// Copulas and auxiliaries: a verb cue right before one is a subject noun
/// ("oral *impacts* were reported").
const AUX_AFTER: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "can", "may", "will", "did",
];

/// Words before "to" that make the infinitive a hedge or a use ("shown to
/// reduce", "used to treat") rather than a purpose ("efforts to reduce").
const TO_NOT_PURPOSE: &[&str] = &[
    "help",
    "helps",
    "helped",
    "helping",
    "designed",
    "shown",
    "proven",
    "proved",
    "able",
    "likely",
    "appear",
    "appears",
    "appeared",
    "seem",
    "seems",
    "seemed",
    "tend",
    "tends",
    "known",
    "found",
    "used",
    "work",
    "works",
    "go",
    "goes",
    "continue",
    "continues",
    "ability",
    "aims",
    "aim",
    "due",
    "formulated",
    "intended",
    "meant",
    "thought",
    "believed",
    "said",
    "reported",
    "claimed",
    "expected",
    "how",
    "way",
    "ways",
];

/// Auxiliaries that make an `-ed` word a passive verb ("is *reduced*").
const PASSIVE_AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "gets", "got",
];

/// Determiners and similar words after which an `-ing` word is a noun or
/// adjective ("the *healing* process") rather than a verb.
const ING_NOUN_CONTEXT: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "natural",
    "its",
    "their",
    "your",
    "in",
    "of",
    "for",
    "on",
    "regarding",
    "about",
    "towards",
    "toward",
];

fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let joins = d.is_alphanumeric()
                    || ((d == '\'' || d == '’' || d == '-' || d == '.' || d == ',')
                        && s[j + d.len_utf8()..].chars().next().is_some_and(|n| {
                            n.is_alphanumeric()
                                && (d != '.' && d != ','
                                    || n.is_ascii_digit() && c.is_ascii_digit())
                        }));
                if !joins {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Tok {
                range: i..end,
                word: true,
            });
        } else if !c.is_whitespace() {
            out.push(Tok {
                range: i..i + c.len_utf8(),
                word: false,
            });
        }
    }
    out
}

/// The claim detector: a compiled lexicon plus the rules above.
#[derive(Debug, Clone)]
pub struct Classifier {
    lexicon: Lexicon,
}

impl Default for Classifier {
    fn default() -> Self {
        Classifier {
            lexicon: Lexicon::builtin(),
        }
    }
}

impl Classifier {
    /// A classifier over a given lexicon.
    pub fn new(lexicon: Lexicon) -> Self {
        Classifier { lexicon }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Classifies one sentence.
    pub fn classify(&self, sentence: &str, ctx: SentenceContext) -> Classification {
        let matches = self.lexicon.find(sentence);
        self.classify_with(sentence, &matches, ctx)
    }

    /// Classifies a sentence whose cues were already found (by one pass over
    /// the whole block); `matches` have ranges relative to `sentence`.
    pub fn classify_with(
        &self,
        sentence: &str,
        matches: &[CueMatch],
        ctx: SentenceContext,
    ) -> Classification {
        Analysis::new(sentence, matches, ctx).run()
    }
}

/// Which of `n` tokens lie in any of `ranges`, in one sweep over a
/// difference array.
fn covered(n: usize, ranges: &[Range<usize>]) -> Vec<bool> {
    let mut delta = vec![0i64; n + 1];
    for r in ranges {
        let (a, b) = (r.start.min(n), r.end.min(n));
        if a < b {
            delta[a] += 1;
            delta[b] -= 1;
        }
    }
    let mut depth = 0;
    delta[..n]
        .iter()
        .map(|d| {
            depth += d;
            depth > 0
        })
        .collect()
}

struct Analysis<'s> {
    s: &'s str,
    lower: Vec<std::borrow::Cow<'s, str>>,
    toks: Vec<Tok>,
    cues: Vec<Cue>,
    clause: Vec<usize>,
    neg: Vec<bool>,
    doubt: Vec<bool>,
    ctx: SentenceContext,
    reasons: Vec<String>,
}

impl<'s> Analysis<'s> {
    fn new(s: &'s str, matches: &[CueMatch], ctx: SentenceContext) -> Self {
        let toks = tokenize(s);
        // Most tokens are lower-case ASCII already: borrow those.
        let lower: Vec<std::borrow::Cow<'s, str>> = toks
            .iter()
            .map(|t| {
                let w = &s[t.range.clone()];
                if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                    std::borrow::Cow::Borrowed(w)
                } else {
                    std::borrow::Cow::Owned(w.to_lowercase().replace('’', "'"))
                }
            })
            .collect();
        let cues: Vec<Cue> = matches
            .iter()
            .filter(|m| !m.cats.has(Cat::Neutral))
            .filter_map(|m| {
                // Tokens are in order: find the cue's first and last by
                // binary search.
                let t0 = toks.partition_point(|t| t.range.end <= m.range.start);
                let t1 = toks.partition_point(|t| t.range.start < m.range.end);
                if t0 >= toks.len() || t1 == 0 {
                    return None;
                }
                (t0 < t1).then(|| Cue {
                    range: m.range.clone(),
                    cats: m.cats,
                    t0,
                    t1,
                })
            })
            .collect();
        let n = toks.len();
        // Clauses: split at ; : ( ) dashes and termination words.
        let mut clause = vec![0usize; n];
        let mut cid = 0;
        let term_tok: Vec<bool> = {
            let mut v = vec![false; n];
            for c in &cues {
                if c.cats.has(Cat::Termination) {
                    v[c.t0] = true;
                }
            }
            v
        };
        // "While X helps, it is not a cure": a sentence-initial subordinate
        // clause ends at its first comma.
        let first_word = toks.iter().position(|t| t.word);
        let subordinate = first_word.is_some_and(|f| {
            matches!(
                s[toks[f].range.clone()].to_lowercase().as_str(),
                "while"
                    | "although"
                    | "though"
                    | "whereas"
                    | "if"
                    | "when"
                    | "because"
                    | "since"
                    | "unless"
                    | "whilst"
            )
        });
        let mut closed_sub = !subordinate;
        for i in 0..n {
            let t = &s[toks[i].range.clone()];
            if !closed_sub && t == "," {
                closed_sub = true;
                cid += 1;
            }
            let spaced_dash = t == "-"
                && i > 0
                && i + 1 < n
                && s[toks[i - 1].range.end..toks[i].range.start].contains(' ');
            if term_tok[i]
                || matches!(t, ";" | ":" | "—" | "–" | "•" | "|" | "?" | "!")
                || spaced_dash
            {
                cid += 1;
            }
            clause[i] = cid;
        }
        let mut a = Analysis {
            s,
            lower,
            toks,
            cues,
            clause,
            neg: vec![false; n],
            doubt: vec![false; n],
            ctx,
            reasons: vec![],
        };
        a.scopes();
        a
    }

    fn word(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", |w| w.as_ref())
    }

    // Clause ids never decrease along the sentence, so a clause's bounds
    // are binary searches (a walk per cue is quadratic in a long clause).
    fn clause_start(&self, at: usize) -> usize {
        let c = self.clause.get(at).copied().unwrap_or(0);
        let j = at.min(self.clause.len());
        if j > 0 && self.clause[j - 1] == c {
            self.clause.partition_point(|&x| x < c)
        } else {
            j
        }
    }

    fn clause_end(&self, from: usize) -> usize {
        match self.clause.get(from) {
            Some(&c) => self.clause.partition_point(|&x| x <= c),
            None => from,
        }
    }

    fn scopes(&mut self) {
        let n = self.toks.len();
        // Scopes are collected as token ranges and marked in one sweep at
        // the end: marking each cue's clause as it comes is quadratic in a
        // long clause full of negations.
        let mut neg: Vec<Range<usize>> = Vec::new();
        let mut doubt: Vec<Range<usize>> = Vec::new();
        for (ci, c) in self.cues.iter().enumerate() {
            if c.cats.has(Cat::PseudoNegation) {
                continue;
            }
            if c.t1 >= n {
                // Nothing follows; post-negation such as "... proven? Not" is rare.
                continue;
            }
            let end = self.clause_end(c.t1.min(n - 1));
            // A clause-wide negation or a doubt marker disputes the whole
            // clause, words before it included ("exosomes for skin
            // rejuvenation are not yet proven to work").
            let clause_start = self.clause_start(c.t0);
            if c.cats.has(Cat::NegationClause) {
                neg.push(clause_start..end);
            } else if c.cats.has(Cat::Negation)
                // Cues are in text order: the ones starting just after this
                // one are next to it.
                && self.cues[ci + 1..]
                    .iter()
                    .skip_while(|o| o.t0 < c.t1)
                    .take_while(|o| o.t0 <= c.t1 + 2)
                    .any(|o| {
                        o.cats.has(Cat::Establishment)
                            || o.cats.has(Cat::EstablishmentAlone)
                            || o.cats.has(Cat::Work)
                    })
            {
                // "X is not (yet) proven", "X does not work": the clause's
                // claim is denied, its subject included.
                neg.push(clause_start..end);
            } else if c.cats.has(Cat::Negation) {
                let mut limit = end.min(c.t1 + 6);
                // "Without a space, the mask clears acne": a comma that opens
                // a new clause ends a short negation.
                if let Some(k) = (c.t1..limit).find(|&k| {
                    &self.s[self.toks[k].range.clone()] == ","
                        && matches!(
                            self.word(k + 1),
                            "the"
                                | "a"
                                | "an"
                                | "it"
                                | "this"
                                | "these"
                                | "they"
                                | "we"
                                | "you"
                                | "our"
                                | "your"
                                | "and"
                                | "but"
                                | "so"
                                | "its"
                        )
                }) {
                    limit = k;
                }
                neg.push(c.t0..limit);
            }
            if c.cats.has(Cat::Doubt) {
                doubt.push(clause_start..end);
            }
        }
        self.neg = covered(n, &neg);
        self.doubt = covered(n, &doubt);
    }

    /// The word before token `t`, skipping adverbs in -ly ("are
    /// *significantly* reduced").
    fn prev_word(&self, t: usize) -> &str {
        let mut i = t;
        while i > 0 {
            i -= 1;
            let w = self.word(i);
            if !(w.ends_with("ly") && w.len() > 4) {
                return w;
            }
        }
        ""
    }

    fn verb_role(&self, c: &Cue) -> bool {
        // "slow-wave sleep": a verb inside a hyphenated compound modifier.
        if self.s[c.range.end..].starts_with('-') {
            return false;
        }
        // "UV-induced damage" describes; "collagen-boosting serum" promises.
        if self.s[..c.range.start].ends_with('-')
            && c.cats.has(Cat::VerbCause)
            && !c.cats.has(Cat::VerbUp)
        {
            return false;
        }
        let w = self.word(c.t0);
        let prev = self.prev_word(c.t0);
        // Comparatives that double as verbs ("lower risk") are verbs only
        // after a modal, "to" or a pronoun ("may lower", "to lower").
        if matches!(w, "lower" | "higher" | "raise" | "better" | "worse") && c.t1 == c.t0 + 1 {
            return matches!(
                prev,
                "may"
                    | "might"
                    | "can"
                    | "could"
                    | "will"
                    | "would"
                    | "to"
                    | "does"
                    | "do"
                    | "did"
                    | "it"
                    | "they"
                    | "which"
                    | "that"
                    | "also"
                    | "not"
            );
        }
        // Participles that describe a state ("elevated", "impaired").
        if matches!(
            w,
            "elevated" | "impaired" | "limited" | "advanced" | "given" | "obtained" | "yielded"
        ) {
            return false;
        }
        if w.ends_with("ed") && c.t1 == c.t0 + 1 {
            if PASSIVE_AUX.contains(&prev) {
                // "X was increased in patients" states a difference; "X was
                // increased by Y" a cause.
                let stative = matches!(
                    self.word(c.t1),
                    "in" | "among" | "at" | "during" | "after" | "than" | "compared" | "with" | ""
                ) && !self.lower.iter().skip(c.t1).take(6).any(|x| x == "by");
                return !stative;
            }
            if ADJ_CONTEXT.contains(&prev) {
                return false;
            }
        }
        if w.ends_with("ing") && ING_NOUN_CONTEXT.contains(&prev) {
            return false;
        }
        if !w.ends_with("ed") && !w.ends_with("ing") && c.t1 == c.t0 + 1 {
            let next = self.word(c.t1);
            if NOUN_CONTEXT.contains(&prev) || matches!(next, "of" | "in") && !w.ends_with('s') {
                return false;
            }
            if AUX_AFTER.contains(&next) {
                return false;
            }
        }
        true
    }

    /// Whether the percentage ending at byte `end` is a concentration ("5 %
    /// glycolic acid", "minoxidil 5%") rather than a result.
    fn concentration(&self, end: usize) -> bool {
        const ACTIVES: &[&str] = &[
            "glycolic",
            "lactic",
            "salicylic",
            "vitamin",
            "niacinamide",
            "retinol",
            "hyaluronic",
            "concentration",
            "l-ascorbic",
            "ascorbic",
            "zinc",
            "urea",
            "aha",
            "bha",
            "azelaic",
            "mandelic",
            "minoxidil",
            "tretinoin",
            "solution",
            "formula",
            "strength",
            "spf",
        ];
        let next = self
            .toks
            .iter()
            .position(|t| t.word && t.range.start >= end)
            .and_then(|k| self.lower.get(k));
        let prev = self
            .toks
            .iter()
            .rposition(|t| t.word && t.range.end <= end.saturating_sub(1))
            .and_then(|k| {
                // the word before the number
                self.toks[..k]
                    .iter()
                    .rposition(|t| t.word)
                    .and_then(|j| self.lower.get(j))
            });
        next.is_some_and(|w| ACTIVES.contains(&w.as_ref()))
            || prev.is_some_and(|w| ACTIVES.contains(&w.as_ref()))
    }

    /// "hydrating or brightening actives": an -ing form describing a noun,
    /// not a predicate with an object ("boosting collagen").
    fn attributive_ing(&self, c: &Cue) -> bool {
        let w = self.word(c.t1.saturating_sub(1));
        if !w.ends_with("ing") {
            return false;
        }
        let prev = self.prev_word(c.t0);
        let next_is_object = self.cues.iter().any(|o| {
            o.t0 >= c.t1
                && o.t0 <= c.t1 + 1
                && (o.cats.has(Cat::TargetGood) || o.cats.has(Cat::TargetBad))
        }) || matches!(
            self.word(c.t1),
            "the" | "your" | "skin" | "it" | "them" | "a" | "an" | ""
        );
        matches!(
            prev,
            "with"
                | "a"
                | "an"
                | "the"
                | "or"
                | "and"
                | "our"
                | "this"
                | "these"
                | "its"
                | "their"
                | "your"
                | "of"
                | "deeply"
                | "highly"
                | "as"
        ) && !next_is_object
    }

    /// A nominalisation ("reduction", "improvement") states a change without
    /// a causal predicate.
    fn nominal(&self, c: &Cue) -> bool {
        let w = self.word(c.t1.saturating_sub(1));
        let w = w.strip_suffix('s').unwrap_or(w);
        ["tion", "sion", "ment", "ance", "ence", "al", "ity"]
            .iter()
            .any(|suf| w.ends_with(suf))
            || (matches!(
                w,
                "increase" | "decrease" | "boost" | "repair" | "increases" | "decreases"
            ) && !self.verb_role(c))
    }

    /// An infinitive of purpose ("efforts to reduce obesity"): what it
    /// names is an aim, not a reported relation.
    fn purpose_infinitive(&self, t: usize) -> bool {
        t >= 2 && self.word(t - 1) == "to" && !TO_NOT_PURPOSE.contains(&self.word(t - 2))
    }

    /// Hedge that governs a predicate at token `t` in its clause.
    fn hedge_before(&self, t: usize) -> Option<&Cue> {
        let clause = self.clause[t];
        self.cues.iter().find(|c| {
            c.cats.has(Cat::Hedge)
                && !c.cats.has(Cat::Permission)
                // "skin appears firmer" reports how skin looks, it does not hedge.
                && !(matches!(self.word(c.t0), "appears" | "appear" | "appeared" | "seems" | "seem" | "looks")
                    && self.cues.iter().any(|r| r.t0 == c.t1 && r.cats.has(Cat::Result)))
                && self.clause[c.t0] == clause
                && c.t1 <= t
                // "can" hedges only the verb it governs; other hedges the
                // whole proposition after them.
                && (!matches!(self.word(c.t0), "can" | "help" | "helps" | "helped" | "helping") || t - c.t1 <= 3)
        })
        .or_else(|| {
            // Hedging adjectives anywhere in the clause ("potential benefits").
            self.cues.iter().find(|c| {
                c.cats.has(Cat::Hedge)
                    && self.clause[c.t0] == clause
                    && matches!(self.word(c.t0), "potential" | "potentially" | "promising" | "possibly" | "possible" | "theoretical" | "theoretically" | "preliminary")
            })
        })
    }

    /// Whether what is at token `t` is an aim rather than an outcome: a
    /// purpose just before it ("looking to improve"), or a call for research
    /// anywhere in its clause ("further studies are needed to establish the
    /// effect of").
    fn aspiration_before(&self, t: usize) -> bool {
        let Some(&clause) = self.clause.get(t) else {
            return false;
        };
        self.cues.iter().any(|c| {
            self.clause[c.t0] == clause
                && (c.cats.has(Cat::Purpose) && c.t1 <= t && t - c.t1 <= 4
                    || c.cats.has(Cat::ResearchNeed))
        })
    }

    /// Valence of the nearest targets after (or, for passives, before) a
    /// verb within its clause: (good, bad, result).
    fn object_of(&self, v: &Cue, passive_ok: bool) -> (Option<&Cue>, Option<&Cue>) {
        let clause = self.clause[v.t0];
        // The object lies within nine words of the verb, in its clause.
        let mut end = v.t1;
        let mut words = 0;
        while end < self.toks.len() && self.clause[end] == clause && words < 9 {
            if self.toks[end].word {
                words += 1;
            }
            end += 1;
        }
        let mut good = None;
        let mut bad = None;
        for c in &self.cues {
            if c.t0 < v.t1 || c.t0 >= end || self.clause[c.t0] != clause {
                continue;
            }
            // "the appearance of wrinkles": the noun after "of" decides.
            if self.word(c.t1) == "of"
                && matches!(
                    self.word(c.t0),
                    "appearance"
                        | "look"
                        | "looks"
                        | "visibility"
                        | "signs"
                        | "sign"
                        | "depth"
                        | "size"
                        | "number"
                        | "severity"
                        | "levels"
                        | "level"
                        | "amount"
                        | "texture"
                        | "tone"
                        | "production"
                )
                && self.cues.iter().any(|o| {
                    o.t0 > c.t1
                        && o.t0 <= c.t1 + 3
                        && (o.cats.has(Cat::TargetBad)
                            || o.cats.has(Cat::TargetGood)
                            || o.cats.has(Cat::Harm))
                })
            {
                continue;
            }
            if good.is_none()
                && (c.cats.has(Cat::TargetGood)
                    || c.cats.has(Cat::Result)
                    || c.cats.has(Cat::Work)
                    || c.cats.has(Cat::WorkWeak))
                && !c.cats.has(Cat::Harm)
            {
                good = Some(c);
            }
            if bad.is_none() && (c.cats.has(Cat::TargetBad) || c.cats.has(Cat::Harm)) {
                bad = Some(c);
            }
        }
        if passive_ok && good.is_none() && bad.is_none() {
            for c in self.cues.iter().rev() {
                if c.t1 > v.t0 || v.t0 - c.t1 > 4 || self.clause[c.t0] != clause {
                    continue;
                }
                if good.is_none() && c.cats.has(Cat::TargetGood) {
                    good = Some(c);
                }
                if bad.is_none() && (c.cats.has(Cat::TargetBad) || c.cats.has(Cat::Harm)) {
                    bad = Some(c);
                }
            }
        }
        (good, bad)
    }

    fn events(&self) -> Vec<Event> {
        let mut ev = Vec::new();
        let n = self.toks.len();
        let has_product = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient));
        let has_target = self.cues.iter().any(|c| {
            c.cats.has(Cat::TargetGood) || c.cats.has(Cat::TargetBad) || c.cats.has(Cat::Result)
        });
        let mk = |kind, t0: usize, t1: usize, strength, predicate, role| {
            let at = t0.min(n.saturating_sub(1));
            Event {
                kind,
                t0,
                t1,
                strength,
                negated: self.neg.get(at).copied().unwrap_or(false),
                doubted: self.doubt.get(at).copied().unwrap_or(false),
                aspiration: self.aspiration_before(at),
                predicate,
                infinitive: self.purpose_infinitive(at),
                role,
            }
        };
        for c in &self.cues {
            let cats = c.cats;
            let is_verb = cats.has(Cat::VerbUp)
                || cats.has(Cat::VerbDown)
                || cats.has(Cat::VerbGood)
                || cats.has(Cat::VerbCause)
                || cats.has(Cat::VerbGive);
            if is_verb && self.verb_role(c) && !cats.has(Cat::Hedge) {
                let hedged = self.hedge_before(c.t0).is_some();
                let strength = if hedged {
                    Strength::Hedged
                } else {
                    Strength::Direct
                };
                let passive = self.word(c.t0).ends_with("ed");
                let (good, bad) = self.object_of(c, passive);
                let end_of = |o: Option<&Cue>| o.map_or(c.t1, |o| o.t1.max(c.t1));
                let predicate = !self.nominal(c) && !self.attributive_ing(c);
                if cats.has(Cat::VerbGood) {
                    // A bare "protection" or "rejuvenation" names a topic; it
                    // promises something with an object ("protection against
                    // UV damage") or a product beside it.
                    if self.nominal(c) && good.is_none() && bad.is_none() && !has_product {
                        continue;
                    }
                    ev.push(mk(
                        EventKind::Benefit,
                        c.t0,
                        end_of(good.or(bad)),
                        strength,
                        predicate,
                        "benefit",
                    ));
                    continue;
                }
                // "patients treated at eight units": a participle with no
                // object is not a causal predicate. "X increased Y" is.
                let next = self.word(c.t1);
                let bare_participle = self.word(c.t0).ends_with("ed")
                    && c.t1 == c.t0 + 1
                    && c.t0 > 0
                    && !PASSIVE_AUX.contains(&self.prev_word(c.t0))
                    && good.is_none()
                    && bad.is_none()
                    && (next.is_empty()
                        || matches!(
                            next,
                            "at" | "in"
                                | "by"
                                | "with"
                                | "during"
                                | "after"
                                | "before"
                                | "for"
                                | "on"
                                | "from"
                                | "as"
                                | "and"
                                | "or"
                                | "to"
                                | "into"
                                | "under"
                                | "within"
                                | "among"
                                | "via"
                                | "using"
                        )
                        || !self.toks.get(c.t1).is_some_and(|t| t.word));
                let up = cats.has(Cat::VerbUp);
                let down = cats.has(Cat::VerbDown);
                let give = cats.has(Cat::VerbGive);
                let cause = cats.has(Cat::VerbCause);
                // Which object does the verb govern? Prefer the nearer one.
                let nearest = match (good, bad) {
                    (Some(g), Some(b)) => Some(if g.t0 <= b.t0 { (g, true) } else { (b, false) }),
                    (Some(g), None) => Some((g, true)),
                    (None, Some(b)) => Some((b, false)),
                    (None, None) => None,
                };
                match nearest {
                    Some((o, is_good)) => {
                        // Neutral causal verbs ("alters blood flow") relate
                        // but do not benefit.
                        let neutral = cause
                            && matches!(
                                self.word(c.t0)
                                    .trim_end_matches(['s', 'd'])
                                    .trim_end_matches("e"),
                                "alter"
                                    | "modify"
                                    | "modifi"
                                    | "change"
                                    | "chang"
                                    | "affect"
                                    | "influenc"
                                    | "impact"
                                    | "shap"
                                    | "modulat"
                                    | "mediat"
                            );
                        let benefit = (is_good && !neutral && (up || give || (cause && !down)))
                            || (!is_good && down);
                        let kind = if benefit {
                            EventKind::Benefit
                        } else {
                            EventKind::Relation
                        };
                        ev.push(mk(
                            kind,
                            c.t0,
                            o.t1.max(c.t1),
                            strength,
                            predicate,
                            if benefit { "benefit" } else { "relation" },
                        ));
                    }
                    None => {
                        if (cause || up || down) && !bare_participle {
                            ev.push(mk(
                                EventKind::Relation,
                                c.t0,
                                c.t1,
                                strength,
                                predicate,
                                "relation",
                            ));
                        }
                    }
                }
                continue;
            }
            if cats.has(Cat::EstablishmentAlone) {
                ev.push(mk(
                    EventKind::Establishment,
                    c.t0,
                    c.t1,
                    Strength::Establishment,
                    false,
                    "establishment",
                ));
                continue;
            }
            // "may help (to) accommodate": helping is a (hedged) causal
            // relation even when the helped verb is not in the lexicon.
            if cats.has(Cat::Hedge)
                && self
                    .lower
                    .get(c.t1.saturating_sub(1))
                    .is_some_and(|w| matches!(w.as_ref(), "help" | "helps" | "helped"))
            {
                let strength = if c.t1 - c.t0 > 1 || self.hedge_before(c.t0).is_some() {
                    Strength::Hedged
                } else {
                    Strength::Direct
                };
                ev.push(mk(
                    EventKind::Relation,
                    c.t0,
                    c.t1,
                    strength.min(Strength::Hedged),
                    true,
                    "relation",
                ));
                continue;
            }
            if cats.has(Cat::CausalNoun) {
                let hedged = self.hedge_before(c.t0).is_some();
                let strength = if hedged {
                    Strength::Hedged
                } else {
                    Strength::Direct
                };
                // "a huge role in collagen synthesis": a causal noun whose
                // object is good is a benefit.
                let (good, _) = self.object_of(c, false);
                let benefit =
                    cats.has(Cat::Work) || good.is_some_and(|g| g.cats.has(Cat::TargetGood));
                let kind = if benefit {
                    EventKind::Benefit
                } else {
                    EventKind::Relation
                };
                // "led to", "caused by" link cause and effect; "the effect of"
                // only names a topic.
                let w = self.word(c.t0);
                // A bare "effects" names a topic; "effect on", "led to" link
                // a cause to an outcome.
                let linking = c.t1 > c.t0 + 1
                    || !matches!(
                        w,
                        "effect"
                            | "effects"
                            | "impact"
                            | "impacts"
                            | "influence"
                            | "influences"
                            | "role"
                            | "consequence"
                            | "consequences"
                    );
                ev.push(mk(
                    kind,
                    c.t0,
                    c.t1,
                    strength,
                    linking,
                    if benefit { "efficacy" } else { "relation" },
                ));
                continue;
            }
            if cats.has(Cat::Work) && !cats.has(Cat::Hedge) {
                // "how skin boosters work", "what actually works": a topic.
                if matches!(self.word(c.t0), "work" | "works" | "working")
                    && (c.t0.saturating_sub(4)..c.t0)
                        .any(|i| matches!(self.word(i), "how" | "what" | "why" | "whether"))
                {
                    continue;
                }
                let hedged = self.hedge_before(c.t0).is_some();
                let strength = if hedged {
                    Strength::Hedged
                } else {
                    Strength::Direct
                };
                let predicate = matches!(self.word(c.t0), "works" | "work" | "worked" | "working");
                if predicate
                    && (self.aspiration_before(c.t0)
                        || !(has_product || has_target || self.ctx.fragment)
                            && self.word(c.t0) != "works")
                {
                    continue;
                }
                let predicative = matches!(
                    self.word(c.t0),
                    "works"
                        | "work"
                        | "worked"
                        | "effective"
                        | "effectively"
                        | "efficacious"
                        | "beneficial"
                        | "protective"
                        | "powerful"
                        | "potent"
                );
                ev.push(mk(
                    EventKind::Benefit,
                    c.t0,
                    c.t1,
                    strength,
                    predicative,
                    "efficacy",
                ));
                continue;
            }
            let other_target = self.cues.iter().any(|o| {
                o.t0 != c.t0
                    && (o.cats.has(Cat::TargetGood)
                        || o.cats.has(Cat::TargetBad)
                        || o.cats.has(Cat::Result))
            });
            if cats.has(Cat::WorkWeak) && (has_product || other_target) {
                let hedged = self.hedge_before(c.t0).is_some();
                let strength = if hedged {
                    Strength::Hedged
                } else {
                    Strength::Direct
                };
                ev.push(mk(
                    EventKind::Benefit,
                    c.t0,
                    c.t1,
                    strength,
                    false,
                    "efficacy",
                ));
                continue;
            }
            if cats.has(Cat::Result) && !cats.has(Cat::Harm) {
                let hedged = self.hedge_before(c.t0).is_some();
                let strength = if hedged {
                    Strength::Hedged
                } else {
                    Strength::Direct
                };
                ev.push(mk(
                    EventKind::Benefit,
                    c.t0,
                    c.t1,
                    strength,
                    false,
                    "result",
                ));
                continue;
            }
            if cats.has(Cat::Comparative) {
                // "reduced wrinkles", "more radiant skin", "enhanced collagen production"
                let generic = |o: &Cue| {
                    matches!(
                        self.word(o.t0),
                        "results"
                            | "benefits"
                            | "benefit"
                            | "improvement"
                            | "outcomes"
                            | "effect"
                            | "effects"
                            | "efficacy"
                            | "function"
                            | "spf"
                    )
                };
                let next = self.cues.iter().find(|o| {
                    o.t0 >= c.t1
                        && o.t0 <= c.t1 + 2
                        && self.clause[o.t0] == self.clause[c.t0]
                        && (o.cats.has(Cat::TargetGood) || o.cats.has(Cat::TargetBad))
                        && !generic(o)
                });
                if let Some(o) = next {
                    let w = self.word(c.t0);
                    let decreasing = matches!(
                        w,
                        "reduced"
                            | "decreased"
                            | "diminished"
                            | "lowered"
                            | "lower"
                            | "less"
                            | "fewer"
                            | "smaller"
                            | "minimal"
                            | "shorter"
                            | "weaker"
                    );
                    let good_target = o.cats.has(Cat::TargetGood) && !o.cats.has(Cat::TargetBad);
                    let benefit = decreasing != good_target;
                    let kind = if benefit {
                        EventKind::Benefit
                    } else {
                        EventKind::Relation
                    };
                    let hedged = self.hedge_before(c.t0).is_some();
                    let strength = if hedged {
                        Strength::Hedged
                    } else {
                        Strength::Direct
                    };
                    ev.push(mk(
                        kind,
                        c.t0,
                        o.t1,
                        strength,
                        false,
                        if benefit { "result" } else { "relation" },
                    ));
                }
                continue;
            }
            if cats.has(Cat::Safety) {
                let hedged = self.hedge_before(c.t0).is_some();
                let strength = if hedged {
                    Strength::Hedged
                } else {
                    Strength::Direct
                };
                ev.push(mk(EventKind::Safety, c.t0, c.t1, strength, false, "safety"));
                continue;
            }
            if cats.has(Cat::Harm) && self.neg.get(c.t0).copied().unwrap_or(false) {
                // "without pain", "doesn't cause irritation": a negated harm is a
                // safety promise. Find the negation cue to report the phrase.
                let neg_start = self
                    .cues
                    .iter()
                    .filter(|n| {
                        (n.cats.has(Cat::Negation) || n.cats.has(Cat::NegationClause))
                            && n.t0 <= c.t0
                    })
                    .map(|n| n.t0)
                    .next_back()
                    .unwrap_or(c.t0);
                ev.push(Event {
                    kind: EventKind::Safety,
                    t0: neg_start,
                    t1: c.t1,
                    strength: Strength::Direct,
                    negated: false,
                    doubted: self.doubt[c.t0],
                    aspiration: false,
                    predicate: false,
                    infinitive: false,
                    role: "safety",
                });
                continue;
            }
            if cats.has(Cat::Superiority) {
                let phrase = self.s[c.range.clone()].to_lowercase();
                let strong = !matches!(
                    phrase.as_str(),
                    "best"
                        | "the best"
                        | "leading"
                        | "unique"
                        | "ultimate"
                        | "innovative"
                        | "premier"
                        | "advanced"
                        | "top"
                        | "premium"
                        | "most important"
                        | "most popular"
                        | "most trusted"
                );
                // A weak superlative must sit next to what it praises
                // ("the best serum", not "leading dermatology journals").
                let near = self.cues.iter().any(|o| {
                    o.t0 != c.t0
                        && ((o.cats.has(Cat::Product) || o.cats.has(Cat::Ingredient))
                            || o.cats.has(Cat::TargetGood)
                            || o.cats.has(Cat::Work)
                            || o.cats.has(Cat::Result)
                            || o.cats.has(Cat::TargetBad))
                        && o.t0 >= c.t1
                        && o.t0 <= c.t1 + 2
                });
                if strong || near {
                    ev.push(mk(
                        EventKind::Superiority,
                        c.t0,
                        c.t1,
                        Strength::Direct,
                        false,
                        "superiority",
                    ));
                }
                continue;
            }
        }
        // "efficacy will decrease": an outcome noun that a verb moves the
        // wrong way is not a benefit.
        let harmed: Vec<(usize, usize)> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Relation)
            .map(|e| (e.t0, e.t1))
            .collect();
        ev.retain(|e| {
            !(e.kind == EventKind::Benefit
                && !e.predicate
                && harmed
                    .iter()
                    .any(|&(a, b)| (e.t0 >= a && e.t0 < b) || (e.t1 <= a && a - e.t1 <= 2)))
        });
        // "66% had visible hair regrowth": a stated percentage of an outcome
        // is a result claim.
        if let Some(m) = has_digit(self.s).then(|| PERCENT.find(self.s)).flatten() {
            // The outcome must be near the number: "5 % glycolic acid
            // reduces lines" states a concentration, not a result.
            let pt = self
                .toks
                .iter()
                .position(|t| t.range.end > m.start())
                .unwrap_or(0);
            let outcome = self.cues.iter().find(|o| {
                (o.cats.has(Cat::TargetGood)
                    || o.cats.has(Cat::Work)
                    || o.cats.has(Cat::WorkWeak)
                    || o.cats.has(Cat::Result)
                    || o.cats.has(Cat::VerbGood)
                    || o.cats.has(Cat::VerbUp)
                    || o.cats.has(Cat::TargetBad) && o.cats.has(Cat::Comparative))
                    && !o.cats.has(Cat::Harm)
                    && (o.t0.abs_diff(pt) <= 4 || o.t1.abs_diff(pt) <= 4)
                    && !self.concentration(m.end())
            });
            if let Some(o) = outcome {
                let pt = self
                    .toks
                    .iter()
                    .position(|t| t.range.end > m.start())
                    .unwrap_or(0);
                let (a, b) = (pt.min(o.t0), pt.max(o.t1));
                let mut e = mk(
                    EventKind::Benefit,
                    a,
                    b,
                    Strength::Establishment,
                    false,
                    "result",
                );
                // "10-17% see no benefit": the outcome decides the polarity.
                e.negated |= self.neg.get(o.t0).copied().unwrap_or(false);
                e.doubted |= self.doubt.get(o.t0).copied().unwrap_or(false);
                ev.push(e);
            }
        }
        // "for lifting and firmness" in fragments: a treatment for a target.
        for (i, w) in self.lower.iter().enumerate() {
            if w != "for" || !(self.ctx.fragment || has_product) {
                continue;
            }
            if let Some(o) = self.cues.iter().find(|o| {
                o.t0 > i
                    && o.t0 <= i + 3
                    && self.clause[o.t0] == self.clause[i]
                    && (o.cats.has(Cat::TargetGood)
                        || o.cats.has(Cat::TargetBad)
                        || o.cats.has(Cat::Result))
                    && !o.cats.has(Cat::Harm)
            }) {
                if self.neg[i]
                    || self
                        .toks
                        .get(i + 1)
                        .is_some_and(|t| self.s[t.range.clone()].eq_ignore_ascii_case("all"))
                {
                    continue;
                }
                ev.push(mk(
                    EventKind::Benefit,
                    i,
                    o.t1,
                    Strength::Direct,
                    false,
                    "benefit",
                ));
            }
        }
        ev
    }

    fn run(mut self) -> Classification {
        let s = self.s;
        let trimmed = s.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | '*' | '_')
        });
        let first: String = self
            .toks
            .iter()
            .position(|t| t.word)
            .map(|i| self.word(i).to_string())
            .unwrap_or_default();
        let first = first.as_str();
        // A fragment that asks: "Is it safe", "Why is X popular". "Why X
        // is a star" states (no inversion), so it can claim.
        let second = self
            .toks
            .iter()
            .filter(|t| t.word)
            .nth(1)
            .map(|t| self.s[t.range.clone()].to_lowercase())
            .unwrap_or_default();
        const AUX: &[&str] = &[
            "is", "are", "was", "were", "does", "do", "did", "can", "could", "should", "will",
            "would", "has", "have", "may", "might",
        ];
        let question = trimmed.ends_with('?')
            || (self.ctx.fragment
                && !trimmed.ends_with('.')
                && (AUX.contains(&first)
                    || matches!(
                        first,
                        "why" | "how" | "what" | "when" | "which" | "who" | "where"
                    ) && AUX.contains(&second.as_str())));
        let events = self.events();
        // Percentages and statistics need a digit: most sentences skip the
        // regexes.
        let digits = has_digit(s);
        let percent: Vec<Range<usize>> = if digits {
            PERCENT
                .find_iter(s)
                .filter(|m| !self.concentration(m.end()))
                .map(|m| m.range())
                .collect()
        } else {
            Vec::new()
        };
        let stats = digits && STAT.is_match(s);
        let est_cues: Vec<&Cue> = self
            .cues
            .iter()
            .filter(|c| c.cats.has(Cat::Establishment) || c.cats.has(Cat::EstablishmentAlone))
            .collect();
        // "shown potential to": proof of a potential only is a hedge.
        let est_cues: Vec<&Cue> = est_cues
            .into_iter()
            .filter(|c| {
                !self.lower.iter().skip(c.t1).take(3).any(|w| {
                    matches!(
                        w.as_ref(),
                        "potential" | "promise" | "promising" | "theoretical"
                    )
                })
            })
            .collect();
        let est_affirmed = est_cues
            .iter()
            .any(|c| !self.neg[c.t0] && !self.doubt[c.t0]);
        let corr = self
            .cues
            .iter()
            .find(|c| c.cats.has(Cat::Correlation) && !self.aspiration_before(c.t0));

        let relation_events: Vec<&Event> = events
            .iter()
            .filter(|e| {
                e.kind != EventKind::Safety
                    && e.kind != EventKind::Superiority
                    && !e.aspiration
                    && !e.infinitive
            })
            .collect();
        let predicate_events = relation_events.iter().any(|e| e.predicate);
        // Relation strength, whatever the polarity: causal predicates give
        // hedged or direct; a change stated as a noun ("improvements in
        // HbA1c") or an association cue gives correlational.
        let mut strength = relation_events
            .iter()
            .filter(|e| e.predicate)
            .map(|e| e.strength)
            .max()
            .unwrap_or(Strength::None);
        // A comparison between groups ("lower with VAB than with CCNB",
        // "had a decreased length of stay") states an association.
        let comparative = self.cues.iter().any(|c| {
            c.cats.has(Cat::Comparative)
                && !self.aspiration_before(c.t0)
                && !matches!(self.word(c.t1), "emphasis" | "attention")
                && (self.cues.iter().any(|o| {
                    o.t0 >= c.t1
                        && o.t0 <= c.t1 + 2
                        && (o.cats.has(Cat::TargetGood) || o.cats.has(Cat::TargetBad))
                }) || self.lower.iter().skip(c.t1).take(8).any(|w| w == "than"))
                && !(self.word(c.t0) == "more" && self.word(c.t1) == "than")
                && !(self.word(c.t0) == "less" && self.word(c.t1) == "than")
        });
        if corr.is_some() && !predicate_events && strength > Strength::Correlational {
            strength = Strength::Correlational;
        }
        // "X is associated with increased Y": when the sentence's relation is
        // an association, the verbs around it do not make it causal (Yu et
        // al.'s correlational class). A hedge still marks it conditional.
        let strong_association = self.cues.iter().any(|c| {
            c.cats.has(Cat::Correlation)
                && !self.aspiration_before(c.t0)
                // "reduced the odds of", "increases the risk": a causal verb
                // acting on a risk is causal.
                && !events.iter().any(|e| {
                    e.predicate
                        && e.kind != EventKind::Safety
                        && e.t0 < c.t0
                        && c.t0 <= e.t0 + 3
                        // "experienced a lower risk" reports, it does not cause.
                        && !self.cues.iter().any(|v| v.t0 == e.t0 && v.cats.has(Cat::VerbGive) && !v.cats.has(Cat::VerbCause))
                })
                // An association noun in the object of a causal verb
                // ("improved … lipid risk factors") does not make the
                // sentence associative; an association verb does.
                && {
                    let w = self.word(c.t0);
                    let verbal = w.starts_with("associated") || w.starts_with("correlate") || w.starts_with("linked") || w.starts_with("related") || w.starts_with("predict");
                    let first_pred = events
                        .iter()
                        .filter(|e| e.predicate && e.kind != EventKind::Safety)
                        .filter(|e| !self.cues.iter().any(|v| v.t0 == e.t0 && v.cats.has(Cat::VerbGive) && !v.cats.has(Cat::VerbCause)))
                        .map(|e| e.t0)
                        .min();
                    verbal || first_pred.is_none_or(|p| c.t0 < p)
                }
                && {
                    let w = self.word(c.t0);
                    w.starts_with("associat") || w.starts_with("correlat") || w.starts_with("link") || w.starts_with("relat") || w.starts_with("predict") || w == "risk" || w == "odds" || w == "hazard" || w == "likelihood"
                        || matches!(w, "higher" | "lower" | "increased" | "reduced" | "greater" | "at" | "more" | "less" | "independent")
                            && self.lower.get(c.t1.saturating_sub(1)).is_some_and(|l| matches!(l.as_ref(), "risk" | "likely" | "factor" | "factors"))
                }
        });
        if strong_association && matches!(strength, Strength::Direct | Strength::Hedged) {
            strength = Strength::Correlational;
        }
        if strength == Strength::None && (corr.is_some() || comparative) {
            strength = Strength::Correlational;
        }
        // A modal of possibility anywhere in the sentence makes its causal
        // relation conditional ("X might have increased Y", "Y could benefit
        // from X"): Yu et al.'s conditional-causal class. "Can" of ability
        // does not.
        let modal = self.cues.iter().any(|c| {
            c.cats.has(Cat::Hedge)
                && matches!(
                    self.word(c.t0),
                    "may"
                        | "might"
                        | "could"
                        | "would"
                        | "appears"
                        | "appear"
                        | "appeared"
                        | "seems"
                        | "seem"
                        | "seemed"
                        | "possibly"
                        | "perhaps"
                        | "probably"
                )
        });
        if modal && strength == Strength::Direct {
            strength = Strength::Hedged;
        }
        // "X may prove useful", "may be responsible": a modal with an
        // efficacy word states a conditional relation even without a
        // causal verb.
        if modal
            && strength == Strength::None
            && self.cues.iter().any(|c| {
                (c.cats.has(Cat::Work) || c.cats.has(Cat::WorkWeak) || c.cats.has(Cat::CausalNoun))
                    && !self.aspiration_before(c.t0)
            })
        {
            strength = Strength::Hedged;
        }
        let has_relation = strength >= Strength::Hedged;
        let proof_claim = est_cues.iter().any(|c| c.cats.has(Cat::EstablishmentAlone));
        if has_relation
            && (!est_cues.is_empty()
                || (!percent.is_empty() && !relation_events.is_empty())
                || stats)
            && (strength > Strength::Hedged || proof_claim)
        {
            strength = Strength::Establishment;
        }

        // Claim: an affirmed event.
        let affirmed: Vec<&Event> = events
            .iter()
            .filter(|e| e.kind != EventKind::Relation && !e.negated && !e.doubted && !e.aspiration)
            .collect();
        // "Avoid sun exposure to reduce redness": aftercare and how-to
        // advice opens with an instruction verb. What the reader is told to
        // do is not a claim; a purpose it serves is, when that purpose is a
        // benefit of the product ("follow with sunscreen to protect your
        // skin") and not the avoidance of a side effect ("to reduce
        // swelling").
        let first_word = self.toks.iter().position(|t| t.word);
        let instruction = first_word.is_some_and(|first| {
            self.cues
                .iter()
                .any(|c| c.t0 == first && c.cats.has(Cat::Instruction))
        });
        // Only using a product serves a product benefit: "use consistently
        // to see brightening" claims; "stay hydrated to optimize results"
        // advises.
        let use_verb = matches!(
            first,
            "use"
                | "apply"
                | "follow"
                | "layer"
                | "pair"
                | "combine"
                | "add"
                | "incorporate"
                | "try"
                | "start"
                | "opt"
                | "choose"
                | "book"
                | "get"
        );
        let product_here = self.cues.iter().any(|c| {
            (c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient))
                && !matches!(self.word(c.t0), "it" | "they" | "this" | "these")
        });
        let affirmed: Vec<&Event> = if instruction {
            affirmed
                .into_iter()
                .filter(|e| {
                    let after_to = e.t0 >= 1 && self.word(e.t0 - 1) == "to"
                        || e.t0 >= 2 && self.word(e.t0 - 2) == "to";
                    let harm = self.cues.iter().any(|c| {
                        c.t0 >= e.t0 && c.t0 < e.t1.max(e.t0 + 1) && c.cats.has(Cat::Harm)
                    });
                    // …or a relative clause about the product ("Buy the
                    // booster, which firms skin").
                    let later_clause = first_word.is_some_and(|f| {
                        self.clause[e.t0.min(self.clause.len() - 1)] != self.clause[f]
                    });
                    (after_to && (use_verb || product_here) || later_clause && product_here)
                        && !harm
                        && e.kind == EventKind::Benefit
                })
                .collect()
        } else {
            affirmed
        };
        if instruction && affirmed.is_empty() {
            self.reasons
                .push("the sentence is an instruction to the reader".into());
        }
        let instruction = false;
        // What skin or the body does by itself is not a claim ("mature skin
        // takes longer to heal"): no product, and the body is the subject.
        let has_product = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient));
        let first_predicate = events
            .iter()
            .filter(|e| e.predicate)
            .map(|e| e.t0)
            .min()
            .unwrap_or(0);
        let first_predicate_any = events
            .iter()
            .filter(|e| e.predicate)
            .map(|e| e.t0)
            .min()
            .unwrap_or(usize::MAX);
        let body_own = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::BodyOwn) && c.t0 < first_predicate_any);
        let named_product = self.cues.iter().any(|c| {
            (c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient))
                && !matches!(self.word(c.t0), "it" | "they" | "this" | "these")
        });
        let body_subject = !(if body_own { named_product } else { has_product })
            && (body_own
                || self.lower.iter().take(first_predicate.min(3)).any(|w| {
                    matches!(
                        w.as_ref(),
                        "skin"
                            | "body"
                            | "collagen"
                            | "elastin"
                            | "cells"
                            | "melanin"
                            | "sebum"
                            | "uv"
                            | "sun"
                            | "aging"
                            | "ageing"
                    )
                }));
        let affirmed: Vec<&Event> = if body_subject {
            affirmed
                .into_iter()
                .filter(|e| matches!(e.kind, EventKind::Establishment))
                .collect()
        } else {
            affirmed
        };
        if body_subject {
            self.reasons
                .push("the subject is the skin or body itself, not a product".into());
        }
        // A label introducing a list ("Clinical data:", "Mechanism proven:")
        // names a topic unless it states a benefit with a verb.
        let label = trimmed.trim_end_matches(['*', '_', ' ']).ends_with(':')
            && self.toks.iter().filter(|t| t.word).count() <= 6
            && !affirmed.iter().any(|e| e.predicate);
        // "To maintain your enhanced appearance, we recommend…": the opening
        // infinitive states an aim.
        let purpose_opening = first == "to"
            && !affirmed
                .iter()
                .any(|e| self.clause[e.t0.min(self.clause.len() - 1)] != self.clause[0]);
        if label || purpose_opening {
            self.reasons
                .push("the sentence introduces a list or states an aim".into());
        }
        // A heading that only names a topic ("Key Benefits of SkinVive").
        let topic_label = self.ctx.heading
            && !affirmed.is_empty()
            && affirmed
                .iter()
                .all(|e| e.role == "efficacy" && !e.predicate);
        // "NIVEA Sun Protect Water Gel SPF 50": a product's name lists
        // benefit words; in a list it names, it does not claim.
        let product_name = self.ctx.fragment && {
            let words: Vec<&Tok> = self.toks.iter().filter(|t| t.word).collect();
            let caps = words
                .iter()
                .filter(|t| {
                    self.s[t.range.clone()]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                })
                .count();
            words.len() >= 3
                && caps * 10 >= words.len() * 8
                && words.iter().any(|t| {
                    matches!(
                        self.s[t.range.clone()].to_lowercase().as_str(),
                        "serum"
                            | "cream"
                            | "lotion"
                            | "gel"
                            | "moisturizer"
                            | "moisturiser"
                            | "cleanser"
                            | "toner"
                            | "sunscreen"
                            | "mask"
                            | "oil"
                            | "essence"
                            | "balm"
                            | "spf"
                            | "fluid"
                            | "ampoule"
                    )
                })
        };
        if product_name {
            self.reasons.push("a product's name, not a claim".into());
        }
        let claim = !product_name
            && !question
            && !instruction
            && !topic_label
            && !label
            && !purpose_opening
            && !affirmed.is_empty();
        let negated = !relation_events.is_empty() && relation_events.iter().all(|e| e.negated)
            || (affirmed.is_empty() && events.iter().any(|e| e.negated));
        let doubted = !events.is_empty() && events.iter().all(|e| e.doubted);

        // Strength of the claim itself when it is one: from its affirmed events.
        let mut claim_strength = strength;
        if claim {
            // The sentence's assertion is its predicate: an attributive
            // "hydrating serum" does not outrank "can give a glow".
            let predicates: Vec<&&Event> = affirmed.iter().filter(|e| e.predicate).collect();
            let best = if predicates.is_empty() {
                affirmed.iter().map(|e| e.strength).max()
            } else {
                predicates.iter().map(|e| e.strength).max()
            }
            .unwrap_or(Strength::Direct);
            claim_strength = best.max(Strength::Hedged);
            let benefit_kind = affirmed
                .iter()
                .any(|e| matches!(e.kind, EventKind::Benefit | EventKind::Establishment));
            if corr.is_some() && !affirmed.iter().any(|e| e.predicate) && benefit_kind {
                claim_strength = Strength::Correlational.max(if best == Strength::Establishment {
                    best
                } else {
                    Strength::Correlational
                });
            }
            if est_affirmed || (!percent.is_empty() && benefit_kind) || stats && benefit_kind {
                claim_strength = Strength::Establishment;
            }
        }
        // The relation language of the sentence: what its relation events say,
        // or, for a claim with no relation (a safety promise), the claim's.
        let relation = if strength == Strength::None
            && claim
            && affirmed
                .iter()
                .any(|e| matches!(e.kind, EventKind::Benefit | EventKind::Establishment))
        {
            claim_strength
        } else {
            strength
        };

        let first_person = self.cues.iter().any(|c| c.cats.has(Cat::FirstPerson))
            || self
                .lower
                .iter()
                .any(|w| matches!(w.as_ref(), "i" | "my" | "me" | "i'm" | "i've" | "myself"));
        let in_quotes = s.contains(['"', '“', '”']) || self.ctx.quoted;
        // "I look ten years younger": a first-person outcome is a
        // testimonial even outside quotes.
        let own_outcome = affirmed.iter().any(|e| {
            e.kind == EventKind::Benefit
                && (e.t0.saturating_sub(3)..e.t1.min(self.lower.len()))
                    .any(|i| matches!(self.lower[i].as_ref(), "i" | "my" | "i'm" | "i've"))
        });
        let kind = if first_person
            && (in_quotes || own_outcome)
            && affirmed.iter().any(|e| e.kind == EventKind::Benefit)
        {
            Kind::Testimonial
        } else if affirmed.iter().any(|e| e.kind == EventKind::Superiority) {
            Kind::Superiority
        } else if (!affirmed.is_empty() && affirmed.iter().all(|e| e.kind == EventKind::Safety))
            || (affirmed.iter().any(|e| e.kind == EventKind::Safety)
                && !affirmed
                    .iter()
                    .any(|e| e.kind == EventKind::Benefit && e.predicate))
        {
            Kind::Safety
        } else {
            Kind::Efficacy
        };

        // Triggers, for explanation.
        let mut triggers = Vec::new();
        for c in &self.cues {
            let role = role_of(c.cats);
            if let Some(role) = role {
                triggers.push(Trigger {
                    text: s[c.range.clone()].to_string(),
                    range: c.range.clone(),
                    role,
                });
            }
        }
        for p in &percent {
            triggers.push(Trigger {
                text: s[p.clone()].to_string(),
                range: p.clone(),
                role: "establishment",
            });
        }
        triggers.sort_by_key(|t| t.range.start);

        // Primary phrase: the first affirmed event of the claim's kind (so an
        // efficacy claim underlines its benefit, not a "gentle" beside it),
        // else the first affirmed event, else the first event.
        let of_kind = |e: &&&Event| match kind {
            Kind::Efficacy | Kind::Testimonial => {
                matches!(e.kind, EventKind::Benefit | EventKind::Establishment)
            }
            Kind::Safety => e.kind == EventKind::Safety,
            Kind::Superiority => e.kind == EventKind::Superiority,
        };
        let primary_event = affirmed
            .iter()
            .find(of_kind)
            .copied()
            .or(affirmed.first().copied())
            .or(events.first());
        let primary = primary_event.map(|e| {
            let a = self.toks[e.t0.min(self.toks.len() - 1)].range.start;
            let b = self.toks[(e.t1.max(e.t0 + 1) - 1).min(self.toks.len() - 1)]
                .range
                .end;
            a..b.max(a)
        });

        if question {
            self.reasons.push("the sentence is a question".into());
        }
        for e in &events {
            let a = self.toks[e.t0.min(self.toks.len() - 1)].range.start;
            let b = self.toks[(e.t1.max(e.t0 + 1) - 1).min(self.toks.len() - 1)]
                .range
                .end;
            let phrase = &s[a..b.max(a)];
            let mut why = format!("`{phrase}`: {} ({})", e.role, e.strength.as_str());
            if e.negated {
                why.push_str(", negated");
            }
            if e.doubted {
                why.push_str(", reported in order to doubt it");
            }
            if e.aspiration {
                why.push_str(", an aspiration rather than an outcome");
            }
            self.reasons.push(why);
        }
        if !percent.is_empty() && claim {
            self.reasons
                .push("a stated percentage makes it an establishment claim".into());
        }

        // Facts the evidence policy needs.
        let speculative = claim
            && affirmed
                .iter()
                .filter(|e| e.kind != EventKind::Safety)
                .all(|e| e.strength <= Strength::Hedged)
            && self.cues.iter().any(|c| {
                c.cats.has(Cat::Hedge)
                    && matches!(
                        self.word(c.t0),
                        "may"
                            | "might"
                            | "could"
                            | "possibly"
                            | "perhaps"
                            | "potential"
                            | "potentially"
                            | "promising"
                            | "preliminary"
                            | "early"
                            | "emerging"
                            | "theoretical"
                            | "theoretically"
                    )
            });
        let sensory = self.cues.iter().any(|c| {
            c.cats.has(Cat::Sensory)
                && self.cues.iter().any(|r| {
                    r.t0 >= c.t1
                        && r.t0 <= c.t1 + 2
                        && (r.cats.has(Cat::Result) || r.cats.has(Cat::TargetGood))
                })
        }) && !affirmed.iter().any(|e| {
            e.predicate
                && e.kind == EventKind::Benefit
                && !self
                    .cues
                    .iter()
                    .any(|c| c.t0 == e.t0 && c.cats.has(Cat::Sensory))
        });
        let preclinical_framing = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::Preclinical) && !self.neg.get(c.t0).copied().unwrap_or(false));
        let named_products: Vec<&Cue> = self
            .cues
            .iter()
            .filter(|c| {
                (c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient))
                    && !matches!(
                        self.word(c.t0),
                        "it" | "they" | "this" | "these" | "ingredient" | "active"
                    )
            })
            .collect();
        let finished_product = named_products.iter().any(|c| !c.cats.has(Cat::Ingredient));
        let testimonial_quote = first_person
            && (s.contains(['"', '“', '”']) || self.ctx.quoted)
            && events
                .iter()
                .any(|e| e.kind == EventKind::Benefit && !e.negated && !e.aspiration);
        Classification {
            testimonial_quote,
            speculative,
            sensory,
            percentage: !percent.is_empty() && claim,
            preclinical_framing,
            finished_product,
            claim,
            strength: if claim { claim_strength } else { strength },
            relation,
            kind,
            negated,
            doubted: doubted && !claim,
            question,
            triggers,
            primary,
            reasons: self.reasons,
        }
    }
}

fn role_of(cats: CatSet) -> Option<&'static str> {
    const ORDER: &[(Cat, &str)] = &[
        (Cat::NegationClause, "negation"),
        (Cat::Negation, "negation"),
        (Cat::Doubt, "doubt"),
        (Cat::EstablishmentAlone, "establishment"),
        (Cat::Establishment, "establishment"),
        (Cat::Hedge, "hedge"),
        (Cat::Correlation, "association"),
        (Cat::Safety, "safety"),
        (Cat::Superiority, "superiority"),
        (Cat::VerbGood, "benefit"),
        (Cat::VerbUp, "benefit"),
        (Cat::VerbDown, "benefit"),
        (Cat::VerbGive, "benefit"),
        (Cat::VerbCause, "relation"),
        (Cat::Work, "efficacy"),
        (Cat::Result, "result"),
        (Cat::TargetGood, "target"),
        (Cat::TargetBad, "target"),
        (Cat::Harm, "harm"),
        (Cat::FirstPerson, "first-person"),
    ];
    ORDER.iter().find(|(c, _)| cats.has(*c)).map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cls(s: &str) -> Classification {
        Classifier::default().classify(s, SentenceContext::default())
    }

    fn frag(s: &str) -> Classification {
        Classifier::default().classify(
            s,
            SentenceContext {
                fragment: true,
                ..Default::default()
            },
        )
    }

    #[test]
    fn direct_benefit() {
        let c = cls("PRP boosts collagen.");
        assert!(c.claim);
        assert_eq!(c.strength, Strength::Direct);
        assert_eq!(c.kind, Kind::Efficacy);
    }

    #[test]
    fn negated_benefit_is_not_a_claim_but_keeps_its_strength() {
        let c = cls("There is no evidence that exosome facials improve collagen.");
        assert!(!c.claim);
        assert!(c.negated);
        assert!(c.strength >= Strength::Direct);
    }

    #[test]
    fn negation_is_scoped_to_its_clause() {
        let c = cls("Exosomes don't work, but retinol reduces fine lines.");
        assert!(c.claim);
    }

    #[test]
    fn doubted_benefit_is_not_a_claim() {
        let c = cls("Exosome serums are marketed as treatments that boost collagen.");
        assert!(!c.claim);
    }

    #[test]
    fn questions_are_not_claims() {
        assert!(!cls("Does retinol reduce wrinkles?").claim);
    }

    #[test]
    fn hedges() {
        let c = cls("Vitamin C may help fade dark spots.");
        assert!(c.claim);
        assert_eq!(c.strength, Strength::Hedged);
    }

    #[test]
    fn permission_can_is_not_a_hedge() {
        let c = cls("You can return to work the same day.");
        assert!(!c.claim);
    }

    #[test]
    fn establishment() {
        let c = cls("Our serum is clinically proven to firm skin.");
        assert!(c.claim);
        assert_eq!(c.strength, Strength::Establishment);
        let c = cls("Dr Low recommends treatments with proven efficacy.");
        assert!(c.claim);
        assert_eq!(c.strength, Strength::Establishment);
    }

    #[test]
    fn association() {
        let c = cls("Higher vitamin D levels were associated with fewer wrinkles.");
        assert_eq!(c.strength, Strength::Correlational);
    }

    #[test]
    fn harm_is_not_a_benefit() {
        assert!(!cls("Smoking increases the risk of wrinkles.").claim);
        assert!(!cls("Common side effects include redness and swelling.").claim);
    }

    #[test]
    fn safety_promises() {
        let c = cls("The treatment is painless with no downtime.");
        assert!(c.claim);
        assert_eq!(c.kind, Kind::Safety);
        let c = cls("Results come without any downtime.");
        assert!(c.claim);
    }

    #[test]
    fn fragments() {
        assert!(frag("Ultherapy Prime for lifting and firmness").claim);
        assert!(frag("Reduced wrinkles").claim);
    }

    #[test]
    fn superiority() {
        let c = cls("It is more effective than any cream.");
        assert!(c.claim);
        assert_eq!(c.kind, Kind::Superiority);
    }

    #[test]
    fn testimonial() {
        let c = cls("\u{201c}This serum changed my skin overnight!\u{201d}");
        assert!(c.claim, "{:?}", c.reasons);
        assert_eq!(c.kind, Kind::Testimonial);
    }

    #[test]
    fn every_claim_has_a_primary_phrase_inside_the_sentence() {
        for s in ["PRP boosts collagen.", "No downtime.", "Clinically proven."] {
            let c = cls(s);
            let p = c.primary.expect("primary");
            assert!(p.end <= s.len() && !s[p].is_empty());
        }
    }
}
