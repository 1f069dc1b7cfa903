//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! Files are named relative to the repository root (see
//! [`crate::fingerprint::repo_root`]), which `originalUriBaseIds` names as
//! `%SRCROOT%`, and findings carry the fingerprints of
//! [`crate::fingerprint`], so a service can follow a finding across
//! commits. Columns, `charOffset` and `charLength` count UTF-16 code units
//! (`columnKind: utf16CodeUnits`, what GitHub and editors count), not the
//! byte offsets claimlint's spans hold. Each rule is described in prose:
//! its summary, what it does, and its full explanation with the
//! regulations behind it, linked to its section of `docs/rules.md`. Built with `serde_json` rather than a typed crate: claimlint
//! emits a small, fixed subset, and the tests validate it against the
//! official 2.1.0 schema, which is what a typed model would buy.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{Emitter, Failure, Rendered, Summary};
use crate::diagnostic::Severity;
use crate::fingerprint;
use crate::lint::Report;
use crate::rules;
use crate::source::SourceFile;

/// SARIF, streamed: the log's head, each file's results, then the tail
/// with the files that could not be checked.
pub struct Sarif {
    /// The repository root files are named relative to.
    pub root: PathBuf,
    any: bool,
}

impl Sarif {
    /// SARIF naming files relative to `root`.
    pub fn new(root: PathBuf) -> Sarif {
        Sarif { root, any: false }
    }
}

impl Emitter for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(sarif_frame(&[], &self.root).0.as_bytes())
    }

    fn render(&self, report: &Report) -> Rendered {
        Rendered::written(report, |out| {
            write_results(&mut false, report, &self.root, out)
        })
    }

    fn file(&mut self, file: Rendered, out: &mut dyn Write) -> io::Result<()> {
        super::json::separated(&mut self.any, &file.bytes, out)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_results(&mut self.any, report, &self.root, out)
    }

    fn end(&mut self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if self.any {
            out.write_all(b"\n")?;
        }
        let tail = sarif_frame(&s.failures, &self.root).1;
        out.write_all(tail.trim_start_matches('\n').as_bytes())?;
        out.write_all(b"\n")
    }
}

/// A file's results as items of the run's `results` array, written one at
/// a time into an array that already holds some if `any`.
fn write_results(
    any: &mut bool,
    report: &Report,
    root: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    super::json::each_separated(any, sarif_results(report, root), out, |v, out| {
        write!(out, "        {v}")
    })
}

/// The claimlint home page, for SARIF's `informationUri`.
pub const HOME: &str = env!("CARGO_PKG_REPOSITORY");

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF `reportingDescriptor` of every rule, in registry order.
pub fn sarif_rules() -> Vec<Value> {
    rules::registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            let text = m.explanation_text();
            let what = section(&text, "What it does").unwrap_or(m.summary);
            let uri = help_uri(m.code, m.name);
            let markdown = format!("{text}\n\n[Full documentation]({uri})");
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": sentence(m.summary)},
                "fullDescription": {"text": plain(what), "markdown": what},
                "help": {"text": plain(&text), "markdown": markdown},
                "helpUri": uri,
                "defaultConfiguration": {
                    "level": sarif_level(m.default.unwrap_or(Severity::Info)),
                    "enabled": m.default.is_some(),
                },
                "properties": {"tags": ["claims", "compliance"]},
            })
        })
        .collect()
}

/// The body of the explanation's `## {heading}` section.
fn section<'t>(text: &'t str, heading: &str) -> Option<&'t str> {
    let start = text.find(&format!("## {heading}\n"))? + heading.len() + 4;
    let body = &text[start..];
    let end = body.find("\n## ").unwrap_or(body.len());
    Some(body[..end].trim())
}

/// Markdown prose as plain text: lines of a paragraph joined, list items
/// and paragraphs kept on their own lines, code and emphasis marks dropped.
fn plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    // `break_next`: the line after a heading or a code block starts anew.
    let (mut fenced, mut break_next) = (false, false);
    for line in md.lines().map(str::trim_end) {
        if line.starts_with("```") {
            (fenced, break_next) = (!fenced, true);
            continue;
        }
        let heading = !fenced && line.starts_with('#');
        let new_line = fenced || break_next || heading || line.is_empty() || line.starts_with("- ");
        if !out.is_empty() {
            out.push(if new_line || out.ends_with('\n') {
                '\n'
            } else {
                ' '
            });
        }
        let line = if fenced { line } else { line.trim_start() };
        out.push_str(line.trim_start_matches('#').trim_start_matches(' '));
        break_next = heading;
    }
    out.replace(['`', '*'], "")
}

/// A summary ("a claim cites no source") as a sentence.
fn sentence(summary: &str) -> String {
    let mut chars = summary.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    let mut s = first.unwrap_or_default() + chars.as_str();
    if !s.ends_with(['.', '?', '!']) {
        s.push('.');
    }
    s
}

/// The rule's section of `docs/rules.md` in the repository.
fn help_uri(code: &str, name: &str) -> String {
    format!(
        "{HOME}/blob/main/docs/rules.md#{}-{name}",
        code.to_ascii_lowercase()
    )
}

