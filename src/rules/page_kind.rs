//! Inferring what a page is when its front matter does not say.
//!
//! Owns: reading a page's content for the signs of a cosmetic product page
//! (a cream, serum or wash for sale, with no procedure on offer), and the
//! words of the note that says so. Does not own: declared kinds (front
//! matter and configuration win; see `lint::page_under`) or which rules run
//! on which kind (the packs' `content` and `class` filters).
//!
//! Only a cosmetic product page is inferred, because only the cosmetic rules
//! (`structure-function-cosmetic`, `disease-claim`) depend on it and ad pages
//! almost never declare it. Clinic service pages are already assumed when
//! nothing is declared, and articles are left to declare themselves.

use std::sync::LazyLock;

use regex::Regex;

use crate::markdown::{BlockKind, Document};

/// What was inferred, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    /// The content kind inferred (`product`).
    pub content: &'static str,
    /// The product class inferred (`cosmetic`).
    pub class: &'static str,
    /// The words that showed it, for the note.
    pub because: String,
}

/// A cosmetic's form, named in a title, heading or "our … serum".
static COSMETIC_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(serum|serums|cream|creams|moistu?ri[sz]er|cleanser|face wash|body wash|wash|lotion|gel|mask|toner|facial oil|face oil|body oil|oil|balm|sunscreen|spf \d+|essence|ampoule|mist|scrub|exfoliant|exfoliator|shampoo|conditioner|body butter|night cream|eye cream|day cream|primer|foundation|concealer|lip balm|lip gloss|gloss|plumper|lipstick|peel pads|patches|skincare|skin care)\b")
        .expect("cosmetic-form regex")
});

/// "Our new firming serum", "this cream": a page selling one.
static OUR_PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(our|this|the|new)\s+([\w-]+\s+){0,3}?(serum|cream|moistu?ri[sz]er|cleanser|wash|lotion|gel|mask|toner|oil|balm|sunscreen|essence|ampoule|scrub|shampoo|body butter)\b")
        .expect("our-product regex")
});

/// Signs of a procedure or clinic service: not a product page.
static SERVICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(inject\w*|filler|fillers|laser|surgery|surgical|surgeon|hifu|microneedling|procedure|procedures|anaesthe\w+|anesthe\w+|downtime|practitioner|injector|per session|per area|treatment room|thread lift|liposuction|radiofrequency|prescri\w+)\b")
        .expect("service regex")
});

/// Infers a cosmetic product page, or nothing.
pub fn infer(doc: &Document) -> Option<Inferred> {
    let title = doc.blocks.iter().find(|b| {
        matches!(b.kind, BlockKind::Heading(_))
            || matches!(&b.kind, BlockKind::FrontMatter(k) if k.ends_with("title") || k == "name")
    });
    let first_para = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Paragraph));
    let shown = title
        .and_then(|t| COSMETIC_FORM.find(&t.text))
        .or_else(|| first_para.and_then(|p| OUR_PRODUCT.find(&p.text)))?;
    let because = shown.as_str().to_string();
    let service = doc
        .blocks
        .iter()
        .map(|b| SERVICE.find_iter(&b.text).count())
        .sum::<usize>();
    if service > 0 {
        return None;
    }
    let names_medicine = doc
        .blocks
        .iter()
        .any(|b| super::medicines::MEDICINES.mentions(&b.text));
    if names_medicine {
        return None;
    }
    Some(Inferred {
        content: "product",
        class: "cosmetic",
        because,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Option<Inferred> {
        let source = crate::source::SourceFile::new("p.md", text);
        infer(&crate::markdown::parse(
            &source,
            &crate::markdown::ParseOptions::default(),
        ))
    }

    #[test]
    fn a_product_page_is_a_cosmetic() {
        assert_eq!(
            page("# Calm skin cream\n\nClears eczema in a week.\n").map(|i| i.because),
            Some("cream".into())
        );
        assert!(page("Our new clarifying wash ends breakouts for good.\n").is_some());
    }

    #[test]
    fn a_clinic_page_is_not() {
        assert!(page("# Laser for acne\n\nOur laser clears acne.\n").is_none());
        assert!(page("# Skin clinic\n\nBook a facial.\n").is_none());
        assert!(page("# Tretinoin cream\n\nAsk us about it.\n").is_none());
    }
}
