//! `claimlint check --stream`: one process for many documents, for
//! editor and linter plugins (the markdownlint plugin) that would
//! otherwise start claimlint once per file.
//!
//! The protocol is JSON lines. claimlint first writes a greeting,
//! `{"claimlint": VERSION, "protocol": 1}`, so a plugin can tell this
//! claimlint from an unrelated program of the same name. Then each line
//! read, `{"path": P, "text": T}`, is answered by one line: `{"path": P,
//! "status": S, "fail_on": F, "diagnostics": [...], "error": E}`, where
//! `diagnostics` are as `check --format json` writes them, `status` is the
//! exit status `check --stdin --stdin-filename P` would have, `fail_on` the
//! `--fail-on` severity (`null` with `never` or `--exit-zero`) and `error`
//! why the document could not be checked, or `null`. It ends at the end of
//! its input.
//!
//! Owns the protocol's framing. Does not own linting, configuration (the
//! project, found per document's path as `--stdin-filename` finds it) or
//! the JSON of a finding (`claimlint::output::json`).

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use claimlint::Severity;
use claimlint::project::{Project, SetupError};
use serde_json::{Value, json};

use super::{exit_code, open_project};
use crate::args::{CheckArgs, MinSeverity};

/// The protocol's version, in the greeting.
pub(crate) const PROTOCOL: u32 = 1;

/// Serves documents from standard input until it ends.
pub(crate) fn serve(a: &CheckArgs, fail_on: Option<Severity>) -> Result<ExitCode> {
    let project = match open_project(&a.input) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let min = match a.min_severity {
        MinSeverity::Error => Severity::Error,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Info => Severity::Info,
    };
    let mut out = io::stdout().lock();
    let greeting = json!({"claimlint": env!("CARGO_PKG_VERSION"), "protocol": PROTOCOL});
    writeln!(out, "{greeting}")?;
    out.flush()?;
    for line in io::stdin().lock().lines() {
        let line = line.context("reading standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let answer = answer(&project, &line, min, fail_on, a.input.max_file_bytes());
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The answer to one request line.
fn answer(
    project: &Project,
    line: &str,
    min: Severity,
    fail_on: Option<Severity>,
    max_bytes: u64,
) -> Value {
    let fail = fail_on.map(Severity::as_str);
    let refuse = |path: &str, why: String| json!({"path": path, "status": 2, "fail_on": fail, "diagnostics": [], "error": why});
    let request: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return refuse("", format!("a request is not JSON: {e}")),
    };
    let (Some(path), Some(text)) = (request["path"].as_str(), request["text"].as_str()) else {
        return refuse("", "a request needs string fields `path` and `text`".into());
    };
    if text.len() as u64 > max_bytes {
        return refuse(
            path,
            format!("larger than --max-file-size ({max_bytes} bytes), not checked"),
        );
    }
    let linter = match project.linter_for(Path::new(path)) {
        Ok(l) => l,
        Err(e) => return refuse(path, setup_error(e)),
    };
    let mut report = linter.lint(path, text);
    report.diagnostics.retain(|d| d.severity >= min);
    let status = exit_code(report.max_severity(), false, fail_on);
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| claimlint::output::json::diagnostic_json(&report.source, d))
        .collect();
    json!({
        "path": path,
        "status": if status == ExitCode::SUCCESS { 0 } else { 1 },
        "fail_on": fail,
        "diagnostics": diagnostics,
        "error": null,
    })
}

/// A configuration error as `check` prints it, without colour.
fn setup_error(e: SetupError) -> String {
    match e {
        SetupError::Config(e) => {
            let mut e = *e;
            e.path = crate::out::relative_to_cwd(&e.path);
            let text = claimlint::output::human::config_error(&e, false);
            String::from_utf8_lossy(&text).trim_end().to_string()
        }
        SetupError::Linter(m) => m,
    }
}
