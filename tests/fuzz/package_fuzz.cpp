// SPDX-License-Identifier: MIT
// libFuzzer target for config loading + packaging: bytes -> wd::yaml::load -> wd::sls::package -> the API's
// roles JSON and readable report, the way core/api's `package` command chains them. Bytes after a first NUL
// are the text of `./extra.yml` / `extra.yml`, so `${file(...)}` resolution is fuzzed too.
// Invariants: nothing throws or trips a sanitizer; every diagnostic has a WDnnnn code and a message and a
// line inside its input; every span, statement, role and function line is inside the config; the template
// has a Resources object; the answer serialises.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/engine.hpp"
#include "api/report.hpp"
#include "fuzz_support.hpp"
#include "serverless/package.hpp"
#include "yaml/document.hpp"

using wd::fuzz::expect;

namespace {

void check_source(const wd::sls::statement_source& s, int lines, const char* what) {
    expect(s.line >= 0 && s.line <= lines, what, "line " + std::to_string(s.line));
    expect(s.column >= 0, what, "column");
    expect(s.pointer.empty() || s.pointer[0] == '/', what, "pointer " + s.pointer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = all.find('\0');
    const std::string_view config = all.substr(0, nul);
    const int lines = wd::fuzz::line_count(config);
    auto lines_of = [&](const std::string& file) { return file == "config" ? lines : 0; };

    const wd::yaml::document doc = wd::yaml::load(config, "config");
    for (const auto& d : doc.diags) wd::fuzz::check_diagnostic(d, lines_of);
    if (!doc.parsed) return 0;
    for (const auto& [pointer, span] : doc.spans) {
        expect(pointer.empty() || pointer[0] == '/', "span pointer", pointer);
        expect(span.value.line >= 0 && span.value.line <= lines, "span line", pointer);
        expect(span.key.line >= 0 && span.key.line <= lines, "span key line", pointer);
        expect(span.value.offset <= config.size(), "span offset past the end", pointer);
    }

    wd::sls::options opts;
    if (nul != std::string_view::npos) {
        const std::string extra(all.substr(nul + 1));
        opts.files["./extra.yml"] = extra;
        opts.files["extra.yml"] = extra;
    }
    opts.env["FUZZ"] = "env-value";
    opts.params["fuzz"] = "param-value";
    const wd::sls::package_result r = wd::sls::package(doc, opts);
    for (const auto& d : r.diags) wd::fuzz::check_diagnostic(d, lines_of);
    expect(r.cfn_template.is_object() && r.cfn_template.contains("Resources") &&
               r.cfn_template["Resources"].is_object(),
           "template without a Resources object");
    for (const auto& role : r.roles) {
        check_source(role.source, lines, "role source");
        for (const auto& st : role.statements) check_source(st.source, lines, "statement source");
        expect(role.managed_sources.size() <= role.managed_policy_arns.size(), "managed sources past the ARNs");
        for (const auto& s : role.managed_sources) check_source(s, lines, "managed policy source");
    }
    for (const auto& f : r.functions) expect(f.line >= 0 && f.line <= lines, "function line", f.key);

    // What the API answers (engine::package): template + roles + diagnostics, then the CLI's report.
    wd::json answer = r.cfn_template;
    answer["roles"] = wd::api::package_roles_to_json(r);
    answer["diagnostics"] = wd::to_json(r.diags);
    (void)answer.dump(2, ' ', false, wd::json::error_handler_t::replace);
    static const wd::api::engine engine;
    (void)engine.render("package", answer);
    return 0;
}
