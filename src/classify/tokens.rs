//! Words and punctuation of one sentence, and their lowercase forms.
//!
//! Owns: splitting a sentence into tokens (a word keeps its inner
//! apostrophes, hyphens and decimal points: "don't", "UV-induced", "4.5"),
//! the lowercase form of each word, and each word's membership in the
//! lexicon's word lists, looked up once per token.
//! Does not own: cues (the lexicon finds them) or any decision.

use std::borrow::Cow;
use std::ops::Range;

use crate::lexicon::Words;

/// A token: a word or one punctuation character.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Byte range in the sentence.
    pub range: Range<usize>,
    /// A word (letters or digits), not punctuation.
    pub word: bool,
}

/// Splits `s` into words and punctuation; whitespace separates.
pub(crate) fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !joins(s, c, j, d) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Tok {
                range: i..end,
                word: true,
            });
        } else if !c.is_whitespace() {
            out.push(Tok {
                range: i..i + c.len_utf8(),
                word: false,
            });
        }
    }
    out
}

/// Whether character `d` at `j` continues the word that began with `c`:
/// letters and digits do; an apostrophe or hyphen does before a letter or
/// digit; a point or comma only between digits ("4.5", "10,000").
fn joins(s: &str, c: char, j: usize, d: char) -> bool {
    d.is_alphanumeric()
        || ((d == '\'' || d == '’' || d == '-' || d == '.' || d == ',')
            && s[j + d.len_utf8()..].chars().next().is_some_and(|n| {
                n.is_alphanumeric()
                    && (d != '.' && d != ',' || n.is_ascii_digit() && c.is_ascii_digit())
            }))
}

/// Lowercase forms of the tokens, with curly apostrophes made straight.
/// Most tokens are lower-case ASCII already: those are borrowed.
pub(crate) fn lowercase<'s>(s: &'s str, toks: &[Tok]) -> Vec<Cow<'s, str>> {
    toks.iter()
        .map(|t| {
            let w = &s[t.range.clone()];
            if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                Cow::Borrowed(w)
            } else if w.is_ascii() {
                Cow::Owned(w.to_ascii_lowercase())
            } else {
                Cow::Owned(w.to_lowercase().replace('’', "'"))
            }
        })
        .collect()
}

/// Each token's word lists, as a bitset (see [`Words::mask`]).
pub(crate) fn masks(words: &Words, lower: &[Cow<'_, str>]) -> Vec<u64> {
    lower.iter().map(|w| words.mask(w)).collect()
}
