//! The whole pipeline on one text, with every invariant checked: lint it,
//! check that every span lies in the file on character boundaries, and
//! render it in every output format, each parsed back by a reader of that
//! format.
//!
//! Shared by the fuzz target (`fuzz/fuzz_targets/pipeline.rs` includes this
//! file by path), the fuzz regression test and the property tests, so all
//! three hold claimlint to the same promises. It panics on the first broken
//! invariant, with a message saying which; that is what a fuzzer and a test
//! both want.

#![allow(dead_code)]

use std::ops::Range;

use claimlint::{Linter, Report};

/// Panics unless `span` lies inside `text` on character boundaries.
pub fn assert_span(text: &str, what: &str, span: &Range<usize>) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what}: span {span:?} is outside the file ({} bytes) or not on character boundaries",
        text.len()
    );
}

/// Panics unless every span in `report` is well formed: diagnostics (not
/// empty) and their labels, claims, triggers (inside their sentence), cues
/// and sources.
pub fn assert_spans(report: &Report) {
    let text = report.source.text.as_str();
    for d in &report.diagnostics {
        let what = format!("{} diagnostic {:?}", d.code, d.message);
        assert_span(text, &what, &d.span);
        assert!(d.span.start < d.span.end, "{what}: empty span {:?}", d.span);
        for l in &d.labels {
            assert_span(text, &format!("{what} label {:?}", l.message), &l.span);
        }
    }
    for w in report.diagnostics.windows(2) {
        assert!(
            w[0].span.start <= w[1].span.start,
            "diagnostics are not sorted by position: {:?} before {:?}",
            w[0].span,
            w[1].span
        );
    }
    for r in &report.claims {
        let c = &r.claim;
        let what = format!("claim {:?}", c.text);
        assert_span(text, &what, &c.span);
        assert_span(text, &format!("{what} trigger"), &c.trigger_span);
        assert!(
            c.span.start <= c.trigger_span.start && c.trigger_span.end <= c.span.end,
            "{what}: trigger {:?} at {:?} is not inside its sentence at {:?}",
            c.trigger,
            c.trigger_span,
            c.span
        );
        for q in &c.cues {
            assert_span(text, &format!("{what} cue {:?}", q.text), &q.span);
        }
        for s in c.sources.iter().chain(&c.non_sources) {
            assert_span(text, &format!("{what} source {:?}", s.reference), &s.span);
        }
    }
}

