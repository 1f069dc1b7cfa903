#!/usr/bin/env bash
# Size and speed of the claims review (`claims --format html`) on the
# generated benchmark corpus: how long claimlint takes to write it, how big
# it is, and how long headless Chromium takes to load it, run its script
# and hand back the DOM (`--dump-dom`), and to print it to PDF.
#
#   benches/review.sh [SCALE]        default: 1 (500 pages)
#
# Each step runs once as a warm-up, then RUNS times (default 3); the
# median wall time is printed. Needs a release build's dependencies
# (cargo) and chromium. PRINT=1 also prints the review to PDF (once: it
# takes minutes at this size) and counts its pages with pdfinfo
# (poppler-utils).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
scale=${1:-1}
runs=${RUNS:-3}
cargo build --quiet --release --bin claimlint --example gen-corpus
corpus=target/bench-corpus/${scale}x
[ -d "$corpus" ] || target/release/examples/gen-corpus --scale "$scale" --out "$corpus" >/dev/null
out=target/bench-results/review
mkdir -p "$out"
page=$(realpath "$out")/review-${scale}x.html

median() {  # median wall seconds of RUNS runs of "$@", after a warm-up
    "$@" >/dev/null 2>&1
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s.%N)
        echo "$t1 - $t0" | bc
    done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
browse() {
    chromium --headless --no-sandbox --disable-gpu --user-data-dir="$out/profile" "$@"
}

write() { target/release/claimlint claims --format html "$corpus" >"$page"; }
dom() { browse --dump-dom "file://$page"; }
shot() { browse --window-size=1200,900 --screenshot="$out/review-${scale}x.png" "file://$page"; }
pdf() { browse --no-pdf-header-footer --print-to-pdf="$out/review-${scale}x.pdf" "file://$page"; }
blank() { browse --window-size=1200,900 --screenshot="$out/blank.png" "about:blank"; }

t_write=$(median write)
t_blank=$(median blank)
t_shot=$(median shot)
t_dom=$(median dom)
files=$(find "$corpus" -name '*.md' | wc -l)
claims=$(grep -o '<tr id="r' "$page" | wc -l)
echo "corpus:              $corpus ($files pages, $(du -sh "$corpus" | cut -f1))"
echo "claims:              $claims"
echo "review size:         $(du -h "$page" | cut -f1) ($(stat -c %s "$page") bytes)"
echo "claimlint writes it: ${t_write}s (median of $runs)"
echo "chromium, blank:     ${t_blank}s (start-up and a screenshot of about:blank)"
echo "chromium screenshot: ${t_shot}s (load, script, first screen laid out and painted)"
echo "chromium --dump-dom: ${t_dom}s (load, script, the whole DOM serialised)"
if [ "${PRINT:-0}" = 1 ]; then
    t0=$(date +%s.%N)
    pdf >/dev/null 2>&1
    t1=$(date +%s.%N)
    echo "chromium print:      $(echo "$t1 - $t0" | bc)s, $(pdfinfo "$out/review-${scale}x.pdf" | awk '/^Pages/ {print $2}') pages"
fi
