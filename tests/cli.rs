//! Black-box tests of the `claimlint` binary: every subcommand and output
//! format, exit codes, path reporting, directory walking, standard input,
//! broken pipes, colour, suppressions, and the promise never to modify the
//! files it checks.
//!
//! Each test writes its own short Markdown into a temporary directory and
//! runs the built binary there. The tests pin the interface a user or a CI
//! script relies on (codes, exit statuses, JSON fields, paths), not the
//! wording of every message: `tests/fixtures.rs` snapshots that. The
//! "docs in sync" tests keep `README.md`, `docs/` and `fixtures/examples/`
//! honest: every example shown as claimlint's output is what it prints.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

#[path = "support/bin.rs"]
mod bin;
use bin::{BIN, Run, project, write};

/// Runs `claimlint ARGS` in `dir` with `stdin` (empty when `None`).
fn run_with(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    if let Some(s) = stdin {
        cmd.write_stdin(s.to_string());
    }
    Run::from_output(cmd.output().expect("run claimlint"))
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, None)
}

const UNCITED: &str = "# Peel\n\nOur glycolic peel boosts collagen.\n";
const HEDGED: &str = "Retinol may improve fine lines.\n";
const CLEAN: &str = "Our clinic opens at nine on weekdays.\n";
const CITED: &str = "Our serum fades dark spots (Lee et al., 2021).\n";

fn paths(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect()
}

fn codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

// ---------------------------------------------------------------- check

