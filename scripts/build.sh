#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds everything (incrementally): the IAM catalog, the native CLI and tests (build/), the WebAssembly
# module (build-wasm/) and the static page (dist/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jobs="$(nproc)"

echo "== native build (build/)"
# yaml-cpp is compiled from Debian's source package into the CLI (static, -O3: packaging ~8 % faster than
# with the shared libyaml-cpp; docs/performance.md). Without the source the system library is used.
yaml_src="$(bash scripts/yaml-cpp-source.sh 2>/dev/null || true)"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DWD_YAML_CPP_SOURCE="$yaml_src" >/dev/null
elif [ -n "$yaml_src" ] && ! grep -qxF "WD_YAML_CPP_SOURCE:PATH=$yaml_src" build/CMakeCache.txt; then
  cmake -S . -B build -DWD_YAML_CPP_SOURCE="$yaml_src" >/dev/null
fi
cmake --build build -j"$jobs" 2>&1 | grep -E "error:|\*\*\* \[" || true
test -x build/bin/whydenied || { echo "native build failed"; cmake --build build -j1; exit 1; }

echo "== WebAssembly build (build-wasm/)"
bash scripts/build-wasm.sh

echo "== page (dist/)"
node web/build.mjs
