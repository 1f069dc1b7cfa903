//! Turning `claimlint.toml` as written into a [`Config`]: `extends` first,
//! then each section of the file, one function per section.
//!
//! Owns validation (every value checked, errors spanned with a
//! did-you-mean) and the `extends` chain (depth, cycles, the project
//! boundary). Does not own the file's shape (`file`), reading bytes
//! safely (`access`) or applying `[[overrides]]` to a path (`overrides`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;

use super::error::ConfigError;
use super::file::{ConfigFile, OverrideConfig, PageConfig};
use super::model::{Config, MAX_EXTENDS_DEPTH, Override};
use crate::access::{self, Access};
use crate::diagnostic::Severity;
use crate::lexicon::Cat;
use crate::page::{ContentKind, Market, ProductClass};
use crate::suggest::{Unknown, clip, parse_named, unknown_field_hint};

impl Config {
    /// Reads and validates a config file, with the default [`Access`]
    /// (files it names must be inside its project; 1 MiB at most).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_with(path, &Access::default())
    }

    /// Reads and validates a config file the caller chose (named on the
    /// command line): the file itself may be anywhere, but what it names
    /// through `extends` and `[evidence] registry` must be inside its
    /// project or a directory `access` allows.
    #[doc(hidden)]
    pub fn load_with(path: &Path, access: &Access) -> Result<Config, ConfigError> {
        let root = access::project_root(path);
        let text = read_config_text(path, access).map_err(|e| ConfigError::unreadable(path, e))?;
        resolve(path, &text, access, &root)
    }

    /// Reads a config file found by discovery: like
    /// [`Config::load_with`], and the file itself, when it is a symbolic
    /// link, must lead inside its project.
    #[doc(hidden)]
    pub fn load_discovered(path: &Path, access: &Access) -> Result<Config, ConfigError> {
        let root = access::project_root(path);
        access::check_inside(path, &root, access).map_err(|e| ConfigError::unreadable(path, e))?;
        Config::load_with(path, access)
    }

    /// Parses and validates config text, following `extends`. `path` is
    /// where the text comes from: errors name it, and `extends` paths,
    /// `[[overrides]]` globs and the evidence registry (by default
    /// `evidence.toml` beside it, used when that file exists) are relative
    /// to its directory. Only files those settings name are read, and only
    /// inside the project that holds `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        resolve(path, text, &Access::default(), &access::project_root(path))
    }
}

/// A configuration file's text: a regular file inside the size limit,
/// valid UTF-8.
fn read_config_text(path: &Path, access: &Access) -> Result<String, access::ReadError> {
    access::read_regular(path, access.max_config_bytes, "--max-config-size").and_then(access::utf8)
}

/// The files being applied, innermost last, and the boundary they share.
struct Chain<'a> {
    files: Vec<PathBuf>,
    /// The project of the configuration file the chain started from.
    root: &'a Path,
    access: &'a Access,
}

/// An error in one file, before it knows which file: span, message, help.
type Problem = (Option<Range<usize>>, String, Option<String>);

fn spanned(span: Range<usize>, u: Unknown) -> Problem {
    (Some(span), u.message, Some(u.help))
}

/// Resolves `text`, the config file at `path`, whose `extends` and
/// registry must stay inside `root` (or what `access` allows).
fn resolve(path: &Path, text: &str, access: &Access, root: &Path) -> Result<Config, ConfigError> {
    let mut cfg = Config {
        path: Some(path.to_path_buf()),
        access: access.clone(),
        ..Config::default()
    };
    let mut chain = Chain {
        files: Vec::new(),
        root,
        access,
    };
    apply_file(&mut cfg, path, text, true, &mut chain)?;
    default_registry(&mut cfg, path, root, access)?;
    Ok(cfg)
}

/// The default registry sits beside the nearest claimlint.toml.
fn default_registry(
    cfg: &mut Config,
    path: &Path,
    root: &Path,
    access: &Access,
) -> Result<(), ConfigError> {
    if cfg.registry.is_some() {
        return Ok(());
    }
    let p = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(crate::evidence::registry::FILE_NAME);
    if std::fs::symlink_metadata(&p).is_err() {
        return Ok(());
    }
    access::check_inside(&p, root, access).map_err(|e| ConfigError {
        message: format!("evidence registry `{}` {e}", p.display()),
        ..ConfigError::unreadable(path, e.clone())
    })?;
    cfg.registry = Some(p);
    Ok(())
}

