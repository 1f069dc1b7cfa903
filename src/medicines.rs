//! The medicines table (`rules/medicines.toml`, embedded): prescription-only
//! medicines by every name a page uses for them, generic wordings that stand
//! in for them per market, and approved aesthetic drugs and devices with
//! what they are approved for.
//!
//! Owns: loading and validating the table, the names each pack rule draws
//! from it, finding medicine names in text, and judging an approval claim
//! against the approved list. Does not own: which rule reports what, or
//! severities (the packs), or sentence splitting (the claims stage).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::phrase_trie::PhraseTrie;

/// The table, embedded.
pub const SOURCE: &str = include_str!("../rules/medicines.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    medicine: Vec<Medicine>,
    #[serde(default)]
    generic: Vec<Generic>,
    #[serde(default)]
    approved: Vec<Approved>,
}

/// A prescription-only medicine and the names a page may use for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Medicine {
    /// What the entry is, for people.
    pub name: String,
    /// International non-proprietary and chemical names.
    #[serde(default)]
    pub inn: Vec<String>,
    /// Brand names.
    #[serde(default)]
    pub brands: Vec<String>,
    /// Misspellings and nicknames.
    #[serde(default)]
    pub misspellings: Vec<String>,
    /// Markets where naming it is advertising a prescription-only medicine
    /// (empty: all).
    #[serde(default)]
    pub markets: Vec<String>,
}

impl Medicine {
    /// Every name of the medicine.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.inn
            .iter()
            .chain(&self.brands)
            .chain(&self.misspellings)
    }
}

/// A generic wording that stands in for a prescription-only injectable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generic {
    /// What the entry is, for people.
    pub name: String,
    /// Markets whose regulator treats the wording as advertising the medicine.
    pub markets: Vec<String>,
    /// The wordings.
    pub terms: Vec<String>,
}

/// An approved (or cleared) aesthetic drug or device.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approved {
    /// Its names.
    pub names: Vec<String>,
    /// Regulators that approved or cleared it (`fda`, `mhra`, `tga`, `hsa`,
    /// `eu`, `ema`).
    pub regulator: Vec<String>,
    /// `approved` or `cleared`.
    pub status: String,
    /// What it is approved for, as a page words the treated area.
    pub indications: Vec<String>,
}

/// Which names a pack rule takes from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Every name of every `[[medicine]]`.
    Medicine,
    /// Every `[[generic]]` wording.
    Generic,
}

impl Group {
    /// Parses a group as a pack names it.
    pub fn parse(s: &str) -> Option<Group> {
        match s {
            "medicine" => Some(Group::Medicine),
            "generic" => Some(Group::Generic),
            _ => None,
        }
    }
}

/// The loaded table, with an automaton over every medicine and approved
/// product name.
pub struct Medicines {
    /// Prescription-only medicines.
    pub medicines: Vec<Medicine>,
    /// Generic wordings.
    pub generics: Vec<Generic>,
    /// Approved products.
    pub approved: Vec<Approved>,
    /// Markets per lower-case name or wording (absent or empty: all).
    markets: BTreeMap<String, Vec<String>>,
    /// Approved entry per lower-case name.
    approved_by_name: BTreeMap<String, usize>,
    names: Vec<String>,
    /// The names, lowercased, in a trie (it builds in a fraction of an
    /// Aho–Corasick automaton's time, which a one-file run waits for).
    name_trie: PhraseTrie,
    /// The generic wordings, lowercased.
    generic_trie: PhraseTrie,
    /// Problems found loading the table (a test keeps it empty).
    pub problems: Vec<String>,
}

/// The phrases of `trie` in `text`, leftmost-longest, kept where they
/// start and end on word boundaries. Names are lowercased; so is the text,
/// keeping every byte in place. A match off a word boundary is skipped
/// whole, as an automaton's leftmost-longest iteration does.
fn on_word_boundaries<'a>(
    trie: &'a PhraseTrie,
    text: &'a str,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let folded = crate::lexicon::ascii_folded(text);
    let mut from = 0;
    std::iter::from_fn(move || {
        let m = trie.find(folded.as_bytes(), from)?;
        from = m.end;
        Some(m.start..m.end)
    })
    .filter(|m| {
        crate::lexicon::is_word_boundary(text, m.start)
            && crate::lexicon::is_word_boundary(text, m.end)
    })
}

/// The built-in table, loaded once.
pub static MEDICINES: LazyLock<Medicines> = LazyLock::new(|| Medicines::load(SOURCE));

const REGULATORS: &[&str] = &["fda", "mhra", "tga", "hsa", "eu", "ema"];

