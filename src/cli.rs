#![allow(clippy::print_stderr)]
//! The `claimlint` command line: argument parsing, reading files, running
//! the library's [`Linter`] and printing. The library does the linting; this
//! module only decides what to read and how to print it.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde_json::json;

use crate::classify::SentenceContext;
use crate::config::{Config, ConfigError};
use crate::diagnostic::Severity;
use crate::lint::{Linter, Report, Timings};
use crate::render::{self, Totals};
use crate::rules;
use crate::walk::{self, Entry};

/// Lint aesthetics and skincare Markdown for unsupported efficacy claims.
#[derive(Debug, Parser)]
#[command(name = "claimlint", version, about, long_about = None)]
#[command(
    after_help = "Without a subcommand, `claimlint [PATH…]` runs `check`.\nExit status: 0 no findings at the --fail-on severity (default: error), 1 findings at it, 2 usage, config or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files for claims without evidence (the default).
    Check(CheckArgs),
    /// Print the claims register: every claim, supported or not.
    Claims(ClaimsArgs),
    /// Classify sentences: is each one a claim, how strong, and why.
    Classify(ClassifyArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Explain one rule.
    Rule(RuleArgs),
    /// Show the configuration that applies to a file.
    Config(ConfigArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
struct InputArgs {
    /// Files or directories to check; `-` reads standard input. Default: `.`.
    paths: Vec<PathBuf>,
    /// Use this config file instead of the nearest `claimlint.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The path to report for standard input (also used to find its config).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Read the document from standard input (the same as the path `-`).
    #[arg(long, conflicts_with = "paths")]
    stdin: bool,
    /// Check for these markets (us, uk, eu, sg, au), overriding the config
    /// and front matter. Repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(crate::rules::pack::MARKETS))]
    market: Vec<String>,
    /// Check only the files git reports as changed since this revision
    /// (committed, staged or not, and untracked files).
    #[arg(long, value_name = "REF")]
    changed_since: Option<String>,
    /// Skip files the configuration excludes even when they are named on
    /// the command line (as pre-commit and editors name them).
    #[arg(long)]
    force_exclude: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// rustc-style diagnostics with source excerpts.
    Human,
    /// claimlint's JSON (see README "JSON output").
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML, for CI test-report views.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MinSeverity {
    Error,
    Warning,
    Info,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: CheckFormat,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Hide findings below this severity (they do not affect the exit
    /// status either).
    #[arg(long, value_enum, default_value = "info")]
    min_severity: MinSeverity,
    /// Exit 0 even when findings are reported; unreadable files and
    /// invalid configuration still exit 2.
    #[arg(long, conflicts_with = "fail_on")]
    exit_zero: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file, report nothing,
    /// and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Print where the time went (by stage and by rule) to standard error.
    #[arg(long)]
    timings: bool,
    /// List, on standard error, the front-matter fields of each file that
    /// were read as prose.
    #[arg(long, short = 'v')]
    verbose: bool,
}

#[derive(Debug, clap::Args)]
struct ConfigArgs {
    /// Print the resolved configuration for this file: its claimlint.toml
    /// (with `extends`), matching `[[overrides]]`, front matter and markets.
    #[arg(long, value_name = "FILE", required = true)]
    show: PathBuf,
    /// Use this config file instead of the nearest `claimlint.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// As `check --market`.
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(crate::rules::pack::MARKETS))]
    market: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ClaimsFormat {
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, clap::Args)]
struct ClaimsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: ClaimsFormat,
    /// Print where the time went (by stage and by rule) to standard error.
    #[arg(long)]
    timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ClassifyFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
struct ClassifyArgs {
    /// Sentences to classify; without any, each line of standard input.
    text: Vec<String>,
    /// Output format: one JSON object per line, or a readable explanation.
    #[arg(long, value_enum, default_value = "text")]
    format: ClassifyFormat,
    /// Use this config file (for its lexicon extensions).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ListFormat,
    /// List only the rules that apply in this market, at its severity.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::rules::pack::MARKETS))]
    market: Option<String>,
}

#[derive(Debug, clap::Args)]
struct RuleArgs {
    /// A rule code (`CL001`) or name (`uncited-efficacy-claim`).
    name: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ListFormat,
}

const SUBCOMMANDS: &[&str] = &[
    "check", "claims", "classify", "rules", "rule", "config", "help",
];

/// Inserts `check` when no subcommand is given, so `claimlint docs/` works.
pub fn normalize_args(mut args: Vec<String>) -> Vec<String> {
    let first = args.get(1).map(String::as_str);
    let is_sub = first.is_some_and(|a| SUBCOMMANDS.contains(&a));
    let is_top_flag = first.is_some_and(|a| matches!(a, "-h" | "--help" | "-V" | "--version"));
    if !is_sub && !is_top_flag {
        args.insert(1, "check".into());
    }
    args
}

/// Output that stops quietly when the reader goes away (`| head`).
struct Out {
    inner: io::BufWriter<io::Stdout>,
    broken: bool,
}

impl Out {
    fn new() -> Self {
        Out {
            inner: io::BufWriter::new(io::stdout()),
            broken: false,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.broken {
            return Ok(());
        }
        match self.inner.write_all(bytes) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(())
            }
            r => r,
        }
    }

    fn line(&mut self, s: &str) -> io::Result<()> {
        self.write(s.as_bytes())?;
        self.write(b"\n")
    }

    fn finish(mut self) -> io::Result<()> {
        if self.broken {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
    }
}

/// Runs the command line; returns the exit code.
pub fn run(args: Vec<String>) -> Result<ExitCode> {
    let cli = match Cli::try_parse_from(normalize_args(args)) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Ok(ExitCode::from(if e.use_stderr() { 2 } else { 0 }));
        }
    };
    match cli.command {
        Command::Check(a) => check(a),
        Command::Claims(a) => claims(a),
        Command::Classify(a) => classify(a),
        Command::Rules(a) => list_rules(a),
        Command::Rule(a) => explain_rule(a),
        Command::Config(a) => show_config(a),
    }
}

