//! The claims register: each claim with its status (supported,
//! insufficient, unsupported or suppressed) and the reason for a waiver,
//! computed in this one place.
//!
//! Owns the status of a claim. Does not own finding claims, grading their
//! evidence (`claims`, `policy`) or applying suppressions (`suppress`).

use std::collections::HashMap;
use std::ops::Range;

use crate::claims::Claim;
use crate::evidence::policy::Policy;
use crate::suppress::Directives;

/// The status of a claim in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    /// Carries a source, strong enough (or of unknown tier).
    Supported,
    /// Carries a source, but weaker than the claim needs.
    Insufficient,
    /// Carries none.
    Unsupported,
    /// A finding about it was suppressed by a directive.
    Suppressed,
}

impl ClaimStatus {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Supported => "supported",
            ClaimStatus::Insufficient => "insufficient",
            ClaimStatus::Unsupported => "unsupported",
            ClaimStatus::Suppressed => "suppressed",
        }
    }
}

/// A claim with its register status.
#[derive(Debug, Clone)]
pub struct ClaimRecord {
    /// The claim.
    pub claim: Claim,
    /// Its status.
    pub status: ClaimStatus,
    /// The reason given by the suppression, when suppressed.
    pub suppression_reason: Option<String>,
}

/// The register of one file's claims. `suppressed` holds the span of each
/// finding a directive suppressed, with the directive's reason.
pub fn records(
    claims: Vec<Claim>,
    suppressed: &[(Range<usize>, String)],
    directives: &Directives,
    policy: &Policy,
) -> Vec<ClaimRecord> {
    let by_span: HashMap<(usize, usize), &String> = suppressed
        .iter()
        .map(|(span, r)| ((span.start, span.end), r))
        .collect();
    claims
        .into_iter()
        .map(|claim| {
            let reported = by_span
                .get(&(claim.trigger_span.start, claim.trigger_span.end))
                .map(|r| (*r).clone());
            // A claim no rule reported (its rule is off, or it is
            // supported) still shows as suppressed under an all-rules
            // directive unless it carries a source.
            let at = claim.trigger_span.start;
            let blanket = directives
                .suppressions
                .iter()
                .find(|s| s.codes.is_empty() && s.covers("", at))
                .map(|s| s.reason.clone());
            let (status, suppression_reason) = status_of(&claim, reported, blanket, policy);
            ClaimRecord {
                claim,
                status,
                suppression_reason,
            }
        })
        .collect()
}

/// A claim's status: suppressed when a finding about it was, else by its
/// sources and the tier they reach, else suppressed by a blanket
/// directive, else unsupported.
fn status_of(
    claim: &Claim,
    reported: Option<String>,
    blanket: Option<String>,
    policy: &Policy,
) -> (ClaimStatus, Option<String>) {
    let insufficient = match (claim.tier_needed, claim.tier_found) {
        (Some(needed), Some(found)) => found < needed,
        // With a required registry, a source of unknown tier does not
        // count.
        (Some(_), None) => policy.require_registry,
        _ => false,
    };
    match (reported, blanket) {
        (Some(r), _) => (ClaimStatus::Suppressed, Some(r)),
        _ if !claim.sources.is_empty() && insufficient => (ClaimStatus::Insufficient, None),
        _ if !claim.sources.is_empty() => (ClaimStatus::Supported, None),
        (None, Some(r)) => (ClaimStatus::Suppressed, Some(r)),
        (None, None) => (ClaimStatus::Unsupported, None),
    }
}
