//! Hostile input: what claimlint does with each kind of bad input a
//! stranger's pull request or a half-written draft can hold. Each test
//! here backs a promise in docs/guarantees.md.
//!
//! Covered elsewhere and not repeated: invalid UTF-8 and NUL bytes in a
//! walked file, missing files, a directory named like a Markdown file, a
//! symlink loop, a closed pipe and never modifying checked files
//! (`tests/cli.rs`); arbitrary bytes (`fuzz/`); generated Markdown
//! (`tests/properties.rs`).
//!
//! Where time matters the tests assert on complexity, never on a
//! deadline: the same input at N and 4N bytes, each timed best of three
//! in one run, interleaved so that load on the machine hits both alike;
//! 4N must take under 8 times as long as N (linear is 4, quadratic 16).
//! Timed tests hold a lock so they do not run alongside each other.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use claimlint::evidence::registry::Registry;
use claimlint::{Config, Linter, Report};
use serde_json::Value;

#[path = "support/pipeline.rs"]
mod pipeline;

#[path = "support/bin.rs"]
mod bin;
use bin::{BIN, Run, project};
const CLAIM: &str = "Our serum boosts collagen.";
const UNCITED: &str = "# Peel\n\nOur glycolic peel boosts collagen.\n";

static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(Config::default()).expect("default linter"));

/// Held by every test that measures time or needs a lot of CPU, so timed
/// tests in this file do not compete with each other.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` on a thread with a 2 MiB stack, the default for spawned
/// threads (rayon's workers included), so a recursion that grows with the
/// input overflows here rather than passing on a big main-thread stack.
fn on_small_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        let h = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn_scoped(s, f)
            .expect("spawn");
        h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

fn has_claim(r: &Report, trigger: &str) -> bool {
    r.claims.iter().any(|c| c.claim.trigger == trigger)
}

/// Lints each document on a small stack through the whole pipeline; when
/// `claim` is set, the claim must still be found (nesting must not lose
/// a finding).
fn assert_deep(shapes: &[(&str, String, bool)]) {
    let _g = heavy();
    for (name, text, claim) in shapes {
        let r = on_small_stack(|| pipeline::check(&LINTER, "deep.md", text));
        if *claim {
            assert!(
                has_claim(&r, "boosts collagen"),
                "{name}: the claim inside was lost"
            );
        }
    }
}

/// Best of five, N and 4N interleaved; panics when 4N takes 8 times as
/// long as N or more. (Of three, a run of a few milliseconds that met a
/// page-fault storm in each of its 4N rounds failed now and then.)
fn assert_linear(what: &str, n: usize, mut run: impl FnMut(usize)) {
    let _g = heavy();
    let time = |run: &mut dyn FnMut(usize), size| {
        let t = Instant::now();
        run(size);
        t.elapsed()
    };
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        small = small.min(time(&mut run, n));
        large = large.min(time(&mut run, 4 * n));
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    eprintln!(
        "{what}: {n} in {small:?}, {} in {large:?}, ratio {ratio:.2}",
        4 * n
    );
    assert!(
        ratio < 8.0,
        "{what}: 4x the input took {ratio:.1}x the time ({small:?} -> {large:?}): not linear"
    );
}

// ---------------------------------------------------------------- nesting

const DEPTH: usize = 100_000;

#[test]
fn block_quotes_nested_100_000_deep() {
    assert_deep(&[
        ("quotes", format!("{}{CLAIM}\n", "> ".repeat(DEPTH)), true),
        (
            "quotes, no space",
            format!("{}{CLAIM}\n", ">".repeat(DEPTH)),
            true,
        ),
        (
            "quotes, one per line",
            format!(
                "{}{CLAIM}\n",
                (1..200)
                    .map(|i| format!("{}\n", ">".repeat(i * 500)))
                    .collect::<String>()
            ),
            true,
        ),
    ]);
}

