//! A deterministic corpus of clinic-style Markdown for the benchmarks.
//!
//! It owns the text templates, a small seeded random number generator and
//! the writer that lays pages out on disk; it does not time anything (that
//! is `benches/throughput.rs` and `benches/compare.sh`). Both the divan
//! bench and `examples/gen-corpus.rs` include this file, so the bench and
//! the script measure the same pages.
//!
//! Pages are clinic treatment pages, product pages and blog posts with YAML
//! front matter, headings, paragraphs that mix neutral sentences with claims
//! (direct, "clinically proven", hedged, testimonials, superlatives,
//! guarantees), cited claims with footnotes, author–year references, DOI
//! links and evidence comments, lists, nested lists, tables, block quotes,
//! HTML blocks with `<img alt>`, code blocks and links. All text here was
//! written for this file; names of clinics, people and studies are made up.
//!
//! Page `i` is generated from `(seed, i)` alone, so the 10× corpus starts
//! with the 1× corpus's 500 files and growing the corpus only adds files.
//! The generator is its own SplitMix64 rather than `rand`, whose seeded
//! output may change between releases: the corpus must stay the same.

#![allow(dead_code)] // The bench and the example each use part of it.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The seed everything is generated from unless told otherwise.
pub const SEED: u64 = 0x00C1_A1A5_EED5_2026;

/// Files in the 1× corpus; the N× corpus has N times as many.
pub const BASE_FILES: usize = 500;

/// Sizes in MB of the files in the "large" set.
pub const LARGE_MB: [usize; 3] = [5, 10, 20];

/// Name of the file that marks a directory as a generated corpus, so the
/// generator may clear it and never clears anything else.
pub const STAMP: &str = "CORPUS-STAMP";

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and its output for
/// a seed never changes.
pub struct Rng(u64);

