#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# README command 2: install what is missing, build, and run every test:
#   native Catch2 suites (ctest), the WebAssembly module under Node, the page in headless Chromium,
#   a smoke run of the benchmark scripts, and the suites again under ASan/UBSan with each fuzz target for 60 s.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh

failed=0
run() {  # run NAME CMD...: keeps going after a failing suite, reports all at the end
  local name="$1"; shift
  echo; echo "== $name"
  if "$@"; then passed_suites+=("$name"); else failed=1; failed_suites+=("$name"); fi
}
passed_suites=(); failed_suites=()

run "native tests (ctest)" ctest --test-dir build --output-on-failure -j"$(nproc)"
run "WebAssembly module under Node" node --test --test-concurrency=1 tests/wasm/
run "page in headless Chromium" node --test --test-concurrency=1 tests/web/
# The benchmark scripts still run (short durations, no `sls`): figures are printed, goals never fail it.
run "benchmark scripts (smoke)" bash bench/run-bench.sh --quick
if [ "${WD_SKIP_SANITIZE:-0}" != "1" ]; then
  run "sanitizers and fuzzing" bash scripts/sanitize-and-fuzz.sh
fi

echo
echo "suites passed: ${passed_suites[*]:-none}"
[ "$failed" -eq 0 ] || echo "suites FAILED: ${failed_suites[*]}"
echo "suites: ${#passed_suites[@]} passed, ${#failed_suites[@]} failed"
exit "$failed"
