//! Deciding whether a sentence makes a claim, how strong it is and what
//! kind, from the cues the lexicon finds.
//!
//! Owns: the public verdict types ([`Classification`], [`Strength`],
//! [`Kind`]) and the [`Classifier`] that runs the stages below on one
//! sentence. Does not own: finding sentences or sources (`claims`), the
//! words themselves (`rules/lexicon.toml`), or rules and evidence.
//!
//! The stages, one module each:
//!
//! 1. **`tokens`**: words and punctuation, lowercase forms, word lists.
//! 2. **`scope`**: cues placed on tokens; clauses; negation and doubt
//!    scoped forward to the end of their clause (NegEx/ConText).
//! 3. **`syntax`**: is a verb cue a verb, what is its object, what hedges
//!    it.
//! 4. **`events`**: benefits, safety promises, superiority, proof and
//!    plain causal relations, each negated, doubted or affirmed.
//! 5. **`verdict`**: the hand-written decision, strength (Yu et al.
//!    2019's classes plus establishment: the strongest cue wins) and kind
//!    (which the weights may change).
//!
//! 6. **`features`**: named facts about the sentence, from all of the
//!    above and from where the sentence sits.
//! 7. **`model`**: trained weights over the features decide claim or not,
//!    the kind of a claim (within limits, see `chosen_kind`) and the
//!    strength of the relation (`crate::train` fits them); `spec` is the
//!    weights files' layout, and `keyhash` the key a feature's name is
//!    looked up by (`build.rs` keys the built-in weights with it).
//!
//! Every decision can be explained: a claim carries the cues that made it
//! one, and the features that pushed it over the line, with their weights.

mod events;
pub(crate) mod features;
mod keyhash;
pub mod kinds;
pub mod model;
mod scope;
mod spec;
mod syntax;
mod tokens;
mod verdict;

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::lexicon::{CueMatch, Lexicon};
pub use kinds::{Kind, Place, SentenceContext, Strength, Trigger};
pub use model::{Contribution, Model, ModelError};

/// The keys of a section heading's words, to work out once per heading
/// for [`SentenceContext::section_keys`].
pub fn section_keys(heading: &str) -> Vec<u64> {
    features::section_keys(heading)
}
use scope::Analysis;
use verdict::RuleVerdict;

/// Compiles the classifier's number patterns ahead of need (see
/// [`crate::Linter::warm_up`]).
pub(crate) fn warm_up() {
    events::warm_up();
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
    /// The other kinds of claim the sentence makes, each with its strength
    /// and the phrase that makes it (byte range in the sentence): each is
    /// a claim of its own, checked for its own evidence.
    #[serde(skip)]
    pub other_kinds: Vec<(Kind, Strength, Range<usize>)>,
    /// A regulator's approval asserted beside a benefit ("FDA-cleared
    /// laser that tightens skin"): the approval phrase (byte range in the
    /// sentence), a claim of its own whose source is the regulator's record.
    #[serde(skip)]
    pub approval_beside: Option<Range<usize>>,
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
    /// Asserts a regulator's approval, clearance, listing or registration
    /// ("FDA-cleared"): its source is the regulator's record.
    pub approval: bool,
    /// The claim is about a finished product or treatment, not only an
    /// ingredient.
    pub finished_product: bool,
    /// A quoted first-person outcome ("Exosomes changed my skin
    /// overnight."), even when the text quotes it to doubt it: reproducing a
    /// testimonial is itself regulated (Singapore reg 14).
    pub testimonial_quote: bool,
    /// The trained model's claim score (log-odds) and its threshold, when a
    /// model decided.
    pub score: Option<(f32, f32)>,
    /// The features that weighed most in the model's decision, largest
    /// effect first.
    #[serde(skip)]
    pub evidence: Vec<Contribution>,
}

/// The claim detector: a compiled lexicon, the stages above and, unless
/// built rules-only, trained weights.
#[derive(Debug, Clone)]
pub struct Classifier {
    lexicon: Lexicon,
    model: Option<Arc<Model>>,
}

impl Default for Classifier {
    fn default() -> Self {
        Classifier::new(Lexicon::builtin())
    }
}

/// How many features an explanation lists.
const EXPLAIN: usize = 6;

/// What the trained model decided about a sentence.
struct Decision {
    claim: bool,
    score: f32,
    threshold: f32,
    evidence: Vec<Contribution>,
    strength: Option<Strength>,
    /// What the claim promises, when the weights decide it (claims only).
    kind: Option<Kind>,
    /// Why that kind (for `classify`).
    kind_reason: Option<String>,
}

