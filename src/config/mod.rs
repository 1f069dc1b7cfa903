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
//! Declares and re-exports: `model` holds the resolved [`Config`], `error`
//! [`ConfigError`], `file` the TOML as written, `resolve` turns it into a `Config` (one function per
//! section), `overrides` applies `[[overrides]]` to a path, and `discover`
//! finds the files. Does not own reading files safely (`access`), the page
//! vocabulary (`page`), or which severity a rule runs at
//! (`rules::severity`). It does not lint.

pub mod discover;
mod error;
pub mod file;
mod model;
mod overrides;
mod resolve;

pub use error::ConfigError;
pub use model::{Config, FILE_NAME, MAX_EXTENDS_DEPTH, Override};

#[cfg(test)]
mod tests;
