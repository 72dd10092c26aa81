#!/usr/bin/env bash
# Builds and packages the extension as a .vsix, offline, in a staging folder outside the
# source tree (node_modules come from the cache that tests/editors/vscode/install.sh fills).
# Usage: package.sh OUT_DIR [SECRETLS_BINARY_TO_BUNDLE]   -> OUT_DIR/secretls.vsix
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$src/../.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
eval "$("$repo/tests/editors/vscode/install.sh")"
stage="$out/stage"
rm -rf "$stage" && mkdir -p "$stage"
cp -r "$src/src" "$src/images" "$src/package.json" "$src/package-lock.json" "$src/tsconfig.json" \
      "$src/.vscodeignore" "$src/README.md" "$src/CHANGELOG.md" "$src/LICENSE" "$stage/"
ln -s "$EXTENSION_MODULES" "$stage/node_modules"
# The README's screenshot is made by the VS Code test itself; before its first run, vsce
# still needs a file there.
[[ -f "$stage/images/quickfix.png" ]] || cp "$stage/images/icon.png" "$stage/images/quickfix.png"
if [[ -n "${2:-}" ]]; then
    mkdir -p "$stage/bin" && cp "$2" "$stage/bin/secretls"
fi
cd "$stage"
export PATH="$NODE24/bin:$EXTENSION_MODULES/.bin:$PATH"
tsc --noEmit -p .
esbuild src/extension.ts --bundle --outfile=out/extension.js --external:vscode --format=cjs \
    --platform=node --target=node20 --minify --log-level=warning
vsce package --no-dependencies --no-rewrite-relative-links -o "$out/secretls.vsix" >&2
echo "$out/secretls.vsix"
