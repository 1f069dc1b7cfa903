//! Human output: rustc-style diagnostics with the source excerpt and the
//! phrase underlined (codespan-reporting), a summary line, and
//! configuration errors in the same style.
//!
//! Owns the layout, the excerpt of a long line, and showing a draft's
//! control characters rather than obeying them. Does not own the
//! findings.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{self as cs_files, Files};
use codespan_reporting::term::{self, termcolor::Buffer};

use super::{Emitter, Rendered, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Report;
use crate::source::SourceFile;

/// rustc-style output, coloured or not, ending with a summary line.
pub struct Human {
    /// Colour the output (ANSI escapes).
    pub color: bool,
}

impl Emitter for Human {
    fn render(&self, report: &Report) -> Rendered {
        Rendered::new(human(report, self.color), report)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        human_each(report, self.color, |bytes| out.write_all(bytes))
    }

    fn end(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        match summary_line(summary) {
            Some(line) => writeln!(out, "{line}"),
            None => Ok(()),
        }
    }
}

/// The run's last line: counts, and what was left out; none when no file
/// was checked.
pub(super) fn summary_line(summary: &Summary) -> Option<String> {
    if summary.totals.files == 0 {
        return None;
    }
    let mut line = summary.totals.summary();
    if summary.baselined > 0 {
        line.push_str(&format!(
            "; {} in the baseline not shown",
            summary.baselined
        ));
    }
    if summary.hidden > 0 {
        line.push_str(&format!(
            "; {} below --min-severity not shown",
            summary.hidden
        ));
    }
    Some(line)
}

/// Renders a file's diagnostics rustc-style.
pub fn human(report: &Report, color: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = human_each(report, color, |bytes| {
        out.extend_from_slice(bytes);
        Ok(())
    });
    out
}

/// Renders a file's diagnostics one at a time into `sink`, so output for a
/// file with a million findings is never held in memory at once.
pub fn human_each(
    report: &Report,
    color: bool,
    mut sink: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let clean = !crate::visible::needs_escape(&report.source.text, true)
        && !crate::visible::needs_escape(&report.source.path, false);
    for d in &report.diagnostics {
        buf.clear();
        let text = &report.source.text;
        let cs = to_codespan(d, text);
        let file = Excerpt {
            source: &report.source,
            name: crate::visible::visible(&report.source.path),
            labels: std::iter::once(&d.span)
                .chain(d.labels.iter().map(|l| &l.span))
                .map(|s| shown_span(text, s))
                .flat_map(|s| [s.start, s.end])
                .collect(),
        };
        // Excerpts quote the draft: its control characters are shown, not
        // obeyed by the terminal or the CI log. Most drafts have none, and
        // then the output is written as it is.
        let emitted = if clean && !crate::visible::needs_escape(&d.message, false) {
            term::emit_to_write_style(&mut buf, &config, &file, &cs)
        } else {
            let mut visible = crate::visible::Visible::new(&mut buf);
            let emitted = term::emit_to_write_style(&mut visible, &config, &file, &cs);
            emitted.and_then(|()| std::io::Write::flush(&mut visible).map_err(Into::into))
        };
        if emitted.is_err() {
            // A span codespan cannot place (never expected): fall back to a
            // one-line form rather than lose the finding.
            buf.clear();
            let at = report.source.line_col(d.span.start);
            let line = format!(
                "{}:{}:{}: {}[{}]: {}\n",
                crate::visible::visible(&report.source.path),
                at.line,
                at.column,
                d.severity.as_str(),
                d.code,
                crate::visible::visible(&d.message)
            );
            std::io::Write::write_all(&mut buf, line.as_bytes())?;
        }
        sink(buf.as_slice())?;
    }
    Ok(())
}

/// A line longer than this many bytes is shown only around the labels on
/// it.
const LONG_LINE: usize = 512;

/// Bytes of a long line shown on each side of its labels.
const CONTEXT: usize = 160;

/// The file as codespan sees it for one diagnostic: codespan's own
/// `SimpleFile` lines, except that a long line is cut down to the part
/// around the labels that fall on it. Printed whole, a 1 MB line would be
/// written once per finding on it: output quadratic in the line, which in
/// CI is a hang and a log too big to read.
struct Excerpt<'a> {
    source: &'a SourceFile,
    /// The file's name as shown: control characters visible, since the
    /// writer keeps line feeds.
    name: std::borrow::Cow<'a, str>,
    /// Start and end offsets of the diagnostic's labels.
    labels: Vec<usize>,
}

