//! Parsing a long file a section at a time, to the same [`Document`] a
//! whole-file parse gives: comrak's tree of a 100 MB file is twenty times
//! its size, a section's is bounded.
//!
//! Sections are cut only where comrak itself starts a top-level block
//! after a blank line. CommonMark reads blocks line by line, so whether a
//! line starts a new top-level block depends on the lines before it, never
//! on those after: a cut found by parsing a window of the file holds for
//! the whole file, and each section, parsed alone, reads its blocks as the
//! whole file does. What a section cannot see alone is page-wide: link
//! reference definitions (given to comrak through its broken-link
//! callback) and footnote definitions (stand-ins appended after the
//! section, so its references read as references; the definitions kept
//! are the sections' own). Where the page is ambiguous in a way a
//! section could read differently (a label defined twice, HTML inside a
//! footnote definition, a stand-in comrak did not read as one), this
//! gives up and the caller parses the whole file.
//!
//! Owns where sections are cut and what each is told of the page. Does
//! not own reading prose from comrak's tree (`markdown`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use comrak::nodes::NodeValue;
use comrak::options::{BrokenLinkCallback, BrokenLinkReference};
use comrak::{Arena, ResolvedReference};

use super::document::{BlockKind, Document, ParseOptions};
use super::read::{self, Part, comrak_options};
use crate::lazy_regex::LazyRegex;

/// A line that may define a link reference, and its label.
static LINK_DEF: LazyRegex = LazyRegex::new(
    r"(?m)^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*\[((?:[^\]\\\n^]|\\.)(?:[^\]\\\n]|\\.){0,998})\]:",
);

/// Where a section starts, and what its window must hold.
struct Window {
    /// The section's first byte.
    start: usize,
    /// The section ends at or after this (the front matter's end).
    after: usize,
    /// The front matter's delimiter, for the first section.
    delimiter: Option<&'static str>,
}

/// Labels of references comrak could not resolve: normalised, as written.
type Broken = Arc<Mutex<HashMap<String, String>>>;

/// One section: its range and its prose as first read.
struct Section {
    range: Range<usize>,
    doc: Document,
    /// Lowercased names of the footnotes it refers to.
    references: Vec<String>,
    /// References it could not resolve alone (or with the window it was
    /// read in).
    broken: HashMap<String, String>,
}

/// What is page-wide: each footnote definition's name and section.
#[derive(Default)]
struct Footnotes {
    by_label: HashMap<String, (String, usize)>,
    /// Labels defined more than once. comrak keeps every definition of
    /// such a label but the last in the page, referenced or not.
    twice: HashSet<String>,
    /// A label defined twice with names that differ (in case), or a
    /// definition holding raw HTML (whose comments a whole-file parse
    /// keeps only when it is referenced).
    ambiguous: bool,
}

