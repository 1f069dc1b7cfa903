//! CL009: front matter that does not parse, or whose settings name an
//! unknown market, content kind or class.

use super::{Context, Rule, RuleMeta, declare_rule};

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
        for (key, allowed) in [
            ("markets", crate::rules::pack::MARKETS),
            ("content", crate::config::CONTENT_KINDS),
            ("class", crate::config::CLASSES),
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
                    if allowed.contains(&v.to_lowercase().as_str()) {
                        continue;
                    }
                    let hint = crate::suggest::did_you_mean(v, allowed);
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
                        format!(
                            "unknown {key} value `{}` in front matter{hint}; it is ignored",
                            crate::suggest::clip(v, 64)
                        ),
                        format!("use one of {}", allowed.join(", ")),
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
