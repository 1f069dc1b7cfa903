//! CL006: a footnote reference with no definition.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds footnote references such as `[^kafi2007]` that have no matching
    /// definition (`[^kafi2007]: …`) anywhere in the file.
    ///
    /// ## Why is this bad?
    /// The author meant to cite a source, but the reader sees a bracketed
    /// label and no reference: the claim it was meant to back is, in effect,
    /// uncited (see `uncited-efficacy-claim` for the regulatory basis).
    ///
    /// ## Example
    /// ```markdown
    /// Retinol reduces fine lines.[^kafi2007]
    /// ```
    /// Use instead:
    /// ```markdown
    /// Retinol reduces fine lines.[^kafi2007]
    ///
    /// [^kafi2007]: Kafi R, et al. Arch Dermatol. 2007;143(5):606-12.
    /// ```
    pub struct UndefinedFootnoteReference {
        code: "CL006",
        name: "undefined-footnote-reference",
        severity: Error,
        summary: "a footnote reference has no definition",
    }
}

impl Rule for UndefinedFootnoteReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let refs = ctx.findings.undefined_footnotes.clone();
        for r in refs {
            ctx.report(
                r.span,
                format!("footnote `[^{}]` has no definition", r.label),
                format!("add `[^{}]: <the study: authors, journal, year, DOI>` at the end of the file, or fix the label", r.label),
            );
        }
    }
}
