//! Span invariants: every span claimlint reports points into the file, on
//! character boundaries, at the text it names.
//!
//! Two sources of input: the annotated fixtures under `fixtures/` (where
//! claims are plentiful, so trigger text is checked against the source),
//! and the CommonMark spec examples in `tests/data/` (where the Markdown is
//! strange, so the checks are that nothing panics and every span is in
//! bounds), each also with CRLF line endings and with a byte-order mark.
//! Whether the right things are reported is `tests/fixtures.rs`'s job.

use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use claimlint::{Config, Linter, Report};
use regex::Regex;

/// Problems found in one report, as readable lines.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn push(&mut self, p: String) {
        self.0.push(p);
    }
}

/// Checks that `span` lies inside `text`, on character boundaries.
fn check_in_bounds(text: &str, what: &str, span: &Range<usize>, out: &mut Problems) -> bool {
    let ok = span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    if !ok {
        out.push(format!(
            "{what} span {span:?} is outside the file ({} bytes) or not on character boundaries",
            text.len()
        ));
    }
    ok
}

/// Bounds checks for every span in a report: diagnostics and their labels,
/// claims, triggers, cues and sources. A trigger must lie inside its
/// claim's sentence, and a diagnostic must name some text.
fn check_bounds(report: &Report, out: &mut Problems) {
    let text = report.source.text.as_str();
    for d in &report.diagnostics {
        let what = format!("{} diagnostic {:?}", d.code, d.message);
        if check_in_bounds(text, &what, &d.span, out) && text[d.span.clone()].is_empty() {
            out.push(format!("{what} has an empty span at {}", d.span.start));
        }
        for l in &d.labels {
            check_in_bounds(text, &format!("{what} label {:?}", l.message), &l.span, out);
        }
    }
    for r in &report.claims {
        let c = &r.claim;
        let what = format!("claim {:?}", c.text);
        let sentence_ok = check_in_bounds(text, &what, &c.span, out);
        let trigger_ok = check_in_bounds(text, &format!("{what} trigger"), &c.trigger_span, out);
        if sentence_ok
            && trigger_ok
            && !(c.span.start <= c.trigger_span.start && c.trigger_span.end <= c.span.end)
        {
            out.push(format!(
                "{what}: trigger {:?} at {:?} is not inside the sentence at {:?}",
                c.trigger, c.trigger_span, c.span
            ));
        }
        for q in &c.cues {
            check_in_bounds(text, &format!("{what} cue {:?}", q.text), &q.span, out);
        }
        for s in c.sources.iter().chain(&c.non_sources) {
            check_in_bounds(
                text,
                &format!("{what} source {:?}", s.reference),
                &s.span,
                out,
            );
        }
    }
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^<>]*>").expect("regex"));
static QUOTE_MARKERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\n[ \t]*(?:>[ \t]*)+").expect("regex"));
static ESCAPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\([[:punct:]])").expect("regex"));

/// What a reader sees of a source slice, roughly: no tags, quote markers,
/// escapes, entities or emphasis delimiters, and no whitespace. Used only
/// when a trigger's span crosses inline markup.
fn reader_text(slice: &str) -> String {
    let s = TAG.replace_all(slice, "");
    let s = QUOTE_MARKERS.replace_all(&s, "\n");
    let s = ESCAPE.replace_all(&s, "$1");
    let s = html_escape::decode_html_entities(&s);
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '~'))
        .collect()
}

/// The code rules that report a claim by underlining its trigger. (This
/// used to be read from `Diagnostic::claim`, which every finding now
/// carries, for baselines.)
const CLAIM_RULES: &[&str] = &[
    "CL001", "CL002", "CL003", "CL004", "CL005", "CL010", "CL011",
];

