// SPDX-License-Identifier: MIT
// Area: text that is not valid UTF-8 (found by tests/fuzz/package_fuzz: a config byte 0x88 reached the JSON
// document, and packaging's dump() threw, WD2099). The loader now hands on valid UTF-8 only.
#include <catch2/catch.hpp>

#include "yaml/document.hpp"
#include "common/utf8.hpp"

using wd::json;

TEST_CASE("valid_utf8 keeps valid text and replaces each invalid byte with U+FFFD", "[yaml][utf8][fuzz]") {
    CHECK(wd::valid_utf8("plain ascii") == "plain ascii");
    CHECK(wd::valid_utf8("caf\xC3\xA9 \xE3\x81\x82 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xE3\x81\x82 \xF0\x9F\x98\x80");
    CHECK(wd::valid_utf8("a\x88z") == "a\xEF\xBF\xBDz");
    CHECK(wd::valid_utf8("\xC0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD");            // overlong NUL
    CHECK(wd::valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    CHECK(wd::valid_utf8("\xF4\x90\x80\x80").size() == 12);                     // past U+10FFFF
    CHECK(wd::valid_utf8("end\xE3\x81") == "end\xEF\xBF\xBD\xEF\xBF\xBD");        // cut short
}

TEST_CASE("the loaded document is valid UTF-8 whatever the bytes, with positions unchanged", "[yaml][utf8][fuzz]") {
    const std::string text = "service: a\nprovider:\n  k\x88y: v\xFF\n  role:\n    Fn::ImportValue: \x88\x93\x9e\x8b" "form\n";
    wd::yaml::document doc = wd::yaml::load(text);
    REQUIRE(doc.parsed);
    CHECK_NOTHROW(doc.root.dump());
    CHECK(doc.root["provider"]["k\xEF\xBF\xBDy"] == "v\xEF\xBF\xBD");
    const auto* span = doc.span_of("/provider/role/Fn::ImportValue");
    REQUIRE(span != nullptr);
    CHECK(span->value.line == 5);
    CHECK(span->value.column == 22);
    // An escaped surrogate is a syntax error for yaml-cpp (WD1001), never bytes in the document.
    wd::yaml::document esc = wd::yaml::load("a: \"\\ud800x\"\n");
    CHECK_FALSE(esc.parsed);
    CHECK_NOTHROW(esc.root.dump());
}