impl Rng {
    /// A generator for one page: the page index is mixed into the seed so
    /// every page is independent of the others.
    pub fn for_page(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next();
        r
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi` (`hi` exclusive, `lo < hi`).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary. `{t}` is a treatment, `{p}` a product, `{i}` an ingredient,
// `{c}` a city, `{n}` a clinic; `fill` replaces them.

const CLINICS: &[&str] = &[
    "Harbour Skin Studio",
    "Aster & Vale Aesthetics",
    "Northlight Dermatology",
    "Kestrel Skin Lab",
    "Maple Row Clinic",
    "Lumière Skin Rooms",
    "The Quayside Clinic",
    "Olive Street Aesthetics",
    "Saltmarsh Skin Co.",
    "Bright Lane Medispa",
];

const CITIES: &[&str] = &[
    "Leeds",
    "Brighton",
    "Singapore",
    "Melbourne",
    "Austin",
    "Dublin",
    "Manchester",
    "Perth",
    "Bristol",
    "Auckland",
];

const TREATMENTS: &[&str] = &[
    "microneedling",
    "a chemical peel",
    "fractional laser resurfacing",
    "LED light therapy",
    "radiofrequency skin tightening",
    "an IPL photofacial",
    "microdermabrasion",
    "a PRP facial",
    "skin booster injections",
    "a carbon laser peel",
    "a hydrating facial",
    "HIFU lifting",
];

const PRODUCTS: &[&str] = &[
    "Vitamin C Brightening Serum",
    "Retinol Night Renewal Cream",
    "Niacinamide Balancing Toner",
    "Peptide Eye Contour Cream",
    "Hyaluronic Hydra Serum",
    "Mineral Shield SPF 50",
    "Azelaic Clarifying Gel",
    "Ceramide Barrier Balm",
    "Bakuchiol Facial Oil",
    "Glycolic Resurfacing Pads",
];

const INGREDIENTS: &[&str] = &[
    "retinol",
    "vitamin C",
    "niacinamide",
    "hyaluronic acid",
    "azelaic acid",
    "glycolic acid",
    "bakuchiol",
    "peptides",
    "ceramides",
    "tranexamic acid",
];

const NAMES: &[&str] = &[
    "Priya", "Tom", "Mei", "Aoife", "Sam", "Olu", "Hannah", "Luca", "Noor", "Jess",
];

const SURNAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Brennan",
    "Castillo",
    "Whitfield",
    "Nakamura",
    "Haddad",
    "Fischer",
    "Ivanova",
    "Mensah",
];

const JOURNALS: &[&str] = &[
    "J Cosmet Dermatol",
    "Dermatol Surg",
    "Br J Dermatol",
    "Lasers Surg Med",
    "Skin Res Technol",
    "Int J Cosmet Sci",
    "Clin Exp Dermatol",
];

const STUDY_TOPICS: &[&str] = &[
    "A randomised split-face trial of {i} for photoageing",
    "Collagen remodelling after {t}: a controlled study",
    "Topical {i} and melasma: a double-blind trial",
    "Twelve-week outcomes of {t} for acne scarring",
    "Barrier repair with {i} in sensitive skin",
    "Patient-reported results of {t} in adults over 40",
];

const NEUTRAL: &[&str] = &[
    "Appointments run from Monday to Saturday, with late openings on Thursdays.",
    "Every course starts with a consultation with one of our practitioners.",
    "Parking is free behind the clinic on {c} Road.",
    "Your practitioner will talk you through aftercare before you leave.",
    "Prices include the first review appointment.",
    "Please arrive ten minutes early so we can take your medical history.",
    "We use single-use needles and sterile cartridges for every session.",
    "You can pay in instalments over three or six months.",
    "Sessions usually take between thirty and forty-five minutes.",
    "Avoid direct sun for a week afterwards and wear a broad-spectrum sunscreen.",
    "If you are pregnant or breastfeeding, tell us before booking.",
    "Our team has worked in {c} since 2014.",
    "Patch tests are offered free of charge 48 hours before a peel.",
    "The room is kept cool and you can bring headphones.",
    "Makeup can usually be worn again the next morning.",
    "We send a reminder by text the day before your visit.",
    "Gift vouchers are available at reception and online.",
    "Results vary from person to person and depend on skin type.",
    "Most people book a course of three sessions, four weeks apart.",
    "Store the bottle away from heat and light, and use it within six months of opening.",
    "Apply two or three drops to clean, dry skin in the evening.",
    "Our nurses and doctors are registered with the relevant professional bodies.",
    "Cancellations made less than 24 hours ahead are charged at half the price.",
    "The clinic is on the ground floor and has step-free access.",
    "We will ask you to stop using retinoids for five days beforehand.",
    "Bring a list of any medicines you take, including supplements.",
    "Follow-up calls are made a week after every first treatment.",
    "The formula is fragrance-free and comes in a recyclable glass bottle.",
    "Orders placed before 2 pm are sent the same day.",
    "Mild redness for a few hours afterwards is common.",
    "In this post we answer the questions patients ask us most often.",
    "Every skin is different, so we tailor the plan at your first visit.",
];

const DIRECT: &[&str] = &[
    "{T} boosts collagen and firms loose skin.",
    "Our {p} fades dark spots in as little as two weeks.",
    "{I} smooths fine lines and evens skin tone.",
    "It reduces wrinkles around the eyes and mouth.",
    "{T} tightens sagging skin along the jawline.",
    "The {p} clears breakouts and shrinks enlarged pores.",
    "This treatment erases acne scars and restores a youthful glow.",
    "{I} repairs the skin barrier overnight.",
    "{T} lifts the brows without surgery.",
    "Our {p} plumps the skin and reverses sun damage.",
];

const ESTABLISHMENT: &[&str] = &[
    "{T} is clinically proven to lift and firm.",
    "Studies show {i} reduces wrinkles.",
    "Our {p} is clinically shown to brighten dull skin.",
    "Dermatologist tested and proven to reduce redness.",
    "Research shows {t} stimulates new collagen.",
];

const HEDGED: &[&str] = &[
    "{I} may reduce redness and irritation.",
    "It can help fade acne scars over several sessions.",
    "{T} may improve skin texture.",
    "Some people find the {p} helps calm flare-ups.",
    "Regular use may help smooth fine lines.",
    "{I} is linked to fewer wrinkles in long-term users.",
];

const SAFETY: &[&str] = &[
    "There is no downtime, so you can go straight back to work.",
    "It is completely painless.",
    "The {p} is gentle enough for sensitive skin.",
    "{T} is safe for all skin types.",
    "There are no side effects.",
];

const SUPERLATIVE: &[&str] = &[
    "We offer the best {t} in {c}.",
    "The {p} is our most advanced formula yet.",
    "{n} is the leading skin clinic in {c}.",
    "Nothing works faster than {t}.",
    "It is the number one serum our dermatologists recommend.",
];

const GUARANTEE: &[&str] = &[
    "Results guaranteed, or your next session is free.",
    "Visible results after one treatment, guaranteed.",
    "We guarantee smoother skin in 28 days.",
];

const TESTIMONIALS: &[&str] = &[
    "My skin has never looked better, the lines around my eyes have vanished!",
    "After two sessions my acne scars were gone.",
    "This serum changed my skin overnight.",
    "I look ten years younger and everyone has noticed.",
    "The team were lovely and the clinic was spotless.",
    "My pigmentation faded within a month.",
];

const CITED: &[&str] = &[
    "In a 12-week trial, {i} reduced wrinkle depth by 32%.",
    "{I} smooths fine wrinkles when used nightly.",
    "{T} improved the appearance of acne scars in a controlled study.",
    "Daily {i} fades melasma.",
    "{T} increases collagen density in the treated area.",
];

const HEADINGS: &[&str] = &[
    "What is {t}?",
    "How does it work?",
    "Who is it for?",
    "What to expect",
    "Aftercare",
    "Results",
    "Why choose {n}?",
    "Prices",
    "Frequently asked questions",
    "How to use the {p}",
    "Key ingredients",
    "The evidence",
    "Before your appointment",
    "Is {t} right for me?",
];

const CTA_LINKS: &[&str] = &[
    "[Book a consultation](/book)",
    "[see our price list](/prices)",
    "[read our aftercare guide](/aftercare)",
    "[browse the shop](https://shop.example.com/skin)",
    "[follow us on Instagram](https://instagram.com/example.skin)",
    "<https://example.com/contact>",
];

/// What a page is about: most placeholders on a page name these, the rest
/// are drawn afresh (pages mention other treatments and products too).
struct Topic {
    treatment: &'static str,
    product: &'static str,
    ingredient: &'static str,
    city: &'static str,
    clinic: &'static str,
}

impl Topic {
    fn new(rng: &mut Rng) -> Topic {
        Topic {
            treatment: bare(rng.pick(TREATMENTS)),
            product: rng.pick(PRODUCTS),
            ingredient: rng.pick(INGREDIENTS),
            city: rng.pick(CITIES),
            clinic: rng.pick(CLINICS),
        }
    }
}

/// A treatment without its article: "chemical peel", not "a chemical peel".
fn bare(treatment: &str) -> &str {
    treatment
        .strip_prefix("a ")
        .or_else(|| treatment.strip_prefix("an "))
        .unwrap_or(treatment)
}

/// Replaces the placeholders in a template. Capitalised placeholders
/// (`{T}`, `{I}`) give the value with a capital first letter.
fn fill(rng: &mut Rng, topic: &Topic, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let key = &rest[open + 1..open + close];
        let own = rng.chance(75);
        let value = match (key.to_ascii_lowercase().as_str(), own) {
            ("t", true) => topic.treatment,
            ("t", false) => bare(rng.pick(TREATMENTS)),
            ("p", true) => topic.product,
            ("p", false) => rng.pick(PRODUCTS),
            ("i", true) => topic.ingredient,
            ("i", false) => rng.pick(INGREDIENTS),
            ("c", _) => topic.city,
            ("n", _) => topic.clinic,
            _ => key,
        };
        if key.chars().all(|c| c.is_ascii_uppercase()) {
            let mut cs = value.chars();
            if let Some(first) = cs.next() {
                out.extend(first.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(value);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Wraps a paragraph at about 80 columns, as many authors' editors do.
/// A line never starts with a character that could open a list, heading,
/// quote, table or HTML block, which would change the Markdown's meaning,
/// and comments and link texts stay on one line, as an editor keeps them.
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    let mut col = 0;
    let mut in_comment = false;
    let mut in_link = false;
    for (k, word) in text.split(' ').enumerate() {
        let safe = !in_comment
            && !in_link
            && word
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || matches!(c, '(' | '"' | '['));
        in_comment = (in_comment || word.contains("<!--")) && !word.contains("-->");
        in_link = (in_link || word.starts_with('[')) && !word.contains(']');
        if k > 0 {
            if col + 1 + word.len() > 80 && safe {
                out.push('\n');
                col = 0;
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(word);
        col += word.len();
    }
    out
}

/// The kinds of page the corpus holds.
#[derive(Clone, Copy)]
enum Kind {
    Treatment,
    Product,
    Blog,
}

impl Kind {
    fn dir(self) -> &'static str {
        match self {
            Kind::Treatment => "treatments",
            Kind::Product => "products",
            Kind::Blog => "blog",
        }
    }
}

/// Builds one page: its footnote definitions are collected as the body
/// cites them and written at the end, as authors do.
struct Page<'r> {
    rng: &'r mut Rng,
    out: String,
    notes: Vec<String>,
    /// Prefix for footnote labels, so pages joined into a large file keep
    /// their labels unique.
    label: String,
    topic: Topic,
    /// Paragraphs are hard-wrapped (otherwise one line each, as a CMS
    /// export writes them).
    wrap: bool,
}

impl Page<'_> {
    fn new(rng: &mut Rng, label: String) -> Page<'_> {
        let topic = Topic::new(rng);
        let wrap = rng.chance(50);
        Page {
            rng,
            out: String::new(),
            notes: Vec::new(),
            label,
            topic,
            wrap,
        }
    }

    fn fill(&mut self, template: &str) -> String {
        fill(self.rng, &self.topic, template)
    }

    fn sentence(&mut self) -> String {
        let r = self.rng.range(0, 100);
        // About 30% of sentences make a claim. With the claims in front
        // matter and tables that gives about 4 claims per KB (counted with
        // `claimlint claims`); real clinic pages and blog posts have 3–4.
        let pool = match r {
            0..=69 => NEUTRAL,
            70..=75 => DIRECT,
            76..=77 => ESTABLISHMENT,
            78..=81 => HEDGED,
            82..=84 => SAFETY,
            85..=87 => SUPERLATIVE,
            88 => GUARANTEE,
            _ => return self.cited(),
        };
        let t = self.rng.pick(pool);
        self.fill(t)
    }

    /// A claim with a source: a footnote, an author–year reference, a DOI
    /// link or an evidence comment.
    fn cited(&mut self) -> String {
        let t = self.rng.pick(CITED);
        let claim = self.fill(t);
        let surname = self.rng.pick(SURNAMES);
        let year = self.rng.range(2004, 2025);
        let doi = format!(
            "10.{}/{}",
            self.rng.range(1000, 9999),
            self.rng.range(10000, 99999)
        );
        match self.rng.range(0, 4) {
            0 => {
                let n = self.notes.len() + 1;
                let label = format!("{}{n}", self.label);
                let topic = self.rng.pick(STUDY_TOPICS);
                let topic = self.fill(topic);
                let journal = self.rng.pick(JOURNALS);
                self.notes.push(format!(
                    "[^{label}]: {surname} {}, et al. {topic}. {journal}. {year};{}({}):{}-{}. doi:{doi}",
                    (b'A' + self.rng.range(0, 26) as u8) as char,
                    self.rng.range(10, 60),
                    self.rng.range(1, 12),
                    self.rng.range(100, 400),
                    self.rng.range(401, 900),
                ));
                format!("{claim}[^{label}]")
            }
            1 => {
                let claim = claim.trim_end_matches('.');
                format!("{claim} ({surname} et al., {year}).")
            }
            2 => format!("{claim} See [the study](https://doi.org/{doi})."),
            _ => {
                let design = self
                    .rng
                    .pick(&["rct", "controlled", "systematic-review", "in-vitro"]);
                format!("{claim} <!-- evidence: {design} doi:{doi} -->")
            }
        }
    }

    fn paragraph(&mut self) {
        let n = self.rng.range(2, 6);
        let mut para = String::new();
        for k in 0..n {
            if k > 0 {
                para.push(' ');
            }
            para.push_str(&self.sentence());
        }
        if self.rng.chance(25) {
            let link = self.rng.pick(CTA_LINKS);
            let _ = write!(para, " You can {link} any time.");
        }
        if self.wrap {
            para = wrap(&para);
        }
        self.out.push_str(&para);
        self.out.push_str("\n\n");
    }

    fn heading(&mut self, level: usize) {
        let h = self.rng.pick(HEADINGS);
        let h = self.fill(h);
        let _ = writeln!(self.out, "{} {h}\n", "#".repeat(level));
    }

    fn list(&mut self) {
        let ordered = self.rng.chance(30);
        let n = self.rng.range(3, 7);
        for k in 1..=n {
            let s = self.sentence();
            if ordered {
                let _ = writeln!(self.out, "{k}. {s}");
            } else {
                let _ = writeln!(self.out, "- {s}");
            }
            if self.rng.chance(20) {
                for _ in 0..self.rng.range(1, 4) {
                    let s = self.sentence();
                    let indent = if ordered { "   " } else { "  " };
                    let _ = writeln!(self.out, "{indent}- {s}");
                }
            }
        }
        self.out.push('\n');
    }

    fn table(&mut self) {
        if self.rng.chance(50) {
            self.out
                .push_str("| Treatment | Sessions | Price |\n| --- | ---: | ---: |\n");
            for _ in 0..self.rng.range(3, 7) {
                let t = self.rng.pick(TREATMENTS);
                let _ = writeln!(
                    self.out,
                    "| {} | {} | £{} |",
                    bare(t),
                    self.rng.range(1, 7),
                    self.rng.range(8, 60) * 10
                );
            }
        } else {
            self.out
                .push_str("| Benefit | What to expect |\n| --- | --- |\n");
            for _ in 0..self.rng.range(3, 6) {
                let a = self.sentence();
                let b = self.sentence();
                let _ = writeln!(
                    self.out,
                    "| {} | {} |",
                    a.replace('|', "\\|"),
                    b.replace('|', "\\|")
                );
            }
        }
        self.out.push('\n');
    }

    fn quote(&mut self) {
        let q = self.rng.pick(TESTIMONIALS);
        let name = self.rng.pick(NAMES);
        let age = self.rng.range(24, 68);
        let _ = writeln!(self.out, "> \"{q}\"\n>\n> — {name}, {age}\n");
    }

    fn html(&mut self) {
        let t = self.rng.pick(TREATMENTS);
        let slug = self.rng.range(100, 999);
        match self.rng.range(0, 3) {
            0 => {
                let alt = self.sentence().replace('"', "&quot;");
                let _ = writeln!(
                    self.out,
                    "<figure>\n  <img src=\"/images/results-{slug}.jpg\" alt=\"{alt}\" width=\"640\">\n  \
                     <figcaption>Before and after {t}, six weeks apart.</figcaption>\n</figure>\n"
                );
            }
            1 => {
                let s = self.sentence();
                let _ = writeln!(
                    self.out,
                    "<div class=\"callout\">\n<p><strong>Offer:</strong> {s}</p>\n</div>\n"
                );
            }
            _ => {
                let a = self.sentence();
                let _ = writeln!(
                    self.out,
                    "<details>\n<summary>Does {t} hurt?</summary>\n\n{a}\n\n</details>\n"
                );
            }
        }
    }

    fn code(&mut self) {
        let slug = self.rng.range(1000, 9999);
        if self.rng.chance(50) {
            let _ = writeln!(
                self.out,
                "```html\n<script src=\"https://booking.example.com/widget.js\" \
                 data-clinic=\"{slug}\" async></script>\n```\n"
            );
        } else {
            let i = self.rng.pick(INGREDIENTS);
            let _ = writeln!(
                self.out,
                "```json\n{{\n  \"@type\": \"Product\",\n  \"sku\": \"SKU-{slug}\",\n  \
                 \"description\": \"Boosts collagen with {i}\"\n}}\n```\n"
            );
        }
    }

    fn front_matter(&mut self, kind: Kind) {
        let title = match kind {
            Kind::Treatment => self.fill("{T} in {c}"),
            Kind::Product => self.topic.product.to_string(),
            Kind::Blog => {
                let h = self.rng.pick(&[
                    "Five myths about {t}",
                    "Our guide to {i}",
                    "What we learned from 1,000 {t} sessions",
                    "Winter skin: a practitioner's notes",
                    "How to build a routine around {i}",
                ]);
                self.fill(h)
            }
        };
        let description = {
            let pool = if self.rng.chance(40) { DIRECT } else { NEUTRAL };
            let t = self.rng.pick(pool);
            self.fill(t).replace('"', "'")
        };
        let markets = self
            .rng
            .pick(&["[uk]", "[us]", "[uk, eu]", "[sg]", "[au]", "[us, uk]"]);
        let _ = writeln!(
            self.out,
            "---\ntitle: \"{title}\"\ndescription: \"{description}\"\nmarkets: {markets}\n\
             date: {}-{:02}-{:02}\nauthor: Dr {} {}",
            self.rng.range(2018, 2026),
            self.rng.range(1, 13),
            self.rng.range(1, 29),
            self.rng.pick(NAMES),
            self.rng.pick(SURNAMES),
        );
        if self.rng.chance(25) {
            self.out.push_str("benefits:\n");
            for _ in 0..self.rng.range(2, 5) {
                let t = self.rng.pick(DIRECT);
                let b = self.fill(t).replace('"', "'");
                let _ = writeln!(self.out, "  - \"{b}\"");
            }
        }
        let _ = writeln!(
            self.out,
            "tags: [{}, skincare]\n---\n",
            self.rng.pick(INGREDIENTS).replace(' ', "-")
        );
    }

    /// The body: a title, then sections until the page reaches `target`
    /// bytes.
    fn body(&mut self, kind: Kind, target: usize) {
        let title = match kind {
            Kind::Treatment => self.fill("{T} at {n}"),
            Kind::Product => self.topic.product.to_string(),
            Kind::Blog => self.fill("Notes on {t}"),
        };
        let _ = writeln!(self.out, "# {title}\n");
        self.paragraph();
        while self.out.len() < target {
            self.heading(2);
            self.paragraph();
            match self.rng.range(0, 100) {
                0..=29 => self.list(),
                30..=44 => self.table(),
                45..=59 => self.quote(),
                60..=72 => self.html(),
                73..=77 => self.code(),
                78..=84 => {
                    self.heading(3);
                    self.paragraph();
                }
                _ => self.paragraph(),
            }
        }
    }

    /// Writes the footnote definitions and ends the text with exactly one
    /// newline.
    fn finish(&mut self) {
        for n in std::mem::take(&mut self.notes) {
            self.out.push_str(&n);
            self.out.push('\n');
        }
        let end = self.out.trim_end().len();
        self.out.truncate(end);
        self.out.push('\n');
    }
}

