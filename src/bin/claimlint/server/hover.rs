//! Hover: on a claim, what `claimlint claims` would say about it (its
//! strength and kind, the cues that made it a claim, the tier it needs in
//! this page's markets and the tier found, its sources, its status); on a
//! `[^id]` footnote reference or a DOI, the evidence registry's entry.
//!
//! Owns the hover text. Does not own finding claims or resolving sources
//! (the library's report already holds both).

use std::fmt::Write as _;
use std::ops::Range;

use claimlint::evidence::registry::{Entry, Registry};
use claimlint::{Citation, ClaimRecord};
use lsp_types as lsp;

use super::convert;
use super::requests::Snapshot;

/// The hover at `pos`, if there is anything to say there.
pub(crate) fn hover(s: &Snapshot, pos: lsp::Position) -> Option<lsp::Hover> {
    let at = convert::offset(&s.text, pos, s.unit);
    let a = s.analysis();
    let report = a.report()?;
    let registry = a.linter().and_then(|l| l.registry());
    let (span, text) = match reference_at(&s.text.text, at, registry) {
        Some((span, entry)) => (span, entry_markdown(entry)),
        None => {
            // Every claim of the sentence: one per kind of promise it makes.
            let here: Vec<_> = report
                .claims
                .iter()
                .filter(|r| contains(&r.claim.span, at))
                .collect();
            let first = here.first()?;
            let markets = a.linter().map(|l| markets_of(l, s)).unwrap_or_default();
            let text: Vec<String> = here
                .iter()
                .map(|r| claim_markdown(r, registry, &markets))
                .collect();
            (first.claim.span.clone(), text.join("\n\n---\n\n"))
        }
    };
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: text,
        }),
        range: Some(convert::range(&s.text, &span, s.unit)),
    })
}

fn contains(span: &Range<usize>, at: usize) -> bool {
    span.start <= at && at < span.end.max(span.start + 1)
}

/// The page's markets as the linter resolved them (front matter,
/// `[[overrides]]`, configuration), for "the tier it needs here".
fn markets_of(linter: &claimlint::Linter, s: &Snapshot) -> String {
    let (_, page, _) = linter.page_for_file(&s.path.display().to_string(), &s.text.text);
    let names: Vec<&str> = page.markets.iter().map(|m| m.as_str()).collect();
    if names.is_empty() {
        "no market set".into()
    } else {
        format!("markets {}", names.join(", "))
    }
}

/// A claim as a reviewer reads it in the register.
fn claim_markdown(r: &ClaimRecord, registry: Option<&Registry>, markets: &str) -> String {
    let c = &r.claim;
    let mut s = format!(
        "**claim** `{}` · **{}**\n\n",
        c.trigger.replace('`', "'"),
        r.status.as_str()
    );
    let _ = writeln!(s, "- strength: {}", c.strength.as_str());
    let _ = writeln!(s, "- kind: {}", c.kind.as_str());
    let cues: Vec<String> = c
        .cues
        .iter()
        .map(|q| format!("`{}` ({})", q.text.replace('`', "'"), q.role))
        .collect();
    if !cues.is_empty() {
        let _ = writeln!(s, "- cues: {}", cues.join(", "));
    }
    let tier = |t: Option<claimlint::Tier>| t.map_or("none".to_string(), |t| t.as_str().into());
    let _ = writeln!(s, "- tier needed: {} ({markets})", tier(c.tier_needed));
    let _ = writeln!(s, "- tier found: {}", tier(c.tier_found));
    if c.sources.is_empty() {
        let _ = writeln!(s, "- sources: none");
    }
    for src in &c.sources {
        let _ = writeln!(s, "- source: {}", source_line(src, registry));
    }
    if let Some(reason) = &r.suppression_reason {
        let _ = writeln!(s, "- suppressed: {reason}");
    }
    s
}

/// One source: what it is, what it resolved to, what it is worth.
fn source_line(src: &Citation, registry: Option<&Registry>) -> String {
    let mut s = format!(
        "{} `{}`",
        src.kind.as_str(),
        src.reference.replace('`', "'")
    );
    if let Some(id) = &src.registry_id {
        let _ = write!(s, " → registry `{id}`");
        if let Some(title) = registry
            .and_then(|r| r.by_label(id))
            .and_then(|e| e.title.as_ref())
        {
            let _ = write!(s, " ({title})");
        }
    }
    if let Some(t) = src.tier {
        let _ = write!(s, ", {} ({})", t.as_str(), src.tier_origin.as_str());
    }
    if let Some(p) = src.population {
        let _ = write!(s, ", {}", p.as_str());
    }
    s
}

/// The registry entry a `[^id]` or a DOI at `at` names, and its span.
fn reference_at<'r>(
    text: &str,
    at: usize,
    registry: Option<&'r Registry>,
) -> Option<(Range<usize>, &'r Entry)> {
    let registry = registry?;
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    for (i, _) in line.match_indices("[^") {
        let Some(close) = line[i..].find(']') else {
            continue;
        };
        let span = line_start + i..line_start + i + close + 1;
        if contains(&span, at) {
            let label = &line[i + 2..i + close];
            return registry.by_label(label).map(|e| (span, e));
        }
    }
    let word = word_at(line, at - line_start);
    let span = line_start + word.start..line_start + word.end;
    let w = &line[word];
    w.contains("10.")
        .then(|| registry.by_doi(w))
        .flatten()
        .map(|e| (span, e))
}

/// The run of non-space characters around byte `i` of `line`.
fn word_at(line: &str, i: usize) -> Range<usize> {
    let stop = |c: char| c.is_whitespace() || "()<>[]\"'".contains(c);
    let start = line[..i].rfind(stop).map_or(0, |j| j + 1);
    let end = line[i..].find(stop).map_or(line.len(), |j| i + j);
    start..end
}

/// A registry entry as a card.
pub(crate) fn entry_markdown(e: &Entry) -> String {
    let mut s = format!("**evidence registry** `{}`\n\n", e.id);
    if let Some(t) = &e.title {
        let _ = writeln!(s, "{t}\n");
    }
    let _ = writeln!(s, "- design: {}", e.tier.as_str());
    let _ = writeln!(s, "- population: {}", e.population.as_str());
    if let Some(sub) = e.subject {
        let _ = writeln!(s, "- subject: {}", sub.as_str());
    }
    if let Some(y) = e.year {
        let _ = writeln!(s, "- year: {y}");
    }
    if let Some(d) = &e.doi {
        let _ = writeln!(s, "- doi: {d}");
    }
    if let Some(p) = &e.pmid {
        let _ = writeln!(s, "- pmid: {p}");
    }
    if let Some(u) = &e.url {
        let _ = writeln!(s, "- url: {u}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_stops_at_brackets_and_spaces() {
        let line = "see (https://doi.org/10.1001/x.1) now";
        let at = line.find("doi.org").unwrap();
        assert_eq!(&line[word_at(line, at)], "https://doi.org/10.1001/x.1");
    }
}
