//! Finding the claims of a document: sentences, their classification, and
//! the sources each one carries.
//!
//! Sentences are split once per prose block and the lexicon runs once per
//! block; every rule then reads the resulting [`Claim`]s. A source belongs
//! to the sentence it sits in, or, when it comes after a sentence's final
//! stop ("…collagen.[^1]"), to that sentence: so a source at the end of a
//! paragraph or list item backs its last sentence only. This module does not
//! resolve what a source is worth (`evidence::attach`) or judge whether it
//! is enough (rules).

use std::ops::Range;

use crate::lazy_regex::LazyRegex;

use crate::classify::{Classification, Classifier, Kind, Place, SentenceContext, Strength};
use crate::evidence::citation::{Citation, TierOrigin};
use crate::evidence::recognise::{self, CitationKind};
use crate::evidence::tier::Tier;
use crate::lexicon::CueMatch;
use crate::lexicon::{Cat, CatSet};
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
    pub sources: Vec<Citation>,
    /// References that are not sources (shop links, undefined-study
    /// footnotes), kept to explain why a claim counts as uncited.
    pub non_sources: Vec<Citation>,
    /// Index of the block the claim is in.
    pub block: usize,
    /// The block is a heading.
    pub heading: bool,
    /// Speculative ("may"): see [`Classification::speculative`].
    pub speculative: bool,
    /// Sensory ("feels smoother").
    pub sensory: bool,
    /// States a percentage.
    pub percentage: bool,
    /// Framed as preclinical ("in lab studies").
    pub preclinical_framing: bool,
    /// Asserts a regulator's approval ("FDA-cleared"): backed by the
    /// regulator's record, not by a study.
    pub approval: bool,
    /// About a finished product rather than an ingredient.
    pub finished_product: bool,
    /// The minimum tier the claim needs, under the policy in force.
    pub tier_needed: Option<Tier>,
    /// The best tier its sources provide for it, when any is known.
    pub tier_found: Option<Tier>,
}

impl Claim {
    /// What the evidence policy grades this claim by.
    pub fn facts(&self) -> crate::evidence::policy::ClaimFacts {
        crate::evidence::policy::ClaimFacts {
            kind: self.kind,
            strength: self.strength,
            preclinical_framing: self.preclinical_framing,
            approval: self.approval,
            percentage: self.percentage,
            sensory: self.sensory,
            speculative: self.speculative,
            finished_product: self.finished_product,
            tested_on_the_product: self
                .sources
                .iter()
                .any(|s| s.subject == Some(crate::evidence::Subject::FinishedProduct)),
        }
    }
}

/// A footnote reference with no definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndefinedFootnote {
    /// The label.
    pub label: String,
    /// Span of `[^label]`.
    pub span: Range<usize>,
}

/// A sentence of prose, claim or not, shared by every rule.
#[derive(Debug, Clone)]
pub struct SentenceInfo {
    /// Index of its block.
    pub block: usize,
    /// Byte range in the block's text.
    pub range: Range<usize>,
    /// Source span.
    pub span: Range<usize>,
    /// Index into [`ClaimScan::claims`] when it is a claim.
    pub claim: Option<usize>,
    /// It is a question.
    pub question: bool,
    /// Its benefit is reported in order to doubt it.
    pub doubted: bool,
    /// Negation cues in it (block-text ranges).
    pub negations: Vec<Range<usize>>,
    /// Lexicon categories present in it.
    pub cats: Vec<crate::lexicon::Cat>,
}

/// A DOI or PMID that is not well formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedId {
    /// Where it is.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// What the claims stage read in one document: its claims, every sentence,
/// and the citations that could not be used (undefined footnotes, malformed
/// identifiers, unregistered sources), which later stages report.
#[derive(Debug, Clone, Default)]
pub struct ClaimScan {
    /// Claims in source order.
    pub claims: Vec<Claim>,
    /// Footnote references without a definition.
    pub undefined_footnotes: Vec<UndefinedFootnote>,
    /// Malformed DOIs and PMIDs in citations.
    pub malformed_ids: Vec<MalformedId>,
    /// Sources whose tier the registry could not give (when a registry is
    /// in use, or required).
    pub unregistered: Vec<(Range<usize>, String)>,
    /// Registry ids this document cites.
    pub cited_ids: Vec<String>,
    /// Every sentence of prose, in order.
    pub sentences: Vec<SentenceInfo>,
    /// Quoted first-person outcomes that are not claims of the page's own
    /// (quoted to doubt them): source span of the sentence and of the
    /// outcome phrase.
    pub quoted_testimonials: Vec<(Range<usize>, Range<usize>, String)>,
}

