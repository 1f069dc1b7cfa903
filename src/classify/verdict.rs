//! The rule verdict: from a sentence's events to claim or not, strength
//! and kind, with the reasons.
//!
//! Owns: the hand-written decision. A sentence is a claim by rule when an
//! event is affirmed (not negated, doubted or an aspiration) and the
//! sentence is not a question, a label introducing a list, an opening aim,
//! a heading that names a topic, or a product's name; what skin or the body
//! does by itself, and the imperative of an instruction, do not count.
//! Relation strength follows Yu et al.'s classes plus establishment: the
//! strongest cue wins. The facts it computes on the way ([`RuleVerdict`])
//! are also features for the trained model.
//! Does not own: the trained decision (`model`), or turning a verdict into
//! a [`Classification`] (`mod.rs`).

use std::ops::Range;

use super::events::{Event, EventKind, PERCENT, STAT, has_digit};
use super::kinds::{Kind, Strength, Trigger};
use super::scope::{Analysis, Cue};
use crate::lexicon::{Cat, CatSet, W};

/// What the hand-written rules conclude about a sentence, and the facts
/// they concluded it from.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleVerdict {
    pub events: Vec<Event>,
    /// Indices into `events` of the affirmed events that count.
    pub affirmed: Vec<usize>,
    /// The rules' claim decision.
    pub claim: bool,
    pub question: bool,
    /// Opens with an instruction to the reader.
    pub instruction: bool,
    /// The skin or body is the subject, not a product.
    pub body_subject: bool,
    /// A short label ending in a colon.
    pub label: bool,
    /// Opens with an infinitive of aim ("To maintain your results, ...").
    pub purpose_opening: bool,
    /// A heading that only names a topic.
    pub topic_label: bool,
    /// A product's name in a list.
    pub product_name: bool,
    /// Relation strength of the sentence's language.
    pub strength: Strength,
    /// Strength of the claim (meaningful when `claim`).
    pub claim_strength: Strength,
    /// Strength the sentence would have as a claim, whatever the rules
    /// decided.
    pub as_claim_strength: Strength,
    pub kind: Kind,
    pub negated: bool,
    pub doubted: bool,
    pub first_person: bool,
    pub in_quotes: bool,
    /// Result percentages (not concentrations), byte ranges.
    pub percent: Vec<Range<usize>>,
    pub est_affirmed: bool,
    pub correlation: bool,
}

