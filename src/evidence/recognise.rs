//! Recognising sources: which links, footnotes, references and comments
//! point to a study, and which do not.
//!
//! A claim is backed when its sentence carries a source: a footnote whose
//! definition names a study, a link to a DOI, PubMed, PMC, a journal or a
//! trial registry, an author–year reference, a study named by design and
//! date, or an `<!-- evidence: DESIGN [REF] -->` comment. A link to a shop,
//! a brand's site or a social post is not a source. This module classifies
//! references; it does not decide which sentence a reference belongs to.

use crate::lazy_regex::LazyRegex;
use serde::Serialize;

use super::tier::{Population, Tier};

static DOI_SYNTAX: LazyRegex = LazyRegex::new(r"^10\.\d{4,9}/[-._;()/:<>\[\]A-Za-z0-9]+$");

/// Checks a DOI's syntax (Crossref's pattern: `10.` + registrant + `/` +
/// suffix). Accepts a `doi:` prefix or a doi.org URL.
pub fn check_doi(s: &str) -> Result<String, String> {
    let t = s.trim();
    let t = t
        .strip_prefix("https://doi.org/")
        .or_else(|| t.strip_prefix("http://doi.org/"))
        .or_else(|| t.strip_prefix("https://dx.doi.org/"))
        .or_else(|| t.strip_prefix("http://dx.doi.org/"))
        .or_else(|| t.strip_prefix("doi:"))
        .or_else(|| t.strip_prefix("DOI:"))
        .unwrap_or(t)
        .trim();
    if DOI_SYNTAX.is_match(t) {
        Ok(t.to_ascii_lowercase())
    } else if !t.starts_with("10.") {
        Err(format!("`{t}` is not a DOI: a DOI starts with `10.`"))
    } else if !t.contains('/') {
        Err(format!(
            "`{t}` is not a DOI: it has no `/suffix` after the registrant"
        ))
    } else {
        Err(format!(
            "`{t}` is not a DOI: a registrant is 4 to 9 digits, and the suffix has no spaces"
        ))
    }
}

/// Checks a PubMed id: 1 to 8 digits, with an optional `PMID:` prefix.
pub fn check_pmid(s: &str) -> Result<String, String> {
    let t = s.trim();
    let t = t
        .strip_prefix("pmid:")
        .or_else(|| t.strip_prefix("PMID:"))
        .or_else(|| t.strip_prefix("PMID"))
        .unwrap_or(t)
        .trim();
    if !t.is_empty() && t.len() <= 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(t.trim_start_matches('0').to_string())
    } else {
        Err(format!("`{t}` is not a PubMed id: a PMID is 1 to 8 digits"))
    }
}

/// The DOI inside a doi.org link or `doi:` text, lowercased.
pub fn doi_of(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let i = lower.find("10.")?;
    let cand = s[i..].trim_end_matches(['.', ',', ';', ')', ']']);
    check_doi(cand).ok()
}

