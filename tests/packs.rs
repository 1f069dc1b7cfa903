//! The rule packs: built-in packs load without problems, every file in
//! `rules/` is embedded, every pack rule's documented `bad` example is
//! reported by that rule while its `good` example is not, and every name in
//! the medicines table is found by the rule that reads it.

use std::collections::BTreeSet;

use claimlint::page::Market;
use claimlint::rules::pack::{BUILTIN_PACKS, PACKS};
use claimlint::{Config, Linter};

#[test]
fn builtin_packs_load_cleanly() {
    let problems = claimlint::rules::registry::problems();
    assert!(
        problems.is_empty(),
        "pack problems:\n{}",
        problems.join("\n")
    );
    assert!(!PACKS.rules.is_empty());
}

/// The checks that need every rule, pack and code, find what they look
/// for: a market severity for a rule that does not exist.
#[test]
fn a_market_severity_naming_no_rule_is_a_problem() {
    let bad = claimlint::rules::pack::load(&[(
        "zz",
        "[pack]\nname = \"zz\"\nprefix = \"ZZ\"\ndescription = \"x\"\n[severity]\nno-such-rule = \"error\"\n",
    )]);
    let problems = claimlint::rules::registry::problems_of(&bad);
    assert_eq!(
        problems,
        ["rules/zz.toml: [severity] names unknown rule `no-such-rule`"]
    );
}

/// A pattern that does not compile is a problem naming the rule and the
/// pattern (the packs check syntax here, not on every start-up).
#[test]
fn a_pattern_that_does_not_compile_is_a_problem() {
    let core = BUILTIN_PACKS.iter().find(|(n, _)| *n == "core").unwrap().1;
    let good = r"patterns = ['(?i)\bexosom";
    assert!(
        core.contains(good),
        "the core pack changed; pick another pattern"
    );
    let bad = core.replacen(good, r"patterns = ['(?i)(\bexosom", 1);
    let packs = claimlint::rules::pack::load(&[("core", Box::leak(bad.into_boxed_str()))]);
    let problems = claimlint::rules::registry::problems_of(&packs);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("rules/core.toml: rule ")
                && p.contains("bad pattern `(?i)(\\bexosom")),
        "{problems:#?}"
    );
}

#[test]
fn every_pack_file_is_embedded() {
    let on_disk: BTreeSet<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                // Data tables the packs read (the lexicon, the medicines,
                // the trained weights), not packs.
                n.ends_with(".toml")
                    && !matches!(
                        n.as_str(),
                        "lexicon.toml" | "medicines.toml" | "model.toml" | "strength.toml"
                    )
            })
            .map(|n| n.trim_end_matches(".toml").to_string())
            .collect();
    let embedded: BTreeSet<String> = BUILTIN_PACKS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, embedded);
    for m in Market::NAMES {
        assert!(embedded.contains(*m), "market {m} has no pack");
    }
}

/// A linter with `rule` turned on at error, whatever its default.
fn linter_with(rule: &str) -> Linter {
    let cfg = Config::parse(
        std::path::Path::new("claimlint.toml"),
        &format!("[rules]\n{rule} = \"error\"\n"),
    )
    .unwrap();
    Linter::new(cfg).unwrap()
}

