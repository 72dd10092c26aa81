#!/usr/bin/env bash
# Runs protocol.test.mjs against a secretls binary and server_path.test.mjs (the extension's
# server lookup) under `node --test` (fast: no VS Code).
# Usage: run_protocol.sh /path/to/secretls
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
eval "$("$here/install.sh" harness)"
start=$(date +%s.%N)
status=0
SECRETLS_SERVER="$(realpath "$1")" HARNESS_MODULES="$HARNESS_MODULES" \
    timeout -k 5 60 "$NODE24/bin/node" --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test \
    --test-reporter=spec "$here/protocol.test.mjs" "$here/server_path.test.mjs" || status=$?
printf 'vscode protocol test: %s in %.1f s\n' "$([[ $status == 0 ]] && echo PASS || echo "FAIL($status)")" \
    "$(echo "$(date +%s.%N) - $start" | bc)"
exit $status
