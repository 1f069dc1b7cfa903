//! One document of the HTML report: the draft's text as a reader reads it
//! (headings, paragraphs, list items, quotes, table cells, image alt text,
//! front-matter values), each claim highlighted by status with a numbered
//! marker that links to its register row, and the findings that are not a
//! claim's own listed under the block they occur in.
//!
//! Owns the draft's rendering. Does not own the register rows
//! (`html::rows`), the page around them (`html`) or escaping
//! (`html::escape`). The text is re-read from the report's source with the
//! default reading options; a claim that falls outside every block read
//! that way (a front-matter field read only under other options) is
//! listed after the text rather than lost.

use std::fmt::Write as _;
use std::ops::Range;

use super::escape::{text, token};
use super::shared::{DOC, claim_order, counted, icon, markets, own_findings};
use crate::diagnostic::Diagnostic;
use crate::lint::Report;
use crate::markdown::{self, Block, BlockKind, PLACEHOLDER, ParseOptions};
use crate::register::{ClaimRecord, ClaimStatus};

/// One document's section: its heading and the draft with its claims and
/// findings.
pub fn section(report: &Report) -> String {
    let doc = markdown::parse(&report.source, &ParseOptions::default());
    let claims = claim_order(report);
    let own = own_findings(report);
    let mut placed = vec![false; claims.len()];
    let mut shown = vec![false; report.diagnostics.len()];
    let mut out = String::new();
    let path = text(&report.source.path);
    let _ = write!(
        out,
        "<section class=\"doc\" id=\"d{DOC}\" aria-labelledby=\"dh{DOC}\">\n\
         <h3 id=\"dh{DOC}\">Document {DOC}: {path}</h3>\n<p class=\"count\">{}, {}. Markets: {}.</p>\n<div class=\"draft\">\n",
        counted(claims.len(), "claim"),
        counted(
            report.diagnostics.len() - own.iter().filter(|&&o| o).count(),
            "other finding"
        ),
        markets(report),
    );
    for block in &doc.blocks {
        let bare = block
            .text
            .trim_matches(|c: char| c.is_whitespace() || PLACEHOLDER.contains(c));
        if bare.is_empty() {
            // An image alone in its paragraph: its alt text is a block of
            // its own, next.
            continue;
        }
        out.push_str(&block_html(block, &claims, &mut placed));
        let mut here: Vec<&Diagnostic> = Vec::new();
        for (i, d) in report.diagnostics.iter().enumerate() {
            if !own[i] && !shown[i] && block.span.contains(&d.span.start) {
                shown[i] = true;
                here.push(d);
            }
        }
        out.push_str(&findings_list(report, &here));
    }
    out.push_str(&footnotes(&doc));
    out.push_str(&leftovers(report, &claims, &placed, &own, &shown));
    out.push_str("</div>\n</section>\n");
    out
}

/// The draft's footnotes, in source order: what its claims cite.
fn footnotes(doc: &markdown::Document) -> String {
    let mut notes: Vec<_> = doc.footnotes.values().collect();
    if notes.is_empty() {
        return String::new();
    }
    notes.sort_by_key(|n| n.span.start);
    let mut out = String::from("<div class=\"notes\">\n");
    for n in notes {
        let _ = writeln!(
            out,
            "<p><span class=\"tag\">footnote {}</span>{}</p>",
            text(&n.label),
            prose(&n.text)
        );
    }
    out.push_str("</div>\n");
    out
}

/// The claims and findings no block showed, listed after the text.
fn leftovers(
    report: &Report,
    claims: &[&ClaimRecord],
    placed: &[bool],
    own: &[bool],
    shown: &[bool],
) -> String {
    let mut out = String::new();
    let missing: Vec<usize> = (0..claims.len()).filter(|&k| !placed[k]).collect();
    if !missing.is_empty() {
        out.push_str("<p><span class=\"tag\">outside the text above</span></p>\n<ul>\n");
        for k in missing {
            let _ = writeln!(
                out,
                "<li>{}</li>",
                highlighted(&claims[k].claim.text, claims[k], k)
            );
        }
        out.push_str("</ul>\n");
    }
    let rest: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .enumerate()
        .filter(|&(i, _)| !own[i] && !shown[i])
        .map(|(_, d)| d)
        .collect();
    if !rest.is_empty() {
        out.push_str("<p><span class=\"tag\">findings about the whole document</span></p>\n");
        out.push_str(&findings_list(report, &rest));
    }
    out
}

/// One block of the draft, its claims highlighted.
fn block_html(block: &Block, claims: &[&ClaimRecord], placed: &mut [bool]) -> String {
    let offsets = char_sources(block);
    let mut marks: Vec<(Range<usize>, usize)> = Vec::new();
    for (k, rec) in claims.iter().enumerate() {
        if placed[k] || !block.span.contains(&rec.claim.span.start) {
            continue;
        }
        if let Some(r) = text_range(&block.text, &offsets, &rec.claim.span) {
            marks.push((r, k));
            placed[k] = true;
        }
    }
    // The claims of one sentence (one per kind) share its highlight: the
    // worst status colours it, and the others follow as marked pins.
    marks.sort_by_key(|&(ref r, k)| (r.start, worst_first(claims[k].status)));
    let mut inner = String::new();
    let mut at = 0;
    for (r, k) in marks {
        if r.start < at {
            // A second claim of the same sentence (another kind of
            // promise), or overlapping sentences: its marker, highlighted
            // in its own status's colour, stands for it.
            inner.push_str(&highlighted("", claims[k], k));
            continue;
        }
        inner.push_str(&prose(&block.text[at..r.start]));
        inner.push_str(&highlighted(&block.text[r.clone()], claims[k], k));
        at = r.end;
    }
    inner.push_str(&prose(&block.text[at..]));
    wrap(block, &inner)
}

