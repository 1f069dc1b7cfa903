//! A quick reader for the built-in claim weights (`rules/model.toml`) in
//! the one layout `train` writes: tables `[model]`, `[model.notes]`,
//! `[claim]`, `[claim.weights]`, `[kind]` and `[kind.weights]`, one
//! `key = value` per line, values plain decimals, quoted strings or
//! one-line arrays of them.
//!
//! The `toml` crate took a tenth of a one-file run's start-up to read the
//! 76 KB file, on the thread that a one-file run waits for; this reads it
//! in about half the instructions. Anything outside that layout (another
//! table, a duplicate or unknown key, an exponent, an escape other than
//! `\"`, `\\` and `\uXXXX`, whitespace other than spaces and tabs, an
//! integer past 64 bits) gives `None`, and the caller reads the file with
//! `toml` instead; a test checks this reader and `toml` agree on the
//! shipped file, and others that it leaves what it does not know to
//! `toml`.
//!
//! Owns: reading that layout into a [`ModelSpec`]. Does not own: what the
//! weights mean or how they compile (`model`), or writing them (`train`).

use std::collections::BTreeMap;

use super::spec::{BinarySpec, ModelMeta, ModelSpec, MultiSpec};

/// A value as written.
#[derive(Debug)]
enum Value {
    /// A number, and whether it was written as an integer.
    Number(f64, bool),
    Text(String),
    Numbers(Vec<f64>),
    Texts(Vec<String>),
}

/// The tables read so far, each a map from key to value.
type Tables = BTreeMap<&'static str, BTreeMap<String, Value>>;

/// The tables this reader knows, in the order `train` writes them.
const TABLES: [&str; 6] = [
    "model",
    "model.notes",
    "claim",
    "claim.weights",
    "kind",
    "kind.weights",
];

/// Reads `text` if it is in the layout `train` writes; `None` otherwise.
pub(super) fn read(text: &str) -> Option<ModelSpec> {
    let tables = tables(text)?;
    spec(tables)
}

/// Every `key = value` line, by table; `None` on anything else.
fn tables(text: &str) -> Option<Tables> {
    let mut tables = Tables::new();
    let mut current: Option<&'static str> = None;
    for line in text.lines() {
        let line = blank(line);
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            // TOML allows no control character but tab in a comment.
            if comment.chars().any(|c| c.is_control() && c != '\t') {
                return None;
            }
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = TABLES.into_iter().find(|t| *t == name)?;
            if tables.insert(name, BTreeMap::new()).is_some() {
                return None;
            }
            current = Some(name);
            continue;
        }
        let (key, rest) = key(line)?;
        let value = value(blank(blank(rest).strip_prefix('=')?))?;
        let table = tables.get_mut(current?)?;
        if table.insert(key, value).is_some() {
            return None;
        }
    }
    Some(tables)
}

/// A bare or quoted key at the start of `line`, and what follows it.
fn key(line: &str) -> Option<(String, &str)> {
    if line.starts_with('"') {
        return string(line);
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    (end > 0).then(|| (line[..end].to_string(), &line[end..]))
}

/// A whole value: a number, a string, or a one-line array of either.
fn value(v: &str) -> Option<Value> {
    if let Some(inner) = v.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        return array(blank(inner));
    }
    if v.starts_with('"') {
        let (s, rest) = string(v)?;
        return blank(rest).is_empty().then_some(Value::Text(s));
    }
    number(v).map(|(n, int)| Value::Number(n, int))
}

/// The items of an array, all numbers or all strings (empty: no numbers).
fn array(mut inner: &str) -> Option<Value> {
    if inner.starts_with('"') {
        let mut out = Vec::new();
        while !inner.is_empty() {
            let (s, rest) = string(inner)?;
            out.push(s);
            inner = after_item(rest)?;
        }
        return Some(Value::Texts(out));
    }
    let mut out = Vec::new();
    for item in inner.split(',') {
        let item = blank(item);
        if item.is_empty() && out.is_empty() && inner.is_empty() {
            break;
        }
        out.push(number(item)?.0);
    }
    Some(Value::Numbers(out))
}

/// What follows an array item: a comma and the next item, or the end.
fn after_item(rest: &str) -> Option<&str> {
    let rest = blank(rest);
    if rest.is_empty() {
        return Some(rest);
    }
    let next = blank(rest.strip_prefix(',')?);
    (!next.is_empty()).then_some(next)
}

/// A plain decimal: an optional minus, digits, and optionally a point and
/// digits (what `train` writes; `toml` and Rust read it alike), and
/// whether it is an integer. Without a point it is a TOML integer, which
/// must fit in 64 bits; with one, a float, which must be finite.
fn number(s: &str) -> Option<(f64, bool)> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    if !plain(whole) || leading_zero || frac.is_some_and(|f| !plain(f)) {
        return None;
    }
    if frac.is_none() {
        return s.parse::<i64>().ok().map(|i| (i as f64, true));
    }
    s.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(|x| (x, false))
}

/// `s` without the spaces and tabs around it: TOML's only whitespace
/// within a line.
fn blank(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// A basic string at the start of `s` (which opens with `"`), and what
/// follows it.
fn string(s: &str) -> Option<(String, &str)> {
    if !s.starts_with('"') {
        return None;
    }
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => match chars.next()?.1 {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => {
                    let hex: String = (0..4)
                        .map(|_| chars.next().map(|x| x.1))
                        .collect::<Option<_>>()?;
                    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                        return None;
                    }
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                _ => return None,
            },
            c if c.is_control() => return None,
            c => out.push(c),
        }
    }
    None
}

