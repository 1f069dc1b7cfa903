//! The types a parse produces: a [`Document`] of prose [`Block`]s with
//! their references, footnotes and comments, and the [`ParseOptions`]
//! that say how to read a file.
//!
//! Owns the shapes. Does not own building them (`markdown::read`).

use std::collections::HashMap;
use std::ops::Range;

use crate::frontmatter::FrontMatter;
use crate::prose::OffsetMap;

/// Stands in the prose text for something that is not prose (inline code,
/// an image inside a sentence), so words on either side do not join.
pub const PLACEHOLDER: &str = "\u{FFFC}";

/// What kind of text a prose block holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph (possibly inside a list item or quote).
    Paragraph,
    /// A heading of the given level.
    Heading(u8),
    /// A GFM table cell.
    TableCell,
    /// The alt text of an image.
    ImageAlt,
    /// A front-matter value, with its dotted key.
    FrontMatter(String),
}

/// A run of prose: one paragraph, heading, cell, alt text or field.
#[derive(Debug, Clone)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The text a reader reads, markup removed.
    pub text: String,
    /// Map from `text` offsets to source bytes.
    pub map: OffsetMap,
    /// Source span of the block.
    pub span: Range<usize>,
    /// Inside a list item.
    pub in_list: bool,
    /// Inside a block quote.
    pub in_quote: bool,
    /// Came from raw HTML.
    pub from_html: bool,
    /// References found in the block, in order.
    pub refs: Vec<Ref>,
    /// Source of an image this alt text belongs to (for `ImageAlt`).
    pub image_src: Option<String>,
}

/// A reference inside a prose block.
#[derive(Debug, Clone)]
pub struct Ref {
    /// Offset in the block text where the reference sits.
    pub at: usize,
    /// Source span of the reference.
    pub span: Range<usize>,
    /// What it is.
    pub kind: RefKind,
}

/// The kinds of reference a claim can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// `[^label]` with a definition.
    Footnote(String),
    /// A link or autolink, with its destination.
    Link(String),
    /// An HTML comment, with its inner text.
    Comment(String),
}

/// A footnote definition.
#[derive(Debug, Clone)]
pub struct FootnoteDef {
    /// The label as written.
    pub label: String,
    /// Source span of the definition.
    pub span: Range<usize>,
    /// Its text, for recognising a study.
    pub text: String,
    /// Link destinations inside it.
    pub urls: Vec<String>,
}

/// An HTML comment anywhere in the file.
#[derive(Debug, Clone)]
pub struct Comment {
    /// The whole comment.
    pub span: Range<usize>,
    /// Between `<!--` and `-->`.
    pub inner: String,
    /// The comment is a block of its own (not inside a paragraph).
    pub standalone: bool,
}

/// A parsed file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Prose blocks in source order.
    pub blocks: Vec<Block>,
    /// Footnote definitions by lowercased label.
    pub footnotes: HashMap<String, FootnoteDef>,
    /// Every HTML comment.
    pub comments: Vec<Comment>,
    /// Front matter, when present.
    pub front_matter: Option<FrontMatter>,
    /// Headings' text in order (also among `blocks`), for structure rules.
    pub headings: Vec<(u8, String)>,
}

/// How to read a file.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Front-matter field names whose string values are prose, when only
    /// selected fields are read.
    pub front_matter_fields: Vec<String>,
    /// Read every front-matter string that reads as prose (the default),
    /// not only the selected fields.
    pub front_matter_prose: bool,
    /// Parse a file longer than this many bytes a section at a time
    /// (the same document, in bounded memory).
    pub section_bytes: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            front_matter_fields: default_front_matter_fields(),
            front_matter_prose: true,
            section_bytes: SECTION_BYTES,
        }
    }
}

/// From how many bytes a file is parsed in sections: none, for now. The
/// sectioned parse alone does not lower a large file's peak RSS (the later
/// stages still hold the whole page; see docs/design.md, "The sectioned
/// parse"), and its fuzz target still finds inputs it reads differently
/// from the whole file, so no user's file goes through it until both are
/// done; the tests and the fuzz target set a size. (4 MB was measured:
/// comrak's tree of a 4 MB section is about 85 MB.)
pub const SECTION_BYTES: usize = usize::MAX;

/// Front-matter fields read as prose when only selected fields are read,
/// unless configured otherwise.
pub fn default_front_matter_fields() -> Vec<String> {
    [
        "title",
        "subtitle",
        "description",
        "summary",
        "excerpt",
        "tagline",
        "faq",
        "takeaways",
        "highlights",
        "benefits",
    ]
    .map(String::from)
    .to_vec()
}
