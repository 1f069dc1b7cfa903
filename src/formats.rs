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
                    "level": sarif_level(m.default_severity),
                    "enabled": !m.default_off,
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

/// The whole run as one SARIF 2.1.0 log.
pub fn sarif(reports: &[Report], failures: &[Failure], root: &Path) -> Value {
    let index: std::collections::HashMap<&str, usize> = rules::registry()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta().code, i))
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let rel = fingerprint::relative(Path::new(&r.source.path), root);
        let prints = fingerprint::fingerprints(&rel, &r.diagnostics);
        for (d, fp) in r.diagnostics.iter().zip(prints) {
            let (start, end) = r.source.span_line_cols(&d.span);
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
            if let Some(&i) = index.get(d.code) {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
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
            "invocations": [{
                "executionSuccessful": failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

/// Escapes a workflow command's message, as GitHub's runner requires.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as data, and also `:` and
/// `,`, which would otherwise end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One GitHub Actions workflow command per finding
/// (`::error file=…,line=…::message`), shown as annotations on the diff.
pub fn github(
    reports: &[Report],
    failures: &[Failure],
    root: &Path,
    mut out: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for r in reports {
        let rel = fingerprint::relative(Path::new(&r.source.path), root);
        for d in &r.diagnostics {
            let (start, end) = r.source.span_line_cols(&d.span);
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            out(&format!(
                "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&rel),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("{} {}", d.code, d.rule)),
                escape_data(&format!("{}\nhelp: {}", d.message, d.help)),
            ))?;
        }
    }
    for (path, why) in failures {
        out(&format!(
            "::error file={},title={}::{}\n",
            escape_property(&fingerprint::relative(Path::new(path), root)),
            escape_property("claimlint could not check this file"),
            escape_data(why)
        ))?;
    }
    Ok(())
}

/// GitLab Code Quality: a JSON array of issues with fingerprints.
pub fn gitlab(reports: &[Report], failures: &[Failure], root: &Path) -> Value {
    let mut issues = Vec::new();
    for r in reports {
        let rel = fingerprint::relative(Path::new(&r.source.path), root);
        let prints = fingerprint::fingerprints(&rel, &r.diagnostics);
        for (d, fp) in r.diagnostics.iter().zip(prints) {
            let (start, end) = r.source.span_line_cols(&d.span);
            issues.push(json!({
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
                    "path": rel,
                    "positions": {
                        "begin": {"line": start.line, "column": start.column},
                        "end": {"line": end.line, "column": end.column},
                    },
                },
                "engine_name": "claimlint",
            }));
        }
    }
    for (path, why) in failures {
        let rel = fingerprint::relative(Path::new(path), root);
        issues.push(json!({
            "type": "issue",
            "check_name": "unreadable-file",
            "description": format!("not checked: {why}"),
            "categories": ["Compliance"],
            "severity": "blocker",
            "fingerprint": format!("{:016x}", fingerprint::fnv1a(format!("{rel}\0unreadable").as_bytes())),
            "location": {"path": rel, "lines": {"begin": 1}},
            "engine_name": "claimlint",
        }));
    }
    Value::Array(issues)
}

/// Escapes text for XML 1.0 content and attributes, dropping the control
/// characters XML 1.0 cannot carry at all.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
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

/// JUnit XML: a test suite per file, a failing test case per finding and
/// one passing case for a clean file, as CI test-report views expect.
pub fn junit(reports: &[Report], failures: &[Failure], root: &Path) -> String {
    let total: usize = reports
        .iter()
        .map(|r| r.diagnostics.len().max(1))
        .sum::<usize>()
        + failures.len();
    let failed: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"claimlint\" tests=\"{total}\" failures=\"{failed}\" errors=\"{}\">\n",
        failures.len()
    ));
    for r in reports {
        let rel = fingerprint::relative(Path::new(&r.source.path), root);
        let n = r.diagnostics.len();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n}\" errors=\"0\">\n",
            xml_escape(&rel),
            n.max(1)
        ));
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
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(
            escape_data("50% off\r\n::error::x"),
            "50%25 off%0D%0A::error::x"
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
