//! `claimlint check`: findings in any output format, a baseline, and the
//! exit status CI acts on.
//!
//! Owns the per-file filters (baseline, `--min-severity`), the summary and
//! the exit status. Does not own the formats (`claimlint::output`).

use std::collections::BTreeSet;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use claimlint::Severity;
use claimlint::baseline::{self, Baseline, Fixed};
use claimlint::lint::Report;
use claimlint::output::step_summary::{FileDigest, StepSummary};
use claimlint::output::summary::Totals;
use claimlint::output::{self, Emitter, Pending, Summary};
use claimlint::timings::Timings;

use super::{exit_code, prepare, run_files};
use crate::args::{CheckArgs, CheckFormat, ColorChoice, FailOn, MinSeverity};
use crate::out::{Out, StreamTo, plural, print_failures, print_timings, shown};
use crate::say;

/// What a worker hands back for one file: its output, rendered, and what
/// the run needs to know of it. The file's text and report are dropped in
/// the worker, so memory does not grow with the number of files, unless
/// its output is large: then the report itself comes back, for the writer
/// to stream ([`Pending`]).
#[derive(Default)]
struct Done {
    output: Pending,
    path: String,
    totals: Totals,
    worst: Option<Severity>,
    baselined: usize,
    hidden: usize,
    fixed: Vec<Fixed>,
    entries: Vec<baseline::Entry>,
    /// For `--verbose`: the front-matter fields read as prose.
    verbose: Option<String>,
    /// For `--step-summary`: what the file adds to it.
    digest: Option<FileDigest>,
}

/// Runs `check`.
pub(crate) fn check(a: CheckArgs) -> Result<ExitCode> {
    if a.stream {
        return super::stream::serve(&a, threshold(&a));
    }
    let wall = std::time::Instant::now();
    let mut run = match prepare(&a.input) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let baseline = match load_baseline(a.baseline.as_deref()) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    // Rendering is shared by the workers (`&self`); writing keeps the
    // stream's state (`&mut self`): two emitters of the same format.
    let renderer = emitter(&a);
    let mut writer = emitter(&a);
    let filters = Filters::new(&a, baseline.as_ref(), renderer.as_ref());
    let work = |report: Report, t: &mut Timings| filters.apply(report, t);
    let mut out = Out::new();
    let mut summary = Summary::default();
    let mut step = StepSummary::default();
    let (mut worst, mut entries, mut checked) = (None, Vec::new(), BTreeSet::new());
    let mut sink = StreamTo::new(writer.as_mut(), &mut out);
    let mut timings = run_files(&mut run, a.timings, &work, &mut |done: Done| {
        if let Some(v) = &done.verbose {
            say!("{v}");
        }
        summary.totals.merge(&done.totals);
        summary.baselined += done.baselined;
        summary.hidden += done.hidden;
        summary.fixed.extend(done.fixed);
        entries.extend(done.entries);
        if let Some(d) = done.digest {
            step.add(d);
        }
        worst = worst.max(done.worst);
        if let Some(b) = &baseline {
            checked.insert(b.key_of(&done.path));
        }
        // Writing a baseline prints no findings.
        match a.write_baseline {
            Some(_) => Ok(()),
            None => sink.file(done.output),
        }
    })?;
    timings.add("render", sink.streaming);
    summary.failures = std::mem::take(&mut run.failures);
    if let Some(file) = &a.write_baseline {
        return write_baseline(
            file,
            entries,
            &summary.failures,
            a.timings.then_some((&timings, wall)),
        );
    }
    if let Some(b) = &baseline {
        summary.fixed.extend(b.fixed_in_deleted_files(&checked));
    }
    print_failures(&summary.failures);
    sink.end(&summary)?;
    out.finish().context("writing output")?;
    report_fixed(&summary.fixed, a.baseline.as_deref());
    if let Some(file) = &a.step_summary
        && !append(file, &step.markdown(&summary.totals))
    {
        return Ok(ExitCode::from(2));
    }
    if a.timings {
        print_timings(&timings, wall.elapsed());
    }
    Ok(exit_code(
        worst,
        !summary.failures.is_empty(),
        threshold(&a),
    ))
}

/// What `check` does to each report in the worker that linted it.
struct Filters<'a> {
    /// `--write-baseline`'s directory: record, render nothing.
    write_dir: Option<std::path::PathBuf>,
    baseline: Option<&'a Baseline>,
    min: Severity,
    render: &'a dyn Emitter,
    verbose: bool,
    /// `--step-summary`: digest each file.
    digest: bool,
}

impl<'a> Filters<'a> {
    /// The filters `check`'s flags ask for.
    fn new(a: &CheckArgs, baseline: Option<&'a Baseline>, render: &'a dyn Emitter) -> Self {
        Filters {
            write_dir: a.write_baseline.as_deref().map(baseline::baseline_dir),
            baseline,
            min: match a.min_severity {
                MinSeverity::Error => Severity::Error,
                MinSeverity::Warning => Severity::Warning,
                MinSeverity::Info => Severity::Info,
            },
            render,
            verbose: a.verbose,
            digest: a.step_summary.is_some(),
        }
    }

