// SPDX-License-Identifier: MIT
// Area: inputs package_fuzz (tests/fuzz/package_fuzz.cpp) found a bug with. Each file of
// tests/fuzz/regressions/package/ is packaged here in the normal build (the sanitizer build also replays them
// through the fuzz target: ctest fuzz_regressions_package).
#include <catch2/catch.hpp>

#include "serverless/package.hpp"
#include "support/test_files.hpp"
#include "yaml/document.hpp"

using wd::json;

TEST_CASE("every package_fuzz regression input packages without an internal error", "[serverless][fuzz]") {
    const auto inputs = wd::test::fuzz_regressions("package");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& [name, text] : inputs) {
        INFO(name);
        const std::string config = text.substr(0, text.find('\0'));
        wd::yaml::document doc = wd::yaml::load(config, "config");
        if (!doc.parsed) continue;
        wd::sls::package_result r = wd::sls::package(doc, wd::sls::options{});
        for (const auto& d : r.diags) {
            CHECK(d.code != "WD2099");  // internal error while packaging
            CHECK(d.code != "WD2009");  // variable resolution stopped unexpectedly
        }
        CHECK_NOTHROW(r.cfn_template.dump());
        CHECK(r.cfn_template.contains("Resources"));
    }
}

TEST_CASE("a config with bytes that are not UTF-8 still packages (CLI users may have Latin-1 files)", "[serverless][fuzz]") {
    const std::string config = "service: caf\xE9\nprovider:\n  name: aws\n  iam:\n    role:\n      Fn::ImportValue: \x88x\n"
                               "functions:\n  a:\n    handler: h.main\n";
    wd::yaml::document doc = wd::yaml::load(config, "config");
    REQUIRE(doc.parsed);
    wd::sls::package_result r = wd::sls::package(doc, wd::sls::options{});
    for (const auto& d : r.diags) CHECK(d.code != "WD2099");
    CHECK_NOTHROW(r.cfn_template.dump());
    CHECK(r.service == "caf\xEF\xBF\xBD");
}
