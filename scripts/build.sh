#!/usr/bin/env bash
# Configures and builds one build tree. Usage: scripts/build.sh [release|asan]
#   release -> build/      (the binary tools rely on: build/secretls)
#   asan    -> build-asan/ (the test suite, under AddressSanitizer + UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
jobs="$(nproc)"
case "$kind" in
    release) dir=build; flags=(-DCMAKE_BUILD_TYPE=Release -DSECRETLS_SANITIZE=OFF) ;;
    asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DSECRETLS_SANITIZE=ON -DSECRETLS_BENCH=OFF) ;;
    *) echo "usage: $0 [release|asan]" >&2; exit 2 ;;
esac
# Configuring again is cheap and keeps the cache in line with the flags above.
# SECRETLS_CMAKE_ARGS: extra -D options (scripts/test.sh passes the TypeScript compiler).
read -r -a extra <<<"${SECRETLS_CMAKE_ARGS:-}"
cmake -S . -B "$dir" -G Ninja "${flags[@]}" "${extra[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"
