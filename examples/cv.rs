//! Grouped cross-validation of the trained decision layer.
//!
//! Claims: leave one site out (a site's pages share a template and an
//! author's habits, `sites.toml` groups them): train on every other site,
//! lint the held-out pages with those weights exactly as `claimlint claims`
//! does, and score the claims found as `eval/score.py` does (span overlap,
//! borderline claims ignored). Prints the per-fold table, the mean of the
//! folds' F1 and the pooled F1, on all pages and on the pages numbered
//! 41–80, which no hand rule was tuned on. Trust the latter.
//!
//! Kind: each fold also fits the kind decision (efficacy, safety,
//! superiority, testimonial) and lints the held-out pages with and without
//! it; for each annotated claim that some reported claim overlaps, is the
//! annotated kind among the kinds reported for it? With `--kinds`, only the
//! sentence-level comparison: on the sentences that overlap an annotated
//! claim, the trained kind against the rules' kind (`rule:kind:…`).
//!
//! Strength (with `--strength DIR`): ten folds over the labelled sentences
//! (sentence i in fold i mod 10), macro-F1 over the four classes as
//! `eval/strength.py` computes it, against the labels as given and as
//! relabelled under ANNOTATING.md ("can" is a hedge).
//!
//! ```sh
//! cargo run --release --example cv -- ../shared/corpus/dev --strength ../shared/corpus/strength-dev
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use claimlint::classify::model::{Model, ModelMeta, ModelSpec};
use claimlint::classify::{Classifier, Kind};
use claimlint::train::{self, Counts, KIND_CLASSES, Params, STRENGTH_CLASSES, Sample};
use claimlint::{Config, Linter};

struct Args {
    dev: PathBuf,
    strength: Option<PathBuf>,
    params: Params,
    strength_params: Params,
    verbose: bool,
    only_strength: bool,
    kinds: bool,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut dev = None;
    let mut strength = None;
    let mut params = Params::default();
    let mut strength_params = train::strength_params();
    let mut verbose = false;
    let mut only_strength = false;
    let mut kinds = false;
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<f64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} needs a number"))
        };
        match a.as_str() {
            "--strength" => strength = it.next().map(PathBuf::from),
            "--l2" => params.l2 = num("--l2")?,
            "--iterations" => params.iterations = num("--iterations")? as usize,
            "--min-sites" => params.min_sites = num("--min-sites")? as usize,
            "--threshold" => params.threshold = num("--threshold")?,
            "--rule-margin" => params.rule_margin = num("--rule-margin")?,
            "--balance" => strength_params.balance = num("--balance")?,
            "--strength-l2" => strength_params.l2 = num("--strength-l2")?,
            "-v" | "--verbose" => verbose = true,
            "--only-strength" => only_strength = true,
            "--kinds" => kinds = true,
            _ if dev.is_none() => dev = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument `{a}`")),
        }
    }
    Ok(Args {
        dev: dev.ok_or("usage: cv DEV_DIR [--strength DIR] [--l2 X] [--min-sites N] [--threshold T] [--rule-margin M] [--strength-l2 X] [--balance B] [--only-strength] [--kinds] [-v]")?,
        strength,
        params,
        strength_params,
        verbose,
        only_strength,
        kinds,
    })
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cv: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let a = args()?;
    if a.only_strength {
        let dir = a
            .strength
            .as_deref()
            .ok_or("--only-strength needs --strength")?;
        return strength_cv(dir, &a.strength_params);
    }
    let (pages, _) = train::load_pages(&a.dev).map_err(|e| e.to_string())?;
    let rules = Classifier::rules_only();
    let samples = train::samples(&pages, &rules, &train::parse_options());
    println!(
        "{} pages, {} sites, {} sentences ({} claims, {} borderline)",
        pages.len(),
        sites(&pages).len(),
        samples.len(),
        samples.iter().filter(|s| s.label == Some(true)).count(),
        samples.iter().filter(|s| s.label.is_none()).count()
    );
    oracle(&pages, &samples);
    if a.kinds {
        kinds_cv(&pages, &samples, &a.params);
        return Ok(());
    }
    claims_cv(&pages, &samples, &a.params, a.verbose)?;
    if let Some(dir) = &a.strength {
        strength_cv(dir, &a.strength_params)?;
    }
    Ok(())
}

