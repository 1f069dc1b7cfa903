//! `claimlint claims`: the claims register, every claim with its status,
//! as JSON, CSV, Markdown or an HTML review.
//!
//! Owns the command. Does not own the register's formats
//! (`claimlint::output::register`).

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use claimlint::lint::Report;
use claimlint::output::html::{Html, HtmlMeta};
use claimlint::output::register::{ClaimsJson, Csv, Markdown};
use claimlint::output::summary::StatusCounts;
use claimlint::output::{Emitter, Pending, Summary};
use claimlint::timings::Timings;

use super::{prepare, run_files};
use crate::args::{ClaimsArgs, ClaimsFormat};
use crate::out::{Out, StreamTo, print_failures, print_timings};

fn emitter(format: ClaimsFormat) -> Box<dyn Emitter> {
    match format {
        ClaimsFormat::Json => Box::<ClaimsJson>::default(),
        ClaimsFormat::Csv => Box::new(Csv),
        ClaimsFormat::Markdown => Box::new(Markdown::default()),
        ClaimsFormat::Html => Box::new(Html::new(HtmlMeta::at_epoch(review_time()))),
    }
}

/// When the review is dated: `SOURCE_DATE_EPOCH` when set (reproducible
/// output, as the Reproducible Builds convention has it), else now.
fn review_time() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
}

/// Runs `claims`. It reports rather than judges: 0 unless a file could
/// not be checked.
pub(crate) fn claims(a: ClaimsArgs) -> Result<ExitCode> {
    let wall = std::time::Instant::now();
    let mut run = match prepare(&a.input) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    // Rendering is shared by the workers; writing keeps the stream's state.
    let renderer = emitter(a.format);
    let mut writer = emitter(a.format);
    let render: &dyn Emitter = renderer.as_ref();
    let work = |report: Report, t: &mut Timings| -> (Pending, StatusCounts) {
        let started = std::time::Instant::now();
        let mut status = StatusCounts::default();
        status.add(&report);
        let rendered = Pending::of(render, report);
        t.add("render", started.elapsed());
        (rendered, status)
    };
    let mut out = Out::new();
    let mut sink = StreamTo::new(writer.as_mut(), &mut out);
    sink.begin()?;
    let mut summary = Summary::default();
    let mut timings = run_files(&mut run, a.timings, &work, &mut |(rendered, status)| {
        summary.status.merge(&status);
        sink.file(rendered)
    })?;
    timings.add("render", sink.streaming);
    summary.configs = run
        .project
        .linters()
        .iter()
        .map(|l| {
            let path = l.config().path.as_deref();
            let path = path.map_or(String::new(), |p| p.display().to_string());
            (path, l.config_digest())
        })
        .collect();
    sink.end(&summary)?;
    out.finish().context("writing output")?;
    print_failures(&run.failures);
    if a.timings {
        print_timings(&timings, wall.elapsed());
    }
    Ok(if run.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
