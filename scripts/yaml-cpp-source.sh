#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Unpacks Debian's source package of yaml-cpp into .deps/src (once; needs a deb-src line, which
# scripts/install-deps.sh adds) and prints the source folder. Both builds compile this same source: the
# WebAssembly one (scripts/deps-wasm.sh) and the native one (CMakeLists.txt, WD_YAML_CPP_SOURCE), both with
# the patch of scripts/patch-yaml-cpp.mjs applied.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src_dir="$root/.deps/src"
mkdir -p "$src_dir"
if ! ls -d "$src_dir"/yaml-cpp-*/ >/dev/null 2>&1; then
  (cd "$src_dir" && { apt-get source yaml-cpp >/dev/null 2>&1 || apt-get source yaml-cpp >&2; })
fi
src="$(ls -d "$src_dir"/yaml-cpp-*/ | head -n 1 | sed 's:/$::')"
# WhyDenied's speed patch to the scanner (same answers; scripts/patch-yaml-cpp.mjs says why), idempotent.
if ! node "$root/scripts/patch-yaml-cpp.mjs" "$src" >/dev/null; then
  # An older version of the patch is in the tree: unpack the source again and patch that.
  rm -rf "$src"
  (cd "$src_dir" && dpkg-source -x ./yaml-cpp_*.dsc >/dev/null)
  src="$(ls -d "$src_dir"/yaml-cpp-*/ | head -n 1 | sed 's:/$::')"
  node "$root/scripts/patch-yaml-cpp.mjs" "$src" >/dev/null
fi
echo "$src"