static UNDEFINED_FOOTNOTE: LazyRegex = LazyRegex::new(r"\[\^([^\]\s]+)\]");

/// Headings of reference lists, whose entries cite rather than claim.
static REFERENCE_HEADING: LazyRegex = LazyRegex::new(
    r"(?i)^\W*(references?|sources?|bibliography|citations?|works cited|studies cited|research cited|further reading)\W*$",
);

/// A bibliography entry: "Kafi R, Kwak HS, …" or "Smith J. Title. Journal. 2019".
static CITATION_ENTRY: LazyRegex = LazyRegex::new(
    r"^\s*(?:\[?\d+\]?\.?\s*)?\p{Lu}[\p{L}'’-]+,?\s+(?:\p{Lu}{1,3}\b\.?|\p{Lu}\.\s?\p{Lu}?\.?)(?:,\s*\p{Lu}[\p{L}'’-]+,?\s+\p{Lu}{1,3}\b\.?)+",
);

/// Compiles the patterns claim finding uses ahead of need (see
/// [`crate::Linter::warm_up`]): Unicode letter classes make them slow to
/// build, and a one-file run would wait for them.
pub(crate) fn warm_up() {
    for re in [&UNDEFINED_FOOTNOTE, &REFERENCE_HEADING, &CITATION_ENTRY] {
        re.warm_up();
    }
}

/// Finds the claims of a parsed document; `source_text` is the file's text.
pub fn find(doc: &Document, source_text: &str, classifier: &Classifier) -> ClaimScan {
    let mut out = ClaimScan::default();
    let prepared = prepare(doc, source_text, classifier);
    for (bi, block) in doc.blocks.iter().enumerate() {
        for (whole, label) in UNDEFINED_FOOTNOTE.capture_iter(&block.text, 1) {
            let span = block.map.span(whole);
            // `\[^x]` is escaped on purpose: literal text, not a reference.
            if source_text
                .get(span.start..)
                .is_some_and(|t| t.starts_with('\\'))
            {
                continue;
            }
            out.undefined_footnotes.push(UndefinedFootnote {
                label: block.text[label].to_string(),
                span,
            });
        }
        if !prepared.blocks[bi].reference {
            block_claims(
                doc,
                &prepared,
                bi,
                classifier,
                &mut out.claims,
                &mut out.sentences,
                &mut out.quoted_testimonials,
            );
        }
    }
    out.fit();
    out
}

impl ClaimScan {
    /// Gives back the room the lists were grown with: the scan lives
    /// through every later stage, and on a long page the slack of its
    /// many small lists came to a quarter of it.
    fn fit(&mut self) {
        self.claims.shrink_to_fit();
        self.sentences.shrink_to_fit();
        for c in &mut self.claims {
            c.cues.shrink_to_fit();
            c.sources.shrink_to_fit();
            c.non_sources.shrink_to_fit();
        }
        for s in &mut self.sentences {
            s.negations.shrink_to_fit();
            s.cats.shrink_to_fit();
        }
    }
}

/// A block's sentences and cues, found once per document so that each
/// sentence can be read with its neighbours.
struct PreparedBlock {
    /// Sentence ranges in the block's text.
    sentences: Vec<Range<usize>>,
    /// Lexicon cues of the whole block, in order.
    matches: Vec<CueMatch>,
    /// Each sentence's categories.
    cats: Vec<CatSet>,
    /// An entry of a reference list: not read for claims.
    reference: bool,
    /// The block whose text heads its section.
    section: Option<usize>,
    /// The keys of its section heading's words (see
    /// [`crate::classify::section_keys`]), shared by the blocks under it.
    section_keys: std::sync::Arc<[u64]>,
    /// For a table cell, the categories of the other cells of its row.
    row: CatSet,
}

/// Every block prepared.
struct Prepared {
    blocks: Vec<PreparedBlock>,
}

