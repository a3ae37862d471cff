// SPDX-License-Identifier: MIT
// Area: issue 8 limits of the log parser: input size (WD3006), distinct denials (WD3011) and very long
// lines (read, not capped: a minified JSON export is one long line).
#include <catch2/catch.hpp>

#include <string>

#include "log/log_parser.hpp"

using wd::log::parse_log;

namespace {

bool has_diag(const wd::log::parse_result& r, const std::string& code) {
    for (const auto& d : r.diags)
        if (d.code == code) return true;
    return false;
}

std::string denial_line(int n) {
    return "AccessDenied: User: arn:aws:iam::123456789012:user/u" + std::to_string(n) +
           " is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k\n";
}

}  // namespace

TEST_CASE("limits: a log over 64 MB is refused with WD3006", "[log][limits]") {
    std::string log = denial_line(1);
    log.resize(64u * 1024u * 1024u + 1, 'x');
    const auto r = parse_log(log, nullptr);
    CHECK(r.denials.empty());
    REQUIRE(r.diags.size() == 1);
    CHECK(r.diags[0].code == "WD3006");
    CHECK(r.diags[0].level == wd::severity::error);
}

TEST_CASE("limits: at most 1000 distinct denials are reported, with WD3011 for the rest", "[log][limits]") {
    std::string log;
    for (int i = 1; i <= 1500; ++i) log += denial_line(i);
    log += denial_line(1);  // a repeat of a kept denial still counts towards it
    const auto r = parse_log(log, nullptr);
    REQUIRE(r.denials.size() == 1000);
    CHECK(r.denials.back().principal.user_name == "u1000");
    CHECK(r.denials.front().count == 2);
    REQUIRE(has_diag(r, "WD3011"));
    for (const auto& d : r.diags)
        if (d.code == "WD3011") {
            CHECK(d.args["dropped"] == 500);
            CHECK(d.line == 1001);
        }
    // Under the limit: no warning.
    std::string small;
    for (int i = 1; i <= 999; ++i) small += denial_line(i);
    const auto s = parse_log(small, nullptr);
    CHECK(s.denials.size() == 999);
    CHECK_FALSE(has_diag(s, "WD3011"));
}

TEST_CASE("limits: very long lines are read whole, no line cap", "[log][limits]") {
    // 8 MB of JSON-ish noise on one line, the denial at its end (a minified export).
    std::string noise;
    while (noise.size() < 8u * 1024u * 1024u) noise += "{\"path\":\"/api/items\",\"status\":200,\"ms\":12},";
    const std::string sentence = denial_line(7);
    const auto one = parse_log(noise + sentence.substr(0, sentence.size() - 1), nullptr);
    REQUIRE(one.denials.size() == 1);
    CHECK(one.denials[0].line == 1);
    CHECK(one.denials[0].principal.user_name == "u7");
    // The long line first, the denial on the next line: its line number is right.
    const auto two = parse_log(noise + "\n" + sentence, nullptr);
    REQUIRE(two.denials.size() == 1);
    CHECK(two.denials[0].line == 2);
    // A long line of letters without any break (no separators for the scanner to stop at).
    const auto three = parse_log(std::string(8u * 1024u * 1024u, 'a') + "\n" + sentence, nullptr);
    REQUIRE(three.denials.size() == 1);
    CHECK(three.denials[0].line == 2);
}

TEST_CASE("limits: a long line repeating a scanner's needle is read in one pass", "[log][limits]") {
    // Each of these once made the scanner re-read the rest of the run at every match (1 MB of
    // "AccessDenied" took minutes). Nothing here is a denial; the test is that it finishes, the same
    // as for ordinary text, and that a real denial after the run is still found.
    for (const char* needle : {"AccessDenied", "Exception", "CommandError", ".amazonaws.com", "s3://", "Error: ",
                               "An error occurred (", "reading Secrets Manager Secret", "Error calling API ",
                               " s3.amazonaws.com PutItem", "\"resources\": [", "\"requestParameters\": {\"bucketName\": \"b",
                               "OperationDeserializer", "X-Amz-Target: A.B ", "554 Access denied: User", " retries] a_b(",
                               "Action=Op&"}) {
        std::string run;
        while (run.size() < 1024u * 1024u) run += needle;
        INFO("needle " << needle);
        const auto r = parse_log(run + "\n" + denial_line(3), nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].line == 2);
        CHECK(r.denials[0].principal.user_name == "u3");
    }
}
