//! Events: what the cues of a sentence assert together.
//!
//! Owns: turning cues into events, the candidates the verdict weighs. A
//! benefit is a verb that moves a target the right way (`reduces` +
//! `wrinkles`, `boosts` + `collagen`), a verb that is a benefit in itself
//! (`rejuvenates`), a result state (`smoother skin`), a claim of efficacy
//! (`effective`), a stated percentage of an outcome, or a treatment "for" a
//! target in a fragment. A safety event is a safety promise (`painless`) or
//! a negated harm (`no downtime`); superiority and establishment events
//! come from their cues. The same verb moving a target the wrong way
//! (`increases the risk`) is a causal relation, not a benefit. Each event
//! records whether it is negated, doubted, an aspiration or a purpose.
//! Does not own: whether the sentence is a claim (`verdict`, `model`).

use crate::lazy_regex::LazyRegex;

use super::kinds::Strength;
use super::scope::{Analysis, Cue};
use crate::lexicon::{Cat, W};

/// What an event asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    Benefit,
    Safety,
    Superiority,
    Establishment,
    /// A causal relation that is not a benefit (`increases the risk`).
    Relation,
}

/// One assertion found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub kind: EventKind,
    /// Token span of the phrase.
    pub t0: usize,
    pub t1: usize,
    /// Relation strength of this event.
    pub strength: Strength,
    pub negated: bool,
    pub doubted: bool,
    pub aspiration: bool,
    /// Made by a real predicate (verb), not an adjective or noun.
    pub predicate: bool,
    /// The predicate is an infinitive of purpose.
    pub infinitive: bool,
    pub role: &'static str,
}

pub(crate) static PERCENT: LazyRegex = LazyRegex::new(
    r"(?:\d+(?:[.,]\d+)?\s?(?:-|–|to)\s?)?\d+(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b)",
);

/// Statistics that mark a study's result ("p < 0.05", "n = 40", "120
/// patients").
pub(crate) static STAT: LazyRegex = LazyRegex::new(
    r"(?i)\bp\s?[<=≤]\s?0?\.\d+|\bn\s?=\s?\d+|\b\d+(?:,\d{3})*\+?\s(?:patients|participants|subjects|volunteers|women|men|people)\b",
);

/// Compiles the number patterns ahead of need (see
/// [`crate::Linter::warm_up`]).
pub(crate) fn warm_up() {
    PERCENT.warm_up();
    STAT.warm_up();
}

/// Whether `s` holds an ASCII digit, which every number pattern needs.
pub(crate) fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// Facts about the whole sentence that several cue handlers read.
struct Scene {
    has_product: bool,
    has_target: bool,
}

/// A cue handler's answer: `None` when the cue is not its kind, else
/// whether it made an event.
type Handled = Option<Option<Event>>;