#[test]
fn lists_nested_100_000_deep() {
    // comrak stops opening lists at depth 100; the rest stays text.
    assert_deep(&[
        ("bullets", format!("{}{CLAIM}\n", "- ".repeat(DEPTH)), true),
        ("ordered", format!("{}{CLAIM}\n", "1. ".repeat(DEPTH)), true),
        (
            "tasks",
            format!("{}{CLAIM}\n", "- [ ] ".repeat(DEPTH / 2)),
            true,
        ),
        (
            "footnote definitions",
            format!("{}{CLAIM}\n", "[^a]: ".repeat(DEPTH)),
            false,
        ),
    ]);
}

#[test]
fn emphasis_nested_100_000_deep() {
    let n = DEPTH;
    assert_deep(&[
        (
            "stars",
            format!("{}{CLAIM}{}\n", "*".repeat(n), "*".repeat(n)),
            true,
        ),
        (
            "underscores",
            format!("Text {}{CLAIM}{}\n", "_".repeat(n), "_".repeat(n)),
            true,
        ),
        (
            "alternating",
            format!("{}{CLAIM}{}\n", "*_".repeat(n / 2), "_*".repeat(n / 2)),
            true,
        ),
        (
            "strong",
            format!("{}{CLAIM}{}\n", "**".repeat(n / 2), "**".repeat(n / 2)),
            true,
        ),
        (
            "strikethrough",
            format!("Text {}{CLAIM}{}\n", "~~".repeat(n / 2), "~~".repeat(n / 2)),
            true,
        ),
        (
            "unclosed",
            format!("{}{CLAIM}\n", "*a ".repeat(n / 3)),
            true,
        ),
    ]);
}

#[test]
fn brackets_links_and_images_nested_100_000_deep() {
    let n = DEPTH;
    assert_deep(&[
        ("open brackets", format!("{}{CLAIM}\n", "[".repeat(n)), true),
        (
            "links",
            format!("{}{CLAIM}{}\n", "[".repeat(n), "](https://x.org)".repeat(n)),
            true,
        ),
        (
            "images",
            format!("{}{CLAIM}{}\n", "![".repeat(n), "](a.png)".repeat(n)),
            true,
        ),
        (
            "footnote references",
            format!("{CLAIM}{}\n", "[^".repeat(n)),
            true,
        ),
        (
            "parentheses",
            format!("{CLAIM} {}x{}\n", "(".repeat(n), ")".repeat(n)),
            true,
        ),
    ]);
}

#[test]
fn html_nested_100_000_deep() {
    let n = DEPTH;
    assert_deep(&[
        (
            "block",
            format!(
                "<div>\n{}{CLAIM}{}\n</div>\n",
                "<div>".repeat(n),
                "</div>".repeat(n)
            ),
            true,
        ),
        (
            "inline",
            format!(
                "Text {}{CLAIM}{}\n",
                "<span>".repeat(n),
                "</span>".repeat(n)
            ),
            true,
        ),
        (
            "unclosed tags",
            format!("<div>\n{}{CLAIM}\n", "<p><b><i>".repeat(n / 3)),
            true,
        ),
        ("comments", format!("{CLAIM} {}\n", "<!-- ".repeat(n)), true),
    ]);
}

#[test]
fn mixed_nesting_100_000_deep() {
    assert_deep(&[
        (
            "quote list emphasis link",
            format!("{}{CLAIM}\n", "> - 1. *[".repeat(DEPTH / 5)),
            true,
        ),
        (
            "list quote html",
            format!("{}{CLAIM}\n", "- > <div>".repeat(DEPTH / 3)),
            false,
        ),
    ]);
}

