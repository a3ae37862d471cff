// SPDX-License-Identifier: MIT
#include "serverless/roles_json.hpp"

namespace wd::sls {

json source_to_json(const statement_source& s) {
    json j = json::object();
    j["kind"] = s.kind;
    j["line"] = s.line > 0 ? json(s.line) : json(nullptr);
    if (s.column > 0) j["column"] = s.column;
    if (!s.pointer.empty()) j["pointer"] = s.pointer;
    if (!s.detail.empty()) j["detail"] = s.detail;
    return j;
}

json roles_to_json(const std::vector<role_info>& roles) {
    json out = json::array();
    for (const auto& role : roles) {
        json j = json::object();
        j["logicalId"] = role.logical_id.empty() ? json(nullptr) : json(role.logical_id);
        j["roleName"] = role.role_name.empty() ? json(nullptr) : json(role.role_name);
        // A role given only by ARN is not created by the stack: its statements are unknown here.
        if (!role.external_arn.empty()) j["externalArn"] = role.external_arn;
        j["functions"] = role.functions;
        json statements = json::array();
        for (const auto& st : role.statements) {
            json s = st.statement.is_object() ? st.statement : json::object();
            s["source"] = source_to_json(st.source);
            if (!st.policy_name.empty()) s["source"]["policy"] = st.policy_name;
            statements.push_back(std::move(s));
        }
        j["statements"] = std::move(statements);
        j["managedPolicyArns"] = role.managed_policy_arns;
        j["permissionsBoundary"] = role.permissions_boundary;
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace wd::sls
