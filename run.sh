#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# README command 1: install what is missing, build, print the seed analysis, serve the playground.
#   ./run.sh            -> http://localhost:8080 (PORT=9000 ./run.sh to change)
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh

echo
echo "== the seed story: whydenied explain --config examples/seed/serverless.yml --log examples/seed/error.log"
build/bin/whydenied explain --config examples/seed/serverless.yml --log examples/seed/error.log || true
echo
port="${PORT:-8080}"
echo "== playground: http://localhost:${port}/ (the seed example is loaded; Ctrl+C stops)"
exec node web/serve.mjs --dir dist --port "$port"
