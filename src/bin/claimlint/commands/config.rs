//! `claimlint config --show FILE`: the configuration that applies to a
//! file, as TOML that says where each part came from.
//!
//! Owns the command and the printer. Does not own resolving configuration
//! (`claimlint::project`, `claimlint::config`).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use claimlint::Config;
use claimlint::page::{Market, Page};
use claimlint::project::{Options, Project, SetupError};
use claimlint::rules;

use crate::args::ConfigArgs;
use crate::out::{Out, print_config_error, shown};
use crate::say;

/// Runs `config --show`.
pub(crate) fn show_config(a: ConfigArgs) -> Result<ExitCode> {
    let access = match a.access.access() {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let options = Options {
        config: a.config.clone(),
        markets: a.market.iter().filter_map(|m| Market::parse(m)).collect(),
        access,
        ..Options::default()
    };
    let linter = match Project::new(options).and_then(|p| p.linter_for(&a.show)) {
        Ok(l) => l,
        Err(e) => {
            match e {
                SetupError::Config(e) => print_config_error(&e),
                SetupError::Linter(m) => say!("error: {m}"),
            }
            return Ok(ExitCode::from(2));
        }
    };
    // The file need not exist yet: a draft's path decides its overrides.
    let limit = claimlint::access::DEFAULT_MAX_FILE_BYTES;
    let text = match claimlint::access::read_bounded(&a.show, limit, "--max-file-size") {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) if !a.show.exists() => String::new(),
        Err(e) => {
            say!("error: {}: {e}", shown(&a.show));
            return Ok(ExitCode::from(2));
        }
    };
    let shown = a.show.display().to_string();
    let (config, page, declared) = linter.page_for_file(&shown, &text);
    let mut out = Out::new();
    out.line(show_config_toml(&config, &a.show, &page, &declared).trim_end_matches('\n'))?;
    out.finish().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

/// The configuration that applies to `file`, as TOML that could be
/// saved as a `claimlint.toml`, with comments saying where each part
/// came from. `page` is the file's page settings (front matter over
/// configuration), which decide its markets.
fn show_config_toml(
    config: &Config,
    file: &Path,
    page: &Page,
    front_matter: &[(String, String)],
) -> String {
    let mut out = provenance(config, file, front_matter);
    let markets: Vec<String> = page
        .markets
        .iter()
        .map(|m| m.as_str().to_string())
        .collect();
    out.push_str(&format!("\nmarkets = {}\n", list(&markets)));
    out.push_str("\n[page]\n");
    if let Some(c) = page.content {
        out.push_str(&format!("content = {}\n", q(c.as_str())));
    }
    if let Some(c) = page.class {
        out.push_str(&format!("class = {}\n", q(c.as_str())));
    }
    out.push_str(&evidence_section(config, page));
    out.push_str(&reading_sections(config));
    out.push_str("\n[rules]\n");
    for r in rules::registry() {
        let m = r.meta();
        let sev = rules::severity(config, &page.markets, m).map_or("off", |s| s.as_str());
        let why = if config.severities.contains_key(m.code) {
            ", set by configuration"
        } else {
            ""
        };
        out.push_str(&format!("{} = {}  # {}{why}\n", m.code, q(sev), m.name));
    }
    out
}

/// A TOML string.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML array of strings.
fn list<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    let items: Vec<String> = items.into_iter().map(|s| q(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The comments at the top: which files, overrides, front matter and
/// flags the configuration comes from.
fn provenance(config: &Config, file: &Path, front_matter: &[(String, String)]) -> String {
    let mut out = format!("# claimlint configuration for {}\n", file.display());
    if config.sources.is_empty() {
        out.push_str("# no claimlint.toml found: built-in defaults\n");
    } else {
        let names: Vec<String> = config
            .sources
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        out.push_str(&format!("# from: {}\n", names.join(" <- ")));
    }
    for o in config.overrides_for(file) {
        out.push_str(&format!("# override applied: files = {}\n", list(&o.globs)));
    }
    for (k, v) in front_matter {
        out.push_str(&format!("# front matter: {k} = {}\n", q(v)));
    }
    if config.page.force_markets {
        out.push_str("# --market overrides the configuration and front matter\n");
    }
    out
}

/// `[evidence]` and `[evidence.min-tier]`, as the page's markets raise
/// them.
fn evidence_section(config: &Config, page: &Page) -> String {
    let policy = claimlint::rules::pack::PACKS.policy_for(&page.markets, &config.policy);
    let mut out = String::from("\n[evidence]\n");
    if let Some(r) = &config.registry {
        out.push_str(&format!("registry = {}\n", q(&r.display().to_string())));
    }
    out.push_str(&format!(
        "require-registry = {}\nhedge-lowers-tier = {}\n",
        policy.require_registry, policy.hedge_lowers_tier
    ));
    out.push_str("\n[evidence.min-tier]\n");
    for (k, t) in [
        ("establishment", policy.establishment),
        ("establishment-percentage", policy.establishment_percentage),
        ("direct", policy.direct),
        ("hedged", policy.hedged),
        ("speculative", policy.speculative),
        ("correlational", policy.correlational),
        ("sensory", policy.sensory),
    ] {
        out.push_str(&format!("{k} = {}\n", q(t.as_str())));
    }
    out
}

/// `[front-matter]`, `[files]` and `[lexicon]`: what is read, and how.
fn reading_sections(config: &Config) -> String {
    let read = if config.front_matter_prose {
        "prose"
    } else {
        "fields"
    };
    let mut out = format!(
        "\n[front-matter]\nread = {}\nfields = {}\n",
        q(read),
        list(&config.front_matter_fields)
    );
    if !config.include_patterns.is_empty() || !config.exclude_patterns.is_empty() {
        out.push_str("\n[files]\n");
        if !config.include_patterns.is_empty() {
            out.push_str(&format!("include = {}\n", list(&config.include_patterns)));
        }
        if !config.exclude_patterns.is_empty() {
            out.push_str(&format!("exclude = {}\n", list(&config.exclude_patterns)));
        }
    }
    if !config.lexicon_extra.is_empty() {
        out.push_str("\n[lexicon.extend]\n");
        for (k, v) in &config.lexicon_extra {
            out.push_str(&format!("{k} = {}\n", list(v)));
        }
    }
    for (cat, re) in &config.lexicon_patterns {
        out.push_str(&format!(
            "\n[[lexicon.patterns]]\ncategory = {}\nregex = {}\n",
            q(cat),
            q(re)
        ));
    }
    out
}
