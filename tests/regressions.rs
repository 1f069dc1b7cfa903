//! Inputs that once broke claimlint, found by the fuzzer (`fuzz/`), the
//! property tests or the hostile-input tests, kept so they never break it
//! again. Each file in `tests/data/regressions/` goes through the whole
//! pipeline (`support/pipeline.rs`) exactly as the fuzz target sends it:
//! bytes decoded lossily, with the default configuration and with every
//! market's rules on. Add a crashing input by copying it there under a
//! name that says what it exercises.

use std::path::Path;

use claimlint::{Config, Linter};

#[path = "support/pipeline.rs"]
mod pipeline;

/// The source text under each finding of `code` (every finding for `""`).
fn flagged<'r>(r: &'r claimlint::Report, code: &str) -> Vec<&'r str> {
    r.diagnostics
        .iter()
        .filter(|d| code.is_empty() || d.code == code)
        .map(|d| &r.source.text[d.span.clone()])
        .collect()
}

#[test]
fn every_regression_input_passes_the_whole_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/regressions");
    let linters = [
        Linter::new(Config::default()).expect("default linter"),
        Linter::new(Config {
            page: claimlint::page::PageDefaults {
                markets: claimlint::page::Market::ALL.to_vec(),
                force_markets: true,
                ..Default::default()
            },
            ..Config::default()
        })
        .expect("every-market linter"),
    ];
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/regressions")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let bytes = std::fs::read(&f).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for linter in &linters {
            let r = std::panic::catch_unwind(|| pipeline::check(linter, "regression.md", &text));
            assert!(r.is_ok(), "{} fails", f.display());
        }
    }
}

/// A lone carriage return ends a line in CommonMark, and comrak counts it;
/// mapping comrak's positions by `\n` alone put the finding after one at
/// the end of the file, with an empty span.
#[test]
fn a_lone_carriage_return_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "A.\rOur serum boosts collagen.\n";
    let r = pipeline::check(&linter, "cr.md", text);
    assert_eq!(&text[r.diagnostics[0].span.clone()], "boosts collagen");
}

/// Found by the fuzzer: a link reference definition opening a quoted
/// paragraph whose next line is a lazy continuation (no `> `). comrak puts
/// the continuation's text where the prefix would be; the finding had an
/// empty span at the end of the file.
#[test]
fn a_lazy_quote_line_after_a_link_definition_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "> [e]: /e\nOur serum boosts collagen.\n";
    let r = pipeline::check(&linter, "lazy.md", text);
    assert_eq!(&text[r.diagnostics[0].span.clone()], "boosts collagen");
    // The same, where the line's first character also occurs where comrak
    // points: the text is placed by more than its first character.
    let text = "> [l]: /a\n |Serum boosts collagen\n|\n";
    let r = pipeline::check(&linter, "lazy.md", text);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| &text[d.span.clone()] == "boosts collagen"),
        "{:?}",
        r.diagnostics
    );
}

/// Found by the fuzzer: below a link reference definition, comrak gives
/// each line's text the column of the line one definition above it, so
/// lines indented differently are placed a few bytes off. A claim on such a
/// line was underlined at one wrong letter.
#[test]
fn indented_lines_below_a_link_definition_keep_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "[e]: /t\n  We\n say\nour serum boosts collagen.\n";
    let r = pipeline::check(&linter, "indented.md", text);
    assert_eq!(&text[r.diagnostics[0].span.clone()], "boosts collagen");
}

/// Found by the fuzzer: each escaped backslash (`\\`) was aligned to
/// one source byte instead of two, so after a long run of them the rest
/// of the line mapped to nothing.
#[test]
fn a_run_of_escaped_backslashes_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = format!("{} Our serum boosts collagen.\n", "\\\\".repeat(80));
    let r = pipeline::check(&linter, "escapes.md", &text);
    assert_eq!(&text[r.diagnostics[0].span.clone()], "boosts collagen");
}

/// Found by the adversarial review's fuzzing: below a link reference
/// definition whose destination is on the next line, comrak places a lazy
/// line's text one column late, and the text was kept there because its
/// first characters occurred *near* that place. The claim got an empty
/// span at the end of the file. A text is now kept where comrak puts it
/// only when it is there verbatim.
#[test]
fn text_after_a_link_definition_is_placed_verbatim_or_searched_for() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "[p]:\n C\nO\n]tighteno]tighten";
    let r = pipeline::check(&linter, "shifted.md", text);
    let spans: Vec<&str> = r
        .diagnostics
        .iter()
        .map(|d| &text[d.span.clone()])
        .collect();
    assert_eq!(spans, ["tighten"], "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].span, 20..27);
}

