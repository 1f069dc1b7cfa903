//! The two workspace commands: check every Markdown file of the workspace
//! folders (publishing findings for the files that are not open), and
//! export the workspace's claims register (Markdown or CSV). Each runs on
//! a background thread that yields to the editor's requests between
//! files, so a large workspace never blocks typing; a new check cancels
//! the one before it.
//!
//! Owns walking, linting and rendering for these commands. Does not own
//! finding files or configuration (`Project::collect`, `linter_for`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use claimlint::lint::Report;
use claimlint::output::{Emitter, Summary, register};
use claimlint::project::{Project, Request};
use lsp_server::{ErrorCode, RequestId, Response};
use lsp_types as lsp;
use serde_json::json;

use super::analysis::{self, Setup};
use super::{Event, Server, convert, requests, workers};

/// How long a file of the workspace waits for the editor's own work.
const YIELD: Duration = Duration::from_millis(500);

/// What a workspace task needs from the loop.
struct Task {
    project: Arc<Project>,
    roots: Vec<PathBuf>,
    /// The open documents' text, which wins over the disk.
    open: HashMap<PathBuf, String>,
    busy: workers::Busy,
    cancel: workers::Cancel,
}

impl Server {
    /// Starts a task, or answers why it cannot run.
    fn task(&mut self, id: &RequestId) -> Option<Task> {
        let Setup::Ready(project) = &self.setup else {
            self.out.respond(Response::new_err(
                id.clone(),
                ErrorCode::RequestFailed as i32,
                "the configuration given with --config is invalid".into(),
            ));
            return None;
        };
        let cancel = workers::Cancel::default();
        if let Some(old) = self.workspace.replace(cancel.clone()) {
            old.cancel();
        }
        Some(Task {
            project: project.clone(),
            roots: self.roots.clone(),
            open: self
                .docs
                .docs
                .values()
                .map(|d| (d.path.clone(), d.text.text.clone()))
                .collect(),
            busy: self.pool.busy(),
            cancel,
        })
    }

    /// `claimlint.checkWorkspace`: publishes every closed file's findings;
    /// answers with the counts.
    pub(super) fn check_workspace(&mut self, id: RequestId) {
        let Some(task) = self.task(&id) else { return };
        let (out, out2, id2) = (self.out.clone(), self.out.clone(), id.clone());
        let events = self.events.0.clone();
        let unit = self.unit;
        workers::background(
            "claimlint-workspace",
            move || {
                let (mut files, mut findings) = (0, 0);
                let failures = task.each(|path, report| {
                    files += 1;
                    findings += report.diagnostics.len();
                    let uri = convert::uri_of(&path);
                    let diagnostics = analysis::report_diagnostics(&report, &uri, unit);
                    let _ = events.send(Event::Publish(lsp::PublishDiagnosticsParams {
                        uri,
                        diagnostics,
                        version: None,
                    }));
                });
                let answer = json!({"files": files, "findings": findings, "failures": failures});
                out.respond(Response::new_ok(id, answer));
            },
            move || out2.respond(requests::internal(id2)),
        );
    }

    /// `claimlint.exportRegister`: answers with the workspace's claims
    /// register as Markdown (`markdown`) or CSV (`csv`).
    pub(super) fn export_register(&mut self, id: RequestId, format: &str) {
        let mut emitter: Box<dyn Emitter> = match format {
            "markdown" | "md" => Box::new(register::Markdown::default()),
            "csv" => Box::new(register::Csv),
            other => {
                return self.out.respond(Response::new_err(
                    id,
                    ErrorCode::InvalidParams as i32,
                    format!("no register format `{other}`: use `markdown` or `csv`"),
                ));
            }
        };
        let Some(task) = self.task(&id) else { return };
        let (out, out2, id2) = (self.out.clone(), self.out.clone(), id.clone());
        workers::background(
            "claimlint-register",
            move || {
                let mut reports = Vec::new();
                let failures = task.each(|_, report| reports.push(report));
                let mut summary = Summary::default();
                for r in &reports {
                    summary.status.add(r);
                }
                let bytes = claimlint::output::render_all(emitter.as_mut(), &reports, &summary);
                let text = String::from_utf8_lossy(&bytes).into_owned();
                out.respond(Response::new_ok(
                    id,
                    json!({"text": text, "failures": failures}),
                ));
            },
            move || out2.respond(requests::internal(id2)),
        );
    }
}

impl Task {
    /// Lints every file of the workspace in order, giving way to the
    /// editor's work before each; returns the files that could not be
    /// checked, with why. Stops early when cancelled.
    fn each(&self, mut f: impl FnMut(PathBuf, Report)) -> Vec<(String, String)> {
        let request = Request {
            paths: self.roots.clone(),
            defaulted: false,
            force_exclude: false,
            changed_since: None,
        };
        let collected = match self.project.collect(&request) {
            Ok(c) => c,
            Err(why) => return vec![(String::new(), why)],
        };
        let mut failures = collected.failures;
        let mut files: Vec<PathBuf> = collected
            .files
            .iter()
            .map(|p| std::path::absolute(p).unwrap_or(p.clone()))
            .collect();
        // Open documents not (or no longer) on disk are part of the
        // workspace the author sees.
        let unsaved = self
            .open
            .keys()
            .filter(|p| !files.contains(p) && self.roots.iter().any(|r| p.starts_with(r)));
        let mut unsaved: Vec<PathBuf> = unsaved.cloned().collect();
        unsaved.sort();
        files.extend(unsaved);
        for abs in files {
            self.busy.yield_to_foreground(YIELD);
            if self.cancel.is_cancelled() {
                break;
            }
            let result = match self.open.get(&abs) {
                Some(text) => self.project.lint_text(&abs, text),
                None => self.project.lint(&abs),
            };
            match result {
                Ok(report) => f(abs, report),
                Err(e) => failures.push((abs.display().to_string(), e.to_string())),
            }
        }
        failures
    }
}
