//! Inferring what a page is when its front matter does not say.
//!
//! Owns: reading a page's content for the signs of a cosmetic product page
//! (a cream, serum or wash for sale, with no procedure on offer), and the
//! words of the note that says so. Does not own: declared kinds (front
//! matter and configuration win; see `Page::resolve`) or which rules run
//! on which kind (the packs' `content` and `class` filters).
//!
//! Two kinds are inferred. A legal page (privacy, terms, cookie or HIPAA
//! notice) by its title and legal language in several paragraphs: it is
//! not checked for claims. A cosmetic product page, because the cosmetic rules
//! (`structure-function-cosmetic`, `disease-claim`) depend on it and ad pages
//! almost never declare it. Clinic service pages are already assumed when
//! nothing is declared, and articles are left to declare themselves.
//!
//! The kind is a fact about the whole page, so it is read from what does
//! not move when text is added around it: the page's title (front matter,
//! else its H1) and product or procedure vocabulary anywhere on the page.
//! Which paragraph happens to come first plays no part: an opening line
//! about parking must not turn a product page into something else.

use std::ops::Range;

use crate::lazy_regex::LazyRegex;

use super::vocab::{ContentKind, ProductClass};
use crate::markdown::{Block, BlockKind, Document};

/// What was inferred, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    /// The content kind inferred (`product`).
    pub content: ContentKind,
    /// The product class inferred (`cosmetic`), if any.
    pub class: Option<ProductClass>,
    /// The words that showed it, for the note.
    pub because: String,
    /// Where those words are in the source (bytes): the note points there.
    pub span: Range<usize>,
}

/// A cosmetic's form, named in a title, heading or "our … serum".
static COSMETIC_FORM: LazyRegex = LazyRegex::new(
    r"(?i)\b(serum|serums|cream|creams|moistu?ri[sz]er|cleanser|face wash|body wash|wash|lotion|gel|mask|toner|facial oil|face oil|body oil|oil|balm|sunscreen|spf \d+|essence|ampoule|mist|scrub|exfoliant|exfoliator|shampoo|conditioner|body butter|night cream|eye cream|day cream|primer|foundation|concealer|lip balm|lip gloss|gloss|plumper|lipstick|peel pads|patches|skincare|skin care)\b",
);

/// "Our new firming serum", "this cream": a page selling one. Not "the
/// cream", which an article about skincare says as often as a shop does.
static OUR_PRODUCT: LazyRegex = LazyRegex::new(
    r"(?i)\b(our|this|new)\s+([\w-]+\s+){0,3}?(serum|cream|moistu?ri[sz]er|cleanser|wash|lotion|gel|mask|toner|oil|balm|sunscreen|essence|ampoule|scrub|shampoo|body butter)\b",
);

/// Signs of a procedure or clinic service: not a product page.
static SERVICE: LazyRegex = LazyRegex::new(
    r"(?i)\b(inject\w*|filler|fillers|laser|surgery|surgical|surgeon|hifu|microneedling|procedure|procedures|anaesthe\w+|anesthe\w+|downtime|practitioner|injector|per session|per area|treatment room|thread lift|liposuction|radiofrequency|prescri\w+)\b",
);

/// A legal page's title, whole: "Privacy Policy", "Terms & Conditions",
/// "HIPAA Notice of Privacy Practices", with at most three words before it
/// (a site's name). Not "Terms and conditions of treatment" or
/// "HIPAA-secure consultations": the title must end with the notice.
static LEGAL_TITLE: LazyRegex = LazyRegex::new(
    r"(?i)^\s*(\w+\s+){0,3}?(privacy (policy|notice|statement)|(hipaa )?notice of privacy practices|hipaa (notice|policy|privacy notice)|terms (of (use|service|sale))|terms (and|&) conditions|cookies? (policy|notice|statement)|legal (notice|disclaimer)|(website |medical )?disclaimer|accessibility statement|data protection (policy|notice)|refund policy|returns? policy|gdpr (notice|policy)|pdpa (notice|policy))\s*$",
);

/// What legal boilerplate says, and a clinic page rarely does: each match
/// in a different paragraph is one sign.
static LEGAL_TEXT: LazyRegex = LazyRegex::new(
    r"(?i)\b(personal (information|data)|protected health information|we (may )?(collect|disclose|share|process)|third[- ]part(y|ies)|governing law|jurisdiction|liabilit(y|ies)|indemnif\w+|warrant(y|ies)|cookies|opt[- ]out|data (controller|subject|protection)|you agree|these terms|intellectual property|breach notification)\b",
);

