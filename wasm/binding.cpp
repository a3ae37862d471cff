// SPDX-License-Identifier: MIT
// The WebAssembly shell: C entry points over one engine instance. Strings cross as UTF-8 buffers the
// JavaScript side allocates with malloc (not ccall's stack strings: a pasted 5 MB log would overflow
// the stack). Answers are malloc'd and released by wd_free. Nothing throws across this boundary:
// engine::call_text catches everything.
#include <cstdlib>
#include <cstring>
#include <string>

#include "api/engine.hpp"

namespace {
// The shell owns the one engine of this module instance (the core has no globals).
wd::api::engine& shell_engine() {
    static wd::api::engine e;
    return e;
}

char* copy_out(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (!out) return nullptr;
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}
}  // namespace

extern "C" {

char* wd_call(const char* command, const char* input, std::size_t input_len) {
    return copy_out(shell_engine().call_text(command ? command : "", std::string_view(input ? input : "", input_len)));
}

char* wd_load_catalog(const char* text, std::size_t len) {
    try {
        return copy_out(shell_engine().load_catalog(std::string_view(text, len)).dump());
    } catch (...) {
        return copy_out("[{\"severity\":\"error\",\"code\":\"WD9999\",\"message\":\"internal error\"}]");
    }
}

char* wd_load_managed_policies(const char* text, std::size_t len) {
    try {
        return copy_out(shell_engine().load_managed_policies(std::string_view(text, len)).dump());
    } catch (...) {
        return copy_out("[{\"severity\":\"error\",\"code\":\"WD9999\",\"message\":\"internal error\"}]");
    }
}

char* wd_render(const char* command, const char* answer_json, const char* locale) {
    try {
        auto answer = wd::json::parse(answer_json ? answer_json : "{}", nullptr, false);
        return copy_out(shell_engine().render(command ? command : "", answer, locale ? locale : "en"));
    } catch (...) {
        return copy_out("");
    }
}

void wd_free(char* p) { std::free(p); }

}  // extern "C"
