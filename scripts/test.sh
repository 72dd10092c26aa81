#!/usr/bin/env bash
# Quick start, second command: install what is missing, build the release binary and the
# sanitizer build, then run every test (unit, LSP transcripts, end-to-end, real editors).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
scripts/build.sh release
scripts/build.sh asan
cd build-asan
ctest --output-on-failure -j "$(nproc)" --timeout 600
