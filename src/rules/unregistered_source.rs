//! CL012: a cited source that is not in the evidence registry.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds citations (footnotes, DOI and PubMed links, author–year
    /// references) that do not resolve to an entry of the evidence registry
    /// (`evidence.toml`), so their study design, population and subject are
    /// unknown and the claim's tier cannot be checked. Reported only when a
    /// registry is in use. Info by default; `require-registry = true` under
    /// `[evidence]` makes it an error and stops unregistered sources from
    /// supporting a claim; evidence comments then count only when their
    /// reference is a registry entry (`<!-- evidence: rct kafi2007 -->`).
    ///
    /// ## Why is this bad?
    /// A reviewer signing off a page must know what each source is: a
    /// randomised trial on people, or a study in mice. EU Regulation (EU) No
    /// 655/2013, Annex, criterion 3 asks that evidence be documented and
    /// adequate for the claim; Ahpra asks that advertisers hold the evidence
    /// before they advertise.
    ///
    /// ## Example
    /// ```markdown
    /// Retinol smooths fine lines.[^new-study]
    /// ```
    /// Use instead: add the study to `evidence.toml`:
    /// ```toml
    /// [[source]]
    /// id = "new-study"
    /// doi = "10.1001/archderm.143.5.606"
    /// design = "rct"
    /// population = "human"
    /// ```
    pub struct UnregisteredSource {
        code: "CL012",
        name: "unregistered-source",
        severity: Info,
        summary: "a cited source is not in the evidence registry",
    }
}

impl Rule for UnregisteredSource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let items = ctx.findings.unregistered.clone();
        for (span, reference) in items {
            ctx.report(
                span,
                format!("`{reference}` is not in the evidence registry"),
                "add it to evidence.toml as a [[source]] with its id, DOI or PMID, design and population, so its evidence is on record (with `require-registry`, only registered sources support a claim)".into(),
            );
        }
    }
}
