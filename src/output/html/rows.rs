//! The register of the HTML report: one table row per claim, with its
//! number (linked back to its marker in the draft), file and line, text,
//! strength, kind, cues, tiers, sources, status, the findings about it and
//! the suppression reason.
//!
//! Owns the rows and the data the page's filters and sorting read. Does
//! not own the table around them (`html`) or a claim's status
//! (`register` at the crate root). The only links are to doi.org and
//! PubMed, built from identifiers that pass claimlint's checks
//! (`html::escape`).

use std::fmt::Write as _;

use super::escape::{doi_url, pubmed_url, text, token};
use super::shared::{DOC, DOC_PADDED, claim_order, icon};
use crate::evidence::citation::Citation;
use crate::evidence::recognise::{CitationKind, pmid_of};
use crate::lint::Report;
use crate::register::ClaimRecord;

/// One file's part of the register: its own table (so a browser lays out
/// only the tables in view: one table of 8,000 rows takes seconds), with
/// the same columns as every other.
pub fn table(report: &Report) -> String {
    if report.claims.is_empty() {
        return String::new();
    }
    format!(
        "<section class=\"reg-doc\" aria-labelledby=\"rh{DOC}\">\n<h3 id=\"rh{DOC}\">Document {DOC}: {}</h3>\n\
         <table class=\"register\">\n{}<tbody>\n{}</tbody>\n</table>\n</section>\n",
        text(&report.source.path),
        table_head(),
        rows(report)
    )
}

/// The columns and their headings, each with a sort button the script
/// shows.
fn table_head() -> String {
    let heads = [
        "No.",
        "Line",
        "Claim",
        "Strength",
        "Kind",
        "Cues",
        "Tier needed",
        "Tier found",
        "Sources",
        "Status",
        "Findings",
        "Suppression reason",
    ]
    .map(|h| {
        format!("<th scope=\"col\">{h}<button type=\"button\" hidden aria-label=\"sort by {h}\"></button></th>")
    })
    .join("");
    // Fixed widths (per cent, classes of the style sheet: the policy
    // allows no `style` attribute), so a long DOI or path wraps in its cell
    // rather than pushing the table off the page.
    let cols = [4, 5, 21, 7, 7, 9, 6, 5, 11, 10, 7, 8]
        .map(|w| format!("<col class=\"w{w}\">"))
        .join("");
    let cols = format!("<colgroup>{cols}</colgroup>");
    format!("{cols}\n<thead><tr>{heads}</tr></thead>\n")
}

/// One file's rows of the register.
fn rows(report: &Report) -> String {
    let mut out = String::new();
    let file = token(&report.source.path);
    let markets: Vec<&str> = report.markets.iter().map(|m| m.as_str()).collect();
    for (k, rec) in claim_order(report).into_iter().enumerate() {
        let c = &rec.claim;
        let n = k + 1;
        let at = report.source.line_col(c.span.start);
        let rules = rules_of(report, rec);
        let codes: Vec<String> = rules.iter().map(|&(code, _)| token(code)).collect();
        let status = rec.status.as_str();
        let _ = writeln!(
            out,
            "<tr id=\"r{DOC}-{n}\" data-status=\"{status}\" data-file=\"{file}\" data-market=\"{}\" data-rule=\"{}\">\
             <td data-k=\"{DOC_PADDED}{n:06}\"><a href=\"#c{DOC}-{n}\">{DOC}.{n}</a></td>\
             <td data-k=\"{line:08}\">{line}</td><td>{claim}</td><td>{strength}</td><td>{kind}</td><td>{cues}</td>\
             <td>{needed}</td><td>{found}</td><td>{sources}</td>\
             <td><span class=\"pill s-{status}\">{icon} {status}</span></td><td>{findings}</td><td>{reason}</td></tr>",
            markets.join(" "),
            codes.join(" "),
            line = at.line,
            claim = text(&c.text),
            strength = c.strength.as_str(),
            kind = c.kind.as_str(),
            cues = cues(rec),
            needed = c.tier_needed.map_or("–", |t| t.as_str()),
            found = c.tier_found.map_or("–", |t| t.as_str()),
            sources = sources(&c.sources),
            icon = icon(rec.status),
            findings = findings(&rules),
            reason = rec
                .suppression_reason
                .as_deref()
                .map_or(String::new(), text),
        );
    }
    out
}

/// The findings inside a claim's sentence, less those on another claim's
/// phrase (the sentence's other kind of promise): code and rule name (the
/// message repeats the claim and its status).
fn rules_of<'a>(report: &'a Report, rec: &ClaimRecord) -> Vec<(&'static str, &'a str)> {
    let span = &rec.claim.span;
    let on_another = |d: &crate::diagnostic::Diagnostic| {
        d.span != rec.claim.trigger_span
            && report.claims.iter().any(|r| r.claim.trigger_span == d.span)
    };
    report
        .diagnostics
        .iter()
        .filter(|d| span.contains(&d.span.start) && !on_another(d))
        .map(|d| (d.code, d.rule))
        .collect()
}

fn findings(rules: &[(&'static str, &str)]) -> String {
    if rules.is_empty() {
        return "<span class=\"none\">none</span>".into();
    }
    let items: Vec<String> = rules
        .iter()
        .map(|(code, msg)| format!("<code>{}</code> {}", token(code), text(msg)))
        .collect();
    items.join("<br>")
}

fn cues(rec: &ClaimRecord) -> String {
    let items: Vec<String> = rec
        .claim
        .cues
        .iter()
        .map(|q| format!("{}: “{}”", text(q.role), text(&q.text)))
        .collect();
    items.join("<br>")
}

/// A claim's sources: the registry id or the reference as written, a
/// doi.org or PubMed link when the identifier is valid, and the tier with
/// where it came from.
fn sources(cited: &[Citation]) -> String {
    if cited.is_empty() {
        return "<span class=\"none\">none</span>".into();
    }
    let items: Vec<String> = cited.iter().map(source).collect();
    items.join("<br>")
}

fn source(s: &Citation) -> String {
    let mut out = text(s.registry_id.as_deref().unwrap_or(&s.reference));
    if let Some(url) = s.doi.as_deref().and_then(doi_url) {
        let doi = s.doi.as_deref().unwrap_or("");
        let _ = write!(out, " <a href=\"{}\">doi:{}</a>", text(&url), text(doi));
    }
    if s.kind == CitationKind::Pubmed
        && let Some(id) = pmid_of(&s.reference)
        && let Some(url) = pubmed_url(&id)
    {
        let _ = write!(out, " <a href=\"{}\">PMID {}</a>", text(&url), text(&id));
    }
    let tier = s.tier.map_or("tier unknown".to_string(), |t| {
        format!("{} ({})", t.as_str(), s.tier_origin.as_str())
    });
    let _ = write!(
        out,
        " <span class=\"count\">[{}, {}]</span>",
        s.kind.as_str(),
        tier
    );
    out
}
