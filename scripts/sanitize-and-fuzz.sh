#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The native suites again under AddressSanitizer + UndefinedBehaviorSanitizer (clang), then a short
# libFuzzer run of every parser that reads user text, seeded with the corpora. Build dir:
# build-sanitize/. The run is deterministic (fixed seed, fixed number of runs: WD_FUZZ_RUNS, default
# 20000, capped at WD_FUZZ_SECONDS, default 60, per target), so CI repeats what passed here; longer
# exploratory runs: WD_FUZZ_RUNS=-1 WD_FUZZ_SECONDS=600 scripts/sanitize-and-fuzz.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/build-sanitize"
seconds="${WD_FUZZ_SECONDS:-60}"
runs="${WD_FUZZ_RUNS:-20000}"

if [ ! -f "$out/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" -DWD_SANITIZE=ON -DWD_FUZZ=ON \
    -DWD_GENERATED_DIR="$root/build/generated" >/dev/null
fi
cmake --build "$out" -j"$(nproc)" 2>&1 | grep -E "error:|Error " || true

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
echo "== native suites under ASan/UBSan"
ctest --test-dir "$out" --output-on-failure -j"$(nproc)"

# Seeds per fuzz target: <name>_fuzz reads the folders listed in tests/fuzz/<name>.seeds (one per line,
# relative to the repo), or the whole tests/corpus when there is no such file.
shopt -s nullglob
targets=("$out"/bin/*_fuzz)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "no fuzz targets built"; exit 1
fi
for t in "${targets[@]}"; do
  name="$(basename "$t")"; name="${name%_fuzz}"
  seeds=()
  if [ -f "tests/fuzz/$name.seeds" ]; then
    while IFS= read -r d; do [ -n "$d" ] && seeds+=("$root/$d"); done < "tests/fuzz/$name.seeds"
  else
    seeds=("$root/tests/corpus")
  fi
  scratch="$(mktemp -d)"
  echo "== fuzz $name: $runs runs, at most ${seconds}s"
  status=0
  # Crash, leak and timeout inputs go to the scratch folder too, never into the work tree.
  (cd "$scratch" && "$t" -seed=1 -runs="$runs" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
       -print_final_stats=1 -artifact_prefix="$scratch/" "$scratch" "${seeds[@]}") > "$scratch.log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::new_units_added|==|SUMMARY|INFO: seed corpus)" "$scratch.log" || true
  if [ "$status" -ne 0 ]; then
    mkdir -p "$root/test-artifacts/fuzz"
    cp "$scratch"/crash-* "$scratch"/timeout-* "$scratch"/leak-* "$scratch"/oom-* "$root/test-artifacts/fuzz/" 2>/dev/null || true
  fi
  rm -rf "$scratch" "$scratch.log"
  if [ "$status" -ne 0 ]; then echo "fuzz $name FAILED (exit $status; inputs in test-artifacts/fuzz/)"; exit 1; fi
done
echo "fuzzing: ${#targets[@]} targets, no crash"
