//! Output for CI services: SARIF 2.1.0 (GitHub code scanning and other
//! SARIF viewers), GitHub Actions workflow commands, GitLab Code Quality
//! and JUnit XML.
//!
//! Every format names files relative to the repository root (see
//! [`crate::fingerprint::repo_root`]) and identifies findings by the
//! fingerprints of [`crate::fingerprint`], so a service can follow a
//! finding across commits.
//!
//! The SARIF is built with `serde_json` rather than a typed crate: we emit
//! a small, fixed subset, and the test suite validates it against the
//! official 2.1.0 schema, which is what a typed model would buy.

use std::path::Path;

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::fingerprint;
use crate::lint::Report;
use crate::rules;

/// A file that could not be checked, and why.
pub type Failure = (String, String);

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
fn uri_path(p: &str) -> String {
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

/// The whole run as one SARIF 2.1.0 log.
pub fn sarif(reports: &[Report], failures: &[Failure], root: &Path) -> Value {
    sarif_log(
        reports
            .iter()
            .flat_map(|r| sarif_results(r, root))
            .collect(),
        failures,
        root,
    )
}

/// Escapes a workflow command's message, as GitHub's runner requires.
pub fn escape_data(s: &str) -> String {
    // Escape sequences and bidi overrides would reach the log as they are:
    // show them (line feeds stay, escaped below).
    crate::visible::visible_lines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as data, and also `:` and
/// `,`, which would otherwise end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One file's findings as GitHub Actions workflow commands
/// (`::error file=…,line=…::message`), one per line, shown as annotations
/// on the diff.
pub fn github_file(report: &Report, root: &Path) -> String {
    let rel = fingerprint::relative(Path::new(&report.source.path), root);
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, end) = report.source.span_line_cols(&d.span);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&rel),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("{} {}", d.code, d.rule)),
            escape_data(&format!("{}\nhelp: {}", d.message, d.help)),
        ));
    }
    out
}

/// Workflow commands for files that could not be checked.
pub fn github_failures(failures: &[Failure], root: &Path) -> String {
    failures
        .iter()
        .map(|(path, why)| {
            format!(
                "::error file={},title={}::{}\n",
                escape_property(&fingerprint::relative(Path::new(path), root)),
                escape_property("claimlint could not check this file"),
                escape_data(why)
            )
        })
        .collect()
}

/// The whole run as GitHub Actions workflow commands.
pub fn github(reports: &[Report], failures: &[Failure], root: &Path) -> String {
    let mut out: String = reports.iter().map(|r| github_file(r, root)).collect();
    out.push_str(&github_failures(failures, root));
    out
}

/// One file's findings as GitLab Code Quality issues.
pub fn gitlab_issues<'r>(report: &'r Report, root: &Path) -> impl Iterator<Item = Value> + 'r {
    let rel = fingerprint::relative(Path::new(&report.source.path), root);
    let prints = fingerprint::fingerprints(&rel, &report.diagnostics);
    report.diagnostics.iter().zip(prints).map(move |(d, fp)| {
        let (start, end) = report.source.span_line_cols(&d.span);
        json!({
            "type": "issue",
            "check_name": d.rule,
            "description": format!("{}: {}", d.code, d.message),
            "content": {"body": d.help},
            "categories": ["Compliance"],
            "severity": match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            },
            "fingerprint": fp,
            "location": {
                "path": &rel,
                "positions": {
                    "begin": {"line": start.line, "column": start.column},
                    "end": {"line": end.line, "column": end.column},
                },
            },
            "engine_name": "claimlint",
        })
    })
}

/// GitLab Code Quality issues for files that could not be checked.
pub fn gitlab_failures(failures: &[Failure], root: &Path) -> Vec<Value> {
    failures
        .iter()
        .map(|(path, why)| {
            let rel = fingerprint::relative(Path::new(path), root);
            json!({
                "type": "issue",
                "check_name": "unreadable-file",
                "description": format!("not checked: {why}"),
                "categories": ["Compliance"],
                "severity": "blocker",
                "fingerprint": format!("{:016x}", fingerprint::fnv1a(format!("{rel}\0unreadable").as_bytes())),
                "location": {"path": rel, "lines": {"begin": 1}},
                "engine_name": "claimlint",
            })
        })
        .collect()
}

