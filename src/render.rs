//! Output formats: human (codespan-reporting, rustc style), JSON for
//! `check`, and the claims register as JSON, CSV or Markdown.
//!
//! Rendering is pure: every function returns bytes or a value, so files can
//! be rendered in parallel and printed in a stable order. The JSON schemas
//! are a stable interface (see README "JSON output"); fields are only ever
//! added.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{self as cs_files, Files};
use codespan_reporting::term::{self, termcolor::Buffer};
use serde_json::{Value, json};
use std::ops::Range;

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

    fn column_number(&'a self, (): (), line: usize, byte: usize) -> Result<usize, cs_files::Error> {
        // Counted from the real start of the line, not the excerpt's, and
        // as codespan counts: a byte-order mark is a column.
        let bom = line == 0 && byte > 0 && self.source.text.starts_with('\u{feff}');
        Ok(self.source.line_col(byte).column + usize::from(bom))
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

/// The claims of the register as JSON objects (the `claims --format json`
/// schema), one at a time.
pub fn claims_json(report: &Report) -> impl Iterator<Item = Value> + '_ {
    report.claims.iter().map(|r| {
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
                "sources": c.sources.iter().map(|s| json!({
                    "kind": s.kind.as_str(),
                    "ref": s.reference,
                    "id": s.registry_id,
                    "doi": s.doi,
                    "tier": s.tier.map(|t| t.as_str()),
                    "tier_origin": s.tier_origin.as_str(),
                    "population": s.population.map(|p| p.as_str()),
                    "subject": s.subject.map(|p| p.as_str()),
                    "effective_tier": s.effective.map(|t| t.as_str()),
                })).collect::<Vec<_>>(),
                "tier_needed": c.tier_needed.map(|t| t.as_str()),
                "tier_found": c.tier_found.map(|t| t.as_str()),
                "status": r.status.as_str(),
                "reason": r.suppression_reason,
                "cues": c.cues.iter().map(|q| json!({"role": q.role, "text": q.text})).collect::<Vec<_>>(),
            })
        })
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
        self.unsupported += r
            .claims
            .iter()
            .filter(|c| c.status == crate::lint::ClaimStatus::Unsupported)
            .count();
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

/// One row of the claims register, shared by the CSV and Markdown forms.
struct RegisterRow {
    file: String,
    line: usize,
    column: usize,
    text: String,
    strength: &'static str,
    kind: &'static str,
    sources: String,
    tier_found: String,
    tier_needed: String,
    status: &'static str,
    reason: String,
}

fn register_rows(r: &Report) -> Vec<RegisterRow> {
    let mut rows = Vec::new();
    {
        for rec in &r.claims {
            let c = &rec.claim;
            let at = r.source.line_col(c.span.start);
            let sources = c
                .sources
                .iter()
                .map(|s| {
                    let name = match (&s.registry_id, s.kind) {
                        (Some(id), _) => id.clone(),
                        (None, crate::evidence::SourceKind::Comment)
                            if s.tier.is_some_and(|t| t.as_str() == s.reference) =>
                        {
                            "evidence comment".to_string()
                        }
                        (None, _) => s.reference.clone(),
                    };
                    let mut parts = vec![name];
                    if let Some(d) = &s.doi {
                        parts.push(format!("doi:{d}"));
                    }
                    parts.push(s.tier.map_or("tier unknown".to_string(), |t| {
                        format!("{} ({})", t.as_str(), s.tier_origin.as_str())
                    }));
                    parts.join(", ")
                })
                .collect::<Vec<_>>()
                .join("; ");
            rows.push(RegisterRow {
                file: r.source.path.clone(),
                line: at.line,
                column: at.column,
                text: c.text.clone(),
                strength: c.strength.as_str(),
                kind: c.kind.as_str(),
                sources,
                tier_found: c
                    .tier_found
                    .map_or(String::new(), |t| t.as_str().to_string()),
                tier_needed: c
                    .tier_needed
                    .map_or(String::new(), |t| t.as_str().to_string()),
                status: rec.status.as_str(),
                reason: rec.suppression_reason.clone().unwrap_or_default(),
            });
        }
    }
    rows.sort_by_key(|a| (a.line, a.column));
    rows
}

const CSV_HEADER: [&str; 11] = [
    "file",
    "line",
    "column",
    "claim",
    "strength",
    "kind",
    "sources",
    "tier_found",
    "tier_needed",
    "status",
    "suppression_reason",
];

