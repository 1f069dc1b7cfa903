//! Training the decision layer, and measuring it the way
//! `eval/score.py` does.
//!
//! Owns: reading an annotated corpus (`NAME.md` beside `NAME.claims.toml`,
//! see ANNOTATING.md; `sites.toml` groups pages into sites; labelled
//! strength sentences as a CSV), the labelled samples it yields (one per
//! sentence the detector reads), a deterministic logistic-regression fit
//! (full-batch, fixed iteration count, fixed order, so the same corpus
//! gives the same weights byte for byte), the span-overlap scorer, the
//! corpus digest, and writing `rules/model.toml` and
//! `rules/strength.toml`. The `train` and `cv` examples drive it; linting
//! never calls it.
//! Does not own: the features (`features`) or using the weights (`model`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use serde::Deserialize;

use crate::classify::model::strength_named;
use crate::classify::{Classifier, Kind, Strength};
pub use crate::digest::sha256;
use crate::markdown::{self, ParseOptions};
use crate::source::SourceFile;

/// Errors reading a training corpus.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file's contents are not what a corpus holds.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The annotation file did not parse.
    #[error("{page}: {source}")]
    Toml {
        /// The page.
        page: String,
        /// The TOML error.
        source: toml::de::Error,
    },
    /// An annotation is not where it says.
    #[error("{page}: claim {index}: {message}")]
    Claim {
        /// The page.
        page: String,
        /// 1-based index of the claim.
        index: usize,
        /// What is wrong.
        message: String,
    },
}

/// One annotated claim, located in its page.
#[derive(Debug, Clone)]
pub struct Annotation {
    /// Byte range of the quote in the page.
    pub span: Range<usize>,
    /// Its strength.
    pub strength: Strength,
    /// Its kind, as written.
    pub kind: String,
    /// Not scored: annotators disagreed.
    pub borderline: bool,
}

#[derive(Debug, Deserialize)]
struct ClaimsFile {
    #[serde(default)]
    claim: Vec<ClaimSpec>,
}

#[derive(Debug, Deserialize)]
struct ClaimSpec {
    quote: String,
    strength: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    borderline: bool,
}

/// An annotated page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its name (the file stem).
    pub name: String,
    /// The site it comes from: cross-validation keeps a site's pages
    /// together.
    pub site: String,
    /// The Markdown.
    pub text: String,
    /// Its claims.
    pub claims: Vec<Annotation>,
}

impl Page {
    /// A page from its Markdown and its `claims.toml`, each quote located
    /// as `score.py` locates it (it must occur exactly once).
    pub fn new(
        name: &str,
        site: &str,
        text: String,
        claims_toml: &str,
    ) -> Result<Page, TrainError> {
        let file: ClaimsFile = toml::from_str(claims_toml).map_err(|source| TrainError::Toml {
            page: name.to_string(),
            source,
        })?;
        let mut claims = Vec::new();
        for (i, c) in file.claim.iter().enumerate() {
            let err = |message: &str| TrainError::Claim {
                page: name.to_string(),
                index: i + 1,
                message: message.to_string(),
            };
            let start = text.find(&c.quote).ok_or_else(|| err("quote not found"))?;
            if text[start + 1..].contains(&c.quote) {
                return Err(err("quote occurs twice"));
            }
            let strength = c.strength.as_deref().unwrap_or("direct");
            claims.push(Annotation {
                span: start..start + c.quote.len(),
                strength: strength_named(strength).ok_or_else(|| err("unknown strength"))?,
                kind: c.kind.clone().unwrap_or_else(|| "efficacy".into()),
                borderline: c.borderline,
            });
        }
        Ok(Page {
            name: name.to_string(),
            site: site.to_string(),
            text,
            claims,
        })
    }
}

/// The files of a corpus, by name relative to its directory, for the
/// corpus digest.
pub type Files = Vec<(String, Vec<u8>)>;