/// GitLab Code Quality: a JSON array of issues with fingerprints.
pub fn gitlab(reports: &[Report], failures: &[Failure], root: &Path) -> Value {
    let mut issues: Vec<Value> = reports
        .iter()
        .flat_map(|r| gitlab_issues(r, root))
        .collect();
    issues.extend(gitlab_failures(failures, root));
    Value::Array(issues)
}

/// Escapes text for XML 1.0 content and attributes, dropping the control
/// characters XML 1.0 cannot carry at all. Line breaks become character
/// references, which XML reads back as the same characters: printed to a
/// CI log, a file name holding a line feed cannot start a line of its own
/// (`::error …` would be a GitHub workflow command).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn junit_case(out: &mut String, rel: &str, r: &Report, d: &Diagnostic) {
    let (start, _) = r.source.span_line_cols(&d.span);
    let body = format!(
        "{rel}:{}:{}: {} [{}/{}]\nhelp: {}",
        start.line, start.column, d.message, d.code, d.rule, d.help
    );
    out.push_str(&format!(
        "    <testcase classname=\"{}\" name=\"{}:{}:{} {}\" file=\"{}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
        xml_escape(rel),
        xml_escape(rel),
        start.line,
        start.column,
        d.code,
        xml_escape(rel),
        start.line,
        d.severity.as_str(),
        xml_escape(&d.message),
        xml_escape(&body),
    ));
}

/// One file as a JUnit test suite: a failing test case per finding, or one
/// passing case for a clean file.
pub fn junit_suite(r: &Report, root: &Path) -> String {
    let rel = fingerprint::relative(Path::new(&r.source.path), root);
    let n = r.diagnostics.len();
    let mut out = format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n}\" errors=\"0\">\n",
        xml_escape(&rel),
        n.max(1)
    );
    if n == 0 {
        out.push_str(&format!(
            "    <testcase classname=\"{0}\" name=\"{0}\" file=\"{0}\"/>\n",
            xml_escape(&rel)
        ));
    }
    for d in &r.diagnostics {
        junit_case(&mut out, &rel, r, d);
    }
    out.push_str("  </testsuite>\n");
    out
}

/// The JUnit document around its suites; `tests` and `failures` count the
/// suites' test cases and failures.
pub fn junit_document(
    suites: &str,
    tests: usize,
    failures_count: usize,
    failures: &[Failure],
    root: &Path,
) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"claimlint\" tests=\"{}\" failures=\"{failures_count}\" errors=\"{}\">\n",
        tests + failures.len(),
        failures.len()
    ));
    out.push_str(suites);
    if !failures.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"unreadable files\" tests=\"{0}\" failures=\"0\" errors=\"{0}\">\n",
            failures.len()
        ));
        for (path, why) in failures {
            let rel = fingerprint::relative(Path::new(path), root);
            out.push_str(&format!(
                "    <testcase classname=\"{0}\" name=\"{0}\" file=\"{0}\">\n      <error message=\"{1}\">{1}</error>\n    </testcase>\n",
                xml_escape(&rel),
                xml_escape(why)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// JUnit XML for the whole run: a test suite per file and a failing test
/// case per finding, as CI test-report views expect.
pub fn junit(reports: &[Report], failures: &[Failure], root: &Path) -> String {
    let suites: String = reports.iter().map(|r| junit_suite(r, root)).collect();
    let tests = reports.iter().map(|r| r.diagnostics.len().max(1)).sum();
    let failed = reports.iter().map(|r| r.diagnostics.len()).sum();
    junit_document(&suites, tests, failed, failures, root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        // A lone carriage return ends a line for GitHub's runner: it is
        // shown, like an escape sequence, never passed on.
        assert_eq!(
            escape_data("50% off\r\n::error::x\u{1b}[2J"),
            "50%25 off␍%0A::error::x␛[2J"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn xml_escaping_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{FFFD}"
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("blog/my post#1.md"), "blog/my%20post%231.md");
        assert_eq!(uri_path("blog/é.md"), "blog/%C3%A9.md");
    }
}
