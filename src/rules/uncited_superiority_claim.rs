//! CL004: a superiority claim with no source.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};
use super::uncited::report_uncited;
use crate::classify::Kind;

declare_rule! {
    /// ## What it does
    /// Finds superiority and laudatory claims ("the most advanced laser",
    /// "better than Botox", "gold standard", "outperforms") whose sentence
    /// carries no source.
    ///
    /// ## Why is this bad?
    /// A comparison needs evidence covering what it is compared with, and
    /// some markets ban superlatives outright:
    /// - Singapore: Healthcare Services (Advertisement) Regulations 2021,
    ///   reg 5(1)(e) ("laudatory statement … or superlative"); SMC Ethical
    ///   Code and Ethical Guidelines G2(1)(j), "not laudatory".
    /// - UK: CAP Code 3.7: "leading" or "best" needs evidence about
    ///   competitors.
    /// - EU: Regulation (EU) No 655/2013, Annex, *Honesty*: no "unique"
    ///   claims when others share the property.
    ///
    /// ## Evidence required
    /// A head-to-head study, or market-wide evidence for a superlative; in
    /// Singapore, remove the superlative.
    ///
    /// ## Example
    /// ```markdown
    /// Our laser is more effective than any cream.
    /// ```
    /// Use instead:
    /// ```markdown
    /// In a split-face trial, the laser reduced wrinkle depth more than
    /// tretinoin cream (Lee et al., 2020).
    /// ```
    pub struct UncitedSuperiorityClaim {
        code: "CL004",
        name: "uncited-superiority-claim",
        severity: Warning,
        summary: "a superiority or laudatory claim cites no source",
    }
}

impl Rule for UncitedSuperiorityClaim {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_uncited(
            ctx,
            |c| c.kind == Kind::Superiority,
            |c| format!("superiority claim `{}` cites no source", c.trigger),
            "cite a comparative study that covers what you compare against, or remove the comparison",
        );
    }
}
