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

use crate::markdown::Document;

pub use infer::Inferred;

/// Declares a closed vocabulary: an enum with its names, `ALL`, `NAMES`,
/// `as_str` and case-insensitive `parse`.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every name, in display order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The name used in configuration and output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value named `s` (any case, surrounding space ignored).
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// A market whose rule pack can apply.
    Market {
        /// United States: FTC and FDA.
        Us = "us",
        /// United Kingdom: ASA/CAP Code and MHRA.
        Uk = "uk",
        /// European Union and Ireland: Regulation 655/2013, ASAI.
        Eu = "eu",
        /// Singapore: MOH and HSA.
        Sg = "sg",
        /// Australia: AHPRA and TGA.
        Au = "au",
    }
}

vocabulary! {
    /// What a page is for.
    ContentKind {
        /// A clinic's treatment or service page.
        Service = "service",
        /// A product for sale.
        Product = "product",
        /// An article, review or news piece.
        Editorial = "editorial",
    }
}

vocabulary! {
    /// What kind of product a page is about, in regulatory terms.
    ProductClass {
        /// A cosmetic.
        Cosmetic = "cosmetic",
        /// A medical device.
        Device = "device",
        /// A medicine.
        Medicine = "medicine",
        /// A biologic.
        Biologic = "biologic",
    }
}

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
            .then(|| infer::infer(doc))
            .flatten();
        Page {
            markets,
            content: content.or(inferred.as_ref().map(|i| i.content)),
            class: class.or(inferred.as_ref().map(|i| i.class)),
            inferred,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_any_case() {
        for m in Market::ALL {
            assert_eq!(Market::parse(&m.as_str().to_uppercase()), Some(*m));
        }
        assert_eq!(Market::NAMES, ["us", "uk", "eu", "sg", "au"]);
        assert_eq!(
            ContentKind::parse(" Editorial "),
            Some(ContentKind::Editorial)
        );
        assert_eq!(ProductClass::parse("drug"), None);
    }
}
