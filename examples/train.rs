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
//! ```

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
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => {
                out = it
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--out needs a directory")?
            }
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    let dev = dirs
        .first()
        .ok_or("usage: train DEV_DIR [STRENGTH_DIR] [--out DIR]")?;
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
    let write = |name: &str, text: String| {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
        Ok::<(), String>(())
    };
    write("model.toml", claim)?;
    if let Some(s) = strength {
        write("strength.toml", s)?;
    }
    Ok(())
}
