//! The markdownlint plugin in `integrations/markdownlint/`, run for real:
//! markdownlint-cli2 with `markdownlint-rule-claimlint` over fixture drafts
//! must report exactly what `claimlint check --format json` reports on the
//! same files, under `claimlint/<rule>`, on the same lines and columns
//! (claimlint counts code points, markdownlint UTF-16 code units). A
//! missing binary or an invalid `claimlint.toml` must give one clear error
//! per file, never a crash.
//!
//! These tests need Node and `npm ci --prefix integrations/markdownlint`.
//! Without them they say why on standard error and pass, unless
//! `CLAIMLINT_REQUIRE_MARKDOWNLINT=1` (which `.ci/run` sets) makes that a
//! failure. The last test, that the plugin's `rules.json` lists the
//! registry's rules, needs neither.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_claimlint");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn plugin_dir() -> PathBuf {
    repo().join("integrations/markdownlint")
}

/// Node and the markdownlint-cli2 that `npm ci` installed.
struct Markdownlint {
    node: PathBuf,
    cli: PathBuf,
}

/// What one markdownlint-cli2 run did.
#[derive(Debug)]
struct Run {
    code: i32,
    stderr: String,
    /// markdownlint-cli2-formatter-json's results.
    results: Vec<Value>,
}

/// Finds Node and markdownlint-cli2, or says why not: a skip, or a failure
/// when `CLAIMLINT_REQUIRE_MARKDOWNLINT=1`.
fn markdownlint() -> Option<Markdownlint> {
    let found = find_node().and_then(|node| {
        let bin = plugin_dir().join("node_modules/.bin/markdownlint-cli2");
        let cli = plugin_dir().join("node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs");
        if bin.exists() && cli.is_file() {
            Ok(Markdownlint { node, cli })
        } else {
            Err(format!(
                "{} is missing; run `npm ci --prefix integrations/markdownlint`",
                bin.display()
            ))
        }
    });
    match found {
        Ok(m) => Some(m),
        Err(why)
            if std::env::var_os("CLAIMLINT_REQUIRE_MARKDOWNLINT").is_some_and(|v| v == "1") =>
        {
            panic!("CLAIMLINT_REQUIRE_MARKDOWNLINT=1, but {why}")
        }
        Err(why) => {
            eprintln!("skipping the markdownlint plugin test: {why}");
            None
        }
    }
}

fn find_node() -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("node"), d.join("node.exe")])
        .find(|p| p.is_file())
        .ok_or_else(|| "`node` is not on PATH; install Node.js 20 or later".to_string())
}

/// A directory holding nothing, for a PATH on which claimlint is not found.
fn empty_dir() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// A PATH that finds the claimlint under test first.
fn path_with_claimlint() -> OsString {
    let dir = Path::new(BIN).parent().expect("binary directory");
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&rest)))
        .expect("PATH")
}

impl Markdownlint {
    /// Runs markdownlint-cli2 on `globs` in `dir` with only the plugin's
    /// rules (`"default": false`) and `claimlint` as their config. `path`
    /// is the PATH claimlint is looked up on; CLAIMLINT_PATH is unset
    /// unless `claimlint_path` names one.
    fn run(
        &self,
        dir: &Path,
        globs: &[&str],
        claimlint: Value,
        path: &OsString,
        claimlint_path: Option<&str>,
    ) -> Run {
        let config = json!({
            "customRules": [plugin_dir()],
            "config": { "default": false, "claimlint": claimlint },
            "outputFormatters": [[
                plugin_dir().join("node_modules/markdownlint-cli2-formatter-json"),
                { "name": "markdownlint-results.json" }
            ]],
        });
        fs::write(
            dir.join(".markdownlint-cli2.jsonc"),
            serde_json::to_string_pretty(&config).unwrap(),
        )
        .expect("write config");
        let results_file = dir.join("markdownlint-results.json");
        let _ = fs::remove_file(&results_file);
        let mut cmd = Command::new(&self.node);
        cmd.current_dir(dir)
            .arg(&self.cli)
            .args(globs)
            .env("PATH", path)
            .env_remove("CLAIMLINT_PATH");
        if let Some(p) = claimlint_path {
            cmd.env("CLAIMLINT_PATH", p);
        }
        let out = cmd.output().expect("run markdownlint-cli2");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let results = fs::read_to_string(&results_file).unwrap_or_else(|e| {
            panic!(
                "markdownlint-cli2 wrote no results ({e}); status {:?}\nstdout:\n{}\nstderr:\n{stderr}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
            )
        });
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stderr,
            results: serde_json::from_str(&results).expect("results are JSON"),
        };
        // Status 2 is markdownlint-cli2's own failure (a rule threw, a
        // module did not load); a finding gives 1.
        assert!(
            run.code == 0 || run.code == 1,
            "markdownlint-cli2 failed: {run:#?}"
        );
        run
    }
}

