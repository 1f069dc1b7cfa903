//! Configuration: `claimlint.toml`, its discovery, validation and errors.
//!
//! A file's configuration is the nearest `claimlint.toml` in its directory
//! or a parent (or the one given with `--config`). Unknown keys, bad values
//! and bad patterns are errors that point into the TOML with a span and a
//! did-you-mean; nothing is silently ignored. This module does not lint.
//!
//! ```toml
//! [rules]                      # severity per rule code or name
//! CL002 = "info"
//! uncited-superiority-claim = "off"
//!
//! [lexicon.extend]             # extra cue phrases per category
//! verb-up = ["supercharge"]
//!
//! [front-matter]
//! extend-fields = ["hero-text"]   # or `fields = [...]` to replace the defaults
//!
//! [files]
//! exclude = ["drafts/**"]
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::lexicon::{Cat, Lexicon};
use crate::rules;

/// The name of the configuration file.
pub const FILE_NAME: &str = "claimlint.toml";

/// " (did you mean `x`?)" when a close match exists, else "".
pub fn did_you_mean(name: &str, candidates: &[&str]) -> String {
    let name = name.to_lowercase();
    // One edit away (a swap counts as one), first in the list: `rtc` → `rct`,
    // `CL01` → `CL001`. Otherwise the closest by Jaro–Winkler.
    let close = candidates
        .iter()
        .find(|c| strsim::osa_distance(&name, &c.to_lowercase()) <= 1);
    let best = close.copied().or_else(|| {
        candidates
            .iter()
            .map(|c| (strsim::jaro_winkler(&name, &c.to_lowercase()), *c))
            .filter(|(s, _)| *s > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c)
    });
    best.map_or(String::new(), |c| format!(" (did you mean `{c}`?)"))
}

/// `claimlint.toml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Severity per rule code or name: error, warning, info or off.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Lexicon extensions.
    #[serde(default)]
    pub lexicon: LexiconConfig,
    /// Front-matter fields read as prose.
    #[serde(default)]
    pub front_matter: FrontMatterConfig,
    /// Which files to check.
    #[serde(default)]
    pub files: FilesConfig,
    /// The evidence registry and policy.
    #[serde(default)]
    pub evidence: EvidenceConfig,
    /// Markets whose rule packs apply: us, uk, eu, sg, au.
    #[serde(default)]
    pub markets: Vec<Spanned<String>>,
    /// What the pages are, when their front matter does not say.
    #[serde(default)]
    pub page: PageConfig,
    /// Config files to build on, relative to this one; this file wins.
    #[serde(default)]
    pub extends: Vec<Spanned<String>>,
    /// Settings for files matching globs (relative to this file's
    /// directory), applied in order.
    #[serde(default)]
    pub overrides: Vec<OverrideConfig>,
}

/// `[[overrides]]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideConfig {
    /// Globs of the files it applies to.
    pub files: Vec<Spanned<String>>,
    /// Markets for those files.
    #[serde(default)]
    pub markets: Option<Vec<Spanned<String>>>,
    /// Rule severities for those files.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Page defaults for those files.
    #[serde(default)]
    pub page: PageConfig,
}

/// An `[[overrides]]` entry, resolved.
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written.
    pub globs: Vec<String>,
    matcher: GlobSet,
    /// Directory the globs are relative to.
    pub base: PathBuf,
    /// Markets for matching files.
    pub markets: Option<Vec<String>>,
    /// Severities for matching files.
    pub severities: BTreeMap<&'static str, Option<Severity>>,
    /// Page content default.
    pub content: Option<String>,
    /// Product class default.
    pub class: Option<String>,
}

/// `[page]`: defaults for pages whose front matter does not declare them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PageConfig {
    /// `service`, `product` or `editorial`.
    pub content: Option<Spanned<String>>,
    /// `cosmetic`, `device`, `medicine` or `biologic`.
    pub class: Option<Spanned<String>>,
}

