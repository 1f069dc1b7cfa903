//! Tests of the crate's shape, read from its source: no module depends on
//! itself through others (no import cycle), every module uses only
//! modules of its own layer or lower ones, as the layer table in
//! `docs/design.md` says, and no function runs past 80 lines.
//!
//! A module's dependencies are the modules its code names: `crate::a::b`
//! paths, `super::…` paths, and, in a parent, its children's paths (a
//! re-export or a call). Declaring a child (`mod child;`) is not a
//! dependency. Test modules are left out. This is what `docs/design.md`'s
//! layering rules mean by "uses"; the same check runs as
//! `cargo test --lib architecture -- --nocapture`, which prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every library module (`a::b`), with its source, tests cut off and
/// comments dropped.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            let rel = path.strip_prefix(&src).expect("under src");
            if rel.starts_with("bin") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let mut parts: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            if parts.last().is_some_and(|p| p == "tests") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read module");
            out.insert(parts.join("::"), strip(&text));
        }
    }
    out
}

/// The code of a module: before its test module, without comments.
fn strip(text: &str) -> String {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    code.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The longest module named by a prefix of `path` (`a::b::Item` → `a::b`).
fn resolve<'m>(mods: &'m BTreeMap<String, String>, path: &str) -> Option<&'m str> {
    let segs: Vec<&str> = path.split("::").collect();
    (1..=segs.len())
        .rev()
        .map(|n| segs[..n].join("::"))
        .find_map(|cand| mods.get_key_value(&cand).map(|(k, _)| k.as_str()))
}

/// Paths after `prefix` in `text`: `prefix` followed by `a::b::c`, and
/// each name inside `prefix{…}` groups.
fn paths_after(text: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(prefix) {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &text[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(
                inner
                    .split(',')
                    .map(|p| p.trim().split(" as ").next().unwrap_or("").to_string())
                    .filter(|p| !p.is_empty()),
            );
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            out.push(rest[..end].trim_end_matches(':').to_string());
        }
    }
    out
}

/// Each module's dependencies on other modules.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in &mods {
        let parent = name.rsplit_once("::").map_or("", |(p, _)| p);
        let mut deps = BTreeSet::new();
        for p in paths_after(text, "crate::") {
            deps.extend(resolve(&mods, &p).map(str::to_string));
        }
        for p in paths_after(text, "super::") {
            let full = if parent.is_empty() {
                p.clone()
            } else {
                format!("{parent}::{p}")
            };
            let found = resolve(&mods, &full).filter(|m| m.len() > parent.len());
            deps.extend(
                found
                    .map(str::to_string)
                    .or((!parent.is_empty()).then(|| parent.to_string())),
            );
        }
        let prefix = if name.is_empty() {
            String::new()
        } else {
            format!("{name}::")
        };
        for child in mods.keys().filter(|c| {
            c.starts_with(&prefix)
                && !c[prefix.len()..].contains("::")
                && *c != name
                && !c.is_empty()
        }) {
            let short = &child[prefix.len()..];
            if !paths_after(text, &format!("{short}::")).is_empty() {
                deps.insert(child.clone());
            }
        }
        deps.remove(name);
        edges.insert(name.clone(), deps);
    }
    edges
}

/// The groups of modules that depend on each other (Tarjan's strongly
/// connected components with more than one member).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                s.low.entry(v).and_modify(|l| *l = (*l).min(lw));
            } else if s.on.contains(w) {
                let iw = s.index[w];
                s.low.entry(v).and_modify(|l| *l = (*l).min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
#[allow(clippy::print_stdout)] // the graph, for `--nocapture`
fn no_module_depends_on_itself() {
    let edges = graph();
    for (m, deps) in &edges {
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        println!(
            "{} -> {}",
            if m.is_empty() { "crate" } else { m },
            deps.join(", ")
        );
    }
    assert!(edges.len() > 30, "too few modules found: {}", edges.len());
    assert_eq!(cycles(&edges), Vec::<Vec<String>>::new(), "import cycles");
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.insert("a".into(), ["b".to_string()].into());
    edges.insert("b".into(), ["c".to_string()].into());
    edges.insert("c".into(), ["a".to_string()].into());
    edges.insert("d".into(), ["a".to_string()].into());
    assert_eq!(cycles(&edges), vec![vec!["a", "b", "c"]]);
}

/// Functions longer than this many lines (signature to closing brace)
/// are split.
const MAX_FUNCTION_LINES: usize = 80;

#[test]
fn no_function_runs_past_80_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .expect("under src")
                .to_string_lossy()
                .into_owned();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            long.extend(
                long_functions(&text)
                    .into_iter()
                    .map(|(f, n)| format!("{rel}: {f} ({n} lines)")),
            );
        }
    }
    long.sort();
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
}

