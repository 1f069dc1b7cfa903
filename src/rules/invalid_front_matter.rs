//! CL009: front matter that does not parse, or whose settings name an
//! unknown market, content kind or class.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports front matter (`---` YAML or `+++` TOML) that does not parse,
    /// and a `markets`, `content` or `class` setting with a value claimlint
    /// does not know (`markets: [sgg]`).
    ///
    /// ## Why is this bad?
    /// Pages often carry their strongest claims in `title` and `description`.
    /// When the front matter does not parse, claimlint cannot read those
    /// fields, and your site generator will likely fail or drop them too.
    /// A misspelt market is worse: the page is silently checked under the
    /// configuration's markets instead, so a Singapore page could pass under
    /// rules that allow what Singapore bans.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: [unclosed
    /// ---
    /// ```
    /// Use instead: fix the YAML or TOML syntax at the position shown.
    ///
    /// ```markdown
    /// ---
    /// markets: [sgg]
    /// ---
    /// ```
    /// Use instead: `markets: [sg]` (one of `us`, `uk`, `eu`, `sg`, `au`).
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
        use crate::page::{ContentKind, Market, ProductClass};
        for (key, allowed) in [
            ("markets", Market::NAMES),
            ("content", ContentKind::NAMES),
            ("class", ProductClass::NAMES),
        ] {
            let Some(values) = fm.settings.get(key) else {
                continue;
            };
            for raw in values {
                for v in raw
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                {
                    let known = |v: &str| allowed.iter().find(|a| a.eq_ignore_ascii_case(v));
                    let what = format!("{key} value");
                    let Err(unknown) = crate::suggest::parse_named_in(
                        &what,
                        " in front matter",
                        v,
                        allowed,
                        known,
                    ) else {
                        continue;
                    };
                    let content = &ctx.file.text[fm.content.clone()];
                    // The value's first occurrence after its key.
                    let after_key = content.find(key).map_or(0, |i| i + key.len());
                    let span = content[after_key..]
                        .find(v)
                        .map(|i| {
                            fm.content.start + after_key + i
                                ..fm.content.start + after_key + i + v.len()
                        })
                        .unwrap_or(fm.span.start..fm.span.start + 3.min(fm.span.len()));
                    ctx.report(
                        span,
                        format!("{}; it is ignored", unknown.message),
                        unknown.help,
                    );
                }
            }
        }
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
