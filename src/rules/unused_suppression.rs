//! CL007: a suppression comment that suppressed nothing, and the fix
//! that deletes it (with the `claimlint-enable` that closes it).

use std::ops::Range;

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
use crate::directive::{Scope, Suppression};

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

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Suppressions]
    }

    /// Reports each suppression that suppressed no finding.
    fn check(&self, ctx: &mut Context<'_>) {
        let Some(directives) = ctx.directives() else {
            return;
        };
        for s in directives.suppressions.iter().filter(|s| !s.used) {
            let fix = removal_fix(&ctx.file.text, s);
            ctx.report(
                s.span.clone(),
                "this suppression suppressed nothing".into(),
                "remove the comment: the finding it was written for no longer occurs".into(),
            )
            .fix = Some(fix);
        }
    }
}

/// Deletes the suppression's comment and, for a `claimlint-disable` range
/// closed by a `claimlint-enable`, that comment too: an `enable` closes
/// exactly one range, so left alone it would become an `invalid-directive`.
fn removal_fix(text: &str, s: &Suppression) -> Fix {
    let mut edits = vec![removal(text, &s.span)];
    if let Scope::Range(r) = &s.scope
        && r.start == s.span.end
        && let Some(rest) = text.get(r.end..)
        && rest.starts_with("<!--")
        && let Some(close) = rest.find("-->")
    {
        edits.push(removal(text, &(r.end..r.end + close + 3)));
    }
    Fix {
        title: "remove the unused suppression".into(),
        edits,
    }
}

/// Deletes the comment at `span`: its whole line when nothing else is on
/// it, else the comment and the blank between it and its neighbour.
fn removal(text: &str, span: &Range<usize>) -> Edit {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let before = &text[line_start..span.start];
    let after = &text[span.end..line_end];
    let blank = |s: &str| s.trim().is_empty();
    let span = if blank(before) && blank(after) {
        line_start..(line_end + 1).min(text.len())
    } else if blank(after) {
        // A CRLF line keeps its `\r`.
        let end = line_end - usize::from(text[..line_end].ends_with('\r'));
        span.start - (before.len() - before.trim_end().len())..end.max(span.end)
    } else {
        span.start..span.end + (after.len() - after.trim_start().len())
    };
    Edit {
        span,
        text: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Fix;
    use crate::{Config, Linter};

    /// Applies every CL007 fix, re-lints, and returns the text and codes.
    fn fixed(text: &str) -> (String, Vec<&'static str>) {
        let linter = Linter::new(Config::default()).unwrap();
        let report = linter.lint("a.md", text);
        let fixes: Vec<&Fix> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "CL007")
            .map(|d| d.fix.as_ref().expect("CL007 has a fix"))
            .collect();
        assert!(!fixes.is_empty(), "no CL007 in {text:?}");
        let (out, _) = Fix::apply_all(text, fixes);
        let codes = linter
            .lint("a.md", &out)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        (out, codes)
    }

    #[test]
    fn a_comment_alone_on_its_line_goes_with_the_line() {
        let (out, codes) = fixed(
            "# T\n\n<!-- claimlint-disable-next-line CL001 -- approved -->\nBook a consultation today.\n",
        );
        assert_eq!(out, "# T\n\nBook a consultation today.\n");
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn a_comment_after_text_goes_with_the_blank_before_it() {
        let (out, codes) = fixed(
            "The clinic is open on Saturdays. <!-- claimlint-disable-line CL003 -- reviewed -->\r\nNext.\r\n",
        );
        assert_eq!(out, "The clinic is open on Saturdays.\r\nNext.\r\n");
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn a_range_goes_with_the_enable_that_closes_it() {
        let (out, codes) = fixed(
            "<!-- claimlint-disable CL004 -- legacy table -->\n\nOur prices are below.\n\n<!-- claimlint-enable CL004 -->\n",
        );
        assert_eq!(out, "\nOur prices are below.\n\n");
        assert!(codes.is_empty(), "{codes:?}");
    }
}
