//! Front matter: finding it, parsing it (YAML or TOML) and picking out the
//! string values that are prose.
//!
//! Owns: locating and parsing front matter, and choosing which string
//! values are read as prose, each with an exact source span. Pages carry
//! claims in `title` and `description`, and as often in fields no list
//! foresees (`whyChoose`, `content2`, FAQ answers nested under
//! `sections`), so by default every string value that reads as prose is
//! read: two or more words, not a URL, path, date, slug or identifier (see
//! [`looks_prose`]). The configuration can restrict reading to selected
//! fields instead, chosen by key *words*: the field `description` selects
//! `description`, `metaDescription` and `short_description`; `faq` selects
//! `faqs` and every string under it.
//! Does not own: which mode or fields apply (the configuration) or what a
//! value claims.

use std::collections::BTreeMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::prose::{OffsetMap, ProseBuilder};

/// The front matter block of a file.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The whole block, delimiters included.
    pub span: Range<usize>,
    /// The content between the delimiters.
    pub content: Range<usize>,
    /// `yaml` or `toml`.
    pub format: &'static str,
    /// String values of selected fields, as prose.
    pub fields: Vec<Field>,
    /// Top-level scalar values and lists of scalars, for settings such as
    /// `markets` or `content`.
    pub settings: BTreeMap<String, Vec<String>>,
    /// A parse error, with the byte offset it points at.
    pub error: Option<(String, usize)>,
}

/// A prose string from front matter.
#[derive(Debug, Clone)]
pub struct Field {
    /// Dotted key path, e.g. `faqs.answer`.
    pub key: String,
    /// Decoded value.
    pub text: String,
    /// Map from `text` to source bytes.
    pub map: OffsetMap,
    /// Source span of the value.
    pub span: Range<usize>,
}

/// Finds front matter at the start of `text` (after an optional BOM at
/// `base`). Returns its span, content range and delimiter.
pub fn locate(text: &str, base: usize) -> Option<(Range<usize>, Range<usize>, &'static str)> {
    let s = &text[base..];
    let delim = if s.starts_with("---") {
        "---"
    } else if s.starts_with("+++") {
        "+++"
    } else {
        return None;
    };
    let first_end = s.find('\n')?;
    if s[3..first_end].trim_end_matches('\r').trim() != "" {
        return None;
    }
    let content_start = first_end + 1;
    let mut pos = content_start;
    while pos <= s.len() {
        let line_end = s[pos..].find('\n').map_or(s.len(), |k| pos + k);
        let line = s[pos..line_end].trim_end_matches('\r');
        let closes = line.trim_end() == delim || (delim == "---" && line.trim_end() == "...");
        if closes {
            let end = if line_end < s.len() {
                line_end + 1
            } else {
                line_end
            };
            return Some((base..base + end, base + content_start..base + pos, delim));
        }
        if line_end >= s.len() {
            break;
        }
        pos = line_end + 1;
    }
    None
}

/// Which front-matter strings are read as prose.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    /// Every string that reads as prose (the default), else only the
    /// `fields`.
    pub prose: bool,
    /// Field names, for reading selected fields only.
    pub fields: &'a [String],
}

impl Selection<'_> {
    /// Whether the string `value` at key `path` is read; `plain` when it
    /// is an unquoted YAML scalar.
    fn reads(&self, path: &[String], value: &str, plain: bool) -> bool {
        if self.prose {
            // Three words make prose anywhere; two ("Boosts collagen") in
            // a field that holds prose by name (a title, a description),
            // not in a list of tags.
            match prose_words(value) {
                0 | 1 => false,
                2 => key_selected(path, self.fields),
                _ => true,
            }
        } else {
            key_selected(path, self.fields) && !(plain && looks_non_prose(value))
        }
    }
}

/// Whether a string reads as prose: at least two words with letters in
/// them (see [`prose_words`]).
pub fn looks_prose(v: &str) -> bool {
    prose_words(v) >= 2
}

