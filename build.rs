//! Expands the built-in lexicon, and keys the built-in weights, at build
//! time.
//!
//! Owns turning `rules/lexicon.toml` into the tables the library embeds
//! (`$OUT_DIR/lexicon_tables.rs`): every surface form of every term,
//! lowercased, sorted and without duplicates, with the categories that
//! give it; each category's description; and the word lists. A one-file
//! run (pre-commit, an editor) had spent a tenth of its time parsing the
//! file and expanding its terms before reading the first sentence.
//!
//! Does not own what the file means: the library checks the names
//! (`lexicon::Lexicon::builtin`), and its tests build the same lexicon
//! from the TOML at run time and compare (`lexicon::tests`). Expanding a
//! term is `src/inflect.rs`, compiled here too, so both expand alike.
//!
//! Also owns turning `rules/model.toml` into `$OUT_DIR/model_tables.rs`:
//! each weight with its feature name and that name's key, computed by
//! `src/classify/keyhash.rs` (compiled here too), so the library reads no
//! TOML and hashes no name before its first sentence; it checks the
//! tables against the file at test time (`classify::model::tests`).

#[path = "src/inflect.rs"]
#[allow(dead_code)]
mod inflect;

#[path = "src/classify/keyhash.rs"]
#[allow(dead_code)]
mod keyhash;

use std::collections::BTreeMap;
use std::fmt::Write as _;

const LEXICON: &str = "rules/lexicon.toml";
const MODEL: &str = "rules/model.toml";

fn main() {
    println!("cargo::rerun-if-changed={LEXICON}");
    println!("cargo::rerun-if-changed=src/inflect.rs");
    let doc = read_toml(LEXICON);
    let mut out = String::new();
    write_categories(&mut out, table(&doc, "category"));
    write_words(&mut out, table(&doc, "words"));
    write_out("lexicon_tables.rs", &out);
    write_model();
}

/// The TOML file at `path`, parsed.
fn read_toml(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Writes `text` to `$OUT_DIR/name`.
fn write_out(name: &str, text: &str) {
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join(name);
    std::fs::write(&dest, text).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// A number in the weights file (TOML may write a whole one without a
/// point).
fn number(v: &toml::Value) -> f64 {
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .unwrap_or_else(|| panic!("{MODEL}: `{v}` is not a number"))
}

/// An array of numbers in the weights file, as the model holds them.
fn numbers(v: &toml::Value) -> Vec<f32> {
    let a = v
        .as_array()
        .unwrap_or_else(|| panic!("{MODEL}: `{v}` is not an array"));
    a.iter().map(|x| number(x) as f32).collect()
}

/// `model_tables.rs`: the claim decision's numbers and its weights as
/// (key, weight, name), the kind decision's classes, biases and rows as
/// (key, name, weights), and the file's provenance.
fn write_model() {
    println!("cargo::rerun-if-changed={MODEL}");
    println!("cargo::rerun-if-changed=src/classify/keyhash.rs");
    let doc = read_toml(MODEL);
    let section = |k: &str| {
        doc.get(k)
            .and_then(toml::Value::as_table)
            .unwrap_or_else(|| panic!("{MODEL}: no [{k}]"))
    };
    let mut out = String::new();
    write_meta(&mut out, section("model"));
    let claim = section("claim");
    for (name, key) in [
        ("BIAS", "bias"),
        ("THRESHOLD", "threshold"),
        ("RULE_MARGIN", "rule-margin"),
    ] {
        let n = claim.get(key).map_or(0.0, number);
        writeln!(out, "pub(crate) const {name}: f64 = {n:?};").expect("write");
    }
    out.push_str("pub(crate) static CLAIM: &[(u64, f32, &str)] = &[\n");
    let weights = claim.get("weights").and_then(toml::Value::as_table);
    for (n, w) in weights.unwrap_or_else(|| panic!("{MODEL}: no [claim.weights]")) {
        let (key, w) = (keyhash::key_of_name(n), number(w) as f32);
        writeln!(out, "    ({key:#x}, {w:?}, {n:?}),").expect("write");
    }
    out.push_str("];\n");
    write_kind(&mut out, doc.get("kind").and_then(toml::Value::as_table));
    write_out("model_tables.rs", &out);
}

/// The file's provenance: `FORMAT`, `COMMAND`, `CORPUS` and `NOTES`.
fn write_meta(out: &mut String, meta: &toml::Table) {
    let s = |k: &str| meta.get(k).and_then(toml::Value::as_str).unwrap_or("");
    let format = meta.get("format").map_or(0.0, number) as u32;
    writeln!(out, "pub(crate) const FORMAT: u32 = {format};").expect("write");
    writeln!(out, "pub(crate) const COMMAND: &str = {:?};", s("command")).expect("write");
    writeln!(out, "pub(crate) const CORPUS: &str = {:?};", s("corpus")).expect("write");
    out.push_str("pub(crate) static NOTES: &[(&str, &str)] = &[\n");
    if let Some(notes) = meta.get("notes").and_then(toml::Value::as_table) {
        for (k, v) in notes {
            writeln!(out, "    ({k:?}, {:?}),", v.as_str().unwrap_or("")).expect("write");
        }
    }
    out.push_str("];\n");
}

/// The kind decision's tables (empty without one).
fn write_kind(out: &mut String, kind: Option<&toml::Table>) {
    let classes: Vec<&str> = kind
        .and_then(|k| k.get("classes"))
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    writeln!(
        out,
        "pub(crate) static KIND_CLASSES: &[&str] = &{classes:?};"
    )
    .expect("write");
    let bias = kind
        .and_then(|k| k.get("bias"))
        .map(numbers)
        .unwrap_or_default();
    writeln!(out, "pub(crate) static KIND_BIAS: &[f32] = &{bias:?};").expect("write");
    out.push_str("pub(crate) static KIND: &[(u64, &str, &[f32])] = &[\n");
    if let Some(ws) = kind
        .and_then(|k| k.get("weights"))
        .and_then(toml::Value::as_table)
    {
        for (n, w) in ws {
            let (key, w) = (keyhash::key_of_name(n), numbers(w));
            writeln!(out, "    ({key:#x}, {n:?}, &{w:?}),").expect("write");
        }
    }
    out.push_str("];\n");
}

/// The table at `key` of `t`, empty when absent.
fn table<'t>(t: &'t toml::Table, key: &str) -> BTreeMap<&'t str, &'t toml::Table> {
    let Some(v) = t.get(key) else {
        return BTreeMap::new();
    };
    let v = v
        .as_table()
        .unwrap_or_else(|| panic!("{LEXICON}: `{key}` is not a table"));
    v.iter()
        .map(|(k, v)| {
            let t = v
                .as_table()
                .unwrap_or_else(|| panic!("{LEXICON}: `{key}.{k}` is not a table"));
            (k.as_str(), t)
        })
        .collect()
}

/// The strings of array `key` of `t`.
fn strings<'t>(t: &'t toml::Table, key: &str, whose: &str) -> Vec<&'t str> {
    let Some(v) = t.get(key) else {
        return Vec::new();
    };
    let v = v
        .as_array()
        .unwrap_or_else(|| panic!("{LEXICON}: `{whose}.{key}` is not an array"));
    v.iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("{LEXICON}: `{whose}.{key}` holds a non-string"))
        })
        .collect()
}

