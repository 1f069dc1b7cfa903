//! Attaching evidence to claims: each claim's citations resolved to a
//! tier (the registry first, then the reference's own words), identifiers
//! checked, and each claim graded against the policy (`tier_needed`,
//! `tier_found`).
//!
//! Owns resolving citations and grading claims. Does not own finding
//! claims or which sentence a citation belongs to (`claims`), recognising
//! a reference (`recognise`), the registry file (`registry`) or the
//! levels a claim needs (`policy`).

use std::ops::Range;

use super::citation::{Citation, SetAside, TierOrigin};
use super::policy::Policy;
use super::recognise::{self, CitationKind};
use super::registry::{Entry, Registry};
use super::tier::Tier;
use crate::claims::{ClaimScan, MalformedId};
use crate::markdown::Document;

/// Resolves every claim's sources to tiers (registry first, then the
/// reference's own words), checks DOIs and PMIDs, and grades each claim
/// against the policy: `tier_needed` and `tier_found`.
pub fn resolve(
    findings: &mut ClaimScan,
    doc: &Document,
    text: &str,
    registry: Option<&Registry>,
    policy: &Policy,
) {
    if let Some(reg) = registry {
        cite_registered(findings, doc, reg);
    }
    let mut malformed = Vec::new();
    let mut unregistered = Vec::new();
    let mut cited = Vec::new();
    for c in &mut findings.claims {
        for src in &mut c.sources {
            check_identifiers(src, text, &mut malformed);
            resolve_citation(src, doc, registry);
            if let Some(id) = &src.registry_id {
                cited.push(id.clone());
            } else if policy.require_registry
                || (registry.is_some() && src.tier_origin != TierOrigin::Declared)
            {
                // With `require-registry`, an evidence comment is an
                // unregistered source too: only the registry counts.
                unregistered.push((src.span.clone(), src.reference.clone()));
            }
        }
        grade(c, policy, registry);
    }
    malformed.sort_by_key(|m: &MalformedId| m.span.start);
    malformed.dedup();
    unregistered.sort_by_key(|u| u.0.start);
    unregistered.dedup();
    cited.sort();
    cited.dedup();
    findings.malformed_ids = malformed;
    findings.unregistered = unregistered;
    findings.cited_ids = cited;
}

/// What the registry makes a citation of: an undefined footnote whose
/// label is a registry id (the registry defines it), a footnote whose
/// label is registered although its definition does not name the study,
/// and a link to a registered URL on a site that is not a journal.
fn cite_registered(findings: &mut ClaimScan, doc: &Document, reg: &Registry) {
    let mut keep = Vec::new();
    for u in std::mem::take(&mut findings.undefined_footnotes) {
        if reg.by_label(&u.label).is_none() {
            keep.push(u);
            continue;
        }
        // Every claim of the sentence: one per kind it makes.
        for c in findings
            .claims
            .iter_mut()
            .filter(|c| c.span.start <= u.span.start && u.span.start <= c.span.end)
        {
            c.sources.push(Citation::new(
                CitationKind::Footnote,
                u.label.clone(),
                u.span.clone(),
            ));
        }
    }
    findings.undefined_footnotes = keep;
    for c in &mut findings.claims {
        let (registered, rest): (Vec<Citation>, Vec<Citation>) = std::mem::take(&mut c.non_sources)
            .into_iter()
            .partition(|n| match n.kind {
                CitationKind::Footnote => footnote_entry(reg, doc, &n.reference).is_some(),
                CitationKind::Link => reg.by_url(&n.reference).is_some(),
                _ => false,
            });
        c.non_sources = rest;
        c.sources.extend(registered);
    }
}

