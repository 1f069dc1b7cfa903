//! Reading one part of a file (the whole file, or a section of a long one)
//! with comrak into prose blocks: the walk over comrak's tree, the text of
//! inline containers and raw HTML blocks with their maps back to the
//! source, references, footnotes and comments, and the front-matter
//! fields put first.
//!
//! Owns turning comrak's tree into a [`Document`]'s parts. Does not own
//! where a long file is cut (`markdown::sections`) or the types it builds
//! (`markdown::document`).

use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};

use super::document::{
    Block, BlockKind, Comment, Document, FootnoteDef, PLACEHOLDER, ParseOptions, Ref, RefKind,
};
use crate::frontmatter;
use crate::html::{self, Token};
use crate::prose::ProseBuilder;

pub(super) fn comrak_options(front_matter: Option<&str>) -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.footnotes = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.front_matter_delimiter = front_matter.map(str::to_string);
    o
}

/// Context inherited from container blocks.
#[derive(Clone, Copy, Default)]
struct Ctx {
    in_list: bool,
    in_quote: bool,
    in_footnote: bool,
}

/// What of the file one comrak parse reads, and what it is told of the
/// rest of the page.
#[derive(Default)]
pub(super) struct Part {
    /// The bytes parsed.
    pub(super) range: Range<usize>,
    /// The front matter's delimiter, when the part opens with it.
    pub(super) front_matter: Option<&'static str>,
    /// Text appended after the part and read with it, of which nothing
    /// is kept: stand-ins for footnote definitions of other parts (so
    /// that comrak reads the references as references) and a block that
    /// closes the part's last block as the rest of the file does.
    pub(super) tail: String,
    /// For a section of a long file: what comrak is to do with a
    /// reference it cannot resolve (look it up among the page's link
    /// definitions, or note it).
    pub(super) links: Option<std::sync::Arc<dyn comrak::options::BrokenLinkCallback>>,
}

/// What a section's tree says beyond its prose (see [`sections`]).
#[derive(Default)]
pub(super) struct PartTree {
    /// Where, after a blank line, a top-level block starts on a line the
    /// part holds whole (not its last, unless it ends the file).
    pub(super) starts: Vec<usize>,
    /// Footnote definitions: where each starts, its name, and whether it
    /// holds raw HTML.
    pub(super) footnotes: Vec<(usize, String, bool)>,
    /// Footnote references: where each is, and its lowercased name.
    pub(super) references: Vec<(usize, String)>,
}

/// Parses one part of the file with comrak and reads its prose into `doc`
/// (whose blocks, comments and footnotes this adds to). For a section
/// of a long file (a part with `links`), also reads its tree's structure.
pub(super) fn parse_part(text: &str, part: &Part, doc: &mut Document) -> PartTree {
    let arena = Arena::new();
    let mut options = comrak_options(part.front_matter);
    let input: std::borrow::Cow<'_, str> = if part.tail.is_empty() {
        text[part.range.clone()].into()
    } else {
        format!("{}{}", &text[part.range.clone()], part.tail).into()
    };
    if let Some(links) = part.links.clone() {
        options.parse.leave_footnote_definitions = true;
        options.parse.broken_link_callback = Some(links);
    }
    let root = comrak::parse_document(&arena, &input, &options);
    let walker = Walker {
        text,
        md_lines: commonmark_line_starts(&input),
        base: part.range.start,
    };
    let mut w = WalkState {
        doc,
        walker: &walker,
    };
    w.walk(root);
    if part.links.is_none() {
        return PartTree::default();
    }
    tree(text, part.range.clone(), root, &walker.md_lines)
}

