#!/usr/bin/env bash
# Scan benchmark (not a test): secretls vs ripgrep on the same generated tree, one thread each.
#
#   tests/bench/scan_bench.sh [SECRETLS_BINARY] [RUNS]
#
# Generates two trees of ~200 MB of source code with 500 planted fake secrets each (once;
# tests/bench/gen_tree.py, seeded; see its comment for the profiles):
#   /tmp/secretls-bench-tree-ordinary  as dense in secret-ish words (key, token, password...)
#                                      as real code measured on this machine: the headline
#   /tmp/secretls-bench-tree           the "dense" profile (22 % of lines hold such a word):
#                                      the benchmark's only tree until 2026-11-28, kept as the
#                                      stress case for keyword-triggered rules
# and on each times, RUNS times each (default 5), interleaved so both see the same load:
#   secretls scan --jobs 1 --format json TREE      (all built-in rules, filters, ignores)
#   rg -j1 -c -f tests/bench/rg-patterns.txt TREE  (35 common credential patterns)
# and prints per tree the medians, MB/s, the ratio; then start-up times (secretls --version, and
# secretls rules, which loads every rule). Timings include reading the files.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
secretls="${1:-$root/build/secretls}"
runs="${2:-5}"
mb="${SECRETLS_BENCH_MB:-200}"

[ -x "$secretls" ] || { echo "no secretls binary at $secretls (build first)" >&2; exit 2; }
command -v rg >/dev/null || { echo "ripgrep (rg) is required" >&2; exit 2; }

# "wall cpu" seconds of a command (output discarded; exit status ignored: both tools exit
# non-zero when they find something). CPU time (user + system) is reported too because on a
# machine shared with other jobs it varies far less than wall time.
measure() {
    local out
    out=$(mktemp)
    /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null 2>&1 || true
    # The last line: /usr/bin/time writes "Command exited with non-zero status" first.
    tail -n 1 "$out" | awk '{printf "%s %.2f\n", $1, $2 + $3}'
    rm -f "$out"
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

rules=$("$secretls" rules | wc -l)

# Times both tools on one tree and prints its lines of the report.
bench_tree() {
    local profile="$1" tree="$2"
    if [ ! -d "$tree" ]; then
        python3 "$here/gen_tree.py" "$tree" --mb "$mb" --seed 1 --secrets 500 --profile "$profile"
    fi
    local bytes
    bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    # Warm the page cache so that both tools read from memory.
    find "$tree" -type f -exec cat {} + >/dev/null
    local s_wall=() s_cpu=() r_wall=() r_cpu=() w c
    for i in $(seq "$runs"); do
        read -r w c < <(measure "$secretls" scan --jobs 1 --format json "$tree"); s_wall+=("$w"); s_cpu+=("$c")
        read -r w c < <(measure rg -j1 -c -f "$here/rg-patterns.txt" "$tree"); r_wall+=("$w"); r_cpu+=("$c")
    done
    local s_med s_cmed r_med r_cmed findings
    s_med=$(printf '%s\n' "${s_wall[@]}" | median); s_cmed=$(printf '%s\n' "${s_cpu[@]}" | median)
    r_med=$(printf '%s\n' "${r_wall[@]}" | median); r_cmed=$(printf '%s\n' "${r_cpu[@]}" | median)
    findings=$("$secretls" scan --jobs 1 --format json "$tree" 2>/dev/null | grep -o '"rule"' | wc -l || true)
    mbs() { echo "scale=1; $bytes / 1000000 / $1" | bc -l; }
    printf '%s tree: %s (%.1f MB), %d rules, %s findings reported\n' "$profile" "$tree" \
        "$(echo "$bytes / 1000000" | bc -l)" "$rules" "$findings"
    printf '  secretls scan --jobs 1:     wall median %.2f s (%s MB/s), CPU median %.2f s (%s MB/s)  wall runs: %s\n' \
        "$s_med" "$(mbs "$s_med")" "$s_cmed" "$(mbs "$s_cmed")" "${s_wall[*]}"
    printf '  rg -j1 -c -f (35 patterns): wall median %.2f s (%s MB/s), CPU median %.2f s (%s MB/s)  wall runs: %s\n' \
        "$r_med" "$(mbs "$r_med")" "$r_cmed" "$(mbs "$r_cmed")" "${r_wall[*]}"
    printf '  secretls speed-up over ripgrep: %.2fx (wall), %.2fx (CPU)\n' \
        "$(echo "$r_med / $s_med" | bc -l)" "$(echo "$r_cmed / $s_cmed" | bc -l)"
}

bench_tree ordinary "${SECRETLS_BENCH_TREE:-/tmp/secretls-bench-tree-ordinary}"
bench_tree dense "${SECRETLS_BENCH_DENSE_TREE:-/tmp/secretls-bench-tree}"

v_times=() l_times=()
for i in $(seq 10); do
    read -r w c < <(measure "$secretls" --version); v_times+=("$w")
    read -r w c < <(measure "$secretls" rules); l_times+=("$w")
done

# /usr/bin/time counts in hundredths of a second: a median of 0 means under 10 ms.
ms() { median | awk '{ms = $1 * 1000; if (ms < 10) print "<10"; else printf "%.0f\n", ms}'; }
printf 'start-up: secretls --version median %s ms; secretls rules (all rules loaded) median %s ms (time resolution 10 ms)\n' \
    "$(printf '%s\n' "${v_times[@]}" | ms)" "$(printf '%s\n' "${l_times[@]}" | ms)"
