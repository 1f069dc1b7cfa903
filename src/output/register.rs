//! The claims register: `claims --format json|csv|markdown`, every claim
//! with its sources, tiers and status, for a reviewer to read and sign.
//!
//! Owns the register's columns and their escaping: CSV cells never start a
//! spreadsheet formula, Markdown cells never become markup. Does not own a
//! claim's status (`register` at the crate root).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::json::{items, separated, stream_items};
use super::{Emitter, Rendered, Summary};
use crate::lint::Report;

/// Why a file has no rows: a legal page (CL017) is not read for claims.
const NOT_CHECKED_REASON: &str = "legal page: not read for claims (CL017)";

/// The file's path when it was not read for claims (a legal page, CL017),
/// for a register to say so.
fn not_checked(report: &Report) -> Option<&str> {
    report
        .diagnostics
        .iter()
        .any(|d| d.code == "CL017")
        .then_some(report.source.path.as_str())
}

/// `rendered`, carrying the file's path when it was not read for claims,
/// for the register's end to list.
fn marked_unchecked(mut rendered: Rendered, report: &Report) -> Rendered {
    if let Some(path) = not_checked(report) {
        rendered.extra.push(path.as_bytes().to_vec());
    }
    rendered
}

/// The paths [`marked_unchecked`] put on a rendered file.
fn unchecked_paths(file: &Rendered) -> impl Iterator<Item = String> + '_ {
    file.extra
        .iter()
        .map(|p| String::from_utf8_lossy(p).into_owned())
}

/// The register as JSON, streamed a file at a time.
#[derive(Default)]
pub struct ClaimsJson {
    any: bool,
    /// Files not checked for claims, listed after the claims.
    unchecked: Vec<String>,
}

impl Emitter for ClaimsJson {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"{\n  \"version\": 1,\n  \"claims\": [\n")
    }

    fn render(&self, report: &Report) -> Rendered {
        // One claim at a time, as `check --format json` does.
        marked_unchecked(
            Rendered::new(items(&mut claims_json(report), "    "), report),
            report,
        )
    }

    fn file(&mut self, file: Rendered, out: &mut dyn Write) -> io::Result<()> {
        self.unchecked.extend(unchecked_paths(&file));
        separated(&mut self.any, &file.bytes, out)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        stream_items(&mut self.any, &mut claims_json(report), "    ", out)?;
        self.unchecked
            .extend(not_checked(report).map(str::to_string));
        Ok(())
    }

    fn end(&mut self, _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let not_checked: Vec<Value> = self
            .unchecked
            .iter()
            .map(|p| json!({"path": p, "reason": NOT_CHECKED_REASON}))
            .collect();
        let list = serde_json::to_string_pretty(&not_checked).unwrap_or_else(|_| "[]".into());
        writeln!(
            out,
            "{}  ],\n  \"not_checked\": {}\n}}",
            if self.any { "\n" } else { "" },
            list.replace('\n', "\n  ")
        )
    }
}

/// The register as CSV (RFC 4180, header row first).
pub struct Csv;

impl Emitter for Csv {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&claims_csv_header())
    }

    fn render(&self, report: &Report) -> Rendered {
        Rendered::written(report, |out| write_csv_rows(report, out))
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_csv_rows(report, out)
    }
}

/// The register as a Markdown document a reviewer can sign.
#[derive(Default)]
pub struct Markdown {
    /// Files not checked for claims (legal pages, CL017), so the totals
    /// can say which files have no rows because they were not read.
    unchecked: Vec<String>,
}

impl Emitter for Markdown {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(claims_markdown_header().as_bytes())
    }

    fn render(&self, report: &Report) -> Rendered {
        marked_unchecked(
            Rendered::written(report, |out| write_markdown_rows(report, out)),
            report,
        )
    }

    fn file(&mut self, file: Rendered, out: &mut dyn Write) -> io::Result<()> {
        self.unchecked.extend(unchecked_paths(&file));
        out.write_all(&file.bytes)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_markdown_rows(report, out)?;
        self.unchecked
            .extend(not_checked(report).map(str::to_string));
        Ok(())
    }

    fn end(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(claims_markdown_footer(&summary.status, &self.unchecked).as_bytes())
    }
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
                        (None, crate::evidence::CitationKind::Comment)
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
fn claims_csv_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    w.into_inner().unwrap_or_default()
}

/// Writes one file's rows of the claims register as CSV (RFC 4180).
fn write_csv_rows(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for row in register_rows(report) {
        w.write_record([
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
        ])?;
    }
    // A file not read for claims has one row saying so, so a reviewer
    // never takes its silence for a clean page.
    if let Some(path) = not_checked(report) {
        let mut record = vec![String::new(); CSV_HEADER.len()];
        record[0] = csv_text(path.to_string());
        record[CSV_HEADER.len() - 2] = "not-checked".into();
        record[CSV_HEADER.len() - 1] = NOT_CHECKED_REASON.into();
        w.write_record(&record)?;
    }
    w.flush()
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

/// A Markdown table cell that any viewer shows as the text it is: `&`,
/// `<` and `>` become entities (no HTML or autolinks), the marks of inline
/// Markdown are backslash-escaped (no links or images without `[`, no
/// emphasis, code or strikethrough, and `|` cannot end the cell), line breaks become spaces
/// and control characters are made visible. Block syntax cannot start
/// inside a table cell, so nothing else needs escaping.
pub(super) fn md_cell(s: &str) -> String {
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

/// The start of the Markdown claims register, up to its table header.
fn claims_markdown_header() -> String {
    let mut out = String::new();
    out.push_str("# Claims register\n\n");
    out.push_str(&format!("Generated by claimlint {}. Every claim found, with its sources, the evidence tier they provide and the tier its wording needs.\n\n", env!("CARGO_PKG_VERSION")));
    out.push_str("| File | Line | Claim | Strength | Kind | Sources | Tier found | Tier needed | Status | Suppression reason |\n");
    out.push_str("|---|---:|---|---|---|---|---|---|---|---|\n");
    out
}

/// Writes one file's rows of the Markdown claims register.
fn write_markdown_rows(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for r in register_rows(report) {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
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
        )?;
    }
    Ok(())
}

/// The end of the Markdown claims register: totals, the files not read
/// for claims, and the sign-off line.
fn claims_markdown_footer(counts: &super::summary::StatusCounts, unchecked: &[String]) -> String {
    let not_checked = if unchecked.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = unchecked.iter().map(|p| md_cell(p)).collect();
        format!(
            "\n**Not checked for claims:** {} legal page{} (privacy, terms, cookies; see CL017): {}.\n",
            unchecked.len(),
            if unchecked.len() == 1 { "" } else { "s" },
            names.join(", ")
        )
    };
    format!(
        "\n**Totals:** {} claims: {} supported, {} insufficient, {} unsupported, {} suppressed.\n{not_checked}\nReviewed by: ______________________  Role: ______________  Date: __________\n",
        counts.total(),
        counts.supported,
        counts.insufficient,
        counts.unsupported,
        counts.suppressed
    )
}