/// Renders `report` in every output format, through the same emitters the
/// binary streams with, and parses each back: human (plain and coloured),
/// `check` JSON, the claims register as JSON, CSV and Markdown, SARIF,
/// GitHub workflow commands (one line per finding, so a draft cannot inject
/// a command), GitLab and JUnit XML.
pub fn assert_renders(report: &Report) {
    use claimlint::output::{self, Emitter, Summary, render_all};
    let reports = std::slice::from_ref(report);
    let summary = Summary {
        failures: vec![(
            "unreadable.md".to_string(),
            "invalid UTF-8 at byte offset 3".to_string(),
        )],
        ..Summary::default()
    };
    let root = std::path::PathBuf::new();
    let all = |e: &mut dyn Emitter| render_all(e, reports, &summary);

    let human = all(&mut output::human::Human { color: false });
    assert!(
        std::str::from_utf8(&human).is_ok(),
        "human output is not UTF-8"
    );
    let _ = all(&mut output::human::Human { color: true });

    let check = parse_json("check json", &all(&mut output::json::Json::default()));
    for d in check["diagnostics"].as_array().expect("array") {
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().is_some_and(|n| n >= 1), "{key} in {d}");
        }
    }
    let claims = parse_json(
        "claims json",
        &all(&mut output::register::ClaimsJson::default()),
    );
    assert_eq!(
        claims["claims"].as_array().map(Vec::len),
        Some(report.claims.len())
    );

    let csv_bytes = all(&mut output::register::Csv);
    let mut rows = 0;
    let mut not_checked_rows = 0;
    for row in csv::Reader::from_reader(csv_bytes.as_slice()).records() {
        let row = row.unwrap_or_else(|e| panic!("claims csv does not parse: {e}"));
        assert_eq!(row.len(), 11, "claims csv row {row:?}");
        rows += 1;
        not_checked_rows += usize::from(&row[9] == "not-checked");
    }
    // A legal page (CL017) is not read for claims: the CSV says so in one
    // row of its own, so a reviewer never takes its silence for a clean page.
    let legal = usize::from(report.diagnostics.iter().any(|d| d.code == "CL017"));
    assert_eq!(not_checked_rows, legal, "claims csv not-checked rows");
    assert_eq!(rows, report.claims.len() + legal, "claims csv rows");

    let md = String::from_utf8(all(&mut output::register::Markdown::default())).expect("UTF-8");
    let table_rows = md.lines().filter(|l| l.starts_with("| ")).count();
    assert_eq!(
        table_rows,
        report.claims.len() + 1,
        "claims markdown has one row per claim:\n{md}"
    );

    parse_json("sarif", &all(&mut output::sarif::Sarif::new(root.clone())));
    parse_json(
        "gitlab",
        &all(&mut output::gitlab::Gitlab::new(root.clone())),
    );

    let github =
        String::from_utf8(all(&mut output::github::Github { root: root.clone() })).expect("UTF-8");
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(
        lines.len(),
        report.diagnostics.len() + summary.failures.len(),
        "github: one command per finding:\n{github}"
    );
    for l in &lines {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "),
            "github: not a workflow command: {l:?}"
        );
    }

    let junit = String::from_utf8(all(&mut output::junit::Junit::new(root))).expect("UTF-8");
    if let Err(e) = roxmltree::Document::parse(&junit) {
        panic!("junit is not well-formed XML ({e}):\n{junit}");
    }
}

/// Written by `Emitter::stream`, as the binary writes a file with many
/// findings, every format gives the bytes it gives rendered. The fuzz
/// target runs it on every input; the tests hold the fixtures to it
/// (`tests/fixtures.rs`) and leave it out here, where it would double the
/// property tests' rendering.
pub fn assert_streams_as_rendered(report: &Report) {
    use claimlint::output::{self, Emitter};
    let reports = std::slice::from_ref(report);
    let summary = &output::Summary::default();
    type Make = fn() -> Box<dyn Emitter>;
    let formats: [(&str, Make); 11] = [
        ("human", || Box::new(output::human::Human { color: false })),
        ("concise", || Box::new(output::concise::Concise)),
        ("statistics", || {
            Box::new(output::concise::Statistics::default())
        }),
        ("json", || Box::new(output::json::Json::default())),
        ("sarif", || {
            Box::new(output::sarif::Sarif::new(Default::default()))
        }),
        ("github", || {
            Box::new(output::github::Github {
                root: Default::default(),
            })
        }),
        ("gitlab", || {
            Box::new(output::gitlab::Gitlab::new(Default::default()))
        }),
        ("claims json", || {
            Box::new(output::register::ClaimsJson::default())
        }),
        ("claims csv", || Box::new(output::register::Csv)),
        ("claims markdown", || {
            Box::new(output::register::Markdown::default())
        }),
        ("junit", || {
            Box::new(output::junit::Junit::new(Default::default()))
        }),
    ];
    for (name, make) in formats {
        let rendered = output::render_all(make().as_mut(), reports, summary);
        let streamed = output::stream_all(make().as_mut(), reports, summary, &|_| true);
        assert!(
            rendered == streamed,
            "{name}: streamed output differs from rendered"
        );
    }
}

/// Parses one output as JSON, or fails saying which.
fn parse_json(what: &str, bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "{what} does not parse ({e}):\n{}",
            String::from_utf8_lossy(bytes)
        )
    })
}

/// Lints `text` as `path` and checks every invariant: spans, then every
/// output format. Returns the report for further checks.
pub fn check(linter: &Linter, path: &str, text: &str) -> Report {
    let report = linter.lint(path, text);
    assert_eq!(report.source.text, text, "the report's source is the text");
    assert_spans(&report);
    assert_renders(&report);
    report
}
