//! The resolved configuration, [`Config`]: what a `claimlint.toml` (with
//! the files it extends) says, validated.
//!
//! Owns the type and its defaults. Does not own building it (`resolve`) or
//! applying `[[overrides]]` (`overrides`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::access::Access;
use crate::diagnostic::Severity;
use crate::lexicon::Lexicon;
use crate::page::{ContentKind, Market, PageDefaults, ProductClass};

/// The name of the configuration file.
pub const FILE_NAME: &str = "claimlint.toml";

/// How deep `extends` may nest: far beyond any real setup, far below what
/// would exhaust the stack.
pub const MAX_EXTENDS_DEPTH: usize = 64;

/// An `[[overrides]]` entry, resolved.
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written.
    pub globs: Vec<String>,
    pub(super) matcher: GlobSet,
    /// Directory the globs are relative to.
    pub base: PathBuf,
    /// Markets for matching files.
    pub markets: Option<Vec<Market>>,
    /// Severities for matching files.
    pub severities: BTreeMap<&'static str, Option<Severity>>,
    /// Page content default.
    pub content: Option<ContentKind>,
    /// Product class default.
    pub class: Option<ProductClass>,
}

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
    pub policy: crate::evidence::policy::Policy,
    /// The evidence registry file, when one is in use.
    #[doc(hidden)]
    pub registry: Option<PathBuf>,
    /// Markets, content kind and class for pages that do not declare them.
    #[doc(hidden)]
    pub page: PageDefaults,
    /// Files this configuration was built from, root first (`extends`).
    #[doc(hidden)]
    pub sources: Vec<PathBuf>,
    /// The text of each of `sources`, in the same order: what
    /// [`Config::digest`] identifies the configuration by.
    #[doc(hidden)]
    pub source_texts: Vec<String>,
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
            front_matter_prose: true,
            include: None,
            exclude: None,
            include_patterns: Vec::new(),
            exclude_patterns: Vec::new(),
            policy: crate::evidence::policy::Policy::default(),
            registry: None,
            page: PageDefaults::default(),
            sources: Vec::new(),
            source_texts: Vec::new(),
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

    /// What identifies this configuration in a report: SHA-256 over the
    /// text of every file it was built from (root first), the evidence
    /// registry's text and the markets the command line forced, each
    /// framed by its length. Paths are left out, so the same files give the
    /// same digest on every machine; no file gives the built-in defaults'
    /// digest.
    pub fn digest(&self, registry_text: Option<&str>) -> String {
        let mut all = b"claimlint-config-1\0".to_vec();
        let mut part = |name: &str, bytes: &[u8]| {
            all.extend_from_slice(name.as_bytes());
            all.extend_from_slice(format!("\0{}\0", bytes.len()).as_bytes());
            all.extend_from_slice(bytes);
        };
        for t in &self.source_texts {
            part("config", t.as_bytes());
        }
        if let Some(r) = registry_text {
            part("registry", r.as_bytes());
        }
        if self.page.force_markets {
            let names: Vec<&str> = self.page.markets.iter().map(|m| m.as_str()).collect();
            part("markets", names.join(",").as_bytes());
        }
        format!("sha256:{}", crate::digest::sha256(&all))
    }

    /// Builds the lexicon this configuration asks for.
    #[doc(hidden)]
    pub fn lexicon(&self) -> Result<Lexicon, crate::lexicon::LexiconError> {
        Lexicon::build_with_patterns(&self.lexicon_extra, &self.lexicon_patterns)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Config;

    #[test]
    fn digest_follows_the_text_not_the_path() {
        let text = "markets = [\"uk\"]\n";
        let a = Config::parse(Path::new("a/claimlint.toml"), text).expect("config");
        let b = Config::parse(Path::new("b/claimlint.toml"), text).expect("config");
        assert_eq!(a.digest(None), b.digest(None));
        assert!(a.digest(None).starts_with("sha256:"));
        let c =
            Config::parse(Path::new("a/claimlint.toml"), "markets = [\"eu\"]\n").expect("config");
        assert_ne!(a.digest(None), c.digest(None));
        assert_ne!(a.digest(None), Config::default().digest(None));
        assert_ne!(a.digest(None), a.digest(Some("[[source]]\n")));
        // Framing: moving bytes between the config and the registry
        // changes the digest.
        let d = Config {
            source_texts: vec!["ab".into()],
            ..Config::default()
        };
        let e = Config {
            source_texts: vec!["a".into()],
            ..Config::default()
        };
        assert_ne!(d.digest(Some("c")), e.digest(Some("bc")));
    }
}
