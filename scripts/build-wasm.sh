#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the WebAssembly module into build-wasm/ (whydenied.mjs + whydenied.wasm) with Debian's
# Emscripten. Incremental: a second run rebuilds only what changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # Debian's acorn, needed by emcc's JS optimizer
bash "$root/scripts/deps-wasm.sh" >/dev/null
out="${WD_WASM_BUILD_DIR:-$root/build-wasm}"
# A build dir configured for other flags (exception model, dependency prefix) is started afresh.
config_id="wasm-eh;Oz;lto;deps=.deps/wasm-eh-lto"
if [ -f "$out/CMakeCache.txt" ] && [ "$(cat "$out/.wd-config" 2>/dev/null)" != "$config_id" ]; then
  rm -rf "$out"
fi
if [ ! -f "$out/CMakeCache.txt" ]; then
  emcmake cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DWD_GENERATED_DIR="$root/build/generated" >/dev/null
fi
echo "$config_id" > "$out/.wd-config"
cmake --build "$out" -j"$(nproc)" --target whydenied_wasm
ls -l "$out/whydenied.mjs" "$out/whydenied.wasm" | awk '{print $5, $9}'