impl Medicines {
    /// Loads a table from TOML; problems are collected, not fatal.
    pub fn load(text: &str) -> Medicines {
        let mut problems = Vec::new();
        let file: File = toml::from_str(text).unwrap_or_else(|e| {
            problems.push(format!("rules/medicines.toml: {}", e.message().trim()));
            File {
                medicine: vec![],
                generic: vec![],
                approved: vec![],
            }
        });
        let mut markets = BTreeMap::new();
        let mut names = Vec::new();
        for m in &file.medicine {
            for n in m.names() {
                markets.insert(n.to_lowercase(), m.markets.clone());
                names.push(n.to_lowercase());
            }
            check_markets(&m.name, &m.markets, &mut problems);
        }
        for g in &file.generic {
            for t in &g.terms {
                markets.insert(t.to_lowercase(), g.markets.clone());
            }
            check_markets(&g.name, &g.markets, &mut problems);
        }
        let mut approved_by_name = BTreeMap::new();
        for (i, a) in file.approved.iter().enumerate() {
            for n in &a.names {
                approved_by_name.insert(n.to_lowercase(), i);
                names.push(n.to_lowercase());
            }
            if !matches!(a.status.as_str(), "approved" | "cleared") {
                problems.push(format!("approved {:?}: unknown status", a.names));
            }
            for r in &a.regulator {
                if !REGULATORS.contains(&r.as_str()) {
                    problems.push(format!("approved {:?}: unknown regulator `{r}`", a.names));
                }
            }
        }
        names.sort();
        names.dedup();
        let name_trie = PhraseTrie::new(&names);
        let generic_terms: Vec<String> = file
            .generic
            .iter()
            .flat_map(|g| g.terms.iter().map(|t| t.to_lowercase()))
            .collect();
        let generic_trie = PhraseTrie::new(&generic_terms);
        Medicines {
            generic_trie,
            medicines: file.medicine,
            generics: file.generic,
            approved: file.approved,
            markets,
            approved_by_name,
            names,
            name_trie,
            problems,
        }
    }

    /// The names a pack rule takes as terms.
    pub fn terms(&self, group: Group) -> Vec<String> {
        match group {
            Group::Medicine => self
                .medicines
                .iter()
                .flat_map(|m| m.names().cloned())
                .collect(),
            Group::Generic => self
                .generics
                .iter()
                .flat_map(|g| g.terms.iter().cloned())
                .collect(),
        }
    }

    /// Whether a matched name counts on a page for `page_markets`: a name
    /// limited to some markets counts only when the page targets one of
    /// them (or targets none, when the rule was turned on by config).
    pub fn counts_in(&self, matched: &str, page_markets: &[crate::page::vocab::Market]) -> bool {
        match self.markets.get(&matched.to_lowercase()) {
            Some(only) if !only.is_empty() && !page_markets.is_empty() => page_markets
                .iter()
                .any(|m| only.iter().any(|o| o == m.as_str())),
            _ => true,
        }
    }

    /// Every medicine or approved-product name in `text`, on word
    /// boundaries, leftmost-longest.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        on_word_boundaries(&self.name_trie, text).collect()
    }

    /// Whether `text` names a medicine or uses a generic wording for one.
    pub fn mentions(&self, text: &str) -> bool {
        !self.find(text).is_empty()
            || on_word_boundaries(&self.generic_trie, text)
                .next()
                .is_some()
    }

    /// The approved entry a name belongs to.
    pub fn approved_entry(&self, name: &str) -> Option<&Approved> {
        self.approved_by_name
            .get(&name.to_lowercase())
            .map(|&i| &self.approved[i])
    }

    /// Every name the automaton knows (for the coverage test).
    pub fn all_names(&self) -> &[String] {
        &self.names
    }
}

fn check_markets(name: &str, markets: &[String], problems: &mut Vec<String>) {
    for m in markets {
        if crate::page::vocab::Market::parse(m).is_none() {
            problems.push(format!("{name}: unknown market `{m}`"));
        }
    }
}

/// What an approval claim says about a known product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A known product, approved for what the sentence names (or naming
    /// nothing): a true statement; no finding.
    OnLabel,
    /// A known product called approved for something it is not approved
    /// for: the indication the sentence names.
    OffLabel(String),
    /// A device that is cleared, not approved.
    ClearedNotApproved,
    /// No known product is the subject.
    Unknown,
}

/// Judges an approval claim in `sentence` whose approval phrase is at
/// `at`: the subject is the nearest known product before it in the same
/// clause, else the first after it. `compounded` (and similar markers)
/// before the product makes it unknown: a compounded copy is not the
/// approved medicine.
pub fn judge_approval(sentence: &str, at: Range<usize>) -> Verdict {
    let meds = &*MEDICINES;
    let found: Vec<Range<usize>> = meds
        .find(sentence)
        .into_iter()
        .filter(|r| meds.approved_entry(&sentence[r.clone()]).is_some())
        .collect();
    let before = found.iter().rfind(|r| r.end <= at.start);
    let subject = before.or_else(|| found.iter().find(|r| r.start >= at.end));
    let Some(subject) = subject else {
        return Verdict::Unknown;
    };
    let lead = sentence[..subject.start].to_lowercase();
    if [
        "compounded",
        "generic",
        "copycat",
        "knock-off",
        "research-grade",
    ]
    .iter()
    .any(|w| lead.trim_end().ends_with(w))
    {
        return Verdict::Unknown;
    }
    let Some(entry) = meds.approved_entry(&sentence[subject.clone()]) else {
        return Verdict::Unknown;
    };
    if entry.status == "cleared" {
        return Verdict::ClearedNotApproved;
    }
    // The indication the sentence names: the text after the approval phrase
    // ("approved for X"), else the whole sentence.
    let lower = sentence.to_lowercase();
    let tail = &lower[at.end.min(lower.len())..];
    let named = named_indication(tail).or_else(|| named_indication(&lower));
    match named {
        Some(ind) if !entry.indications.iter().any(|i| covers(i, &ind)) => Verdict::OffLabel(ind),
        _ => Verdict::OnLabel,
    }
}