/// Parses `text` (the Markdown from `base`, after any byte-order mark) in
/// sections of about `opts.section_bytes`; `None` when the page cannot be
/// read exactly that way and must be parsed whole.
pub(super) fn parse(
    text: &str,
    base: usize,
    located: Option<(Range<usize>, Range<usize>, &'static str)>,
    opts: &ParseOptions,
) -> Option<Document> {
    let delimiter = located.as_ref().map(|l| l.2);
    // Where comrak ends the front matter may be far from where claimlint
    // reads it (an empty block, a `...` close): then comrak's reading,
    // which depends on the whole file, cannot be had in sections.
    if let Some(l) = &located
        && comrak_front_matter_end(&text[base..], l.2) != Some(l.0.end - base)
    {
        return None;
    }
    let target = opts.section_bytes.max(1);
    let mut footnotes = Footnotes::default();
    let mut sections = Vec::new();
    let mut start = base;
    // The front matter is read with the first section, whole.
    let front_end = located.as_ref().map_or(base, |l| l.0.end);
    while start < text.len() {
        let first = delimiter.filter(|_| start == base);
        let at = Window {
            start,
            after: front_end.max(start),
            delimiter: first,
        };
        let section = read_next(text, at, sections.len(), target, &mut footnotes);
        start = section.range.end;
        sections.push(section);
    }
    if footnotes.ambiguous || sections.len() < 2 {
        return None;
    }
    let links = Arc::new(link_definitions(text, &sections, front_end)?);
    let mut doc = Document::default();
    let mut referenced = HashSet::new();
    for (i, mut section) in sections.into_iter().enumerate() {
        let (stubs, unresolved) = stubs(
            &text[section.range.clone()],
            i,
            &footnotes,
            &section.references,
        );
        if unresolved || section.broken.keys().any(|k| links.contains_key(k)) {
            let first = delimiter.filter(|_| i == 0);
            reread(text, &mut section, first, stubs, links.clone())?;
        }
        referenced.extend(section.references);
        doc.blocks.append(&mut section.doc.blocks);
        doc.comments.append(&mut section.doc.comments);
        doc.headings.append(&mut section.doc.headings);
        for (label, def) in section.doc.footnotes {
            doc.footnotes.entry(label).or_insert(def);
        }
    }
    doc.footnotes
        .retain(|k, _| referenced.contains(k) || footnotes.twice.contains(k));
    doc.blocks.shrink_to_fit();
    Some(read::finish(text, located, opts, doc))
}

/// Reads the section that starts at `start`: a window of `target` bytes
/// and an eighth more is parsed (doubled until it holds a top-level
/// block start, or reaching the file's end); the section ends at the last
/// block start within `target` bytes (else the first after), and what the
/// window read of the section is kept. The margin lets most references to
/// a footnote defined just past the cut resolve without parsing again.
fn read_next(
    text: &str,
    at: Window,
    index: usize,
    target: usize,
    footnotes: &mut Footnotes,
) -> Section {
    let start = at.start;
    let mut width = target.saturating_add(target / 8);
    loop {
        let end = line_end_after(text, start.saturating_add(width).max(at.after));
        let broken: Broken = Arc::default();
        let mut doc = Document::default();
        let tree = read::parse_part(
            text,
            &window_part(start..end, at.delimiter, &broken),
            &mut doc,
        );
        let at_end = end >= text.len();
        let starts: Vec<usize> = tree.starts.into_iter().filter(|&s| s >= at.after).collect();
        let within = starts.iter().rev().find(|&&s| s <= start + target);
        let cut = match within.or(starts.first()) {
            _ if at_end && text.len() - start <= target => text.len(),
            Some(&cut) => cut,
            None if at_end => text.len(),
            None => {
                width = width.saturating_mul(2);
                continue;
            }
        };
        keep_within(&mut doc, cut, cut == text.len());
        for (at, name, html) in tree.footnotes {
            if at < cut {
                record_footnote(footnotes, name, index, html);
            }
        }
        let broken = std::mem::take(&mut *broken.lock().unwrap_or_else(|e| e.into_inner()));
        return Section {
            range: start..cut,
            doc,
            references: references_before(tree.references, cut),
            broken,
        };
    }
}

/// A window to parse while cutting: the labels of references comrak
/// cannot resolve in it are noted in `broken`.
fn window_part(range: Range<usize>, delimiter: Option<&'static str>, broken: &Broken) -> Part {
    let noted = broken.clone();
    Part {
        range,
        front_matter: delimiter,
        tail: String::new(),
        links: Some(Arc::new(move |r: BrokenLinkReference<'_>| {
            let mut noted = noted.lock().unwrap_or_else(|e| e.into_inner());
            if !noted.contains_key(r.normalized) {
                noted.insert(r.normalized.to_string(), r.original.to_string());
            }
            None::<ResolvedReference>
        })),
    }
}