/// The stricter checks for fixtures, whose claims are written to be
/// recognisable: the trigger's source text reads as the trigger (up to
/// whitespace, and up to inline markup and escapes when the trigger spans
/// them), and each claim diagnostic points exactly at a claim's trigger.
fn check_text(report: &Report, out: &mut Problems) {
    let text = report.source.text.as_str();
    for r in &report.claims {
        let c = &r.claim;
        let (Some(sentence), Some(slice)) =
            (text.get(c.span.clone()), text.get(c.trigger_span.clone()))
        else {
            continue;
        };
        if !sentence.contains(slice) {
            out.push(format!(
                "claim {:?}: sentence {sentence:?} does not contain trigger {slice:?}",
                c.text
            ));
        }
        let want = without_whitespace(&c.trigger);
        let reads_as_trigger = without_whitespace(slice) == want
            || reader_text(slice) == want.replace(['*', '_', '~'], "");
        if !reads_as_trigger {
            out.push(format!(
                "claim {:?}: trigger is {:?} but its span {:?} reads {slice:?}",
                c.text, c.trigger, c.trigger_span
            ));
        }
    }
    for d in report
        .diagnostics
        .iter()
        .filter(|d| CLAIM_RULES.contains(&d.code))
    {
        if !report.claims.iter().any(|r| r.claim.trigger_span == d.span) {
            out.push(format!(
                "{} diagnostic {:?} at {:?} is not at any claim's trigger",
                d.code, d.message, d.span
            ));
        }
    }
}

/// Annotated fixtures: `fixtures/rules/**`, `fixtures/markdown/**` and
/// `fixtures/evidence/**`.
fn fixture_paths() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out: Vec<PathBuf> = ["rules", "markdown", "evidence"]
        .iter()
        .flat_map(|d| walkdir::WalkDir::new(root.join(d)))
        .map(|e| e.expect("readable fixtures").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    out.sort();
    out
}

/// As in `tests/fixtures.rs`: the directory's `claimlint.toml`, else its
/// `evidence.toml` as the registry.
fn config_for(path: &Path) -> Config {
    let dir = path.parent().expect("fixture has a directory");
    let toml = dir.join("claimlint.toml");
    match std::fs::read_to_string(&toml) {
        Ok(text) => Config::parse(&toml, &text)
            .unwrap_or_else(|e| panic!("{}: {}", toml.display(), e.message)),
        Err(_) => {
            let registry = dir.join("evidence.toml");
            Config {
                registry: registry.is_file().then_some(registry),
                ..Config::default()
            }
        }
    }
}

#[test]
fn fixture_spans_point_at_what_they_name() {
    let paths = fixture_paths();
    assert!(
        paths.len() > 20,
        "expected the fixtures, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    let mut claims = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable fixture");
        let report = Linter::new(config_for(path))
            .expect("lexicon")
            .lint(&path.display().to_string(), &text);
        claims += report.claims.len();
        let mut p = Problems::default();
        check_bounds(&report, &mut p);
        check_text(&report, &mut p);
        if !p.0.is_empty() {
            failures.push(format!("{}:\n  {}", path.display(), p.0.join("\n  ")));
        }
    }
    assert!(
        claims > 100,
        "expected many claims in the fixtures, found {claims}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The byte-exact fixtures must stay byte-exact (a checkout that converts
/// line endings would quietly stop testing CRLF).
#[test]
fn byte_exact_fixtures_are_intact() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/markdown");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    for name in ["crlf.md", "bom-crlf-toml.md"] {
        let bytes = read(name);
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        assert!(
            lf > 0 && lf == crlf,
            "{name}: every line must end in CRLF ({crlf} of {lf} do)"
        );
    }
    for name in ["bom.md", "bom-front-matter.md", "bom-crlf-toml.md"] {
        assert!(
            read(name).starts_with(b"\xef\xbb\xbf"),
            "{name}: must start with a UTF-8 BOM"
        );
    }
    assert!(
        !read("bom.md").windows(2).any(|w| w == b"\r\n"),
        "bom.md: must use LF"
    );
}

/// One CommonMark spec example.
struct Example {
    number: u64,
    section: String,
    markdown: String,
}

