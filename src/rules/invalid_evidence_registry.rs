//! CL015: the evidence registry has an entry claimlint cannot use.

use super::{Context, Rule, RuleMeta, declare_rule};

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

    /// Reported against the registry file by the linter.
    fn check(&self, _ctx: &mut Context<'_>) {}
}
