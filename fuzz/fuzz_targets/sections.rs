//! Fuzz target for the sectioned parse: bytes → text, parsed whole and in
//! sections as small as the input's length allows (1 to 64 bytes, from
//! its first byte), must give the same document. A file that cannot be
//! read exactly in sections is parsed whole by `markdown::parse`, so
//! this finds cuts or page-wide facts the sectioned parse gets wrong.

#![no_main]

use claimlint::markdown::{Document, ParseOptions, parse};
use claimlint::source::SourceFile;
use libfuzzer_sys::fuzz_target;

/// A document as text, footnotes in label order.
fn shown(doc: &Document) -> String {
    let mut notes: Vec<_> = doc.footnotes.iter().collect();
    notes.sort_by_key(|(k, _)| k.as_str());
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        doc.blocks, doc.comments, doc.headings, doc.front_matter, notes
    )
}

fuzz_target!(|data: &[u8]| {
    let Some(&first) = data.first() else { return };
    let text = String::from_utf8_lossy(data);
    let file = SourceFile::new("f.md", text.as_ref());
    let opts = |section_bytes| ParseOptions {
        section_bytes,
        ..ParseOptions::default()
    };
    let whole = shown(&parse(&file, &opts(usize::MAX)));
    let cut = shown(&parse(&file, &opts(usize::from(first % 64) + 1)));
    assert!(whole == cut, "sectioned parse differs:\n{cut}\n---\n{whole}");
});
