//! Security: what a pull request from someone the maintainer does not fully
//! trust can and cannot make claimlint do in CI. Each test backs a promise
//! in docs/guarantees.md and in SECURITY.md, and reproduces one
//! finding of the adversarial review (its number is in the test's comment).
//!
//! The threat model: drafts, `claimlint.toml`, `evidence.toml` and file
//! names come from the pull request; the command line comes from the
//! maintainer. So no file outside the project may be read through a
//! config, no output may carry a CI command, a formula or markup from a
//! draft, no failure may be hidden, and no waiver may work without a
//! reason.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

#[path = "support/bin.rs"]
mod bin;
use bin::{BIN, Run, project, write};

const UNCITED: &str = "# Peel\n\nOur glycolic peel boosts collagen.\n";

/// A value that must never appear in any output: it stands for a CI token.
const SECRET: &str = "ghp_s3cr3tT0k3nThatMustNotLeak";

const FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "github", "gitlab", "junit",
];

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env("CLAIMLINT_TEST_SECRET", SECRET)
        .output()
        .expect("run claimlint");
    Run::from_output(out)
}

/// Runs `check` in every output format and asserts that the secret is in
/// neither stream and that the run failed with status 2 for `why`.
fn assert_refused_in_every_format(dir: &Path, extra: &[&str], why: &str) {
    for format in FORMATS {
        let mut args = vec!["check", "--format", format];
        args.extend_from_slice(extra);
        let r = run_in(dir, &args);
        assert_eq!(r.code, 2, "{format}: {r:?}");
        assert!(
            !r.stdout.contains(SECRET) && !r.stderr.contains(SECRET),
            "{format}: the secret leaked:\n{}\n{}",
            r.stdout,
            r.stderr
        );
        assert!(r.stderr.contains(why), "{format}: {}", r.stderr);
    }
}

/// A file outside any project holding the secret, in a form that is not
/// valid TOML (so a parse error would quote it).
fn secret_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "secret.env",
        &format!("TOKEN={SECRET} HOME=/root\n"),
    );
    dir
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

// ------------------------------------------- 1. files echoed into CI logs

