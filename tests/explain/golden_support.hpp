// SPDX-License-Identifier: MIT
// Shared checks of the data-driven tests (corpus scenarios, our own cases, the gallery): the patched
// config allows the denied request, while a different action of the same service and the same action
// on an unrelated resource keep the decision they had before the patch (denied).
#pragma once
#include <catch2/catch.hpp>

#include "explain/explain_support.hpp"
#include "iam/arn.hpp"
#include "iam/glob.hpp"

namespace wd::test {

// `base` carries the case's other files (`${file()}`), which the patched config still reads.
inline sls::options options_for(const json& doc, const sls::options* base = nullptr) {
    sls::options o;
    if (base) o.files = base->files;
    if (doc.contains("stage") && doc["stage"].is_string()) o.stage = doc["stage"].get<std::string>();
    if (doc.contains("region") && doc["region"].is_string()) o.region = doc["region"].get<std::string>();
    if (doc.contains("parameters") && doc["parameters"].is_object())  // a template's Parameters read from the log
        o.params = doc["parameters"].get<std::map<std::string, std::string>>();
    return o;
}

inline std::string unrelated_resource(const std::string& arn) {
    // A DynamoDB stream's label is not a resource of its own (a table has one stream): another table's stream.
    if (const std::size_t st = arn.find("/stream/"), tb = arn.find(":table/"); st != std::string::npos && tb != std::string::npos && tb < st)
        return arn.substr(0, tb + 7) + "whydenied-unrelated" + arn.substr(st);
    // A KMS key id is random: the file's only key is granted as `!GetAtt Key.Arn`, which stands for any key
    // id of its account and region. Another region's key must stay denied.
    if (const std::size_t k = arn.find(":kms:"); k != std::string::npos && arn.find(":key/") != std::string::npos) {
        const std::size_t region_end = arn.find(':', k + 5);
        if (region_end != std::string::npos) return arn.substr(0, k + 5) + "ap-southeast-2" + arn.substr(region_end);
    }
    std::size_t cut = arn.find_last_of(":/");
    if (cut == std::string::npos) return arn + "-whydenied-unrelated";
    return arn.substr(0, cut + 1) + "whydenied-unrelated";
}

inline std::string decision_of(const std::string& config, const json& doc, const std::string& role, const std::string& session,
                               const std::string& action, const std::optional<std::string>& resource,
                               const sls::options* base = nullptr) {
    explain::probe p{role, session, action, resource, {}};
    if (doc.contains("assumedVariables") && doc["assumedVariables"].is_object())
        p.known_remote = doc["assumedVariables"].get<std::map<std::string, std::string>>();
    return explain::probe_config(config, options_for(doc, base), doc.value("accountId", std::string("123456789012")), p,
                                 catalog_or_null())["decision"];
}

// `original`: config as pasted; `doc`: its explain output; `d`: one fixable denial of it;
// `resource`: the concrete request resource (the real ARN when the corpus knows it).
inline void check_patch_properties(const std::string& original, const json& doc, const json& d,
                                   const std::optional<std::string>& resource, const sls::options* base = nullptr) {
    REQUIRE(d["fix"]["patch"].is_string());
    auto patched = apply_unified_diff(original, d["fix"]["patch"]);
    REQUIRE(patched);
    std::string role = d["principal"].is_object() && d["principal"]["roleName"].is_string() ? d["principal"]["roleName"].get<std::string>() : "";
    std::string session = d["principal"].is_object() && d["principal"]["sessionName"].is_string() ? d["principal"]["sessionName"].get<std::string>() : "";
    if (role.empty()) {  // deploy-time logs name no principal: use the role we matched
        for (const auto& r : doc["roles"])
            if (r["logicalId"] == d["role"]) {
                if (r["roleName"].is_string()) role = r["roleName"];
                // A role of `resources` without RoleName: CloudFormation names it <stack>-<LogicalId>-<suffix>,
                // the stack being <service>-<stage> (the service read from the config's top-level key).
                else if (const std::size_t at = original.find("\nservice:"); original.rfind("service:", 0) == 0 || at != std::string::npos) {
                    const std::size_t start = original.rfind("service:", 0) == 0 ? 8 : at + 9;
                    std::string service = original.substr(start, original.find('\n', start) - start);
                    service.erase(0, service.find_first_not_of(" '\""));
                    service.erase(service.find_last_not_of(" '\"\r") + 1);
                    role = service + "-" + doc.value("stage", std::string("dev")) + "-" + r["logicalId"].get<std::string>() + "-WHYDENIEDTEST1";
                }
            }
    }
    // (A fix may grant another action than the denied one, `fix.action`: s3:ListBucket for a missing key.)
    const std::string action = d["fix"].contains("action") ? d["fix"]["action"] : d["action"];
    CHECK(decision_of(*patched, doc, role, session, action, resource, base) == "Allow");
    // same service, another action the original denies -> still denied
    const iam::catalog* cat = catalog_or_null();
    if (cat) {
        std::string svc = action.substr(0, action.find(':'));
        int checked = 0;
        for (const auto* a : cat->expand(svc + ":*")) {
            if (iam::iequals(a->full_name(), action)) continue;
            // (Another denial of the same log is fixed by the same merged patch on purpose.)
            bool other_denial = false;
            for (const auto& od : doc["denials"]) other_denial = other_denial || (od["action"].is_string() && iam::iequals(od["action"].get<std::string>(), a->full_name()));
            if (other_denial) continue;
            // (An action the file already names for this role is the user's own: a statement corrected in place,
            // `!Ref Pool` to `!GetAtt Pool.Arn`, works for all its actions again, as written.)
            if (original.find(a->full_name()) != std::string::npos) continue;
            if (decision_of(original, doc, role, session, a->full_name(), resource, base) == "Allow") continue;
            INFO("neighbour action " << a->full_name());
            CHECK(decision_of(*patched, doc, role, session, a->full_name(), resource, base) != "Allow");
            if (++checked == 3) break;
        }
        CHECK(checked > 0);
    }
    // same action on an unrelated resource -> still denied (meaningless for `*`-only actions)
    // (Meaningless as well when the resource is itself a pattern the log did not give: `bucket/*` taken from
    // the role's other statements.)
    // (Not for a grant in the resource's own policy: that grant is on this resource alone, and a key with a
    // random id is recognised by account and region, so another key id reads as the same key.)
    const bool own_policy = d["fix"].contains("target") && d["fix"]["target"].value("kind", std::string()) == "resource-policy";
    // (Nor for a misspelt action corrected in place: the user's statement then allows it on every resource it
    // names, as written, like the actions it names.)
    bool corrected_in_place = false;
    for (const auto& r : d["fix"].value("explanation", json::array()))
        corrected_in_place = corrected_in_place || r.value("key", std::string()) == "fix.replace_unknown_action";
    if (resource && !own_policy && !corrected_in_place && resource->find('*') == std::string::npos && d["fix"].value("resource", std::string("*")) != "*") {
        std::string other = unrelated_resource(*resource);
        // A grant on every run of a parent (`execution:<machine>:*`): another parent's run must stay denied.
        // (Also a parent written as a generated-name pattern, `<stack>-vaultbucket-*/*`: another bucket.)
        const std::string granted = d["fix"].value("resource", std::string());
        if (granted.size() > 2 && granted.back() == '*' && (granted[granted.size() - 2] == ':' || granted[granted.size() - 2] == '/'))
            other = unrelated_resource(granted.substr(0, granted.size() - 2)) + granted.substr(granted.size() - 2, 1) + "another-run";
        INFO("unrelated resource " << other);
        CHECK(decision_of(*patched, doc, role, session, action, other, base) != "Allow");
    }
}

}  // namespace wd::test