fn read(path: &std::path::Path) -> Result<Vec<u8>, TrainError> {
    std::fs::read(path).map_err(|source| TrainError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn utf8(path: &std::path::Path, bytes: Vec<u8>) -> Result<String, TrainError> {
    String::from_utf8(bytes).map_err(|_| TrainError::Format {
        path: path.display().to_string(),
        message: "not UTF-8".into(),
    })
}

/// The annotated pages of a corpus directory, sorted by name, each in its
/// site (from `sites.toml`; a page it does not list is a site of its own),
/// and every file read.
pub fn load_pages(dir: &std::path::Path) -> Result<(Vec<Page>, Files), TrainError> {
    let mut files = Vec::new();
    let mut site_of: BTreeMap<String, String> = BTreeMap::new();
    let sites_path = dir.join("sites.toml");
    if sites_path.exists() {
        let text = utf8(&sites_path, read(&sites_path)?)?;
        let table: BTreeMap<String, Vec<String>> =
            toml::from_str(&text).map_err(|e| TrainError::Format {
                path: sites_path.display().to_string(),
                message: e.to_string(),
            })?;
        for (site, stems) in table {
            for stem in stems {
                site_of.insert(stem, site.clone());
            }
        }
        files.push(("sites.toml".to_string(), text.into_bytes()));
    }
    let entries = std::fs::read_dir(dir).map_err(|source| TrainError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut stems: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| n.strip_suffix(".claims.toml").map(str::to_string))
        .filter(|stem| dir.join(format!("{stem}.md")).exists())
        .collect();
    stems.sort();
    let mut pages = Vec::new();
    for stem in stems {
        let md = dir.join(format!("{stem}.md"));
        let ann = dir.join(format!("{stem}.claims.toml"));
        let text = utf8(&md, read(&md)?)?;
        let claims = utf8(&ann, read(&ann)?)?;
        files.push((format!("{stem}.md"), text.clone().into_bytes()));
        files.push((format!("{stem}.claims.toml"), claims.clone().into_bytes()));
        let site = site_of.get(&stem).cloned().unwrap_or_else(|| stem.clone());
        pages.push(Page::new(&stem, &site, text, &claims)?);
    }
    if pages.is_empty() {
        return Err(TrainError::Format {
            path: dir.display().to_string(),
            message: "no annotated pages (NAME.md beside NAME.claims.toml)".into(),
        });
    }
    Ok((pages, files))
}

/// A labelled strength sentence: its text, whitespace collapsed as
/// `eval/strength.py` sends it, and its label (0 none, 1 correlational,
/// 2 conditional causal, 3 direct causal).
#[derive(Debug, Clone)]
pub struct Labelled {
    /// The sentence.
    pub text: String,
    /// Its label.
    pub label: usize,
}

/// The labelled sentences of a CSV with `sentence` and `label` columns,
/// or of the first CSV in a directory, and the file read.
pub fn load_strength(path: &std::path::Path) -> Result<(Vec<Labelled>, Files), TrainError> {
    let path = if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| TrainError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let mut csvs: Vec<std::path::PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        csvs.sort();
        csvs.into_iter().next().ok_or_else(|| TrainError::Format {
            path: path.display().to_string(),
            message: "no CSV file".into(),
        })?
    } else {
        path.to_path_buf()
    };
    let bytes = read(&path)?;
    let bad = |message: String| TrainError::Format {
        path: path.display().to_string(),
        message,
    };
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    let headers = rdr.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| bad(format!("no `{n}` column")))
    };
    let (si, li) = (col("sentence")?, col("label")?);
    let mut out = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| bad(e.to_string()))?;
        let text = r
            .get(si)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let label = r
            .get(li)
            .and_then(|l| l.trim().parse().ok())
            .filter(|l| *l < 4)
            .ok_or_else(|| bad(format!("bad label for `{text}`")))?;
        out.push(Labelled { text, label });
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("strength.csv");
    Ok((out, vec![(format!("strength/{name}"), bytes)]))
}

