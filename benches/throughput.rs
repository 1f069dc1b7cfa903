//! Single-threaded throughput of the library against the comrak floor, on
//! the 1× corpus (500 pages, about 1.8 MB) generated in memory.
//!
//! `lint_corpus` lints every page with one `Linter`, as `claimlint check`
//! does on one thread (without reading files or rendering output);
//! `parse_only` parses the same pages with comrak and the options claimlint
//! uses, and drops the trees. Their ratio is the cost of everything
//! claimlint does beyond parsing. `linter_new` is the one-off cost of
//! compiling the lexicon and packs, paid once per process.
//!
//! ```sh
//! cargo bench --bench throughput
//! ```
//!
//! divan rather than criterion: it builds in a fraction of the time with
//! fewer dependencies, reports bytes/s and items/s for one benchmark at once
//! (criterion takes one throughput per group), and the cross-tool numbers
//! come from `benches/compare.sh`, so criterion's plots and saved baselines
//! would go unused.

mod corpus;

use std::sync::LazyLock;

use claimlint::{Config, Linter};
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};

static PAGES: LazyLock<Vec<(String, String)>> =
    LazyLock::new(|| corpus::pages(corpus::SEED, 1).collect());

fn total_bytes() -> usize {
    PAGES.iter().map(|(_, text)| text.len()).sum()
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_only(bencher: Bencher) {
    let pages = &*PAGES;
    bencher
        .counter(BytesCount::new(total_bytes()))
        .counter(ItemsCount::new(pages.len()))
        .bench(|| {
            for (_, text) in pages {
                let arena = comrak::Arena::new();
                let (md, options) = claimlint::markdown::comrak_input(text);
                let root = comrak::parse_document(&arena, md, &options);
                black_box(root);
            }
        });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn lint_corpus(bencher: Bencher) {
    let pages = &*PAGES;
    let linter = Linter::new(Config::default()).expect("the built-in lexicon compiles");
    bencher
        .counter(BytesCount::new(total_bytes()))
        .counter(ItemsCount::new(pages.len()))
        .bench(|| {
            for (path, text) in pages {
                black_box(linter.lint(path, text));
            }
        });
}

#[divan::bench(sample_count = 10)]
fn linter_new() -> Linter {
    Linter::new(Config::default()).expect("the built-in lexicon compiles")
}
