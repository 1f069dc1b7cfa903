//! Finding the claims of a document: sentences, their classification, and
//! the sources each one carries.
//!
//! Sentences are split once per prose block and the lexicon runs once per
//! block; every rule then reads the resulting [`Claim`]s. A source belongs
//! to the sentence it sits in, or, when it comes after a sentence's final
//! stop ("…collagen.[^1]"), to that sentence: so a source at the end of a
//! paragraph or list item backs its last sentence only. This module does not
//! judge whether the evidence is strong enough; rules do.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::classify::{Classification, Classifier, Kind, SentenceContext, Strength};
use crate::evidence::{self, SourceKind, Tier};
use crate::lexicon::CueMatch;
use crate::markdown::{Block, BlockKind, Document, RefKind};

/// A cue of a claim, with its source span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Its role ("benefit", "hedge", ...).
    pub role: &'static str,
    /// The words.
    pub text: String,
    /// Source span.
    pub span: Range<usize>,
}

/// A source attached to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What kind of source.
    pub kind: SourceKind,
    /// The reference: a footnote label, URL, DOI or the text as written.
    pub reference: String,
    /// Where it is in the file.
    pub span: Range<usize>,
    /// A tier declared with it (evidence comments), if any.
    pub tier: Option<Tier>,
}

/// A claim found in a document.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Source span of the sentence.
    pub span: Range<usize>,
    /// Source span of the shortest phrase that makes the claim.
    pub trigger_span: Range<usize>,
    /// The sentence as a reader reads it.
    pub text: String,
    /// The phrase that makes the claim.
    pub trigger: String,
    /// How strongly it is asserted.
    pub strength: Strength,
    /// What it promises.
    pub kind: Kind,
    /// Every cue that took part, for explanations.
    pub cues: Vec<Cue>,
    /// Sources carried by the sentence.
    pub sources: Vec<Source>,
    /// References that are not sources (shop links, undefined-study
    /// footnotes), kept to explain why a claim counts as uncited.
    pub non_sources: Vec<Source>,
    /// Index of the block the claim is in.
    pub block: usize,
    /// The block is a heading.
    pub heading: bool,
}

/// A footnote reference with no definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndefinedFootnote {
    /// The label.
    pub label: String,
    /// Span of `[^label]`.
    pub span: Range<usize>,
}

/// Everything found in one document.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Claims in source order.
    pub claims: Vec<Claim>,
    /// Footnote references without a definition.
    pub undefined_footnotes: Vec<UndefinedFootnote>,
}

static UNDEFINED_FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\^([^\]\s]+)\]").expect("regex"));

/// Headings of reference lists, whose entries cite rather than claim.
static REFERENCE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(references?|sources?|bibliography|citations?|works cited|studies cited|research cited|further reading)\W*$").expect("regex")
});

/// A bibliography entry: "Kafi R, Kwak HS, …" or "Smith J. Title. Journal. 2019".
static CITATION_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[?\d+\]?\.?\s*)?\p{Lu}[\p{L}'’-]+,?\s+(?:\p{Lu}{1,3}\b\.?|\p{Lu}\.\s?\p{Lu}?\.?)(?:,\s*\p{Lu}[\p{L}'’-]+,?\s+\p{Lu}{1,3}\b\.?)+").expect("regex")
});

/// Finds the claims of a parsed document; `source_text` is the file's text.
pub fn find(doc: &Document, source_text: &str, classifier: &Classifier) -> Findings {
    let mut out = Findings::default();
    let mut in_references: Option<u8> = None;
    for (bi, block) in doc.blocks.iter().enumerate() {
        if let BlockKind::Heading(level) = block.kind {
            match in_references {
                Some(l) if level > l => {}
                _ => in_references = REFERENCE_HEADING.is_match(block.text.trim()).then_some(level),
            }
        }
        let reference_entry = in_references.is_some() && !matches!(block.kind, BlockKind::Heading(_))
            || CITATION_ENTRY.is_match(&block.text);
        for m in UNDEFINED_FOOTNOTE.captures_iter(&block.text) {
            let whole = m.get(0).map_or(0..0, |g| g.range());
            let span = block.map.span(whole);
            // `\[^x]` is escaped on purpose: literal text, not a reference.
            if source_text.get(span.start..).is_some_and(|t| t.starts_with('\\')) {
                continue;
            }
            out.undefined_footnotes.push(UndefinedFootnote { label: m[1].to_string(), span });
        }
        if !reference_entry {
            block_claims(doc, bi, block, classifier, &mut out.claims);
        }
    }
    out
}