/// Splits every block into sentences, finds its cues, and works out each
/// block's section and table row.
fn prepare(doc: &Document, source_text: &str, classifier: &Classifier) -> Prepared {
    let mut in_references: Option<u8> = None;
    let mut heading: Option<usize> = None;
    let mut heading_keys: std::sync::Arc<[u64]> = std::sync::Arc::new([]);
    let mut blocks: Vec<PreparedBlock> = Vec::with_capacity(doc.blocks.len());
    for (bi, block) in doc.blocks.iter().enumerate() {
        let reference = reference_entry(block, &mut in_references);
        // A reference entry is never read for claims: nothing to find.
        let (sentences, matches) = if reference {
            (Vec::new(), Vec::new())
        } else {
            (
                crate::sentence::split(&block.text),
                classifier.lexicon().find(&block.text),
            )
        };
        let cats = sentences
            .iter()
            .map(|sr| {
                let first = matches.partition_point(|m| m.range.start < sr.start);
                matches[first..]
                    .iter()
                    .take_while(|m| m.range.start < sr.end.max(sr.start + 1))
                    .filter(|m| m.range.end <= sr.end)
                    .fold(CatSet::default(), |set, m| set.union(m.cats))
            })
            .collect();
        blocks.push(PreparedBlock {
            sentences,
            matches,
            cats,
            reference,
            section: heading,
            section_keys: match &block.kind {
                BlockKind::FrontMatter(k) => crate::classify::section_keys(k).into(),
                _ => heading_keys.clone(),
            },
            row: CatSet::default(),
        });
        if matches!(block.kind, BlockKind::Heading(_)) {
            heading = Some(bi);
            heading_keys = crate::classify::section_keys(&block.text).into();
        }
    }
    table_rows(doc, source_text, &mut blocks);
    Prepared { blocks }
}

/// For each table cell, the categories of the other cells on its source
/// line (its row).
fn table_rows(doc: &Document, source_text: &str, blocks: &mut [PreparedBlock]) {
    let line_of = |at: usize| {
        let at = crate::source::floor_char_boundary(source_text, at.min(source_text.len()));
        source_text[..at].rfind('\n').map_or(0, |i| i + 1)
    };
    let cells: Vec<(usize, usize)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BlockKind::TableCell)
        .map(|(i, b)| (line_of(b.span.start), i))
        .collect();
    for run in cells.chunk_by(|a, b| a.0 == b.0) {
        for &(_, i) in run {
            let mut row = CatSet::default();
            for &(_, j) in run.iter().filter(|(_, j)| *j != i) {
                row = blocks[j].cats.iter().fold(row, |r, s| r.union(*s));
            }
            blocks[i].row = row;
        }
    }
}

/// Whether a block is an entry of a reference list (under a "References"
/// heading, or shaped like a bibliography entry): it cites, it does not
/// claim. `in_references` tracks the level of the open references heading.
fn reference_entry(block: &Block, in_references: &mut Option<u8>) -> bool {
    if let BlockKind::Heading(level) = block.kind {
        match *in_references {
            Some(l) if level > l => {}
            _ => {
                *in_references = REFERENCE_HEADING
                    .is_match(block.text.trim())
                    .then_some(level)
            }
        }
    }
    in_references.is_some() && !matches!(block.kind, BlockKind::Heading(_))
        || CITATION_ENTRY.is_match(&block.text)
}