/// Found by the adversarial review's fuzzing: a repeated line below a
/// link reference definition. Each text was matched to the next line that
/// merely began like it, so two findings landed on the last line and the
/// one on line 9 was lost.
#[test]
fn repeated_lines_after_a_link_definition_each_keep_their_finding() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "[p]:\ns\n\"\"\nt\n  3\n \"\na\nOur tone.\nOur toner tighten\n.\nOur toner tighten";
    let r = pipeline::check(&linter, "repeated.md", text);
    let lines: Vec<usize> = r
        .diagnostics
        .iter()
        .map(|d| r.source.line_col(d.span.start).line)
        .collect();
    assert_eq!(lines, [9, 11], "{:?}", r.diagnostics);
    for d in &r.diagnostics {
        assert_eq!(&text[d.span.clone()], "tighten");
    }
}

/// Found by fuzzing for the security review: comrak places the text after
/// an inline comment one byte into a run of backslashes. Escapes pair from
/// the start of the run, so aligning from one byte in paired every
/// backslash with the wrong partner, and the rest of the line drifted to
/// the end of the file (an empty span on a pack rule's finding).
#[test]
fn text_starting_inside_a_backslash_run_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    // 21 backslashes: comrak's text starts at the second, and pairing from
    // there leaves one over, which the aligner then found in the run after
    // the claim.
    let run = "\\".repeat(21);
    let text = format!("x <!-- note -->{run}isable. Our serum boosts collagen. {run}\n");
    let r = pipeline::check(&linter, "run.md", &text);
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(&text[r.diagnostics[0].span.clone()], "boosts collagen");
}

/// Found by fuzzing for the security review: in HTML a backslash is just a
/// backslash, but the aligner paired each with the next as a Markdown
/// escape, so a run of them took twice its length in the source and the
/// claim after it was mapped past the end of the block.
#[test]
fn backslashes_in_html_are_not_escapes() {
    let linter = Linter::new(Config::default()).expect("linter");
    let run = "\\".repeat(12);
    let text = format!("<div>\n{run} Our serum boosts collagen. {run}\n</div>\n");
    let r = pipeline::check(&linter, "html.md", &text);
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(&text[r.diagnostics[0].span.clone()], "boosts collagen");
}

/// Found by fuzzing for the security review: below a link reference
/// definition, comrak placed a line's text one column late, and because a
/// backslash escape sat near that place the text was kept there (an escape
/// meant it could not be found verbatim). The claim was mapped to nothing.
/// A text is now kept only where the source reads as it, escapes decoded.
#[test]
fn an_escape_near_a_misplaced_text_does_not_pin_it_there() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "[p]:\nx\nt\n A\ntitle: Our serum # <!!-- x -->\n\
                description: \"Painless, with \\\"no downtime\\\" at all.\" # <!-- y -->\n";
    let r = pipeline::check(&linter, "escaped.md", text);
    let found = flagged(&r, "");
    assert_eq!(found, ["Painless"], "{:?}", r.diagnostics);
}

/// Found by fuzzing for the security review: below a link reference
/// definition comrak placed a text two columns late; the text began with a
/// literal backslash (`\d`) and held escaped ones (`\\`), so neither its
/// verbatim form nor its head could be found, and the claim after the run
/// was mapped to nothing. The text is now found where the source reads as
/// it, escapes decoded.
#[test]
fn a_text_with_escapes_below_a_link_definition_is_found() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "[p]:\ns\n\"\"\nt\n  3\n\"\na\n\\d ept\\\\\\\\\\\\\\\\n to firm skin.\n";
    let r = pipeline::check(&linter, "escapes.md", text);
    let found = flagged(&r, "");
    assert_eq!(found, ["firm skin"], "{:?}", r.diagnostics);
}

