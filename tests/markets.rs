//! Market selection, black-box: which markets a page is checked for and what
//! that changes, through the `claimlint` binary and through the library.
//!
//! A page's markets come from `markets` in `claimlint.toml`, are replaced by
//! `markets:` in its front matter, and both are replaced by `--market`; with
//! several markets the strictest severity wins. The tests pick rules whose
//! severity differs between markets (`generic-injectable-term` is off in
//! Singapore and an error in the UK; `prescription-medicine-named` is an
//! error in the UK and Singapore and information in the US), so each layer
//! shows in the output. `rules --market` and `rule NAME` must agree with the
//! packs the library loaded, a bad market is a spanned configuration error,
//! `[page]` gives the page kind that front matter does not, and a market
//! that turns a warning into an error changes the exit code.
//!
//! The wording of messages is pinned by the fixtures (`tests/fixtures.rs`);
//! these tests pin codes, severities, exit statuses and JSON fields.

use std::path::Path;

use assert_cmd::Command;
use claimlint::page::Market;
use claimlint::rules::pack::PACKS;
use claimlint::{Config, Linter, Severity};

#[path = "support/bin.rs"]
mod bin;
use bin::{BIN, Run, project};

/// A page that names a prescription-only medicine and nothing else.
const POM: &str = "# Lines and wrinkles\n\nBook your Botox appointment today.\n";
/// A page that advertises a prescription-only injectable by a generic name:
/// an error in the UK, off in Singapore (no guidance there says the wording
/// stands in for the medicine).
const GENERIC: &str = "# Lines and wrinkles\n\nAnti-wrinkle injections from $300.\n";
/// A page with a superlative and nothing else.
const SUPERLATIVE: &str = "# About us\n\nWe are the leading aesthetic clinic in the city.\n";
/// A page whose only findings are inducements: warnings by default, errors
/// in Singapore.
const URGENCY: &str = "Hurry: our offer ends on Friday.\n";

/// Reading `check --format json` output by rule.
trait Findings {
    fn findings(&self) -> Vec<(String, String)>;
    fn severity_of(&self, code: &str) -> Option<String>;
}

impl Findings for Run {
    /// (code, severity) of every diagnostic in `check --format json` output.
    fn findings(&self) -> Vec<(String, String)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().expect("code").to_string(),
                    d["severity"].as_str().expect("severity").to_string(),
                )
            })
            .collect()
    }

    /// The severity `code` was reported at, if it was reported.
    fn severity_of(&self, code: &str) -> Option<String> {
        let found: Vec<String> = self
            .findings()
            .into_iter()
            .filter(|(c, _)| c == code)
            .map(|(_, s)| s)
            .collect();
        assert!(
            found.windows(2).all(|w| w[0] == w[1]),
            "{code} reported at mixed severities: {found:?}"
        );
        found.into_iter().next()
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    Run::from_output(
        Command::new(BIN)
            .current_dir(dir)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run claimlint"),
    )
}

fn with_markets(front_matter: &str, body: &str) -> String {
    format!("---\nmarkets: {front_matter}\n---\n{body}")
}

fn check_json(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    run(dir, &args)
}

// ---------------------------------------------------------------------------
// Where a page's markets come from

