//! The command line's arguments (clap derive): one struct per subcommand,
//! and the rule that a bare path means `check`.
//!
//! Owns the flags, their help and their values. Does not own what a
//! command does (`commands`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::out::shown;
use crate::say;

/// Lint aesthetics and skincare Markdown for unsupported efficacy claims.
#[derive(Debug, Parser)]
#[command(name = "claimlint", version, about, long_about = None)]
#[command(
    after_help = "Without a subcommand, `claimlint [PATH…]` runs `check`.\nExit status: 0 no findings at the --fail-on severity (default: error), 1 findings at it, 2 usage, config or I/O error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    /// Run the language server on standard input and output (for editors).
    Server(ServerArgs),
}

/// `claimlint server`: the configuration is found per file, as `check`
/// finds it, unless `--config` names one.
#[derive(Debug, clap::Args)]
pub(crate) struct ServerArgs {
    /// Use this config file for every document instead of the nearest
    /// `claimlint.toml`.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Check for these markets (us, uk, eu, sg, au), overriding the config
    /// and front matter. Repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(claimlint::page::Market::NAMES))]
    pub(crate) market: Vec<String>,
    /// Accepted for editors that pass it; standard input and output is the
    /// only transport.
    #[arg(long, hide = true)]
    pub(crate) stdio: bool,
    #[command(flatten)]
    pub(crate) access: AccessArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InputArgs {
    /// Files or directories to check; `-` reads standard input. Default: `.`.
    pub(crate) paths: Vec<PathBuf>,
    /// Use this config file instead of the nearest `claimlint.toml`.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The path to report for standard input (also used to find its config).
    #[arg(long, value_name = "PATH")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Read the document from standard input (the same as the path `-`).
    #[arg(long, conflicts_with = "paths")]
    pub(crate) stdin: bool,
    /// Check for these markets (us, uk, eu, sg, au), overriding the config
    /// and front matter. Repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(claimlint::page::Market::NAMES))]
    pub(crate) market: Vec<String>,
    /// Check only the files git reports as changed since this revision
    /// (committed, staged or not, and untracked files).
    #[arg(long, value_name = "REF")]
    pub(crate) changed_since: Option<String>,
    /// Skip files the configuration excludes even when they are named on
    /// the command line (as pre-commit and editors name them).
    #[arg(long)]
    pub(crate) force_exclude: bool,
    /// Do not check Markdown files larger than this [default: 256M].
    #[arg(long, value_name = "SIZE", value_parser = claimlint::access::parse_size)]
    pub(crate) max_file_size: Option<u64>,
    #[command(flatten)]
    pub(crate) access: AccessArgs,
}

impl InputArgs {
    pub(crate) fn max_file_bytes(&self) -> u64 {
        self.max_file_size
            .unwrap_or(claimlint::access::DEFAULT_MAX_FILE_BYTES)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// rustc-style diagnostics with source excerpts.
    Human,
    /// One line per finding: `path:line:column: CODE [severity] message`.
    Concise,
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
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MinSeverity {
    Error,
    Warning,
    Info,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: CheckFormat,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) color: ColorChoice,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value = "error")]
    pub(crate) fail_on: FailOn,
    /// Hide findings below this severity (they do not affect the exit
    /// status either).
    #[arg(long, value_enum, default_value = "info")]
    pub(crate) min_severity: MinSeverity,
    /// Exit 0 even when findings are reported; unreadable files and
    /// invalid configuration still exit 2.
    #[arg(long, conflicts_with = "fail_on")]
    pub(crate) exit_zero: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file, report nothing,
    /// and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Read documents from standard input as JSON lines and answer each
    /// with a line of findings: one process for many documents, for editor
    /// and linter plugins (see docs/output-formats.md).
    #[arg(long, conflicts_with_all = ["paths", "stdin", "stdin_filename", "changed_since", "baseline", "write_baseline", "step_summary", "statistics"])]
    pub(crate) stream: bool,
    /// Print how many findings each rule reported instead of the findings.
    #[arg(long)]
    pub(crate) statistics: bool,
    /// Append a Markdown summary of the run (findings per rule, claims per
    /// status, the files with most findings, unsupported claims) to this
    /// file, such as `$GITHUB_STEP_SUMMARY`.
    #[arg(long, value_name = "FILE")]
    pub(crate) step_summary: Option<PathBuf>,
    /// Print where the time went (by stage and by rule) to standard error.
    #[arg(long)]
    pub(crate) timings: bool,
    /// List, on standard error, the front-matter fields of each file that
    /// were read as prose.
    #[arg(long, short = 'v')]
    pub(crate) verbose: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ConfigArgs {
    /// Print the resolved configuration for this file: its claimlint.toml
    /// (with `extends`), matching `[[overrides]]`, front matter and markets.
    #[arg(long, value_name = "FILE", required = true)]
    pub(crate) show: PathBuf,
    /// Use this config file instead of the nearest `claimlint.toml`.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// As `check --market`.
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(claimlint::page::Market::NAMES))]
    pub(crate) market: Vec<String>,
    #[command(flatten)]
    pub(crate) access: AccessArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ClaimsFormat {
    Json,
    Csv,
    Markdown,
    /// A self-contained page to review and sign: each draft with its
    /// claims highlighted, and the register.
    Html,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ClaimsArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub(crate) format: ClaimsFormat,
    /// Print where the time went (by stage and by rule) to standard error.
    #[arg(long)]
    pub(crate) timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ClassifyFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ClassifyArgs {
    /// Sentences to classify; without any, each line of standard input.
    pub(crate) text: Vec<String>,
    /// Output format: one JSON object per line, or a readable explanation.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: ClassifyFormat,
    /// Use this config file (for its lexicon extensions).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) access: AccessArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: ListFormat,
    /// List only the rules that apply in this market, at its severity.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(claimlint::page::Market::NAMES))]
    pub(crate) market: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RuleArgs {
    /// A rule code (`CL001`) or name (`uncited-efficacy-claim`).
    pub(crate) name: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: ListFormat,
}

/// What configuration and registry files may be read, and how much of
/// each (see the `access` module).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct AccessArgs {
    /// Let `extends` and `[evidence] registry` read files under this
    /// directory although it is outside the project (repeatable). By
    /// default they must stay inside the repository of the config.
    #[arg(long, value_name = "DIR")]
    pub(crate) allow_config_path: Vec<PathBuf>,
    /// The largest claimlint.toml (and file it extends) read [default: 1M].
    #[arg(long, value_name = "SIZE", value_parser = claimlint::access::parse_size)]
    pub(crate) max_config_size: Option<u64>,
    /// The largest evidence registry read [default: 32M].
    #[arg(long, value_name = "SIZE", value_parser = claimlint::access::parse_size)]
    pub(crate) max_registry_size: Option<u64>,
}

impl AccessArgs {
    /// The access the command line grants. An allowed directory that
    /// does not exist is an error, so a typo cannot widen nothing silently.
    pub(crate) fn access(&self) -> Result<claimlint::access::Access, ExitCode> {
        let mut access = claimlint::access::Access::default();
        for d in &self.allow_config_path {
            match std::fs::canonicalize(d) {
                Ok(c) => access.allowed.push(c),
                Err(e) => {
                    say!(
                        "error: --allow-config-path {}: {}",
                        shown(d),
                        claimlint::access::io_reason(&e)
                    );
                    return Err(ExitCode::from(2));
                }
            }
        }
        if let Some(n) = self.max_config_size {
            access.max_config_bytes = n;
        }
        if let Some(n) = self.max_registry_size {
            access.max_registry_bytes = n;
        }
        Ok(access)
    }
}

const SUBCOMMANDS: &[&str] = &[
    "check", "claims", "classify", "rules", "rule", "config", "server", "help",
];

/// Inserts `check` when no subcommand is given, so `claimlint docs/` works.
pub(crate) fn normalize_args(mut args: Vec<String>) -> Vec<String> {
    let first = args.get(1).map(String::as_str);
    let is_sub = first.is_some_and(|a| SUBCOMMANDS.contains(&a));
    let is_top_flag = first.is_some_and(|a| matches!(a, "-h" | "--help" | "-V" | "--version"));
    if !is_sub && !is_top_flag {
        args.insert(1, "check".into());
    }
    args
}

/// A first argument that is neither a subcommand, a flag nor an existing
/// path, but close to a subcommand (`claimlint chek`): the message saying
/// so, where otherwise it would be checked as a missing file.
pub(crate) fn mistyped_subcommand(args: &[String]) -> Option<String> {
    let first = args.get(1)?;
    if SUBCOMMANDS.contains(&first.as_str())
        || first.starts_with('-')
        || first.contains(['/', '\\', '.'])
        || std::path::Path::new(first).exists()
    {
        return None;
    }
    let hint = claimlint::suggest::did_you_mean(first, SUBCOMMANDS);
    (!hint.is_empty()).then(|| {
        format!(
            "error: `{}` is not a subcommand, nor a file or directory{hint}",
            claimlint::visible::visible(first)
        )
    })
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