/// The PMID in a PubMed link or `PMID:` text.
pub fn pmid_of(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    if let Some(i) = lower
        .find("pubmed.ncbi.nlm.nih.gov/")
        .map(|i| i + 24)
        .or_else(|| lower.find("/pubmed/").map(|i| i + 8))
    {
        let digits: String = lower[i..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        return check_pmid(&digits).ok();
    }
    let digits = PMID.capture(s, 1)?;
    check_pmid(&s[digits]).ok()
}

/// The well-formed identifier a malformed one was meant to be, when only
/// its prefix is wrong and the rest is unambiguous: a doubled or mixed-up
/// prefix (`https://doi.org/doi:10.1001/x`, `doi: doi:10.1001/x`,
/// `PMID: PMID 17515510`, `pubmed.ncbi.nlm.nih.gov/PMID17515510/`). The
/// form is kept: a link stays a link, text stays text. `None` when the
/// identifier itself is broken (a DOI with no suffix, a PMID of ten
/// digits): only its author knows the answer.
pub fn repair_identifier(written: &str) -> Option<String> {
    let t = written.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(i) = lower.find("pubmed.ncbi.nlm.nih.gov/") {
        let rest = &t[i + 24..];
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let digits = strip_prefixes(&rest[..end], &["pmid"])?;
        check_pmid(digits).ok()?;
        return Some(format!("{}{digits}{}", &t[..i + 24], &rest[end..]));
    }
    if lower.starts_with("pmid") {
        let digits = strip_prefixes(t, &["pmid"])?;
        check_pmid(digits).ok()?;
        return Some(format!("PMID: {digits}"));
    }
    let core = strip_prefixes(
        t,
        &[
            "https://doi.org/",
            "http://doi.org/",
            "https://dx.doi.org/",
            "http://dx.doi.org/",
            "doi.org/",
            "doi",
        ],
    )?;
    let doi = check_doi(core).ok()?;
    if !core.eq_ignore_ascii_case(&doi) {
        return None;
    }
    Some(if lower.starts_with("http") {
        format!("https://doi.org/{core}")
    } else {
        format!("doi:{core}")
    })
}

/// `s` without any run of `prefixes` (any case), colons, `#` and spaces
/// before it; `None` when nothing is left.
fn strip_prefixes<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    let mut rest = s;
    loop {
        let trimmed = rest.trim_start_matches([' ', ':', '#', '\t']);
        let lower = trimmed.to_ascii_lowercase();
        match prefixes.iter().find(|p| lower.starts_with(*p)) {
            Some(p) => rest = &trimmed[p.len()..],
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    (!rest.is_empty()).then_some(rest)
}

// The study designs and populations `infer_design` reads.
static PRECLINICAL: LazyRegex = LazyRegex::new(
    r"(?i)\b(in[ -]vitro|ex[ -]vivo|in mice|murine|mouse|mice|rats?\b|rodent|porcine|animal (?:model|study|studies)|cell cultures?|cultured|fibroblasts?|keratinocytes?|petri)",
);
static SR: LazyRegex = LazyRegex::new(r"(?i)\b(systematic review|meta-analys[ie]s|cochrane)");
static RCT: LazyRegex = LazyRegex::new(
    r"(?i)\b(randomi[sz]ed|rct\b|double-blind|placebo-controlled|split-face (?:randomi|trial|rct))",
);
// "Non-randomised" contains "randomised": checked before RCT, so a
// non-randomised or quasi-randomised study is read as controlled (T3,
// "pseudo-RCT" in docs/regulation.md (evidence tiers)), not as a randomised trial.
static NOT_RANDOMISED: LazyRegex =
    LazyRegex::new(r"(?i)\b(?:non|not|quasi|pseudo)[- ]?randomi[sz]ed");
static CONTROLLED: LazyRegex = LazyRegex::new(
    r"(?i)\b(controlled (?:trial|study)|cohort|case-control|comparative study|non-randomi[sz]ed)",
);
static UNCONTROLLED: LazyRegex = LazyRegex::new(
    r"(?i)\b(case series|case report|single-arm|open-label|pilot|uncontrolled|consumer (?:panel|perception|study)|self-assessment|before and after)",
);
// Which preclinical population a preclinical source studied: cells.
static IN_VITRO: LazyRegex =
    LazyRegex::new(r"(?i)in[ -]vitro|cell|fibroblast|keratinocyte|petri|cultured");

/// Compiles the patterns that recognise sources ahead of need (see
/// [`crate::Linter::warm_up`]).
pub(crate) fn warm_up() {
    for re in [
        &PRECLINICAL,
        &SR,
        &RCT,
        &NOT_RANDOMISED,
        &CONTROLLED,
        &UNCONTROLLED,
        &IN_VITRO,
        &DOI_SYNTAX,
        &DOI,
        &PMID,
        &PMC,
        &AUTHOR_YEAR,
        &DESIGN_DATE,
        &JOURNAL_TEXT,
        &YEAR,
    ] {
        re.warm_up();
    }
}

/// Study design and population read from a reference's own words ("a
/// randomised trial", "in mice"). Used when no registry entry says more.
pub fn infer_design(text: &str) -> Option<(Tier, Population)> {
    if PRECLINICAL.is_match(text) {
        let pop = if IN_VITRO.is_match(text) {
            Population::InVitro
        } else if text.to_ascii_lowercase().contains("ex vivo")
            || text.to_ascii_lowercase().contains("ex-vivo")
        {
            Population::ExVivo
        } else {
            Population::Animal
        };
        return Some((Tier::Preclinical, pop));
    }
    let tier = if SR.is_match(text) {
        Tier::SystematicReview
    } else if NOT_RANDOMISED.is_match(text) {
        Tier::Controlled
    } else if RCT.is_match(text) {
        Tier::Rct
    } else if CONTROLLED.is_match(text) {
        Tier::Controlled
    } else if UNCONTROLLED.is_match(text) {
        Tier::Uncontrolled
    } else {
        return None;
    };
    Some((tier, Population::Human))
}

/// What kind of source a reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationKind {
    /// A footnote whose definition names a study.
    Footnote,
    /// A DOI (link or text).
    Doi,
    /// A PubMed id or link.
    Pubmed,
    /// A PubMed Central id or link.
    Pmc,
    /// A link to a journal or publisher.
    Journal,
    /// A trial registry entry.
    Registry,
    /// "(Lee et al., 2021)".
    AuthorYear,
    /// "– RCT March 2019".
    StudyDesign,
    /// `<!-- evidence: … -->`.
    Comment,
    /// A regulator's own record of an approval, clearance, listing or
    /// registration (Drugs@FDA, the 510(k) database, the ARTG, …).
    Approval,
    /// Any other link: a source only when its URL is in the evidence
    /// registry (a consumer-panel report on a brand's site, say).
    Link,
}

impl CitationKind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::Footnote => "footnote",
            CitationKind::Doi => "doi",
            CitationKind::Pubmed => "pubmed",
            CitationKind::Pmc => "pmc",
            CitationKind::Journal => "journal",
            CitationKind::Registry => "registry",
            CitationKind::AuthorYear => "author-year",
            CitationKind::StudyDesign => "study-design",
            CitationKind::Comment => "comment",
            CitationKind::Approval => "approval-record",
            CitationKind::Link => "link",
        }
    }
}