/// Parses a section again, alone, told the page's link definitions and
/// given stand-ins for the footnotes of other sections it refers to;
/// `None` when comrak did not read every stand-in as a definition (the
/// section ends inside a fenced block, say).
fn reread(
    text: &str,
    section: &mut Section,
    delimiter: Option<&'static str>,
    stubs: String,
    links: Arc<HashMap<String, ResolvedReference>>,
) -> Option<()> {
    let end = section.range.end;
    let wanted = stubs.matches("[^").count();
    let tail = if end == text.len() {
        // The last block of the file is closed by its end in the whole
        // file; stand-ins after it would close it otherwise.
        if wanted > 0 {
            return None;
        }
        String::new()
    } else {
        // A section ends with a blank line before a block start: what
        // follows it here starts a block too, as in the whole file, and
        // so closes the section's last block alike (an empty footnote
        // definition's end depends on it).
        stubs + "x\n"
    };
    let lookup: Arc<dyn BrokenLinkCallback> =
        Arc::new(move |r: BrokenLinkReference<'_>| links.get(r.normalized).cloned());
    let part = Part {
        range: section.range.clone(),
        front_matter: delimiter,
        tail,
        links: Some(lookup),
    };
    let mut doc = Document::default();
    let tree = read::parse_part(text, &part, &mut doc);
    if tree.footnotes.iter().filter(|f| f.0 >= end).count() != wanted {
        return None;
    }
    keep_within(&mut doc, end, end == text.len());
    section.doc = doc;
    section.references = references_before(tree.references, end);
    Some(())
}

/// The names of the references before `end`.
fn references_before(references: Vec<(usize, String)>, end: usize) -> Vec<String> {
    references
        .into_iter()
        .filter(|r| r.0 < end)
        .map(|r| r.1)
        .collect()
}

/// Drops what a parse read at or past `end` (the rest of a window, or
/// stand-ins), except, at the file's end (`last`), blocks that start
/// there (a table row's padding cells); the headings are those of the
/// blocks kept, in the order they were read.
fn keep_within(doc: &mut Document, end: usize, last: bool) {
    doc.blocks
        .retain(|b| b.span.start < end || (last && b.span.start == end));
    doc.comments.retain(|c| c.span.start < end);
    doc.footnotes.retain(|_, f| f.span.start < end);
    doc.headings = doc
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading(l) => Some((l, b.text.clone())),
            _ => None,
        })
        .collect();
}

/// Stand-ins for the footnote definitions of other sections that `section`
/// may refer to (`[^name]: x`, each before a blank line), and whether any
/// of them is one its window did not resolve (`resolved`), so that the
/// section must be parsed again.
fn stubs(
    section: &str,
    index: usize,
    footnotes: &Footnotes,
    resolved: &[String],
) -> (String, bool) {
    let mut out = String::new();
    let mut unresolved = false;
    let mut seen = HashSet::new();
    for label in footnote_labels(section) {
        let key = label.to_lowercase();
        if let Some((name, at)) = footnotes.by_label.get(&key)
            && *at != index
            && seen.insert(key.clone())
        {
            unresolved |= !resolved.contains(&key);
            out.push_str("[^");
            out.push_str(name);
            out.push_str("]: x\n\n");
        }
    }
    (out, unresolved)
}

