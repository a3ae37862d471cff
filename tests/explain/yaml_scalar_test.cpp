// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include "explain/yaml_style.hpp"

using wd::explain::yaml_scalar;

namespace {
// What a YAML reader makes of the emitted scalar: it must be the original value, whatever the quoting.
std::string read_back(const std::string& emitted) { return YAML::Load("k: " + emitted)["k"].as<std::string>(); }
}  // namespace

TEST_CASE("yaml scalar: plain where YAML allows it, quoted where it would change meaning", "[explain][yaml]") {
    CHECK(yaml_scalar("arn:aws:s3:::bucket/key", '\'') == "arn:aws:s3:::bucket/key");
    CHECK(yaml_scalar("*", '\'') == "'*'");
    CHECK(yaml_scalar("yes", '"') == "\"yes\"");
    CHECK(yaml_scalar("a: b", '\'') == "'a: b'");
    for (const std::string v : {"*", "yes", "a: b", "it's", "x #y", "say \"hi\"", "back\\slash", "12"})
        for (char q : {'\'', '"'}) {
            INFO(v << " with " << q);
            CHECK(read_back(yaml_scalar(v, q)) == v);
        }
}

TEST_CASE("yaml scalar: invisible and bidi characters are written as escapes, never raw", "[explain][yaml]") {
    const std::string rlo = "\xE2\x80\xAE";   // U+202E RIGHT-TO-LEFT OVERRIDE
    const std::string zwsp = "\xE2\x80\x8B";  // U+200B ZERO WIDTH SPACE
    const std::string lri = "\xE2\x81\xA6";   // U+2066 LEFT-TO-RIGHT ISOLATE
    for (const std::string v : {"arn:aws:s3:::b/" + rlo + "gpj.exe", "table" + zwsp, lri + "x", std::string("a\nb"),
                                std::string("c\x01d")}) {
        for (char q : {'\'', '"'}) {
            std::string out = yaml_scalar(v, q);
            INFO(out);
            CHECK(out.front() == '"');
            CHECK(out.find(rlo) == std::string::npos);
            CHECK(out.find(zwsp) == std::string::npos);
            CHECK(out.find(lri) == std::string::npos);
            CHECK(out.find('\n') == std::string::npos);
            CHECK(out.find("\\u") != std::string::npos);
            CHECK(read_back(out) == v);
        }
    }
    CHECK(yaml_scalar("arn:aws:s3:::b/" + rlo, '\'') == "\"arn:aws:s3:::b/\\u202E\"");
}

TEST_CASE("yaml scalar: other non-ASCII text stays as written", "[explain][yaml]") {
    const std::string jp = "\xE3\x83\x86\xE3\x83\xBC\xE3\x83\x96\xE3\x83\xAB";  // テーブル
    CHECK(yaml_scalar(jp, '\'') == jp);
}