/// Copies fixtures into `dir/<subdir>/`, keeping their bytes (BOM, CRLF).
fn copy_fixtures(dir: &Path, subdir: &str, from: &Path) -> Vec<String> {
    fs::create_dir_all(dir.join(subdir)).expect("mkdir");
    let mut names: Vec<String> = fs::read_dir(from)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            fs::copy(&p, dir.join(subdir).join(&name)).expect("copy fixture");
            format!("{subdir}/{name}")
        })
        .collect();
    names.sort();
    names
}

/// A file's lines as markdownlint splits them: without a byte-order mark,
/// at `\r\n`, `\r` or `\n`.
fn markdownlint_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// How many lines markdownlint takes as front matter: from a `---` or
/// `+++` line at the top through the closing line and the blank lines
/// after it (its pattern ends in `^---\s*`). Enough for the fixtures,
/// which use no JSON front matter.
fn front_matter_len(lines: &[String]) -> usize {
    let closers: &[&str] = match lines.first().map(|l| l.trim_end()) {
        Some("---") => &["---"],
        Some("+++") => &["+++", "..."],
        _ => return 0,
    };
    let Some(close) = (1..lines.len()).find(|&i| {
        closers.iter().any(|c| {
            lines[i]
                .strip_prefix(c)
                .is_some_and(|r| r.trim().is_empty())
        })
    }) else {
        return 0;
    };
    let mut end = close + 1;
    // The last element is what follows the final newline, not a line.
    while end + 1 < lines.len() && lines[end].trim().is_empty() {
        end += 1;
    }
    end
}

/// The 1-based UTF-16 column of a 1-based code-point column.
fn utf16_column(line: &str, column: usize) -> usize {
    line.chars()
        .take(column - 1)
        .map(char::len_utf16)
        .sum::<usize>()
        + 1
}

/// One finding as markdownlint-cli2 reports it: file, line, range
/// (`[column, length]` in UTF-16 units, none in front matter), rule names
/// and detail.
type Finding = (String, u64, Option<(u64, u64)>, Vec<String>, String);

/// What markdownlint should report for claimlint's JSON `diagnostics`.
fn expected(dir: &Path, diagnostics: &[Value]) -> Vec<Finding> {
    let s = |v: &Value| v.as_str().expect("string").to_string();
    let n = |v: &Value| v.as_u64().expect("number");
    let mut out: Vec<Finding> = diagnostics
        .iter()
        .map(|d| {
            let path = s(&d["path"]);
            let text = fs::read_to_string(dir.join(&path)).expect("read fixture");
            let lines = markdownlint_lines(&text);
            let fm = front_matter_len(&lines) as u64;
            let (line, column) = (n(&d["line"]), n(&d["column"]));
            let detail = format!(
                "{}: {}; help: {}",
                s(&d["severity"]),
                s(&d["message"]),
                s(&d["help"])
            );
            let names = vec![format!("claimlint/{}", s(&d["rule"])), s(&d["code"])];
            if line <= fm {
                let detail = format!("in front matter, line {line}, column {column}: {detail}");
                return (path, fm + 1, None, names, detail);
            }
            let text_line = &lines[line as usize - 1];
            let start = utf16_column(text_line, column as usize) as u64;
            let end = if n(&d["end_line"]) == line {
                utf16_column(text_line, n(&d["end_column"]) as usize) as u64
            } else {
                // A span over several lines: to the end of its first line.
                text_line.encode_utf16().count() as u64 + 1
            };
            (path, line, Some((start, end - start)), names, detail)
        })
        .collect();
    out.sort();
    out
}