/// The context a sentence is read in: its block, its place among the
/// block's sentences, its neighbours in the block, its section.
fn sentence_ctx<'d>(
    doc: &'d Document,
    prep: &'d Prepared,
    bi: usize,
    si: usize,
) -> SentenceContext<'d> {
    let block = &doc.blocks[bi];
    let pb = &prep.blocks[bi];
    let sentences = &pb.sentences;
    let sentence = &block.text[sentences[si].clone()];
    let fragment_block = !matches!(block.kind, BlockKind::Paragraph) || block.in_list;
    let unterminated = !sentence
        .trim_end_matches(['"', '\'', '”', '’', ')', '*'])
        .ends_with(['.', '!', '?']);
    let title_key = |k: &str| {
        let k = k.to_lowercase();
        k.ends_with("title") || k.ends_with("name")
    };
    let (place, section) = match &block.kind {
        BlockKind::Paragraph => (Place::Paragraph, None),
        BlockKind::Heading(l) => (Place::Heading(*l), None),
        BlockKind::TableCell => (Place::TableCell, None),
        BlockKind::ImageAlt => (Place::ImageAlt, None),
        BlockKind::FrontMatter(k) => (
            Place::FrontMatter {
                title: title_key(k),
            },
            Some(k.as_str()),
        ),
    };
    let section = section
        .or_else(|| pb.section.map(|h| doc.blocks[h].text.as_str()))
        .unwrap_or("");
    SentenceContext {
        fragment: fragment_block || (unterminated && sentences.len() == 1),
        quoted: block.in_quote,
        // A front-matter title reads like a heading.
        heading: matches!(block.kind, BlockKind::Heading(_))
            || place == Place::FrontMatter { title: true },
        place,
        list: block.in_list,
        html: block.from_html,
        link_text: false,
        index: u32::try_from(si).unwrap_or(u32::MAX),
        count: u32::try_from(sentences.len()).unwrap_or(u32::MAX),
        section,
        section_keys: Some(&pb.section_keys),
        prev: neighbour(prep, bi, si, false),
        next: neighbour(prep, bi, si, true),
        row: pb.row,
    }
}

/// The categories of the sentence before (or after) sentence `si` of
/// block `bi`, in the same block: what lies beyond the block is not read,
/// so a paragraph added above a claim cannot change it (README,
/// Guarantees).
fn neighbour(prep: &Prepared, bi: usize, si: usize, after: bool) -> CatSet {
    let cats = &prep.blocks[bi].cats;
    let at = if after {
        si.checked_add(1)
    } else {
        si.checked_sub(1)
    };
    at.and_then(|i| cats.get(i)).copied().unwrap_or_default()
}

/// The cues of `matches` (sorted by start) inside sentence `sr`, with
/// ranges relative to it.
fn local_matches(matches: &[CueMatch], sr: &Range<usize>) -> Vec<CueMatch> {
    let first = matches.partition_point(|m| m.range.start < sr.start);
    matches[first..]
        .iter()
        .take_while(|m| m.range.start < sr.end.max(sr.start + 1))
        .filter(|m| m.range.end <= sr.end)
        .map(|m| CueMatch {
            range: m.range.start - sr.start..m.range.end - sr.start,
            cats: m.cats,
            user: m.user,
        })
        .collect()
}

/// Every sentence the detector reads in a document, with its source span
/// and the names of its features: what the trained model learns from.
pub fn sentence_features(
    doc: &Document,
    source_text: &str,
    classifier: &Classifier,
) -> Vec<(Range<usize>, Vec<String>)> {
    let prep = prepare(doc, source_text, classifier);
    let mut out = Vec::new();
    for (bi, block) in doc.blocks.iter().enumerate() {
        let pb = &prep.blocks[bi];
        if pb.reference {
            continue;
        }
        for (si, sr) in pb.sentences.iter().enumerate() {
            let ctx = sentence_ctx(doc, &prep, bi, si);
            let local = local_matches(&pb.matches, sr);
            let names = classifier.feature_names(&block.text[sr.clone()], &local, ctx);
            out.push((block.map.span(sr.clone()), names));
        }
    }
    out
}

