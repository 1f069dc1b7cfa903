//! Matching pack phrases in text: the one scan for every pack's phrases,
//! which pack patterns can match in a text (through `filter`), and the
//! text-level tests pack rules share (a clause break, a picture
//! noun, a sentence that cites).
//!
//! Owns what can be decided from text alone. Does not own which rule
//! reports what (`rule`).

use std::ops::Range;

use crate::lazy_regex::LazyRegex;

use super::filter::PatternHits;
use super::load::{Packs, Role};

/// What ends a clause for `skip-negated`: a colon, semicolon or dash, or
/// "but".
pub(super) static CLAUSE_BREAK: LazyRegex = LazyRegex::new(r"(?i)[:;—–]|\s-\s|\bbut\b");

/// Compiles the matcher's own patterns ahead of need.
pub(super) fn warm_up() {
    CLAUSE_BREAK.warm_up();
    PICTURE_NOUN.warm_up();
}

impl Packs {
    /// Every match of every pack phrase in `text`, overlapping, on word
    /// boundaries: (byte range, rule index, role).
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, usize, Role)> {
        let mut out = Vec::new();
        // ASCII lowercasing keeps every byte where it is. A phrase starts
        // and ends on a character boundary, as its own text does.
        let folded = crate::lexicon::ascii_folded(text);
        let at_word = |i: usize| crate::lexicon::is_word_boundary(text, i);
        let bytes = text.as_bytes();
        // Not inside an ASCII word (most positions), nor inside a
        // character; whether it is a word boundary is asked of matches.
        let may_start = |i: usize| {
            let inside =
                i > 0 && bytes[i - 1].is_ascii_alphanumeric() && bytes[i].is_ascii_alphanumeric();
            !inside && text.is_char_boundary(i)
        };
        for m in self.phrases.find_overlapping(folded.as_bytes(), may_start) {
            if !at_word(m.start) || !at_word(m.end) {
                continue;
            }
            for &(rule, role) in &self.pattern_roles[m.phrase] {
                out.push((m.start..m.end, rule, role));
            }
        }
        out
    }

    /// Which pack patterns match somewhere in `text`: one scan for all of
    /// them, so a rule runs only the patterns that will find something.
    /// All of them when the text has a word character outside ASCII
    /// ("café"), where the filter's ASCII word boundaries could differ
    /// from the patterns' own, or when the scan gives up.
    pub fn pattern_hits(&self, text: &str) -> PatternHits {
        let ascii_words = text
            .chars()
            .all(|c| c.is_ascii() || !regex_syntax::is_word_character(c));
        if !ascii_words {
            return PatternHits::ALL;
        }
        self.prepare_filter()
            .and_then(|f| f.hits(text))
            .unwrap_or(PatternHits::ALL)
    }
}

/// Words after "before and after" that make it a time, not a picture:
/// "before and after treatment".
pub(super) const NOT_A_PICTURE: &[&str] = &[
    "treatment",
    "treatments",
    "your",
    "the",
    "each",
    "every",
    "a",
    "an",
    "procedure",
    "procedures",
    "session",
    "sessions",
    "appointment",
    "appointments",
    "surgery",
    "injections",
    "injection",
    "using",
    "applying",
    "exercise",
    "care",
    "meals",
    "eating",
    "it",
    "this",
    "that",
];

/// Nouns that make "before and after" a picture.
pub(super) static PICTURE_NOUN: LazyRegex = LazyRegex::new(
    r"(?i)^\W{0,3}(\w+\W+){0,3}?(photos?|photographs?|pictures?|pics?|images?|gallery|galleries|shots?|snaps?|results?|transformations?|video|slider|comparison)\b",
);

/// Whether sentence `s` carries a reference or an in-text source.
pub(super) fn sentence_cites(b: &crate::markdown::Block, s: &crate::claims::SentenceInfo) -> bool {
    // A reference right after the final stop belongs to the sentence.
    let end = s.range.end + 8;
    b.refs
        .iter()
        .filter(|r| r.at >= s.range.start && r.at <= end)
        .any(|r| match &r.kind {
            // Only an evidence comment is a source; other comments are not.
            crate::markdown::RefKind::Comment(inner) => {
                crate::evidence::parse_evidence_comment(inner).is_some()
            }
            _ => true,
        })
        || !crate::evidence::find_in_text(&b.text[s.range.clone()]).is_empty()
}
