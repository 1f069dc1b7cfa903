//! Between claimlint and the protocol: byte spans and LSP positions in
//! the negotiated encoding, file paths and `file:` URIs, and claimlint's
//! findings as LSP diagnostics (severity, code, the rule's documentation
//! link, secondary labels as related information).
//!
//! Owns these conversions. Does not own counting columns (the library's
//! `SourceFile::line_col_in` and `offset_at`, tested there) or deciding
//! what to publish (`mod.rs`).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use claimlint::source::{ColumnUnit, SourceFile};
use claimlint::{Diagnostic, Severity};
use lsp_types as lsp;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, percent_encode};

/// The protocol position of byte `offset` in `file`, columns in `unit`.
pub(crate) fn position(file: &SourceFile, offset: usize, unit: ColumnUnit) -> lsp::Position {
    let lc = file.line_col_in(offset, unit);
    lsp::Position::new(saturate(lc.line - 1), saturate(lc.column - 1))
}

/// The protocol range of a byte span.
pub(crate) fn range(file: &SourceFile, span: &Range<usize>, unit: ColumnUnit) -> lsp::Range {
    lsp::Range::new(
        position(file, span.start, unit),
        position(file, span.end.max(span.start), unit),
    )
}

/// The byte offset of a protocol position (clamped to the file).
pub(crate) fn offset(file: &SourceFile, pos: lsp::Position, unit: ColumnUnit) -> usize {
    let line = pos.line as usize + 1;
    let column = pos.character as usize + 1;
    file.offset_at(line, column, unit)
}

/// The byte span of a protocol range, start never after end.
pub(crate) fn span(file: &SourceFile, r: lsp::Range, unit: ColumnUnit) -> Range<usize> {
    let start = offset(file, r.start, unit);
    start..offset(file, r.end, unit).max(start)
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Characters kept as they are in a `file:` URI's path; everything else is
/// percent-encoded (as VS Code and Neovim write them).
const PATH_SET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `file:` URI of an absolute path.
pub(crate) fn uri_of(path: &Path) -> lsp::Uri {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = path_text(&abs);
    let encoded = percent_encode(text.as_bytes(), PATH_SET).to_string();
    let slash = if encoded.starts_with('/') { "" } else { "/" };
    let s = format!("file://{slash}{encoded}");
    lsp::Uri::from_str(&s).unwrap_or_else(|_| fallback_uri())
}

/// A path as URI text: `/` between components, whatever the platform.
fn path_text(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

/// A URI that always parses, for the path that would not.
fn fallback_uri() -> lsp::Uri {
    lsp::Uri::from_str("file:///").unwrap_or_else(|_| unreachable!("a constant URI parses"))
}

/// The file a `file:` URI names; `None` for any other scheme (an unsaved
/// `untitled:` buffer).
pub(crate) fn path_of(uri: &lsp::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s
        .strip_prefix("file://")
        .or_else(|| s.strip_prefix("FILE://"))?;
    // `file://host/path`: the host is dropped (only localhost is usable).
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes: Vec<u8> = percent_decode_str(path).collect();
    let decoded = String::from_utf8(bytes).ok()?;
    // `/C:/x` on Windows is `C:/x`.
    let windows_drive = decoded.len() > 2
        && decoded.as_bytes()[2] == b':'
        && decoded.as_bytes()[1].is_ascii_alphabetic();
    if cfg!(windows) && windows_drive {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// Where the documentation of a rule is: `docs/rules.md` in the repository,
/// at the rule's heading (`## CL001 \`uncited-efficacy-claim\`` becomes
/// the anchor `cl001-uncited-efficacy-claim`).
pub(crate) fn rule_doc_url(code: &str, name: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}-{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.to_ascii_lowercase(),
        name
    )
}

/// One finding as an LSP diagnostic on `uri`. The help and notes follow
/// the message, as editors show only the message.
pub(crate) fn diagnostic(
    d: &Diagnostic,
    file: &SourceFile,
    uri: &lsp::Uri,
    unit: ColumnUnit,
) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if !d.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&d.help);
    }
    for n in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(n);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), range(file, &l.span, unit)),
            message: l.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: range(file, &d.span, unit),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: lsp::Uri::from_str(&rule_doc_url(d.code, d.rule))
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("claimlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // A stale suppression is dead text: editors fade it.
        tags: (d.code == "CL007").then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// claimlint's severity as the protocol's.
pub(crate) fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// Whether a path is a Markdown file claimlint checks.
pub(crate) fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_uris_round_trip() {
        for p in ["/tmp/a b/peel #1.md", "/tmp/café/美白.md", "/tmp/100%.md"] {
            let uri = uri_of(Path::new(p));
            assert!(uri.as_str().starts_with("file:///tmp/"), "{}", uri.as_str());
            assert!(!uri.as_str().contains(' '));
            assert_eq!(path_of(&uri).as_deref(), Some(Path::new(p)));
        }
        let vscode = lsp::Uri::from_str("file:///tmp/a%20b/x.md").unwrap();
        assert_eq!(path_of(&vscode), Some(PathBuf::from("/tmp/a b/x.md")));
        let untitled = lsp::Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(path_of(&untitled), None);
    }

    #[test]
    fn ranges_follow_the_unit() {
        let f = SourceFile::new("a.md", "🧴 美白 boosts collagen\n");
        let at = f.text.find("boosts").unwrap();
        let span = at..at + "boosts".len();
        let utf16 = range(&f, &span, ColumnUnit::Utf16);
        assert_eq!((utf16.start.character, utf16.end.character), (6, 12));
        let utf8 = range(&f, &span, ColumnUnit::Utf8);
        assert_eq!(utf8.start.character as usize, at);
        assert_eq!(self::span(&f, utf16, ColumnUnit::Utf16), span);
    }

    #[test]
    fn rule_links_point_at_the_rule_heading() {
        assert_eq!(
            rule_doc_url("CL001", "uncited-efficacy-claim"),
            "https://github.com/claimlint/claimlint/blob/main/docs/rules.md#cl001-uncited-efficacy-claim"
        );
    }
}
