//! Fuzz target over the whole pipeline: bytes → text → parse → rules →
//! every output format, with every span and output checked by
//! `tests/support/pipeline.rs` (the same checks the test suite runs on the
//! regression fixtures), and every format streamed as rendered.
//!
//! Bytes that are not UTF-8 are decoded lossily rather than skipped, so
//! every input reaches the linter; the binary itself refuses such files
//! before linting, but the library must not depend on that. Inputs of odd
//! length run with every market's pack on (every rule, at its strictest),
//! even length with the defaults.

#![no_main]

use std::sync::LazyLock;

use claimlint::{Config, Linter};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/pipeline.rs"]
mod pipeline;

static DEFAULT: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(Config::default()).expect("default linter"));

static EVERY_MARKET: LazyLock<Linter> = LazyLock::new(|| {
    let config = Config {
        page: claimlint::page::PageDefaults {
            markets: claimlint::page::Market::ALL.to_vec(),
            force_markets: true,
            ..Default::default()
        },
        ..Config::default()
    };
    Linter::new(config).expect("every-market linter")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let linter = if data.len() % 2 == 1 {
        &*EVERY_MARKET
    } else {
        &*DEFAULT
    };
    let report = pipeline::check(linter, "fuzz/input.md", &text);
    pipeline::assert_streams_as_rendered(&report);
});