impl Classifier {
    /// A classifier over a given lexicon, with the built-in weights.
    pub fn new(lexicon: Lexicon) -> Self {
        Classifier {
            lexicon,
            model: Some(Model::builtin()),
        }
    }

    /// The built-in lexicon with no weights: the rules decide. Training
    /// starts here (and never reads the weights it is about to replace).
    pub fn rules_only() -> Self {
        Classifier {
            lexicon: Lexicon::builtin(),
            model: None,
        }
    }

    /// The same classifier deciding with other weights, or by the rules
    /// alone (`None`).
    pub fn with_model(mut self, model: Option<Arc<Model>>) -> Self {
        self.model = model;
        self
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The weights in use, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_deref()
    }

    /// Classifies one sentence.
    pub fn classify(&self, sentence: &str, ctx: SentenceContext<'_>) -> Classification {
        let matches = self.lexicon.find(sentence);
        self.classify_with(sentence, &matches, ctx)
    }

    /// Classifies a sentence whose cues were already found (by one pass over
    /// the whole block); `matches` have ranges relative to `sentence`.
    pub fn classify_with(
        &self,
        sentence: &str,
        matches: &[CueMatch],
        ctx: SentenceContext<'_>,
    ) -> Classification {
        let mut a = Analysis::new(sentence, self.lexicon.words(), matches, ctx);
        let v = a.rule_verdict();
        let decision = self
            .model
            .as_deref()
            .filter(|_| candidate(&a))
            .map(|m| decide(m, &a, &v, matches, true));
        classification(a, v, decision, true)
    }

    /// Like [`Classifier::classify_with`], for linting a document: the
    /// reasons, the cues and the features that weighed are worked out for
    /// claims only, and the strength of a non-claim's relation language
    /// (which no rule reads) is left to the rules.
    pub(crate) fn classify_in_document(
        &self,
        sentence: &str,
        matches: &[CueMatch],
        ctx: SentenceContext<'_>,
    ) -> Classification {
        let mut a = Analysis::new(sentence, self.lexicon.words(), matches, ctx);
        let v = a.rule_verdict();
        let decision = self
            .model
            .as_deref()
            .filter(|_| candidate(&a))
            .map(|m| decide(m, &a, &v, matches, false));
        classification(a, v, decision, false)
    }

    /// The names of a sentence's features, for training; none when the
    /// model does not weigh it (see [`candidate`]).
    pub fn feature_names(
        &self,
        sentence: &str,
        matches: &[CueMatch],
        ctx: SentenceContext<'_>,
    ) -> Vec<String> {
        let mut a = Analysis::new(sentence, self.lexicon.words(), matches, ctx);
        if !candidate(&a) {
            return Vec::new();
        }
        let v = a.rule_verdict();
        let l = features::Lemmas::new(&a, true);
        features::extract(&a, &v, &l)
            .into_iter()
            .map(|(_, f, _)| f.name(&l))
            .collect()
    }
}

/// Whether the model weighs a sentence at all. The lexicon generates the
/// candidates: a sentence with no cue, in a plain paragraph (not a list
/// item, quote, heading, table cell, front-matter value or alt text), is
/// no claim, as the rules say, and costs nothing more. Cross-validation
/// found no claim the model would have recovered there.
fn candidate(a: &Analysis<'_>) -> bool {
    !a.cues.is_empty() || a.ctx.fragment || a.ctx.quoted || a.ctx.place != Place::Paragraph
}