/// A claim's tiers: what its wording needs, and the best its sources
/// give it. A registered study whose `supports` leaves out the claim's
/// kind is not a source for it (it moves to the claim's non-sources).
fn grade(c: &mut crate::claims::Claim, policy: &Policy, registry: Option<&Registry>) {
    if let Some(reg) = registry {
        set_aside_other_kinds(c, reg);
    }
    set_aside_other_evidence(c);
    let facts = c.facts();
    c.tier_needed = policy.needed(&facts);
    let mut best: Option<Tier> = None;
    for src in &mut c.sources {
        let usable = src
            .tier
            .filter(|_| !(policy.require_registry && src.registry_id.is_none()));
        src.effective = usable.map(|t| policy.effective(&facts, t, src.population, src.subject));
        best = best.max(src.effective);
    }
    c.tier_found = best;
}

/// Moves to the claim's non-sources what cannot back it: for an approval
/// claim ("FDA-cleared") every study, since only the regulator's record
/// shows an approval; for any other claim every approval record, since an
/// approval is not a study of the outcome. A source of unknown design
/// stays for a study claim, but not for an approval claim: only a
/// regulator's record shows an approval.
fn set_aside_other_evidence(c: &mut crate::claims::Claim) {
    let approval = c.approval;
    let (keep, aside): (Vec<Citation>, Vec<Citation>) = std::mem::take(&mut c.sources)
        .into_iter()
        .partition(|s| match s.tier {
            Some(Tier::Approval) => approval,
            Some(_) | None => !approval,
        });
    c.sources = keep;
    for mut s in aside {
        s.set_aside = Some(if approval {
            SetAside::NotAnApproval
        } else {
            SetAside::ApprovalOnly
        });
        c.non_sources.push(s);
    }
}

/// Moves to the claim's non-sources each registered study that says
/// (`supports`) it backs other kinds of claim only: an efficacy trial
/// does not back "safe for all skin types".
fn set_aside_other_kinds(c: &mut crate::claims::Claim, reg: &Registry) {
    let mut keep = Vec::new();
    for mut s in std::mem::take(&mut c.sources) {
        let supports = s
            .registry_id
            .as_deref()
            .and_then(|id| reg.by_label(id))
            .and_then(|e| e.supports.as_ref());
        match supports {
            Some(kinds) if !kinds.contains(&c.kind) => {
                let names = kinds.iter().map(|k| k.as_str()).collect();
                s.set_aside = Some(SetAside::OtherKinds(names));
                c.non_sources.push(s);
            }
            _ => keep.push(s),
        }
    }
    c.sources = keep;
}

/// Checks the syntax of a DOI or PMID wherever one appears, keeping a
/// well-formed DOI and reporting a malformed one.
fn check_identifiers(src: &mut Citation, text: &str, malformed: &mut Vec<MalformedId>) {
    let reference = src.reference.clone();
    let lower = reference.to_ascii_lowercase();
    let looks_doi = lower.contains("doi") || reference.trim_start().starts_with("10.");
    if looks_doi && src.kind != CitationKind::Footnote {
        let bare = reference
            .trim()
            .trim_start_matches("doi:")
            .trim_start_matches("DOI:")
            .trim();
        match recognise::check_doi(bare) {
            Ok(d) => src.doi = Some(d),
            Err(m) => {
                if reference.contains("doi.org")
                    || lower.starts_with("doi:")
                    || reference.starts_with("10.")
                {
                    let span =
                        find_within(text, &src.span, reference.trim()).unwrap_or(src.span.clone());
                    malformed.push(MalformedId { span, message: m });
                }
            }
        }
    }
    if src.kind == CitationKind::Pubmed || lower.starts_with("pmid") {
        let digits = if let Some(i) = lower.find("pubmed.ncbi.nlm.nih.gov/") {
            lower[i + 24..]
                .split(['/', '?', '#'])
                .next()
                .unwrap_or("")
                .to_string()
        } else {
            lower
                .trim_start_matches("pmid")
                .trim_start_matches(':')
                .trim()
                .to_string()
        };
        if !digits.is_empty()
            && let Err(m) = recognise::check_pmid(&digits)
        {
            let span = find_within(text, &src.span, reference.trim()).unwrap_or(src.span.clone());
            malformed.push(MalformedId { span, message: m });
        }
    }
}

