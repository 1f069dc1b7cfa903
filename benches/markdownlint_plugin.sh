#!/usr/bin/env bash
# What the markdownlint plugin (integrations/markdownlint) adds to a
# markdownlint-cli2 run, per file: markdownlint-cli2 on N copies of the
# fixture drafts with its default rules and the plugin's (reporting every
# finding), minus the same run without the plugin, divided by N. Prints the
# median of RUNS runs of each. (Measured against markdownlint's own rules
# because they parse with micromark as the plugin does: the plugin adds no
# parse to a real run.)
#
#   benches/markdownlint_plugin.sh [PLUGIN_DIR] [N] [RUNS]
#
# PLUGIN_DIR defaults to integrations/markdownlint (pass a copy of an older
# index.js and rules.json to compare); N to 180 files; RUNS to 5. Needs
# `npm ci --prefix integrations/markdownlint` and a built claimlint, taken
# from CLAIMLINT_PATH (default target/release/claimlint).
#
# Owns only this measurement; it asserts nothing (tests/markdownlint.rs
# tests the plugin's behaviour).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plugin="$(cd "${1:-$root/integrations/markdownlint}" && pwd)"
n="${2:-180}"
runs="${3:-5}"
export CLAIMLINT_PATH="${CLAIMLINT_PATH:-$root/target/release/claimlint}"
cli="$root/integrations/markdownlint/node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs"
[ -x "$CLAIMLINT_PATH" ] || { echo "no claimlint at $CLAIMLINT_PATH (cargo build --release)" >&2; exit 2; }
[ -f "$cli" ] || { echo "run npm ci --prefix integrations/markdownlint" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -t sources < <(find "$root/fixtures/examples" "$root/fixtures/markdown" -name '*.md' | sort)
for ((i = 0; i < n; i++)); do
    cp "${sources[i % ${#sources[@]}]}" "$work/page-$i.md"
done

# Median wall time and median CPU time (user + system, node and the
# processes it waited for), in milliseconds, of markdownlint-cli2 with
# `rules`. CPU time hardly depends on what else the machine is running.
median_ms() {
    local rules="$1" walls=() cpus=()
    printf '{"customRules": %s, "config": {"default": true, "claimlint": {"report": "all"}}}\n' "$rules" \
        > "$work/.markdownlint-cli2.jsonc"
    for ((r = 0; r < runs; r++)); do
        local TIMEFORMAT="%R %U %S" t
        t=$( { time (cd "$work" && node "$cli" "*.md" >/dev/null 2>&1 || true); } 2>&1 )
        read -r wall user sys <<< "$t"
        walls+=("$(awk -v w="$wall" 'BEGIN { printf "%d", w * 1000 }')")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
    done
    local mid=$(((runs + 1) / 2))
    echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p") $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}

read -r base base_cpu <<< "$(median_ms '[]')"
read -r with with_cpu <<< "$(median_ms "[\"$plugin\"]")"
# The plugin really ran: markdownlint-cli2's count of what it reported.
found=$(cd "$work" && node "$cli" "*.md" 2>&1 | grep -m1 '^Summary:' || true)
echo "files: $n ($found)"
echo "markdownlint-cli2 alone: ${base} ms wall, ${base_cpu} ms CPU"
echo "with the plugin:         ${with} ms wall, ${with_cpu} ms CPU"
awk -v a="$with" -v b="$base" -v c="$with_cpu" -v d="$base_cpu" -v n="$n" \
    'BEGIN { printf "added per file: %.2f ms wall, %.2f ms CPU\n", (a - b) / n, (c - d) / n }'