fn sites(pages: &[train::Page]) -> Vec<String> {
    let mut s: Vec<String> = pages.iter().map(|p| p.site.clone()).collect();
    s.sort();
    s.dedup();
    s
}

/// The best any sentence-level decision can score: every sentence that
/// overlaps a claim detected, no other. Claims outside every sentence the
/// detector reads, and two claims in one sentence, are misses even then.
fn oracle(pages: &[train::Page], samples: &[Sample]) {
    let (mut all, mut late) = (Counts::default(), Counts::default());
    for (pi, page) in pages.iter().enumerate() {
        let found: Vec<std::ops::Range<usize>> = samples
            .iter()
            .filter(|s| s.page == pi && s.label == Some(true))
            .map(|s| s.span.clone())
            .collect();
        let c = train::score_page(&page.claims, &found);
        all.add(c);
        if train::page_number(page) >= 41 {
            late.add(c);
        }
    }
    println!(
        "oracle (perfect sentence decisions): F1 {:.3} (R {:.3}); pages 41-80: F1 {:.3} (R {:.3})",
        all.prf().2,
        all.prf().1,
        late.prf().2,
        late.prf().1
    );
}

/// A model from claim weights and, with `kinds`, kind weights.
fn claim_model(samples: &[&Sample], p: &Params, kinds: bool) -> Model {
    let labels: Vec<usize> = samples
        .iter()
        .map(|s| usize::from(s.label == Some(true)))
        .collect();
    let w = train::fit(samples, &labels, 2, p);
    let kind_names: Vec<&str> = KIND_CLASSES.iter().map(|k| k.as_str()).collect();
    let spec = ModelSpec {
        model: ModelMeta {
            format: 1,
            command: "cv".into(),
            corpus: String::new(),
            notes: BTreeMap::new(),
        },
        claim: w.binary_spec(p.threshold, p.rule_margin),
        kind: kinds.then(|| train::fit_kind(samples, &kind_params(p)).multi_spec(&kind_names)),
    };
    Model::from_spec(spec).expect("fitted weights compile")
}

/// The claims `claimlint claims` reports on a page with these weights.
fn detect(linter: &Linter, page: &train::Page) -> Vec<std::ops::Range<usize>> {
    detect_kinds(linter, page)
        .into_iter()
        .map(|c| c.0)
        .collect()
}

/// The claims reported on a page, with their kinds.
fn detect_kinds(linter: &Linter, page: &train::Page) -> Vec<(std::ops::Range<usize>, Kind)> {
    let report = linter.lint(&format!("{}.md", page.name), &page.text);
    report
        .claims
        .iter()
        .map(|c| (c.claim.span.clone(), c.claim.kind))
        .collect()
}

/// Of the annotated claims some reported claim overlaps: how many, for
/// how many the annotated kind is among the overlapping claims' kinds, and
/// for how many it is the only kind reported.
fn kind_agreement(page: &train::Page, found: &[(std::ops::Range<usize>, Kind)]) -> [usize; 3] {
    let mut out = [0, 0, 0];
    for a in page.claims.iter().filter(|a| !a.borderline) {
        let kinds: Vec<Kind> = found
            .iter()
            .filter(|(r, _)| r.start < a.span.end && a.span.start < r.end)
            .map(|(_, k)| *k)
            .collect();
        if !kinds.is_empty() {
            out[0] += 1;
            out[1] += usize::from(kinds.iter().any(|k| k.as_str() == a.kind));
            out[2] += usize::from(kinds.iter().all(|k| k.as_str() == a.kind));
        }
    }
    out
}

/// The kind fit's own settings (`train::kind_params`) over the claim
/// fit's `p`, which the command line may have changed.
fn kind_params(p: &Params) -> Params {
    let k = train::kind_params();
    Params {
        balance: k.balance,
        prune: k.prune,
        ..*p
    }
}

/// A fold's classifier: claim weights and, with `kinds`, kind weights
/// fitted on `train`.
fn fold_classifier(train: &[&Sample], p: &Params, kinds: bool) -> Classifier {
    Classifier::rules_only().with_model(Some(Arc::new(claim_model(train, p, kinds))))
}

/// A held-out page's kind agreement: its number, then the agreement of
/// the claims found with the kind weights (`with_kinds`) and without them
/// (linted again with `no_kinds`).
fn kinds_row(
    page: &train::Page,
    with_kinds: &[(std::ops::Range<usize>, Kind)],
    no_kinds: &Linter,
) -> (u32, [usize; 3], [usize; 3]) {
    (
        train::page_number(page),
        kind_agreement(page, with_kinds),
        kind_agreement(page, &detect_kinds(no_kinds, page)),
    )
}

