#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds everything (incrementally): the IAM catalog, the native CLI and tests (build/), the WebAssembly
# module (build-wasm/) and the static page (dist/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jobs="$(nproc)"

echo "== native build (build/)"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build -j"$jobs" 2>&1 | grep -E "error:|\*\*\* \[" || true
test -x build/bin/whydenied || { echo "native build failed"; cmake --build build -j1; exit 1; }

echo "== WebAssembly build (build-wasm/)"
bash scripts/build-wasm.sh

echo "== page (dist/)"
node web/build.mjs
