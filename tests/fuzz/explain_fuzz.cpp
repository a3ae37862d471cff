// SPDX-License-Identifier: MIT
// libFuzzer target for explain end to end through the versioned JSON API (wd::api::engine::call_text, the
// exact text-in/text-out path of the CLI and the WebAssembly module), with the generated IAM catalog when
// it exists (WD_FUZZ_CATALOG, else the build's generated/iam-catalog.json).
// Input: `config \0 log [\0 options]`, where options, when it parses as a JSON object, is merged into the
// request (stage, region, accountId, locale, files, env, params). Without a NUL the whole input is the
// request JSON text. Seeds: tests/fuzz/gen-seeds.sh joins each corpus scenario's serverless.yml and log.
// Invariants: nothing throws or trips a sanitizer; the answer is valid JSON and UTF-8 (dumped strictly) with the explain
// schema; no internal-error diagnostic; every diagnostic has a code and a severity and a line inside its
// input; every denial line is inside the log and every statement line inside the config; every patch is a
// unified diff whose context and removed lines are the config's lines at the hunk's position.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/engine.hpp"
#include "fuzz_support.hpp"

using wd::fuzz::expect;
using wd::json;

namespace {

const wd::api::engine& the_engine() {
    static const wd::api::engine* e = [] {
        auto* engine = new wd::api::engine();  // lives for the process
        const std::string text = wd::fuzz::catalog_text();
        if (!text.empty()) (void)engine->load_catalog(text);
        return engine;
    }();
    return *e;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (c == '\n') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::string chomp_cr(std::string s) {
    if (!s.empty() && s.back() == '\r') s.pop_back();
    return s;
}

int read_number(const std::string& s, std::size_t& i) {
    int n = 0;
    bool any = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 100000000) {
        n = n * 10 + (s[i++] - '0');
        any = true;
    }
    expect(any, "patch hunk header", s);
    return n;
}

// "@@ -a[,b] +c[,d] @@": every ' ' and '-' line must be config line a, a+1, ... and there must be b of them.
void check_patch(const std::string& patch, const std::vector<std::string>& config_lines) {
    const std::vector<std::string> lines = split_lines(patch);
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const std::string& h = lines[k];
        if (h.rfind("@@ -", 0) != 0) continue;
        std::size_t i = 4;
        const int start = read_number(h, i);
        int count = 1;
        if (i < h.size() && h[i] == ',') {
            ++i;
            count = read_number(h, i);
        }
        int at = count == 0 ? start + 1 : start;  // 1-based config line of the next old line
        int seen = 0;
        for (std::size_t m = k + 1; m < lines.size() && lines[m].rfind("@@", 0) != 0; ++m) {
            const std::string& l = lines[m];
            if (l.empty() || l[0] == '+' || l[0] == '\\') continue;
            if (l.rfind("--- ", 0) == 0 || l.rfind("+++ ", 0) == 0) break;
            expect(l[0] == ' ' || l[0] == '-', "patch line kind", l);
            expect(at >= 1 && static_cast<std::size_t>(at) <= config_lines.size(), "patch line outside the config",
                   std::to_string(at));
            expect(chomp_cr(l.substr(1)) == chomp_cr(config_lines[at - 1]), "patch context differs from the config",
                   "line " + std::to_string(at) + ": `" + l.substr(1) + "` vs `" + config_lines[at - 1] + "`");
            ++at;
            ++seen;
        }
        expect(seen == count, "patch hunk old-line count", h + " saw " + std::to_string(seen));
    }
}