/// How many words of prose a string has, up to three: words with letters
/// in them, not URLs, paths, file names, e-mail addresses or assignments.
/// A date, a slug or an identifier has none or one; a template expression
/// (`{{ page.title }}`) counts as none.
pub fn prose_words(v: &str) -> usize {
    let v = v.trim();
    if v.contains("{{") || v.contains("{%") {
        return 0;
    }
    let word = |w: &&str| {
        let w = w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
        w.chars().any(char::is_alphabetic) && !w.contains(['/', '\\', '=', '@', '.'])
    };
    v.split_whitespace().filter(word).take(3).count()
}

/// Whether a key path selects prose, given field names such as
/// `description` or `key-takeaways`.
pub fn key_selected(path: &[String], fields: &[String]) -> bool {
    path.iter().any(|key| {
        let kw = words(key);
        fields.iter().any(|f| {
            let fw = words(f);
            !fw.is_empty() && kw.windows(fw.len()).any(|w| w == fw.as_slice())
        })
    })
}

/// Splits a key into lowercase words at case changes, `_`, `-`, `.`, `:` and
/// spaces; a trailing plural `s` is dropped so `faqs` matches `faq`.
fn words(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_numeric();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    for w in &mut out {
        if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w.pop();
        }
    }
    out
}

/// Parses the front matter of `text` located by [`locate`].
pub fn parse(
    text: &str,
    span: Range<usize>,
    content: Range<usize>,
    delim: &str,
    select: Selection<'_>,
) -> FrontMatter {
    let mut fm = FrontMatter {
        span,
        content: content.clone(),
        ..Default::default()
    };
    if delim == "+++" {
        fm.format = "toml";
        parse_toml(text, content, select, &mut fm);
    } else {
        fm.format = "yaml";
        parse_yaml(text, content, select, &mut fm);
    }
    fm
}

enum Frame {
    Map { key: Option<String> },
    Seq,
}

fn parse_yaml(text: &str, content: Range<usize>, select: Selection<'_>, fm: &mut FrontMatter) {
    let yaml = &text[content.clone()];
    // saphyr reports character indices; map them to bytes once.
    let char_bytes: Vec<usize> = yaml
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(yaml.len()))
        .collect();
    let to_byte = |ci: usize| content.start + char_bytes[ci.min(char_bytes.len() - 1)];
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(yaml);
    let mut events = 0usize;
    while let Some(ev) = parser.next_event() {
        events += 1;
        if events > 5_000_000 {
            fm.error = Some(("front matter too large".into(), content.start));
            return;
        }
        let (event, span) = match ev {
            Ok(x) => x,
            Err(e) => {
                let m = e.marker();
                fm.error = Some((e.info().to_string(), to_byte(m.index())));
                return;
            }
        };
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                value_done(&mut stack);
            }
            Event::Alias(..) => value_done(&mut stack),
            Event::Scalar(value, style, _, _) => {
                // A scalar in key position of a map is a key.
                if let Some(Frame::Map { key }) = stack.last_mut()
                    && key.is_none()
                {
                    *key = Some(value.to_string());
                    continue;
                }
                let path = key_path(&stack);
                let top_level =
                    stack.len() == 1 || (stack.len() == 2 && matches!(stack[1], Frame::Seq));
                if top_level && let Some(k) = path.first() {
                    fm.settings
                        .entry(k.clone())
                        .or_default()
                        .push(value.to_string());
                }
                value_done(&mut stack);
                if value.trim().is_empty()
                    || !select.reads(&path, &value, style == ScalarStyle::Plain)
                {
                    continue;
                }
                let src = to_byte(span.start.index())..to_byte(span.end.index());
                let mut b = ProseBuilder::new();
                // Only a double-quoted YAML scalar has backslash escapes;
                // in the others a backslash is itself.
                if style == ScalarStyle::DoubleQuoted {
                    b.push_aligned(&value, text, src.clone());
                } else {
                    b.push_aligned_literal(&value, text, src.clone());
                }
                let (t, map) = b.finish();
                let span = map.span(0..t.len());
                fm.fields.push(Field {
                    key: path.join("."),
                    text: t,
                    map,
                    span,
                });
            }
            _ => {}
        }
    }
}

