//! What a rule is: the [`Rule`] trait, and `declare_rule!`, which builds a
//! code rule's [`RuleMeta`] from its doc comment.
//!
//! Owns the contract between the linter and a rule. Does not own any
//! rule, which rules exist (`registry`), or at which severity a rule runs
//! (`severity`).

use super::context::Context;
use super::meta::{Phase, RuleMeta};

/// A lint rule.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// The phases it runs in (most rules: the document).
    fn phases(&self) -> &'static [Phase] {
        &[Phase::Document]
    }
    /// Checks one file (or, in [`Phase::Registry`], the registry).
    fn check(&self, ctx: &mut Context<'_>);
}

/// Declares a code rule: a unit struct whose doc comment is the rule's
/// explanation, and its [`RuleMeta`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $sev:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::rules::meta::RuleMeta = $crate::rules::meta::RuleMeta {
                code: $code,
                name: $rule_name,
                default: Some($crate::diagnostic::Severity::$sev),
                summary: $summary,
                explanation: concat!($($doc, "\n"),*),
                status: $crate::rules::meta::Status::Stable,
            };
        }
    };
}
pub(crate) use declare_rule;
