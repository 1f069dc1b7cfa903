//! CL010: a claim cites evidence weaker than its wording needs.

use super::context::{Context, label};
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};
use crate::evidence::Tier;
use crate::evidence::citation::TierOrigin;

declare_rule! {
    /// ## What it does
    /// Finds claims whose sources are weaker than the claim's wording needs:
    /// "clinically proven" backed by a case series, "boosts collagen" backed
    /// by an uncontrolled study, a percentage backed by a single small trial.
    /// The message names the tier found and the tier needed.
    ///
    /// ## Why is this bad?
    /// Regulators ask whether the evidence is strong enough for the words
    /// used, not whether a link exists:
    /// - US: FTC Health Products Compliance Guidance: "competent and reliable
    ///   scientific evidence", generally randomised controlled trials; a claim
    ///   of a specific level of support ("clinically proven", "tests show")
    ///   needs that level (1998 Guide §II.B.1).
    /// - UK: CAP Code 3.7 and 12.1 ("trials conducted on people").
    /// - EU: Regulation (EU) No 655/2013, Annex, criterion 3 *Evidential
    ///   support* and *Honesty* (no claim beyond the evidence).
    /// - Australia: Ahpra, *Acceptable evidence in health advertising*
    ///   (systematic reviews of RCTs highest; six factors).
    ///
    /// ## Evidence required
    /// By default (docs/regulation.md (evidence tiers)): a claim of proof or a plain benefit
    /// needs `rct` (T2); a stated percentage `systematic-review` (T1) unless
    /// the source tested the same product; a hedge ("helps", "can")
    /// `controlled` (T3); speculation ("may") and association
    /// `uncontrolled` (T4); a sensory claim ("feels smoother") `uncontrolled`
    /// (a consumer panel). Evidence on an ingredient counts one tier weaker
    /// for a claim about a finished product. Change the levels under
    /// `[evidence.min-tier]` in `claimlint.toml`.
    ///
    /// ## Example
    /// ```markdown
    /// Our serum is clinically proven to firm skin.[^panel]
    ///
    /// [^panel]: An open-label consumer panel of 30 women, 2021.
    /// ```
    /// Use instead: cite the randomised trial, or say what the panel found
    /// ("in a consumer panel, 8 in 10 said their skin felt firmer").
    pub struct InsufficientEvidenceTier {
        code: "CL010",
        name: "insufficient-evidence-tier",
        severity: Error,
        summary: "a claim cites evidence weaker than its wording needs",
    }
}

/// "a controlled", "an uncontrolled", "an rct" (said "an R-C-T").
fn with_article(t: Tier) -> String {
    let name = t.as_str();
    let an = name.starts_with(['a', 'e', 'i', 'o', 'u']) || t == Tier::Rct;
    format!("{} {name}", if an { "an" } else { "a" })
}

fn describe(t: Tier) -> String {
    format!("`{}` ({})", t.as_str(), t.number())
}

impl Rule for InsufficientEvidenceTier {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        // The claims outlive the context's borrow: no copy of them.
        let findings = ctx.findings;
        for c in &findings.claims {
            let (Some(needed), Some(found)) = (c.tier_needed, c.tier_found) else {
                continue;
            };
            // Preclinical evidence for a human outcome has its own rule;
            // human evidence weakened to preclinical (an uncontrolled
            // ingredient study) is still this rule's.
            if found >= needed
                || super::preclinical_evidence_for_human_claim::preclinical_source(c).is_some()
            {
                continue;
            }
            let best = c
                .sources
                .iter()
                .filter(|s| s.effective == Some(found))
                .max_by_key(|s| s.tier);
            let how = best.map_or("", |s| match s.tier_origin {
                TierOrigin::Inferred => " (read from the reference's text)",
                TierOrigin::Declared => " (declared in an evidence comment)",
                _ => "",
            });
            let weakened = best.and_then(|s| s.tier).is_some_and(|t| t != found);
            let d = ctx.report(
                c.trigger_span.clone(),
                format!("`{}` needs tier {} or better, found {}{how}", c.trigger, describe(needed), describe(found)),
                if weakened {
                    "the source tested an ingredient, which counts one tier weaker for a claim about a finished product: cite a study of the product, or claim only what the ingredient study shows".into()
                } else {
                    format!("cite {} study or stronger, or soften the wording to what {} study shows (see `claimlint rule insufficient-evidence-tier`)", with_article(needed), with_article(found))
                },
            );
            if let Some(s) = best {
                d.labels.push(label(
                    s.span.clone(),
                    format!("{} evidence", found.as_str()),
                ));
            }
            d.claim = Some(c.text.clone());
        }
    }
}
