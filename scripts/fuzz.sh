#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every fuzz target for a given time each and prints executions and new coverage units per target:
#   scripts/fuzz.sh [seconds-per-target]        (default 60)
# C++ targets: libFuzzer + ASan/UBSan, built in build-sanitize/ (configured here when missing; only the fuzz
# targets are built, -j2). JS target: tests/fuzz/share_fuzz.mjs (share-link decoding, Node).
# Seeds per target: the folders listed in tests/fuzz/<name>.seeds, the derived seeds of
# tests/fuzz/gen-seeds.mjs and tests/fuzz/regressions/<name>/ (so every past crash is replayed first).
# New units go to a scratch corpus (or $WD_FUZZ_CORPUS_DIR/<name> when set, to keep it between runs), never
# into the work tree; crash, timeout, leak and OOM inputs are copied to test-artifacts/fuzz/.
# Environment: WD_FUZZ_TARGETS="log yaml ..." (subset, names without _fuzz; "share" is the JS harness),
# WD_FUZZ_SEED (default 1: the same mutation sequence every run), WD_FUZZ_RUNS (cap on executions, -1 =
# none), WD_FUZZ_PLAN ("log=90000 yaml=200000 ...": executions per target, the seconds then only a safety
# cap: the run is as long on a slow machine as on a fast one, and with the fixed seed nearly the same), WD_FUZZ_MAX_LEN (else per target), WD_FUZZ_NICE (niceness, default 0), WD_FUZZ_TIMEOUT (seconds one input may take, default 10: libFuzzer counts wall time,
# so a niced run on a busy machine needs more), WD_FUZZ_ENTROPIC (0/1, else per target: below),
# WD_FUZZ_NO_BUILD=1.
# Exit status 1 when any target failed; every target still runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${1:-${WD_FUZZ_SECONDS:-60}}"
out="$root/build-sanitize"
seed="${WD_FUZZ_SEED:-1}"
runs="${WD_FUZZ_RUNS:--1}"
nice_level="${WD_FUZZ_NICE:-0}"
unit_timeout="${WD_FUZZ_TIMEOUT:-10}"
artifacts="$root/test-artifacts/fuzz"
cxx_targets=(log yaml package policy explain)
targets=(${WD_FUZZ_TARGETS:-${cxx_targets[*]} share})

if [ "${WD_FUZZ_NO_BUILD:-0}" != "1" ]; then
  if [ ! -f "$out/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" -DWD_SANITIZE=ON \
      -DWD_FUZZ=ON -DWD_GENERATED_DIR="$root/build/generated" >/dev/null
  fi
  build=()
  for t in "${targets[@]}"; do if [ "$t" != share ]; then build+=(--target "${t}_fuzz"); fi; done
  if [ "${#build[@]}" -gt 0 ]; then
    cmake --build "$out" -j2 "${build[@]}" 2>&1 | grep -E "error:|Error " || true
  fi
fi

runs_for() {
  local entry
  for entry in ${WD_FUZZ_PLAN:-}; do
    if [ "${entry%%=*}" = "$1" ]; then echo "${entry#*=}"; return; fi
  done
  echo "$runs"
}

max_len_for() {  # small inputs keep the executions per second high; the seeds are all below these
  if [ -n "${WD_FUZZ_MAX_LEN:-}" ]; then echo "$WD_FUZZ_MAX_LEN"; return; fi
  case "$1" in
    policy) echo 4096 ;;
    explain) echo 12288 ;;
    *) echo 8192 ;;
  esac
}

# libFuzzer's "entropic" schedule (on by default) updates a frequency table of every rare feature after each
# run. For the targets that reach the whole engine it was most of the time: explain_fuzz spent 47 % in
# InputCorpus::UpdateFeatureFrequency and 8 % in AddRareFeature (perf, ~50k features), so with it off the
# same 25 s ran 6.6x the inputs and reached more coverage (cov 17.1k vs 16.8k); package 2x, log 1.6x.
# The small targets (yaml, policy) run faster with it (20 s runs, 2026-12-02). WD_FUZZ_ENTROPIC overrides.
entropic_for() {
  if [ -n "${WD_FUZZ_ENTROPIC:-}" ]; then echo "$WD_FUZZ_ENTROPIC"; return; fi
  case "$1" in
    explain|package|log) echo 0 ;;
    *) echo 1 ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