/// Prints a config error with its span, rustc-style, to stderr.
pub fn print_config_error(e: &ConfigError) {
    use codespan_reporting::diagnostic::{Diagnostic, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::{
        self,
        termcolor::{ColorChoice as Cc, StandardStream},
    };
    let name = e.path.display().to_string();
    let file = SimpleFile::new(name.as_str(), e.text.as_str());
    let mut d = Diagnostic::error().with_message(format!("invalid config: {}", e.message));
    if let Some(span) = &e.span {
        d = d.with_labels(vec![Label::primary((), span.clone())]);
    } else {
        d = d.with_message(format!("{}: {}", name, e.message));
    }
    if let Some(h) = &e.help {
        d = d.with_notes(vec![format!("help: {h}")]);
    }
    let choice = if io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Cc::Auto
    } else {
        Cc::Never
    };
    let mut err = StandardStream::stderr(choice);
    if term::emit_to_write_style(&mut err, &term::Config::default(), &file, &d).is_err() {
        eprintln!("error: {e}");
    }
}

/// The config file and evidence registry that apply to a directory.
type ConfigPaths = (Option<PathBuf>, Option<PathBuf>);

/// A file's result: what was found, or the path and why it could not be
/// checked.
type FileOutcome = Result<Done, (String, String)>;

/// Linters per config file, built once each.
struct Linters {
    markets: Vec<String>,
    explicit: Option<Arc<Linter>>,
    by_config: Mutex<BTreeMap<ConfigPaths, Result<Arc<Linter>, String>>>,
    /// The config and registry found for each directory, so a directory of
    /// ten thousand files is searched upwards once, not ten thousand times.
    by_dir: Mutex<std::collections::HashMap<PathBuf, ConfigPaths>>,
    reported: Mutex<Vec<PathBuf>>,
}

impl Linters {
    fn new(explicit: Option<&Path>, markets: &[String]) -> Result<Linters, ExitCode> {
        let explicit = match explicit {
            Some(p) => match Config::load(p) {
                Ok(c) => Some(Arc::new(build_linter(with_markets(c, markets)).map_err(
                    |m| {
                        eprintln!("error: {}: {m}", p.display());
                        ExitCode::from(2)
                    },
                )?)),
                Err(e) => {
                    print_config_error(&e);
                    return Err(ExitCode::from(2));
                }
            },
            None => None,
        };
        Ok(Linters {
            markets: markets.to_vec(),
            explicit,
            by_config: Mutex::new(BTreeMap::new()),
            by_dir: Mutex::new(std::collections::HashMap::new()),
            reported: Mutex::new(vec![]),
        })
    }

    /// The linter for a file, from the nearest config. `Err(())` when that
    /// config is invalid (already reported once).
    fn for_file(&self, file: &Path) -> Result<Arc<Linter>, ()> {
        if let Some(l) = &self.explicit {
            return Ok(l.clone());
        }
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let cached = self.by_dir.lock().map_err(|_| ())?.get(&dir).cloned();
        let (config_path, registry_path) = match cached {
            Some(found) => found,
            None => {
                let config_path = Config::discover(&dir);
                // Without a claimlint.toml, an evidence.toml above the file
                // is still the project's registry.
                let registry_path = if config_path.is_none() {
                    crate::registry::discover(&dir)
                } else {
                    None
                };
                let found = (config_path, registry_path);
                self.by_dir
                    .lock()
                    .map_err(|_| ())?
                    .insert(dir, found.clone());
                found
            }
        };
        let mut map = self.by_config.lock().map_err(|_| ())?;
        let entry = map
            .entry((config_path.clone(), registry_path.clone()))
            .or_insert_with(|| {
                let cfg = match &config_path {
                    Some(p) => Config::load(p).map_err(|e| {
                        print_config_error(&e);
                        String::new()
                    })?,
                    None => Config {
                        registry: registry_path.clone(),
                        ..Config::default()
                    },
                };
                build_linter(with_markets(cfg, &self.markets))
                    .map(Arc::new)
                    .map_err(|m| {
                        eprintln!("error: {m}");
                        m
                    })
            });
        match entry {
            Ok(l) => Ok(l.clone()),
            Err(_) => {
                if let Some(p) = config_path {
                    self.reported.lock().map_err(|_| ())?.push(p);
                }
                Err(())
            }
        }
    }
}

/// `--market` overrides the markets of the configuration and of every
/// page's front matter.
fn with_markets(mut c: Config, markets: &[String]) -> Config {
    if !markets.is_empty() {
        c.markets = markets.to_vec();
        c.force_markets = true;
    }
    c
}

