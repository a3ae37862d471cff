// SPDX-License-Identifier: MIT
// Texts saved as UTF-16 (Windows PowerShell 5.1's `>` and Out-File) are converted before they are read.
#include <catch2/catch.hpp>

#include "api/engine.hpp"
#include "common/text_encoding.hpp"

using wd::json;

namespace {
std::string utf16le(const std::u16string& s, bool bom) {
    std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
    for (char16_t c : s) {
        out += static_cast<char>(c & 0xFF);
        out += static_cast<char>(c >> 8);
    }
    return out;
}
std::string utf16be(const std::u16string& s) {
    std::string out("\xFE\xFF", 2);
    for (char16_t c : s) {
        out += static_cast<char>(c >> 8);
        out += static_cast<char>(c & 0xFF);
    }
    return out;
}
}  // namespace

TEST_CASE("text encoding: UTF-16 with a byte-order mark, either order, becomes UTF-8") {
    auto le = wd::decode_utf16(utf16le(u"ab\u00e9\u30ed\U0001F600\r\n", true));
    REQUIRE(le);
    CHECK(le->utf8 == "ab\xC3\xA9\xE3\x83\xAD\xF0\x9F\x98\x80\r\n");
    CHECK(std::string(le->encoding) == "UTF-16LE");
    CHECK(le->byte_order_mark);
    auto be = wd::decode_utf16(utf16be(u"x\u00e9"));
    REQUIRE(be);
    CHECK(be->utf8 == "x\xC3\xA9");
    CHECK(std::string(be->encoding) == "UTF-16BE");
}

TEST_CASE("text encoding: UTF-16 without a mark is known by its NUL bytes; other text is left alone") {
    auto bare = wd::decode_utf16(utf16le(u"User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized", false));
    REQUIRE(bare);
    CHECK_FALSE(bare->byte_order_mark);
    CHECK(bare->utf8.rfind("User: arn:aws:sts::", 0) == 0);
    CHECK_FALSE(wd::decode_utf16("service: app\nprovider:\n  name: aws\n"));
    CHECK_FALSE(wd::decode_utf16("\xEF\xBB\xBFservice: app\n"));  // UTF-8 with its mark
    CHECK_FALSE(wd::decode_utf16(""));
    CHECK_FALSE(wd::decode_utf16(std::string("a\0b", 3)));  // too short to tell
    // A lone surrogate and a last odd byte are U+FFFD, never invalid UTF-8.
    auto broken = wd::decode_utf16(utf16le(u"a", true) + std::string("\x00\xD8", 2) + "z");
    REQUIRE(broken);
    CHECK(broken->utf8 == "a\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("text encoding: a UTF-16 log is read through the interface, and the answer says so") {
    wd::api::engine e;
    const std::string sentence = "User: arn:aws:sts::123456789012:assumed-role/app-dev-us-east-1-lambdaRole/app-dev-main is not "
                                 "authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:123456789012:q\r\n";
    std::u16string wide(sentence.begin(), sentence.end());
    auto a = e.call("parseLog", json{{"log", utf16le(wide, true)}});
    REQUIRE(a["denials"].size() == 1);
    CHECK(a["denials"][0]["action"] == "sqs:SendMessage");
    bool said = false;
    for (const auto& d : a["diagnostics"]) said = said || (d["code"] == "WD9006" && d["severity"] == "info" && d["line"] == 1 && d["column"] == 1);
    CHECK(said);
    auto p = e.call("package", json{{"config", utf16le(u"service: app\nprovider:\n  name: aws\nfunctions:\n  main:\n    handler: h.main\n", true)}});
    bool warned = false;
    for (const auto& d : p["diagnostics"]) warned = warned || (d["code"] == "WD9007" && d["severity"] == "warning");
    CHECK(warned);
    CHECK(p["Resources"].contains("IamRoleLambdaExecution"));  // analysed as converted
}