/// The number a page's name starts with ("61-…" gives 61), 0 for none.
pub fn page_number(page: &Page) -> u32 {
    page.name
        .split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The parse options training reads pages with: those of the default
/// configuration, as the linter reads them.
pub fn parse_options() -> ParseOptions {
    let c = crate::Config::default();
    ParseOptions {
        front_matter_fields: c.front_matter_fields.clone(),
        front_matter_prose: c.front_matter_prose,
        section_bytes: crate::markdown::SECTION_BYTES,
    }
}

/// The command that writes the built-in weights.
pub const COMMAND: &str = "cargo run --release --example train -- DEV_DIR STRENGTH_DIR";

/// Trains both decisions on a corpus and writes their weights files:
/// `rules/model.toml` from the pages, and `rules/strength.toml` from the
/// labelled sentences when given. The same corpus always gives the same
/// bytes.
pub fn train(
    pages: &[Page],
    strength: Option<&[Labelled]>,
    files: &Files,
) -> (String, Option<String>) {
    let p = Params::default();
    let rules = Classifier::rules_only();
    let samples = samples(pages, &rules, &parse_options());
    let kept: Vec<&Sample> = samples.iter().filter(|s| s.label.is_some()).collect();
    let labels: Vec<usize> = kept
        .iter()
        .map(|s| usize::from(s.label == Some(true)))
        .collect();
    let mut claim = fit(&kept, &labels, 2, &p);
    user_cue_weights(&mut claim);
    let kp = kind_params();
    let kind = fit_kind(&kept, &kp);
    let mut notes = BTreeMap::new();
    notes.insert("pages".to_string(), pages.len().to_string());
    notes.insert("sentences".to_string(), kept.len().to_string());
    notes.insert(
        "claims".to_string(),
        labels.iter().sum::<usize>().to_string(),
    );
    notes.insert("l2".to_string(), p.l2.to_string());
    notes.insert("iterations".to_string(), p.iterations.to_string());
    notes.insert("min-sites".to_string(), p.min_sites.to_string());
    notes.insert("kind-balance".to_string(), kp.balance.to_string());
    notes.insert("kind-prune".to_string(), kp.prune.to_string());
    let digest = corpus_digest(files);
    let claim_file = write_claim_model(COMMAND, &digest, &notes, &claim, &kind, &p);
    let strength_file = strength.map(|rows| {
        let sp = strength_params();
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        let s = sentence_samples(&texts, &rules);
        let refs: Vec<&Sample> = s.iter().collect();
        let relabelled: Vec<(usize, bool)> =
            rows.iter().map(|r| relabel(&r.text, r.label)).collect();
        let labels: Vec<usize> = relabelled.iter().map(|r| r.0).collect();
        let mut notes = BTreeMap::new();
        notes.insert("sentences".to_string(), rows.len().to_string());
        notes.insert(
            "relabelled-can-as-hedged".to_string(),
            relabelled.iter().filter(|r| r.1).count().to_string(),
        );
        notes.insert("l2".to_string(), sp.l2.to_string());
        notes.insert("balance".to_string(), sp.balance.to_string());
        notes.insert("min-sentences".to_string(), sp.min_sites.to_string());
        let w = fit(&refs, &labels, 4, &sp);
        write_strength_model(COMMAND, &digest, &notes, &STRENGTH_CLASSES, &w)
    });
    (claim_file, strength_file)
}

/// The default weight of a cue that a user's lexicon extension adds to a
/// category (`user-cue:<category>`): the mean weight the fit gave the
/// words (`w:<lemma>`) of the category's own one-word terms, unseen words
/// counting as 0. A user's term already carries its category's `cue:`
/// feature and takes part in the rules' events; what it lacks is the
/// weight its own words would have learned, and this stands in for that.
/// Categories whose words learned nothing get no default.
pub fn user_cue_weights(claim: &mut Weights) {
    let Ok(spec) = toml::from_str::<crate::lexicon::LexiconSpec>(crate::lexicon::BUILTIN) else {
        return;
    };
    for (name, cat) in &spec.category {
        let words: Vec<String> = cat
            .terms
            .iter()
            .filter(|t| !t.trim().contains(' '))
            .map(|t| crate::classify::features::lemma_of(t.trim()))
            .collect();
        if words.is_empty() {
            continue;
        }
        let sum: f64 = words
            .iter()
            .filter_map(|w| claim.weights.get(&format!("w:{w}")))
            .map(|w| w[0])
            .sum();
        let mean = round4(sum / words.len() as f64);
        if mean != 0.0 {
            claim.weights.insert(format!("user-cue:{name}"), vec![mean]);
        }
    }
}

/// The kind classes, in the order of the kind weights.
pub const KIND_CLASSES: [Kind; 4] = [
    Kind::Efficacy,
    Kind::Safety,
    Kind::Superiority,
    Kind::Testimonial,
];

/// Fits the kind decision on the claim sentences of `samples` whose
/// annotation gives a kind (with [`kind_params`] in training).
pub fn fit_kind(samples: &[&Sample], p: &Params) -> Weights {
    let (rows, labels): (Vec<&Sample>, Vec<usize>) = samples
        .iter()
        .filter(|s| s.label == Some(true))
        .filter_map(|s| {
            let k = KIND_CLASSES.iter().position(|&k| Some(k) == s.kind)?;
            Some((*s, k))
        })
        .unzip();
    fit(&rows, &labels, KIND_CLASSES.len(), p)
}

/// The settings of the kind fit: the claim decision's, with each class
/// weighed by (mean class size / class size)^0.5, as the strength fit
/// does, and weights under 0.1 dropped. Testimonials and superiority are a
/// few dozen of the claim sentences each; under grouped cross-validation
/// this balance beat both none and full, and dropping the small weights
/// halved the table (and its start-up cost) and changed nothing.
pub fn kind_params() -> Params {
    Params {
        balance: 0.5,
        prune: 0.1,
        ..Params::default()
    }
}

/// The settings of the strength fit: each sentence is its own "site", so
/// `min_sites` counts sentences.
pub fn strength_params() -> Params {
    Params {
        l2: 0.001,
        min_sites: 2,
        balance: 0.5,
        ..Params::default()
    }
}

/// One sentence of a page, with its features and label.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Index of its page.
    pub page: usize,
    /// Its site.
    pub site: String,
    /// Source span.
    pub span: Range<usize>,
    /// Feature names.
    pub features: Vec<String>,
    /// A claim (`Some(true)`), not one (`Some(false)`), or only
    /// borderline claims overlap it (`None`: not scored, not learned).
    pub label: Option<bool>,
    /// The strength of the first claim it overlaps.
    pub strength: Option<Strength>,
    /// The kind of the first scored claim it overlaps.
    pub kind: Option<Kind>,
}