impl Analysis<'_> {
    /// An event over tokens `t0..t1`, with its negation, doubt, aspiration
    /// and purpose read at its first token.
    fn mk(
        &self,
        kind: EventKind,
        t0: usize,
        t1: usize,
        strength: Strength,
        predicate: bool,
        role: &'static str,
    ) -> Event {
        let at = t0.min(self.toks.len().saturating_sub(1));
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
    }

    /// Hedged when a hedge governs token `t`, else direct.
    fn hedged_or_direct(&self, t: usize) -> Strength {
        if self.hedge_before(t).is_some() {
            Strength::Hedged
        } else {
            Strength::Direct
        }
    }

    /// Every event of the sentence, in cue order, then percentages and
    /// "for" fragments.
    pub fn events(&self) -> Vec<Event> {
        let scene = Scene {
            has_product: self
                .cues
                .iter()
                .any(|c| c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient)),
            has_target: self.cues.iter().any(|c| {
                c.cats.has(Cat::TargetGood) || c.cats.has(Cat::TargetBad) || c.cats.has(Cat::Result)
            }),
        };
        let mut ev = Vec::new();
        for c in &self.cues {
            let handled = self
                .verb_event(c, &scene)
                .or_else(|| self.proof_event(c))
                .or_else(|| self.help_event(c))
                .or_else(|| self.causal_noun_event(c))
                .or_else(|| self.work_event(c, &scene))
                .or_else(|| self.state_event(c, &scene))
                .or_else(|| self.comparative_event(c))
                .or_else(|| self.safety_event(c))
                .or_else(|| self.superiority_event(c));
            if let Some(Some(e)) = handled {
                ev.push(e);
            }
        }
        self.drop_harmed_outcomes(&mut ev);
        if let Some(e) = self.percent_event() {
            ev.push(e);
        }
        self.for_events(&scene, &mut ev);
        ev
    }

    /// A verb cue used as a verb: a benefit when it moves its object the
    /// right way, else a causal relation.
    fn verb_event(&self, c: &Cue, scene: &Scene) -> Handled {
        let cats = c.cats;
        let is_verb = cats.has(Cat::VerbUp)
            || cats.has(Cat::VerbDown)
            || cats.has(Cat::VerbGood)
            || cats.has(Cat::VerbCause)
            || cats.has(Cat::VerbGive);
        if !(is_verb && self.verb_role(c) && !cats.has(Cat::Hedge)) {
            return None;
        }
        let strength = self.hedged_or_direct(c.t0);
        let passive = self.word(c.t0).ends_with("ed");
        let (good, bad) = self.object_of(c, passive);
        let predicate = !self.nominal(c) && !self.attributive_ing(c);
        if cats.has(Cat::VerbGood) {
            // A bare "protection" or "rejuvenation" names a topic; it
            // promises something with an object ("protection against UV
            // damage") or a product beside it.
            if self.nominal(c) && good.is_none() && bad.is_none() && !scene.has_product {
                return Some(None);
            }
            let end = good.or(bad).map_or(c.t1, |o| o.t1.max(c.t1));
            let e = self.mk(
                EventKind::Benefit,
                c.t0,
                end,
                strength,
                predicate,
                "benefit",
            );
            return Some(Some(e));
        }
        // Which object does the verb govern? Prefer the nearer one.
        let nearest = match (good, bad) {
            (Some(g), Some(b)) => Some(if g.t0 <= b.t0 { (g, true) } else { (b, false) }),
            (Some(g), None) => Some((g, true)),
            (None, Some(b)) => Some((b, false)),
            (None, None) => None,
        };
        let up = cats.has(Cat::VerbUp);
        let down = cats.has(Cat::VerbDown);
        let give = cats.has(Cat::VerbGive);
        let cause = cats.has(Cat::VerbCause);
        let Some((o, is_good)) = nearest else {
            let relation = (cause || up || down) && !self.bare_participle(c);
            return Some(relation.then(|| {
                self.mk(
                    EventKind::Relation,
                    c.t0,
                    c.t1,
                    strength,
                    predicate,
                    "relation",
                )
            }));
        };
        // Neutral causal verbs ("alters blood flow") relate but do not
        // benefit.
        let stem = self
            .word(c.t0)
            .trim_end_matches(['s', 'd'])
            .trim_end_matches("e");
        let neutral = cause && self.words.has(stem, W::NeutralCauseStem);
        let benefit =
            (is_good && !neutral && (up || give || (cause && !down))) || (!is_good && down);
        let (kind, role) = if benefit {
            (EventKind::Benefit, "benefit")
        } else {
            (EventKind::Relation, "relation")
        };
        Some(Some(self.mk(
            kind,
            c.t0,
            o.t1.max(c.t1),
            strength,
            predicate,
            role,
        )))
    }

    /// "patients treated at eight units": a participle with no object is
    /// not a causal predicate. "X increased Y" is.
    fn bare_participle(&self, c: &Cue) -> bool {
        self.word(c.t0).ends_with("ed")
            && c.t1 == c.t0 + 1
            && c.t0 > 0
            && !self.prev_is(c.t0, W::PassiveAux)
            && (c.t1 >= self.lower.len()
                || self.is(c.t1, W::BareParticipleNext)
                || !self.toks.get(c.t1).is_some_and(|t| t.word))
    }

    /// Proof in itself ("clinically proven").
    fn proof_event(&self, c: &Cue) -> Handled {
        c.cats.has(Cat::EstablishmentAlone).then(|| {
            Some(self.mk(
                EventKind::Establishment,
                c.t0,
                c.t1,
                Strength::Establishment,
                false,
                "establishment",
            ))
        })
    }

    /// "may help (to) accommodate": helping is a (hedged) causal relation
    /// even when the helped verb is not in the lexicon.
    fn help_event(&self, c: &Cue) -> Handled {
        if !(c.cats.has(Cat::Hedge) && self.is(c.t1.saturating_sub(1), W::HelpVerb)) {
            return None;
        }
        let strength = if c.t1 - c.t0 > 1 || self.hedge_before(c.t0).is_some() {
            Strength::Hedged
        } else {
            Strength::Direct
        };
        let e = self.mk(
            EventKind::Relation,
            c.t0,
            c.t1,
            strength.min(Strength::Hedged),
            true,
            "relation",
        );
        Some(Some(e))
    }

    /// A causal noun ("a huge role in collagen synthesis", "led to"): a
    /// benefit when its object is good.
    fn causal_noun_event(&self, c: &Cue) -> Handled {
        if !c.cats.has(Cat::CausalNoun) {
            return None;
        }
        let strength = self.hedged_or_direct(c.t0);
        let (good, _) = self.object_of(c, false);
        let benefit = c.cats.has(Cat::Work) || good.is_some_and(|g| g.cats.has(Cat::TargetGood));
        let (kind, role) = if benefit {
            (EventKind::Benefit, "efficacy")
        } else {
            (EventKind::Relation, "relation")
        };
        // A bare "effects" names a topic; "effect on", "led to" link a
        // cause to an outcome.
        let linking = c.t1 > c.t0 + 1 || !self.is(c.t0, W::TopicNoun);
        Some(Some(self.mk(kind, c.t0, c.t1, strength, linking, role)))
    }

    /// Efficacy words ("works", "effective").
    fn work_event(&self, c: &Cue, scene: &Scene) -> Handled {
        if !c.cats.has(Cat::Work) || c.cats.has(Cat::Hedge) {
            return None;
        }
        // "how skin boosters work", "what actually works": a topic.
        if self.is(c.t0, W::WorkTopic)
            && (c.t0.saturating_sub(4)..c.t0).any(|i| self.is(i, W::WhTopic))
        {
            return Some(None);
        }
        let strength = self.hedged_or_direct(c.t0);
        let predicate = self.is(c.t0, W::WorkPredicate);
        if predicate
            && (self.aspiration_before(c.t0)
                || !(scene.has_product || scene.has_target || self.ctx.fragment)
                    && self.word(c.t0) != "works")
        {
            return Some(None);
        }
        let predicative = self.is(c.t0, W::PredicativeEfficacy);
        let e = self.mk(
            EventKind::Benefit,
            c.t0,
            c.t1,
            strength,
            predicative,
            "efficacy",
        );
        Some(Some(e))
    }

    /// Weak efficacy words beside a product or target, and result states
    /// ("smoother skin").
    fn state_event(&self, c: &Cue, scene: &Scene) -> Handled {
        let other_target = || {
            self.cues.iter().any(|o| {
                o.t0 != c.t0
                    && (o.cats.has(Cat::TargetGood)
                        || o.cats.has(Cat::TargetBad)
                        || o.cats.has(Cat::Result))
            })
        };
        let role = if c.cats.has(Cat::WorkWeak) && (scene.has_product || other_target()) {
            "efficacy"
        } else if c.cats.has(Cat::Result) && !c.cats.has(Cat::Harm) {
            "result"
        } else {
            return None;
        };
        let strength = self.hedged_or_direct(c.t0);
        Some(Some(self.mk(
            EventKind::Benefit,
            c.t0,
            c.t1,
            strength,
            false,
            role,
        )))
    }

    /// "reduced wrinkles", "more radiant skin", "enhanced collagen
    /// production": a comparative before a target.
    fn comparative_event(&self, c: &Cue) -> Handled {
        if !c.cats.has(Cat::Comparative) {
            return None;
        }
        let next = self.cues.iter().find(|o| {
            o.t0 >= c.t1
                && o.t0 <= c.t1 + 2
                && self.clause[o.t0] == self.clause[c.t0]
                && (o.cats.has(Cat::TargetGood) || o.cats.has(Cat::TargetBad))
                && !self.is(o.t0, W::GenericOutcome)
        });
        let Some(o) = next else {
            return Some(None);
        };
        let decreasing = self.is(c.t0, W::Decreasing);
        let good_target = o.cats.has(Cat::TargetGood) && !o.cats.has(Cat::TargetBad);
        let benefit = decreasing != good_target;
        let (kind, role) = if benefit {
            (EventKind::Benefit, "result")
        } else {
            (EventKind::Relation, "relation")
        };
        let strength = self.hedged_or_direct(c.t0);
        Some(Some(self.mk(kind, c.t0, o.t1, strength, false, role)))
    }

    /// A safety promise ("painless"), or a negated harm ("without pain",
    /// "doesn't cause irritation").
    fn safety_event(&self, c: &Cue) -> Handled {
        if c.cats.has(Cat::Safety) {
            let strength = self.hedged_or_direct(c.t0);
            return Some(Some(self.mk(
                EventKind::Safety,
                c.t0,
                c.t1,
                strength,
                false,
                "safety",
            )));
        }
        if !(c.cats.has(Cat::Harm) && self.neg.get(c.t0).copied().unwrap_or(false)) {
            return None;
        }
        // Find the negation cue to report the phrase.
        let neg_start = self
            .cues
            .iter()
            .filter(|n| {
                (n.cats.has(Cat::Negation) || n.cats.has(Cat::NegationClause)) && n.t0 <= c.t0
            })
            .map(|n| n.t0)
            .next_back()
            .unwrap_or(c.t0);
        Some(Some(Event {
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
        }))
    }

    /// "the best", "better than": strong superlatives always, weak ones
    /// ("leading", "advanced") only right before what they praise.
    fn superiority_event(&self, c: &Cue) -> Handled {
        if !c.cats.has(Cat::Superiority) {
            return None;
        }
        let phrase = self.s[c.range.clone()].to_lowercase();
        let strong = !self.words.has(&phrase, W::WeakSuperlative);
        let near = self.cues.iter().any(|o| {
            o.t0 != c.t0
                && (o.cats.has(Cat::Product)
                    || o.cats.has(Cat::Ingredient)
                    || o.cats.has(Cat::TargetGood)
                    || o.cats.has(Cat::Work)
                    || o.cats.has(Cat::Result)
                    || o.cats.has(Cat::TargetBad))
                && o.t0 >= c.t1
                && o.t0 <= c.t1 + 2
        });
        Some((strong || near).then(|| {
            self.mk(
                EventKind::Superiority,
                c.t0,
                c.t1,
                Strength::Direct,
                false,
                "superiority",
            )
        }))
    }

    /// "efficacy will decrease": an outcome noun that a verb moves the
    /// wrong way is not a benefit.
    fn drop_harmed_outcomes(&self, ev: &mut Vec<Event>) {
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
    }

    /// "66% had visible hair regrowth": a stated percentage of an outcome
    /// is a result claim. The outcome must be near the number: "5 %
    /// glycolic acid reduces lines" states a concentration, not a result.
    fn percent_event(&self) -> Option<Event> {
        let m = has_digit(self.s).then(|| PERCENT.find(self.s)).flatten()?;
        let pt = self
            .toks
            .iter()
            .position(|t| t.range.end > m.start)
            .unwrap_or(0);
        let o = self.cues.iter().find(|o| {
            (o.cats.has(Cat::TargetGood)
                || o.cats.has(Cat::Work)
                || o.cats.has(Cat::WorkWeak)
                || o.cats.has(Cat::Result)
                || o.cats.has(Cat::VerbGood)
                || o.cats.has(Cat::VerbUp)
                || o.cats.has(Cat::TargetBad) && o.cats.has(Cat::Comparative))
                && !o.cats.has(Cat::Harm)
                && (o.t0.abs_diff(pt) <= 4 || o.t1.abs_diff(pt) <= 4)
                && !self.concentration(m.end)
        })?;
        let (a, b) = (pt.min(o.t0), pt.max(o.t1));
        let mut e = self.mk(
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
        Some(e)
    }

    /// "for lifting and firmness" in fragments: a treatment for a target.
    fn for_events(&self, scene: &Scene, ev: &mut Vec<Event>) {
        if !(self.ctx.fragment || scene.has_product) {
            return;
        }
        for (i, w) in self.lower.iter().enumerate() {
            if w != "for" {
                continue;
            }
            let Some(o) = self.cues.iter().find(|o| {
                o.t0 > i
                    && o.t0 <= i + 3
                    && self.clause[o.t0] == self.clause[i]
                    && (o.cats.has(Cat::TargetGood)
                        || o.cats.has(Cat::TargetBad)
                        || o.cats.has(Cat::Result))
                    && !o.cats.has(Cat::Harm)
            }) else {
                continue;
            };
            let all = self
                .toks
                .get(i + 1)
                .is_some_and(|t| self.s[t.range.clone()].eq_ignore_ascii_case("all"));
            if self.neg[i] || all {
                continue;
            }
            ev.push(self.mk(
                EventKind::Benefit,
                i,
                o.t1,
                Strength::Direct,
                false,
                "benefit",
            ));
        }
    }
}
