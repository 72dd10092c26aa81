#!/usr/bin/env bash
# Runs protocol.test.mjs under `node --test` against a secretls binary (fast: no VS Code).
# Usage: run_protocol.sh /path/to/secretls
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
eval "$("$here/install.sh" harness)"
start=$(date +%s.%N)
status=0
SECRETLS_SERVER="$(realpath "$1")" HARNESS_MODULES="$HARNESS_MODULES" \
    timeout -k 5 60 "$NODE24/bin/node" --test --test-reporter=spec "$here/protocol.test.mjs" || status=$?
printf 'vscode protocol test: %s in %.1f s\n' "$([[ $status == 0 ]] && echo PASS || echo "FAIL($status)")" \
    "$(echo "$(date +%s.%N) - $start" | bc)"
exit $status