/// Prints the held-out kind agreement with and without the kind weights.
fn kind_table(rows: &[(u32, [usize; 3], [usize; 3])]) {
    for (name, min) in [("all pages", 0), ("pages 41-80", 41)] {
        let (mut w, mut wo) = ([0; 3], [0; 3]);
        for (_, a, b) in rows.iter().filter(|r| r.0 >= min) {
            for i in 0..3 {
                w[i] += a[i];
                wo[i] += b[i];
            }
        }
        let r = |x: usize, n: usize| x as f64 / n.max(1) as f64;
        println!(
            "kind of reported claims, {name} (with the kind weights | the rules' kinds): annotated kind among them {:.3} | {:.3}, the only kind {:.3} | {:.3} (of {} | {} annotated claims found)",
            r(w[1], w[0]),
            r(wo[1], wo[0]),
            r(w[2], w[0]),
            r(wo[2], wo[0]),
            w[0],
            wo[0]
        );
    }
}

fn claims_cv(
    pages: &[train::Page],
    samples: &[Sample],
    p: &Params,
    verbose: bool,
) -> Result<(), String> {
    let base = Linter::new(Config::default()).map_err(|e| e.to_string())?;
    let rules_linter = base.clone().with_classifier(Classifier::rules_only());
    let mut rows = Vec::new();
    // (rule claim, model claim, label) counts over held-out sentences.
    let mut grid: BTreeMap<(bool, bool, bool), usize> = BTreeMap::new();
    let mut kinds = Vec::new();
    for site in sites(pages) {
        let train: Vec<&Sample> = samples
            .iter()
            .filter(|s| s.site != site && s.label.is_some())
            .collect();
        let [linter, no_kinds] =
            [true, false].map(|k| base.clone().with_classifier(fold_classifier(&train, p, k)));
        for page in pages.iter().filter(|pg| pg.site == site) {
            let with_kinds = detect_kinds(&linter, page);
            kinds.push(kinds_row(page, &with_kinds, &no_kinds));
            let found: Vec<_> = with_kinds.into_iter().map(|c| c.0).collect();
            let c = train::score_page(&page.claims, &found);
            let rules_found = detect(&rules_linter, page);
            let r = train::score_page(&page.claims, &rules_found);
            let pi = pages.iter().position(|x| x.name == page.name).unwrap_or(0);
            for smp in samples.iter().filter(|x| x.page == pi && x.label.is_some()) {
                let key = (
                    rules_found.contains(&smp.span),
                    found.contains(&smp.span),
                    smp.label == Some(true),
                );
                *grid.entry(key).or_default() += 1;
                if verbose && !key.0 && !key.1 && key.2 {
                    let place: Vec<&String> = smp
                        .features
                        .iter()
                        .filter(|f| f.starts_with("place:") || f.starts_with("in:"))
                        .collect();
                    println!(
                        "  MISS {} {:?} {:?}",
                        page.name,
                        place,
                        excerpt(&page.text[smp.span.clone()])
                    );
                }
            }
            if verbose {
                report_errors(page, &found);
            }
            rows.push((site.clone(), train::page_number(page), c, r));
        }
    }
    println!("held-out sentences by (rules claim, model claim, annotated claim):");
    for (k, n) in &grid {
        println!("  {k:?}: {n}");
    }
    table("all pages", &rows, |_| true);
    table("pages 41-80", &rows, |n| n >= 41);
    println!();
    kind_table(&kinds);
    let all: Vec<&Sample> = samples.iter().filter(|s| s.label.is_some()).collect();
    let linter = base.with_classifier(fold_classifier(&all, p, true));
    let mut c = Counts::default();
    for page in pages {
        c.add(train::score_page(&page.claims, &detect(&linter, page)));
    }
    let (pr, re, f) = c.prf();
    println!("trained on all pages, scored on them: F1 {f:.3} (P {pr:.3} R {re:.3})");
    Ok(())
}

