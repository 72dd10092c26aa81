#!/usr/bin/env bash
# A/B benchmark (not a test): CPU time (user + system) of `scan --jobs 1 --format json TREE`
# for several secretls binaries, interleaved run by run so that all see the same machine load,
# and the median and minimum per binary.
#
#   tests/bench/ab_scan.sh RUNS BINARY... [-- TREE]
#
# TREE defaults to the scan benchmark's dense tree (/tmp/secretls-bench-tree); its ordinary tree is
# /tmp/secretls-bench-tree-ordinary (both made by scan_bench.sh).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 RUNS BINARY... [-- TREE]" >&2; exit 2; }
runs="$1"; shift
binaries=()
tree="${SECRETLS_BENCH_TREE:-/tmp/secretls-bench-tree}"
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then tree="$2"; break; fi
    binaries+=("$1"); shift
done
[ -d "$tree" ] || { echo "no tree at $tree (run tests/bench/scan_bench.sh once)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
    for b in "${!binaries[@]}"; do
        /usr/bin/time -o "$out/t" -f '%U %S' "${binaries[$b]}" scan --jobs 1 --format json "$tree" \
            >/dev/null 2>&1 || true
        tail -n 1 "$out/t" | awk '{print $1 + $2}' >>"$out/$b"
    done
done
for b in "${!binaries[@]}"; do
    sort -g "$out/$b" | awk -v name="${binaries[$b]}" \
        '{a[NR] = $1} END {printf "%s: CPU median %.2f s, min %.2f s (%d runs)\n", name, a[int((NR + 1) / 2)], a[1], NR}'
done
