//! Trains the decision layer and writes `rules/model.toml` (claim or not)
//! and `rules/strength.toml` (the strength of the relation language).
//!
//! The claim decision is fitted on every sentence of the annotated pages
//! (`NAME.md` beside `NAME.claims.toml`), labelled by overlap with the
//! annotated claims (borderline ones left out); the strength decision on
//! the labelled sentences, relabelled under ANNOTATING.md where "can"
//! qualifies the relation. The fit is deterministic and the weights are
//! rounded, so the same corpus always gives the same files, byte for byte;
//! each records the SHA-256 of the corpus it was trained on.
//!
//! ```sh
//! cargo run --release --example train -- ../shared/corpus/dev ../shared/corpus/strength-dev
//! cargo run --release --example train -- DEV [STRENGTH] --out DIR   # write elsewhere
//! cargo run --release --example train -- DEV [STRENGTH] --check     # are the shipped files current?
//! ```
//!
//! `--check` writes nothing: it fails (exit 2) when the files it would write differ
//! from those in `--out` (the shipped `rules/` by default). Weights go stale
//! when the lexicon or the features change without a retrain, and then the
//! shipped files are no longer what the command reproduces.

use std::path::PathBuf;

use claimlint::train;

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut dirs = Vec::new();
    let mut out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"));
    let mut check = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => {
                out = it
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--out needs a directory")?
            }
            "--check" => check = true,
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    let dev = dirs
        .first()
        .ok_or("usage: train DEV_DIR [STRENGTH_DIR] [--out DIR] [--check]")?;
    let (pages, mut files) = train::load_pages(dev).map_err(|e| e.to_string())?;
    let strength = match dirs.get(1) {
        Some(d) => {
            let (rows, f) = train::load_strength(d).map_err(|e| e.to_string())?;
            files.extend(f);
            Some(rows)
        }
        None => None,
    };
    let (claim, strength) = train::train(&pages, strength.as_deref(), &files);
    let mut files = vec![("model.toml", claim)];
    files.extend(strength.map(|s| ("strength.toml", s)));
    if check {
        return check_files(&out, &files);
    }
    for (name, text) in files {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Compares what training gives with the files in `dir`.
fn check_files(dir: &std::path::Path, files: &[(&str, String)]) -> Result<(), String> {
    let stale: Vec<String> = files
        .iter()
        .filter(|(name, text)| std::fs::read_to_string(dir.join(name)).ok().as_ref() != Some(text))
        .map(|(name, _)| dir.join(name).display().to_string())
        .collect();
    if stale.is_empty() {
        eprintln!("the files in {} are what this corpus trains", dir.display());
        return Ok(());
    }
    Err(format!(
        "not what this corpus trains (retrain without --check and commit): {}",
        stale.join(", ")
    ))
}
