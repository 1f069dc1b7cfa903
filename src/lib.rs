//! claimlint: a linter for efficacy claims in aesthetics and skincare
//! Markdown.
//!
//! The library parses a draft, finds each claim, checks that it carries
//! evidence and reports diagnostics with byte spans. It never prints, never
//! reads the files it lints (it is given their text) and never touches the
//! network; the `claimlint` binary is a client of it.
//!
//! # The API
//!
//! Build a [`Linter`] from a [`Config`] once, then call [`Linter::lint`]
//! with each file's path and text. The [`Report`] holds the
//! [`Diagnostic`]s (rule code and name, [`Severity`], message, help, byte
//! span) and every claim found, as a [`ClaimRecord`] with its
//! [`ClaimStatus`]. [`Report::source`] turns byte spans into 1-based lines
//! and character columns.
//!
//! A configuration comes from [`Config::default`], from a `claimlint.toml`
//! with [`Config::load`], or from TOML text with [`Config::parse`]:
//!
//! ```
//! use std::path::Path;
//!
//! use claimlint::{ClaimStatus, Config, Linter, Severity};
//!
//! let toml = r#"
//! markets = ["uk"]
//!
//! [rules]
//! uncited-hedged-claim = "error"
//! "#;
//! // The path names the file in errors, and its directory is where
//! // `[[overrides]]` globs and `extends` paths start.
//! let config = Config::parse(Path::new("site/claimlint.toml"), toml).unwrap();
//! let linter = Linter::new(config).unwrap();
//!
//! let draft = "# Peels\n\nOur peel may fade dark spots.\n\n\
//!              Retinol smooths fine lines (Kafi et al., 2007).\n";
//! let report = linter.lint("site/peels.md", draft);
//!
//! let d = &report.diagnostics[0];
//! let (start, end) = report.source.span_line_cols(&d.span);
//! assert_eq!((d.code, d.rule), ("CL002", "uncited-hedged-claim"));
//! assert_eq!(d.severity, Severity::Error); // raised by `[rules]`
//! assert_eq!(&draft[d.span.clone()], "fade dark spots");
//! assert_eq!((start.line, start.column, end.column), (3, 14, 29));
//! assert_eq!(report.diagnostics.len(), 1);
//!
//! for record in &report.claims {
//!     let at = report.source.line_col(record.claim.span.start);
//!     println!(
//!         "{}:{}: `{}` is {}",
//!         at.line,
//!         at.column,
//!         record.claim.trigger,
//!         record.status.as_str()
//!     );
//! }
//! let statuses: Vec<ClaimStatus> = report.claims.iter().map(|c| c.status).collect();
//! assert_eq!(statuses, [ClaimStatus::Unsupported, ClaimStatus::Supported]);
//! ```
//!
//! Columns count characters (Unicode scalar values), not bytes; editors
//! that count UTF-16 code units (JavaScript, the Language Server Protocol)
//! must convert, as the markdownlint plugin in `integrations/markdownlint`
//! does.
//!
//! The items re-exported here are the API. The modules are public only for
//! the `claimlint` binary and the tests, hidden from these docs, and may
//! change in any release.
#![forbid(unsafe_code)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs)]

#[doc(hidden)]
pub mod access;
#[cfg(test)]
mod architecture;
#[doc(hidden)]
pub mod baseline;
#[doc(hidden)]
pub mod claims;
#[doc(hidden)]
pub mod classify;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod diagnostic;
#[doc(hidden)]
pub mod digest;
#[doc(hidden)]
pub mod directive;
#[doc(hidden)]
pub mod evidence;
#[doc(hidden)]
pub mod fingerprint;
#[doc(hidden)]
pub mod frontmatter;
#[doc(hidden)]
pub mod git;
#[doc(hidden)]
pub mod html;
mod inflect;
#[doc(hidden)]
pub mod keys;
mod lazy_regex;
#[doc(hidden)]
pub mod lexicon;
#[doc(hidden)]
pub mod lint;
#[doc(hidden)]
pub mod markdown;
#[doc(hidden)]
pub mod medicines;
#[doc(hidden)]
pub mod output;
#[doc(hidden)]
pub mod page;
mod phrase_trie;
#[doc(hidden)]
pub mod project;
#[doc(hidden)]
pub mod prose;
#[doc(hidden)]
pub mod register;
#[doc(hidden)]
pub mod rules;
#[doc(hidden)]
pub mod sentence;
#[doc(hidden)]
pub mod source;
#[doc(hidden)]
pub mod suggest;
#[doc(hidden)]
pub mod suppress;
#[doc(hidden)]
pub mod timings;
#[doc(hidden)]
pub mod train;
#[doc(hidden)]
pub mod visible;
#[doc(hidden)]
pub mod walk;

pub use claims::{Claim, Cue};
pub use classify::{Kind, Strength};
pub use config::{Config, ConfigError};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use evidence::{Citation, TierOrigin};
pub use evidence::{CitationKind, Population, Subject, Tier};
pub use lexicon::LexiconError;
pub use lint::{Linter, LinterError, Report};
pub use register::{ClaimRecord, ClaimStatus};
pub use source::{LineCol, SourceFile};

// docs/library.md's Rust examples ("Embedding the library") run as doc
// tests, so the page cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
struct LibraryDocDoctests;
