// SPDX-License-Identifier: MIT
// Area: inputs policy_fuzz (tests/fuzz/policy_fuzz.cpp) found a bug with. Each file of
// tests/fuzz/regressions/policy/ is replayed here in the normal build; the sanitizer build also replays
// them through the fuzz target itself (ctest fuzz_regressions_policy).
#include <catch2/catch.hpp>

#include "iam/evaluator.hpp"
#include "support/test_files.hpp"

using wd::json;

namespace {

// Codes documented as "internal error (a bug)": an exception reached a catch-all.
bool internal_error(const json& out) {
    for (const auto& d : out["diagnostics"])
        if (d["code"] == "WD4399") return true;
    return false;
}

}  // namespace

TEST_CASE("a policy name or SCP orgIdentifier that is not text is ignored, not an internal error", "[iam][fuzz]") {
    json named = json::parse(R"({"identityPolicies":[{"name":1,"policy":{"Version":"2012-10-17",
        "Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}}],
        "request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"}})");
    json out = wd::iam::evaluate_case(named, nullptr);
    CHECK_FALSE(internal_error(out));
    CHECK(out["decision"] == "Allow");

    json scp = json::parse(R"({"serviceControlPolicies":[{"orgIdentifier":7,"policies":[{"Version":"2012-10-17",
        "Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}]}],
        "identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}],
        "request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"}})");
    out = wd::iam::evaluate_case(scp, nullptr);
    CHECK_FALSE(internal_error(out));
    CHECK(out["decision"] == "ExplicitDeny");
}

TEST_CASE("every policy_fuzz regression input evaluates without an internal error", "[iam][fuzz]") {
    const auto inputs = wd::test::fuzz_regressions("policy");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& [name, text] : inputs) {
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ".md") == 0) continue;
        INFO(name);
        const json input = json::parse(text, nullptr, false);
        if (input.is_discarded()) continue;  // the fuzz target ignores what is not JSON
        const json out = wd::iam::evaluate_case(input, &wd::test::generated_catalog());
        CHECK_FALSE(internal_error(out));
        const std::string decision = out["decision"].get<std::string>();
        CHECK((decision == "Allow" || decision == "ExplicitDeny" || decision == "ImplicitDeny" || decision == "Error"));
    }
}
