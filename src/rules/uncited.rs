//! Shared reporting for "claim without a source" rules.

use super::context::{Context, label};
use crate::claims::Claim;
use crate::evidence::CitationKind;
use crate::evidence::citation::{Citation, SetAside};

/// Reports every claim accepted by `select` that carries no source.
pub(super) fn report_uncited(
    ctx: &mut Context<'_>,
    select: impl Fn(&Claim) -> bool,
    message: impl Fn(&Claim) -> String,
    help: &str,
) {
    // The claims outlive the context's borrow: no copy of them.
    let findings = ctx.findings;
    let uncited = findings
        .claims
        .iter()
        .filter(|c| c.sources.is_empty() && select(c));
    for c in uncited {
        let notes: Vec<String> = c.non_sources.iter().map(|n| note(c, n)).collect();
        let help = if c.approval { APPROVAL_HELP } else { help };
        let d = ctx.report(c.trigger_span.clone(), message(c), help.to_string());
        for n in &c.non_sources {
            let why = match n.set_aside {
                Some(SetAside::OtherKinds(_)) => "not a source for this kind of claim",
                Some(SetAside::NotAnApproval) => "a study, not an approval record",
                Some(SetAside::ApprovalOnly) => "an approval record, not a study",
                None => "not a source",
            };
            d.labels.push(label(n.span.clone(), why));
        }
        d.notes = notes;
        d.claim = Some(c.text.clone());
    }
}

/// How to back a claim that asserts a regulator's approval.
const APPROVAL_HELP: &str = "link the regulator's own record of it (Drugs@FDA or the FDA's 510(k), PMA or De Novo database, the ARTG, HSA's register, EUDAMED), or cite an evidence.toml entry with `design = \"regulatory-approval\"`; a study does not show an approval";

/// Why one of the claim's references is not a source for it.
fn note(c: &Claim, n: &Citation) -> String {
    match (&n.set_aside, n.kind) {
        (Some(SetAside::OtherKinds(kinds)), _) => format!(
            "`{}` backs {} claims only (`supports` in the evidence registry): cite a study of this {} claim",
            n.registry_id.as_deref().unwrap_or(&n.reference),
            kinds.join(" and "),
            c.kind.as_str()
        ),
        (Some(SetAside::NotAnApproval), _) => format!(
            "`{}` is a study: a claim of approval is shown by the regulator's record of it",
            n.reference
        ),
        (Some(SetAside::ApprovalOnly), _) => format!(
            "`{}` records an approval, which is not a study of this claim's outcome: cite the study",
            n.reference
        ),
        (None, CitationKind::Footnote) => format!(
            "footnote `[^{}]` does not name a study: give a DOI, PMID, journal or author and year in its definition",
            n.reference
        ),
        (None, _) => format!(
            "`{}` is not a source: link the study itself (DOI, PubMed, journal or trial registry)",
            n.reference
        ),
    }
}