fn build_linter(c: Config) -> Result<Linter, String> {
    Linter::new(c).map_err(|e| e.to_string())
}

impl Linters {
    /// Every linter built, once each.
    fn all(&self) -> Vec<Arc<Linter>> {
        let mut out: Vec<Arc<Linter>> = self.explicit.iter().cloned().collect();
        if let Ok(map) = self.by_config.lock() {
            out.extend(map.values().filter_map(|r| r.as_ref().ok().cloned()));
        }
        out
    }
}

/// Reports about the evidence registries in use: their own problems, and
/// entries no page cites when the run walked the registry's directory.
fn registry_reports(
    linters: &Linters,
    cited: &std::collections::BTreeSet<String>,
    walked_dirs: &[PathBuf],
) -> Vec<Report> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for l in linters.all() {
        let Some(path) = l.config().registry.clone() else {
            continue;
        };
        let abs = std::path::absolute(&path).unwrap_or(path.clone());
        if !seen.insert(abs.clone()) {
            continue;
        }
        let shown = abs
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or(abs.clone());
        let Some(mut report) = l.registry_report(&shown.display().to_string()) else {
            continue;
        };
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        if walked_dirs.iter().any(|w| dir.starts_with(w)) {
            report.diagnostics.extend(l.uncited_entries(cited));
        }
        report.diagnostics.sort_by_key(|d| d.span.start);
        if !report.diagnostics.is_empty() {
            out.push(report);
        }
    }
    out
}

/// A file read for linting, or why it could not be.
enum Input {
    Text(String, String),
    Failed(String, String),
}

fn read_input(path: &Path) -> Input {
    let display = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let reason = if path.is_dir() {
                "is a directory".to_string()
            } else {
                walk::io_reason(&e)
            };
            return Input::Failed(display, reason);
        }
    };
    decode(display, bytes)
}

fn decode(display: String, bytes: Vec<u8>) -> Input {
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Input::Failed(
            display,
            format!("binary file (NUL byte at offset {i}), not checked"),
        );
    }
    match String::from_utf8(bytes) {
        Ok(t) => Input::Text(display, t),
        Err(e) => Input::Failed(
            display,
            format!(
                "invalid UTF-8 at byte offset {}, not checked",
                e.utf8_error().valid_up_to()
            ),
        ),
    }
}

/// The files a run will check, and what went wrong finding them.
struct Prepared {
    jobs: Vec<(PathBuf, Option<Input>)>,
    failures: Vec<(String, String)>,
    linters: Linters,
    walked: Vec<PathBuf>,
}

/// Finds the files to check: walks the inputs, applies `--changed-since`,
/// and loads the configs that govern them.
fn prepare(input: &InputArgs) -> Result<Prepared, ExitCode> {
    let linters = Linters::new(input.config.as_deref(), &input.market)?;
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
        eprintln!("error: --stdin-filename names standard input, but no `-` is among the paths");
        return Err(ExitCode::from(2));
    }
    let walked: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let shown = |f: PathBuf| {
        if defaulted {
            f.strip_prefix(".").map(Path::to_path_buf).unwrap_or(f)
        } else {
            f
        }
    };
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut bad_configs: Vec<PathBuf> = Vec::new();
    let mut jobs: Vec<(PathBuf, Option<Input>)> = Vec::new();
    // Walk filters come from the config that governs each root.
    for p in &paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            let name = input
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("<stdin>"));
            match io::stdin().read_to_end(&mut bytes) {
                Ok(_) => jobs.push((
                    name.clone(),
                    Some(decode(name.display().to_string(), bytes)),
                )),
                Err(e) => failures.push((
                    name.display().to_string(),
                    format!("cannot read standard input: {e}"),
                )),
            }
            continue;
        }
        let root_cfg = match &input.config {
            Some(c) => Config::load(c).ok(),
            None => {
                let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
                let dir = if abs.is_dir() {
                    abs
                } else {
                    abs.parent().map(Path::to_path_buf).unwrap_or_default()
                };
                match Config::discover(&dir) {
                    None => None,
                    // A broken config must not pass silently, even when
                    // the walk it would filter finds no files.
                    Some(c) => match Config::load(&c) {
                        Ok(cfg) => Some(cfg),
                        Err(e) => {
                            if !bad_configs.contains(&c) {
                                print_config_error(&e);
                                bad_configs.push(c);
                            }
                            failures.push((
                                p.display().to_string(),
                                "not checked: its claimlint.toml is invalid".into(),
                            ));
                            continue;
                        }
                    },
                }
            }
        };
        let root = root_cfg
            .as_ref()
            .and_then(|c| c.root())
            .map(|r| std::path::absolute(r).unwrap_or_else(|_| r.to_path_buf()));
        let filter = walk::Filter {
            include: root_cfg.as_ref().and_then(|c| c.include.as_ref()),
            exclude: root_cfg.as_ref().and_then(|c| c.exclude.as_ref()),
            root: root.as_deref(),
            force_exclude: input.force_exclude,
        };
        let abs_paths = vec![if root.is_some() {
            std::path::absolute(p).unwrap_or_else(|_| p.clone())
        } else {
            p.clone()
        }];
        for e in walk::collect(&abs_paths, &filter) {
            match e {
                Entry::File(f) => {
                    // Report paths as the user wrote them (relative stays relative).
                    jobs.push((shown(relativize(&f, p, &abs_paths[0])), None));
                }
                Entry::Error(f, why) => failures.push((
                    shown(relativize(&f, p, &abs_paths[0]))
                        .display()
                        .to_string(),
                    why,
                )),
            }
        }
    }
    // The same file named twice (or found by two walks) is linted once.
    let mut seen = std::collections::HashSet::new();
    jobs.retain(|(p, pre)| {
        pre.is_some() || seen.insert(std::path::absolute(p).unwrap_or_else(|_| p.clone()))
    });
    let mut walked = walked;
    if let Some(rev) = &input.changed_since {
        // Each path's own repository decides what changed there.
        let mut changed = std::collections::HashSet::new();
        let mut asked = std::collections::HashSet::new();
        for p in paths.iter().filter(|p| p.as_os_str() != "-") {
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            let dir = if abs.is_dir() {
                abs
            } else {
                abs.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            if !asked.insert(dir.clone()) {
                continue;
            }
            match crate::git::changed_since(&dir, rev) {
                Ok(c) => changed.extend(c),
                Err(m) => {
                    eprintln!("error: --changed-since: {m}");
                    return Err(ExitCode::from(2));
                }
            }
        }
        let is_changed = |p: &Path| {
            changed.contains(&std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        };
        jobs.retain(|(p, pre)| pre.is_some() || is_changed(p));
        failures.retain(|(p, _)| is_changed(Path::new(p)));
        // Citations in unchanged files are not seen, so no registry entry
        // can be called uncited.
        walked.clear();
        if jobs.is_empty() && failures.is_empty() {
            eprintln!("claimlint: no Markdown files changed since {rev}");
            return Ok(Prepared {
                jobs,
                failures,
                linters,
                walked,
            });
        }
    }
    if jobs.is_empty() && failures.is_empty() && !input.force_exclude {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "warning: no Markdown files (.md, .markdown, .mdx) found under {}",
            shown.join(", ")
        );
    }
    Ok(Prepared {
        jobs,
        failures,
        linters,
        walked,
    })
}