/// Whether two byte ranges overlap.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The samples of `pages`, in page order then source order.
///
/// A sentence that overlaps a scored claim is a claim; one that overlaps
/// only borderline claims is left out. An annotation can span several
/// sentences (a table row of cells, a quote across a sentence break); any
/// one of them detected scores it, so only those that carry a cue are
/// labelled claims and the others are left out, unless none carries one.
pub fn samples(pages: &[Page], classifier: &Classifier, parse: &ParseOptions) -> Vec<Sample> {
    let mut out = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        let source = SourceFile::new(page.name.as_str(), page.text.as_str());
        let doc = markdown::parse(&source, parse);
        let sentences = crate::claims::sentence_features(&doc, &page.text, classifier);
        let has_cue = |f: &[String]| f.iter().any(|n| n.starts_with("cue:"));
        // Per annotation: how many of its sentences carry a cue.
        let cued: Vec<usize> = page
            .claims
            .iter()
            .map(|a| {
                sentences
                    .iter()
                    .filter(|(span, f)| overlaps(span, &a.span) && has_cue(f))
                    .count()
            })
            .collect();
        for (span, features) in sentences {
            let hits: Vec<usize> = (0..page.claims.len())
                .filter(|&i| overlaps(&span, &page.claims[i].span))
                .collect();
            let scored: Vec<usize> = hits
                .iter()
                .copied()
                .filter(|&i| !page.claims[i].borderline)
                .collect();
            // The claim decision does without word bigrams (see
            // `features::Sink::bigrams`).
            let features: Vec<String> = features
                .into_iter()
                .filter(|f| !f.starts_with("w2:"))
                .collect();
            let label = if features.is_empty() {
                // Not a candidate: the model never sees it.
                None
            } else if hits.is_empty() {
                Some(false)
            } else if scored.is_empty()
                || !has_cue(&features) && scored.iter().all(|&i| cued[i] > 0)
            {
                None
            } else {
                Some(true)
            };
            let strength = scored.first().map(|&i| page.claims[i].strength);
            let kind = scored
                .first()
                .and_then(|&i| Kind::parse(&page.claims[i].kind));
            out.push(Sample {
                page: pi,
                site: page.site.clone(),
                span,
                features,
                label,
                strength,
                kind,
            });
        }
    }
    out
}

