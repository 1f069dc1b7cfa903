//! What a run adds up to: counts for the summary line and the register's
//! totals.
//!
//! Owns counting. Does not own printing (the formats).

use crate::diagnostic::Severity;
use crate::lint::Report;
use crate::register::ClaimStatus;

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    /// Files checked.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Claims found.
    pub claims: usize,
    /// Claims without a source.
    pub unsupported: usize,
    /// Claims whose finding was suppressed, not counted in `unsupported`.
    pub suppressed: usize,
}

impl Totals {
    /// Adds one report.
    pub fn add(&mut self, r: &Report) {
        self.files += 1;
        for d in &r.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
        self.claims += r.claims.len();
        self.unsupported += r
            .claims
            .iter()
            .filter(|c| c.status == ClaimStatus::Unsupported)
            .count();
        self.suppressed += r
            .claims
            .iter()
            .filter(|c| c.status == ClaimStatus::Suppressed)
            .count();
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: &Totals) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.claims += other.claims;
        self.unsupported += other.unsupported;
        self.suppressed += other.suppressed;
    }

    /// "3 errors, 1 warning in 2 files (5 claims, 4 without a source)";
    /// when findings were suppressed, "… without a source, not counting 1
    /// suppressed)", since a suppressed claim may cite nothing either.
    pub fn summary(&self) -> String {
        fn n(k: usize, what: &str) -> String {
            format!("{k} {what}{}", if k == 1 { "" } else { "s" })
        }
        let mut parts = vec![n(self.errors, "error"), n(self.warnings, "warning")];
        if self.infos > 0 {
            parts.push(n(self.infos, "info"));
        }
        let suppressed = match self.suppressed {
            0 => String::new(),
            k => format!(", not counting {k} suppressed"),
        };
        format!(
            "{} in {} ({}, {} without a source{suppressed})",
            parts.join(", "),
            n(self.files, "file"),
            n(self.claims, "claim"),
            self.unsupported
        )
    }
}

/// Claims per status, for the register's totals.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatusCounts {
    /// Supported claims.
    pub supported: usize,
    /// Claims whose sources are too weak.
    pub insufficient: usize,
    /// Claims without a source.
    pub unsupported: usize,
    /// Claims whose finding was suppressed.
    pub suppressed: usize,
}

impl StatusCounts {
    /// Adds one file's claims.
    pub fn add(&mut self, report: &Report) {
        use ClaimStatus as S;
        for c in &report.claims {
            match c.status {
                S::Supported => self.supported += 1,
                S::Insufficient => self.insufficient += 1,
                S::Unsupported => self.unsupported += 1,
                S::Suppressed => self.suppressed += 1,
            }
        }
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: &StatusCounts) {
        self.supported += other.supported;
        self.insufficient += other.insufficient;
        self.unsupported += other.unsupported;
        self.suppressed += other.suppressed;
    }

    /// Every claim counted.
    pub fn total(&self) -> usize {
        self.supported + self.insufficient + self.unsupported + self.suppressed
    }
}
