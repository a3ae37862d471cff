#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the bench-only WASM evaluator (bench/eval_wasm.cpp) into $1 (default build-iam-wasm/), from the
# core libraries of an Emscripten build of this repository in the same folder. wasm/pre.js (as in the
# product module) makes the Emscripten 3.1.6 ES module loadable in Node.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build-iam-wasm}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
if [ ! -f "$out/CMakeCache.txt" ]; then
  emcmake cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$out" -j2 --target wd_iam wd_common >/dev/null
# Same exception model and LTO as the libraries (the top-level CMakeLists' Emscripten flags).
prefix="$(sed -n 's/^WD_WASM_PREFIX:PATH=//p' "$out/CMakeCache.txt")"
em++ -O2 -flto -std=c++17 -fwasm-exceptions --pre-js "$root/wasm/pre.js" -I "$root/core" -I "$prefix/include" \
  "$root/bench/eval_wasm.cpp" "$out/core/libwd_iam.a" "$out/core/libwd_common.a" \
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createEvalBench -sENVIRONMENT=node,web \
  -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 \
  "-sEXPORTED_FUNCTIONS=['_wd_eval_load_catalog','_wd_eval_case','_wd_eval_free','_malloc','_free']" \
  "-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8']" \
  -o "$out/eval_bench_wasm.mjs"
ls -l "$out/eval_bench_wasm.mjs" "$out/eval_bench_wasm.wasm" | awk '{print $5, $9}'