/// Values of a page's `content`.
pub const CONTENT_KINDS: &[&str] = &["service", "product", "editorial"];
/// Values of a page's `class`.
pub const CLASSES: &[&str] = &["cosmetic", "device", "medicine", "biologic"];

/// `[evidence]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EvidenceConfig {
    /// The registry file, relative to `claimlint.toml` (default
    /// `evidence.toml`, used when it exists).
    pub registry: Option<Spanned<String>>,
    /// Sources must be in the registry to count.
    pub require_registry: Option<bool>,
    /// Whether a hedge may lower the tier a claim needs.
    pub hedge_lowers_tier: Option<bool>,
    /// Minimum tiers by kind of claim.
    #[serde(default)]
    pub min_tier: crate::policy::MinTierConfig,
}

/// `[lexicon]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LexiconConfig {
    /// Extra terms per category name.
    #[serde(default)]
    pub extend: BTreeMap<Spanned<String>, Vec<String>>,
    /// Extra regular-expression cues.
    #[serde(default)]
    pub patterns: Vec<PatternConfig>,
}

/// `[[lexicon.patterns]]`: a regular expression that marks a cue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternConfig {
    /// The lexicon category the match belongs to.
    pub category: Spanned<String>,
    /// The pattern (Rust `regex` syntax: linear time, no backtracking).
    pub regex: Spanned<String>,
}

/// `[front-matter]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatterConfig {
    /// `"prose"`: every string value that reads as prose (the default);
    /// `"fields"`: only the selected fields (the default when `fields` is
    /// set).
    pub read: Option<FrontMatterRead>,
    /// Replaces the default field list.
    pub fields: Option<Vec<String>>,
    /// Adds to the field list.
    #[serde(default)]
    pub extend_fields: Vec<String>,
}

/// Which front-matter strings are read as prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrontMatterRead {
    /// Every string value that reads as prose.
    Prose,
    /// Only the selected fields.
    Fields,
}

/// `[files]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilesConfig {
    /// Globs of files to check (default: `.md`, `.markdown`, `.mdx`).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Globs of files and directories to skip.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
}

/// A configuration error, with where it is in the TOML.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// Its text, for rendering the span.
    pub text: String,
    /// Where the problem is.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// A resolved configuration: a `claimlint.toml` with its `extends` chain
/// applied and validated. Build one with [`Config::load`] or
/// [`Config::parse`]; [`Config::default`] is claimlint with no
/// configuration file. The fields and methods hidden from these docs serve
/// the binary and the tests and may change in any release.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Configured severity per rule code; `None` means off.
    #[doc(hidden)]
    pub severities: BTreeMap<&'static str, Option<Severity>>,
    /// Extra lexicon terms per category name.
    #[doc(hidden)]
    pub lexicon_extra: BTreeMap<String, Vec<String>>,
    /// Extra regular-expression cues: (category, pattern).
    #[doc(hidden)]
    pub lexicon_patterns: Vec<(String, String)>,
    /// Front-matter fields read as prose, when only selected fields are.
    #[doc(hidden)]
    pub front_matter_fields: Vec<String>,
    /// Read every front-matter string that reads as prose.
    #[doc(hidden)]
    pub front_matter_prose: bool,
    /// Include globs (empty: the default extensions).
    #[doc(hidden)]
    pub include: Option<GlobSet>,
    /// Exclude globs.
    #[doc(hidden)]
    pub exclude: Option<GlobSet>,
    /// The include patterns as written.
    #[doc(hidden)]
    pub include_patterns: Vec<String>,
    /// The exclude patterns as written.
    #[doc(hidden)]
    pub exclude_patterns: Vec<String>,
    /// The evidence policy.
    #[doc(hidden)]
    pub policy: crate::policy::Policy,
    /// The evidence registry file, when one is in use.
    #[doc(hidden)]
    pub registry: Option<PathBuf>,
    /// Markets whose packs apply.
    #[doc(hidden)]
    pub markets: Vec<String>,
    /// `markets` override each page's front matter (`--market`).
    #[doc(hidden)]
    pub force_markets: bool,
    /// Default page content kind.
    #[doc(hidden)]
    pub content: Option<String>,
    /// Default product class.
    #[doc(hidden)]
    pub class: Option<String>,
    /// Files this configuration was built from, root first (`extends`).
    #[doc(hidden)]
    pub sources: Vec<PathBuf>,
    /// Per-path overrides, in order.
    #[doc(hidden)]
    pub overrides: Vec<Override>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            severities: BTreeMap::new(),
            lexicon_extra: BTreeMap::new(),
            lexicon_patterns: Vec::new(),
            front_matter_fields: crate::markdown::default_front_matter_fields(),
            front_matter_prose: true,
            include: None,
            exclude: None,
            include_patterns: Vec::new(),
            exclude_patterns: Vec::new(),
            policy: crate::policy::Policy::default(),
            registry: None,
            markets: Vec::new(),
            force_markets: false,
            content: None,
            class: None,
            sources: Vec::new(),
            overrides: Vec::new(),
        }
    }
}

