//! GitHub Actions workflow commands (`::error file=…,line=…::message`),
//! shown as annotations on the pull request.
//!
//! Owns the command syntax and its escaping: a message or a path cannot
//! end a command or start another. Does not own the findings.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Emitter, Failure, Rendered, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fingerprint;
use crate::lint::Report;

/// Workflow commands, a line per finding, then one per file that could
/// not be checked.
pub struct Github {
    /// The repository root files are named relative to.
    pub root: PathBuf,
}

impl Emitter for Github {
    fn render(&self, report: &Report) -> Rendered {
        Rendered::new(github_file(report, &self.root).into_bytes(), report)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let file = escaped_path(report, &self.root);
        for d in &report.diagnostics {
            out.write_all(github_line(&file, report, d).as_bytes())?;
        }
        Ok(())
    }

    fn end(&mut self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(github_failures(&s.failures, &self.root).as_bytes())
    }
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
    let file = escaped_path(report, root);
    report
        .diagnostics
        .iter()
        .map(|d| github_line(&file, report, d))
        .collect()
}

/// `report`'s path relative to `root`, escaped as a property value.
fn escaped_path(report: &Report, root: &Path) -> String {
    escape_property(&fingerprint::relative(Path::new(&report.source.path), root))
}

/// One finding of `report` as a workflow command line, naming `file` (a
/// property value, escaped).
fn github_line(file: &str, report: &Report, d: &Diagnostic) -> String {
    let (start, end) = report.source.span_line_cols(&d.span);
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    format!(
        "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        file,
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&format!("{} {}", d.code, d.rule)),
        escape_data(&format!("{}\nhelp: {}", d.message, d.help)),
    )
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
}
