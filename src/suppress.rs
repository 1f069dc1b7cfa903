//! Inline directives: `<!-- claimlint-disable… -->` suppressions, and
//! checks of `evidence:` comments.
//!
//! Forms (RULES is a comma- or space-separated list of codes or names;
//! empty means every rule; `-- reason` says why, for the register):
//!
//! - `<!-- claimlint-disable-next-line RULES -- reason -->`: the next
//!   non-blank line.
//! - `<!-- claimlint-disable-line RULES -- reason -->`: its own line.
//! - `<!-- claimlint-disable RULES -- reason -->` … `<!-- claimlint-enable
//!   RULES -->`: a range (to the end of the file when not closed).
//! - `<!-- claimlint-disable-file RULES -- reason -->`: the whole file.
//!
//! This module reads directives from comments and applies suppressions to
//! a file's findings; what a directive is lives in `directive`, and the
//! rules `invalid-directive` and `unused-suppression` report the problems
//! and the unused ones.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
pub use crate::directive::{Directives, Scope, Suppression};
use crate::markdown::Comment;
use crate::rules::invalid_directive::InvalidDirective;
use crate::rules::registry;
use crate::rules::unused_suppression::UnusedSuppression;
use crate::source::SourceFile;

/// Reads the directives of a file from its HTML comments.
pub fn parse(file: &SourceFile, comments: &[Comment]) -> Directives {
    let mut reader = Reader {
        file,
        d: Directives::default(),
        open: Vec::new(),
    };
    for c in comments {
        reader.comment(c);
    }
    reader.d
}

/// The directives names, as written after `claimlint-`.
const DIRECTIVES: [&str; 5] = [
    "disable-next-line",
    "disable-line",
    "disable",
    "disable-file",
    "enable",
];

/// Reads one file's directives in order.
struct Reader<'a> {
    file: &'a SourceFile,
    d: Directives,
    /// Open `disable` ranges, latest last: the codes each names, and its
    /// index into the suppressions (`None` for one without a reason, which
    /// suppresses nothing but still pairs with its `enable`).
    open: Vec<(Vec<&'static str>, Option<usize>)>,
}

