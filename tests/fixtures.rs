//! Runs the annotated Markdown fixtures under `fixtures/`.
//!
//! Each fixture states what claimlint must report in HTML comments,
//! modelled on ty's mdtest (see `CONTRIBUTING.md`, "How to add a rule"):
//!
//! ```markdown
//! Our serum boosts collagen. <!-- expect: CL001 -->
//!
//! <!-- expect: 9 CL002 "cites no source" -->
//! Retinol may help fade dark spots.
//! ```
//!
//! An annotation after text on a line applies to that line; one on a line of
//! its own applies to the next line that is not itself annotations. The
//! column (1-based, in characters) and a quoted message substring are
//! optional. In front matter, write `# <!-- expect: … -->` (a YAML or TOML
//! comment) after a value or on a line of its own. Every diagnostic must
//! match exactly one annotation and every annotation one diagnostic, so a
//! file without annotations asserts that it is clean. A `claimlint.toml`
//! next to a fixture configures it; without one, an `evidence.toml` next to
//! it is its evidence registry (as `claimlint check` finds it). Only
//! `fixtures/rules/`, `fixtures/markdown/` and `fixtures/evidence/` (evidence
//! tiers, citation forms and policy settings) are annotated fixtures;
//! `fixtures/examples/` holds the README's quick-start drafts.
//!
//! Annotations check what is reported and where; the insta snapshot of the
//! rendered output (plus the claims register, so a claim that silently stops
//! being detected shows up too) checks wording and layout. This file does
//! not check span invariants (`tests/spans.rs` does).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use claimlint::output::human;
use claimlint::{Config, Linter, Report, rules};

/// What one annotation says: column, code, message substring.
type Spec = (Option<usize>, String, Option<String>);

/// One `<!-- expect: … -->` annotation.
#[derive(Debug, Clone)]
struct Annotation {
    /// The 1-based line it applies to.
    line: usize,
    /// The 1-based line it is written on.
    written_at: usize,
    /// The expected 1-based character column, if given.
    column: Option<usize>,
    /// The expected rule code.
    code: String,
    /// A substring the message must contain, if given.
    message: Option<String>,
}

impl std::fmt::Display for Annotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{} {}", self.line, c, self.code)?,
            None => write!(f, "{}:* {}", self.line, self.code)?,
        }
        if let Some(m) = &self.message {
            write!(f, " {m:?}")?;
        }
        if self.written_at != self.line {
            write!(f, " (written on line {})", self.written_at)?;
        }
        Ok(())
    }
}

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";