/// What a worker hands back for one file: its output, rendered, and what
/// the run needs to know of it. The file's text and report are dropped in
/// the worker, so memory does not grow with the number of files.
#[derive(Default)]
struct Done {
    bytes: Vec<u8>,
    path: String,
    totals: Totals,
    status: render::StatusCounts,
    cited_ids: Vec<String>,
    worst: Option<Severity>,
    baselined: usize,
    hidden: usize,
    fixed: Vec<crate::baseline::Fixed>,
    entries: Vec<crate::baseline::Entry>,
    /// For `--verbose`: the front-matter fields read as prose.
    verbose: Option<String>,
}

/// Files linted in parallel per batch; a batch's results are written in
/// input order before the next batch is read.
fn batch_size() -> usize {
    (rayon::current_num_threads() * 8).max(16)
}

/// Lints every file of `prep` in parallel, one batch at a time, passes
/// each report through `work` (in the worker) and the result to `emit` (in
/// input order), then does the same for the evidence registries' own
/// reports. Returns where the time went.
fn run_files(
    prep: &mut Prepared,
    timings_on: bool,
    work: &(dyn Fn(Report, &mut Timings) -> Done + Sync),
    emit: &mut dyn FnMut(Done) -> io::Result<()>,
) -> io::Result<Timings> {
    let new_timings = || {
        if timings_on {
            Timings::on()
        } else {
            Timings::off()
        }
    };
    let mut timings = new_timings();
    let mut cited = std::collections::BTreeSet::new();
    let linters = &prep.linters;
    let mut jobs = std::mem::take(&mut prep.jobs).into_iter();
    loop {
        let batch: Vec<(PathBuf, Option<Input>)> = jobs.by_ref().take(batch_size()).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<(FileOutcome, Timings)> = batch
            .into_par_iter()
            .map(|(path, pre)| {
                let mut t = new_timings();
                let started = std::time::Instant::now();
                let input = pre.unwrap_or_else(|| read_input(&path));
                t.add("read", started.elapsed());
                let (display, text) = match input {
                    Input::Text(d, text) => (d, text),
                    Input::Failed(d, why) => return (Err((d, why)), t),
                };
                let Ok(linter) = linters.for_file(&path) else {
                    let why = "not checked: its claimlint.toml is invalid".to_string();
                    return (Err((display, why)), t);
                };
                let report = linter.lint_timed(&display, &text, &mut t);
                drop(text);
                let done = work(report, &mut t);
                (Ok(done), t)
            })
            .collect();
        for (r, t) in results {
            timings.merge(&t);
            match r {
                Ok(done) => {
                    cited.extend(done.cited_ids.iter().cloned());
                    emit(done)?;
                }
                Err(f) => prep.failures.push(f),
            }
        }
    }
    for report in registry_reports(linters, &cited, &prep.walked) {
        let done = work(report, &mut timings);
        emit(done)?;
    }
    Ok(timings)
}