/// Compiles the page-kind patterns ahead of need (see
/// [`crate::Linter::warm_up`]).
pub(crate) fn warm_up() {
    for re in [
        &COSMETIC_FORM,
        &OUR_PRODUCT,
        &SERVICE,
        &LEGAL_TITLE,
        &LEGAL_TEXT,
    ] {
        re.warm_up();
    }
}

/// How many paragraphs must read as legal text, besides the title.
const LEGAL_PARAGRAPHS: usize = 3;

/// Infers a legal page: a title that is a legal notice's (front matter or
/// first heading; a site's name after `|`, `-`, `–`, `—` or `:` is set
/// aside) and at least [`LEGAL_PARAGRAPHS`] paragraphs of legal language,
/// so a clinic page that links to its privacy policy, or a post titled
/// "Disclaimer: results vary", is not one.
pub fn infer_legal(doc: &Document) -> Option<Inferred> {
    let t = title(doc)?;
    let part = t
        .text
        .split(['|', '–', '—', ':'])
        .flat_map(|p| p.split(" - "))
        .find(|p| LEGAL_TITLE.is_match(p))?;
    let at = t.text.find(part.trim())?;
    let shown = at..at + part.trim().len();
    let legal = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .filter(|b| LEGAL_TEXT.is_match(&b.text))
        .count();
    (legal >= LEGAL_PARAGRAPHS).then(|| Inferred {
        content: ContentKind::Legal,
        class: None,
        because: t.text[shown.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        span: t.map.span(shown),
    })
}

/// Infers a cosmetic product page, or nothing.
///
/// Every sign is read from the page as a whole: a procedure or a medicine
/// named anywhere rules a product page out; a cosmetic's form in the title,
/// or "our … serum" anywhere, rules it in.
pub fn infer(doc: &Document) -> Option<Inferred> {
    if doc.blocks.iter().any(|b| SERVICE.is_match(&b.text)) {
        return None;
    }
    if doc
        .blocks
        .iter()
        .any(|b| crate::medicines::MEDICINES.mentions(&b.text))
    {
        return None;
    }
    let (block, shown) = title(doc)
        .and_then(|t| COSMETIC_FORM.find(&t.text).map(|m| (t, m)))
        .or_else(|| {
            doc.blocks
                .iter()
                .find_map(|b| OUR_PRODUCT.find(&b.text).map(|m| (b, m)))
        })?;
    Some(Inferred {
        content: ContentKind::Product,
        class: Some(ProductClass::Cosmetic),
        because: block.text[shown.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        span: block.map.span(shown),
    })
}

/// The page's title: a front-matter `title` (or `name`), else its first H1,
/// else, on a page with no H1, its first heading. Paragraphs never count,
/// so adding one anywhere cannot change the title.
fn title(doc: &Document) -> Option<&Block> {
    let front = doc.blocks.iter().find(
        |b| matches!(&b.kind, BlockKind::FrontMatter(k) if k.ends_with("title") || k == "name"),
    );
    front
        .or_else(|| doc.blocks.iter().find(|b| b.kind == BlockKind::Heading(1)))
        .or_else(|| {
            doc.blocks
                .iter()
                .find(|b| matches!(b.kind, BlockKind::Heading(_)))
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
    fn the_kind_belongs_to_the_page_not_its_first_paragraph() {
        let body = "> > *Our\n> > balm heals scars.*\n";
        let plain = page(body).expect("a balm for sale");
        let prefixed = page(&format!("The clinic is on the second floor.\n\n{body}"))
            .expect("still a balm for sale");
        assert_eq!(plain.because, "Our balm");
        assert_eq!(prefixed.because, plain.because);
        assert_eq!(prefixed.span.start - plain.span.start, 36);
        // The title decides, wherever the page's paragraphs put it.
        assert!(page("Parking on Mill Road.\n\n# Calm skin cream\n\nSoothes.\n").is_some());
        // A procedure named anywhere, even last, rules a product out.
        assert!(page("# Glow serum\n\nBrightens.\n\nAsk about laser too.\n").is_none());
    }

    #[test]
    fn an_article_that_mentions_the_cream_is_not() {
        assert!(page("# Eczema explained\n\nApply the cream twice a day.\n").is_none());
    }

    #[test]
    fn a_clinic_page_is_not() {
        assert!(page("# Laser for acne\n\nOur laser clears acne.\n").is_none());
        assert!(page("# Skin clinic\n\nBook a facial.\n").is_none());
        assert!(page("# Tretinoin cream\n\nAsk us about it.\n").is_none());
    }
}
