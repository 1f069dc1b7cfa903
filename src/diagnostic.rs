//! A finding: which rule, how severe, where, what is wrong and how to fix
//! it. Spans are byte ranges; lines and columns are derived at output.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How severe a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; never fails a run by default.
    Info,
    /// Needs attention; never fails a run (exit status 0).
    Warning,
    /// Must be fixed: exit code 1.
    Error,
}

impl Severity {
    /// The name used in output and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// The names a severity setting accepts, `off` included.
    pub const SETTINGS: &'static [&'static str] = &["error", "warning", "info", "off"];

    /// Parses a severity setting as configuration and rule packs write it:
    /// a severity, or `off` (`None`). The one place settings are parsed.
    pub fn parse_setting(s: &str) -> Result<Option<Severity>, crate::suggest::Unknown> {
        crate::suggest::parse_named("severity", s, Self::SETTINGS, |s| match s {
            "off" => Some(None),
            other => Severity::parse(other).map(Some),
        })
    }
}

/// A secondary location with its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range.
    pub span: Range<usize>,
    /// What this location is.
    pub message: String,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `CL001`.
    pub code: &'static str,
    /// Kebab-case rule name, e.g. `uncited-efficacy-claim`.
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong (lowercase, no final period).
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The primary span: the shortest phrase at fault.
    pub span: Range<usize>,
    /// Secondary spans.
    pub labels: Vec<Label>,
    /// Extra notes (why a link is not a source, …).
    pub notes: Vec<String>,
    /// The text of the claim this finding is about, when a claim rule
    /// reported it.
    pub claim: Option<String>,
    /// What the finding is about, normalised (lower-case words of its
    /// sentence): with the file and rule, the identity baselines and
    /// fingerprints use. Filled in by the linter.
    pub key: String,
}