/// Found by fuzzing on the final engine of the security review: comrak
/// decodes `&amp;` to `&`, and the aligner took that `&` for the entity's
/// own first byte. Sixty form feeds after it (whitespace the source does
/// not have at that point) then found nothing to stand for, the search for
/// the next character gave up, and the claim after them was mapped to an
/// empty span. A decoded `&` now takes the whole entity.
#[test]
fn text_after_an_ampersand_entity_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = format!(":&amp;{}\u{fffd}at clears\u{b}wrinkle", "\u{c}".repeat(60));
    let r = pipeline::check(&linter, "entity.md", &text);
    let found = flagged(&r, "");
    assert_eq!(found, ["clears\u{b}wrinkle"], "{:?}", r.diagnostics);
}

/// Found by fuzzing: in a plain YAML scalar a backslash is only a
/// backslash, but front matter was aligned as if `\\` were an escape, so
/// one decoded backslash took two source bytes, the next was looked for
/// further on, and the claim after it got an empty span. Only
/// double-quoted YAML and basic TOML strings have escapes now.
#[test]
fn backslashes_in_front_matter_keep_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    for text in [
        "---\ntitle: m\\\\ boost collagen\n  and \\\n---\n",
        "---\ntitle: 'm\\\\ boost collagen'\n---\n",
        "---\ntitle: \"m\\\\\\\\ boost collagen\"\n---\n",
        "+++\ntitle = 'm\\\\ boost collagen'\n+++\n",
        "+++\ntitle = \"m\\\\\\\\ boost collagen\"\n+++\n",
    ] {
        let r = pipeline::check(&linter, "front.md", text);
        let found = flagged(&r, "CL001");
        assert_eq!(found, ["boost collagen"], "{text:?}: {:?}", r.diagnostics);
    }
}

/// Found by fuzzing: inline HTML that is a processing instruction with
/// multi-byte characters (`<?ßß…`) was tested for `<br` by slicing its
/// first two bytes, which fell inside a character: a panic.
#[test]
fn inline_html_with_multibyte_characters_does_not_panic() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "Our serum boosts collagen. <?ßßß 5 ?>\n";
    let r = pipeline::check(&linter, "pi.md", text);
    let found = flagged(&r, "");
    assert_eq!(found, ["boosts collagen"], "{:?}", r.diagnostics);
}

/// Found by fuzzing: a YAML anchor (`&b`) before a front-matter value.
/// The aligner took any `&` for the start of an entity it could not find
/// the end of, and pinned every character after it to the `&`: the claim
/// in the value was reported at the anchor, or with an empty span.
#[test]
fn text_after_a_yaml_anchor_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    for (text, want) in [
        ("---\n&o e\ne smooth\n---\n", "smooth"),
        (
            "---\ndesc: &b\n  Our peel smooths\n  fine lines.\n---\n",
            "smooths\n  fine lines",
        ),
        (
            "---\ntitle: &a Our serum boosts collagen\n---\n",
            "boosts collagen",
        ),
    ] {
        let r = pipeline::check(&linter, "anchor.md", text);
        let found = flagged(&r, "CL001");
        assert_eq!(found, [want], "{text:?}: {:?}", r.diagnostics);
    }
}

/// Found by fuzzing: CommonMark reads a NUL as U+FFFD, one source byte
/// becoming three in the text. The aligner searched ahead for a U+FFFD and
/// found a real one further on, so a claim in an image's alt text was placed
/// past the end of its own sentence.
#[test]
fn nul_bytes_keep_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "![A\0\0 b\u{fffd}\u{fffd}](a.jpg)\n\nOur\0 toner tightens pores.\u{fffd}\n";
    let r = pipeline::check(&linter, "nul.md", text);
    let found = flagged(&r, "CL001");
    assert_eq!(found, ["tightens pores"], "{:?}", r.diagnostics);
}

/// Found by fuzzing: after an image whose destination spans lines
/// (`![](\n)`), comrak's columns are off. The text after it was placed
/// where comrak pointed even though that was before text already read (the
/// image's own `)`), and an image's alt text was placed where comrak
/// pointed without looking at all: a claim came out past the end of its
/// sentence. Both are now placed as other text is, never behind what is
/// already read.
#[test]
fn text_after_a_multi_line_image_destination_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    for (text, want) in [
        ("![](\n)Our serum tightens\n)\n", "tightens"),
        ("![](\n)![[Our serum tightens\n]]()\n", "tightens"),
    ] {
        let r = pipeline::check(&linter, "image.md", text);
        let found = flagged(&r, "CL001");
        assert!(found.contains(&want), "{text:?}: {:?}", r.diagnostics);
    }
}

