// SPDX-License-Identifier: MIT
// Our own log battery (tests/log/cases, README there): each log's denial count and the first denial's
// labelled fields, with the generated IAM catalog as the CLI uses it.
#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <string>

#include "common/json.hpp"
#include "log/log_parser.hpp"
#include "support/test_files.hpp"

namespace {

wd::json normalised(const std::string& key, const wd::json& v) {
    if (key == "action" && v.is_string()) {
        std::string s = v.get<std::string>();
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
    if (key == "type" && v == "unknown") return nullptr;
    return v;
}

}  // namespace

TEST_CASE("log battery: tests/log/cases", "[log][battery]") {
    const std::string dir = wd::test::source_path("tests/log/cases");
    const auto& cat = wd::test::generated_catalog();
    int cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".log") continue;
        const std::string base = entry.path().stem().string();
        const wd::json expected = wd::json::parse(wd::test::read_file(dir + "/" + base + ".expected.json"));
        const auto result = wd::log::parse_log(wd::test::read_file(entry.path().string()), cat.empty() ? nullptr : &cat);
        const wd::json doc = wd::log::to_json(result);
        ++cases;
        INFO(base << " [" << expected.value("shape", "") << "]: " << doc["denials"].dump());
        if (expected.contains("expected_denials")) REQUIRE(doc["denials"].size() == expected["expected_denials"].get<std::size_t>());
        else REQUIRE_FALSE(doc["denials"].empty());  // operation-only logs: the first denial's fields
        if (doc["denials"].empty()) continue;
        const wd::json& d = doc["denials"][0];
        for (const auto& [key, value] : expected["fields"].items()) {
            if (key == "principal") {
                for (const auto& [pk, pv] : value.items()) {
                    INFO("principal." << pk);
                    CHECK(normalised(pk, d["principal"].value(pk, wd::json())) == normalised(pk, pv));
                }
            } else {
                INFO(key);
                CHECK(normalised(key, d.value(key, wd::json())) == normalised(key, value));
            }
        }
    }
    CHECK(cases >= 170);
    std::cout << "log battery: " << cases << " cases\n";
}
