//! Shared reporting for "claim without a source" rules.

use super::context::{Context, label};
use crate::claims::Claim;

/// Reports every claim accepted by `select` that carries no source.
pub(super) fn report_uncited(
    ctx: &mut Context<'_>,
    select: impl Fn(&Claim) -> bool,
    message: impl Fn(&Claim) -> String,
    help: &str,
) {
    let claims: Vec<Claim> = ctx
        .findings
        .claims
        .iter()
        .filter(|c| c.sources.is_empty() && select(c))
        .cloned()
        .collect();
    for c in claims {
        let notes: Vec<String> = c
            .non_sources
            .iter()
            .map(|n| match n.kind {
                _ if n.backs_only.is_some() => format!(
                    "`{}` backs {} claims only (`supports` in the evidence registry): cite a study of this {} claim",
                    n.registry_id.as_deref().unwrap_or(&n.reference),
                    n.backs_only.as_deref().unwrap_or_default().join(" and "),
                    c.kind.as_str()
                ),
                crate::evidence::CitationKind::Footnote => format!(
                    "footnote `[^{}]` does not name a study: give a DOI, PMID, journal or author and year in its definition",
                    n.reference
                ),
                _ => format!("`{}` is not a source: link the study itself (DOI, PubMed, journal or trial registry)", n.reference),
            })
            .collect();
        let d = ctx.report(c.trigger_span.clone(), message(&c), help.to_string());
        for n in &c.non_sources {
            let why = if n.backs_only.is_some() {
                "not a source for this kind of claim"
            } else {
                "not a source"
            };
            d.labels.push(label(n.span.clone(), why));
        }
        d.notes = notes;
        d.claim = Some(c.text.clone());
    }
}
