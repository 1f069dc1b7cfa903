//! CL015: the evidence registry has an entry claimlint cannot use.

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};
use crate::keys::normalize_key;

declare_rule! {
    /// ## What it does
    /// Reports problems in the evidence registry (`evidence.toml`): TOML
    /// that does not parse, unknown keys, an unknown study design,
    /// population or subject, a duplicate id. Each is shown with a span into
    /// the registry and a did-you-mean. An entry with a problem is not used.
    ///
    /// ## Why is this bad?
    /// A registry entry that cannot be read cannot back a claim: the pages
    /// citing it are graded as if it were not there.
    ///
    /// ## Example
    /// ```toml
    /// [[source]]
    /// id = "kafi2007"
    /// design = "randomised trial"
    /// ```
    /// Use instead: `design = "rct"` (one of systematic-review, rct,
    /// controlled, uncontrolled, preclinical, opinion).
    pub struct InvalidEvidenceRegistry {
        code: "CL015",
        name: "invalid-evidence-registry",
        severity: Error,
        summary: "the evidence registry has an entry that cannot be used",
    }
}

impl Rule for InvalidEvidenceRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Registry]
    }

    /// Reports each problem in the registry that is not a malformed
    /// identifier (`malformed-identifier` reports those).
    fn check(&self, ctx: &mut Context<'_>) {
        let Some(registry) = ctx.registry() else {
            return;
        };
        for p in registry.problems.iter().filter(|p| !p.identifier) {
            // The registry has no sentences: its message names the entry.
            ctx.report(p.span.clone(), p.message.clone(), p.help.clone())
                .key = normalize_key(&p.message);
        }
    }
}
