//! Prose text extracted from a document, with an exact map back to the
//! source bytes it came from.
//!
//! Markdown, HTML and YAML all change text on the way to the reader: `&amp;`
//! becomes `&`, `\*` becomes `*`, a soft line break becomes a space, a folded
//! YAML scalar loses its indentation. Rules work on the reader's text; spans
//! must point into the file. [`ProseBuilder`] records, for every piece of text
//! it is given, which source bytes produced it, aligning decoded text against
//! its source slice character by character. This module knows nothing of
//! Markdown; callers hand it text and source ranges.

use std::ops::Range;

/// One run of prose text and the source bytes behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    /// Start of the run in the prose text.
    text: usize,
    /// Length of the run in the prose text.
    text_len: usize,
    /// Source byte range the run came from.
    src: usize,
    src_end: usize,
}

impl Seg {
    /// A run copied byte for byte: offsets inside it map one to one.
    fn exact(&self) -> bool {
        self.text_len == self.src_end - self.src
    }
}

/// Maps byte offsets of a prose string to byte offsets of the source.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    segs: Vec<Seg>,
}

impl OffsetMap {
    fn find(&self, text_off: usize) -> Option<&Seg> {
        let i = self
            .segs
            .partition_point(|s| s.text + s.text_len <= text_off);
        self.segs.get(i).or(self.segs.last())
    }

    /// Source offset where the prose character at `text_off` starts.
    pub fn start(&self, text_off: usize) -> usize {
        match self.find(text_off) {
            None => 0,
            Some(s) if s.exact() && text_off >= s.text => {
                s.src + (text_off - s.text).min(s.text_len)
            }
            Some(s) if text_off >= s.text + s.text_len => s.src_end,
            Some(s) => s.src,
        }
    }

    /// Source offset where the prose text ending (exclusively) at `text_end`
    /// ends.
    pub fn end(&self, text_end: usize) -> usize {
        if text_end == 0 {
            return self.segs.first().map_or(0, |s| s.src);
        }
        match self.find(text_end - 1) {
            None => 0,
            Some(s) if s.exact() && text_end >= s.text => {
                s.src + (text_end - s.text).min(s.text_len)
            }
            Some(s) => s.src_end,
        }
    }

    /// Source span of a prose range.
    pub fn span(&self, text: Range<usize>) -> Range<usize> {
        let start = self.start(text.start);
        let end = self.end(text.end).max(start);
        start..end
    }
}

/// Accumulates prose text and its [`OffsetMap`].
#[derive(Debug, Default, Clone)]
pub struct ProseBuilder {
    /// The prose text built so far.
    pub text: String,
    /// Its map back to the source.
    pub map: OffsetMap,
}

