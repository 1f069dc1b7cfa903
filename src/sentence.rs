//! Sentence boundaries in prose text.
//!
//! Claims are judged sentence by sentence, so the boundaries matter: a split
//! inside "Dr. Low" or "4.5%" loses a claim's subject; a missed split merges
//! a claim with its neighbour's negation. Rules, in order: a sentence ends at
//! `.`, `!` or `?` (with any closing quotes or brackets) followed by space and
//! a likely sentence start, unless the word before is a known abbreviation
//! (Dr., e.g., i.e., vs., et al., approx., No.) or a single initial. The end
//! of a block (heading, list item, cell) always ends a sentence. This module
//! works on plain text; it knows nothing of Markdown.

use std::ops::Range;

/// Abbreviations that do not end a sentence (lowercase, without the final
/// period).
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs", "e.g", "i.e", "eg", "ie", "etc.,",
    "al", "approx", "no", "nos", "fig", "figs", "ca", "cf", "inc", "ltd", "co", "corp", "mt",
    "min", "max", "vol", "p", "pp", "ref", "refs", "dept", "est", "u.s", "u.k", "a.m", "p.m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mg",
    "ml", "sq", "ft", "oz", "lb", "lbs", "temp", "avg", "resp", "ph.d", "m.d", "b.sc", "m.sc",
];

/// Abbreviations after which a sentence may still end when the next word is
/// capitalised and not a name-like continuation (`etc.` usually ends one).
const SOFT_ABBREVIATIONS: &[&str] = &["etc"];

/// Splits `text` into sentence ranges (trimmed, never empty).
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' && text[i + 1..].starts_with('\n') {
            // A blank line (raw HTML text) always separates.
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
            i += 1;
            continue;
        }
        if !matches!(c, b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        // Run of terminators, then closing quotes and brackets.
        let mut j = i;
        while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
            j += 1;
        }
        j = skip_closers(text, j);
        // A footnote marker right after the stop ("lines.[^kafi2007] Our",
        // "lines.[3] Our") belongs to the sentence it ends: as literal text,
        // an undefined reference must not glue two sentences together.
        j = skip_closers(text, skip_markers(text, j));
        // Footnote-like trailing markers such as "[1]" stay with the sentence.
        let rest = &text[j..];
        let ws = rest.len() - rest.trim_start().len();
        if ws == 0 && j < bytes.len() {
            i = j.max(i + 1);
            continue;
        }
        let next = &rest[ws..];
        if next.is_empty() {
            i = j;
            continue;
        }
        if c == b'.' && !ends_sentence_after_period(text, start, i, next) {
            i = j;
            continue;
        }
        if !starts_sentence(next) && c == b'.' {
            i = j;
            continue;
        }
        push_trimmed(text, start..j, &mut out);
        start = j + ws;
        i = start;
    }
    push_trimmed(text, start..text.len(), &mut out);
    if out.iter().any(|r| r.len() > MAX_SENTENCE) {
        out = out.into_iter().flat_map(|r| cut_long(text, r)).collect();
    }
    out
}

/// Sentences longer than this many bytes are read in pieces. Real
/// sentences are far shorter; a run-on (a table flattened to text, a
/// keyword-stuffed line with no stops) would otherwise cost time
/// quadratic in its length.
pub const MAX_SENTENCE: usize = 1000;

/// Splits a run-on range into pieces of at most [`MAX_SENTENCE`] bytes,
/// at the last space before the limit where there is one.
fn cut_long(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    while r.end - start > MAX_SENTENCE {
        let limit = crate::source::floor_char_boundary(text, start + MAX_SENTENCE);
        let window = &text[start..limit];
        // After the last stop that no letter or digit follows ("collagen._*_*"
        // has no space after its stop), else at the last space, else at the
        // limit.
        let stop = window
            .char_indices()
            .rev()
            .find(|&(k, c)| {
                matches!(c, '.' | '!' | '?')
                    && !text[start + k + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            })
            .map(|(k, _)| start + k + 1);
        let cut = stop
            .or_else(|| window.rfind(char::is_whitespace).map(|k| start + k))
            .filter(|&k| k > start)
            .unwrap_or(limit);
        let cut = if cut <= start {
            crate::source::ceil_char_boundary(text, start + 1)
        } else {
            cut
        };
        push_trimmed(text, start..cut, &mut out);
        start = cut;
    }
    push_trimmed(text, start..r.end, &mut out);
    out
}

/// Skips footnote markers (`[^label]`, `[12]`) that follow at `j`, also
/// when spaces separate them (`lines.[^a] [^b]`).
fn skip_markers(text: &str, mut j: usize) -> usize {
    let mut at = j;
    while let Some(rest) = text.get(at..).filter(|r| r.starts_with('[')) {
        let head = &rest[..crate::source::floor_char_boundary(rest, 64)];
        let Some(close) = head.find(']') else {
            break;
        };
        let inner = &rest[1..close];
        let marker = inner
            .strip_prefix('^')
            .is_some_and(|l| !l.is_empty() && !l.contains(char::is_whitespace))
            || (!inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '-'));
        if !marker {
            break;
        }
        j = at + close + 1;
        let after = &text[j..];
        at = j + (after.len() - after.trim_start_matches([' ', '\t']).len());
    }
    j
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() || trimmed.chars().all(|c| !c.is_alphanumeric()) {
        return;
    }
    out.push(r.start + lead..r.start + lead + trimmed.len());
}