#[test]
fn front_matter_nested_100_000_deep() {
    let n = DEPTH;
    assert_deep(&[
        (
            "yaml sequences",
            format!("---\ntitle: {}\n---\n{CLAIM}\n", "[".repeat(n)),
            true,
        ),
        (
            "yaml mappings",
            format!("---\ntitle: {}\n---\n{CLAIM}\n", "{a: ".repeat(n)),
            true,
        ),
        (
            "toml arrays",
            format!(
                "+++\ntitle = {}{}\n+++\n{CLAIM}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
            true,
        ),
        (
            "toml tables",
            format!(
                "+++\ntitle = {}1{}\n+++\n{CLAIM}\n",
                "{a=".repeat(n),
                "}".repeat(n)
            ),
            true,
        ),
    ]);
}

#[test]
fn config_and_registry_nested_100_000_deep() {
    let _g = heavy();
    let deep = format!("markets = {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let config = on_small_stack(|| Config::parse(Path::new("claimlint.toml"), &deep));
    assert!(config.is_err(), "a nested array is not a list of markets");
    let deep = format!(
        "[[source]]\nid = {}\"x\"{}\n",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let reg = on_small_stack(|| Registry::parse(Path::new("evidence.toml"), &deep));
    assert!(reg.entries.is_empty() && !reg.problems.is_empty());
}

// ---------------------------------------------------------------- size

/// A realistic stretch of a page: claims of every kind, a footnote, a
/// list, a table, a quote, an evidence comment and a code block.
fn page_chunk(i: usize) -> String {
    format!(
        "## Treatment {i}\n\n\
         Our serum boosts collagen and fades dark spots. Retinol may reduce fine lines.[^r{i}] \
         The clinic opens at nine.\n\n\
         - There is no downtime.\n- Results are *guaranteed\n  and permanent*.\n\n\
         | Peel | Result |\n| --- | --- |\n| Glycolic | erases wrinkles |\n\n\
         > \"This serum changed my skin!\" <!-- evidence: rct doi:10.1000/x{i} -->\n\n\
         ```text\nboosts collagen\n```\n\n\
         [^r{i}]: Kafi R, et al. Arch Dermatol. 2007;143(5):606-612.\n\n"
    )
}

fn page_of(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 1024);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&page_chunk(i));
        i += 1;
    }
    s
}

#[test]
fn a_large_file_lints_in_linear_time() {
    assert_linear("page", 32 << 10, |n| {
        let r = LINTER.lint("big.md", &page_of(n));
        assert!(!r.claims.is_empty());
    });
}

#[test]
fn a_long_line_lints_in_linear_time() {
    let line = |n: usize| "Our serum boosts collagen. The clinic opens at nine. ".repeat(n / 53);
    assert_linear("many sentences on one line", 32 << 10, |n| {
        let r = LINTER.lint("line.md", &line(n));
        assert_eq!(r.claims.len(), n / 53);
    });
    let words = |n: usize| "serum collagen clinic not wrinkles may ".repeat(n / 39);
    assert_linear("one sentence without punctuation", 32 << 10, |n| {
        LINTER.lint("line.md", &words(n));
    });
}

#[test]
fn a_one_megabyte_line_is_checked_whole() {
    let _g = heavy();
    // A claim at each end of a 1 MB line: both are found, and every
    // output format copes with the line.
    let filler = "The clinic opens at nine on weekdays. ".repeat((1 << 20) / 38);
    let text = format!("{CLAIM} {filler}Our mask erases wrinkles.\n");
    let r = pipeline::check(&LINTER, "line.md", &text);
    assert!(has_claim(&r, "boosts collagen") && has_claim(&r, "erases wrinkles"));
}

