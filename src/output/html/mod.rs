//! `claims --format html`: a claims review a medical-legal reviewer can
//! open, read and sign. One self-contained file: inline CSS, a
//! Content-Security-Policy that forbids every remote load, and a small
//! inline script for filtering and sorting that the page does not need.
//!
//! The page: a header (files, markets, claimlint version, configuration
//! digest, date, totals per status, a legend and a sign-off block), the
//! register (one row per claim, `rows`), then each document's text with
//! its claims highlighted (`draft`). Files render in parallel like every
//! format, but the page is written at the end, once the totals are known:
//! its size is that of the output, a few MB for 500 pages.
//!
//! Owns the page and its assembly. Does not own escaping (`escape`), a
//! claim's status (`register` at the crate root) or the configuration
//! digest (`config`).

mod draft;
pub mod escape;
mod rows;
mod shared;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::summary::StatusCounts;
use super::{Emitter, Rendered, Summary};
use crate::lint::Report;
use crate::register::ClaimStatus;
use escape::{text, token};
use shared::{DOC, DOC_PADDED, counted, icon, markets};

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// What the header says about the run, beyond the files and totals.
#[derive(Debug, Clone)]
pub struct HtmlMeta {
    /// The date of the review, `YYYY-MM-DD`.
    pub date: String,
}

impl HtmlMeta {
    /// The header for a review dated `seconds` after the Unix epoch (UTC).
    pub fn at_epoch(seconds: u64) -> HtmlMeta {
        HtmlMeta {
            date: date_of(seconds),
        }
    }
}

/// The UTC calendar date `seconds` after the Unix epoch, `YYYY-MM-DD`
/// (Howard Hinnant's `civil_from_days`).
fn date_of(seconds: u64) -> String {
    let z = (seconds / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The claims review as one HTML page.
pub struct Html {
    meta: HtmlMeta,
    docs: Vec<u8>,
    rows: Vec<u8>,
    files: Vec<u8>,
    markets: BTreeSet<String>,
    count: usize,
}

impl Html {
    /// An empty review.
    pub fn new(meta: HtmlMeta) -> Html {
        Html {
            meta,
            docs: Vec::new(),
            rows: Vec::new(),
            files: Vec::new(),
            markets: BTreeSet::new(),
            count: 0,
        }
    }
}

impl Emitter for Html {
    fn render(&self, report: &Report) -> Rendered {
        let mut r = Rendered::new(draft::section(report).into_bytes(), report);
        let file = format!(
            "<li><a href=\"#d{DOC}\" id=\"f-{}\">{}</a>: {}; markets {}</li>\n",
            token(&report.source.path),
            text(&report.source.path),
            counted(report.claims.len(), "claim"),
            markets(report),
        );
        let markets: Vec<&str> = report.markets.iter().map(|m| m.as_str()).collect();
        r.extra = vec![
            rows::table(report).into_bytes(),
            file.into_bytes(),
            markets.join(",").into_bytes(),
        ];
        r
    }

    fn file(&mut self, file: Rendered, _out: &mut dyn Write) -> io::Result<()> {
        self.count += 1;
        let n = self.count.to_string();
        let padded = format!("{:06}", self.count);
        let number = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .replace(DOC_PADDED, &padded)
                .replace(DOC, &n)
        };
        self.docs.extend(number(&file.bytes).bytes());
        let mut extra = file.extra.into_iter();
        self.rows
            .extend(number(&extra.next().unwrap_or_default()).bytes());
        self.files
            .extend(number(&extra.next().unwrap_or_default()).bytes());
        let markets = extra.next().unwrap_or_default();
        for m in String::from_utf8_lossy(&markets).split(',') {
            if !m.is_empty() {
                self.markets.insert(m.to_string());
            }
        }
        Ok(())
    }

    fn end(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(head().as_bytes())?;
        out.write_all(self.header(summary).as_bytes())?;
        out.write_all(signoff().as_bytes())?;
        out.write_all(register_start(summary.status.total()).as_bytes())?;
        out.write_all(&self.rows)?;
        out.write_all(b"</section>\n<section class=\"docs-section\" aria-labelledby=\"docs-h\">\n<h2 id=\"docs-h\">Documents</h2>\n")?;
        if self.docs.is_empty() {
            out.write_all(b"<p class=\"none\">No files were checked.</p>\n")?;
        }
        out.write_all(&self.docs)?;
        write!(
            out,
            "</section>\n</main>\n<script>{JS}</script>\n</body>\n</html>\n"
        )
    }
}

/// The page's start: the document head with its policy and style.
fn head() -> String {
    let csp = format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src 'none'; base-uri 'none'; form-action 'none'",
        crate::digest::sha256_base64(CSS.as_bytes()),
        crate::digest::sha256_base64(JS.as_bytes()),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"claimlint {}\">\n\
         <title>Claims review</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION")
    )
}

