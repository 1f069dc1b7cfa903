//! The evidence registry as a file of its own: every problem in
//! `evidence.toml` is reported with the exact bytes at fault (CL015 for an
//! entry that cannot be used, CL013 for a malformed DOI or PMID), entries
//! no page cites are reported only when a run walks the registry's
//! directory (CL014), the registry is found beside the pages when there is
//! no `claimlint.toml`, and a registry named in the config that does not
//! exist is a config error.
//!
//! Spans are checked by slicing the TOML, so a test fails if a problem is
//! reported one byte off. The library tests build a [`Linter`] directly;
//! the command-line tests run the binary in a temporary project, as
//! `tests/cli.rs` does. The registry's own rules have no Markdown fixtures
//! (`tests/fixtures.rs` exempts them), so this file is their fixture.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use claimlint::evidence::registry::Registry;
use claimlint::{Config, Diagnostic, Linter};
use serde_json::Value;

#[path = "support/bin.rs"]
mod bin;
use bin::{BIN, Run, project, write};

// ------------------------------------------------------------ library

/// The registry diagnostics for `text`, as `claimlint check` reports them
/// against the registry file.
fn registry_diagnostics(text: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("evidence.toml");
    fs::write(&path, text).expect("write registry");
    let linter = Linter::new(Config {
        registry: Some(path),
        ..Config::default()
    })
    .expect("linter");
    let report = linter
        .lint_registry("evidence.toml", None)
        .expect("a registry is in use");
    assert_eq!(
        report.source.text, text,
        "the report is on the registry's own text"
    );
    report.diagnostics
}

/// (code, the TOML the span covers, message) for each diagnostic.
fn found<'t>(text: &'t str, diags: &[Diagnostic]) -> Vec<(&'static str, &'t str, String)> {
    diags
        .iter()
        .map(|d| (d.code, &text[d.span.clone()], d.message.clone()))
        .collect()
}

