//! claimlint: a linter for efficacy claims in aesthetics and skincare
//! Markdown.
//!
//! The library parses a draft, finds each claim, checks that it carries
//! evidence and reports diagnostics with byte spans. It never prints and
//! never touches the network; the `claimlint` binary is a thin client of it.
//!
//! ```
//! use claimlint::{Config, Linter};
//!
//! let linter = Linter::new(Config::default()).unwrap();
//! let report = linter.lint("draft.md", "Exosomes repair skin.\n");
//! for d in &report.diagnostics {
//!     let at = report.source.line_col(d.span.start);
//!     println!("{}:{}: {} {}", at.line, at.column, d.code, d.message);
//! }
//! assert_eq!(report.claims.len(), 1);
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs)]

pub mod baseline;
pub mod claims;
pub mod classify;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod evidence;
pub mod fingerprint;
pub mod formats;
pub mod frontmatter;
pub mod git;
pub mod html;
pub mod lexicon;
pub mod lint;
pub mod markdown;
pub mod policy;
pub mod prose;
pub mod registry;
pub mod render;
pub mod rules;
pub mod sentence;
pub mod source;
pub mod suppress;
pub mod walk;

pub use config::Config;
pub use diagnostic::{Diagnostic, Severity};
pub use lint::{ClaimRecord, ClaimStatus, Linter, Report};
