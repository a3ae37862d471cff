#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI's sanitizer pass (called by ./test.sh and the `sanitizers` job of .github/workflows/ci.yml):
#  1. every native suite built with AddressSanitizer + UndefinedBehaviorSanitizer (clang) in build-sanitize/
#     and run with ctest, including the replay of every input fuzzing ever found a bug with
#     (tests/fuzz/regressions/);
#  2. every fuzz target (libFuzzer targets and the share-link harness), seeded from the corpora, with a fixed
#     mutation seed (WD_FUZZ_SEED, default 1) and a fixed number of executions per target (WD_FUZZ_PLAN,
#     about a minute each on a 2-core machine): scripts/fuzz.sh. Counting executions instead of seconds
#     makes the run as long on a loaded CI machine as on an idle one and nearly the same exploration (not
#     bit for bit: new-unit counts differ by a few percent between checkouts). WD_FUZZ_SECONDS (default
#     240) only caps each target's time.
# WD_FUZZ_SECONDS=0 skips step 2. Failing inputs land in test-artifacts/fuzz/. Exploratory fuzzing (longer,
# other seeds, a kept corpus) is scripts/fuzz.sh itself; see tests/fuzz/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/build-sanitize"
seconds="${WD_FUZZ_SECONDS:-240}"
export WD_FUZZ_PLAN="${WD_FUZZ_PLAN:-log=90000 yaml=200000 package=60000 policy=250000 explain=9000 share=50000}"
jobs="${WD_JOBS:-$(nproc)}"

if [ ! -f "$out/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" -DWD_SANITIZE=ON -DWD_FUZZ=ON \
    -DWD_GENERATED_DIR="$root/build/generated" >/dev/null
fi
echo "== build under ASan/UBSan ($out)"
if ! cmake --build "$out" -j"$jobs" > "$out/build.log" 2>&1; then
  grep -E "error:|Error " "$out/build.log" | head -40
  echo "sanitizer build FAILED (full log: $out/build.log)"
  exit 1
fi

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
echo "== native suites under ASan/UBSan"
ctest --test-dir "$out" --output-on-failure -j"$jobs"

if [ "$seconds" = 0 ]; then echo "fuzzing skipped (WD_FUZZ_SECONDS=0)"; exit 0; fi
echo "== fuzzing: $WD_FUZZ_PLAN executions (seed ${WD_FUZZ_SEED:-1}, at most ${seconds}s per target)"
WD_FUZZ_NO_BUILD=1 bash scripts/fuzz.sh "$seconds"