/// The repository root as an absolute `file:` URI ending in `/`, as
/// SARIF's `originalUriBaseIds` requires.
fn root_uri(root: &Path) -> String {
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let path = abs.to_string_lossy().replace('\\', "/");
    let path = path.trim_start_matches("//?/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    // A Windows drive letter keeps its colon: file:///C:/site/.
    let mut uri = format!("file://{slash}{}", uri_path(path).replacen("%3A", ":", 1));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Percent-encodes what may not appear in a URI reference's path.
pub(super) fn uri_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The SARIF `result` objects for one file's findings.
pub fn sarif_results<'r>(report: &'r Report, root: &Path) -> impl Iterator<Item = Value> + 'r {
    static INDEX: std::sync::LazyLock<std::collections::HashMap<&'static str, usize>> =
        std::sync::LazyLock::new(|| {
            rules::registry()
                .iter()
                .enumerate()
                .map(|(i, r)| (r.meta().code, i))
                .collect()
        });
    let rel = fingerprint::relative(Path::new(&report.source.path), root);
    let prints = fingerprint::fingerprints(&rel, &report.diagnostics);
    let mut units = Utf16::new(&report.source);
    report.diagnostics.iter().zip(prints).map(move |(d, fp)| {
        let region = units.region(&d.span);
        let mut result = json!({
            "ruleId": d.code,
            "level": sarif_level(d.severity),
            "message": {"text": format!("{}\nhelp: {}", d.message, d.help)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri_path(&rel), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                },
            }],
            "partialFingerprints": {"claimlint/v1": fp},
            "properties": {"rule": d.rule},
        });
        if let Some(&i) = INDEX.get(d.code) {
            result["ruleIndex"] = json!(i);
        }
        result
    })
}

/// Counts UTF-16 code units up to byte offsets of one file, for SARIF's
/// columns and character offsets. It counts from the last offset asked,
/// forward or back, and diagnostics come sorted by position: linear in the
/// file, not quadratic.
struct Utf16<'s> {
    source: &'s SourceFile,
    /// A byte offset on a character boundary, and the code units before it.
    at: (usize, usize),
    /// The byte-order mark's code unit, which editors do not show.
    bom: usize,
}

impl<'s> Utf16<'s> {
    fn new(source: &'s SourceFile) -> Self {
        let bom = usize::from(source.text.starts_with('\u{feff}'));
        Utf16 {
            source,
            at: (0, 0),
            bom,
        }
    }

    /// Code units before byte `offset`, the byte-order mark excluded.
    fn units(&mut self, offset: usize) -> usize {
        let text = &self.source.text;
        let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
        let count = |s: &str| s.chars().map(char::len_utf16).sum::<usize>();
        self.at = if offset >= self.at.0 {
            (offset, self.at.1 + count(&text[self.at.0..offset]))
        } else {
            (offset, self.at.1 - count(&text[offset..self.at.0]))
        };
        self.at.1 - self.bom.min(self.at.1)
    }

    /// 1-based line and UTF-16 column of byte `offset`.
    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let line = self.source.line_of(offset);
        let start = self.source.line_starts()[line - 1];
        let from_line = self.units(start);
        (line, self.units(offset) - from_line + 1)
    }

    /// The SARIF region of a byte span.
    fn region(&mut self, span: &std::ops::Range<usize>) -> Value {
        let (start_line, start_col) = self.line_col(span.start);
        let char_offset = self.units(span.start);
        let (end_line, end_col) = self.line_col(span.end);
        let char_end = self.units(span.end);
        json!({
            "startLine": start_line,
            "startColumn": start_col,
            "endLine": end_line,
            "endColumn": end_col,
            "charOffset": char_offset,
            "charLength": char_end - char_offset,
        })
    }
}

/// The SARIF log around its results: the run's tool and rules, and the
/// invocation with a notification per file that could not be checked.
pub fn sarif_log(results: Vec<Value>, failures: &[Failure], root: &Path) -> Value {
    let notifications: Vec<Value> = failures
        .iter()
        .map(|(path, why)| {
            json!({
                "level": "error",
                "message": {"text": format!("{path}: {why}")},
                "locations": [{"physicalLocation": {"artifactLocation": {
                    "uri": uri_path(&fingerprint::relative(Path::new(path), root)),
                    "uriBaseId": "%SRCROOT%",
                }}}],
            })
        })
        .collect();
    // `results` before `invocations`, so a streamed log can write the
    // results before it knows which files failed.
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "claimlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": HOME,
                "rules": sarif_rules(),
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri(root)}},
            "columnKind": "utf16CodeUnits",
            "results": results,
            "invocations": [{
                "executionSuccessful": failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    })
}

/// A SARIF log's text split around its results array: (before the first
/// result, after the last). For streaming; the text before does not
/// depend on `failures`.
pub fn sarif_frame(failures: &[Failure], root: &Path) -> (String, String) {
    const MARK: &str = "\u{0}claimlint-results\u{0}";
    let text = serde_json::to_string_pretty(&sarif_log(vec![json!(MARK)], failures, root))
        .unwrap_or_default();
    let quoted = serde_json::to_string(MARK).unwrap_or_default();
    let at = text.find(&quoted).unwrap_or(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..line_start].to_string(),
        text[at + quoted.len()..].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("blog/my post#1.md"), "blog/my%20post%231.md");
        assert_eq!(uri_path("blog/é.md"), "blog/%C3%A9.md");
    }
}