fn skip_closers(text: &str, mut j: usize) -> usize {
    while let Some(ch) = text[j..].chars().next() {
        if matches!(ch, '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '*' | '_') {
            j += ch.len_utf8();
        } else {
            break;
        }
    }
    j
}

/// Whether the period at `dot` ends a sentence, judging by the word before
/// it and the text after.
fn ends_sentence_after_period(text: &str, start: usize, dot: usize, next: &str) -> bool {
    let before = &text[start..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map_or(0, |k| {
            k + before[k..].chars().next().map_or(1, char::len_utf8)
        });
    let word = before[word_start..].trim_start_matches(['(', '[', '"', '“', '‘', '\'']);
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "No." is an abbreviation only before a number.
        if lower == "no" || lower == "nos" {
            return !next.starts_with(|c: char| c.is_ascii_digit());
        }
        return false;
    }
    if SOFT_ABBREVIATIONS.contains(&lower.as_str()) {
        return next.starts_with(|c: char| c.is_uppercase());
    }
    // A single initial ("J. Smith") or a dotted acronym ("U.S.").
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() == 1 && word.chars().count() <= 2 && letters[0].is_uppercase() {
        return false;
    }
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 1) {
        return next.starts_with(|c: char| c.is_uppercase())
            && !next
                .split_whitespace()
                .next()
                .is_some_and(|w| w.ends_with('.'));
    }
    true
}

/// Whether `next` looks like the start of a sentence.
fn starts_sentence(next: &str) -> bool {
    let Some(c) = next.chars().next() else {
        return false;
    };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_' | '¿' | '¡' | '#' | '-' | '•'
        )
        || !c.is_alphabetic() && !c.is_ascii_punctuation() && !c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn a_literal_footnote_marker_stays_with_its_sentence() {
        assert_eq!(
            sents("Retinol smooths fine lines.[^kafi2007] Our night serum contains retinol."),
            [
                "Retinol smooths fine lines.[^kafi2007]",
                "Our night serum contains retinol."
            ]
        );
        assert_eq!(
            sents("It works.[3] We use it."),
            ["It works.[3]", "We use it."]
        );
        assert_eq!(
            sents("It works.[^a] [^b] We use it."),
            ["It works.[^a] [^b]", "We use it."]
        );
        assert_eq!(
            sents("See the table.[note here] it goes on."),
            ["See the table.[note here] it goes on."]
        );
    }

    #[test]
    fn run_ons_are_read_in_bounded_pieces() {
        let text = "boosts collagen and ".repeat(200);
        let pieces = split(&text);
        assert!(pieces.len() >= 4, "{}", pieces.len());
        for r in &pieces {
            assert!(r.len() <= MAX_SENTENCE, "{}", r.len());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        // Nothing is lost: the pieces cover every word.
        let words: usize = pieces
            .iter()
            .map(|r| text[r.clone()].split_whitespace().count())
            .sum();
        assert_eq!(words, text.split_whitespace().count());
        // No whitespace at all: cut at character boundaries.
        let text = "é".repeat(1500);
        for r in split(&text) {
            assert!(
                text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end)
                    && r.len() <= MAX_SENTENCE
            );
        }
    }

    /// Found by the fuzzer: the bounded look for a marker's `]` cut a
    /// character in two.
    #[test]
    fn a_marker_scan_stops_on_a_character_boundary() {
        let text = format!("Done.[{}] Next one.", "é".repeat(40));
        let pieces = split(&text);
        assert!(!pieces.is_empty());
        for r in pieces {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Dr. Low says retinol works, e.g. for lines. Others disagree."),
            [
                "Dr. Low says retinol works, e.g. for lines.",
                "Others disagree."
            ]
        );
        assert_eq!(
            sents("Lee et al. found a 4.5% gain. It held."),
            ["Lee et al. found a 4.5% gain.", "It held."]
        );
        assert_eq!(
            sents("Use approx. 2 ml vs. 1 ml daily."),
            ["Use approx. 2 ml vs. 1 ml daily."]
        );
        assert_eq!(
            sents("See No. 5 in the list. Then stop."),
            ["See No. 5 in the list.", "Then stop."]
        );
        assert_eq!(
            sents("Results i.e. smoother skin came fast."),
            ["Results i.e. smoother skin came fast."]
        );
    }

    #[test]
    fn decimals_and_percentages() {
        assert_eq!(
            sents("Wrinkles fell 12.5% in 8 weeks. Nice."),
            ["Wrinkles fell 12.5% in 8 weeks.", "Nice."]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        assert_eq!(
            sents("People say, \u{201c}It changed my skin.\u{201d} Others say no."),
            [
                "People say, \u{201c}It changed my skin.\u{201d}",
                "Others say no."
            ]
        );
    }

    #[test]
    fn questions_and_exclamations() {
        assert_eq!(
            sents("Does it work? Yes! It does."),
            ["Does it work?", "Yes!", "It does."]
        );
    }

    #[test]
    fn fragments_without_stop_are_one_sentence() {
        assert_eq!(
            sents("Ultherapy Prime for lifting and firmness"),
            ["Ultherapy Prime for lifting and firmness"]
        );
    }

    #[test]
    fn lowercase_after_period_does_not_split() {
        assert_eq!(
            sents("Use 2 vs. 3 times. then rest"),
            ["Use 2 vs. 3 times. then rest"]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            sents("As J. Smith showed, it works."),
            ["As J. Smith showed, it works."]
        );
    }
}