/// The claims and sentences of block `bi`, appended to `out`,
/// `sentences_out` and `quoted`.
fn block_claims(
    doc: &Document,
    prep: &Prepared,
    bi: usize,
    classifier: &Classifier,
    out: &mut Vec<Claim>,
    sentences_out: &mut Vec<SentenceInfo>,
    quoted: &mut Vec<(Range<usize>, Range<usize>, String)>,
) {
    let block = &doc.blocks[bi];
    let sentences = &prep.blocks[bi].sentences;
    if sentences.is_empty() {
        return;
    }
    // Cues, references and in-text sources are each in text order, so a
    // sentence's share is found by binary search: filtering them all for
    // every sentence is quadratic on a long paragraph or a long line.
    debug_assert!(block.refs.is_sorted_by_key(|r| r.at));
    let mut cites = BlockCitations {
        doc,
        block,
        text_sources: None,
    };
    for (si, sr) in sentences.iter().enumerate() {
        let sentence = &block.text[sr.clone()];
        let local = local_matches(&prep.blocks[bi].matches, sr);
        let ctx = sentence_ctx(doc, prep, bi, si);
        let c: Classification = classifier.classify_in_document(sentence, &local, ctx);
        // The sentence's categories were found when the block was prepared.
        let cats: Vec<Cat> = prep.blocks[bi].cats[si].iter().collect();
        let claim = c.claim.then_some(out.len());
        sentences_out.push(sentence_info(block, bi, sr, &local, cats, claim, &c));
        if !c.claim {
            if c.testimonial_quote {
                let p = c.primary.clone().unwrap_or(0..sentence.len());
                let p = sr.start + p.start..sr.start + p.end;
                let phrase = collapse_ws(&block.text[p.clone()]);
                quoted.push((block.map.span(sr.clone()), block.map.span(p), phrase));
            }
            continue;
        }
        // The sentence owns the text up to the next sentence's start.
        let owned = sr.start
            ..sentences
                .get(si + 1)
                .map_or(block.text.len() + 1, |n| n.start);
        let (sources, non_sources) = cites.of_sentence(si == 0, owned);
        let claim = claim_of(block, bi, sr, &c, sources, non_sources);
        let mut others = c
            .other_kinds
            .iter()
            .map(|(kind, strength, phrase)| other_kind(&claim, block, sr, *kind, *strength, phrase))
            .collect::<Vec<_>>();
        if let Some(phrase) = &c.approval_beside {
            others.push(approval_beside(&claim, block, sr, phrase));
        }
        out.push(claim);
        out.extend(others);
    }
}

/// The approval a claim sentence asserts beside its benefit ("FDA-cleared
/// laser that tightens skin"): a claim of its own, of the sentence's kind,
/// whose source is the regulator's record, not the study the benefit
/// needs.
fn approval_beside(
    claim: &Claim,
    block: &Block,
    sr: &Range<usize>,
    phrase: &Range<usize>,
) -> Claim {
    let mut approval = other_kind(claim, block, sr, claim.kind, Strength::Direct, phrase);
    approval.approval = true;
    approval.speculative = false;
    approval
}

/// The claim of another kind that the same sentence makes ("safe for all
/// skin types" beside "effective against acne"): the same sentence and
/// citations, its own kind, strength and phrase, graded on its own.
fn other_kind(
    claim: &Claim,
    block: &Block,
    sr: &Range<usize>,
    kind: Kind,
    strength: Strength,
    phrase: &Range<usize>,
) -> Claim {
    let phrase = sr.start + phrase.start..sr.start + phrase.end;
    Claim {
        trigger_span: block.map.span(phrase.clone()),
        trigger: collapse_ws(&block.text[phrase]),
        kind,
        // A promise stated with no relation language ("no downtime") is
        // stated as fact.
        strength: if strength == Strength::None {
            Strength::Direct
        } else {
            strength
        },
        speculative: claim.speculative && kind == Kind::Efficacy,
        sensory: false,
        percentage: false,
        approval: false,
        tier_needed: None,
        tier_found: None,
        ..claim.clone()
    }
}

/// What the rules need to know of a sentence, claim or not.
fn sentence_info(
    block: &Block,
    bi: usize,
    sr: &Range<usize>,
    local: &[CueMatch],
    cats: Vec<Cat>,
    claim: Option<usize>,
    c: &Classification,
) -> SentenceInfo {
    SentenceInfo {
        block: bi,
        range: sr.clone(),
        span: block.map.span(sr.clone()),
        claim,
        question: c.question,
        doubted: c.doubted,
        negations: local
            .iter()
            .filter(|m| m.cats.has(Cat::Negation) || m.cats.has(Cat::NegationClause))
            .map(|m| sr.start + m.range.start..sr.start + m.range.end)
            .collect(),
        cats,
    }
}

