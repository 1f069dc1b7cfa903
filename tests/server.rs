//! `claimlint server` spoken to as an editor speaks to it: each test
//! spawns the binary, writes JSON-RPC over its standard input and reads
//! its standard output. Covers the session (initialize, shutdown, exit, a
//! client that goes away), diagnostics and their positions (UTF-16 and
//! UTF-8, after emoji, CJK and a byte-order mark), hover, code actions
//! (each edit applied and the result linted again), completion, the
//! configuration (reload, a broken file), the workspace commands, and
//! robustness (a burst of edits, a large document, unreadable and deleted
//! files, unknown documents), with the memory figure over 1,000 edits.
//!
//! The Neovim test at the end runs a real client; it needs `nvim` and
//! skips with a reason without it, unless `CLAIMLINT_REQUIRE_NEOVIM=1`
//! (which `.ci/run` sets).

use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_claimlint");

/// How long anything may take before a test gives up (generous: a debug
/// build on a shared machine).
const PATIENCE: Duration = Duration::from_secs(60);

const REGISTRY: &str = r#"[[source]]
id = "kafi2007"
doi = "10.1001/archderm.143.5.606"
pmid = 17515510
title = "Improvement of naturally aged skin with vitamin A (retinol)"
design = "rct"
population = "human"
subject = "ingredient"
year = 2007
"#;

/// A running server and what it has said that no one has read yet.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    queue: VecDeque<Value>,
    next_id: i64,
}

/// Reads framed messages from the server's output onto a channel.
fn reader(out: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse().expect("a length");
                }
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
            if tx.send(v).is_err() {
                return;
            }
        }
    });
    rx
}

impl Client {
    /// Starts `claimlint server` in `dir` and initializes it with `caps`
    /// as the client capabilities; returns the client and the answer.
    fn start(dir: &Path, caps: Value) -> (Client, Value) {
        Client::start_with(dir, caps, &[])
    }

