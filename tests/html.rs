//! `claims --format html`: the review page, read back with an HTML5 parser
//! (scraper, on html5ever: the parsing algorithm browsers use) and, when
//! Chromium is installed, built by a real browser.
//!
//! Checks that every claim has its highlight, its marker and its register
//! row, that the totals match `claims --format json`, that a hostile
//! draft, configuration path and registry render as inert text, and that
//! no link leaves for anywhere but doi.org and PubMed. The browser tests
//! need Debian's `chromium` (and `pdftoppm`, from poppler-utils); without
//! them they say why on standard error and pass, unless
//! `CLAIMLINT_REQUIRE_CHROMIUM=1` (which `.ci/run` sets) makes that a
//! failure.

#[path = "support/bin.rs"]
mod bin;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use bin::{BIN, Run, write};
use scraper::{Html, Selector};
use tempfile::TempDir;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/examples")
}

/// Runs `claimlint claims --format FORMAT ARGS…` in `dir`.
fn claims(dir: &Path, format: &str, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1796601600")
        .args(["claims", "--format", format])
        .args(args)
        .output()
        .expect("run claimlint");
    Run::from_output(out)
}

/// A draft, a registry and a file name each built to break out of HTML.
fn hostile_project() -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    let page = r#"---
title: "</title><script>alert('title')</script>"
description: "Our serum <b onmouseover=alert(1)>boosts collagen</b> fast."
---
# Heading </style><script>alert(1)</script>

Our serum boosts collagen "><img src=x onerror=alert(2)> in 7 days.

This cream erases wrinkles [in a study](javascript:alert(3)) and <a href="javascript:alert(4)">here</a>.

<script>document.title = 'owned'</script>

<div><style>body{display:none}</style><iframe src="https://evil.example/"></iframe>Retinol reverses sun damage.</div>

Niacinamide reduced redness in a split-face trial.[^1]

![Before and after <script>alert(5)</script>](https://evil.example/x.png)

[^1]: Evil study. doi:10.5555/a<b>"onclick=alert(6) and https://evil.example/
"#;
    write(dir.path(), "\"><img src=x onerror=alert(7)>.md", page);
    write(
        dir.path(),
        "evidence.toml",
        "[[source]]\nid = \"<script>alert(8)</script>\"\ndoi = \"10.5555/x\"\ndesign = \"rct\"\ntitle = \"</style>\"\n",
    );
    write(
        dir.path(),
        "b.md",
        "Fades dark spots, see PMID: 12345678 and [doi](https://doi.org/10.5555/x).\n",
    );
    dir
}

/// The hrefs and srcs of a page: only in-page anchors, doi.org and PubMed.
fn assert_links_stay_home(doc: &Html) {
    let loads: Vec<_> = doc
        .select(&sel("[src]"))
        .map(|e| e.value().clone())
        .collect();
    assert!(loads.is_empty(), "elements load something: {loads:?}");
    for el in doc.select(&sel("[href]")) {
        let href = el.value().attr("href").unwrap_or("");
        assert!(
            href.starts_with('#')
                || href.starts_with("https://doi.org/10.")
                || href.starts_with("https://pubmed.ncbi.nlm.nih.gov/"),
            "unexpected link {href:?}"
        );
    }
}

/// Nothing in the page but claimlint's own markup: one style, one script
/// (claimlint's), no event handler, no image, frame or form target.
fn assert_inert(doc: &Html) {
    assert_eq!(doc.select(&sel("script")).count(), 1, "one script");
    assert_eq!(doc.select(&sel("style")).count(), 1, "one style");
    for tag in ["img", "iframe", "object", "embed", "b", "title ~ title"] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "a <{tag}> from the input");
    }
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler {name} on {:?}",
                el.value()
            );
        }
    }
    assert_links_stay_home(doc);
}