/// What a section's tree says beyond its prose; `range` is the part
/// parsed, `lines` where comrak's lines start in it.
fn tree<'a>(text: &str, range: Range<usize>, root: &'a AstNode<'a>, lines: &[usize]) -> PartTree {
    let offset = |line: usize| lines.get(line.wrapping_sub(1)).map(|&l| range.start + l);
    let mut out = PartTree::default();
    for c in root.children() {
        let line = c.data.borrow().sourcepos.start.line;
        let whole = line < lines.len() || range.end == text.len();
        let blank_before = line >= 2
            && offset(line - 1)
                .zip(offset(line))
                .and_then(|(a, b)| text.get(a..b))
                .is_some_and(|t| t.trim_matches([' ', '\t', '\r', '\n']).is_empty());
        // comrak drops a byte-order mark that starts its input: a
        // section must not start with one the whole file reads.
        if let (true, true, Some(at)) = (whole, blank_before, offset(line))
            && !text[at..].starts_with('\u{feff}')
        {
            out.starts.push(at);
        }
    }
    for node in root.descendants() {
        let data = node.data.borrow();
        let at = offset(data.sourcepos.start.line).unwrap_or(usize::MAX);
        match &data.value {
            NodeValue::FootnoteDefinition(f) => {
                let html = node
                    .descendants()
                    .any(|d| matches!(d.data.borrow().value, NodeValue::HtmlBlock(_)));
                out.footnotes.push((at, f.name.clone(), html));
            }
            NodeValue::FootnoteReference(f) => out.references.push((at, f.name.to_lowercase())),
            _ => {}
        }
    }
    out
}

/// The front-matter fields first among the blocks, blocks and comments in
/// source order, and comments standing after a block attached to it.
pub(super) fn finish(
    text: &str,
    located: Option<(Range<usize>, Range<usize>, &'static str)>,
    opts: &ParseOptions,
    mut doc: Document,
) -> Document {
    if let Some((span, content, delim)) = located {
        doc.front_matter = Some(frontmatter::parse(
            text,
            span,
            content,
            delim,
            frontmatter::Selection {
                prose: opts.front_matter_prose,
                fields: &opts.front_matter_fields,
            },
        ));
    }
    if let Some(fm) = &doc.front_matter {
        let mut fm_blocks: Vec<Block> = fm
            .fields
            .iter()
            .map(|f| Block {
                kind: BlockKind::FrontMatter(f.key.clone()),
                text: f.text.clone(),
                map: f.map.clone(),
                span: f.span.clone(),
                in_list: false,
                in_quote: false,
                from_html: false,
                refs: vec![],
                image_src: None,
            })
            .collect();
        fm_blocks.append(&mut doc.blocks);
        doc.blocks = fm_blocks;
    }
    doc.blocks.sort_by_key(|b| b.span.start);
    doc.comments.sort_by_key(|c| c.span.start);
    attach_trailing_comments(&mut doc, text);
    doc
}

/// Byte offsets where comrak's lines start. CommonMark ends a line at
/// `\n`, `\r\n` or a lone `\r`, and comrak numbers lines that way; counting
/// only `\n` here put every span after a lone `\r` at the end of the file.
fn commonmark_line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            out.push(i + 1);
        }
    }
    out
}

/// A standalone comment right after a block (only whitespace between)
/// belongs to that block's last sentence: `<!-- evidence: … -->` on the line
/// after a claim backs it.
fn attach_trailing_comments(doc: &mut Document, text: &str) {
    for c in doc.comments.iter().filter(|c| c.standalone) {
        let i = doc.blocks.partition_point(|b| b.span.end <= c.span.start);
        let Some(i) = i.checked_sub(1) else { continue };
        let b = &mut doc.blocks[i];
        let gap = text.get(b.span.end..c.span.start).unwrap_or("x");
        if gap.trim().is_empty() && !matches!(b.kind, BlockKind::FrontMatter(_)) {
            b.refs.push(Ref {
                at: b.text.len(),
                span: c.span.clone(),
                kind: RefKind::Comment(c.inner.clone()),
            });
        }
    }
}

