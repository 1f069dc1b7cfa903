//! JUnit XML, for CI test-report views: a test suite per file and a
//! failing test case per finding.
//!
//! Owns the XML and its escaping. Does not own the findings.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Emitter, Failure, Rendered, Summary};
use crate::diagnostic::Diagnostic;
use crate::fingerprint;
use crate::lint::Report;

/// JUnit XML. The document's totals come first, so the suites are held
/// until the end: each file's as it was rendered, not copied into one.
pub struct Junit {
    /// The repository root files are named relative to.
    pub root: PathBuf,
    suites: Vec<Vec<u8>>,
    tests: usize,
    failed: usize,
}

impl Junit {
    /// JUnit naming files relative to `root`.
    pub fn new(root: PathBuf) -> Junit {
        Junit {
            root,
            suites: Vec::new(),
            tests: 0,
            failed: 0,
        }
    }
}

impl Emitter for Junit {
    fn render(&self, report: &Report) -> Rendered {
        Rendered::new(junit_suite(report, &self.root).into_bytes(), report)
    }

    fn file(&mut self, file: Rendered, _: &mut dyn Write) -> io::Result<()> {
        self.tests += file.findings.max(1);
        self.failed += file.findings;
        self.suites.push(file.bytes);
        Ok(())
    }

    fn end(&mut self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let tests = self.tests + s.failures.len();
        out.write_all(document_head(tests, self.failed, s.failures.len()).as_bytes())?;
        for suite in &self.suites {
            out.write_all(suite)?;
        }
        out.write_all(document_tail(&s.failures, &self.root).as_bytes())
    }
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

/// The document up to its first suite: `tests` test cases in all, of
/// which `failures` failed and `errors` are files that could not be read.
fn document_head(tests: usize, failures: usize, errors: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"claimlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n"
    )
}

/// The document after its last file's suite: the files that could not be
/// read, as a suite of errors, and the closing tag.
fn document_tail(failures: &[Failure], root: &Path) -> String {
    let mut out = String::new();
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
    fn xml_escaping_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{FFFD}"
        );
    }
}
