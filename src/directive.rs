//! What a `claimlint-…` directive is once read: a suppression, what it
//! covers, and the problems met reading a file's directives.
//!
//! Owns the types and what a suppression covers. Does not own reading
//! directives from comments or applying them (`suppress`).

use std::ops::Range;

/// What a suppression covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Byte range of covered text.
    Range(Range<usize>),
    /// The whole file.
    File,
}

/// One suppression directive.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// Where the comment is.
    pub span: Range<usize>,
    /// Rule codes it applies to; empty means all.
    pub codes: Vec<&'static str>,
    /// What it covers.
    pub scope: Scope,
    /// Why, as written after `--` (a directive without one is not a
    /// suppression).
    pub reason: String,
    /// Set when it suppressed a finding.
    pub used: bool,
}

impl Suppression {
    /// Whether this suppression covers a finding of `code` at `offset`.
    pub fn covers(&self, code: &str, offset: usize) -> bool {
        let rule_ok = self.codes.is_empty() || self.codes.contains(&code);
        let place_ok = match &self.scope {
            Scope::File => true,
            Scope::Range(r) => r.contains(&offset),
        };
        rule_ok && place_ok
    }
}

/// Directives of a file, and problems found reading them.
#[derive(Debug, Default)]
pub struct Directives {
    /// Suppressions in source order.
    pub suppressions: Vec<Suppression>,
    /// Findings about malformed directives (`invalid-directive`).
    pub problems: Vec<(Range<usize>, String, String)>,
}
