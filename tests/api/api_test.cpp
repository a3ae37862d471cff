// SPDX-License-Identifier: MIT
// The JSON interface every shell uses: stamps, input validation, and no exception ever escaping.
#include <catch2/catch.hpp>

#include "api/engine.hpp"
#include "support/test_files.hpp"

using wd::json;

namespace {
bool has_code(const json& answer, const std::string& code) {
    for (const auto& d : answer["diagnostics"])
        if (d["code"] == code) return true;
    return false;
}
}  // namespace

TEST_CASE("answers are stamped with schema, engine and catalog") {
    wd::api::engine e;
    auto a = e.call("parseLog", json{{"log", ""}});
    CHECK(a["schema"] == "whydenied/parse-log@1");
    CHECK(a["engine"] == wd::api::engine_version());
    CHECK(a["catalog"].is_null());  // no catalog loaded yet

    auto cat = wd::test::read_file(wd::test::generated_path("iam-catalog.json"));
    REQUIRE(e.load_catalog(cat).empty());
    auto b = e.call("parseLog", json{{"log", ""}});
    CHECK(b["catalog"].is_string());
    CHECK(b["catalog"] == e.catalog_date());
}

TEST_CASE("unknown commands and malformed requests are diagnostics") {
    wd::api::engine e;
    CHECK(has_code(e.call("frobnicate", json::object()), "WD9004"));
    CHECK(has_code(json::parse(e.call_text("explain", "{\"config\": ")), "WD9001"));
    CHECK(has_code(e.call("explain", json{{"config", 42}, {"log", "x"}}), "WD9002"));
    CHECK(has_code(e.call("package", json{{"config", "service: a"}, {"files", "not-an-object"}}), "WD9002"));
    CHECK(has_code(e.call("package", json{{"config", "service: a"}, {"filesComplete", "yes"}}), "WD9002"));  // a boolean only
}

TEST_CASE("a loaded catalog that is not a catalog is refused, and the old one kept") {
    wd::api::engine e;
    auto diags = e.load_catalog("this is not json");
    REQUIRE_FALSE(diags.empty());
    CHECK(diags[0]["severity"] == "error");
    CHECK(e.catalog_date().empty());
}

TEST_CASE("no input shape makes the engine throw") {
    wd::api::engine e;
    const char* inputs[] = {"null", "[]", "\"text\"", "{}", "{\"config\": null, \"log\": []}", "3", "{\"log\": {}}"};
    for (auto cmd : {"explain", "package", "evaluate", "parseLog", "version"}) {
        for (auto in : inputs) {
            std::string out;
            REQUIRE_NOTHROW(out = e.call_text(cmd, in));
            auto j = json::parse(out, nullptr, false);
            CHECK_FALSE(j.is_discarded());
            CHECK(j.contains("diagnostics"));
        }
    }
}

TEST_CASE("exit codes follow error diagnostics") {
    CHECK(wd::api::exit_code_for(json{{"diagnostics", json::array()}}) == 0);
    CHECK(wd::api::exit_code_for(json{{"diagnostics", {{{"severity", "info"}}}}}) == 0);
    CHECK(wd::api::exit_code_for(json{{"diagnostics", {{{"severity", "error"}}}}}) == 1);
}

TEST_CASE("a log passed apart as raw text gives the answer of the whole JSON request") {
    wd::api::engine e;
    const std::string config = wd::test::read_file(wd::test::source_path("examples/seed/serverless.yml"));
    const std::string log = "noise \"quoted\" \\ back\xFF\n" +
                            wd::test::read_file(wd::test::source_path("examples/seed/error.log"));
    const json whole = {{"config", config}, {"log", log}, {"locale", "ja"}};
    const std::string expected = e.call_text("explain", whole.dump(-1, ' ', false, json::error_handler_t::replace));
    const json rest = {{"config", config}, {"locale", "ja"}, {"log", "ignored"}};
    CHECK(e.call_text_with_log("explain", rest.dump(), log) == expected);
    CHECK(e.call_text_with_log("parseLog", "{}", log) == e.call_text("parseLog", json{{"log", log}}.dump(-1, ' ', false, json::error_handler_t::replace)));
    CHECK(has_code(json::parse(e.call_text_with_log("explain", "[1]", log)), "WD9001"));
    CHECK(has_code(json::parse(e.call_text_with_log("explain", "{", log)), "WD9001"));
}
