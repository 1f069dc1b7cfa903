//! The documentation's own consistency: every relative link in the
//! README, CONTRIBUTING, SECURITY and `docs/` leads to a file that exists
//! and, when it names a heading, to that heading; every repository path
//! the docs name in code (`src/lint.rs`) exists; `regulation.md` is cited
//! where users have it; and the README's minimal configuration is valid.
//!
//! What the docs show as claimlint's output is checked where that output
//! is made: `tests/cli.rs`, `tests/ci.rs` and `tests/markdownlint.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Markdown files whose links and paths are checked.
fn documents() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = [
        "README.md",
        "CONTRIBUTING.md",
        "SECURITY.md",
        "integrations/markdownlint/README.md",
        "tests/data/README.md",
    ]
    .iter()
    .map(|p| root().join(p))
    .collect();
    let mut docs: Vec<PathBuf> = fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    out.extend(docs);
    out
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.footnotes = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o
}

/// The text of a node: its text and inline code, without markup.
fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data.borrow().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            _ => {}
        }
    }
    s
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, each
/// space a hyphen; a repeated anchor gets `-1`, `-2`, ….
fn slug(heading: &str, seen: &mut BTreeMap<String, usize>) -> String {
    let base: String = heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect();
    let n = seen.entry(base.clone()).or_insert(0);
    let anchor = if *n == 0 { base } else { format!("{base}-{n}") };
    *n += 1;
    anchor
}

/// What a Markdown file holds that other files can point at or that
/// points elsewhere.
struct Parsed {
    anchors: Vec<String>,
    /// Link and image destinations.
    links: Vec<String>,
    /// Inline code spans.
    code: Vec<String>,
}

fn parse(path: &Path) -> Parsed {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let arena = Arena::new();
    let doc = comrak::parse_document(&arena, &text, &options());
    let mut seen = BTreeMap::new();
    let mut parsed = Parsed {
        anchors: Vec::new(),
        links: Vec::new(),
        code: Vec::new(),
    };
    for node in doc.descendants() {
        match &node.data.borrow().value {
            NodeValue::Heading(_) => parsed.anchors.push(slug(&text_of(node), &mut seen)),
            NodeValue::Link(l) | NodeValue::Image(l) => parsed.links.push(l.url.clone()),
            NodeValue::Code(c) => parsed.code.push(c.literal.clone()),
            _ => {}
        }
    }
    parsed
}

fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every relative link resolves: the file or directory exists, and a
/// `#fragment` into a Markdown file names one of its headings.
#[test]
fn relative_links_lead_to_files_and_headings_that_exist() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let parsed = parse(&doc);
        for link in &parsed.links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = match link.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (link.as_str(), None),
            };
            let target = if file.is_empty() {
                doc.clone()
            } else {
                doc.parent().expect("a directory").join(file)
            };
            checked += 1;
            if !target.exists() {
                problems.push(format!("{}: `{link}`: no such file", shown(&doc)));
                continue;
            }
            if let Some(fragment) = fragment
                && target.extension().is_some_and(|e| e == "md")
                && !parse(&target).anchors.iter().any(|a| a == fragment)
            {
                problems.push(format!(
                    "{}: `{link}`: {} has no heading with that anchor",
                    shown(&doc),
                    shown(&target)
                ));
            }
        }
    }
    assert!(checked > 50, "only {checked} links found");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

/// A path into the repository written as code in the docs (`src/lint.rs`,
/// `tests/cli.rs::name`, `rules/`) exists, so a moved file cannot leave
/// the docs behind. Placeholders (`<CODE>`, `*`, `…`, `{a,b}`) are left
/// alone.
#[test]
fn repository_paths_named_in_the_docs_exist() {
    let tops = [
        "src/",
        "tests/",
        "rules/",
        "fixtures/",
        "docs/",
        "benches/",
        "examples/",
        "fuzz/",
        "integrations/",
        ".ci/",
    ];
    let mut problems = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        for code in parse(&doc).code {
            if !tops.iter().any(|t| code.starts_with(t))
                || code.contains(['<', '*', '…', '{', ' ', '$'])
            {
                continue;
            }
            // `tests/cli.rs::name` names a test in a file: the file must exist
            // (`tests/hostile.rs` checks the name).
            let path = code.split("::").next().unwrap_or(&code);
            checked += 1;
            if !root().join(path).exists() {
                problems.push(format!("{}: `{code}` does not exist", shown(&doc)));
            }
        }
    }
    assert!(checked > 30, "only {checked} paths found");
    assert!(
        problems.is_empty(),
        "the docs name paths that do not exist:\n{}",
        problems.join("\n")
    );
}

