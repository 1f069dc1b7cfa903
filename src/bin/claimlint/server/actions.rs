//! Code actions for the findings under the cursor: the safe fixes
//! claimlint knows (`Diagnostic::fix`) and "fix all" in the file; a
//! suppression comment with its reason selected for typing; for a claim,
//! an evidence comment template, a footnote reference with an empty
//! definition, and a citation of each registry entry that could back it;
//! and "explain rule".
//!
//! Owns turning findings into edits. Does not own what the fixes are (the
//! rules that report them) or applying edits (the editor).

use std::collections::HashMap;
use std::ops::Range;

use claimlint::diagnostic::{Edit, Fix};
use claimlint::evidence::registry::{Entry, Registry};
use claimlint::source::SourceFile;
use claimlint::{ClaimRecord, ClaimStatus, Diagnostic, Report};
use lsp_types as lsp;

use super::convert;
use super::requests::{EXPLAIN, FIX_ALL, SELECT, Snapshot};

/// The placeholder a new suppression's reason starts as.
const REASON: &str = "reason";

/// Every action for the findings in the requested range, and "fix all".
pub(crate) fn actions(s: &Snapshot, p: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
    let a = s.analysis();
    let Some(report) = a.report() else {
        return Vec::new();
    };
    let registry = a.linter().and_then(|l| l.registry());
    let want = convert::span(&s.text, p.range, s.unit);
    let only = p.context.only.clone().unwrap_or_default();
    let wants = |kind: &lsp::CodeActionKind| {
        only.is_empty() || only.iter().any(|o| kind.as_str().starts_with(o.as_str()))
    };
    let mut out = Vec::new();
    if wants(&lsp::CodeActionKind::QUICKFIX) {
        for d in report
            .diagnostics
            .iter()
            .filter(|d| touches(&d.span, &want))
        {
            out.extend(for_finding(s, report, registry, d));
        }
    }
    if wants(&lsp::CodeActionKind::new(FIX_ALL))
        && let Some(fix_all) = fix_all(s, report)
    {
        out.push(fix_all);
    }
    out.into_iter()
        .map(lsp::CodeActionOrCommand::CodeAction)
        .collect()
}

/// Whether a finding is at the requested range (a cursor counts when it
/// is inside or at either end).
fn touches(span: &Range<usize>, want: &Range<usize>) -> bool {
    span.start <= want.end && want.start <= span.end
}

/// The actions for one finding.
fn for_finding(
    s: &Snapshot,
    report: &Report,
    registry: Option<&Registry>,
    d: &Diagnostic,
) -> Vec<lsp::CodeAction> {
    let mut out = Vec::new();
    if let Some(fix) = &d.fix {
        let mut a = action(s, format!("claimlint: {}", fix.title), fix.edits.clone());
        a.is_preferred = Some(true);
        out.push(a);
    }
    // The claim the finding is about: the one whose phrase it marks (a
    // sentence makes a claim per kind), else the first of its sentence.
    let in_sentence =
        |r: &&ClaimRecord| r.claim.span.start <= d.span.start && d.span.start < r.claim.span.end;
    let claim = report
        .claims
        .iter()
        .filter(in_sentence)
        .find(|r| r.claim.trigger_span == d.span)
        .or_else(|| report.claims.iter().find(in_sentence));
    if let Some(r) = claim.filter(|r| r.status != ClaimStatus::Supported) {
        out.push(evidence_template(s, r));
        out.push(footnote(s, r));
        for e in backing_entries(r, registry) {
            out.push(cite_entry(s, r, e));
        }
    }
    out.push(suppress(s, d));
    out.push(lsp::CodeAction {
        title: format!("claimlint: explain {} ({})", d.code, d.rule),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        command: Some(editor_command(
            format!("Explain {}", d.code),
            EXPLAIN,
            vec![d.code.into()],
        )),
        ..Default::default()
    });
    for a in &mut out {
        a.diagnostics = Some(vec![convert::diagnostic(d, &s.text, &s.uri, s.unit)]);
    }
    out
}

/// A quick fix made of byte edits.
fn action(s: &Snapshot, title: String, edits: Vec<Edit>) -> lsp::CodeAction {
    let edits = edits
        .iter()
        .map(|e| lsp::TextEdit::new(convert::range(&s.text, &e.span, s.unit), e.text.clone()))
        .collect();
    lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(s.uri.clone(), edits)])),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// `<!-- claimlint-disable-next-line CODE -- reason -->` on a line of its
/// own above the finding; inside a paragraph, where a comment line would
/// split it in two, `claimlint-disable-line` at the end of the line
/// instead. Then the command that selects `reason` for typing over it.
fn suppress(s: &Snapshot, d: &Diagnostic) -> lsp::CodeAction {
    let text = &s.text.text;
    let start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
    // The line above: a comment line may follow a blank line or a
    // heading without changing what the page is.
    let above = &text[..start.saturating_sub(1)];
    let above = above[above.rfind('\n').map_or(0, |i| i + 1)..].trim();
    let edit = if start == 0 || above.is_empty() || above.starts_with('#') {
        Edit {
            span: start..start,
            text: format!(
                "<!-- claimlint-disable-next-line {} -- {REASON} -->{}",
                d.code,
                newline_of(text)
            ),
        }
    } else {
        let end = text[start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| start + i);
        Edit {
            span: end..end,
            text: format!(" <!-- claimlint-disable-line {} -- {REASON} -->", d.code),
        }
    };
    let reason_at = edit.span.start + edit.text.find(REASON).unwrap_or(0);
    let mut a = action(
        s,
        format!("claimlint: disable {} here, with a reason", d.code),
        vec![edit.clone()],
    );
    let after = SourceFile::new("", Fix::apply_all(text, [&fix_of(edit)]).0);
    let range = convert::range(&after, &(reason_at..reason_at + REASON.len()), s.unit);
    a.command = Some(editor_command(
        "Type the reason".into(),
        SELECT,
        vec![
            serde_json::to_value(&s.uri).unwrap_or_default(),
            serde_json::to_value(range).unwrap_or_default(),
        ],
    ));
    a
}