summary=()
failed=()
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for name in "${targets[@]}"; do
  log="$work/$name.log"
  status=0
  if [ "$name" = share ]; then
    echo "== fuzz share (Node): ${seconds}s"
    nice -n "$nice_level" node tests/fuzz/share_fuzz.mjs "$seconds" --seed="$seed" --runs="$(runs_for share)" --artifacts="$artifacts" >"$log" 2>&1 || status=$?
    grep -E "^share_fuzz:" "$log" || true
    units="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    summary+=("share: ${units:-0} executions, new units n/a (no coverage feedback: $(sed -n 's/^stat::distinct_outcomes: *//p' "$log" | tail -1) outcome kinds)")
  else
    bin="$out/bin/${name}_fuzz"
    if [ ! -x "$bin" ]; then echo "== fuzz $name: $bin missing"; failed+=("$name (not built)"); continue; fi
    seeds=()
    if [ -f "tests/fuzz/$name.seeds" ]; then
      while IFS= read -r d; do if [ -n "$d" ] && [ -d "$root/$d" ]; then seeds+=("$root/$d"); fi; done < "tests/fuzz/$name.seeds"
    fi
    node tests/fuzz/gen-seeds.mjs "$name" "$work/$name.gen" >/dev/null
    if [ -n "$(ls -A "$work/$name.gen")" ]; then seeds+=("$work/$name.gen"); fi
    if [ -d "tests/fuzz/regressions/$name" ]; then seeds+=("$root/tests/fuzz/regressions/$name"); fi
    corpus="$work/$name.corpus"
    if [ -n "${WD_FUZZ_CORPUS_DIR:-}" ]; then corpus="$WD_FUZZ_CORPUS_DIR/$name"; fi
    mkdir -p "$corpus" "$work/$name.art"
    echo "== fuzz $name: $( [ "$(runs_for "$name")" -ge 0 ] && echo "$(runs_for "$name") runs, at most ")${seconds}s, seed $seed, max_len $(max_len_for "$name"), entropic $(entropic_for "$name")"
    # The first folder receives the new units: the scratch corpus, never a seed folder of the work tree.
    (cd "$work/$name.art" && nice -n "$nice_level" "$bin" -seed="$seed" -entropic="$(entropic_for "$name")" -runs="$(runs_for "$name")" -max_total_time="$seconds" \
       -max_len="$(max_len_for "$name")" -timeout="$unit_timeout" -rss_limit_mb=4096 -print_final_stats=1 \
       -artifact_prefix="$work/$name.art/" "$corpus" "${seeds[@]}") >"$log" 2>&1 || status=$?
    grep -E "^(INFO: seed corpus|==[0-9]+==|SUMMARY|fuzz invariant)" "$log" | head -5 || true
    units="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    newu="$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    summary+=("$name: ${units:-?} executions (${rate:-?}/s), ${newu:-?} new units")
    if [ "$status" -ne 0 ]; then
      mkdir -p "$artifacts"
      for f in "$work/$name.art"/crash-* "$work/$name.art"/timeout-* "$work/$name.art"/leak-* "$work/$name.art"/oom-*; do
        if [ -e "$f" ]; then cp "$f" "$artifacts/${name}-$(basename "$f")"; fi
      done
      cp "$log" "$artifacts/$name.log"
      tail -40 "$log"
    fi
  fi
  if [ "$status" -ne 0 ]; then failed+=("$name"); echo "fuzz $name FAILED (exit $status; inputs in test-artifacts/fuzz/)"; fi
done

echo
echo "== fuzz summary (${WD_FUZZ_PLAN:+plan: $WD_FUZZ_PLAN; }at most ${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then echo "fuzz FAILED: ${failed[*]}"; exit 1; fi
echo "fuzzing: ${#targets[@]} targets, no crash"
