//! Expands the built-in lexicon at build time.
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

#[path = "src/inflect.rs"]
#[allow(dead_code)]
mod inflect;

use std::collections::BTreeMap;
use std::fmt::Write as _;

const LEXICON: &str = "rules/lexicon.toml";

fn main() {
    println!("cargo::rerun-if-changed={LEXICON}");
    println!("cargo::rerun-if-changed=src/inflect.rs");
    let text = std::fs::read_to_string(LEXICON).unwrap_or_else(|e| panic!("{LEXICON}: {e}"));
    let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{LEXICON}: {e}"));
    let mut out = String::new();
    write_categories(&mut out, table(&doc, "category"));
    write_words(&mut out, table(&doc, "words"));
    let dest =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lexicon_tables.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
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
