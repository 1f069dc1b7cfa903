//! Baselines: adopt claimlint on a repository that already has findings.
//!
//! `check --write-baseline FILE` records today's findings; `check
//! --baseline FILE` then reports only findings not in it. An entry is
//! keyed on the file (relative to the baseline's directory), the rule and
//! the normalised text the finding is about, with a count: editing text
//! above a claim does not resurrect it, while rewording it makes it new.
//! Entries that no longer occur are reported as fixed, so the file can be
//! refreshed and shrink over time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fingerprint;
use crate::lint::Report;

/// The baseline file format.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    /// Format version; 1.
    pub version: u32,
    /// Findings, sorted by file, rule and text.
    pub findings: Vec<Entry>,
}

/// One recorded finding (or several identical ones).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// File, relative to the baseline's directory, `/`-separated.
    pub path: String,
    /// Rule code.
    pub rule: String,
    /// The rule's name, for people reading the file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The normalised text the finding is about.
    pub text: String,
    /// How many identical findings.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// A loaded baseline, ready to filter reports.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    /// Recorded counts by file, then by (rule, text).
    by_path: BTreeMap<String, BTreeMap<(String, String), usize>>,
}

/// Why a baseline could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// It could not be read.
    #[error("cannot read baseline {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// It is not a baseline.
    #[error("{path}:{line}:{column}: not a claimlint baseline: {message}")]
    Parse {
        /// The file.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// A finding the baseline recorded that no longer occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// File, as recorded.
    pub path: String,
    /// Rule code.
    pub rule: String,
    /// Text, as recorded.
    pub text: String,
    /// How many of them no longer occur.
    pub count: usize,
}

fn dir_of(file: &Path) -> PathBuf {
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    abs.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The directory a baseline file's paths are relative to.
pub fn baseline_dir(file: &Path) -> PathBuf {
    dir_of(file)
}

/// One file's baseline entries, paths relative to `dir`.
pub fn entries(report: &Report, dir: &Path) -> Vec<Entry> {
    let rel = fingerprint::relative(Path::new(&report.source.path), dir);
    let mut counts: BTreeMap<(&str, &str), (usize, &'static str)> = BTreeMap::new();
    for d in &report.diagnostics {
        counts
            .entry((d.code, fingerprint::key(d)))
            .or_insert((0, d.rule))
            .0 += 1;
    }
    counts
        .into_iter()
        .map(|((rule, text), (count, name))| Entry {
            path: rel.clone(),
            rule: rule.to_string(),
            name: name.to_string(),
            text: text.to_string(),
            count,
        })
        .collect()
}

/// A baseline file from entries in any order: sorted, with identical
/// entries merged.
pub fn assemble(mut all: Vec<Entry>) -> BaselineFile {
    all.sort_by(|a, b| (&a.path, &a.rule, &a.text).cmp(&(&b.path, &b.rule, &b.text)));
    let mut findings: Vec<Entry> = Vec::with_capacity(all.len());
    for e in all {
        match findings.last_mut() {
            Some(last) if (&last.path, &last.rule, &last.text) == (&e.path, &e.rule, &e.text) => {
                last.count = last.count.saturating_add(e.count)
            }
            _ => findings.push(e),
        }
    }
    BaselineFile {
        version: 1,
        findings,
    }
}

/// Writes a baseline atomically: a temporary file beside it, then a rename,
/// so an interrupted run never leaves a truncated baseline behind.
pub fn write(file: &Path, baseline: &BaselineFile) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(baseline).map_err(std::io::Error::other)?;
    text.push('\n');
    let dir = dir_of(file);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "baseline".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(file: &Path) -> Result<Baseline, BaselineError> {
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| BaselineError::Io {
            path: shown.clone(),
            reason: if file.is_dir() {
                "is a directory".into()
            } else {
                crate::walk::io_reason(&e)
            },
        })?;
        let parsed: BaselineFile =
            serde_json::from_str(&text).map_err(|e| BaselineError::Parse {
                path: shown.clone(),
                line: e.line(),
                column: e.column(),
                message: e
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            })?;
        if parsed.version != 1 {
            return Err(BaselineError::Parse {
                path: shown,
                line: 1,
                column: 1,
                message: format!(
                    "version {} is not supported (this claimlint writes version 1)",
                    parsed.version
                ),
            });
        }
        let mut by_path: BTreeMap<String, BTreeMap<(String, String), usize>> = BTreeMap::new();
        for e in parsed.findings {
            // Saturating: a hand-edited count near usize::MAX must not wrap
            // to a small number and let recorded findings back in.
            let n = by_path
                .entry(e.path)
                .or_default()
                .entry((e.rule, e.text))
                .or_insert(0);
            *n = n.saturating_add(e.count);
        }
        Ok(Baseline {
            dir: dir_of(file),
            by_path,
        })
    }

    /// Drops the findings the baseline records from one file's report.
    /// Returns how many were dropped and the file's recorded findings that
    /// no longer occur. Each file is filtered on its own, so files can be
    /// filtered in parallel.
    pub fn filter(&self, report: &mut Report) -> (usize, Vec<Fixed>) {
        let rel = self.key_of(&report.source.path);
        let Some(recorded) = self.by_path.get(&rel) else {
            return (0, vec![]);
        };
        let mut remaining = recorded.clone();
        let mut dropped = 0;
        report.diagnostics.retain(|d| {
            match remaining.get_mut(&(d.code.to_string(), fingerprint::key(d).to_string())) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    dropped += 1;
                    false
                }
                _ => true,
            }
        });
        let fixed = remaining
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((rule, text), count)| Fixed {
                path: rel.clone(),
                rule,
                text,
                count,
            })
            .collect();
        (dropped, fixed)
    }

    /// How the baseline names a file (relative to the baseline's directory).
    pub fn key_of(&self, path: &str) -> String {
        fingerprint::relative(Path::new(path), &self.dir)
    }

    /// Recorded findings of files that no longer exist and that this run
    /// did not check (`checked` holds [`Baseline::key_of`] names).
    pub fn fixed_in_deleted_files(
        &self,
        checked: &std::collections::BTreeSet<String>,
    ) -> Vec<Fixed> {
        self.by_path
            .iter()
            .filter(|(path, _)| !checked.contains(*path) && !self.dir.join(path).exists())
            .flat_map(|(path, recorded)| {
                recorded.iter().map(|((rule, text), count)| Fixed {
                    path: path.clone(),
                    rule: rule.clone(),
                    text: text.clone(),
                    count: *count,
                })
            })
            .collect()
    }
}