/// Prints a fold table: per site, its counts and F1 (model and rules),
/// then the mean of the folds' F1 and the pooled F1.
fn table(title: &str, rows: &[(String, u32, Counts, Counts)], keep: impl Fn(u32) -> bool) {
    let mut folds: BTreeMap<&str, (Counts, Counts)> = BTreeMap::new();
    for (site, n, c, r) in rows.iter().filter(|r| keep(r.1)) {
        let e = folds.entry(site.as_str()).or_default();
        e.0.add(*c);
        e.1.add(*r);
        let _ = n;
    }
    println!("\n{title}: {} folds", folds.len());
    println!(
        "{:<20} {:>4} {:>4} {:>4} {:>6} {:>6}",
        "site", "tp", "fp", "fn", "F1", "rules"
    );
    let (mut pooled, mut pooled_rules) = (Counts::default(), Counts::default());
    let (mut sum, mut sum_rules) = (0.0, 0.0);
    for (site, (c, r)) in &folds {
        let f = c.prf().2;
        let fr = r.prf().2;
        println!(
            "{site:<20} {:>4} {:>4} {:>4} {f:>6.3} {fr:>6.3}",
            c.tp, c.fp, c.fn_
        );
        pooled.add(*c);
        pooled_rules.add(*r);
        sum += f;
        sum_rules += fr;
    }
    let n = folds.len().max(1) as f64;
    let (p, r, f) = pooled.prf();
    let (pr, rr, fr) = pooled_rules.prf();
    println!("fold mean F1 {:.3} (rules {:.3})", sum / n, sum_rules / n);
    println!("pooled F1 {f:.3} (P {p:.3} R {r:.3}); rules {fr:.3} (P {pr:.3} R {rr:.3})");
}

/// Prints the held-out misses and false alarms of a page.
fn report_errors(page: &train::Page, found: &[std::ops::Range<usize>]) {
    let overl =
        |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| a.start < b.end && b.start < a.end;
    for f in found {
        if !page.claims.iter().any(|a| overl(f, &a.span)) {
            println!("  FP {}: {:?}", page.name, excerpt(&page.text[f.clone()]));
        }
    }
    for a in page.claims.iter().filter(|a| !a.borderline) {
        if !found.iter().any(|f| overl(f, &a.span)) {
            println!(
                "  FN {}: {:?}",
                page.name,
                excerpt(&page.text[a.span.clone()])
            );
        }
    }
}

fn excerpt(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(110)
        .collect()
}

fn strength_cv(dir: &std::path::Path, p: &Params) -> Result<(), String> {
    let (rows, _) = train::load_strength(dir).map_err(|e| e.to_string())?;
    let rules = Classifier::rules_only();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let samples = train::sentence_samples(&texts, &rules);
    let labels: Vec<usize> = rows
        .iter()
        .map(|r| train::relabel(&r.text, r.label).0)
        .collect();
    let relabelled = rows
        .iter()
        .filter(|r| train::relabel(&r.text, r.label).1)
        .count();
    let mut pred = vec![0usize; rows.len()];
    let sp = *p;
    for fold in 0..10 {
        let idx: Vec<usize> = (0..rows.len()).filter(|i| i % 10 != fold).collect();
        let tr: Vec<&Sample> = idx.iter().map(|&i| &samples[i]).collect();
        let ls: Vec<usize> = idx.iter().map(|&i| labels[i]).collect();
        let w = train::fit(&tr, &ls, 4, &sp);
        let spec = ModelSpec {
            model: ModelMeta {
                format: 1,
                command: "cv".into(),
                corpus: String::new(),
                notes: BTreeMap::new(),
            },
            claim: train::Weights::default().binary_spec(0.0, 0.0),
            kind: None,
        };
        let strength_names: Vec<&str> = STRENGTH_CLASSES.iter().map(|k| k.as_str()).collect();
        let model = Model::from_spec(spec)
            .map_err(|e| e.to_string())?
            .with_strength(&w.multi_spec(&strength_names))
            .map_err(|e| e.to_string())?;
        let model = Arc::new(model);
        let c = Classifier::rules_only().with_model(Some(model));
        for i in (0..rows.len()).filter(|i| i % 10 == fold) {
            let s = c.classify(&rows[i].text, Default::default()).relation;
            pred[i] = STRENGTH_CLASSES.iter().position(|k| *k == s).unwrap_or(3);
        }
    }
    println!(
        "\nstrength, 10-fold CV on {} sentences ({relabelled} direct labels with \"can\" relabelled hedged)",
        rows.len()
    );
    let given: Vec<usize> = rows.iter().map(|r| r.label).collect();
    println!(
        "macro-F1 against the labels as given: {:.3}",
        macro_f1(&given, &pred)
    );
    println!(
        "macro-F1 against the relabelled labels: {:.3}",
        macro_f1(&labels, &pred)
    );
    let rule_pred: Vec<usize> = rows
        .iter()
        .map(|r| {
            let s = rules.classify(&r.text, Default::default()).relation;
            STRENGTH_CLASSES.iter().position(|k| *k == s).unwrap_or(3)
        })
        .collect();
    println!(
        "rules alone, labels as given: {:.3}",
        macro_f1(&given, &rule_pred)
    );
    println!("confusion (gold rows, predicted columns; labels as given):");
    for (g, class) in STRENGTH_CLASSES.iter().enumerate() {
        let row: Vec<usize> = (0..4)
            .map(|q| {
                given
                    .iter()
                    .zip(&pred)
                    .filter(|(a, b)| **a == g && **b == q)
                    .count()
            })
            .collect();
        println!("  {:>14} {:?}", class.as_str(), row);
    }
    if std::env::var_os("CV_ERRORS").is_some() {
        for i in 0..rows.len() {
            if given[i] != pred[i] {
                println!("  want {} got {}: {}", given[i], pred[i], rows[i].text);
            }
        }
    }
    Ok(())
}