/// A value is complete: the key of the map holding it is spent.
fn value_done(stack: &mut [Frame]) {
    if let Some(Frame::Map { key }) = stack.last_mut() {
        *key = None;
    }
}

fn key_path(stack: &[Frame]) -> Vec<String> {
    stack
        .iter()
        .filter_map(|f| match f {
            Frame::Map { key } => key.clone(),
            Frame::Seq => None,
        })
        .collect()
}

fn looks_non_prose(v: &str) -> bool {
    let v = v.trim();
    v.parse::<f64>().is_ok()
        || matches!(v, "true" | "false" | "null" | "~" | "yes" | "no")
        || !v.contains(char::is_whitespace)
            && (v.contains('/')
                || v.starts_with("http")
                || v.contains(".jpg")
                || v.contains(".png"))
}

fn parse_toml(text: &str, content: Range<usize>, select: Selection<'_>, fm: &mut FrontMatter) {
    let src = &text[content.clone()];
    let table = match toml::de::DeTable::parse(src) {
        Ok(t) => t,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            fm.error = Some((e.message().to_string(), content.start + at));
            return;
        }
    };
    let mut path = Vec::new();
    walk_toml_table(
        text,
        content.start,
        table.get_ref(),
        &mut path,
        select,
        fm,
        0,
    );
    fm.fields.sort_by_key(|f| f.span.start);
}

fn walk_toml_table(
    text: &str,
    base: usize,
    table: &toml::de::DeTable<'_>,
    path: &mut Vec<String>,
    select: Selection<'_>,
    fm: &mut FrontMatter,
    depth: usize,
) {
    for (k, v) in table.iter() {
        path.push(k.get_ref().to_string());
        walk_toml_value(text, base, v, path, select, fm, depth);
        path.pop();
    }
}

