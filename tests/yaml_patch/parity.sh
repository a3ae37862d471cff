#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The patched yaml-cpp (PATCHED) and Debian's unpatched one (SYSTEM) must produce the same event stream,
# marks and errors for every YAML file in the repository and for 40 one-byte variants of each
# (tests/yaml_patch/yaml_events.cpp). Run from the repository root by ctest (test `yaml_patch`).
#   tests/yaml_patch/parity.sh PATCHED SYSTEM
set -euo pipefail
patched="$1" system="$2"
mapfile -t files < <(find tests examples -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
mapfile -t -O "${#files[@]}" files < <(find tests/fuzz/regressions -type f | sort)
[ "${#files[@]}" -gt 100 ] || { echo "only ${#files[@]} YAML files found: run from the repository root" >&2; exit 2; }
a="$(mktemp)" b="$(mktemp)"
trap 'rm -f "$a" "$b"' EXIT
printf '%s\0' "${files[@]}" | xargs -0 "$patched" --variants 40 > "$a"
printf '%s\0' "${files[@]}" | xargs -0 "$system" --variants 40 > "$b"
if ! cmp -s "$a" "$b"; then
  echo "the patched yaml-cpp differs from Debian's on:" >&2
  diff "$a" "$b" | head -20 >&2
  exit 1
fi
echo "yaml-cpp patch parity: $(wc -l < "$a") inputs (${#files[@]} files x 41), identical event streams"