/// Regulators' public registers of approved, cleared, listed or registered
/// products, as (host, path prefix): a link there is the source of an
/// approval claim. Sources: the FDA's databases (Drugs@FDA, 510(k), PMA,
/// De Novo) on accessdata.fda.gov; the TGA's ARTG; HSA's infosearch;
/// EUDAMED and EMA's EPARs; the MHRA's product and device registers;
/// Health Canada's drug and device databases.
const APPROVAL_REGISTERS: &[(&str, &str)] = &[
    ("accessdata.fda.gov", "/"),
    ("tga.gov.au", "/resources/artg"),
    ("ebs.tga.gov.au", "/"),
    ("eservice.hsa.gov.sg", "/"),
    ("infosearch.hsa.gov.sg", "/"),
    ("ec.europa.eu", "/tools/eudamed"),
    ("ema.europa.eu", "/en/medicines/human/epar"),
    ("products.mhra.gov.uk", "/"),
    ("pard.mhra.gov.uk", "/"),
    ("health-products.canada.ca", "/"),
];

/// Journal and publisher hosts whose links count as sources.
const JOURNAL_HOSTS: &[&str] = &[
    "doi.org",
    "jamanetwork.com",
    "nejm.org",
    "thelancet.com",
    "bmj.com",
    "nature.com",
    "sciencedirect.com",
    "springer.com",
    "link.springer.com",
    "wiley.com",
    "onlinelibrary.wiley.com",
    "tandfonline.com",
    "karger.com",
    "sagepub.com",
    "journals.sagepub.com",
    "academic.oup.com",
    "oup.com",
    "mdpi.com",
    "frontiersin.org",
    "plos.org",
    "journals.plos.org",
    "cochranelibrary.com",
    "jaad.org",
    "jaadcasereports.org",
    "jidonline.org",
    "journals.lww.com",
    "lww.com",
    "liebertpub.com",
    "dovepress.com",
    "hindawi.com",
    "cell.com",
    "science.org",
    "pnas.org",
    "ahajournals.org",
    "biomedcentral.com",
    "bmcdermatol.biomedcentral.com",
    "scielo.br",
    "jstage.jst.go.jp",
    "europepmc.org",
    "semanticscholar.org",
    "researchgate.net",
    "jcadonline.com",
    "jddonline.com",
    "ijdvl.com",
    "e-ijd.org",
    "medicaljournals.se",
    "actadv.com",
    "dermatologytimes.com",
    "annalsofdermatology.org",
    "bjd.oxfordjournals.org",
    "scholar.google.com",
    "arxiv.org",
    "medrxiv.org",
    "biorxiv.org",
    "cosmeticsandtoiletries.com",
];

const REGISTRY_HOSTS: &[&str] = &[
    "clinicaltrials.gov",
    "isrctn.com",
    "anzctr.org.au",
    "clinicaltrialsregister.eu",
    "trialsearch.who.int",
    "who.int",
    "chictr.org.cn",
    "ctri.nic.in",
    "jrct.niph.go.jp",
    "euclinicaltrials.eu",
];

