// SPDX-License-Identifier: MIT
// Area: issue 8 limits of explain: distinct denials explained (WD5005) and the evaluation step budget
// shared by one explain call (WD5006).
#include <catch2/catch.hpp>

#include <string>

#include "explain/explain_support.hpp"

using namespace wd;
using test::run_explain;

namespace {

const std::string config = "service: svc\nprovider:\n  name: aws\n  region: us-east-1\nfunctions:\n  main:\n    handler: h.main\n";

std::string denial_line(const std::string& action, const std::string& resource) {
    return "AccessDenied: User: arn:aws:sts::123456789012:assumed-role/svc-dev-us-east-1-lambdaRole/svc-dev-main"
           " is not authorized to perform: " + action + " on resource: " + resource + "\n";
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("limits: only the first 100 distinct denials are explained, with WD5005", "[explain][limits]") {
    std::string log;
    for (int i = 0; i < 130; ++i) log += denial_line("s3:GetObject", "arn:aws:s3:::bucket-" + std::to_string(i) + "/k");
    json out = run_explain(config, log);
    CHECK(out["denials"].size() == 100);
    const json* d = test::find_diag(out, "WD5005");
    REQUIRE(d);
    CHECK((*d)["args"]["count"] == 130);
    CHECK((*d)["severity"] == "warning");
    // The explained ones are complete (decision and fix), not cut short.
    CHECK(out["denials"][99]["decision"] == "ImplicitDeny");
}

TEST_CASE("limits: a pathological pattern stops explain's evaluations with WD5006", "[explain][limits]") {
    // `*a?a?...b*` (10 KB) against a 40 KB resource: ~300 M steps for one match, past the shared budget.
    const std::string pattern = "arn:aws:s3:::*" + repeat("a?", 5000) + "b*";
    const std::string cfg = "service: svc\nprovider:\n  name: aws\n  region: us-east-1\n  iam:\n    role:\n      statements:\n"
                            "        - Effect: Allow\n          Action: s3:GetObject\n          Resource: '" + pattern + "'\n"
                            "functions:\n  main:\n    handler: h.main\n";
    const std::string resource = "arn:aws:s3:::" + std::string(40000, 'a');
    json out = run_explain(cfg, denial_line("s3:GetObject", resource));
    REQUIRE(out["denials"].size() == 1);
    CHECK(out["denials"][0]["decision"] == "Undetermined");
    const json* d = test::find_diag(out, "WD5006");
    REQUIRE(d);
    CHECK((*d)["severity"] == "error");
    // The same config with an ordinary resource is decided.
    json fine = run_explain(cfg, denial_line("s3:GetObject", "arn:aws:s3:::other/k"));
    CHECK_FALSE(test::has_diag(fine, "WD5006"));
    CHECK(fine["denials"][0]["decision"] == "ImplicitDeny");
}