fn reported(run: &Run) -> Vec<Finding> {
    let mut out: Vec<Finding> = run
        .results
        .iter()
        .map(|r| {
            (
                r["fileName"].as_str().expect("fileName").to_string(),
                r["lineNumber"].as_u64().expect("lineNumber"),
                r["errorRange"].as_array().map(|a| {
                    (
                        a[0].as_u64().expect("column"),
                        a[1].as_u64().expect("length"),
                    )
                }),
                r["ruleNames"]
                    .as_array()
                    .expect("ruleNames")
                    .iter()
                    .map(|v| v.as_str().expect("name").to_string())
                    .collect(),
                r["errorDetail"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn claimlint_json(dir: &Path, files: &[String]) -> Value {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(files)
        .output()
        .expect("run claimlint");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "claimlint failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("claimlint JSON")
}

#[test]
fn plugin_reports_what_claimlint_reports() {
    let Some(ml) = markdownlint() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = repo().join("fixtures");
    let mut files = Vec::new();
    // The quick start's drafts (front-matter claims, a suppression), the
    // plugin's own (non-BMP characters before claims and inside a
    // suppression, a claim over two lines, a front-matter market), and
    // the Markdown fixtures (BOM, CRLF, TOML front matter, HTML, tables).
    files.extend(copy_fixtures(
        dir.path(),
        "examples",
        &fixtures.join("examples"),
    ));
    files.extend(copy_fixtures(
        dir.path(),
        "markdownlint",
        &fixtures.join("markdownlint"),
    ));
    files.extend(copy_fixtures(
        dir.path(),
        "markdown",
        &fixtures.join("markdown"),
    ));
    assert!(files.len() > 20, "expected the fixtures, found {files:?}");

    let want = claimlint_json(dir.path(), &files);
    let diagnostics = want["diagnostics"].as_array().expect("diagnostics");
    let run = ml.run(
        dir.path(),
        &["**/*.md"],
        json!({ "report": "all" }),
        &path_with_claimlint(),
        None,
    );
    let expected = expected(dir.path(), diagnostics);
    let reported = reported(&run);
    if expected != reported {
        let only = |a: &[Finding], b: &[Finding]| -> Vec<String> {
            a.iter()
                .filter(|f| !b.contains(f))
                .map(|f| format!("{f:?}"))
                .collect()
        };
        panic!(
            "markdownlint and claimlint disagree.\nonly claimlint:\n{}\nonly markdownlint:\n{}",
            only(&expected, &reported).join("\n"),
            only(&reported, &expected).join("\n"),
        );
    }

    // The cases this test exists for did occur.
    let has = |f: &dyn Fn(&Finding) -> bool| reported.iter().any(f);
    let plugin_fixture = |f: &Finding| f.0.starts_with("markdownlint/");
    assert!(
        has(&|f| plugin_fixture(f) && f.4.starts_with("in front matter")),
        "a front-matter finding"
    );
    assert!(
        has(&|f| plugin_fixture(f) && f.3[1] == "CL113"),
        "the front matter's `markets: [uk]` reached claimlint"
    );
    assert!(
        has(&|f| plugin_fixture(f) && f.4.contains("`clinically proven`")),
        "a claim over two lines"
    );
    // `🧴✨💆‍♀️` is 6 code points but 8 UTF-16 units, so `boosts
    // collagen`, claimlint's column 18, is markdownlint's column 20.
    let emoji = reported
        .iter()
        .find(|f| f.0 == "markdownlint/emoji-multiline-front-matter.md" && f.1 == 11)
        .expect("the claim after the emoji");
    assert_eq!(emoji.2, Some((20, 15)), "{emoji:?}");
    assert!(emoji.4.contains("`boosts collagen`"), "{emoji:?}");
    // Suppressions and evidence live in HTML comments, which markdownlint
    // blanks out before rules see the text: the plugin must restore them.
    assert!(
        !has(&|f| plugin_fixture(f) && f.4.contains("`fades dark spots`")),
        "the suppressed claim stays suppressed"
    );
    assert!(
        !has(&|f| plugin_fixture(f) && f.4.contains("`smooths fine lines`")),
        "the claim with an evidence comment is supported"
    );
}

/// By default the plugin reports what fails `claimlint check` (its
/// `--fail-on` severity, error unless `args` say otherwise), so a page with
/// only warnings passes markdownlint as it passes claimlint.
#[test]
fn only_findings_at_the_fail_on_severity_are_reported_by_default() {
    let Some(ml) = markdownlint() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("warn.md"),
        "Retinol may improve fine lines.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("both.md"),
        "Retinol may improve fine lines.\n\nOur serum boosts collagen.\n",
    )
    .unwrap();
    let names = |run: &Run| -> Vec<String> {
        let mut v: Vec<String> = run
            .results
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["fileName"].as_str().unwrap(),
                    r["ruleNames"][1].as_str().unwrap()
                )
            })
            .collect();
        v.sort();
        v
    };
    let path = path_with_claimlint();
    let run = ml.run(dir.path(), &["warn.md"], json!({}), &path, None);
    assert_eq!((run.code, names(&run)), (0, vec![]), "{run:#?}");
    let run = ml.run(dir.path(), &["*.md"], json!({}), &path, None);
    assert_eq!(names(&run), ["both.md CL001"], "{run:#?}");
    let run = ml.run(
        dir.path(),
        &["*.md"],
        json!({ "args": ["--fail-on", "warning"] }),
        &path,
        None,
    );
    assert_eq!(
        names(&run),
        ["both.md CL001", "both.md CL002", "warn.md CL002"],
        "{run:#?}"
    );
    let run = ml.run(
        dir.path(),
        &["*.md"],
        json!({ "report": "all" }),
        &path,
        None,
    );
    assert_eq!(
        names(&run),
        ["both.md CL001", "both.md CL002", "warn.md CL002"],
        "{run:#?}"
    );
    let run = ml.run(
        dir.path(),
        &["warn.md"],
        json!({ "report": "some" }),
        &path,
        None,
    );
    assert_one_error_per_file(
        &run,
        &["warn.md"],
        &["`report` in the claimlint config must be"],
    );
}

/// A different program named `claimlint` (the PyPI package of that name
/// has a `check` subcommand too) is refused with a message saying so, and
/// one claimlint process serves every file of a run.
#[cfg(unix)]
#[test]
fn an_unrelated_claimlint_is_named_and_one_process_serves_the_run() {
    use std::os::unix::fs::PermissionsExt as _;
    let Some(ml) = markdownlint() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["a.md", "b.md", "c.md"] {
        fs::write(dir.path().join(f), "Our serum boosts collagen.\n").unwrap();
    }
    let bin = tempfile::tempdir().expect("tempdir");
    let write_script = |name: &str, body: &str| {
        let p = bin.path().join(name);
        fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
        p.to_str().unwrap().to_string()
    };
    let impostor = write_script(
        "impostor",
        "echo 'Usage: claimlint check [OPTIONS] FILES' >&2; echo 'Error: No such option: --stream' >&2; exit 2",
    );
    let run = ml.run(
        dir.path(),
        &["*.md"],
        json!({ "path": impostor }),
        &path_with_claimlint(),
        None,
    );
    assert_one_error_per_file(
        &run,
        &["a.md", "b.md", "c.md"],
        &[
            "is not the claimlint this plugin needs",
            "PyPI",
            "No such option: --stream",
            "cargo install --locked",
        ],
    );
    let chatty = write_script(
        "chatty",
        "echo 'claimlint 2.0 (checking claims in Python)'; cat >/dev/null",
    );
    let run = ml.run(
        dir.path(),
        &["*.md"],
        json!({ "path": chatty }),
        &path_with_claimlint(),
        None,
    );
    assert_one_error_per_file(
        &run,
        &["a.md", "b.md", "c.md"],
        &["it answered \"claimlint 2.0"],
    );

    // Count the processes: a wrapper that logs each start.
    let log = bin.path().join("starts.log");
    let counted = write_script(
        "counted",
        &format!("echo started >> '{}'\nexec '{BIN}' \"$@\"", log.display()),
    );
    let run = ml.run(
        dir.path(),
        &["*.md"],
        json!({ "path": counted }),
        &path_with_claimlint(),
        None,
    );
    assert_eq!(run.results.len(), 3, "{run:#?}");
    assert_eq!(
        fs::read_to_string(&log).unwrap(),
        "started\n",
        "one claimlint for three files"
    );
}

#[test]
fn config_path_and_args_reach_claimlint() {
    let Some(ml) = markdownlint() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("page.md"),
        "# Reviews\n\n> \"This serum changed my skin!\"\n",
    )
    .unwrap();
    // claimlint is not on PATH: only the configured path finds it.
    let nowhere = empty_dir();
    let run = ml.run(
        dir.path(),
        &["page.md"],
        json!({ "path": BIN, "args": ["--market", "sg"] }),
        &nowhere.path().as_os_str().to_owned(),
        None,
    );
    let names: Vec<&str> = run
        .results
        .iter()
        .map(|r| r["ruleNames"][0].as_str().unwrap())
        .collect();
    assert_eq!(names, ["claimlint/testimonial-claim"], "{run:#?}");
    // A testimonial is a warning by default and an error in Singapore.
    let detail = run.results[0]["errorDetail"].as_str().unwrap();
    assert!(detail.starts_with("error: testimonial"), "{detail}");
}

