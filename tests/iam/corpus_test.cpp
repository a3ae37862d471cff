// SPDX-License-Identifier: MIT
// Golden test: every case of tests/corpus/iam-eval/cases.jsonl (from @cloud-copilot/iam-simulate, with
// AWS's documented answer where the two disagree) must give the expected decision and, when the corpus
// names one, the expected reason class.
#include <catch2/catch.hpp>

#include <cstdio>
#include <sstream>

#include "iam/evaluator.hpp"
#include "support/test_files.hpp"

using wd::json;

TEST_CASE("iam-eval corpus: every case gives the expected decision and reason class", "[iam][corpus]") {
    const auto& cat = wd::test::generated_catalog();
    REQUIRE_FALSE(cat.empty());  // the corpus needs the catalog (unknown actions, RCP services, context keys)
    std::istringstream lines(wd::test::read_file(wd::test::corpus_path("iam-eval/cases.jsonl")));
    int passed = 0, failed = 0;
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        json c = json::parse(line);
        json out = wd::iam::evaluate_case(c, &cat);
        const json& exp = c["expected"];
        bool ok = out["decision"] == exp["decision"] &&
                  (exp["reason_class"].is_null() || out["reasonClass"] == exp["reason_class"]);
        if (ok) {
            ++passed;
        } else {
            ++failed;
            UNSCOPED_INFO(c["id"].get<std::string>() << ": expected " << exp.dump() << ", got "
                                                     << out["decision"].dump() << " " << out["reasonClass"].dump()
                                                     << " " << out["diagnostics"].dump());
        }
        CHECK(ok);
        // The answer always has the contract's shape.
        CHECK(out["trace"].is_array());
        CHECK(out["diagnostics"].is_array());
    }
    std::printf("iam-eval: %d passed, %d failed\n", passed, failed);
    CHECK(passed + failed == 220);
}
