//! A finding: which rule, how severe, where, what is wrong and how to fix
//! it, and, where claimlint knows the answer, the [`Fix`] itself. Spans
//! are byte ranges; lines and columns are derived at output.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How severe a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; never fails a run by default.
    Info,
    /// Needs attention; never fails a run (exit status 0).
    Warning,
    /// Must be fixed: exit code 1.
    Error,
}

impl Severity {
    /// The name used in output and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// The names a severity setting accepts, `off` included.
    pub const SETTINGS: &'static [&'static str] = &["error", "warning", "info", "off"];

    /// Parses a severity setting as configuration and rule packs write it:
    /// a severity, or `off` (`None`). The one place settings are parsed.
    pub fn parse_setting(s: &str) -> Result<Option<Severity>, crate::suggest::Unknown> {
        crate::suggest::parse_named("severity", s, Self::SETTINGS, |s| match s {
            "off" => Some(None),
            other => Severity::parse(other).map(Some),
        })
    }
}

/// A secondary location with its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range.
    pub span: Range<usize>,
    /// What this location is.
    pub message: String,
}

/// One replacement in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced (empty to insert).
    pub span: Range<usize>,
    /// What replaces them (empty to delete).
    pub text: String,
}

/// A change that resolves a finding and is safe to apply without review:
/// claimlint knows the answer (a stale suppression to delete, a DOI prefix
/// to correct), so an editor can offer it as a quick fix and apply it with
/// every other fix of the file at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, as an editor lists it ("remove the unused
    /// suppression").
    pub title: String,
    /// The edits, in file order, none overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// `text` with every fix in `fixes` applied. A fix whose edits overlap
    /// one applied before it is skipped whole, so the result never mixes
    /// two halves; applying again catches it. Returns the new text and how
    /// many fixes were applied.
    pub fn apply_all<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
        let mut taken: Vec<&Edit> = Vec::new();
        let mut applied = 0;
        for fix in fixes {
            let clear = fix.edits.iter().all(|e| {
                e.span.start <= e.span.end
                    && e.span.end <= text.len()
                    && text.is_char_boundary(e.span.start)
                    && text.is_char_boundary(e.span.end)
                    && taken.iter().all(|t| !overlaps(&t.span, &e.span))
            });
            if clear {
                taken.extend(&fix.edits);
                applied += 1;
            }
        }
        taken.sort_by_key(|e| (e.span.start, e.span.end));
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for e in taken {
            out.push_str(&text[at..e.span.start]);
            out.push_str(&e.text);
            at = e.span.end;
        }
        out.push_str(&text[at..]);
        (out, applied)
    }
}

/// Whether two edits touch the same bytes (two insertions at one place
/// count, since their order would be a guess).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `CL001`.
    pub code: &'static str,
    /// Kebab-case rule name, e.g. `uncited-efficacy-claim`.
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong (lowercase, no final period).
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The primary span: the shortest phrase at fault.
    pub span: Range<usize>,
    /// Secondary spans.
    pub labels: Vec<Label>,
    /// Extra notes (why a link is not a source, …).
    pub notes: Vec<String>,
    /// The text of the claim this finding is about, when a claim rule
    /// reported it.
    pub claim: Option<String>,
    /// What the finding is about, normalised (lower-case words of its
    /// sentence): with the file and rule, the identity baselines and
    /// fingerprints use. Filled in by the linter.
    pub key: String,
    /// The fix, when claimlint knows it.
    pub fix: Option<Fix>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: &[(Range<usize>, &str)]) -> Fix {
        Fix {
            title: "t".into(),
            edits: edits
                .iter()
                .map(|(span, text)| Edit {
                    span: span.clone(),
                    text: text.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn fixes_apply_together_in_file_order() {
        let text = "doi:doi:10.1/x and PMID: PMID 12";
        let a = fix(&[(0..4, "")]);
        let b = fix(&[(19..30, "PMID: "), (32..32, ".")]);
        let (out, n) = Fix::apply_all(text, [&b, &a]);
        assert_eq!(out, "doi:10.1/x and PMID: 12.");
        assert_eq!(n, 2);
    }

    #[test]
    fn an_overlapping_fix_is_skipped_whole() {
        let text = "abcdef";
        let a = fix(&[(1..3, "X")]);
        let b = fix(&[(4..5, "Y"), (2..4, "Z")]);
        let (out, n) = Fix::apply_all(text, [&a, &b]);
        assert_eq!((out.as_str(), n), ("aXdef", 1));
        // Two insertions at one place: the second waits for another pass.
        let (out, n) = Fix::apply_all(text, [&fix(&[(2..2, "1")]), &fix(&[(2..2, "2")])]);
        assert_eq!((out.as_str(), n), ("ab1cdef", 1));
    }
}