impl Html {
    /// The header: what was checked, with what, when, and the totals.
    fn header(&self, summary: &Summary) -> String {
        let markets: Vec<&str> = self.markets.iter().map(String::as_str).collect();
        let mut configs = String::new();
        for (path, digest) in &summary.configs {
            let from = if path.is_empty() {
                "built-in defaults".to_string()
            } else {
                text(path)
            };
            let _ = write!(
                configs,
                "<li><span class=\"digest\">{}</span> ({from})</li>",
                text(digest)
            );
        }
        let mut out = format!(
            "<header>\n<h1>Claims review</h1>\n<dl class=\"meta\">\n\
             <dt>Files</dt><dd><ul>{}</ul></dd>\n<dt>Markets</dt><dd>{}</dd>\n\
             <dt>claimlint</dt><dd>{}</dd>\n<dt>Configuration</dt><dd><ul>{configs}</ul></dd>\n\
             <dt>Date</dt><dd>{}</dd>\n</dl>\n",
            String::from_utf8_lossy(&self.files),
            if markets.is_empty() {
                "none declared: no market's rules applied".to_string()
            } else {
                markets.join(", ")
            },
            env!("CARGO_PKG_VERSION"),
            text(&self.meta.date),
        );
        out.push_str(&totals(&summary.status));
        out.push_str("</header>\n");
        out
    }
}

/// Totals per status, and what each status and its mark mean.
fn totals(s: &StatusCounts) -> String {
    let row = |status: ClaimStatus, n: usize, means: &str| {
        let name = status.as_str();
        format!(
            "<tr data-status=\"{name}\"><th scope=\"row\"><span class=\"pill s-{name}\">{} {name}</span></th><td>{n}</td><td>{means}</td></tr>\n",
            icon(status)
        )
    };
    let mut out = String::from(
        "<h2 id=\"totals-h\">Totals</h2>\n<table class=\"totals\" aria-labelledby=\"totals-h\">\n\
         <thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Claims</th><th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n",
    );
    out.push_str(&row(
        ClaimStatus::Unsupported,
        s.unsupported,
        "cites no source",
    ));
    out.push_str(&row(
        ClaimStatus::Insufficient,
        s.insufficient,
        "cites a source weaker than its wording needs",
    ));
    out.push_str(&row(
        ClaimStatus::Suppressed,
        s.suppressed,
        "waived by a <code>claimlint-disable</code> comment, with its reason",
    ));
    out.push_str(&row(
        ClaimStatus::Supported,
        s.supported,
        "cites a source strong enough (or of unknown tier)",
    ));
    let _ = write!(
        out,
        "<tr><th scope=\"row\">all</th><td>{}</td><td>In the text, each claim is highlighted and followed by its number, which links to its row in the register.</td></tr>\n</tbody>\n</table>\n",
        s.total()
    );
    out
}

/// The block a reviewer fills in and signs, on paper or a printed PDF.
fn signoff() -> String {
    let decision = ["Approved", "Approved with changes", "Not approved"]
        .map(|d| format!("<li><span class=\"box\"></span>{d}</li>"))
        .join("");
    format!(
        "<section class=\"signoff\" aria-labelledby=\"signoff-h\">\n<h2 id=\"signoff-h\">Sign-off</h2>\n\
         <table>\n<tbody>\n<tr><th scope=\"row\">Reviewer</th><td></td></tr>\n<tr><th scope=\"row\">Role</th><td></td></tr>\n\
         <tr><th scope=\"row\">Date</th><td></td></tr>\n<tr><th scope=\"row\">Decision</th><td><ul class=\"decision\">{decision}</ul></td></tr>\n\
         <tr><th scope=\"row\">Signature</th><td></td></tr>\n</tbody>\n</table>\n</section>\n"
    )
}

/// The register's heading, filters and table head.
fn register_start(total: usize) -> String {
    let status = ["unsupported", "insufficient", "suppressed", "supported"]
        .map(|s| format!("<option value=\"{s}\">{s}</option>"))
        .join("");
    let select = |key: &str, label: &str, options: &str| {
        format!(
            "<label>{label}<select data-key=\"{key}\"><option value=\"\">all</option>{options}</select></label>"
        )
    };
    format!(
        "<section class=\"register-section\" aria-labelledby=\"register-h\">\n<h2 id=\"register-h\">Claims register</h2>\n\
         <p>{total} claims, a table per document. Each number links to the claim in its document.</p>\n\
         <form id=\"filters\" class=\"filters\" hidden>{}{}{}{}</form>\n<p class=\"count\" id=\"shown\" aria-live=\"polite\"></p>\n",
        select("status", "Status", &status),
        select("market", "Market", ""),
        select("rule", "Rule", ""),
        select("file", "File", ""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// The colour the style sheet gives `--name`.
    fn colour(name: &str) -> &'static str {
        let at = CSS.find(&format!("--{name}:#")).expect(name) + name.len() + 3;
        &CSS[at..at + 7]
    }

    #[test]
    fn status_colours_pass_wcag_with_room() {
        // White on each status's pill, the text on each highlight: 7:1,
        // beyond AA's 4.5:1, as docs/output-formats.md says.
        for (pill, highlight) in [
            ("ok", "ok-bg"),
            ("weak", "weak-bg"),
            ("none", "none-bg"),
            ("off", "off-bg"),
            ("find", "find-bg"),
        ] {
            assert!(contrast("#ffffff", colour(pill)) >= 7.0, "{pill}");
            assert!(
                contrast(colour("fg"), colour(highlight)) >= 7.0,
                "{highlight}"
            );
        }
        assert!(contrast("#ffffff", colour("muted")) >= 7.0);
        assert!(contrast(colour("muted"), colour("find-bg")) >= 7.0);
    }

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(1_798_761_599), "2026-12-31");
    }
}