/// Detection counts, as `score.py` counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Detected and annotated.
    pub tp: usize,
    /// Detected, not annotated.
    pub fp: usize,
    /// Annotated, not detected.
    pub fn_: usize,
}

impl Counts {
    /// Adds another page's counts.
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    /// Precision, recall and F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores detected claim spans (in the order the detector reports them)
/// against a page's annotations, exactly as `score.py` does: a detection
/// overlapping no annotation is a false positive; one overlapping only
/// borderline annotations is ignored; otherwise it matches the first
/// overlapping annotation not matched yet (a second detection of one claim
/// counts for nothing). Unmatched non-borderline annotations are misses.
pub fn score_page(annotations: &[Annotation], detected: &[Range<usize>]) -> Counts {
    let mut c = Counts::default();
    let mut used = BTreeSet::new();
    for d in detected {
        let hits: Vec<usize> = (0..annotations.len())
            .filter(|&i| overlaps(d, &annotations[i].span))
            .collect();
        if hits.is_empty() {
            c.fp += 1;
            continue;
        }
        if let Some(&i) = hits
            .iter()
            .find(|&&i| !annotations[i].borderline && !used.contains(&i))
        {
            used.insert(i);
            c.tp += 1;
        }
    }
    c.fn_ = (0..annotations.len())
        .filter(|i| !annotations[*i].borderline && !used.contains(i))
        .count();
    c
}

/// Settings of a fit.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// L2 penalty per weight (the bias is not penalised).
    pub l2: f64,
    /// Full-batch iterations.
    pub iterations: usize,
    /// A feature is kept only when it occurs on this many sites: a word
    /// that one site's template repeats teaches nothing about the others.
    pub min_sites: usize,
    /// The decision threshold on the log-odds.
    pub threshold: f64,
    /// How far below the threshold a rule claim may score and stay one.
    pub rule_margin: f64,
    /// Weights whose largest magnitude is below this are dropped from the
    /// file (they change no decision that matters, and cost start-up time).
    pub prune: f64,
    /// Weigh each class's samples by (mean class size / class size) to
    /// this power: 0 weighs every sample alike, 1 every class alike (what
    /// a macro-averaged score rewards).
    pub balance: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            l2: 0.003,
            iterations: 400,
            min_sites: 3,
            threshold: -0.3,
            rule_margin: 2.0,
            balance: 0.0,
            prune: 0.01,
        }
    }
}

/// Fitted weights by feature name.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// Bias per class (one for a binary model).
    pub bias: Vec<f64>,
    /// Weights per feature, one per class.
    pub weights: BTreeMap<String, Vec<f64>>,
}

/// The features kept for a fit: those on at least `min_sites` sites,
/// sorted by name.
fn vocabulary<'a>(samples: &[&'a Sample], min_sites: usize) -> Vec<&'a str> {
    let mut sites: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in samples {
        for f in &s.features {
            sites.entry(f.as_str()).or_default().insert(s.site.as_str());
        }
    }
    sites
        .into_iter()
        .filter(|(_, s)| s.len() >= min_sites)
        .map(|(f, _)| f)
        .collect()
}

