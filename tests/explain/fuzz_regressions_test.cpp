// SPDX-License-Identifier: MIT
// Area: inputs explain_fuzz (tests/fuzz/explain_fuzz.cpp) found a bug with: files of
// tests/fuzz/regressions/explain/ are `config \0 log [\0 options]`, explained here in the normal build (the
// sanitizer build also replays them through the fuzz target: ctest fuzz_regressions_explain).
#include <catch2/catch.hpp>

#include <string>

#include "explain/explain.hpp"
#include "support/test_files.hpp"

using wd::json;

namespace {

bool internal_error(const json& out) {
    for (const auto& d : out["diagnostics"])
        if (d["code"] == "WD5901") return true;
    return false;
}

}  // namespace

TEST_CASE("a statement whose Effect is not text is no internal error in explain", "[explain][fuzz]") {
    wd::explain::request req;
    req.config = "service: t\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect:\n"
                 "        - Effect: 3\n          Action: '*'\n          Resource: '*'\nfunctions:\n  run:\n    handler: a.b\n";
    req.log = "User: arn:aws:sts::123456789012:assumed-role/t-dev-us-east-1-lambdaRole/t-dev-run is not authorized to "
              "perform: translate:TranslateText because no identity-based policy allows the translate:TranslateText action\n";
    const json out = wd::explain::explain(req, &wd::test::generated_catalog());
    CHECK_FALSE(internal_error(out));
    REQUIRE(out["denials"].size() == 1);
}

TEST_CASE("invalid UTF-8 bytes in a logged resource reach no string of the answer", "[explain][fuzz]") {
    wd::explain::request req;
    req.config = "service: m\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: a.b\n";
    req.log = "User: arn:aws:sts::123456789012:assumed-role/m-dev-us-east-1-lambdaRole/m-dev-api is not authorized to "
              "perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:123456789012:q\xFF\xFE\xEF because no "
              "identity-based policy allows the sqs:SendMessage action\n";
    const json out = wd::explain::explain(req, &wd::test::generated_catalog());
    CHECK_FALSE(internal_error(out));
    REQUIRE(out["denials"].size() == 1);
    CHECK(out["denials"][0]["resource"] == "arn:aws:sqs:us-east-1:123456789012:q\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_NOTHROW(out.dump());
}

TEST_CASE("every explain_fuzz regression input explains without an internal error", "[explain][fuzz]") {
    const auto inputs = wd::test::fuzz_regressions("explain");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& [name, text] : inputs) {
        INFO(name);
        const std::size_t nul = text.find('\0');
        wd::explain::request req;
        req.config = text.substr(0, nul);
        if (nul != std::string::npos) {
            const std::string rest = text.substr(nul + 1);
            req.log = rest.substr(0, rest.find('\0'));
        }
        const json out = wd::explain::explain(req, &wd::test::generated_catalog());
        CHECK_FALSE(internal_error(out));
        CHECK_NOTHROW(out.dump());  // strict: every string valid UTF-8
    }
}