/// `CATEGORIES` (name, description) in file order of the sorted table,
/// and `PHRASES` (phrase, bit `i` for each category `i` that gives it),
/// sorted by phrase.
fn write_categories(out: &mut String, categories: BTreeMap<&str, &toml::Table>) {
    assert!(categories.len() <= 64, "{LEXICON}: more than 64 categories");
    let mut phrases: BTreeMap<String, u64> = BTreeMap::new();
    out.push_str("/// Each category's name and description.\n");
    out.push_str("pub(crate) static CATEGORIES: &[(&str, &str)] = &[\n");
    for (i, (name, spec)) in categories.iter().enumerate() {
        let description = spec
            .get("description")
            .and_then(|d| d.as_str())
            .unwrap_or("");
        writeln!(out, "    ({name:?}, {description:?}),").expect("write");
        let inflect = match spec.get("inflect").and_then(|v| v.as_str()) {
            None => inflect::Inflect::None,
            Some(n) => inflect::Inflect::from_name(n)
                .unwrap_or_else(|| panic!("{LEXICON}: category {name}: unknown inflect `{n}`")),
        };
        for term in strings(spec, "terms", name) {
            for v in inflect::variants(term, inflect) {
                *phrases.entry(v.to_ascii_lowercase()).or_default() |= 1 << i;
            }
        }
    }
    out.push_str("];\n\n/// Every phrase, sorted, with its categories as bits of `CATEGORIES`.\n");
    out.push_str("pub(crate) static PHRASES: &[(&str, u64)] = &[\n");
    for (phrase, bits) in &phrases {
        writeln!(out, "    ({phrase:?}, {bits:#x}),").expect("write");
    }
    out.push_str("];\n\n");
}

/// `WORD_LISTS`: each list's name and words, as written.
fn write_words(out: &mut String, words: BTreeMap<&str, &toml::Table>) {
    out.push_str("/// Each word list's name and words.\n");
    out.push_str("pub(crate) static WORD_LISTS: &[(&str, &[&str])] = &[\n");
    for (name, spec) in words {
        writeln!(out, "    ({name:?}, &{:?}),", strings(spec, "terms", name)).expect("write");
    }
    out.push_str("];\n");
}