impl Config {
    /// The severity a rule runs at with no market selected, or `None` when
    /// it is off.
    #[doc(hidden)]
    pub fn severity(&self, meta: &rules::RuleMeta) -> Option<Severity> {
        match self.severities.get(meta.code) {
            Some(s) => *s,
            None => (!meta.default_off).then_some(meta.default_severity),
        }
    }

    /// The severity a rule runs at on a page targeting `markets`: the
    /// configuration's when set, else the strictest market's.
    #[doc(hidden)]
    pub fn severity_for(&self, markets: &[String], meta: &rules::RuleMeta) -> Option<Severity> {
        match self.severities.get(meta.code) {
            Some(s) => *s,
            None => rules::pack::PACKS.severity_for(markets, meta),
        }
    }

    /// The directory the config applies from (its file's directory).
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Builds the lexicon this configuration asks for.
    #[doc(hidden)]
    pub fn lexicon(&self) -> Result<Lexicon, crate::lexicon::LexiconError> {
        Lexicon::build_with_patterns(&self.lexicon_extra, &self.lexicon_patterns)
    }

    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    return Err(ConfigError {
                        path: path.to_path_buf(),
                        text: String::new(),
                        span: None,
                        message: format!(
                            "not valid UTF-8 (at byte {})",
                            e.utf8_error().valid_up_to()
                        ),
                        help: None,
                    });
                }
            },
            Err(e) => {
                let what = if path.is_dir() {
                    "is a directory, not a file".to_string()
                } else {
                    e.to_string()
                };
                return Err(ConfigError {
                    path: path.to_path_buf(),
                    text: String::new(),
                    span: None,
                    message: format!("cannot read config: {what}"),
                    help: None,
                });
            }
        };
        Config::parse(path, &text)
    }

    /// Parses and validates config text, following `extends`. `path` is
    /// where the text comes from: errors name it, and `extends` paths,
    /// `[[overrides]]` globs and the evidence registry (by default
    /// `evidence.toml` beside it, used when that file exists) are relative
    /// to its directory. Only files those settings name are read.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let mut cfg = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        let mut chain = Vec::new();
        cfg.apply_file(path, text, &mut chain)?;
        // The default registry sits beside the nearest claimlint.toml.
        if cfg.registry.is_none() {
            let p = path
                .parent()
                .unwrap_or(Path::new("."))
                .join(crate::registry::FILE_NAME);
            if p.is_file() {
                cfg.registry = Some(p);
            }
        }
        Ok(cfg)
    }

    /// Applies one config file (after the files it extends) on top of `self`.
    fn apply_file(
        &mut self,
        path: &Path,
        text: &str,
        chain: &mut Vec<PathBuf>,
    ) -> Result<(), ConfigError> {
        let cfg = self;
        let err = |span: Option<Range<usize>>, message: String, help: Option<String>| ConfigError {
            path: path.to_path_buf(),
            text: text.to_string(),
            span,
            message,
            help,
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let help = unknown_field_hint(&msg);
            err(e.span(), msg, help)
        })?;
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        chain.push(canonical);
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        for e in &file.extends {
            let target = dir.join(e.get_ref());
            let canon = std::fs::canonicalize(&target).unwrap_or_else(|_| target.clone());
            if chain.contains(&canon) {
                return Err(err(
                    Some(e.span()),
                    format!("`extends` makes a cycle through `{}`", target.display()),
                    None,
                ));
            }
            let parent_text = std::fs::read_to_string(&target).map_err(|io| {
                err(
                    Some(e.span()),
                    format!(
                        "cannot read `{}`: {}",
                        target.display(),
                        crate::walk::io_reason(&io)
                    ),
                    Some("the path is relative to this claimlint.toml".into()),
                )
            })?;
            cfg.apply_file(&target, &parent_text, chain)?;
        }
        chain.pop();
        cfg.sources.push(path.to_path_buf());
        cfg.severities
            .extend(parse_severities(&file.rules).map_err(|(span, m, h)| err(Some(span), m, h))?);
        for (k, terms) in &file.lexicon.extend {
            if Cat::from_name(k.get_ref()).is_none() {
                let names: Vec<&str> = Cat::ALL.iter().map(|c| c.name()).collect();
                let hint = did_you_mean(k.get_ref(), &names);
                return Err(err(
                    Some(k.span()),
                    format!("unknown lexicon category `{}`{hint}", k.get_ref()),
                    Some(format!("categories: {}", names.join(", "))),
                ));
            }
            if let Some(empty) = terms.iter().find(|t| t.trim().is_empty()) {
                let _ = empty;
                return Err(err(
                    Some(k.span()),
                    format!("lexicon category `{}` has an empty term", k.get_ref()),
                    None,
                ));
            }
            cfg.lexicon_extra.insert(k.get_ref().clone(), terms.clone());
        }
        for p in &file.lexicon.patterns {
            if Cat::from_name(p.category.get_ref()).is_none() {
                let names: Vec<&str> = Cat::ALL.iter().map(|c| c.name()).collect();
                let hint = did_you_mean(p.category.get_ref(), &names);
                return Err(err(
                    Some(p.category.span()),
                    format!("unknown lexicon category `{}`{hint}", p.category.get_ref()),
                    None,
                ));
            }
            if let Err(e) = crate::lexicon::compile_pattern(p.regex.get_ref()) {
                return Err(err(Some(p.regex.span()), format!("invalid pattern: {e}"), Some("patterns use Rust regex syntax; look-around and backreferences are not supported, and patterns must compile to under 1 MB".into())));
            }
            cfg.lexicon_patterns
                .push((p.category.get_ref().clone(), p.regex.get_ref().clone()));
        }
        if let Some(fields) = &file.front_matter.fields {
            cfg.front_matter_fields = fields.clone();
            cfg.front_matter_prose = false;
        }
        if let Some(read) = file.front_matter.read {
            cfg.front_matter_prose = read == FrontMatterRead::Prose;
        }
        cfg.front_matter_fields
            .extend(file.front_matter.extend_fields.iter().cloned());
        if !file.markets.is_empty() {
            cfg.markets = file
                .markets
                .iter()
                .map(parse_market)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|(span, m, h)| err(Some(span), m, h))?;
        }
        for (value, allowed, slot, what) in [
            (
                &file.page.content,
                CONTENT_KINDS,
                &mut cfg.content,
                "content",
            ),
            (&file.page.class, CLASSES, &mut cfg.class, "class"),
        ] {
            if let Some(v) = value {
                if !allowed.contains(&v.get_ref().as_str()) {
                    let hint = did_you_mean(v.get_ref(), allowed);
                    return Err(err(
                        Some(v.span()),
                        format!("unknown page {what} `{}`{hint}", v.get_ref()),
                        Some(format!("use one of {}", allowed.join(", "))),
                    ));
                }
                *slot = Some(v.get_ref().clone());
            }
        }
        if let Some(b) = file.evidence.require_registry {
            cfg.policy.require_registry = b;
        }
        if let Some(b) = file.evidence.hedge_lowers_tier {
            cfg.policy.hedge_lowers_tier = b;
        }
        file.evidence
            .min_tier
            .apply(&mut cfg.policy)
            .map_err(|(span, m)| err(Some(span), m, None))?;
        if let Some(r) = &file.evidence.registry {
            let p = dir.join(r.get_ref());
            if !p.is_file() {
                return Err(err(
                    Some(r.span()),
                    format!("evidence registry `{}` not found", p.display()),
                    Some("the path is relative to this claimlint.toml".into()),
                ));
            }
            cfg.registry = Some(p);
        }
        if !file.files.include.is_empty() {
            cfg.include =
                globs(&file.files.include).map_err(|(span, m)| err(Some(span), m, None))?;
            cfg.include_patterns = file
                .files
                .include
                .iter()
                .map(|g| g.get_ref().clone())
                .collect();
        }
        if !file.files.exclude.is_empty() {
            cfg.exclude =
                globs(&file.files.exclude).map_err(|(span, m)| err(Some(span), m, None))?;
            cfg.exclude_patterns = file
                .files
                .exclude
                .iter()
                .map(|g| g.get_ref().clone())
                .collect();
        }
        for o in &file.overrides {
            if o.files.is_empty() {
                return Err(err(
                    None,
                    "an [[overrides]] entry has no `files`".into(),
                    Some("give it `files = [\"blog/sg/**\"]`".into()),
                ));
            }
            let matcher = globs(&o.files)
                .map_err(|(span, m)| err(Some(span), m, None))?
                .unwrap_or_else(GlobSet::empty);
            let markets = match &o.markets {
                None => None,
                Some(ms) => Some(
                    ms.iter()
                        .map(parse_market)
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|(span, m, h)| err(Some(span), m, h))?,
                ),
            };
            let mut content = None;
            let mut class = None;
            for (value, allowed, slot, what) in [
                (&o.page.content, CONTENT_KINDS, &mut content, "content"),
                (&o.page.class, CLASSES, &mut class, "class"),
            ] {
                if let Some(v) = value {
                    if !allowed.contains(&v.get_ref().as_str()) {
                        let hint = did_you_mean(v.get_ref(), allowed);
                        return Err(err(
                            Some(v.span()),
                            format!("unknown page {what} `{}`{hint}", v.get_ref()),
                            Some(format!("use one of {}", allowed.join(", "))),
                        ));
                    }
                    *slot = Some(v.get_ref().clone());
                }
            }
            cfg.overrides.push(Override {
                globs: o.files.iter().map(|g| g.get_ref().clone()).collect(),
                matcher,
                base: dir.clone(),
                markets,
                severities: parse_severities(&o.rules)
                    .map_err(|(span, m, h)| err(Some(span), m, h))?,
                content,
                class,
            });
        }
        Ok(())
    }

    /// The `[[overrides]]` entries whose globs match `file`, in order.
    #[doc(hidden)]
    pub fn overrides_for(&self, file: &Path) -> Vec<&Override> {
        if self.overrides.is_empty() {
            return vec![];
        }
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        self.overrides
            .iter()
            .filter(|o| {
                let base = std::path::absolute(&o.base).unwrap_or_else(|_| o.base.clone());
                abs.strip_prefix(&base)
                    .is_ok_and(|rel| o.matcher.is_match(rel))
            })
            .collect()
    }

    /// This configuration as it applies to one file: every `[[overrides]]`
    /// entry whose globs match the file's path, applied in order.
    #[doc(hidden)]
    pub fn for_path(&self, file: &Path) -> std::borrow::Cow<'_, Config> {
        let matching = self.overrides_for(file);
        if matching.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut c = self.clone();
        for o in matching {
            if let Some(m) = &o.markets
                && !c.force_markets
            {
                c.markets = m.clone();
            }
            c.severities
                .extend(o.severities.iter().map(|(k, v)| (*k, *v)));
            if o.content.is_some() {
                c.content = o.content.clone();
            }
            if o.class.is_some() {
                c.class = o.class.clone();
            }
        }
        std::borrow::Cow::Owned(c)
    }

    /// The configuration that applies to `file`, as TOML that could be
    /// saved as a `claimlint.toml`, with comments saying where each part
    /// came from. `page` is the file's page settings (front matter over
    /// configuration), which decide its markets.
    #[doc(hidden)]
    pub fn show(
        &self,
        file: &Path,
        page: &rules::pack::Page,
        front_matter: &[(String, String)],
    ) -> String {
        fn q(s: &str) -> String {
            toml::Value::String(s.to_string()).to_string()
        }
        fn list<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
            format!(
                "[{}]",
                items
                    .into_iter()
                    .map(|s| q(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        let mut out = format!("# claimlint configuration for {}\n", file.display());
        if self.sources.is_empty() {
            out.push_str("# no claimlint.toml found: built-in defaults\n");
        } else {
            let names: Vec<String> = self
                .sources
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            out.push_str(&format!("# from: {}\n", names.join(" <- ")));
        }
        for o in self.overrides_for(file) {
            out.push_str(&format!("# override applied: files = {}\n", list(&o.globs)));
        }
        for (k, v) in front_matter {
            out.push_str(&format!("# front matter: {k} = {}\n", q(v)));
        }
        if self.force_markets {
            out.push_str("# --market overrides the configuration and front matter\n");
        }
        out.push_str(&format!("\nmarkets = {}\n", list(&page.markets)));
        out.push_str("\n[page]\n");
        if let Some(c) = &page.content {
            out.push_str(&format!("content = {}\n", q(c)));
        }
        if let Some(c) = &page.class {
            out.push_str(&format!("class = {}\n", q(c)));
        }
        let policy = rules::pack::PACKS.policy_for(&page.markets, &self.policy);
        out.push_str("\n[evidence]\n");
        if let Some(r) = &self.registry {
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
        let read = if self.front_matter_prose {
            "prose"
        } else {
            "fields"
        };
        out.push_str(&format!(
            "\n[front-matter]\nread = {}\nfields = {}\n",
            q(read),
            list(&self.front_matter_fields)
        ));
        if !self.include_patterns.is_empty() || !self.exclude_patterns.is_empty() {
            out.push_str("\n[files]\n");
            if !self.include_patterns.is_empty() {
                out.push_str(&format!("include = {}\n", list(&self.include_patterns)));
            }
            if !self.exclude_patterns.is_empty() {
                out.push_str(&format!("exclude = {}\n", list(&self.exclude_patterns)));
            }
        }
        if !self.lexicon_extra.is_empty() {
            out.push_str("\n[lexicon.extend]\n");
            for (k, v) in &self.lexicon_extra {
                out.push_str(&format!("{k} = {}\n", list(v)));
            }
        }
        for (cat, re) in &self.lexicon_patterns {
            out.push_str(&format!(
                "\n[[lexicon.patterns]]\ncategory = {}\nregex = {}\n",
                q(cat),
                q(re)
            ));
        }
        out.push_str("\n[rules]\n");
        for r in rules::registry() {
            let m = r.meta();
            let sev = self
                .severity_for(&page.markets, m)
                .map_or("off", |s| s.as_str());
            let why = if self.severities.contains_key(m.code) {
                ", set by configuration"
            } else {
                ""
            };
            out.push_str(&format!("{} = {}  # {}{why}\n", m.code, q(sev), m.name));
        }
        out
    }

    /// Finds the nearest `claimlint.toml` at or above `dir`.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let mut cur = Some(dir);
        while let Some(d) = cur {
            let p = d.join(FILE_NAME);
            if p.exists() {
                return Some(p);
            }
            cur = d.parent();
        }
        None
    }
}

type SpannedError = (Range<usize>, String, Option<String>);

fn parse_market(m: &Spanned<String>) -> Result<String, SpannedError> {
    let name = m.get_ref().to_lowercase();
    if rules::pack::MARKETS.contains(&name.as_str()) {
        Ok(name)
    } else {
        let hint = did_you_mean(&name, rules::pack::MARKETS);
        Err((
            m.span(),
            format!("unknown market `{}`{hint}", m.get_ref()),
            Some(format!("markets: {}", rules::pack::MARKETS.join(", "))),
        ))
    }
}

fn parse_severities(
    table: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> Result<BTreeMap<&'static str, Option<Severity>>, SpannedError> {
    let mut out = BTreeMap::new();
    for (k, v) in table {
        let Some(meta) = rules::find(k.get_ref()) else {
            let hint = did_you_mean(k.get_ref(), &rules::all_names());
            return Err((
                k.span(),
                format!("unknown rule `{}`{hint}", k.get_ref()),
                Some("run `claimlint rules` to list rule codes and names".into()),
            ));
        };
        let sev = match v.get_ref().as_str() {
            "off" => None,
            s => match Severity::parse(s) {
                Some(s) => Some(s),
                None => {
                    let hint = did_you_mean(s, &["error", "warning", "info", "off"]);
                    return Err((
                        v.span(),
                        format!("unknown severity `{s}`{hint}"),
                        Some("use \"error\", \"warning\", \"info\" or \"off\"".into()),
                    ));
                }
            },
        };
        out.insert(meta.code, sev);
    }
    Ok(out)
}

fn globs(patterns: &[Spanned<String>]) -> Result<Option<GlobSet>, (Range<usize>, String)> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(p.get_ref()).map_err(|e| {
            (
                p.span(),
                format!("invalid glob `{}`: {}", p.get_ref(), e.kind()),
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
        .map_err(|e| (patterns[0].span(), e.to_string()))
}

/// "unknown field `x`, expected one of `a`, `b`": suggests the closest.
pub(crate) fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (name, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let hint = did_you_mean(name, &names);
    (!hint.is_empty()).then(|| {
        hint.trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let e =
            parse("[[lexicon.patterns]]\ncategory = \"establishment\"\nregex = \"(unclosed\"\n")
                .unwrap_err();
        assert!(e.message.contains("invalid pattern"), "{}", e.message);
        let e = parse(
            "[[lexicon.patterns]]\ncategory = \"establishment\"\nregex = \"\\\\w{1000}{1000}\"\n",
        )
        .unwrap_err();
        assert!(e.message.contains("invalid pattern"), "{}", e.message);
        let c = parse(
            "[[lexicon.patterns]]\ncategory = \"establishment\"\nregex = \"\\\\d+x stronger\"\n",
        )
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
        let d =
            std::env::temp_dir().join(format!("claimlint-config-{}-{name}", std::process::id()));
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
        assert_eq!(c.markets, vec!["uk"]);
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
        assert_eq!(other.markets, vec!["us"]);
        assert!(!other.severities.contains_key("CL001"));
        let sg = c.for_path(&d.join("blog/sg/a.md"));
        assert_eq!(sg.markets, vec!["sg"]);
        assert_eq!(sg.severities["CL001"], Some(Severity::Info));
        let legacy = c.for_path(&d.join("blog/sg/legacy/old.md"));
        assert_eq!(legacy.markets, vec!["sg"]);
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
}
