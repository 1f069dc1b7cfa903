//! Evidence policy: the minimum tier each kind of claim needs, and the tier
//! a claim's sources actually provide.
//!
//! Defaults follow docs/regulation.md (evidence tiers): a claim of proof or a plain statement
//! of benefit needs a randomised trial; a stated percentage needs a
//! systematic review unless the source tested the same product; a hedge
//! ("helps", "can") needs a controlled study; speculation ("may") and
//! association need an uncontrolled human study; a sensory claim ("feels
//! smoother") a consumer panel. Packs and `claimlint.toml` can change each
//! level, and a market can forbid hedges from lowering the bar.

use serde::Deserialize;

use crate::classify::{Kind, Strength};
use crate::evidence::{Population, Subject, Tier};

/// Minimum tiers and how they apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Claims of proof ("clinically proven", "studies show").
    pub establishment: Tier,
    /// Claims of proof with a stated figure ("reduces wrinkles by 40%").
    pub establishment_percentage: Tier,
    /// Benefits stated as fact.
    pub direct: Tier,
    /// Hedged benefits ("helps", "can improve").
    pub hedged: Tier,
    /// Speculative benefits ("may", "might", "early research suggests").
    pub speculative: Tier,
    /// Associations ("users who took it had firmer skin").
    pub correlational: Tier,
    /// Sensory or perceptual claims ("feels smoother", "looks radiant").
    pub sensory: Tier,
    /// Whether a hedge may lower the tier needed (US: it may not).
    pub hedge_lowers_tier: bool,
    /// Whether a source must be in the registry to count.
    pub require_registry: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            establishment: Tier::Rct,
            establishment_percentage: Tier::SystematicReview,
            direct: Tier::Rct,
            hedged: Tier::Controlled,
            speculative: Tier::Uncontrolled,
            correlational: Tier::Uncontrolled,
            sensory: Tier::Uncontrolled,
            hedge_lowers_tier: true,
            require_registry: false,
        }
    }
}

/// `[evidence.min-tier]` in `claimlint.toml` (and in packs): each key
/// optional, tier names as values.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MinTierConfig {
    /// See [`Policy::establishment`].
    pub establishment: Option<toml::Spanned<String>>,
    /// See [`Policy::establishment_percentage`].
    pub establishment_percentage: Option<toml::Spanned<String>>,
    /// See [`Policy::direct`].
    pub direct: Option<toml::Spanned<String>>,
    /// See [`Policy::hedged`].
    pub hedged: Option<toml::Spanned<String>>,
    /// See [`Policy::speculative`].
    pub speculative: Option<toml::Spanned<String>>,
    /// See [`Policy::correlational`].
    pub correlational: Option<toml::Spanned<String>>,
    /// See [`Policy::sensory`].
    pub sensory: Option<toml::Spanned<String>>,
}

impl MinTierConfig {
    /// Applies the configured levels to `policy`; an unknown tier name is
    /// returned with its span.
    pub fn apply(&self, policy: &mut Policy) -> Result<(), (std::ops::Range<usize>, String)> {
        let fields: [(&Option<toml::Spanned<String>>, &mut Tier); 7] = [
            (&self.establishment, &mut policy.establishment),
            (
                &self.establishment_percentage,
                &mut policy.establishment_percentage,
            ),
            (&self.direct, &mut policy.direct),
            (&self.hedged, &mut policy.hedged),
            (&self.speculative, &mut policy.speculative),
            (&self.correlational, &mut policy.correlational),
            (&self.sensory, &mut policy.sensory),
        ];
        for (value, slot) in fields {
            if let Some(v) = value {
                match Tier::parse(v.get_ref()).filter(|t| *t != Tier::Approval) {
                    Some(t) => *slot = t,
                    None => {
                        let names: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
                        let hint = crate::suggest::did_you_mean(v.get_ref(), &names);
                        return Err((
                            v.span(),
                            format!(
                                "unknown tier `{}`{hint}; use one of {}",
                                v.get_ref(),
                                names.join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// What the policy needs to know of a claim to grade it: the claim's
/// wording, not the claim itself, so grading does not depend on how claims
/// are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimFacts {
    /// Efficacy, safety, superiority or testimonial.
    pub kind: Kind,
    /// How strongly it is worded.
    pub strength: Strength,
    /// Framed as a lab or animal finding ("in lab studies, …").
    pub preclinical_framing: bool,
    /// Asserts a regulator's approval ("FDA-cleared", "TGA-listed").
    pub approval: bool,
    /// States a percentage.
    pub percentage: bool,
    /// About a sensation (feel, look).
    pub sensory: bool,
    /// Speculative ("could potentially").
    pub speculative: bool,
    /// About a finished product rather than an ingredient.
    pub finished_product: bool,
    /// One of its sources tested the finished product itself.
    pub tested_on_the_product: bool,
}

impl Policy {
    /// The stricter of two policies, field by field.
    pub fn strictest(&self, other: &Policy) -> Policy {
        Policy {
            establishment: self.establishment.max(other.establishment),
            establishment_percentage: self
                .establishment_percentage
                .max(other.establishment_percentage),
            direct: self.direct.max(other.direct),
            hedged: self.hedged.max(other.hedged),
            speculative: self.speculative.max(other.speculative),
            correlational: self.correlational.max(other.correlational),
            sensory: self.sensory.max(other.sensory),
            hedge_lowers_tier: self.hedge_lowers_tier && other.hedge_lowers_tier,
            require_registry: self.require_registry || other.require_registry,
        }
    }

    /// The minimum tier a claim needs; `None` for claims no tier can back
    /// (testimonials are handled by their own rule).
    pub fn needed(&self, claim: &ClaimFacts) -> Option<Tier> {
        if claim.kind == Kind::Testimonial {
            return None;
        }
        // "FDA-cleared": only the regulator's record shows it.
        if claim.approval {
            return Some(Tier::Approval);
        }
        // "In lab studies, X stimulated fibroblasts": a preclinical finding
        // framed as one needs only a preclinical source (docs/regulation.md (evidence tiers)).
        if claim.preclinical_framing && claim.strength != Strength::Establishment {
            return Some(Tier::Preclinical);
        }
        let tier = match claim.strength {
            Strength::Establishment if claim.percentage && !claim.tested_on_the_product => {
                self.establishment_percentage
            }
            Strength::Establishment => self.establishment,
            _ if claim.sensory => self.sensory,
            Strength::Direct | Strength::None => self.direct,
            Strength::Hedged if !self.hedge_lowers_tier => self.direct,
            Strength::Hedged if claim.speculative => self.speculative,
            Strength::Hedged => self.hedged,
            Strength::Correlational if !self.hedge_lowers_tier => self.direct,
            Strength::Correlational => self.correlational,
        };
        Some(tier)
    }

    /// What one source is worth for this claim: its tier, one weaker when
    /// it tested an ingredient but the claim is about a finished product,
    /// and preclinical whenever a non-human study is used for a human
    /// outcome.
    pub fn effective(
        &self,
        claim: &ClaimFacts,
        tier: Tier,
        population: Option<Population>,
        subject: Option<Subject>,
    ) -> Tier {
        let mut t = tier;
        if population.is_some_and(|p| p != Population::Human) && !claim.preclinical_framing {
            t = t.min(Tier::Preclinical);
        }
        if subject == Some(Subject::Ingredient) && claim.finished_product {
            t = t.weaker();
        }
        t
    }
}
