//! Shallow syntax around a cue: is this verb a verb, what is its object,
//! what hedges it, is it a purpose or an aim.
//!
//! Owns: the part-of-speech guesses a cue needs ("the *influence*" is a
//! noun, "is *reduced*" a passive, "a *hydrating* serum" an attribute), the
//! object a verb governs within its clause, the hedge that governs a
//! predicate, purpose infinitives and aspirations, and concentrations
//! ("5% glycolic acid"). The closed word lists it reads live in
//! `rules/lexicon.toml` under `[words.*]`.
//! Does not own: building events from cues (`events`) or the verdict.

use super::scope::{Analysis, Cue};
use crate::lexicon::{Cat, W};

impl Analysis<'_> {
    /// The token before `t`, skipping adverbs in -ly ("are *significantly*
    /// reduced").
    pub fn prev_idx(&self, t: usize) -> Option<usize> {
        (0..t).rev().find(|&i| {
            let w = self.word(i);
            !(w.ends_with("ly") && w.len() > 4)
        })
    }

    /// Whether the word before token `t` is in list `l`.
    pub fn prev_is(&self, t: usize, l: W) -> bool {
        self.prev_idx(t).is_some_and(|i| self.is(i, l))
    }

    /// Whether a verb cue is used as a verb here, not as a noun, an
    /// adjective or part of a compound.
    pub fn verb_role(&self, c: &Cue) -> bool {
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
        let single = c.t1 == c.t0 + 1;
        // Comparatives that double as verbs ("lower risk") are verbs only
        // after a modal, "to" or a pronoun ("may lower", "to lower").
        if self.is(c.t0, W::ComparativeVerb) && single {
            return self.prev_is(c.t0, W::VerbLicensor);
        }
        // Participles that describe a state ("elevated", "impaired").
        if self.is(c.t0, W::StativeParticiple) {
            return false;
        }
        if w.ends_with("ed") && single {
            if self.prev_is(c.t0, W::PassiveAux) {
                // "X was increased in patients" states a difference; "X was
                // increased by Y" a cause.
                let stative = (c.t1 >= self.lower.len() || self.is(c.t1, W::StativeNext))
                    && !self.lower.iter().skip(c.t1).take(6).any(|x| x == "by");
                return !stative;
            }
            if self.prev_is(c.t0, W::AdjContext) {
                return false;
            }
        }
        if w.ends_with("ing") && self.prev_is(c.t0, W::IngNounContext) {
            return false;
        }
        if !w.ends_with("ed") && !w.ends_with("ing") && single {
            let next = self.word(c.t1);
            if self.prev_is(c.t0, W::NounContext)
                || matches!(next, "of" | "in") && !w.ends_with('s')
            {
                return false;
            }
            if self.is(c.t1, W::AuxAfter) {
                return false;
            }
        }
        true
    }

    /// Whether the percentage ending at byte `end` is a concentration ("5 %
    /// glycolic acid", "minoxidil 5%") rather than a result.
    pub fn concentration(&self, end: usize) -> bool {
        let next = self
            .toks
            .iter()
            .position(|t| t.word && t.range.start >= end);
        // The word before the number.
        let prev = self
            .toks
            .iter()
            .rposition(|t| t.word && t.range.end <= end.saturating_sub(1))
            .and_then(|k| self.toks[..k].iter().rposition(|t| t.word));
        next.is_some_and(|k| self.is(k, W::Concentration))
            || prev.is_some_and(|k| self.is(k, W::Concentration))
    }

    /// "hydrating or brightening actives": an -ing form describing a noun,
    /// not a predicate with an object ("boosting collagen").
    pub fn attributive_ing(&self, c: &Cue) -> bool {
        let w = self.word(c.t1.saturating_sub(1));
        if !w.ends_with("ing") {
            return false;
        }
        let next_is_object = self.cues.iter().any(|o| {
            o.t0 >= c.t1
                && o.t0 <= c.t1 + 1
                && (o.cats.has(Cat::TargetGood) || o.cats.has(Cat::TargetBad))
        }) || c.t1 >= self.lower.len()
            || self.is(c.t1, W::ObjectStart);
        self.prev_is(c.t0, W::AttributiveBefore) && !next_is_object
    }

    /// A nominalisation ("reduction", "improvement") states a change without
    /// a causal predicate.
    pub fn nominal(&self, c: &Cue) -> bool {
        let w = self.word(c.t1.saturating_sub(1));
        let w = w.strip_suffix('s').unwrap_or(w);
        self.words.has_suffix(w, W::NominalSuffix)
            || (self.words.has(w, W::NominalVerb) && !self.verb_role(c))
    }

    /// An infinitive of purpose ("efforts to reduce obesity"): what it
    /// names is an aim, not a reported relation.
    pub fn purpose_infinitive(&self, t: usize) -> bool {
        t >= 2 && self.word(t - 1) == "to" && !self.is(t - 2, W::ToNotPurpose)
    }

    /// Hedge that governs a predicate at token `t` in its clause.
    pub fn hedge_before(&self, t: usize) -> Option<&Cue> {
        let clause = self.clause[t];
        self.cues
            .iter()
            .find(|c| {
                c.cats.has(Cat::Hedge)
                && !c.cats.has(Cat::Permission)
                // "skin appears firmer" reports how skin looks, it does not hedge.
                && !(self.is(c.t0, W::LookVerb)
                    && self.cues.iter().any(|r| r.t0 == c.t1 && r.cats.has(Cat::Result)))
                && self.clause[c.t0] == clause
                && c.t1 <= t
                // "can" hedges only the verb it governs; other hedges the
                // whole proposition after them.
                && (!self.is(c.t0, W::NarrowHedge) || t - c.t1 <= 3)
            })
            .or_else(|| {
                // Hedging adjectives anywhere in the clause ("potential benefits").
                self.cues.iter().find(|c| {
                    c.cats.has(Cat::Hedge)
                        && self.clause[c.t0] == clause
                        && self.is(c.t0, W::HedgeAdjective)
                })
            })
    }

    /// Whether what is at token `t` is an aim rather than an outcome: a
    /// purpose just before it ("looking to improve"), or a call for research
    /// anywhere in its clause ("further studies are needed to establish the
    /// effect of").
    pub fn aspiration_before(&self, t: usize) -> bool {
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
    /// verb within its clause: (good, bad).
    pub fn object_of(&self, v: &Cue, passive_ok: bool) -> (Option<&Cue>, Option<&Cue>) {
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
            if c.t0 < v.t1 || c.t0 >= end || self.clause[c.t0] != clause || self.measure_of(c) {
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

    /// "the appearance of wrinkles": a measure noun whose `of` phrase holds
    /// a target; the noun after "of" decides the valence.
    fn measure_of(&self, c: &Cue) -> bool {
        self.word(c.t1) == "of"
            && self.is(c.t0, W::MeasureNoun)
            && self.cues.iter().any(|o| {
                o.t0 > c.t1
                    && o.t0 <= c.t1 + 3
                    && (o.cats.has(Cat::TargetBad)
                        || o.cats.has(Cat::TargetGood)
                        || o.cats.has(Cat::Harm))
            })
    }
}
