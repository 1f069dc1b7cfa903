//! What every rule carries: its [`RuleMeta`] (code, name, default
//! severity, summary, explanation, status) and the [`Phase`] it runs in.
//!
//! Owns the metadata types. Does not own the `Rule` trait (`rule`) or any
//! rule.

use crate::diagnostic::Severity;

/// Whether a rule is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// In use.
    Stable,
    /// Retired: the code stays reserved and listed.
    Removed,
}

/// What a rule is, for listings and explanations.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code, e.g. `CL001`.
    pub code: &'static str,
    /// Kebab-case name stating the problem.
    pub name: &'static str,
    /// Severity with no market and no configuration; `None`: off unless a
    /// market or the configuration turns it on.
    pub default: Option<Severity>,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, the regulatory source, and
    /// an example. Lines carry one leading space from doc comments.
    pub explanation: &'static str,
    /// Whether the rule is current.
    pub status: Status,
}

impl RuleMeta {
    /// The explanation with the doc-comment indentation removed.
    pub fn explanation_text(&self) -> String {
        self.explanation
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

/// When a rule runs, in order. A rule's [`Rule::check`] is called once per
/// phase it lists in [`Rule::phases`], with [`Context::phase`] saying
/// which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// On each file's document and claims: most rules.
    Document,
    /// On a file whose page is not checked for claims (a legal page), in
    /// place of the document, findings and suppressions phases: the note
    /// that says so.
    Unchecked,
    /// On each file, after the document rules, reading what they reported
    /// ([`Context::reported`]).
    Findings,
    /// On each file's `claimlint-…` and `evidence:` comments
    /// ([`Context::directives`]), before suppressions apply.
    Directives,
    /// On each file, after suppressions applied: which ones were used.
    Suppressions,
    /// Once per evidence registry, on the registry file
    /// ([`Context::registry`]).
    Registry,
}
