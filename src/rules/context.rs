//! What a rule sees and where it reports: [`Context`], and the work on a
//! file that several rules share ([`Shared`]).
//!
//! Owns the view a rule gets of one file (document, claims, page, the
//! directives and what earlier phases reported) and stamping a report with
//! the rule's code, name and severity. Does not own running rules (the
//! linter) or any rule's logic.

use std::ops::Range;

use super::meta::{Phase, RuleMeta};
use super::pack::load::Role;
use crate::claims::ClaimScan;
use crate::diagnostic::{Diagnostic, Severity};
use crate::directive::Directives;
use crate::evidence::registry::Registry;
use crate::markdown::Document;
use crate::source::SourceFile;

/// One file's state, as every rule sees it; the parts a phase has not
/// reached yet are `None` (and the registry phase's "file" is the
/// registry, with an empty document).
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Its parsed prose.
    pub doc: &'a Document,
    /// Its claims.
    pub findings: &'a ClaimScan,
    /// The page's markets and kind.
    pub page: &'a crate::page::Page,
    /// Work shared by every rule on this file, done once when first asked.
    pub shared: &'a Shared,
    /// Its directives (from [`Phase::Directives`] on).
    pub directives: Option<&'a Directives>,
    /// The evidence registry (in [`Phase::Registry`]).
    pub registry: Option<&'a Registry>,
    /// Registry ids the run's pages cite, when the run saw every page
    /// that could cite the registry (in [`Phase::Registry`]).
    pub cited: Option<&'a std::collections::BTreeSet<String>>,
}

/// What a rule sees and where it reports.
pub struct Context<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Its parsed prose.
    pub doc: &'a Document,
    /// Its claims.
    pub findings: &'a ClaimScan,
    /// The page's markets and kind.
    pub page: &'a crate::page::Page,
    /// Work shared by every rule on this file, done once when first asked.
    pub shared: &'a Shared,
    /// The phase being run.
    pub phase: Phase,
    subject: Subject<'a>,
    meta: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// A context for one rule over one file in one phase; reports go to
    /// `out`, after what earlier rules reported there.
    pub fn new(
        subject: Subject<'a>,
        phase: Phase,
        meta: &'static RuleMeta,
        severity: Severity,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Context {
            file: subject.file,
            doc: subject.doc,
            findings: subject.findings,
            page: subject.page,
            shared: subject.shared,
            phase,
            subject,
            meta,
            severity,
            out,
        }
    }

    /// The file's directives (from [`Phase::Directives`] on).
    pub fn directives(&self) -> Option<&'a Directives> {
        self.subject.directives
    }

    /// The evidence registry (in [`Phase::Registry`]).
    pub fn registry(&self) -> Option<&'a Registry> {
        self.subject.registry
    }

    /// Registry ids the run's pages cite (in [`Phase::Registry`], when
    /// the run saw every page that could cite the registry).
    pub fn cited(&self) -> Option<&'a std::collections::BTreeSet<String>> {
        self.subject.cited
    }

    /// What was reported on this file so far (by earlier phases and rules).
    pub fn reported(&self) -> &[Diagnostic] {
        self.out
    }

    /// Reports a finding at `span`.
    pub fn report(&mut self, span: Range<usize>, message: String, help: String) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            code: self.meta.code,
            rule: self.meta.name,
            severity: self.severity,
            message,
            help,
            span,
            labels: vec![],
            notes: vec![],
            claim: None,
            key: String::new(),
            fix: None,
        });
        self.out.last_mut().expect("just pushed")
    }
}

/// Work on one file that several rules need, done once, on first use: the
/// pack phrase matches of every block, which pack patterns can match in
/// each block, and the file in lower case. Rules
/// share it so the cost of a file does not grow with the number of rules.
/// A pack phrase match: its range in the block, its rule's index, its role.
pub type PackMatch = (Range<usize>, usize, Role);

#[derive(Debug, Default)]
pub struct Shared {
    pack_matches: std::sync::OnceLock<Vec<Vec<PackMatch>>>,
    pattern_hits: std::sync::OnceLock<Vec<super::pack::filter::PatternHits>>,
    lower: std::sync::OnceLock<String>,
}

impl Shared {
    /// Every pack phrase match in block `i`: (range, rule index, role).
    pub fn pack_matches(&self, doc: &Document, i: usize) -> &[PackMatch] {
        let all = self.pack_matches.get_or_init(|| {
            doc.blocks
                .iter()
                .map(|b| super::pack::load::PACKS.find(&b.text))
                .collect()
        });
        all.get(i).map_or(&[], Vec::as_slice)
    }

    /// Which pack patterns may match in block `i`.
    pub fn pattern_hits(&self, doc: &Document, i: usize) -> super::pack::filter::PatternHits {
        let all = self.pattern_hits.get_or_init(|| {
            doc.blocks
                .iter()
                .map(|b| super::pack::load::PACKS.pattern_hits(&b.text))
                .collect()
        });
        all.get(i)
            .copied()
            .unwrap_or(super::pack::filter::PatternHits::ALL)
    }

    /// The file's text in lower case.
    pub fn lower<'s>(&'s self, file: &SourceFile) -> &'s str {
        self.lower.get_or_init(|| file.text.to_lowercase())
    }
}

/// A secondary label.
pub fn label(span: Range<usize>, message: impl Into<String>) -> crate::diagnostic::Label {
    crate::diagnostic::Label {
        span,
        message: message.into(),
    }
}
