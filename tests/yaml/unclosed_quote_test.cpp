// SPDX-License-Identifier: MIT
// yaml-cpp takes a `"` or `'` that is never closed as closed at the end of the file (page review #20):
// `stage: "dev` followed by a newline read as `dev `, and every later line swallowed into the scalar. js-yaml,
// the framework's reader, stops with "unexpected end of the stream within a double quoted scalar".
#include <catch2/catch.hpp>

#include "yaml/document.hpp"

TEST_CASE("unclosed quote: a double quote never closed is an error at the quote") {
    for (const char* text : {"service: a\nprovider:\n  stage: \"dev\n", "service: a\nprovider:\n  stage: \"dev\nfunctions:\n  f:\n    handler: h\n"}) {
        INFO(text);
        auto doc = wd::yaml::load(text);
        REQUIRE_FALSE(doc.parsed);
        REQUIRE(doc.diags.size() == 1);
        CHECK(doc.diags[0].code == "WD1001");
        CHECK(doc.diags[0].message.find("never closed") != std::string::npos);
        CHECK(doc.diags[0].line == 3);
        CHECK(doc.diags[0].column == 10);
    }
}

TEST_CASE("unclosed quote: a single quote never closed, also as a key") {
    auto doc = wd::yaml::load("a: 1\n'b: 2\n");
    REQUIRE_FALSE(doc.parsed);
    REQUIRE(doc.diags.size() == 1);
    CHECK(doc.diags[0].line == 2);
    CHECK(doc.diags[0].column == 1);
}

TEST_CASE("unclosed quote: escapes and quotes inside plain text are not unclosed quotes") {
    auto doc = wd::yaml::load("a: 'it''s'\nb: \"x\\\"y\"\nc: it's\nd: \"multi\n  line\"\ne: '\\'\n");
    REQUIRE(doc.parsed);
    CHECK(doc.root["a"] == "it's");
    CHECK(doc.root["b"] == "x\"y");
    CHECK(doc.root["c"] == "it's");
    CHECK(doc.root["d"] == "multi line");
    CHECK(doc.root["e"] == "\\");
}
