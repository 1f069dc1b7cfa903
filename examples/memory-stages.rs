//! Where a large file's memory goes: lints one file with an allocator that
//! counts live bytes, and prints the live and peak heap after each stage
//! (read, build the linter, parse, find claims, then the whole `lint`).
//!
//! Owns nothing the library uses; it is a measuring tool for the memory
//! work described in docs/design.md ("A single very large file"). Does not
//! own the stages themselves (`lint`, `markdown`, `claims`).
//!
//! ```sh
//! cargo run --release --example memory-stages -- big.md
//! ```

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// mimalloc, as the binary uses, with live and peak bytes counted.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed on to mimalloc unchanged; only counters
// are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { INNER.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { INNER.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { INNER.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Prints the live heap and the peak since the last report, both as MB
/// and as a multiple of the file's size.
fn report(stage: &str, size: usize) {
    let live = LIVE.load(Relaxed);
    let peak = PEAK.swap(live, Relaxed);
    let ratio = |b: usize| b as f64 / size.max(1) as f64;
    println!(
        "{stage:<28} live {:>6} MB ({:>5.1}x)  peak {:>6} MB ({:>5.1}x)",
        live >> 20,
        ratio(live),
        peak >> 20,
        ratio(peak)
    );
}

fn main() -> Result<(), String> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: memory-stages FILE.md")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let size = text.len();
    report("read", size);
    let linter = claimlint::Linter::new(claimlint::Config::default()).map_err(|e| e.to_string())?;
    report("linter built", size);
    let source = claimlint::source::SourceFile::new(&path, &text);
    let doc = claimlint::markdown::parse(&source, &Default::default());
    report("parsed (blocks kept)", size);
    let scan = claimlint::claims::find(&doc, &text, linter.classifier());
    report("claims found (both kept)", size);
    let claims = scan.claims.len();
    drop((scan, doc, source));
    report("dropped", size);
    let r = linter.lint(&path, &text);
    report("whole lint (report kept)", size);
    println!(
        "{} findings, {} claims in the report ({claims} found above)",
        r.diagnostics.len(),
        r.claims.len()
    );
    Ok(())
}
