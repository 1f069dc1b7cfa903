//! A checked file as read from disk, and the one place where byte offsets
//! become lines and columns.
//!
//! Every span in claimlint is a byte range into [`SourceFile::text`], the file
//! exactly as read (BOM and CRLF included). Lines and columns are derived here,
//! only for output: lines are 1-based, columns are 1-based and count Unicode
//! scalar values (characters), not bytes, unless a [`ColumnUnit`] says
//! otherwise (an editor speaking the Language Server Protocol counts UTF-16
//! code units or bytes). This module does not parse Markdown.

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
    /// The same for UTF-16 code units.
    utf16_marks: Vec<usize>,
}

/// What a column counts. Lines are the same in every unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnUnit {
    /// Unicode scalar values: what claimlint prints, and SARIF's
    /// `unicodeCodePoints`.
    #[default]
    Chars,
    /// UTF-16 code units: the Language Server Protocol's default (a
    /// character outside the Basic Multilingual Plane, such as most emoji,
    /// counts two).
    Utf16,
    /// Bytes of UTF-8: the protocol's `utf-8` position encoding.
    Utf8,
}

impl ColumnUnit {
    /// How many columns `bytes` (whole UTF-8 characters) take.
    fn count(self, bytes: &[u8]) -> usize {
        match self {
            ColumnUnit::Chars => count_chars(bytes),
            ColumnUnit::Utf16 => count_utf16(bytes),
            ColumnUnit::Utf8 => bytes.len(),
        }
    }

    /// How many columns one character takes.
    fn width(self, c: char) -> usize {
        match self {
            ColumnUnit::Chars => 1,
            ColumnUnit::Utf16 => c.len_utf16(),
            ColumnUnit::Utf8 => c.len_utf8(),
        }
    }
}

/// Bytes between the checkpoints of [`SourceFile`]'s character index.
const CHAR_MARK: usize = 4096;

/// Characters in `bytes`: the bytes that do not continue a UTF-8 sequence.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// UTF-16 code units in `bytes`: a character each, and one more for each
/// four-byte sequence (a surrogate pair).
fn count_utf16(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// A 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters (or in the [`ColumnUnit`]
    /// asked for).
    pub column: usize,
}

