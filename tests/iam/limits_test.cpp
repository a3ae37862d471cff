// SPDX-License-Identifier: MIT
// Area: issue 8 limits in IAM matching and evaluation. Work is asserted as counted steps, never as time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "iam/arn.hpp"
#include "iam/glob.hpp"
#include "iam_test_support.hpp"

using namespace wd::iam;
using wd::json;

namespace {

// Reference matcher: the textbook O(n*m) table, obviously right, used only to cross-check.
bool reference_glob(const std::string& p, const std::string& t) {
    std::vector<std::vector<char>> dp(p.size() + 1, std::vector<char>(t.size() + 1, 0));
    dp[0][0] = 1;
    for (std::size_t i = 1; i <= p.size(); ++i) {
        dp[i][0] = p[i - 1] == '*' && dp[i - 1][0];
        for (std::size_t j = 1; j <= t.size(); ++j) {
            char c = p[i - 1];
            if (c == '*') dp[i][j] = dp[i - 1][j] || dp[i][j - 1];
            else if (c == '?') dp[i][j] = dp[i - 1][j - 1];
            else if (c == literal_star) dp[i][j] = dp[i - 1][j - 1] && t[j - 1] == '*';
            else dp[i][j] = dp[i - 1][j - 1] && c == t[j - 1];
        }
    }
    return dp[p.size()][t.size()];
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

const std::string long_arn = "arn:aws:s3:::bucket/" + repeat("abcdefghij/", 2000);  // ~22 KB

}  // namespace

TEST_CASE("limits: glob agrees with the reference table on random patterns", "[iam][limits]") {
    std::mt19937 rng(8);  // fixed seed: reproducible
    const char pat_chars[] = {'a', 'b', '*', '?', literal_star};
    const char text_chars[] = {'a', 'b', '*'};
    for (int n = 0; n < 20000; ++n) {
        std::string p, t;
        for (int i = static_cast<int>(rng() % 9); i > 0; --i) p += pat_chars[rng() % 5];
        for (int i = static_cast<int>(rng() % 11); i > 0; --i) t += text_chars[rng() % 3];
        INFO("pattern `" << p << "` text `" << t << "`");
        step_budget b;
        REQUIRE(glob_match(p, t, false, &b) == reference_glob(p, t));
        // The documented bound holds: 1 + |p| + (|t| + pieces) * (1 + longest piece).
        std::uint64_t pieces = 1, longest = 0, run = 0;
        for (char c : p) {
            if (c == '*') ++pieces, run = 0;
            else longest = std::max<std::uint64_t>(longest, ++run);
        }
        REQUIRE(b.used <= 1 + p.size() + (t.size() + pieces) * (1 + longest));
    }
}

TEST_CASE("limits: `*?*?*?...` patterns of several KB stay linear against long ARNs", "[iam][limits]") {
    for (std::size_t pairs : {1000u, 4000u}) {  // 2 KB and 8 KB patterns
        // `#` is nowhere in the ARN: the matcher places every `?` and then searches the rest for `#`.
        const std::string pattern = repeat("*?", pairs) + "*#*";
        step_budget b;
        CHECK_FALSE(glob_match(pattern, long_arn, false, &b));
        const std::uint64_t n = long_arn.size(), m = pattern.size(), pieces = pairs + 1;
        CHECK(b.used >= n);  // the whole text was visited (the test exercises the long path)
        // Linear bound (glob.hpp): 1 + m + (n + pieces) * (1 + longest piece), longest piece = 1.
        CHECK(b.used <= 1 + m + 2 * (n + pieces));
        CHECK_FALSE(b.exhausted);
        // and the same shape that can match does match, with the same bound
        step_budget ok;
        CHECK(glob_match(repeat("*?", pairs), long_arn, false, &ok));
        CHECK(ok.used <= 1 + m + 2 * (n + pieces));
    }
}

TEST_CASE("limits: a long piece with `?` is bounded by the step budget", "[iam][limits]") {
    // `*a?a?...a?b*` against `aaaa...`: every start position compares most of the piece (n * piece).
    const std::string text(20000, 'a');
    const std::string pattern = "*" + repeat("a?", 2000) + "b*";
    step_budget b;
    b.limit = 1'000'000;
    CHECK_FALSE(glob_match(pattern, text, false, &b));
    CHECK(b.exhausted);
    CHECK(b.used <= b.limit + pattern.size() + 1);  // stops within one piece of the limit
    // Once exhausted, later matches answer false without work, even trivially true ones.
    const std::uint64_t used = b.used;
    CHECK_FALSE(glob_match("*", "x", false, &b));
    CHECK(b.used == used);
    // Unbudgeted it still gives the right answer.
    CHECK_FALSE(glob_match(pattern, text));
    CHECK(glob_match(pattern, text + "b"));
}

TEST_CASE("limits: ARN resource matching charges the budget per segment", "[iam][limits]") {
    step_budget b;
    b.limit = 10'000;
    const std::string pattern = "arn:aws:s3:::*" + repeat("a?", 3000) + "b*";
    CHECK_FALSE(resource_pattern_matches(pattern, std::string("arn:aws:s3:::") + std::string(30000, 'a'), &b));
    CHECK(b.exhausted);
}

TEST_CASE("limits: evaluation over budget gives Error with WD4303, not a wrong decision", "[iam][limits]") {
    using namespace wd::test;
    // A pathological resource pattern that (unbounded) would take ~n * piece = 40 M steps.
    const std::string res_pattern = "arn:aws:s3:::*" + repeat("a?", 2000) + "b*";
    const std::string resource = "arn:aws:s3:::bucket/" + std::string(20000, 'a');  // an object: GetObject's type
    json c = make_case(json::array({allow_stmt("s3:GetObject", res_pattern), deny_stmt("s3:GetObject", "*")}),
                       request(role, "s3:GetObject", resource));
    json out = run(c);
    CHECK(out["decision"] == "Error");
    CHECK(out["reasonClass"] == "error:step_budget");
    bool coded = false;
    for (const auto& d : out["diagnostics"]) coded = coded || d["code"] == "WD4303";
    CHECK(coded);
}

TEST_CASE("limits: many statements x many resources x conditions hit the same budget", "[iam][limits]") {
    using namespace wd::test;
    // 400 statements, each with 400 resource patterns and a StringLike condition: 160 000 ARN matches
    // of ~40 steps each, plus conditions, well past a budget of 1 M steps.
    json resources = json::array();
    for (int i = 0; i < 400; ++i) resources.push_back("arn:aws:s3:::bucket-" + std::to_string(i) + "/*x");
    json statements = json::array();
    for (int i = 0; i < 400; ++i) {
        json s = allow_stmt("s3:GetObject", resources);
        s["Condition"] = {{"StringLike", {{"aws:UserAgent", json::array({"*?*?*z"})}}}};
        statements.push_back(s);
    }
    // Only the last pattern of each statement matches, so every statement scans all 400 and then its condition.
    json c = make_case(statements, request(role, "s3:GetObject", "arn:aws:s3:::bucket-399/zx",
                                           json{{"aws:UserAgent", "console"}}));
    wd::diagnostics diags;
    evaluation_input in = parse_case(c, diags);
    REQUIRE(diags.empty());
    in.trace = false;
    in.step_limit = 1'000'000;
    evaluation_result r = evaluate(in, &generated_catalog());
    CHECK(r.decision == "Error");
    REQUIRE_FALSE(r.diags.empty());
    CHECK(r.diags.back().code == "WD4303");
    // With the default budget the same case is decided (the limit is not hit by merely large cases).
    in.step_limit = evaluation_input::default_step_limit;
    CHECK(evaluate(in, &generated_catalog()).decision == "ImplicitDeny");
}

TEST_CASE("limits: a shared budget is spent across evaluations", "[iam][limits]") {
    using namespace wd::test;
    json c = make_case(json::array({allow_stmt("s3:GetObject", "arn:aws:s3:::bkt/*")}),
                       request(role, "s3:GetObject", object));
    wd::diagnostics diags;
    evaluation_input in = parse_case(c, diags);
    step_budget shared;
    in.shared_budget = &shared;
    CHECK(evaluate(in, &generated_catalog()).decision == "Allow");
    const std::uint64_t one = shared.used;
    CHECK(one > 0);
    evaluate(in, &generated_catalog());
    CHECK(shared.used == 2 * one);
    shared.limit = shared.used;  // nothing left
    CHECK(evaluate(in, &generated_catalog()).decision == "Error");
}
