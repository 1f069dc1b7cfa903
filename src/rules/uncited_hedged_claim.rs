//! CL002: a hedged or associative efficacy claim with no source.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};
use super::uncited::report_uncited;
use crate::classify::{Kind, Strength};

declare_rule! {
    /// ## What it does
    /// Finds efficacy claims softened by a hedge ("may help fade dark
    /// spots", "can improve texture", "designed to lift") or stated as an
    /// association ("users who took collagen had firmer skin") whose sentence
    /// carries no source.
    ///
    /// ## Why is this bad?
    /// A hedge does not remove the need for evidence: the reader still takes
    /// away a benefit. Regulators look at the net impression:
    /// - US: the FTC does not let hedges lower the substantiation bar
    ///   (Health Products Compliance Guidance; secondary source: Blue Ocean
    ///   Regulatory, unverified).
    /// - Australia: Ahpra, claims "unqualified and/or … not supported by
    ///   acceptable evidence" (advertising examples).
    /// - EU: Regulation (EU) No 655/2013, Annex, criterion 3 *Evidential
    ///   support* applies to every claim, hedged or not.
    ///
    /// ## Evidence required
    /// A source, as for `uncited-efficacy-claim`; a hedge lowers the tier of
    /// evidence needed by at most one step, and not at all in the US.
    ///
    /// ## Example
    /// ```markdown
    /// Vitamin C may help fade dark spots.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Vitamin C may help fade dark spots (Lee et al., 2021).
    /// ```
    pub struct UncitedHedgedClaim {
        code: "CL002",
        name: "uncited-hedged-claim",
        severity: Warning,
        summary: "a hedged or associative efficacy claim cites no source",
    }
}

impl Rule for UncitedHedgedClaim {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_uncited(
            ctx,
            |c| c.kind == Kind::Efficacy && c.strength < Strength::Direct,
            |c| format!("hedged claim `{}` cites no source", c.trigger),
            "a hedge still promises a benefit: cite a source for it, or remove the benefit",
        );
    }
}
