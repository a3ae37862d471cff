// SPDX-License-Identifier: MIT
// YAML forbids tabs in indentation. yaml-cpp reports such a file as "illegal map value" at a later column;
// js-yaml, which the framework uses, names the tab. The diagnostic points at the tab.
#include <catch2/catch.hpp>

#include "yaml/document.hpp"

TEST_CASE("indentation tab: a tab-indented key is named as such, at the tab") {
    auto doc = wd::yaml::load("service: a\nprovider:\n\tname: aws\n  runtime: nodejs20.x\n");
    REQUIRE_FALSE(doc.parsed);
    REQUIRE(doc.diags.size() == 1);
    CHECK(doc.diags[0].code == "WD1001");
    CHECK(doc.diags[0].message.find("tab characters must not be used in indentation") != std::string::npos);
    CHECK(doc.diags[0].line == 3);
    CHECK(doc.diags[0].column == 1);
}

TEST_CASE("indentation tab: a syntax error with no tab near it keeps yaml-cpp's message") {
    auto doc = wd::yaml::load("a: |\n  x\n  \ta tab inside a block scalar is text\nb: [1, 2\n");
    REQUIRE_FALSE(doc.parsed);
    REQUIRE(doc.diags.size() == 1);
    CHECK(doc.diags[0].message.find("tab characters") == std::string::npos);
}

TEST_CASE("indentation tab: tabs after the indentation are text") {
    auto doc = wd::yaml::load("a: 'x\ty'\nb:\n  - c\t# comment\n");
    CHECK(doc.parsed);
}
