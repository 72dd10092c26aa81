#!/usr/bin/env bash
# Installs exactly the Debian packages secretls needs that are missing (dpkg -s first, so a
# second run costs a fraction of a second). Usage: scripts/bootstrap.sh [build|test]
set -euo pipefail

build_packages=(cmake ninja-build g++ pkg-config nlohmann-json3-dev libre2-dev libasio-dev
                libfmt-dev libtomlplusplus-dev libhyperscan-dev)
# The test suite also drives real editors and parsers, and compares against ripgrep.
test_packages=(catch2 python3 ripgrep neovim emacs-nox elpa-eglot
               chromium libkrb5-dev build-essential iproute2 curl bc fonts-noto-color-emoji fonts-wqy-microhei
               golang-go ruby php-cli python3-yaml openjdk-17-jdk-headless rustc nodejs)

wanted=("${build_packages[@]}")
if [[ "${1:-build}" == test ]]; then
    wanted+=("${test_packages[@]}")
fi
# Debian's nodejs ships npm separately; machines with NodeSource's nodejs already have it.
if [[ "${1:-build}" == test ]] && ! command -v npm >/dev/null 2>&1; then
    wanted+=(npm)
fi
if [[ -n "${SECRETLS_EXTRA_PACKAGES:-}" ]]; then
    read -r -a extra <<<"$SECRETLS_EXTRA_PACKAGES"
    wanted+=("${extra[@]}")
fi

missing=()
for p in "${wanted[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