fn commonmark_examples() -> Vec<Example> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/commonmark-examples.json");
    let text = std::fs::read_to_string(&path).expect("tests/data/commonmark-examples.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    json["examples"]
        .as_array()
        .expect("an `examples` array")
        .iter()
        .map(|e| Example {
            number: e["example"].as_u64().expect("example number"),
            section: e["section"].as_str().expect("section").to_string(),
            markdown: e["markdown"].as_str().expect("markdown").to_string(),
        })
        .collect()
}

/// Lints `text` and checks every span, catching panics. Returns the report
/// when it was produced.
fn lint_checked(
    linter: &Linter,
    name: &str,
    text: &str,
    failures: &mut Vec<String>,
) -> Option<Report> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let report = linter.lint("example.md", text);
        let _ = claimlint::output::human::human(&report, false);
        report
    }));
    match result {
        Ok(report) => {
            let mut p = Problems::default();
            check_bounds(&report, &mut p);
            if !p.0.is_empty() {
                failures.push(format!("{name} {text:?}:\n  {}", p.0.join("\n  ")));
            }
            Some(report)
        }
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{name} {text:?}: panicked: {msg}"));
            None
        }
    }
}

/// What must not change when a file gains a BOM: everything, shifted by
/// its three bytes.
fn same_after_bom(lf: &Report, bom: &Report) -> Result<(), String> {
    let diags = |r: &Report, shift: usize| -> Vec<(&str, Range<usize>, String)> {
        r.diagnostics
            .iter()
            .map(|d| {
                (
                    d.code,
                    d.span.start - shift..d.span.end - shift,
                    d.message.clone(),
                )
            })
            .collect()
    };
    let claims = |r: &Report, shift: usize| -> Vec<(Range<usize>, String)> {
        r.claims
            .iter()
            .map(|c| {
                (
                    c.claim.trigger_span.start - shift..c.claim.trigger_span.end - shift,
                    c.claim.trigger.clone(),
                )
            })
            .collect()
    };
    if diags(lf, 0) != diags(bom, 3) || claims(lf, 0) != claims(bom, 3) {
        return Err(format!(
            "a BOM changed the findings beyond shifting them by 3 bytes:\n    without: {:?} {:?}\n    with:    {:?} {:?}",
            diags(lf, 0),
            claims(lf, 0),
            diags(bom, 0),
            claims(bom, 0)
        ));
    }
    Ok(())
}

/// What must not change when a file's lines end in CRLF: the findings, and
/// the text each trigger span covers once `\r` is removed.
fn same_after_crlf(lf: &Report, crlf: &Report) -> Result<(), String> {
    let diags = |r: &Report| -> Vec<(&str, String)> {
        r.diagnostics
            .iter()
            .map(|d| (d.code, d.message.clone()))
            .collect()
    };
    let claims = |r: &Report| -> Vec<(String, String)> {
        r.claims
            .iter()
            .map(|c| {
                (
                    c.claim.trigger.clone(),
                    r.source
                        .text
                        .get(c.claim.trigger_span.clone())
                        .unwrap_or("")
                        .replace('\r', ""),
                )
            })
            .collect()
    };
    if diags(lf) != diags(crlf) || claims(lf) != claims(crlf) {
        return Err(format!(
            "CRLF line endings changed the findings:\n    LF:   {:?} {:?}\n    CRLF: {:?} {:?}",
            diags(lf),
            claims(lf),
            diags(crlf),
            claims(crlf)
        ));
    }
    Ok(())
}

