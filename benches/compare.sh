#!/usr/bin/env bash
# Throughput of claimlint against the comrak parse-only floor and two
# general Markdown linters, on generated corpora of clinic-style pages.
#
#   benches/compare.sh [CORPUS…]        default: 1x 10x 100x large
#
# CORPUS is Nx (500×N pages of 2–5 KB, e.g. 1x, 10x, 100x), `large`
# (three files of 5, 10 and 20 MB) or `one` (the first page of 1x alone:
# start-up, the pre-commit and editor case; use RUNS=31 or so).
# For each corpus it measures:
#
#   claimlint (1 thread)   RAYON_NUM_THREADS=1 claimlint check --format json DIR
#   claimlint (N threads)  claimlint check --format json DIR
#   parse-only             target/release/examples/parse-only DIR (comrak floor)
#   markdownlint-cli2      markdownlint-cli2 '**/*.md' (run in DIR; default rules)
#   rumdl                  rumdl check --no-config --no-cache DIR (default rules)
#
# Output goes to /dev/null. Each command runs once as a warm-up, then RUNS
# times; the table gives the median wall time and the highest peak RSS.
# markdownlint-cli2 and rumdl check general Markdown style, not claims: the
# comparison is of throughput only.
#
# Environment:
#   RUNS=5          timed runs per command
#   BUDGET=300      seconds: when warm-up × RUNS would exceed this, fewer
#                   runs are made (at least one), and a warm-up longer than
#                   30 s counts as the first run; the `runs` column says how
#                   many were made
#   TOOLS="claimlint-1 claimlint-n parse-only markdownlint-cli2 rumdl"
#   CORPUS_DIR=target/bench-corpus   where the corpora are written
#   OUT=target/bench-results         where results.md and raw.tsv go
#   MARKDOWNLINT_CLI2=path  use this markdownlint-cli2 (default: on PATH,
#                   else installed with `npm ci --prefix
#                   integrations/markdownlint` from the committed lockfile)
#   CLAIMLINT=path  time this claimlint binary instead of the one built
#                   (an older build, for a before-and-after table)
#   RUMDL=path      use this rumdl (default: on PATH, else `pip install
#                   --target target/bench-tools/rumdl rumdl`, else skipped)
#
# Needs Linux (GNU date for nanoseconds), bash, cargo, awk and find. Peak RSS comes from /usr/bin/time -f %M,
# or from python3's getrusage(RUSAGE_CHILDREN) when that is missing, else
# it is left blank. A tool that cannot be found or installed is skipped
# with a message. Exit statuses 0 and 1 (findings) count as success.

