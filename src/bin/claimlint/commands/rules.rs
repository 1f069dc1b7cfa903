//! `claimlint rules` and `claimlint rule NAME`: every rule, or one rule's
//! explanation, with its severity here and in each market.
//!
//! Owns the listings. Does not own the rules or their severity
//! (`claimlint::rules`).

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use claimlint::{Config, Severity, rules};
use serde_json::json;

use crate::args::{ListFormat, RuleArgs, RulesArgs};
use crate::out::{Out, print_config_error};
use crate::say;

fn severity_name(s: Option<Severity>) -> &'static str {
    s.map_or("off", |s| s.as_str())
}

/// The configuration that `rules` and `rule` report severities under: the
/// nearest `claimlint.toml` from the current directory, as `check` would
/// use for a file here, else the defaults.
fn config_here() -> Result<Config, ExitCode> {
    let here = std::env::current_dir().unwrap_or_default();
    let Some(path) = Config::discover(&here) else {
        return Ok(Config::default());
    };
    Config::load_discovered(&path, &claimlint::access::Access::default()).map_err(|e| {
        print_config_error(&e);
        ExitCode::from(2)
    })
}

pub(crate) fn list_rules(a: RulesArgs) -> Result<ExitCode> {
    let config = match config_here() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let mut out = Out::new();
    let market: Vec<claimlint::page::Market> = a
        .market
        .iter()
        .filter_map(|m| claimlint::page::Market::parse(m))
        .collect();
    let metas: Vec<(&rules::RuleMeta, Option<Severity>)> = rules::registry()
        .iter()
        .map(|r| r.meta())
        .map(|m| (m, rules::severity(&config, &market, m)))
        // With a market, list what applies there.
        .filter(|(_, sev)| market.is_empty() || sev.is_some())
        .collect();
    match a.format {
        ListFormat::Json => {
            let v: Vec<_> = metas
                .iter()
                .map(|(m, sev)| {
                    let mut j = rule_json(&config, m);
                    if !market.is_empty() {
                        j["market_severity"] = json!(severity_name(*sev));
                    }
                    j
                })
                .collect();
            out.line(&serde_json::to_string_pretty(&v)?)?;
        }
        ListFormat::Text => {
            for (m, sev) in metas {
                out.line(&format!(
                    "{:<7} {:<37} {:<8} {}",
                    m.code,
                    m.name,
                    severity_name(sev),
                    m.summary
                ))?;
            }
        }
    }
    out.finish().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

fn rule_json(config: &Config, m: &rules::RuleMeta) -> serde_json::Value {
    let markets: serde_json::Map<String, serde_json::Value> = claimlint::page::Market::ALL
        .iter()
        .map(|&mk| {
            (
                mk.as_str().to_string(),
                json!(severity_name(rules::severity(config, &[mk], m))),
            )
        })
        .collect();
    json!({
        "code": m.code,
        "name": m.name,
        "severity": severity_name(rules::severity(config, &[], m)),
        "markets": markets,
        "summary": m.summary,
        "explanation": m.explanation_text(),
    })
}

pub(crate) fn explain_rule(a: RuleArgs) -> Result<ExitCode> {
    let names = rules::all_names();
    let m = match claimlint::suggest::parse_named("rule", &a.name, &names, rules::find) {
        Ok(m) => m,
        Err(u) => {
            say!("error: {}\n  run `claimlint rules` to list them", u.message);
            return Ok(ExitCode::from(2));
        }
    };
    let config = match config_here() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let mut out = Out::new();
    match a.format {
        ListFormat::Json => out.line(&serde_json::to_string_pretty(&rule_json(&config, m))?)?,
        ListFormat::Text => {
            let here = severity_name(rules::severity(&config, &[], m));
            out.line(&format!("# {} ({})\n", m.name, m.code))?;
            out.line(&format!("Default severity: {}\n", severity_name(m.default)))?;
            out.line(&format!("{}\n", m.summary))?;
            out.line("| Market | Severity |\n| --- | --- |")?;
            out.line(&format!("| (none selected) | {here} |"))?;
            for &mk in claimlint::page::Market::ALL {
                let sev = severity_name(rules::severity(&config, &[mk], m));
                out.line(&format!("| {mk} | {sev} |"))?;
            }
            out.line("")?;
            out.line(&m.explanation_text())?;
        }
    }
    out.finish().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