impl SourceFile {
    /// Wraps a file's text. `path` is only used for messages.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        let mut char_marks = Vec::with_capacity(text.len() / CHAR_MARK + 1);
        let mut utf16_marks = Vec::with_capacity(text.len() / CHAR_MARK + 1);
        let (mut chars, mut units) = (0, 0);
        for chunk in text.as_bytes().chunks(CHAR_MARK) {
            char_marks.push(chars);
            utf16_marks.push(units);
            chars += count_chars(chunk);
            units += count_utf16(chunk);
        }
        char_marks.push(chars);
        utf16_marks.push(units);
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            char_marks,
            utf16_marks,
        }
    }

    /// Byte offset where each line starts; line 1 starts at 0.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Line and character column of a byte offset (clamped to the file and
    /// moved back to a character boundary if needed).
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_col_in(offset, ColumnUnit::Chars)
    }

    /// Line and column of a byte offset, the column counted in `unit`
    /// (clamped to the file and moved back to a character boundary if
    /// needed). A byte-order mark takes no column, as editors do not show
    /// one.
    pub fn line_col_in(&self, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut column = if offset - start < CHAR_MARK {
            unit.count(&self.text.as_bytes()[start..offset]) + 1
        } else {
            self.before(offset, unit) - self.before(start, unit) + 1
        };
        // Editors do not show a byte-order mark: columns on line 1 start
        // after it.
        if line == 0 && offset > 0 && self.text.starts_with('\u{feff}') {
            column -= unit.width('\u{feff}');
        }
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Columns in `unit` before byte `offset` (a character boundary),
    /// counting from the nearest checkpoint: constant time per query.
    fn before(&self, offset: usize, unit: ColumnUnit) -> usize {
        let marks = match unit {
            ColumnUnit::Chars => &self.char_marks,
            ColumnUnit::Utf16 => &self.utf16_marks,
            ColumnUnit::Utf8 => return offset,
        };
        let k = offset / CHAR_MARK;
        match marks.get(k) {
            Some(&before) => before + unit.count(&self.text.as_bytes()[k * CHAR_MARK..offset]),
            None => unit.count(&self.text.as_bytes()[..offset]),
        }
    }

    /// The byte offset of a 1-based line and 1-based column counted in
    /// `unit`: the inverse of [`SourceFile::line_col_in`]. A line past the
    /// end is the end of the file; a column past the end of its line is
    /// the end of the line (before its terminator), as the Language Server
    /// Protocol asks; a column inside a character is that character's
    /// start.
    pub fn offset_at(&self, line: usize, column: usize, unit: ColumnUnit) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let range = self.line_range(line.max(1));
        let mut at = start;
        if line <= 1 && self.text.starts_with('\u{feff}') {
            at += '\u{feff}'.len_utf8();
        }
        let mut left = column.saturating_sub(1);
        for c in self.text[at..range.end].chars() {
            let w = unit.width(c);
            if left < w {
                break;
            }
            left -= w;
            at += c.len_utf8();
        }
        at
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
    fn utf16_columns_count_surrogate_pairs() {
        // 🧴 is outside the Basic Multilingual Plane: 4 bytes, 1 character,
        // 2 UTF-16 units. 美 is 3 bytes, 1 character, 1 unit.
        let f = SourceFile::new("x.md", "🧴 美白 boosts\nnext");
        let at = f.text.find("boosts").unwrap();
        assert_eq!(f.line_col_in(at, ColumnUnit::Chars).column, 6);
        assert_eq!(f.line_col_in(at, ColumnUnit::Utf16).column, 7);
        assert_eq!(f.line_col_in(at, ColumnUnit::Utf8).column, at + 1);
        for unit in [ColumnUnit::Chars, ColumnUnit::Utf16, ColumnUnit::Utf8] {
            let lc = f.line_col_in(at, unit);
            assert_eq!(f.offset_at(lc.line, lc.column, unit), at, "{unit:?}");
        }
    }

    #[test]
    fn utf16_columns_deep_in_long_lines_match_a_plain_count() {
        let line = "Retinol – “boosts” collagen; café ☕ 🧴 ".repeat(700);
        let text = format!("first\n{line}\n{line}");
        let f = SourceFile::new("x.md", text.as_str());
        for offset in (0..text.len()).step_by(997).chain([text.len(), 6, 7]) {
            let offset = floor_char_boundary(&text, offset);
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].encode_utf16().count() + 1;
            let lc = f.line_col_in(offset, ColumnUnit::Utf16);
            assert_eq!(lc.column, expected, "at {offset}");
            assert_eq!(f.offset_at(lc.line, lc.column, ColumnUnit::Utf16), offset);
        }
    }

    #[test]
    fn a_bom_takes_no_column_in_any_unit() {
        let f = SourceFile::new("x.md", "\u{feff}Retinol\nnext");
        for unit in [ColumnUnit::Chars, ColumnUnit::Utf16, ColumnUnit::Utf8] {
            assert_eq!(f.line_col_in(3, unit), LineCol { line: 1, column: 1 });
            assert_eq!(f.offset_at(1, 1, unit), 3, "{unit:?}");
            assert_eq!(f.offset_at(1, 8, unit), 10, "{unit:?}");
        }
    }

    #[test]
    fn positions_past_a_line_or_inside_a_character_are_clamped() {
        let f = SourceFile::new("x.md", "a🧴b\r\nsecond\n");
        // Past the end of line 1: its end, before the CRLF.
        assert_eq!(f.offset_at(1, 99, ColumnUnit::Utf16), 6);
        // Between the two halves of the surrogate pair: the emoji's start.
        assert_eq!(f.offset_at(1, 3, ColumnUnit::Utf16), 1);
        // Past the last line: the end of the file.
        assert_eq!(f.offset_at(9, 1, ColumnUnit::Utf8), f.text.len());
        assert_eq!(f.offset_at(3, 1, ColumnUnit::Utf8), f.text.len());
    }

    #[test]
    fn offsets_inside_characters_round_down() {
        let f = SourceFile::new("x.md", "é");
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(2), LineCol { line: 1, column: 2 });
    }
}
