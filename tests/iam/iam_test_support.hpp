// SPDX-License-Identifier: MIT
// Small builders for IAM unit tests: a case in the contract's JSON format, evaluated with the generated
// catalog (or none).
#pragma once
#include <string>

#include "iam/evaluator.hpp"
#include "support/test_files.hpp"

namespace wd::test {

inline json allow_stmt(json action, json resource = "*") {
    return {{"Effect", "Allow"}, {"Action", std::move(action)}, {"Resource", std::move(resource)}};
}
inline json deny_stmt(json action, json resource = "*") {
    return {{"Effect", "Deny"}, {"Action", std::move(action)}, {"Resource", std::move(resource)}};
}
inline json doc(json statements, const char* version = "2012-10-17") {
    json d = json::object();
    if (version) d["Version"] = version;
    d["Statement"] = std::move(statements);
    return d;
}
inline json request(std::string principal, std::string action, std::string resource, json context = json::object()) {
    return {{"principal", std::move(principal)}, {"action", std::move(action)}, {"resource", std::move(resource)},
            {"context", std::move(context)}};
}
inline json make_case(json identity_statements, json req) {
    json c = json::object();
    c["identityPolicies"] = json::array({{{"name", "inline"}, {"policy", doc(std::move(identity_statements))}}});
    c["request"] = std::move(req);
    return c;
}
inline json run(const json& c, bool with_catalog = true) {
    const auto& cat = generated_catalog();
    return iam::evaluate_case(c, with_catalog ? &cat : nullptr);
}
inline std::string decision(const json& c, bool with_catalog = true) { return run(c, with_catalog)["decision"]; }
inline std::string reason(const json& c, bool with_catalog = true) { return run(c, with_catalog)["reasonClass"]; }

inline const char* role = "arn:aws:iam::111111111111:role/app";
inline const char* session = "arn:aws:sts::111111111111:assumed-role/app/sess1";
inline const char* object = "arn:aws:s3:::bkt/key.txt";

}  // namespace wd::test
