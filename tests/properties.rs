//! Property tests: Markdown generated from building blocks (nested lists
//! and quotes, emphasis across lines, tables, footnotes, HTML blocks, code,
//! front matter, CRLF, a byte-order mark, non-ASCII and combining
//! characters, emoji) goes through the whole pipeline
//! (`support/pipeline.rs`): no panic, every span inside the file on
//! character boundaries, every output format parses. And the claims found
//! in a document do not change when unrelated paragraphs are added before
//! it: only their offsets shift. And a file parsed in sections (as a
//! long file is) is linted exactly as when it is parsed whole.
//!
//! The case count is kept small so the suite stays fast; raise it for a
//! longer hunt with `PROPTEST_CASES=5000 cargo test --test properties`.
//! proptest writes a failing case's seed to
//! `tests/properties.proptest-regressions`; commit that file so the case
//! is replayed on every run.

use std::sync::LazyLock;

use claimlint::{Config, Linter, Report};
use proptest::prelude::*;

#[path = "support/pipeline.rs"]
mod pipeline;

static LINTER: LazyLock<Linter> = LazyLock::new(|| {
    let config = Config {
        page: claimlint::page::PageDefaults {
            markets: claimlint::page::Market::ALL.to_vec(),
            ..Default::default()
        },
        ..Config::default()
    };
    Linter::new(config).expect("linter")
});

/// The same linter, parsing every file in sections as small as can be.
static SECTIONED: LazyLock<Linter> = LazyLock::new(|| LINTER.clone().with_section_bytes(1));

/// Sentences: claims of each kind and strength, cited and not, neutral
/// prose, and the awkward characters (accents precomposed and combining,
/// emoji with joiners and skin tones, CJK, right-to-left).
const SENTENCES: &[&str] = &[
    "Our serum boosts collagen.",
    "Retinol may reduce fine lines.",
    "Our laser is clinically proven to lift sagging skin.",
    "There is no downtime and it is painless.",
    "We are the best clinic in London.",
    "\"This serum changed my skin overnight!\"",
    "Our peel fades dark spots (Lee et al., 2021).",
    "Retinol smooths fine wrinkles.[^kafi]",
    "Our balm heals scars, see [the trial](https://doi.org/10.1000/xyz).",
    "Our mask erases wrinkles. <!-- evidence: rct doi:10.1111/jocd.15869 -->",
    "Buy it at [our shop](https://shop.example.com/serum).",
    "The clinic opens at nine on weekdays.",
    "Le sérum réduit les rides en 4 semaines.",
    "Cafe\u{301} cre\u{300}me boosts collagen in 2 weeks.",
    "✨ Our facial erases wrinkles 💆🏽‍♀️ instantly.",
    "👩🏽‍⚕️ Dr Low says it reverses sun damage.",
    "这款精华液能减少皱纹。",
    "הקרם מפחית קמטים.",
    "Exosomes regenerate skin cells.",
    "Results are guaranteed and permanent.",
    "Botox-like results without needles.",
    "50% off this week only!",
    "See `boosts collagen` in code.",
    "It does not cure acne.",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::sample::select(SENTENCES).prop_map(str::to_string)
}

/// Inline markup around a sentence: emphasis (possibly across a line
/// break), strong, strikethrough, a hard break, or none.
fn inline() -> impl Strategy<Value = String> {
    (sentence(), 0..7u8).prop_map(|(s, how)| {
        let (head, tail) = match s.find(' ') {
            Some(i) => (&s[..i], &s[i + 1..]),
            None => (s.as_str(), ""),
        };
        match how {
            0 => format!("*{head}\n{tail}*"),
            1 => format!("**{s}**"),
            2 => format!("_{head}_ {tail}"),
            3 => format!("~~{head}~~ {tail}"),
            4 => format!("{head}  \n{tail}"),
            5 => format!("{head}\n{tail}"),
            _ => s,
        }
    })
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..4).prop_map(|v| v.join(" "))
}

/// A block that holds no other blocks.
fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => paragraph(),
        1 => (1..7usize, sentence()).prop_map(|(n, s)| format!("{} {s}", "#".repeat(n))),
        1 => (sentence(), sentence()).prop_map(|(a, b)| {
            format!("| Treatment | Result |\n| --- | --- |\n| {a} | {b} |")
        }),
        1 => Just("[^kafi]: Kafi R, et al. Arch Dermatol. 2007;143(5):606-612.".to_string()),
        1 => Just("[^shop]: As seen on our Instagram.".to_string()),
        1 => sentence().prop_map(|s| format!("<div class=\"note\">\n<p>{s}</p>\n</div>")),
        1 => sentence().prop_map(|s| format!("```text\n{s}\n```")),
        1 => Just("<!-- claimlint-disable-next-line CL001 -- approved, ref LEG-7 -->".to_string()),
        1 => sentence().prop_map(|s| format!("![{s}](before-after.jpg)")),
        1 => Just("* * *".to_string()),
    ]
}

/// Indents every line after the first by `n` spaces (list item content).
fn indent_rest(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out
}