impl Analysis<'_> {
    /// The rule verdict on the sentence.
    pub fn rule_verdict(&mut self) -> RuleVerdict {
        let mut v = RuleVerdict {
            question: self.question(),
            events: self.events(),
            ..Default::default()
        };
        let digits = has_digit(self.s);
        // Percentages and statistics need a digit: most sentences skip the
        // regexes.
        if digits {
            v.percent = PERCENT
                .find_iter(self.s)
                .filter(|m| !self.concentration(m.end))
                .collect();
        }
        let stats = digits && STAT.is_match(self.s);
        let est = self.establishment_cues();
        v.est_affirmed = est.iter().any(|c| !self.neg[c.t0] && !self.doubt[c.t0]);
        v.correlation = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::Correlation) && !self.aspiration_before(c.t0));
        v.strength = self.relation_strength(&v.events, &est, &v.percent, stats);
        self.affirmed(&mut v);
        self.blockers(&mut v);
        v.claim = !v.product_name
            && !v.question
            && !v.topic_label
            && !v.label
            && !v.purpose_opening
            && !v.affirmed.is_empty();
        let relation_events = self.relation_events(&v.events);
        v.negated = !relation_events.is_empty()
            && relation_events.iter().all(|&i| v.events[i].negated)
            || (v.affirmed.is_empty() && v.events.iter().any(|e| e.negated));
        v.doubted = !v.events.is_empty() && v.events.iter().all(|e| e.doubted);
        v.as_claim_strength = self.claim_strength(&v, stats);
        v.claim_strength = if v.claim {
            v.as_claim_strength
        } else {
            v.strength
        };
        v.first_person = self.cues.iter().any(|c| c.cats.has(Cat::FirstPerson))
            || (0..self.lower.len()).any(|i| self.is(i, W::FirstPerson));
        v.in_quotes = self.s.contains(['"', '“', '”']) || self.ctx.quoted;
        v.kind = self.kind(&v);
        v
    }

    /// A question: ends with "?", or a fragment that asks ("Is it safe",
    /// "Why is X popular"). "Why X is a star" states (no inversion).
    fn question(&self) -> bool {
        let trimmed = trim_end(self.s);
        let mut words = self.toks.iter().enumerate().filter(|(_, t)| t.word);
        let first = words.next().map(|(i, _)| i);
        let second = words.next().map(|(i, _)| i);
        let is = |i: Option<usize>, l| i.is_some_and(|i| self.is(i, l));
        trimmed.ends_with('?')
            || (self.ctx.fragment
                && !trimmed.ends_with('.')
                && (is(first, W::QuestionAux)
                    || is(first, W::WhWord) && is(second, W::QuestionAux)))
    }

    /// Establishment cues, less those that prove only a potential ("shown
    /// potential to").
    fn establishment_cues(&self) -> Vec<&Cue> {
        self.cues
            .iter()
            .filter(|c| c.cats.has(Cat::Establishment) || c.cats.has(Cat::EstablishmentAlone))
            .filter(|c| !(c.t1..c.t1 + 3).any(|i| self.is(i, W::PotentialWord)))
            .collect()
    }

    /// Events that state a relation: not safety or superiority, not aims.
    fn relation_events(&self, events: &[Event]) -> Vec<usize> {
        (0..events.len())
            .filter(|&i| {
                let e = &events[i];
                e.kind != EventKind::Safety
                    && e.kind != EventKind::Superiority
                    && !e.aspiration
                    && !e.infinitive
            })
            .collect()
    }

    /// Relation strength, whatever the polarity: causal predicates give
    /// hedged or direct; a change stated as a noun ("improvements in
    /// HbA1c") or an association cue gives correlational; proof or numbers
    /// on a direct relation give establishment.
    fn relation_strength(
        &self,
        events: &[Event],
        est: &[&Cue],
        percent: &[Range<usize>],
        stats: bool,
    ) -> Strength {
        let relation = self.relation_events(events);
        let predicate_events = relation.iter().any(|&i| events[i].predicate);
        let mut strength = relation
            .iter()
            .map(|&i| &events[i])
            .filter(|e| e.predicate)
            .map(|e| e.strength)
            .max()
            .unwrap_or(Strength::None);
        let corr = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::Correlation) && !self.aspiration_before(c.t0));
        if corr && !predicate_events && strength > Strength::Correlational {
            strength = Strength::Correlational;
        }
        if self.strong_association(events)
            && matches!(strength, Strength::Direct | Strength::Hedged)
        {
            strength = Strength::Correlational;
        }
        if strength == Strength::None && (corr || self.comparison()) {
            strength = Strength::Correlational;
        }
        let modal = self.possibility_modal();
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
        let proof_claim = est.iter().any(|c| c.cats.has(Cat::EstablishmentAlone));
        if has_relation
            && (!est.is_empty() || (!percent.is_empty() && !relation.is_empty()) || stats)
            && (strength > Strength::Hedged || proof_claim)
        {
            strength = Strength::Establishment;
        }
        strength
    }

    /// A comparison between groups ("lower with VAB than with CCNB", "had a
    /// decreased length of stay") states an association.
    fn comparison(&self) -> bool {
        self.cues.iter().any(|c| {
            c.cats.has(Cat::Comparative)
                && !self.aspiration_before(c.t0)
                && !self.is(c.t1, W::ComparativeBlocker)
                && (self.cues.iter().any(|o| {
                    o.t0 >= c.t1
                        && o.t0 <= c.t1 + 2
                        && (o.cats.has(Cat::TargetGood) || o.cats.has(Cat::TargetBad))
                }) || self.lower.iter().skip(c.t1).take(8).any(|w| w == "than"))
                && !(self.word(c.t0) == "more" && self.word(c.t1) == "than")
                && !(self.word(c.t0) == "less" && self.word(c.t1) == "than")
        })
    }

    /// A modal of possibility anywhere in the sentence makes its causal
    /// relation conditional ("X might have increased Y", "Y could benefit
    /// from X"): Yu et al.'s conditional-causal class. "Can" of ability
    /// does not.
    fn possibility_modal(&self) -> bool {
        self.cues
            .iter()
            .any(|c| c.cats.has(Cat::Hedge) && self.is(c.t0, W::PossibilityModal))
    }

    /// Whether a predicate event is a verb that only reports ("experienced a
    /// lower risk"), not one that causes.
    fn reporting_verb(&self, e: &Event) -> bool {
        self.cues
            .iter()
            .any(|v| v.t0 == e.t0 && v.cats.has(Cat::VerbGive) && !v.cats.has(Cat::VerbCause))
    }

    /// "X is associated with increased Y": when the sentence's relation is
    /// an association, the verbs around it do not make it causal (Yu et
    /// al.'s correlational class). A hedge still marks it conditional.
    fn strong_association(&self, events: &[Event]) -> bool {
        self.cues.iter().any(|c| {
            c.cats.has(Cat::Correlation)
                && !self.aspiration_before(c.t0)
                // "reduced the odds of", "increases the risk": a causal
                // verb acting on a risk is causal.
                && !events.iter().any(|e| {
                    e.predicate
                        && e.kind != EventKind::Safety
                        && e.t0 < c.t0
                        && c.t0 <= e.t0 + 3
                        && !self.reporting_verb(e)
                })
                && self.association_leads(c, events)
                && self.association_word(c)
        })
    }

    /// An association noun in the object of a causal verb ("improved …
    /// lipid risk factors") does not make the sentence associative; an
    /// association verb does.
    fn association_leads(&self, c: &Cue, events: &[Event]) -> bool {
        let w = self.word(c.t0);
        let verbal = self.words.has_prefix(w, W::AssociationVerbPrefix);
        let first_pred = events
            .iter()
            .filter(|e| e.predicate && e.kind != EventKind::Safety)
            .filter(|e| !self.reporting_verb(e))
            .map(|e| e.t0)
            .min();
        verbal || first_pred.is_none_or(|p| c.t0 < p)
    }

    /// An association word proper: "associated", "risk", "more likely".
    fn association_word(&self, c: &Cue) -> bool {
        let w = self.word(c.t0);
        self.words.has_prefix(w, W::AssociationPrefix)
            || self.is(c.t0, W::RiskNoun)
            || self.is(c.t0, W::RiskModifier) && self.is(c.t1.saturating_sub(1), W::RiskHead)
    }

    /// The affirmed events that count: not negated, doubted or aims, less
    /// an instruction's own imperative and what the body does by itself.
    fn affirmed(&mut self, v: &mut RuleVerdict) {
        let mut affirmed: Vec<usize> = (0..v.events.len())
            .filter(|&i| {
                let e = &v.events[i];
                e.kind != EventKind::Relation && !e.negated && !e.doubted && !e.aspiration
            })
            .collect();
        v.instruction = self.first_word().is_some_and(|first| {
            self.cues
                .iter()
                .any(|c| c.t0 == first && c.cats.has(Cat::Instruction))
        });
        if v.instruction {
            affirmed.retain(|&i| self.serves_product(&v.events[i]));
            if affirmed.is_empty() {
                self.reasons
                    .push("the sentence is an instruction to the reader".into());
            }
        }
        v.body_subject = self.body_subject(&v.events);
        if v.body_subject {
            affirmed.retain(|&i| v.events[i].kind == EventKind::Establishment);
            self.reasons
                .push("the subject is the skin or body itself, not a product".into());
        }
        v.affirmed = affirmed;
    }

    /// A product or ingredient named, not only referred to ("it").
    fn named_product(&self) -> bool {
        self.cues.iter().any(|c| {
            (c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient)) && !self.is(c.t0, W::Pronoun)
        })
    }

    /// "Avoid sun exposure to reduce redness": aftercare and how-to advice
    /// opens with an instruction verb. What the reader is told to do is not
    /// a claim; a purpose it serves is, when that purpose is a benefit of
    /// the product ("follow with sunscreen to protect your skin") and not
    /// the avoidance of a side effect ("to reduce swelling"). Only using a
    /// product serves a product benefit: "use consistently to see
    /// brightening" claims; "stay hydrated to optimize results" advises.
    fn serves_product(&self, e: &Event) -> bool {
        let Some(first) = self.first_word() else {
            return false;
        };
        let use_verb = self.is(first, W::UseVerb);
        let product_here = self.named_product();
        let after_to =
            e.t0 >= 1 && self.word(e.t0 - 1) == "to" || e.t0 >= 2 && self.word(e.t0 - 2) == "to";
        let harm = self
            .cues
            .iter()
            .any(|c| c.t0 >= e.t0 && c.t0 < e.t1.max(e.t0 + 1) && c.cats.has(Cat::Harm));
        // …or a relative clause about the product ("Buy the booster, which
        // firms skin").
        let later_clause = self.clause[e.t0.min(self.clause.len() - 1)] != self.clause[first];
        (after_to && (use_verb || product_here) || later_clause && product_here)
            && !harm
            && e.kind == EventKind::Benefit
    }

    /// What skin or the body does by itself is not a claim ("mature skin
    /// takes longer to heal"): no product, and the body is the subject.
    fn body_subject(&self, events: &[Event]) -> bool {
        let has_product = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::Product) || c.cats.has(Cat::Ingredient));
        let predicates = events.iter().filter(|e| e.predicate).map(|e| e.t0);
        let first_predicate = predicates.clone().min().unwrap_or(0);
        let first_predicate_any = predicates.min().unwrap_or(usize::MAX);
        let body_own = self
            .cues
            .iter()
            .any(|c| c.cats.has(Cat::BodyOwn) && c.t0 < first_predicate_any);
        let product = if body_own {
            self.named_product()
        } else {
            has_product
        };
        !product && (body_own || (0..first_predicate.min(3)).any(|i| self.is(i, W::BodyWord)))
    }

    /// Sentences whose affirmed events still do not make a claim: labels,
    /// opening aims, topic headings, product names.
    fn blockers(&mut self, v: &mut RuleVerdict) {
        let trimmed = trim_end(self.s);
        let affirmed_predicate = v.affirmed.iter().any(|&i| v.events[i].predicate);
        // A label introducing a list ("Clinical data:", "Mechanism
        // proven:") names a topic unless it states a benefit with a verb.
        v.label = trimmed.trim_end_matches(['*', '_', ' ']).ends_with(':')
            && self.toks.iter().filter(|t| t.word).count() <= 6
            && !affirmed_predicate;
        // "To maintain your enhanced appearance, we recommend…": the opening
        // infinitive states an aim.
        let first = self.first_word().map_or("", |i| self.word(i));
        v.purpose_opening = first == "to"
            && !v
                .affirmed
                .iter()
                .any(|&i| self.clause[v.events[i].t0.min(self.clause.len() - 1)] != self.clause[0]);
        if v.label || v.purpose_opening {
            self.reasons
                .push("the sentence introduces a list or states an aim".into());
        }
        // A heading that only names a topic ("Key Benefits of SkinVive").
        v.topic_label = self.ctx.heading
            && !v.affirmed.is_empty()
            && v.affirmed
                .iter()
                .all(|&i| v.events[i].role == "efficacy" && !v.events[i].predicate);
        v.product_name = self.product_name();
        if v.product_name {
            self.reasons.push("a product's name, not a claim".into());
        }
    }

    /// "NIVEA Sun Protect Water Gel SPF 50": a product's name lists benefit
    /// words; in a list it names, it does not claim.
    fn product_name(&self) -> bool {
        if !self.ctx.fragment {
            return false;
        }
        let words: Vec<usize> = (0..self.toks.len())
            .filter(|&i| self.toks[i].word)
            .collect();
        let caps = words
            .iter()
            .filter(|&&i| {
                self.s[self.toks[i].range.clone()]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
            .count();
        words.len() >= 3
            && caps * 10 >= words.len() * 8
            && words.iter().any(|&i| self.is(i, W::ProductType))
    }

    /// Strength of the claim itself, from its affirmed events: the
    /// sentence's assertion is its predicate, so an attributive "hydrating
    /// serum" does not outrank "can give a glow".
    fn claim_strength(&self, v: &RuleVerdict, stats: bool) -> Strength {
        if v.affirmed.is_empty() {
            // No affirmed event (a claim only the model saw): the relation
            // language, else a direct statement.
            let s = if v.strength == Strength::None {
                Strength::Direct
            } else {
                v.strength
            };
            return if v.est_affirmed {
                Strength::Establishment
            } else {
                s
            };
        }
        let affirmed: Vec<&Event> = v.affirmed.iter().map(|&i| &v.events[i]).collect();
        let predicates: Vec<&&Event> = affirmed.iter().filter(|e| e.predicate).collect();
        let best = if predicates.is_empty() {
            affirmed.iter().map(|e| e.strength).max()
        } else {
            predicates.iter().map(|e| e.strength).max()
        }
        .unwrap_or(Strength::Direct);
        let mut claim_strength = best.max(Strength::Hedged);
        let benefit_kind = affirmed
            .iter()
            .any(|e| matches!(e.kind, EventKind::Benefit | EventKind::Establishment));
        if v.correlation && !affirmed.iter().any(|e| e.predicate) && benefit_kind {
            claim_strength = if best == Strength::Establishment {
                best
            } else {
                Strength::Correlational
            };
        }
        if v.est_affirmed || (!v.percent.is_empty() && benefit_kind) || stats && benefit_kind {
            claim_strength = Strength::Establishment;
        }
        claim_strength
    }

    /// What the claim promises: a first-person outcome in quotes (or the
    /// writer's own) is a testimonial; then superiority, then safety when
    /// nothing else is promised by a predicate, else efficacy.
    fn kind(&self, v: &RuleVerdict) -> Kind {
        let affirmed: Vec<&Event> = v.affirmed.iter().map(|&i| &v.events[i]).collect();
        // "I look ten years younger": a first-person outcome is a
        // testimonial even outside quotes.
        let own_outcome = affirmed.iter().any(|e| {
            e.kind == EventKind::Benefit
                && (e.t0.saturating_sub(3)..e.t1.min(self.lower.len()))
                    .any(|i| self.is(i, W::OwnOutcome))
        });
        let any = |k: EventKind| affirmed.iter().any(|e| e.kind == k);
        if v.first_person && (v.in_quotes || own_outcome) && any(EventKind::Benefit) {
            Kind::Testimonial
        } else if any(EventKind::Superiority) {
            Kind::Superiority
        } else if (!affirmed.is_empty() && affirmed.iter().all(|e| e.kind == EventKind::Safety))
            || (any(EventKind::Safety)
                && !affirmed
                    .iter()
                    .any(|e| e.kind == EventKind::Benefit && e.predicate))
        {
            Kind::Safety
        } else {
            Kind::Efficacy
        }
    }

    /// The other kinds the claim makes besides `main`, each with the phrase
    /// that makes it and its strength: "safe for all skin types and
    /// effective against acne" promises safety as well as efficacy, and
    /// each promise needs its own evidence. Only affirmed events count; a
    /// testimonial stays one claim, and safety is never split from a
    /// sentence whose only promise is safety.
    pub fn other_kinds(&self, v: &RuleVerdict, main: Kind) -> Vec<(Kind, Strength, Range<usize>)> {
        if main == Kind::Testimonial {
            return Vec::new();
        }
        let first = |want: &dyn Fn(&Event) -> bool| {
            v.affirmed
                .iter()
                .map(|&i| &v.events[i])
                .find(|e| want(e) && !e.negated && !e.doubted && !e.aspiration)
        };
        let mut out = Vec::new();
        if main == Kind::Superiority
            && let Some(e) = first(&|e| e.kind == EventKind::Benefit && e.predicate)
        {
            out.push((Kind::Efficacy, e.strength, self.event_range(e)));
        }
        if main != Kind::Safety
            && let Some(e) = first(&|e| e.kind == EventKind::Safety)
        {
            out.push((Kind::Safety, e.strength, self.event_range(e)));
        }
        out
    }

    /// The strength the sentence has as a claim.
    pub fn claim_strength_as_claim(&self, v: &RuleVerdict) -> Strength {
        v.as_claim_strength
    }

    /// The cues that took part, and result percentages, for explanation.
    pub fn triggers(&self, percent: &[Range<usize>]) -> Vec<Trigger> {
        let mut triggers: Vec<Trigger> = self
            .cues
            .iter()
            .filter_map(|c| {
                role_of(c.cats).map(|role| Trigger {
                    text: self.s[c.range.clone()].to_string(),
                    range: c.range.clone(),
                    role,
                })
            })
            .collect();
        triggers.extend(percent.iter().map(|p| Trigger {
            text: self.s[p.clone()].to_string(),
            range: p.clone(),
            role: "establishment",
        }));
        triggers.sort_by_key(|t| t.range.start);
        triggers
    }

    /// Byte range of the tokens of an event.
    pub fn event_range(&self, e: &Event) -> Range<usize> {
        let last = self.toks.len() - 1;
        let a = self.toks[e.t0.min(last)].range.start;
        let b = self.toks[(e.t1.max(e.t0 + 1) - 1).min(last)].range.end;
        a..b.max(a)
    }

    /// The shortest phrase that makes a claim of `kind`: its own phrase
    /// (see [`Analysis::own_phrase`]), else the first affirmed event, else
    /// the first event.
    pub fn primary(&self, v: &RuleVerdict, kind: Kind) -> Option<Range<usize>> {
        self.own_phrase(v, kind).or_else(|| {
            let e = v
                .affirmed
                .first()
                .map(|&i| &v.events[i])
                .or(v.events.first())?;
            Some(self.event_range(e))
        })
    }

    /// The first affirmed event of `kind` (so an efficacy claim underlines
    /// its benefit, not a "gentle" beside it), if the sentence has one.
    pub fn own_phrase(&self, v: &RuleVerdict, kind: Kind) -> Option<Range<usize>> {
        let of_kind = |e: &Event| match kind {
            Kind::Efficacy | Kind::Testimonial => {
                matches!(e.kind, EventKind::Benefit | EventKind::Establishment)
            }
            Kind::Safety => e.kind == EventKind::Safety,
            Kind::Superiority => e.kind == EventKind::Superiority,
        };
        let e = v
            .affirmed
            .iter()
            .map(|&i| &v.events[i])
            .find(|e| of_kind(e))?;
        Some(self.event_range(e))
    }

    /// A reason line per event, for `classify`.
    pub fn event_reasons(&mut self, v: &RuleVerdict) {
        if v.question {
            self.reasons.push("the sentence is a question".into());
        }
        for e in &v.events {
            let phrase = &self.s[self.event_range(e)];
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
    }

    /// The benefit is speculative ("may", "early research suggests"): a
    /// lower bar than "helps".
    pub fn speculative(&self, v: &RuleVerdict, claim: bool) -> bool {
        claim
            && v.affirmed
                .iter()
                .map(|&i| &v.events[i])
                .filter(|e| e.kind != EventKind::Safety)
                .all(|e| e.strength <= Strength::Hedged)
            && self
                .cues
                .iter()
                .any(|c| c.cats.has(Cat::Hedge) && self.is(c.t0, W::SpeculativeHedge))
    }

    /// A sensory claim ("feels smoother", "looks radiant"): a sensory cue
    /// before a result, and no benefit predicate besides.
    pub fn sensory(&self, v: &RuleVerdict) -> bool {
        self.cues.iter().any(|c| {
            c.cats.has(Cat::Sensory)
                && self.cues.iter().any(|r| {
                    r.t0 >= c.t1
                        && r.t0 <= c.t1 + 2
                        && (r.cats.has(Cat::Result) || r.cats.has(Cat::TargetGood))
                })
        }) && !v.affirmed.iter().map(|&i| &v.events[i]).any(|e| {
            e.predicate
                && e.kind == EventKind::Benefit
                && !self
                    .cues
                    .iter()
                    .any(|c| c.t0 == e.t0 && c.cats.has(Cat::Sensory))
        })
    }

    /// The claim is about a finished product or treatment, not only an
    /// ingredient.
    pub fn finished_product(&self) -> bool {
        self.cues.iter().any(|c| {
            c.cats.has(Cat::Product)
                && !c.cats.has(Cat::Ingredient)
                && !self.is(c.t0, W::Pronoun)
                && !self.is(c.t0, W::GenericIngredient)
        })
    }

    /// A quoted first-person outcome, even when quoted to doubt it.
    pub fn testimonial_quote(&self, v: &RuleVerdict) -> bool {
        v.first_person
            && v.in_quotes
            && v.events
                .iter()
                .any(|e| e.kind == EventKind::Benefit && !e.negated && !e.aspiration)
    }
}

/// The sentence without trailing space, closing quotes, brackets and
/// emphasis.
fn trim_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | '*' | '_')
    })
}

/// The role a cue's categories give it in explanations.
pub(crate) fn role_of(cats: CatSet) -> Option<&'static str> {
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