/// The source range of a text node whose reported position is off: comrak
/// numbers a paragraph's inlines from its first line, and the correction
/// for stripped link reference definitions cannot see a lazy continuation
/// line's missing `> ` prefix or the columns of indented lines.
///
/// A text is kept at `r` when the source there reads as the text (verbatim,
/// or through escapes and entities, checked on its first characters).
/// Otherwise it is looked for verbatim in the block, in the 4 KB after what
/// is already mapped (a bound, so many misplaced nodes in a long block stay
/// linear), then for the first place there that reads as it through
/// escapes and entities; failing both, `r` stands. Whether the text's first
/// characters are merely *near* `r` is not enough: a repeated word placed a
/// line early then matched the wrong line, and an escape nearby hid a
/// one-column shift.
fn relocate(
    text: &str,
    literal: &str,
    r: Range<usize>,
    block: &Range<usize>,
    after: usize,
) -> Range<usize> {
    if literal.is_empty() {
        return r;
    }
    // comrak can place a text a byte into a run of backslashes (after
    // inline HTML, for one). Escapes pair from the start of the run, so a
    // text never starts inside one: start at the run's first backslash,
    // never before what is already mapped.
    let floor = after.max(block.start);
    let mut start = r.start.min(text.len());
    while start > floor && text.as_bytes()[start - 1] == b'\\' {
        start -= 1;
    }
    let r = start..r.end.max(start);
    // Where comrak points, unless that is before what is already mapped:
    // texts come in reading order, and an earlier character that happens
    // to read the same (the `)` closing a multi-line image destination)
    // would place this one behind its own sentence.
    if r.start >= floor && reads_as_n(text.get(r.start..).unwrap_or(""), literal, 256) {
        return r;
    }
    let from = crate::prose::clamp_range(text, floor..block.end.min(floor + literal.len() + 4096));
    let window = &text[from.clone()];
    if let Some(k) = window.find(literal) {
        return from.start + k..from.start + k + literal.len();
    }
    // The first place, after what is mapped, that reads as the text
    // through its escapes and entities.
    let at = (0..window.len())
        .filter(|&k| window.is_char_boundary(k))
        .find(|&k| reads_as(&window[k..], literal));
    match at {
        Some(k) => {
            let at = from.start + k;
            // Escapes and entities make the source longer than the text.
            at..block.end.min(at + 2 * literal.len() + 16).max(at)
        }
        None => r,
    }
}

/// Whether `source` begins with what decodes to the first characters of
/// `literal`: the same characters, a backslash escape of one, or an
/// entity standing for one.
fn reads_as(source: &str, literal: &str) -> bool {
    reads_as_n(source, literal, 16)
}

/// [`reads_as`] on the first `n` characters of `literal`: where comrak
/// points is checked on more of the text than a scan for it is, since a
/// run of one repeated character (`}}}}…`) reads the same a column off.
///
/// An `&` in the source may be itself or the start of an entity, so every
/// reading is followed at once (the set of source positions reached):
/// taking the first that fits mistook `&&amp;` for two `&` and one more
/// that did not fit, and placed the text further on.
fn reads_as_n(source: &str, literal: &str, n: usize) -> bool {
    let head = literal
        .char_indices()
        .nth(n)
        .map_or(literal, |(k, _)| &literal[..k]);
    if source.starts_with(head) {
        return true;
    }
    let (mut at, mut next) = (vec![0usize], Vec::new());
    for c in head.chars() {
        next.clear();
        for &s in &at {
            read_one(&source[s..], c, |len| next.push(s + len));
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return false;
        }
        std::mem::swap(&mut at, &mut next);
    }
    true
}