/// What may be a footnote reference's label: the text after each `[^`
/// up to the next `]` (within 1,000 bytes, so that a page of unclosed
/// `[^` stays linear), without whitespace. Every `[^` is looked at, so
/// `[^.[^mice]` yields `.[^mice` and `mice`.
fn footnote_labels(section: &str) -> impl Iterator<Item = &str> {
    section.match_indices("[^").filter_map(|(at, _)| {
        let rest = &section[at + 2..];
        let end = rest.bytes().take(1000).position(|b| b == b']')?;
        let label = &rest[..end];
        (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
    })
}

/// Records a section's footnote definition.
fn record_footnote(footnotes: &mut Footnotes, name: String, section: usize, html: bool) {
    let key = name.to_lowercase();
    footnotes.ambiguous |= html;
    if let Some((old, _)) = footnotes.by_label.get(&key) {
        footnotes.ambiguous |= *old != name;
        footnotes.twice.insert(key.clone());
    }
    footnotes.by_label.insert(key, (name, section));
}

/// Where comrak (0.59, `split_off_front_matter`) ends the front matter of
/// `md`, which opens with `delimiter`: after the first line that is the
/// delimiter followed by CRLF anywhere in the file, else by LF, else the
/// delimiter at the file's end, and the line break after it; `None` when
/// comrak reads no front matter.
fn comrak_front_matter_end(md: &str, delimiter: &str) -> Option<usize> {
    let mut start = delimiter.len();
    start += if md.get(start..)?.starts_with('\n') {
        1
    } else if md[start..].starts_with("\r\n") {
        2
    } else {
        return None;
    };
    let close = |end: &str| md[start..].find(&format!("\n{delimiter}{end}"));
    start += close("\r\n")
        .or_else(|| close("\n"))
        .or_else(|| close(""))?
        + 1
        + delimiter.len();
    if start == md.len() {
        return Some(start);
    }
    // The line break after the closing delimiter is required (comrak
    // then also takes one blank line, which claimlint leaves to the body).
    if md[start..].starts_with('\n') {
        Some(start + 1)
    } else if md[start..].starts_with("\r\n") {
        Some(start + 2)
    } else {
        None
    }
}

/// The end of the line that holds byte `at` (its line break included), or
/// the file's end.
fn line_end_after(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    match text.as_bytes()[at..].iter().position(|&b| b == b'\n') {
        Some(k) => at + k + 1,
        None => text.len(),
    }
}

/// The page's link reference definitions that a section may need from
/// another: every label some section could not resolve, or that a line
/// reading `[label]:` may define, looked up in each section that has such
/// a line (after the front matter, which is not Markdown). `None` when a
/// label is defined in two sections differently.
fn link_definitions(
    text: &str,
    sections: &[Section],
    front_end: usize,
) -> Option<HashMap<String, ResolvedReference>> {
    let mut found: HashMap<String, ResolvedReference> = HashMap::new();
    let mut candidates: Vec<(&str, Vec<String>)> = Vec::new();
    for s in sections {
        let t = &text[s.range.start.max(front_end)..s.range.end.max(front_end)];
        let labels: Vec<String> = LINK_DEF
            .capture_iter(t, 1)
            .map(|(_, l)| t[l].to_string())
            .collect();
        if !labels.is_empty() {
            candidates.push((t, labels));
        }
    }
    if candidates.is_empty() {
        return Some(found);
    }
    let mut asked: Vec<String> = sections
        .iter()
        .flat_map(|s| s.broken.values().cloned())
        .collect();
    asked.extend(candidates.iter().flat_map(|(_, l)| l.iter().cloned()));
    asked.retain(|l| !l.starts_with('^'));
    asked.sort();
    asked.dedup();
    if asked.is_empty() {
        return Some(found);
    }
    for (t, _) in &candidates {
        for (label, resolved) in probe(t, &asked) {
            match found.get(&label) {
                Some(old) if old.url != resolved.url || old.title != resolved.title => {
                    return None;
                }
                Some(_) => {}
                None => {
                    found.insert(label, resolved);
                }
            }
        }
    }
    Some(found)
}

/// Which of `labels` `section` defines, and as what: each asked as a
/// paragraph of its own (`[label]`) put before the section's text. The
/// caller leaves out labels starting with `^` (footnote references).
fn probe(section: &str, labels: &[String]) -> Vec<(String, ResolvedReference)> {
    let mut input = String::new();
    for l in labels {
        input.push('[');
        input.push_str(&l.replace(['\n', '\r'], " "));
        input.push_str("]\n\n");
    }
    input.push_str(section);
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, &input, &comrak_options(None));
    let mut out = Vec::new();
    for (label, para) in labels.iter().zip(root.children()) {
        let Some(link) = para.first_child() else {
            continue;
        };
        if let NodeValue::Link(l) = &link.data.borrow().value {
            out.push((
                normalized(label),
                ResolvedReference {
                    url: l.url.clone(),
                    title: l.title.clone(),
                },
            ));
        }
    }
    out
}

/// A label as comrak normalises it to look it up: its runs of whitespace
/// one space, trimmed, case folded.
fn normalized(label: &str) -> String {
    let spaced = label.split_whitespace().collect::<Vec<_>>().join(" ");
    caseless::default_case_fold_str(&spaced)
}

#[cfg(test)]
mod tests {
    use super::super::{Document, ParseOptions, parse};
    use crate::source::SourceFile;

    /// A document as text, footnotes in label order, for comparing two.
    fn shown(doc: &Document) -> String {
        let mut notes: Vec<_> = doc.footnotes.iter().collect();
        notes.sort_by_key(|(k, _)| k.as_str());
        format!(
            "{:#?}\n{:#?}\n{:?}\n{:#?}\n{:#?}",
            doc.blocks, doc.comments, doc.headings, doc.front_matter, notes
        )
    }

    /// `text` parsed in sections of `bytes`, and whole.
    fn both(text: &str, bytes: usize) -> (String, String) {
        let file = SourceFile::new("t.md", text);
        let whole = parse(
            &file,
            &ParseOptions {
                section_bytes: usize::MAX,
                ..ParseOptions::default()
            },
        );
        let cut = parse(
            &file,
            &ParseOptions {
                section_bytes: bytes,
                ..ParseOptions::default()
            },
        );
        (shown(&cut), shown(&whole))
    }

