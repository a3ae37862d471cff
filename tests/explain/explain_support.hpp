// SPDX-License-Identifier: MIT
// Test helpers: run explain on files, apply its patch, probe the patched config.
#pragma once
#include <string>

#include "explain/diff_apply.hpp"
#include "explain/explain.hpp"
#include "support/test_files.hpp"

namespace wd::test {

inline const iam::catalog* catalog_or_null() {
    const auto& c = generated_catalog();
    return c.empty() ? nullptr : &c;
}

inline json run_explain(const std::string& config, const std::string& log, sls::options opts = {},
                        std::optional<std::string> account = std::nullopt, const std::string& locale = "en") {
    explain::request req;
    req.config = config;
    req.log = log;
    req.opts = std::move(opts);
    req.account_id = std::move(account);
    req.locale = locale;
    return explain::explain(req, catalog_or_null());
}

inline bool has_diag(const json& doc, const std::string& code) {
    for (const auto& d : doc["diagnostics"])
        if (d.value("code", "") == code) return true;
    return false;
}

inline const json* find_diag(const json& doc, const std::string& code) {
    for (const auto& d : doc["diagnostics"])
        if (d.value("code", "") == code) return &d;
    return nullptr;
}

inline bool trace_has_key(const json& denial, const std::string& key) {
    for (const auto& r : denial["trace"])
        if (r.is_object() && r.value("key", "") == key) return true;
    return false;
}

}  // namespace wd::test