#[test]
fn commonmark_examples_lint_without_panics_and_with_exact_spans() {
    let examples = commonmark_examples();
    assert!(
        examples.len() > 600,
        "expected the whole spec, found {} examples",
        examples.len()
    );
    let linter = Linter::new(Config::default()).expect("lexicon");
    let mut failures = Vec::new();
    let mut claims = 0;
    // Keep the messages of caught panics out of the test output; they are
    // collected into the failure report instead.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for ex in &examples {
        // The example as written, and with a claim wherever it says `foo`,
        // so that claims land inside every construct the spec exercises.
        let claimed = ex.markdown.replace("foo", "our serum boosts collagen");
        let mut variants = vec![("", ex.markdown.clone())];
        if claimed != ex.markdown {
            variants.push((" with claims", claimed));
        }
        for (variant, md) in variants {
            let name = format!("example {} ({}){variant}", ex.number, ex.section);
            let lf = lint_checked(&linter, &name, &md, &mut failures);
            let crlf = lint_checked(
                &linter,
                &format!("{name}, CRLF"),
                &md.replace('\n', "\r\n"),
                &mut failures,
            );
            let bom = lint_checked(
                &linter,
                &format!("{name}, BOM"),
                &format!("\u{feff}{md}"),
                &mut failures,
            );
            let Some(lf) = lf else { continue };
            claims += lf.claims.len();
            let mut p = Problems::default();
            check_text(&lf, &mut p);
            if let Some(Err(e)) = crlf.map(|crlf| same_after_crlf(&lf, &crlf)) {
                p.push(e);
            }
            if let Some(Err(e)) = bom.map(|bom| same_after_bom(&lf, &bom)) {
                p.push(e);
            }
            if !p.0.is_empty() {
                failures.push(format!("{name} {md:?}:\n  {}", p.0.join("\n  ")));
            }
        }
    }
    std::panic::set_hook(hook);
    assert!(
        claims > 100,
        "the `foo` substitution should create many claims, found {claims}"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The checks themselves: a checker that accepts anything would pass every
/// file above.
mod checks {
    use super::*;

    fn report(text: &str) -> Report {
        Linter::new(Config::default())
            .expect("lexicon")
            .lint("t.md", text)
    }

    fn problems(r: &Report) -> Vec<String> {
        let mut p = Problems::default();
        check_bounds(r, &mut p);
        check_text(r, &mut p);
        p.0
    }

    #[test]
    fn accepts_a_correct_report() {
        let r = report(
            "Our serum **boosts** collagen. The toner tightens pores &amp; refines texture.\n",
        );
        assert_eq!(r.claims.len(), 2);
        assert_eq!(problems(&r), Vec::<String>::new());
    }

    #[test]
    fn rejects_a_shifted_trigger() {
        let mut r = report("Our serum boosts collagen.\n");
        let t = &mut r.claims[0].claim.trigger_span;
        *t = t.start + 1..t.end + 1;
        let p = problems(&r);
        assert!(
            p.iter().any(|m| m.contains("reads \"oosts collagen.\"")),
            "{p:?}"
        );
        // The diagnostic no longer sits on a trigger either.
        assert!(
            p.iter().any(|m| m.contains("not at any claim's trigger")),
            "{p:?}"
        );
    }

    #[test]
    fn rejects_spans_out_of_bounds_inside_characters_or_empty() {
        let text = "Our sérum boosts collagen.\n";
        let mut r = report(text);
        r.diagnostics[0].span = 6..7; // inside `é`
        assert!(
            problems(&r)
                .iter()
                .any(|m| m.contains("character boundaries"))
        );
        r.diagnostics[0].span = 10..10;
        assert!(problems(&r).iter().any(|m| m.contains("empty span")));
        r.claims[0].claim.span = 0..text.len() + 1;
        assert!(problems(&r).iter().any(|m| m.contains("outside the file")));
    }

    #[test]
    fn rejects_a_trigger_outside_its_sentence() {
        let mut r = report("Intro. Our serum boosts collagen.\n");
        r.claims[0].claim.span = 0..6;
        assert!(
            problems(&r)
                .iter()
                .any(|m| m.contains("not inside the sentence"))
        );
    }

    #[test]
    fn bom_and_crlf_comparisons_notice_differences() {
        let lf = report("Our serum boosts collagen.\n");
        assert!(same_after_bom(&lf, &report("\u{feff}Our serum boosts collagen.\n")).is_ok());
        assert!(same_after_bom(&lf, &report("\u{feff}Our  serum boosts collagen.\n")).is_err());
        assert!(same_after_crlf(&lf, &report("Our serum boosts collagen.\r\n")).is_ok());
        assert!(same_after_crlf(&lf, &report("Our serum boosts\r\ncollagen.\r\n")).is_err());
    }
}
