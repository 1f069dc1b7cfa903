//! What every part of the review page shares: the stand-ins for a
//! document's number, the mark of each status, the order claims are
//! numbered in, and small wordings.
//!
//! Owns those conventions, so the draft (`draft`), the register (`rows`)
//! and the page (`html`) agree on them. Does not own any part of the page.

use crate::lint::Report;
use crate::register::{ClaimRecord, ClaimStatus};

/// Stands for the document's number in a file's rendered parts until the
/// file is written in order (files render in parallel, unnumbered). A
/// control character, so nothing escaped can contain it.
pub const DOC: &str = "\u{0}";
/// The document's number, zero-padded for sorting.
pub const DOC_PADDED: &str = "\u{1}";

/// The icon that marks each status beside its colour.
pub fn icon(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Supported => "✓",
        ClaimStatus::Insufficient => "◐",
        ClaimStatus::Unsupported => "✗",
        ClaimStatus::Suppressed => "⊘",
    }
}

/// A report's claims in the order they are numbered: by position.
pub fn claim_order(report: &Report) -> Vec<&ClaimRecord> {
    let mut claims: Vec<&ClaimRecord> = report.claims.iter().collect();
    claims.sort_by_key(|r| (r.claim.span.start, r.claim.span.end));
    claims
}

/// For each finding, whether it is a claim's own (reported at the claim's
/// trigger phrase: the claim's status already shows it).
pub fn own_findings(report: &Report) -> Vec<bool> {
    report
        .diagnostics
        .iter()
        .map(|d| report.claims.iter().any(|r| r.claim.trigger_span == d.span))
        .collect()
}

/// `n` and `noun`, plural when `n` is not one.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The markets a report was checked for, as text.
pub fn markets(report: &Report) -> String {
    if report.markets.is_empty() {
        return "none declared".into();
    }
    let names: Vec<&str> = report.markets.iter().map(|m| m.as_str()).collect();
    names.join(", ")
}
