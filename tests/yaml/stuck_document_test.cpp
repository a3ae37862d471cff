// SPDX-License-Identifier: MIT
// yaml-cpp 0.7's LoadAll never returns when a document consumes no token: a `,` in block context
// that no rule takes (`'a';\n,b`, ` - "\n",`, and about 7 % of all four-character strings over YAML's
// punctuation). The loader drives the parser itself and stops at the first document that makes no
// progress (core/yaml/document.cpp). These tests enumerate short texts exhaustively, so the whole
// class is covered rather than the shapes the fuzzer happened to find.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "yaml/document.hpp"

namespace {

int count_lines(const std::string& text) {
    int lines = 1;
    for (char c : text) lines += c == '\n';
    return lines;
}

}  // namespace

TEST_CASE("yaml: a stray comma that stalls yaml-cpp is a syntax error at the comma") {
    struct stuck_case {
        const char* text;
        int line, column;
    };
    // Shapes the hang guard does not see (inside a block collection); each hung yaml-cpp's LoadAll.
    for (const auto& c : std::vector<stuck_case>{{" - \"\n\",", 2, 2},
                                                 {"  e: \"\n\",", 2, 2},
                                                 {"- [a]\n,", 2, 1},
                                                 {"- 'a'\n,b", 2, 1}}) {
        INFO(c.text);
        auto doc = wd::yaml::load(c.text);
        REQUIRE_FALSE(doc.parsed);
        REQUIRE(doc.diags.size() == 1);
        CHECK(doc.diags[0].code == "WD1001");
        CHECK(doc.diags[0].message.find("unexpected `,`") != std::string::npos);
        CHECK(doc.diags[0].line == c.line);
        CHECK(doc.diags[0].column == c.column);
        CHECK(doc.root.is_null());
        CHECK(doc.spans.empty());
    }
}

TEST_CASE("yaml: every short text over YAML's punctuation loads to a value or a positioned syntax error") {
    const std::string alphabet = " \n,\"'-:a[]{}#&*!?|>";
    std::size_t texts = 0, errors = 0;
    std::vector<std::size_t> digits;
    for (std::size_t length = 1; length <= 4; ++length) {
        digits.assign(length, 0);
        for (;;) {
            std::string text;
            for (auto d : digits) text += alphabet[d];
            auto doc = wd::yaml::load(text);
            ++texts;
            if (!doc.parsed) {
                ++errors;
                bool positioned = false;
                for (const auto& d : doc.diags) {
                    if (d.level != wd::severity::error) continue;
                    positioned = d.code.rfind("WD100", 0) == 0 && d.line >= 1 && d.line <= count_lines(text) &&
                                 d.column >= 1;
                    if (!positioned) break;
                }
                if (!positioned) {
                    INFO("text: `" << text << "`");
                    FAIL("not parsed, but no positioned WD100x error");
                }
            }
            std::size_t k = 0;
            while (k < length && ++digits[k] == alphabet.size()) digits[k++] = 0;
            if (k == length) break;
        }
    }
    CHECK(texts == 19 + 19 * 19 + 19 * 19 * 19 + 19 * 19 * 19 * 19);
    CHECK(errors > 0);
}
