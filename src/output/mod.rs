//! Output: every format claimlint prints, each in its own file, behind
//! one [`Emitter`] trait, so the binary's streaming and the tests use the
//! same code.
//!
//! A run writes [`Emitter::begin`], then each file as it is linted (its
//! output rendered by [`Emitter::render`] on the thread that linted it,
//! written in input order by [`Emitter::file`]), then [`Emitter::end`]
//! with the [`Summary`]. Rendering is pure, so files render in parallel
//! and print in a stable order; a file's output is dropped once written,
//! so memory does not grow with the number of files. A file with many
//! findings or claims ([`is_large`]) is instead written by
//! [`Emitter::stream`] as it is rendered, in input order, so its output
//! (for a 10 MB page, hundreds of MB) is never held whole; the bytes are
//! the same either way.
//!
//! `check` formats: [`human`], [`concise`], [`json`], [`sarif`], [`github`], [`gitlab`],
//! [`junit`]. `claims` formats: [`register`] (JSON, CSV, Markdown). This
//! module owns how findings and claims are written; it does not decide
//! what is found (the linter) or what is shown (the binary's filters).

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod register;
pub mod sarif;
pub mod step_summary;
pub mod summary;

use std::io::{self, Write};

use crate::baseline::Fixed;
use crate::lint::Report;
use summary::{StatusCounts, Totals};

/// A file that could not be checked, and why.
pub type Failure = (String, String);

/// One file's output, rendered where it was linted.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The bytes to write.
    pub bytes: Vec<u8>,
    /// How many findings they hold.
    pub findings: usize,
    /// Further parts, for a format that places a file's output in more
    /// than one place (HTML: its register rows apart from its text).
    pub extra: Vec<Vec<u8>>,
}

impl Rendered {
    /// `bytes` rendered from `report`.
    pub fn new(bytes: Vec<u8>, report: &Report) -> Rendered {
        Rendered {
            bytes,
            findings: report.diagnostics.len(),
            extra: Vec::new(),
        }
    }

    /// What `write` writes for `report`, held: the rendering of a format
    /// whose [`Emitter::stream`] writes the same through `write`, so the
    /// two give the same bytes. (Writing to memory cannot fail.)
    pub fn written(
        report: &Report,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Rendered {
        let mut bytes = Vec::new();
        let _ = write(&mut bytes);
        Rendered::new(bytes, report)
    }
}

/// What a run adds up to, for the end of its output.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files, findings and claims counted.
    pub totals: Totals,
    /// Claims per status.
    pub status: StatusCounts,
    /// Files that could not be checked.
    pub failures: Vec<Failure>,
    /// Findings a baseline left out.
    pub baselined: usize,
    /// Findings below `--min-severity`, left out.
    pub hidden: usize,
    /// Baseline entries that no longer occur.
    pub fixed: Vec<Fixed>,
    /// The configurations the run used: where each came from (empty for
    /// the built-in defaults) and its digest ([`crate::Linter::config_digest`]).
    pub configs: Vec<(String, String)>,
}

/// An output format.
pub trait Emitter: Send + Sync {
    /// Writes what comes before the first file.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// Renders one file's output; pure, so any thread may call it.
    fn render(&self, report: &Report) -> Rendered;
    /// Writes one rendered file, in input order.
    fn file(&mut self, file: Rendered, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&file.bytes)
    }
    /// Writes one file's output straight to `out`, in input order: the
    /// bytes `file(render(report))` would write, without holding them
    /// whole. Formats whose output can be written as it is made override
    /// it (`--statistics` counts the findings without rendering them);
    /// the others (JUnit and HTML, which gather every file before
    /// writing) render it whole.
    fn stream(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let rendered = self.render(report);
        self.file(rendered, out)
    }
    /// Whether [`Emitter::stream`] writes as it renders. When it does not,
    /// a large file is rendered where it was linted, like any other, so
    /// its report is dropped before its output is gathered.
    fn streams(&self) -> bool {
        false
    }
    /// Writes what comes after the last file.
    fn end(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// From how many findings and claims, together, a file's output is
/// written by [`Emitter::stream`] rather than rendered whole: about 5 MB
/// of JSON. Below it, rendering on the thread that linted the file keeps
/// the work parallel.
pub const STREAM_AT: usize = 10_000;

/// Whether `report`'s output is large enough to be streamed
/// ([`STREAM_AT`]).
pub fn is_large(report: &Report) -> bool {
    report.diagnostics.len() + report.claims.len() >= STREAM_AT
}

/// One file's output as a worker hands it to the writer: rendered where
/// it was linted, or, when it is large ([`is_large`]), the report itself,
/// for the writer to stream in input order.
#[derive(Debug)]
pub enum Pending {
    /// Rendered by [`Emitter::render`].
    Rendered(Rendered),
    /// To be written by [`Emitter::stream`].
    Large(Box<Report>),
}

impl Default for Pending {
    fn default() -> Self {
        Pending::Rendered(Rendered::default())
    }
}

impl Pending {
    /// `report`'s output from `emitter`: rendered now, unless it is large
    /// and `emitter` streams.
    pub fn of(emitter: &dyn Emitter, report: Report) -> Pending {
        if emitter.streams() && is_large(&report) {
            Pending::Large(Box::new(report))
        } else {
            Pending::Rendered(emitter.render(&report))
        }
    }

    /// Writes the output through `emitter` to `out`.
    pub fn write(self, emitter: &mut dyn Emitter, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Pending::Rendered(r) => emitter.file(r, out),
            Pending::Large(report) => emitter.stream(&report, out),
        }
    }
}

/// Every report through `emitter`, as one output: what the binary streams,
/// in one call, for tests and embedders.
pub fn render_all(emitter: &mut dyn Emitter, reports: &[Report], summary: &Summary) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = emitter.begin(&mut out);
    for r in reports {
        let rendered = emitter.render(r);
        let _ = emitter.file(rendered, &mut out);
    }
    let _ = emitter.end(summary, &mut out);
    out
}

/// Every report through `emitter` as [`render_all`] writes it, but each
/// report for which `streamed` says so written by [`Emitter::stream`]:
/// for the tests that hold the two ways to the same bytes.
#[doc(hidden)]
pub fn stream_all(
    emitter: &mut dyn Emitter,
    reports: &[Report],
    summary: &Summary,
    streamed: &dyn Fn(usize) -> bool,
) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = emitter.begin(&mut out);
    for (i, r) in reports.iter().enumerate() {
        if streamed(i) {
            let _ = emitter.stream(r, &mut out);
        } else {
            let rendered = emitter.render(r);
            let _ = emitter.file(rendered, &mut out);
        }
    }
    let _ = emitter.end(summary, &mut out);
    out
}