/// Fits a softmax regression (logistic for two classes, where only the
/// second class's weights are kept) of `labels` (class indices) on the
/// samples' features. Deterministic: Adam over the full batch with a fixed
/// number of iterations, in a fixed order.
pub fn fit(samples: &[&Sample], labels: &[usize], classes: usize, p: &Params) -> Weights {
    let vocab = vocabulary(samples, p.min_sites);
    let index: BTreeMap<&str, usize> = vocab.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let rows: Vec<Vec<usize>> = samples
        .iter()
        .map(|s| {
            let mut r: Vec<usize> = s
                .features
                .iter()
                .filter_map(|f| index.get(f.as_str()).copied())
                .collect();
            r.sort_unstable();
            r.dedup();
            r
        })
        .collect();
    let binary = classes == 2;
    let k = if binary { 1 } else { classes };
    let mut counts = vec![0usize; classes];
    for &y in labels {
        counts[y] += 1;
    }
    let mean = labels.len() as f64 / classes as f64;
    let weight: Vec<f64> = counts
        .iter()
        .map(|&c| (mean / c.max(1) as f64).powf(p.balance))
        .collect();
    let w = adam(&rows, labels, &weight, vocab.len(), k, binary, p);
    let mut out = Weights {
        bias: w[vocab.len() * k..].to_vec(),
        weights: BTreeMap::new(),
    };
    for (i, f) in vocab.iter().enumerate() {
        let ws: Vec<f64> = w[i * k..(i + 1) * k].iter().map(|x| round4(*x)).collect();
        if ws.iter().any(|x| x.abs() >= p.prune.max(1e-4)) {
            out.weights.insert((*f).to_string(), ws);
        }
    }
    out.bias = out.bias.iter().map(|x| round4(*x)).collect();
    out
}

/// Rounds to four decimals, so weights files are short and reproducible.
fn round4(x: f64) -> f64 {
    let r = (x * 10_000.0).round() / 10_000.0;
    if r == 0.0 { 0.0 } else { r }
}

/// The class probabilities (or, for a binary model, the probability of
/// the positive class as the only entry) of one row.
fn predict(w: &[f64], row: &[usize], nf: usize, k: usize, binary: bool, out: &mut [f64]) {
    for c in 0..k {
        out[c] = w[nf * k + c];
    }
    for &f in row {
        for c in 0..k {
            out[c] += w[f * k + c];
        }
    }
    if binary {
        out[0] = 1.0 / (1.0 + (-out[0]).exp());
        return;
    }
    let m = out.iter().copied().fold(f64::MIN, f64::max);
    let mut z = 0.0;
    for x in out.iter_mut() {
        *x = (*x - m).exp();
        z += *x;
    }
    for x in out.iter_mut() {
        *x /= z;
    }
}

/// Minimises the mean log loss plus `l2 / 2 · |w|²` with Adam.
fn adam(
    rows: &[Vec<usize>],
    labels: &[usize],
    class_weight: &[f64],
    nf: usize,
    k: usize,
    binary: bool,
    p: &Params,
) -> Vec<f64> {
    let n = (nf + 1) * k;
    let (mut w, mut m, mut v) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let (lr, b1, b2, eps) = (0.05, 0.9, 0.999, 1e-8);
    let mut prob = vec![0.0; k];
    let scale = 1.0 / rows.len().max(1) as f64;
    for t in 1..=p.iterations {
        let mut g = vec![0.0; n];
        for (row, &y) in rows.iter().zip(labels) {
            predict(&w, row, nf, k, binary, &mut prob);
            for c in 0..k {
                let target = if binary {
                    (y == 1) as u8
                } else {
                    (y == c) as u8
                };
                let d = (prob[c] - f64::from(target)) * scale * class_weight[y];
                g[nf * k + c] += d;
                for &f in row {
                    g[f * k + c] += d;
                }
            }
        }
        for (i, gi) in g.iter_mut().enumerate().take(nf * k) {
            *gi += p.l2 * w[i];
        }
        let (c1, c2) = (1.0 - b1_pow(b1, t), 1.0 - b1_pow(b2, t));
        for i in 0..n {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            w[i] -= lr * (m[i] / c1) / ((v[i] / c2).sqrt() + eps);
        }
    }
    w
}

fn b1_pow(b: f64, t: usize) -> f64 {
    b.powi(i32::try_from(t).unwrap_or(i32::MAX))
}

impl Weights {
    /// The claim decision these (binary) weights make.
    pub fn binary_spec(
        &self,
        threshold: f64,
        rule_margin: f64,
    ) -> crate::classify::model::BinarySpec {
        crate::classify::model::BinarySpec {
            bias: self.bias.first().copied().unwrap_or(0.0),
            threshold,
            rule_margin,
            weights: self
                .weights
                .iter()
                .map(|(k, v)| (k.clone(), v[0]))
                .collect(),
        }
    }

