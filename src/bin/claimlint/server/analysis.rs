//! One document linted: the report (or why it could not be checked), the
//! linter that made it, and that as LSP diagnostics; and the project the
//! server lints with, which a configuration change replaces whole.
//!
//! Owns turning a snapshot of a document into an [`Analysis`] through the
//! library's `Project` (the same configuration resolution as `claimlint
//! check`), and diagnostics about configuration files. Does not own when
//! to lint (`mod.rs`) or what requests make of an analysis.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use claimlint::lint::{Linter, Report};
use claimlint::project::{Options, Project, SetupError};
use claimlint::source::{ColumnUnit, SourceFile};
use lsp_types as lsp;

use super::convert;

/// The project the server lints with: set up, or the error of a
/// `--config` that could not be loaded (reported on that file).
#[derive(Clone)]
pub(crate) enum Setup {
    Ready(Arc<Project>),
    Broken(Arc<SetupError>, Option<PathBuf>),
}

impl Setup {
    /// Sets up a project from `options`; a broken `--config` is kept as
    /// the reason nothing can be checked.
    pub(crate) fn new(options: &Options) -> Setup {
        match Project::new(options.clone()) {
            Ok(p) => Setup::Ready(Arc::new(p)),
            Err(e) => Setup::Broken(Arc::new(e), options.config.clone()),
        }
    }

    /// Every configuration that could not be set up so far, with its file.
    pub(crate) fn errors(&self) -> Vec<(Option<PathBuf>, SetupError)> {
        match self {
            Setup::Ready(p) => p.setup_errors(),
            Setup::Broken(e, path) => vec![(path.clone(), (**e).clone())],
        }
    }

    /// The linter for `path`, or why there is none.
    pub(crate) fn linter_for(&self, path: &Path) -> Result<Arc<Linter>, SetupError> {
        match self {
            Setup::Ready(p) => p.linter_for(path),
            Setup::Broken(e, _) => Err((**e).clone()),
        }
    }
}

/// A document's text at one version, linted.
pub(crate) struct Analysis {
    /// The version of the text linted.
    pub(crate) version: i32,
    /// The project generation it was linted under (a reload starts a new
    /// one, and older analyses are dropped).
    pub(crate) generation: u64,
    pub(crate) outcome: Outcome,
}

pub(crate) enum Outcome {
    Linted {
        /// Boxed: a report is large beside a setup error.
        report: Box<Report>,
        linter: Arc<Linter>,
    },
    /// Not checked: its configuration is broken.
    NotChecked { why: SetupError },
}

impl Analysis {
    /// Lints `text` as the file `path`.
    pub(crate) fn make(
        setup: &Setup,
        path: &Path,
        text: &SourceFile,
        version: i32,
        generation: u64,
    ) -> Analysis {
        let outcome = match setup.linter_for(path) {
            Ok(linter) => Outcome::Linted {
                report: Box::new(linter.lint(&path.display().to_string(), &text.text)),
                linter,
            },
            Err(why) => Outcome::NotChecked { why },
        };
        Analysis {
            version,
            generation,
            outcome,
        }
    }

    /// The report, when the document was checked.
    pub(crate) fn report(&self) -> Option<&Report> {
        match &self.outcome {
            Outcome::Linted { report, .. } => Some(report),
            Outcome::NotChecked { .. } => None,
        }
    }

    /// The linter, when the document was checked.
    pub(crate) fn linter(&self) -> Option<&Arc<Linter>> {
        match &self.outcome {
            Outcome::Linted { linter, .. } => Some(linter),
            Outcome::NotChecked { .. } => None,
        }
    }

    /// What to publish for the document.
    pub(crate) fn diagnostics(&self, uri: &lsp::Uri, unit: ColumnUnit) -> Vec<lsp::Diagnostic> {
        match &self.outcome {
            Outcome::Linted { report, .. } => report_diagnostics(report, uri, unit),
            Outcome::NotChecked { why } => vec![not_checked(why, unit)],
        }
    }
}

/// A report's findings as LSP diagnostics on `uri`.
pub(crate) fn report_diagnostics(
    report: &Report,
    uri: &lsp::Uri,
    unit: ColumnUnit,
) -> Vec<lsp::Diagnostic> {
    report
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(d, &report.source, uri, unit))
        .collect()
}

/// The one diagnostic of a page whose configuration is broken: at its
/// start, pointing at the configuration's error.
fn not_checked(why: &SetupError, unit: ColumnUnit) -> lsp::Diagnostic {
    let related = match why {
        SetupError::Config(e) => Some(vec![lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(convert::uri_of(&e.path), config_range(e, unit)),
            message: e.message.clone(),
        }]),
        SetupError::Linter(_) => None,
    };
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        code: Some(lsp::NumberOrString::String("config".into())),
        source: Some("claimlint".into()),
        message: format!("not checked: its configuration is invalid: {why}"),
        related_information: related,
        ..lsp::Diagnostic::default()
    }
}

/// Where a configuration error is in its file.
fn config_range(e: &claimlint::ConfigError, unit: ColumnUnit) -> lsp::Range {
    match &e.span {
        Some(span) if span.end <= e.text.len() => {
            let file = SourceFile::new(e.path.display().to_string(), e.text.as_str());
            convert::range(&file, span, unit)
        }
        _ => lsp::Range::default(),
    }
}

/// The diagnostics to publish on configuration files: each error of
/// `errors` on the file it is in, with its span.
pub(crate) fn config_diagnostics(
    errors: &[(Option<PathBuf>, SetupError)],
    unit: ColumnUnit,
) -> Vec<(lsp::Uri, lsp::Diagnostic)> {
    let mut out = Vec::new();
    for (path, e) in errors {
        let (file, range, message, help) = match e {
            SetupError::Config(c) => (
                Some(c.path.clone()),
                config_range(c, unit),
                c.message.clone(),
                c.help.clone(),
            ),
            SetupError::Linter(m) => (path.clone(), lsp::Range::default(), m.clone(), None),
        };
        let Some(file) = file else { continue };
        let mut message = format!("invalid config: {message}");
        if let Some(h) = help {
            message.push_str("\nhelp: ");
            message.push_str(&h);
        }
        let d = lsp::Diagnostic {
            range,
            severity: Some(lsp::DiagnosticSeverity::ERROR),
            code: Some(lsp::NumberOrString::String("config".into())),
            source: Some("claimlint".into()),
            message,
            ..lsp::Diagnostic::default()
        };
        out.push((convert::uri_of(&file), d));
    }
    out
}
