//! A small, forgiving HTML tokenizer for raw HTML in Markdown.
//!
//! Markdown pages converted from CMS templates carry whole sections as raw
//! HTML, and `<p>Exosomes boost collagen.</p>` is prose to a reader. This
//! module splits a source range into text, tags and comments, with byte
//! ranges, so the Markdown layer can read the text and the tag structure. It
//! does not build a DOM, decode entities or decide what is prose; it never
//! fails: anything that does not look like a tag is text.

use std::ops::Range;

/// One piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Character data (entities not yet decoded).
    Text(Range<usize>),
    /// A start or end tag.
    Tag(Tag),
    /// `<!-- … -->`; `inner` excludes the delimiters.
    Comment {
        /// The whole comment.
        span: Range<usize>,
        /// Its content, without the delimiters.
        inner: Range<usize>,
    },
}

/// A start or end tag with its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lowercased tag name.
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    /// The whole tag.
    pub span: Range<usize>,
    /// Attributes: lowercased name, and the value's source range.
    pub attrs: Vec<(String, Range<usize>)>,
}

impl Tag {
    /// Source range of an attribute's value.
    pub fn attr(&self, name: &str) -> Option<Range<usize>> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
    }

    /// Whether the tag ends or starts a block of text for a reader.
    pub fn is_block(&self) -> bool {
        BLOCK_TAGS.contains(&self.name.as_str())
    }
}

/// Tags that separate runs of text into separate blocks (and so sentences).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "button",
    "option",
    "label",
];

/// Elements whose content is never prose.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "template", "code", "pre", "svg",
];

/// Splits `src[range]` into tokens. Content of `<script>`, `<style>`,
/// `<code>`, `<pre>` and similar is dropped.
pub fn tokenize(src: &str, range: Range<usize>) -> Vec<Token> {
    let bytes = src.as_bytes();
    let end = range.end.min(src.len());
    let mut out = Vec::new();
    let mut i = range.start;
    let mut text_start = i;
    while i < end {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let parsed = if src[i..end].starts_with("<!--") {
            let close = src[i + 4..end].find("-->").map(|k| i + 4 + k);
            let (inner_end, span_end) = match close {
                Some(c) => (c, c + 3),
                None => (end, end),
            };
            Some((
                Token::Comment {
                    span: i..span_end,
                    inner: i + 4..inner_end,
                },
                span_end,
            ))
        } else if src[i..end].starts_with("<!") || src[i..end].starts_with("<?") {
            // Doctype, CDATA, processing instruction: skip to '>'.
            let e = src[i..end].find('>').map_or(end, |k| i + k + 1);
            Some((
                Token::Tag(Tag {
                    name: "!".into(),
                    closing: false,
                    span: i..e,
                    attrs: vec![],
                }),
                e,
            ))
        } else {
            parse_tag(src, i, end).map(|(tag, e)| (Token::Tag(tag), e))
        };
        let Some((tok, next)) = parsed else {
            i += 1;
            continue;
        };
        if text_start < i {
            out.push(Token::Text(text_start..i));
        }
        let raw = match &tok {
            Token::Tag(t) if !t.closing && RAW_TEXT.contains(&t.name.as_str()) => {
                Some(t.name.clone())
            }
            _ => None,
        };
        out.push(tok);
        i = next;
        if let Some(name) = raw {
            // Skip to the matching end tag (case-insensitive).
            let close = format!("</{name}");
            match find_ascii_ci(&src.as_bytes()[i..end], close.as_bytes()) {
                Some(k) => {
                    let tag_start = i + k;
                    if let Some((t, e)) = parse_tag(src, tag_start, end) {
                        out.push(Token::Tag(t));
                        i = e;
                    } else {
                        i = end;
                    }
                }
                None => i = end,
            }
        }
        text_start = i;
    }
    if text_start < end {
        out.push(Token::Text(text_start..end));
    }
    out
}

/// Finds `needle` (ASCII, lowercase) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&k| hay[k..k + needle.len()].eq_ignore_ascii_case(needle))
}

/// Parses a tag starting at `start` (which holds `<`). Returns the tag and the
/// offset after it, or `None` when the text is not a tag.
fn parse_tag(src: &str, start: usize, end: usize) -> Option<(Tag, usize)> {
    let b = src.as_bytes();
    let mut i = start + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = src[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end {
            return None;
        }
        match b[i] {
            b'>' => {
                return Some((
                    Tag {
                        name,
                        closing,
                        span: start..i + 1,
                        attrs,
                    },
                    i + 1,
                ));
            }
            b'/' => {
                i += 1;
                continue;
            }
            b'<' => return None,
            _ => {}
        }
        let (attr, next) = parse_attr(src, i, end)?;
        attrs.push(attr);
        i = next;
    }
}

/// One attribute at `i` (`name`, `name=value`, `name="value"`): its
/// lower-case name and the value's range, and where parsing goes on.
fn parse_attr(src: &str, mut i: usize, end: usize) -> Option<((String, Range<usize>), usize)> {
    let b = src.as_bytes();
    let an_start = i;
    while i < end && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/' | b'<') {
        i += 1;
    }
    if i == an_start {
        return None;
    }
    let attr_name = src[an_start..i].to_ascii_lowercase();
    let mut j = i;
    while j < end && b[j].is_ascii_whitespace() {
        j += 1;
    }
    if j >= end || b[j] != b'=' {
        return Some(((attr_name, i..i), i));
    }
    j += 1;
    while j < end && b[j].is_ascii_whitespace() {
        j += 1;
    }
    if j >= end {
        return None;
    }
    let q = b[j];
    if q == b'"' || q == b'\'' {
        let vs = j + 1;
        let ve = src[vs..end].find(q as char).map(|k| vs + k)?;
        return Some(((attr_name, vs..ve), ve + 1));
    }
    let vs = j;
    while j < end && !b[j].is_ascii_whitespace() && b[j] != b'>' {
        j += 1;
    }
    Some(((attr_name, vs..j), j))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        tokenize(src, 0..src.len())
            .into_iter()
            .filter_map(|t| match t {
                Token::Text(r) => Some(&src[r]),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn strips_tags_and_keeps_text() {
        assert_eq!(
            texts("<p class=\"x\">Exosomes <b>boost</b> collagen.</p>"),
            vec!["Exosomes ", "boost", " collagen."]
        );
    }

    #[test]
    fn comments_and_scripts_are_not_text() {
        let src = "<!-- evidence: rct --><script>var a = '<p>';</script>ok";
        assert_eq!(texts(src), vec!["ok"]);
        let toks = tokenize(src, 0..src.len());
        assert!(
            matches!(&toks[0], Token::Comment { inner, .. } if &src[inner.clone()] == " evidence: rct ")
        );
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        assert_eq!(texts("a < b and c<3"), vec!["a < b and c<3"]);
    }

    #[test]
    fn attributes_have_value_ranges() {
        let src = "<a href='https://doi.org/10.1/x' title=t>x</a>";
        let toks = tokenize(src, 0..src.len());
        let Token::Tag(t) = &toks[0] else { panic!() };
        assert_eq!(&src[t.attr("href").unwrap()], "https://doi.org/10.1/x");
    }

    #[test]
    fn unterminated_comment_runs_to_end() {
        let src = "text <!-- open";
        let toks = tokenize(src, 0..src.len());
        assert_eq!(toks.len(), 2);
    }
}