/// Applies one config file (after the files it extends) on top of `cfg`.
/// `excerpt` is false for a file read only because the command line
/// allowed its directory: its errors quote nothing of it.
fn apply_file(
    cfg: &mut Config,
    path: &Path,
    text: &str,
    excerpt: bool,
    chain: &mut Chain<'_>,
) -> Result<(), ConfigError> {
    let err =
        |(span, message, help): Problem| ConfigError::new(path, text, span, message, help, excerpt);
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim().to_string();
        let help = unknown_field_hint(&msg);
        err((e.span(), msg, help))
    })?;
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    chain.files.push(canonical);
    for e in &file.extends {
        apply_extends(cfg, path, e, chain).map_err(err)??;
    }
    chain.files.pop();
    cfg.sources.push(path.to_path_buf());
    cfg.source_texts.push(text.to_string());
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    apply_sections(cfg, &file, &dir, chain).map_err(err)
}

/// Every section of one file but `extends`, in a fixed order.
fn apply_sections(
    cfg: &mut Config,
    file: &ConfigFile,
    dir: &Path,
    chain: &Chain<'_>,
) -> Result<(), Problem> {
    cfg.severities.extend(parse_severities(&file.rules)?);
    apply_lexicon(cfg, file)?;
    if let Some(fields) = &file.front_matter.fields {
        cfg.front_matter_fields = fields.clone();
        cfg.front_matter_prose = false;
    }
    if let Some(read) = file.front_matter.read {
        cfg.front_matter_prose = read == super::file::FrontMatterRead::Prose;
    }
    cfg.front_matter_fields
        .extend(file.front_matter.extend_fields.iter().cloned());
    if !file.markets.is_empty() {
        cfg.page.markets = parse_markets(&file.markets)?;
    }
    let (content, class) = parse_page(&file.page)?;
    cfg.page.content = content.or(cfg.page.content);
    cfg.page.class = class.or(cfg.page.class);
    apply_evidence(cfg, file, dir, chain)?;
    apply_files(cfg, file)?;
    for o in &file.overrides {
        cfg.overrides.push(parse_override(o, dir)?);
    }
    Ok(())
}

/// Applies one file named by `extends` (relative to `path`'s directory).
/// The outer `Result` is a problem in the extending file; the inner one
/// an error inside the extended file, already complete.
fn apply_extends(
    cfg: &mut Config,
    path: &Path,
    e: &Spanned<String>,
    chain: &mut Chain<'_>,
) -> Result<Result<(), ConfigError>, Problem> {
    let target = path.parent().unwrap_or(Path::new(".")).join(e.get_ref());
    let shown = clip(&target.display().to_string(), 200).into_owned();
    if chain.files.len() >= MAX_EXTENDS_DEPTH {
        return Err((
            Some(e.span()),
            format!("`extends` is nested more than {MAX_EXTENDS_DEPTH} files deep"),
            Some("flatten the chain of configuration files".into()),
        ));
    }
    let canon = std::fs::canonicalize(&target).unwrap_or_else(|_| target.clone());
    if chain.files.contains(&canon) {
        return Err((
            Some(e.span()),
            format!("`extends` makes a cycle through `{shown}`"),
            None,
        ));
    }
    let cannot = |why: access::ReadError| {
        (
            Some(e.span()),
            format!("cannot read `{shown}`: it {why}"),
            Some("the path is relative to this claimlint.toml".into()),
        )
    };
    let resolved = access::check_inside(&target, chain.root, chain.access).map_err(cannot)?;
    let parent_text = read_config_text(&target, chain.access).map_err(cannot)?;
    // A file read only because the command line allowed its directory is
    // never quoted in an error.
    let quote = resolved.starts_with(chain.root);
    Ok(apply_file(cfg, &target, &parent_text, quote, chain))
}

/// `[lexicon]`: extra terms per category and extra patterns.
fn apply_lexicon(cfg: &mut Config, file: &ConfigFile) -> Result<(), Problem> {
    let names: Vec<&str> = Cat::ALL.iter().map(|c| c.name()).collect();
    let category = |k: &Spanned<String>| {
        parse_named("lexicon category", k.get_ref(), &names, Cat::from_name)
            .map_err(|u| spanned(k.span(), u))
    };
    for (k, terms) in &file.lexicon.extend {
        category(k)?;
        if terms.iter().any(|t| t.trim().is_empty()) {
            return Err((
                Some(k.span()),
                format!("lexicon category `{}` has an empty term", k.get_ref()),
                None,
            ));
        }
        cfg.lexicon_extra.insert(k.get_ref().clone(), terms.clone());
    }
    for p in &file.lexicon.patterns {
        category(&p.category)?;
        if let Err(e) = crate::lexicon::compile_pattern(p.regex.get_ref()) {
            return Err((
                Some(p.regex.span()),
                format!("invalid pattern: {e}"),
                Some("patterns use Rust regex syntax; look-around and backreferences are not supported, and patterns must compile to under 1 MB".into()),
            ));
        }
        cfg.lexicon_patterns
            .push((p.category.get_ref().clone(), p.regex.get_ref().clone()));
    }
    Ok(())
}