    /// Everything about one file: baseline, `--min-severity`, counts, and
    /// its output rendered.
    fn apply(&self, mut report: Report, t: &mut Timings) -> Done {
        let started = std::time::Instant::now();
        let mut done = Done {
            path: report.source.path.clone(),
            ..Done::default()
        };
        if self.verbose && !report.front_matter_read.is_empty() {
            done.verbose = Some(format!(
                "{}: front matter read as prose: {}",
                report.source.path,
                report.front_matter_read.join(", ")
            ));
        }
        if let Some(dir) = &self.write_dir {
            done.entries = baseline::entries(&report, dir);
            return done;
        }
        if let Some(b) = self.baseline {
            (done.baselined, done.fixed) = b.filter(&mut report);
        }
        let before = report.diagnostics.len();
        report.diagnostics.retain(|d| d.severity >= self.min);
        done.hidden = before - report.diagnostics.len();
        done.totals.add(&report);
        done.worst = report.max_severity();
        if self.digest {
            done.digest = Some(FileDigest::of(&report));
        }
        done.output = Pending::of(self.render, report);
        t.add("render", started.elapsed());
        done
    }
}

/// The emitter for `--format`.
fn emitter(a: &CheckArgs) -> Box<dyn Emitter> {
    let root = claimlint::fingerprint::output_root(&a.input.paths);
    if a.statistics {
        return Box::<output::concise::Statistics>::default();
    }
    match a.format {
        CheckFormat::Human => Box::new(output::human::Human {
            color: match a.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            },
        }),
        CheckFormat::Concise => Box::new(output::concise::Concise),
        CheckFormat::Json => Box::<output::json::Json>::default(),
        CheckFormat::Sarif => Box::new(output::sarif::Sarif::new(root)),
        CheckFormat::Github => Box::new(output::github::Github { root }),
        CheckFormat::Gitlab => Box::new(output::gitlab::Gitlab::new(root)),
        CheckFormat::Junit => Box::new(output::junit::Junit::new(root)),
    }
}

/// Appends `text` to `file`, creating it: a CI step summary file collects
/// what every step writes. Says why and returns false when it cannot.
fn append(file: &Path, text: &str) -> bool {
    use std::io::Write as _;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = &written {
        say!(
            "error: cannot write the step summary to {}: {}",
            shown(file),
            claimlint::access::io_reason(e)
        );
    }
    written.is_ok()
}

/// The severity at which the run fails, if any.
fn threshold(a: &CheckArgs) -> Option<Severity> {
    if a.exit_zero {
        return None;
    }
    match a.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

/// `--baseline FILE`, read; `Err` is exit status 2, the reason printed.
fn load_baseline(file: Option<&Path>) -> Result<Option<Baseline>, ExitCode> {
    let Some(file) = file else {
        return Ok(None);
    };
    Baseline::load(file).map(Some).map_err(|e| {
        say!("error: {e}");
        if matches!(e, baseline::BaselineError::Io { .. }) {
            say!(
                "  = help: create it with `claimlint check --write-baseline {}`",
                shown(file)
            );
        }
        ExitCode::from(2)
    })
}

/// `--write-baseline FILE`: records every finding, prints nothing else.
fn write_baseline(
    file: &Path,
    entries: Vec<baseline::Entry>,
    failures: &[(String, String)],
    timings: Option<(&Timings, std::time::Instant)>,
) -> Result<ExitCode> {
    let b = baseline::assemble(entries);
    let n = b
        .findings
        .iter()
        .fold(0usize, |n, e| n.saturating_add(e.count));
    let files = b
        .findings
        .iter()
        .map(|e| &e.path)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if let Err(e) = baseline::write(file, &b) {
        say!(
            "error: cannot write baseline {}: {}",
            shown(file),
            claimlint::access::io_reason(&e)
        );
        return Ok(ExitCode::from(2));
    }
    print_failures(failures);
    say!(
        "claimlint: recorded {n} finding{} in {files} file{} to {}",
        plural(n),
        plural(files),
        shown(file)
    );
    if let Some((t, wall)) = timings {
        print_timings(t, wall.elapsed());
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Says which baseline entries no longer occur, so they can be dropped.
fn report_fixed(fixed: &[Fixed], baseline: Option<&Path>) {
    if fixed.is_empty() {
        return;
    }
    let n = fixed.iter().fold(0usize, |n, f| n.saturating_add(f.count));
    let file = baseline.unwrap_or(Path::new("claimlint-baseline.json"));
    say!(
        "claimlint: {n} finding{} recorded in {} no longer occur{}:",
        plural(n),
        shown(file),
        if n == 1 { "s" } else { "" }
    );
    for f in fixed.iter().take(20) {
        let times = if f.count > 1 {
            format!(" (×{})", f.count)
        } else {
            String::new()
        };
        let (path, text) = (
            claimlint::visible::visible(&f.path),
            claimlint::visible::visible(&f.text),
        );
        say!("  fixed: {path} {} \"{text}\"{times}", f.rule);
    }
    if fixed.len() > 20 {
        say!("  … and {} more", fixed.len() - 20);
    }
    say!(
        "  = hint: refresh the baseline so they cannot come back unnoticed: claimlint check --write-baseline {}",
        shown(file)
    );
}
