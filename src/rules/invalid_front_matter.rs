//! CL009: front matter that does not parse.

use super::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports front matter (`---` YAML or `+++` TOML) that does not parse.
    ///
    /// ## Why is this bad?
    /// Pages often carry their strongest claims in `title` and `description`.
    /// When the front matter does not parse, claimlint cannot read those
    /// fields, and your site generator will likely fail or drop them too.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: [unclosed
    /// ---
    /// ```
    /// Use instead: fix the YAML or TOML syntax at the position shown.
    pub struct InvalidFrontMatter {
        code: "CL009",
        name: "invalid-front-matter",
        severity: Warning,
        summary: "front matter does not parse, so its claims cannot be checked",
    }
}

impl Rule for InvalidFrontMatter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(fm) = ctx.doc.front_matter.as_ref() else {
            return;
        };
        let Some((msg, at)) = fm.error.clone() else {
            return;
        };
        let end = crate::source::ceil_char_boundary(&ctx.file.text, (at + 1).min(fm.span.end));
        ctx.report(
            at..end.max(at),
            format!("{} front matter does not parse: {}", fm.format, msg.trim()),
            "fix the syntax so its fields can be checked".into(),
        );
    }
}