#[test]
fn findings_about_the_evidence_registry_are_left_out() {
    let Some(ml) = markdownlint() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    // The page cites registry entry `x`, whose DOI is malformed: claimlint
    // reports that against evidence.toml, a file markdownlint cannot show.
    fs::write(dir.path().join("claimlint.toml"), "").unwrap();
    fs::write(
        dir.path().join("evidence.toml"),
        "[[source]]\nid = \"x\"\ndoi = \"not-a-doi\"\ndesign = \"rct\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("page.md"),
        "Our serum boosts collagen.[^x]\n\n[^x]: see x\n",
    )
    .unwrap();
    let want = claimlint_json(dir.path(), &["page.md".to_string()]);
    let paths: Vec<&str> = want["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["evidence.toml"], "{want:#}");
    let run = ml.run(
        dir.path(),
        &["page.md"],
        json!({}),
        &path_with_claimlint(),
        None,
    );
    assert!(run.results.is_empty(), "{run:#?}");
}

/// Checks that each file got exactly one `claimlint/cannot-run` error, on
/// line 1, whose detail contains every `needle`.
fn assert_one_error_per_file(run: &Run, files: &[&str], needles: &[&str]) {
    let mut seen: Vec<&str> = run
        .results
        .iter()
        .map(|r| {
            assert_eq!(r["ruleNames"][0], "claimlint/cannot-run", "{run:#?}");
            assert_eq!(r["lineNumber"], 1, "{run:#?}");
            let detail = r["errorDetail"].as_str().unwrap();
            for n in needles {
                assert!(detail.contains(n), "`{n}` not in: {detail}");
            }
            r["fileName"].as_str().unwrap()
        })
        .collect();
    seen.sort();
    assert_eq!(seen, files, "{run:#?}");
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        !run.stderr.contains("    at "),
        "no stack trace: {}",
        run.stderr
    );
}

#[test]
fn missing_binary_is_one_clear_error_per_file() {
    let Some(ml) = markdownlint() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.md"), "Our serum boosts collagen.\n").unwrap();
    fs::write(dir.path().join("b.md"), "# Clean\n").unwrap();
    let nowhere = empty_dir();
    let path = nowhere.path().as_os_str().to_owned();

    let run = ml.run(dir.path(), &["*.md"], json!({}), &path, None);
    assert_one_error_per_file(
        &run,
        &["a.md", "b.md"],
        &["claimlint binary `claimlint` not found", "cargo install"],
    );

    let missing = nowhere.path().join("no-such-claimlint");
    let missing = missing.to_str().unwrap();
    let run = ml.run(dir.path(), &["*.md"], json!({}), &path, Some(missing));
    assert_one_error_per_file(
        &run,
        &["a.md", "b.md"],
        &[&format!("`{missing}` not found")],
    );
}

#[test]
fn invalid_claimlint_config_is_one_clear_error_per_file() {
    let Some(ml) = markdownlint() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("claimlint.toml"), "bogus = 1\n").unwrap();
    fs::write(dir.path().join("a.md"), "Our serum boosts collagen.\n").unwrap();
    let run = ml.run(
        dir.path(),
        &["a.md"],
        json!({}),
        &path_with_claimlint(),
        None,
    );
    assert_one_error_per_file(
        &run,
        &["a.md"],
        &[
            "claimlint could not check this file",
            "unknown field `bogus`",
            "claimlint.toml:1:1",
        ],
    );
}

