//! The comrak floor: reads every Markdown file under the given paths and
//! parses it with the comrak version and options claimlint uses, then drops
//! the tree. Single-threaded. Nothing built on comrak can check these files
//! faster than this, so `benches/compare.sh` reports every tool as a ratio
//! to it.
//!
//! It walks directories for `.md` files in sorted order (as `claimlint
//! check` does) and prints the file count, bytes and elapsed time to
//! standard error.
//!
//! ```sh
//! cargo run --release --example parse-only -- target/bench-corpus/1x
//! ```

use std::path::{Path, PathBuf};

/// The allocator the `claimlint` binary uses, so the floor and the linter
/// are measured alike.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;
use std::time::Instant;

/// Parses one file's text and drops the tree.
fn parse(text: &str) {
    let arena = comrak::Arena::new();
    let (md, options) = claimlint::markdown::comrak_input(text);
    let root = comrak::parse_document(&arena, md, &options);
    std::hint::black_box(root);
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let started = Instant::now();
    let mut files = Vec::new();
    for a in std::env::args_os().skip(1) {
        if let Err(e) = collect(Path::new(&a), &mut files) {
            eprintln!("parse-only: {}: {e}", Path::new(&a).display());
            return ExitCode::from(2);
        }
    }
    let mut bytes = 0usize;
    for f in &files {
        match std::fs::read_to_string(f) {
            Ok(text) => {
                bytes += text.len();
                parse(&text);
            }
            Err(e) => {
                eprintln!("parse-only: {}: {e}", f.display());
                return ExitCode::from(2);
            }
        }
    }
    eprintln!(
        "parse-only: {} files, {:.1} MB, {:.3} s",
        files.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