#[test]
fn a_syntax_error_points_at_the_broken_line() {
    let text = "[[source]]\nid = \"kafi2007\"\ndesign = \"rct\n";
    let diags = registry_diagnostics(text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!((d.code, d.rule), ("CL015", "invalid-evidence-registry"));
    assert!(
        d.message.starts_with("evidence registry does not parse:"),
        "{}",
        d.message
    );
    // toml points at the unterminated string, on line 3.
    let line_start = text.find("design").expect("line 3");
    assert!(
        d.span.start >= line_start && d.span.end <= text.len(),
        "{:?} in {text:?}",
        d.span
    );
}

#[test]
fn an_unknown_key_is_underlined_with_a_suggestion() {
    let text = "[[source]]\nid = \"kafi2007\"\ndesing = \"rct\"\n";
    let diags = registry_diagnostics(text);
    assert_eq!(
        found(text, &diags),
        [("CL015", "desing", diags[0].message.clone())]
    );
    assert!(
        diags[0].message.contains("unknown field `desing`"),
        "{}",
        diags[0].message
    );
    assert_eq!(diags[0].help, "did you mean `design`?");
}

#[test]
fn unknown_design_population_and_subject_suggest_the_closest() {
    let text = "\
[[source]]
id = \"kafi2007\"
design = \"rtc\"

[[source]]
id = \"mice2020\"
design = \"preclinical\"
population = \"animals\"

[[source]]
id = \"cream2021\"
design = \"rct\"
subject = \"finished-produce\"
";
    let diags = registry_diagnostics(text);
    let got = found(text, &diags);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(got[0].0, "CL015");
    assert_eq!(got[0].1, "\"rtc\"");
    assert_eq!(got[0].2, "unknown study design `rtc` (did you mean `rct`?)");
    assert_eq!(got[1].1, "\"animals\"");
    assert_eq!(
        got[1].2,
        "unknown population `animals` (did you mean `animal`?)"
    );
    assert_eq!(got[2].1, "\"finished-produce\"");
    assert_eq!(
        got[2].2,
        "unknown subject `finished-produce` (did you mean `finished-product`?)"
    );
    assert!(
        diags[0]
            .help
            .contains("opinion, preclinical, uncontrolled, controlled, rct, systematic-review"),
        "{}",
        diags[0].help
    );
    assert!(
        diags[1].help.contains("human, animal, in-vitro, ex-vivo"),
        "{}",
        diags[1].help
    );
    assert!(
        diags[2]
            .help
            .contains("finished-product, ingredient, procedure"),
        "{}",
        diags[2].help
    );
}

#[test]
fn a_duplicate_id_points_at_the_second_one() {
    let text = "\
[[source]]
id = \"kafi2007\"
design = \"rct\"

[[source]]
id = \"Kafi2007\"
design = \"controlled\"
";
    let diags = registry_diagnostics(text);
    assert_eq!(
        found(text, &diags),
        [(
            "CL015",
            "\"Kafi2007\"",
            "duplicate source id `Kafi2007`".to_string()
        )]
    );
    // The span is the second id, not the first.
    assert_eq!(diags[0].span.start, text.rfind("\"Kafi2007\"").unwrap());
}

#[test]
fn malformed_identifiers_are_cl013_and_the_entry_still_counts() {
    let text = "\
[[source]]
id = \"kafi2007\"
doi = \"10.1001\"
pmid = \"1751551O\"
design = \"rct\"

[[source]]
id = \"lee2021\"
doi = \"doi:11.1111/jocd.1\"
pmid = 123456789
design = \"rct\"
";
    let diags = registry_diagnostics(text);
    let got = found(text, &diags);
    assert_eq!(
        got.iter().map(|g| (g.0, g.1)).collect::<Vec<_>>(),
        [
            ("CL013", "\"10.1001\""),
            ("CL013", "\"1751551O\""),
            ("CL013", "\"doi:11.1111/jocd.1\""),
            ("CL013", "123456789")
        ],
        "{got:#?}"
    );
    assert!(got[0].2.contains("has no `/suffix`"), "{}", got[0].2);
    assert!(got[1].2.contains("1 to 8 digits"), "{}", got[1].2);
    assert!(got[2].2.contains("starts with `10.`"), "{}", got[2].2);
    assert!(diags.iter().all(|d| d.rule == "malformed-identifier"));
    // A bad identifier does not stop the entry backing a claim by its id.
    let reg = Registry::parse(Path::new("evidence.toml"), text);
    assert_eq!(reg.entries.len(), 2);
    assert!(
        reg.by_label("kafi2007")
            .is_some_and(|e| e.doi.is_none() && e.pmid.is_none())
    );
}

#[test]
fn every_problem_is_reported_in_file_order() {
    // Problems in several entries come back together, not one per run.
    let text = "\
[[source]]
id = \"a\"
design = \"rtc\"

[[source]]
id = \"b\"
doi = \"10.1001\"
design = \"rct\"

[[source]]
id = \"a\"
design = \"rct\"
";
    let diags = registry_diagnostics(text);
    let got: Vec<(&str, &str)> = found(text, &diags)
        .into_iter()
        .map(|g| (g.0, g.1))
        .collect();
    assert_eq!(
        got,
        [
            ("CL015", "\"rtc\""),
            ("CL013", "\"10.1001\""),
            ("CL015", "\"a\"")
        ]
    );
    assert!(diags.windows(2).all(|w| w[0].span.start < w[1].span.start));
}

#[test]
fn registry_rules_follow_the_configured_severity() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("evidence.toml"),
        "[[source]]\nid = \"a\"\ndoi = \"10.1\"\ndesign = \"rtc\"\n",
    )
    .unwrap();
    let toml = dir.path().join("claimlint.toml");
    let text = "[rules]\nmalformed-identifier = \"off\"\nCL015 = \"warning\"\n";
    let config = Config::parse(&toml, text).expect("valid config");
    let linter = Linter::new(config).expect("linter");
    let report = linter
        .lint_registry("evidence.toml", None)
        .expect("registry beside claimlint.toml");
    let got: Vec<(&str, claimlint::Severity)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(got, [("CL015", claimlint::Severity::Warning)]);
}

#[test]
fn a_missing_registry_named_in_the_config_is_a_spanned_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = dir.path().join("claimlint.toml");
    let text = "[evidence]\nregistry = \"missing.toml\"\n";
    let e = Config::parse(&toml, text).expect_err("missing registry");
    assert_eq!(&text[e.span.clone().expect("a span")], "\"missing.toml\"");
    assert!(
        e.message.contains("evidence registry")
            && e.message.contains("missing.toml")
            && e.message.contains("not found"),
        "{}",
        e.message
    );
    assert_eq!(
        e.help.as_deref(),
        Some("the path is relative to this claimlint.toml")
    );
}

#[test]
fn a_registry_named_in_the_config_is_relative_to_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("research")).unwrap();
    fs::write(
        dir.path().join("research/studies.toml"),
        "[[source]]\nid = \"a\"\ndesign = \"rct\"\n",
    )
    .unwrap();
    let toml = dir.path().join("claimlint.toml");
    let config =
        Config::parse(&toml, "[evidence]\nregistry = \"research/studies.toml\"\n").expect("valid");
    assert_eq!(
        config.registry.as_deref(),
        Some(dir.path().join("research/studies.toml").as_path())
    );
}

// ------------------------------------------------------------ binary

/// Runs `claimlint ARGS` in `dir`; returns the exit code and parsed JSON.
fn run_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let run = Run::from_output(
        Command::new(BIN)
            .current_dir(dir)
            .args(args)
            .output()
            .expect("run claimlint"),
    );
    (run.code, run.json())
}

