#!/usr/bin/env bash
# Runs tests/editors/nvim_test.lua in a headless Neovim against a secretls binary.
# Usage: run_nvim.sh /path/to/secretls   (times out by itself after 60 s, prints its time)
set -euo pipefail
server="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
command -v nvim >/dev/null || { echo "nvim not installed (scripts/bootstrap.sh test)"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
status=0
SECRETLS_SERVER="$server" SECRETLS_WORKDIR="$work" SECRETLS_PLUGIN_DIR="$repo/editors/nvim" \
HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
    timeout -k 5 60 nvim --headless -u NONE -i NONE -n -c "luafile $here/nvim_test.lua" </dev/null \
    || status=$?
printf 'nvim test: %s in %.1f s (%s)\n' "$([[ $status == 0 ]] && echo PASS || echo "FAIL($status)")" \
    "$(echo "$(date +%s.%N) - $start" | bc)" "$(nvim --version | head -1)"
exit $status
