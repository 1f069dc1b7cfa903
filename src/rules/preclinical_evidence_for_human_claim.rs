//! CL011: a human outcome backed only by lab or animal studies.

use super::context::{Context, label};
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};
use crate::claims::Claim;
use crate::evidence::citation::Citation;
use crate::evidence::{Population, Tier};

declare_rule! {
    /// ## What it does
    /// Finds claims of a benefit to people ("repairs your skin", "boosts
    /// collagen") whose only sources studied cells, tissue or animals: an
    /// in-vitro, ex-vivo, animal or otherwise preclinical study.
    ///
    /// ## Why is this bad?
    /// A petri dish is not a face. Preclinical findings do not show that a
    /// product works on people:
    /// - US: FTC Health Products Compliance Guidance: "Animal and in vitro
    ///   studies … without confirmation by human RCTs, they aren't
    ///   sufficient".
    /// - UK: CAP Code 12.1 (trials conducted on people).
    /// - Australia: Ahpra, *Factors for assessing if evidence is acceptable*:
    ///   the population studied must match the audience.
    ///
    /// ## Evidence required
    /// A human study of at least the tier the claim needs. Otherwise, frame
    /// the finding as what it is: "in cell studies, exosomes stimulated
    /// fibroblasts; human evidence is limited", with no human outcome.
    ///
    /// ## Example
    /// ```markdown
    /// Exosomes repair damaged skin.[^mice]
    ///
    /// [^mice]: Wound healing with exosomes in mice. 2020.
    /// ```
    /// Use instead:
    /// ```markdown
    /// In mice, exosomes sped up wound healing;[^mice] no human trial has
    /// tested exosome facials yet.
    /// ```
    pub struct PreclinicalEvidenceForHumanClaim {
        code: "CL011",
        name: "preclinical-evidence-for-human-claim",
        severity: Error,
        summary: "a benefit to people is backed only by lab or animal studies",
    }
}

/// The lab or animal source that makes this rule report `c`, if any: the
/// claim promises a human outcome, nothing it cites is worth more than
/// preclinical, and one source is itself preclinical or non-human. (Human
/// evidence that only counts as preclinical because it tested an
/// ingredient is `insufficient-evidence-tier`'s to report.)
pub(super) fn preclinical_source(c: &Claim) -> Option<&Citation> {
    if c.preclinical_framing
        || c.tier_needed.is_none()
        || c.tier_found.is_none_or(|t| t > Tier::Preclinical)
    {
        return None;
    }
    c.sources
        .iter()
        .filter(|s| s.effective.is_some())
        .find(|s| {
            s.tier == Some(Tier::Preclinical)
                || s.population.is_some_and(|p| p != Population::Human)
        })
}

impl Rule for PreclinicalEvidenceForHumanClaim {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        // The claims outlive the context's borrow: no copy of them.
        let findings = ctx.findings;
        for c in &findings.claims {
            let Some(s) = preclinical_source(c) else {
                continue;
            };
            let what = s
                .population
                .filter(|p| *p != Population::Human)
                .map_or("preclinical", |p| p.as_str());
            let d = ctx.report(
                c.trigger_span.clone(),
                format!("`{}` is a human outcome, but its evidence is {what}", c.trigger),
                "cite a human study, or frame the finding as preclinical (\"in lab studies …; human evidence is limited\") without promising a result to people".into(),
            );
            d.labels
                .push(label(s.span.clone(), format!("{what} study")));
            d.claim = Some(c.text.clone());
        }
    }
}
