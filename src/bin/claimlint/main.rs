//! The `claimlint` binary: parses arguments and runs a subcommand.
//! Exit codes: 0 clean, 1 findings at the `--fail-on` severity, 2 usage,
//! config or I/O error. A closed pipe (`claimlint … | head`) ends the run
//! quietly.
//!
//! Owns the process: arguments, allocator, exit status. The library does
//! the linting; nothing in it depends on this binary.

mod args;
mod commands;
mod out;
mod server;

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use args::{Cli, Command};

/// mimalloc: claimlint allocates many small strings and vectors per
/// sentence, where it measures faster than the system allocator (see
/// docs/design.md, "Performance"). The library leaves the choice to its
/// embedder.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run(std::env::args().collect()) {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // A closed or full standard error is no reason to panic.
            let line = format!("error: {e:#}");
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                claimlint::visible::visible_lines(&line)
            );
            ExitCode::from(2)
        }
    }
}

/// Runs the command line; returns the exit code.
fn run(args: Vec<String>) -> Result<ExitCode> {
    if let Some(message) = args::mistyped_subcommand(&args) {
        say!("{message}");
        return Ok(ExitCode::from(2));
    }
    let cli = match Cli::try_parse_from(args::normalize_args(args)) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Ok(ExitCode::from(if e.use_stderr() { 2 } else { 0 }));
        }
    };
    if matches!(
        cli.command,
        Command::Check(_) | Command::Claims(_) | Command::Server(_)
    ) {
        // What every run builds once (weights, packs, their filter and
        // patterns, the patterns pages need) is built on another core
        // while this one builds the lexicon and lints the first file: most
        // of the start-up time of a one-file run (pre-commit, editor).
        std::thread::spawn(claimlint::Linter::warm_up);
    }
    match cli.command {
        Command::Check(a) => commands::check::check(a),
        Command::Claims(a) => commands::claims::claims(a),
        Command::Classify(a) => commands::classify::classify(a),
        Command::Rules(a) => commands::rules::list_rules(a),
        Command::Rule(a) => commands::rules::explain_rule(a),
        Command::Config(a) => commands::config::show_config(a),
        Command::Server(a) => commands::server::server(a),
    }
}
