//! The documents the editor has open: their text as the editor has it
//! (kept in step by incremental edits), their version, the latest
//! analysis, and when each is due to be linted again.
//!
//! Owns text synchronisation and the debounce bookkeeping. Does not own
//! linting (the workers) or what is published (`mod.rs`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use claimlint::source::{ColumnUnit, SourceFile};
use lsp_types as lsp;

use super::analysis::Analysis;
use super::convert;

/// One open document.
pub(crate) struct Doc {
    /// The file it is, for configuration (an unsaved buffer gets a name in
    /// the first workspace folder).
    pub(crate) path: PathBuf,
    /// The editor's version of the text.
    pub(crate) version: i32,
    /// The text, with its line index.
    pub(crate) text: Arc<SourceFile>,
    /// The latest analysis, of whatever version it was made from.
    pub(crate) analysis: Option<Arc<Analysis>>,
    /// When it is due to be linted; `None` when its diagnostics are up to
    /// date or a lint is under way.
    pub(crate) due: Option<Instant>,
    /// A lint of it is running (its version), so another waits for it:
    /// rapid edits coalesce into one lint of the latest text.
    pub(crate) in_flight: Option<i32>,
}

impl Doc {
    /// The analysis of the current text, if there is one.
    pub(crate) fn current(&self) -> Option<&Arc<Analysis>> {
        self.analysis.as_ref().filter(|a| a.version == self.version)
    }
}

/// Every open document, by URI as the editor spells it.
#[derive(Default)]
pub(crate) struct Documents {
    pub(crate) docs: HashMap<lsp::Uri, Doc>,
}

impl Documents {
    /// Opens (or reopens) a document.
    pub(crate) fn open(&mut self, uri: lsp::Uri, path: PathBuf, version: i32, text: String) {
        let text = Arc::new(SourceFile::new(path.display().to_string(), text));
        self.docs.insert(
            uri,
            Doc {
                path,
                version,
                text,
                analysis: None,
                due: None,
                in_flight: None,
            },
        );
    }

    /// Applies the editor's changes, in order; `false` for a document
    /// that is not open (the notification is ignored).
    pub(crate) fn change(
        &mut self,
        uri: &lsp::Uri,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
        unit: ColumnUnit,
    ) -> bool {
        let Some(doc) = self.docs.get_mut(uri) else {
            return false;
        };
        let path = doc.text.path.clone();
        let mut text = doc.text.clone();
        for change in changes {
            let new = match change.range {
                None => change.text,
                Some(r) => {
                    let span = convert::span(&text, r, unit);
                    let mut s = String::with_capacity(text.text.len() + change.text.len());
                    s.push_str(&text.text[..span.start]);
                    s.push_str(&change.text);
                    s.push_str(&text.text[span.end..]);
                    s
                }
            };
            text = Arc::new(SourceFile::new(path.clone(), new));
        }
        doc.text = text;
        doc.version = version;
        true
    }

    /// Closes a document; `false` when it was not open.
    pub(crate) fn close(&mut self, uri: &lsp::Uri) -> bool {
        self.docs.remove(uri).is_some()
    }

    pub(crate) fn get(&self, uri: &lsp::Uri) -> Option<&Doc> {
        self.docs.get(uri)
    }

    pub(crate) fn get_mut(&mut self, uri: &lsp::Uri) -> Option<&mut Doc> {
        self.docs.get_mut(uri)
    }

    /// The soonest time a document is due to be linted (one being
    /// linted waits for that lint to finish, so it does not count).
    pub(crate) fn next_due(&self) -> Option<Instant> {
        self.docs
            .values()
            .filter(|d| d.in_flight.is_none())
            .filter_map(|d| d.due)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn change(
        sl: u32,
        sc: u32,
        el: u32,
        ec: u32,
        text: &str,
    ) -> lsp::TextDocumentContentChangeEvent {
        lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range::new(
                lsp::Position::new(sl, sc),
                lsp::Position::new(el, ec),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_land_after_wide_characters() {
        let uri = lsp::Uri::from_str("file:///tmp/a.md").unwrap();
        let mut docs = Documents::default();
        docs.open(
            uri.clone(),
            "/tmp/a.md".into(),
            1,
            "🧴 serum\n美白 cream\n".into(),
        );
        // UTF-16: the emoji is two units, so "serum" starts at 3.
        assert!(docs.change(&uri, 2, vec![change(0, 3, 0, 8, "gel")], ColumnUnit::Utf16));
        // UTF-8: 美白 is six bytes.
        assert!(docs.change(&uri, 3, vec![change(1, 7, 1, 12, "balm")], ColumnUnit::Utf8));
        let doc = docs.get(&uri).unwrap();
        assert_eq!(doc.text.text, "🧴 gel\n美白 balm\n");
        assert_eq!(doc.version, 3);
    }

    #[test]
    fn a_change_to_an_unknown_document_is_ignored() {
        let uri = lsp::Uri::from_str("file:///tmp/none.md").unwrap();
        let mut docs = Documents::default();
        assert!(!docs.change(&uri, 2, vec![change(0, 0, 0, 0, "x")], ColumnUnit::Utf16));
        assert!(!docs.close(&uri));
    }
}
