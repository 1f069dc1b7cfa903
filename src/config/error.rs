//! Configuration errors: what is wrong, where in the TOML, and how to fix
//! it, without quoting files from outside the project.
//!
//! Owns [`ConfigError`] and its constructors. Does not own finding errors
//! (`resolve`) or printing them (the binary).

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::access;

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
    pub(super) fn new(
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
    pub(super) fn unreadable(path: &Path, why: access::ReadError) -> ConfigError {
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