/// Aesthetic indications a page may name, the approved list's vocabulary
/// plus common areas no listed product is approved for.
const AREAS: &[&str] = &[
    "frown lines",
    "glabellar lines",
    "crow's feet",
    "crows feet",
    "forehead lines",
    "platysma bands",
    "neck bands",
    "neck lines",
    "under-eye bags",
    "under eye bags",
    "eye bags",
    "under-eye hollows",
    "under-eye",
    "tear trough",
    "dark circles",
    "lips",
    "lip",
    "cheeks",
    "cheek",
    "chin",
    "jawline",
    "jowls",
    "temples",
    "nose",
    "nasolabial",
    "smile lines",
    "marionette lines",
    "double chin",
    "submental fat",
    "belly fat",
    "stomach",
    "thighs",
    "arms",
    "buttocks",
    "bum",
    "breasts",
    "hands",
    "back of the hands",
    "weight loss",
    "weight management",
    "lose weight",
    "cellulite",
    "stretch marks",
    "acne",
    "melasma",
    "pigmentation",
    "hair loss",
    "hair growth",
    "skin tightening",
    "skin laxity",
    "wrinkles",
    "fine lines",
    "lashes",
    "eyelashes",
    "facial hair",
    "anti-ageing",
    "anti-aging",
    "skin quality",
    "sagging skin",
    "pores",
    "scars",
    "acne scars",
    "rosacea",
    "excessive sweating",
    "type 2 diabetes",
    "diabetes",
];

fn named_indication(text: &str) -> Option<String> {
    // The earliest, then longest, area named.
    AREAS
        .iter()
        .filter_map(|a| find_word(text, a).map(|i| (i, a.len(), *a)))
        .min_by_key(|(i, len, _)| (*i, std::cmp::Reverse(*len)))
        .map(|(_, _, a)| a.to_string())
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word).map(|i| from + i) {
        let end = i + word.len();
        if crate::lexicon::is_word_boundary(text, i) && crate::lexicon::is_word_boundary(text, end)
        {
            return Some(i);
        }
        from = i + 1;
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// Whether an approved indication covers the area a page names: the same
/// words, or one containing the other ("lip" and "lips").
fn covers(approved: &str, named: &str) -> bool {
    approved == named || approved.contains(named) || named.contains(approved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_loads_cleanly() {
        assert!(MEDICINES.problems.is_empty(), "{:?}", MEDICINES.problems);
        assert!(!MEDICINES.medicines.is_empty());
        // The tries' search walks at most the longest name from each
        // position: short names keep it linear in the text.
        assert!(MEDICINES.name_trie.longest_phrase() <= 64);
        assert!(MEDICINES.generic_trie.longest_phrase() <= 64);
    }

    /// A name off a word boundary is skipped whole, and the search goes on
    /// after it, as the automaton it replaced did (leftmost-longest).
    #[test]
    fn names_inside_words_are_skipped() {
        fn found(t: &str) -> Vec<&str> {
            MEDICINES.find(t).into_iter().map(|r| &t[r]).collect()
        }
        assert_eq!(found("xbotox, Botox; BOTOXy botox"), vec!["Botox", "botox"]);
        assert_eq!(found("Café botox"), vec!["botox"]);
        assert!(found("").is_empty());
    }

    #[test]
    fn names_and_generic_wordings_are_found_in_any_case() {
        let text = "Ask about BOTOX or Sculptra.";
        let found: Vec<&str> = MEDICINES.find(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["BOTOX", "Sculptra"]);
        assert!(!MEDICINES.mentions("Ask about our facials."));
    }

    #[test]
    fn approval_claims_are_judged_against_the_label() {
        let judge = |s: &str| {
            let at = s.to_lowercase().find("fda").expect("fda");
            judge_approval(s, at..at + 12)
        };
        assert_eq!(
            judge("Botox Cosmetic is FDA-approved for frown lines."),
            Verdict::OnLabel
        );
        assert_eq!(judge("Sculptra is FDA approved."), Verdict::OnLabel);
        assert_eq!(
            judge("Botox Cosmetic is FDA-approved for under-eye bags."),
            Verdict::OffLabel("under-eye bags".into())
        );
        assert_eq!(
            judge("Our compounded semaglutide is FDA-approved."),
            Verdict::Unknown
        );
        assert_eq!(judge("Our FDA-approved serum."), Verdict::Unknown);
        assert_eq!(
            judge("CoolSculpting is FDA-approved."),
            Verdict::ClearedNotApproved
        );
        assert_eq!(
            judge("Ozempic is FDA-approved for weight loss."),
            Verdict::OffLabel("weight loss".into())
        );
    }
}
