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
