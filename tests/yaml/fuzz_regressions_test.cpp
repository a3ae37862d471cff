// SPDX-License-Identifier: MIT
// Area: inputs yaml_fuzz (tests/fuzz/yaml_fuzz.cpp) found a bug with. Each file of tests/fuzz/regressions/yaml/
// is loaded here in the normal build (the sanitizer build also replays them through the fuzz target).
#include <catch2/catch.hpp>

#include <string>

#include "support/test_files.hpp"
#include "yaml/document.hpp"

TEST_CASE("a NUL byte is a syntax error at its position (leading NULs made yaml-cpp read UTF-16/32 and hang)",
          "[yaml][fuzz]") {
    using namespace std::string_literals;
    for (const std::string text : {"\0,a"s, "\0\0\0,.inf"s, "\0[a], b"s}) {
        const wd::yaml::document doc = wd::yaml::load(text);  // returned at all: no hang
        CHECK_FALSE(doc.parsed);
        REQUIRE(doc.diags.size() == 1);
        CHECK(doc.diags[0].code == "WD1001");
        CHECK(doc.diags[0].line == 1);
        CHECK(doc.diags[0].column == 1);
    }
    const wd::yaml::document mid = wd::yaml::load("service: a\nprovider:\n  name: a\0ws\n"s);
    REQUIRE(mid.diags.size() == 1);
    CHECK(mid.diags[0].line == 3);
    CHECK(mid.diags[0].column == 10);
    CHECK(wd::yaml::load("service: a\n").parsed);  // text without NUL is unaffected
}

TEST_CASE("every yaml_fuzz regression input loads and returns", "[yaml][fuzz]") {
    const auto inputs = wd::test::fuzz_regressions("yaml");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& [name, text] : inputs) {
        INFO(name);
        const wd::yaml::document doc = wd::yaml::load(text);
        CHECK_NOTHROW(doc.root.dump());
        for (const auto& d : doc.diags) CHECK(d.code.size() == 6);
    }
}
