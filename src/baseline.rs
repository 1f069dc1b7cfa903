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

type Key = (String, String, String);

/// A loaded baseline, ready to filter reports.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    remaining: BTreeMap<Key, usize>,
    names: BTreeMap<Key, String>,
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

/// The baseline for `reports`, with paths relative to `file`'s directory.
pub fn build(reports: &[Report], file: &Path) -> BaselineFile {
    let dir = dir_of(file);
    let mut counts: BTreeMap<Key, (usize, &'static str)> = BTreeMap::new();
    for r in reports {
        let rel = fingerprint::relative(Path::new(&r.source.path), &dir);
        for d in &r.diagnostics {
            let e = counts
                .entry((
                    rel.clone(),
                    d.code.to_string(),
                    fingerprint::key(d).to_string(),
                ))
                .or_insert((0, d.rule));
            e.0 += 1;
        }
    }
    BaselineFile {
        version: 1,
        findings: counts
            .into_iter()
            .map(|((path, rule, text), (count, name))| Entry {
                path,
                rule,
                name: name.to_string(),
                text,
                count,
            })
            .collect(),
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
        let mut remaining = BTreeMap::new();
        let mut names = BTreeMap::new();
        for e in parsed.findings {
            let key = (e.path, e.rule, e.text);
            *remaining.entry(key.clone()).or_insert(0) += e.count;
            names.insert(key, e.name);
        }
        Ok(Baseline {
            dir: dir_of(file),
            remaining,
            names,
        })
    }

    /// Drops every finding the baseline records from `reports`; returns how
    /// many were dropped.
    pub fn filter(&mut self, reports: &mut [Report]) -> usize {
        let mut dropped = 0;
        for r in reports.iter_mut() {
            let rel = fingerprint::relative(Path::new(&r.source.path), &self.dir);
            r.diagnostics.retain(|d| {
                let key = (
                    rel.clone(),
                    d.code.to_string(),
                    fingerprint::key(d).to_string(),
                );
                match self.remaining.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        dropped += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        dropped
    }

    /// Recorded findings that did not occur in files this run checked, or
    /// whose file is gone (files it did not check say nothing either way).
    pub fn fixed(&self, checked: &[Report]) -> Vec<Fixed> {
        let checked: std::collections::BTreeSet<String> = checked
            .iter()
            .map(|r| fingerprint::relative(Path::new(&r.source.path), &self.dir))
            .collect();
        self.remaining
            .iter()
            .filter(|((path, _, _), n)| {
                **n > 0 && (checked.contains(path) || !self.dir.join(path).exists())
            })
            .map(|((path, rule, text), n)| Fixed {
                path: path.clone(),
                rule: rule.clone(),
                text: text.clone(),
                count: *n,
            })
            .collect()
    }

    /// The rule name recorded for an entry.
    pub fn name_of(&self, f: &Fixed) -> &str {
        self.names
            .get(&(f.path.clone(), f.rule.clone(), f.text.clone()))
            .map_or("", String::as_str)
    }
}
