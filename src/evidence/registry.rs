//! The evidence registry: `evidence.toml`, one `[[source]]` per study, so a
//! citation can be resolved to a study design, population and subject.
//!
//! ```toml
//! [[source]]
//! id = "kafi2007"                      # what footnotes cite: [^kafi2007]
//! doi = "10.1001/archderm.143.5.606"   # and/or pmid, url
//! title = "Improvement of naturally aged skin with vitamin A (retinol)"
//! design = "rct"                       # a tier name
//! population = "human"                 # human | animal | in-vitro | ex-vivo
//! subject = "ingredient"               # finished-product | ingredient | procedure
//! supports = ["efficacy"]              # kinds of claim it backs (default: all)
//! year = 2007
//! ```
//!
//! Loading collects every problem (unknown design, malformed DOI, duplicate
//! id …) with a byte span into the TOML, rather than stopping at the first.
//! Resolution is by footnote label (= `id`), DOI, PMID or URL.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::classify::Kind;
use crate::evidence::{self, Population, Subject, Tier};

/// The default registry file name, beside `claimlint.toml`.
pub const FILE_NAME: &str = "evidence.toml";

/// Finds an `evidence.toml` at or above `dir`, stopping at a repository
/// root.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    use crate::config::discover::{Stop, find_upwards};
    find_upwards(dir, FILE_NAME, Stop::AtRepositoryRoot)
}

/// The names of a closed list of values, for messages.
fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&v| name(v)).collect()
}

fn tier_names() -> Vec<&'static str> {
    names(Tier::DESIGNS, Tier::as_str)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum StrOrInt {
    Str(String),
    Int(i64),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    doi: Option<Spanned<String>>,
    pmid: Option<Spanned<StrOrInt>>,
    url: Option<Spanned<String>>,
    title: Option<String>,
    design: Spanned<String>,
    population: Option<Spanned<String>>,
    subject: Option<Spanned<String>>,
    supports: Option<Vec<Spanned<String>>>,
    year: Option<i64>,
    // Accepted for the people who read the registry; claimlint does not
    // use them.
    #[allow(dead_code)]
    authors: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

/// One study in the registry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The id footnotes cite.
    pub id: String,
    /// Span of the id's value in the registry file.
    pub span: Range<usize>,
    /// Normalised DOI.
    pub doi: Option<String>,
    /// Normalised PMID.
    pub pmid: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Study design, as a tier.
    pub tier: Tier,
    /// Who or what was studied (default human).
    pub population: Population,
    /// What was tested, when stated.
    pub subject: Option<Subject>,
    /// The kinds of claim it can back (`supports`): a trial that measured
    /// efficacy does not back "safe for all skin types". `None`: any kind.
    pub supports: Option<Vec<Kind>>,
    /// Year of publication.
    pub year: Option<i64>,
}

/// A problem in the registry file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Where in the file.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// A malformed DOI or PMID (reported by `malformed-identifier`), as
    /// opposed to an invalid entry.
    pub identifier: bool,
}

/// A loaded registry.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The file, as given.
    pub path: PathBuf,
    /// Its text, for spans.
    pub text: String,
    /// Entries that loaded.
    pub entries: Vec<Entry>,
    /// Problems, in file order.
    pub problems: Vec<Problem>,
    by_id: HashMap<String, usize>,
    by_doi: HashMap<String, usize>,
    by_pmid: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
}

fn norm_url(u: &str) -> String {
    let l = u.trim().to_ascii_lowercase();
    let l = l
        .strip_prefix("https://")
        .or_else(|| l.strip_prefix("http://"))
        .unwrap_or(&l)
        .to_string();
    let l = l.strip_prefix("www.").map(str::to_string).unwrap_or(l);
    l.trim_end_matches('/').to_string()
}