/// (code, path, the text its span covers) for each diagnostic of a
/// `check --format json` run in `dir`.
fn located(dir: &Path, v: &Value) -> Vec<(String, String, String)> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let path = d["path"].as_str().expect("path").to_string();
            let text = fs::read_to_string(dir.join(&path)).expect("reported file exists");
            let (s, e) = (
                d["span"]["start"].as_u64().unwrap() as usize,
                d["span"]["end"].as_u64().unwrap() as usize,
            );
            (
                d["code"].as_str().unwrap().to_string(),
                path,
                text[s..e].to_string(),
            )
        })
        .collect()
}

const REGISTRY: &str = "\
[[source]]
id = \"kafi2007\"
doi = \"10.1001/archderm.143.5.606\"
design = \"rct\"

[[source]]
id = \"unused2019\"
design = \"controlled\"
";

const PAGE: &str = "Retinol smooths fine lines.[^kafi2007]\n";

#[test]
fn cl014_when_the_run_walks_the_registrys_directory() {
    let p = project(&[("evidence.toml", REGISTRY), ("pages/retinol.md", PAGE)]);
    let (code, v) = run_json(p.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 0, "CL014 is info: {v:#}");
    assert_eq!(
        located(p.path(), &v),
        [(
            "CL014".to_string(),
            "evidence.toml".to_string(),
            "\"unused2019\"".to_string()
        )]
    );
    let d = &v["diagnostics"][0];
    assert_eq!(d["message"], "source `unused2019` is never cited");
    assert_eq!(
        (d["line"].as_u64(), d["severity"].as_str()),
        (Some(7), Some("info"))
    );
    // Also with no path at all (the walk of `.` by default).
    let (_, v) = run_json(p.path(), &["check", "--format", "json"]);
    assert_eq!(located(p.path(), &v).len(), 1, "{v:#}");
}

#[test]
fn no_cl014_when_a_single_page_or_a_subdirectory_is_checked() {
    let p = project(&[("evidence.toml", REGISTRY), ("pages/retinol.md", PAGE)]);
    for args in [
        &["check", "--format", "json", "pages/retinol.md"][..],
        &["check", "--format", "json", "pages"][..],
    ] {
        let (code, v) = run_json(p.path(), args);
        assert_eq!(code, 0, "{args:?}: {v:#}");
        assert_eq!(
            v["diagnostics"],
            Value::Array(vec![]),
            "{args:?}: the other pages may cite it: {v:#}"
        );
    }
}

#[test]
fn a_study_cited_anywhere_in_the_walk_is_not_cl014() {
    let p = project(&[
        ("evidence.toml", REGISTRY),
        ("pages/retinol.md", PAGE),
        (
            "blog/cohort.md",
            "Retinol smooths fine lines (Unused et al., 2019).\n",
        ),
    ]);
    let (_, v) = run_json(p.path(), &["check", "--format", "json", "."]);
    let codes: Vec<(String, String)> = located(p.path(), &v)
        .into_iter()
        .map(|(c, path, _)| (c, path))
        .collect();
    // The second page cites `unused2019` (a controlled study), which is
    // too weak for the claim but is cited. (Pages are reported as walked,
    // `./blog/…`; the registry relative to the working directory.)
    assert_eq!(
        codes,
        [("CL010".to_string(), "./blog/cohort.md".to_string())],
        "{v:#}"
    );
}

#[test]
fn registry_problems_are_reported_even_for_a_single_page() {
    let registry =
        "[[source]]\nid = \"kafi2007\"\ndoi = \"10.1001\"\ndesign = \"randomised trial\"\n";
    let p = project(&[("evidence.toml", registry), ("pages/retinol.md", PAGE)]);
    let (code, v) = run_json(p.path(), &["check", "--format", "json", "pages/retinol.md"]);
    assert_eq!(code, 1, "CL015 is an error: {v:#}");
    let got = located(p.path(), &v);
    assert!(
        got.contains(&("CL013".into(), "evidence.toml".into(), "\"10.1001\"".into())),
        "{got:#?}"
    );
    assert!(
        got.contains(&(
            "CL015".into(),
            "evidence.toml".into(),
            "\"randomised trial\"".into()
        )),
        "{got:#?}"
    );
    // The entry that cannot be used backs nothing: the footnote is then
    // undefined and the claim uncited.
    let page: Vec<&str> = got
        .iter()
        .filter(|(_, path, _)| path == "pages/retinol.md")
        .map(|(c, _, _)| c.as_str())
        .collect();
    assert_eq!(page, ["CL001", "CL006"], "{got:#?}");
}