#[test]
fn examples_run_as_tests() {
    let mut failures = Vec::new();
    for rule in &PACKS.rules {
        let meta = claimlint::rules::Rule::meta(*rule);
        assert!(!rule.examples.is_empty(), "{} has no example", meta.name);
        let linter = linter_with(meta.name);
        for ex in &rule.examples {
            let bad = linter.lint("bad.md", &ex.bad);
            if !bad.diagnostics.iter().any(|d| d.code == meta.code) {
                failures.push(format!(
                    "{}: bad example not reported: {:?}",
                    meta.name, ex.bad
                ));
            }
            let good = linter.lint("good.md", &ex.good);
            if let Some(d) = good.diagnostics.iter().find(|d| d.code == meta.code) {
                failures.push(format!(
                    "{}: good example reported ({}): {:?}",
                    meta.name, d.message, ex.good
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn market_severities_take_the_strictest_market() {
    let meta = claimlint::rules::find("superlative-claim").unwrap();
    assert_eq!(PACKS.severity_for(&[], meta), None, "off with no market");
    assert_eq!(
        PACKS.severity_for(&[Market::Uk], meta),
        Some(claimlint::Severity::Warning)
    );
    assert_eq!(
        PACKS.severity_for(&[Market::Uk, Market::Sg], meta),
        Some(claimlint::Severity::Error)
    );
    let pom = claimlint::rules::find("prescription-medicine-named").unwrap();
    assert_eq!(
        PACKS.severity_for(&[Market::Sg], pom),
        Some(claimlint::Severity::Error),
        "Singapore: HP advertisement regulations, reg 7"
    );
    assert_eq!(
        PACKS.severity_for(&[Market::Us], pom),
        Some(claimlint::Severity::Info)
    );
    assert_eq!(
        PACKS.severity_for(&[Market::Us, Market::Sg], pom),
        Some(claimlint::Severity::Error)
    );
    // Off in one market and on in another: "off" is not the strictest.
    let generic = claimlint::rules::find("generic-injectable-term").unwrap();
    assert_eq!(PACKS.severity_for(&[Market::Sg], generic), None);
    assert_eq!(
        PACKS.severity_for(&[Market::Sg, Market::Uk], generic),
        Some(claimlint::Severity::Error)
    );
}

#[test]
fn the_us_pack_does_not_let_a_hedge_lower_the_bar() {
    let base = claimlint::evidence::policy::Policy::default();
    let us = PACKS.policy_for(&[Market::Us], &base);
    assert_eq!(us.hedged, claimlint::evidence::Tier::Rct);
    assert_eq!(base.hedged, claimlint::evidence::Tier::Controlled);
}

#[test]
fn a_market_raises_only_the_levels_it_sets() {
    use claimlint::evidence::Tier;
    // The configuration lowers `direct`; the US pack sets `hedged` and
    // `speculative` only, so `direct` stays lowered on US pages.
    let base = claimlint::evidence::policy::Policy {
        direct: Tier::Controlled,
        hedged: Tier::Uncontrolled,
        ..claimlint::evidence::policy::Policy::default()
    };
    let us = PACKS.policy_for(&[Market::Us], &base);
    assert_eq!(us.direct, Tier::Controlled);
    assert_eq!(us.hedged, Tier::Rct);
}

#[test]
fn front_matter_markets_apply_per_page() {
    let linter = Linter::new(Config::default()).unwrap();
    let page = "---\nmarkets: [sg]\n---\n# Clinic\n\nWe are the leading clinic in town.\n";
    let r = linter.lint("p.md", page);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.rule == "superlative-claim")
        .expect("reported in sg");
    assert_eq!(d.severity, claimlint::Severity::Error);
    let r = linter.lint("p.md", "# Clinic\n\nWe are the leading clinic in town.\n");
    assert!(
        !r.diagnostics.iter().any(|d| d.rule == "superlative-claim"),
        "off with no market"
    );
}

#[test]
fn the_seed_article_in_singapore() {
    // Written to follow the founding article's shape without copying it: a
    // quoted testimonial, an uncited benefit, and "proven efficacy".
    let page = "---\nmarkets: [sg]\n---\n# Exosomes are a scam\n\nPeople tell us, \u{201c}Exosomes changed my skin overnight.\u{201d} The science disagrees.\n\nIn the lab, exosomes have shown potential to stimulate repair.\n\nWe recommend treatments with proven efficacy instead.\n";
    let r = Linter::new(Config::default())
        .unwrap()
        .lint("seed-like.md", page);
    let rules: Vec<&str> = r.diagnostics.iter().map(|d| d.rule).collect();
    assert!(rules.contains(&"testimonial-claim"), "{rules:?}");
    assert!(rules.contains(&"uncited-efficacy-claim"), "{rules:?}");
    assert!(rules.contains(&"disparaging-comparison"), "{rules:?}");
    let t = r
        .diagnostics
        .iter()
        .find(|d| d.rule == "testimonial-claim")
        .unwrap();
    assert_eq!(t.severity, claimlint::Severity::Error);
}

/// Every name of every medicine in `rules/medicines.toml` is reported by
/// `prescription-medicine-named`, and every generic wording by
/// `generic-injectable-term`, on a page for a market where it counts.
#[test]
fn every_medicine_name_is_matched() {
    use claimlint::medicines::{Group, MEDICINES};
    assert!(MEDICINES.problems.is_empty(), "{:?}", MEDICINES.problems);
    let mut missed = Vec::new();
    for (group, rule, entries) in [
        (
            Group::Medicine,
            "CL115",
            MEDICINES
                .medicines
                .iter()
                .flat_map(|m| m.names().map(move |n| (n.clone(), m.markets.clone())))
                .collect::<Vec<_>>(),
        ),
        (
            Group::Generic,
            "CL130",
            MEDICINES
                .generics
                .iter()
                .flat_map(|g| g.terms.iter().map(move |t| (t.clone(), g.markets.clone())))
                .collect(),
        ),
    ] {
        assert_eq!(MEDICINES.terms(group).len(), entries.len());
        // One linter per market: building one compiles the lexicon.
        let mut linters = std::collections::BTreeMap::new();
        for (name, markets) in entries {
            let market = markets.first().map_or("uk", String::as_str).to_string();
            let linter = linters.entry(market.clone()).or_insert_with(|| {
                Linter::new(
                    Config::parse(
                        std::path::Path::new("claimlint.toml"),
                        &format!("markets = [\"{market}\"]\n[rules]\n{rule} = \"error\"\n"),
                    )
                    .unwrap(),
                )
                .unwrap()
            });
            let page = format!("# Clinic\n\nAsk us about {name} at our clinic this week.\n");
            let r = linter.lint("p.md", &page);
            let hit = r.diagnostics.iter().any(|d| {
                d.code == rule && r.source.text[d.span.clone()].eq_ignore_ascii_case(&name)
            });
            if !hit {
                missed.push(format!("{rule} {market}: {name}"));
            }
        }
    }
    assert!(
        missed.is_empty(),
        "names not matched:\n{}",
        missed.join("\n")
    );
}

/// A name limited to some markets is not reported elsewhere: dermal fillers
/// are prescription-only in Australia, devices in the UK.
#[test]
fn market_limited_names_count_only_in_their_markets() {
    let page = "# Lips\n\nBook lip fillers and Juvederm with our nurse.\n";
    let lint = |m: &str| {
        Linter::new(
            Config::parse(
                std::path::Path::new("claimlint.toml"),
                &format!("markets = [\"{m}\"]\n"),
            )
            .unwrap(),
        )
        .unwrap()
        .lint("p.md", page)
        .diagnostics
        .iter()
        .filter(|d| d.code == "CL115" || d.code == "CL130")
        .count()
    };
    assert_eq!(lint("au"), 2);
    assert_eq!(lint("uk"), 0);
}
