//! CL013: a DOI or PubMed id that is not well formed.

use std::ops::Range;

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};
use crate::diagnostic::{Edit, Fix};
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
            let fix = repair(&ctx.file.text, &m.span);
            ctx.report(m.span, m.message, HELP.into()).fix = fix;
        }
    }
}

/// The fix for a malformed identifier at `span`, when only its prefix is
/// wrong (see [`crate::evidence::recognise::repair_identifier`]).
fn repair(text: &str, span: &Range<usize>) -> Option<Fix> {
    let written = text.get(span.clone())?;
    let lead = written.len() - written.trim_start().len();
    let trimmed = written.trim();
    let good = crate::evidence::recognise::repair_identifier(trimmed).filter(|g| g != trimmed)?;
    let start = span.start + lead;
    Some(Fix {
        title: format!("correct the identifier to `{good}`"),
        edits: vec![Edit {
            span: start..start + trimmed.len(),
            text: good,
        }],
    })
}

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    #[test]
    fn a_doubled_prefix_gets_a_fix_that_clears_the_finding() {
        let linter = Linter::new(Config::default()).unwrap();
        let text = "Retinol smooths fine lines ([study](https://doi.org/doi:10.1001/archderm.143.5.606)).\n";
        let report = linter.lint("a.md", text);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "CL013")
            .expect("CL013");
        let fix = d.fix.as_ref().expect("a fix");
        let (fixed, n) = crate::diagnostic::Fix::apply_all(text, [fix]);
        assert_eq!(n, 1);
        assert!(fixed.contains("(https://doi.org/10.1001/archderm.143.5.606)"));
        let after = linter.lint("a.md", &fixed);
        assert!(
            after.diagnostics.iter().all(|d| d.code != "CL013"),
            "{:?}",
            after.diagnostics
        );
    }

    #[test]
    fn a_broken_identifier_gets_no_fix() {
        let linter = Linter::new(Config::default()).unwrap();
        let text = "Azelaic acid calms redness. <!-- evidence: rct doi:10.1001 -->\n";
        let report = linter.lint("a.md", text);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "CL013")
            .unwrap();
        assert!(d.fix.is_none());
    }
}