impl Registry {
    /// Reads a registry file. I/O failure is an error; everything else is a
    /// [`Problem`] inside the returned registry.
    /// The file must be a regular file of at most `max_bytes`, in UTF-8
    /// (the project boundary is checked where its path is chosen).
    pub fn load(path: &Path, max_bytes: u64) -> Result<Registry, crate::access::ReadError> {
        let bytes = crate::access::read_regular(path, max_bytes, "--max-registry-size")?;
        let text = crate::access::utf8(bytes)?;
        Ok(Registry::parse(path, &text))
    }

    /// Parses registry text.
    pub fn parse(path: &Path, text: &str) -> Registry {
        let mut reg = Registry {
            path: path.to_path_buf(),
            text: text.to_string(),
            ..Default::default()
        };
        let file: RegistryFile = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                reg.syntax_problem(&e);
                return reg;
            }
        };
        let mut seen_ids = std::collections::HashSet::new();
        for raw in file.source {
            if let Some(entry) = reg.read_entry(raw.into_inner(), &mut seen_ids) {
                reg.add(entry);
            }
        }
        reg.problems.sort_by_key(|p| p.span.start);
        reg
    }

    /// The one problem of a file that does not parse.
    fn syntax_problem(&mut self, e: &toml::de::Error) {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        // "unknown field `desing`": suggest the closest, as for
        // claimlint.toml.
        let help = crate::suggest::unknown_field_hint(&message).unwrap_or_else(|| {
            "each study is a `[[source]]` table with `id` and `design`, and optional `doi`, `pmid`, `url`, `title`, `population`, `subject`, `supports`, `year`, `authors`, `note`".into()
        });
        self.problems.push(Problem {
            span,
            message: format!("evidence registry does not parse: {message}"),
            help,
            identifier: false,
        });
    }

    /// One `[[source]]`, checked; `None` when it has a problem that makes
    /// it unusable (reported). A malformed DOI or PMID is reported and
    /// left out, but the entry stays.
    fn read_entry(
        &mut self,
        raw: RawSource,
        seen_ids: &mut std::collections::HashSet<String>,
    ) -> Option<Entry> {
        let id = self.read_id(&raw.id, seen_ids);
        let tier = self.named(&raw.design, "study design", &tier_names(), Tier::parse);
        let population = match &raw.population {
            None if tier == Some(Tier::Preclinical) => Some(Population::InVitro),
            None => Some(Population::Human),
            Some(p) => self.named(
                p,
                "population",
                &names(Population::ALL, Population::as_str),
                Population::parse,
            ),
        };
        let subject = match &raw.subject {
            None => Some(None),
            Some(s) => self
                .named(
                    s,
                    "subject",
                    &names(Subject::ALL, Subject::as_str),
                    Subject::parse,
                )
                .map(Some),
        };
        let supports = self.read_supports(raw.supports.as_deref());
        let doi = raw.doi.as_ref().and_then(|d| self.read_doi(d));
        let pmid = raw.pmid.as_ref().and_then(|p| self.read_pmid(p));
        let (id, tier, population, subject, supports) =
            (id?, tier?, population?, subject?, supports?);
        Some(Entry {
            id,
            span: raw.id.span(),
            doi,
            pmid,
            url: raw.url.map(Spanned::into_inner),
            title: raw.title,
            tier,
            population,
            subject,
            supports,
            year: raw.year,
        })
    }

    /// `supports`: each a kind of claim; `Some(None)` when absent (any
    /// kind), `None` when a name is unknown (reported).
    fn read_supports(&mut self, raw: Option<&[Spanned<String>]>) -> Option<Option<Vec<Kind>>> {
        let Some(raw) = raw else {
            return Some(None);
        };
        let kinds: Vec<Option<Kind>> = raw
            .iter()
            .map(|k| {
                self.named(
                    k,
                    "kind of claim",
                    &names(Kind::ALL, Kind::as_str),
                    Kind::parse,
                )
            })
            .collect();
        kinds.into_iter().collect::<Option<Vec<Kind>>>().map(Some)
    }

    /// The id, unless it is empty, has spaces or was used before.
    fn read_id(
        &mut self,
        raw: &Spanned<String>,
        seen: &mut std::collections::HashSet<String>,
    ) -> Option<String> {
        let id = raw.get_ref().trim().to_string();
        let mut ok = true;
        if id.is_empty() || id.contains(char::is_whitespace) {
            let help = "use the label your footnotes cite, e.g. `kafi2007` for `[^kafi2007]`";
            let message = "a source id must be a non-empty word without spaces";
            self.problem(raw.span(), message.into(), help.into(), false);
            ok = false;
        }
        if !seen.insert(id.to_lowercase()) {
            let message = format!("duplicate source id `{id}`");
            self.problem(
                raw.span(),
                message,
                "give each study its own id".into(),
                false,
            );
            ok = false;
        }
        ok.then_some(id)
    }

    /// A value from a closed list, or the problem that it is not one.
    fn named<T>(
        &mut self,
        raw: &Spanned<String>,
        what: &str,
        names: &[&str],
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        match crate::suggest::parse_named(what, raw.get_ref(), names, parse) {
            Ok(v) => Some(v),
            Err(u) => {
                self.problem(raw.span(), u.message, u.help, false);
                None
            }
        }
    }

    fn read_doi(&mut self, d: &Spanned<String>) -> Option<String> {
        evidence::check_doi(d.get_ref())
            .map_err(|m| {
                let help = "copy the DOI from the article page, e.g. `10.1001/archderm.143.5.606`";
                self.problem(d.span(), m, help.into(), true);
            })
            .ok()
    }

    fn read_pmid(&mut self, p: &Spanned<StrOrInt>) -> Option<String> {
        let s = match p.get_ref() {
            StrOrInt::Str(s) => s.clone(),
            StrOrInt::Int(i) => i.to_string(),
        };
        evidence::check_pmid(&s)
            .map_err(|m| {
                let help =
                    "a PubMed id is the number at the end of the pubmed.ncbi.nlm.nih.gov link";
                self.problem(p.span(), m, help.into(), true);
            })
            .ok()
    }

    /// Adds an entry and indexes it by id, DOI, PMID and URL.
    fn add(&mut self, entry: Entry) {
        let idx = self.entries.len();
        self.by_id.insert(entry.id.to_lowercase(), idx);
        if let Some(d) = &entry.doi {
            self.by_doi.insert(d.clone(), idx);
        }
        if let Some(p) = &entry.pmid {
            self.by_pmid.insert(p.clone(), idx);
        }
        if let Some(u) = &entry.url {
            self.by_url.insert(norm_url(u), idx);
        }
        self.entries.push(entry);
    }

    fn problem(&mut self, span: Range<usize>, message: String, help: String, identifier: bool) {
        self.problems.push(Problem {
            span,
            message,
            help,
            identifier,
        });
    }

    /// The entry a footnote label names.
    pub fn by_label(&self, label: &str) -> Option<&Entry> {
        self.by_id
            .get(&label.to_lowercase())
            .map(|&i| &self.entries[i])
    }

    /// The entry with this DOI (any form).
    pub fn by_doi(&self, doi: &str) -> Option<&Entry> {
        evidence::doi_of(doi)
            .and_then(|d| self.by_doi.get(&d))
            .map(|&i| &self.entries[i])
    }

    /// The entry with this PMID (any form).
    pub fn by_pmid(&self, pmid: &str) -> Option<&Entry> {
        evidence::pmid_of(pmid)
            .or_else(|| evidence::check_pmid(pmid).ok())
            .and_then(|p| self.by_pmid.get(&p))
            .map(|&i| &self.entries[i])
    }

    /// The entry with this URL.
    pub fn by_url(&self, url: &str) -> Option<&Entry> {
        self.by_url.get(&norm_url(url)).map(|&i| &self.entries[i])
    }

    /// Resolves any reference: label, DOI, PMID or URL.
    pub fn resolve(&self, reference: &str) -> Option<&Entry> {
        self.by_label(reference)
            .or_else(|| self.by_doi(reference))
            .or_else(|| self.by_pmid(reference))
            .or_else(|| self.by_url(reference))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[source]]
