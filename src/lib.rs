//! claimlint: a linter for efficacy claims in aesthetics and skincare
//! Markdown.
//!
//! The library parses a draft, finds each claim, checks it carries evidence
//! and reports diagnostics with byte spans. It never prints and never touches
//! the network; the `claimlint` binary is a thin client of it.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod claims;
pub mod classify;
pub mod config;
pub mod evidence;
pub mod frontmatter;
pub mod html;
pub mod lexicon;
pub mod markdown;
pub mod prose;
pub mod sentence;
pub mod source;