/// Every file users get that cites `regulation.md` cites it where it is,
/// `docs/regulation.md` (inside `docs/`, a relative link, which the link
/// test checks).
#[test]
fn regulation_md_is_cited_where_it_is() {
    assert!(root().join("docs/regulation.md").is_file());
    let mut files = vec![
        root().join("README.md"),
        root().join("CONTRIBUTING.md"),
        root().join("SECURITY.md"),
        root().join("action.yml"),
    ];
    let mut dirs = vec![
        root().join("src"),
        root().join("rules"),
        root().join("integrations"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    let mut problems = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        for (i, _) in text.match_indices("regulation.md") {
            if !text[..i].ends_with("docs/") {
                let line = text[..i].lines().count().max(1);
                problems.push(format!("{}:{line}", shown(&file)));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "these cite a regulation.md that is not docs/regulation.md:\n{}",
        problems.join("\n")
    );
}

/// The full example `claimlint.toml` of `docs/configuration.md` is a
/// valid configuration.
#[test]
fn the_configuration_example_is_valid() {
    let text = fs::read_to_string(root().join("docs/configuration.md")).expect("docs");
    let after = &text[text
        .find("Every section is optional:")
        .expect("the example")..];
    let start = after.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let toml = &after[start..start + after[start..].find("```").expect("closed")];
    let config = claimlint::Config::parse(Path::new("claimlint.toml"), toml)
        .unwrap_or_else(|e| panic!("docs/configuration.md's example is invalid: {e}"));
    assert_eq!(
        config.severities.get("CL004"),
        Some(&None),
        "it turns uncited-superiority-claim off"
    );
}

/// The README's minimal `claimlint.toml` is a valid configuration.
#[test]
fn the_readme_minimal_config_is_valid() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README");
    let section = readme
        .split("\n## Configuration\n")
        .nth(1)
        .expect("a Configuration section");
    let start = section.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let toml = &section[start..start + section[start..].find("```").expect("closed")];
    let config = claimlint::Config::parse(Path::new("claimlint.toml"), toml)
        .unwrap_or_else(|e| panic!("README.md's claimlint.toml is invalid: {e}"));
    assert_eq!(
        config.severities.get("CL002"),
        Some(&Some(claimlint::Severity::Error)),
        "it sets uncited-hedged-claim to error"
    );
}

/// `docs/ci.md` names every input of the GitHub Action (`action.yml`) and
/// no other, and the command the pre-commit hook runs.
#[test]
fn ci_md_matches_the_action_and_the_hook() {
    let action = fs::read_to_string(root().join("action.yml")).expect("action.yml");
    let inputs_block = action
        .split("\ninputs:\n")
        .nth(1)
        .expect("inputs")
        .split("\n\n")
        .next()
        .expect("the inputs block");
    let mut inputs: Vec<&str> = inputs_block
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|l| !l.starts_with(' '))
        .collect();
    inputs.sort_unstable();
    assert!(inputs.len() >= 8, "{inputs:?}");
    let ci = fs::read_to_string(root().join("docs/ci.md")).expect("docs/ci.md");
    let paragraph = ci
        .split("\nInputs: ")
        .nth(1)
        .expect("an `Inputs:` paragraph")
        .split("\n\n")
        .next()
        .unwrap_or_default();
    let mut documented: Vec<&str> = paragraph
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .filter(|w| !["github", "error", "exit-code"].contains(w))
        .collect();
    documented.sort_unstable();
    documented.dedup();
    assert_eq!(
        documented, inputs,
        "docs/ci.md's list of the action's inputs"
    );

    let hooks = fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks");
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry");
    assert!(
        ci.contains(&format!("the hook runs `{entry}`")),
        "docs/ci.md says the pre-commit hook runs something other than `{entry}`"
    );
}

/// Every command shown with its output (a `$ …` line in a code block) is
/// one a test compares with what claimlint prints, listed here with that
/// test. A new example must be pinned the same way, then added here.
#[test]
fn every_example_of_output_is_pinned() {
    let pinned: &[(&str, &str, &str)] = &[
        (
            "README.md",
            "$ claimlint classify \"Our serum boosts collagen.\" \"Retinol may reduce fine lines.\"",
            "tests/cli.rs::readme_classify_example_is_real_output",
        ),
        (
            "docs/ci.md",
            "$ npx markdownlint-cli2 \"content/**/*.md\"",
            "tests/markdownlint.rs::ci_md_config_loads_the_package_by_name",
        ),
        (
            "docs/configuration.md",
            "$ claimlint check serum.md",
            "tests/cli.rs::configuration_md_config_error_is_real_output",
        ),
        (
            "docs/configuration.md",
            "$ claimlint check --market sg exosomes-are-a-scam.md",
            "tests/cli.rs::configuration_md_market_example_is_real_output",
        ),
        (
            "docs/configuration.md",
            "$ claimlint config --show blog/sg/peel.md",
            "tests/cli.rs::configuration_md_config_show_is_real_output",
        ),
        (
            // Measured timings: the numbers differ on every run and machine,
            // and the page says so; the format is tested by
            // tests/cli.rs::timings_go_to_stderr_by_stage_and_rule_and_leave_stdout_alone.
            "docs/design.md",
            "$ RAYON_NUM_THREADS=1 claimlint check target/bench-corpus/1x --format json --timings >/dev/null",
            "tests/cli.rs::timings_go_to_stderr_by_stage_and_rule_and_leave_stdout_alone",
        ),
        (
            "docs/evidence.md",
            "$ claimlint check pages/serum.md",
            "tests/cli.rs::evidence_md_walkthrough_is_real_output",
        ),
        (
            "docs/evidence.md",
            "$ claimlint claims --format markdown pages/serum.md",
            "tests/cli.rs::evidence_md_walkthrough_is_real_output",
        ),
        (
            "docs/evidence.md",
            "$ claimlint claims --format csv pages/serum.md",
            "tests/cli.rs::evidence_md_walkthrough_is_real_output",
        ),
        (
            "docs/evidence.md",
            "$ claimlint check serum.md",
            "tests/cli.rs::evidence_md_registry_error_is_real_output",
        ),
        (
            "docs/output-formats.md",
            "$ printf 'Our serum boosts collagen.\\n' | claimlint check --format json - --stdin-filename pages/serum.md",
            "tests/ci.rs::output_formats_md_check_json_example_is_real_output",
        ),
        (
            "docs/output-formats.md",
            "$ printf '{\"path\": \"pages/serum.md\", \"text\": \"Our serum boosts collagen.\\\\n\"}\\n' | claimlint check --stream",
            "tests/cli.rs::output_formats_md_stream_example_is_real_output",
        ),
        (
            "docs/output-formats.md",
            "$ claimlint claims reg.md",
            "tests/cli.rs::output_formats_md_claims_json_example_is_real_output",
        ),
        (
            "docs/output-formats.md",
            "$ claimlint classify --format json \"It does not cure acne.\"",
            "tests/cli.rs::output_formats_md_classify_json_example_is_real_output",
        ),
    ];
    for (_, _, test) in pinned {
        let (file, name) = test.split_once("::").expect("file::test");
        let source = fs::read_to_string(root().join(file)).expect("test file");
        assert!(source.contains(&format!("fn {name}(")), "no test {test}");
    }
    let mut unpinned = Vec::new();
    for doc in documents() {
        let name = shown(&doc);
        let text = fs::read_to_string(&doc).expect("doc");
        for line in text.lines().filter(|l| l.starts_with("$ ")) {
            if !pinned.iter().any(|(f, l, _)| *f == name && *l == line) {
                unpinned.push(format!("{name}: {line}"));
            }
        }
    }
    assert!(
        unpinned.is_empty(),
        "these examples of output are pinned by no test (write one that \
         compares them with claimlint's output, then list it here):\n{}",
        unpinned.join("\n")
    );
}

/// Every `cargo install` of claimlint the docs, the action and the
/// markdownlint plugin show uses `--locked` (without it cargo ignores
/// Cargo.lock and builds other dependency versions), and one from git
/// names the `claimlint` package (the repository also holds the fuzz
/// targets' package, so cargo refuses to guess). Tools that are not
/// claimlint (cargo-insta, cargo-fuzz) are left out.
#[test]
fn install_commands_are_locked_and_name_the_package() {
    let mut files = documents();
    files.push(root().join("action.yml"));
    files.push(root().join("integrations/markdownlint/index.js"));
    let mut wrong = Vec::new();
    let mut seen = 0;
    for file in files {
        let text = fs::read_to_string(&file).expect("file");
        for line in text.lines() {
            let Some(at) = line.find("cargo install ") else {
                continue;
            };
            let command = line[at..]
                .split(['`', '"'])
                .next()
                .unwrap_or_default()
                .trim();
            if command.contains("cargo-insta") || command.contains("cargo-fuzz") {
                continue;
            }
            seen += 1;
            let locked = command.contains("--locked");
            let named = !command.contains("--git ") || command.ends_with(" claimlint");
            if !locked || !named {
                wrong.push(format!("{}: {command}", shown(&file)));
            }
        }
    }
    assert!(seen >= 4, "found only {seen} install commands");
    assert!(
        wrong.is_empty(),
        "install commands without --locked or the package name:\n{}",
        wrong.join("\n")
    );
}