#[test]
fn hostile_input_renders_as_text() {
    let dir = hostile_project();
    let run = claims(dir.path(), "html", &["."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = Html::parse_document(&run.stdout);
    assert_inert(&doc);
    let text: String = doc.root_element().text().collect();
    // What a reader of the draft reads shows as text; tags the Markdown
    // renders (the inline `<img onerror>`, `<script>`) are not prose, and
    // their text is shown without them.
    for shown in [
        "<b onmouseover=alert(1)>",
        "\"><img src=x onerror=alert(7)>.md",
        "<script>alert(8)</script>",
    ] {
        assert!(text.contains(shown), "{shown:?} is not shown as text");
    }
    // The valid DOI and PMID became links; the broken one did not.
    let hrefs: Vec<&str> = doc
        .select(&sel("a[href^='https://']"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"https://doi.org/10.5555/x"), "{hrefs:?}");
    assert!(
        hrefs.contains(&"https://pubmed.ncbi.nlm.nih.gov/12345678/"),
        "{hrefs:?}"
    );
}

#[test]
fn csp_forbids_remote_loads_and_pins_the_inline_code() {
    let run = claims(&examples(), "html", &["."]);
    let doc = Html::parse_document(&run.stdout);
    let csp = doc
        .select(&sel("meta[http-equiv='Content-Security-Policy']"))
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("a CSP meta tag");
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    let style: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
    let script: String = doc.select(&sel("script")).flat_map(|s| s.text()).collect();
    let hash = |s: &str| claimlint::digest::sha256_base64(s.as_bytes());
    assert!(
        csp.contains(&format!("style-src 'sha256-{}'", hash(&style))),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("script-src 'sha256-{}'", hash(&script))),
        "{csp}"
    );
    assert_eq!(doc.root_element().value().attr("lang"), Some("en"));
    // The marker docs/output-formats.md quotes.
    let pin: String = doc
        .select(&sel("a.pin[href='#r2-1']"))
        .flat_map(|a| a.text())
        .collect();
    assert_eq!(pin, "✗ 2.1 unsupported");
}

/// Claims per status as `claims --format json` counts them.
fn json_counts(dir: &Path, args: &[&str]) -> (usize, BTreeMap<String, usize>) {
    let json = claims(dir, "json", args).json();
    let list = json["claims"].as_array().expect("claims").clone();
    let mut by = BTreeMap::new();
    for c in &list {
        *by.entry(c["status"].as_str().unwrap_or("").to_string())
            .or_insert(0) += 1;
    }
    (list.len(), by)
}

#[test]
fn every_claim_has_its_highlight_marker_and_row() {
    for (dir, args) in [
        (examples(), vec!["."]),
        (hostile_project().keep(), vec!["."]),
    ] {
        let run = claims(&dir, "html", &args);
        let doc = Html::parse_document(&run.stdout);
        let (total, by_status) = json_counts(&dir, &args);
        let rows: Vec<_> = doc.select(&sel("table.register tbody tr")).collect();
        assert_eq!(rows.len(), total, "one row per claim in {}", dir.display());
        for row in &rows {
            let id = row.value().id().expect("row id");
            let claim = id.replacen('r', "c", 1);
            let status = row.value().attr("data-status").expect("status");
            let mark = doc
                .select(&sel(&format!("mark#{claim}")))
                .next()
                .unwrap_or_else(|| panic!("no highlight for {id}"));
            assert!(mark.value().has_class(
                &format!("s-{status}"),
                scraper::CaseSensitivity::CaseSensitive
            ));
            let pin = doc
                .select(&sel(&format!("a.pin[href='#{id}']")))
                .next()
                .unwrap_or_else(|| panic!("no marker for {id}"));
            let pin_text: String = pin.text().collect();
            assert!(
                pin_text.contains(status),
                "marker {pin_text:?} says its status"
            );
            let back = row
                .select(&sel("a"))
                .next()
                .and_then(|a| a.value().attr("href"));
            assert_eq!(back, Some(format!("#{claim}").as_str()));
        }
        for (status, n) in &by_status {
            let cells: Vec<String> = doc
                .select(&sel(&format!(".totals tr[data-status='{status}']")))
                .map(|tr| {
                    tr.select(&sel("td"))
                        .next()
                        .map(|td| td.text().collect())
                        .unwrap_or_default()
                })
                .collect();
            assert_eq!(cells, vec![n.to_string()], "total of {status}");
        }
        if dir != examples() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[test]
fn findings_that_are_not_claims_show_in_the_text() {
    let dir = TempDir::new().expect("tempdir");
    let page = "---\nmarkets: [uk]\n---\nAsk us about Botox for frown lines.\n";
    write(dir.path(), "a.md", page);
    let check = Command::new(BIN)
        .current_dir(dir.path())
        .args(["check", "--format", "json", "a.md"])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let codes: Vec<String> = json["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|x| x["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(!codes.is_empty(), "the page has findings: {json}");
    let doc = Html::parse_document(&claims(dir.path(), "html", &["a.md"]).stdout);
    let shown: Vec<String> = doc
        .select(&sel(".draft .findings li"))
        .filter_map(|li| li.value().attr("data-rule").map(String::from))
        .chain(doc.select(&sel("table.register tbody tr")).flat_map(|tr| {
            tr.value()
                .attr("data-rule")
                .unwrap_or("")
                .split(' ')
                .map(String::from)
                .collect::<Vec<_>>()
        }))
        .collect();
    for code in &codes {
        assert!(shown.contains(code), "{code} is not shown: {shown:?}");
    }
}

/// Chromium, or why not: a skip, or a failure when
/// `CLAIMLINT_REQUIRE_CHROMIUM=1`.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("CLAIMLINT_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
                .find(|p| p.is_file())
        });
    match found {
        Some(p) => Some(p),
        None if std::env::var_os("CLAIMLINT_REQUIRE_CHROMIUM").is_some_and(|v| v == "1") => {
            panic!(
                "CLAIMLINT_REQUIRE_CHROMIUM=1, but chromium is not on PATH (apt-get install chromium)"
            )
        }
        None => {
            eprintln!(
                "skipping the browser test: chromium is not on PATH (apt-get install chromium)"
            );
            None
        }
    }
}

/// Runs headless Chromium on `page` with `args`; returns standard output
/// and the console messages it logged.
fn browse(chromium: &Path, scratch: &Path, page: &Path, args: &[&str]) -> (String, Vec<String>) {
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.join("profile").display()
        ))
        .args(["--enable-logging=stderr", "--v=0"])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

