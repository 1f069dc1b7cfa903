//! CL008: a claimlint comment that cannot be understood.

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds `claimlint-…` and `evidence:` comments that claimlint cannot
    /// read: an unknown rule, an unknown directive, a suppression without a
    /// reason, an evidence comment with an unknown study design.
    ///
    /// ## Why is this bad?
    /// A directive that is not understood does nothing, so the author
    /// believes a claim is backed or waived when it is not. A waiver without
    /// a reason cannot be reviewed by a compliance officer, so it does not
    /// take effect: the finding it was meant for is still reported, and so
    /// is the directive, as an error.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- claimlint-disable-next-line CL01 -->
    /// <!-- evidence: anecdote -->
    /// ```
    /// Use instead:
    /// ```markdown
    /// <!-- claimlint-disable-next-line CL001 -- approved by Dr Low, ref LEG-42 -->
    /// <!-- evidence: rct doi:10.1111/jocd.15869 -->
    /// ```
    pub struct InvalidDirective {
        code: "CL008",
        name: "invalid-directive",
        severity: Error,
        summary: "a claimlint or evidence comment cannot be understood",
    }
}

impl Rule for InvalidDirective {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Directives]
    }

    /// Reports each problem met reading the file's directives.
    fn check(&self, ctx: &mut Context<'_>) {
        let Some(directives) = ctx.directives() else {
            return;
        };
        for (span, message, help) in &directives.problems {
            ctx.report(span.clone(), message.clone(), help.clone());
        }
    }
}
