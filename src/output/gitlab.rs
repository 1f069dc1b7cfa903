//! GitLab Code Quality JSON: an array of issues with fingerprints, shown
//! in merge requests.
//!
//! Owns the issue schema. Does not own the findings or their
//! fingerprints (`fingerprint`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::json::{indent_json, items, separated, stream_items};
use super::{Emitter, Failure, Rendered, Summary};
use crate::diagnostic::Severity;
use crate::fingerprint;
use crate::lint::Report;

/// Code Quality issues, streamed a file at a time.
pub struct Gitlab {
    /// The repository root files are named relative to.
    pub root: PathBuf,
    any: bool,
}

impl Gitlab {
    /// Issues naming files relative to `root`.
    pub fn new(root: PathBuf) -> Gitlab {
        Gitlab { root, any: false }
    }
}

impl Emitter for Gitlab {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[\n")
    }

    fn render(&self, report: &Report) -> Rendered {
        Rendered::new(items(&mut gitlab_issues(report, &self.root), "  "), report)
    }

    fn file(&mut self, file: Rendered, out: &mut dyn Write) -> io::Result<()> {
        separated(&mut self.any, &file.bytes, out)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        stream_items(
            &mut self.any,
            &mut gitlab_issues(report, &self.root),
            "  ",
            out,
        )
    }

    fn end(&mut self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        for f in gitlab_failures(&s.failures, &self.root) {
            separated(&mut self.any, indent_json(&f, "  ").as_bytes(), out)?;
        }
        out.write_all(if self.any { b"\n]\n" } else { b"]\n" })
    }
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
