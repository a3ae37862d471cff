#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the WebAssembly module into build-wasm/ (whydenied.mjs + whydenied.wasm) with Debian's
# Emscripten. Incremental: a second run rebuilds only what changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # Debian's acorn, needed by emcc's JS optimizer
bash "$root/scripts/deps-wasm.sh" >/dev/null
out="${WD_WASM_BUILD_DIR:-$root/build-wasm}"
if [ ! -f "$out/CMakeCache.txt" ]; then
  emcmake cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DWD_GENERATED_DIR="$root/build/generated" >/dev/null
fi
cmake --build "$out" -j"$(nproc)" --target whydenied_wasm
ls -l "$out/whydenied.mjs" "$out/whydenied.wasm" | awk '{print $5, $9}'