/// (name, lines) of each `fn` longer than [`MAX_FUNCTION_LINES`], by
/// indentation: a function ends at the first `}` line indented as its
/// `fn` line.
fn long_functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
            .iter()
            .any(|p| trimmed.starts_with(p));
        if !is_fn || trimmed.ends_with(';') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let end = lines[i + 1..]
            .iter()
            .position(|l| {
                l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
            })
            .map(|k| i + 1 + k);
        if let Some(end) = end
            && end - i + 1 > MAX_FUNCTION_LINES
        {
            let name = trimmed
                .split("fn ")
                .nth(1)
                .and_then(|t| t.split(['(', '<']).next())
                .unwrap_or(trimmed)
                .to_string();
            out.push((name, end - i + 1));
        }
    }
    out
}

/// The layer table of `docs/design.md` ("Which module may use which"):
/// each entry (`name`, or `name::*` for its submodules) with its layer,
/// lowest first.
fn design_layers() -> Vec<(String, usize)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/design.md");
    let text = std::fs::read_to_string(&path).expect("docs/design.md");
    let start = text
        .find("<!-- layers:")
        .expect("docs/design.md has a `<!-- layers: … -->` table");
    let end = text[start..]
        .find("<!-- /layers -->")
        .expect("the layer table ends with `<!-- /layers -->`");
    let mut out = Vec::new();
    let rows = text[start..start + end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Layer") && !l.starts_with("| ---"));
    for (layer, row) in rows.enumerate() {
        let modules = row.split(" | ").nth(1).expect("a Modules column");
        for m in modules.split(", ") {
            let m = m.trim().trim_end_matches(" |").trim_matches('`');
            out.push((m.to_string(), layer + 1));
        }
    }
    out
}

#[test]
fn the_length_check_finds_a_long_function() {
    let body = "    let x = 1;\n".repeat(MAX_FUNCTION_LINES);
    let text = format!("fn short() {{\n}}\n\npub fn long() {{\n{body}}}\n");
    assert_eq!(
        long_functions(&text),
        vec![("long".to_string(), MAX_FUNCTION_LINES + 2)]
    );
}

/// `module`'s layer: its own entry, else the longest `prefix::*` entry
/// that covers it.
fn layer_of(layers: &[(String, usize)], module: &str) -> Option<usize> {
    if let Some((_, l)) = layers.iter().find(|(m, _)| m == module) {
        return Some(*l);
    }
    layers
        .iter()
        .filter_map(|(m, l)| {
            let prefix = m.strip_suffix("::*")?;
            module
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with("::"))
                .then_some((prefix.len(), *l))
        })
        .max()
        .map(|(_, l)| l)
}

/// Every module is in `docs/design.md`'s layer table, and every
/// dependency goes to the same layer or a lower one, so the table is the
/// crate's real shape.
#[test]
fn design_md_layers_hold() {
    let layers = design_layers();
    assert!(layers.len() > 20, "too few layer entries: {layers:?}");
    let edges = graph();
    let mut problems = Vec::new();
    for (module, deps) in &edges {
        // The crate root re-exports the API; this module is tests.
        if module.is_empty() || module == "architecture" {
            continue;
        }
        let Some(from) = layer_of(&layers, module) else {
            problems.push(format!("`{module}` is in no layer"));
            continue;
        };
        for dep in deps {
            match layer_of(&layers, dep) {
                Some(to) if to > from => problems.push(format!(
                    "`{module}` (layer {from}) uses `{dep}` (layer {to})"
                )),
                Some(_) => {}
                None => problems.push(format!("`{dep}` is in no layer")),
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "docs/design.md's layer table (\"Which module may use which\") does not \
         match the code:\n  {}\nMove the dependency, or update the table and the \
         text around it.",
        problems.join("\n  ")
    );
}
