//! `claimlint classify`: whether each sentence is a claim, how strong,
//! and which cues decided it.
//!
//! Owns the command and its text and JSON output. Does not own the
//! classifier.

use std::io::Read as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use claimlint::classify::SentenceContext;
use claimlint::{Config, Linter};
use serde_json::json;

use crate::args::{ClassifyArgs, ClassifyFormat};
use crate::out::{Out, print_config_error};
use crate::say;

/// Runs `classify`.
pub(crate) fn classify(a: ClassifyArgs) -> Result<ExitCode> {
    let config = match &a.config {
        Some(p) => match a
            .access
            .access()
            .map(|access| Config::load_with(p, &access))
        {
            Err(code) => return Ok(code),
            Ok(loaded) => match loaded {
                Ok(c) => c,
                Err(e) => {
                    print_config_error(&e);
                    return Ok(ExitCode::from(2));
                }
            },
        },
        None => Config::default(),
    };
    let linter = match Linter::new(config).map_err(|e| e.to_string()) {
        Ok(l) => l,
        Err(m) => {
            say!("error: {m}");
            return Ok(ExitCode::from(2));
        }
    };
    let sentences: Vec<String> = if a.text.is_empty() {
        let mut s = String::new();
        std::io::stdin()
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
