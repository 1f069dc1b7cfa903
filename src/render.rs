//! Output formats: human (codespan-reporting, rustc style), JSON for
//! `check`, and the claims register as JSON, CSV or Markdown.
//!
//! Rendering is pure: every function returns bytes or a value, so files can
//! be rendered in parallel and printed in a stable order. The JSON schemas
//! are a stable interface (see README "JSON output"); fields are only ever
//! added.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};
use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Report;
use crate::source::SourceFile;

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
    let file = SimpleFile::new(report.source.path.as_str(), report.source.text.as_str());
    let config = term::Config::default();
    let mut buf = if color { Buffer::ansi() } else { Buffer::no_color() };
    for d in &report.diagnostics {
        buf.clear();
        let cs = to_codespan(d);
        if term::emit_to_write_style(&mut buf, &config, &file, &cs).is_err() {
            // A span codespan cannot place (never expected): fall back to a
            // one-line form rather than lose the finding.
            buf.clear();
            let at = report.source.line_col(d.span.start);
            let line = format!("{}:{}:{}: {}[{}]: {}\n", report.source.path, at.line, at.column, d.severity.as_str(), d.code, d.message);
            std::io::Write::write_all(&mut buf, line.as_bytes())?;
        }
        sink(buf.as_slice())?;
    }
    Ok(())
}

/// Indents a pretty-printed JSON value to sit inside an array.
pub fn indent_json(v: &Value, indent: &str) -> String {
    let pretty = serde_json::to_string_pretty(v).unwrap_or_default();
    pretty.lines().map(|l| format!("{indent}{l}")).collect::<Vec<_>>().join("\n")
}

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<()> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![CsLabel::primary((), d.span.clone())];
    for l in &d.labels {
        labels.push(CsLabel::secondary((), l.span.clone()).with_message(l.message.clone()));
    }
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    notes.push(format!("help: {}", d.help));
    CsDiagnostic::new(severity)
        .with_code(format!("{}/{}", d.code, d.rule))
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// One diagnostic as a JSON object (the `check --format json` schema).
pub fn diagnostic_json(source: &SourceFile, d: &Diagnostic) -> Value {
    let (start, end) = source.span_line_cols(&d.span);
    json!({
        "code": d.code,
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "path": source.path,
        "message": d.message,
        "help": d.help,
        "span": {"start": d.span.start, "end": d.span.end},
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
    })
}

/// One claim of the register as a JSON object (the `claims --format json`
/// schema).
pub fn claims_json(report: &Report) -> Vec<Value> {
    report
        .claims
        .iter()
        .map(|r| {
            let c = &r.claim;
            let at = report.source.line_col(c.span.start);
            json!({
                "path": report.source.path,
                "span": {"start": c.span.start, "end": c.span.end},
                "line": at.line,
                "column": at.column,
                "text": c.text,
                "trigger": c.trigger,
                "strength": c.strength.as_str(),
                "kind": c.kind.as_str(),
                "evidence": c.sources.iter().map(|s| json!({"kind": s.kind.as_str(), "ref": s.reference})).collect::<Vec<_>>(),
                "status": r.status.as_str(),
                "reason": r.suppression_reason,
                "cues": c.cues.iter().map(|q| json!({"role": q.role, "text": q.text})).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    /// Files checked.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Claims found.
    pub claims: usize,
    /// Claims without a source.
    pub unsupported: usize,
}

impl Totals {
    /// Adds one report.
    pub fn add(&mut self, r: &Report) {
        self.files += 1;
        for d in &r.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
        self.claims += r.claims.len();
        self.unsupported += r.claims.iter().filter(|c| c.status == crate::lint::ClaimStatus::Unsupported).count();
    }

    /// "3 errors, 1 warning in 2 files (5 claims, 4 without a source)".
    pub fn summary(&self) -> String {
        fn n(k: usize, what: &str) -> String {
            format!("{k} {what}{}", if k == 1 { "" } else { "s" })
        }
        let mut parts = vec![n(self.errors, "error"), n(self.warnings, "warning")];
        if self.infos > 0 {
            parts.push(n(self.infos, "info"));
        }
        format!(
            "{} in {} ({}, {} without a source)",
            parts.join(", "),
            n(self.files, "file"),
            n(self.claims, "claim"),
            self.unsupported
        )
    }
}