    /// Whether `text` is read in sections of `bytes` rather than whole.
    fn in_sections(text: &str, bytes: usize) -> bool {
        let opts = ParseOptions {
            section_bytes: bytes,
            ..ParseOptions::default()
        };
        let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let located = crate::frontmatter::locate(text, base);
        super::parse(text, base, located, &opts).is_some()
    }

    #[test]
    fn every_fixture_parses_the_same_in_sections() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    files.push(p);
                }
            }
        }
        assert!(files.len() > 50, "fixtures found: {}", files.len());
        let (mut read, mut sectioned) = (0, 0);
        for p in files {
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            read += 1;
            sectioned += usize::from(in_sections(&text, 1));
            for bytes in [1, 40, 300] {
                let (cut, whole) = both(&text, bytes);
                assert!(cut == whole, "{} in sections of {bytes} bytes", p.display());
            }
        }
        // Not a test of the whole-file parse twice over.
        assert!(
            sectioned * 10 > read * 9,
            "{sectioned} of {read} read in sections"
        );
    }

    /// Pages whose parts depend on each other across every cut a section
    /// of one byte allows.
    const ACROSS: &[&str] = &[
        "Collagen rises.[^1] See [the trial][t].\n\nMore text.\n\n[^1]: Smith J. 2019.\n\n[t]: https://doi.org/10.1/x \"A trial\"\n",
        "[T]: /first\n\nUse [t] here.\n\n> quoted [T] and ![alt][t]\n\n- item [t]\n",
        "---\ntitle: Glow facial\n---\n\nIt firms skin.[^a]\n\n[^a]: Doe 2020.\n",
        "\u{feff}# Title\n\nText.\r\n\r\nMore.\rLast.\n",
        "- one\n\n- two\n\n  still two\n\nafter\n\n1. a\n\n2. b\n",
        "```\ncode\n\nmore code\n```\n\ntext\n\n~~~~\nunclosed\n\nfence [^n]\n",
        "<!-- a comment\n\nover a blank line -->\n\nPara.\n\n<div>\n\n*md*\n\n</div>\n",
        "Title\n=====\n\n| a | b |\n|---|---|\n| c | d |\n\ntext [^n] and [^m]\n\n[^n]: one\n\n[^m]: two [link][t]\n\n[t]: /u\n",
        "a [^x]\n\n[^x]: first\n\nb\n\n[^x]: second\n",
        "[^y]: never cited\n\ntext\n\n[^y]: again\n\nmore [^w]\n\n[^w]: one\n\n[^w]: two\n",
        "a [q]\n\n[q]: /one\n\nb [q]\n\n[q]: /two\n",
        "    indented code\n\n    more\n\nplain\n\n> quote\n>\n> more\n\nlazy\n",
        "Refs only in a footnote.[^a]\n\n[^a]: See [^b].\n\n[^b]: Nested.\n\nUnused.\n\n[^c]: Never cited.\n",
        "text <!-- evidence: rct doi:10.1/x -->\n\n<!-- claimlint-disable -->\n\nmore\n",
        "unclosed [^z]\n\n```\nfence to the end\n\n[^z]: inside\n",
        "[^z]: defined first\n\nthen cited [^z]\n\n```\nfence to the end\n",
        "Intro.\n\n| a | b |\n| --- | --- |\nt",
        "Intro.\n\n\u{feff}---\ntitle: not front matter\n\nEnd.\n",
        "Cited [^.[^mice] here.\n\nMore.\n\n[^mice]: In mice, 2016.\n",
        "---\n---\ntitle: x\n\n# Heading\n\n---\n\nBody.\n\nMore.\n",
        "Cited [^e] and [t].\n\n[^e]: \n\nV\n\n[^e]: \n\n[t]: /u\n",
        "---\ntitle: x\n\n[t]: /in-front-matter\n---\n\nText.\n\nCites [t].\n",
    ];

    #[test]
    fn pages_that_refer_across_sections_parse_the_same() {
        for (i, text) in ACROSS.iter().enumerate() {
            // A link defined twice, differently, and front matter comrak
            // reads otherwise than claimlint: read whole.
            assert_eq!(in_sections(text, 1), i != 10 && i != 19, "{text:?}");
            for bytes in [1, 8, 20] {
                let (cut, whole) = both(text, bytes);
                assert!(
                    cut == whole,
                    "{text:?} in sections of {bytes} bytes:\n{cut}\n---\n{whole}"
                );
            }
        }
    }
}
