//! `[[overrides]]`: settings for the files whose path matches a glob.
//!
//! Owns the resolved [`Override`] and applying the matching ones to a
//! [`Config`] for one path. Does not own parsing the values (`resolve`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use super::Config;
use crate::diagnostic::Severity;
use crate::page::{ContentKind, Market, ProductClass};

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

impl Config {
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
                && !c.page.force_markets
            {
                c.page.markets = m.clone();
            }
            c.severities
                .extend(o.severities.iter().map(|(k, v)| (*k, *v)));
            if o.content.is_some() {
                c.page.content = o.content;
            }
            if o.class.is_some() {
                c.page.class = o.class;
            }
        }
        std::borrow::Cow::Owned(c)
    }
}
