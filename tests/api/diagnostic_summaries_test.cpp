// SPDX-License-Identifier: MIT
// Every diagnostic code is documented (docs/diagnostics.md) and has a Japanese summary
// (core/common/diagnostic_summaries_ja.json, read by the CLI's report and by the page), so a Japanese answer
// never falls back to an English-only line.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include "common/diagnostic_summaries.hpp"
#include "support/test_files.hpp"

namespace {

std::set<std::string> codes_in(const std::string& text, const std::regex& pattern) {
    std::set<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) out.insert((*it)[1]);
    return out;
}

}  // namespace

TEST_CASE("diagnostic summaries: every documented code has a Japanese summary, and English has none") {
    const std::string doc = wd::test::read_file(wd::test::source_path("docs/diagnostics.md"));
    const std::set<std::string> documented = codes_in(doc, std::regex(R"(\n\| (WD[0-9]{4}) \|)"));
    REQUIRE(documented.size() > 100);
    for (const auto& code : documented) {
        INFO(code);
        CHECK_FALSE(wd::diagnostic_summary(code, "ja").empty());
        CHECK(wd::diagnostic_summary(code, "en").empty());
    }
    CHECK(wd::diagnostic_summary("WD0000", "ja").empty());
}

TEST_CASE("diagnostic summaries: every code the core gives is documented") {
    const std::string doc = wd::test::read_file(wd::test::source_path("docs/diagnostics.md"));
    const std::set<std::string> documented = codes_in(doc, std::regex(R"(\n\| (WD[0-9]{4}) \|)"));
    const std::regex literal(R"re("(WD[0-9]{4})")re");
    std::size_t files = 0;
    for (const auto& area : wd::test::list_dir(wd::test::source_path("core"), true))
        for (const auto& name : wd::test::list_dir(wd::test::source_path("core/" + area))) {
            if (name.size() < 4 || name.compare(name.size() - 4, 4, ".cpp") != 0) continue;
            ++files;
            for (const auto& code : codes_in(wd::test::read_file(wd::test::source_path("core/" + area + "/" + name)), literal)) {
                INFO(area << "/" << name << " gives " << code);
                CHECK(documented.count(code) == 1);
            }
        }
    CHECK(files > 50);
}
