//! Markdown to [`Document`]: the prose a reader reads, with exact spans, and
//! the references, footnotes and comments around it.
//!
//! comrak parses the file (GFM tables, footnotes, strikethrough, autolinks,
//! task lists; YAML `---` or TOML `+++` front matter). This module walks the
//! tree once, iteratively (a file may nest 100,000 levels deep), and builds
//! prose blocks: paragraphs, headings, list items, table cells, block quotes,
//! image alt text, the text of raw HTML blocks, and selected front-matter
//! values. Code, link destinations, HTML comments and tag attributes are not
//! prose. It does not split sentences or find claims.
//!
//! The types are `document`'s, the walk `read`'s; a long file is read a
//! section at a time by `sections`. This module chooses between the two.

use comrak::Options;

use crate::frontmatter;
use crate::source::SourceFile;

mod document;
mod read;
mod sections;

pub use document::*;

/// What claimlint hands comrak for a whole file: the Markdown after any
/// byte-order mark, and the options, with front matter on when the file
/// opens with it. Public for the parse-only benchmarks
/// (`benches/throughput.rs`, `examples/parse-only.rs`), so the floor they
/// measure is parsed exactly as [`parse`] parses.
#[doc(hidden)]
pub fn comrak_input(text: &str) -> (&str, Options<'static>) {
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let delimiter = frontmatter::locate(text, base).map(|l| l.2);
    (&text[base..], read::comrak_options(delimiter))
}

/// Parses a file into a [`Document`]: whole, or, when it is longer than
/// [`ParseOptions::section_bytes`], a section at a time (see
/// [`sections`]), which gives the same document without holding comrak's
/// tree of the whole file.
pub fn parse(file: &SourceFile, opts: &ParseOptions) -> Document {
    let text = file.text.as_str();
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let located = frontmatter::locate(text, base);
    if text.len() - base > opts.section_bytes
        && let Some(doc) = sections::parse(text, base, located.clone(), opts)
    {
        return doc;
    }
    let mut doc = Document::default();
    let part = read::Part {
        range: base..text.len(),
        front_matter: located.as_ref().map(|l| l.2),
        ..read::Part::default()
    };
    read::parse_part(text, &part, &mut doc);
    read::finish(text, located, opts, doc)
}
