//! `claimlint server`: a Language Server Protocol server over standard
//! input and output, so an editor underlines claims while the author
//! types.
//!
//! Built on `lsp-server` and `lsp-types`, the synchronous model of
//! rust-analyzer and ruff: one loop reads the editor's messages in order
//! and owns every piece of state (open documents, the project, what was
//! published), and work that takes time runs on a small thread pool whose
//! results come back to the loop as [`Event`]s. Linting is CPU-bound and
//! synchronous, so an async runtime (tower-lsp) would add a dependency
//! tree and `Send` bounds without making anything faster; and one owner
//! of the state means no locks around the documents.
//!
//! Owns the loop, the session's state and its lifecycle (initialize,
//! shutdown, exit, a client that goes away). Does not own text
//! synchronisation (`documents`), linting (`analysis`), or what a request
//! answers (`hover`, `actions`, `complete`, `workspace`).

mod actions;
mod analysis;
mod complete;
mod convert;
mod documents;
mod hover;
mod requests;
mod sync;
mod workers;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use claimlint::project::Options;
use claimlint::source::ColumnUnit;
use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Connection, Message, Notification, Request};
use lsp_types as lsp;

use analysis::{Analysis, Setup};
use documents::Documents;

/// How long the editor must be quiet after a change before the document
/// is linted again. Short, as one lint of a long page takes a few
/// milliseconds; edits that arrive while a lint runs wait for it and are
/// linted together, which is what keeps a burst of typing cheap.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// Something a worker finished, for the loop.
pub(crate) enum Event {
    /// A document was linted (or its lint panicked: `None`).
    Linted {
        uri: lsp::Uri,
        version: i32,
        analysis: Option<Arc<Analysis>>,
    },
    /// Diagnostics of a file that is not open (the workspace check).
    Publish(lsp::PublishDiagnosticsParams),
}

/// What the editor said it can do, as far as the server cares.
#[derive(Default, Clone)]
pub(crate) struct ClientCaps {
    /// It can be asked to watch files (`**/*.toml`).
    watch_files: bool,
    /// It can be asked to show a document with a selection.
    show_document: bool,
}

/// Sends to the editor from any thread: notifications, and requests whose
/// answers the server does not need.
#[derive(Clone)]
pub(crate) struct Outbox {
    tx: Sender<Message>,
    next_id: Arc<AtomicI32>,
}

impl Outbox {
    pub(crate) fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        let n = Notification::new(N::METHOD.into(), params);
        let _ = self.tx.send(n.into());
    }

    pub(crate) fn request<R: lsp::request::Request>(&self, params: R::Params) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let r = Request::new(format!("claimlint-{id}").into(), R::METHOD.into(), params);
        let _ = self.tx.send(r.into());
    }

    pub(crate) fn respond(&self, r: lsp_server::Response) {
        let _ = self.tx.send(r.into());
    }

    /// A line for the editor's log.
    pub(crate) fn log(&self, message: String) {
        self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams {
            typ: lsp::MessageType::WARNING,
            message,
        });
    }
}

/// The session: everything the loop owns.
pub(crate) struct Server {
    out: Outbox,
    options: Options,
    setup: Setup,
    /// Bumped by every configuration reload; older analyses are dropped.
    generation: u64,
    unit: ColumnUnit,
    caps: ClientCaps,
    /// The workspace folders (or the root the editor started in).
    roots: Vec<PathBuf>,
    docs: Documents,
    pool: workers::Pool,
    events: (Sender<Event>, Receiver<Event>),
    /// What is published on configuration files, to clear it later.
    config_published: Vec<(lsp::Uri, Vec<lsp::Diagnostic>)>,
    /// The running workspace check, to cancel when another starts.
    workspace: Option<workers::Cancel>,
    shutdown: bool,
}

