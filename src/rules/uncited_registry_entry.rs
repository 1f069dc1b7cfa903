//! CL014: a registry entry that no checked page cites.

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};
use crate::keys::normalize_key;

declare_rule! {
    /// ## What it does
    /// Reports entries of the evidence registry that no checked page cites.
    /// Reported only when a run walks the directory holding the registry, so
    /// checking a single page does not call every other study unused.
    ///
    /// ## Why is this bad?
    /// An unused entry is harmless, but it is often a sign that a citation
    /// was removed or mistyped (`[^kafi2070]` for `kafi2007`), or that a
    /// study was registered for a claim that was never published.
    ///
    /// ## Example
    /// ```toml
    /// [[source]]
    /// id = "kafi2007"     # no page cites [^kafi2007]
    /// design = "rct"
    /// ```
    /// Use instead: cite it where it backs a claim, or remove it.
    pub struct UncitedRegistryEntry {
        code: "CL014",
        name: "uncited-registry-entry",
        severity: Info,
        summary: "an evidence registry entry is never cited",
    }
}

impl Rule for UncitedRegistryEntry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Registry]
    }

    /// Reports each entry no page of the run cites, when the run saw every
    /// page that could cite it.
    fn check(&self, ctx: &mut Context<'_>) {
        let (Some(registry), Some(cited)) = (ctx.registry(), ctx.cited()) else {
            return;
        };
        for e in registry.entries.iter().filter(|e| !cited.contains(&e.id)) {
            let help = format!(
                "cite it as [^{}] where it backs a claim, or remove it from the registry",
                e.id
            );
            let message = format!("source `{}` is never cited", e.id);
            ctx.report(e.span.clone(), message, help).key = normalize_key(&e.id);
        }
    }
}
