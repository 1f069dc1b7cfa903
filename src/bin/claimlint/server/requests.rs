//! The requests the server answers and the capabilities it announces:
//! each request is answered on the worker pool from a [`Snapshot`] of its
//! document, so the loop goes straight back to reading the editor's
//! messages.
//!
//! Owns dispatch, snapshots and `workspace/executeCommand`. Does not own
//! what a hover, code action or completion holds (`hover`, `actions`,
//! `complete`) or the workspace commands' work (`workspace`).

use std::path::PathBuf;
use std::sync::Arc;

use claimlint::source::{ColumnUnit, SourceFile};
use lsp_server::{ErrorCode, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::request::{self as req, Request as _};
use serde_json::Value;

use super::analysis::{Analysis, Setup};
use super::{Outbox, Server, actions, complete, convert, hover};

/// The commands `workspace/executeCommand` runs.
pub(crate) const EXPLAIN: &str = "claimlint.explainRule";
pub(crate) const SELECT: &str = "claimlint.select";
pub(crate) const CHECK_WORKSPACE: &str = "claimlint.checkWorkspace";
pub(crate) const EXPORT_REGISTER: &str = "claimlint.exportRegister";

/// The code action kind of "fix all".
pub(crate) const FIX_ALL: &str = "source.fixAll.claimlint";

/// What the server can do, for the initialize answer.
pub(crate) fn capabilities(unit: ColumnUnit) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(super::encoding_kind(unit)),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::new(FIX_ALL),
                ]),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["^".into(), " ".into(), ":".into()]),
            ..Default::default()
        }),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: [EXPLAIN, SELECT, CHECK_WORKSPACE, EXPORT_REGISTER]
                .map(String::from)
                .to_vec(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// One document as a request sees it: its text at one version, and its
/// analysis once made.
pub(crate) struct Snapshot {
    pub(crate) uri: lsp::Uri,
    pub(crate) path: PathBuf,
    pub(crate) text: Arc<SourceFile>,
    pub(crate) version: i32,
    pub(crate) unit: ColumnUnit,
    analysis: Option<Arc<Analysis>>,
    setup: Setup,
    generation: u64,
}

impl Snapshot {
    /// The analysis of this text: the one the loop has, or made now (on a
    /// worker) when the request came before the debounced lint.
    pub(crate) fn analysis(&self) -> Arc<Analysis> {
        match &self.analysis {
            Some(a) => a.clone(),
            None => Arc::new(Analysis::make(
                &self.setup,
                &self.path,
                &self.text,
                self.version,
                self.generation,
            )),
        }
    }
}

impl Server {
    /// Answers one request (on the pool where it takes work).
    pub(super) fn request(&mut self, r: Request) {
        match r.method.as_str() {
            req::HoverRequest::METHOD => self.with_doc(r, |s, p: lsp::HoverParams| {
                let pos = p.text_document_position_params.position;
                json(hover::hover(s, pos))
            }),
            req::CodeActionRequest::METHOD => self.with_doc(r, |s, p: lsp::CodeActionParams| {
                json(actions::actions(s, &p))
            }),
            req::Completion::METHOD => self.with_doc(r, |s, p: lsp::CompletionParams| {
                json(complete::complete(s, p.text_document_position.position))
            }),
            req::ExecuteCommand::METHOD => self.execute(r),
            _ => self.out.respond(Response::new_err(
                r.id,
                ErrorCode::MethodNotFound as i32,
                format!("claimlint does not handle `{}`", r.method),
            )),
        }
    }

    /// Answers `r` on the pool with `answer` over its document's snapshot;
    /// `null` for a document that is not open.
    fn with_doc<P>(&self, r: Request, answer: fn(&Snapshot, P) -> Value)
    where
        P: serde::de::DeserializeOwned + HasDoc + Send + 'static,
    {
        let method = r.method.clone();
        let (id, params) = match r.extract::<P>(&method) {
            Ok(x) => x,
            Err(e) => return self.bad_params(e),
        };
        let Some(snap) = self.snapshot(params.doc()) else {
            return self.out.respond(Response::new_ok(id, Value::Null));
        };
        let (out, out2, id2) = (self.out.clone(), self.out.clone(), id.clone());
        self.pool.spawn(
            move || out.respond(Response::new_ok(id, answer(&snap, params))),
            move || out2.respond(internal(id2)),
        );
    }

    fn bad_params(&self, e: lsp_server::ExtractError<Request>) {
        if let lsp_server::ExtractError::JsonError { method, error } = e {
            self.out
                .log(format!("claimlint: bad parameters for `{method}`: {error}"));
        }
    }

    /// A snapshot of an open document.
    pub(crate) fn snapshot(&self, uri: &lsp::Uri) -> Option<Snapshot> {
        let d = self.docs.get(uri)?;
        Some(Snapshot {
            uri: uri.clone(),
            path: d.path.clone(),
            text: d.text.clone(),
            version: d.version,
            unit: self.unit,
            analysis: d
                .current()
                .filter(|a| a.generation == self.generation)
                .cloned(),
            setup: self.setup.clone(),
            generation: self.generation,
        })
    }

    /// `workspace/executeCommand`.
    fn execute(&mut self, r: Request) {
        let (id, p) = match r.extract::<lsp::ExecuteCommandParams>(req::ExecuteCommand::METHOD) {
            Ok(x) => x,
            Err(e) => return self.bad_params(e),
        };
        let arg = |i: usize| p.arguments.get(i).cloned().unwrap_or(Value::Null);
        match p.command.as_str() {
            EXPLAIN => {
                let answer = explain(&self.out, arg(0).as_str().unwrap_or(""));
                self.out.respond(Response::new_ok(id, answer));
            }
            SELECT => {
                select(&self.out, arg(0), arg(1), self.caps.show_document);
                self.out.respond(Response::new_ok(id, Value::Null));
            }
            CHECK_WORKSPACE => self.check_workspace(id),
            EXPORT_REGISTER => self.export_register(id, arg(0).as_str().unwrap_or("markdown")),
            other => self.out.respond(Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("unknown command `{other}`"),
            )),
        }
    }
}

