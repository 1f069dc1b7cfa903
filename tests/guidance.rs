//! The guidance test set (`tests/data/guidance/*.toml`): example claims
//! paraphrased from each market's regulator guidance, linted as pages for
//! that market. Reports per market the right-rule recall on unacceptable
//! claims and the false alarms on acceptable ones, and requires a recall of
//! at least 0.85 and no error on an acceptable claim.
//!
//! Run `cargo test --test guidance -- --nocapture` to see the table.

use claimlint::{Config, Linter, Severity};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Set {
    market: String,
    claim: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    text: String,
    expect: String,
    source: String,
}

#[test]
fn guidance_recall_and_false_alarms_per_market() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/guidance");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("guidance directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no guidance sets");
    let linter = Linter::new(Config::default()).expect("linter");
    let mut failures = Vec::new();
    eprintln!("market  claims  recall          false alarms (any / error)");
    for f in files {
        let set: Set = toml::from_str(&std::fs::read_to_string(&f).expect("readable"))
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(
            set.claim.len() >= 60,
            "{}: fewer than 60 claims",
            set.market
        );
        let (mut bad, mut caught, mut good, mut alarms, mut errors) = (0, 0, 0, 0, 0);
        for ex in &set.claim {
            assert!(!ex.source.is_empty());
            let page = format!("---\nmarkets: [{}]\n---\n{}\n", set.market, ex.text);
            let r = linter.lint("guidance.md", &page);
            if ex.expect.is_empty() {
                good += 1;
                if !r.diagnostics.is_empty() {
                    alarms += 1;
                }
                if let Some(d) = r.diagnostics.iter().find(|d| d.severity == Severity::Error) {
                    errors += 1;
                    failures.push(format!(
                        "{}: error {} on acceptable {:?}: {}",
                        set.market, d.code, ex.text, d.message
                    ));
                }
            } else {
                bad += 1;
                if r.diagnostics.iter().any(|d| d.code == ex.expect) {
                    caught += 1;
                } else {
                    let got: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
                    eprintln!(
                        "  {} missed {}: {:?} (got {got:?})",
                        set.market, ex.expect, ex.text
                    );
                }
            }
        }
        let recall = caught as f64 / bad.max(1) as f64;
        eprintln!(
            "{:<7} {:>6}  {caught:>3}/{bad:<3} {recall:.2}    {alarms}/{good} any, {errors}/{good} error",
            set.market,
            set.claim.len()
        );
        if recall < 0.85 {
            failures.push(format!("{}: recall {recall:.2} < 0.85", set.market));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
