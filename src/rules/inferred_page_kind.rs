//! CL016: the page's kind was inferred from its content.
//!
//! Owns: this rule's metadata. Does not own: the inference
//! (`page::infer`) or when the note is emitted (the linter, after the
//! rules that depend on a page's kind have run).

use super::{Context, Rule, RuleMeta, declare_rule};

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

    /// Emitted by the linter once the rules that depend on it have run.
    fn check(&self, _ctx: &mut Context<'_>) {}
}
