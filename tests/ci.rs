//! Running claimlint where content lives: the CI output formats (SARIF
//! validated against the official 2.1.0 schema, GitHub workflow commands
//! and their escaping, GitLab Code Quality, JUnit), severity thresholds and
//! exit codes, baselines, `--changed-since` and per-directory overrides,
//! each on a small repository made in a temporary directory with
//! `git init`.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

#[path = "support/bin.rs"]
mod bin;
use bin::{BIN, Run, write};

fn run(dir: &Path, args: &[&str]) -> Run {
    Run::from_output(
        Command::new(BIN)
            .current_dir(dir)
            .args(args)
            .output()
            .expect("run claimlint"),
    )
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=claimlint tests",
            "-c",
            "user.email=tests@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository with two pages: one with an error-level finding (an
/// uncited claim) and one with only a hedged claim (a warning).
fn repo() -> TempDir {
    let t = TempDir::new().unwrap();
    git(t.path(), &["init", "-q", "-b", "main"]);
    write(
        t.path(),
        "blog/a.md",
        "# Peels\n\nOur peel fades pigmentation.\n",
    );
    write(
        t.path(),
        "blog/b.md",
        "# Serums\n\nThis serum may reduce fine lines.\n",
    );
    git(t.path(), &["add", "-A"]);
    git(t.path(), &["commit", "-q", "-m", "init"]);
    t
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
}

#[test]
fn sarif_validates_against_the_schema_and_locates_findings() {
    let t = repo();
    let r = run(&t.path().join("blog"), &["check", "--format", "sarif", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let sarif = r.json();
    let errors: Vec<String> = validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF does not validate: {errors:#?}");

    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let cl001 = rules
        .iter()
        .find(|r| r["id"] == "CL001")
        .expect("CL001 described");
    assert_eq!(cl001["name"], "uncited-efficacy-claim");
    assert_eq!(cl001["defaultConfiguration"]["level"], "error");
    for field in ["shortDescription", "fullDescription", "help"] {
        assert!(
            cl001[field]["text"].as_str().is_some_and(|s| !s.is_empty()),
            "{field}"
        );
    }
    let results = run0["results"].as_array().unwrap();
    let res = results
        .iter()
        .find(|r| r["ruleId"] == "CL001")
        .expect("CL001 result");
    assert_eq!(res["level"], "error");
    assert_eq!(
        rules[res["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "CL001"
    );
    let loc = &res["locations"][0]["physicalLocation"];
    // Relative to the repository root, though claimlint ran in blog/.
    assert_eq!(loc["artifactLocation"]["uri"], "blog/a.md");
    let region = &loc["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(10))
    );
    assert_eq!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        (Some(3), Some(28))
    );
    assert!(
        res["partialFingerprints"]["claimlint/v1"]
            .as_str()
            .is_some_and(|f| f.len() == 16)
    );
    let hedged = results
        .iter()
        .find(|r| r["ruleId"] == "CL002")
        .expect("hedged claim reported");
    assert_eq!(hedged["level"], "warning");
}

/// UTF-16 code units in `s`, as SARIF's `utf16CodeUnits` counts.
fn utf16(s: &str) -> u64 {
    s.encode_utf16().count() as u64
}

#[test]
fn sarif_counts_utf16_code_units_and_names_files_from_the_repository_root() {
    let t = repo();
    // A byte-order mark, accents and emoji (two UTF-16 units each) before
    // the claim, on its line and on the lines above.
    let line3 = "😊 Our crème brûlée boosts collagen. 👩‍⚕️";
    let text = format!("\u{feff}# Café 😊 ✨\n\n{line3}\n");
    write(t.path(), "blog/emoji.md", &text);
    // Run from outside the repository, naming the file absolutely.
    let outside = TempDir::new().unwrap();
    let file = t.path().join("blog/emoji.md");
    let r = run(
        outside.path(),
        &["check", "--format", "sarif", file.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let sarif = r.json();
    let errors: Vec<String> = validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF does not validate: {errors:#?}");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "utf16CodeUnits");
    let root = fs::canonicalize(t.path()).unwrap();
    let base = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert_eq!(base, format!("file://{}/", root.display()));

    let res = &run0["results"][0];
    assert_eq!(res["ruleId"], "CL001");
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "blog/emoji.md");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &loc["region"];
    let before = &line3[..line3.find("boosts collagen").unwrap()];
    let col = utf16(before) + 1;
    // The mark is not shown by editors, so it is not counted.
    let offset = utf16(&text[text.find("boosts collagen").unwrap()..]);
    let offset = utf16(&text) - 1 - offset;
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64(),
            region["charOffset"].as_u64(),
            region["charLength"].as_u64(),
        ),
        (Some(3), Some(col), Some(col + 15), Some(offset), Some(15)),
        "{region}"
    );
    // The same page from inside the repository: the same names.
    let inside = run(
        &t.path().join("blog"),
        &["check", "--format", "sarif", "emoji.md"],
    )
    .json();
    assert_eq!(inside["runs"][0]["results"], run0["results"]);
}

#[test]
fn sarif_of_the_examples_validates_and_describes_every_rule_in_prose() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/examples");
    let r = run(&examples, &["check", "--format", "sarif", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let sarif = r.json();
    assert!(validator().iter_errors(&sarif).next().is_none());
    let run0 = &sarif["runs"][0];
    assert!(
        run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("fixtures/examples/")),
        "named from the repository root"
    );
    let rules_md =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md")).unwrap();
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 40, "{}", rules.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let short = rule["shortDescription"]["text"].as_str().unwrap();
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        for (what, text) in [("short", short), ("full", full)] {
            // Prose: a capitalised sentence or more, not an example
            // fragment, code, a heading or a file users do not have.
            assert!(
                text.trim_start_matches(['"', '“'])
                    .starts_with(char::is_uppercase),
                "{id} {what}: {text}"
            );
            assert!(text.ends_with(['.', '?', '!', ')']), "{id} {what}: {text}");
            for bad in [
                "```",
                "Use instead",
                "#",
                "rules/",
                "src/",
                "fixtures/",
                "`",
            ] {
                assert!(!text.contains(bad), "{id} {what} holds {bad:?}: {text}");
            }
            assert!(
                !text.lines().any(|l| l.starts_with("[^")),
                "{id} {what} holds a footnote definition: {text}"
            );
            assert!(text.split_whitespace().count() >= 3, "{id} {what}: {text}");
        }
        assert!(!short.contains('\n'), "{id}: {short}");
        let help = rule["help"]["markdown"].as_str().unwrap();
        assert!(help.contains("## Why is this bad?"), "{id}: {help}");
        let uri = rule["helpUri"].as_str().unwrap();
        assert!(help.contains(uri), "{id}");
        let anchor = uri
            .split_once("/docs/rules.md#")
            .expect("a rules.md anchor")
            .1;
        assert!(rules_md.contains(&format!("](#{anchor})")), "{id}: {uri}");
    }
}

#[test]
fn sarif_fingerprints_survive_edits_above_and_change_with_the_claim() {
    let t = repo();
    let fp = |dir: &Path| -> String {
        let s = run(dir, &["check", "--format", "sarif", "blog/a.md"]).json();
        s["runs"][0]["results"][0]["partialFingerprints"]["claimlint/v1"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = fp(t.path());
    write(
        t.path(),
        "blog/a.md",
        "# Peels\n\nA new intro paragraph.\n\nOur   peel *fades* pigmentation.\n",
    );
    assert_eq!(fp(t.path()), before, "moved and reformatted, same claim");
    write(
        t.path(),
        "blog/a.md",
        "# Peels\n\nOur peel fades melasma.\n",
    );
    assert_ne!(fp(t.path()), before, "a changed claim is a new finding");
}

#[test]
fn sarif_reports_unreadable_files_and_still_validates() {
    let t = repo();
    fs::write(t.path().join("blog/bin.md"), b"abc\0def").unwrap();
    let r = run(t.path(), &["check", "--format", "sarif", "blog"]);
    assert_eq!(r.code, 2);
    let sarif = r.json();
    assert!(validator().iter_errors(&sarif).next().is_none());
    let inv = &sarif["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert!(
        inv["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("bin.md")
    );
}

#[test]
fn github_annotations_cannot_be_injected() {
    let t = repo();
    // A file name and text written to break out of a workflow command.
    let evil = "blog/x%0A::error::pwned,line=9:\n::warning::also.md";
    write(
        t.path(),
        evil,
        "Our peel fades pigmentation.\r\n::error file=x::fake %0A::error::injected\n",
    );
    let r = run(t.path(), &["check", "--format", "github", "blog"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(
            l.starts_with("::error file=")
                || l.starts_with("::warning file=")
                || l.starts_with("::notice file="),
            "every line is one command of ours: {l:?}"
        );
        assert!(
            !l.contains("::error::") && !l.contains("::warning::"),
            "no command inside a command: {l:?}"
        );
    }
    let evil_line = lines
        .iter()
        .find(|l| l.contains("pwned"))
        .expect("the evil file is reported");
    assert!(evil_line.contains("file=blog/x%250A%3A%3Aerror%3A%3Apwned%2Cline=9%3A%0A%3A%3Awarning%3A%3Aalso.md,line=1,"), "{evil_line}");
    let a = lines.iter().find(|l| l.contains("file=blog/a.md")).unwrap();
    assert!(a.starts_with("::error file=blog/a.md,line=3,col=10,endLine=3,endColumn=28,title=CL001 uncited-efficacy-claim::"), "{a}");
    assert!(
        a.contains("%0Ahelp: "),
        "the help follows on its own line: {a}"
    );
}

#[test]
fn gitlab_code_quality_has_unique_fingerprints() {
    let t = repo();
    write(
        t.path(),
        "blog/c.md",
        "Our peel fades pigmentation. Our peel fades pigmentation.\n",
    );
    let r = run(t.path(), &["check", "--format", "gitlab"]);
    assert_eq!(r.code, 1);
    let issues = r.json();
    let issues = issues.as_array().unwrap();
    let prints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        prints.len(),
        issues.len(),
        "fingerprints are unique, even for a repeated sentence"
    );
    let a = issues
        .iter()
        .find(|i| i["location"]["path"] == "blog/a.md")
        .unwrap();
    assert_eq!(a["check_name"], "uncited-efficacy-claim");
    assert_eq!(a["severity"], "major");
    assert_eq!(a["location"]["positions"]["begin"]["line"], 3);
    assert!(
        issues.iter().any(|i| i["severity"] == "minor"),
        "the warning maps to minor"
    );
}

#[test]
fn junit_is_well_formed_xml_with_a_failure_per_finding() {
    let t = repo();
    write(t.path(), "blog/clean.md", "# Booking\n\nCall us to book.\n");
    write(
        t.path(),
        "blog/<&>.md",
        "Our peel fades \u{1}pigmentation & \"more\".\n",
    );
    let r = run(t.path(), &["check", "--format", "junit"]);
    assert_eq!(r.code, 1);
    let doc = roxmltree::Document::parse(&r.stdout)
        .unwrap_or_else(|e| panic!("not XML: {e}\n{}", r.stdout));
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert!(
        names.contains(&"blog/<&>.md") && names.contains(&"blog/clean.md"),
        "{names:?}"
    );
    let clean = suites
        .iter()
        .find(|s| s.attribute("name") == Some("blog/clean.md"))
        .unwrap();
    assert_eq!(clean.attribute("failures"), Some("0"));
    assert_eq!(
        clean
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        1
    );
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    let root = doc.root_element();
    assert_eq!(
        root.attribute("failures"),
        Some(failures.to_string().as_str())
    );
    assert!(failures >= 3);
}

#[test]
fn exit_codes_follow_fail_on_min_severity_and_exit_zero() {
    let t = repo();
    let code = |args: &[&str]| run(t.path(), args).code;
    // blog/a.md has an error; blog/b.md only a warning.
    assert_eq!(code(&["check", "blog/a.md"]), 1);
    assert_eq!(
        code(&["check", "blog/b.md"]),
        0,
        "warnings do not fail by default"
    );
    assert_eq!(code(&["check", "--fail-on", "warning", "blog/b.md"]), 1);
    assert_eq!(code(&["check", "--fail-on", "info", "blog/b.md"]), 1);
    assert_eq!(code(&["check", "--fail-on", "error", "blog/b.md"]), 0);
    assert_eq!(code(&["check", "--fail-on", "never", "blog/a.md"]), 0);
    assert_eq!(code(&["check", "--exit-zero", "blog/a.md"]), 0);
    assert_eq!(
        code(&["check", "--exit-zero", "--fail-on", "warning", "blog/a.md"]),
        2,
        "contradictory flags are a usage error"
    );
    assert_eq!(code(&["check", "--fail-on", "sometimes", "blog/a.md"]), 2);
    // Hidden findings neither show nor fail.
    let r = run(
        t.path(),
        &[
            "check",
            "--min-severity",
            "error",
            "--fail-on",
            "warning",
            "--format",
            "json",
            "blog",
        ],
    );
    assert_eq!(r.code, 1);
    let sevs: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !sevs.is_empty() && sevs.iter().all(|s| s == "error"),
        "{sevs:?}"
    );
    assert_eq!(
        code(&[
            "check",
            "--min-severity",
            "error",
            "--fail-on",
            "warning",
            "blog/b.md"
        ]),
        0
    );
    // Exit 2 beats everything: a file that cannot be read is never a pass.
    fs::write(t.path().join("blog/bin.md"), b"\0").unwrap();
    assert_eq!(code(&["check", "--exit-zero", "blog"]), 2);
}

#[test]
fn baseline_hides_old_findings_reports_new_and_fixed() {
    let t = repo();
    let dir = t.path();
    let w = run(
        dir,
        &["check", "--write-baseline", "claimlint-baseline.json"],
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(
        w.stdout.is_empty(),
        "writing a baseline reports nothing: {}",
        w.stdout
    );
    let base: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("claimlint-baseline.json")).unwrap())
            .unwrap();
    let entries = base["findings"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["path"] == "blog/a.md"
            && e["rule"] == "CL001"
            && e["text"] == "our peel fades pigmentation"),
        "{base:#}"
    );

    // Nothing new: clean, and exit 0 although the error is still there.
    let r = run(
        dir,
        &[
            "check",
            "--baseline",
            "claimlint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["diagnostics"].as_array().unwrap().len(), 0);

    // Text added above the claim, and the claim reflowed: still baselined.
    write(
        dir,
        "blog/a.md",
        "# Peels\n\nBook a consultation first.\n\nOur peel\nfades pigmentation.\n",
    );
    let r = run(
        dir,
        &[
            "check",
            "--baseline",
            "claimlint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);

    // A new claim in another file, run from a subdirectory: reported, and
    // the baseline's paths still resolve (they are relative to its file).
    write(dir, "blog/new.md", "Our laser removes scars.\n");
    let r = run(
        &dir.join("blog"),
        &[
            "check",
            "--baseline",
            "../claimlint-baseline.json",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(r.code, 1);
    let diags = r.json()["diagnostics"].as_array().unwrap().clone();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["path"], "./new.md");

    // A changed claim is new, and the old one is reported as fixed.
    write(dir, "blog/a.md", "# Peels\n\nOur peel fades melasma.\n");
    let r = run(
        dir,
        &[
            "check",
            "--baseline",
            "claimlint-baseline.json",
            "--format",
            "json",
            "blog/a.md",
        ],
    );
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["diagnostics"][0]["code"], "CL001");
    assert_eq!(v["fixed"][0]["text"], "our peel fades pigmentation");
    assert!(
        r.stderr.contains("no longer occur")
            && r.stderr
                .contains("--write-baseline claimlint-baseline.json"),
        "{}",
        r.stderr
    );

    // Findings in files this run did not check are not called fixed.
    let r = run(
        dir,
        &[
            "check",
            "--baseline",
            "claimlint-baseline.json",
            "--format",
            "json",
            "blog/b.md",
        ],
    );
    assert_eq!(r.json()["fixed"].as_array().unwrap().len(), 0);

    // Counts: two identical findings, one baselined, the second is new.
    write(dir, "blog/c.md", "Our peel fades pigmentation.\n");
    run(
        dir,
        &["check", "--write-baseline", "claimlint-baseline.json"],
    );
    write(
        dir,
        "blog/c.md",
        "Our peel fades pigmentation.\n\nOur peel fades pigmentation.\n",
    );
    let r = run(
        dir,
        &[
            "check",
            "--baseline",
            "claimlint-baseline.json",
            "--format",
            "json",
            "blog/c.md",
        ],
    );
    assert_eq!(r.json()["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn a_bad_baseline_is_a_clear_error_and_is_never_overwritten_by_check() {
    let t = repo();
    let dir = t.path();
    let r = run(dir, &["check", "--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("missing.json") && r.stderr.contains("--write-baseline"),
        "{}",
        r.stderr
    );
    fs::write(
        dir.join("bad.json"),
        "{\"version\": 1, \"findings\": [\n  {\"path\": 3}\n]}\n",
    )
    .unwrap();
    let r = run(dir, &["check", "--baseline", "bad.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bad.json:2:"),
        "names the file and line: {}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.join("bad.json")).unwrap(),
        "{\"version\": 1, \"findings\": [\n  {\"path\": 3}\n]}\n"
    );
    // Writing into a directory that does not exist fails cleanly.
    let r = run(dir, &["check", "--write-baseline", "no/such/dir/b.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no/such/dir/b.json"), "{}", r.stderr);
    assert!(
        run(
            dir,
            &[
                "check",
                "--baseline",
                "a.json",
                "--write-baseline",
                "b.json"
            ]
        )
        .code
            == 2
    );
}

#[test]
fn changed_since_checks_only_changed_and_new_files() {
    let t = repo();
    let dir = t.path();
    let r = run(
        dir,
        &["check", "--changed-since", "HEAD", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("no Markdown files changed since HEAD"),
        "{}",
        r.stderr
    );

    write(dir, "blog/b.md", "# Serums\n\nThis serum smooths lines.\n");
    write(dir, "blog/untracked.md", "Our cream lifts the jawline.\n");
    write(dir, "notes.txt", "not markdown\n");
    let r = run(
        dir,
        &["check", "--changed-since", "HEAD", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    let mut paths: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    assert_eq!(
        paths,
        vec!["blog/b.md", "blog/untracked.md"],
        "blog/a.md is unchanged"
    );

    // Committed changes count too.
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "edit"]);
    let r = run(
        dir,
        &["check", "--changed-since", "HEAD~1", "--format", "json"],
    );
    assert_eq!(r.json()["files"], 2);

    let r = run(dir, &["check", "--changed-since", "no-such-branch"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no-such-branch"), "{}", r.stderr);
    let r = run(dir, &["check", "--changed-since", "--output=x"]);
    assert_eq!(r.code, 2);

    let outside = TempDir::new().unwrap();
    write(outside.path(), "a.md", "Our peel fades pigmentation.\n");
    let r = run(outside.path(), &["check", "--changed-since", "HEAD"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not inside a git repository"),
        "{}",
        r.stderr
    );
}

#[test]
fn overrides_set_markets_per_directory_and_config_show_explains() {
    let t = repo();
    let dir = t.path();
    fs::write(
        dir.join("claimlint.toml"),
        "extends = [\"base.toml\"]\n\n[[overrides]]\nfiles = [\"blog/sg/**\"]\nmarkets = [\"sg\"]\n\n[[overrides]]\nfiles = [\"blog/legacy/**\"]\n[overrides.rules]\nuncited-efficacy-claim = \"off\"\n",
    )
    .unwrap();
    fs::write(dir.join("base.toml"), "markets = [\"us\"]\n").unwrap();
    // A guarantee is an error in Singapore, a warning in the US pack.
    write(
        dir,
        "blog/sg/p.md",
        "Results guaranteed after one session.\n",
    );
    write(
        dir,
        "blog/us/p.md",
        "Results guaranteed after one session.\n",
    );
    write(dir, "blog/legacy/p.md", "Our peel fades pigmentation.\n");
    let r = run(
        dir,
        &[
            "check",
            "--format",
            "json",
            "blog/sg",
            "blog/us",
            "blog/legacy",
        ],
    );
    let diags = r.json()["diagnostics"].as_array().unwrap().clone();
    let sev = |path: &str, rule: &str| {
        diags
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(path) && d["rule"] == rule)
            .map(|d| d["severity"].as_str().unwrap().to_string())
    };
    assert_eq!(
        sev("sg/p.md", "guaranteed-result").as_deref(),
        Some("error"),
        "{diags:#?}"
    );
    assert_eq!(
        sev("us/p.md", "guaranteed-result").as_deref(),
        Some("warning"),
        "{diags:#?}"
    );
    assert_eq!(
        sev("legacy/p.md", "uncited-efficacy-claim"),
        None,
        "turned off for legacy/"
    );

    let r = run(dir, &["config", "--show", "blog/sg/p.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("markets = [\"sg\"]"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("# override applied: files = [\"blog/sg/**\"]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("base.toml <- "),
        "names the files it extends: {}",
        r.stdout
    );
    // The output is itself valid TOML.
    let parsed: toml::Table = r
        .stdout
        .parse()
        .unwrap_or_else(|e| panic!("{e}\n{}", r.stdout));
    assert_eq!(parsed["rules"]["CL117"].as_str(), Some("error"));
    let r = run(dir, &["config", "--show", "blog/us/new-draft.md"]);
    assert!(
        r.stdout.contains("markets = [\"us\"]") && !r.stdout.contains("override applied"),
        "{}",
        r.stdout
    );
    let r = run(dir, &["config", "--show", "blog/legacy/p.md"]);
    assert!(
        r.stdout
            .contains("CL001 = \"off\"  # uncited-efficacy-claim, set by configuration"),
        "{}",
        r.stdout
    );
}

/// The shell script of the action's "Run claimlint" step, as written in
/// `action.yml`.
fn action_run_script() -> String {
    let action = include_str!("../action.yml");
    let step = action
        .split("- name: Run claimlint")
        .nth(1)
        .expect("the run step");
    let body = step.split("run: |\n").nth(1).expect("its script");
    body.lines()
        .take_while(|l| l.is_empty() || l.starts_with("        "))
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the action's script as GitHub runs a `shell: bash` step: saved to
/// a file and run by `bash --noprofile --norc -eo pipefail {0}`, with
/// `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` set. Returns the exit status,
/// standard output and what the step wrote to `GITHUB_OUTPUT`.
fn run_action(dir: &Path, inputs: &[(&str, &str)]) -> (i32, String, String) {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let scratch = TempDir::new().unwrap();
    let script = scratch.path().join("step.sh");
    fs::write(&script, action_run_script()).unwrap();
    let out_file = scratch.path().join("gh-output");
    let mut cmd = Command::new("bash");
    cmd.current_dir(dir)
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &out_file)
        .env("GITHUB_STEP_SUMMARY", dir.join("step-summary.md"));
    for key in [
        "PATHS",
        "FORMAT",
        "OUTPUT",
        "BASELINE",
        "CHANGED_SINCE",
        "MARKETS",
        "FAIL_ON",
        "ARGS",
        "SUMMARY",
    ] {
        cmd.env(format!("CL_{key}"), "");
    }
    cmd.env("CL_PATHS", ".")
        .env("CL_FORMAT", "github")
        .env("CL_FAIL_ON", "error")
        .env("CL_SUMMARY", "true");
    for (k, v) in inputs {
        cmd.env(format!("CL_{k}"), v);
    }
    let out = cmd.output().expect("bash runs");
    let outputs = fs::read_to_string(&out_file).unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs,
    )
}

#[test]
fn the_action_script_passes_inputs_as_arguments_never_as_code() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("bash not available; skipping");
        return;
    }
    let t = repo();
    let dir = t.path();
    let (code, stdout, outputs) = run_action(dir, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.starts_with("::error file=blog/a.md,"), "{stdout}");
    assert_eq!(outputs.trim(), "exit-code=1");

    let (code, _, _) = run_action(
        dir,
        &[
            ("FAIL_ON", "never"),
            ("FORMAT", "sarif"),
            ("OUTPUT", "out.sarif"),
        ],
    );
    assert_eq!(code, 0);
    let sarif: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("out.sarif")).unwrap()).unwrap();
    assert!(validator().iter_errors(&sarif).next().is_none());

    // Shell syntax in an input is a (missing) path, not a command.
    let (code, _, _) = run_action(
        dir,
        &[
            ("PATHS", "blog/b.md; touch pwned $(touch pwned2)"),
            ("ARGS", "`touch pwned3`"),
        ],
    );
    assert_eq!(code, 2, "the odd paths do not exist");
    for f in ["pwned", "pwned2", "pwned3"] {
        assert!(
            !dir.join(f).exists(),
            "{f} was created: an input ran as code"
        );
    }

    run(dir, &["check", "--write-baseline", "base.json"]);
    let (code, stdout, _) = run_action(dir, &[("BASELINE", "base.json"), ("MARKETS", "sg,uk")]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn the_action_sets_exit_code_under_bash_e_for_every_status() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("bash not available; skipping");
        return;
    }
    let t = repo();
    let dir = t.path();
    for (inputs, want) in [
        (vec![("PATHS", "blog/b.md")], 0),
        (vec![("PATHS", "blog/a.md")], 1),
        (vec![("PATHS", "blog/missing.md")], 2),
        (
            vec![
                ("PATHS", "blog"),
                ("OUTPUT", "out.json"),
                ("FORMAT", "json"),
            ],
            1,
        ),
    ] {
        let (code, stdout, outputs) = run_action(dir, &inputs);
        assert_eq!(code, want, "{inputs:?}: {stdout}");
        assert_eq!(outputs, format!("exit-code={want}\n"), "{inputs:?}");
    }
}

#[test]
fn the_action_reads_a_multi_line_paths_input_and_writes_a_job_summary() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("bash not available; skipping");
        return;
    }
    let t = repo();
    let dir = t.path();
    let (code, stdout, _) = run_action(
        dir,
        &[("PATHS", "blog/a.md\nblog/b.md\n"), ("FORMAT", "json")],
    );
    assert_eq!(code, 1, "{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let mut paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    paths.dedup();
    assert_eq!(paths, ["blog/a.md", "blog/b.md"], "both lines are checked");

    let summary = fs::read_to_string(dir.join("step-summary.md")).unwrap();
    for want in [
        "## claimlint\n\n1 error, 1 warning in 2 files (2 claims, 2 without a source)\n",
        "| CL001 | uncited-efficacy-claim | error | 1 |\n",
        "| CL002 | uncited-hedged-claim | warning | 1 |\n",
        "| unsupported | 2 |\n",
        "| blog/a.md | 1 |\n",
        "| blog/a.md | 3 | Our peel fades pigmentation. | CL001 |\n",
    ] {
        assert!(summary.contains(want), "{want:?} missing from:\n{summary}");
    }

    // Turned off, nothing more is written; a second run appends, as every
    // step of a job appends to the same file.
    run_action(dir, &[("PATHS", "blog"), ("SUMMARY", "false")]);
    assert_eq!(
        fs::read_to_string(dir.join("step-summary.md")).unwrap(),
        summary
    );
    run_action(dir, &[("PATHS", "blog/b.md")]);
    let twice = fs::read_to_string(dir.join("step-summary.md")).unwrap();
    assert_eq!(twice.matches("## claimlint").count(), 2, "{twice}");
}

/// docs/ci.md's GitLab job, run as GitLab runs a `script:` (one shell,
/// stopping at the first failing line): both reports are written and the
/// job fails on the findings.
#[test]
fn the_gitlab_snippet_writes_both_reports_and_fails_on_findings() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("bash not available; skipping");
        return;
    }
    let ci = include_str!("../docs/ci.md");
    let job = ci.split("## GitLab CI").nth(1).expect("the GitLab section");
    let script: Vec<&str> = job
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- claimlint "))
        .collect();
    assert_eq!(script.len(), 2, "{script:?}");
    let t = repo();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let text: String = script.iter().map(|l| format!("claimlint {l}\n")).collect();
    let out = Command::new("bash")
        .args(["-e", "-c", &text])
        .current_dir(t.path())
        .env("PATH", path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the job fails on the findings");
    let junit = fs::read_to_string(t.path().join("claimlint-junit.xml")).unwrap();
    assert!(roxmltree::Document::parse(&junit).is_ok());
    let gl: Value = serde_json::from_str(
        &fs::read_to_string(t.path().join("gl-code-quality-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(gl.as_array().map(Vec::len), Some(2));
    for report in ["claimlint-junit.xml", "gl-code-quality-report.json"] {
        assert!(
            job.contains(&format!(": {report}")),
            "{report} is not an artifact"
        );
    }
}

#[test]
fn the_pre_commit_hook_honours_excludes_for_named_files() {
    let hooks = include_str!("../.pre-commit-hooks.yaml");
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("claimlint"));
    let args: Vec<&str> = words.collect();
    let t = repo();
    fs::write(
        t.path().join("claimlint.toml"),
        "[files]\nexclude = [\"blog/a.md\"]\n",
    )
    .unwrap();
    // pre-commit names each staged file.
    let mut all = args.clone();
    all.extend(["blog/a.md", "blog/b.md"]);
    let r = run(t.path(), &all);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        !r.stdout.contains("blog/a.md") && r.stdout.contains("blog/b.md"),
        "{}",
        r.stdout
    );
    let mut only_excluded = args.clone();
    only_excluded.push("blog/a.md");
    let r = run(t.path(), &only_excluded);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// The `check --format json` example in `docs/output-formats.md` is what
/// claimlint prints for that input.
#[test]
fn output_formats_md_check_json_example_is_real_output() {
    let doc = include_str!("../docs/output-formats.md");
    let section = doc
        .split("### `claimlint check --format json`")
        .nth(1)
        .unwrap();
    let block = section
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let (command, shown) = block.split_once('\n').unwrap();
    assert!(
        command.starts_with(
            "$ printf 'Our serum boosts collagen.\\n' | claimlint check --format json"
        ),
        "{command}"
    );
    let out = Command::new(BIN)
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "pages/serum.md",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin
                .take()
                .unwrap()
                .write_all(b"Our serum boosts collagen.\n")?;
            c.wait_with_output()
        })
        .unwrap();
    let real: Value = serde_json::from_slice(&out.stdout).unwrap();
    let documented: Value = serde_json::from_str(shown).unwrap();
    assert_eq!(
        real, documented,
        "docs/output-formats.md's `check --format json` example is out of date"
    );
}

#[test]
fn stdin_with_a_filename_uses_that_files_config_and_overrides() {
    use std::io::Write as _;
    let t = repo();
    fs::write(
        t.path().join("claimlint.toml"),
        "[[overrides]]\nfiles = [\"blog/sg/**\"]\nmarkets = [\"sg\"]\n",
    )
    .unwrap();
    let lint = |name: &str| -> Value {
        let mut child = Command::new(BIN)
            .current_dir(t.path())
            .args([
                "check",
                "--stdin",
                "--stdin-filename",
                name,
                "--format",
                "json",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"Results guaranteed.\n")
            .unwrap();
        serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap()
    };
    let sg = lint("blog/sg/new.md");
    assert_eq!(sg["diagnostics"][0]["path"], "blog/sg/new.md");
    assert_eq!(sg["diagnostics"][0]["severity"], "error", "{sg:#}");
    assert_eq!(lint("blog/new.md")["diagnostics"][0]["severity"], "warning");
    assert_eq!(
        run(t.path(), &["check", "--stdin", "blog/a.md"]).code,
        2,
        "--stdin and paths conflict"
    );
}