void check_answer(const std::string& out, const std::string& config, const std::string& log) {
    const json a = json::parse(out, nullptr, false);  // the parser rejects invalid UTF-8 too
    expect(!a.is_discarded() && a.is_object(), "answer is not a JSON object", out.substr(0, 200));
    const int config_lines = wd::fuzz::line_count(config);
    const int log_lines = wd::fuzz::line_count(log);
    auto lines_of = [&](const std::string& file) { return file == "config" ? config_lines : file == "log" ? log_lines : 0; };
    expect(a.contains("diagnostics"), "answer without diagnostics");
    wd::fuzz::check_diagnostics_json(a["diagnostics"], lines_of);
    if (a.value("schema", "") != "whydenied/explain@1") {
        expect(a.value("schema", "") == "whydenied/error@1", "answer schema", a.value("schema", ""));
        return;  // invalid request JSON: only the diagnostic
    }
    // WD1014: the config's lone CRs are line breaks, and the patch is written against the file with LF line ends.
    std::string lf_config = config;
    for (const auto& d : a["diagnostics"])
        if (d.value("code", "") == "WD1014")
            for (std::size_t cr = lf_config.find('\r'); cr != std::string::npos; cr = lf_config.find('\r', cr + 1))
                if (cr + 1 >= lf_config.size() || lf_config[cr + 1] != '\n') lf_config[cr] = '\n';
    const std::vector<std::string> cfg = split_lines(lf_config);
    expect(a.contains("denials") && a["denials"].is_array(), "answer without denials");
    for (const auto& d : a["denials"]) {
        const json& line = d.contains("line") ? d["line"] : json(nullptr);
        expect(line.is_number_integer() && line.get<long long>() >= 1 && line.get<long long>() <= log_lines,
               "denial line outside the log", line.dump());
        const std::string decision = d.value("decision", "");
        expect(decision == "Allow" || decision == "ImplicitDeny" || decision == "ExplicitDeny" ||
                   decision == "Undetermined",
               "denial decision", decision);
        if (d.contains("fix") && d["fix"].is_object() && d["fix"].contains("patch") && d["fix"]["patch"].is_string())
            check_patch(d["fix"]["patch"].get<std::string>(), cfg);
    }
    if (a.contains("patch") && a["patch"].is_string()) check_patch(a["patch"].get<std::string>(), cfg);
    if (a.contains("roles") && a["roles"].is_array())
        for (const auto& role : a["roles"])
            for (const auto& st : role.value("statements", json::array())) {
                const json src = st.value("source", json::object());
                const json& line = src.contains("line") ? src["line"] : json(nullptr);
                expect(line.is_null() || (line.is_number_integer() && line.get<long long>() >= 1 &&
                                          line.get<long long>() <= config_lines),
                       "statement line outside the config", line.dump());
            }
    // The readable report of the same answer must not fail either.
    (void)the_engine().render("explain", a, "en");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)the_engine();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = all.find('\0');
    if (nul == std::string_view::npos) {
        // The whole request as JSON text. Lines are unknown here (0 = not checked).
        const std::string out = the_engine().call_text("explain", all);
        const json a = json::parse(out, nullptr, false);
        expect(!a.is_discarded() && a.is_object(), "answer is not a JSON object", out.substr(0, 200));
        wd::fuzz::check_diagnostics_json(a.value("diagnostics", json::array()), [](const std::string&) { return 0; });
        return 0;
    }
    const std::string_view rest = all.substr(nul + 1);
    const std::size_t nul2 = rest.find('\0');
    json request = json::object();
    if (nul2 != std::string_view::npos) {
        const std::string_view opts = rest.substr(nul2 + 1);
        json o = json::parse(opts.begin(), opts.end(), nullptr, false);
        if (!o.is_discarded() && o.is_object()) request = std::move(o);
    }
    request["config"] = std::string(all.substr(0, nul));
    request["log"] = std::string(rest.substr(0, nul2));
    // JavaScript strings are always valid Unicode: send what a page would (invalid bytes -> U+FFFD).
    const std::string text = request.dump(-1, ' ', false, json::error_handler_t::replace);
    const json sent = json::parse(text);
    // call() and a strict dump rather than call_text(), whose dump would hide an invalid UTF-8 string
    // behind U+FFFD: every string the engine builds from valid input must be valid itself.
    const json answer = the_engine().call("explain", sent);
    std::string out;
    try {
        out = answer.dump(2);
    } catch (const json::exception& e) {
        wd::fuzz::fuzz_fail("answer holds invalid UTF-8", e.what());
    }
    check_answer(out, sent["config"].get<std::string>(), sent["log"].get<std::string>());
    return 0;
}