fn walk_toml_value(
    text: &str,
    base: usize,
    v: &toml::Spanned<toml::de::DeValue<'_>>,
    path: &mut Vec<String>,
    select: Selection<'_>,
    fm: &mut FrontMatter,
    depth: usize,
) {
    use toml::de::DeValue;
    if depth > 64 {
        return;
    }
    match v.get_ref() {
        DeValue::String(s) => {
            if depth <= 1
                && let Some(k) = path.first()
            {
                fm.settings
                    .entry(k.clone())
                    .or_default()
                    .push(s.to_string());
            }
            if s.trim().is_empty() || !select.reads(path, s, false) {
                return;
            }
            let span = v.span();
            let src = base + span.start..base + span.end;
            let mut b = ProseBuilder::new();
            // A TOML literal string ('…') has no escapes; a basic one does.
            if text.as_bytes().get(src.start) == Some(&b'\'') {
                b.push_aligned_literal(s, text, src);
            } else {
                b.push_aligned(s, text, src);
            }
            let (t, map) = b.finish();
            let span = map.span(0..t.len());
            fm.fields.push(Field {
                key: path.join("."),
                text: t,
                map,
                span,
            });
        }
        DeValue::Array(items) => {
            for item in items {
                walk_toml_value(text, base, item, path, select, fm, depth + 1);
            }
        }
        DeValue::Table(t) => walk_toml_table(text, base, t, path, select, fm, depth + 1),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<String> {
        ["title", "description", "summary", "excerpt", "faq"]
            .map(String::from)
            .to_vec()
    }

    fn parse_str(text: &str) -> FrontMatter {
        let (span, content, delim) = locate(text, 0).expect("front matter");
        let f = fields();
        let select = Selection {
            prose: false,
            fields: &f,
        };
        parse(text, span, content, delim, select)
    }

    fn parse_prose(text: &str) -> FrontMatter {
        let (span, content, delim) = locate(text, 0).expect("front matter");
        let f = fields();
        let select = Selection {
            prose: true,
            fields: &f,
        };
        parse(text, span, content, delim, select)
    }

    #[test]
    fn every_prose_string_is_read_by_default() {
        let text = "---\ntitle: Boosts collagen\nlayout: post\ndate: 2024-01-05\nslug: glow-facial-benefits\nimage: /img/a b.png\ntags: [boosts collagen, painless]\nwhyChoose: Our boosters hydrate for months\nsections:\n  - faq:\n      answer: Yes, it is safe for all skin types.\n      link: https://example.com/faq\ncontent2: '{{ page.intro }}'\n---\n";
        let fm = parse_prose(text);
        let keys: Vec<&str> = fm.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["title", "whyChoose", "sections.faq.answer"]);
        assert_eq!(
            &text[fm.fields[2].span.clone()],
            "Yes, it is safe for all skin types."
        );
    }

    #[test]
    fn prose_is_several_words() {
        assert!(looks_prose("Boosts collagen"));
        assert!(!looks_prose("Microneedling"));
        assert!(!looks_prose("https://example.com/a https://example.com/b"));
        assert!(!looks_prose("2024-01-05 10:00"));
        assert!(!looks_prose("glow-facial-benefits"));
        assert!(!looks_prose("{{ page.title }}"));
        assert!(!looks_prose("/img/a b.png"));
        assert!(looks_prose("Safe. Gentle."));
    }

    #[test]
    fn selects_fields_by_key_words() {
        let sel = |k: &str| key_selected(&[k.to_string()], &fields());
        assert!(sel("metaDescription"));
        assert!(sel("short_description"));
        assert!(sel("faqs"));
        assert!(!sel("tags"));
        assert!(!sel("descriptive"));
    }

    #[test]
    fn yaml_values_slice_back_to_source() {
        let text = "---\ntitle: \"Glow &amp; more\"\ntags: [a, b]\ndescription: >-\n  Deep hydration and\n  a radiant glow.\nfaqs:\n  - question: Is it safe?\n    answer: 'Yes, it''s safe.'\n---\n# Body\n";
        let fm = parse_str(text);
        assert!(fm.error.is_none(), "{:?}", fm.error);
        let keys: Vec<&str> = fm.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["title", "description", "faqs.question", "faqs.answer"]
        );
        for f in &fm.fields {
            let i = f.text.rfind(' ').unwrap() + 1;
            let last_word = &f.text[i..];
            let span = f.map.span(i..f.text.len());
            assert_eq!(&text[span], last_word, "field {}", f.key);
        }
        let d = &fm.fields[1];
        assert_eq!(d.text, "Deep hydration and a radiant glow.");
        assert_eq!(
            &text[d.span.clone()],
            "Deep hydration and\n  a radiant glow."
        );
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Boosts collagen\"\ndate = 2024-01-01\n[extra]\nsummary = 'Lifts and firms'\n+++\nbody";
        let fm = parse_str(text);
        assert!(fm.error.is_none(), "{:?}", fm.error);
        assert_eq!(fm.fields.len(), 2);
        assert_eq!(&text[fm.fields[0].span.clone()], "Boosts collagen");
        assert_eq!(&text[fm.fields[1].span.clone()], "Lifts and firms");
    }

    #[test]
    fn broken_yaml_reports_an_error() {
        let fm = parse_str("---\ntitle: [unclosed\n---\n");
        assert!(fm.error.is_some());
    }

    #[test]
    fn settings_collect_top_level_scalars() {
        let fm = parse_str("---\nmarkets: [sg, au]\ncontent: service\n---\n");
        assert_eq!(fm.settings["markets"], ["sg", "au"]);
        assert_eq!(fm.settings["content"], ["service"]);
    }
}
