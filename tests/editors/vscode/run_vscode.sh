#!/usr/bin/env bash
# VS Code end-to-end test: packages the extension (.vsix), installs it into code-server,
# and runs vscode_test.mjs (Chromium through playwright-core) with no network but loopback.
# Usage: run_vscode.sh /path/to/secretls RUN_DIR [--update-readme-screenshot]
# Installs are cached under ~/.cache/secretls-editors (install.sh); screenshots and logs go
# to RUN_DIR. Times out by itself and prints how long it took.
set -euo pipefail
server="$(realpath "$1")"
run="$(mkdir -p "$2" && cd "$2" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
start=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) - $start" | bc; }

[[ -x /usr/bin/chromium ]] || { echo "chromium not installed (scripts/bootstrap.sh test)"; exit 1; }
# A cold cache (code-server's native modules) takes 2-8 minutes on 2 busy cores.
installs="$(timeout -k 5 1000 "$here/install.sh")" || { echo "vscode test: install failed or timed out"; exit 1; }
eval "$installs"
printf 'vscode test: installs ready at %.1f s\n' "$(elapsed)"
vsix="$("$repo/editors/vscode/scripts/package.sh" "$run/package" 2>"$run/package.log")" \
    || { cat "$run/package.log"; exit 1; }
printf 'vscode test: %s packaged at %.1f s\n' "$(basename "$vsix")" "$(elapsed)"

rm -rf "$run/run" && mkdir -p "$run/run/home" "$run/run/tmp"
export HOME="$run/run/home" XDG_CONFIG_HOME="$run/run/home/.config" \
       XDG_DATA_HOME="$run/run/home/.local/share" TMPDIR="$run/run/tmp"
# Never reach the marketplace: point the gallery at a closed loopback port.
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}'
timeout -k 5 120 "$NODE24/bin/node" "$CODE_SERVER" --user-data-dir "$run/run/udd" \
    --extensions-dir "$run/run/extensions" --install-extension "$vsix" >"$run/install.log" 2>&1 \
    || { cat "$run/install.log"; exit 1; }
printf 'vscode test: extension installed at %.1f s\n' "$(elapsed)"

export RUN_DIR="$run/run" SECRETLS_SERVER="$server" CODE_SERVER NODE24 HARNESS_MODULES
[[ "${3:-}" == --update-readme-screenshot ]] \
    && export README_SCREENSHOT="$repo/editors/vscode/images/quickfix.png"
test_cmd=("$NODE24/bin/node" "$here/vscode_test.mjs")
status=0
# A network namespace of our own: only loopback exists, and no port clashes with other
# runs; the pid namespace reaps code-server, the extension host and the server at the end.
# --mount-proc: a /proc that matches the pid namespace (LeakSanitizer in an ASan build of
# secretls reads /proc/<pid>/task and dies without it).
if unshare --net --pid --fork --mount-proc true 2>/dev/null; then
    PORT=8080 timeout -k 5 200 unshare --net --pid --fork --mount-proc --kill-child \
        bash -c 'ip link set lo up && exec "$@"' _ "${test_cmd[@]}" || status=$?
else
    echo "vscode test: WARNING: unshare is not permitted here; running without network isolation"
    PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')" \
        timeout -k 5 200 "${test_cmd[@]}" || status=$?
fi
if [[ $status != 0 ]]; then
    echo "--- extension host log:"; cat "$run"/run/udd/logs/*/exthost*/remoteexthost.log 2>/dev/null | tail -40 || true
    echo "--- secretls output:"; cat "$run"/run/udd/logs/*/exthost*/*secretls*/*.log 2>/dev/null | tail -40 || true
    echo "--- code-server log:"; tail -20 "$run/run/code-server.log" 2>/dev/null || true
fi
printf 'vscode test: %s in %.1f s (code-server 4.139.1, VS Code 1.139.1; screenshots in %s)\n' \
    "$([[ $status == 0 ]] && echo PASS || echo "FAIL($status)")" "$(elapsed)" "$run/run/screenshots"
exit $status