/// "Explain rule": asks the editor to open the rule's documentation, and
/// answers with its explanation as Markdown (for a client that shows it).
fn explain(out: &Outbox, code: &str) -> Value {
    let Some(meta) = claimlint::rules::registry::find(code) else {
        return Value::Null;
    };
    if let Ok(uri) = convert::rule_doc_url(meta.code, meta.name).parse::<lsp::Uri>() {
        out.request::<req::ShowDocument>(lsp::ShowDocumentParams {
            uri,
            external: Some(true),
            take_focus: Some(true),
            selection: None,
        });
    }
    Value::String(format!(
        "# {} `{}`\n\n{}\n\n{}",
        meta.code, meta.name, meta.summary, meta.explanation
    ))
}

/// Selects a range in a document (the reason of a new suppression), so
/// the author types over it.
fn select(out: &Outbox, uri: Value, range: Value, supported: bool) {
    let (Ok(uri), Ok(range)) = (
        serde_json::from_value::<lsp::Uri>(uri),
        serde_json::from_value::<lsp::Range>(range),
    ) else {
        return;
    };
    if supported {
        out.request::<req::ShowDocument>(lsp::ShowDocumentParams {
            uri,
            external: None,
            take_focus: Some(true),
            selection: Some(range),
        });
    }
}

fn json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The answer to a request whose work panicked.
pub(crate) fn internal(id: RequestId) -> Response {
    Response::new_err(
        id,
        ErrorCode::InternalError as i32,
        "claimlint failed on this request; please report it".into(),
    )
}

/// Requests about one document.
pub(crate) trait HasDoc {
    fn doc(&self) -> &lsp::Uri;
}

impl HasDoc for lsp::HoverParams {
    fn doc(&self) -> &lsp::Uri {
        &self.text_document_position_params.text_document.uri
    }
}

impl HasDoc for lsp::CodeActionParams {
    fn doc(&self) -> &lsp::Uri {
        &self.text_document.uri
    }
}

impl HasDoc for lsp::CompletionParams {
    fn doc(&self) -> &lsp::Uri {
        &self.text_document_position.text_document.uri
    }
}
