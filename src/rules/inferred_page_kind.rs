//! CL016: the page's kind was inferred from its content.
//!
//! Owns: the note, in the findings phase, after the rules that depend on
//! a page's kind have run. Does not own: the inference (`page::infer`).

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::pack::load::PACKS;
use super::rule::{Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Says, once per page, that claimlint read the page as a cosmetic
    /// product page from its content (a cream, serum or wash named in its
    /// title, or "our new … serum" anywhere on it, and no procedure or
    /// prescription medicine named anywhere), when the front matter does
    /// not declare `content` or `class` and a rule that depends on the
    /// page's kind (`structure-function-cosmetic`, `disease-claim`) reported
    /// something because of it. The note points at the words that showed
    /// the kind. The kind is read from the whole page, so a paragraph added
    /// before or after the product text does not change it.
    ///
    /// ## Why is this bad?
    /// It is not a problem in itself: it tells you why cosmetic rules ran.
    /// The rules they apply depend on the kind of product: a cosmetic may not
    /// claim to treat a disease or change the body's function (FD&C Act
    /// §201(g)(1) and (i); CAP Code 12.1; Regulation (EC) No 1223/2009,
    /// Art. 2(1)(a); Therapeutic Goods Act 1989, s 3), while a licensed
    /// medicine or a marked device may. Declare the page's kind so the right
    /// rules run without guessing.
    ///
    /// ## Example
    /// ```markdown
    /// # Calm skin cream
    ///
    /// Clears eczema in a week.
    /// ```
    /// Declare it instead:
    /// ```markdown
    /// ---
    /// content: product
    /// class: cosmetic
    /// ---
    /// # Calm skin cream
    /// ```
    pub struct InferredPageKind {
        code: "CL016",
        name: "inferred-page-kind",
        severity: Info,
        summary: "the page's kind was inferred from its content, not declared",
    }
}

impl Rule for InferredPageKind {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Findings]
    }

    /// Notes the inference when a rule that depends on the page's kind
    /// reported on a page whose kind was inferred, at the words that
    /// showed it (they stay put when text is added elsewhere).
    fn check(&self, ctx: &mut Context<'_>) {
        let Some(inferred) = ctx.page.inferred.clone() else {
            return;
        };
        let Some(class) = inferred.class else {
            return;
        };
        let depended = ctx.reported().iter().any(|d| {
            PACKS
                .rules
                .iter()
                .any(|r| r.meta().code == d.code && r.depends_on_page_kind())
        });
        if !depended {
            return;
        }
        let message = format!(
            "read as a {} {} page (it names `{}` and offers no procedure), so the cosmetic rules ran",
            class, inferred.content, inferred.because
        );
        let help = format!(
            "declare it in front matter: `content: {}` and `class: {}` to confirm, or the page's real kind (`class: medicine`, `content: service`) to correct it",
            inferred.content, class
        );
        ctx.report(inferred.span, message, help);
    }
}
