//! `check --format json`: claimlint's own JSON, a stable interface
//! (fields are only ever added; see docs/output-formats.md).
//!
//! Owns the schema of a finding and the envelope. Does not own the
//! register's JSON (`register`).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, Rendered, Summary};
use crate::diagnostic::Diagnostic;
use crate::lint::Report;
use crate::source::SourceFile;

/// The findings as one JSON document, streamed a file at a time.
#[derive(Default)]
pub struct Json {
    any: bool,
}

impl Emitter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [\n")
    }

    fn render(&self, report: &Report) -> Rendered {
        Rendered::written(report, |out| write_diagnostics(&mut false, report, out))
    }

    fn file(&mut self, file: Rendered, out: &mut dyn Write) -> io::Result<()> {
        separated(&mut self.any, &file.bytes, out)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_diagnostics(&mut self.any, report, out)
    }

    fn end(&mut self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let errors = json!(
            s.failures
                .iter()
                .map(|(p, m)| json!({"path": p, "message": m}))
                .collect::<Vec<_>>()
        );
        let fixed = json!(
            s.fixed
                .iter()
                .map(|f| json!({"path": f.path, "rule": f.rule, "text": f.text, "count": f.count}))
                .collect::<Vec<_>>()
        );
        writeln!(
            out,
            "{}  ],\n  \"files\": {},\n  \"errors\": {},\n  \"baselined\": {},\n  \"fixed\": {}\n}}",
            if self.any { "\n" } else { "" },
            s.totals.files,
            indent_json(&errors, "  ").trim_start(),
            s.baselined,
            indent_json(&fixed, "  ").trim_start()
        )
    }
}

/// Writes a file's items into a JSON array: a `,` and line break before
/// every file's items but the first. A file with none writes nothing.
pub(super) fn separated(any: &mut bool, bytes: &[u8], out: &mut dyn Write) -> io::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    if *any {
        out.write_all(b",\n")?;
    }
    *any = true;
    out.write_all(bytes)
}

/// Writes items into a JSON array as they come, each after a `,` and
/// line break unless it is the array's first (`any` says whether one was
/// written before): the bytes [`separated`] writes for the same items
/// rendered and joined, without holding them.
pub(super) fn each_separated<T>(
    any: &mut bool,
    items: impl IntoIterator<Item = T>,
    out: &mut dyn Write,
    mut write: impl FnMut(T, &mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    for item in items {
        if *any {
            out.write_all(b",\n")?;
        }
        *any = true;
        write(item, out)?;
    }
    Ok(())
}

/// A file's findings as the items of the `diagnostics` array, written
/// one at a time into an array that already holds some if `any`.
fn write_diagnostics(any: &mut bool, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    each_separated(any, &report.diagnostics, out, |d, out| {
        write_indented(out, &DiagnosticOut::new(&report.source, d), b"    ")
    })
}

/// Values as the items of a pretty-printed array, each indented by
/// `indent`, rendered one at a time: a file with a million findings is
/// never held as values all at once.
pub fn items(values: &mut dyn Iterator<Item = Value>, indent: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = stream_items(&mut false, values, indent, &mut bytes);
    bytes
}

/// [`items`] written straight to `out`, into an array that already holds
/// some if `any` ([`each_separated`]).
pub(super) fn stream_items(
    any: &mut bool,
    values: &mut dyn Iterator<Item = Value>,
    indent: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    each_separated(any, values, out, |v, out| {
        out.write_all(indent_json(&v, indent).as_bytes())
    })
}

/// Indents a pretty-printed JSON value to sit inside an array.
pub fn indent_json(v: &Value, indent: &str) -> String {
    let pretty = serde_json::to_string_pretty(v).unwrap_or_default();
    // JSON strings escape their line breaks, so every '\n' is a line of the
    // layout.
    let mut out = String::with_capacity(pretty.len() + indent.len() * (pretty.len() / 16 + 1));
    out.push_str(indent);
    for (i, line) in pretty.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

/// Writes `value` pretty-printed, every line indented by `indent`: what
/// [`indent_json`] makes, without building a [`Value`] or a second string
/// (a page with many findings spent more time building values than
/// linting).
fn write_indented(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    indent: &[u8],
) -> io::Result<()> {
    let mut pretty = Vec::with_capacity(512);
    if serde_json::to_writer_pretty(&mut pretty, value).is_err() {
        return Ok(());
    }
    let mut indented = Vec::with_capacity(pretty.len() + 16 * indent.len());
    indented.extend_from_slice(indent);
    for (i, line) in pretty.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            indented.push(b'\n');
            indented.extend_from_slice(indent);
        }
        indented.extend_from_slice(line);
    }
    out.write_all(&indented)
}

/// A byte range as the schema writes it.
#[derive(serde::Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
}

/// One diagnostic in the `check --format json` schema, borrowing from the
/// diagnostic, its fields in the schema's order.
#[derive(serde::Serialize)]
struct DiagnosticOut<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    path: &'a str,
    message: &'a str,
    help: &'a str,
    span: SpanOut,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl<'a> DiagnosticOut<'a> {
    fn new(source: &'a SourceFile, d: &'a Diagnostic) -> Self {
        let (start, end) = source.span_line_cols(&d.span);
        DiagnosticOut {
            code: d.code,
            rule: d.rule,
            severity: d.severity.as_str(),
            path: &source.path,
            message: &d.message,
            help: &d.help,
            span: SpanOut {
                start: d.span.start,
                end: d.span.end,
            },
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// One diagnostic as a JSON object (the `check --format json` schema).
pub fn diagnostic_json(source: &SourceFile, d: &Diagnostic) -> Value {
    serde_json::to_value(DiagnosticOut::new(source, d)).unwrap_or_default()
}
