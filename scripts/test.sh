#!/usr/bin/env bash
# Quick start, second command: install what is missing, build the release binary and the
# sanitizer build, then run every test (unit, LSP transcripts, end-to-end, real editors).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
# TypeScript's compiler (for the TypeScript quick-fix test) comes from npm, cached outside
# the repository; without it that one test is skipped, loudly.
tsc_dir="${XDG_CACHE_HOME:-$HOME/.cache}/secretls-tools/typescript-5.9.3"
if [[ ! -x "$tsc_dir/node_modules/.bin/tsc" ]] && command -v npm >/dev/null 2>&1; then
    npm install --prefix "$tsc_dir" --no-audit --no-fund --silent typescript@5.9.3 >&2 ||
        echo "test.sh: could not install TypeScript from npm; its fix test will be skipped" >&2
fi
if [[ -x "$tsc_dir/node_modules/.bin/tsc" ]]; then
    export SECRETLS_CMAKE_ARGS="-DSECRETLS_TSC=$tsc_dir/node_modules/.bin/tsc"
fi
scripts/build.sh release
scripts/build.sh asan
cd build-asan
ctest --output-on-failure -j "$(nproc)" --timeout 600