/// Sort key putting the status a reviewer must see first: unsupported,
/// then insufficient, suppressed, supported.
fn worst_first(status: ClaimStatus) -> u8 {
    match status {
        ClaimStatus::Unsupported => 0,
        ClaimStatus::Insufficient => 1,
        ClaimStatus::Suppressed => 2,
        ClaimStatus::Supported => 3,
    }
}

/// `inner` inside the element its block kind calls for.
fn wrap(block: &Block, inner: &str) -> String {
    let html = if block.from_html {
        "<span class=\"tag\">HTML</span>"
    } else {
        ""
    };
    match &block.kind {
        BlockKind::Heading(level) => {
            let h = (usize::from(*level) + 3).min(6);
            format!("<h{h}>{html}{inner}</h{h}>\n")
        }
        BlockKind::TableCell => {
            format!("<p><span class=\"tag\">table cell</span>{html}{inner}</p>\n")
        }
        BlockKind::ImageAlt => {
            let src = block.image_src.as_deref().unwrap_or("");
            format!(
                "<p><span class=\"tag\">image {}</span>{html}alt text: {inner}</p>\n",
                text(src)
            )
        }
        BlockKind::FrontMatter(key) => format!(
            "<p><span class=\"tag\">front matter: {}</span>{inner}</p>\n",
            text(key)
        ),
        BlockKind::Paragraph if block.in_list && block.in_quote => {
            format!("<blockquote><ul><li>{html}{inner}</li></ul></blockquote>\n")
        }
        BlockKind::Paragraph if block.in_list => format!("<ul><li>{html}{inner}</li></ul>\n"),
        BlockKind::Paragraph if block.in_quote => {
            format!("<blockquote><p>{html}{inner}</p></blockquote>\n")
        }
        BlockKind::Paragraph => format!("<p>{html}{inner}</p>\n"),
    }
}

/// Prose as HTML text; the stand-in for code or an image shows as an
/// ellipsis.
fn prose(s: &str) -> String {
    text(s).replace(
        PLACEHOLDER,
        "<span class=\"elided\" title=\"code or an image\">[…]</span>",
    )
}

/// A claim's sentence highlighted in its status's colour, with its marker;
/// with no sentence (a second claim of a highlighted one), the marker
/// itself highlighted.
fn highlighted(sentence: &str, rec: &ClaimRecord, k: usize) -> String {
    let status = rec.status.as_str();
    let open = format!(
        "<mark class=\"claim s-{status}\" id=\"c{DOC}-{n}\">",
        n = k + 1
    );
    if sentence.is_empty() {
        format!("{open}{}</mark>", marker(rec, k))
    } else {
        format!("{open}{}</mark>{}", prose(sentence), marker(rec, k))
    }
}

/// The numbered marker after a claim, linked to its register row: icon,
/// number and status as text, so colour is never the only sign.
fn marker(rec: &ClaimRecord, k: usize) -> String {
    let status = rec.status.as_str();
    format!(
        " <a class=\"pill pin s-{status}\" href=\"#r{DOC}-{n}\" data-claim=\"{DOC}.{n}\">{} {DOC}.{n} {status}</a>",
        icon(rec.status),
        n = k + 1
    )
}

/// Findings listed under the block they occur in.
fn findings_list(report: &Report, found: &[&Diagnostic]) -> String {
    if found.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul class=\"findings\">\n");
    for d in found {
        let line = report.source.line_col(d.span.start).line;
        let _ = writeln!(
            out,
            "<li data-rule=\"{code}\"><span class=\"pill\">⚑ {sev}</span> <code>{code}</code> {rule}: {msg} <span class=\"count\">(line {line})</span></li>",
            code = token(d.code),
            sev = d.severity.as_str(),
            rule = text(d.rule),
            msg = text(&d.message),
        );
    }
    out.push_str("</ul>\n");
    out
}

/// For each character of the block's text, its offset there and where it
/// starts in the source.
fn char_sources(block: &Block) -> Vec<(usize, usize)> {
    block
        .text
        .char_indices()
        .map(|(i, _)| (i, block.map.start(i)))
        .collect()
}

/// The range of the block's text whose characters come from `span` of the
/// source, when any does.
fn text_range(s: &str, offsets: &[(usize, usize)], span: &Range<usize>) -> Option<Range<usize>> {
    let inside = |&&(_, src): &&(usize, usize)| span.contains(&src);
    let first = offsets.iter().find(inside)?.0;
    let last = offsets.iter().rev().find(inside)?.0;
    let end = last + s[last..].chars().next().map_or(0, char::len_utf8);
    Some(first..end)
}