/// A block, possibly a list or quote holding further blocks.
fn block() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            // A bullet or ordered list; items hold blocks.
            (
                prop::collection::vec(prop::collection::vec(inner.clone(), 1..3), 1..4),
                any::<bool>(),
                any::<bool>()
            )
                .prop_map(|(items, ordered, loose)| {
                    let sep = if loose { "\n\n" } else { "\n" };
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, blocks)| {
                            let marker = if ordered {
                                format!("{}. ", i + 1)
                            } else {
                                "- ".to_string()
                            };
                            let body = blocks.join("\n\n");
                            format!("{marker}{}", indent_rest(&body, marker.len()))
                        })
                        .collect::<Vec<_>>()
                        .join(sep)
                }),
            // A block quote.
            prop::collection::vec(inner, 1..3).prop_map(|blocks| {
                blocks
                    .join("\n\n")
                    .split('\n')
                    .map(|l| {
                        if l.is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        ]
    })
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        1 => sentence().prop_map(|s| format!(
            "---\ntitle: {}\nmarkets: [uk]\ncontent: product\nclass: cosmetic\n---\n",
            s.replace(['"', ':', '#', '`', '[', '<', '!', '*', '&'], "")
        )),
        1 => sentence().prop_map(|s| format!(
            "+++\ndescription = \"{}\"\n+++\n",
            s.replace(['"', '\\'], "")
        )),
    ]
}

/// A generated document, kept in parts so a prefix can go after the front
/// matter.
#[derive(Debug, Clone)]
struct Doc {
    bom: bool,
    crlf: bool,
    front_matter: String,
    body: String,
}

impl Doc {
    fn eol(&self, s: &str) -> String {
        if self.crlf {
            s.replace('\n', "\r\n")
        } else {
            s.to_string()
        }
    }

    /// The head: byte-order mark and front matter.
    fn head(&self) -> String {
        let bom = if self.bom { "\u{feff}" } else { "" };
        format!("{bom}{}", self.eol(&self.front_matter))
    }

    fn text(&self) -> String {
        format!("{}{}", self.head(), self.eol(&self.body))
    }

    /// The document with `paragraphs` inserted between head and body.
    fn with_prefix(&self, paragraphs: &str) -> (String, usize) {
        let prefix = self.eol(paragraphs);
        let text = format!("{}{prefix}{}", self.head(), self.eol(&self.body));
        (text, prefix.len())
    }
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        any::<bool>(),
        any::<bool>(),
        front_matter(),
        prop::collection::vec(block(), 1..6),
    )
        .prop_map(|(bom, crlf, front_matter, blocks)| Doc {
            bom,
            crlf,
            front_matter,
            body: blocks.join("\n\n") + "\n",
        })
}

/// Paragraphs that cannot interact with what follows: plain sentences with
/// no cue, no markup and no reference, each ending in a blank line so the
/// next block starts afresh.
const NEUTRAL: &[&str] = &[
    "The clinic is on the second floor.",
    "Parking is available on Mill Road.",
    "Our reception team answers the phone from nine.",
    "The building has step-free access.",
];

fn neutral_prefix() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(NEUTRAL), 1..4)
        .prop_map(|v| v.iter().map(|p| format!("{p}\n\n")).collect())
}

/// What is compared when a prefix is added: each claim and each finding,
/// with spans moved back by the prefix length when they lie after it.
/// Findings about the document as a whole (CL118 `missing-risk-section`,
/// placed at the first heading or the start of the body) are left out:
/// they are not about any one place in it.
fn findings(r: &Report, head: usize, shift: usize) -> Vec<String> {
    let back = |at: usize| if at >= head + shift { at - shift } else { at };
    let mut out: Vec<String> = r
        .claims
        .iter()
        .map(|c| {
            let c2 = &c.claim;
            format!(
                "claim {:?} trigger {:?} {} {} {} at {}..{} trigger {}..{}",
                c2.text,
                c2.trigger,
                c2.strength.as_str(),
                c2.kind.as_str(),
                c.status.as_str(),
                back(c2.span.start),
                back(c2.span.end),
                back(c2.trigger_span.start),
                back(c2.trigger_span.end),
            )
        })
        .collect();
    out.extend(r.diagnostics.iter().filter(|d| d.code != "CL118").map(|d| {
        format!(
            "{} {:?} {} at {}..{}",
            d.code,
            d.message,
            d.severity.as_str(),
            back(d.span.start),
            back(d.span.end)
        )
    }));
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64),
        max_shrink_iters: 2000,
        // Replays `tests/properties.proptest-regressions` (the default looks
        // for a `src/` beside the test, warns and falls back to this).
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_markdown_passes_the_whole_pipeline(d in doc()) {
        pipeline::check(&LINTER, "generated.md", &d.text());
    }

    #[test]
    fn a_file_parsed_in_sections_is_linted_as_the_whole(d in doc()) {
        let text = d.text();
        let whole = LINTER.lint("page.md", &text);
        let cut = SECTIONED.lint("page.md", &text);
        prop_assert_eq!(format!("{:?}", cut.diagnostics), format!("{:?}", whole.diagnostics));
        prop_assert_eq!(format!("{:?}", cut.claims), format!("{:?}", whole.claims));
    }

    #[test]
    fn claims_do_not_change_when_unrelated_paragraphs_come_first(
        d in doc(),
        prefix in neutral_prefix(),
    ) {
        let plain = pipeline::check(&LINTER, "page.md", &d.text());
        let (text, shift) = d.with_prefix(&prefix);
        let prefixed = pipeline::check(&LINTER, "page.md", &text);
        let head = d.head().len();
        prop_assert_eq!(findings(&plain, head, 0), findings(&prefixed, head, shift));
    }
}