/// The `.markdownlint-cli2.jsonc` in `docs/ci.md`, as written, loads the
/// package by its name and reports what the sample output there shows.
#[cfg(unix)]
#[test]
fn ci_md_config_loads_the_package_by_name() {
    let Some(ml) = markdownlint() else { return };
    let doc = fs::read_to_string(repo().join("docs/ci.md")).expect("docs/ci.md");
    let section = &doc[doc
        .find("## Use with markdownlint")
        .expect("docs/ci.md has \"Use with markdownlint\"")..];
    let block = |start: &str| -> String {
        let at = section
            .find(start)
            .unwrap_or_else(|| panic!("docs/ci.md: {start}"));
        let body = &section[at + start.len()..];
        body[..body.find("```").expect("closed block")].to_string()
    };
    let config = block("```jsonc\n");
    assert!(
        config.starts_with("// .markdownlint-cli2.jsonc\n"),
        "{config}"
    );
    let sample = block("```text\n$ npx markdownlint-cli2 \"content/**/*.md\"\n");
    // The sample shortens the help; check the line up to there.
    let sample = &sample[..sample.find("(…)").expect("sample output")];

    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join(".markdownlint-cli2.jsonc"), &config).unwrap();
    fs::create_dir_all(dir.path().join("node_modules")).unwrap();
    std::os::unix::fs::symlink(
        plugin_dir(),
        dir.path().join("node_modules/markdownlint-rule-claimlint"),
    )
    .expect("symlink the package");
    fs::create_dir(dir.path().join("content")).unwrap();
    let draft = fs::read_to_string(repo().join("fixtures/examples/clinic-treatment-page.md"))
        .expect("example draft");
    fs::write(dir.path().join("content/laser.md"), draft).unwrap();

    let out = Command::new(&ml.node)
        .current_dir(dir.path())
        .arg(&ml.cli)
        .arg("content/**/*.md")
        .env("PATH", path_with_claimlint())
        .env_remove("CLAIMLINT_PATH")
        .output()
        .expect("run markdownlint-cli2");
    // The default formatter writes findings to standard error; markdownlint's
    // own rules report on the draft too.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with(sample)),
        "no line starts with docs/ci.md's sample:\n{sample}\nstderr:\n{stderr}"
    );
}

/// The plugin defines one markdownlint rule per claimlint rule from its
/// `rules.json`, which must list the registry's rules.
#[test]
fn plugin_rules_json_matches_the_registry() {
    let out = Command::new(BIN)
        .args(["rules", "--format", "json"])
        .output()
        .expect("run claimlint rules");
    let rules: Vec<Value> = serde_json::from_slice(&out.stdout).expect("rules JSON");
    let want: Vec<Value> = rules
        .iter()
        .map(|r| json!({ "code": r["code"], "name": r["name"], "summary": r["summary"] }))
        .collect();
    let want = serde_json::to_string_pretty(&want).unwrap() + "\n";
    let file = plugin_dir().join("rules.json");
    let have = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        have == want,
        "{} is out of date; replace it with:\n\n{want}",
        file.display()
    );
}