/// The model's decision on an analysed sentence; `full` also works out
/// the strength of its relation language and what weighed most (linting
/// needs neither: `claimlint classify` explains).
fn decide(
    m: &Model,
    a: &Analysis<'_>,
    v: &RuleVerdict,
    matches: &[CueMatch],
    full: bool,
) -> Decision {
    let l = features::Lemmas::new(a, false);
    let mut keys = features::keys(a, v, &l, full);
    // A cue from the user's lexicon extension carries the default weight
    // of its category (`user-cue:<category>`, see README).
    let user: Vec<features::F> = matches
        .iter()
        .flat_map(|c| c.user.iter())
        .map(features::user_cue)
        .collect();
    for f in &user {
        let k = f.key(&l);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let score = m.claim_score(&keys);
    let threshold = if v.claim {
        m.rule_threshold()
    } else {
        m.threshold()
    };
    let claim = score > threshold && !vetoed(v);
    let evidence = if full {
        let mut feats = features::extract(a, v, &l);
        feats.extend(user.iter().map(|f| (f.key(&l), *f, None)));
        m.claim_parts(&feats, EXPLAIN)
            .into_iter()
            .map(|(weight, name, r)| Contribution {
                name,
                weight,
                range: r.map(|r| token_bytes(a, &r)),
            })
            .collect()
    } else {
        Vec::new()
    };
    let kind = if claim { m.kind(&keys) } else { None };
    let kind_reason = kind
        .filter(|_| full)
        .and_then(|k| explain_kind(m, &keys, k, v.kind));
    Decision {
        claim,
        score,
        threshold,
        evidence,
        strength: if full { m.strength(&keys) } else { None },
        kind,
        kind_reason,
    }
}

/// "weights' kind: superiority (the rules say efficacy), over efficacy:
/// cue:superiority +1.54, …": the features (and the bias) that favour the
/// weights' kind most over the runner-up, by how much.
fn explain_kind(m: &Model, keys: &[u64], kind: Kind, rules: Kind) -> Option<String> {
    let (runner_up, parts) = m.kind_parts(keys, kind, EXPLAIN)?;
    let parts: Vec<String> = parts
        .iter()
        .map(|(w, name)| format!("{name} {w:+.2}"))
        .collect();
    let whose = if kind == rules {
        "the rules agree".to_string()
    } else {
        format!("the rules say {}", rules.as_str())
    };
    Some(format!(
        "weights' kind: {} ({whose}), over {}: {}",
        kind.as_str(),
        runner_up.as_str(),
        parts.join(", ")
    ))
}

/// The byte range of a range of tokens.
fn token_bytes(a: &Analysis<'_>, r: &Range<usize>) -> Range<usize> {
    let last = a.toks.len().saturating_sub(1);
    let s = a.toks.get(r.start.min(last)).map_or(0, |t| t.range.start);
    let e = a
        .toks
        .get((r.end.max(r.start + 1) - 1).min(last))
        .map_or(s, |t| t.range.end);
    s..e.max(s)
}

/// Whether the rules rule a claim out whatever the weights say: the
/// sentence states benefits and every one is negated or disputed ("there
/// is no evidence that X improves skin"). Scoping negation is what the
/// rules do well and a bag of features does badly; ANNOTATING.md is
/// explicit that such sentences are not claims.
fn vetoed(v: &RuleVerdict) -> bool {
    v.affirmed.is_empty() && (v.negated || v.doubted)
}

/// The relation language of the sentence: what its relation events say,
/// or, for a claim with no relation (a safety promise), the claim's; the
/// model's strength when it gave one, except that proof language stays
/// establishment (the model tells direct from establishment no better than
/// the rules).
fn relation_strength(
    v: &RuleVerdict,
    claim: bool,
    claim_strength: Strength,
    decision: Option<&Decision>,
) -> Strength {
    let benefit_affirmed = v.affirmed.iter().any(|&i| {
        matches!(
            v.events[i].kind,
            events::EventKind::Benefit | events::EventKind::Establishment
        )
    });
    let relation = if v.strength == Strength::None && claim && benefit_affirmed {
        claim_strength
    } else {
        v.strength
    };
    match decision.and_then(|d| d.strength) {
        Some(Strength::Direct) if relation == Strength::Establishment => relation,
        Some(s) => s,
        None => relation,
    }
}

/// For a claim the rules found no phrase for: the model's strongest cue
/// with a place in the sentence, else the whole sentence.
fn model_phrase(a: &Analysis<'_>, decision: Option<&Decision>) -> Option<Range<usize>> {
    decision
        .and_then(|d| {
            d.evidence
                .iter()
                .find(|c| c.weight > 0.0 && c.range.is_some())
        })
        .and_then(|c| c.range.clone())
        .or_else(|| Some(0..a.s.trim_end().len()))
}

/// An approval is all the sentence claims: "Juvederm is FDA-approved", not
/// "FDA-approved treatments work" (a benefit, which needs a study) nor
/// "FDA-approved and clinically proven".
fn approval_only(a: &Analysis<'_>, v: &RuleVerdict) -> bool {
    use crate::lexicon::Cat;
    let states_benefit = v
        .affirmed
        .iter()
        .any(|&i| v.events[i].kind == events::EventKind::Benefit && v.events[i].predicate);
    let other_proof = a.cues.iter().any(|c| {
        (c.cats.has(Cat::Establishment) || c.cats.has(Cat::EstablishmentAlone))
            && !c.cats.has(Cat::Approval)
    });
    !states_benefit && !other_proof && approval_cue(a).is_some()
}

/// The first approval the sentence affirms ("FDA-cleared", not "not
/// FDA-approved"): its byte range in the sentence.
fn approval_cue(a: &Analysis<'_>) -> Option<Range<usize>> {
    a.cues
        .iter()
        .find(|c| {
            c.cats.has(crate::lexicon::Cat::Approval) && !a.neg.get(c.t0).copied().unwrap_or(false)
        })
        .map(|c| c.range.clone())
}

/// The [`Classification`] of an analysed sentence from its rule verdict
/// and, when weights are in use, the model's decision.
fn classification(
    mut a: Analysis<'_>,
    v: RuleVerdict,
    decision: Option<Decision>,
    full: bool,
) -> Classification {
    let claim = decision.as_ref().map_or(v.claim, |d| d.claim);
    let claim_strength = a.claim_strength_as_claim(&v);
    let relation = relation_strength(&v, claim, claim_strength, decision.as_ref());
    let rules = rules_kind(&v, claim);
    let (kind, kind_kept) = chosen_kind(&a, &v, rules, claim, decision.as_ref());

    let triggers = if full || claim {
        a.triggers(&v.percent)
    } else {
        Vec::new()
    };
    // A kind with no phrase of its own (superiority read from "fewer")
    // rests on the phrase the rules' kind rests on.
    let mut primary = a.own_phrase(&v, kind).or_else(|| a.primary(&v, rules));
    if claim && primary.is_none() {
        primary = model_phrase(&a, decision.as_ref());
    }
    let other_kinds = if claim {
        sibling_kinds(&a, &v, kind, primary.as_ref())
    } else {
        Vec::new()
    };
    if full {
        a.event_reasons(&v);
        if !v.percent.is_empty() && claim {
            a.reasons
                .push("a stated percentage makes it an establishment claim".into());
        }
        if let Some(d) = &decision {
            a.reasons.push(explain(a.s, d));
            a.reasons.extend(d.kind_reason.clone());
            a.reasons.extend(kind_kept);
        }
    }
    let preclinical_framing = a.cues.iter().any(|c| {
        c.cats.has(crate::lexicon::Cat::Preclinical) && !a.neg.get(c.t0).copied().unwrap_or(false)
    });
    let approval = claim && approval_only(&a, &v);
    let approval_beside = if claim && !approval {
        approval_cue(&a)
    } else {
        None
    };
    let (score, evidence) = match decision {
        Some(d) => (Some((d.score, d.threshold)), d.evidence),
        None => (None, vec![]),
    };
    Classification {
        testimonial_quote: a.testimonial_quote(&v),
        speculative: a.speculative(&v, claim),
        sensory: a.sensory(&v),
        percentage: !v.percent.is_empty() && claim,
        preclinical_framing,
        approval,
        finished_product: a.finished_product(),
        claim,
        strength: if claim { claim_strength } else { relation },
        relation,
        kind,
        negated: v.negated,
        doubted: v.doubted && !claim,
        question: v.question,
        triggers,
        primary,
        other_kinds,
        approval_beside,
        reasons: a.reasons,
        score,
        evidence,
    }
}

/// What the rules say a claim promises: their verdict's kind, except that
/// a quoted first-person sentence only the weights call a claim is a
/// testimonial.
fn rules_kind(v: &RuleVerdict, claim: bool) -> Kind {
    if claim && !v.claim && v.first_person && v.in_quotes {
        Kind::Testimonial
    } else {
        v.kind
    }
}

/// What a claim promises (`rules`: what the rules say, see
/// [`rules_kind`]): the weights' kind, within limits that keep
/// every promise the rules found checked at least as strictly. A
/// testimonial the rules found stays one (no citation clears it). A kind
/// with no phrase of its own in the sentence takes over the rules' kind's
/// phrase only when it is superiority or testimonial; a safety claim
/// resting on a benefit's phrase could be cleared by a safety-only source,
/// so there the rules' kind stays. Also returns why the weights' kind
/// was not taken, when it was not.
fn chosen_kind(
    a: &Analysis<'_>,
    v: &RuleVerdict,
    rules: Kind,
    claim: bool,
    decision: Option<&Decision>,
) -> (Kind, Option<String>) {
    let Some(k) = decision.and_then(|d| d.kind).filter(|_| claim) else {
        return (rules, None);
    };
    let why = if k == rules {
        None
    } else if rules == Kind::Testimonial {
        Some("the rules found a testimonial, which stays one")
    } else if a.own_phrase(v, k).is_none() && !matches!(k, Kind::Superiority | Kind::Testimonial) {
        Some("the weights' kind has no phrase of its own here")
    } else {
        None
    };
    match why {
        Some(why) => (rules, Some(format!("kind: {} ({why})", rules.as_str()))),
        None => (k, None),
    }
}

/// The other kinds a claim of `kind` makes (see
/// `Analysis::other_kinds`), and the rules' own kind when the weights
/// chose another: a safety citation must not clear "effective against
/// acne" because the weights read the sentence as a safety claim. A
/// testimonial stays one claim. A kind on the claim's own phrase
/// (`primary`) is not claimed again: a superiority or testimonial the
/// weights chose without a phrase of its own takes over the rules' kind's
/// phrase (see [`chosen_kind`]).
fn sibling_kinds(
    a: &Analysis<'_>,
    v: &RuleVerdict,
    kind: Kind,
    primary: Option<&Range<usize>>,
) -> Vec<(Kind, Strength, Range<usize>)> {
    let mut o = a.other_kinds(v, kind);
    let rules = v.kind;
    if rules != kind
        && kind != Kind::Testimonial
        && !o.iter().any(|x| x.0 == rules)
        && let Some(r) = a.primary(v, rules)
    {
        o.push((rules, a.claim_strength_as_claim(v), r));
    }
    o.retain(|(_, _, r)| Some(r) != primary);
    o
}

/// "model: claim (score +2.31 > 0.00): affirmed:benefit `boosts collagen`
/// +1.20, …": the features that weighed most, with their weights.
fn explain(s: &str, d: &Decision) -> String {
    let verdict = if d.claim { "claim" } else { "not a claim" };
    let cmp = if d.claim { ">" } else { "<=" };
    let parts: Vec<String> = d
        .evidence
        .iter()
        .map(|c| match c.range.as_ref().and_then(|r| s.get(r.clone())) {
            Some(w) => format!("{} `{w}` {:+.2}", c.name, c.weight),
            None => format!("{} {:+.2}", c.name, c.weight),
        })
        .collect();
    format!(
        "model: {verdict} (score {:+.2} {cmp} {:+.2}): {}",
        d.score,
        d.threshold,
        parts.join(", ")
    )
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
    fn explanations_name_the_features_that_weighed() {
        let s = "Our serum boosts collagen.";
        let c = cls(s);
        let model = c.reasons.iter().find(|r| r.starts_with("model: claim"));
        assert!(model.is_some(), "{:?}", c.reasons);
        assert!(!c.evidence.is_empty());
        assert!(c.evidence.len() <= EXPLAIN);
        // Largest effect first, and the same every time.
        assert!(
            c.evidence
                .windows(2)
                .all(|w| w[0].weight.abs() >= w[1].weight.abs())
        );
        assert_eq!(cls(s).reasons, c.reasons);
    }

    #[test]
    fn a_user_cue_carries_its_category_and_a_default_weight() {
        let mut extra = std::collections::BTreeMap::new();
        extra.insert("verb-up".to_string(), vec!["supercharge".to_string()]);
        let c = Classifier::new(Lexicon::build(&extra).unwrap());
        let r = c.classify(
            "Our serum supercharges collagen.",
            SentenceContext::default(),
        );
        assert!(r.claim, "{:?}", r.reasons);
        let names: Vec<&str> = r.evidence.iter().map(|e| e.name.as_ref()).collect();
        assert!(
            names.contains(&"cue:verb-up") || names.contains(&"rule:claim"),
            "{names:?}"
        );
        let m = Model::builtin();
        assert!(m.weight("user-cue:verb-up").is_some());
    }

    #[test]
    fn the_rules_alone_still_decide_without_weights() {
        let c = Classifier::rules_only();
        let r = c.classify("PRP boosts collagen.", SentenceContext::default());
        assert!(r.claim && r.score.is_none());
    }

    /// A classifier whose weights call every rule claim a claim and whose
    /// kind decision always says `kind` (by its bias alone).
    fn always_kind(kind: &str) -> Classifier {
        let bias: Vec<String> = ["efficacy", "safety", "superiority", "testimonial"]
            .iter()
            .map(|k| if *k == kind { "1.0" } else { "0.0" }.to_string())
            .collect();
        let text = format!(
            "[model]\nformat = 1\ncommand = \"test\"\ncorpus = \"\"\n\n\
             [claim]\nbias = 0.0\nthreshold = -1.0\n\n[claim.weights]\n\n\
             [kind]\nclasses = [\"efficacy\", \"safety\", \"superiority\", \"testimonial\"]\n\
             bias = [{}]\n\n[kind.weights]\n",
            bias.join(", ")
        );
        let m = Model::parse(&text).expect("test weights parse");
        Classifier::rules_only().with_model(Some(Arc::new(m)))
    }

    fn kinds_of(c: &Classification) -> Vec<Kind> {
        let mut k: Vec<Kind> = std::iter::once(c.kind)
            .chain(c.other_kinds.iter().map(|o| o.0))
            .collect();
        k.sort_by_key(|k| k.as_str());
        k
    }

    #[test]
    fn the_weights_choose_the_kind_and_say_why() {
        let c = always_kind("safety").classify("No downtime.", SentenceContext::default());
        assert_eq!(c.kind, Kind::Safety);
        assert!(
            c.reasons.iter().any(|r| r
                .starts_with("weights' kind: safety (the rules agree), over efficacy: bias +1.00")),
            "{:?}",
            c.reasons
        );
        let c =
            always_kind("superiority").classify("PRP boosts collagen.", SentenceContext::default());
        assert_eq!(c.kind, Kind::Superiority);
        assert!(
            c.reasons
                .iter()
                .any(|r| r.starts_with("weights' kind: superiority (the rules say efficacy)")),
            "{:?}",
            c.reasons
        );
    }

    #[test]
    fn a_safety_or_efficacy_kind_without_its_own_phrase_leaves_the_rules_kind() {
        // A safety claim resting on "boosts collagen" could be cleared by
        // a safety-only source: the efficacy claim stays.
        let c = always_kind("safety").classify("PRP boosts collagen.", SentenceContext::default());
        assert_eq!(kinds_of(&c), [Kind::Efficacy]);
        assert!(
            c.reasons
                .iter()
                .any(|r| r == "kind: efficacy (the weights' kind has no phrase of its own here)"),
            "{:?}",
            c.reasons
        );
        let c = always_kind("efficacy").classify("No downtime.", SentenceContext::default());
        assert_eq!(kinds_of(&c), [Kind::Safety]);
    }

    #[test]
    fn a_testimonial_the_rules_found_stays_one() {
        let s = "\u{201c}This serum changed my skin overnight!\u{201d}";
        for kind in ["efficacy", "safety", "superiority"] {
            let c = always_kind(kind).classify(s, SentenceContext::default());
            assert_eq!(kinds_of(&c), [Kind::Testimonial], "{kind}");
        }
    }

    #[test]
    fn the_weights_keep_every_kind_the_rules_found_a_phrase_for() {
        let s = "Safe for all skin types and effective against acne.";
        let rules = Classifier::rules_only().classify(s, SentenceContext::default());
        assert_eq!(kinds_of(&rules), [Kind::Efficacy, Kind::Safety]);
        for kind in ["efficacy", "safety"] {
            let c = always_kind(kind).classify(s, SentenceContext::default());
            assert_eq!(c.kind.as_str(), kind);
            assert_eq!(kinds_of(&c), [Kind::Efficacy, Kind::Safety], "{kind}");
        }
    }

    #[test]
    fn a_kind_without_a_phrase_of_its_own_takes_over_the_rules_phrase() {
        // Superiority has no phrase here: it rests on the benefit the
        // rules' efficacy claim rests on, which is one claim, not two;
        // the safety promise keeps its own.
        let s = "Safe for all skin types and effective against acne.";
        let c = always_kind("superiority").classify(s, SentenceContext::default());
        assert_eq!(kinds_of(&c), [Kind::Safety, Kind::Superiority]);
        assert_eq!(&s[c.primary.clone().unwrap()], "effective");
        let s = "PRP boosts collagen.";
        let c = always_kind("superiority").classify(s, SentenceContext::default());
        assert_eq!(kinds_of(&c), [Kind::Superiority]);
        assert_eq!(&s[c.primary.clone().unwrap()], "boosts collagen");
    }

    #[test]
    fn a_testimonial_the_weights_chose_is_one_claim() {
        let s = "Safe for all skin types and effective against acne.";
        let c = always_kind("testimonial").classify(s, SentenceContext::default());
        assert_eq!(c.kind, Kind::Testimonial);
        assert!(c.other_kinds.is_empty(), "{:?}", c.other_kinds);
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
