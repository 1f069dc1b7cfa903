//! What a finding is about, as a key: the normalised text of its sentence
//! (or source line), which with the file and rule identifies it for
//! baselines and fingerprints.
//!
//! Owns computing keys. Does not own using them (`baseline`,
//! `fingerprint`).

use std::ops::Range;

use crate::claims::ClaimScan;
use crate::diagnostic::Diagnostic;
use crate::markdown::Document;

/// Fills in the key of every diagnostic of a file: a claim finding's is
/// its claim, another's the sentence or line it sits in. Consecutive
/// findings in one sentence share its key.
pub fn assign(diagnostics: &mut [Diagnostic], findings: &ClaimScan, doc: &Document, text: &str) {
    let mut last_key: Option<(usize, String)> = None;
    // Sentences by source position (front-matter and alt-text blocks are
    // not in source order).
    let mut by_start: Vec<usize> = (0..findings.sentences.len()).collect();
    by_start.sort_by_key(|&i| findings.sentences[i].span.start);
    for d in diagnostics {
        d.key = match &d.claim {
            Some(c) => bounded(normalize_key(c)),
            None => finding_key(findings, &by_start, doc, text, &d.span, &mut last_key),
        };
    }
}

/// What a finding is about, normalised, for baselines and fingerprints:
/// the sentence it sits in as a reader reads it, else the source lines it
/// spans. Line numbers play no part, so edits elsewhere in the file keep
/// the key; rewording the sentence changes it.
fn finding_key(
    findings: &ClaimScan,
    by_start: &[usize],
    doc: &Document,
    text: &str,
    span: &Range<usize>,
    memo: &mut Option<(usize, String)>,
) -> String {
    let sentences = &findings.sentences;
    // The last sentence starting at or before the span.
    let i = by_start.partition_point(|&k| sentences[k].span.start <= span.start);
    let found = i
        .checked_sub(1)
        .map(|j| by_start[j])
        .filter(|&j| span.start < sentences[j].span.end.max(sentences[j].span.start + 1));
    if let Some(j) = found {
        if let Some((_, key)) = memo.as_ref().filter(|(k, _)| *k == j) {
            return key.clone();
        }
        let s = &sentences[j];
        if let Some(t) = doc
            .blocks
            .get(s.block)
            .and_then(|b| b.text.get(s.range.clone()))
        {
            let key = bounded(normalize_key(t));
            *memo = Some((j, key.clone()));
            return key;
        }
    }
    // Not in a sentence (a heading-less page, a front-matter key, the
    // registry): the source line, at most a few hundred bytes of it.
    let at = crate::source::floor_char_boundary(text, span.start.min(text.len()));
    let start = text[..at]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(at.saturating_sub(256));
    let start = crate::source::ceil_char_boundary(text, start);
    let end_at =
        crate::source::floor_char_boundary(text, span.end.clamp(at, text.len()).min(at + 256));
    let end = text[end_at..]
        .find('\n')
        .map_or(text.len(), |i| end_at + i)
        .min(end_at + 256);
    let end = crate::source::floor_char_boundary(text, end);
    bounded(normalize_key(text.get(start..end).unwrap_or_default()))
}

/// Keeps keys short: a long sentence keeps its first words and a hash of
/// the whole, so any change to it still changes the key.
fn bounded(key: String) -> String {
    const MAX: usize = 200;
    if key.len() <= MAX {
        return key;
    }
    let cut = crate::source::floor_char_boundary(&key, MAX);
    format!(
        "{} #{:016x}",
        &key[..cut],
        crate::fingerprint::fnv1a(key.as_bytes())
    )
}

/// Lowercase words separated by single spaces: punctuation, Markdown
/// markup and line breaks do not change a key.
pub fn normalize_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| !c.is_alphanumeric() && c != '%') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}