fn block_claims(doc: &Document, bi: usize, block: &Block, classifier: &Classifier, out: &mut Vec<Claim>) {
    let text = &block.text;
    let sentences = crate::sentence::split(text);
    if sentences.is_empty() {
        return;
    }
    let matches = classifier.lexicon().find(text);
    let text_sources = evidence::find_in_text(text);
    let fragment_block = !matches!(block.kind, BlockKind::Paragraph) || block.in_list;
    for (si, sr) in sentences.iter().enumerate() {
        let sentence = &text[sr.clone()];
        let local: Vec<CueMatch> = matches
            .iter()
            .filter(|m| m.range.start >= sr.start && m.range.end <= sr.end)
            .map(|m| CueMatch { range: m.range.start - sr.start..m.range.end - sr.start, cats: m.cats })
            .collect();
        let unterminated = !sentence.trim_end_matches(['"', '\'', '”', '’', ')', '*']).ends_with(['.', '!', '?']);
        let ctx = SentenceContext {
            fragment: fragment_block || (unterminated && sentences.len() == 1),
            quoted: block.in_quote,
            // A front-matter title reads like a heading.
            heading: matches!(block.kind, BlockKind::Heading(_))
                || matches!(&block.kind, BlockKind::FrontMatter(k) if k.to_lowercase().ends_with("title") || k.to_lowercase().ends_with("name")),
        };
        let c: Classification = classifier.classify_with(sentence, &local, ctx);
        if !c.claim {
            continue;
        }
        // The sentence owns the text up to the next sentence's start.
        let owned_end = sentences.get(si + 1).map_or(text.len() + 1, |n| n.start);
        let owns = |at: usize| at >= sr.start && at < owned_end;
        let mut sources = Vec::new();
        let mut non_sources = Vec::new();
        for r in block.refs.iter().filter(|r| owns(r.at) || (si == 0 && r.at < sr.start)) {
            match &r.kind {
                RefKind::Footnote(label) => {
                    let def = doc.footnotes.get(&label.to_lowercase());
                    let s = Source { kind: SourceKind::Footnote, reference: label.clone(), span: r.span.clone(), tier: None };
                    match def {
                        Some(d) if evidence::footnote_names_study(&d.text, &d.urls) => sources.push(s),
                        _ => non_sources.push(s),
                    }
                }
                RefKind::Link(url) => {
                    let s = |kind| Source { kind, reference: url.clone(), span: r.span.clone(), tier: None };
                    match evidence::classify_url(url) {
                        Some(kind) => sources.push(s(kind)),
                        None => non_sources.push(s(SourceKind::Journal)),
                    }
                }
                RefKind::Comment(inner) => {
                    // An evidence comment with an unknown design backs
                    // nothing (and is reported as an invalid directive).
                    if let Some(ec) = evidence::parse_evidence_comment(inner).filter(|ec| ec.tier.is_some()) {
                        sources.push(Source {
                            kind: SourceKind::Comment,
                            reference: ec.reference.unwrap_or(ec.design),
                            span: r.span.clone(),
                            tier: ec.tier,
                        });
                    }
                }
            }
        }
        for ts in text_sources.iter().filter(|t| owns(t.range.start)) {
            sources.push(Source { kind: ts.kind, reference: ts.reference.clone(), span: block.map.span(ts.range.clone()), tier: None });
        }
        let primary = c.primary.clone().unwrap_or(0..sentence.len());
        let primary = sr.start + primary.start..sr.start + primary.end;
        let cues = c
            .triggers
            .iter()
            .map(|t| Cue { role: t.role, text: t.text.clone(), span: block.map.span(sr.start + t.range.start..sr.start + t.range.end) })
            .collect();
        out.push(Claim {
            span: block.map.span(sr.clone()),
            trigger_span: block.map.span(primary.clone()),
            text: collapse_ws(sentence),
            trigger: collapse_ws(&text[primary]),
            strength: c.strength,
            kind: c.kind,
            cues,
            sources,
            non_sources,
            block: bi,
            heading: matches!(block.kind, BlockKind::Heading(_)),
        });
    }
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace(crate::markdown::PLACEHOLDER, "…")
}
