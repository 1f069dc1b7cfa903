//! Latency of `claimlint server` from a `textDocument/didChange` to the
//! `textDocument/publishDiagnostics` for that version, on a page of about
//! 2,000 words (clinic-style prose from the benchmark corpus, claims,
//! citations and all). The target is under 50 ms, debounce included.
//!
//! ```sh
//! cargo bench --bench server_latency
//! ```
//!
//! It spawns the release binary, opens the page, then 200 times types one
//! character (an incremental edit, as an editor sends it) and waits for
//! the diagnostics of that version, one edit at a time so each wait
//! measures a whole lint and publish. Reports min, median, p95 and max.
//! A process benchmark rather than divan's: what counts is the editor's
//! view, through pipes, JSON and the debounce, not the lint call alone
//! (`benches/throughput.rs` measures that).

mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const EDITS: usize = 200;
const WORDS: usize = 2_000;

fn main() {
    let page = page_of_words(WORDS);
    let words = page.split_whitespace().count();
    let dir = tempfile::TempDir::new().expect("tempdir");
    let uri = format!("file://{}/page.md", dir.path().display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .arg("server")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn claimlint server");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    };
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    wait(&mut out, |m| m["id"] == 1);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": "markdown", "version": 1, "text": page}}}),
    );
    let first = wait(&mut out, |m| is_diagnostics(m, 1));
    let findings = first["params"]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);
    let mut times = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let version = i as i64 + 2;
        let change = json!({"range": {"start": {"line": 0, "character": 0},
            "end": {"line": 0, "character": 0}}, "text": "x"});
        let started = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}}),
        );
        wait(&mut out, |m| is_diagnostics(m, version));
        times.push(started.elapsed());
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
    wait(&mut out, |m| m["id"] == 2);
    send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = child.wait();
    report(words, page.len(), findings, &mut times);
}

/// Pages of the corpus joined until they hold `n` words.
fn page_of_words(n: usize) -> String {
    let mut page = String::new();
    for (_, text) in corpus::pages(corpus::SEED, 1) {
        // Front matter only at the top.
        let body = match text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
        {
            Some((_, body)) => body,
            None => text.as_str(),
        };
        page.push_str(body);
        page.push('\n');
        if page.split_whitespace().count() >= n {
            break;
        }
    }
    page
}

fn is_diagnostics(m: &Value, version: i64) -> bool {
    m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
}

/// Reads messages until one that `want` accepts.
fn wait(out: &mut BufReader<ChildStdout>, want: impl Fn(&Value) -> bool) -> Value {
    loop {
        let mut len = 0;
        loop {
            let mut line = String::new();
            assert!(out.read_line(&mut line).expect("read") > 0, "server exited");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse().expect("length");
            }
        }
        let mut body = vec![0; len];
        out.read_exact(&mut body).expect("body");
        let v: Value = serde_json::from_slice(&body).expect("json");
        if want(&v) {
            return v;
        }
    }
}

fn report(words: usize, bytes: usize, findings: usize, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "didChange → publishDiagnostics, {words} words ({bytes} bytes, {findings} findings), {} edits:",
        times.len()
    );
    println!(
        "  min {:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms (target: under 50 ms)",
        ms(times[0]),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(times[times.len() - 1])
    );
}
