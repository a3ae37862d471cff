// SPDX-License-Identifier: MIT
// Area: issue 8 input limits of the YAML loader (size, key-path memory, very long lines).
#include <catch2/catch.hpp>

#include <string>

#include "yaml/document.hpp"

using namespace wd;

namespace {
bool has_code(const yaml::document& d, const char* code) {
    for (const auto& diag : d.diags)
        if (diag.code == code) return true;
    return false;
}
}  // namespace

TEST_CASE("limits: a config over 2 MB is refused with WD1008 before parsing", "[yaml][limits]") {
    // Valid YAML just over the cap: a long list of short items.
    std::string text = "service: big\nitems:\n";
    while (text.size() <= yaml::max_input_bytes) text += "  - abcdefghijklmnopqrstuvwxyz0123456789\n";
    auto d = yaml::load(text, "config");
    CHECK_FALSE(d.parsed);
    CHECK(d.root.is_null());
    REQUIRE(d.diags.size() == 1);
    CHECK(d.diags[0].code == "WD1008");
    CHECK(d.diags[0].file == "config");
    CHECK(d.diags[0].args["bytes"] == text.size());
    // `${file()}` inputs go through the same loader and the same cap, labelled with their name.
    auto f = yaml::load(text, "extra.yml");
    REQUIRE_FALSE(f.diags.empty());
    CHECK(f.diags[0].code == "WD1008");
    CHECK(f.diags[0].file == "extra.yml");
    // Just under the cap it is read.
    std::string under = text.substr(0, text.rfind("  - ", yaml::max_input_bytes - 1));
    REQUIRE(under.size() <= yaml::max_input_bytes);
    auto ok = yaml::load(under, "config");
    CHECK(ok.parsed);
    CHECK_FALSE(has_code(ok, "WD1008"));
    CHECK(ok.root["service"] == "big");
}

TEST_CASE("limits: long nested keys are refused with WD1009 instead of costing depth^2 memory", "[yaml][limits]") {
    // 97 levels of 1000-character keys (YAML's limit for plain keys is 1024; 97 is as deep as the framework's
    // js-yaml reads), then 700 short keys at the bottom: under 0.5 MB of text, ~68 MB of JSON pointers if indexed.
    std::string text;
    for (int i = 0; i < 97; ++i)
        text += std::string(static_cast<std::size_t>(i), ' ') + std::string(996, 'k') + std::to_string(1000 + i) + ":\n";
    for (int i = 0; i < 700; ++i) text += std::string(97, ' ') + "k" + std::to_string(i) + ": 1\n";
    REQUIRE(text.size() < (std::size_t(1) << 19));
    auto d = yaml::load(text, "config");
    CHECK_FALSE(d.parsed);
    CHECK(d.root.is_null());
    CHECK(d.spans.empty());
    CHECK(has_code(d, "WD1009"));
    CHECK_FALSE(has_code(d, "WD1004"));
    // The same depth with short keys is fine.
    std::string small;
    for (int i = 0; i < 97; ++i) small += std::string(static_cast<std::size_t>(i), ' ') + "k" + std::to_string(i) + ":\n";
    auto s = yaml::load(small, "config");
    CHECK(s.parsed);
    CHECK_FALSE(has_code(s, "WD1009"));
}

TEST_CASE("limits: a config on one very long line is read (minified JSON), no line cap", "[yaml][limits]") {
    // Serverless accepts serverless.json; a minified one is a single line of up to the size cap.
    std::string text = "{\"service\":\"one-line\",\"provider\":{\"name\":\"aws\"},\"functions\":{";
    for (int i = 0; text.size() < 1'500'000; ++i) {
        if (i) text += ",";
        text += "\"f" + std::to_string(i) + "\":{\"handler\":\"h.main\"}";
    }
    text += "}}";
    REQUIRE(text.find('\n') == std::string::npos);
    auto d = yaml::load(text, "config");
    REQUIRE(d.parsed);
    CHECK(d.root["service"] == "one-line");
    CHECK(d.root["functions"].size() > 30000);
    // Positions still point into the one line.
    const auto* span = d.span_of("/functions/f1000/handler");
    REQUIRE(span);
    CHECK(span->value.line == 1);
    CHECK(span->value.column > 1000);
}
