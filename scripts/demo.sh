#!/usr/bin/env bash
# Quick start, first command: install what is missing, build, scan the example project.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh build
scripts/build.sh release
echo
echo "== secretls scan examples/ (fake keys; values are masked) =="
build/secretls scan examples/ || true
