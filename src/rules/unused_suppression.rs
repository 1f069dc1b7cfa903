//! CL007: a suppression comment that suppressed nothing.

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds `claimlint-disable…` comments that did not suppress any
    /// finding: the claim they were written for was reworded, cited or
    /// removed.
    ///
    /// ## Why is this bad?
    /// A stale suppression would silently hide the next claim written at
    /// that place, and the compliance register would carry a waiver for a
    /// claim that no longer exists (ruff reports unused `noqa` the same way,
    /// RUF100).
    ///
    /// ## Example
    /// ```markdown
    /// <!-- claimlint-disable-next-line CL001 -- reviewed by Dr Low -->
    /// Book a consultation today.
    /// ```
    /// Use instead: delete the comment.
    pub struct UnusedSuppression {
        code: "CL007",
        name: "unused-suppression",
        severity: Warning,
        summary: "a suppression comment suppressed nothing",
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Suppressions]
    }

    /// Reports each suppression that suppressed no finding.
    fn check(&self, ctx: &mut Context<'_>) {
        let Some(directives) = ctx.directives() else {
            return;
        };
        for s in directives.suppressions.iter().filter(|s| !s.used) {
            ctx.report(
                s.span.clone(),
                "this suppression suppressed nothing".into(),
                "remove the comment: the finding it was written for no longer occurs".into(),
            );
        }
    }
}