/// A claim, from its sentence's classification and citations.
fn claim_of(
    block: &Block,
    bi: usize,
    sr: &Range<usize>,
    c: &Classification,
    sources: Vec<Citation>,
    non_sources: Vec<Citation>,
) -> Claim {
    let sentence = &block.text[sr.clone()];
    let primary = c.primary.clone().unwrap_or(0..sentence.len());
    let primary = sr.start + primary.start..sr.start + primary.end;
    let cues = c
        .triggers
        .iter()
        .map(|t| Cue {
            role: t.role,
            text: t.text.clone(),
            span: block
                .map
                .span(sr.start + t.range.start..sr.start + t.range.end),
        })
        .collect();
    Claim {
        span: block.map.span(sr.clone()),
        trigger_span: block.map.span(primary.clone()),
        text: collapse_ws(sentence),
        trigger: collapse_ws(&block.text[primary]),
        strength: c.strength,
        kind: c.kind,
        cues,
        sources,
        non_sources,
        block: bi,
        heading: matches!(block.kind, BlockKind::Heading(_)),
        speculative: c.speculative,
        sensory: c.sensory,
        percentage: c.percentage,
        preclinical_framing: c.preclinical_framing,
        approval: c.approval,
        finished_product: c.finished_product,
        tier_needed: None,
        tier_found: None,
    }
}

/// The citations in one block, handed out sentence by sentence.
struct BlockCitations<'a> {
    doc: &'a Document,
    block: &'a Block,
    /// In-text sources matter only to claims: found at the block's first.
    text_sources: Option<Vec<recognise::TextCitation>>,
}

impl BlockCitations<'_> {
    /// The sources and non-sources of the sentence owning `owned` (its
    /// text up to the next sentence); the first sentence also takes the
    /// references before it.
    fn of_sentence(&mut self, first: bool, owned: Range<usize>) -> (Vec<Citation>, Vec<Citation>) {
        let (block, doc) = (self.block, self.doc);
        let owns = |at: usize| owned.contains(&at);
        let mut sources = Vec::new();
        let mut non_sources = Vec::new();
        let refs_from = if first {
            0
        } else {
            block.refs.partition_point(|r| r.at < owned.start)
        };
        let refs_to = block.refs.partition_point(|r| r.at < owned.end);
        for r in block.refs[refs_from..refs_to.max(refs_from)]
            .iter()
            .filter(|r| owns(r.at) || (first && r.at < owned.start))
        {
            match ref_citation(doc, r) {
                Some((c, true)) => sources.push(c),
                Some((c, false)) => non_sources.push(c),
                None => {}
            }
        }
        let text_sources = self.text_sources.get_or_insert_with(|| {
            let found = recognise::find_in_text(&block.text);
            debug_assert!(found.is_sorted_by_key(|t| t.range.start));
            found
        });
        let ts_from = text_sources.partition_point(|t| t.range.start < owned.start);
        let ts_to = text_sources.partition_point(|t| t.range.start < owned.end);
        for ts in text_sources[ts_from..ts_to.max(ts_from)]
            .iter()
            .filter(|t| owns(t.range.start))
        {
            let span = block.map.span(ts.range.clone());
            sources.push(Citation::new(ts.kind, ts.reference.clone(), span));
        }
        (sources, non_sources)
    }
}

/// What a reference is as a citation, and whether it is a source (`true`)
/// or not (a shop link, a footnote that names no study); `None` for a
/// comment that is not an evidence comment with a known design (an unknown
/// design is reported as an invalid directive).
fn ref_citation(doc: &Document, r: &crate::markdown::Ref) -> Option<(Citation, bool)> {
    match &r.kind {
        RefKind::Footnote(label) => {
            let c = Citation::new(CitationKind::Footnote, label.clone(), r.span.clone());
            let names_study = doc
                .footnotes
                .get(&label.to_lowercase())
                .is_some_and(|d| recognise::footnote_names_study(&d.text, &d.urls));
            Some((c, names_study))
        }
        RefKind::Link(url) => Some(match recognise::classify_url(url) {
            Some(kind) => (Citation::new(kind, url.clone(), r.span.clone()), true),
            None => (
                Citation::new(CitationKind::Link, url.clone(), r.span.clone()),
                false,
            ),
        }),
        RefKind::Comment(inner) => {
            let ec = recognise::parse_evidence_comment(inner).filter(|ec| ec.tier.is_some())?;
            let reference = ec.reference.unwrap_or(ec.design);
            let mut c = Citation::new(CitationKind::Comment, reference, r.span.clone());
            c.tier = ec.tier;
            c.tier_origin = TierOrigin::Declared;
            Some((c, true))
        }
    }
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.contains(crate::markdown::PLACEHOLDER) {
        out = out.replace(crate::markdown::PLACEHOLDER, "…");
    }
    out
}
