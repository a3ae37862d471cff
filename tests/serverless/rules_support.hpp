// SPDX-License-Identifier: MIT
// Small helpers for the per-rule tests: package a YAML text and look at what came out.
#pragma once
#include <string>

#include "serverless/package.hpp"
#include "yaml/document.hpp"

namespace wd::test {

inline sls::package_result pkg(const std::string& yaml_text, sls::options opts = {}) {
    auto doc = yaml::load(yaml_text, "config");
    auto r = sls::package(doc, opts);
    r.diags.insert(r.diags.begin(), doc.diags.begin(), doc.diags.end());
    return r;
}

inline const json& resource(const sls::package_result& r, const std::string& id) {
    static const json none;
    const auto& res = r.cfn_template["Resources"];
    return res.contains(id) ? res[id] : none;
}

inline json statements(const sls::package_result& r, const std::string& role = "IamRoleLambdaExecution") {
    const json& res = resource(r, role);
    if (res.is_null()) return json::array();
    return res["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
}

// Statements after the two default log statements.
inline json user_statements(const sls::package_result& r, const std::string& role = "IamRoleLambdaExecution") {
    json all = statements(r, role), out = json::array();
    for (std::size_t i = 2; i < all.size(); ++i) out.push_back(all[i]);
    return out;
}

inline const diagnostic* find_diag(const sls::package_result& r, const std::string& code) {
    for (const auto& d : r.diags)
        if (d.code == code) return &d;
    return nullptr;
}

inline const sls::role_info* find_role(const sls::package_result& r, const std::string& id) {
    for (const auto& role : r.roles)
        if (role.logical_id == id) return &role;
    return nullptr;
}

inline sls::options stage_region(const std::string& stage, const std::string& region) {
    sls::options o;
    o.stage = stage;
    o.region = region;
    return o;
}

}  // namespace wd::test
