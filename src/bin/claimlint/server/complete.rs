//! Completion where claimlint knows the vocabulary: evidence registry ids
//! after `[^`, study designs after `<!-- evidence: `, and rule codes and
//! names after `claimlint-disable` (and its `-line`, `-next-line`,
//! `-file` forms).
//!
//! Owns recognising those three places and the items offered. Does not
//! own the vocabularies (the registry, `Tier`, the rule registry).

use claimlint::Tier;
use claimlint::evidence::registry::Registry;
use lsp_types as lsp;

use super::convert;
use super::hover::entry_markdown;
use super::requests::Snapshot;

/// The completion items at `pos`, or `None` where claimlint has nothing
/// to offer.
pub(crate) fn complete(s: &Snapshot, pos: lsp::Position) -> Option<lsp::CompletionResponse> {
    let at = convert::offset(&s.text, pos, s.unit);
    let text = &s.text.text;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let items = match place(before)? {
        Place::Footnote => {
            let a = s.analysis();
            registry_items(a.linter().and_then(|l| l.registry()))
        }
        Place::Design => design_items(),
        Place::Rule => rule_items(),
    };
    Some(lsp::CompletionResponse::Array(items))
}

/// Which vocabulary the text before the cursor asks for.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    Footnote,
    Design,
    Rule,
}

/// Where the cursor is, from the text before it on its line: in a `[^`
/// label, in an evidence comment's design word, or in the rule list of a
/// `claimlint-disable…` comment (before its `--` reason).
fn place(before: &str) -> Option<Place> {
    if let Some(i) = before.rfind("[^")
        && !before[i..].contains([']', ' '])
    {
        return Some(Place::Footnote);
    }
    let comment = &before[before.rfind("<!--")? + 4..];
    if comment.contains("-->") {
        return None;
    }
    let inner = comment.trim_start();
    if let Some(rest) = inner.strip_prefix("evidence:") {
        // Only the first word is a design.
        return (!rest.trim_start().contains(' ')).then_some(Place::Design);
    }
    let rest = inner.strip_prefix("claimlint-disable")?;
    let rest = ["-next-line", "-line", "-file"]
        .iter()
        .find_map(|f| rest.strip_prefix(f))
        .unwrap_or(rest);
    (rest.starts_with(' ') && !rest.contains("--")).then_some(Place::Rule)
}

fn registry_items(registry: Option<&Registry>) -> Vec<lsp::CompletionItem> {
    let Some(reg) = registry else {
        return Vec::new();
    };
    reg.entries
        .iter()
        .map(|e| lsp::CompletionItem {
            label: e.id.clone(),
            kind: Some(lsp::CompletionItemKind::REFERENCE),
            detail: Some(format!(
                "{} · {}",
                e.tier.as_str(),
                e.title.as_deref().unwrap_or("")
            )),
            documentation: Some(markdown(entry_markdown(e))),
            ..Default::default()
        })
        .collect()
}

fn design_items() -> Vec<lsp::CompletionItem> {
    Tier::DESIGNS
        .iter()
        .rev()
        .map(|t| lsp::CompletionItem {
            label: t.as_str().into(),
            kind: Some(lsp::CompletionItemKind::ENUM_MEMBER),
            detail: Some(format!("evidence tier {}", t.number())),
            ..Default::default()
        })
        .collect()
}

fn rule_items() -> Vec<lsp::CompletionItem> {
    claimlint::rules::registry::registry()
        .iter()
        .map(|r| r.meta())
        .flat_map(|m| {
            [m.code, m.name].map(|label| lsp::CompletionItem {
                label: label.into(),
                kind: Some(lsp::CompletionItemKind::VALUE),
                detail: Some(format!("{} {}", m.code, m.name)),
                documentation: Some(markdown(m.summary.to_string())),
                ..Default::default()
            })
        })
        .collect()
}

fn markdown(value: String) -> lsp::Documentation {
    lsp::Documentation::MarkupContent(lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_places_are_told_apart() {
        assert_eq!(place("Retinol works.[^"), Some(Place::Footnote));
        assert_eq!(place("Retinol works.[^ka"), Some(Place::Footnote));
        assert_eq!(place("Retinol works.[^1] and"), None);
        assert_eq!(place("x <!-- evidence: "), Some(Place::Design));
        assert_eq!(place("x <!-- evidence: rct doi:"), None);
        assert_eq!(
            place("<!-- claimlint-disable-next-line "),
            Some(Place::Rule)
        );
        assert_eq!(place("<!-- claimlint-disable CL001, "), Some(Place::Rule));
        assert_eq!(place("<!-- claimlint-disable CL001 -- because"), None);
        assert_eq!(place("<!-- other comment"), None);
        assert_eq!(place("<!-- evidence: rct --> more"), None);
    }
}