static DOI: LazyRegex =
    LazyRegex::new(r"(?i)\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\]\)>,;]+)");
static PMID: LazyRegex = LazyRegex::new(r"(?i)\bpmid:?\s*(\d{1,9})\b");
static PMC: LazyRegex = LazyRegex::new(r"\bPMC\d{4,9}\b");
static AUTHOR_YEAR: LazyRegex = LazyRegex::new(
    r"\((?:see\s+)?\p{Lu}[\p{L}'’\-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'’\-]+)?,?\s+(?:19|20)\d{2}[a-z]?(?:[;,][^)]{0,80})?\)|\b\p{Lu}[\p{L}'’\-]+\s+et\s+al\.?,?\s*\(?(?:19|20)\d{2}\)?",
);
static DESIGN_DATE: LazyRegex = LazyRegex::new(
    r"(?i)\b(?:rct|randomi[sz]ed(?:\s+controlled)?\s+trial|double-blind(?:ed)?\s+(?:trial|study)|split-face\s+(?:study|trial|rct)|meta-analysis|systematic\s+review|cohort\s+study|clinical\s+trial)\b[^.;\n]{0,25}?\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d{2}\b",
);
static JOURNAL_TEXT: LazyRegex = LazyRegex::new(
    r"(?i)\b(?:journal|j\.?\s+(?:am|cosmet|clin|invest|drugs|dermatol|eur)|dermatol(?:ogy|\.)|jama|nejm|lancet|bmj|br\s+j|int\s+j|clin\s+cosmet|plos|cochrane|pubmed|clinicaltrials\.gov|arch\s+dermatol|dermatol\s+surg|skin\s+pharmacol|aesthet\s+surg|plast\s+reconstr|lasers\s+surg|facial\s+plast)\b",
);
static YEAR: LazyRegex = LazyRegex::new(r"\b(?:19|20)\d{2}\b");

/// Classifies a link destination; `None` for anything that is not a source
/// (shops, brand sites, social posts, internal pages).
pub fn classify_url(url: &str) -> Option<CitationKind> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let path = &rest[rest.find('/').unwrap_or(rest.len())..];
    let on = |h: &str| host == h || host.ends_with(&format!(".{h}"));
    if on("doi.org") || path.contains("/doi/") && JOURNAL_HOSTS.iter().any(|h| on(h)) {
        return Some(CitationKind::Doi);
    }
    if on("pubmed.ncbi.nlm.nih.gov") || on("ncbi.nlm.nih.gov") && path.starts_with("/pubmed") {
        return Some(CitationKind::Pubmed);
    }
    if on("ncbi.nlm.nih.gov") && path.contains("/pmc")
        || on("pmc.ncbi.nlm.nih.gov")
        || on("europepmc.org")
    {
        return Some(CitationKind::Pmc);
    }
    if APPROVAL_REGISTERS
        .iter()
        .any(|(h, prefix)| on(h) && path.starts_with(prefix))
    {
        return Some(CitationKind::Approval);
    }
    if REGISTRY_HOSTS.iter().any(|h| on(h)) && (host != "who.int" || path.contains("ictrp")) {
        return Some(CitationKind::Registry);
    }
    if JOURNAL_HOSTS.iter().any(|h| on(h)) || on("nih.gov") && !on("medlineplus.gov") {
        return Some(CitationKind::Journal);
    }
    if lower.starts_with("doi:") || DOI.is_match(&lower) && lower.starts_with("10.") {
        return Some(CitationKind::Doi);
    }
    None
}

/// Whether a footnote definition names a study.
pub fn footnote_names_study(text: &str, urls: &[String]) -> bool {
    urls.iter().any(|u| classify_url(u).is_some())
        || DOI.is_match(text)
        || PMID.is_match(text)
        || PMC.is_match(text)
        || AUTHOR_YEAR.is_match(text)
        || DESIGN_DATE.is_match(text)
        || (JOURNAL_TEXT.is_match(text) && YEAR.is_match(text))
        || text.contains("et al") && YEAR.is_match(text)
        // "An open-label consumer panel of 30 women, 2021": a study
        // described by its design.
        || infer_design(text).is_some() && YEAR.is_match(text)
}

/// A source found in prose text, with its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextCitation {
    /// Byte range in the text searched.
    pub range: std::ops::Range<usize>,
    /// What kind of source.
    pub kind: CitationKind,
    /// The reference as written.
    pub reference: String,
}

