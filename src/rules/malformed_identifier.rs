//! CL013: a DOI or PubMed id that is not well formed.

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};
use crate::keys::normalize_key;

declare_rule! {
    /// ## What it does
    /// Checks the syntax of DOIs (`10.` + a 4–9 digit registrant + `/` +
    /// suffix) and PubMed ids (1–8 digits) in links, text, evidence comments
    /// and the evidence registry.
    ///
    /// ## Why is this bad?
    /// A reviewer, a regulator or a reader who follows a broken identifier
    /// finds nothing, and the claim it was meant to back is, in effect,
    /// uncited (see `uncited-efficacy-claim` for the regulatory basis).
    ///
    /// ## Example
    /// ```markdown
    /// Retinol smooths fine lines. <!-- evidence: rct doi:10.1001 -->
    /// ```
    /// Use instead:
    /// ```markdown
    /// Retinol smooths fine lines. <!-- evidence: rct doi:10.1001/archderm.143.5.606 -->
    /// ```
    pub struct MalformedIdentifier {
        code: "CL013",
        name: "malformed-identifier",
        severity: Warning,
        summary: "a DOI or PubMed id is not well formed",
    }
}

impl Rule for MalformedIdentifier {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Document, Phase::Registry]
    }

    /// In a page, malformed identifiers in its citations; in the registry,
    /// malformed identifiers of its entries.
    fn check(&self, ctx: &mut Context<'_>) {
        const HELP: &str = "copy the identifier from the article page, e.g. `doi:10.1001/archderm.143.5.606` or `PMID: 17515510`";
        if ctx.phase == Phase::Registry {
            let Some(registry) = ctx.registry() else {
                return;
            };
            for p in registry.problems.iter().filter(|p| p.identifier) {
                // The registry has no sentences: its message names the entry.
                ctx.report(p.span.clone(), p.message.clone(), p.help.clone())
                    .key = normalize_key(&p.message);
            }
            return;
        }
        let items = ctx.findings.malformed_ids.clone();
        for m in items {
            ctx.report(m.span, m.message, HELP.into());
        }
    }
}
