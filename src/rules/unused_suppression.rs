//! CL007: a suppression comment that suppressed nothing.

use super::{Context, Rule, RuleMeta, declare_rule};

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

    /// Reported by the linter after suppressions are applied.
    fn check(&self, _ctx: &mut Context<'_>) {}
}
