//! The run summary in Markdown, for a CI job's page (`check
//! --step-summary FILE`, which the GitHub Action points at
//! `$GITHUB_STEP_SUMMARY`): findings per rule and severity, claims per
//! status, the files with the most findings, and every unsupported claim
//! in a table.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step; this
//! summary counts every finding, whatever the output format. Owns the
//! summary's content and layout. Does not own what is found, which
//! findings are shown (the binary's filters) or where the text is written.

use std::collections::BTreeMap;

use super::register::md_cell;
use super::summary::{StatusCounts, Totals};
use crate::diagnostic::Severity;
use crate::lint::Report;
use crate::register::ClaimStatus;

/// How many files the "most findings" table lists.
const TOP_FILES: usize = 10;
/// How many unsupported claims the table lists; GitHub refuses a summary
/// over 1 MiB, so a site with thousands stops here and says how many more.
const MAX_CLAIMS: usize = 500;

/// An unsupported claim, as the table shows it.
#[derive(Debug, Clone)]
struct Unsupported {
    path: String,
    line: usize,
    text: String,
    rule: String,
}

/// What one file adds to the summary, computed where it was linted.
#[derive(Debug, Default, Clone)]
pub struct FileDigest {
    path: String,
    findings: usize,
    per_rule: BTreeMap<(&'static str, &'static str, Severity), usize>,
    status: StatusCounts,
    unsupported: Vec<Unsupported>,
}

impl FileDigest {
    /// The digest of one report, after the run's filters.
    pub fn of(report: &Report) -> FileDigest {
        let mut d = FileDigest {
            path: report.source.path.clone(),
            findings: report.diagnostics.len(),
            ..FileDigest::default()
        };
        for diag in &report.diagnostics {
            *d.per_rule
                .entry((diag.code, diag.rule, diag.severity))
                .or_default() += 1;
        }
        d.status.add(report);
        for c in &report.claims {
            if c.status != ClaimStatus::Unsupported {
                continue;
            }
            let span = &c.claim.span;
            let rule = report
                .diagnostics
                .iter()
                .find(|d| d.span.start < span.end && span.start < d.span.end)
                .map_or_else(String::new, |d| d.code.to_string());
            d.unsupported.push(Unsupported {
                path: d.path.clone(),
                line: report.source.line_col(span.start).line,
                text: c.claim.text.clone(),
                rule,
            });
        }
        d
    }
}

/// The run's summary, built up a file at a time.
#[derive(Debug, Default)]
pub struct StepSummary {
    per_rule: BTreeMap<(&'static str, &'static str, Severity), usize>,
    status: StatusCounts,
    files: Vec<(String, usize)>,
    unsupported: Vec<Unsupported>,
    more_unsupported: usize,
}

impl StepSummary {
    /// Adds one file.
    pub fn add(&mut self, d: FileDigest) {
        for (k, n) in d.per_rule {
            *self.per_rule.entry(k).or_default() += n;
        }
        self.status.merge(&d.status);
        if d.findings > 0 {
            self.files.push((d.path, d.findings));
        }
        for u in d.unsupported {
            if self.unsupported.len() < MAX_CLAIMS {
                self.unsupported.push(u);
            } else {
                self.more_unsupported += 1;
            }
        }
    }

    /// The summary as GitHub-flavoured Markdown, headed by the run's
    /// summary line.
    pub fn markdown(&self, totals: &Totals) -> String {
        let mut out = format!("## claimlint\n\n{}\n", totals.summary());
        out.push_str(&self.rules_table());
        out.push_str(&self.status_table());
        out.push_str(&self.files_table());
        out.push_str(&self.claims_table());
        out
    }

    fn rules_table(&self) -> String {
        if self.per_rule.is_empty() {
            return "\nNo findings.\n".into();
        }
        let mut rows: Vec<_> = self.per_rule.iter().collect();
        rows.sort_by(|a, b| b.0.2.cmp(&a.0.2).then(b.1.cmp(a.1)).then(a.0.cmp(b.0)));
        let mut out = String::from(
            "\n### Findings by rule\n\n| Rule | Name | Severity | Findings |\n| --- | --- | --- | ---: |\n",
        );
        for ((code, name, sev), n) in rows {
            out.push_str(&format!("| {code} | {name} | {} | {n} |\n", sev.as_str()));
        }
        out
    }

    fn status_table(&self) -> String {
        let s = &self.status;
        format!(
            "\n### Claims by status\n\n| Status | Claims |\n| --- | ---: |\n\
             | supported | {} |\n| insufficient | {} |\n| unsupported | {} |\n| suppressed | {} |\n",
            s.supported, s.insufficient, s.unsupported, s.suppressed
        )
    }

    fn files_table(&self) -> String {
        if self.files.is_empty() {
            return String::new();
        }
        let mut files = self.files.clone();
        files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out = String::from(
            "\n### Files with the most findings\n\n| File | Findings |\n| --- | ---: |\n",
        );
        for (path, n) in files.iter().take(TOP_FILES) {
            out.push_str(&format!("| {} | {n} |\n", md_cell(path)));
        }
        if files.len() > TOP_FILES {
            out.push_str(&format!(
                "\n…and {} more files with findings.\n",
                files.len() - TOP_FILES
            ));
        }
        out
    }

    fn claims_table(&self) -> String {
        if self.unsupported.is_empty() {
            return String::new();
        }
        let mut out = String::from(
            "\n### Unsupported claims\n\n| File | Line | Claim | Rule |\n| --- | ---: | --- | --- |\n",
        );
        for u in &self.unsupported {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_cell(&u.path),
                u.line,
                md_cell(&u.text),
                md_cell(&u.rule)
            ));
        }
        if self.more_unsupported > 0 {
            out.push_str(&format!(
                "\n…and {} more unsupported claims (see `claimlint claims`).\n",
                self.more_unsupported
            ));
        }
        out
    }
}
