//! Evidence: what a claim's sources are worth, and whether that is enough.
//!
//! `tier` names study designs; `recognise` tells which references point to
//! a study; `citation` is a source a claim carries; `registry` reads
//! `evidence.toml`; `policy` says which tier each kind of claim needs; and
//! `attach` resolves each claim's citations and grades the claim. This
//! module only declares and re-exports.

pub mod attach;
pub mod citation;
pub mod policy;
pub mod recognise;
pub mod registry;
pub mod tier;

pub use citation::{Citation, TierOrigin};
pub use recognise::{
    CitationKind, EvidenceComment, TextCitation, check_doi, check_pmid, classify_url, doi_of,
    find_in_text, footnote_names_study, infer_design, parse_evidence_comment, pmid_of,
};
pub use tier::{Population, Subject, Tier};
