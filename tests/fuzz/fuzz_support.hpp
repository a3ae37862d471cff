// SPDX-License-Identifier: MIT
// Shared checks for the libFuzzer targets. A broken invariant calls fuzz_fail, which prints why and aborts,
// so libFuzzer saves the input as crash-<sha1>. Fuzz targets are test code: they may read files and the
// environment (the core may not).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "iam/catalog.hpp"

namespace wd::fuzz {

[[noreturn]] inline void fuzz_fail(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "fuzz invariant broken: %s %s\n", what, detail.c_str());
    std::abort();
}

inline void expect(bool ok, const char* what, const std::string& detail = {}) {
    if (!ok) fuzz_fail(what, detail);
}

// Lines of `text` as an editor counts them (a trailing newline opens one more, empty, line).
inline int line_count(std::string_view text) {
    int lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') ++lines;
        else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) ++lines;
    }
    return lines;
}

// Codes the core reserves for "an exception reached a catch-all": each is documented as a bug, so a fuzz
// input that produces one is a finding even though nothing crashed.
inline bool is_internal_error(const std::string& code) {
    return code == "WD9999" || code == "WD5901" || code == "WD4399" || code == "WD3010" || code == "WD2099" ||
           code == "WD2009";
}

inline bool is_code(const std::string& code) {
    if (code.size() != 6 || code[0] != 'W' || code[1] != 'D') return false;
    for (std::size_t i = 2; i < 6; ++i)
        if (code[i] < '0' || code[i] > '9') return false;
    return true;
}

// A diagnostic of the core: a WDnnnn code, a message, a 1-based position (or none) inside its input.
// `lines_of` gives the number of lines of the named input ("config", "log"), or 0 when unknown.
template <class LinesOf>
void check_diagnostic(const diagnostic& d, LinesOf lines_of) {
    expect(is_code(d.code), "diagnostic code", d.code);
    expect(!is_internal_error(d.code), "internal error diagnostic", d.code + " " + d.message);
    expect(!d.message.empty(), "diagnostic without a message", d.code);
    expect(d.line >= 0 && d.column >= 0, "negative diagnostic position", d.code);
    const int n = lines_of(d.file);
    if (n > 0) expect(d.line <= n, "diagnostic line past the end of its input", d.code + " " + std::to_string(d.line));
}

// The same on the API's JSON form: {"severity","code","message","file","line","column"[,"args"]}.
template <class LinesOf>
void check_diagnostics_json(const json& ds, LinesOf lines_of) {
    expect(ds.is_array(), "diagnostics is not an array");
    for (const auto& d : ds) {
        expect(d.is_object(), "diagnostic is not an object");
        expect(d.contains("code") && d["code"].is_string() && is_code(d["code"].get<std::string>()),
               "diagnostic code", d.dump(-1, ' ', false, json::error_handler_t::replace));
        expect(!is_internal_error(d["code"].get<std::string>()), "internal error diagnostic",
               d.dump(-1, ' ', false, json::error_handler_t::replace));
        const std::string sev = d.value("severity", "");
        expect(sev == "error" || sev == "warning" || sev == "info", "diagnostic severity", sev);
        expect(d.contains("message") && d["message"].is_string() && !d["message"].get<std::string>().empty(),
               "diagnostic message");
        const json& line = d.contains("line") ? d["line"] : json(nullptr);
        expect(line.is_null() || (line.is_number_integer() && line.get<long long>() >= 1), "diagnostic line");
        if (line.is_number_integer() && d.contains("file") && d["file"].is_string()) {
            const int n = lines_of(d["file"].get<std::string>());
            if (n > 0) expect(line.get<long long>() <= n, "diagnostic line past the end of its input",
                              d["code"].get<std::string>() + " line " + std::to_string(line.get<long long>()));
        }
    }
}

// Strict serialisation: throws (and so aborts the fuzz run) on invalid UTF-8.
inline std::string strict_dump(const json& j) { return j.dump(); }

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The catalog path: $WD_FUZZ_CATALOG when set ("" = run without a catalog), else the generated one the build
// knows about. Read once per process.
inline std::string catalog_text() {
#ifdef WD_FUZZ_CATALOG_PATH
    const char* env = std::getenv("WD_FUZZ_CATALOG");
    return read_text(env ? env : WD_FUZZ_CATALOG_PATH);
#else
    const char* env = std::getenv("WD_FUZZ_CATALOG");
    return env ? read_text(env) : std::string();
#endif
}

}  // namespace wd::fuzz
