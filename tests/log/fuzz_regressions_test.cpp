// SPDX-License-Identifier: MIT
// Area: inputs log_fuzz (tests/fuzz/log_fuzz.cpp) stopped on. Each file of tests/fuzz/regressions/log/ is replayed
// here in the normal build; the sanitizer build also replays them through the fuzz target (ctest
// fuzz_regressions_log). The one so far, `timeout-under-load-japanese-mojibake` (2026-12-03), hit libFuzzer's
// 10 s limit inside ASan's allocator after 688,330 runs on a loaded machine; alone it takes 0.4 s under ASan.
#include <catch2/catch.hpp>

#include <string>

#include "log/log_parser.hpp"
#include "support/test_files.hpp"

TEST_CASE("every log_fuzz regression input parses, its denials and diagnostics inside the text", "[log][fuzz]") {
    const auto inputs = wd::test::fuzz_regressions("log");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& in : inputs) {
        INFO(in.name);
        const wd::log::parse_result r = wd::log::parse_log(in.text, nullptr);
        const int lines = 1 + static_cast<int>(std::count(in.text.begin(), in.text.end(), '\n'));
        for (const auto& d : r.denials) {
            CHECK(d.line >= 1);
            CHECK(d.line <= lines);
        }
        for (const auto& g : r.diags) CHECK(g.line <= lines);
        CHECK(wd::log::to_json(r).dump(-1, ' ', false, wd::json::error_handler_t::replace).size() > 2);
    }
}