/// Page `index` of the corpus: its path relative to the corpus root and its
/// text (about 2–5 KB).
pub fn page(seed: u64, index: usize) -> (String, String) {
    let mut rng = Rng::for_page(seed, index as u64);
    let kind = match rng.range(0, 10) {
        0..=3 => Kind::Treatment,
        4..=6 => Kind::Product,
        _ => Kind::Blog,
    };
    let target = rng.range(1800, 4600);
    let mut p = Page::new(&mut rng, String::new());
    p.out.reserve(target + 1024);
    p.front_matter(kind);
    p.body(kind, target);
    p.finish();
    // At most 500 files a directory, like a real site's sections.
    let path = format!("{}/{:03}/page-{index:06}.md", kind.dir(), index / 500);
    (path, p.out)
}

/// The pages of the `scale`× corpus, in order.
pub fn pages(seed: u64, scale: usize) -> impl Iterator<Item = (String, String)> {
    (0..BASE_FILES * scale).map(move |i| page(seed, i))
}

/// One large file of about `bytes` bytes: an archive page holding many
/// sections, each with its own footnotes, under one front matter.
pub fn large(seed: u64, number: usize, bytes: usize) -> String {
    let mut rng = Rng::for_page(seed ^ 0x1A59E, number as u64);
    let mut out = String::with_capacity(bytes + 8192);
    let mut p = Page::new(&mut rng, String::new());
    p.front_matter(Kind::Blog);
    out.push_str(&p.out);
    let mut section = 0usize;
    while out.len() < bytes {
        section += 1;
        p.out.clear();
        p.label = format!("s{section}-");
        p.topic = Topic::new(p.rng);
        let target = p.rng.range(1800, 4600);
        p.body(Kind::Treatment, target);
        p.finish();
        // One `#` title per file: the sections' own titles become `##`.
        if section > 1 {
            out.push('\n');
        }
        out.push('#');
        out.push_str(&p.out);
    }
    out
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// Empties `dir` if it is a corpus this generator wrote (or empty), then
/// creates it; refuses to clear anything else.
fn prepare(dir: &Path) -> io::Result<()> {
    if dir.exists() {
        let empty = fs::read_dir(dir)?.next().is_none();
        if !empty && !dir.join(STAMP).exists() {
            return Err(io::Error::other(format!(
                "{} exists and is not a generated corpus (no {STAMP}); not clearing it",
                dir.display()
            )));
        }
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)
}

fn write_all(
    dir: &Path,
    stamp: &str,
    files: impl Iterator<Item = (String, String)>,
) -> io::Result<Written> {
    prepare(dir)?;
    let mut w = Written::default();
    for (rel, text) in files {
        let path: PathBuf = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &text)?;
        w.files += 1;
        w.bytes += text.len() as u64;
    }
    fs::write(
        dir.join(STAMP),
        format!("{stamp}\nfiles {}\nbytes {}\n", w.files, w.bytes),
    )?;
    Ok(w)
}

/// Writes the `scale`× corpus under `dir`.
pub fn write_corpus(dir: &Path, seed: u64, scale: usize) -> io::Result<Written> {
    let stamp = format!("claimlint bench corpus v1 seed {seed:#x} scale {scale}");
    write_all(dir, &stamp, pages(seed, scale))
}

/// Writes the large set under `dir`: one file per entry of `sizes_mb`.
pub fn write_large(dir: &Path, seed: u64, sizes_mb: &[usize]) -> io::Result<Written> {
    let stamp = format!("claimlint bench corpus v1 seed {seed:#x} large {sizes_mb:?}");
    let files = sizes_mb
        .iter()
        .enumerate()
        .map(|(k, mb)| (format!("archive-{mb}mb.md"), large(seed, k, mb * 1_000_000)));
    write_all(dir, &stamp, files)
}