#[test]
fn findings_on_a_long_line_print_an_excerpt_of_it() {
    let _g = heavy();
    // 4,000 findings on one 1 MB line: printing the line with each would
    // write 4 GB. Each finding shows the part of the line around it, and
    // its real column.
    let claims = 4_000;
    let filler = "The clinic opens at nine on weekdays. ".repeat(7);
    let text = format!("{}\n", format!("{filler}{CLAIM} ").repeat(claims));
    assert!(text.len() > 1 << 20);
    let r = LINTER.lint("line.md", &text);
    assert_eq!(r.diagnostics.len(), claims);
    let human = claimlint::output::human::human(&r, false);
    assert!(
        human.len() < claims * 2048,
        "{} bytes of output",
        human.len()
    );
    let out = String::from_utf8(human).expect("UTF-8");
    let last = &r.diagnostics[claims - 1];
    let col = text[..last.span.start].chars().count() + 1;
    assert!(
        out.contains(&format!("line.md:1:{col}")),
        "column {col} missing"
    );
    assert!(
        out.lines().any(|l| l.ends_with("^^^^^^^^^^^^^^^")),
        "no underline"
    );
}

/// The largest peak memory, as a multiple of the file's size, of any
/// output format on either page below: the figure the table in
/// docs/guarantees.md gives. Lower it as the memory work lands.
/// Measured: about 35x (typical page) and 66x (claim-dense page) at
/// 100 MB, up to 72x at 20 MB (JUnit, which holds the run's output).
const MEMORY_BOUND: f64 = 100.0;

/// A 100 MB file through the binary, in every output format of `check`
/// and `claims`, for a sample page and for a page dense with claims: the
/// time and the peak memory of the process (from `wait4`, so only that
/// child counts), printed as a table. Too slow for every run; run it with
/// `cargo test --release --test hostile -- --ignored --nocapture`
/// (`CLAIMLINT_MEMORY_MB=20` for a quicker, smaller file).
#[test]
// The child is reaped by `wait4`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
#[ignore = "100 MB; run with `cargo test --release --test hostile -- --ignored --nocapture`"]
fn a_100_megabyte_file_lints_with_bounded_memory() {
    let _g = heavy();
    let mb: usize = std::env::var("CLAIMLINT_MEMORY_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().expect("tempdir");
    // A claim in every paragraph (a claim-dense page on one line is the
    // long-line tests' case).
    let dense = |bytes: usize| "Our serum boosts collagen.\n\n".repeat(bytes / 28);
    let pages: [(&str, String); 2] = [("sample", page_of(mb << 20)), ("dense", dense(mb << 20))];
    let runs: [&[&str]; 9] = [
        &["check", "--format", "human"],
        &["check", "--format", "json"],
        &["check", "--format", "sarif"],
        &["check", "--format", "github"],
        &["check", "--format", "gitlab"],
        &["check", "--format", "junit"],
        &["claims", "--format", "json"],
        &["claims", "--format", "csv"],
        &["claims", "--format", "markdown"],
    ];
    let mut worst = 0.0f64;
    for (page, text) in &pages {
        let path = dir.path().join("big.md");
        fs::write(&path, text).expect("write");
        let size = fs::metadata(&path).expect("stat").len();
        for args in runs {
            let started = Instant::now();
            let child = Command::new(BIN)
                .args(args)
                .arg("big.md")
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn");
            let (status, max_rss_kib) = wait_with_peak_rss(child.id() as libc::pid_t);
            let ratio = (max_rss_kib * 1024) as f64 / size as f64;
            worst = worst.max(ratio);
            eprintln!(
                "| {page} | {} | {:.1} s | {} MiB | {ratio:.1}x |",
                args.join(" "),
                started.elapsed().as_secs_f64(),
                max_rss_kib / 1024
            );
            let expected = if args[0] == "check" { 1 } else { 0 };
            assert_eq!(status, expected, "{args:?} on the {page} page");
        }
    }
    assert!(
        worst < MEMORY_BOUND,
        "peak memory {worst:.1}x the file, over the {MEMORY_BOUND}x bound"
    );
}

/// Waits for `pid` and returns its exit status and peak resident set size
/// in KiB, from `wait4`'s resource usage for that one child.
fn wait_with_peak_rss(pid: libc::pid_t) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data, zeroed is a valid value, and both
    // pointers are valid for the duration of the call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss as u64)
}