/// The review of `dir`, written to `scratch/review.html`.
fn review_file(dir: &Path, scratch: &Path) -> PathBuf {
    let run = claims(dir, "html", &["."]);
    let page = scratch.join("review.html");
    std::fs::write(&page, run.stdout).expect("write review");
    page
}

#[test]
fn browser_builds_every_marker_without_a_script_error() {
    let Some(chromium) = chromium() else { return };
    for dir in [examples(), hostile_project().keep()] {
        let scratch = TempDir::new().expect("tempdir");
        let page = review_file(&dir, scratch.path());
        let (dom, console) = browse(&chromium, scratch.path(), &page, &["--dump-dom"]);
        assert!(console.is_empty(), "console messages: {console:#?}");
        let doc = Html::parse_document(&dom);
        // The script ran to its end: filters shown, options filled in.
        assert_eq!(
            doc.root_element().value().attr("data-script"),
            Some("ready"),
            "{dom}"
        );
        let form = doc.select(&sel("#filters")).next().expect("filters");
        assert_eq!(form.value().attr("hidden"), None, "filters shown");
        let files = doc.select(&sel("select[data-key='file'] option")).count();
        assert_eq!(files, 1 + doc.select(&sel("section.doc")).count());
        let (total, _) = json_counts(&dir, &["."]);
        assert_eq!(doc.select(&sel("table.register tbody tr")).count(), total);
        assert_eq!(
            doc.select(&sel("a.pin")).count(),
            total,
            "a marker per claim"
        );
        assert_eq!(
            doc.select(&sel("mark.claim")).count(),
            total,
            "a highlight per claim"
        );
        assert_eq!(
            doc.select(&sel("title"))
                .next()
                .map(|t| t.text().collect::<String>()),
            Some("Claims review".into())
        );
        assert_inert(&doc);
        if dir != examples() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[test]
fn browser_filters_rows_by_status_and_file() {
    let Some(chromium) = chromium() else { return };
    let scratch = TempDir::new().expect("tempdir");
    let page = review_file(&examples(), scratch.path());
    let file = "._2fclinic-treatment-page.md";
    let url = format!("{}#filter:status=unsupported&file={file}", page.display());
    let (dom, console) = browse(&chromium, scratch.path(), Path::new(&url), &["--dump-dom"]);
    assert!(console.is_empty(), "console messages: {console:#?}");
    let doc = Html::parse_document(&dom);
    let shown: Vec<(String, String)> = doc
        .select(&sel("table.register tbody tr:not([hidden])"))
        .map(|tr| {
            let attr = |k| tr.value().attr(k).unwrap_or("").to_string();
            (attr("data-status"), attr("data-file"))
        })
        .collect();
    let (_, by_status) = json_counts(&examples(), &["clinic-treatment-page.md"]);
    assert_eq!(
        shown.len(),
        by_status.get("unsupported").copied().unwrap_or(0)
    );
    assert!(!shown.is_empty());
    for (status, f) in &shown {
        assert_eq!((status.as_str(), f.as_str()), ("unsupported", file));
    }
    let count: String = doc.select(&sel("#shown")).flat_map(|p| p.text()).collect();
    let (all, _) = json_counts(&examples(), &["."]);
    assert_eq!(count, format!("{} of {all} claims shown", shown.len()));
}

#[test]
fn browser_prints_each_document_on_its_own_pages() {
    let Some(chromium) = chromium() else { return };
    let scratch = TempDir::new().expect("tempdir");
    let page = review_file(&examples(), scratch.path());
    let pdf = scratch.path().join("review.pdf");
    let arg = format!("--print-to-pdf={}", pdf.display());
    browse(
        &chromium,
        scratch.path(),
        &page,
        &["--no-pdf-header-footer", &arg],
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote a PDF");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    // Each page is one `/Type /Page` object: the header, the register
    // (landscape, its own page) and a page per document at least.
    let pages = bytes.windows(11).filter(|w| w == b"/Type /Page").count()
        - bytes.windows(12).filter(|w| w == b"/Type /Pages").count();
    let docs = std::fs::read_dir(examples()).expect("examples").count();
    assert!(pages >= 2 + docs, "{pages} pages for {docs} documents");
    let pdftoppm = Command::new("pdftoppm")
        .args(["-f", "1", "-l", "1", "-r", "40", "-png"])
        .arg(&pdf)
        .arg(scratch.path().join("page"))
        .output();
    match pdftoppm {
        Ok(out) if out.status.success() => {
            let png = scratch.path().join("page-1.png");
            assert!(std::fs::read(png).expect("page 1").starts_with(b"\x89PNG"));
        }
        _ if std::env::var_os("CLAIMLINT_REQUIRE_CHROMIUM").is_some_and(|v| v == "1") => {
            panic!(
                "CLAIMLINT_REQUIRE_CHROMIUM=1, but pdftoppm failed (apt-get install poppler-utils)"
            )
        }
        _ => eprintln!("skipping page 1 as an image: no pdftoppm (apt-get install poppler-utils)"),
    }
}