/// A command the editor sends back to the server (an LSP `Command`, not
/// a program: claimlint runs none but `git`).
fn editor_command(title: String, command: &str, arguments: Vec<serde_json::Value>) -> lsp::Command {
    lsp::Command {
        title,
        command: command.into(),
        arguments: Some(arguments),
    }
}

fn fix_of(edit: Edit) -> Fix {
    Fix {
        title: String::new(),
        edits: vec![edit],
    }
}

/// The file's line ending, so an inserted line matches the rest.
fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Where a citation of a claim goes: after its sentence, before any
/// space or line end that follows it.
fn claim_end(text: &str, r: &ClaimRecord) -> usize {
    let span = &r.claim.span;
    span.start + text[span.clone()].trim_end().len()
}

/// `<!-- evidence: TIER doi: -->` after the claim, the tier the claim
/// needs filled in, the reference left for the author.
fn evidence_template(s: &Snapshot, r: &ClaimRecord) -> lsp::CodeAction {
    let at = claim_end(&s.text.text, r);
    let tier = r.claim.tier_needed.map_or("rct", |t| t.as_str());
    action(
        s,
        "claimlint: add an evidence comment".into(),
        vec![Edit {
            span: at..at,
            text: format!(" <!-- evidence: {tier} doi: -->"),
        }],
    )
}

/// A footnote reference after the claim and its empty definition at the
/// end of the file, under the first number the file does not use.
fn footnote(s: &Snapshot, r: &ClaimRecord) -> lsp::CodeAction {
    let text = &s.text.text;
    let label = (1..)
        .map(|n| n.to_string())
        .find(|n| !text.contains(&format!("[^{n}]")))
        .unwrap_or_default();
    let at = claim_end(text, r);
    let nl = newline_of(text);
    let lead = if text.ends_with('\n') || text.is_empty() {
        nl.to_string()
    } else {
        format!("{nl}{nl}")
    };
    action(
        s,
        format!("claimlint: add footnote [^{label}] for the source"),
        vec![
            Edit {
                span: at..at,
                text: format!("[^{label}]"),
            },
            Edit {
                span: text.len()..text.len(),
                text: format!("{lead}[^{label}]: {nl}"),
            },
        ],
    )
}

/// Whether a source of design `tier` can give a claim the tier `needed`:
/// an approval record for an approval claim, a study at least as strong
/// for any other.
fn backs(tier: claimlint::Tier, needed: claimlint::Tier) -> bool {
    use claimlint::Tier::Approval;
    if needed == Approval || tier == Approval {
        tier == needed
    } else {
        tier >= needed
    }
}

/// Registry entries that could back a claim: strong enough for it, about
/// the same kind of subject, backing its kind (`supports`), and sharing a
/// word of four letters or more with it (the ingredient, the outcome).
/// Best tier first, at most five.
fn backing_entries<'r>(r: &ClaimRecord, registry: Option<&'r Registry>) -> Vec<&'r Entry> {
    let Some(reg) = registry else {
        return Vec::new();
    };
    let words = content_words(&r.claim.text);
    let subject = if r.claim.finished_product {
        claimlint::Subject::FinishedProduct
    } else {
        claimlint::Subject::Ingredient
    };
    let mut found: Vec<&Entry> = reg
        .entries
        .iter()
        .filter(|e| r.claim.tier_needed.is_none_or(|t| backs(e.tier, t)))
        .filter(|e| {
            e.supports
                .as_ref()
                .is_none_or(|kinds| kinds.contains(&r.claim.kind))
        })
        .filter(|e| e.subject.is_none_or(|s| s == subject))
        .filter(|e| {
            let title = e.title.as_deref().unwrap_or("");
            content_words(&format!("{} {title}", e.id))
                .iter()
                .any(|w| words.contains(w))
        })
        .collect();
    found.sort_by(|a, b| b.tier.cmp(&a.tier).then_with(|| a.id.cmp(&b.id)));
    found.truncate(5);
    found
}

fn content_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect()
}

/// `[^id]` after the claim: the registry defines the footnote.
fn cite_entry(s: &Snapshot, r: &ClaimRecord, e: &Entry) -> lsp::CodeAction {
    let at = claim_end(&s.text.text, r);
    let what = e.title.as_deref().unwrap_or("");
    action(
        s,
        format!("claimlint: cite `{}` ({}) {what}", e.id, e.tier.as_str()),
        vec![Edit {
            span: at..at,
            text: format!("[^{}]", e.id),
        }],
    )
}

/// Every safe fix of the file at once, as one edit of the whole text.
fn fix_all(s: &Snapshot, report: &Report) -> Option<lsp::CodeAction> {
    let fixes: Vec<&Fix> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .collect();
    if fixes.is_empty() {
        return None;
    }
    let (fixed, _) = Fix::apply_all(&s.text.text, fixes);
    // An editor does not count a byte-order mark: the edit starts after it.
    let bom = if fixed.starts_with('\u{feff}') { 3 } else { 0 };
    let whole = bom..s.text.text.len();
    let fixed = fixed[bom..].to_string();
    let mut a = action(
        s,
        "claimlint: fix all safe fixes in the file".into(),
        vec![Edit {
            span: whole,
            text: fixed,
        }],
    );
    a.kind = Some(lsp::CodeActionKind::new(FIX_ALL));
    Some(a)
}