/// Each length of the start of `source` that reads as `c`: the character
/// itself, a backslash escape of it, or an entity (up to its `;`, a short
/// way on) that may stand for it.
fn read_one(source: &str, c: char, mut found: impl FnMut(usize)) {
    let mut chars = source.chars();
    let Some(first) = chars.next() else { return };
    if first == '\\' {
        // A backslash before punctuation is an escape: it reads as the
        // punctuation (`\\` as one backslash), never as itself.
        if let Some(p) = chars.clone().next().filter(char::is_ascii_punctuation) {
            if p == c {
                found(1 + p.len_utf8());
            }
            return;
        }
    }
    if first == c {
        found(first.len_utf8());
    }
    let semicolon = || source[1..].char_indices().take(40).find(|&(_, e)| e == ';');
    if let Some((k, _)) = (first == '&').then(semicolon).flatten() {
        found(1 + k + 1);
    }
}

struct Walker<'t> {
    text: &'t str,
    md_lines: Vec<usize>,
    base: usize,
}

impl Walker<'_> {
    /// Byte offset of a comrak line/column (1-based, byte columns).
    fn offset(&self, line: usize, col: usize) -> Option<usize> {
        let start = *self.md_lines.get(line.checked_sub(1)?)?;
        Some(self.base + start + col.checked_sub(1)?)
    }

    /// Source byte range of a node (comrak's end column is inclusive).
    fn range(&self, node: &AstNode<'_>) -> Range<usize> {
        self.range_shifted(node, 0)
    }

    /// Like [`Walker::range`], for a node whose reported lines are `shift`
    /// lines early (see [`Walker::inline_line_shift`]).
    fn range_shifted(&self, node: &AstNode<'_>, shift: usize) -> Range<usize> {
        let sp = node.data.borrow().sourcepos;
        let start = self.offset(sp.start.line + shift, sp.start.column);
        let end = self.offset(sp.end.line + shift, sp.end.column + 1);
        match (start, end) {
            (Some(s), Some(e)) if s <= e => crate::prose::clamp_range(self.text, s..e),
            (Some(s), _) => crate::prose::clamp_range(self.text, s..s),
            _ => self.text.len()..self.text.len(),
        }
    }

    /// How many lines early comrak reports the inlines of a paragraph or
    /// setext heading. comrak strips link reference definitions from the
    /// start of a paragraph (`[ref]: /url` directly above text) but numbers
    /// the remaining inline lines from the paragraph's first line, so every
    /// inline position is off by the lines the definitions took. That count
    /// is the gap between the last line of text and the last inline's line.
    /// (Columns are still off when a later line is a lazy continuation of a
    /// quote or list item, which has a shorter prefix; that is rare enough
    /// to leave to the aligner.)
    fn inline_line_shift<'a>(&self, node: &'a AstNode<'a>) -> usize {
        let (sp, setext) = {
            let data = node.data.borrow();
            let setext = matches!(&data.value, NodeValue::Heading(h) if h.setext);
            (data.sourcepos, setext)
        };
        let starts_with_bracket = self
            .offset(sp.start.line, sp.start.column)
            .and_then(|o| self.text.as_bytes().get(o))
            .is_some_and(|&b| b == b'[');
        if !starts_with_bracket {
            return 0;
        }
        let last_text_line = if setext {
            sp.end.line.saturating_sub(1)
        } else {
            sp.end.line
        };
        let last_inline_line = node
            .descendants()
            .skip(1)
            .map(|d| d.data.borrow().sourcepos.end.line)
            .max();
        match last_inline_line {
            Some(l) if l > 0 && l < last_text_line => last_text_line - l,
            _ => 0,
        }
    }
}

struct WalkState<'d, 'w, 't> {
    doc: &'d mut Document,
    walker: &'w Walker<'t>,
}