/// Prints `--timings`: where the time went, most first, like textlint's
/// TIMING=1. Times are summed over threads, so they can add up to more
/// than the wall-clock time.
fn print_timings(t: &Timings, wall: std::time::Duration) {
    // A fold from +0.0: an empty `sum` of floats is -0.0, printed "-0.0".
    let total = t.spent.values().fold(0.0, |acc, d| acc + d.as_secs_f64());
    let mut rows: Vec<(&str, f64)> = t.spent.iter().map(|(k, v)| (*k, v.as_secs_f64())).collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    eprintln!(
        "{:<44} {:>10} {:>9}",
        "Stage or rule", "Time (ms)", "Relative"
    );
    for (what, secs) in rows {
        let name = match rules::find(what) {
            Some(m) => format!("{what} {}", m.name),
            None => what.to_string(),
        };
        let rel = if total > 0.0 {
            secs / total * 100.0
        } else {
            0.0
        };
        eprintln!("{name:<44} {:>10.1} {:>8.1}%", secs * 1000.0, rel);
    }
    eprintln!(
        "{:<44} {:>10.1}",
        "total (summed over threads)",
        total * 1000.0
    );
    eprintln!("{:<44} {:>10.1}", "wall clock", wall.as_secs_f64() * 1000.0);
}

fn relativize(found: &Path, given: &Path, abs_given: &Path) -> PathBuf {
    match found.strip_prefix(abs_given) {
        // A file named explicitly: `given.join("")` would add a trailing
        // slash, and `peel.md/` cannot be read.
        Ok(rest) if rest.as_os_str().is_empty() => given.to_path_buf(),
        Ok(rest) if given != abs_given => given.join(rest),
        _ => found.to_path_buf(),
    }
}

fn print_failures(failures: &[(String, String)]) {
    for (path, why) in failures {
        eprintln!("error: {path}: {why}");
    }
}

