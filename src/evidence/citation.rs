//! A citation: a source a claim carries, and what it resolved to (tier,
//! population, subject, registry entry).
//!
//! Owns the type. Does not own finding citations (`attach`) or grading
//! them (`policy`).

use std::ops::Range;

use super::recognise::CitationKind;
use super::tier::{Population, Subject, Tier};

/// How a source's tier was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TierOrigin {
    /// Not determined: the source is not in the registry and its text does
    /// not say.
    #[default]
    Unknown,
    /// From the evidence registry.
    Registry,
    /// Declared by an `<!-- evidence: … -->` comment.
    Declared,
    /// Read from the reference's own words ("a randomised trial").
    Inferred,
}

impl TierOrigin {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            TierOrigin::Unknown => "unknown",
            TierOrigin::Registry => "registry",
            TierOrigin::Declared => "declared",
            TierOrigin::Inferred => "inferred",
        }
    }
}

/// A source a claim cites: a footnote, link, in-text reference or
/// evidence comment, and what it was resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// What kind of source.
    pub kind: CitationKind,
    /// The reference: a footnote label, URL, DOI or the text as written.
    pub reference: String,
    /// Where it is in the file.
    pub span: Range<usize>,
    /// Its study design as a tier, when known.
    pub tier: Option<Tier>,
    /// How the tier was determined.
    pub tier_origin: TierOrigin,
    /// Who was studied, when known.
    pub population: Option<Population>,
    /// What was tested, when known.
    pub subject: Option<Subject>,
    /// The registry entry it resolved to.
    pub registry_id: Option<String>,
    /// Its DOI, when known.
    pub doi: Option<String>,
    /// What it is worth for this claim (see [`super::policy::Policy::effective`]).
    pub effective: Option<Tier>,
    /// Why it was set aside as not a source for this claim, though it
    /// names a study or record.
    pub set_aside: Option<SetAside>,
}

/// Why a citation that names a study or record is not a source for a
/// claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetAside {
    /// Its registry entry backs these kinds of claim only (`supports`),
    /// and the claim is of another kind.
    OtherKinds(Vec<&'static str>),
    /// The claim asserts a regulatory approval, and this is a study.
    NotAnApproval,
    /// This is a regulator's record, and the claim is not about approval.
    ApprovalOnly,
}

impl Citation {
    /// A source with nothing resolved yet.
    pub fn new(kind: CitationKind, reference: String, span: Range<usize>) -> Self {
        Citation {
            kind,
            reference,
            span,
            tier: None,
            tier_origin: TierOrigin::Unknown,
            population: None,
            subject: None,
            registry_id: None,
            doi: None,
            effective: None,
            set_aside: None,
        }
    }
}