id = "kafi2007"
doi = "10.1001/archderm.143.5.606"
pmid = 17515510
title = "Improvement of naturally aged skin with vitamin A (retinol)"
design = "rct"
population = "human"
subject = "ingredient"
year = 2007

[[source]]
id = "exo-mice"
url = "https://example.org/exosomes-mice"
design = "preclinical"
population = "animal"
"#;

    #[test]
    fn entries_resolve_by_any_identifier() {
        let r = Registry::parse(Path::new("evidence.toml"), GOOD);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.by_label("KAFI2007").unwrap().tier, Tier::Rct);
        assert_eq!(
            r.resolve("https://doi.org/10.1001/ARCHDERM.143.5.606")
                .unwrap()
                .id,
            "kafi2007"
        );
        assert_eq!(
            r.resolve("https://pubmed.ncbi.nlm.nih.gov/17515510/")
                .unwrap()
                .id,
            "kafi2007"
        );
        assert_eq!(
            r.resolve("http://www.example.org/exosomes-mice/")
                .unwrap()
                .population,
            Population::Animal
        );
        assert!(r.resolve("10.9999/nope").is_none());
    }

    #[test]
    fn every_problem_is_reported_with_a_span() {
        let text = "[[source]]\nid = \"a\"\ndesign = \"rtc\"\n\n[[source]]\nid = \"b\"\ndoi = \"10.1001\"\ndesign = \"rct\"\npopulation = \"people\"\n\n[[source]]\nid = \"b\"\ndesign = \"rct\"\n";
        let r = Registry::parse(Path::new("evidence.toml"), text);
        let msgs: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(r.problems.len(), 4, "{msgs:?}");
        assert!(msgs[0].contains("did you mean `rct`"));
        assert_eq!(&text[r.problems[0].span.clone()], "\"rtc\"");
        assert!(r.problems[1].identifier, "{msgs:?}");
        assert!(msgs[2].contains("unknown population `people`"));
        assert!(msgs[3].contains("duplicate source id `b`"));
    }

    #[test]
    fn supports_names_kinds_of_claim() {
        let text = "[[source]]\nid = \"a\"\ndesign = \"rct\"\nsupports = [\"safety\", \"efficacy\"]\n\n[[source]]\nid = \"b\"\ndesign = \"rct\"\nsupports = [\"safty\"]\n\n[[source]]\nid = \"c\"\ndesign = \"rct\"\n";
        let r = Registry::parse(Path::new("evidence.toml"), text);
        assert_eq!(
            r.by_label("a").unwrap().supports,
            Some(vec![Kind::Safety, Kind::Efficacy])
        );
        assert!(
            r.by_label("b").is_none(),
            "an unknown kind makes the entry unusable"
        );
        assert_eq!(r.by_label("c").unwrap().supports, None);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(
            r.problems[0].message.contains("`safty`"),
            "{:?}",
            r.problems
        );
        assert!(
            r.problems[0].message.contains("did you mean `safety`"),
            "{:?}",
            r.problems
        );
        assert_eq!(&text[r.problems[0].span.clone()], "\"safty\"");
    }

    #[test]
    fn an_unknown_key_suggests_the_closest() {
        let text = "[[source]]\nid = \"a\"\ndesing = \"rct\"\n";
        let r = Registry::parse(Path::new("evidence.toml"), text);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(&text[r.problems[0].span.clone()], "desing");
        assert_eq!(r.problems[0].help, "did you mean `design`?");
    }

    #[test]
    fn a_syntax_error_is_one_problem() {
        let r = Registry::parse(Path::new("evidence.toml"), "[[source]\nid=");
        assert_eq!(r.problems.len(), 1);
        assert!(r.entries.is_empty());
    }
}
