#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every benchmark figure in one run on one machine (issue 8), then the goals of issues 3-7 checked against
# them (✓/✗ table at the end). Not a timed test: it prints figures and fails only if a bench breaks.
#   bench/run-bench.sh [--quick] [--write] [--seconds N] [build-dir]     (build-dir defaults to build/)
#     --quick   smoke run: short durations, one page load, no `sls package`
#     --write   also rewrite the generated block of docs/performance.md with this run's figures
# Needs: the native build dir configured (Release; the bench_* targets are built here), the WASM module in
# build-wasm/ (scripts/build-wasm.sh) and dist/ (node web/build.mjs) -- neither is rebuilt here -- and npm
# access the first time, to install @cloud-copilot/iam-simulate and serverless@3.40.0 into .bench-scratch/
# (dev-only comparisons, never dependencies of the product). A full run takes a few minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build"
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick|--write) pass+=("$1") ;;
    --seconds) pass+=("$1" "${2:?--seconds needs a value}"); shift ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) build="$(cd "$1" && pwd)" ;;
  esac
  shift
done
if [ ! -f "$build/CMakeCache.txt" ]; then
  echo "no configured native build in $build (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release)" >&2
  exit 2
fi
echo "building bench_eval bench_log bench_package bench_explain in $build ..."
log="$(mktemp)"
if ! cmake --build "$build" -j2 --target bench_eval bench_log bench_package bench_explain >"$log" 2>&1; then
  tail -40 "$log" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
exec node "$root/bench/run-all.mjs" --build "$build" ${pass[@]+"${pass[@]}"}
