// SPDX-License-Identifier: MIT
// yaml-cpp 0.7.0 loops forever on a root value followed by `,` (found by yaml_fuzz). Each input here
// hung before the guard; now each must come back with WD1001 at the comma, and valid YAML that merely
// contains commas must still load.
#include <catch2/catch.hpp>

#include "yaml/document.hpp"

namespace {
void expect_comma_error(const std::string& text, int line, int column) {
    INFO(text);
    auto doc = wd::yaml::load(text);
    REQUIRE_FALSE(doc.parsed);
    REQUIRE(doc.diags.size() == 1);
    CHECK(doc.diags[0].code == "WD1001");
    CHECK(doc.diags[0].line == line);
    CHECK(doc.diags[0].column == column);
}
}  // namespace

TEST_CASE("hang guard: a root flow collection or quoted scalar followed by a comma is an error") {
    expect_comma_error("[a], b", 1, 4);
    expect_comma_error("{a}, b", 1, 4);
    expect_comma_error("  [a] , b", 1, 7);
    expect_comma_error("\"x\", y", 1, 4);
    expect_comma_error("'it''s', y", 1, 8);
    expect_comma_error("# comment\n[a], b", 2, 4);
    expect_comma_error("%YAML 1.2\n---\n[a], b", 3, 4);
    expect_comma_error("a: 1\n---\n[a], b", 3, 4);
    expect_comma_error("[a]\n\n  ,b", 3, 3);
    expect_comma_error("&x [a], b", 1, 7);
    expect_comma_error("!t [a], b", 1, 7);
    expect_comma_error("[a] # c\n, b", 2, 1);
    expect_comma_error("{\"k\": \"v, w\", \"n\": [1, 2]},\n", 1, 27);
    expect_comma_error(",", 1, 1);
    expect_comma_error(", a", 1, 1);
    expect_comma_error("&a ,", 1, 4);
    expect_comma_error("&a,", 1, 3);
    expect_comma_error("!t,", 1, 3);
    expect_comma_error("&\"Allow\",\n  \"Action\": [", 1, 9);
}

TEST_CASE("hang guard: commas inside valid YAML are left alone") {
    for (const char* ok : {"x, y", "k: [a, b]", "k: \"x, y\"", "k: |\n  [a], b\n", "- [a, b]\n- c, d",
                           "[a, b]", "{a: 1, b: 2}", "k: x [a], b", "# [a], b\nk: v"}) {
        INFO(ok);
        auto doc = wd::yaml::load(ok);
        CHECK(doc.parsed);
    }
}

TEST_CASE("hang guard: a quote inside a plain scalar does not open a string (fuzz regression)") {
    // A JSON paste whose opening quote was lost: `x"` is a plain scalar, so the root mapping closes at
    // the `}` before the comma, exactly as yaml-cpp reads it.
    expect_comma_error("{\"a\": [ xdynamodb:Get\", \"b\" ]},\n \"c\": 1}", 1, 31);
    auto ok = wd::yaml::load("{\"a\": [x\"y, \"b\"]}");
    CHECK(ok.diags.empty());
}

TEST_CASE("hang guard: other text after the root value, then a line starting with a comma (fuzz regression)") {
    expect_comma_error("'a';\n,b", 1, 4);
    expect_comma_error("'a'x\n,b", 1, 4);
    expect_comma_error("\"a\";\n,b", 1, 4);
    expect_comma_error("{a: 1};\n,b", 1, 7);
    expect_comma_error("[a]x\n,b", 1, 4);
    expect_comma_error("'a';\nc\n,b", 1, 4);
    expect_comma_error("'a';\n x\n,b", 1, 4);
    expect_comma_error("'a' #c\n,b", 2, 1);
    expect_comma_error("'a';\n\n,", 1, 4);
    // Any text after such a root value is refused at its first character (yaml-cpp could loop on it).
    expect_comma_error("{\"a\": 1}\n\t\"b\", \"c\": 2}", 2, 2);
    CHECK(wd::yaml::load("\"key\": value\n\"other\": 2\n").parsed);  // a quoted key is not text after a value
    CHECK(wd::yaml::load("[a]\n...\n").parsed);
    CHECK(wd::yaml::load("{\"a\": 1}\n# done\n").parsed);
    // After a plain root value or inside a collection yaml-cpp answers by itself: the guard stays out.
    CHECK(wd::yaml::load("a\n,b").parsed);  // one plain scalar spanning two lines
    for (const char* broken : {"x: 'a';\n,b", "- 'a';\n,b"}) {
        INFO(broken);
        auto doc = wd::yaml::load(broken);
        REQUIRE_FALSE(doc.parsed);
        REQUIRE_FALSE(doc.diags.empty());
        CHECK(doc.diags[0].line == 1);  // yaml-cpp's own error, on the first line, not the comma's
    }
}

TEST_CASE("hang guard: a quote right after `:` or `-` in flow context is a plain character (fuzz regression)") {
    expect_comma_error("[a:\"], b", 1, 6);
    expect_comma_error("[-\"], b", 1, 5);
    expect_comma_error("{s: [[\xd9:\"]]},", 1, 13);
    // JSON-like keys and blanks still open quoted scalars, so commas inside them are not stray.
    for (const char* ok : {"{\"a\":\"b, c\"}", "[a: \"b, c\"]", "[[x]:\"b, c\"]", "{\"a\": [1, \"x\"]}"}) {
        INFO(ok);
        CHECK(wd::yaml::load(ok).parsed);
    }
}
