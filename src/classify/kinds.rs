//! The words a verdict is given in: how strong a claim is ([`Strength`]),
//! what it promises ([`Kind`]), where its sentence sits
//! ([`SentenceContext`], [`Place`]) and the cues that made it
//! ([`Trigger`]).
//!
//! Owns these types, shared by every stage of the classifier. Does not own
//! any stage.

use std::ops::Range;

use serde::Serialize;

use crate::lexicon::CatSet;

/// How strongly a sentence asserts a relation, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// No relation stated.
    #[default]
    None,
    /// Association only ("linked to").
    Correlational,
    /// Conditional or hedged ("may reduce", "helps").
    Hedged,
    /// Stated as fact ("reduces").
    Direct,
    /// Claims proof or a study ("clinically proven").
    Establishment,
}

impl Strength {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::None => "none",
            Strength::Correlational => "correlational",
            Strength::Hedged => "hedged",
            Strength::Direct => "direct",
            Strength::Establishment => "establishment",
        }
    }
}

/// What a claim promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A benefit to skin, body, appearance or health.
    #[default]
    Efficacy,
    /// Safety or comfort.
    Safety,
    /// A first-person endorsement.
    Testimonial,
    /// Better than others, best, unique.
    Superiority,
}

impl Kind {
    /// Every kind, in output order.
    pub const ALL: &'static [Kind] = &[
        Kind::Efficacy,
        Kind::Safety,
        Kind::Testimonial,
        Kind::Superiority,
    ];

    /// The kind named `s` (its output name).
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Efficacy => "efficacy",
            Kind::Safety => "safety",
            Kind::Testimonial => "testimonial",
            Kind::Superiority => "superiority",
        }
    }
}

/// Where a sentence sits, which changes how fragments are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct SentenceContext<'d> {
    /// A heading, list item, table cell, label or front-matter value: verbless
    /// fragments ("Ultherapy for lifting and firmness") can be claims.
    pub fragment: bool,
    /// Inside a block quote.
    pub quoted: bool,
    /// A heading.
    pub heading: bool,
    /// The kind of block the sentence is in.
    pub place: Place,
    /// Inside a list item.
    pub list: bool,
    /// From raw HTML.
    pub html: bool,
    /// Most of the sentence is the text of links.
    pub link_text: bool,
    /// Its position among the sentences of its block, from 0.
    pub index: u32,
    /// How many sentences its block has.
    pub count: u32,
    /// The heading of its section (for a front-matter value, its key).
    pub section: &'d str,
    /// The keys of the section heading's words, when worked out once for
    /// every sentence under it (see [`section_keys`]).
    pub section_keys: Option<&'d [u64]>,
    /// Lexicon categories of the sentence before it in its block.
    pub prev: CatSet,
    /// Lexicon categories of the sentence after it in its block.
    pub next: CatSet,
    /// For a table cell, the categories of the other cells of its row.
    pub row: CatSet,
}

/// The kind of block a sentence is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Place {
    /// No document around it (`claimlint classify`).
    #[default]
    Plain,
    /// A paragraph.
    Paragraph,
    /// A heading of this level.
    Heading(u8),
    /// A table cell.
    TableCell,
    /// An image's alt text.
    ImageAlt,
    /// A front-matter value; `title` for a title- or name-like key.
    FrontMatter {
        /// The key names a title or a name.
        title: bool,
    },
}

/// A cue that took part in the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trigger {
    /// The words, as written.
    pub text: String,
    /// Byte range in the sentence.
    #[serde(skip)]
    pub range: Range<usize>,
    /// What role the cue played ("benefit", "hedge", "negation", ...).
    pub role: &'static str,
}