/// The spec the tables spell; `None` if a key is missing, unknown or of
/// the wrong type.
fn spec(mut t: Tables) -> Option<ModelSpec> {
    let mut model = t.remove("model")?;
    let notes = t.remove("model.notes").unwrap_or_default();
    let format = match model.remove("format")? {
        Value::Number(n, true) if (0.0..=f64::from(u32::MAX)).contains(&n) => n as u32,
        _ => return None,
    };
    let meta = ModelMeta {
        format,
        command: text(model.remove("command")?)?,
        corpus: text(model.remove("corpus")?)?,
        notes: notes
            .into_iter()
            .map(|(k, v)| Some((k, text(v)?)))
            .collect::<Option<_>>()?,
    };
    let claim = binary(t.remove("claim")?, t.remove("claim.weights")?)?;
    let kind = match (t.remove("kind"), t.remove("kind.weights")) {
        (Some(k), Some(w)) => Some(multi(k, w)?),
        (None, None) => None,
        _ => return None,
    };
    (model.is_empty() && t.is_empty()).then_some(ModelSpec {
        model: meta,
        claim,
        kind,
    })
}

/// The claim decision from its table and its weights.
fn binary(mut c: BTreeMap<String, Value>, w: BTreeMap<String, Value>) -> Option<BinarySpec> {
    let spec = BinarySpec {
        bias: num(c.remove("bias")?)?,
        threshold: num(c.remove("threshold")?)?,
        rule_margin: c.remove("rule-margin").map_or(Some(0.0), num)?,
        weights: w
            .into_iter()
            .map(|(k, v)| Some((k, num(v)?)))
            .collect::<Option<_>>()?,
    };
    c.is_empty().then_some(spec)
}

/// The kind decision from its table and its weights.
fn multi(mut k: BTreeMap<String, Value>, w: BTreeMap<String, Value>) -> Option<MultiSpec> {
    let spec = MultiSpec {
        classes: match k.remove("classes")? {
            Value::Texts(t) => t,
            _ => return None,
        },
        bias: nums(k.remove("bias")?)?,
        weights: w
            .into_iter()
            .map(|(k, v)| Some((k, nums(v)?)))
            .collect::<Option<_>>()?,
    };
    k.is_empty().then_some(spec)
}

fn num(v: Value) -> Option<f64> {
    match v {
        Value::Number(n, _) => Some(n),
        _ => None,
    }
}

fn nums(v: Value) -> Option<Vec<f64>> {
    match v {
        Value::Numbers(n) => Some(n),
        _ => None,
    }
}

fn text(v: Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::model::BUILTIN;

    #[test]
    fn reads_the_shipped_weights_exactly_as_toml_does() {
        let quick = read(BUILTIN).expect("the shipped weights are in the layout train writes");
        let toml: ModelSpec = toml::from_str(BUILTIN).unwrap();
        assert_eq!(quick, toml);
        assert!(quick.kind.is_some() && quick.claim.weights.len() > 100);
    }

    const SMALL: &str = "# c\n[model]\nformat = 1\ncommand = \"t \\\"x\\\" \\\\ \\u00E9\"\ncorpus = \"\"\n\n[claim]\nbias = -1.5\nthreshold = 0\n\n[claim.weights]\n\"w:a\\\"b\" = 0.25\nbare-key = -2\n\n[kind]\nclasses = [\"a\", \"b\"]\nbias = [0.5, -0.5]\n\n[kind.weights]\n\"x\" = [1.0, -1.0]\n";

    #[test]
    fn reads_escapes_arrays_and_integers_as_toml_does() {
        let toml: ModelSpec = toml::from_str(SMALL).unwrap();
        assert_eq!(read(SMALL), Some(toml));
        assert_eq!(read(SMALL).unwrap().model.command, "t \"x\" \\ é");
    }

    #[test]
    fn anything_else_is_left_to_toml() {
        for (from, to) in [
            ("bias = -1.5", "bias = -1.5e0"),
            ("bias = -1.5", "bias = .5"),
            ("bias = -1.5", "bias = 01.5"),
            ("bare-key = -2", "bare-key = -2\nbare-key = 3"),
            ("threshold = 0", "threshold = 0\nextra = 1"),
            ("[claim]", "[claim]\n[other]"),
            ("\"x\" = [1.0, -1.0]", "\"x\" = [1.0, -1.0,]"),
            ("\"x\" = [1.0, -1.0]", "\"x\" = [\n1.0, -1.0]"),
            ("command = \"t", "command = \"\\t"),
            ("bias = [0.5, -0.5]", "bias = 0.5"),
            // What a review found the first version accepted and toml
            // does not.
            ("format = 1", "format = 1.0"),
            ("command = \"t", "command = \"\\u+0E9t"),
            ("[\"a\", \"b\"]", "[\"a\", xb\"]"),
            ("bias = -1.5", "bias = 99999999999999999999"),
            (
                "bias = -1.5",
                "bias = 1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0",
            ),
            ("bias = -1.5", "bias =\u{a0}-1.5"),
            ("# c\n", "# c\u{1}\n"),
        ] {
            assert!(SMALL.contains(from), "{from}");
            let changed = SMALL.replacen(from, to, 1);
            assert_eq!(read(&changed), None, "{to}");
        }
        // Missing tables and keys too.
        assert_eq!(read(&SMALL.replacen("corpus = \"\"\n", "", 1)), None);
        assert_eq!(read(&SMALL.replacen("[kind.weights]", "", 1)), None);
    }
}