/// Sources written in prose: author–year references, studies named by
/// design and date, bare DOIs and PMIDs.
pub fn find_in_text(text: &str) -> Vec<TextCitation> {
    let mut out = Vec::new();
    // Every form below has a digit (a year, `10.`, an id): most prose has
    // none and skips the regexes.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    for (re, kind) in [
        (&AUTHOR_YEAR, CitationKind::AuthorYear),
        (&DESIGN_DATE, CitationKind::StudyDesign),
        (&DOI, CitationKind::Doi),
        (&PMID, CitationKind::Pubmed),
        (&PMC, CitationKind::Pmc),
    ] {
        for m in re.find_iter(text) {
            if out
                .iter()
                .any(|o: &TextCitation| o.range.start < m.end && m.start < o.range.end)
            {
                continue;
            }
            // A DOI at the end of a sentence does not own its full stop.
            let trimmed = text[m.clone()].trim_end_matches(['.', ',', ';', ':']);
            let range = m.start..m.start + trimmed.len();
            out.push(TextCitation {
                range,
                kind,
                reference: trimmed.to_string(),
            });
        }
    }
    out.sort_by_key(|s| s.range.start);
    out
}

/// A parsed `<!-- evidence: DESIGN [REF] -->` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceComment {
    /// The design's tier, or `None` when the design word is unknown.
    pub tier: Option<Tier>,
    /// The design as written.
    pub design: String,
    /// DOI, PMID or URL, when given.
    pub reference: Option<String>,
}

