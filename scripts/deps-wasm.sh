#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Stages the WebAssembly build's dependencies in .deps/wasm (idempotent):
#   - yaml-cpp built from Debian's own source package with emcmake (exceptions on);
#   - nlohmann/json headers copied from Debian's package (never put /usr/include on emcc's path).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
deps="$root/.deps"
prefix="$deps/wasm-eh-lto"   # yaml-cpp built with -fwasm-exceptions (see CMakeLists.txt)
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # Debian's acorn for emcc's optimizer

mkdir -p "$prefix/include" "$prefix/lib" "$deps/src"

if [ ! -f "$prefix/include/nlohmann/json.hpp" ]; then
  cp -r /usr/include/nlohmann "$prefix/include/"
fi

# The library is rebuilt when the speed patch it was built with (scripts/patch-yaml-cpp.mjs) changes.
patch_id="$(node "$root/scripts/patch-yaml-cpp.mjs" --id)"
if [ ! -f "$prefix/lib/libyaml-cpp.a" ] || [ "$(cat "$prefix/.yaml-cpp-patch" 2>/dev/null)" != "$patch_id" ]; then
  src="$(bash "$root/scripts/yaml-cpp-source.sh")"   # Debian's source package, unpacked once, patched
  emcmake cmake -S "$src" -B "$prefix-yaml-build" -DCMAKE_BUILD_TYPE=Release \
    -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF \
    -DYAML_BUILD_SHARED_LIBS=OFF -DCMAKE_CXX_FLAGS="-fwasm-exceptions -flto" -DCMAKE_CXX_FLAGS_RELEASE="-Oz -DNDEBUG" \
    -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
  cmake --build "$prefix-yaml-build" -j"$(nproc)" >/dev/null
  cmake --install "$prefix-yaml-build" >/dev/null
  [ -f "$prefix/lib/libyaml-cpp.a" ] || cp "$deps/yaml-cpp-build/libyaml-cpp.a" "$prefix/lib/"
  echo "$patch_id" > "$prefix/.yaml-cpp-patch"
fi
echo "wasm deps ready in $prefix"