impl<'a> WalkState<'_, '_, '_> {
    fn walk(&mut self, root: &'a AstNode<'a>) {
        let mut stack: Vec<(&'a AstNode<'a>, Ctx)> = vec![(root, Ctx::default())];
        while let Some((node, ctx)) = stack.pop() {
            let value = node.data.borrow().value.clone_shallow();
            let mut child_ctx = ctx;
            let mut descend = true;
            match value {
                Shallow::Paragraph | Shallow::TableCell | Shallow::Heading(_) => {
                    descend = false;
                    if !ctx.in_footnote {
                        let kind = match value {
                            Shallow::Heading(l) => BlockKind::Heading(l),
                            Shallow::TableCell => BlockKind::TableCell,
                            _ => BlockKind::Paragraph,
                        };
                        self.inline_block(node, kind, ctx);
                    }
                }
                Shallow::Item => child_ctx.in_list = true,
                Shallow::BlockQuote => child_ctx.in_quote = true,
                Shallow::FootnoteDefinition(label) => {
                    child_ctx.in_footnote = true;
                    self.footnote_def(node, label);
                }
                Shallow::HtmlBlock => {
                    descend = false;
                    let range = self.walker.range(node);
                    self.html_block(range, ctx);
                }
                Shallow::Skip => descend = false,
                Shallow::Other => {}
            }
            if descend {
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, child_ctx));
                }
            }
        }
    }

    fn footnote_def(&mut self, node: &'a AstNode<'a>, label: String) {
        let span = self.walker.range(node);
        let mut text = String::new();
        let mut urls = Vec::new();
        for d in node.descendants() {
            match &d.data.borrow().value {
                NodeValue::Text(t) => text.push_str(t),
                NodeValue::Code(c) => text.push_str(&c.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
                NodeValue::Link(l) => urls.push(l.url.clone()),
                NodeValue::HtmlInline(h) => text.push_str(h),
                _ => {}
            }
        }
        let def = FootnoteDef {
            label: label.clone(),
            span,
            text,
            urls,
        };
        self.doc
            .footnotes
            .entry(label.to_lowercase())
            .or_insert(def);
    }

    /// Builds a prose block from an inline container.
    fn inline_block(&mut self, node: &'a AstNode<'a>, kind: BlockKind, ctx: Ctx) {
        let span = self.walker.range(node);
        let mut inl = Inlines {
            walker: self.walker,
            span: span.clone(),
            shift: self.walker.inline_line_shift(node),
            ctx,
            b: ProseBuilder::new(),
            refs: Vec::new(),
            alts: Vec::new(),
            comments: Vec::new(),
            text_end: span.start,
        };
        // Explicit stack: emphasis can nest thousands deep.
        let mut stack: Vec<&'a AstNode<'a>> = node.children().collect();
        stack.reverse();
        while let Some(n) = stack.pop() {
            if inl.node(n) {
                let kids: Vec<_> = n.children().collect();
                stack.extend(kids.into_iter().rev());
            }
        }
        let (t, map) = inl.b.finish();
        if let BlockKind::Heading(level) = kind {
            self.doc.headings.push((level, t.clone()));
        }
        self.doc.comments.extend(inl.comments);
        self.doc.blocks.push(Block {
            kind,
            text: t,
            map,
            span,
            in_list: ctx.in_list,
            in_quote: ctx.in_quote,
            from_html: false,
            refs: inl.refs,
            image_src: None,
        });
        self.doc.blocks.extend(inl.alts);
    }

    /// Reads the text of a raw HTML block, split into blocks at block tags.
    fn html_block(&mut self, range: Range<usize>, ctx: Ctx) {
        let text = self.walker.text;
        let tokens = html::tokenize(text, range.clone());
        let only_comments = tokens.iter().all(|t| match t {
            Token::Comment { .. } => true,
            Token::Text(r) => text[r.clone()].trim().is_empty(),
            _ => false,
        });
        let mut cur = HtmlBlockBuilder::new(ctx);
        let mut li_depth = 0usize;
        for tok in tokens {
            match tok {
                Token::Text(r) => {
                    let raw = &text[r.clone()];
                    let decoded = html_escape::decode_html_entities(raw);
                    // Collapse the block's layout whitespace to single spaces.
                    cur.push_text(&decoded, text, r);
                }
                Token::Comment { span, inner } => {
                    let inner_s = text[inner].to_string();
                    if !only_comments {
                        cur.refs.push(Ref {
                            at: cur.b.len(),
                            span: span.clone(),
                            kind: RefKind::Comment(inner_s.clone()),
                        });
                    }
                    self.doc.comments.push(Comment {
                        span,
                        inner: inner_s,
                        standalone: only_comments,
                    });
                }
                Token::Tag(tag) => self.html_tag(&tag, ctx, &mut cur, &mut li_depth),
            }
        }
        self.push_html(cur);
    }

    /// A tag in an HTML block: an image's alt text, a link, or a block tag
    /// that ends the current block (and may start a heading or list item).
    fn html_tag(
        &mut self,
        tag: &html::Tag,
        ctx: Ctx,
        cur: &mut HtmlBlockBuilder,
        li_depth: &mut usize,
    ) {
        let text = self.walker.text;
        if tag.name == "img" {
            if let Some(block) = img_alt_block(text, tag, ctx) {
                self.doc.blocks.push(block);
            }
            cur.push_placeholder(tag.span.clone());
            return;
        }
        if tag.name == "a"
            && !tag.closing
            && let Some(h) = tag.attr("href")
        {
            cur.refs.push(Ref {
                at: cur.b.len(),
                span: tag.span.clone(),
                kind: RefKind::Link(text[h].to_string()),
            });
        }
        if !tag.is_block() {
            return;
        }
        if tag.name == "li" {
            *li_depth = if tag.closing {
                li_depth.saturating_sub(1)
            } else {
                *li_depth + 1
            };
        }
        let finished = std::mem::replace(cur, HtmlBlockBuilder::new(ctx));
        self.push_html(finished);
        cur.heading = if tag.closing {
            None
        } else {
            heading_level(&tag.name)
        };
        cur.in_li = *li_depth > 0;
    }

    /// Ends an HTML block's part: a block, when it holds text.
    fn push_html(&mut self, part: HtmlBlockBuilder) {
        if let Some(block) = part.finish() {
            if let BlockKind::Heading(l) = block.kind {
                self.doc.headings.push((l, block.text.clone()));
            }
            self.doc.blocks.push(block);
        }
    }
}