/// Runs the server on standard input and output until the editor says
/// `exit` (status 0 after `shutdown`, else 1) or goes away (1).
pub(crate) fn run(options: Options) -> Result<ExitCode> {
    let (conn, io) = Connection::stdio();
    let (id, params) = match conn.initialize_start() {
        Ok(x) => x,
        Err(e) => {
            crate::say!("claimlint server: no initialize request: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let params: lsp::InitializeParams =
        serde_json::from_value(params).context("reading the initialize request")?;
    let mut server = Server::new(&conn, options, &params);
    let result = lsp::InitializeResult {
        capabilities: requests::capabilities(server.unit),
        server_info: Some(lsp::ServerInfo {
            name: "claimlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    if let Err(e) = conn.initialize_finish(id, serde_json::to_value(result)?) {
        crate::say!("claimlint server: the editor went away while starting: {e}");
        return Ok(ExitCode::from(1));
    }
    server.register_watchers();
    let code = server.main_loop(&conn.receiver);
    drop(server);
    drop(conn);
    if let Err(e) = io.join() {
        // The editor closed the pipe first: nothing is left to tell it.
        crate::say!("claimlint server: {e}");
    }
    Ok(code)
}

impl Server {
    fn new(conn: &Connection, options: Options, params: &lsp::InitializeParams) -> Server {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        Server {
            out: Outbox {
                tx: conn.sender.clone(),
                next_id: Arc::new(AtomicI32::new(1)),
            },
            setup: Setup::new(&options),
            options,
            generation: 0,
            unit: negotiate(params),
            caps: client_caps(params),
            roots: roots(params),
            docs: Documents::default(),
            pool: workers::Pool::new(threads),
            events: unbounded(),
            config_published: Vec::new(),
            workspace: None,
            shutdown: false,
        }
    }

    /// Reads messages until `exit` or the editor goes away, linting what is
    /// due between them.
    fn main_loop(&mut self, inbox: &Receiver<Message>) -> ExitCode {
        let events = self.events.1.clone();
        loop {
            let wait = self
                .docs
                .next_due()
                .map_or(Duration::from_secs(3600), |due| {
                    due.saturating_duration_since(Instant::now())
                });
            select! {
                recv(inbox) -> msg => match msg {
                    Ok(msg) => {
                        if let Some(code) = self.handle(msg) {
                            return code;
                        }
                    }
                    Err(_) => {
                        crate::say!("claimlint server: the editor closed the connection without `exit`");
                        return ExitCode::from(1);
                    }
                },
                recv(events) -> ev => {
                    if let Ok(ev) = ev {
                        self.on_event(ev);
                    }
                },
                default(wait) => {},
            }
            self.lint_due();
        }
    }

    /// Handles one message; `Some` ends the session with that status.
    fn handle(&mut self, msg: Message) -> Option<ExitCode> {
        match msg {
            Message::Request(req) => {
                if req.method == "shutdown" {
                    self.shutdown = true;
                    if let Some(c) = self.workspace.take() {
                        c.cancel();
                    }
                    self.out.respond(lsp_server::Response::new_ok(req.id, ()));
                } else if self.shutdown {
                    self.out.respond(lsp_server::Response::new_err(
                        req.id,
                        lsp_server::ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    ));
                } else {
                    self.request(req);
                }
            }
            Message::Notification(n) if n.method == "exit" => {
                return Some(ExitCode::from(if self.shutdown { 0 } else { 1 }));
            }
            Message::Notification(n) => self.notification(n),
            // Answers to the server's own requests (registering watchers,
            // showing a document) need nothing further.
            Message::Response(_) => {}
        }
        None
    }

    /// Asks the editor to tell the server about changes to any TOML file
    /// (a `claimlint.toml`, an `evidence.toml`, or a file one `extends`).
    fn register_watchers(&self) {
        if !self.caps.watch_files {
            return;
        }
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String("**/*.toml".into()),
                kind: None,
            }],
        };
        self.out
            .request::<lsp::request::RegisterCapability>(lsp::RegistrationParams {
                registrations: vec![lsp::Registration {
                    id: "claimlint-config".into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(options).ok(),
                }],
            });
    }
}

/// The position encoding: UTF-8 when the editor offers it (no counting at
/// all), else the protocol's default UTF-16.
fn negotiate(params: &lsp::InitializeParams) -> ColumnUnit {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => ColumnUnit::Utf8,
        _ => ColumnUnit::Utf16,
    }
}

fn client_caps(params: &lsp::InitializeParams) -> ClientCaps {
    let c = &params.capabilities;
    ClientCaps {
        watch_files: c
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        show_document: c
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support),
    }
}

/// The workspace folders, else the root URI, else the directory the
/// server started in.
#[allow(deprecated)] // `root_uri`: older clients (Neovim 0.7) send only it.
fn roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| convert::path_of(&f.uri))
        .collect();
    if out.is_empty()
        && let Some(p) = params.root_uri.as_ref().and_then(convert::path_of)
    {
        out.push(p);
    }
    if out.is_empty()
        && let Ok(cwd) = std::env::current_dir()
    {
        out.push(cwd);
    }
    out
}

/// The server's unit as the protocol names it.
pub(crate) fn encoding_kind(unit: ColumnUnit) -> lsp::PositionEncodingKind {
    match unit {
        ColumnUnit::Utf8 => lsp::PositionEncodingKind::UTF8,
        _ => lsp::PositionEncodingKind::UTF16,
    }
}