/// Macro-F1 over the four classes, as `eval/strength.py` computes it.
fn macro_f1(gold: &[usize], pred: &[usize]) -> f64 {
    let mut sum = 0.0;
    for k in 0..4 {
        let tp = gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| **g == k && **p == k)
            .count();
        let fp = gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| **g != k && **p == k)
            .count();
        let fn_ = gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| **g == k && **p != k)
            .count();
        sum += Counts { tp, fp, fn_ }.prf().2;
    }
    sum / 4.0
}

/// Leave-one-site-out accuracy of the trained kind decision against the
/// rules' kind, on the sentences that overlap an annotated claim.
fn kinds_cv(pages: &[train::Page], samples: &[Sample], p: &Params) {
    let labelled: Vec<(&Sample, usize)> = samples
        .iter()
        .filter(|s| s.label == Some(true))
        .filter_map(|s| Some((s, KIND_CLASSES.iter().position(|&k| Some(k) == s.kind)?)))
        .collect();
    // (all pages, pages 41-80) x (model right, rules right, total)
    let mut tally = [[0usize; 3]; 2];
    let mut confusion = [[0usize; 4]; 4];
    for site in sites(pages) {
        let train: Vec<&Sample> = labelled
            .iter()
            .filter(|(s, _)| s.site != site)
            .map(|(s, _)| *s)
            .collect();
        let w = train::fit_kind(&train, &kind_params(p));
        for (s, gold) in labelled.iter().filter(|(s, _)| s.site == site) {
            let model = predict_kind(&w, s);
            let rules = KIND_CLASSES
                .iter()
                .position(|k| {
                    s.features
                        .iter()
                        .any(|f| f == &format!("rule:kind:{}", k.as_str()))
                })
                .unwrap_or(0);
            confusion[*gold][model] += 1;
            let late = train::page_number(&pages[s.page]) >= 41;
            for t in [Some(0), late.then_some(1)].into_iter().flatten() {
                tally[t][0] += usize::from(model == *gold);
                tally[t][1] += usize::from(rules == *gold);
                tally[t][2] += 1;
            }
        }
    }
    for (name, t) in ["all pages", "pages 41-80"].iter().zip(tally) {
        let n = t[2].max(1) as f64;
        println!(
            "kind, {name}: trained {:.3}, rules {:.3} ({} claim sentences)",
            t[0] as f64 / n,
            t[1] as f64 / n,
            t[2]
        );
    }
    println!("trained kind confusion (gold rows, predicted columns: {KIND_CLASSES:?}):");
    for (k, row) in KIND_CLASSES.iter().zip(confusion) {
        println!("  {:>12} {row:?}", k.as_str());
    }
}

/// The class with the highest score under `w`.
fn predict_kind(w: &train::Weights, s: &Sample) -> usize {
    let mut score = w.bias.clone();
    for f in &s.features {
        if let Some(ws) = w.weights.get(f) {
            for (sc, x) in score.iter_mut().zip(ws) {
                *sc += x;
            }
        }
    }
    (0..score.len())
        .max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}
