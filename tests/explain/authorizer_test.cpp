// SPDX-License-Identifier: MIT
// A REST API's Lambda authorizer refused the call ("User is not authorized to access this resource"): what the
// authorizer must return, and the cached answer the file configures, instead of a grant to a role.
#include <catch2/catch.hpp>

#include "explain/explain_support.hpp"

using wd::json;
using namespace wd::test;

namespace {

const char* k_config =
    "service: orders\n"
    "provider:\n"
    "  name: aws\n"
    "  runtime: nodejs18.x\n"
    "  region: eu-west-1\n"
    "functions:\n"
    "  auth:\n"
    "    handler: auth.handler\n"
    "  list:\n"
    "    handler: orders.list\n"
    "    events:\n"
    "      - http:\n"
    "          path: orders\n"
    "          method: get\n"
    "          authorizer: auth\n"
    "  create:\n"
    "    handler: orders.create\n"
    "    events:\n"
    "      - http:\n"
    "          path: orders\n"
    "          method: post\n"
    "          authorizer:\n"
    "            name: auth\n"
    "            resultTtlInSeconds: 0\n"
    "  admin:\n"
    "    handler: admin.handler\n"
    "    events:\n"
    "      - http:\n"
    "          path: admin\n"
    "          method: get\n"
    "          authorizer:\n"
    "            name: adminAuth\n"
    "            resultTtlInSeconds: 60\n"
    "  adminAuth:\n"
    "    handler: auth.admin\n";

const json* record(const json& list, const std::string& key) {
    for (const auto& r : list)
        if (r.value("key", "") == key) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("authorizer: API Gateway's refusal is the authorizer's answer, not a role's; its cache is named at its line") {
    for (const char* log : {"{\"message\": \"User is not authorized to access this resource\"}\n",
                            "{\"Message\":\"User is not authorized to access this resource with an explicit deny\"}\n"}) {
        INFO(log);
        json doc = run_explain(k_config, log);
        REQUIRE(doc["denials"].size() == 1);
        const json& d = doc["denials"][0];
        CHECK(d["action"] == "execute-api:Invoke");
        CHECK(d["decision"] == "Undetermined");
        CHECK(d["fix"]["kind"] == "outside-config");
        CHECK(d["fix"]["patch"].is_null());
        CHECK(trace_has_key(d, "decision.authorizer_policy"));
        const json& fix = d["fix"]["explanation"];
        // `auth` caches for the framework's default 300 s (line 15, where the `list` function names it); the same
        // authorizer with caching off elsewhere is named once; `adminAuth` caches for 60 s (line 32).
        int caches = 0;
        for (const auto& r : fix)
            if (r.value("key", "") == "fix.authorizer_cache") {
                ++caches;
                if (r["args"]["authorizer"] == "auth") {
                    CHECK(r["args"]["ttl"] == 300);
                    CHECK(r["args"]["line"] == 15);
                } else {
                    CHECK(r["args"]["authorizer"] == "adminAuth");
                    CHECK(r["args"]["ttl"] == 60);
                    CHECK(r["args"]["line"] == 32);
                }
            }
        CHECK(caches == 2);
        const json* resource = record(fix, "fix.authorizer_policy_resource");
        REQUIRE(resource);
        CHECK((*resource)["args"]["resource"] == "arn:aws:execute-api:eu-west-1:123456789012:*/dev/*");
        CHECK(d["fix"]["statement"]["Resource"] == "arn:aws:execute-api:eu-west-1:123456789012:*/dev/*");
    }
    // Japanese from the same records.
    json ja = run_explain(k_config, "{\"message\": \"User is not authorized to access this resource\"}\n", {}, std::nullopt, "ja");
    const json* cache = record(ja["denials"][0]["fix"]["explanation"], "fix.authorizer_cache");
    REQUIRE(cache);
    CHECK((*cache)["text"].get<std::string>().find("キャッシュ") != std::string::npos);
}