impl Excerpt<'_> {
    /// Like `SimpleFile`: the start of line `i`, the file's length for the
    /// line after the last.
    fn line_start(&self, i: usize) -> Result<usize, cs_files::Error> {
        let starts = self.source.line_starts();
        match starts.get(i) {
            Some(&s) => Ok(s),
            None if i == starts.len() => Ok(self.source.text.len()),
            None => Err(cs_files::Error::LineTooLarge {
                given: i,
                max: starts.len() - 1,
            }),
        }
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, cs_files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, cs_files::Error> {
        Ok(&self.source.text)
    }

    fn line_index(&'a self, (): (), byte: usize) -> Result<usize, cs_files::Error> {
        Ok(self.source.line_starts().partition_point(|&s| s <= byte) - 1)
    }

    fn column_number(
        &'a self,
        (): (),
        _line: usize,
        byte: usize,
    ) -> Result<usize, cs_files::Error> {
        // Counted from the real start of the line, not the excerpt's, and
        // as JSON and SARIF count: a byte-order mark is not a column. (This
        // is only the `file:line:column` header; codespan places the
        // carets from byte offsets.)
        Ok(self.source.line_col(byte).column)
    }

    fn line_range(&'a self, (): (), line: usize) -> Result<Range<usize>, cs_files::Error> {
        let (start, next) = (self.line_start(line)?, self.line_start(line + 1)?);
        if next - start <= LONG_LINE {
            return Ok(start..next);
        }
        // Every label start or end on this line must stay inside, or
        // codespan's offsets into the line would underflow.
        let on_line = self
            .labels
            .iter()
            .copied()
            .filter(|&p| start <= p && (p < next || next == self.source.text.len()));
        let (lo, hi) = on_line.fold((usize::MAX, start), |(lo, hi), p| (lo.min(p), hi.max(p)));
        let lo = if lo == usize::MAX { start } else { lo };
        let text = &self.source.text;
        let a = crate::source::floor_char_boundary(text, lo.saturating_sub(CONTEXT).max(start));
        let b = crate::source::ceil_char_boundary(text, (hi + CONTEXT).min(next));
        Ok(a..b)
    }
}

/// Bytes of a config error's span that are underlined; the excerpt shows
/// at most [`CONTEXT`] bytes more on each side.
const CONFIG_SPAN: usize = 80;

/// Renders a configuration error rustc-style, quoting at most a short
/// window of the file around the problem (a file that is one long line is
/// not echoed whole), with control characters made visible.
pub fn config_error(e: &crate::config::ConfigError, color: bool) -> Vec<u8> {
    let source = SourceFile::new(e.path.display().to_string(), e.text.as_str());
    let mut d = CsDiagnostic::error().with_message(format!("invalid config: {}", e.message));
    let mut labels = vec![];
    match &e.span {
        Some(span) if span.start <= e.text.len() => {
            let line_end = source.line_range(source.line_of(span.start)).end;
            let end = span.end.min(line_end).min(span.start + CONFIG_SPAN);
            let end = crate::source::floor_char_boundary(&e.text, end.max(span.start));
            d = d.with_labels(vec![CsLabel::primary((), span.start..end)]);
            labels = vec![span.start, end];
        }
        _ => {
            d = d.with_message(format!("{}: invalid config: {}", source.path, e.message));
        }
    }
    if let Some(h) = &e.help {
        d = d.with_notes(vec![format!("help: {h}")]);
    }
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let file = Excerpt {
        source: &source,
        name: crate::visible::visible(&source.path),
        labels,
    };
    let mut visible = crate::visible::Visible::new(&mut buf);
    let emitted = term::emit_to_write_style(&mut visible, &term::Config::default(), &file, &d);
    let flushed = std::io::Write::flush(&mut visible);
    drop(visible);
    if emitted.is_err() || flushed.is_err() {
        buf.clear();
        let line = format!("error: {}\n", crate::visible::visible(&e.to_string()));
        let _ = std::io::Write::write_all(&mut buf, line.as_bytes());
    }
    buf.into_inner()
}

/// The most of a label that is underlined. A finding about a 5 MB
/// front-matter value would otherwise print the value whole.
const MAX_LABEL: usize = 256;

/// `span` cut to at most [`MAX_LABEL`] bytes, on a character boundary.
fn shown_span(text: &str, span: &Range<usize>) -> Range<usize> {
    if span.end - span.start <= MAX_LABEL {
        return span.clone();
    }
    let end = crate::source::floor_char_boundary(text, span.start + MAX_LABEL);
    span.start..end.max(span.start)
}

fn to_codespan(d: &Diagnostic, text: &str) -> CsDiagnostic<()> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![CsLabel::primary((), shown_span(text, &d.span))];
    for l in &d.labels {
        labels.push(
            CsLabel::secondary((), shown_span(text, &l.span)).with_message(l.message.clone()),
        );
    }
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    notes.push(format!("help: {}", d.help));
    CsDiagnostic::new(severity)
        .with_code(format!("{}/{}", d.code, d.rule))
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}