/// Parses the inner text of an HTML comment as an evidence comment.
pub fn parse_evidence_comment(inner: &str) -> Option<EvidenceComment> {
    let rest = inner.trim().strip_prefix("evidence:")?.trim();
    let mut parts = rest.split_whitespace();
    let design = parts.next()?.to_string();
    let reference = parts.next().map(str::to_string);
    Some(EvidenceComment {
        tier: Tier::parse(&design),
        design,
        reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_prefix_is_repaired_and_the_form_kept() {
        let cases = [
            (
                "https://doi.org/doi:10.1001/archderm.143.5.606",
                "https://doi.org/10.1001/archderm.143.5.606",
            ),
            (
                "https://doi.org/https://doi.org/10.1001/x.1",
                "https://doi.org/10.1001/x.1",
            ),
            ("doi: DOI:10.1001/x.1", "doi:10.1001/x.1"),
            ("PMID: PMID 17515510", "PMID: 17515510"),
            ("pmid::17515510", "PMID: 17515510"),
            (
                "https://pubmed.ncbi.nlm.nih.gov/PMID17515510/",
                "https://pubmed.ncbi.nlm.nih.gov/17515510/",
            ),
        ];
        for (bad, good) in cases {
            assert_eq!(repair_identifier(bad).as_deref(), Some(good), "{bad}");
            // What it gives is well formed.
            if good.contains("10.") {
                assert!(check_doi(good).is_ok(), "{good}");
            }
        }
    }

    #[test]
    fn a_broken_identifier_is_not_guessed() {
        for bad in [
            "doi:10.1001",
            "https://doi.org/10.1001/has space",
            "https://pubmed.ncbi.nlm.nih.gov/1234567890/",
            "PMID: 1234567890",
            "PMID:",
            "https://doi.org/",
        ] {
            assert_eq!(repair_identifier(bad), None, "{bad}");
        }
    }

    #[test]
    fn scholarly_links_are_sources() {
        assert_eq!(
            classify_url("https://doi.org/10.1111/jocd.15869"),
            Some(CitationKind::Doi)
        );
        assert_eq!(
            classify_url("https://pubmed.ncbi.nlm.nih.gov/17515510/"),
            Some(CitationKind::Pubmed)
        );
        assert_eq!(
            classify_url("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5605218/"),
            Some(CitationKind::Pmc)
        );
        assert_eq!(
            classify_url("https://clinicaltrials.gov/study/NCT01234567"),
            Some(CitationKind::Registry)
        );
        assert_eq!(
            classify_url("https://jamanetwork.com/journals/x"),
            Some(CitationKind::Journal)
        );
    }

    #[test]
    fn shops_brands_and_social_posts_are_not() {
        for u in [
            "https://www.amazon.com/serum",
            "https://theordinary.com/en-us/niacinamide",
            "https://www.instagram.com/p/abc",
            "https://www.tiktok.com/@clinic",
            "/treatments/botox",
            "https://notdoi.org.example.com/x",
        ] {
            assert_eq!(classify_url(u), None, "{u}");
        }
    }

    #[test]
    fn footnotes_that_name_studies() {
        assert!(footnote_names_study(
            "Kafi R, et al. Arch Dermatol. 2007;143(5):606-12.",
            &[]
        ));
        assert!(footnote_names_study(
            "See doi:10.1001/archderm.143.5.606",
            &[]
        ));
        assert!(footnote_names_study("PMID: 17515510", &[]));
        assert!(!footnote_names_study(
            "Shop the serum on our website.",
            &["https://shop.example.com".into()]
        ));
    }

    #[test]
    fn author_year_and_design_date_in_text() {
        let t = "Retinol improved fine lines (Kafi et al., 2007) and in an RCT March 2019 too.";
        let kinds: Vec<CitationKind> = find_in_text(t).into_iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [CitationKind::AuthorYear, CitationKind::StudyDesign]);
        assert!(find_in_text("We opened in 2019 (our tenth year).").is_empty());
        let dois = find_in_text("See doi:10.1000/xyz.");
        assert_eq!(dois[0].reference, "doi:10.1000/xyz");
    }

    #[test]
    fn identifiers_are_checked() {
        assert_eq!(
            check_doi("doi:10.1001/archderm.143.5.606").unwrap(),
            "10.1001/archderm.143.5.606"
        );
        assert_eq!(
            check_doi("https://doi.org/10.1111/JOCD.15869").unwrap(),
            "10.1111/jocd.15869"
        );
        assert!(check_doi("10.1001").unwrap_err().contains("no `/suffix`"));
        assert!(check_doi("11.1001/x").is_err());
        assert!(check_doi("10.12/x").is_err());
        assert_eq!(check_pmid("PMID: 17515510").unwrap(), "17515510");
        assert!(check_pmid("17515510x").is_err());
        assert!(check_pmid("123456789").is_err());
        assert_eq!(
            pmid_of("https://pubmed.ncbi.nlm.nih.gov/17515510/").as_deref(),
            Some("17515510")
        );
        assert_eq!(
            doi_of("https://doi.org/10.1001/archderm.143.5.606").as_deref(),
            Some("10.1001/archderm.143.5.606")
        );
    }

    #[test]
    fn designs_are_inferred_from_reference_text() {
        assert_eq!(
            infer_design("A randomised, double-blind trial of retinol"),
            Some((Tier::Rct, Population::Human))
        );
        assert_eq!(
            infer_design("Exosomes stimulate fibroblasts in vitro"),
            Some((Tier::Preclinical, Population::InVitro))
        );
        assert_eq!(
            infer_design("Wound healing in mice"),
            Some((Tier::Preclinical, Population::Animal))
        );
        assert_eq!(
            infer_design("A systematic review and meta-analysis"),
            Some((Tier::SystematicReview, Population::Human))
        );
        assert_eq!(
            infer_design("An open-label pilot study"),
            Some((Tier::Uncontrolled, Population::Human))
        );
        assert_eq!(infer_design("Kafi R. Arch Dermatol. 2007"), None);
        for controlled in [
            "A non-randomised controlled study",
            "A nonrandomized comparison, 2019",
            "A quasi-randomised trial",
            "Patients were not randomised",
        ] {
            assert_eq!(
                infer_design(controlled),
                Some((Tier::Controlled, Population::Human)),
                "{controlled}"
            );
        }
    }

    #[test]
    fn tiers_order_and_weaken() {
        assert!(
            Tier::SystematicReview > Tier::Rct
                && Tier::Rct > Tier::Controlled
                && Tier::Preclinical > Tier::Opinion
        );
        assert_eq!(Tier::Rct.weaker(), Tier::Controlled);
        assert_eq!(Tier::Opinion.weaker(), Tier::Opinion);
    }

    #[test]
    fn evidence_comments() {
        let c = parse_evidence_comment(" evidence: rct doi:10.1111/jocd.15869 ").unwrap();
        assert_eq!(c.tier, Some(Tier::Rct));
        assert_eq!(c.reference.as_deref(), Some("doi:10.1111/jocd.15869"));
        assert!(parse_evidence_comment("claimlint-disable CL001").is_none());
        assert_eq!(
            parse_evidence_comment("evidence: hearsay").unwrap().tier,
            None
        );
    }
}
