//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! Files are named relative to the repository root (see
//! [`crate::fingerprint::repo_root`]) and findings carry the fingerprints
//! of [`crate::fingerprint`], so a service can follow a finding across
//! commits. Built with `serde_json` rather than a typed crate: claimlint
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
        let mut bytes = Vec::new();
        for (i, v) in sarif_results(report, &self.root).enumerate() {
            let sep = if i > 0 { ",\n" } else { "" };
            let _ = write!(bytes, "{sep}        {v}");
        }
        Rendered::new(bytes, report)
    }

    fn file(&mut self, file: Rendered, out: &mut dyn Write) -> io::Result<()> {
        super::json::separated(&mut self.any, &file.bytes, out)
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
fn sarif_rules() -> Vec<Value> {
    rules::registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            let text = m.explanation_text();
            // The first paragraph of prose, past the headings.
            let first = text
                .split("\n\n")
                .map(str::trim)
                .find(|p| !p.is_empty() && !p.starts_with('#'))
                .unwrap_or(m.summary)
                .replace('\n', " ");
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": first},
                "help": {"text": text, "markdown": text},
                "defaultConfiguration": {
                    "level": sarif_level(m.default.unwrap_or(Severity::Info)),
                    "enabled": m.default.is_some(),
                },
                "properties": {"tags": ["claims", "compliance"]},
            })
        })
        .collect()
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
    report.diagnostics.iter().zip(prints).map(move |(d, fp)| {
        let (start, end) = report.source.span_line_cols(&d.span);
        let mut result = json!({
            "ruleId": d.code,
            "level": sarif_level(d.severity),
            "message": {"text": format!("{}\nhelp: {}", d.message, d.help)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri_path(&rel), "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                        "charOffset": d.span.start,
                        "charLength": d.span.len(),
                    },
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
            // Byte offsets for charOffset; columns count characters.
            "columnKind": "unicodeCodePoints",
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
