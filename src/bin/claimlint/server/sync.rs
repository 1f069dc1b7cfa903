//! Keeping the editor's view up to date: the document notifications
//! (open, change, close), configuration reloads (watched files), when a
//! document is due to be linted, and publishing what a lint found, on the
//! document and on any configuration file that could not be loaded.
//!
//! Owns the notifications and publishing. Does not own applying edits to
//! a text (`documents`) or the lint itself (`analysis`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use lsp_server::Notification;
use lsp_types as lsp;
use lsp_types::notification::{self as note, Notification as _};

use super::analysis::{self, Analysis, Setup};
use super::{DEBOUNCE, Event, Server, convert};

impl Server {
    /// Handles one notification; malformed or unknown ones are ignored
    /// (and logged), as the protocol asks.
    pub(super) fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let result = match method.as_str() {
            note::DidOpenTextDocument::METHOD => n.extract(&method).map(|p| self.did_open(p)),
            note::DidChangeTextDocument::METHOD => n.extract(&method).map(|p| self.did_change(p)),
            note::DidCloseTextDocument::METHOD => n.extract(&method).map(|p| self.did_close(p)),
            note::DidChangeWatchedFiles::METHOD => n.extract(&method).map(|p| self.watched(p)),
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.out.log(format!("claimlint: ignored `{method}`: {e}"));
        }
    }

    fn did_open(&mut self, p: lsp::DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let Some(path) = self.path_for(&doc.uri, &doc.language_id) else {
            return;
        };
        self.docs.open(doc.uri.clone(), path, doc.version, doc.text);
        if let Some(d) = self.docs.get_mut(&doc.uri) {
            d.due = Some(Instant::now());
        }
    }

    fn did_change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let version = p.text_document.version;
        if !self
            .docs
            .change(&uri, version, p.content_changes, self.unit)
        {
            self.out.log(format!(
                "claimlint: a change to `{}`, which is not open, was ignored",
                uri.as_str()
            ));
            return;
        }
        if let Some(d) = self.docs.get_mut(&uri) {
            d.due = Some(Instant::now() + DEBOUNCE);
        }
    }

    fn did_close(&mut self, p: lsp::DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        if self.docs.close(&uri) {
            // A closed file's findings go with it (ruff and rust-analyzer
            // do the same); the workspace check shows them again.
            self.publish(uri, None, Vec::new());
        }
    }

    /// A configuration or registry file changed: a new project, and every
    /// open document linted again under it.
    fn watched(&mut self, p: lsp::DidChangeWatchedFilesParams) {
        let relevant = p.changes.iter().any(|c| {
            convert::path_of(&c.uri)
                .is_some_and(|path| path.extension().is_some_and(|e| e == "toml"))
        });
        if relevant {
            self.reload();
        }
    }

    /// Sets the project up again from disk.
    pub(super) fn reload(&mut self) {
        self.setup = Setup::new(&self.options);
        self.generation += 1;
        let now = Instant::now();
        for d in self.docs.docs.values_mut() {
            d.due = Some(now);
        }
        self.publish_config_errors();
    }

    /// The file a document is linted as, or `None` for one claimlint does
    /// not check. An unsaved Markdown buffer is linted as a file in the
    /// first workspace folder, so it gets that folder's configuration.
    fn path_for(&self, uri: &lsp::Uri, language: &str) -> Option<PathBuf> {
        match convert::path_of(uri) {
            Some(p) if convert::is_markdown(&p) || language == "markdown" => Some(p),
            Some(_) => None,
            None if language == "markdown" || language == "mdx" => {
                let root = self.roots.first().cloned().unwrap_or_default();
                Some(root.join("untitled.md"))
            }
            None => None,
        }
    }

    /// Starts a lint of every document that is due and not being linted.
    pub(super) fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<lsp::Uri> = self
            .docs
            .docs
            .iter()
            .filter(|(_, d)| d.in_flight.is_none() && d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.start_lint(uri);
        }
    }

    fn start_lint(&mut self, uri: lsp::Uri) {
        let Some(doc) = self.docs.get_mut(&uri) else {
            return;
        };
        doc.due = None;
        doc.in_flight = Some(doc.version);
        let (path, text, version) = (doc.path.clone(), doc.text.clone(), doc.version);
        let (setup, generation) = (self.setup.clone(), self.generation);
        let tx = self.events.0.clone();
        let tx2 = tx.clone();
        let uri2 = uri.clone();
        self.pool.spawn(
            move || {
                let a = Analysis::make(&setup, &path, &text, version, generation);
                let _ = tx.send(Event::Linted {
                    uri,
                    version,
                    analysis: Some(Arc::new(a)),
                });
            },
            move || {
                let _ = tx2.send(Event::Linted {
                    uri: uri2,
                    version,
                    analysis: None,
                });
            },
        );
    }

    /// A worker finished.
    pub(super) fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Linted {
                uri,
                version,
                analysis,
            } => self.linted(uri, version, analysis),
            Event::Publish(p) => {
                if !self.docs.docs.contains_key(&p.uri) {
                    self.out.notify::<note::PublishDiagnostics>(p);
                }
            }
        }
    }

    fn linted(&mut self, uri: lsp::Uri, version: i32, analysis: Option<Arc<Analysis>>) {
        let generation = self.generation;
        let Some(doc) = self.docs.get_mut(&uri) else {
            return; // closed meanwhile
        };
        doc.in_flight = None;
        let Some(a) = analysis else {
            self.out.log(format!(
                "claimlint: linting `{}` (version {version}) failed; please report it",
                uri.as_str()
            ));
            return;
        };
        if a.generation != generation {
            doc.due.get_or_insert_with(Instant::now);
            return;
        }
        doc.analysis = Some(a.clone());
        if a.version != doc.version {
            // Edited meanwhile: the newer text is due already.
            return;
        }
        let diagnostics = a.diagnostics(&uri, self.unit);
        self.publish(uri, Some(version), diagnostics);
        self.publish_config_errors();
    }

    fn publish(&self, uri: lsp::Uri, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
        self.out
            .notify::<note::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            });
    }

    /// Publishes each configuration error on its file, and clears files
    /// whose errors are gone; only what changed is sent. (A short list:
    /// one entry per configuration file, so no map.)
    pub(super) fn publish_config_errors(&mut self) {
        let mut now: Vec<(lsp::Uri, Vec<lsp::Diagnostic>)> = Vec::new();
        for (uri, d) in analysis::config_diagnostics(&self.setup.errors(), self.unit) {
            match now.iter_mut().find(|(u, _)| *u == uri) {
                Some((_, list)) if list.contains(&d) => {}
                Some((_, list)) => list.push(d),
                None => now.push((uri, vec![d])),
            }
        }
        let before = std::mem::take(&mut self.config_published);
        for (uri, _) in before
            .iter()
            .filter(|(u, _)| !now.iter().any(|(n, _)| n == u))
        {
            self.publish(uri.clone(), None, Vec::new());
        }
        for (uri, list) in &now {
            if !before.iter().any(|(u, l)| u == uri && l == list) {
                self.publish(uri.clone(), None, list.clone());
            }
        }
        self.config_published = now;
    }
}
