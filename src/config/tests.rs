//! Tests of configuration loading and resolution.

use std::path::{Path, PathBuf};

use super::*;
use crate::diagnostic::Severity;
use crate::page::Market;

fn parse(s: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("claimlint.toml"), s)
}

#[test]
fn severities_by_code_or_name() {
    let c = parse("[rules]\nCL002 = \"info\"\nuncited-efficacy-claim = \"off\"\n").unwrap();
    assert_eq!(c.severities["CL002"], Some(Severity::Info));
    assert_eq!(c.severities["CL001"], None);
}

#[test]
fn unknown_keys_are_spanned_errors_with_a_hint() {
    let text = "[files]\nexlude = [\"x\"]\n";
    let e = parse(text).unwrap_err();
    assert_eq!(&text[e.span.clone().unwrap()], "exlude");
    assert_eq!(e.help.as_deref(), Some("did you mean `exclude`?"));
}

#[test]
fn unknown_rules_suggest_a_name() {
    let text = "[rules]\nuncited-eficacy-claim = \"off\"\n";
    let e = parse(text).unwrap_err();
    assert!(
        e.message.contains("did you mean `uncited-efficacy-claim`"),
        "{}",
        e.message
    );
    assert_eq!(&text[e.span.unwrap()], "uncited-eficacy-claim");
}

#[test]
fn bad_severity_and_category() {
    assert!(
        parse("[rules]\nCL001 = \"fatal\"\n")
            .unwrap_err()
            .message
            .contains("unknown severity")
    );
    assert!(
        parse("[lexicon.extend]\nverb-upp = [\"x\"]\n")
            .unwrap_err()
            .message
            .contains("did you mean `verb-up`")
    );
}

#[test]
fn bad_and_huge_patterns_are_errors() {
    let e = parse("[[lexicon.patterns]]\ncategory = \"establishment\"\nregex = \"(unclosed\"\n")
        .unwrap_err();
    assert!(e.message.contains("invalid pattern"), "{}", e.message);
    let e = parse(
        "[[lexicon.patterns]]\ncategory = \"establishment\"\nregex = \"\\\\w{1000}{1000}\"\n",
    )
    .unwrap_err();
    assert!(e.message.contains("invalid pattern"), "{}", e.message);
    let c =
        parse("[[lexicon.patterns]]\ncategory = \"establishment\"\nregex = \"\\\\d+x stronger\"\n")
            .unwrap();
    assert_eq!(c.lexicon_patterns.len(), 1);
}

#[test]
fn bad_globs_are_errors() {
    assert!(
        parse("[files]\nexclude = [\"a[\"]\n")
            .unwrap_err()
            .message
            .contains("invalid glob")
    );
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("claimlint-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn extends_applies_the_base_first_and_detects_cycles() {
    let d = tmp("extends");
    std::fs::write(
        d.join("base.toml"),
        "markets = [\"uk\"]\n[rules]\nCL001 = \"info\"\nCL002 = \"off\"\n",
    )
    .unwrap();
    std::fs::write(
        d.join("claimlint.toml"),
        "extends = [\"base.toml\"]\n[rules]\nCL001 = \"warning\"\n",
    )
    .unwrap();
    let c = Config::load(&d.join("claimlint.toml")).unwrap();
    assert_eq!(c.page.markets, vec![Market::Uk]);
    assert_eq!(
        c.severities["CL001"],
        Some(Severity::Warning),
        "the extending file wins"
    );
    assert_eq!(c.severities["CL002"], None);
    assert_eq!(
        c.sources,
        vec![d.join("base.toml"), d.join("claimlint.toml")]
    );

    std::fs::write(d.join("base.toml"), "extends = [\"claimlint.toml\"]\n").unwrap();
    let e = Config::load(&d.join("claimlint.toml")).unwrap_err();
    assert!(e.message.contains("cycle"), "{}", e.message);
    std::fs::write(d.join("claimlint.toml"), "extends = [\"missing.toml\"]\n").unwrap();
    let e = Config::load(&d.join("claimlint.toml")).unwrap_err();
    assert!(e.message.contains("missing.toml"), "{}", e.message);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn overrides_apply_to_matching_paths_in_order() {
    let d = tmp("overrides");
    let text = "markets = [\"us\"]\n[[overrides]]\nfiles = [\"blog/sg/**\"]\nmarkets = [\"sg\"]\n[overrides.rules]\nCL001 = \"info\"\n\
                [[overrides]]\nfiles = [\"blog/sg/legacy/*.md\"]\n[overrides.rules]\nCL001 = \"off\"\n";
    std::fs::write(d.join("claimlint.toml"), text).unwrap();
    let c = Config::load(&d.join("claimlint.toml")).unwrap();
    let other = c.for_path(&d.join("blog/us/a.md"));
    assert_eq!(other.page.markets, vec![Market::Us]);
    assert!(!other.severities.contains_key("CL001"));
    let sg = c.for_path(&d.join("blog/sg/a.md"));
    assert_eq!(sg.page.markets, vec![Market::Sg]);
    assert_eq!(sg.severities["CL001"], Some(Severity::Info));
    let legacy = c.for_path(&d.join("blog/sg/legacy/old.md"));
    assert_eq!(legacy.page.markets, vec![Market::Sg]);
    assert_eq!(legacy.severities["CL001"], None, "the later override wins");
    assert!(
        parse("[[overrides]]\nmarkets = [\"sg\"]\n")
            .unwrap_err()
            .message
            .contains("`files`")
    );
    assert!(
        parse("[[overrides]]\nfiles = [\"x/**\"]\nmarkets = [\"sgp\"]\n")
            .unwrap_err()
            .message
            .contains("unknown market")
    );
    let _ = std::fs::remove_dir_all(&d);
}
