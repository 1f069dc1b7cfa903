//! The subcommands, one file each, and the run loop `check` and `claims`
//! share: set up the project, find the files, lint them in parallel
//! batches, hand each report to the command in input order, then the
//! evidence registries' own reports.
//!
//! Owns turning arguments into a run and errors into exit statuses. Does
//! not own linting, finding configuration or output formats (the library).

pub(crate) mod check;
pub(crate) mod claims;
pub(crate) mod classify;
pub(crate) mod config;
pub(crate) mod rules;
pub(crate) mod server;
pub(crate) mod stream;

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use claimlint::lint::Report;
use claimlint::page::Market;
use claimlint::project::{self, Options, Project, Request, SetupError};
use claimlint::timings::Timings;
use rayon::prelude::*;

use crate::args::InputArgs;
use crate::out::{print_config_error, shown};
use crate::say;

/// A file of the run: its path as reported, and its text when it was read
/// already (standard input).
type Job = (PathBuf, Option<Result<String, String>>);

/// A run's files, project and what went wrong so far.
pub(crate) struct Run {
    project: Project,
    jobs: Vec<Job>,
    /// Files that could not be checked, and why.
    pub(crate) failures: Vec<(String, String)>,
    walked: Vec<PathBuf>,
    /// Configurations whose error was printed already.
    printed: BTreeSet<PathBuf>,
}

/// Sets up a run: the project (a `--config` is loaded now), standard
/// input, and the files the paths name. `Err` is the exit status of a run
/// that cannot start; the reason is printed.
pub(crate) fn prepare(input: &InputArgs) -> Result<Run, ExitCode> {
    let project = open_project(input)?;
    let request = request(input)?;
    let mut run = Run {
        project,
        jobs: Vec::new(),
        failures: Vec::new(),
        walked: Vec::new(),
        printed: BTreeSet::new(),
    };
    if request.paths.iter().any(|p| p.as_os_str() == "-") {
        run.read_stdin(input);
    }
    let collected = run.project.collect(&request).map_err(|m| {
        say!("error: --changed-since: {m}");
        ExitCode::from(2)
    })?;
    for e in &collected.config_errors {
        print_config_error(e);
        run.printed.insert(e.path.clone());
    }
    run.failures.extend(collected.failures);
    run.walked = collected.walked;
    run.jobs
        .extend(collected.files.into_iter().map(|f| (f, None)));
    run.warn_if_empty(&request);
    Ok(run)
}

/// The project the input flags describe (a `--config` is loaded now);
/// `Err` is exit status 2, the reason printed.
pub(crate) fn open_project(input: &InputArgs) -> Result<Project, ExitCode> {
    let access = input.access.access()?;
    let markets: Vec<Market> = input
        .market
        .iter()
        .filter_map(|m| Market::parse(m))
        .collect();
    let options = Options {
        config: input.config.clone(),
        markets,
        access,
        max_file_bytes: input.max_file_bytes(),
    };
    Project::new(options).map_err(|e| {
        match e {
            SetupError::Config(e) => print_config_error(&e),
            SetupError::Linter(m) => {
                let path = input.config.as_deref().unwrap_or(Path::new(""));
                say!("error: {}: {m}", shown(path));
            }
        }
        ExitCode::from(2)
    })
}

/// The paths to check, as the run will report them.
fn request(input: &InputArgs) -> Result<Request, ExitCode> {
    // With no path given, report `a.md` rather than `./a.md` (as ripgrep).
    let defaulted = input.paths.is_empty();
    let paths: Vec<PathBuf> = if input.stdin || (defaulted && input.stdin_filename.is_some()) {
        // `--stdin-filename` alone means: read standard input.
        vec![PathBuf::from("-")]
    } else if defaulted {
        vec![PathBuf::from(".")]
    } else {
        input.paths.clone()
    };
    if input.stdin_filename.is_some() && !paths.iter().any(|p| p.as_os_str() == "-") {
        say!("error: --stdin-filename names standard input, but no `-` is among the paths");
        return Err(ExitCode::from(2));
    }
    Ok(Request {
        paths,
        defaulted,
        force_exclude: input.force_exclude,
        changed_since: input.changed_since.clone(),
    })
}

