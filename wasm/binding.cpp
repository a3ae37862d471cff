// SPDX-License-Identifier: MIT
// The WebAssembly shell: C entry points over one engine instance. Strings cross as UTF-8 buffers the
// JavaScript side allocates with malloc (not ccall's stack strings: a pasted 5 MB log would overflow
// the stack). Answers are malloc'd and released by wd_free. Nothing throws across this boundary:
// engine::call_text catches everything.
//
// Memory (issue 8): the heap is capped (MAXIMUM_MEMORY in CMakeLists.txt). When it is full, the
// replacement operator new below records the failure before throwing std::bad_alloc; whichever area
// catches it, the shell then answers with WD9005 ("out of memory") instead of that area's internal
// error, and the module stays usable (the stack has unwound, so the memory is free again).
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "api/engine.hpp"
#include "common/diagnostic.hpp"

namespace {
// The shell owns the one engine of this module instance (the core has no globals).
wd::api::engine& shell_engine() {
    static wd::api::engine e;
    return e;
}

// Set by operator new when the capped heap cannot serve a request; read and reset around each call.
bool g_out_of_memory = false;

// Returned when even the answer cannot be allocated; never passed to free (see wd_free).
char oom_fallback[] =
    "{\"schema\":\"whydenied/error@1\",\"diagnostics\":[{\"severity\":\"error\",\"code\":\"WD9005\","
    "\"message\":\"out of memory: the input is too large to analyse here\",\"file\":\"request\","
    "\"line\":null,\"column\":null}]}";

char* copy_out(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (!out) return oom_fallback;
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

wd::diagnostic oom_diagnostic() {
    return wd::make_error("WD9005", "out of memory: the input is too large to analyse here (the engine may use at most 1 GB)",
                          "request", 0, 0, wd::json{{"limitBytes", 1073741824}});
}

// The answer of a call that ran out of memory: its partial result is not trustworthy, so only stamps
// and the WD9005 diagnostic are returned.
char* oom_answer(bool as_array) {
    try {
        wd::json diags = wd::to_json(wd::diagnostics{oom_diagnostic()});
        if (as_array) return copy_out(diags.dump());
        wd::json a = wd::json::object();
        a["schema"] = "whydenied/error@1";
        a["engine"] = wd::api::engine_version();
        std::string date = shell_engine().catalog_date();
        a["catalog"] = date.empty() ? wd::json(nullptr) : wd::json(date);
        a["diagnostics"] = diags;
        return copy_out(a.dump(2));
    } catch (...) {
        return oom_fallback;
    }
}

template <class F>
char* guarded(bool as_array, F&& f) {
    g_out_of_memory = false;
    char* out = nullptr;
    try {
        out = copy_out(f());
    } catch (...) {
        if (!g_out_of_memory)
            return copy_out(as_array ? "[{\"severity\":\"error\",\"code\":\"WD9999\",\"message\":\"internal error\"}]"
                                     : "{\"diagnostics\":[{\"severity\":\"error\",\"code\":\"WD9999\",\"message\":\"internal error\"}]}");
    }
    if (!g_out_of_memory) return out;
    if (out != oom_fallback) std::free(out);
    g_out_of_memory = false;
    return oom_answer(as_array);
}
}  // namespace

// Replaces the library's operator new (the weak default aborts nothing but cannot tell us it failed).
void* operator new(std::size_t n) {
    for (;;) {
        if (void* p = std::malloc(n ? n : 1)) return p;
        std::new_handler h = std::get_new_handler();
        if (!h) {
            g_out_of_memory = true;
            throw std::bad_alloc();
        }
        h();
    }
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

extern "C" {

char* wd_call(const char* command, const char* input, std::size_t input_len) {
    return guarded(false, [&] {
        return shell_engine().call_text(command ? command : "", std::string_view(input ? input : "", input_len));
    });
}

// wd_call with the request's `log` passed apart as raw UTF-8 (engine::call_text_with_log).
char* wd_call_with_log(const char* command, const char* input, std::size_t input_len, const char* log,
                       std::size_t log_len) {
    return guarded(false, [&] {
        return shell_engine().call_text_with_log(command ? command : "", std::string_view(input ? input : "", input_len),
                                                 std::string_view(log ? log : "", log_len));
    });
}

char* wd_load_catalog(const char* text, std::size_t len) {
    return guarded(true, [&] { return shell_engine().load_catalog(std::string_view(text, len)).dump(); });
}

char* wd_load_managed_policies(const char* text, std::size_t len) {
    return guarded(true, [&] { return shell_engine().load_managed_policies(std::string_view(text, len)).dump(); });
}

char* wd_render(const char* command, const char* answer_json, const char* locale) {
    try {
        auto answer = wd::json::parse(answer_json ? answer_json : "{}", nullptr, false);
        return copy_out(shell_engine().render(command ? command : "", answer, locale ? locale : "en"));
    } catch (...) {
        return copy_out("");
    }
}

void wd_free(char* p) {
    if (p != oom_fallback) std::free(p);
}

// Test hook (tests/wasm/limits.test.mjs): allocates `bytes` through operator new inside the guard, as
// the core would, to show that exhausting the capped heap gives WD9005 and leaves the module usable.
char* wd_test_allocate(std::size_t bytes) {
    return guarded(false, [&] {
        std::string big(bytes, 'x');
        return std::string("{\"allocated\":") + std::to_string(big.size()) + ",\"diagnostics\":[]}";
    });
}

}  // extern "C"
