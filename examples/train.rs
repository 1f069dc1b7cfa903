//! Trains the decision layer and writes `rules/model.toml` (claim or not)
//! and `rules/strength.toml` (the strength of the relation language).
//!
//! The claim decision is fitted on every sentence of the annotated pages
//! (`NAME.md` beside `NAME.claims.toml`), labelled by overlap with the
//! annotated claims (borderline ones left out); the strength decision on
//! the labelled sentences, relabelled under ANNOTATING.md where "can"
//! qualifies the relation. The fit is deterministic and the weights are
//! rounded, so the same corpus always gives the same file, byte for byte;
//! the file records the SHA-256 of the corpus it was trained on.
//!
//! ```sh
//! cargo run --release --example train -- ../shared/corpus/dev ../shared/corpus/strength-dev
//! cargo run --release --example train -- DEV [STRENGTH] --out DIR   # elsewhere
//! ```

#[path = "support/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::path::PathBuf;

use claimlint::classify::Classifier;
use claimlint::classify::train::{self, Params, STRENGTH_CLASSES, Sample};

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
            "--out" => out = it.next().map(PathBuf::from).ok_or("--out needs a directory")?,
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    let dev = dirs.first().ok_or("usage: train DEV_DIR [STRENGTH_DIR] [--out DIR]")?;
    let (pages, mut files) = corpus::pages(dev)?;
    let strength = match dirs.get(1) {
        Some(d) => {
            let (rows, f) = corpus::strength(d)?;
            files.extend(f.into_iter().map(|(n, b)| (format!("strength/{n}"), b)));
            Some(rows)
        }
        None => None,
    };
    let (claim, strength) = train_model(&pages, strength.as_deref(), &files);
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

/// The weights files for a corpus: claim, and strength when labelled
/// sentences are given.
fn train_model(
    pages: &[train::Page],
    strength: Option<&[corpus::Labelled]>,
    files: &[(String, Vec<u8>)],
) -> (String, Option<String>) {
    let p = Params::default();
    let rules = Classifier::rules_only();
    let parse = claimlint::markdown::ParseOptions {
        front_matter_fields: claimlint::Config::default().front_matter_fields.clone(),
        front_matter_prose: claimlint::Config::default().front_matter_prose,
    };
    let samples = train::samples(pages, &rules, &parse);
    let kept: Vec<&Sample> = samples.iter().filter(|s| s.label.is_some()).collect();
    let labels: Vec<usize> = kept.iter().map(|s| usize::from(s.label == Some(true))).collect();
    let claim = train::fit(&kept, &labels, 2, &p);
    let mut notes = BTreeMap::new();
    notes.insert("pages".to_string(), pages.len().to_string());
    notes.insert("sentences".to_string(), kept.len().to_string());
    notes.insert("claims".to_string(), labels.iter().sum::<usize>().to_string());
    notes.insert("l2".to_string(), p.l2.to_string());
    notes.insert("iterations".to_string(), p.iterations.to_string());
    notes.insert("min-sites".to_string(), p.min_sites.to_string());
    let strength_w = strength.map(|rows| {
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        let s = train::sentence_samples(&texts, &rules);
        let refs: Vec<&Sample> = s.iter().collect();
        let relabelled: Vec<(usize, bool)> =
            rows.iter().map(|r| train::relabel(&r.text, r.label)).collect();
        let labels: Vec<usize> = relabelled.iter().map(|r| r.0).collect();
        notes.insert("strength-sentences".to_string(), rows.len().to_string());
        notes.insert(
            "strength-relabelled-can".to_string(),
            relabelled.iter().filter(|r| r.1).count().to_string(),
        );
        train::fit(&refs, &labels, 4, &Params { min_sites: 2, ..p })
    });
    let command = "cargo run --release --example train -- DEV_DIR STRENGTH_DIR";
    let digest = train::corpus_digest(files);
    (
        train::write_claim_model(command, &digest, &notes, &claim, p.threshold),
        strength_w.map(|w| {
            train::write_strength_model(command, &digest, &notes, &STRENGTH_CLASSES, &w)
        }),
    )
}