    /// The multinomial decision (strength, kind) these weights make over
    /// `classes`, named as in output.
    pub fn multi_spec(&self, classes: &[&str]) -> crate::classify::model::MultiSpec {
        crate::classify::model::MultiSpec {
            classes: classes.iter().map(|c| c.to_string()).collect(),
            bias: self.bias.clone(),
            weights: self.weights.clone(),
        }
    }
}

/// The strength classes of the labelled sentences, in label order (0 none,
/// 1 correlational, 2 conditional causal, 3 direct causal).
pub const STRENGTH_CLASSES: [Strength; 4] = [
    Strength::None,
    Strength::Correlational,
    Strength::Hedged,
    Strength::Direct,
];

/// A strength label under the project's definition: ANNOTATING.md makes
/// "can" a hedge when it qualifies the relation ("X can reduce Y"), where
/// the PubMed labels call it direct. A direct label on a sentence with
/// "can" becomes conditional (2), unless the "can" is one of use ("can be
/// used"), which is not a hedge. Returns the label and whether it changed.
pub fn relabel(text: &str, label: usize) -> (usize, bool) {
    if label != 3 {
        return (label, false);
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let hedge = words.iter().enumerate().any(|(i, w)| {
        *w == "can" && {
            let rest: Vec<&str> = words[i + 1..].iter().take(3).copied().collect();
            !(rest.starts_with(&["be", "used"]) || rest.starts_with(&["also", "be", "used"]))
        }
    });
    if hedge { (2, true) } else { (label, false) }
}

/// Samples of labelled sentences read without a document around them, as
/// `claimlint classify` reads them; each sentence is its own "site", so
/// `min_sites` counts sentences.
pub fn sentence_samples(texts: &[&str], classifier: &Classifier) -> Vec<Sample> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let matches = classifier.lexicon().find(t);
            Sample {
                page: i,
                site: i.to_string(),
                span: 0..t.len(),
                features: classifier.feature_names(t, &matches, Default::default()),
                label: None,
                strength: None,
                kind: None,
            }
        })
        .collect()
}

/// The provenance header of a weights file.
fn header(what: &str, command: &str, corpus: &str, notes: &BTreeMap<String, String>) -> String {
    let mut s = format!(
        "# claimlint's trained {what}. Written by the command below;\n\
         # do not edit by hand: retrain. Each weight belongs to a feature named\n\
         # as `claimlint classify` prints it (see src/classify/features.rs).\n\n"
    );
    let _ = writeln!(
        s,
        "[model]\nformat = 1\ncommand = {}\ncorpus = {}",
        q(command),
        q(corpus)
    );
    s.push_str("\n[model.notes]\n");
    for (k, v) in notes {
        let _ = writeln!(s, "{} = {}", q(k), q(v));
    }
    s
}

/// Writes the claim weights file (`rules/model.toml`): the claim
/// decision, then the kind decision, every list sorted by name.
pub fn write_claim_model(
    command: &str,
    corpus: &str,
    notes: &BTreeMap<String, String>,
    claim: &Weights,
    kind: &Weights,
    p: &Params,
) -> String {
    let mut s = header("claim and kind decisions", command, corpus, notes);
    let bias = claim.bias.first().copied().unwrap_or(0.0);
    let _ = writeln!(
        s,
        "\n[claim]\nbias = {bias}\nthreshold = {}\nrule-margin = {}\n\n[claim.weights]",
        p.threshold, p.rule_margin
    );
    for (f, w) in &claim.weights {
        let _ = writeln!(s, "{} = {}", q(f), w[0]);
    }
    let names: Vec<&str> = KIND_CLASSES.iter().map(|k| k.as_str()).collect();
    write_multi(&mut s, "kind", &names, kind);
    s
}