/// Review item 1: `extends = ["/proc/self/environ"]` printed the process
/// environment, CI tokens included, in every output format.
#[test]
fn extends_never_reads_system_files_or_files_outside_the_project() {
    if Path::new("/proc/self/environ").exists() {
        let p = project(&[
            ("claimlint.toml", "extends = [\"/proc/self/environ\"]\n"),
            ("a.md", UNCITED),
        ]);
        assert_refused_in_every_format(p.path(), &["a.md"], "system file");
        // Not even when the command line allows every directory.
        assert_refused_in_every_format(
            p.path(),
            &["--allow-config-path", "/", "a.md"],
            "system file",
        );
    }
    let outside = secret_file();
    let target = outside.path().join("secret.env");
    let p = project(&[
        (
            "claimlint.toml",
            &format!("extends = [{:?}]\n", target.display().to_string()),
        ),
        ("a.md", UNCITED),
    ]);
    assert_refused_in_every_format(p.path(), &["a.md"], "outside the project");
    let rel = p.path().join("sub");
    fs::create_dir(&rel).unwrap();
    fs::write(rel.join("claimlint.toml"), "extends = [\"../../x.toml\"]\n").unwrap();
    fs::write(rel.join("a.md"), UNCITED).unwrap();
    let r = run_in(&rel, &["check", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
}

/// Review item 1: a committed symbolic link named `claimlint.toml` or
/// `evidence.toml` pointing at a file outside the project.
#[cfg(unix)]
#[test]
fn symlinked_config_and_registry_are_followed_only_inside_the_project() {
    let outside = secret_file();
    let secret = outside.path().join("secret.env");

    let p = project(&[("a.md", UNCITED)]);
    symlink(&secret, &p.path().join("claimlint.toml"));
    assert_refused_in_every_format(p.path(), &["a.md"], "outside the project");

    // evidence.toml beside a claimlint.toml, and on its own.
    for with_config in [true, false] {
        let p = project(&[("a.md", UNCITED)]);
        if with_config {
            write(p.path(), "claimlint.toml", "");
        }
        symlink(&secret, &p.path().join("evidence.toml"));
        assert_refused_in_every_format(p.path(), &["a.md"], "outside the project");
    }

    // Inside the project, a link is followed as the file it names.
    let p = project(&[
        ("config/shared.toml", "[rules]\nCL001 = \"off\"\n"),
        ("a.md", UNCITED),
    ]);
    symlink(
        Path::new("config/shared.toml"),
        &p.path().join("claimlint.toml"),
    );
    let r = run_in(p.path(), &["check", "a.md"]);
    assert_eq!(r.code, 0, "{r:?}");
}

/// Review item 1: `[evidence] registry = "/etc/shadow"` (as root) printed
/// its lines as registry problems.
#[test]
fn a_registry_outside_the_project_is_refused_unless_allowed() {
    let outside = secret_file();
    let secret = outside.path().join("secret.env");
    let toml = format!(
        "[evidence]\nregistry = {:?}\n",
        secret.display().to_string()
    );
    let p = project(&[("claimlint.toml", &toml), ("a.md", UNCITED)]);
    assert_refused_in_every_format(p.path(), &["a.md"], "outside the project");
    // Allowed on the command line, it is the maintainer's own file and is
    // read as a registry.
    let allowed = outside.path().display().to_string();
    let r = run_in(
        p.path(),
        &["check", "--allow-config-path", &allowed, "a.md"],
    );
    assert_ne!(r.code, 2, "allowed registry was still refused: {r:?}");
}

/// Review item 1: a file read only because `--allow-config-path` allowed
/// its directory is never quoted in an error, and an excerpt of a file
/// inside the project is a bounded window around the problem.
#[test]
fn config_errors_quote_a_bounded_window_and_nothing_from_outside() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "base.toml",
        &format!("[rules]\nCL001 = \"{SECRET}\"\n"),
    );
    let base = outside.path().join("base.toml").display().to_string();
    let p = project(&[
        ("claimlint.toml", &format!("extends = [{base:?}]\n")),
        ("a.md", UNCITED),
    ]);
    let allowed = outside.path().display().to_string();
    let r = run_in(
        p.path(),
        &["check", "--allow-config-path", &allowed, "a.md"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("line 2, column"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET), "{}", r.stderr);

    // A value 300 KB long on one line: the excerpt shows a window around
    // it and the message a clipped copy, not the line.
    let p = project(&[
        (
            "claimlint.toml",
            &format!("markets = [\"uk\", {:?}]\n", "z".repeat(300_000)),
        ),
        ("a.md", UNCITED),
    ]);
    let r = run_in(p.path(), &["check", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("unknown market"), "{}", r.stderr);
    assert!(
        r.stderr.len() < 4_000,
        "a config error printed {} bytes",
        r.stderr.len()
    );
}

/// Review items 1 and 9: configuration and registry are read only when
/// they are regular files within a size limit; a link to `/dev/zero`
/// once grew the process to gigabytes.
#[cfg(unix)]
#[test]
fn config_and_registry_must_be_regular_files_within_a_size_limit() {
    // Too large, then allowed by the flag.
    let big = format!("# {}\n", "x".repeat(1_100_000));
    let p = project(&[("claimlint.toml", &big), ("a.md", UNCITED)]);
    let r = run_in(p.path(), &["check", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("larger than 1 MiB"), "{}", r.stderr);
    assert!(r.stderr.contains("--max-config-size"), "{}", r.stderr);
    let r = run_in(p.path(), &["check", "--max-config-size", "2M", "a.md"]);
    assert_eq!(r.code, 1, "{r:?}");

    let big_registry = format!("# {}\n", "x".repeat(2_000));
    let p = project(&[("evidence.toml", &big_registry), ("a.md", UNCITED)]);
    let r = run_in(p.path(), &["check", "--max-registry-size", "1K", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("larger than 1 KiB"), "{}", r.stderr);

    // A device, even where the command line allows its directory.
    if Path::new("/dev/zero").exists() {
        let p = project(&[("a.md", UNCITED)]);
        symlink(Path::new("/dev/zero"), &p.path().join("claimlint.toml"));
        let r = run_in(p.path(), &["check", "--allow-config-path", "/dev", "a.md"]);
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    }
    // A FIFO: refused before it is opened, so nothing blocks.
    let p = project(&[("a.md", UNCITED)]);
    let fifo = p.path().join("claimlint.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let r = run_in(p.path(), &["check", "a.md"]);
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains("named pipe"), "{}", r.stderr);
    }
}

/// Review item 12: an `evidence.toml` that is not UTF-8 was decoded
/// lossily; it is an error naming the file and the offset, as for
/// `claimlint.toml`.
#[test]
fn a_registry_that_is_not_utf8_is_an_error() {
    let p = project(&[("a.md", UNCITED)]);
    fs::write(
        p.path().join("evidence.toml"),
        b"[[source]]\nid = \"a\xff\"\n",
    )
    .unwrap();
    let r = run_in(p.path(), &["check", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("evidence.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("not valid UTF-8 (at byte offset 18)"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------- 2. --changed-since hides nothing

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("git");
    assert!(ok.success(), "git {args:?}");
}

/// A repository with one commit, then `change` applied and uncommitted.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q"]);
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    dir
}

/// Review item 2: with `--changed-since`, a failure met before linting
/// (it has no path git reports as changed) was filtered out, so a pull
/// request that broke `claimlint.toml` passed. Every case, in JSON.
#[test]
fn changed_since_never_hides_a_failure() {
    let check = |dir: &Path, args: &[&str]| {
        let mut all = vec!["check", "--format", "json", "--changed-since", "HEAD"];
        all.extend_from_slice(args);
        let r = run_in(dir, &all);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        let errors = r.json()["errors"].as_array().expect("errors").len();
        assert!(errors > 0, "{args:?}: no error in JSON: {}", r.stdout);
        r
    };
    // A broken claimlint.toml, with an uncited claim added beside it.
    let d = repo(&[("claimlint.toml", ""), ("docs/a.md", "# A\n")]);
    write(d.path(), "claimlint.toml", "[rules\n");
    write(d.path(), "docs/b.md", UNCITED);
    let r = check(d.path(), &["docs"]);
    assert!(r.stderr.contains("invalid config"), "{}", r.stderr);
    // A missing path.
    let d = repo(&[("a.md", "# A\n")]);
    check(d.path(), &["missing.md"]);
    // A directory named like a Markdown file.
    let d = repo(&[("notes.md/x.md", "# X\n")]);
    check(d.path(), &["notes.md"]);
    // An unreadable directory (root reads everything: skip that case).
    #[cfg(unix)]
    if unsafe_is_not_root() {
        use std::os::unix::fs::PermissionsExt;
        let d = repo(&[("docs/private/x.md", "# X\n")]);
        let private = d.path().join("docs/private");
        fs::set_permissions(&private, fs::Permissions::from_mode(0o000)).unwrap();
        check(d.path(), &["docs"]);
        fs::set_permissions(&private, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[cfg(unix)]
fn unsafe_is_not_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() != 0 }
}

/// Review item 12: in a treeless partial clone, `git diff` fetched the
/// missing trees from the remote. git runs with lazy fetching off, so
/// claimlint fails clearly and nothing is fetched.
#[test]
fn changed_since_never_makes_git_fetch() {
    let origin = repo(&[("a.md", "# A\n")]);
    write(origin.path(), "b.md", UNCITED);
    git(origin.path(), &["add", "-A"]);
    git(origin.path(), &["commit", "-q", "-m", "second"]);
    git(origin.path(), &["config", "uploadpack.allowFilter", "true"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    let cloned = Command::new("git")
        .args(["clone", "-q", "--no-checkout", "--filter=tree:0", &url])
        .arg(clone.path().join("c"))
        .stderr(Stdio::null())
        .status()
        .expect("git clone");
    if !cloned.success() {
        eprintln!("skipped: this git cannot make a treeless clone");
        return;
    }
    let c = clone.path().join("c");
    let count = || {
        let out = Command::new("git")
            .current_dir(&c)
            .args(["count-objects", "-v"])
            .output()
            .expect("count-objects");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = count();
    let r = run_in(&c, &["check", "--changed-since", "HEAD~1", "."]);
    assert_eq!(before, count(), "git fetched objects: {r:?}");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("partial clone"), "{}", r.stderr);
}

// ------------------------------------------------ 3. no waiver without a reason

/// Review item 3: `<!-- claimlint-disable-file -->` without a reason
/// silenced every error in the file and listed a waiver with an empty
/// reason. In every directive form, a reasonless waiver leaves the finding
/// in place, is itself an error, and the register shows no waiver.
#[test]
fn a_suppression_without_a_reason_suppresses_nothing() {
    let forms = [
        "<!-- claimlint-disable-next-line CL001 -->\nOur glycolic peel boosts collagen.\n",
        "Our glycolic peel boosts collagen. <!-- claimlint-disable-line CL001 -->\n",
        "<!-- claimlint-disable CL001 -->\n\nOur glycolic peel boosts collagen.\n\n<!-- claimlint-enable CL001 -->\n",
        "<!-- claimlint-disable -->\n\nOur glycolic peel boosts collagen.\n",
        "<!-- claimlint-disable-file -->\n\nOur glycolic peel boosts collagen.\n",
        "<!-- claimlint-disable-file CL001 --   -->\n\nOur glycolic peel boosts collagen.\n",
    ];
    for form in forms {
        let p = project(&[("a.md", form)]);
        let r = run_in(p.path(), &["check", "--format", "json", "a.md"]);
        assert_eq!(r.code, 1, "{form}: {r:?}");
        let codes: Vec<(String, String)> = r.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert!(
            codes.contains(&("CL001".into(), "error".into())),
            "{form}: {codes:?}"
        );
        assert!(
            codes.contains(&("CL008".into(), "error".into())),
            "{form}: {codes:?}"
        );
        assert!(
            !codes.iter().any(|(c, _)| c == "CL007"),
            "{form}: {codes:?}"
        );
        let claims = run_in(p.path(), &["claims", "a.md"]).json();
        for c in claims["claims"].as_array().unwrap() {
            assert_ne!(c["status"], "suppressed", "{form}: {c}");
        }
    }
    // With a reason, each form still works.
    let p = project(&[(
        "a.md",
        "<!-- claimlint-disable-file CL001 -- approved, ref LEG-1 -->\n\nOur glycolic peel boosts collagen.\n",
    )]);
    let r = run_in(p.path(), &["claims", "a.md"]);
    let c = &r.json()["claims"][0];
    assert_eq!(
        (c["status"].as_str(), c["reason"].as_str()),
        (Some("suppressed"), Some("approved, ref LEG-1"))
    );
}

// ------------------------------------------- 4.–6. no injection through output

/// Review item 4: a file name holding a line feed and a workflow command
/// injected `::error` lines through standard error; a lone CR in a draft
/// did the same in human output (GitHub's runner splits on CR); escape
/// sequences and bidi overrides reached the terminal.
#[cfg(unix)]
#[test]
fn no_output_for_people_or_logs_carries_control_characters() {
    let hostile_name = "x\n::error file=README.md::owned\n.md";
    let draft = "Our serum\u{1b}]0;pwned\u{7} boosts collagen.\rnext\u{202e}line\n";
    let p = project(&[("a.md", draft)]);
    // A file that cannot be checked, with a hostile name.
    fs::write(p.path().join(hostile_name), b"\xff\xfe").unwrap();
    for format in FORMATS {
        for color in ["never", "always"] {
            let mut args = vec!["check", "--format", format, "."];
            if format == "human" {
                args.extend(["--color", color]);
            }
            let r = run_in(p.path(), &args);
            assert_eq!(r.code, 2, "{format}: {r:?}");
            for (stream, text) in [("stderr", &r.stderr), ("stdout", &r.stdout)] {
                for line in text.lines() {
                    assert!(
                        !line.starts_with("::error file=README.md"),
                        "{format} {stream}: injected command: {line:?}"
                    );
                }
                if stream == "stderr" || matches!(format, "human" | "github") {
                    assert!(!text.contains('\r'), "{format} {stream}: a CR: {text:?}");
                    assert!(
                        !text.contains("\u{1b}]0;"),
                        "{format} {stream}: OSC: {text:?}"
                    );
                    assert!(
                        !text.contains('\u{202e}'),
                        "{format} {stream}: bidi: {text:?}"
                    );
                    assert!(!text.contains('\u{7}'), "{format} {stream}: BEL: {text:?}");
                }
            }
            if format == "human" && color == "never" {
                assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
                assert!(r.stdout.contains("␛]0;pwned␇"), "{}", r.stdout);
                assert!(r.stdout.contains("<U+202E>"), "{}", r.stdout);
                assert!(
                    r.stderr.contains("x␊::error file=README.md::owned␊.md"),
                    "{}",
                    r.stderr
                );
            }
        }
    }
}

/// Review item 5: register text starting with `=`, `+`, `-`, `@`, a tab
/// or a CR reached a reviewer's spreadsheet as a live formula.
#[test]
fn csv_register_cells_never_start_a_formula() {
    let draft = "=HYPERLINK(\"http://example.com\") our serum boosts collagen.\n\n\
                 @SUM(1) our serum boosts collagen too. <!-- claimlint-disable-line CL001 -- -approved -->\n\n\
                 + our cream fades dark spots.\n";
    let p = project(&[("a.md", draft)]);
    let r = run_in(p.path(), &["claims", "--format", "csv", "a.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    let mut rows = csv::ReaderBuilder::new().from_reader(r.stdout.as_bytes());
    let mut n = 0;
    for row in rows.records() {
        let row = row.expect("CSV row");
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?} in {row:?}"
            );
        }
        n += 1;
    }
    assert_eq!(n, 3, "{}", r.stdout);
    assert!(r.stdout.contains("'=HYPERLINK("), "{}", r.stdout);
    assert!(r.stdout.contains("'-approved"), "{}", r.stdout);
}

/// Review item 6: the Markdown register turned escaped HTML and links in
/// a draft into live markup. Rendered by a GFM renderer, the register
/// shows every claim as text.
#[test]
fn markdown_register_renders_claims_as_text() {
    let draft = "&lt;img src=x onerror=alert(1)&gt; our serum boosts collagen.\n\n\
                 \\<script\\>alert(1)\\</script\\> our cream fades dark spots.\n\n\
                 \\[click\\]\\(javascript:alert(1)\\) our serum boosts collagen.\n\n\
                 \\*\\*bold\\*\\* \\`code\\` \\| our peel smooths wrinkles.\n";
    let p = project(&[("a.md", draft)]);
    let r = run_in(p.path(), &["claims", "--format", "markdown", "a.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options.render.r#unsafe = true; // as a careless viewer would
    let html = comrak::markdown_to_html(&r.stdout, &options);
    // The register's own markup (`**Totals:**`) is outside the table.
    let table = &html[html.find("<table>").expect("a table")..html.find("</table>").expect("end")];
    for bad in ["<img", "<script", "href=\"javascript", "<strong>", "<code>"] {
        assert!(!table.contains(bad), "{bad} in rendered register:\n{table}");
    }
    for shown in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;",
        "[click](javascript:alert(1))",
        "**bold**",
    ] {
        assert!(table.contains(shown), "{shown} not shown as text:\n{table}");
    }
    // Each claim is one row: the `|` in the draft did not split a cell.
    let rows = table.matches("<tr>").count();
    assert_eq!(rows, 5, "{table}");
}

// --------------------------------------------------------- 8.–12. reliability

/// Review item 8: a chain of 3,400 `extends` files overflowed the stack
/// (SIGABRT, no output). The depth is limited, with a clear error.
#[test]
fn a_deep_extends_chain_is_a_clear_error() {
    let p = project(&[("a.md", UNCITED)]);
    let n = 3_400;
    for i in 0..n {
        let text = if i + 1 < n {
            format!("extends = [\"c{}.toml\"]\n", i + 1)
        } else {
            String::new()
        };
        write(p.path(), &format!("c{i}.toml"), &text);
    }
    write(p.path(), "claimlint.toml", "extends = [\"c0.toml\"]\n");
    let r = run_in(p.path(), &["check", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("nested more than 64"), "{}", r.stderr);
}

/// Review item 9: a Markdown input over `--max-file-size` is reported,
/// naming the file, and the others are checked; a FIFO in a walked tree
/// (review item 12) is reported, not silently skipped, and never opened.
#[cfg(unix)]
#[test]
fn oversized_and_special_markdown_files_are_reported() {
    let p = project(&[("big.md", &UNCITED.repeat(100)), ("small.md", UNCITED)]);
    let r = run_in(
        p.path(),
        &["check", "--format", "json", "--max-file-size", "1K", "."],
    );
    assert_eq!(r.code, 2, "{r:?}");
    let v = r.json();
    assert_eq!(v["errors"][0]["path"], "./big.md", "{v}");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("larger than 1 KiB"),
        "{v}"
    );
    assert_eq!(v["files"], 1, "small.md is still checked: {v}");

    let made = Command::new("mkfifo")
        .arg(p.path().join("pipe.md"))
        .status();
    if made.is_ok_and(|s| s.success()) {
        let r = run_in(p.path(), &["check", "--format", "json", "."]);
        assert_eq!(r.code, 2, "{r:?}");
        let errors = r.json()["errors"].clone();
        assert!(
            errors
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["path"] == "./pipe.md"
                    && e["message"].as_str().unwrap().contains("named pipe")),
            "{errors}"
        );
    }
}

/// Review item 10: when standard error cannot be written (closed, or
/// `/dev/full`), `eprintln!` panicked and the status was 101. claimlint
/// exits with the documented status instead.
#[cfg(unix)]
#[test]
fn a_closed_or_full_stderr_never_panics() {
    let p = project(&[("a.md", UNCITED)]);
    let status = |redirect: &str, args: &str| {
        Command::new("sh")
            .current_dir(p.path())
            .arg("-c")
            .arg(format!("exec \"$0\" {args} >/dev/null {redirect}"))
            .arg(BIN)
            .status()
            .expect("sh")
            .code()
    };
    for redirect in ["2>&-", "2>/dev/full"] {
        if redirect.contains("full") && !Path::new("/dev/full").exists() {
            continue;
        }
        // Findings: 1. A missing file: 2 (its error goes to stderr).
        assert_eq!(status(redirect, "check a.md"), Some(1), "{redirect}");
        assert_eq!(status(redirect, "check missing.md"), Some(2), "{redirect}");
        assert_eq!(
            status(redirect, "check --no-such-flag"),
            Some(2),
            "{redirect}"
        );
    }
}

/// Review item 11: a 9 MB regex took 77 s and 1.5 GB before it was
/// rejected, and a 50 MB market value 276 s and 150 MB of standard error.
/// Long patterns are rejected before they are compiled, and echoed values
/// are shortened.
#[test]
fn huge_values_are_rejected_at_once_and_not_echoed_whole() {
    let pattern = format!(
        "[lexicon]\npatterns = [{{ category = \"verb-up\", regex = {:?} }}]\n",
        "a".repeat(5_000_000)
    );
    let p = project(&[("claimlint.toml", &pattern), ("a.md", UNCITED)]);
    let r = run_in(p.path(), &["check", "--max-config-size", "16M", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("the limit is 4096"),
        "{}",
        &r.stderr[..r.stderr.len().min(2000)]
    );
    assert!(r.stderr.len() < 4_000, "{} bytes of stderr", r.stderr.len());

    let market = "z".repeat(5_000_000);
    let draft = format!("---\nmarkets: [{market}]\n---\n\n{UNCITED}");
    let p = project(&[("a.md", &draft)]);
    for format in FORMATS {
        let r = run_in(p.path(), &["check", "--format", format, "a.md"]);
        assert_eq!(
            r.code,
            1,
            "{format}: {} {}",
            r.code,
            &r.stderr[..r.stderr.len().min(500)]
        );
        // SARIF alone is about 100 KB (every rule's documentation).
        assert!(
            r.stdout.len() + r.stderr.len() < 300_000,
            "{format}: {} bytes of output",
            r.stdout.len() + r.stderr.len()
        );
    }
}

/// Review item 12: baseline counts wrapped around on overflow, letting
/// recorded findings back in (and panicking in debug builds).
#[test]
fn baseline_counts_saturate_instead_of_wrapping() {
    let p = project(&[(
        "a.md",
        &format!("{UNCITED}\nOur glycolic peel boosts collagen.\n"),
    )]);
    let r = run_in(p.path(), &["check", "--write-baseline", "b.json", "a.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(p.path().join("b.json")).unwrap()).unwrap();
    let entry = v["findings"][0].clone();
    let mut twin = entry.clone();
    v["findings"][0]["count"] = serde_json::json!(u64::MAX);
    twin["count"] = serde_json::json!(2);
    v["findings"].as_array_mut().unwrap().push(twin);
    fs::write(p.path().join("b.json"), v.to_string()).unwrap();
    let r = run_in(
        p.path(),
        &["check", "--format", "json", "--baseline", "b.json", "a.md"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.json()["baselined"], 2, "{}", r.stdout);
}
