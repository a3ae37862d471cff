#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the benchmarks and prints their figures (not timed tests). One section per area; each owner
# keeps their own section.
#   bench/run-bench.sh [build-dir]        (default: build/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"

# --- IAM evaluation (bench/eval_bench.cpp, bench/eval_bench.mjs) ---
# Native figures from bench_eval; WASM (full module in build-wasm/ and, when built with
# bench/eval_wasm_build.sh, the evaluator-only module) and @cloud-copilot/iam-simulate (installed into
# .bench-scratch/, never a dependency) in the same run, with the ratios and the cold start.
cmake --build "$build" -j2 --target bench_eval >/dev/null
WD_GENERATED_DIR="${WD_GENERATED_DIR:-$build/generated}" \
  node "$root/bench/eval_bench.mjs" --native "$build/bin/bench_eval" --seconds "${WD_BENCH_SECONDS:-3}"

# --- Packaging (bench/package_bench.cpp, bench/package_bench.mjs) ---
# ms per package of a generated 100-function serverless.yml, native and in the WASM module (build-wasm/);
# `sls package` too when WD_SLS_DIR points at a scratch folder with serverless@3.40.0 installed.
cmake --build "$build" -j2 --target bench_package >/dev/null
node "$root/bench/package_bench.mjs" --native "$build/bin/bench_package" --seconds "${WD_BENCH_SECONDS:-3}" \
  ${WD_SLS_DIR:+--sls "$WD_SLS_DIR"}

# --- The seed story end to end (bench/explain_bench.cpp, bench/explain_bench.mjs) ---
cmake --build "$build" -j2 --target bench_explain >/dev/null
"$build/bin/bench_explain" "${WD_BENCH_SECONDS:-3}"
WD_GENERATED_DIR="${WD_GENERATED_DIR:-$build/generated}" node "$root/bench/explain_bench.mjs" --seconds "${WD_BENCH_SECONDS:-3}"