/// `[evidence]`: policy switches, minimum tiers and the registry path.
fn apply_evidence(
    cfg: &mut Config,
    file: &ConfigFile,
    dir: &Path,
    chain: &Chain<'_>,
) -> Result<(), Problem> {
    if let Some(b) = file.evidence.require_registry {
        cfg.policy.require_registry = b;
    }
    if let Some(b) = file.evidence.hedge_lowers_tier {
        cfg.policy.hedge_lowers_tier = b;
    }
    file.evidence
        .min_tier
        .apply(&mut cfg.policy)
        .map_err(|(span, m)| (Some(span), m, None))?;
    let Some(r) = &file.evidence.registry else {
        return Ok(());
    };
    let p = dir.join(r.get_ref());
    let shown = clip(&p.display().to_string(), 200).into_owned();
    if !p.is_file() {
        return Err((
            Some(r.span()),
            format!("evidence registry `{shown}` not found"),
            Some("the path is relative to this claimlint.toml".into()),
        ));
    }
    access::check_inside(&p, chain.root, chain.access).map_err(|why| {
        (
            Some(r.span()),
            format!("evidence registry `{shown}` {why}"),
            None,
        )
    })?;
    cfg.registry = Some(p);
    Ok(())
}

/// `[files]`: include and exclude globs.
fn apply_files(cfg: &mut Config, file: &ConfigFile) -> Result<(), Problem> {
    let written = |g: &[Spanned<String>]| g.iter().map(|g| g.get_ref().clone()).collect();
    if !file.files.include.is_empty() {
        cfg.include = globs(&file.files.include)?;
        cfg.include_patterns = written(&file.files.include);
    }
    if !file.files.exclude.is_empty() {
        cfg.exclude = globs(&file.files.exclude)?;
        cfg.exclude_patterns = written(&file.files.exclude);
    }
    Ok(())
}

/// One `[[overrides]]` entry.
fn parse_override(o: &OverrideConfig, dir: &Path) -> Result<Override, Problem> {
    if o.files.is_empty() {
        return Err((
            None,
            "an [[overrides]] entry has no `files`".into(),
            Some("give it `files = [\"blog/sg/**\"]`".into()),
        ));
    }
    let (content, class) = parse_page(&o.page)?;
    Ok(Override {
        globs: o.files.iter().map(|g| g.get_ref().clone()).collect(),
        matcher: globs(&o.files)?.unwrap_or_else(GlobSet::empty),
        base: dir.to_path_buf(),
        markets: o.markets.as_deref().map(parse_markets).transpose()?,
        severities: parse_severities(&o.rules)?,
        content,
        class,
    })
}

fn parse_markets(ms: &[Spanned<String>]) -> Result<Vec<Market>, Problem> {
    ms.iter()
        .map(|m| {
            parse_named("market", m.get_ref(), Market::NAMES, Market::parse)
                .map_err(|u| spanned(m.span(), u))
        })
        .collect()
}

/// `[page]` (or an override's): the content kind and class.
fn parse_page(p: &PageConfig) -> Result<(Option<ContentKind>, Option<ProductClass>), Problem> {
    let content = p
        .content
        .as_ref()
        .map(|v| {
            parse_named(
                "page content",
                v.get_ref(),
                ContentKind::NAMES,
                ContentKind::parse,
            )
            .map_err(|u| spanned(v.span(), u))
        })
        .transpose()?;
    let class = p
        .class
        .as_ref()
        .map(|v| {
            parse_named(
                "page class",
                v.get_ref(),
                ProductClass::NAMES,
                ProductClass::parse,
            )
            .map_err(|u| spanned(v.span(), u))
        })
        .transpose()?;
    Ok((content, class))
}

fn parse_severities(
    table: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> Result<BTreeMap<&'static str, Option<Severity>>, Problem> {
    let mut out = BTreeMap::new();
    let names = crate::rules::registry::all_names();
    for (k, v) in table {
        let meta = parse_named("rule", k.get_ref(), &names, crate::rules::registry::find).map_err(
            |u| {
                (
                    Some(k.span()),
                    u.message,
                    Some("run `claimlint rules` to list rule codes and names".into()),
                )
            },
        )?;
        let sev = Severity::parse_setting(v.get_ref()).map_err(|u| spanned(v.span(), u))?;
        out.insert(meta.code, sev);
    }
    Ok(out)
}

fn globs(patterns: &[Spanned<String>]) -> Result<Option<GlobSet>, Problem> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(p.get_ref()).map_err(|e| {
            (
                Some(p.span()),
                format!("invalid glob `{}`: {}", clip(p.get_ref(), 64), e.kind()),
                None,
            )
        })?;
        b.add(g);
        // A directory pattern also excludes what is inside it.
        if !p.get_ref().ends_with("/**")
            && let Ok(g) = Glob::new(&format!("{}/**", p.get_ref().trim_end_matches('/')))
        {
            b.add(g);
        }
    }
    b.build()
        .map(Some)
        .map_err(|e| (Some(patterns[0].span()), e.to_string(), None))
}