set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
BUDGET=${BUDGET:-300}
TOOLS=${TOOLS:-"claimlint-1 claimlint-n parse-only markdownlint-cli2 rumdl"}
CORPUS_DIR=${CORPUS_DIR:-target/bench-corpus}
OUT=${OUT:-target/bench-results}
if [ $# -gt 0 ]; then CORPORA=("$@"); else CORPORA=(1x 10x 100x large); fi
case $CORPUS_DIR in /*) ;; *) CORPUS_DIR=$ROOT/$CORPUS_DIR ;; esac
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
mkdir -p "$OUT"
RAW=$OUT/raw.tsv
RESULTS=$OUT/results.md
LOG=$OUT/runs.log
: >"$RAW"
: >"$LOG"

say() { printf '%s\n' "$*" >&2; }

# --- build and generate ----------------------------------------------------

say "building claimlint and the bench examples (release)…"
cargo build --release --quiet --bin claimlint --example gen-corpus --example parse-only
CLAIMLINT=${CLAIMLINT:-$ROOT/target/release/claimlint}
PARSE_ONLY=$ROOT/target/release/examples/parse-only
GEN=$ROOT/target/release/examples/gen-corpus

for c in "${CORPORA[@]}"; do
    case $c in
    large) "$GEN" --large --out "$CORPUS_DIR/large" >&2 ;;
    one)
        "$GEN" --scale 1 --out "$CORPUS_DIR/1x" >&2
        rm -rf "$CORPUS_DIR/one" && mkdir -p "$CORPUS_DIR/one"
        first=$(find "$CORPUS_DIR/1x" -name '*.md' | sort | head -n 1)
        cp "$first" "$CORPUS_DIR/one/"
        ;;
    *x) "$GEN" --scale "${c%x}" --out "$CORPUS_DIR/$c" >&2 ;;
    *) say "unknown corpus \`$c\` (expected Nx, large or one)"; exit 2 ;;
    esac
done

# --- find the other tools ------------------------------------------------

want() { case " $TOOLS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

MDL=${MARKDOWNLINT_CLI2:-}
if want markdownlint-cli2 && [ -z "$MDL" ]; then
    if command -v markdownlint-cli2 >/dev/null; then
        MDL=$(command -v markdownlint-cli2)
    elif command -v npm >/dev/null; then
        local_mdl=$ROOT/integrations/markdownlint/node_modules/.bin/markdownlint-cli2
        if [ ! -x "$local_mdl" ]; then
            say "installing markdownlint-cli2 with npm ci --prefix integrations/markdownlint…"
            npm ci --prefix integrations/markdownlint --no-audit --no-fund >&2 || true
        fi
        [ -x "$local_mdl" ] && MDL=$local_mdl
    fi
    [ -n "$MDL" ] || say "markdownlint-cli2 not found and npm could not install it: skipped"
fi

RUMDL=${RUMDL:-}
if want rumdl && [ -z "$RUMDL" ]; then
    if command -v rumdl >/dev/null; then
        RUMDL=$(command -v rumdl)
    else
        local_rumdl=$ROOT/target/bench-tools/rumdl/bin/rumdl
        if [ ! -x "$local_rumdl" ] && command -v python3 >/dev/null; then
            say "installing rumdl with pip install --target target/bench-tools/rumdl…"
            python3 -m pip install --quiet --disable-pip-version-check \
                --target "$ROOT/target/bench-tools/rumdl" rumdl >&2 || true
        fi
        [ -x "$local_rumdl" ] && RUMDL=$local_rumdl
    fi
    [ -n "$RUMDL" ] || say "rumdl not found and pip could not install it: skipped"
fi

# --- measuring -------------------------------------------------------------

TIMEFILE=$(mktemp)
trap 'rm -f "$TIMEFILE"' EXIT

# Runs "$@" once in the current directory with output discarded. Sets
# SECS (wall time), RSS_KB (peak resident set, blank if unknown) and
# STATUS.
run_once() {
    local start end
    start=$(date +%s%N)
    STATUS=0
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$TIMEFILE" "$@" >/dev/null 2>&1 || STATUS=$?
        end=$(date +%s%N)
        RSS_KB=$(tail -n 1 "$TIMEFILE")
        # /usr/bin/time reports a failing command's status on a line of its own.
        case $RSS_KB in *[!0-9]*) RSS_KB= ;; esac
    elif command -v python3 >/dev/null; then
        python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(r.returncode)' "$TIMEFILE" "$@" || STATUS=$?
        end=$(date +%s%N)
        RSS_KB=$(cat "$TIMEFILE")
    else
        "$@" >/dev/null 2>&1 || STATUS=$?
        end=$(date +%s%N)
        RSS_KB=
    fi
    SECS=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", (e - s) / 1e9 }')
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure TOOL CORPUS DIR CMD…: warm-up, timed runs, one line in raw.tsv.
measure() {
    local tool=$1 corpus=$2 dir=$3
    shift 3
    local files bytes times="" rss=0 n runs
    files=$(find "$dir" -name '*.md' | wc -l)
    bytes=$(find "$dir" -name '*.md' -exec cat {} + | wc -c)
    say "$tool on $corpus: warm-up…"
    cd "$dir"
    run_once "$@"
    printf '%s\t%s\twarm-up\t%s\t%s\t%s\n' "$tool" "$corpus" "$SECS" "$RSS_KB" "$STATUS" >>"$LOG"
    if [ "$STATUS" -gt 1 ]; then
        cd "$ROOT"
        say "$tool on $corpus failed with status $STATUS: skipped"
        printf '%s\t%s\t%s\t%s\tfailed (status %s)\t\t0\n' "$tool" "$corpus" "$files" "$bytes" "$STATUS" >>"$RAW"
        return
    fi
    runs=$RUNS
    if awk -v s="$SECS" -v r="$RUNS" -v b="$BUDGET" 'BEGIN { exit !(s * r > b) }'; then
        runs=$(awk -v s="$SECS" -v b="$BUDGET" 'BEGIN { n = int(b / s); print (n < 1 ? 1 : n) }')
    fi
    n=0
    if awk -v s="$SECS" 'BEGIN { exit !(s > 30) }'; then
        times=$SECS
        rss=${RSS_KB:-0}
        n=1
    fi
    while [ "$n" -lt "$runs" ]; do
        run_once "$@"
        printf '%s\t%s\trun\t%s\t%s\t%s\n' "$tool" "$corpus" "$SECS" "$RSS_KB" "$STATUS" >>"$LOG"
        times="$times $SECS"
        [ -n "$RSS_KB" ] && [ "$RSS_KB" -gt "$rss" ] && rss=$RSS_KB
        n=$((n + 1))
    done
    cd "$ROOT"
    local med
    med=$(printf '%s\n' $times | median)
    say "$tool on $corpus: median $med s over $n run(s)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$corpus" "$files" "$bytes" "$med" "$rss" "$n" >>"$RAW"
}

for c in "${CORPORA[@]}"; do
    dir=$CORPUS_DIR/$c
    want parse-only && measure parse-only "$c" "$dir" "$PARSE_ONLY" .
    want claimlint-1 && measure "claimlint (1 thread)" "$c" "$dir" \
        env RAYON_NUM_THREADS=1 "$CLAIMLINT" check --format json .
    want claimlint-n && measure "claimlint ($(nproc) threads)" "$c" "$dir" \
        "$CLAIMLINT" check --format json .
    if want rumdl && [ -n "$RUMDL" ]; then
        measure rumdl "$c" "$dir" "$RUMDL" check --no-config --no-cache .
    fi
    if want markdownlint-cli2 && [ -n "$MDL" ]; then
        measure markdownlint-cli2 "$c" "$dir" "$MDL" '**/*.md'
    fi
done

# --- report ----------------------------------------------------------------

version_of() { "$@" 2>/dev/null | head -n 1 || true; }
{
    echo "| Tool | Corpus | Files | MB | Median s | Files/s | MB/s | Peak RSS MB | × parse-only | Runs |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' '
        { tool[NR] = $1; corpus[NR] = $2; files[NR] = $3; bytes[NR] = $4
          secs[NR] = $5; rss[NR] = $6; runs[NR] = $7
          if ($1 == "parse-only") floor[$2] = $5 }
        END {
            for (i = 1; i <= NR; i++) {
                mb = bytes[i] / 1e6
                if (secs[i] ~ /^failed/) {
                    printf "| %s | %s | %d | %.1f | %s | | | | | |\n", tool[i], corpus[i], files[i], mb, secs[i]
                    continue
                }
                ratio = (corpus[i] in floor && floor[corpus[i]] > 0) ? sprintf("%.1f", secs[i] / floor[corpus[i]]) : ""
                printf "| %s | %s | %d | %.1f | %.3f | %.0f | %.2f | %s | %s | %d |\n",
                    tool[i], corpus[i], files[i], mb, secs[i], files[i] / secs[i], mb / secs[i],
                    (rss[i] > 0 ? sprintf("%.0f", rss[i] / 1024) : ""), ratio, runs[i]
            }
        }' "$RAW"
    echo
    echo "Time for the 100x corpus over time for the 1x corpus (linear = 100):"
    echo
    awk -F'\t' '
        $2 == "1x" && $5 !~ /^failed/ { one[$1] = $5 }
        $2 == "100x" && $5 !~ /^failed/ { hundred[$1] = $5 }
        END { for (t in one) if (t in hundred) printf "- %s: %.0f\n", t, hundred[t] / one[t] }' "$RAW" | sort
    echo
    echo "Machine: $(nproc) CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1),"\
        "$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s), load average at the end:"\
        "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
    echo
    versions="$(rustc --version), $("$CLAIMLINT" --version 2>/dev/null || echo claimlint)"
    versions+=", comrak $(awk '/^name = "comrak"$/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock)"
    [ -n "$MDL" ] && versions+=", $(version_of "$MDL" --help) on Node $(node --version)"
    [ -n "$RUMDL" ] && versions+=", $(version_of "$RUMDL" --version)"
    echo "Versions: $versions"
    echo
    echo "RUNS=$RUNS BUDGET=$BUDGET benches/compare.sh ${CORPORA[*]}"
} >"$RESULTS"

cat "$RESULTS"
say "raw numbers: $RAW; every run: $LOG"