impl ProseBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    fn push_seg(&mut self, text_len: usize, src: usize, src_end: usize) {
        let seg = Seg {
            text: self.text.len() - text_len,
            text_len,
            src,
            src_end,
        };
        if let Some(last) = self.map.segs.last_mut() {
            // Merge adjacent exact runs so plain text costs one segment.
            if last.exact()
                && seg.exact()
                && last.text + last.text_len == seg.text
                && last.src_end == seg.src
            {
                last.text_len += seg.text_len;
                last.src_end = seg.src_end;
                return;
            }
        }
        self.map.segs.push(seg);
    }

    /// Appends text that appears verbatim in the source at `src`.
    pub fn push_exact(&mut self, s: &str, src: usize) {
        if s.is_empty() {
            return;
        }
        self.text.push_str(s);
        self.push_seg(s.len(), src, src + s.len());
    }

    /// Appends text that stands for the whole source range `src` (a soft
    /// break, an entity, a placeholder for code).
    pub fn push_synthetic(&mut self, s: &str, src: Range<usize>) {
        if s.is_empty() {
            return;
        }
        self.text.push_str(s);
        self.push_seg(s.len(), src.start, src.end.max(src.start));
    }

    /// Appends `decoded`, which came from `source[src]` after decoding
    /// (entities, escapes, folding). Each character is matched to the source
    /// bytes that produced it; characters that cannot be found map to the
    /// position reached so far, so spans stay in bounds and in order.
    pub fn push_aligned(&mut self, decoded: &str, source: &str, src: Range<usize>) {
        self.align(decoded, source, src, true);
    }

    /// Like [`ProseBuilder::push_aligned`], for text where a backslash is
    /// only a backslash (HTML): pairing it with the next one as an escape
    /// would map each character of a run to two source bytes, and the rest
    /// of the text out of reach.
    pub fn push_aligned_literal(&mut self, decoded: &str, source: &str, src: Range<usize>) {
        self.align(decoded, source, src, false);
    }

    fn align(&mut self, decoded: &str, source: &str, src: Range<usize>, escapes: bool) {
        let src = clamp_range(source, src);
        let slice = &source[src.clone()];
        if slice == decoded {
            self.push_exact(decoded, src.start);
            return;
        }
        let sb = slice.as_bytes();
        let mut j = 0usize;
        let mut buf = [0u8; 4];
        for (i, c) in decoded.char_indices() {
            let cs = c.encode_utf8(&mut buf);
            // An escape first: a decoded backslash came from two, and taking
            // only the first of them lets a run of escaped backslashes push
            // the rest of the text out of reach.
            let (from, to) = if escapes
                && c.is_ascii_punctuation()
                && sb.get(j) == Some(&b'\\')
                && slice[j + 1..].starts_with(&*cs)
            {
                (j, j + 1 + cs.len())
            } else if let Some(len) = entity_for_ampersand(c, &slice[j..], &decoded[i + cs.len()..])
            {
                // `&amp;` decodes to `&`: matching the `&` alone maps the
                // rest of the text into the entity's name.
                (j, j + len)
            } else if slice[j..].starts_with(&*cs) {
                (j, j + cs.len())
            } else if c == char::REPLACEMENT_CHARACTER && sb.get(j) == Some(&0) {
                // CommonMark replaces a NUL with U+FFFD: one byte in the
                // source, three in the text.
                (j, j + 1)
            } else if let Some(len) = (c != '&').then(|| reference_len(&slice[j..])).flatten() {
                // An entity the decoder replaced by this character.
                (j, j + len)
            } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
                // Folding and line joins: the space stands for whatever
                // whitespace (and indentation or quoting) comes next. Other
                // whitespace (a form feed, a no-break space) is never made
                // by folding: it is text, found like any character below.
                let rest = &slice[j..];
                let ws = rest.len() - rest.trim_start().len();
                (j, j + ws)
            } else {
                match within_reach(&slice[j..], c) {
                    Some(k) => (j + k, j + k + c.len_utf8()),
                    None => (j, j),
                }
            };
            self.text.push_str(cs);
            self.push_seg(cs.len(), src.start + from, src.start + to);
            j = to;
        }
    }

    /// The source position just past what is mapped so far (0 at first).
    pub fn src_end(&self) -> usize {
        self.map.segs.last().map_or(0, |s| s.src_end)
    }

    /// Length of the text so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether no text has been added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Consumes the builder.
    pub fn finish(mut self) -> (String, OffsetMap) {
        self.text.shrink_to_fit();
        self.map.segs.shrink_to_fit();
        (self.text, self.map)
    }
}

/// Where `c` next occurs in `rest`, past markup the decoder dropped
/// (quotes, indentation, `> ` prefixes, a YAML tag): at most 64 other
/// characters that are not whitespace, so a decoding we do not know cannot
/// drift far. Whitespace it dropped (HTML trims and collapses it, a YAML
/// tag is followed by it) can be any length, and does not count.
fn within_reach(rest: &str, c: char) -> Option<usize> {
    let mut skipped = 0;
    for (k, ch) in rest.char_indices() {
        if ch == c {
            return Some(k);
        }
        if !ch.is_whitespace() {
            skipped += 1;
            if skipped > 64 {
                return None;
            }
        }
    }
    None
}