#[test]
fn the_registry_is_found_above_the_page_without_a_claimlint_toml() {
    let p = project(&[("evidence.toml", REGISTRY), ("site/pages/retinol.md", PAGE)]);
    let (code, v) = run_json(
        p.path(),
        &["claims", "--format", "json", "site/pages/retinol.md"],
    );
    assert_eq!(code, 0);
    let c = &v["claims"][0];
    assert_eq!(
        (c["status"].as_str(), c["tier_found"].as_str()),
        (Some("supported"), Some("rct")),
        "{c:#}"
    );
    assert_eq!(c["sources"][0]["id"], "kafi2007");
    assert_eq!(c["sources"][0]["tier_origin"], "registry");
    assert_eq!(c["sources"][0]["doi"], "10.1001/archderm.143.5.606");
}

#[test]
fn discovery_stops_at_the_repository_root() {
    // An evidence.toml above the repository is someone else's.
    let outer = tempfile::tempdir().expect("tempdir");
    write(outer.path(), "evidence.toml", REGISTRY);
    write(outer.path(), "repo/.git/HEAD", "");
    write(outer.path(), "repo/retinol.md", PAGE);
    let repo = outer.path().join("repo");
    let (code, v) = run_json(&repo, &["check", "--format", "json", "retinol.md"]);
    assert_eq!(code, 1, "{v:#}");
    let codes: Vec<String> = located(&repo, &v).into_iter().map(|(c, _, _)| c).collect();
    assert_eq!(codes, ["CL001", "CL006"], "{v:#}");
}

#[test]
fn with_a_claimlint_toml_only_the_registry_beside_it_counts() {
    // The config's directory decides; an evidence.toml nearer the page is
    // not used unless `[evidence] registry` names it.
    let p = project(&[
        ("claimlint.toml", "[rules]\n"),
        ("pages/evidence.toml", REGISTRY),
        ("pages/retinol.md", PAGE),
    ]);
    let (_, v) = run_json(p.path(), &["check", "--format", "json", "pages/retinol.md"]);
    let codes: Vec<String> = located(p.path(), &v)
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    assert_eq!(codes, ["CL001", "CL006"], "{v:#}");
    write(
        p.path(),
        "claimlint.toml",
        "[evidence]\nregistry = \"pages/evidence.toml\"\n",
    );
    let (code, v) = run_json(p.path(), &["check", "--format", "json", "pages/retinol.md"]);
    assert_eq!(
        (code, v["diagnostics"].clone()),
        (0, Value::Array(vec![])),
        "{v:#}"
    );
}

#[test]
fn a_missing_registry_in_the_config_exits_2_with_the_line() {
    let p = project(&[
        (
            "claimlint.toml",
            "[evidence]\nregistry = \"missing.toml\"\n",
        ),
        ("retinol.md", PAGE),
    ]);
    let out = Command::new(BIN)
        .current_dir(p.path())
        .args(["check", "--color", "never", "retinol.md"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(stderr.contains("missing.toml` not found"), "{stderr}");
    assert!(stderr.contains("claimlint.toml:2:12"), "{stderr}");
    assert!(stderr.contains("registry = \"missing.toml\""), "{stderr}");
}

/// With `[evidence] require-registry = true`, an unregistered source is an
/// error (CL012 is raised from info), and every command says so alike:
/// `check` reported an error while `config --show` and `rules` said info.
#[test]
fn a_required_registry_raises_cl012_in_check_rules_and_config_show() {
    let p = project(&[
        ("claimlint.toml", "[evidence]\nrequire-registry = true\n"),
        (
            "evidence.toml",
            "[[source]]\nid = \"kafi2007\"\ndesign = \"rct\"\n",
        ),
        (
            "a.md",
            "Retinol smooths fine lines (Lee et al., 2021).\n\nRetinol fades spots.[^kafi2007]\n",
        ),
    ]);
    let (code, v) = run_json(p.path(), &["check", "--format", "json", "a.md"]);
    assert_eq!(code, 1, "{v}");
    let cl012: Vec<&Value> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "CL012")
        .collect();
    assert!(!cl012.is_empty(), "{v}");
    assert!(cl012.iter().all(|d| d["severity"] == "error"), "{v}");

    let (_, rule) = run_json(p.path(), &["rule", "CL012", "--format", "json"]);
    assert_eq!(rule["severity"], "error", "{rule}");
    let (_, all) = run_json(p.path(), &["rules", "--format", "json"]);
    let listed = all
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["code"] == "CL012")
        .expect("CL012 listed");
    assert_eq!(listed["severity"], "error", "{listed}");
    for m in ["us", "uk", "eu", "sg", "au"] {
        assert_eq!(listed["markets"][m], "error", "{listed}");
    }

    let show = Command::new(BIN)
        .current_dir(p.path())
        .args(["config", "--show", "a.md"])
        .output()
        .expect("config --show");
    let show = String::from_utf8(show.stdout).expect("UTF-8");
    assert!(
        show.contains("CL012 = \"error\"  # unregistered-source"),
        "{show}"
    );
}
