//! Writes the benchmark corpus: `--scale N` gives 500×N clinic-style pages
//! of 2–5 KB, `--large` the set of a few 5–20 MB files.
//!
//! The pages come from `benches/corpus.rs`, shared with the divan bench;
//! the same seed always gives the same bytes. The output directory is
//! cleared first, but only if it is empty or a corpus written by this
//! program.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --scale 10 --out target/bench-corpus/10x
//! cargo run --release --example gen-corpus -- --large --out target/bench-corpus/large
//! ```

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen-corpus (--scale N | --large [MB,MB,…]) --out DIR [--seed N]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut scale = None;
    let mut large: Option<Vec<usize>> = None;
    let mut out = None;
    let mut seed = corpus::SEED;
    let mut args = std::env::args().skip(1).peekable();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--scale" => {
                let v = args.next().ok_or(USAGE)?;
                scale = Some(
                    v.parse::<usize>()
                        .map_err(|e| format!("--scale {v}: {e}"))?,
                );
            }
            "--large" => {
                let sizes = match args.peek() {
                    Some(v) if !v.starts_with("--") => {
                        let v = args.next().unwrap_or_default();
                        v.split(',')
                            .map(|s| {
                                s.trim()
                                    .parse::<usize>()
                                    .map_err(|e| format!("--large {v}: {e}"))
                            })
                            .collect::<Result<Vec<_>, _>>()?
                    }
                    _ => corpus::LARGE_MB.to_vec(),
                };
                large = Some(sizes);
            }
            "--out" => out = Some(PathBuf::from(args.next().ok_or(USAGE)?)),
            "--seed" => {
                let v = args.next().ok_or(USAGE)?;
                seed = v.parse::<u64>().map_err(|e| format!("--seed {v}: {e}"))?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => return Err(format!("unexpected argument `{a}`\n{USAGE}")),
        }
    }
    let out = out.ok_or(USAGE)?;
    let written = match (scale, large) {
        (Some(n), None) if n > 0 => corpus::write_corpus(&out, seed, n),
        (None, Some(sizes)) => corpus::write_large(&out, seed, &sizes),
        _ => return Err(USAGE.to_string()),
    }
    .map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{}: {} files, {:.1} MB",
        out.display(),
        written.files,
        written.bytes as f64 / 1e6
    );
    Ok(())
}
