#!/usr/bin/env bash
# Runs one Emacs check in batch Emacs (times out by itself, prints its time).
# Usage: run_emacs.sh bytecompile
#        run_emacs.sh flymake|eglot /path/to/secretls
set -euo pipefail
which="$1"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
command -v emacs >/dev/null || { echo "emacs not installed (scripts/bootstrap.sh test)"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
status=0
export HOME="$work"  # no user init, no ~/.emacs.d writes
case "$which" in
    bytecompile)
        # Byte-compiles a copy (no .elc left in the repo); any warning is an error.
        cp "$repo/editors/emacs/secretls.el" "$work/"
        timeout -k 5 60 emacs --batch -Q --eval '(setq byte-compile-error-on-warn t)' \
            -f batch-byte-compile "$work/secretls.el" || status=$?
        [[ $status == 0 && -f "$work/secretls.elc" ]] || status=${status/#0/1}
        # The autoloads file generates without errors and names the entry points.
        if [[ $status == 0 ]]; then
            timeout -k 5 60 emacs --batch -Q --eval "(progn (setq generated-autoload-file \"$work/secretls-autoloads.el\") (update-directory-autoloads \"$work\"))" 2>/dev/null || status=$?
            for f in secretls-flymake-mode secretls-register-with-eglot; do
                grep -q "$f" "$work/secretls-autoloads.el" || { echo "autoloads lack $f"; status=1; }
            done
        fi ;;
    flymake|eglot)
        server="$(realpath "$2")"
        cd "$work"
        git init -q . # a project root for project.el and eglot
        SECRETLS_SERVER="$server" SECRETLS_WORKDIR="$work" SECRETLS_EMACS_TEST="$which" \
            timeout -k 5 90 emacs --batch -q -L "$repo/editors/emacs" -l "$here/emacs_test.el" \
            </dev/null >"$work/log" 2>&1 || status=$?
        grep -v '^Loading /etc/emacs' "$work/log" || true ;;
    *) echo "usage: $0 bytecompile | flymake SERVER | eglot SERVER" >&2; exit 2 ;;
esac
printf 'emacs %s test: %s in %.1f s (%s)\n' "$which" \
    "$([[ $status == 0 ]] && echo PASS || echo "FAIL($status)")" \
    "$(echo "$(date +%s.%N) - $start" | bc)" "$(emacs --version | head -1)"
exit $status