// ---------------------------------------------------------------- bytes

#[test]
fn nul_bytes_and_control_characters_do_not_break_the_library() {
    // The binary refuses a file with a NUL byte (tests/cli.rs); the
    // library lints whatever text it is given.
    for text in [
        format!("\0{CLAIM}\0\n"),
        "Our serum\0boosts collagen.\n\n\0\0\0\n".to_string(),
        format!("\u{1}\u{7f}\u{c}{CLAIM}\r\r\u{b}\n\u{feff}\u{feff}{CLAIM}\u{2028}\u{85}x\n"),
        format!("{CLAIM}\u{fffe}\u{ffff}\u{10ffff}\u{e000}\u{200b}\u{202e}\n"),
    ] {
        let r = pipeline::check(&LINTER, "odd.md", &text);
        assert!(!r.claims.is_empty(), "{text:?}");
    }
}

fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args);
    let out = match stdin {
        Some(bytes) => assert_cmd::Command::from_std(cmd)
            .write_stdin(bytes.to_vec())
            .output(),
        None => cmd.output(),
    }
    .expect("run claimlint");
    Run::from_output(out)
}

fn json(r: &Run) -> Value {
    r.json()
}

fn diagnostic_paths(v: &Value) -> Vec<String> {
    let mut p: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect();
    p.dedup();
    p
}

