//! Configuration: a `claimlint.toml`, resolved.
//!
//! A file's configuration is the nearest `claimlint.toml` in its directory
//! or a parent (or the one given with `--config`), with the files it
//! `extends` applied first and its `[[overrides]]` applied for the file's
//! path. Unknown keys, bad values and bad patterns are errors that point
//! into the TOML with a span and a did-you-mean; nothing is silently
//! ignored.
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
//!
//! Owns the resolved [`Config`] and [`ConfigError`]; `file` holds the TOML
//! as written, `resolve` turns it into a `Config` (one function per
//! section), `overrides` applies `[[overrides]]` to a path, and `discover`
//! finds the files. Does not own reading files safely (`access`), the page
//! vocabulary (`page`), or which severity a rule runs at
//! (`rules::severity`). It does not lint.

pub mod discover;
pub mod file;
mod overrides;
mod resolve;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::access::{self, Access};
use crate::diagnostic::Severity;
use crate::lexicon::Lexicon;
use crate::page::PageDefaults;

pub use overrides::Override;

/// The name of the configuration file.
pub const FILE_NAME: &str = "claimlint.toml";

/// How deep `extends` may nest: far beyond any real setup, far below what
/// would exhaust the stack.
pub const MAX_EXTENDS_DEPTH: usize = 64;

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

impl ConfigError {
    /// An error at `span` of `text`. When `excerpt` is false (a file from
    /// outside the project), the error quotes nothing of the file: it
    /// gives the line and column instead of a span, and what the message
    /// quotes is replaced by `…`.
    fn new(
        path: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: String,
        help: Option<String>,
        excerpt: bool,
    ) -> ConfigError {
        if excerpt {
            return ConfigError {
                path: path.to_path_buf(),
                text: text.to_string(),
                span,
                message,
                help,
            };
        }
        let at = span.map(|s| {
            let before = &text[..crate::source::floor_char_boundary(text, s.start)];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!(" (line {line}, column {column})")
        });
        ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            span: None,
            message: format!("{}{}", redact_quoted(&message), at.unwrap_or_default()),
            help,
        }
    }

    /// An error about the file as a whole: it could not be read.
    fn unreadable(path: &Path, why: access::ReadError) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            span: None,
            message: format!("cannot read config: it {why}"),
            help: None,
        }
    }
}

/// `message` with what it quotes (between backticks or double quotes)
/// replaced by `…`: the quoted parts of a config error are values from
/// the file, and a file from outside the project is never quoted.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '`' || c == '"' {
                    open = Some(c);
                }
            }
        }
    }
    out
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
    /// Front-matter fields read as prose.
    #[doc(hidden)]
    pub front_matter_fields: Vec<String>,
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
    /// Markets, content kind and class for pages that do not declare them.
    #[doc(hidden)]
    pub page: PageDefaults,
    /// Files this configuration was built from, root first (`extends`).
    #[doc(hidden)]
    pub sources: Vec<PathBuf>,
    /// Per-path overrides, in order.
    #[doc(hidden)]
    pub overrides: Vec<Override>,
    /// What the configuration may read: project boundary and size limits.
    #[doc(hidden)]
    pub access: Access,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            severities: BTreeMap::new(),
            lexicon_extra: BTreeMap::new(),
            lexicon_patterns: Vec::new(),
            front_matter_fields: crate::markdown::default_front_matter_fields(),
            include: None,
            exclude: None,
            include_patterns: Vec::new(),
            exclude_patterns: Vec::new(),
            policy: crate::policy::Policy::default(),
            registry: None,
            page: PageDefaults::default(),
            sources: Vec::new(),
            overrides: Vec::new(),
            access: Access::default(),
        }
    }
}

impl Config {
    /// The directory the config applies from (its file's directory).
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Builds the lexicon this configuration asks for.
    #[doc(hidden)]
    pub fn lexicon(&self) -> Result<Lexicon, crate::lexicon::LexiconError> {
        Lexicon::build_with_patterns(&self.lexicon_extra, &self.lexicon_patterns)
    }

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
        let text = resolve::read_config_text(path, access)
            .map_err(|e| ConfigError::unreadable(path, e))?;
        resolve::resolve(path, &text, access, &root)
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
        resolve::resolve(path, text, &Access::default(), &access::project_root(path))
    }

    /// Finds the nearest `claimlint.toml` at or above `dir`.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        discover::find_upwards(dir, FILE_NAME, discover::Stop::AtFilesystemRoot)
    }
}

#[cfg(test)]
mod tests;