    fn start_with(dir: &Path, caps: Value, args: &[&str]) -> (Client, Value) {
        let mut child = Command::new(BIN)
            .arg("server")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn claimlint server");
        let rx = reader(child.stdout.take().expect("stdout"));
        let mut c = Client {
            stdin: child.stdin.take(),
            child,
            rx,
            queue: VecDeque::new(),
            next_id: 1,
        };
        let root = uri(dir);
        let init = c.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": caps,
                   "workspaceFolders": [{"uri": root, "name": "w"}]}),
        );
        c.notify("initialized", json!({}));
        (c, init)
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        // A server that has exited is the test's finding, not a panic here.
        let _ = write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = stdin.flush();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id.
    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its whole response.
    fn response(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// Sends a request and returns its result (panicking on an error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.response(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    /// The first message, queued or coming, that `want` accepts; the rest
    /// stay queued.
    fn wait(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.queue.iter().position(&want) {
            return self.queue.remove(i).expect("present");
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(m) => self.queue.push_back(m),
                Err(RecvTimeoutError::Timeout) => panic!("timed out; queued: {:?}", self.queue),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server went away; queued: {:?}", self.queue)
                }
            }
        }
    }

    /// The next diagnostics published for `uri` that `want` accepts
    /// (earlier ones for it are dropped).
    fn diagnostics_where(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            let m = self.wait(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            let list = m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if want(&list) {
                return list;
            }
        }
    }

    /// The diagnostics published for `uri` at document version `version`.
    fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        loop {
            let m = self.wait(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            if m["params"]["version"] == json!(version) {
                return m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn replace_all(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown` then `exit`; returns the exit status.
    fn shut_down(mut self) -> Option<i32> {
        let r = self.response("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        self.exit_status()
    }

    fn exit_status(&mut self) -> Option<i32> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's resident memory in KiB (Linux).
    fn rss_kib(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `file:` URI of a path (the test paths need no escaping).
fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn workspace(files: &[(&str, &str)]) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let root = fs::canonicalize(dir.path()).expect("canonical");
    for (name, text) in files {
        let p = root.join(name);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }
    (dir, root)
}

fn codes(list: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = list
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    c.sort();
    c
}

/// `claimlint check --format json` on a file: (code, line, column,
/// end line, end column) with 1-based character columns.
fn cli_findings(dir: &Path, file: &str) -> Vec<(String, u64, u64, u64, u64)> {
    let out = Command::new(BIN)
        .args(["check", "--format", "json", file])
        .current_dir(dir)
        .output()
        .expect("run check");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let mut found = Vec::new();
    for d in v["diagnostics"].as_array().cloned().unwrap_or_default() {
        let n = |k: &str| d[k].as_u64().unwrap_or(0);
        found.push((
            d["code"].as_str().unwrap_or("").to_string(),
            n("line"),
            n("column"),
            n("end_line"),
            n("end_column"),
        ));
    }
    found.sort();
    found
}

/// A protocol position in `unit` ("utf-16" or "utf-8") from a 1-based
/// line and 1-based character column of `text`.
fn lsp_position(text: &str, line: u64, column: u64, unit: &str) -> (u64, u64) {
    let l = text.split('\n').nth(line as usize - 1).unwrap_or("");
    let l = if line == 1 {
        l.trim_start_matches('\u{feff}')
    } else {
        l
    };
    let prefix: String = l.chars().take(column as usize - 1).collect();
    let n = match unit {
        "utf-8" => prefix.len(),
        _ => prefix.encode_utf16().count(),
    };
    (line - 1, n as u64)
}

fn range_of(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().expect("a number");
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

/// The findings of a page as the server publishes them, each as (code,
/// start line, start character, end line, end character).
fn published(list: &[Value]) -> Vec<(String, u64, u64, u64, u64)> {
    let mut out: Vec<_> = list
        .iter()
        .map(|d| {
            let (a, b, c, e) = range_of(d);
            (d["code"].as_str().unwrap_or("").to_string(), a, b, c, e)
        })
        .collect();
    out.sort();
    out
}

/// What the CLI reports, with its character columns turned into `unit`.
fn expected(dir: &Path, file: &str, unit: &str) -> Vec<(String, u64, u64, u64, u64)> {
    let text = fs::read_to_string(dir.join(file)).expect("read");
    let mut out: Vec<_> = cli_findings(dir, file)
        .into_iter()
        .map(|(code, l, c, el, ec)| {
            let (a, b) = lsp_position(&text, l, c, unit);
            let (x, y) = lsp_position(&text, el, ec, unit);
            (code, a, b, x, y)
        })
        .collect();
    out.sort();
    out
}

/// A page whose claims sit after an emoji, CJK text and a byte-order mark.
const WIDE: &str = "\u{feff}🧴 美白 Retinol boosts collagen.\n\n肌 🧴🧴 Our serum is clinically proven to firm skin.\n";

fn utf8_caps() -> Value {
    json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
}

#[test]
fn initialize_announces_what_the_server_does() {
    let (dir, root) = workspace(&[]);
    let (c, init) = Client::start(&root, json!({}));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    let kinds = caps["codeActionProvider"]["codeActionKinds"].to_string();
    assert!(
        kinds.contains("quickfix") && kinds.contains("source.fixAll.claimlint"),
        "{kinds}"
    );
    let commands = caps["executeCommandProvider"]["commands"].to_string();
    for c in [
        "claimlint.checkWorkspace",
        "claimlint.exportRegister",
        "claimlint.explainRule",
    ] {
        assert!(commands.contains(c), "{commands}");
    }
    assert!(
        caps["completionProvider"]["triggerCharacters"]
            .to_string()
            .contains('^')
    );
    assert_eq!(init["serverInfo"]["name"], "claimlint");
    assert_eq!(c.shut_down(), Some(0));
    // UTF-8 is chosen when the client offers it.
    let (c, init) = Client::start(&root, utf8_caps());
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(c.shut_down(), Some(0));
    drop(dir);
}

#[test]
fn diagnostics_match_the_cli_in_utf16_and_utf8_after_emoji_cjk_and_a_bom() {
    let (_dir, root) = workspace(&[("page.md", WIDE)]);
    let page = uri(&root.join("page.md"));
    for (caps, unit) in [(json!({}), "utf-16"), (utf8_caps(), "utf-8")] {
        let (mut c, _) = Client::start(&root, caps);
        c.open(&page, WIDE);
        let got = c.diagnostics_at(&page, 1);
        let want = expected(&root, "page.md", unit);
        assert_eq!(want.len(), 2, "{want:?}");
        assert_eq!(published(&got), want, "{unit}");
        // Severity, the rule's link, where it came from.
        let d = &got[0];
        assert_eq!(d["severity"], 1);
        assert_eq!(d["source"], "claimlint");
        let href = d["codeDescription"]["href"].as_str().unwrap_or("");
        assert!(
            href.ends_with("docs/rules.md#cl001-uncited-efficacy-claim"),
            "{href}"
        );
        assert_eq!(c.shut_down(), Some(0));
    }
    // The UTF-16 column of `boosts` counts the emoji twice.
    let (a, b) = lsp_position(WIDE, 1, 14, "utf-16");
    assert_eq!((a, b), (0, 14));
}

#[test]
fn a_change_relints_and_an_incremental_edit_lands_after_wide_characters() {
    let (_dir, root) = workspace(&[]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, WIDE);
    assert_eq!(codes(&c.diagnostics_at(&page, 1)), ["CL001", "CL001"]);
    // Replace "boosts collagen" (UTF-16 columns 14..29 of line 0) with a
    // plain description: one claim left.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": page, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 14}, "end": {"line": 0, "character": 29}},
             "text": "is an ingredient"}]}),
    );
    let list = c.diagnostics_at(&page, 2);
    assert_eq!(codes(&list), ["CL001"]);
    assert_eq!(range_of(&list[0]).0, 2, "the claim left is on line 3");
    // Closing clears the document's diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": page}}),
    );
    c.diagnostics_where(&page, |l| l.is_empty());
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn related_information_points_at_the_cited_source() {
    let text = "# Serum\n\nOur retinol night serum smooths fine lines.[^kafi2007]\n";
    let (_dir, root) = workspace(&[("evidence.toml", REGISTRY), ("page.md", text)]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    let list = c.diagnostics_at(&page, 1);
    let d = list.iter().find(|d| d["code"] == "CL010").expect("CL010");
    let rel = &d["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], page);
    assert!(
        rel["message"].as_str().unwrap_or("").contains("evidence"),
        "{rel}"
    );
    let start = rel["location"]["range"]["start"]["character"]
        .as_u64()
        .unwrap();
    assert_eq!(
        start as usize,
        text.lines().nth(2).unwrap().find("[^").unwrap()
    );
    assert_eq!(c.shut_down(), Some(0));
}

fn hover_text(c: &mut Client, page: &str, line: u64, character: u64) -> String {
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": page}, "position": {"line": line, "character": character}}),
    );
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[test]
fn hover_explains_a_claim_and_a_registry_reference() {
    let text = "# Serum\n\nRetinol smooths fine lines.[^kafi2007]\n\nOur serum boosts collagen.\n\nSee doi:10.1001/archderm.143.5.606 for the trial.\n";
    let (_dir, root) = workspace(&[("evidence.toml", REGISTRY)]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    // On the supported claim: all the register says about it.
    let h = hover_text(&mut c, &page, 2, 10);
    for want in [
        "`smooths fine lines`",
        "supported",
        "strength: ",
        "kind: efficacy",
        "cues: ",
        "tier needed: rct (no market set)",
        "tier found: rct",
        "registry `kafi2007`",
    ] {
        assert!(h.contains(want), "{want:?} not in {h}");
    }
    // On the uncited one.
    let h = hover_text(&mut c, &page, 4, 12);
    assert!(
        h.contains("unsupported") && h.contains("sources: none"),
        "{h}"
    );
    assert!(!h.contains("kind: safety"), "{h}");
    // On the footnote reference and on the DOI: the registry entry.
    let col = text.lines().nth(2).unwrap().find("[^").unwrap() as u64 + 3;
    let h = hover_text(&mut c, &page, 2, col);
    assert!(
        h.contains("evidence registry") && h.contains("vitamin A (retinol)"),
        "{h}"
    );
    assert!(h.contains("design: rct") && h.contains("year: 2007"), "{h}");
    let h = hover_text(&mut c, &page, 6, 12);
    assert!(h.contains("`kafi2007`"), "{h}");
    // Nothing to say on a heading.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": page}, "position": {"line": 0, "character": 3}}),
    );
    assert!(h.is_null(), "{h}");
    assert_eq!(c.shut_down(), Some(0));
}

/// A sentence that promises two things makes two claims: the hover shows
/// both, each with its own kind and status.
#[test]
fn hover_shows_each_claim_of_a_sentence() {
    let text = "# Peel\n\nThe peel is safe for all skin types and clears acne.\n";
    let (_dir, root) = workspace(&[]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    let h = hover_text(&mut c, &page, 2, 5);
    assert!(
        h.contains("kind: efficacy") && h.contains("kind: safety"),
        "{h}"
    );
    assert!(h.contains("`clears acne`") && h.contains("`safe`"), "{h}");
    assert_eq!(c.shut_down(), Some(0));
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let rest = &text[start..];
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// The code actions at a line, by title.
fn actions_at(c: &mut Client, page: &str, line: u64, only: Option<&str>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(k) = only {
        context["only"] = json!([k]);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": page},
               "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 200}},
               "context": context}),
    );
    r.as_array().cloned().unwrap_or_default()
}

/// Applies the action whose title contains `title` and has the server
/// lint the result; returns the new text and its diagnostics.
fn apply_action(
    c: &mut Client,
    page: &str,
    text: &str,
    version: i64,
    actions: &[Value],
    title: &str,
) -> (String, Vec<Value>) {
    let a = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").contains(title))
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:#?}"));
    let edits = a["edit"]["changes"][page]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fixed = apply(text, &edits);
    c.replace_all(page, version, &fixed);
    let list = c.diagnostics_at(page, version);
    (fixed, list)
}

#[test]
fn code_actions_edit_the_page_and_the_result_is_linted_again() {
    let text = "# Serum\n\nRetinol smooths fine lines.\n";
    let (_dir, root) = workspace(&[("evidence.toml", REGISTRY)]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    assert_eq!(codes(&c.diagnostics_at(&page, 1)), ["CL001"]);
    let actions = actions_at(&mut c, &page, 2, None);
    let mut version = 1;
    let mut next = || {
        version += 1;
        version
    };
    // A registry entry that backs it: cited, the finding goes.
    let (fixed, list) = apply_action(&mut c, &page, text, next(), &actions, "cite `kafi2007`");
    assert!(fixed.contains("lines.[^kafi2007]\n"), "{fixed}");
    assert!(list.is_empty(), "{list:?}");
    // A suppression with its reason: the finding goes, and a command
    // selects the placeholder reason.
    let (fixed, list) = apply_action(&mut c, &page, text, next(), &actions, "disable CL001");
    assert!(
        fixed.contains("<!-- claimlint-disable-next-line CL001 -- reason -->\nRetinol"),
        "{fixed}"
    );
    assert!(list.is_empty(), "{list:?}");
    let a = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("disable CL001"))
        .unwrap();
    assert_eq!(a["command"]["command"], "claimlint.select");
    let r = &a["command"]["arguments"][1];
    assert_eq!(r["start"], json!({"line": 2, "character": 42}), "{r}");
    assert_eq!(&fixed.lines().nth(2).unwrap()[42..48], "reason");
    // An evidence comment template: the claim now cites a design, and
    // only the reference is left to fill in.
    let (fixed, list) = apply_action(&mut c, &page, text, next(), &actions, "evidence comment");
    assert!(
        fixed.contains("lines. <!-- evidence: rct doi: -->\n"),
        "{fixed}"
    );
    assert!(!codes(&list).contains(&"CL001".to_string()), "{list:?}");
    // A footnote reference and an empty definition for the author to fill.
    let (fixed, list) = apply_action(&mut c, &page, text, next(), &actions, "add footnote [^1]");
    assert!(
        fixed.contains("lines.[^1]\n") && fixed.ends_with("\n[^1]: \n"),
        "{fixed:?}"
    );
    assert!(
        !list.is_empty(),
        "an empty footnote is not yet a source: {list:?}"
    );
    // Explain: the rule's documentation, and the editor asked to open it.
    let a = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("explain CL001"))
        .unwrap();
    let r = c.request("workspace/executeCommand", a["command"].clone());
    assert!(r.as_str().unwrap_or("").contains("## What it does"), "{r}");
    let show = c.wait(|m| m["method"] == "window/showDocument");
    assert!(
        show["params"]["uri"]
            .as_str()
            .unwrap()
            .contains("#cl001-uncited-efficacy-claim")
    );
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn safe_fixes_and_fix_all_clear_their_findings() {
    let text = "# Serum\n\n<!-- claimlint-disable-next-line CL001 -- approved -->\nBook a consultation today.\n\nRetinol smooths fine lines ([study](https://doi.org/doi:10.1001/archderm.143.5.606)).\n\nAzelaic acid calms redness ([trial](https://pubmed.ncbi.nlm.nih.gov/PMID17515510/)).\n";
    let (_dir, root) = workspace(&[]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    let before = codes(&c.diagnostics_at(&page, 1));
    assert_eq!(before, ["CL007", "CL013", "CL013"], "{before:?}");
    // One quick fix, preferred, for the stale suppression.
    let actions = actions_at(&mut c, &page, 2, Some("quickfix"));
    let fix = actions
        .iter()
        .find(|a| a["title"] == "claimlint: remove the unused suppression")
        .expect("the CL007 fix");
    assert_eq!(fix["isPreferred"], true);
    let (_, list) = apply_action(&mut c, &page, text, 2, &actions, "remove the unused");
    assert_eq!(codes(&list), ["CL013", "CL013"]);
    // The DOI's doubled prefix (on the page as it was).
    c.replace_all(&page, 3, text);
    c.diagnostics_at(&page, 3);
    let actions = actions_at(&mut c, &page, 5, Some("quickfix"));
    let (fixed, list) = apply_action(&mut c, &page, text, 4, &actions, "correct the identifier");
    assert!(
        fixed.contains("(https://doi.org/10.1001/archderm.143.5.606)"),
        "{fixed}"
    );
    assert_eq!(codes(&list), ["CL007", "CL013"]);
    // Fix all: every safe fix at once, nothing left.
    c.replace_all(&page, 5, text);
    c.diagnostics_at(&page, 5);
    let actions = actions_at(&mut c, &page, 0, Some("source.fixAll"));
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.claimlint");
    let (fixed, list) = apply_action(&mut c, &page, text, 6, &actions, "fix all");
    assert!(list.is_empty(), "{list:?}\n{fixed}");
    assert!(
        fixed.contains("pubmed.ncbi.nlm.nih.gov/17515510/"),
        "{fixed}"
    );
    assert!(!fixed.contains("claimlint-disable"), "{fixed}");
    assert_eq!(c.shut_down(), Some(0));
}

fn labels(c: &mut Client, page: &str, line: u64, character: u64) -> Vec<String> {
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": page}, "position": {"line": line, "character": character}}),
    );
    r.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn completion_offers_registry_ids_designs_and_rules() {
    let text = "Retinol smooths fine lines.[^\n\nAzelaic acid calms redness. <!-- evidence: \n\n<!-- claimlint-disable-next-line \n";
    let (_dir, root) = workspace(&[("evidence.toml", REGISTRY)]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    assert_eq!(labels(&mut c, &page, 0, 29), ["kafi2007"]);
    let designs = labels(&mut c, &page, 2, 45);
    assert!(
        designs.contains(&"rct".into()) && designs.contains(&"systematic-review".into()),
        "{designs:?}"
    );
    let rules = labels(&mut c, &page, 4, 33);
    assert!(
        rules.contains(&"CL001".into()) && rules.contains(&"uncited-efficacy-claim".into()),
        "{rules:?}"
    );
    // Elsewhere, nothing.
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": page}, "position": {"line": 0, "character": 5}}),
    );
    assert!(r.is_null(), "{r}");
    assert_eq!(c.shut_down(), Some(0));
}

fn config_changed(c: &mut Client, path: &Path, kind: u8) {
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(path), "type": kind}]}),
    );
}

#[test]
fn a_config_change_reloads_and_a_broken_config_is_reported_on_its_file() {
    let text = "Retinol boosts collagen.\n";
    let (_dir, root) = workspace(&[]);
    let (page, config) = (uri(&root.join("page.md")), root.join("claimlint.toml"));
    // The client can watch files: the server asks it to.
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut c, _) = Client::start(&root, caps);
    let reg = c.wait(|m| m["method"] == "client/registerCapability");
    assert!(reg.to_string().contains("**/*.toml"), "{reg}");
    c.open(&page, text);
    assert_eq!(codes(&c.diagnostics_at(&page, 1)), ["CL001"]);
    // The rule turned off: the page is linted again under the new config.
    fs::write(&config, "[rules]\nCL001 = \"off\"\n").unwrap();
    config_changed(&mut c, &config, 1);
    c.diagnostics_where(&page, |l| l.is_empty());
    // Broken: the error on claimlint.toml, at its span; the page says it
    // was not checked.
    fs::write(&config, "[rules]\nCL001 = 1\n").unwrap();
    config_changed(&mut c, &config, 2);
    let on_page = c.diagnostics_where(&page, |l| !l.is_empty());
    assert!(
        on_page[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("not checked"),
        "{on_page:?}"
    );
    let on_config = c.diagnostics_where(&uri(&config), |l| !l.is_empty());
    assert_eq!(range_of(&on_config[0]), (1, 8, 1, 9), "{on_config:?}");
    assert!(
        on_config[0]["message"]
            .as_str()
            .unwrap()
            .contains("invalid type")
    );
    // Mended: the config's diagnostic is cleared, the page linted.
    fs::write(&config, "[rules]\nCL001 = \"error\"\n").unwrap();
    config_changed(&mut c, &config, 2);
    c.diagnostics_where(&uri(&config), |l| l.is_empty());
    c.diagnostics_where(&page, |l| codes(l) == ["CL001"]);
    // Deleted: the defaults again.
    fs::remove_file(&config).unwrap();
    config_changed(&mut c, &config, 3);
    c.diagnostics_where(&page, |l| codes(l) == ["CL001"]);
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn a_broken_config_given_with_dash_dash_config_is_reported_too() {
    let (_dir, root) = workspace(&[("strict.toml", "[rules]\nnot-a-rule = \"error\"\n")]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start_with(&root, json!({}), &["--config", "strict.toml"]);
    c.open(&page, "Retinol boosts collagen.\n");
    let on_page = c.diagnostics_at(&page, 1);
    assert_eq!(on_page.len(), 1, "{on_page:?}");
    assert_eq!(on_page[0]["code"], "config");
    let rel = &on_page[0]["relatedInformation"][0]["location"];
    assert_eq!(rel["uri"], uri(&root.join("strict.toml")));
    let on_config = c.diagnostics_where(&uri(&root.join("strict.toml")), |l| !l.is_empty());
    assert_eq!(range_of(&on_config[0]).0, 1, "{on_config:?}");
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn exit_without_shutdown_fails_and_requests_after_shutdown_are_refused() {
    let (_dir, root) = workspace(&[]);
    let (mut c, _) = Client::start(&root, json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_status(), Some(1));
    let (mut c, _) = Client::start(&root, json!({}));
    c.request("shutdown", Value::Null);
    let r = c.response(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.md"},
        "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_status(), Some(0));
    // An unknown method is an error answer, not a crash.
    let (mut c, _) = Client::start(&root, json!({}));
    let r = c.response("textDocument/rename", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn a_client_that_dies_mid_request_ends_the_server() {
    let (_dir, root) = workspace(&[]);
    let page = uri(&root.join("big.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    let text = "Retinol boosts collagen in every skin type. ".repeat(20_000);
    c.open(&page, &text);
    c.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": page},
        "position": {"line": 0, "character": 10}}),
    );
    // The editor goes away: its end of both pipes closes.
    c.stdin = None;
    drop(std::mem::replace(&mut c.rx, channel().1));
    assert_eq!(c.exit_status(), Some(1));
}

/// Types `n` characters one notification at a time at the end of line 1,
/// starting at document version `from`; returns the last version.
fn type_burst(c: &mut Client, page: &str, line_len: &mut u64, from: i64, n: usize) -> i64 {
    let mut version = from;
    for i in 0..n {
        version += 1;
        let ch = if i % 10 == 9 { " " } else { "a" };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": page, "version": version}, "contentChanges": [
                {"range": {"start": {"line": 0, "character": *line_len}, "end": {"line": 0, "character": *line_len}},
                 "text": ch}]}),
        );
        *line_len += 1;
    }
    version
}

#[test]
fn bursts_of_a_thousand_rapid_edits_end_in_the_right_diagnostics_without_memory_growth() {
    let text = "Retinol boosts collagen.\n\nOur serum is clinically proven to firm skin.\n";
    let (_dir, root) = workspace(&[]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    c.diagnostics_at(&page, 1);
    let mut line_len = "Retinol boosts collagen.".len() as u64;
    let v = type_burst(&mut c, &page, &mut line_len, 1, 1000);
    let after_first = c.diagnostics_at(&page, v);
    let mut rss = vec![c.rss_kib()];
    let (mut v, mut after_last) = (v, Vec::new());
    for _ in 0..2 {
        v = type_burst(&mut c, &page, &mut line_len, v, 1000);
        after_last = c.diagnostics_at(&page, v);
        rss.push(c.rss_kib());
    }
    // What the CLI says about the same final text.
    let typed: String = (0..3000)
        .map(|i| if i % 10 == 9 { ' ' } else { 'a' })
        .collect();
    let final_text = text.replacen("collagen.", &format!("collagen.{typed}"), 1);
    fs::write(root.join("page.md"), &final_text).unwrap();
    assert_eq!(published(&after_last), expected(&root, "page.md", "utf-16"));
    assert_eq!(codes(&after_first), codes(&after_last));
    // A leak grows with every burst; the allocator's retention while the
    // line gets longer does not, so the smaller of two bursts' growth is
    // held to the bound (one burst alone has crossed it by noise).
    if let [Some(a), Some(b), Some(c3)] = rss[..] {
        eprintln!("server RSS after 1,000, 2,000 and 3,000 edits: {a}, {b}, {c3} KiB");
        let growth = (b.saturating_sub(a)).min(c3.saturating_sub(b));
        assert!(
            growth < 4096,
            "memory grew by {growth} KiB or more in each of two bursts of 1,000 edits"
        );
    }
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn a_large_document_does_not_block_the_others() {
    let (_dir, root) = workspace(&[]);
    let (big, small) = (uri(&root.join("big.md")), uri(&root.join("small.md")));
    let (mut c, _) = Client::start(&root, json!({}));
    let paragraph = "Retinol boosts collagen in eight weeks, the brochure says. 美白 🧴\n\n";
    let text = paragraph.repeat(10 * 1024 * 1024 / paragraph.len() + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    c.open(&big, &text);
    // While the big one is linted, a small page is answered.
    c.open(&small, "Our serum boosts collagen.\n");
    assert_eq!(codes(&c.diagnostics_at(&small, 1)), ["CL001"]);
    let h = hover_text(&mut c, &small, 0, 12);
    assert!(h.contains("boosts collagen"), "{h}");
    // And the session ends cleanly although the big lint may still run.
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn unknown_documents_deleted_files_and_unreadable_files_are_survived() {
    let (_dir, root) = workspace(&[
        ("good.md", "Our serum boosts collagen.\n"),
        ("notes/latin1.md", ""),
        ("open.md", "Retinol boosts collagen.\n"),
    ]);
    fs::write(
        root.join("notes/latin1.md"),
        b"Caf\xe9 serum boosts collagen.\n",
    )
    .unwrap();
    let (good, open) = (uri(&root.join("good.md")), uri(&root.join("open.md")));
    let unknown = uri(&root.join("never-opened.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    // Notifications and requests for a document that is not open.
    c.replace_all(&unknown, 2, "text");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": unknown}}),
    );
    let log = c.wait(|m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("not open"),
        "{log}"
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": unknown}, "position": {"line": 0, "character": 0}}),
    );
    assert!(h.is_null());
    // A file deleted on disk while open: the editor's text still counts.
    c.open(&open, "Retinol boosts collagen.\n");
    c.diagnostics_at(&open, 1);
    fs::remove_file(root.join("open.md")).unwrap();
    config_changed(&mut c, &root.join("open.md"), 3);
    c.replace_all(&open, 2, "Retinol boosts collagen and firms skin.\n");
    assert_eq!(codes(&c.diagnostics_at(&open, 2)), ["CL001"]);
    // The workspace check: the closed file's findings are published, the
    // file that is not UTF-8 is reported, not fatal.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "claimlint.checkWorkspace"}),
    );
    assert_eq!(r["files"], 2, "{r}");
    let failures = r["failures"].to_string();
    assert!(
        failures.contains("latin1.md") && failures.contains("UTF-8"),
        "{failures}"
    );
    assert_eq!(
        codes(&c.diagnostics_where(&good, |l| !l.is_empty())),
        ["CL001"]
    );
    // The register, as Markdown and CSV, with the open page's own text.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "claimlint.exportRegister", "arguments": ["markdown"]}),
    );
    let md = r["text"].as_str().unwrap();
    assert!(
        md.starts_with("# Claims register") && md.contains("firms skin"),
        "{md}"
    );
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "claimlint.exportRegister", "arguments": ["csv"]}),
    );
    assert!(
        r["text"].as_str().unwrap().contains("boosts collagen"),
        "{r}"
    );
    let r = c.response(
        "workspace/executeCommand",
        json!({"command": "claimlint.exportRegister", "arguments": ["pdf"]}),
    );
    assert!(
        r["error"]["message"].as_str().unwrap().contains("markdown"),
        "{r}"
    );
    assert_eq!(c.shut_down(), Some(0));
}

/// Whether a tool this test needs is there; without it the test says why
/// and passes, unless `require` names an environment variable set to `1`
/// (`.ci/run` sets `CLAIMLINT_REQUIRE_NEOVIM`), which makes it a failure.
fn have(tool: &str, require: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let why = format!("`{tool}` is not installed");
        assert!(
            std::env::var_os(require).is_none_or(|v| v != "1"),
            "{require}=1, but {why}"
        );
        eprintln!("skipped: {why} (set {require}=1 to require it)");
    }
    found
}

#[test]
fn neovim_shows_what_the_cli_reports() {
    if !have("nvim", "CLAIMLINT_REQUIRE_NEOVIM") {
        return;
    }
    let draft = format!(
        "{WIDE}\nRetinol smooths fine lines.[^kafi2007]\n\nOur retinol serum smooths fine lines.[^kafi2007]\n\n<!-- claimlint-disable-next-line CL001 -- approved -->\nBook now.\n"
    );
    let (_dir, root) = workspace(&[("evidence.toml", REGISTRY), ("draft.md", &draft)]);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("nvim.jsonl");
    let status = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg("-c")
        .arg(format!(
            "luafile {}",
            repo.join("tests/nvim/diagnostics.lua").display()
        ))
        .arg("draft.md")
        .current_dir(&root)
        .env("CLAIMLINT_BIN", BIN)
        .env("OUT", &out)
        .env("PLUGIN_DIR", repo.join("integrations/neovim"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("run nvim");
    assert!(status.success(), "nvim: {status}");
    let lines = fs::read_to_string(&out).expect("nvim wrote its diagnostics");
    let mut got: Vec<(String, u64, u64, u64, u64)> = lines
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            assert!(v.get("error").is_none(), "{v}");
            let n = |k: &str| v[k].as_u64().expect(k);
            (
                v["code"].as_str().unwrap_or("").into(),
                n("lnum"),
                n("col"),
                n("end_lnum"),
                n("end_col"),
            )
        })
        .collect();
    got.sort();
    // Neovim counts columns in bytes of its buffer, which has no BOM.
    let want = expected(&root, "draft.md", "utf-8");
    assert_eq!(
        want.iter().map(|w| w.0.as_str()).collect::<Vec<_>>(),
        ["CL001", "CL001", "CL007", "CL010"],
        "{want:?}"
    );
    assert_eq!(got, want);
}

/// The Neovim capture in `docs/editors.md` (and the files beside it) shows
/// what the server says today: the hover's lines are the server's hover
/// on that page, and the excerpt in the page is the capture's.
#[test]
fn the_neovim_capture_in_the_docs_is_current() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let capture = fs::read_to_string(repo.join("docs/editors-neovim.txt")).unwrap();
    let ansi = fs::read_to_string(repo.join("docs/editors-neovim.ansi")).unwrap();
    assert!(ansi.contains("\u{1b}["), "the .ansi capture has colours");
    let doc = fs::read_to_string(repo.join("docs/editors.md")).unwrap();
    let excerpt = doc
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap();
    assert!(
        capture.contains(excerpt),
        "docs/editors.md quotes the capture"
    );
    let page = "---\nmarkets: [uk]\n---\n# Retinol night serum\n\nRetinol smooths fine lines.[^kafi2007]\n\nOur night serum is clinically proven to firm skin.\n\nOur retinol serum smooths fine lines.[^kafi2007]\n\nBook a consultation today.\n";
    let (_dir, root) = workspace(&[("evidence.toml", REGISTRY)]);
    let (mut c, _) = Client::start(&root, json!({}));
    let page_uri = uri(&root.join("serum.md"));
    c.open(&page_uri, page);
    let hover = hover_text(&mut c, &page_uri, 7, 19);
    let mut seen = 0;
    for line in capture.lines() {
        if let Some(i) = line.find("- ") {
            let item = line[i..].trim_end();
            if ["strength", "kind", "cues", "tier", "sources"]
                .iter()
                .any(|k| item[2..].starts_with(k))
            {
                assert!(hover.contains(item), "{item:?} not in {hover}");
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 6, "{capture}");
    assert!(
        hover.contains("`clinically proven` · **unsupported**"),
        "{hover}"
    );
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn a_workspace_check_does_not_hold_up_typing() {
    let page = "# Peel\n\nOur peel boosts collagen and fades dark spots in a week.\n\nRetinol may reduce fine lines.\n";
    let files: Vec<(String, &str)> = (0..400).map(|i| (format!("pages/p{i}.md"), page)).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let (_dir, root) = workspace(&refs);
    let draft = uri(&root.join("draft.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    let id = c.send_request(
        "workspace/executeCommand",
        json!({"command": "claimlint.checkWorkspace"}),
    );
    c.open(&draft, "Our serum boosts collagen.\n");
    // The draft's diagnostics come while the workspace is still being
    // checked: its answer is not among what arrived before them.
    assert_eq!(codes(&c.diagnostics_at(&draft, 1)), ["CL001"]);
    assert!(
        !c.queue.iter().any(|m| m["id"] == json!(id)),
        "the workspace finished first"
    );
    let done = c.wait(|m| m["id"] == json!(id));
    assert_eq!(done["result"]["files"], 400, "{done}");
    assert_eq!(c.shut_down(), Some(0));
}

#[test]
fn a_new_registry_entry_backs_the_claim_once_evidence_toml_changes() {
    let text = "Retinol smooths fine lines.[^kafi2007]\n";
    let (_dir, root) = workspace(&[("evidence.toml", "")]);
    let page = uri(&root.join("page.md"));
    let (mut c, _) = Client::start(&root, json!({}));
    c.open(&page, text);
    assert!(
        !c.diagnostics_at(&page, 1).is_empty(),
        "an unknown footnote is no source"
    );
    fs::write(root.join("evidence.toml"), REGISTRY).unwrap();
    config_changed(&mut c, &root.join("evidence.toml"), 2);
    c.diagnostics_where(&page, |l| l.is_empty());
    assert_eq!(c.shut_down(), Some(0));
}
