// SPDX-License-Identifier: MIT
// Bench-only WebAssembly build of the IAM evaluator alone (core/iam + core/common), used by
// bench/eval_bench.mjs when the full module (build-wasm/whydenied.mjs) is not built, and to show the
// evaluator's own cost next to the full module's. Same evaluate_case as the product; not shipped.
#include <emscripten.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "iam/catalog.hpp"
#include "iam/evaluator.hpp"

namespace {
wd::iam::catalog& the_catalog() {
    static wd::iam::catalog cat;
    return cat;
}
char* dup(const std::string& s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(p, s.data(), s.size() + 1);
    return p;
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int wd_eval_load_catalog(const char* text, int len) {
    wd::diagnostics d;
    the_catalog() = wd::iam::catalog::from_json(std::string_view(text, static_cast<std::size_t>(len)), d);
    return d.empty() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE char* wd_eval_case(const char* text, int len) {
    wd::json in = wd::json::parse(text, text + len, nullptr, false);
    const wd::iam::catalog* cat = the_catalog().empty() ? nullptr : &the_catalog();
    return dup(wd::iam::evaluate_case(in, cat).dump());
}

EMSCRIPTEN_KEEPALIVE void wd_eval_free(char* p) { std::free(p); }
}
