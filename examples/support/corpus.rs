//! Reading the annotated corpora for the `train` and `cv` examples: pages
//! (`NAME.md` beside `NAME.claims.toml`, grouped into sites by
//! `sites.toml`) and the labelled strength sentences (a CSV of `sentence`
//! and `label`). The library is given their text; only these examples
//! touch the files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claimlint::classify::train::Page;

/// A strength sentence: its text (whitespace collapsed, as
/// `eval/strength.py` sends it) and label (0 none, 1 correlational, 2
/// conditional causal, 3 direct causal).
pub struct Labelled {
    pub text: String,
    pub label: usize,
}

/// The annotated pages under `dir`, sorted by name, and every file read
/// (name relative to `dir`, bytes) for the corpus digest.
pub fn pages(dir: &Path) -> Result<(Vec<Page>, Vec<(String, Vec<u8>)>), String> {
    let mut files = Vec::new();
    let sites_path = dir.join("sites.toml");
    let mut site_of: BTreeMap<String, String> = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(&sites_path) {
        let table: BTreeMap<String, Vec<String>> =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", sites_path.display()))?;
        for (site, stems) in table {
            for s in stems {
                site_of.insert(s, site.clone());
            }
        }
        files.push(("sites.toml".to_string(), text.into_bytes()));
    }
    let mut mds: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.with_extension("claims.toml").exists())
        .collect();
    mds.sort();
    let mut out = Vec::new();
    for md in mds {
        let stem = md
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("bad file name")?
            .to_string();
        let text = std::fs::read_to_string(&md).map_err(|e| format!("{}: {e}", md.display()))?;
        let ann_path = md.with_extension("claims.toml");
        let ann = std::fs::read_to_string(&ann_path)
            .map_err(|e| format!("{}: {e}", ann_path.display()))?;
        let site = site_of.get(&stem).cloned().unwrap_or_else(|| stem.clone());
        files.push((format!("{stem}.md"), text.clone().into_bytes()));
        files.push((format!("{stem}.claims.toml"), ann.clone().into_bytes()));
        out.push(Page::new(&stem, &site, text, &ann).map_err(|e| e.to_string())?);
    }
    if out.is_empty() {
        return Err(format!("{}: no annotated pages", dir.display()));
    }
    Ok((out, files))
}

/// The labelled sentences of the first CSV under `dir` (or `dir` itself
/// when it is a file), and the file read.
pub fn strength(dir: &Path) -> Result<(Vec<Labelled>, Vec<(String, Vec<u8>)>), String> {
    let path = if dir.is_dir() {
        let mut csvs: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        csvs.sort();
        csvs.into_iter().next().ok_or("no CSV file")?
    } else {
        dir.to_path_buf()
    };
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |n: &str| headers.iter().position(|h| h == n).ok_or(format!("no `{n}` column"));
    let (si, li) = (col("sentence")?, col("label")?);
    let mut out = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| e.to_string())?;
        let text = r.get(si).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
        let label: usize = r.get(li).unwrap_or("").trim().parse().map_err(|_| "bad label")?;
        out.push(Labelled { text, label });
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("strength.csv");
    Ok((out, vec![(name.to_string(), bytes)]))
}

/// The page's number: "61-..." gives 61.
#[allow(dead_code)] // used by `cv`, not `train`
pub fn number(page: &Page) -> u32 {
    page.name
        .split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
