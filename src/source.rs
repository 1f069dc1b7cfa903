//! A checked file as read from disk, and the one place where byte offsets
//! become lines and columns.
//!
//! Every span in claimlint is a byte range into [`SourceFile::text`], the file
//! exactly as read (BOM and CRLF included). Lines and columns are derived here,
//! only for output: lines are 1-based, columns are 1-based and count Unicode
//! scalar values (characters), not bytes. This module does not parse Markdown.

use std::ops::Range;

/// A file's text and an index of where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (relative stays relative).
    pub path: String,
    /// The whole file, as read from disk.
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before each multiple of [`CHAR_MARK`] bytes, so a column
    /// deep in a long line is found without counting from the line start.
    char_marks: Vec<usize>,
}

/// Bytes between the checkpoints of [`SourceFile`]'s character index.
const CHAR_MARK: usize = 4096;

/// Characters in `bytes`: the bytes that do not continue a UTF-8 sequence.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// A 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl SourceFile {
    /// Wraps a file's text. `path` is only used for messages.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        let mut char_marks = Vec::with_capacity(text.len() / CHAR_MARK + 1);
        let mut chars = 0;
        for chunk in text.as_bytes().chunks(CHAR_MARK) {
            char_marks.push(chars);
            chars += count_chars(chunk);
        }
        char_marks.push(chars);
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            char_marks,
        }
    }

    /// Byte offset where each line starts; line 1 starts at 0.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Line and character column of a byte offset (clamped to the file and
    /// moved back to a character boundary if needed).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut column = if offset - start < CHAR_MARK {
            count_chars(&self.text.as_bytes()[start..offset]) + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        // Editors do not show a byte-order mark: columns on line 1 start
        // after it.
        if line == 0 && offset > 0 && self.text.starts_with('\u{feff}') {
            column -= 1;
        }
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Characters in the text before byte `offset` (a character boundary),
    /// counting from the nearest checkpoint: constant time per query.
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset / CHAR_MARK;
        match self.char_marks.get(k) {
            Some(&before) => before + count_chars(&self.text.as_bytes()[k * CHAR_MARK..offset]),
            None => count_chars(&self.text.as_bytes()[..offset]),
        }
    }

    /// Start (inclusive) and end (exclusive) positions of a byte span.
    pub fn span_line_cols(&self, span: &Range<usize>) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }

    /// Byte offset of a 1-based line and 1-based *byte* column, as comrak
    /// reports them. Returns `None` when the position lies outside the file.
    pub fn offset_of_byte_col(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let off = start + column.checked_sub(1)?;
        (off <= self.text.len()).then_some(off)
    }

    /// The line (1-based) containing a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset.min(self.text.len())) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte range of a 1-based line, without its line terminator.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len()..self.text.len();
        };
        let mut end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// Byte offsets where lines start, for display. A line ends after `\n`; a
/// lone `\r` is not a line break here (CommonMark treats it as one, but no
/// editor in use does). comrak's own line numbers do count a lone `\r`, so
/// `markdown.rs` maps its positions with its own table.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |(_, b)| **b == needle)
        .map(|(i, _)| i)
}

/// The largest character boundary not after `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary not before `i`.
pub fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let f = SourceFile::new("x.md", "café au lait\nnext");
        // "au" starts after "café " = 5 characters, 6 bytes.
        assert_eq!(f.line_col(6), LineCol { line: 1, column: 6 });
        assert_eq!(f.line_col(14), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn columns_deep_in_long_lines_match_a_plain_count() {
        let line = "Retinol – “boosts” collagen; café ☕ 🧴 ".repeat(700);
        let text = format!("first\n{line}\n{line}");
        let f = SourceFile::new("x.md", text.as_str());
        for offset in (0..text.len()).step_by(997).chain([text.len(), 6, 7]) {
            let offset = floor_char_boundary(&text, offset);
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(f.line_col(offset).column, expected, "at {offset}");
        }
    }

    #[test]
    fn crlf_lines_and_ranges() {
        let f = SourceFile::new("x.md", "a\r\nbc\r\n");
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(&f.text[f.line_range(2)], "bc");
        assert_eq!(f.offset_of_byte_col(2, 2), Some(4));
    }

    #[test]
    fn a_bom_does_not_count_as_a_column() {
        let f = SourceFile::new("x.md", "\u{feff}Retinol");
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(10), LineCol { line: 1, column: 8 });
    }

    #[test]
    fn offsets_inside_characters_round_down() {
        let f = SourceFile::new("x.md", "é");
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(2), LineCol { line: 1, column: 2 });
    }
}