/// Found by fuzzing: below a link definition comrak placed a text one
/// column late, and the text began with a run of one character (`}}}…`),
/// so its first sixteen characters read the same a column off: the rest
/// of it was mapped to the end of the file. Where comrak points is now
/// checked on more of the text.
#[test]
fn a_run_of_one_character_below_a_link_definition_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = format!("[p]:\n \"\nb\n{}no downtime}}", "}".repeat(17));
    let r = pipeline::check(&linter, "run.md", &text);
    let found = flagged(&r, "");
    assert!(found.contains(&"no downtime"), "{:?}", r.diagnostics);
}

/// Found by fuzzing: `&&amp;` reads as `&&`, but the check of where comrak
/// points took the second `&` for itself, so `amp;` did not fit, and the
/// text was placed where a later run of `&` read the same: the footnote
/// reference after it was reported at the end of the file. Every reading
/// of an `&` is now followed.
#[test]
fn an_entity_after_a_literal_ampersand_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "&&amp;&&&&e.[^e]hear&&&&&&e.[^e]heare";
    let r = pipeline::check(&linter, "amp.md", text);
    let found = flagged(&r, "CL006");
    assert_eq!(found, ["[^e]", "[^e]"], "{:?}", r.diagnostics);
    let starts: Vec<usize> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "CL006")
        .map(|d| d.span.start)
        .collect();
    assert_eq!(starts, [12, 28]);
}

/// Found by fuzzing: in an HTML block the text is trimmed, and 68
/// vertical tabs after `<p>` were dropped. The aligner looked for each
/// character at most 64 characters on, so it found none of them: the
/// claims came out with empty spans at the `<p>`. Dropped whitespace now
/// does not count towards that distance.
#[test]
fn a_long_run_of_dropped_whitespace_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    for ws in ["\u{b}", " ", "\t"] {
        let text = format!("<p>{}Our serum boosts collagen.</p>\n", ws.repeat(80));
        let r = pipeline::check(&linter, "html.md", &text);
        assert_eq!(
            flagged(&r, "CL001"),
            ["boosts collagen"],
            "{ws:?}: {:?}",
            r.diagnostics
        );
    }
}

/// Found by fuzzing: a front-matter value behind a YAML tag (`!`) and 39
/// spaces, starting with form feeds. The aligner read each form feed as
/// folded whitespace standing for the whitespace at the tag (none), and
/// looked for the next character at most 64 characters on, the spaces
/// counted: every character was placed at the tag, and the footnote
/// reference in the value was reported with an empty span there. Only
/// spaces, tabs and line breaks fold now, and whitespace anywhere on the
/// way does not count towards the distance.
#[test]
fn text_after_a_yaml_tag_keeps_spans_exact() {
    let linter = Linter::new(Config::default()).expect("linter");
    let pad = " ".repeat(70);
    for text in [
        format!("---\n   !{pad}\u{c}\u{c}j\u{c}[^al] Our serum boosts collagen\n---\n"),
        format!("---\nsummary: !{pad}Our serum boosts collagen [^al]\n---\n"),
    ] {
        let r = pipeline::check(&linter, "tag.md", &text);
        assert_eq!(
            flagged(&r, "CL006"),
            ["[^al]"],
            "{text:?}: {:?}",
            r.diagnostics
        );
        assert_eq!(
            flagged(&r, "CL001"),
            ["boosts collagen"],
            "{text:?}: {:?}",
            r.diagnostics
        );
    }
}

/// A declared legal page (CL017) is not read for claims, and the claims
/// CSV says so in a row of its own: the pipeline's checks once counted
/// claims only, and the fuzzer's seed corpus (the CL017 fixture) failed.
#[test]
fn a_legal_page_passes_the_whole_pipeline() {
    let linter = Linter::new(Config::default()).expect("linter");
    let text = "---\ncontent: legal\n---\n# Privacy notice\n\n\
                We keep your booking details for two years.\n\n\
                Our laser clears pigmentation in one session.\n";
    let r = pipeline::check(&linter, "privacy.md", text);
    assert_eq!(flagged(&r, "CL017").len(), 1, "{:?}", flagged(&r, ""));
    assert!(r.claims.is_empty(), "a legal page has no claims");
}