fn error_paths(v: &Value) -> Vec<String> {
    v["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["path"].as_str().expect("path").to_string())
        .collect()
}

#[test]
fn invalid_utf8_names_the_file_and_offset() {
    // Walked files: tests/cli.rs::invalid_utf8_and_binary_files_are_reported_and_the_rest_still_linted.
    // Here: a sequence cut short at the end of a file named explicitly,
    // and standard input.
    let p = project(&[("peel.md", UNCITED)]);
    fs::write(p.path().join("cut.md"), &"Crème\n\u{e9}".as_bytes()[..8]).expect("write");
    let r = run(
        p.path(),
        &["check", "--format", "json", "cut.md", "peel.md"],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("cut.md: invalid UTF-8 at byte offset 7"),
        "{}",
        r.stderr
    );
    let v = json(&r);
    assert_eq!(diagnostic_paths(&v), ["peel.md"]);
    assert_eq!(error_paths(&v), ["cut.md"]);

    let r = run(
        p.path(),
        &["check", "--stdin-filename", "draft.md", "-"],
        Some(b"Our serum boosts collagen.\n\xff\n"),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("draft.md: invalid UTF-8 at byte offset 27"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- files

#[test]
fn files_that_vanish_mid_walk_are_reported_never_skipped() {
    // claimlint lists the files, then reads them. A file deleted in
    // between must show up as an error (exit 2), never vanish from the
    // report; a file deleted before the walk saw it is simply not there.
    // Deleting from the end while the binary runs hits both cases.
    const FILES: usize = 600;
    const KEPT: usize = 300;
    let _g = heavy();
    let mut vanished_after_listing = 0;
    for _ in 0..5 {
        let p = project(&[]);
        for i in 0..FILES {
            let f = p.path().join(format!("pages/p{i:03}.md"));
            fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            fs::write(f, UNCITED).expect("write");
        }
        let child = Command::new(BIN)
            .args(["check", "--format", "json", "pages"])
            .current_dir(p.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        for i in (KEPT..FILES).rev() {
            fs::remove_file(p.path().join(format!("pages/p{i:03}.md"))).expect("rm");
        }
        let out = child.wait_with_output().expect("wait");
        let r = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8"),
        };
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        let v = json(&r);
        let linted = diagnostic_paths(&v);
        let errors = error_paths(&v);
        for i in 0..FILES {
            let name = format!("pages/p{i:03}.md");
            let (l, e) = (linted.contains(&name), errors.contains(&name));
            assert!(!(l && e), "{name} both linted and failed");
            if i < KEPT {
                assert!(l, "{name} was never deleted but is not in the report");
            }
        }
        for e in v["errors"].as_array().expect("errors") {
            assert_eq!(e["message"], "no such file or directory", "{e}");
        }
        assert_eq!(
            r.code,
            if errors.is_empty() { 1 } else { 2 },
            "{}",
            r.stderr
        );
        vanished_after_listing += errors.len();
    }
    eprintln!("files deleted between listing and reading: {vanished_after_listing}");
}

/// Whether a user with no rights of its own can reach `path`: every
/// directory above it searchable by others, and `path` itself readable and
/// executable (or searchable) by them.
fn usable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let others =
        |p: &Path, bits: u32| fs::metadata(p).is_ok_and(|m| m.permissions().mode() & bits == bits);
    others(path, 0o005) && path.ancestors().skip(1).all(|d| others(d, 0o001))
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn unreadable_files_and_directories_are_reported_even_for_root() {
    use std::os::unix::fs::PermissionsExt as _;
    use std::os::unix::process::CommandExt as _;
    // tests/cli.rs::unreadable_file_is_reported skips itself under root,
    // which is how CI runs; here root runs the binary as `nobody`.
    let p = project(&[
        ("docs/a.md", UNCITED),
        ("docs/locked.md", UNCITED),
        ("docs/closed/b.md", UNCITED),
    ]);
    let mode = |path: &str, m| {
        fs::set_permissions(p.path().join(path), fs::Permissions::from_mode(m)).expect("chmod")
    };
    mode("", 0o755);
    mode(".git", 0o755);
    mode("docs", 0o755);
    mode("docs/a.md", 0o644);
    mode("docs/locked.md", 0o000);
    mode("docs/closed", 0o000);
    let mut cmd = Command::new(BIN);
    cmd.args(["check", "--format", "json", "docs"])
        .current_dir(p.path());
    if is_root() {
        if !usable_by_others(Path::new(BIN)) || !usable_by_others(p.path()) {
            eprintln!("skipped: `nobody` cannot reach {BIN} or the temporary directory");
            return;
        }
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().expect("run");
    mode("docs/closed", 0o755);
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    };
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("docs/locked.md: permission denied"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("docs/closed: permission denied"),
        "{}",
        r.stderr
    );
    let v = json(&r);
    assert_eq!(diagnostic_paths(&v), ["docs/a.md"]);
}

#[test]
fn symlinks_out_of_the_tree_are_not_followed_unless_named() {
    use std::os::unix::fs::symlink;
    // Loops: tests/cli.rs::symlink_loops_do_not_hang.
    let p = project(&[
        ("docs/peel.md", UNCITED),
        ("outside/secret.md", UNCITED),
        ("outside/dir/more.md", UNCITED),
    ]);
    symlink("../outside/secret.md", p.path().join("docs/secret.md")).expect("symlink");
    symlink("../outside/dir", p.path().join("docs/dir")).expect("symlink");
    symlink("/", p.path().join("docs/root")).expect("symlink");
    symlink("../nowhere.md", p.path().join("docs/dangling.md")).expect("symlink");
    let r = run(p.path(), &["check", "--format", "json", "docs"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(diagnostic_paths(&v), ["docs/peel.md"]);
    assert_eq!(error_paths(&v), Vec::<String>::new());
    assert_eq!(v["files"], 1);
    // Named on the command line, a link to a file is read like the file.
    let r = run(
        p.path(),
        &["check", "--format", "json", "docs/secret.md"],
        None,
    );
    assert_eq!(diagnostic_paths(&json(&r)), ["docs/secret.md"]);
    let r = run(p.path(), &["check", "docs/dangling.md"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("docs/dangling.md: no such file or directory"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- config

#[test]
fn a_config_file_that_is_a_directory_is_an_error() {
    let p = project(&[
        ("peel.md", UNCITED),
        ("claimlint.toml/x", ""),
        ("conf/x", ""),
    ]);
    let r = run(p.path(), &["check", "peel.md"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("claimlint.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("peel.md: not checked"), "{}", r.stderr);
    let r = run(p.path(), &["check", "--config", "conf", "peel.md"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("conf"), "{}", r.stderr);
}

fn pattern_config(regex: &str) -> Result<Config, String> {
    let toml = format!("[[lexicon.patterns]]\ncategory = \"superiority\"\nregex = '{regex}'\n");
    Config::parse(Path::new("claimlint.toml"), &toml).map_err(|e| format!("{e:?}"))
}

#[test]
fn pathological_regexes_are_rejected_or_run_in_linear_time() {
    // Too big to compile, or nested too deep: rejected with the reason.
    let huge = pattern_config("(?:a{1000}){1000}").expect_err("size limit");
    assert!(huge.contains("size limit"), "{huge}");
    let nested = pattern_config(&format!("{}a{}", "(".repeat(100), ")".repeat(100)))
        .expect_err("nest limit");
    assert!(nested.contains("nest"), "{nested}");
    let p = project(&[
        ("peel.md", UNCITED),
        (
            "claimlint.toml",
            "[[lexicon.patterns]]\ncategory = \"superiority\"\nregex = '(?:a{1000}){1000}'\n",
        ),
    ]);
    let r = run(p.path(), &["check", "peel.md"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("claimlint.toml:3"), "{}", r.stderr);

    // Patterns that make a backtracking engine take exponential time run
    // in linear time: the regex crate's only backtracker is bounded (it
    // never visits a state at a position twice). From 512 KB: at 128 KB
    // the runs took 3 ms and the 512 KB ones 12 or 23 ms by turns (cache
    // sizes, not the pattern), which failed the ratio now and then.
    let config = pattern_config("(x+x+)+y").expect("compiles");
    let linter = Linter::new(config).expect("linter");
    assert_linear("(x+x+)+y over x…x", 512 << 10, |n| {
        linter.lint("x.md", &format!("{}\n", "x".repeat(n)));
    });
}

/// Every package claimlint is built from: its normal dependencies (not
/// dev-dependencies), followed through Cargo.lock.
fn linked_packages() -> std::collections::BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| -> toml::Table {
        fs::read_to_string(root.join(f))
            .expect("read")
            .parse()
            .expect("toml")
    };
    let (manifest, lock) = (read("Cargo.toml"), read("Cargo.lock"));
    let packages = lock["package"].as_array().expect("packages");
    let deps_of = |name: &str| -> Vec<String> {
        packages
            .iter()
            .filter(|p| p["name"].as_str() == Some(name))
            .filter_map(|p| p.get("dependencies").and_then(|d| d.as_array()))
            .flatten()
            .filter_map(|d| d.as_str()?.split(' ').next().map(str::to_string))
            .collect()
    };
    let mut todo: Vec<String> = manifest["dependencies"]
        .as_table()
        .expect("dependencies")
        .keys()
        .cloned()
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(n) = todo.pop() {
        if seen.insert(n.clone()) {
            todo.extend(deps_of(&n));
        }
    }
    assert!(
        seen.contains("regex") && seen.contains("comrak"),
        "{seen:?}"
    );
    seen
}

#[test]
fn no_backtracking_regex_engine_is_linked() {
    // No pattern, built in or from a config, can take exponential time.
    let linked = linked_packages();
    for banned in [
        "fancy-regex",
        "onig",
        "onig_sys",
        "pcre2",
        "pcre2-sys",
        "regress",
    ] {
        assert!(
            !linked.contains(banned),
            "{banned} is linked into claimlint"
        );
    }
}

#[test]
fn no_network_code_in_claimlint_or_its_dependencies() {
    // No networking crate is linked, and claimlint's own source opens no
    // socket; the one program it runs is `git`, for `--changed-since`,
    // with subcommands that only read the local repository.
    let linked = linked_packages();
    for banned in [
        "reqwest",
        "hyper",
        "h2",
        "http",
        "ureq",
        "curl",
        "isahc",
        "tokio",
        "async-std",
        "mio",
        "socket2",
        "native-tls",
        "openssl",
        "rustls",
    ] {
        assert!(
            !linked.contains(banned),
            "{banned} is linked into claimlint"
        );
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(
                fs::read_dir(&p)
                    .expect("read_dir")
                    .map(|e| e.expect("entry").path()),
            );
            continue;
        }
        let text = fs::read_to_string(&p).expect("read");
        for needle in ["std::net", "TcpStream", "UdpSocket", "ToSocketAddrs"] {
            assert!(!text.contains(needle), "{} uses {needle}", p.display());
        }
        for (i, _) in text.match_indices("Command::new(") {
            assert!(
                text[i..].starts_with("Command::new(\"git\")"),
                "{} runs a program other than git",
                p.display()
            );
        }
    }
    let git = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/git.rs"))
        .expect("git.rs");
    for remote in ["fetch", "pull", "clone", "ls-remote", "push"] {
        assert!(!git.contains(&format!("\"{remote}\"")), "git {remote}");
    }
}

/// Every `tests/NAME.rs::test` that the docs cite (the promises in
/// `docs/guarantees.md` above all) is a test function in that file.
#[test]
fn docs_name_only_real_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![
        root.join("README.md"),
        root.join("CONTRIBUTING.md"),
        root.join("SECURITY.md"),
    ];
    let mut in_docs: Vec<_> = fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    in_docs.sort();
    docs.extend(in_docs);
    let cited = regex::Regex::new(r"`(tests/[a-z_]+\.rs)::([a-z0-9_]+)`").expect("regex");
    let mut per_doc = std::collections::BTreeMap::new();
    for doc in &docs {
        let text = fs::read_to_string(doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        let name = doc
            .strip_prefix(root)
            .expect("in the repository")
            .display()
            .to_string();
        let mut n = 0;
        for c in cited.captures_iter(&text) {
            let file =
                fs::read_to_string(root.join(&c[1])).unwrap_or_else(|e| panic!("{}: {e}", &c[1]));
            assert!(
                file.contains(&format!("fn {}(", &c[2])),
                "{name} cites {}::{}, which is not a test there",
                &c[1],
                &c[2]
            );
            n += 1;
        }
        per_doc.insert(name, n);
    }
    let guarantees = per_doc["docs/guarantees.md"];
    assert!(
        guarantees >= 20,
        "docs/guarantees.md cites only {guarantees} tests"
    );
}

// ---------------------------------------------------------------- registry

fn registry_of(n: usize) -> String {
    let mut s = String::with_capacity(n * 64);
    for i in 0..n {
        s.push_str(&format!(
            "[[source]]\nid = \"s{i}\"\ndoi = \"10.1000/s{i}\"\ndesign = \"rct\"\n\n"
        ));
    }
    s
}

#[test]
fn an_evidence_registry_with_100_000_entries() {
    assert_linear("registry entries", 6_250, |n| {
        let r = Registry::parse(Path::new("evidence.toml"), &registry_of(n));
        assert_eq!(r.entries.len(), n);
    });
    let _g = heavy();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("evidence.toml");
    fs::write(&path, registry_of(100_000)).expect("write");
    let linter = Linter::new(Config {
        registry: Some(path),
        ..Config::default()
    })
    .expect("linter");
    assert_eq!(linter.registry().map(|r| r.entries.len()), Some(100_000));
    let r = pipeline::check(
        &linter,
        "page.md",
        "Retinol smooths fine wrinkles.[^s99999]\n\n[^s99999]: Study 2007, doi:10.1000/s99999\n",
    );
    let c = &r.claims[0];
    assert_eq!(c.claim.sources[0].registry_id.as_deref(), Some("s99999"));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}