/// The length of the entity at the start of `source` when the decoded `&`
/// came from one rather than from a literal `&`: the source holds a
/// well-formed reference (`&name;`, `&#38;`, `&#x26;`) and the decoded text
/// after the `&` does not go on with that reference's own characters
/// (`&foo;` that no decoder knows stays in the text as written).
fn entity_for_ampersand(c: char, source: &str, decoded_rest: &str) -> Option<usize> {
    if c != '&' {
        return None;
    }
    let len = reference_len(source)?;
    (!decoded_rest.starts_with(&source[1..len])).then_some(len)
}

/// The length of the character reference (`&name;`, `&#38;`, `&#x26;`) at
/// the start of `source`, if one is there. A lone `&` (a YAML anchor, "R&D")
/// is no reference: taking it for one pinned every character after it to
/// the `&`.
fn reference_len(source: &str) -> Option<usize> {
    let body = source.strip_prefix('&')?;
    let name = body
        .bytes()
        .take(40)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    (name > 0 && body.as_bytes().get(name) == Some(&b';')).then_some(name + 2)
}

/// Clamps a range to `s` and moves its ends to character boundaries.
pub fn clamp_range(s: &str, r: Range<usize>) -> Range<usize> {
    let start = crate::source::floor_char_boundary(s, r.start.min(s.len()));
    let end = crate::source::ceil_char_boundary(s, r.end.min(s.len())).max(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str, decoded: &str, word: &str, expect: &str) {
        let mut b = ProseBuilder::new();
        b.push_aligned(decoded, src, 0..src.len());
        let (text, map) = b.finish();
        let i = text.find(word).unwrap();
        let span = map.span(i..i + word.len());
        assert_eq!(&src[span], expect);
    }

    #[test]
    fn exact_text_maps_one_to_one() {
        check("boosts collagen", "boosts collagen", "collagen", "collagen");
    }

    #[test]
    fn entities_and_escapes_map_to_their_source() {
        check("A &amp; B \\* c", "A & B * c", "& B *", "&amp; B \\*");
        check("caf&eacute; glow", "café glow", "glow", "glow");
        // An `&` that came from `&amp;` is not the entity's own `&`: the
        // text after it is found after the entity, not in its name.
        check("R&amp; map", "R& map", "map", "map");
        // A NUL is read as U+FFFD.
        check(
            "a\0\0 b\0 boosts",
            "a\u{fffd}\u{fffd} b\u{fffd} boosts",
            "boosts",
            "boosts",
        );
        // A lone `&` (a YAML anchor) is no entity: the text after it is
        // still found.
        check(
            "&a Our peel smooths",
            "Our peel smooths",
            "smooths",
            "smooths",
        );
        // An unknown reference stays as written.
        check("R&foo; clears", "R&foo; clears", "clears", "clears");
    }

    #[test]
    fn folded_yaml_maps_across_lines() {
        let src = "  deep hydration and\n  a radiant glow";
        check(
            src,
            "deep hydration and a radiant glow",
            "and a radiant",
            "and\n  a radiant",
        );
    }

    #[test]
    fn unknown_decoding_stays_in_bounds() {
        let src = "\\u00e9t\\u00e9";
        let mut b = ProseBuilder::new();
        b.push_aligned("été", src, 0..src.len());
        let (text, map) = b.finish();
        let span = map.span(0..text.len());
        assert!(span.end <= src.len() && src.is_char_boundary(span.start));
    }

    #[test]
    fn synthetic_text_covers_its_range() {
        let mut b = ProseBuilder::new();
        b.push_exact("one", 0);
        b.push_synthetic(" ", 3..5);
        b.push_exact("two", 5);
        let (text, map) = b.finish();
        assert_eq!(text, "one two");
        assert_eq!(map.span(0..7), 0..8);
        assert_eq!(map.span(4..7), 5..8);
    }
}
