#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Unpacks Debian's source package of yaml-cpp into .deps/src (once; needs a deb-src line, which
# scripts/install-deps.sh adds) and prints the source folder. Both builds compile this same source: the
# WebAssembly one (scripts/deps-wasm.sh) and the native one (CMakeLists.txt, WD_YAML_CPP_SOURCE).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src_dir="$root/.deps/src"
mkdir -p "$src_dir"
if ! ls -d "$src_dir"/yaml-cpp-*/ >/dev/null 2>&1; then
  (cd "$src_dir" && { apt-get source yaml-cpp >/dev/null 2>&1 || apt-get source yaml-cpp >&2; })
fi
ls -d "$src_dir"/yaml-cpp-*/ | head -n 1 | sed 's:/$::'
