#!/usr/bin/env bash
# Whether two claimlint binaries give byte-identical output: the check a
# performance change must pass ("output identical before and after").
#
#   benches/same-output.sh BEFORE AFTER [DIR…]
#
# BEFORE and AFTER are claimlint binaries (build the old commit into, say,
# /tmp/cl-before with `git worktree add` and `cargo build --release`).
# Compares, for fixtures/ and each DIR (default: the generated `1x`
# benchmark corpus, written if missing): `check` in every output format
# and `claims --format json`, stdout and exit status. Prints each
# difference and exits 1 if there is one, else prints "identical" and
# exits 0. Run from anywhere.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: benches/same-output.sh BEFORE AFTER [DIR…]" >&2
    exit 2
fi
before=$(realpath "$1")
after=$(realpath "$2")
shift 2
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for bin in "$before" "$after"; do
    [ -x "$bin" ] || { echo "error: $bin is not an executable" >&2; exit 2; }
done
if [ $# -gt 0 ]; then
    dirs=("$@")
else
    cargo build --quiet --release --example gen-corpus
    [ -d target/bench-corpus/1x ] ||
        target/release/examples/gen-corpus --scale 1 --out target/bench-corpus/1x >/dev/null
    dirs=(target/bench-corpus/1x)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
differ=0

# Runs both binaries with the same arguments; reports a difference.
compare() {
    local status_before=0 status_after=0
    "$before" "$@" >"$tmp/before" 2>/dev/null || status_before=$?
    "$after" "$@" >"$tmp/after" 2>/dev/null || status_after=$?
    if [ "$status_before" != "$status_after" ] || ! cmp -s "$tmp/before" "$tmp/after"; then
        echo "differs: claimlint $* (exit $status_before before, $status_after after)"
        differ=1
    fi
}

for dir in fixtures "${dirs[@]}"; do
    for format in human concise json sarif github gitlab junit; do
        compare check --format "$format" "$dir"
    done
    compare claims --format json "$dir"
done
if [ "$differ" = 0 ]; then
    echo "identical"
fi
exit "$differ"