/// One inline container being read into a prose block.
struct Inlines<'w, 't> {
    walker: &'w Walker<'t>,
    span: Range<usize>,
    /// Lines comrak numbers the inlines early (see
    /// [`Walker::inline_line_shift`]).
    shift: usize,
    ctx: Ctx,
    b: ProseBuilder,
    refs: Vec<Ref>,
    /// Image alt texts, blocks of their own.
    alts: Vec<Block>,
    comments: Vec<Comment>,
    /// Where the last text ended in the source.
    text_end: usize,
}

impl<'a> Inlines<'_, '_> {
    /// Reads one inline node; `true` when its children are to be read.
    fn node(&mut self, n: &'a AstNode<'a>) -> bool {
        let r = self.walker.range_shifted(n, self.shift);
        let text = self.walker.text;
        let data = n.data.borrow();
        match &data.value {
            NodeValue::Text(t) => {
                // After the last text, not the last soft break: a break
                // is placed where comrak says, which may be past the
                // next text when comrak is off.
                let r = relocate(text, t, r, &self.span, self.text_end);
                self.b.push_aligned(t, text, r);
                self.text_end = self.b.src_end();
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => self.b.push_synthetic(" ", r),
            NodeValue::Code(_) | NodeValue::Math(_) => self.b.push_synthetic(PLACEHOLDER, r),
            NodeValue::FootnoteReference(f) => self.refs.push(Ref {
                at: self.b.len(),
                span: r,
                kind: RefKind::Footnote(f.name.clone()),
            }),
            NodeValue::HtmlInline(h) => self.html(h, r),
            NodeValue::Link(l) => {
                self.refs.push(Ref {
                    at: self.b.len(),
                    span: r,
                    kind: RefKind::Link(l.url.clone()),
                });
                return true;
            }
            NodeValue::Image(l) => self.image(n, l.url.clone(), r),
            _ => return true,
        }
        false
    }

    /// Inline HTML: a comment (a reference, and a directive to read), a
    /// `<br>`, an `<img>` (its alt text), or a link.
    fn html(&mut self, h: &str, r: Range<usize>) {
        if let Some(inner) = h.strip_prefix("<!--") {
            let inner = inner.strip_suffix("-->").unwrap_or(inner).to_string();
            self.refs.push(Ref {
                at: self.b.len(),
                span: r.clone(),
                kind: RefKind::Comment(inner.clone()),
            });
            self.comments.push(Comment {
                span: r,
                inner,
                standalone: false,
            });
        } else if is_br(h) {
            self.b.push_synthetic(" ", r);
        } else if let Some(alt_block) = inline_img_alt(self.walker.text, r.clone(), self.ctx) {
            self.alts.push(alt_block);
            self.b.push_synthetic(PLACEHOLDER, r);
        } else if let Some(href) = html_href(h) {
            self.refs.push(Ref {
                at: self.b.len(),
                span: r,
                kind: RefKind::Link(href),
            });
        }
    }

    /// A Markdown image: its alt text is a block of its own.
    fn image(&mut self, n: &'a AstNode<'a>, url: String, r: Range<usize>) {
        let mut ab = ProseBuilder::new();
        // The alt text is placed as other text is (comrak's columns are
        // off after a destination that spans lines), never before the
        // text already read.
        let mut after = self.text_end;
        for d in n.descendants().skip(1) {
            let dr = self.walker.range_shifted(d, self.shift);
            match &d.data.borrow().value {
                NodeValue::Text(t) => {
                    let dr = relocate(self.walker.text, t, dr, &self.span, after);
                    ab.push_aligned(t, self.walker.text, dr);
                    after = ab.src_end();
                }
                NodeValue::SoftBreak | NodeValue::LineBreak => ab.push_synthetic(" ", dr),
                _ => {}
            }
        }
        let (alt, amap) = ab.finish();
        self.alts.push(Block {
            kind: BlockKind::ImageAlt,
            text: alt,
            map: amap,
            span: r.clone(),
            in_list: self.ctx.in_list,
            in_quote: self.ctx.in_quote,
            from_html: false,
            refs: vec![],
            image_src: Some(url),
        });
        self.b.push_synthetic(PLACEHOLDER, r);
    }
}

