//! How a lexicon term is inflected and spelled: the surface forms one
//! term of `rules/lexicon.toml` (or of a user's extension) stands for.
//!
//! Owns the inflection kinds, the regular and irregular English forms and
//! the spelling variants (ize/ise, aging/ageing, color/colour, hyphen or
//! space, straight or curly apostrophe). Does not own the lexicon file or
//! its categories (`lexicon`). Uses nothing but the standard library:
//! `build.rs` compiles this same file to expand the built-in lexicon at
//! build time, so both expand a term the same way.

/// How a category's terms are inflected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Inflect {
    /// Terms match as written.
    #[default]
    None,
    /// Verbs: -s, -ed, -ing.
    Verb,
    /// Nouns: plural.
    Noun,
}

impl Inflect {
    /// The names `inflect` takes in TOML, in variant order.
    pub const NAMES: &'static [&'static str] = &["none", "verb", "noun"];

    /// The kind named `name` in TOML.
    pub fn from_name(name: &str) -> Option<Inflect> {
        match name {
            "none" => Some(Inflect::None),
            "verb" => Some(Inflect::Verb),
            "noun" => Some(Inflect::Noun),
            _ => None,
        }
    }
}

/// Every surface form of a term: inflections, then spelling variants.
pub fn variants(term: &str, inflect: Inflect) -> Vec<String> {
    let term = term.trim().to_lowercase();
    if term.is_empty() {
        return vec![];
    }
    let mut forms = vec![term.clone()];
    match inflect {
        Inflect::None => {}
        Inflect::Verb => {
            // Inflect the first word of a phrasal verb ("even out").
            let (head, tail) = match term.split_once(' ') {
                Some((h, t)) => (h.to_string(), format!(" {t}")),
                None => (term.clone(), String::new()),
            };
            for f in verb_forms(&head) {
                forms.push(format!("{f}{tail}"));
            }
        }
        Inflect::Noun => {
            let (init, last) = match term.rsplit_once(' ') {
                Some((i, l)) => (format!("{i} "), l.to_string()),
                None => (String::new(), term.clone()),
            };
            forms.push(format!("{init}{}", plural(&last)));
        }
    }
    let mut out: Vec<String> = Vec::new();
    for f in forms {
        let mut vs = vec![f.clone()];
        if f.contains("iz") {
            vs.push(f.replace("iz", "is"));
        }
        if f.contains("aging") {
            vs.push(f.replace("aging", "ageing"));
        }
        if f.contains("color") {
            vs.push(f.replace("color", "colour"));
        }
        let hy: Vec<String> = vs
            .iter()
            .filter(|v| v.contains('-'))
            .map(|v| v.replace('-', " "))
            .collect();
        vs.extend(hy);
        let ap: Vec<String> = vs
            .iter()
            .filter(|v| v.contains('\''))
            .map(|v| v.replace('\'', "’"))
            .collect();
        vs.extend(ap);
        for v in vs {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn verb_forms(v: &str) -> Vec<String> {
    let chars: Vec<char> = v.chars().collect();
    let n = chars.len();
    if n < 2 {
        return vec![];
    }
    let last = chars[n - 1];
    let third_person = if v.ends_with('s')
        || v.ends_with('x')
        || v.ends_with("ch")
        || v.ends_with("sh")
        || v.ends_with('z')
    {
        format!("{v}es")
    } else if last == 'y' && !is_vowel(chars[n - 2]) {
        format!("{}ies", &v[..v.len() - 1])
    } else {
        format!("{v}s")
    };
    let stem = if last == 'e' && !v.ends_with("ee") {
        v[..v.len() - 1].to_string()
    } else if last == 'y' && !is_vowel(chars[n - 2]) {
        String::new()
    } else if (3..=4).contains(&n)
        && chars.iter().filter(|c| is_vowel(**c)).count() == 1
        && !is_vowel(last)
        && !matches!(last, 'w' | 'x' | 'y')
        && is_vowel(chars[n - 2])
        && !is_vowel(chars[n - 3])
    {
        format!("{v}{last}")
    } else {
        v.to_string()
    };
    let (past, ing) = if last == 'y' && !is_vowel(chars[n - 2]) {
        (format!("{}ied", &v[..v.len() - 1]), format!("{v}ing"))
    } else {
        (format!("{stem}ed"), format!("{stem}ing"))
    };
    let mut out = vec![third_person, past, ing];
    // Irregular forms the regular rules get wrong.
    for (base, extra) in IRREGULAR {
        if *base == v {
            out.extend(extra.iter().map(|s| s.to_string()));
        }
    }
    out
}

const IRREGULAR: &[(&str, &[&str])] = &[
    ("shrink", &["shrank", "shrunk"]),
    ("give", &["gave", "given"]),
    ("make", &["made"]),
    ("bring", &["brought"]),
    ("lead", &["led"]),
    ("build", &["built"]),
    ("rebuild", &["rebuilt"]),
    ("grow", &["grew", "grown"]),
    ("regrow", &["regrew", "regrown"]),
    ("get", &["got", "gotten"]),
    ("see", &["saw", "seen"]),
    ("show", &["shown"]),
    ("fight", &["fought"]),
    ("undo", &["undid", "undone"]),
    ("break", &["broke", "broken"]),
    ("shed", &["shed"]),
    ("cut", &["cut"]),
    ("leave", &["left"]),
    ("drive", &["drove", "driven"]),
    ("do", &["did", "done", "does"]),
    ("pay", &["paid"]),
    ("speed", &["sped"]),
];

fn plural(n: &str) -> String {
    if n.ends_with('s') || n.ends_with('x') || n.ends_with("ch") || n.ends_with("sh") {
        format!("{n}es")
    } else if n.ends_with('y') && n.len() > 1 && !is_vowel(n.chars().nth_back(1).unwrap_or('a')) {
        format!("{}ies", &n[..n.len() - 1])
    } else {
        format!("{n}s")
    }
}
