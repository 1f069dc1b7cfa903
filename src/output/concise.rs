//! Short text output: `--format concise`, one line per finding
//! (`path:line:column: CODE [severity] message`, as `ruff
//! --output-format concise` and compilers print, so editors and terminals
//! can jump to it), and `--statistics`, one line per rule with its count.
//! Both end with the human format's summary line.
//!
//! Owns these two layouts. Does not own the findings, their order or the
//! summary line's wording ([`super::human`]).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Emitter, Rendered, Summary};
use crate::lint::Report;
use crate::visible::visible;

/// One line per finding.
pub struct Concise;

impl Emitter for Concise {
    fn render(&self, report: &Report) -> Rendered {
        Rendered::written(report, |out| write_lines(report, out))
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_lines(report, out)
    }

    fn end(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        match super::human::summary_line(summary) {
            Some(line) => writeln!(out, "{line}"),
            None => Ok(()),
        }
    }
}

/// Writes a file's findings, one line each.
fn write_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let path = visible(&report.source.path);
    for d in &report.diagnostics {
        let at = report.source.line_col(d.span.start);
        writeln!(
            out,
            "{path}:{}:{}: {} [{}] {}",
            at.line,
            at.column,
            d.code,
            d.severity.as_str(),
            visible(&d.message)
        )?;
    }
    Ok(())
}

/// Counts per rule instead of the findings: `--statistics`.
#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<(String, String, String), usize>,
}

impl Statistics {
    /// Counts one finding of rule `code` (`name`) at `severity`.
    fn count(&mut self, code: &str, name: &str, severity: &str) {
        let key = (code.to_string(), name.to_string(), severity.to_string());
        *self.counts.entry(key).or_default() += 1;
    }
}

impl Emitter for Statistics {
    /// One `code\tname\tseverity` line per finding, counted by
    /// [`Emitter::file`].
    fn render(&self, report: &Report) -> Rendered {
        let mut out = Vec::new();
        for d in &report.diagnostics {
            let _ = writeln!(out, "{}\t{}\t{}", d.code, d.rule, d.severity.as_str());
        }
        Rendered::new(out, report)
    }

    fn file(&mut self, file: Rendered, _out: &mut dyn Write) -> io::Result<()> {
        for line in String::from_utf8_lossy(&file.bytes).lines() {
            let mut parts = line.splitn(3, '\t');
            let (Some(code), Some(name), Some(severity)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            self.count(code, name, severity);
        }
        Ok(())
    }

    fn streams(&self) -> bool {
        true
    }

    /// Counts a file's findings straight from its report: nothing is
    /// written until the end.
    fn stream(&mut self, report: &Report, _out: &mut dyn Write) -> io::Result<()> {
        for d in &report.diagnostics {
            self.count(d.code, d.rule, d.severity.as_str());
        }
        Ok(())
    }

    /// Rules by count, most first, then by code.
    fn end(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let width = rows.first().map_or(1, |(_, n)| n.to_string().len());
        for ((code, name, severity), n) in rows {
            writeln!(out, "{n:>width$}  {code}  {name}  [{severity}]")?;
        }
        match super::human::summary_line(summary) {
            Some(line) => writeln!(out, "{line}"),
            None => Ok(()),
        }
    }
}
