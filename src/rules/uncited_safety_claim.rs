//! CL003: a safety or comfort promise with no source.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};
use super::uncited::report_uncited;
use crate::classify::Kind;

declare_rule! {
    /// ## What it does
    /// Finds safety and comfort promises ("safe for all skin types", "no
    /// downtime", "painless", "well tolerated") whose sentence carries no
    /// source.
    ///
    /// ## Why is this bad?
    /// Safety claims trivialise risk when they are not backed and balanced:
    /// - UK: CAP Code 1.3 (social responsibility); ASA rulings on
    ///   non-surgical procedures (April 2025) found "safe and effective … no
    ///   downtime and minimal discomfort" trivialised risk; the GMC says
    ///   doctors "must not claim that interventions are risk free".
    /// - Australia: National Law s133(1)(a) and (d); Ahpra's guidelines for
    ///   higher-risk non-surgical cosmetic procedures (from 2 September 2025)
    ///   require risks and recovery to be communicated.
    /// - US: FTC Health Products Compliance Guidance: safety claims need
    ///   competent and reliable scientific evidence.
    ///
    /// ## Evidence required
    /// A source for the safety profile (a trial's adverse-event data, a
    /// systematic review), and balanced risk and recovery information nearby.
    ///
    /// ## Example
    /// ```markdown
    /// The treatment is painless with no downtime.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Most people describe mild stinging; redness usually settles within a
    /// day (Alster et al., 2019). See *Risks and recovery* below.
    /// ```
    pub struct UncitedSafetyClaim {
        code: "CL003",
        name: "uncited-safety-claim",
        severity: Warning,
        summary: "a safety or comfort promise cites no source",
    }
}

impl Rule for UncitedSafetyClaim {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_uncited(
            ctx,
            |c| c.kind == Kind::Safety,
            |c| format!("safety claim `{}` cites no source", c.trigger),
            "cite the safety data behind it and give balanced risk and recovery information, or describe what patients typically experience instead",
        );
    }
}
