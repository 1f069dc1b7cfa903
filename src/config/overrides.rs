//! `[[overrides]]`: settings for the files whose path matches a glob.
//!
//! Owns applying the matching entries to a [`Config`] for one path. Does
//! not own the resolved entry (`model::Override`) or parsing it
//! (`resolve`).

use std::path::Path;

use super::model::{Config, Override};

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
