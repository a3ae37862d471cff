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

// The page and the WASM module get evaluate's answer from a writer that puts the trace records straight into
// text; it must be, byte for byte, what the JSON answer dumps to. Every case file of the repo, and cases with
// the strings the writer escapes itself or hands to nlohmann (quotes, backslashes, control characters, UTF-8,
// invalid bytes) in every place a trace repeats a user's text.
TEST_CASE("evaluate's text answer is the dump of its JSON answer, byte for byte") {
    wd::api::engine e;
    REQUIRE(e.load_catalog(wd::test::read_file(wd::test::generated_path("iam-catalog.json"))).empty());
    std::vector<std::string> cases;
    auto add_lines = [&](const std::string& path) {
        const std::string text = wd::test::read_file(path);
        std::size_t from = 0;
        while (from < text.size()) {
            std::size_t nl = text.find('\n', from);
            if (nl == std::string::npos) nl = text.size();
            if (nl > from) cases.push_back(text.substr(from, nl - from));
            from = nl + 1;
        }
    };
    add_lines(wd::test::corpus_path("iam-eval/cases.jsonl"));
    for (const auto& name : wd::test::list_dir(wd::test::source_path("tests/iam/cases")))
        if (name.size() > 6 && name.substr(name.size() - 6) == ".jsonl") add_lines(wd::test::source_path("tests/iam/cases/" + name));
    REQUIRE(cases.size() > 200);

    const std::string odd = "q\"b\\s\t\x01\x7f caf\xC3\xA9 \xE6\x97\xA5 bad\xFF end";
    json crafted = {
        {"identityPolicies",
         json::array({{{"name", "p " + odd},
                       {"source", {{"statements", json::array({{{"line", 3}, {"note", odd}}, json::object(), json::array()})}}},
                       {"policy",
                        {{"Version", "2012-10-17"},
                         {"Statement",
                          json::array({{{"Sid", "S1"}, {"Effect", "Allow"}, {"Action", json::array({"s3:Get*", "s3:GetObject"})},
                                        {"Resource", "arn:aws:s3:::b/${aws:username}/*"},
                                        {"Condition", {{"StringLike", {{"aws:PrincipalTag/t", json::array({odd, "x*"})}}}}}},
                                       {{"Effect", "Deny"}, {"NotAction", "s3:Put*"}, {"NotResource", "arn:aws:s3:::b/" + odd},
                                        {"Condition", {{"Null", {{"aws:SourceVpc", "true"}}}, {"ForAnyValue:StringEquals", {{"aws:TagKeys", "k"}}}}}}})}}}}})},
        {"resourcePolicy",
         {{"Version", "2012-10-17"},
          {"Statement", json::array({{{"Effect", "Allow"}, {"Principal", {{"AWS", json::array({"111111111111", "arn:aws:iam::111111111111:role/app"})}}},
                                      {"Action", "s3:GetObject"}, {"Resource", "*"}},
                                     {{"Effect", "Deny"}, {"NotPrincipal", {{"AWS", "arn:aws:iam::111111111111:root"}}},
                                      {"Action", "s3:*"}, {"Resource", "arn:aws:s3:::other/*"}}})}}},
        {"request",
         {{"principal", "arn:aws:sts::111111111111:assumed-role/app/s"},
          {"action", "s3:GetObject"},
          {"resource", "arn:aws:s3:::b/k"},
          {"context", {{"aws:PrincipalTag/t", odd}, {"aws:TagKeys", json::array({"k", odd})}, {"s3:prefix", odd}, {"n", 10}}}}}};
    cases.push_back(crafted.dump(-1, ' ', false, json::error_handler_t::replace));
    crafted["serviceControlPolicies"] = json::array({{{"orgIdentifier", "r-" + odd}, {"policies", json::array({crafted["resourcePolicy"]})}}});
    cases.push_back(crafted.dump(-1, ' ', false, json::error_handler_t::replace));
    cases.push_back("{\"request\": {\"principal\": \"arn:aws:iam::111111111111:user/u\", \"action\": \"sts:GetCallerIdentity\"}}");
    cases.push_back("{\"request\": {\"principal\": 5}}");
    cases.push_back("[]");

    std::size_t compared = 0;
    for (const auto& c : cases) {
        const json parsed = json::parse(c, nullptr, false);
        REQUIRE_FALSE(parsed.is_discarded());
        const std::string text = e.call_text("evaluate", c);
        const std::string expected = e.call("evaluate", parsed).dump(2, ' ', false, json::error_handler_t::replace);
        INFO(c);
        CHECK(text == expected);
        compared += text == expected;
    }
    CHECK(compared == cases.size());
}