/// Writes a multinomial decision as the TOML table `[name]`.
fn write_multi(s: &mut String, name: &str, classes: &[&str], w: &Weights) {
    let names: Vec<String> = classes.iter().map(|c| q(c)).collect();
    let _ = writeln!(
        s,
        "\n[{name}]\nclasses = [{}]\nbias = {:?}\n\n[{name}.weights]",
        names.join(", "),
        w.bias
    );
    for (f, ws) in &w.weights {
        let _ = writeln!(s, "{} = {:?}", q(f), ws);
    }
}

/// Writes the strength weights file (`rules/strength.toml`).
pub fn write_strength_model(
    command: &str,
    corpus: &str,
    notes: &BTreeMap<String, String>,
    classes: &[Strength],
    w: &Weights,
) -> String {
    let mut s = header("strength decision", command, corpus, notes);
    let names: Vec<&str> = classes.iter().map(|c| c.as_str()).collect();
    write_multi(&mut s, "strength", &names, w);
    s
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The digest of a corpus: SHA-256 over its files sorted by name, each as
/// its name, a NUL, its length in decimal, a NUL and its bytes.
pub fn corpus_digest(files: &[(String, Vec<u8>)]) -> String {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut all = Vec::new();
    for (name, bytes) in sorted {
        all.extend_from_slice(name.as_bytes());
        all.push(0);
        all.extend_from_slice(bytes.len().to_string().as_bytes());
        all.push(0);
        all.extend_from_slice(bytes);
    }
    format!("sha256:{}", sha256(&all))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tiny corpus of `tests/data/train-corpus`, written for this test.
    fn tiny_corpus() -> (Vec<Page>, Vec<Labelled>, Files) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/train-corpus");
        let (pages, mut files) = load_pages(&dir).unwrap();
        let (rows, f) = load_strength(&dir.join("strength.csv")).unwrap();
        files.extend(f);
        (pages, rows, files)
    }

    #[test]
    fn training_twice_gives_the_same_bytes() {
        let (pages, rows, files) = tiny_corpus();
        assert_eq!(pages.len(), 4);
        assert_eq!(pages[1].site, "northside");
        let first = train(&pages, Some(&rows), &files);
        let second = train(&pages, Some(&rows), &files);
        assert_eq!(first.0, second.0, "claim weights differ between runs");
        assert_eq!(first.1, second.1, "strength weights differ between runs");
        // The files record the corpus and parse back.
        let digest = corpus_digest(&files);
        assert!(first.0.contains(&digest), "{}", &first.0[..400]);
        let strength = first.1.unwrap();
        assert!(strength.contains(&digest));
        let m = crate::classify::Model::parse(&first.0).unwrap();
        let spec: crate::classify::model::StrengthSpec = toml::from_str(&strength).unwrap();
        assert!(!spec.strength.weights.is_empty());
        m.with_strength(&spec.strength).unwrap();
        // Only features seen on all three sites are kept (min-sites 3).
        let weights = first.0.split("[claim.weights]\n").nth(1).unwrap_or("");
        assert!(weights.lines().count() > 5, "{weights}");
        // A different corpus, a different digest.
        let mut other = files.clone();
        other[0].1.push(b'\n');
        assert_ne!(corpus_digest(&other), digest);
    }

    #[test]
    fn can_is_a_hedge_when_it_qualifies_the_relation() {
        assert_eq!(relabel("Niacinamide can reduce pore size.", 3), (2, true));
        assert_eq!(relabel("It can be used daily.", 3), (3, false));
        assert_eq!(relabel("Niacinamide reduces pore size.", 3), (3, false));
        assert_eq!(relabel("It can reduce redness.", 1), (1, false));
        let (_, rows, _) = tiny_corpus();
        assert_eq!(
            rows.iter().filter(|r| relabel(&r.text, r.label).1).count(),
            1
        );
    }

    #[test]
    fn scoring_follows_score_py() {
        let a = |r: Range<usize>, borderline| Annotation {
            span: r,
            strength: Strength::Direct,
            kind: "efficacy".into(),
            borderline,
        };
        let ann = [a(0..10, false), a(20..30, true), a(40..50, false)];
        // A hit, a borderline-only hit (ignored), a false positive, and a
        // second detection of the first claim (counts for nothing).
        let c = score_page(&ann, &[0..5, 22..25, 60..70, 5..8]);
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
    }
}