fn check(a: CheckArgs) -> Result<ExitCode> {
    let wall = std::time::Instant::now();
    let mut prep = match prepare(&a.input) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let baseline = match &a.baseline {
        None => None,
        Some(file) => match crate::baseline::Baseline::load(file) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("error: {e}");
                if matches!(e, crate::baseline::BaselineError::Io { .. }) {
                    eprintln!(
                        "  = help: create it with `claimlint check --write-baseline {}`",
                        file.display()
                    );
                }
                return Ok(ExitCode::from(2));
            }
        },
    };
    let write_dir = a
        .write_baseline
        .as_deref()
        .map(crate::baseline::baseline_dir);
    let min = match a.min_severity {
        MinSeverity::Error => Severity::Error,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Info => Severity::Info,
    };
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let root = crate::fingerprint::repo_root(Path::new("."));
    let format = a.format;
    // Everything about one file, done in the worker that linted it.
    let work = |mut report: Report, t: &mut Timings| -> Done {
        let started = std::time::Instant::now();
        let mut done = Done {
            path: report.source.path.clone(),
            cited_ids: std::mem::take(&mut report.cited_ids),
            ..Done::default()
        };
        if a.verbose && !report.front_matter_read.is_empty() {
            done.verbose = Some(format!(
                "{}: front matter read as prose: {}",
                report.source.path,
                report.front_matter_read.join(", ")
            ));
        }
        if let Some(dir) = &write_dir {
            done.entries = crate::baseline::entries(&report, dir);
            return done;
        }
        if let Some(b) = &baseline {
            (done.baselined, done.fixed) = b.filter(&mut report);
        }
        let before = report.diagnostics.len();
        report.diagnostics.retain(|d| d.severity >= min);
        done.hidden = before - report.diagnostics.len();
        done.totals.add(&report);
        done.worst = report.max_severity();
        // Each item is rendered, written and dropped in turn: a file with a
        // million findings would otherwise hold them three times over.
        let items = |values: &mut dyn Iterator<Item = serde_json::Value>, indent: &str| {
            let mut bytes = Vec::new();
            for (i, v) in values.enumerate() {
                if i > 0 {
                    bytes.extend_from_slice(b",\n");
                }
                bytes.extend_from_slice(render::indent_json(&v, indent).as_bytes());
            }
            bytes
        };
        done.bytes = match format {
            CheckFormat::Human => render::human(&report, color),
            CheckFormat::Json => items(
                &mut report
                    .diagnostics
                    .iter()
                    .map(|d| render::diagnostic_json(&report.source, d)),
                "    ",
            ),
            CheckFormat::Sarif => crate::formats::sarif_results(&report, &root)
                .iter()
                .map(|v| format!("        {v}"))
                .collect::<Vec<_>>()
                .join(",\n")
                .into_bytes(),
            CheckFormat::Github => crate::formats::github_file(&report, &root).into_bytes(),
            CheckFormat::Gitlab => items(
                &mut crate::formats::gitlab_issues(&report, &root).into_iter(),
                "  ",
            ),
            CheckFormat::Junit => crate::formats::junit_suite(&report, &root).into_bytes(),
        };
        t.add("render", started.elapsed());
        done
    };

    let mut out = Out::new();
    let mut totals = Totals::default();
    let (mut baselined, mut hidden) = (0, 0);
    let mut fixed = Vec::new();
    let mut entries = Vec::new();
    let mut checked = std::collections::BTreeSet::new();
    let mut worst: Option<Severity> = None;
    let mut any_item = false;
    let mut junit_body = String::new();
    let (mut junit_tests, mut junit_failures) = (0, 0);
    match format {
        CheckFormat::Json => out.write(b"{\n  \"version\": 1,\n  \"diagnostics\": [\n")?,
        CheckFormat::Sarif => out.write(crate::formats::sarif_frame(&[], &root).0.as_bytes())?,
        CheckFormat::Gitlab => out.write(b"[\n")?,
        _ => {}
    }
    let timings = run_files(&mut prep, a.timings, &work, &mut |done: Done| {
        if let Some(v) = &done.verbose {
            eprintln!("{v}");
        }
        totals.files += done.totals.files;
        totals.errors += done.totals.errors;
        totals.warnings += done.totals.warnings;
        totals.infos += done.totals.infos;
        totals.claims += done.totals.claims;
        totals.unsupported += done.totals.unsupported;
        baselined += done.baselined;
        hidden += done.hidden;
        fixed.extend(done.fixed);
        entries.extend(done.entries);
        worst = worst.max(done.worst);
        if let Some(b) = &baseline {
            checked.insert(b.key_of(&done.path));
        }
        match format {
            CheckFormat::Json | CheckFormat::Sarif | CheckFormat::Gitlab => {
                if !done.bytes.is_empty() {
                    if any_item {
                        out.write(b",\n")?;
                    }
                    any_item = true;
                    out.write(&done.bytes)?;
                }
                Ok(())
            }
            CheckFormat::Junit => {
                let n = done.totals.errors + done.totals.warnings + done.totals.infos;
                junit_tests += n.max(1);
                junit_failures += n;
                junit_body.push_str(&String::from_utf8_lossy(&done.bytes));
                Ok(())
            }
            CheckFormat::Human | CheckFormat::Github => out.write(&done.bytes),
        }
    })?;
    let failures = std::mem::take(&mut prep.failures);

    if let Some(file) = &a.write_baseline {
        let b = crate::baseline::assemble(entries);
        let n: usize = b.findings.iter().map(|e| e.count).sum();
        let files = b
            .findings
            .iter()
            .map(|e| &e.path)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if let Err(e) = crate::baseline::write(file, &b) {
            eprintln!(
                "error: cannot write baseline {}: {}",
                file.display(),
                walk::io_reason(&e)
            );
            return Ok(ExitCode::from(2));
        }
        print_failures(&failures);
        eprintln!(
            "claimlint: recorded {n} finding{} in {files} file{} to {}",
            plural(n),
            plural(files),
            file.display()
        );
        if a.timings {
            print_timings(&timings, wall.elapsed());
        }
        return Ok(if failures.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    if let Some(b) = &baseline {
        fixed.extend(b.fixed_in_deleted_files(&checked));
    }
    print_failures(&failures);
    match format {
        CheckFormat::Human => {
            if totals.files > 0 {
                let mut summary = totals.summary();
                if baselined > 0 {
                    summary.push_str(&format!("; {baselined} in the baseline not shown"));
                }
                if hidden > 0 {
                    summary.push_str(&format!("; {hidden} below --min-severity not shown"));
                }
                out.line(&summary)?;
            }
        }
        CheckFormat::Json => {
            let errors = json!(
                failures
                    .iter()
                    .map(|(p, m)| json!({"path": p, "message": m}))
                    .collect::<Vec<_>>()
            );
            let fixed_json = json!(
                fixed
                    .iter()
                    .map(|f| json!({"path": f.path, "rule": f.rule, "text": f.text, "count": f.count}))
                    .collect::<Vec<_>>()
            );
            out.line(&format!(
                "{}  ],\n  \"files\": {},\n  \"errors\": {},\n  \"baselined\": {baselined},\n  \"fixed\": {}\n}}",
                if any_item { "\n" } else { "" },
                totals.files,
                render::indent_json(&errors, "  ").trim_start(),
                render::indent_json(&fixed_json, "  ").trim_start()
            ))?;
        }
        CheckFormat::Sarif => {
            if any_item {
                out.write(b"\n")?;
            }
            out.write(
                crate::formats::sarif_frame(&failures, &root)
                    .1
                    .trim_start_matches('\n')
                    .as_bytes(),
            )?;
            out.write(b"\n")?;
        }
        CheckFormat::Github => {
            out.write(crate::formats::github_failures(&failures, &root).as_bytes())?
        }
        CheckFormat::Gitlab => {
            for f in crate::formats::gitlab_failures(&failures, &root) {
                if any_item {
                    out.write(b",\n")?;
                }
                any_item = true;
                out.write(render::indent_json(&f, "  ").as_bytes())?;
            }
            out.write(if any_item { b"\n]\n" } else { b"]\n" })?;
        }
        CheckFormat::Junit => {
            let doc = crate::formats::junit_document(
                &junit_body,
                junit_tests,
                junit_failures,
                &failures,
                &root,
            );
            out.write(doc.as_bytes())?;
        }
    }
    out.finish().context("writing output")?;
    if !fixed.is_empty() {
        let n: usize = fixed.iter().map(|f| f.count).sum();
        let file = a
            .baseline
            .as_deref()
            .unwrap_or(Path::new("claimlint-baseline.json"));
        eprintln!(
            "claimlint: {n} finding{} recorded in {} no longer occur{}:",
            plural(n),
            file.display(),
            if n == 1 { "s" } else { "" }
        );
        for f in fixed.iter().take(20) {
            let times = if f.count > 1 {
                format!(" (×{})", f.count)
            } else {
                String::new()
            };
            eprintln!("  fixed: {} {} \"{}\"{times}", f.path, f.rule, f.text);
        }
        if fixed.len() > 20 {
            eprintln!("  … and {} more", fixed.len() - 20);
        }
        eprintln!(
            "  = hint: refresh the baseline so they cannot come back unnoticed: claimlint check --write-baseline {}",
            file.display()
        );
    }
    if a.timings {
        print_timings(&timings, wall.elapsed());
    }
    let threshold = if a.exit_zero {
        None
    } else {
        match a.fail_on {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    };
    Ok(exit_code(worst, !failures.is_empty(), threshold))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn exit_code(worst: Option<Severity>, failed: bool, threshold: Option<Severity>) -> ExitCode {
    if failed {
        return ExitCode::from(2);
    }
    match (worst, threshold) {
        (Some(w), Some(t)) if w >= t => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

fn show_config(a: ConfigArgs) -> Result<ExitCode> {
    let input = InputArgs {
        paths: vec![],
        config: a.config.clone(),
        stdin_filename: None,
        stdin: false,
        market: a.market.clone(),
        changed_since: None,
        force_exclude: false,
    };
    let linters = match Linters::new(input.config.as_deref(), &input.market) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let Ok(linter) = linters.for_file(&a.show) else {
        return Ok(ExitCode::from(2));
    };
    // The file need not exist yet: a draft's path decides its overrides.
    let text = match std::fs::read(&a.show) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            eprintln!("error: {}: {}", a.show.display(), walk::io_reason(&e));
            return Ok(ExitCode::from(2));
        }
    };
    let shown = a.show.display().to_string();
    let (config, page, declared) = linter.page_for_file(&shown, &text);
    let mut out = Out::new();
    out.write(config.show(&a.show, &page, &declared).as_bytes())?;
    out.finish().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

fn claims(a: ClaimsArgs) -> Result<ExitCode> {
    let wall = std::time::Instant::now();
    let mut prep = match prepare(&a.input) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let format = a.format;
    let work = |report: Report, t: &mut Timings| -> Done {
        let started = std::time::Instant::now();
        let mut done = Done {
            path: report.source.path.clone(),
            cited_ids: report.cited_ids.clone(),
            ..Done::default()
        };
        done.status.add(&report);
        done.bytes = match format {
            ClaimsFormat::Json => render::claims_json(&report)
                .iter()
                .map(|v| render::indent_json(v, "    "))
                .collect::<Vec<_>>()
                .join(",\n")
                .into_bytes(),
            ClaimsFormat::Csv => render::claims_csv_rows(&report),
            ClaimsFormat::Markdown => render::claims_markdown_rows(&report).into_bytes(),
        };
        t.add("render", started.elapsed());
        done
    };
    let mut out = Out::new();
    match format {
        ClaimsFormat::Json => out.write(b"{\n  \"version\": 1,\n  \"claims\": [\n")?,
        ClaimsFormat::Csv => out.write(&render::claims_csv_header())?,
        ClaimsFormat::Markdown => out.write(render::claims_markdown_header().as_bytes())?,
    }
    let mut any_item = false;
    let mut counts = render::StatusCounts::default();
    let timings = run_files(&mut prep, a.timings, &work, &mut |done: Done| {
        counts.supported += done.status.supported;
        counts.insufficient += done.status.insufficient;
        counts.unsupported += done.status.unsupported;
        counts.suppressed += done.status.suppressed;
        if done.bytes.is_empty() {
            return Ok(());
        }
        if format == ClaimsFormat::Json && any_item {
            out.write(b",\n")?;
        }
        any_item = true;
        out.write(&done.bytes)
    })?;
    match format {
        ClaimsFormat::Json => out.line(&format!("{}  ]\n}}", if any_item { "\n" } else { "" }))?,
        ClaimsFormat::Csv => {}
        ClaimsFormat::Markdown => out.write(render::claims_markdown_footer(&counts).as_bytes())?,
    }
    out.finish().context("writing output")?;
    print_failures(&prep.failures);
    if a.timings {
        print_timings(&timings, wall.elapsed());
    }
    Ok(if prep.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn classify(a: ClassifyArgs) -> Result<ExitCode> {
    let config = match &a.config {
        Some(p) => match Config::load(p) {
            Ok(c) => c,
            Err(e) => {
                print_config_error(&e);
                return Ok(ExitCode::from(2));
            }
        },
        None => Config::default(),
    };
    let linter = match build_linter(config) {
        Ok(l) => l,
        Err(m) => {
            eprintln!("error: {m}");
            return Ok(ExitCode::from(2));
        }
    };
    let sentences: Vec<String> = if a.text.is_empty() {
        let mut s = String::new();
        io::stdin()
            .read_to_string(&mut s)
            .context("reading standard input")?;
        s.lines().map(str::to_string).collect()
    } else {
        a.text.clone()
    };
    let mut out = Out::new();
    for s in &sentences {
        let c = linter.classifier().classify(s, SentenceContext::default());
        match a.format {
            ClassifyFormat::Json => {
                let v = json!({
                    "text": s,
                    "claim": c.claim,
                    "strength": c.relation.as_str(),
                    "negated": c.negated,
                    "kind": c.kind.as_str(),
                    "triggers": c.triggers.iter().map(|t| json!({"text": t.text, "role": t.role})).collect::<Vec<_>>(),
                    "score": c.score.map(|(score, threshold)| json!({"score": round4(score), "threshold": round4(threshold)})),
                    "features": c.evidence.iter().map(|e| json!({"name": e.name.as_ref(), "weight": round4(e.weight)})).collect::<Vec<_>>(),
                });
                out.line(&serde_json::to_string(&v)?)?;
            }
            ClassifyFormat::Text => {
                let verdict = if c.claim {
                    format!(
                        "claim: {} {} (relation language: {})",
                        c.strength.as_str(),
                        c.kind.as_str(),
                        c.relation.as_str()
                    )
                } else {
                    format!("not a claim (relation language: {})", c.relation.as_str())
                };
                out.line(&format!("{s}\n  {verdict}"))?;
                for r in &c.reasons {
                    out.line(&format!("  - {r}"))?;
                }
                if !c.triggers.is_empty() {
                    let cues: Vec<String> = c
                        .triggers
                        .iter()
                        .map(|t| format!("{} ({})", t.text, t.role))
                        .collect();
                    out.line(&format!("  cues: {}", cues.join(", ")))?;
                }
            }
        }
    }
    out.finish().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

/// A weight or score as printed: four decimals.
fn round4(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

fn severity_name(s: Option<Severity>) -> &'static str {
    s.map_or("off", |s| s.as_str())
}

fn list_rules(a: RulesArgs) -> Result<ExitCode> {
    let mut out = Out::new();
    let packs = &*rules::pack::PACKS;
    let market: Vec<String> = a.market.iter().cloned().collect();
    let metas: Vec<(&rules::RuleMeta, Option<Severity>)> = rules::registry()
        .iter()
        .map(|r| r.meta())
        .map(|m| {
            (
                m,
                if market.is_empty() {
                    (!m.default_off).then_some(m.default_severity)
                } else {
                    packs.severity_for(&market, m)
                },
            )
        })
        // With a market, list what applies there.
        .filter(|(_, sev)| market.is_empty() || sev.is_some())
        .collect();
    match a.format {
        ListFormat::Json => {
            let v: Vec<_> = metas
                .iter()
                .map(|(m, sev)| {
                    let mut j = rule_json(m);
                    if !market.is_empty() {
                        j["market_severity"] = json!(severity_name(*sev));
                    }
                    j
                })
                .collect();
            out.line(&serde_json::to_string_pretty(&v)?)?;
        }
        ListFormat::Text => {
            for (m, sev) in metas {
                out.line(&format!(
                    "{:<7} {:<37} {:<8} {}",
                    m.code,
                    m.name,
                    severity_name(sev),
                    m.summary
                ))?;
            }
        }
    }
    out.finish().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

fn rule_json(m: &rules::RuleMeta) -> serde_json::Value {
    let packs = &*rules::pack::PACKS;
    let markets: serde_json::Map<String, serde_json::Value> = rules::pack::MARKETS
        .iter()
        .map(|mk| {
            (
                mk.to_string(),
                json!(severity_name(packs.severity_in(mk, m))),
            )
        })
        .collect();
    json!({
        "code": m.code,
        "name": m.name,
        "severity": severity_name((!m.default_off).then_some(m.default_severity)),
        "markets": markets,
        "summary": m.summary,
        "explanation": m.explanation_text(),
    })
}

fn explain_rule(a: RuleArgs) -> Result<ExitCode> {
    let Some(m) = rules::find(&a.name) else {
        let hint = crate::config::did_you_mean(&a.name, &rules::all_names());
        eprintln!(
            "error: unknown rule `{}`{hint}\n  run `claimlint rules` to list them",
            a.name
        );
        return Ok(ExitCode::from(2));
    };
    let mut out = Out::new();
    match a.format {
        ListFormat::Json => out.line(&serde_json::to_string_pretty(&rule_json(m))?)?,
        ListFormat::Text => {
            out.line(&format!("# {} ({})\n", m.name, m.code))?;
            out.line(&format!(
                "Default severity: {}\n",
                severity_name((!m.default_off).then_some(m.default_severity))
            ))?;
            out.line(&format!("{}\n", m.summary))?;
            let packs = &*rules::pack::PACKS;
            out.line("| Market | Severity |\n| --- | --- |")?;
            out.line(&format!(
                "| (none selected) | {} |",
                severity_name((!m.default_off).then_some(m.default_severity))
            ))?;
            for mk in rules::pack::MARKETS {
                out.line(&format!(
                    "| {mk} | {} |",
                    severity_name(packs.severity_in(mk, m))
                ))?;
            }
            out.line("")?;
            out.line(&m.explanation_text())?;
        }
    }
    out.finish().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_bare_path_runs_check() {
        let args = |v: &[&str]| normalize_args(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(args(&["claimlint", "docs"]), ["claimlint", "check", "docs"]);
        assert_eq!(args(&["claimlint"]), ["claimlint", "check"]);
        assert_eq!(args(&["claimlint", "rules"]), ["claimlint", "rules"]);
        assert_eq!(
            args(&["claimlint", "--version"]),
            ["claimlint", "--version"]
        );
    }
}