impl Reader<'_> {
    fn problem(&mut self, c: &Comment, message: String, help: &str) {
        self.d.problems.push((c.span.clone(), message, help.into()));
    }

    /// One comment: an evidence comment, a directive, or neither.
    fn comment(&mut self, c: &Comment) {
        let inner = c.inner.trim();
        if let Some(rest) = inner.strip_prefix("evidence:") {
            check_evidence(c, rest, &mut self.d);
            return;
        }
        let Some(rest) = inner.strip_prefix("claimlint-") else {
            return;
        };
        let (word, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let (list, reason) = match args.split_once("--") {
            Some((l, r)) => (l, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (args, None),
        };
        let codes = match parse_codes(list) {
            Ok(c) => c,
            Err((name, hint)) => {
                let name = crate::suggest::clip(&name, 64);
                let message = format!("unknown rule `{name}` in claimlint comment{hint}");
                return self.problem(c, message, "use a rule code or name from `claimlint rules`");
            }
        };
        if let Some(scope) = self.scope(word, &codes, c) {
            self.suppression(word, codes, scope, reason, c);
        }
    }

    /// What a directive covers; `None` for `enable` and unknown words.
    fn scope(&mut self, word: &str, codes: &[&'static str], c: &Comment) -> Option<Scope> {
        let file = self.file;
        let line_of_end = file.line_of(c.span.end.saturating_sub(1));
        match word {
            "disable-next-line" => {
                let mut line = line_of_end + 1;
                let lines = file.line_starts().len();
                while line <= lines && file.text[file.line_range(line)].trim().is_empty() {
                    line += 1;
                }
                let r = file.line_range(line);
                Some(Scope::Range(r.start..r.end.max(r.start + 1)))
            }
            "disable-line" => {
                let first = file.line_range(file.line_of(c.span.start));
                let last = file.line_range(line_of_end);
                Some(Scope::Range(first.start..last.end.max(first.start + 1)))
            }
            "disable" => Some(Scope::Range(c.span.end..file.text.len() + 1)),
            "disable-file" => Some(Scope::File),
            "enable" => {
                self.enable(codes, c);
                None
            }
            other => {
                let hint = crate::suggest::did_you_mean(other, &DIRECTIVES);
                let other = crate::suggest::clip(other, 64);
                let message = format!("unknown claimlint directive `claimlint-{other}`{hint}");
                self.problem(c, message, "use claimlint-disable-next-line, claimlint-disable-line, claimlint-disable, claimlint-enable or claimlint-disable-file");
                None
            }
        }
    }

    /// `claimlint-enable`: closes the latest open range with overlapping
    /// rules.
    fn enable(&mut self, codes: &[&'static str], c: &Comment) {
        let pos = self.open.iter().rposition(|(opened, _)| {
            codes.is_empty() || opened.is_empty() || codes.iter().any(|c| opened.contains(c))
        });
        match pos {
            Some(p) => {
                if let (_, Some(i)) = self.open.remove(p)
                    && let Scope::Range(r) = &mut self.d.suppressions[i].scope
                {
                    r.end = c.span.start;
                }
            }
            None => self.problem(
                c,
                "`claimlint-enable` without a matching `claimlint-disable`".into(),
                "remove it, or add `<!-- claimlint-disable RULE -- reason -->` above the text",
            ),
        }
    }

    /// Records a suppression, or, without a reason, the problem that it
    /// has none.
    fn suppression(
        &mut self,
        word: &str,
        codes: Vec<&'static str>,
        scope: Scope,
        reason: Option<String>,
        c: &Comment,
    ) {
        let Some(reason) = reason else {
            // A waiver nobody can review is no waiver: without a reason it
            // suppresses nothing, the finding stays, and the directive is
            // reported.
            let message =
                format!("suppression `claimlint-{word}` gives no reason, so it suppresses nothing");
            self.problem(c, message, "add the reason after `--`, e.g. `-- approved by Dr Low, ref LEG-42`, so reviewers can see why");
            if word == "disable" {
                self.open.push((codes, None));
            }
            return;
        };
        if word == "disable" {
            self.open
                .push((codes.clone(), Some(self.d.suppressions.len())));
        }
        self.d.suppressions.push(Suppression {
            span: c.span.clone(),
            codes,
            scope,
            reason,
            used: false,
        });
    }
}

fn check_evidence(c: &Comment, rest: &str, d: &mut Directives) {
    let design = rest.split_whitespace().next().unwrap_or("");
    if crate::evidence::Tier::parse(design).is_none() {
        let names: Vec<&str> = crate::evidence::Tier::DESIGNS
            .iter()
            .map(|t| t.as_str())
            .collect();
        let hint = crate::suggest::did_you_mean(design, &names);
        let msg = if design.is_empty() {
            "evidence comment names no study design".to_string()
        } else {
            format!(
                "unknown study design `{}` in evidence comment{hint}",
                crate::suggest::clip(design, 64)
            )
        };
        d.problems.push((
            c.span.clone(),
            msg,
            format!(
                "start with one of {}, then an optional DOI, PMID or URL",
                names.join(", ")
            ),
        ));
    }
}

fn parse_codes(list: &str) -> Result<Vec<&'static str>, (String, String)> {
    let mut out = Vec::new();
    for name in list
        .split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match registry::find(name) {
            Some(m) => out.push(m.code),
            None => {
                return Err((
                    name.to_string(),
                    crate::suggest::did_you_mean(name, &registry::all_names()),
                ));
            }
        }
    }
    Ok(out)
}

/// Applies the suppressions to a file's findings: drops each finding a
/// suppression covers, marks that suppression used, and returns the
/// suppressed findings' spans with the reason given. `unused-suppression`
/// findings are never suppressed, and a directive never silences the
/// report about itself.
pub fn apply(
    directives: &mut Directives,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Range<usize>, String)> {
    let mut suppressed = Vec::new();
    diagnostics.retain(|d| {
        if d.code == UnusedSuppression::META.code {
            return true;
        }
        let about_itself =
            |s: &Suppression| d.code == InvalidDirective::META.code && d.span == s.span;
        match directives
            .suppressions
            .iter_mut()
            .find(|s| s.covers(d.code, d.span.start) && !about_itself(s))
        {
            Some(s) => {
                s.used = true;
                suppressed.push((d.span.clone(), s.reason.clone()));
                false
            }
            None => true,
        }
    });
    suppressed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    fn directives(text: &str) -> (SourceFile, Directives) {
        let f = SourceFile::new("x.md", text);
        let doc = markdown::parse(&f, &Default::default());
        let d = parse(&f, &doc.comments);
        (f, d)
    }

    #[test]
    fn next_line_covers_the_next_non_blank_line() {
        let (f, d) = directives(
            "<!-- claimlint-disable-next-line CL001 -- ok -->\n\nRetinol boosts collagen.\nNext.\n",
        );
        let s = &d.suppressions[0];
        let at = f.text.find("boosts").unwrap();
        assert!(s.covers("CL001", at));
        assert!(!s.covers("CL002", at));
        assert!(!s.covers("CL001", f.text.find("Next").unwrap()));
        assert!(d.problems.is_empty());
    }

    #[test]
    fn ranges_close_at_enable() {
        let (f, d) = directives(
            "<!-- claimlint-disable uncited-efficacy-claim -- legacy -->\n\nA.\n\n<!-- claimlint-enable CL001 -->\n\nB.\n",
        );
        let s = &d.suppressions[0];
        assert!(s.covers("CL001", f.text.find("A.").unwrap()));
        assert!(!s.covers("CL001", f.text.find("B.").unwrap()));
    }

    #[test]
    fn unknown_rules_and_missing_reasons_are_problems() {
        let (_, d) = directives(
            "<!-- claimlint-disable-next-line CL01 -->\n\nText.\n\n<!-- claimlint-disable-file -->\n",
        );
        assert_eq!(d.problems.len(), 2, "{:?}", d.problems);
        assert!(d.problems[0].1.contains("unknown rule `CL01`"));
        assert!(d.problems[1].1.contains("gives no reason"));
    }

    #[test]
    fn unknown_evidence_design_is_a_problem() {
        let (_, d) = directives("Claim. <!-- evidence: anecdote -->\n");
        assert_eq!(d.problems.len(), 1);
    }
}
