//! The analysis of one sentence: its tokens, its cues, its clauses, and
//! the scopes of negation and doubt.
//!
//! Owns: placing each lexicon cue on the tokens it covers; splitting the
//! sentence into clauses (at `;`, `:`, dashes, `?`, `!`, termination terms
//! such as "but", and the comma that closes a sentence-initial subordinate
//! clause); and scoping negation and doubt forward to the end of their
//! clause (NegEx/ConText). A short negation ("not", "no") reaches six
//! words, a clause-wide one ("there is no evidence that") its whole clause,
//! words before it included; so does a negation of proof ("is not proven",
//! "does not work").
//! Does not own: what the cues mean together (`syntax`, `events`) or the
//! verdict.

use std::borrow::Cow;
use std::ops::Range;

use super::kinds::SentenceContext;
use super::tokens::{self, Tok};
use crate::lexicon::{Cat, CatSet, CueMatch, W, Words};

/// A lexicon cue placed on the sentence's tokens.
#[derive(Debug, Clone)]
pub(crate) struct Cue {
    /// Byte range in the sentence.
    pub range: Range<usize>,
    /// Its categories.
    pub cats: CatSet,
    /// Token indices covered, half-open.
    pub t0: usize,
    pub t1: usize,
}

/// One sentence under analysis.
pub(crate) struct Analysis<'s> {
    pub s: &'s str,
    pub words: &'s Words,
    pub lower: Vec<Cow<'s, str>>,
    /// Each token's word lists (see [`Words::mask`]).
    pub wm: Vec<u64>,
    pub toks: Vec<Tok>,
    pub cues: Vec<Cue>,
    /// Clause id of each token; never decreases along the sentence.
    pub clause: Vec<usize>,
    /// Tokens inside a negation's scope.
    pub neg: Vec<bool>,
    /// Tokens inside a doubt marker's scope.
    pub doubt: Vec<bool>,
    pub ctx: SentenceContext<'s>,
    pub reasons: Vec<String>,
}

impl<'s> Analysis<'s> {
    pub fn new(
        s: &'s str,
        words: &'s Words,
        matches: &[CueMatch],
        ctx: SentenceContext<'s>,
    ) -> Self {
        let toks = tokens::tokenize(s);
        let lower = tokens::lowercase(s, &toks);
        let wm = tokens::masks(words, &lower);
        let cues = place_cues(&toks, matches);
        let n = toks.len();
        let mut a = Analysis {
            s,
            words,
            lower,
            wm,
            toks,
            cues,
            clause: vec![0; n],
            neg: vec![false; n],
            doubt: vec![false; n],
            ctx,
            reasons: vec![],
        };
        a.clauses();
        a.scopes();
        a
    }

    /// The lowercase word at token `i`, or "" past the end.
    pub fn word(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", |w| w.as_ref())
    }

    /// Whether the word at token `i` is in list `l` (false past the end).
    pub fn is(&self, i: usize, l: W) -> bool {
        self.wm.get(i).is_some_and(|m| m & l.bit() != 0)
    }

    /// The index of the first word token.
    pub fn first_word(&self) -> Option<usize> {
        self.toks.iter().position(|t| t.word)
    }

    /// Clause ids: a new clause at `;`, `:`, dashes, `|`, `?`, `!`, a
    /// spaced hyphen, a termination term, and the comma that ends a
    /// sentence-initial subordinate clause ("While X helps, it is not a
    /// cure").
    fn clauses(&mut self) {
        let n = self.toks.len();
        let mut term_tok = vec![false; n];
        for c in &self.cues {
            if c.cats.has(Cat::Termination) {
                term_tok[c.t0] = true;
            }
        }
        let subordinate = self
            .first_word()
            .is_some_and(|f| self.is(f, W::Subordinator));
        let mut closed_sub = !subordinate;
        let mut cid = 0;
        for (i, &term) in term_tok.iter().enumerate() {
            let t = &self.s[self.toks[i].range.clone()];
            if !closed_sub && t == "," {
                closed_sub = true;
                cid += 1;
            }
            let spaced_dash = t == "-"
                && i > 0
                && i + 1 < n
                && self.s[self.toks[i - 1].range.end..self.toks[i].range.start].contains(' ');
            if term || matches!(t, ";" | ":" | "—" | "–" | "•" | "|" | "?" | "!") || spaced_dash
            {
                cid += 1;
            }
            self.clause[i] = cid;
        }
    }

    // Clause ids never decrease along the sentence, so a clause's bounds
    // are binary searches (a walk per cue is quadratic in a long clause).
    pub fn clause_start(&self, at: usize) -> usize {
        let c = self.clause.get(at).copied().unwrap_or(0);
        let j = at.min(self.clause.len());
        if j > 0 && self.clause[j - 1] == c {
            self.clause.partition_point(|&x| x < c)
        } else {
            j
        }
    }

    pub fn clause_end(&self, from: usize) -> usize {
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
            if c.cats.has(Cat::NegationClause) || self.denies_proof(ci) {
                neg.push(clause_start..end);
            } else if c.cats.has(Cat::Negation) {
                neg.push(c.t0..self.short_negation_end(c, end));
            }
            if c.cats.has(Cat::Doubt) {
                doubt.push(clause_start..end);
            }
        }
        self.neg = covered(n, &neg);
        self.doubt = covered(n, &doubt);
    }

    /// "X is not (yet) proven", "X does not work": a negation right before
    /// proof or efficacy denies the clause's claim, its subject included.
    fn denies_proof(&self, ci: usize) -> bool {
        let c = &self.cues[ci];
        // Cues are in text order: the ones starting just after this one are
        // next to it.
        c.cats.has(Cat::Negation)
            && self.cues[ci + 1..]
                .iter()
                .skip_while(|o| o.t0 < c.t1)
                .take_while(|o| o.t0 <= c.t1 + 2)
                .any(|o| {
                    o.cats.has(Cat::Establishment)
                        || o.cats.has(Cat::EstablishmentAlone)
                        || o.cats.has(Cat::Work)
                })
    }

    /// Where a short negation's scope ends: six words on, the clause's end,
    /// or a comma that opens a new clause ("Without a space, the mask clears
    /// acne"), whichever comes first.
    fn short_negation_end(&self, c: &Cue, clause_end: usize) -> usize {
        let limit = clause_end.min(c.t1 + 6);
        (c.t1..limit)
            .find(|&k| {
                &self.s[self.toks[k].range.clone()] == "," && self.is(k + 1, W::ClauseOpener)
            })
            .unwrap_or(limit)
    }
}

/// The cues of `matches` placed on tokens; neutral cues ("skin care") only
/// shield their words from shorter cues and are dropped here.
fn place_cues(toks: &[Tok], matches: &[CueMatch]) -> Vec<Cue> {
    matches
        .iter()
        .filter(|m| !m.cats.has(Cat::Neutral))
        .filter_map(|m| {
            // Tokens are in order: find the cue's first and last by binary
            // search.
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
        .collect()
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