struct HtmlBlockBuilder {
    b: ProseBuilder,
    refs: Vec<Ref>,
    ctx: Ctx,
    heading: Option<u8>,
    in_li: bool,
    start: Option<usize>,
    end: usize,
}

impl HtmlBlockBuilder {
    fn new(ctx: Ctx) -> Self {
        HtmlBlockBuilder {
            b: ProseBuilder::new(),
            refs: vec![],
            ctx,
            heading: None,
            in_li: false,
            start: None,
            end: 0,
        }
    }

    /// Appends decoded text, collapsing runs of whitespace (HTML layout) into
    /// one space and dropping leading whitespace.
    fn push_text(&mut self, decoded: &str, source: &str, src: Range<usize>) {
        let mut collapsed = String::with_capacity(decoded.len());
        let mut last_space = self.b.text.is_empty() || self.b.text.ends_with(' ');
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !last_space {
                    collapsed.push(' ');
                }
                last_space = true;
            } else {
                collapsed.push(c);
                last_space = false;
            }
        }
        if collapsed.is_empty() {
            return;
        }
        if self.start.is_none() && !collapsed.trim().is_empty() {
            let lead = source[src.clone()].len() - source[src.clone()].trim_start().len();
            self.start = Some(src.start + lead);
        }
        self.end = src.start + source[src.clone()].trim_end().len();
        self.b.push_aligned_literal(&collapsed, source, src);
    }

    fn push_placeholder(&mut self, src: Range<usize>) {
        if !self.b.is_empty() {
            self.b.push_synthetic(PLACEHOLDER, src);
        }
    }

    fn finish(self) -> Option<Block> {
        let start = self.start?;
        let (text, map) = self.b.finish();
        let trimmed = text.trim_end();
        if trimmed.is_empty() {
            return None;
        }
        let text = trimmed.to_string();
        Some(Block {
            kind: self
                .heading
                .map_or(BlockKind::Paragraph, BlockKind::Heading),
            span: start..self.end.max(start),
            text,
            map,
            in_list: self.ctx.in_list || self.in_li,
            in_quote: self.ctx.in_quote,
            from_html: true,
            refs: self.refs,
            image_src: None,
        })
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The alt text of an inline `<img alt="…">`, as its own prose block.
fn inline_img_alt(text: &str, range: Range<usize>, ctx: Ctx) -> Option<Block> {
    let tag = html::tokenize(text, range)
        .into_iter()
        .find_map(|t| match t {
            Token::Tag(tag) if tag.name == "img" && !tag.closing => Some(tag),
            _ => None,
        })?;
    img_alt_block(text, &tag, ctx)
}

/// The alt text of an `<img>` tag as a prose block, if it has any.
fn img_alt_block(text: &str, tag: &html::Tag, ctx: Ctx) -> Option<Block> {
    let alt = tag.attr("alt")?;
    let decoded = html_escape::decode_html_entities(&text[alt.clone()]);
    if decoded.trim().is_empty() {
        return None;
    }
    let mut ab = ProseBuilder::new();
    ab.push_aligned_literal(&decoded, text, alt.clone());
    let (t, map) = ab.finish();
    Some(Block {
        kind: BlockKind::ImageAlt,
        text: t,
        map,
        span: alt,
        in_list: ctx.in_list,
        in_quote: ctx.in_quote,
        from_html: true,
        refs: vec![],
        image_src: tag.attr("src").map(|s| text[s].to_string()),
    })
}

fn is_br(h: &str) -> bool {
    let l = h.trim_start_matches('<').trim_start();
    // Bytes: the tag may be anything (`<?…` with multi-byte characters).
    l.as_bytes()
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"br"))
}