impl Run {
    /// Reads standard input as one document, within `--max-file-size`.
    fn read_stdin(&mut self, input: &InputArgs) {
        let name = input
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        let limit = input.max_file_bytes();
        match claimlint::access::read_stream(io::stdin().lock(), limit, "--max-file-size") {
            Ok(bytes) => self.jobs.push((name, Some(project::decode(bytes)))),
            Err(e) => self.failures.push((
                name.display().to_string(),
                format!("cannot read standard input: it {e}"),
            )),
        }
    }

    /// Says so when the paths held nothing to check.
    fn warn_if_empty(&self, request: &Request) {
        if !self.jobs.is_empty() || !self.failures.is_empty() {
            return;
        }
        if let Some(rev) = &request.changed_since {
            say!("claimlint: no Markdown files changed since {rev}");
        } else if !request.force_exclude {
            let names: Vec<String> = request.paths.iter().map(|p| shown(p)).collect();
            say!(
                "warning: no Markdown files (.md, .markdown, .mdx) found under {}",
                names.join(", ")
            );
        }
    }

    /// Prints each configuration that could not be set up, once, and
    /// returns whether there was any.
    fn print_setup_errors(&mut self) {
        for (path, e) in self.project.setup_errors() {
            if path
                .as_ref()
                .is_some_and(|p| !self.printed.insert(p.clone()))
            {
                continue;
            }
            match e {
                SetupError::Config(e) => print_config_error(&e),
                SetupError::Linter(m) => say!("error: {m}"),
            }
        }
    }
}

/// What a file turned into, in a worker: the command's own result, and
/// the registry ids the file cites.
pub(crate) type Done<T> = (T, Vec<String>);

/// One file's outcome in a worker, with the time it took.
type Outcome<T> = (Result<Done<T>, (String, String)>, Timings);

/// Files linted in parallel per batch; a batch's results are written in
/// input order before the next batch is read.
fn batch_size() -> usize {
    (rayon::current_num_threads() * 8).max(16)
}

/// Lints every file of `run` in parallel, one batch at a time, passes
/// each report through `work` (in the worker) and the result to `emit` (in
/// input order), then does the same for the evidence registries' own
/// reports. Returns where the time went.
pub(crate) fn run_files<T: Send>(
    run: &mut Run,
    timings_on: bool,
    work: &(dyn Fn(Report, &mut Timings) -> T + Sync),
    emit: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<Timings> {
    let new_timings = || {
        if timings_on {
            Timings::on()
        } else {
            Timings::off()
        }
    };
    let mut timings = new_timings();
    let mut cited = BTreeSet::new();
    let mut jobs = std::mem::take(&mut run.jobs).into_iter();
    loop {
        let batch: Vec<Job> = jobs.by_ref().take(batch_size()).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<Outcome<T>> = batch
            .into_par_iter()
            .map(|job| {
                let mut t = new_timings();
                let r = lint_one(&run.project, job, &mut t).map(|report| {
                    let ids = report.cited_ids.clone();
                    (work(report, &mut t), ids)
                });
                (r, t)
            })
            .collect();
        for (r, t) in results {
            timings.merge(&t);
            match r {
                Ok((done, ids)) => {
                    cited.extend(ids);
                    emit(done)?;
                }
                Err(f) => run.failures.push(f),
            }
        }
    }
    run.print_setup_errors();
    let cwd = std::env::current_dir().unwrap_or_default();
    for report in run.project.registry_reports(&cited, &run.walked, &cwd) {
        let done = work(report, &mut timings);
        emit(done)?;
    }
    Ok(timings)
}

/// Reads (unless read already) and lints one file.
fn lint_one(
    project: &Project,
    (path, pre): Job,
    t: &mut Timings,
) -> Result<Report, (String, String)> {
    let display = path.display().to_string();
    let started = std::time::Instant::now();
    let text = pre
        .unwrap_or_else(|| project.read(&path))
        .map_err(|why| (display.clone(), why))?;
    t.add("read", started.elapsed());
    let linter = project.linter_for(&path).map_err(|_| {
        let why = "not checked: its claimlint.toml is invalid".to_string();
        (display.clone(), why)
    })?;
    Ok(linter.lint_timed(&display, &text, t))
}

/// The exit status: 2 when a file could not be checked, 1 when a finding
/// reached `threshold`, else 0.
pub(crate) fn exit_code(
    worst: Option<claimlint::Severity>,
    failed: bool,
    threshold: Option<claimlint::Severity>,
) -> ExitCode {
    if failed {
        return ExitCode::from(2);
    }
    match (worst, threshold) {
        (Some(w), Some(t)) if w >= t => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