/// Lines of `text` without their terminators (`\n` or `\r\n`).
fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// Parses the inside of one `<!-- expect: … -->` comment.
fn parse_spec(spec: &str, known: &BTreeSet<&str>) -> Result<Spec, String> {
    let mut rest = spec.trim();
    let mut column = None;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        column = Some(rest[..digits].parse::<usize>().map_err(|e| e.to_string())?);
        rest = rest[digits..].trim_start();
    }
    let code_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let code = &rest[..code_len];
    if !known.contains(code) {
        return Err(format!(
            "`{code}` is not a rule code (known: {})",
            known.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    rest = rest[code_len..].trim();
    let message = if rest.is_empty() {
        None
    } else {
        let inner = rest
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .filter(|m| !m.is_empty() && !m.contains('"'))
            .ok_or_else(|| format!("expected a quoted message substring, found `{rest}`"))?;
        Some(inner.to_string())
    };
    Ok((column, code.to_string(), message))
}

/// Reads every annotation of a fixture. Malformed annotations (a typo in
/// `expect`, an unknown code, an unclosed comment, a standalone annotation
/// with nothing under it) are errors, so they cannot silently assert nothing.
fn annotations(text: &str) -> Result<Vec<Annotation>, Vec<String>> {
    let known: BTreeSet<&str> = rules::registry().iter().map(|r| r.meta().code).collect();
    let lines = lines(text);
    let mut errors = Vec::new();
    // Per line: the annotations written there, and whether the line holds
    // nothing else.
    let mut per_line: Vec<(Vec<Spec>, bool)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut found = Vec::new();
        let mut rest_of_line = String::new();
        let mut cursor = 0;
        while let Some(off) = line[cursor..].find(OPEN) {
            let open = cursor + off;
            let body_start = open + OPEN.len();
            let body = line[body_start..].trim_start();
            let is_expect = body.to_ascii_lowercase().starts_with("expect");
            if !is_expect {
                rest_of_line.push_str(&line[cursor..body_start]);
                cursor = body_start;
                continue;
            }
            rest_of_line.push_str(&line[cursor..open]);
            let Some(close) = line[body_start..].find(CLOSE).map(|c| body_start + c) else {
                errors.push(format!(
                    "line {}: annotation is not closed by `-->` on the same line",
                    i + 1
                ));
                cursor = line.len();
                break;
            };
            let inner = line[body_start..close].trim();
            match inner.strip_prefix("expect:") {
                Some(spec) => match parse_spec(spec, &known) {
                    Ok(a) => found.push(a),
                    Err(e) => errors.push(format!("line {}: {e}", i + 1)),
                },
                None => errors.push(format!(
                    "line {}: write annotations as `<!-- expect: CODE -->`, found `{inner}`",
                    i + 1
                )),
            }
            cursor = close + CLOSE.len();
        }
        rest_of_line.push_str(&line[cursor..]);
        // `# <!-- expect: … -->` is a line of its own in YAML or TOML front
        // matter, where a bare HTML comment would change what is parsed.
        let rest = rest_of_line.trim();
        let standalone = !found.is_empty() && (rest.is_empty() || rest == "#");
        per_line.push((found, standalone));
    }

    let mut out = Vec::new();
    for (i, (found, standalone)) in per_line.iter().enumerate() {
        if found.is_empty() {
            continue;
        }
        let target = if *standalone {
            let next = (i + 1..lines.len()).find(|&j| !per_line[j].1);
            match next {
                Some(j) if !lines[j].trim().is_empty() => j,
                Some(j) => {
                    errors.push(format!(
                        "line {}: annotation on its own line is followed by blank line {}",
                        i + 1,
                        j + 1
                    ));
                    continue;
                }
                None => {
                    errors.push(format!(
                        "line {}: annotation on its own line has no line after it",
                        i + 1
                    ));
                    continue;
                }
            }
        } else {
            i
        };
        for (column, code, message) in found {
            out.push(Annotation {
                line: target + 1,
                written_at: i + 1,
                column: *column,
                code: code.clone(),
                message: message.clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Whether diagnostic `d` of `report` satisfies annotation `a`.
fn satisfies(report: &Report, d: usize, a: &Annotation) -> bool {
    let d = &report.diagnostics[d];
    let at = report.source.line_col(d.span.start);
    at.line == a.line
        && a.column.is_none_or(|c| c == at.column)
        && d.code == a.code
        && a.message
            .as_ref()
            .is_none_or(|m| d.message.contains(m.as_str()))
}

/// Pairs diagnostics with annotations (maximum bipartite matching, so the
/// order of annotations on a line does not matter). Returns the unmatched
/// diagnostics and unmatched annotations.
fn match_up(report: &Report, anns: &[Annotation]) -> (Vec<usize>, Vec<usize>) {
    fn augment(
        d: usize,
        edges: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &a in &edges[d] {
            if seen[a] {
                continue;
            }
            seen[a] = true;
            if owner[a].is_none_or(|o| augment(o, edges, seen, owner)) {
                owner[a] = Some(d);
                return true;
            }
        }
        false
    }
    let edges: Vec<Vec<usize>> = (0..report.diagnostics.len())
        .map(|d| {
            (0..anns.len())
                .filter(|&a| satisfies(report, d, &anns[a]))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; anns.len()];
    let mut unmatched_diags = Vec::new();
    for d in 0..report.diagnostics.len() {
        let mut seen = vec![false; anns.len()];
        if !augment(d, &edges, &mut seen, &mut owner) {
            unmatched_diags.push(d);
        }
    }
    let unmatched_anns = (0..anns.len()).filter(|&a| owner[a].is_none()).collect();
    (unmatched_diags, unmatched_anns)
}

/// The path as shown in output: relative to the crate, with `/`.
fn display_path(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The configuration for a fixture: its directory's `claimlint.toml`, if
/// any, else the defaults with the directory's `evidence.toml`, if any, as
/// the registry (the CLI finds a registry without a config the same way).
fn config_for(path: &Path) -> Config {
    let dir = path.parent().expect("fixture has a directory");
    let toml = dir.join("claimlint.toml");
    if !toml.exists() {
        let registry = dir.join("evidence.toml");
        return Config {
            registry: registry.is_file().then_some(registry),
            ..Config::default()
        };
    }
    let text = std::fs::read_to_string(&toml).expect("readable claimlint.toml");
    Config::parse(&toml, &text)
        .unwrap_or_else(|e| panic!("{}: {} (at {:?})", toml.display(), e.message, e.span))
}

fn lint_fixture(path: &Path) -> Report {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let linter = Linter::new(config_for(path)).expect("lexicon compiles");
    linter.lint(&display_path(path), &text)
}

/// Checks a fixture's annotations against its report; returns a failure
/// description, or `None` when they match.
fn check_annotations(report: &Report) -> Option<String> {
    let anns = match annotations(&report.source.text) {
        Ok(a) => a,
        Err(errors) => {
            return Some(format!(
                "{}: malformed annotations:\n    {}",
                report.source.path,
                errors.join("\n    ")
            ));
        }
    };
    let (diags, unmatched) = match_up(report, &anns);
    if diags.is_empty() && unmatched.is_empty() {
        return None;
    }
    let mut s = format!(
        "{}: diagnostics and annotations differ\n",
        report.source.path
    );
    if !diags.is_empty() {
        s.push_str("  diagnostics without an annotation:\n");
        for &d in &diags {
            let d = &report.diagnostics[d];
            let at = report.source.line_col(d.span.start);
            let _ = writeln!(
                s,
                "    {}:{} {} {:?} on `{}`",
                at.line,
                at.column,
                d.code,
                d.message,
                &report.source.text[d.span.clone()]
            );
        }
    }
    if !unmatched.is_empty() {
        s.push_str("  annotations without a diagnostic:\n");
        for &a in &unmatched {
            let _ = writeln!(s, "    {}", anns[a]);
        }
    }
    Some(s)
}

/// The snapshot: rendered diagnostics, then the claims register.
fn snapshot_text(report: &Report) -> String {
    let mut s = String::from_utf8(human::human(report, false)).expect("rendered output is UTF-8");
    s.push_str("---- claims ----\n");
    for r in &report.claims {
        let c = &r.claim;
        let at = report.source.line_col(c.trigger_span.start);
        let sources: Vec<&str> = c.sources.iter().map(|s| s.kind.as_str()).collect();
        let _ = writeln!(
            s,
            "{}:{} {} {} {} `{}`{}",
            at.line,
            at.column,
            c.kind.as_str(),
            c.strength.as_str(),
            r.status.as_str(),
            c.trigger,
            if sources.is_empty() {
                String::new()
            } else {
                format!(" [{}]", sources.join(", "))
            }
        );
    }
    s
}

/// Every fixture against its annotations and snapshot; then (sharing the
/// reports, linted once) every format's output streamed as rendered.
#[test]
fn fixtures() {
    let mut failures: Vec<String> = Vec::new();
    let mut count = 0;
    let mut reports = Vec::new();
    insta::glob!("../fixtures", "{rules,markdown,evidence}/**/*.md", |path| {
        count += 1;
        let report = lint_fixture(path);
        if let Some(f) = check_annotations(&report) {
            // Printed now too: a failing snapshot ends the glob with a panic
            // of its own before the summary below.
            eprintln!("{f}");
            failures.push(f);
        }
        insta::assert_snapshot!(snapshot_text(&report));
        reports.push(report);
    });
    assert!(count > 0, "no fixtures found");
    streamed_output_is_rendered_output(&reports);
    assert!(
        failures.is_empty(),
        "{} of {count} fixtures failed their annotations:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// In every format, a file written by `Emitter::stream` (as the binary
/// writes a file with many findings) gives the bytes it gives rendered
/// whole, whichever files around it are streamed: all, none, or every
/// other one (so the separators between a streamed file and a rendered
/// one are tested both ways). Every format streams but JUnit, which must
/// write its totals first.
fn streamed_output_is_rendered_output(reports: &[Report]) {
    use claimlint::output::{self, Emitter, concise, github, gitlab, json, junit, register, sarif};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    type Make<'a> = Box<dyn Fn() -> Box<dyn Emitter> + 'a>;
    let formats: Vec<(&str, bool, Make)> = vec![
        (
            "human",
            true,
            Box::new(|| Box::new(human::Human { color: false })),
        ),
        (
            "colour",
            true,
            Box::new(|| Box::new(human::Human { color: true })),
        ),
        ("concise", true, Box::new(|| Box::new(concise::Concise))),
        (
            "statistics",
            true,
            Box::new(|| Box::new(concise::Statistics::default())),
        ),
        ("json", true, Box::new(|| Box::new(json::Json::default()))),
        (
            "sarif",
            true,
            Box::new(|| Box::new(sarif::Sarif::new(root.clone()))),
        ),
        (
            "github",
            true,
            Box::new(|| Box::new(github::Github { root: root.clone() })),
        ),
        (
            "gitlab",
            true,
            Box::new(|| Box::new(gitlab::Gitlab::new(root.clone()))),
        ),
        (
            "junit",
            false,
            Box::new(|| Box::new(junit::Junit::new(root.clone()))),
        ),
        (
            "claims json",
            true,
            Box::new(|| Box::new(register::ClaimsJson::default())),
        ),
        ("claims csv", true, Box::new(|| Box::new(register::Csv))),
        (
            "claims md",
            true,
            Box::new(|| Box::new(register::Markdown::default())),
        ),
    ];
    let summary = output::Summary::default();
    type Which = fn(usize) -> bool;
    let patterns: [(&str, Which); 3] = [
        ("all", |_| true),
        ("even", |i| i % 2 == 0),
        ("odd", |i| i % 2 == 1),
    ];
    for (name, streams, make) in &formats {
        assert_eq!(make().streams(), *streams, "{name}");
        let rendered = output::render_all(make().as_mut(), reports, &summary);
        assert!(rendered.len() > 1000, "{name}: {} bytes", rendered.len());
        for (which, streamed) in patterns {
            let streamed = output::stream_all(make().as_mut(), reports, &summary, &streamed);
            assert!(
                streamed == rendered,
                "{name}, {which} streamed: output differs from rendered"
            );
        }
    }
}

/// Each fixture with its `<!-- expect: … -->` comments blanked out (same
/// length, so every offset stays put).
fn without_annotations(text: &str) -> String {
    let mut out = text.to_string();
    let mut from = 0;
    while let Some(open) = out[from..].find("<!-- expect:").map(|o| from + o) {
        let Some(close) = out[open..].find(CLOSE).map(|c| open + c + CLOSE.len()) else {
            break;
        };
        out.replace_range(open..close, &" ".repeat(close - open));
        from = close;
    }
    out
}

/// claimlint ignores `expect:` comments, but an end-of-line one sits inside
/// the paragraph it annotates: it must not change what is found, or the
/// fixtures would test annotated text rather than what authors write.
#[test]
fn annotations_do_not_change_findings() {
    type Findings = (
        Vec<(&'static str, std::ops::Range<usize>, String)>,
        Vec<(std::ops::Range<usize>, String, &'static str)>,
    );
    fn findings(r: &Report) -> Findings {
        (
            r.diagnostics
                .iter()
                .map(|d| (d.code, d.span.clone(), d.message.clone()))
                .collect(),
            r.claims
                .iter()
                .map(|c| {
                    (
                        c.claim.trigger_span.clone(),
                        c.claim.trigger.clone(),
                        c.status.as_str(),
                    )
                })
                .collect(),
        )
    }
    let mut differ = Vec::new();
    let mut annotated = 0;
    insta::glob!("../fixtures", "{rules,markdown,evidence}/**/*.md", |path| {
        let text = std::fs::read_to_string(path).expect("readable fixture");
        let blank = without_annotations(&text);
        if blank == text {
            return;
        }
        annotated += 1;
        let linter = Linter::new(config_for(path)).expect("lexicon compiles");
        let with = findings(&linter.lint("f.md", &text));
        let without = findings(&linter.lint("f.md", &blank));
        if with != without {
            differ.push(format!(
                "{}:\n  with annotations:    {with:?}\n  without annotations: {without:?}",
                display_path(path)
            ));
        }
    });
    assert!(
        annotated > 20,
        "expected annotated fixtures, found {annotated}"
    );
    assert!(
        differ.is_empty(),
        "annotations change what claimlint finds:\n{}",
        differ.join("\n")
    );
}

/// The rule directories: `fixtures/rules/<CODE>-<name>/`.
fn rule_dirs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

#[test]
fn rule_fixture_directories_name_real_rules() {
    let expected: BTreeSet<String> = rules::registry()
        .iter()
        .map(|r| format!("{}-{}", r.meta().code, r.meta().name))
        .collect();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(rule_dirs())
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.expect("readable fixtures/rules");
        let rel = entry
            .path()
            .strip_prefix(rule_dirs())
            .expect("under fixtures/rules");
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let ok = match (entry.file_type().is_dir(), parts.as_slice()) {
            (true, [dir]) => expected.contains(dir),
            (false, [dir, file]) => {
                expected.contains(dir)
                    && (file.ends_with(".md")
                        || file == "claimlint.toml"
                        || file == "evidence.toml")
            }
            _ => false,
        };
        if !ok {
            problems.push(display_path(entry.path()));
        }
    }
    assert!(
        problems.is_empty(),
        "these paths are not `fixtures/rules/<CODE>-<name>/<file>.md` (or `claimlint.toml`) for a rule in `claimlint rules`:\n  {}\nrule directories: {}",
        problems.join("\n  "),
        expected.iter().cloned().collect::<Vec<_>>().join(", ")
    );
}

#[test]
fn every_rule_has_a_triggering_and_a_near_miss_fixture() {
    let mut problems = Vec::new();
    for rule in rules::registry() {
        let meta = rule.meta();
        // Rules about the registry file itself, or about a whole run, are
        // not findings on a page: tests/registry.rs covers them.
        if matches!(
            meta.name,
            "uncited-registry-entry" | "invalid-evidence-registry"
        ) {
            continue;
        }
        let dir = rule_dirs().join(format!("{}-{}", meta.code, meta.name));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "md"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        let mut triggers = 0;
        let mut near_misses = 0;
        for f in &files {
            let report = lint_fixture(f);
            let hits = report
                .diagnostics
                .iter()
                .filter(|d| d.code == meta.code)
                .count();
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with("near-miss") {
                if hits > 0 {
                    problems.push(format!(
                        "{}: a near-miss fixture, but {} reports {hits} time(s)",
                        display_path(f),
                        meta.code
                    ));
                }
                near_misses += 1;
            } else if hits > 0 {
                triggers += 1;
            }
        }
        if triggers == 0 {
            problems.push(format!(
                "{}: no fixture in {} triggers it",
                meta.code,
                display_path(&dir)
            ));
        }
        if near_misses == 0 {
            problems.push(format!(
                "{}: no `near-miss*.md` fixture in {}",
                meta.code,
                display_path(&dir)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The annotation reader itself: a harness that misreads annotations would
/// pass every fixture.
mod harness {
    use super::*;

    fn report(text: &str) -> Report {
        Linter::new(Config::default())
            .expect("lexicon")
            .lint("t.md", text)
    }

    #[test]
    fn end_of_line_and_standalone_forms() {
        let text = "Our serum boosts collagen. <!-- expect: 11 CL001 -->\n\n<!-- expect: CL001 \"cites no source\" -->\n<!-- expect: CL003 -->\nIt boosts collagen and is painless.\n";
        let anns = annotations(text).expect("well-formed");
        let got: Vec<(usize, usize, Option<usize>, &str)> = anns
            .iter()
            .map(|a| (a.line, a.written_at, a.column, a.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 1, Some(11), "CL001"),
                (5, 3, None, "CL001"),
                (5, 4, None, "CL003")
            ]
        );
        assert_eq!(anns[1].message.as_deref(), Some("cites no source"));
    }

    #[test]
    fn crlf_and_bom_do_not_shift_lines() {
        let text = "\u{feff}Intro.\r\n\r\nOur serum boosts collagen. <!-- expect: 11 CL001 -->\r\n";
        let anns = annotations(text).expect("well-formed");
        assert_eq!((anns[0].line, anns[0].column), (3, Some(11)));
        assert_eq!(check_annotations(&report(text)), None);
    }

    #[test]
    fn malformed_annotations_are_errors() {
        for bad in [
            "Text. <!-- expect: CL01 -->\n",
            "Text. <!-- expected: CL001 -->\n",
            "Text. <!-- expect CL001 -->\n",
            "Text. <!-- expect: CL001 cites -->\n",
            "Text. <!-- expect: CL001\n-->\n",
            "<!-- expect: CL001 -->\n\nText.\n",
            "Text.\n<!-- expect: CL001 -->\n",
        ] {
            assert!(annotations(bad).is_err(), "accepted {bad:?}");
        }
        // Other comments are not annotations.
        assert_eq!(
            annotations("Text. <!-- evidence: rct --> <!-- note -->\n")
                .expect("ok")
                .len(),
            0
        );
    }

    #[test]
    fn blanking_annotations_keeps_offsets() {
        let text = "Claim. <!-- expect: CL001 --> <!-- evidence: rct -->\n<!-- expect: 3 CL002 \"x\" -->\nMore.\n";
        let blank = without_annotations(text);
        assert_eq!(blank.len(), text.len());
        assert!(!blank.contains("expect") && blank.contains("<!-- evidence: rct -->"));
        assert_eq!(blank.find("More."), text.find("More."));
    }

    #[test]
    fn mismatches_are_reported_both_ways() {
        // A diagnostic with no annotation, on a file with none.
        let r = report("Our serum boosts collagen.\n");
        let msg = check_annotations(&r).expect("must fail");
        assert!(msg.contains("1:11 CL001"), "{msg}");
        // The wrong code, column or message.
        for ann in ["CL002", "10 CL001", "CL001 \"hedged\""] {
            let r = report(&format!(
                "Our serum boosts collagen. <!-- expect: {ann} -->\n"
            ));
            let msg = check_annotations(&r).expect("must fail");
            assert!(
                msg.contains("without a diagnostic") && msg.contains("without an annotation"),
                "{ann}: {msg}"
            );
        }
        // One annotation cannot cover two diagnostics.
        let r = report("Our serum boosts collagen. It fades dark spots. <!-- expect: CL001 -->\n");
        assert_eq!(r.diagnostics.len(), 2);
        assert!(check_annotations(&r).is_some());
        // Two annotations match two diagnostics whatever their order: the
        // first diagnostic must give up the general annotation.
        let r = report(
            "Our serum boosts collagen. It fades dark spots. <!-- expect: CL001 --> <!-- expect: 11 CL001 -->\n",
        );
        assert_eq!(check_annotations(&r), None);
    }
}