fn html_href(h: &str) -> Option<String> {
    let toks = html::tokenize(h, 0..h.len());
    toks.into_iter().find_map(|t| match t {
        Token::Tag(tag) if tag.name == "a" && !tag.closing => {
            tag.attr("href").map(|r| h[r].to_string())
        }
        _ => None,
    })
}

/// A copy of the parts of a node value the walker needs, so the borrow of
/// the node ends before children are visited.
enum Shallow {
    Paragraph,
    Heading(u8),
    TableCell,
    Item,
    BlockQuote,
    FootnoteDefinition(String),
    HtmlBlock,
    Skip,
    Other,
}

trait CloneShallow {
    fn clone_shallow(&self) -> Shallow;
}

impl CloneShallow for NodeValue {
    fn clone_shallow(&self) -> Shallow {
        match self {
            NodeValue::Paragraph => Shallow::Paragraph,
            NodeValue::Heading(h) => Shallow::Heading(h.level),
            NodeValue::TableCell => Shallow::TableCell,
            NodeValue::Item(_) | NodeValue::TaskItem(_) => Shallow::Item,
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
                Shallow::BlockQuote
            }
            NodeValue::FootnoteDefinition(f) => Shallow::FootnoteDefinition(f.name.clone()),
            NodeValue::HtmlBlock(_) => Shallow::HtmlBlock,
            NodeValue::CodeBlock(_) | NodeValue::FrontMatter(_) | NodeValue::ThematicBreak => {
                Shallow::Skip
            }
            _ => Shallow::Other,
        }
    }
}