/// A citation's tier: from the registry, else (unless an evidence comment
/// declared it) from the reference's own words.
fn resolve_citation(src: &mut Citation, doc: &Document, registry: Option<&Registry>) {
    let entry = registry.and_then(|reg| match src.kind {
        CitationKind::Footnote => footnote_entry(reg, doc, &src.reference),
        CitationKind::AuthorYear => author_year_key(&src.reference).and_then(|k| reg.by_label(&k)),
        _ => reg.resolve(&src.reference),
    });
    if let Some(e) = entry {
        // The registry is the reviewed record of what a study is: an
        // evidence comment that names a registered study does not get to
        // call a controlled study an RCT.
        src.tier = Some(e.tier);
        src.tier_origin = TierOrigin::Registry;
        src.population = Some(e.population);
        src.subject = e.subject;
        src.registry_id = Some(e.id.clone());
        src.doi = src.doi.clone().or_else(|| e.doi.clone());
        return;
    }
    if src.tier_origin == TierOrigin::Declared {
        return;
    }
    if is_approval_record(src, doc) {
        src.tier = Some(Tier::Approval);
        src.tier_origin = TierOrigin::Inferred;
        return;
    }
    // The reference's own words: a footnote's definition, a study named
    // by its design.
    let words = match src.kind {
        CitationKind::Footnote => doc
            .footnotes
            .get(&src.reference.to_lowercase())
            .map(|d| d.text.clone()),
        CitationKind::StudyDesign => Some(src.reference.clone()),
        _ => None,
    };
    if let Some(w) = words {
        if src.doi.is_none() {
            src.doi = recognise::doi_of(&w);
        }
        if let Some((tier, pop)) = recognise::infer_design(&w) {
            src.tier = Some(tier);
            src.population = Some(pop);
            src.tier_origin = TierOrigin::Inferred;
        }
    }
}

/// A link to a regulator's register, or a footnote whose definition links
/// to one.
fn is_approval_record(src: &Citation, doc: &Document) -> bool {
    match src.kind {
        CitationKind::Approval => true,
        CitationKind::Footnote => doc
            .footnotes
            .get(&src.reference.to_lowercase())
            .is_some_and(|d| {
                d.urls
                    .iter()
                    .any(|u| recognise::classify_url(u) == Some(CitationKind::Approval))
            }),
        _ => false,
    }
}

/// The registry entry a footnote cites: by its label, else by the DOI, PMID
/// or URL in its definition.
fn footnote_entry<'r>(reg: &'r Registry, doc: &Document, label: &str) -> Option<&'r Entry> {
    reg.by_label(label).or_else(|| {
        let def = doc.footnotes.get(&label.to_lowercase())?;
        recognise::doi_of(&def.text)
            .and_then(|d| reg.by_doi(&d))
            .or_else(|| recognise::pmid_of(&def.text).and_then(|p| reg.by_pmid(&p)))
            .or_else(|| def.urls.iter().find_map(|u| reg.resolve(u)))
    })
}

/// "(Kafi et al., 2007)" → "kafi2007", the id convention of the registry.
fn author_year_key(reference: &str) -> Option<String> {
    let name: String = reference
        .trim_start_matches(['(', ' '])
        .split(|c: char| !c.is_alphabetic() && c != '-' && c != '\'' && c != '’')
        .next()?
        .to_lowercase();
    let year: String = reference
        .split(|c: char| !c.is_ascii_digit())
        .find(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")))?
        .to_string();
    (!name.is_empty()).then(|| format!("{name}{year}"))
}

/// The span of `needle` inside `span` of `text`, when it occurs there.
fn find_within(text: &str, span: &Range<usize>, needle: &str) -> Option<Range<usize>> {
    let hay = text.get(span.clone())?;
    let i = hay.find(needle)?;
    Some(span.start + i..span.start + i + needle.len())
}