#[test]
fn check_human_shows_code_help_and_summary() {
    let p = project(&[("peel.md", UNCITED)]);
    let r = run(p.path(), &["check", "--color", "never", "peel.md"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("error[CL001/uncited-efficacy-claim]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("efficacy claim `boosts collagen` cites no source"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("┌─ peel.md:3:19"), "{}", r.stdout);
    assert!(
        r.stdout.contains("= help: cite the human study"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l == "1 error, 0 warnings in 1 file (1 claim, 1 without a source)"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn check_json_has_the_documented_schema_and_spans_slice_the_phrase() {
    // Multi-byte characters before the phrase: `span` counts bytes,
    // `column` counts characters.
    let text = "# Café\n\nLe café’s peel boosts collagen.\n";
    let p = project(&[("cafe.md", text)]);
    let r = run(p.path(), &["check", "--format", "json", "cafe.md"]);
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"], 1);
    assert_eq!(v["errors"], Value::Array(vec![]));
    let diags = v["diagnostics"].as_array().expect("array");
    assert_eq!(diags.len(), 1, "{v:#}");
    let d = &diags[0];
    for key in [
        "code",
        "rule",
        "severity",
        "path",
        "message",
        "help",
        "span",
        "line",
        "column",
        "end_line",
        "end_column",
    ] {
        assert!(d.get(key).is_some(), "missing `{key}` in {d:#}");
    }
    assert_eq!(d["code"], "CL001");
    assert_eq!(d["rule"], "uncited-efficacy-claim");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "cafe.md");
    assert!(d["message"].as_str().unwrap().contains("`boosts collagen`"));
    assert!(!d["help"].as_str().unwrap().is_empty());
    let start = d["span"]["start"].as_u64().unwrap() as usize;
    let end = d["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..end], "boosts collagen");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(16))
    );
    // The end position is exclusive: the column just past the phrase.
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(31))
    );
}

/// A file with more findings and claims than `output::STREAM_AT` is
/// written as it is rendered, in its place among the others: the JSON and
/// SARIF documents stay whole and in input order, and the register keeps
/// every row.
#[test]
fn a_file_with_many_findings_is_streamed_in_its_place() {
    let many = 5_000;
    assert!(2 * many >= claimlint::output::STREAM_AT);
    let big = "Our serum boosts collagen.\n\n".repeat(many);
    let dir = project(&[("a.md", UNCITED), ("b.md", &big), ("c.md", UNCITED)]);
    let r = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("one JSON document");
    let p = paths(&v);
    assert_eq!(p.len(), many + 2);
    assert_eq!((p[0].as_str(), p[1].as_str()), ("./a.md", "./b.md"));
    assert_eq!(
        (p[many].as_str(), p[many + 1].as_str()),
        ("./b.md", "./c.md")
    );
    let r = run(dir.path(), &["check", "--format", "sarif", "."]);
    let v: Value = serde_json::from_str(&r.stdout).expect("one SARIF document");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), many + 2);
    let r = run(dir.path(), &["claims", "--format", "json", "."]);
    let v: Value = serde_json::from_str(&r.stdout).expect("one JSON register");
    assert_eq!(v["claims"].as_array().expect("claims").len(), many + 2);
}

#[test]
fn only_warnings_or_clean_exit_0() {
    let p = project(&[
        ("hedged.md", HEDGED),
        ("clean.md", CLEAN),
        ("cited.md", CITED),
    ]);
    let r = run(p.path(), &["check", "--format", "json", "hedged.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(codes(&r.json()), ["CL002"]);
    assert_eq!(r.json()["diagnostics"][0]["severity"], "warning");

    let r = run(
        p.path(),
        &["check", "--color", "never", "clean.md", "cited.md"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stdout.trim(),
        "0 errors, 0 warnings in 2 files (1 claim, 0 without a source)"
    );
}

#[test]
fn no_subcommand_runs_check() {
    let p = project(&[("peel.md", UNCITED)]);
    let explicit = run(p.path(), &["check", "--format", "json", "peel.md"]);
    let implicit = run(p.path(), &["--format", "json", "peel.md"]);
    assert_eq!(implicit.code, 1);
    assert_eq!(implicit.stdout, explicit.stdout);
    // With no path at all it checks `.` and reports paths without `./`.
    let bare = run(p.path(), &["--format", "json"]);
    assert_eq!(bare.code, 1, "{bare:?}");
    assert_eq!(paths(&bare.json()), ["peel.md"]);
}

#[test]
fn bad_flag_is_a_usage_error() {
    let p = project(&[("peel.md", UNCITED)]);
    let r = run(p.path(), &["check", "--no-such-flag", "peel.md"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--no-such-flag"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = run(p.path(), &["check", "--format", "yaml", "peel.md"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("yaml"), "{}", r.stderr);
}

#[test]
fn help_and_version_exit_0() {
    let p = project(&[]);
    let r = run(p.path(), &["--help"]);
    assert_eq!(r.code, 0);
    for sub in ["check", "claims", "classify", "rules", "rule"] {
        assert!(r.stdout.contains(sub), "{}", r.stdout);
    }
    let r = run(p.path(), &["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("claimlint "), "{}", r.stdout);
}

// ---------------------------------------------------------------- paths and inputs

#[test]
fn paths_are_reported_as_given() {
    let p = project(&[("docs/peel.md", UNCITED)]);
    let r = run(p.path(), &["check", "--format", "json", "docs"]);
    assert_eq!(paths(&r.json()), ["docs/peel.md"]);
    let r = run(p.path(), &["check", "--format", "json", "./docs/peel.md"]);
    assert_eq!(paths(&r.json()), ["./docs/peel.md"]);
    let r = run(
        &p.path().join("docs"),
        &["check", "--format", "json", "../docs"],
    );
    assert_eq!(paths(&r.json()), ["../docs/peel.md"]);
    let abs = p.path().join("docs");
    let r = run(
        p.path(),
        &["check", "--format", "json", abs.to_str().unwrap()],
    );
    assert_eq!(paths(&r.json()), [abs.join("peel.md").to_str().unwrap()]);
    // The same holds when a config governs the walk (globs are matched
    // relative to the config, paths are still shown as given).
    write(
        p.path(),
        "claimlint.toml",
        "[files]\nexclude = [\"drafts\"]\n",
    );
    let r = run(p.path(), &["check", "--format", "json", "docs"]);
    assert_eq!(paths(&r.json()), ["docs/peel.md"]);
}

#[test]
fn stdin_is_read_for_dash_and_reported_under_stdin_filename() {
    let p = project(&[]);
    let r = run_with(
        p.path(),
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "pages/peel.md",
        ],
        Some(UNCITED),
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(paths(&r.json()), ["pages/peel.md"]);
    let r = run_with(p.path(), &["-", "--color", "never"], Some(UNCITED));
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("<stdin>:3:19"), "{}", r.stdout);
    let r = run_with(
        p.path(),
        &["claims", "-", "--stdin-filename", "x.md"],
        Some(UNCITED),
    );
    assert_eq!(r.json()["claims"][0]["path"], "x.md");
}

#[test]
fn stdin_filename_finds_its_config() {
    let p = project(&[("site/claimlint.toml", "[rules]\nCL001 = \"warning\"\n")]);
    let r = run_with(
        p.path(),
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "site/peel.md",
        ],
        Some(UNCITED),
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.json()["diagnostics"][0]["severity"], "warning");
}

#[test]
fn nonexistent_path_exits_2() {
    let p = project(&[("peel.md", UNCITED)]);
    let r = run(
        p.path(),
        &["check", "--color", "never", "missing.md", "peel.md"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("missing.md: no such file or directory"),
        "{}",
        r.stderr
    );
    // The file that exists is still checked.
    assert!(r.stdout.contains("peel.md:3:19"), "{}", r.stdout);
}

#[test]
fn invalid_utf8_and_binary_files_are_reported_and_the_rest_still_linted() {
    let p = project(&[("peel.md", UNCITED)]);
    fs::write(p.path().join("latin1.md"), b"Caf\xe9 menu\n").unwrap();
    fs::write(p.path().join("image.md"), b"PNG\x00\x01\x02").unwrap();
    let r = run(p.path(), &["check", "--format", "json", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("latin1.md: invalid UTF-8 at byte offset 3"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("image.md: binary file (NUL byte at offset 3)"),
        "{}",
        r.stderr
    );
    let v = r.json();
    assert_eq!(paths(&v), ["./peel.md"]);
    let errors: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["./image.md", "./latin1.md"]);
    for e in v["errors"].as_array().unwrap() {
        assert!(e["message"].as_str().unwrap().contains("offset"), "{e}");
    }
}

#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt as _;
    let p = project(&[("peel.md", UNCITED), ("locked.md", CLEAN)]);
    let locked = p.path().join("locked.md");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads, nothing to test.
        return;
    }
    let r = run(
        p.path(),
        &["check", "--format", "json", "locked.md", "peel.md"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("locked.md: permission denied"),
        "{}",
        r.stderr
    );
    assert_eq!(paths(&r.json()), ["peel.md"]);
}

#[test]
fn a_directory_named_like_markdown_is_an_error() {
    let p = project(&[("notes.md/page.md", UNCITED)]);
    let r = run(p.path(), &["check", "notes.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("notes.md: is a directory"),
        "{}",
        r.stderr
    );
    // A trailing slash asks for a walk.
    let r = run(p.path(), &["check", "--format", "json", "notes.md/"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(paths(&r.json()), ["notes.md/page.md"]);
}

#[test]
fn walk_finds_markdown_and_skips_ignored_excluded_and_hidden_files() {
    let p = project(&[
        ("docs/a.md", UNCITED),
        ("docs/b.markdown", UNCITED),
        ("docs/c.mdx", UNCITED),
        ("docs/d.txt", UNCITED),
        ("docs/e.MD", UNCITED),
        ("docs/drafts/f.md", UNCITED),
        ("build/g.md", UNCITED),
        ("docs/scratch.md", UNCITED),
        (".hidden/h.md", UNCITED),
        ("node_modules/pkg/readme.md", UNCITED),
        (".gitignore", "build/\nscratch.md\n"),
        ("claimlint.toml", "[files]\nexclude = [\"docs/drafts\"]\n"),
    ]);
    let r = run(p.path(), &["check", "--format", "json", "."]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        paths(&r.json()),
        [
            "./docs/a.md",
            "./docs/b.markdown",
            "./docs/c.mdx",
            "./docs/e.MD"
        ]
    );
    assert_eq!(r.json()["files"], 4);
    // A file named explicitly is checked whatever its extension or ignores.
    let r = run(
        p.path(),
        &["check", "--format", "json", "docs/d.txt", "build/g.md"],
    );
    assert_eq!(paths(&r.json()), ["docs/d.txt", "build/g.md"]);
}

#[test]
fn include_globs_replace_the_default_extensions() {
    let p = project(&[
        ("a.md", UNCITED),
        ("b.txt", UNCITED),
        ("claimlint.toml", "[files]\ninclude = [\"*.txt\"]\n"),
    ]);
    let r = run(p.path(), &["check", "--format", "json", "."]);
    assert_eq!(paths(&r.json()), ["./b.txt"]);
}

#[test]
fn symlink_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let p = project(&[("docs/peel.md", UNCITED)]);
    symlink("..", p.path().join("docs/up")).unwrap();
    symlink(p.path().join("docs"), p.path().join("docs/self")).unwrap();
    symlink("peel.md", p.path().join("docs/link.md")).unwrap();
    let mut child = StdCommand::new(BIN)
        .current_dir(p.path())
        .args(["check", "--format", "json", "docs"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("claimlint did not finish walking a symlink loop");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(1), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    // Links are not followed: the file is found once, under its own name.
    assert_eq!(paths(&v), ["docs/peel.md"]);
}

#[test]
fn broken_pipe_is_quiet() {
    let p = project(&[]);
    for i in 0..200 {
        write(
            p.path(),
            &format!("pages/p{i:03}.md"),
            "Our peel boosts collagen.\n\nOur mask erases wrinkles.\n\nOur gel fades scars.\n",
        );
    }
    for args in ["check pages", "check --format json pages", "claims pages"] {
        let script = format!("'{BIN}' {args} | head -1");
        let out = StdCommand::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(p.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{script}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{script}: {stderr}");
        assert_eq!(stdout.lines().count(), 1, "{script}: {stdout}");
    }
}

#[test]
fn checked_files_are_never_modified() {
    let p = project(&[
        ("peel.md", UNCITED),
        (
            "sup.md",
            "<!-- claimlint-disable-next-line CL001 -- ok -->\nOur gel boosts collagen.\n\n<!-- claimlint-disable-next-line CL001 -- stale -->\nHello.\n",
        ),
        (
            "fm.md",
            "---\ntitle: Our cream erases wrinkles\n---\n\nText.\n",
        ),
        ("crlf.md", "Our peel boosts collagen.\r\n\r\nMore.\r\n"),
    ]);
    let snapshot = |dir: &Path| -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        let mut v: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                let m = fs::metadata(&p).unwrap();
                (p.clone(), fs::read(&p).unwrap(), m.modified().unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let before = snapshot(p.path());
    for args in [
        &["check", "."][..],
        &["check", "--format", "json", "."],
        &["claims", "."],
        &["check", "--color", "always", "peel.md"],
    ] {
        run(p.path(), args);
    }
    assert_eq!(snapshot(p.path()), before);
}

// ---------------------------------------------------------------- config

#[test]
fn unknown_config_key_is_a_spanned_error_with_a_hint() {
    let p = project(&[
        ("peel.md", UNCITED),
        ("claimlint.toml", "[files]\nexlude = [\"drafts/**\"]\n"),
    ]);
    let r = run(p.path(), &["check", "peel.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("unknown field `exlude`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("2 │ exlude = [\"drafts/**\"]"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("^^^^^^"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `exclude`?"), "{}", r.stderr);
    assert!(r.stderr.contains("peel.md: not checked"), "{}", r.stderr);
    assert!(!r.stdout.contains("CL001"), "{}", r.stdout);
}

#[test]
fn unknown_rule_in_config_suggests_one() {
    let p = project(&[
        ("peel.md", UNCITED),
        (
            "claimlint.toml",
            "[rules]\nuncited-eficacy-claim = \"off\"\n",
        ),
    ]);
    let r = run(p.path(), &["check", "peel.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(
            "unknown rule `uncited-eficacy-claim` (did you mean `uncited-efficacy-claim`?)"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("2 │ uncited-eficacy-claim"),
        "{}",
        r.stderr
    );
}

#[test]
fn broken_config_fails_even_with_no_files_to_check() {
    let p = project(&[
        ("claimlint.toml", "[files]\ninclde = [\"**/*.txt\"]\n"),
        ("notes.txt", UNCITED),
    ]);
    let r = run(p.path(), &["check", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("did you mean `include`?"), "{}", r.stderr);
    // Reported once, not once per root.
    let r = run(p.path(), &["check", ".", "."]);
    assert_eq!(r.stderr.matches("unknown field").count(), 1, "{}", r.stderr);
}

#[test]
fn explicit_config_flag() {
    let p = project(&[
        ("peel.md", UNCITED),
        ("strict.toml", "[rules]\nCL001 = \"off\"\n"),
        ("bad.toml", "[rulez]\n"),
    ]);
    let r = run(
        p.path(),
        &[
            "check",
            "--config",
            "strict.toml",
            "--format",
            "json",
            "peel.md",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(codes(&r.json()), Vec::<String>::new());
    let r = run(p.path(), &["check", "--config", "bad.toml", "peel.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("did you mean `rules`?"), "{}", r.stderr);
    let r = run(p.path(), &["check", "--config", "missing.toml", "peel.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("missing.toml"), "{}", r.stderr);
}

#[test]
fn nearest_config_applies_per_directory() {
    let p = project(&[
        ("claimlint.toml", "[rules]\nCL002 = \"error\"\n"),
        ("a/hedged.md", HEDGED),
        (
            "b/claimlint.toml",
            "[rules]\nuncited-hedged-claim = \"off\"\n",
        ),
        ("b/hedged.md", HEDGED),
    ]);
    let r = run(p.path(), &["check", "--format", "json", "a", "b"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(paths(&r.json()), ["a/hedged.md"]);
    assert_eq!(r.json()["diagnostics"][0]["severity"], "error");
}

#[test]
fn lexicon_and_front_matter_config() {
    let p = project(&[
        (
            "claimlint.toml",
            "[lexicon.extend]\nverb-up = [\"supercharges\"]\n\n[front-matter]\nextend-fields = [\"hero\"]\n",
        ),
        (
            "page.md",
            "---\nhero: Our peel boosts collagen.\nsku: Our peel boosts collagen.\n---\n\nOur serum supercharges collagen.\n",
        ),
    ]);
    let lines = |p: &Path| {
        let v = run(p, &["check", "--format", "json", "page.md"]).json();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["line"].as_u64().unwrap())
            .collect::<Vec<u64>>()
    };
    // Every front-matter string that reads as prose is read by default,
    // `sku` included.
    assert_eq!(lines(p.path()), [2, 3, 6]);
    // `read = "fields"` restricts reading to the selected fields.
    fs::write(
        p.path().join("claimlint.toml"),
        "[lexicon.extend]\nverb-up = [\"supercharges\"]\n\n[front-matter]\nread = \"fields\"\nextend-fields = [\"hero\"]\n",
    )
    .unwrap();
    assert_eq!(lines(p.path()), [2, 6]);
    // `--verbose` names the fields read.
    let r = run(p.path(), &["check", "--verbose", "page.md"]);
    assert!(
        r.stderr
            .contains("page.md: front matter read as prose: hero"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- colour

#[test]
fn color_never_and_always() {
    let p = project(&[("peel.md", UNCITED)]);
    let never = run(p.path(), &["check", "--color", "never", "peel.md"]);
    assert!(!never.stdout.contains('\x1b'), "{}", never.stdout);
    let auto = run(p.path(), &["check", "peel.md"]);
    assert!(
        !auto.stdout.contains('\x1b'),
        "not a terminal, so no colour: {}",
        auto.stdout
    );
    let always = run(p.path(), &["check", "--color", "always", "peel.md"]);
    assert!(always.stdout.contains("\x1b["), "{}", always.stdout);
    assert_eq!(always.code, 1);
}

// ---------------------------------------------------------------- suppressions

const SUPPRESSED: &str = "\
<!-- claimlint-disable-next-line CL001 -- quoted from the leaflet, ref LEG-7 -->
Our peel boosts collagen.

Our mask erases wrinkles.

<!-- claimlint-disable-next-line CL001 -- nothing here any more -->
Our clinic opens at nine.
";

#[test]
fn suppression_comments_suppress_and_unused_ones_are_cl007() {
    let p = project(&[("page.md", SUPPRESSED)]);
    let r = run(p.path(), &["check", "--format", "json", "page.md"]);
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    let found: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("CL001".to_string(), 4), ("CL007".to_string(), 6)]);
    assert_eq!(v["diagnostics"][1]["rule"], "unused-suppression");
    assert_eq!(v["diagnostics"][1]["severity"], "warning");
}

#[test]
fn every_suppression_form() {
    let text = "\
Our peel fades dark spots. <!-- claimlint-disable-line CL001 -- reviewed -->

<!-- claimlint-disable uncited-efficacy-claim -- legacy page -->
Our mask tightens pores.

Our toner clears acne.
<!-- claimlint-enable uncited-efficacy-claim -->

Our cream erases wrinkles.
";
    let p = project(&[
        ("page.md", text),
        (
            "file.md",
            "<!-- claimlint-disable-file -- archived page -->\n\nOur gel boosts collagen.\n",
        ),
    ]);
    let r = run(
        p.path(),
        &["check", "--format", "json", "page.md", "file.md"],
    );
    let v = r.json();
    let found: Vec<(&str, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("CL001", 9)], "{v:#}");
}

#[test]
fn malformed_directives_are_cl008() {
    let p = project(&[(
        "page.md",
        "<!-- claimlint-disable-next-line CL01 -- typo -->\nOur peel boosts collagen.\n\n<!-- claimlint-disable-next-line CL001 -->\nOur gel fades scars.\n",
    )]);
    let r = run(p.path(), &["check", "--format", "json", "page.md"]);
    let v = r.json();
    let diags = v["diagnostics"].as_array().unwrap();
    let cl008: Vec<&Value> = diags.iter().filter(|d| d["code"] == "CL008").collect();
    assert_eq!(cl008.len(), 2, "{v:#}");
    assert!(
        cl008[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `CL001`?"),
        "{v:#}"
    );
    assert!(
        cl008[1]["message"]
            .as_str()
            .unwrap()
            .contains("gives no reason"),
        "{v:#}"
    );
}

// ---------------------------------------------------------------- claims

#[test]
fn claims_json_has_the_documented_schema_and_statuses() {
    let text = "\
Our peel boosts collagen.

Our serum fades dark spots.[^1]

<!-- claimlint-disable-next-line CL001 -- approved by Dr Low, ref LEG-42 -->
Our mask erases wrinkles.

[^1]: Lee A, et al. J Cosmet Dermatol. 2021;20(3):1-9. doi:10.1111/jocd.00000
";
    let p = project(&[("page.md", text)]);
    let r = run(p.path(), &["claims", "--format", "json", "page.md"]);
    assert_eq!(r.code, 0, "claims reports, it does not fail: {r:?}");
    let v = r.json();
    assert_eq!(v["version"], 1);
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 3, "{v:#}");
    for c in claims {
        for key in [
            "path", "span", "line", "column", "text", "trigger", "strength", "kind", "evidence",
            "status", "reason",
        ] {
            assert!(c.get(key).is_some(), "missing `{key}` in {c:#}");
        }
        assert_eq!(c["path"], "page.md");
        let (s, e) = (
            c["span"]["start"].as_u64().unwrap() as usize,
            c["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], c["text"].as_str().unwrap());
        assert!(
            c["text"]
                .as_str()
                .unwrap()
                .contains(c["trigger"].as_str().unwrap())
        );
        assert_eq!(c["kind"], "efficacy");
        assert_eq!(c["strength"], "direct");
    }
    let status: Vec<&str> = claims
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["unsupported", "supported", "suppressed"]);
    assert_eq!(claims[0]["trigger"], "boosts collagen");
    assert_eq!(claims[0]["evidence"], Value::Array(vec![]));
    assert_eq!(claims[0]["reason"], Value::Null);
    assert_eq!(claims[1]["evidence"][0]["kind"], "footnote");
    assert_eq!(claims[1]["evidence"][0]["ref"], "1");
    assert_eq!(claims[2]["reason"], "approved by Dr Low, ref LEG-42");
    assert_eq!(
        (claims[2]["line"].as_u64(), claims[2]["column"].as_u64()),
        (Some(6), Some(1))
    );
}

#[test]
fn claims_recognise_each_kind_of_source() {
    let text = "\
Our gel smooths skin (Lee et al., 2021).

Our balm heals scars, see [the trial](https://doi.org/10.1000/xyz).

Our oil reduces redness ([PubMed](https://pubmed.ncbi.nlm.nih.gov/12345/)).

Our serum firms skin. <!-- evidence: rct doi:10.1000/abc -->

Our lotion fades dark spots, [buy now](https://shop.example.com/lotion).

Our cream brightens skin.[^ig]

[^ig]: As seen on our Instagram.
";
    let p = project(&[("page.md", text)]);
    let v = run(p.path(), &["claims", "page.md"]).json();
    let got: Vec<(u64, &str, Vec<&str>)> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let kinds = c["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["kind"].as_str().unwrap())
                .collect();
            (
                c["line"].as_u64().unwrap(),
                c["status"].as_str().unwrap(),
                kinds,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "supported", vec!["author-year"]),
            (3, "supported", vec!["doi"]),
            (5, "supported", vec!["pubmed"]),
            (7, "supported", vec!["comment"]),
            (9, "unsupported", vec![]),
            (11, "unsupported", vec![]),
        ]
    );
}

// ---------------------------------------------------------------- classify

#[test]
fn classify_arguments_as_text() {
    let p = project(&[]);
    let r = run(
        p.path(),
        &[
            "classify",
            "Our serum boosts collagen.",
            "Our clinic opens at nine.",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("Our serum boosts collagen.\n  claim: direct efficacy"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Our clinic opens at nine.\n  not a claim"),
        "{}",
        r.stdout
    );
}

#[test]
fn classify_stdin_lines_as_json_lines() {
    let p = project(&[]);
    let r = run_with(
        p.path(),
        &["classify", "--format", "json"],
        Some(
            "Our serum boosts collagen.\nRetinol may reduce fine lines.\nOur clinic opens at nine.\n",
        ),
    );
    assert_eq!(r.code, 0, "{r:?}");
    let rows: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        for key in ["text", "claim", "strength", "negated", "kind", "triggers"] {
            assert!(row.get(key).is_some(), "missing `{key}` in {row}");
        }
        for t in row["triggers"].as_array().unwrap() {
            assert!(t["text"].is_string() && t["role"].is_string(), "{t}");
        }
    }
    assert_eq!(
        (&rows[0]["text"], &rows[0]["claim"], &rows[0]["strength"]),
        (
            &"Our serum boosts collagen.".into(),
            &true.into(),
            &"direct".into()
        )
    );
    assert_eq!(
        (&rows[1]["claim"], &rows[1]["strength"]),
        (&true.into(), &"hedged".into())
    );
    assert_eq!(rows[2]["claim"], false);
}

#[test]
fn classify_reports_negation() {
    let p = project(&[]);
    let r = run(
        p.path(),
        &["classify", "--format", "json", "It does not cure acne."],
    );
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(
        (&v["claim"], &v["negated"]),
        (&false.into(), &true.into()),
        "{v}"
    );
}

// ---------------------------------------------------------------- rules

#[test]
fn rules_lists_every_rule() {
    let p = project(&[]);
    let r = run(p.path(), &["rules"]);
    assert_eq!(r.code, 0);
    let first = r.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("CL001   uncited-efficacy-claim"),
        "{first}"
    );
    assert!(first.contains("error"), "{first}");
    for code in [
        "CL001", "CL002", "CL003", "CL004", "CL005", "CL006", "CL007", "CL008", "CL009",
    ] {
        assert!(r.stdout.contains(code), "{code} missing:\n{}", r.stdout);
    }
    let v = run(p.path(), &["rules", "--format", "json"]).json();
    let rules = v.as_array().unwrap();
    assert_eq!(rules.len(), r.stdout.lines().count());
    for rule in rules {
        for key in ["code", "name", "severity", "summary", "explanation"] {
            assert!(
                rule[key].as_str().is_some_and(|s| !s.is_empty()),
                "`{key}` in {rule}"
            );
        }
    }
}

#[test]
fn rule_by_code_or_name_prints_the_explanation() {
    let p = project(&[]);
    let by_code = run(p.path(), &["rule", "CL001"]);
    assert_eq!(by_code.code, 0);
    assert!(
        by_code
            .stdout
            .starts_with("# uncited-efficacy-claim (CL001)\n"),
        "{}",
        by_code.stdout
    );
    assert!(by_code.stdout.contains("Default severity: error"));
    for heading in ["## What it does", "## Why is this bad?", "## Example"] {
        assert!(
            by_code.stdout.contains(heading),
            "{heading}:\n{}",
            by_code.stdout
        );
    }
    let by_name = run(p.path(), &["rule", "uncited-efficacy-claim"]);
    assert_eq!(by_name.stdout, by_code.stdout);
    let json = run(p.path(), &["rule", "cl001", "--format", "json"]).json();
    assert_eq!(json["name"], "uncited-efficacy-claim");
}

#[test]
fn unknown_rule_exits_2_with_did_you_mean() {
    let p = project(&[]);
    let r = run(p.path(), &["rule", "uncited-eficacy-claim"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "unknown rule `uncited-eficacy-claim` (did you mean `uncited-efficacy-claim`?)"
        ),
        "{}",
        r.stderr
    );
    let r = run(p.path(), &["rule", "CL01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `CL001`?"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

// ---------------------------------------------------------------- docs in sync

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository, such as `docs/evidence.md`.
fn doc(path: &str) -> String {
    fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The body of the first code block opening with `fence` (such as
/// "```toml\n") after the text `after` in `text`.
fn block_after(text: &str, after: &str, fence: &str) -> String {
    let at = text
        .find(after)
        .unwrap_or_else(|| panic!("no {after:?} in the document"));
    let rest = &text[at..];
    let open = rest
        .find(fence)
        .unwrap_or_else(|| panic!("no {fence:?} block after {after:?}"))
        + fence.len();
    let close = rest[open..].find("```").expect("a closed code block");
    rest[open..open + close].to_string()
}

/// `docs/rules.md`, rendered from the rule registry: an index with each
/// rule's severity by default and in each market (as `claimlint rules`
/// reports them), then each rule's explanation (as `claimlint rule` prints
/// it), its headings one level down.
fn render_rules_md() -> String {
    use claimlint::page::Market;
    use claimlint::rules::{self, pack::PACKS};
    let config = claimlint::Config::default();
    let name = |s: Option<claimlint::Severity>| s.map_or("off", |s| s.as_str());
    let anchor = |m: &rules::RuleMeta| format!("{}-{}", m.code.to_lowercase(), m.name);
    let mut out = String::from(
        "# Rules\n\n\
         <!-- Generated from the rule registry by tests/cli.rs\n     \
         (docs_rules_md_is_generated_from_the_registry): do not edit by hand.\n     \
         Change the rule, then run\n     \
         SNAPSHOTS=overwrite cargo test --test cli docs_rules_md -->\n\n\
         Every rule claimlint has: its severity by default and in each market,\n\
         and its explanation (what it finds, why it matters with the regulation\n\
         behind it, what evidence it needs, and an example). `claimlint rule CODE`\n\
         (or `claimlint rule NAME`) prints the same explanation, `claimlint rules`\n\
         lists the rules, and `claimlint rules --market sg` lists those that apply\n\
         in one market. The regulations are summarised, with their sections and\n\
         official addresses, in [regulation.md](regulation.md).\n\n\
         **Default** is the severity on a page with no market; a market's column is\n\
         the severity on a page for that market, and `off` means the rule does not\n\
         run there. A page for several markets gets, rule by rule, the strictest of\n\
         them. `[rules]` in `claimlint.toml` overrides any of these (see\n\
         [Configuration](configuration.md#rules-and-severities)). Codes are never\n\
         reused.\n\n\
         The markets:\n\n",
    );
    for &mk in Market::ALL {
        let description = PACKS
            .descriptions
            .get(mk.as_str())
            .unwrap_or_else(|| panic!("no pack for market {}", mk.as_str()));
        out.push_str(&format!("- `{}`: {description}.\n", mk.as_str()));
    }
    let headers: Vec<String> = Market::ALL
        .iter()
        .map(|m| m.as_str().to_uppercase())
        .collect();
    out.push_str(&format!(
        "\n## Index\n\n| Code | Name | Default | {} | Summary |\n| --- | --- | --- |{} --- |\n",
        headers.join(" | "),
        " --- |".repeat(headers.len())
    ));
    let registry = rules::registry();
    for r in registry {
        let m = r.meta();
        let per_market: Vec<&str> = Market::ALL
            .iter()
            .map(|&mk| name(rules::severity(&config, &[mk], m)))
            .collect();
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} | {} |\n",
            m.code,
            anchor(m),
            m.name,
            name(rules::severity(&config, &[], m)),
            per_market.join(" | "),
            m.summary
        ));
    }
    for r in registry {
        let m = r.meta();
        let is_code_rule = rules::code_rules().iter().any(|c| c.meta().code == m.code);
        let defined = if is_code_rule {
            let file = format!("src/rules/{}.rs", m.name.replace('-', "_"));
            format!("[`{file}`](../{file})")
        } else {
            "[`rules/core.toml`](../rules/core.toml)".to_string()
        };
        let per_market: Vec<String> = Market::ALL
            .iter()
            .map(|&mk| {
                format!(
                    "{} {}",
                    mk.as_str().to_uppercase(),
                    name(rules::severity(&config, &[mk], m))
                )
            })
            .collect();
        let status = match m.status {
            rules::Status::Stable => "",
            rules::Status::Removed => " **Removed**: the code stays reserved.",
        };
        out.push_str(&format!(
            "\n## {} `{}`\n\n{}.\n\nDefault: **{}**; {}. Defined in {defined}.{status}\n\n",
            m.code,
            m.name,
            upper_first(m.summary),
            name(rules::severity(&config, &[], m)),
            per_market.join(", "),
        ));
        // The explanation's `##` headings become `###` (outside code).
        let mut fenced = false;
        for line in m.explanation_text().lines() {
            if line.starts_with("```") {
                fenced = !fenced;
            }
            if !fenced && line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `docs/rules.md` is what the registry renders (ruff's `generate-all`
/// check, oxc's generated rule docs). `SNAPSHOTS=overwrite` (or
/// `UPDATE_DOCS=1`) writes it instead of comparing.
#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let path = repo().join("docs/rules.md");
    let rendered = render_rules_md();
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite")
        || std::env::var_os("UPDATE_DOCS").is_some();
    if overwrite {
        fs::write(&path, &rendered).expect("write docs/rules.md");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    if committed != rendered {
        let first = committed
            .lines()
            .zip(rendered.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(rendered.lines().count()));
        panic!(
            "docs/rules.md is out of date with the rule registry (first difference at line {}:\n  \
             committed: {:?}\n  rendered:  {:?}).\n\
             It is generated: do not edit it by hand. Regenerate it with\n\n    \
             SNAPSHOTS=overwrite cargo test --test cli docs_rules_md\n\n\
             and review the diff before committing.",
            first + 1,
            committed.lines().nth(first).unwrap_or("<end of file>"),
            rendered.lines().nth(first).unwrap_or("<end of file>"),
        );
    }
}

#[test]
fn readme_quick_start_examples_have_findings() {
    let readme = doc("README.md");
    assert!(
        readme.contains(
            "```sh\ncargo install --locked --path . && claimlint check fixtures/examples\ncargo test\n```"
        ),
        "the quick start is two commands that work on a fresh clone"
    );
    let r = run(repo(), &["check", "--color", "never", "fixtures/examples"]);
    assert_eq!(r.code, 1, "the README says the examples exit 1: {r:?}");
    // The output the README shows: its start, and its summary line (also
    // shown in docs/output-formats.md).
    let start = block_after(&readme, "Its\noutput starts like this:", "```text\n");
    assert!(
        r.stdout.starts_with(&start),
        "README.md's quick start output is out of date; claimlint prints:\n{}",
        r.stdout
    );
    let summary = block_after(&readme, "and ends with a summary:", "```text\n");
    assert!(
        r.stdout.ends_with(&format!("\n{summary}")),
        "README.md's quick start summary is out of date; claimlint prints:\n{}",
        r.stdout
    );
    let formats = doc("docs/output-formats.md");
    assert_eq!(
        block_after(&formats, "## Human output", "```text\n"),
        summary,
        "docs/output-formats.md's summary line"
    );
    for code in ["CL001", "CL002", "CL003"] {
        assert!(
            r.stdout.contains(&format!("error[{code}/"))
                || r.stdout.contains(&format!("warning[{code}/")),
            "{code}:\n{}",
            r.stdout
        );
    }
    let v = run(repo(), &["claims", "fixtures/examples"]).json();
    let status: Vec<&str> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    for s in ["supported", "unsupported", "suppressed"] {
        assert!(
            status.contains(&s),
            "no {s} claim in fixtures/examples: {status:?}"
        );
    }
}

/// The README's `classify` example is what claimlint prints.
#[test]
fn readme_classify_example_is_real_output() {
    let readme = doc("README.md");
    let shown = block_after(&readme, "## What counts as a claim", "```text\n");
    let (command, shown) = shown.split_once('\n').unwrap();
    assert_eq!(
        command,
        "$ claimlint classify \"Our serum boosts collagen.\" \"Retinol may reduce fine lines.\""
    );
    let r = run(
        repo(),
        &[
            "classify",
            "Our serum boosts collagen.",
            "Retinol may reduce fine lines.",
        ],
    );
    assert_eq!(
        r.stdout, shown,
        "README.md's classify example is out of date"
    );
}

// ---------------------------------------------------------------- evidence tiers

/// A project whose claims have every register status: supported by a
/// registered study, insufficient, unsupported and suppressed. `b.md` has
/// two claims on one line, so rows are ordered by column too.
fn register_project() -> TempDir {
    project(&[
        (
            "evidence.toml",
            "[[source]]\nid = \"kafi2007\"\ndoi = \"10.1001/archderm.143.5.606\"\ndesign = \"rct\"\n",
        ),
        (
            "a.md",
            "\
Retinol smooths fine lines.[^kafi2007]

The peel smooths fine lines. <!-- evidence: controlled -->

Our mask erases wrinkles.

<!-- claimlint-disable-next-line CL001 -- approved by Dr Low, ref LEG-42 -->
Our balm fades dark spots.
",
        ),
        (
            "b.md",
            "# Balm\n\nSkin feels smoother after a week of the balm. <!-- evidence: uncontrolled --> Our gel fades dark spots, \"says | who\".\n",
        ),
    ])
}

#[test]
fn claims_csv_has_a_header_and_one_sorted_row_per_claim() {
    let p = register_project();
    // A directory walk visits files sorted by name, and each file's claims
    // come by line and column. (Files named on the command line come in
    // the order named.)
    let r = run(p.path(), &["claims", "--format", "csv"]);
    assert_eq!(r.code, 0, "{r:?}");
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "file",
            "line",
            "column",
            "claim",
            "strength",
            "kind",
            "sources",
            "tier_found",
            "tier_needed",
            "status",
            "suppression_reason"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let get = |row: &csv::StringRecord, name: &str| row[col(name)].to_string();
    let order: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (get(r, "file"), get(r, "line"), get(r, "column")))
        .collect();
    let expected = [
        ("a.md", "1", "1"),
        ("a.md", "3", "1"),
        ("a.md", "5", "1"),
        ("a.md", "8", "1"),
        ("b.md", "3", "1"),
        ("b.md", "3", "79"),
    ];
    assert_eq!(
        order,
        expected.map(|(f, l, c)| (f.to_string(), l.to_string(), c.to_string())),
        "{}",
        r.stdout
    );
    // One row per claim in the JSON register.
    let v = run(p.path(), &["claims", "a.md", "b.md"]).json();
    assert_eq!(rows.len(), v["claims"].as_array().unwrap().len());

    let status: Vec<String> = rows.iter().map(|r| get(r, "status")).collect();
    assert_eq!(
        status,
        [
            "supported",
            "insufficient",
            "unsupported",
            "suppressed",
            "supported",
            "unsupported"
        ]
    );
    let tiers: Vec<(String, String)> = rows
        .iter()
        .map(|r| (get(r, "tier_found"), get(r, "tier_needed")))
        .collect();
    assert_eq!(tiers[0], ("rct".into(), "rct".into()));
    assert_eq!(tiers[1], ("controlled".into(), "rct".into()));
    assert_eq!(
        tiers[2],
        ("".into(), "rct".into()),
        "no source, no tier found"
    );
    assert_eq!(tiers[4], ("uncontrolled".into(), "uncontrolled".into()));
    assert_eq!(
        get(&rows[0], "sources"),
        "kafi2007, doi:10.1001/archderm.143.5.606, rct (registry)"
    );
    assert_eq!(
        get(&rows[1], "sources"),
        "evidence comment, controlled (declared)"
    );
    assert_eq!(
        get(&rows[3], "suppression_reason"),
        "approved by Dr Low, ref LEG-42"
    );
    assert!(
        rows.iter()
            .enumerate()
            .all(|(i, r)| i == 3 || get(r, "suppression_reason").is_empty())
    );
    // Quotes and commas in a claim survive the round trip.
    assert_eq!(
        get(&rows[5], "claim"),
        "Our gel fades dark spots, \"says | who\"."
    );
}

#[test]
fn claims_markdown_is_a_table_with_totals_and_a_sign_off_line() {
    let p = register_project();
    let r = run(p.path(), &["claims", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "# Claims register");
    let header = lines
        .iter()
        .position(|l| l.starts_with("| File |"))
        .expect("a table header");
    assert_eq!(
        lines[header],
        "| File | Line | Claim | Strength | Kind | Sources | Tier found | Tier needed | Status | Suppression reason |"
    );
    assert!(
        lines[header + 1].starts_with("|---|---:|"),
        "{}",
        lines[header + 1]
    );
    let rows: Vec<&str> = lines[header + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .copied()
        .collect();
    assert_eq!(rows.len(), 6, "{}", r.stdout);
    // Every row has the header's ten cells: a `|` inside a claim is escaped.
    for row in &rows {
        let cells = row.replace("\\|", "").matches('|').count() - 1;
        assert_eq!(cells, 10, "{row}");
    }
    assert_eq!(
        rows[1],
        "| a.md | 3 | The peel smooths fine lines. | direct | efficacy | evidence comment, controlled (declared) | controlled | rct | insufficient | – |"
    );
    assert!(
        rows[3].ends_with("| suppressed | approved by Dr Low, ref LEG-42 |"),
        "{}",
        rows[3]
    );
    assert!(rows[5].contains("\"says \\| who\""), "{}", rows[5]);
    assert!(rows[4].starts_with("| b.md | 3 |") && rows[5].starts_with("| b.md | 3 |"));
    assert!(
        lines.contains(
            &"**Totals:** 6 claims: 2 supported, 1 insufficient, 2 unsupported, 1 suppressed."
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        lines.last().copied(),
        Some("Reviewed by: ______________________  Role: ______________  Date: __________")
    );
}

#[test]
fn claims_json_carries_tiers_and_resolved_sources() {
    let p = register_project();
    let v = run(p.path(), &["claims", "--format", "json", "a.md"]).json();
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 4, "{v:#}");
    for c in claims {
        for key in ["sources", "tier_needed", "tier_found"] {
            assert!(c.get(key).is_some(), "missing `{key}` in {c:#}");
        }
        for s in c["sources"].as_array().unwrap() {
            for key in [
                "kind",
                "ref",
                "id",
                "doi",
                "tier",
                "tier_origin",
                "population",
                "subject",
                "effective_tier",
            ] {
                assert!(s.get(key).is_some(), "missing `sources[].{key}` in {s:#}");
            }
        }
    }
    let registered = &claims[0];
    assert_eq!(registered["status"], "supported");
    assert_eq!(
        (
            registered["tier_needed"].as_str(),
            registered["tier_found"].as_str()
        ),
        (Some("rct"), Some("rct"))
    );
    let s = &registered["sources"][0];
    assert_eq!(s["kind"], "footnote");
    assert_eq!(s["ref"], "kafi2007");
    assert_eq!(s["id"], "kafi2007");
    assert_eq!(s["doi"], "10.1001/archderm.143.5.606");
    assert_eq!(s["tier"], "rct");
    assert_eq!(s["tier_origin"], "registry");
    assert_eq!(s["population"], "human");

    let weak = &claims[1];
    assert_eq!(weak["status"], "insufficient");
    assert_eq!(
        (weak["tier_needed"].as_str(), weak["tier_found"].as_str()),
        (Some("rct"), Some("controlled"))
    );
    let s = &weak["sources"][0];
    assert_eq!(
        (
            s["kind"].as_str(),
            s["tier"].as_str(),
            s["tier_origin"].as_str()
        ),
        (Some("comment"), Some("controlled"), Some("declared"))
    );
    assert_eq!(
        (s["id"].clone(), s["doi"].clone()),
        (Value::Null, Value::Null)
    );
    // The `evidence` list of earlier versions is still there.
    assert_eq!(weak["evidence"][0]["kind"], "comment");

    let uncited = &claims[2];
    assert_eq!(uncited["status"], "unsupported");
    assert_eq!(
        (
            uncited["tier_needed"].as_str(),
            uncited["tier_found"].clone()
        ),
        (Some("rct"), Value::Null)
    );
    assert_eq!(uncited["sources"], Value::Array(vec![]));
    assert_eq!(claims[3]["status"], "suppressed");
}

#[test]
fn an_unread_source_has_an_unknown_tier_and_counts_as_supported() {
    // No registry, and a DOI says nothing about the design.
    let p = project(&[(
        "page.md",
        "Retinol smooths fine lines (doi:10.1001/archderm.143.5.606).\n",
    )]);
    let v = run(p.path(), &["claims", "page.md"]).json();
    let c = &v["claims"][0];
    assert_eq!(c["status"], "supported", "{c:#}");
    assert_eq!(c["tier_found"], Value::Null);
    let s = &c["sources"][0];
    assert_eq!(
        (
            s["kind"].as_str(),
            s["tier_origin"].as_str(),
            s["doi"].as_str()
        ),
        (
            Some("doi"),
            Some("unknown"),
            Some("10.1001/archderm.143.5.606")
        )
    );
    assert_eq!(s["tier"], Value::Null);
}

#[test]
fn too_weak_or_preclinical_evidence_exits_1() {
    let cases = [
        (
            "CL010",
            "The peel smooths fine lines. <!-- evidence: controlled -->\n",
        ),
        (
            "CL011",
            "The balm repairs damaged skin.[^mice]\n\n[^mice]: Faster wound healing in mice, 2020.\n",
        ),
    ];
    for (code, text) in cases {
        let p = project(&[("page.md", text)]);
        let r = run(p.path(), &["check", "--format", "json", "page.md"]);
        assert_eq!(r.code, 1, "{code}: {r:?}");
        assert_eq!(codes(&r.json()), [code], "{r:?}");
        // `claims` reports; it does not fail.
        let r = run(p.path(), &["claims", "page.md"]);
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(r.json()["claims"][0]["status"], "insufficient");
    }
    // Strong enough: exit 0.
    let p = project(&[(
        "page.md",
        "The peel smooths fine lines. <!-- evidence: rct -->\n",
    )]);
    assert_eq!(run(p.path(), &["check", "page.md"]).code, 0);
}

/// Checks that `shown`, an excerpt of real output where `…` stands for
/// lines left out, is `real` with only those lines left out: every other
/// line appears, in order.
fn assert_excerpt(what: &str, shown: &str, real: &str) {
    let mut real_lines = real.lines();
    for line in shown.lines().filter(|l| *l != "…") {
        assert!(
            real_lines.any(|r| r == line),
            "{what} shows a line claimlint does not print (or not in this order):\n  \
             {line:?}\nclaimlint prints:\n{real}"
        );
    }
}

/// The configuration error in `docs/configuration.md` is what claimlint
/// prints for that mistake (with the project at `/site`).
#[test]
fn configuration_md_config_error_is_real_output() {
    let text = doc("docs/configuration.md");
    let shown = block_after(&text, "`exlude` typed for `exclude`", "```text\n");
    let (command, shown) = shown.split_once('\n').unwrap();
    assert_eq!(command, "$ claimlint check serum.md");
    let p = project(&[
        ("claimlint.toml", "[files]\nexlude = [\"drafts/**\"]\n"),
        ("serum.md", UNCITED),
    ]);
    let r = run(p.path(), &["check", "serum.md"]);
    assert_eq!(r.code, 2);
    let real = r.stderr.replace(&p.path().display().to_string(), "/site");
    assert_eq!(
        real, shown,
        "docs/configuration.md's config error is out of date"
    );
}

/// The market example in `docs/configuration.md`: the page shown, checked
/// with no market and for Singapore.
#[test]
fn configuration_md_market_example_is_real_output() {
    let text = doc("docs/configuration.md");
    let page = block_after(&text, "`exosomes-are-a-scam.md`:", "```markdown\n");
    let shown = block_after(&text, "Checked for Singapore", "```text\n");
    let (command, shown) = shown.split_once('\n').unwrap();
    assert_eq!(
        command,
        "$ claimlint check --market sg exosomes-are-a-scam.md"
    );
    let p = project(&[("exosomes-are-a-scam.md", &page)]);
    let sg = run(
        p.path(),
        &[
            "check",
            "--color",
            "never",
            "--market",
            "sg",
            "exosomes-are-a-scam.md",
        ],
    );
    assert_excerpt("docs/configuration.md's market example", shown, &sg.stdout);
    let none = run(
        p.path(),
        &["check", "--color", "never", "exosomes-are-a-scam.md"],
    );
    assert!(
        none.stdout
            .ends_with("\n1 error, 5 warnings in 1 file (3 claims, 3 without a source)\n"),
        "docs/configuration.md says one error and five warnings with no market:\n{}",
        none.stdout
    );
}

/// `config --show` in `docs/configuration.md`, for the two files shown
/// there, at `/site`.
#[test]
fn configuration_md_config_show_is_real_output() {
    let text = doc("docs/configuration.md");
    let config = block_after(&text, "`/site/claimlint.toml` at the root", "```toml\n");
    let base = block_after(&text, "`/site/shared/claimlint-base.toml`:", "```toml\n");
    let shown = block_after(&text, "To see what applies to one file", "```text\n");
    let (command, shown) = shown.split_once('\n').unwrap();
    assert_eq!(command, "$ claimlint config --show blog/sg/peel.md");
    let p = project(&[
        ("claimlint.toml", &config),
        ("shared/claimlint-base.toml", &base),
    ]);
    let r = run(p.path(), &["config", "--show", "blog/sg/peel.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let real = r.stdout.replace(&p.path().display().to_string(), "/site");
    assert_excerpt("docs/configuration.md's `config --show`", shown, &real);
}

/// The table of flags in `docs/configuration.md` names every flag of
/// every subcommand (as `--help` lists them), each with the subcommands
/// that take it, and no other.
#[test]
fn configuration_md_flags_table_matches_help() {
    use std::collections::{BTreeMap, BTreeSet};
    let subcommands = [
        "check", "claims", "classify", "rules", "rule", "config", "server",
    ];
    let mut help: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for sub in subcommands {
        let r = run(repo(), &[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub} --help");
        for line in r.stdout.lines() {
            // `--flag`, or `-f, --flag`.
            let line = line.trim_start();
            let line = match line.as_bytes() {
                [b'-', c, b',', b' ', ..] if c.is_ascii_alphanumeric() => &line[4..],
                _ => line,
            };
            let Some(flag) = line.strip_prefix("--") else {
                continue;
            };
            let flag: String = flag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if flag != "help" {
                help.entry(format!("--{flag}")).or_default().insert(sub);
            }
        }
    }
    let text = doc("docs/configuration.md");
    let table = text
        .split("## Command-line options")
        .nth(1)
        .expect("a Command-line options section");
    let mut documented: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for row in table.lines().filter(|l| l.starts_with("| `--")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let flag = cells[0]
            .trim_start_matches("| `")
            .split([' ', '`'])
            .next()
            .unwrap()
            .to_string();
        let subs = documented.entry(flag).or_default();
        for sub in cells[1].split(", ") {
            let sub = sub.trim_matches('`');
            assert!(
                subcommands.contains(&sub),
                "unknown subcommand {sub:?} in {row}"
            );
            subs.insert(subcommands.iter().find(|s| **s == sub).unwrap());
        }
    }
    assert_eq!(
        documented, help,
        "docs/configuration.md's table of flags differs from `--help`"
    );
}

/// The walkthrough in `docs/evidence.md`, step by step: each command's
/// output must appear there exactly as claimlint prints it, and so must
/// the claims register (Markdown and CSV) of the last step.
#[test]
fn evidence_md_walkthrough_is_real_output() {
    let section = doc("docs/evidence.md");
    let registry = "\
[[source]]
id = \"kafi2007\"
doi = \"10.1001/archderm.143.5.606\"
pmid = 17515510
title = \"Improvement of naturally aged skin with vitamin A (retinol)\"
design = \"rct\"
population = \"human\"
subject = \"ingredient\"
year = 2007

[[source]]
id = \"serum-panel-2023\"
title = \"Consumer panel: 32 women, eight weeks\"
design = \"uncontrolled\"
subject = \"finished-product\"
year = 2023
";
    assert!(
        section.contains(registry),
        "docs/evidence.md's evidence.toml changed"
    );
    let steps: [(&str, Option<&str>); 4] = [
        (
            "# Retinol night serum\n\nOur retinol night serum smooths fine lines.\n",
            None,
        ),
        (
            "# Retinol night serum\n\nOur retinol night serum smooths fine lines.[^panel]\n\n[^panel]: An open-label consumer panel of 32 women over eight weeks, 2023.\n",
            None,
        ),
        (
            "# Retinol night serum\n\nOur retinol night serum smooths fine lines.[^kafi2007]\n",
            Some(registry),
        ),
        (
            "# Retinol night serum\n\nRetinol smooths fine lines.[^kafi2007]\n\nSkin feels smoother after eight weeks of the serum.[^serum-panel-2023]\n",
            Some(registry),
        ),
    ];
    for (i, (page, registry)) in steps.iter().enumerate() {
        let mut files = vec![("pages/serum.md", *page)];
        if let Some(r) = registry {
            files.push(("evidence.toml", r));
        }
        let p = project(&files);
        let r = run(p.path(), &["check", "--color", "never", "pages/serum.md"]);
        let shown = format!("$ claimlint check pages/serum.md\n{}```", r.stdout);
        assert!(
            section.contains(&shown),
            "step {}: docs/evidence.md shows other output than claimlint prints:\n{shown}",
            i + 1
        );
        if i == 3 {
            for format in ["markdown", "csv"] {
                let r = run(p.path(), &["claims", "--format", format, "pages/serum.md"]);
                let shown = format!(
                    "$ claimlint claims --format {format} pages/serum.md\n{}```",
                    r.stdout
                );
                assert!(
                    section.contains(&shown),
                    "docs/evidence.md's `claims --format {format}` example is out of date:\n{shown}"
                );
            }
        }
    }
}

/// `docs/evidence.md`'s example of a registry that does not parse: the
/// finding shown is what claimlint prints for that `evidence.toml`.
#[test]
fn evidence_md_registry_error_is_real_output() {
    let text = doc("docs/evidence.md");
    let registry = block_after(&text, "With\n`desing` typed for `design`", "```toml\n");
    let shown = block_after(&text, "With\n`desing` typed for `design`", "```text\n");
    let finding = shown
        .strip_prefix("$ claimlint check serum.md\n…\n")
        .expect("the example starts with its command and `…`");
    let p = project(&[
        ("serum.md", "Retinol smooths fine lines.[^kafi2007]\n"),
        ("evidence.toml", &registry),
    ]);
    let r = run(p.path(), &["check", "--color", "never", "serum.md"]);
    assert!(
        r.stdout.contains(finding),
        "docs/evidence.md's registry error is out of date; claimlint prints:\n{}",
        r.stdout
    );
}

/// The `claims --format json` example in `docs/output-formats.md` is what
/// claimlint prints for the `reg.md` and `evidence.toml` shown under it.
#[test]
fn output_formats_md_claims_json_example_is_real_output() {
    let text = doc("docs/output-formats.md");
    let section = text
        .split("### `claimlint claims --format json`")
        .nth(1)
        .expect("a `claims --format json` section");
    let shown = block_after(section, "$ claimlint claims", "");
    let (command, json) = shown.split_once('\n').unwrap();
    assert_eq!(command, "$ claimlint claims reg.md");
    let page = block_after(section, "for this `reg.md`:", "```markdown\n");
    let registry = block_after(section, "and this `evidence.toml` beside it:", "```toml\n");
    let p = project(&[("reg.md", &page), ("evidence.toml", &registry)]);
    let real = run(p.path(), &["claims", "reg.md"]).json();
    let documented: Value = serde_json::from_str(json).expect("the documented JSON parses");
    assert_eq!(
        real, documented,
        "docs/output-formats.md's claims JSON example is out of date"
    );
}

/// The `classify --format json` example in `docs/output-formats.md`.
#[test]
fn output_formats_md_classify_json_example_is_real_output() {
    let text = doc("docs/output-formats.md");
    let shown = block_after(&text, "## `claimlint classify --format json`", "```text\n");
    let (command, line) = shown.split_once('\n').unwrap();
    assert_eq!(
        command,
        "$ claimlint classify --format json \"It does not cure acne.\""
    );
    let r = run(
        repo(),
        &["classify", "--format", "json", "It does not cure acne."],
    );
    assert_eq!(r.stdout, line, "docs/output-formats.md's classify example");
}

#[test]
fn timings_go_to_stderr_by_stage_and_rule_and_leave_stdout_alone() {
    let p = project(&[("peel.md", UNCITED)]);
    let plain = run(p.path(), &["check", "--format", "json", "peel.md"]);
    let timed = run(
        p.path(),
        &["check", "--format", "json", "--timings", "peel.md"],
    );
    assert_eq!(timed.code, plain.code);
    assert_eq!(timed.stdout, plain.stdout, "--timings changes only stderr");
    let rows: Vec<&str> = timed.stderr.lines().collect();
    assert!(rows[0].starts_with("Stage or rule"), "{}", timed.stderr);
    for stage in [
        "read",
        "parse",
        "claims",
        "evidence",
        "pack phrases",
        "pack pattern filter",
        "CL001 uncited-efficacy-claim",
        "render",
        "total (summed over threads)",
        "wall clock",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(stage)),
            "no `{stage}` row:\n{}",
            timed.stderr
        );
    }
    let claims = run(p.path(), &["claims", "--timings", "peel.md"]);
    assert!(claims.stderr.contains("claims"), "{}", claims.stderr);
    // Nothing to time: zeros, not "-0.0".
    let empty = run(p.path(), &["check", "--timings", "missing.md"]);
    assert_eq!(empty.code, 2);
    assert!(!empty.stderr.contains("-0.0"), "{}", empty.stderr);
}

#[test]
fn concise_prints_one_line_per_finding_and_statistics_count_per_rule() {
    let t = project(&[("a.md", UNCITED), ("b.md", HEDGED), ("c.md", UNCITED)]);
    let json = run(t.path(), &["check", "--format", "json"]).json();
    let r = run(t.path(), &["check", "--format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(lines.len(), diags.len() + 1, "{}", r.stdout);
    for (line, d) in lines.iter().zip(diags) {
        let want = format!(
            "{}:{}:{}: {} [{}] {}",
            d["path"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["code"].as_str().unwrap(),
            d["severity"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(*line, want);
    }
    assert_eq!(
        lines[0],
        "a.md:3:19: CL001 [error] efficacy claim `boosts collagen` cites no source"
    );
    let human = run(t.path(), &["check", "--color", "never"]);
    assert_eq!(
        lines.last(),
        human.stdout.lines().last().as_ref(),
        "same summary line"
    );

    let s = run(t.path(), &["check", "--statistics"]);
    assert_eq!(s.code, 1);
    assert_eq!(
        s.stdout,
        "2  CL001  uncited-efficacy-claim  [error]\n\
         1  CL002  uncited-hedged-claim  [warning]\n\
         2 errors, 1 warning in 3 files (3 claims, 3 without a source)\n"
    );
}

#[test]
fn a_mistyped_subcommand_gets_a_suggestion_not_a_missing_file() {
    let t = project(&[("a.md", UNCITED)]);
    let r = run(t.path(), &["chek", "a.md"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `chek` is not a subcommand, nor a file or directory (did you mean `check`?)\n"
    );
    assert_eq!(r.stdout, "");
    // A file or directory of that name is checked, as always.
    write(t.path(), "chek", UNCITED);
    assert_eq!(run(t.path(), &["chek"]).code, 1);
}

#[test]
fn a_byte_order_mark_is_no_column_in_human_json_or_concise_output() {
    let t = project(&[("bom.md", "\u{feff}Our peel fades pigmentation.\n")]);
    let json = run(t.path(), &["check", "--format", "json"]).json();
    assert_eq!(json["diagnostics"][0]["column"], 10);
    let human = run(t.path(), &["check", "--color", "never"]);
    assert!(
        human.stdout.contains("┌─ bom.md:1:10\n"),
        "{}",
        human.stdout
    );
    let concise = run(t.path(), &["check", "--format", "concise"]);
    assert!(
        concise.stdout.starts_with("bom.md:1:10: CL001"),
        "{}",
        concise.stdout
    );
}

#[test]
fn config_errors_name_the_file_relative_to_the_working_directory() {
    let t = project(&[
        ("site/claimlint.toml", "colour = 1\n"),
        ("site/blog/a.md", UNCITED),
    ]);
    let r = run(t.path(), &["check", "site/blog/a.md"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("┌─ site/claimlint.toml:1:1\n"),
        "{}",
        r.stderr
    );
    let root = fs::canonicalize(t.path()).unwrap();
    assert!(
        !r.stderr.contains(&root.display().to_string()),
        "{}",
        r.stderr
    );
    // Above the working directory, it stays absolute: `../` chains are
    // harder to read than the full path.
    let r = run(&t.path().join("site/blog"), &["check", "a.md"]);
    let abs = root.join("site/claimlint.toml");
    assert!(
        r.stderr.contains(&format!("┌─ {}:1:1\n", abs.display())),
        "{}",
        r.stderr
    );
}

#[test]
fn a_utf16_file_is_named_as_such_with_the_utf8_hint() {
    let t = project(&[]);
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Our peel fades pigmentation.\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    fs::write(t.path().join("w.md"), bytes).unwrap();
    fs::write(t.path().join("l.md"), b"caf\xe9 boosts collagen\n").unwrap();
    let r = run(t.path(), &["check", "w.md", "l.md"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("w.md: UTF-16 text (it starts with a UTF-16 byte-order mark), not checked (save the file as UTF-8)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("l.md: invalid UTF-8 at byte offset 3, not checked (save the file as UTF-8)"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_summary_says_suppressed_claims_are_not_counted_as_without_a_source() {
    let t = project(&[(
        "a.md",
        "Our peel fades dark spots. <!-- claimlint-disable-line CL001 -- approved, ref LEG-7 -->\n\nOur serum boosts collagen.\n",
    )]);
    let r = run(t.path(), &["check", "--color", "never"]);
    assert_eq!(
        r.stdout.lines().last(),
        Some(
            "1 error, 0 warnings in 1 file (2 claims, 1 without a source, not counting 1 suppressed)"
        )
    );
}

/// The `--statistics` example of docs/output-formats.md is what claimlint
/// prints for the examples.
#[test]
fn output_formats_md_statistics_example_is_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("docs/output-formats.md")).unwrap();
    let shown = doc
        .split("on the examples:\n\n```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the statistics example");
    let r = run(root, &["check", "fixtures/examples", "--statistics"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        shown, r.stdout,
        "docs/output-formats.md's --statistics example is out of date"
    );
}

/// The `--stream` example of docs/output-formats.md is what claimlint
/// answers, and a bad request line gets an answer, not the end of the
/// stream.
#[test]
fn output_formats_md_stream_example_is_real_output() {
    let doc =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/output-formats.md"))
            .unwrap();
    let block = doc
        .split("| claimlint check --stream\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the --stream example");
    let t = project(&[]);
    let request = "{\"path\": \"pages/serum.md\", \"text\": \"Our serum boosts collagen.\\n\"}\n";
    let r = run_with(t.path(), &["check", "--stream"], Some(request));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shown = block.replace(
        "\"claimlint\":\"0.1.0\"",
        &format!("\"claimlint\":\"{}\"", env!("CARGO_PKG_VERSION")),
    );
    assert_eq!(
        r.stdout, shown,
        "docs/output-formats.md's --stream example is out of date"
    );

    write(t.path(), "bad/claimlint.toml", "bogus = 1\n");
    let input = format!("nonsense\n{request}{}", request.replace("pages/", "bad/"));
    let r = run_with(
        t.path(),
        &["check", "--stream", "--fail-on", "never"],
        Some(&input),
    );
    let answers: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 4, "{}", r.stdout);
    assert_eq!(
        (answers[1]["status"].as_u64(), answers[1]["path"].as_str()),
        (Some(2), Some(""))
    );
    assert_eq!(answers[2]["status"], 0, "--fail-on never");
    assert_eq!(answers[2]["fail_on"], Value::Null);
    assert_eq!(answers[2]["diagnostics"][0]["code"], "CL001");
    assert_eq!(answers[3]["status"], 2);
    let why = answers[3]["error"].as_str().unwrap();
    assert!(
        why.contains("unknown field `bogus`") && why.contains("bad/claimlint.toml:1:1"),
        "{why}"
    );
}

/// A legal page has no claims in any register; each register says it was
/// not checked rather than leaving the reviewer to wonder.
#[test]
fn every_register_names_legal_pages_it_did_not_check() {
    let privacy = "# Privacy Policy\n\nWe collect personal information when you book.\n\nWe may share it with third parties.\n\nOur site uses cookies; you can opt out.\n";
    let dir = project(&[("privacy.md", privacy), ("peel.md", UNCITED)]);
    let r = run(dir.path(), &["claims", "--format", "markdown", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "**Not checked for claims:** 1 legal page (privacy, terms, cookies; see CL017): ./privacy.md."
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("| ./peel.md |"), "{}", r.stdout);
    let r = run(dir.path(), &["claims", "--format", "markdown", "peel.md"]);
    assert!(!r.stdout.contains("Not checked"), "{}", r.stdout);
    // The CSV has a row saying so, the JSON a list.
    let r = run(dir.path(), &["claims", "--format", "csv", "."]);
    let rows: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("./privacy.md"))
        .collect();
    assert_eq!(
        rows,
        ["./privacy.md,,,,,,,,,not-checked,legal page: not read for claims (CL017)"],
        "{}",
        r.stdout
    );
    let r = run(dir.path(), &["claims", "--format", "json", "."]).json();
    assert_eq!(
        r["not_checked"],
        serde_json::json!([{"path": "./privacy.md", "reason": "legal page: not read for claims (CL017)"}])
    );
    let r = run(dir.path(), &["claims", "--format", "json", "peel.md"]).json();
    assert_eq!(r["not_checked"], serde_json::json!([]));
}