#[test]
fn no_market_leaves_market_only_rules_off() {
    let p = project(&[("pom.md", POM), ("sup.md", SUPERLATIVE)]);
    let r = check_json(p.path(), &["pom.md", "sup.md"]);
    assert_eq!(r.severity_of("CL115"), None, "{}", r.stdout);
    assert_eq!(r.severity_of("CL113"), None, "{}", r.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn config_markets_apply_to_every_page() {
    let p = project(&[("claimlint.toml", "markets = [\"uk\"]\n"), ("pom.md", POM)]);
    let r = check_json(p.path(), &["pom.md"]);
    assert_eq!(
        r.severity_of("CL115").as_deref(),
        Some("error"),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 1);
}

#[test]
fn front_matter_markets_replace_the_config_markets() {
    let p = project(&[
        ("claimlint.toml", "markets = [\"uk\"]\n"),
        ("sg.md", &with_markets("[sg]", GENERIC)),
        ("sg-pom.md", &with_markets("[sg]", POM)),
        ("us.md", &with_markets("[us]", POM)),
        ("plain.md", POM),
    ]);
    // Singapore does not report the generic wording, which the config's UK
    // would; it reports the medicine as an error (Health Products
    // (Advertisement of Specified Health Products) Regulations 2016, reg 7).
    // The US reports the medicine as information; the page without front
    // matter keeps the config's UK error.
    let sg = check_json(p.path(), &["sg.md"]);
    assert_eq!(sg.severity_of("CL130"), None, "{}", sg.stdout);
    assert_eq!(
        check_json(p.path(), &["sg-pom.md"])
            .severity_of("CL115")
            .as_deref(),
        Some("error")
    );
    let us = check_json(p.path(), &["us.md"]);
    assert_eq!(
        us.severity_of("CL115").as_deref(),
        Some("info"),
        "{}",
        us.stdout
    );
    assert_eq!(us.code, 0, "information is not a failure");
    let plain = check_json(p.path(), &["plain.md"]);
    assert_eq!(plain.severity_of("CL115").as_deref(), Some("error"));
}

#[test]
fn front_matter_markets_take_a_list_or_a_comma_separated_string() {
    let p = project(&[
        ("list.md", &with_markets("[uk, sg]", SUPERLATIVE)),
        ("string.md", &with_markets("\"uk, sg\"", SUPERLATIVE)),
        ("upper.md", &with_markets("[SG]", SUPERLATIVE)),
    ]);
    for f in ["list.md", "string.md", "upper.md"] {
        let r = check_json(p.path(), &[f]);
        assert_eq!(
            r.severity_of("CL113").as_deref(),
            Some("error"),
            "{f}: {}",
            r.stdout
        );
    }
}

#[test]
fn the_strictest_market_wins() {
    let p = project(&[
        ("uk.md", &with_markets("[uk]", SUPERLATIVE)),
        ("uk-sg.md", &with_markets("[uk, sg]", SUPERLATIVE)),
        // Off in Singapore, an error in the UK: "off" is not the strictest.
        ("sg-uk-generic.md", &with_markets("[sg, uk]", GENERIC)),
    ]);
    let uk = check_json(p.path(), &["uk.md"]);
    assert_eq!(uk.severity_of("CL113").as_deref(), Some("warning"));
    assert_eq!(uk.code, 0);
    let both = check_json(p.path(), &["uk-sg.md"]);
    assert_eq!(both.severity_of("CL113").as_deref(), Some("error"));
    assert_eq!(both.code, 1);
    let generic = check_json(p.path(), &["sg-uk-generic.md"]);
    assert_eq!(generic.severity_of("CL130").as_deref(), Some("error"));
}

#[test]
fn market_flag_overrides_config_and_front_matter() {
    let p = project(&[
        ("claimlint.toml", "markets = [\"sg\"]\n"),
        ("page.md", &with_markets("[uk]", POM)),
        ("generic.md", &with_markets("[uk]", GENERIC)),
    ]);
    // Without the flag the front matter (UK) decides.
    let r = check_json(p.path(), &["page.md"]);
    assert_eq!(r.severity_of("CL115").as_deref(), Some("error"));
    // The flag replaces both the config (SG) and the front matter (UK).
    let r = check_json(p.path(), &["--market", "us", "page.md"]);
    assert_eq!(
        r.severity_of("CL115").as_deref(),
        Some("info"),
        "{}",
        r.stdout
    );
    let r = check_json(p.path(), &["generic.md"]);
    assert_eq!(r.severity_of("CL130").as_deref(), Some("error"));
    let r = check_json(p.path(), &["--market", "sg", "generic.md"]);
    assert_eq!(r.severity_of("CL130"), None, "{}", r.stdout);
    // Repeated or comma-separated, the strictest still wins.
    for args in [
        &["--market", "us", "--market", "uk"][..],
        &["--market", "us,uk"][..],
    ] {
        let mut a = args.to_vec();
        a.push("page.md");
        let r = check_json(p.path(), &a);
        assert_eq!(r.severity_of("CL115").as_deref(), Some("error"), "{args:?}");
    }
}

#[test]
fn market_flag_applies_to_standard_input() {
    let p = project(&[]);
    let out = Command::new(BIN)
        .current_dir(p.path())
        .args(["check", "--format", "json", "--market", "sg", "-"])
        .write_stdin(SUPERLATIVE)
        .output()
        .expect("run claimlint");
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    };
    assert_eq!(
        r.severity_of("CL113").as_deref(),
        Some("error"),
        "{}",
        r.stderr
    );
    assert_eq!(r.code, 1);
}

#[test]
fn a_configured_severity_beats_every_market() {
    let p = project(&[
        (
            "claimlint.toml",
            "markets = [\"sg\"]\n\n[rules]\nsuperlative-claim = \"info\"\nCL115 = \"warning\"\nCL130 = \"warning\"\n",
        ),
        ("sup.md", SUPERLATIVE),
        ("pom.md", POM),
        ("generic.md", GENERIC),
    ]);
    let r = check_json(p.path(), &["sup.md"]);
    assert_eq!(r.severity_of("CL113").as_deref(), Some("info"));
    // Lowered by the config although Singapore makes it an error.
    let r = check_json(p.path(), &["pom.md"]);
    assert_eq!(r.severity_of("CL115").as_deref(), Some("warning"));
    // Turned on by the config although Singapore leaves it off.
    let r = check_json(p.path(), &["generic.md"]);
    assert_eq!(r.severity_of("CL130").as_deref(), Some("warning"));
}

#[test]
fn a_market_can_raise_the_evidence_a_claim_needs() {
    // A hedged claim backed by a controlled study is enough by default; the
    // US pack does not let a hedge lower the bar, so it needs an RCT.
    let page =
        "Retinol helps smooth fine lines. <!-- evidence: controlled doi:10.1111/jocd.15869 -->\n";
    let p = project(&[("page.md", page)]);
    let r = check_json(p.path(), &["page.md"]);
    assert!(r.findings().is_empty(), "{}", r.stdout);
    let r = check_json(p.path(), &["--market", "us", "page.md"]);
    assert_eq!(
        r.severity_of("CL010").as_deref(),
        Some("error"),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 1);
}

// ---------------------------------------------------------------------------
// Exit codes

#[test]
fn a_market_that_turns_a_warning_into_an_error_fails_the_run() {
    let p = project(&[("page.md", URGENCY)]);
    let r = check_json(p.path(), &["page.md"]);
    assert_eq!(r.severity_of("CL119").as_deref(), Some("warning"));
    assert_eq!(r.code, 0, "warnings alone pass");
    let r = check_json(p.path(), &["--market", "sg", "page.md"]);
    assert_eq!(r.severity_of("CL119").as_deref(), Some("error"));
    assert_eq!(r.code, 1, "Singapore makes it an error");

    // The same through the config and through front matter.
    let p = project(&[
        ("claimlint.toml", "markets = [\"sg\"]\n"),
        ("page.md", URGENCY),
    ]);
    assert_eq!(run(p.path(), &["check", "page.md"]).code, 1);
    let p = project(&[("page.md", &with_markets("[sg]", URGENCY))]);
    assert_eq!(run(p.path(), &["check", "page.md"]).code, 1);
    // And back: the UK keeps it a warning.
    let p = project(&[("page.md", &with_markets("[uk]", URGENCY))]);
    assert_eq!(run(p.path(), &["check", "page.md"]).code, 0);
}

#[test]
fn a_code_rule_follows_the_market_too() {
    // testimonial-claim is a code rule, not a pack rule: a warning by
    // default and in the UK, an error in Australia and Singapore.
    let page = "\"My acne cleared up in two weeks,\" says Dana.\n";
    let p = project(&[("page.md", page)]);
    for (market, want, code) in [
        (None, "warning", 0),
        (Some("uk"), "warning", 0),
        (Some("au"), "error", 1),
        (Some("sg"), "error", 1),
    ] {
        let mut args = vec![];
        if let Some(m) = market {
            args.extend(["--market", m]);
        }
        args.push("page.md");
        let r = check_json(p.path(), &args);
        assert_eq!(
            r.severity_of("CL005").as_deref(),
            Some(want),
            "{market:?}: {}",
            r.stdout
        );
        assert_eq!(r.code, code, "{market:?}");
    }
}

// ---------------------------------------------------------------------------
// Bad markets

#[test]
fn an_unknown_market_in_the_config_is_a_spanned_error_with_a_suggestion() {
    let config = "markets = [\"uk\", \"sgp\"]\n";
    let p = project(&[("claimlint.toml", config), ("page.md", SUPERLATIVE)]);
    let r = run(p.path(), &["check", "page.md"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing is checked: {}", r.stdout);
    assert!(r.stderr.contains("unknown market `sgp`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `sg`?"), "{}", r.stderr);
    // The span: file, line and column of the value, underlined.
    assert!(r.stderr.contains("claimlint.toml:1:18"), "{}", r.stderr);
    assert!(r.stderr.contains("^^^^^"), "{}", r.stderr);
    assert!(
        r.stderr.contains("use one of us, uk, eu, sg, au"),
        "{}",
        r.stderr
    );

    // The library reports the same span.
    let err = Config::parse(Path::new("claimlint.toml"), config).expect_err("unknown market");
    let span = err.span.expect("spanned");
    assert_eq!(&config[span], "\"sgp\"");
    assert!(
        err.message.contains("did you mean `sg`?"),
        "{}",
        err.message
    );
}

#[test]
fn an_unknown_market_flag_is_a_usage_error() {
    let p = project(&[("page.md", SUPERLATIVE)]);
    let r = run(p.path(), &["check", "--market", "sgp", "page.md"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("'sg'"), "{}", r.stderr);
    let r = run(p.path(), &["rules", "--market", "nz"]);
    assert_eq!(r.code, 2);
}

// ---------------------------------------------------------------------------
// Page kind: [page] defaults and front matter

/// Structure/function wording: reported only on a cosmetic product page, in
/// the US.
const STRUCTURE_FUNCTION: &str = "# Firming serum\n\nOur serum stimulates collagen production.\n";

#[test]
fn page_defaults_give_the_kind_front_matter_does_not() {
    let p = project(&[
        (
            "claimlint.toml",
            "markets = [\"us\"]\n\n[page]\ncontent = \"product\"\nclass = \"cosmetic\"\n",
        ),
        ("serum.md", STRUCTURE_FUNCTION),
        (
            "laser.md",
            "---\ncontent: service\nclass: device\n---\n# Fractional laser\n\nOur laser stimulates collagen production.\n\n## Risks and recovery\n\nRedness settles in three days.\n",
        ),
    ]);
    let r = check_json(p.path(), &["serum.md"]);
    assert_eq!(
        r.severity_of("CL105").as_deref(),
        Some("error"),
        "{}",
        r.stdout
    );
    // Front matter declares a service page: the same wording is not a
    // cosmetic's drug claim.
    let r = check_json(p.path(), &["laser.md"]);
    assert_eq!(r.severity_of("CL105"), None, "{}", r.stdout);

    // Without [page], a page titled with a serum and offering no procedure
    // is read as a cosmetic product page, and an info note says so.
    let p = project(&[
        ("claimlint.toml", "markets = [\"us\"]\n"),
        ("serum.md", STRUCTURE_FUNCTION),
    ]);
    let r = check_json(p.path(), &["serum.md"]);
    assert_eq!(r.severity_of("CL105").as_deref(), Some("error"));
    assert_eq!(r.severity_of("CL016").as_deref(), Some("info"));
}

#[test]
fn an_editorial_default_skips_the_risk_section_check() {
    let page = "# HIFU facelift\n\nHIFU uses focused ultrasound on deeper layers of skin.\n\n## Benefits\n\nSome people see firmer skin.\n";
    let p = project(&[("hifu.md", page)]);
    let r = check_json(p.path(), &["hifu.md"]);
    assert_eq!(
        r.severity_of("CL118").as_deref(),
        Some("warning"),
        "{}",
        r.stdout
    );
    let p = project(&[
        ("claimlint.toml", "[page]\ncontent = \"editorial\"\n"),
        ("hifu.md", page),
    ]);
    let r = check_json(p.path(), &["hifu.md"]);
    assert_eq!(r.severity_of("CL118"), None, "{}", r.stdout);
    // Front matter wins over the default.
    let p = project(&[
        ("claimlint.toml", "[page]\ncontent = \"editorial\"\n"),
        ("hifu.md", &format!("---\ncontent: service\n---\n{page}")),
    ]);
    let r = check_json(p.path(), &["hifu.md"]);
    assert_eq!(
        r.severity_of("CL118").as_deref(),
        Some("warning"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unknown_page_kind_in_the_config_is_a_spanned_error() {
    for (config, bad, hint) in [
        ("[page]\ncontent = \"servce\"\n", "servce", "service"),
        ("[page]\nclass = \"cosmetics\"\n", "cosmetics", "cosmetic"),
    ] {
        let p = project(&[("claimlint.toml", config), ("page.md", SUPERLATIVE)]);
        let r = run(p.path(), &["check", "page.md"]);
        assert_eq!(r.code, 2, "{config}");
        assert!(r.stderr.contains(&format!("`{bad}`")), "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("did you mean `{hint}`?")),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("claimlint.toml:2:"), "{}", r.stderr);
    }
}

// ---------------------------------------------------------------------------
// `rules --market` and `rule NAME`

fn severity_name(s: Option<Severity>) -> &'static str {
    s.map_or("off", |s| s.as_str())
}

#[test]
fn rules_for_a_market_lists_only_what_is_on_there_at_its_severity() {
    let p = project(&[]);
    for market in Market::NAMES {
        let r = run(p.path(), &["rules", "--market", market]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let listed: Vec<(String, String, String)> = r
            .stdout
            .lines()
            .map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                (
                    cols[0].to_string(),
                    cols[1].to_string(),
                    cols[2].to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, String, String)> = claimlint::rules::registry()
            .iter()
            .map(|r| r.meta())
            .filter_map(|m| {
                PACKS
                    .severity_in(Market::parse(market).expect("a market"), m)
                    .map(|s| {
                        (
                            m.code.to_string(),
                            m.name.to_string(),
                            s.as_str().to_string(),
                        )
                    })
            })
            .collect();
        assert_eq!(listed, expected, "rules --market {market}");
    }
    // Singapore: the superlative and the medicine are errors there, the
    // generic wording off.
    let sg = run(p.path(), &["rules", "--market", "sg"]).stdout;
    for code in ["CL113", "CL115"] {
        assert!(
            sg.lines()
                .any(|l| l.starts_with(code) && l.split_whitespace().nth(2) == Some("error")),
            "{code}: {sg}"
        );
    }
    assert!(!sg.contains("generic-injectable-term"), "{sg}");
    // Without a market, every rule is listed, market-only rules as off.
    let all = run(p.path(), &["rules"]).stdout;
    assert_eq!(all.lines().count(), claimlint::rules::registry().len());
    assert!(
        all.lines()
            .any(|l| l.starts_with("CL113") && l.split_whitespace().nth(2) == Some("off")),
        "{all}"
    );
}

#[test]
fn rules_json_for_a_market_carries_the_market_severity() {
    let p = project(&[]);
    let r = run(p.path(), &["rules", "--market", "sg", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rules = r.json();
    let rules = rules.as_array().expect("array");
    assert!(!rules.is_empty());
    for rule in rules {
        let sev = rule["market_severity"].as_str().expect("market_severity");
        assert_ne!(sev, "off", "{rule}");
        assert_eq!(
            sev,
            rule["markets"]["sg"].as_str().expect("markets.sg"),
            "{rule}"
        );
    }
    let sup = rules
        .iter()
        .find(|r| r["name"] == "superlative-claim")
        .expect("listed");
    assert_eq!(sup["market_severity"], "error");
    assert_eq!(sup["severity"], "off", "the default without a market");
    assert!(!rules.iter().any(|r| r["name"] == "generic-injectable-term"));
    let pom = rules
        .iter()
        .find(|r| r["name"] == "prescription-medicine-named")
        .expect("listed in Singapore");
    assert_eq!(pom["market_severity"], "error");
    // Without --market there is no market_severity, but every rule's
    // per-market table.
    let r = run(p.path(), &["rules", "--format", "json"]);
    for rule in r.json().as_array().expect("array") {
        assert!(rule.get("market_severity").is_none(), "{rule}");
        for m in Market::NAMES {
            assert!(rule["markets"][m].is_string(), "{rule}");
        }
    }
}

#[test]
fn rule_prints_a_table_of_its_severity_per_market() {
    let p = project(&[]);
    for name in ["superlative-claim", "CL115", "testimonial-claim"] {
        let r = run(p.path(), &["rule", name]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let meta = claimlint::rules::find(name).expect("known rule");
        assert!(r.stdout.contains("| Market | Severity |"), "{}", r.stdout);
        let default = severity_name(meta.default);
        assert!(
            r.stdout
                .contains(&format!("| (none selected) | {default} |")),
            "{name}: {}",
            r.stdout
        );
        for &m in Market::ALL {
            let row = format!("| {m} | {} |", severity_name(PACKS.severity_in(m, meta)));
            assert!(
                r.stdout.contains(&row),
                "{name}: no `{row}` in\n{}",
                r.stdout
            );
        }
        let j = run(p.path(), &["rule", name, "--format", "json"]).json();
        for &m in Market::ALL {
            assert_eq!(
                j["markets"][m.as_str()],
                severity_name(PACKS.severity_in(m, meta)),
                "{name} {m}"
            );
        }
    }
    // The examples the issue names.
    let sup = run(p.path(), &["rule", "superlative-claim"]).stdout;
    assert!(
        sup.contains("| sg | error |") && sup.contains("| uk | warning |"),
        "{sup}"
    );
    let pom = run(p.path(), &["rule", "prescription-medicine-named"]).stdout;
    assert!(
        pom.contains("| sg | error |") && pom.contains("| us | info |"),
        "{pom}"
    );
    // Singapore's source is named.
    assert!(
        pom.contains("Advertisement of Specified Health Products") && pom.contains("reg 7"),
        "{pom}"
    );
    let generic = run(p.path(), &["rule", "generic-injectable-term"]).stdout;
    assert!(
        generic.contains("| sg | off |") && generic.contains("| uk | error |"),
        "{generic}"
    );
    let t = run(p.path(), &["rule", "testimonial-claim"]).stdout;
    assert!(t.contains("| au | error |"), "{t}");
}

// ---------------------------------------------------------------------------
// The library

fn linter(config: &str) -> Linter {
    Linter::new(Config::parse(Path::new("claimlint.toml"), config).expect("valid config"))
        .expect("linter")
}

fn severity(report: &claimlint::Report, rule: &str) -> Option<Severity> {
    report
        .diagnostics
        .iter()
        .find(|d| d.rule == rule)
        .map(|d| d.severity)
}

#[test]
fn library_markets_from_config_and_front_matter() {
    let uk = linter("markets = [\"uk\"]\n");
    let r = uk.lint("pom.md", POM);
    assert_eq!(
        severity(&r, "prescription-medicine-named"),
        Some(Severity::Error)
    );
    let r = uk.lint("generic.md", &with_markets("[sg]", GENERIC));
    assert_eq!(severity(&r, "generic-injectable-term"), None);
    let r = uk.lint("pom.md", &with_markets("[sg]", POM));
    assert_eq!(
        severity(&r, "prescription-medicine-named"),
        Some(Severity::Error)
    );
    let r = uk.lint("pom.md", &with_markets("[us]", POM));
    assert_eq!(
        severity(&r, "prescription-medicine-named"),
        Some(Severity::Info)
    );
    // A Config with `force_markets` is what `--market` builds.
    let mut cfg =
        Config::parse(Path::new("claimlint.toml"), "markets = [\"sg\"]\n").expect("valid");
    cfg.page.markets = vec![Market::Uk];
    cfg.page.force_markets = true;
    let forced = Linter::new(cfg).expect("linter");
    let r = forced.lint("pom.md", &with_markets("[us]", POM));
    assert_eq!(
        severity(&r, "prescription-medicine-named"),
        Some(Severity::Error)
    );
}

#[test]
fn library_page_of_reads_markets_and_kind() {
    let l = linter("markets = [\"uk\"]\n\n[page]\ncontent = \"product\"\nclass = \"cosmetic\"\n");
    let text = "---\nmarkets: [sg, au, sg]\ncontent: service\n---\n# Clinic\n";
    let source = claimlint::source::SourceFile::new("p.md", text);
    let doc = claimlint::markdown::parse(&source, &claimlint::markdown::ParseOptions::default());
    let page = l.page_of(&doc);
    assert_eq!(
        page.markets,
        vec![Market::Au, Market::Sg],
        "sorted, once each"
    );
    assert_eq!(
        page.content.map(|c| c.as_str()),
        Some("service"),
        "front matter wins"
    );
    assert_eq!(
        page.class.map(|c| c.as_str()),
        Some("cosmetic"),
        "the [page] default"
    );
}

#[test]
fn library_severity_per_market_matches_the_issue() {
    let find = |n: &str| claimlint::rules::find(n).expect("rule");
    let sup = find("superlative-claim");
    assert_eq!(PACKS.severity_in(Market::Sg, sup), Some(Severity::Error));
    assert_eq!(PACKS.severity_in(Market::Uk, sup), Some(Severity::Warning));
    let t = find("testimonial-claim");
    assert_eq!(PACKS.severity_in(Market::Au, t), Some(Severity::Error));
    assert_eq!(PACKS.severity_in(Market::Sg, t), Some(Severity::Error));
    let pom = find("prescription-medicine-named");
    assert_eq!(PACKS.severity_in(Market::Sg, pom), Some(Severity::Error));
    assert_eq!(PACKS.severity_in(Market::Uk, pom), Some(Severity::Error));
    assert_eq!(PACKS.severity_in(Market::Us, pom), Some(Severity::Info));
    let generic = find("generic-injectable-term");
    assert_eq!(PACKS.severity_in(Market::Sg, generic), None);
    assert_eq!(
        PACKS.severity_in(Market::Uk, generic),
        Some(Severity::Error)
    );
    // A config severity beats every market.
    let cfg = Config::parse(
        Path::new("claimlint.toml"),
        "[rules]\nsuperlative-claim = \"info\"\n",
    )
    .expect("valid");
    assert_eq!(
        claimlint::rules::severity(&cfg, &[Market::Sg], sup),
        Some(Severity::Info)
    );
}
