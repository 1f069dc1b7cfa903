//! What a page is: the markets it targets, its content kind and its
//! product class, from its front matter over the configuration's defaults,
//! or inferred from its content when neither says.
//!
//! Owns the vocabulary ([`Market`], [`ContentKind`], [`ProductClass`]: the
//! one place their names are listed) and [`Page::resolve`]. Does not own
//! which rules run on which kind (the packs' filters) or where the
//! defaults come from (the configuration hands them over as
//! [`PageDefaults`], so this module does not depend on it).

pub mod infer;
pub mod vocab;

use crate::markdown::Document;

pub use infer::Inferred;
pub use vocab::{ContentKind, Market, ProductClass};

/// The configuration's page settings, which a page's front matter
/// overrides (except `force_markets`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageDefaults {
    /// Markets for pages that name none.
    pub markets: Vec<Market>,
    /// `markets` override the front matter's too (`--market`).
    pub force_markets: bool,
    /// Content kind for pages that declare none.
    pub content: Option<ContentKind>,
    /// Product class for pages that declare none.
    pub class: Option<ProductClass>,
}

/// A page's kind, for the rules that depend on it.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Markets the page targets, sorted by name, without repeats.
    pub markets: Vec<Market>,
    /// Declared, or inferred (then `inferred` says so).
    pub content: Option<ContentKind>,
    /// Declared, or inferred (then `inferred` says so).
    pub class: Option<ProductClass>,
    /// What was inferred from the page's content when neither was declared.
    pub inferred: Option<Inferred>,
}

impl Page {
    /// The page `doc` is: its front matter (`markets`, `content`, `class`;
    /// unknown values are ignored here and reported by
    /// `invalid-front-matter`) over `defaults`; with neither a content kind
    /// nor a class declared, what its content shows.
    pub fn resolve(defaults: &PageDefaults, doc: &Document) -> Page {
        let fm = doc.front_matter.as_ref().map(|f| &f.settings);
        let values = |k: &str| fm.and_then(|s| s.get(k)).cloned().unwrap_or_default();
        let mut markets: Vec<Market> = values("markets")
            .iter()
            .flat_map(|v| v.split([',', ' ']).filter_map(Market::parse))
            .collect();
        if markets.is_empty() || defaults.force_markets {
            markets = defaults.markets.clone();
        }
        // By name, as they are listed in `config --show`.
        markets.sort_by_key(|m| m.as_str());
        markets.dedup();
        let content = values("content")
            .iter()
            .find_map(|v| ContentKind::parse(v))
            .or(defaults.content);
        let class = values("class")
            .iter()
            .find_map(|v| ProductClass::parse(v))
            .or(defaults.class);
        let inferred = (content.is_none() && class.is_none())
            .then(|| infer::infer_legal(doc).or_else(|| infer::infer(doc)))
            .flatten();
        Page {
            markets,
            content: content.or(inferred.as_ref().map(|i| i.content)),
            class: class.or(inferred.as_ref().and_then(|i| i.class)),
            inferred,
        }
    }

    /// A legal page (declared or inferred): not checked for claims.
    pub fn is_legal(&self) -> bool {
        self.content == Some(ContentKind::Legal)
    }
}