/// The claims register's CSV header row.
pub fn claims_csv_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    w.into_inner().unwrap_or_default()
}

/// One file's rows of the claims register as CSV (RFC 4180).
pub fn claims_csv_rows(report: &Report) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in register_rows(report) {
        let _ = w.write_record([
            csv_text(row.file),
            row.line.to_string(),
            row.column.to_string(),
            csv_text(row.text),
            row.strength.to_string(),
            row.kind.to_string(),
            csv_text(row.sources),
            row.tier_found,
            row.tier_needed,
            row.status.to_string(),
            csv_text(row.reason),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// A text cell a spreadsheet will not run as a formula: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as
/// OWASP's CSV-injection guidance advises (`=HYPERLINK(…)` in a draft
/// would otherwise be live in the reviewer's spreadsheet).
fn csv_text(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

/// The claims register as CSV (RFC 4180, header row first).
pub fn claims_csv(reports: &[Report]) -> Vec<u8> {
    let mut out = claims_csv_header();
    for r in reports {
        out.extend(claims_csv_rows(r));
    }
    out
}

/// A Markdown table cell that any viewer shows as the text it is: `&`,
/// `<` and `>` become entities (no HTML or autolinks), the marks of inline
/// Markdown are backslash-escaped (no links or images without `[`, no
/// emphasis, code or strikethrough, and `|` cannot end the cell), line breaks become spaces
/// and control characters are made visible. Block syntax cannot start
/// inside a table cell, so nothing else needs escaping.
fn md_cell(s: &str) -> String {
    let s = crate::visible::visible(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '␊' | '␍' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if out.is_empty() { "–".into() } else { out }
}

/// Claims per status, for the register's totals.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatusCounts {
    /// Supported claims.
    pub supported: usize,
    /// Claims whose sources are too weak.
    pub insufficient: usize,
    /// Claims without a source.
    pub unsupported: usize,
    /// Claims whose finding was suppressed.
    pub suppressed: usize,
}

impl StatusCounts {
    /// Adds one file's claims.
    pub fn add(&mut self, report: &Report) {
        use crate::lint::ClaimStatus as S;
        for c in &report.claims {
            match c.status {
                S::Supported => self.supported += 1,
                S::Insufficient => self.insufficient += 1,
                S::Unsupported => self.unsupported += 1,
                S::Suppressed => self.suppressed += 1,
            }
        }
    }

    fn total(&self) -> usize {
        self.supported + self.insufficient + self.unsupported + self.suppressed
    }
}

/// The start of the Markdown claims register, up to its table header.
pub fn claims_markdown_header() -> String {
    let mut out = String::new();
    out.push_str("# Claims register\n\n");
    out.push_str(&format!("Generated by claimlint {}. Every claim found, with its sources, the evidence tier they provide and the tier its wording needs.\n\n", env!("CARGO_PKG_VERSION")));
    out.push_str("| File | Line | Claim | Strength | Kind | Sources | Tier found | Tier needed | Status | Suppression reason |\n");
    out.push_str("|---|---:|---|---|---|---|---|---|---|---|\n");
    out
}

/// One file's rows of the Markdown claims register.
pub fn claims_markdown_rows(report: &Report) -> String {
    let mut out = String::new();
    for r in register_rows(report) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            md_cell(&r.file),
            r.line,
            md_cell(&r.text),
            r.strength,
            r.kind,
            md_cell(&r.sources),
            md_cell(&r.tier_found),
            md_cell(&r.tier_needed),
            r.status,
            md_cell(&r.reason),
        ));
    }
    out
}

/// The end of the Markdown claims register: totals and the sign-off line.
pub fn claims_markdown_footer(counts: &StatusCounts) -> String {
    format!(
        "\n**Totals:** {} claims: {} supported, {} insufficient, {} unsupported, {} suppressed.\n\nReviewed by: ______________________  Role: ______________  Date: __________\n",
        counts.total(),
        counts.supported,
        counts.insufficient,
        counts.unsupported,
        counts.suppressed
    )
}

/// The claims register as a Markdown document a reviewer can sign.
pub fn claims_markdown(reports: &[Report]) -> String {
    let mut out = claims_markdown_header();
    let mut counts = StatusCounts::default();
    for r in reports {
        out.push_str(&claims_markdown_rows(r));
        counts.add(r);
    }
    out.push_str(&claims_markdown_footer(&counts));
    out
}
