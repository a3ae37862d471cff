// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <stdexcept>

#include "iam/managed_policy_index.hpp"
#include "support/test_files.hpp"

using wd::iam::managed_policy_index;

TEST_CASE("managed policies: a document is found by ARN and parsed on demand", "[iam][managed]") {
    managed_policy_index idx;
    idx.load(R"( { "arn:a" : {"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]},
                  "arn:b":{"Statement":[{"Sid":"brackets } ] { in \" a string","Effect":"Deny","Action":"*","Resource":"*"}]} } )");
    CHECK(idx.size() == 2);
    const wd::json* a = idx.find("arn:a");
    REQUIRE(a != nullptr);
    CHECK(a->at("Statement").at(0).at("Action") == "s3:*");
    CHECK(idx.find("arn:a") == a);  // parsed once, then cached
    const wd::json* b = idx.find("arn:b");
    REQUIRE(b != nullptr);
    CHECK(b->at("Statement").at(0).at("Sid") == "brackets } ] { in \" a string");
    CHECK(idx.find("arn:c") == nullptr);
}

TEST_CASE("managed policies: keys with escapes are decoded", "[iam][managed]") {
    managed_policy_index idx;
    idx.load(R"({"arn:\u0061ws:x":{}})");
    CHECK(idx.find("arn:aws:x") != nullptr);
}

TEST_CASE("managed policies: a malformed document is rejected whole and keeps the previous index", "[iam][managed]") {
    managed_policy_index idx;
    idx.load(R"({"arn:a":{}})");
    for (const char* bad : {"", "[]", R"({"arn:a":1})", R"({"arn:a":{})", R"({"arn:a":{}} x)", R"({"arn:a" {}})",
                            R"({"arn:a":{"x":"unterminated}})", R"({"arn:a":{]})"}) {
        INFO(bad);
        CHECK_THROWS_AS(idx.load(bad), std::runtime_error);
    }
    CHECK(idx.size() == 1);
    CHECK(idx.find("arn:a") != nullptr);
}

TEST_CASE("managed policies: a value whose JSON is broken inside is reported as missing", "[iam][managed]") {
    managed_policy_index idx;
    idx.load(R"({"arn:a":{"Statement": [1,,2]}, "arn:b":{}})");
    CHECK(idx.find("arn:a") == nullptr);
    CHECK(idx.find("arn:b") != nullptr);
}

TEST_CASE("managed policies: the generated document indexes every policy", "[iam][managed]") {
    const std::string text = wd::test::read_file(wd::test::generated_path("managed-policies.json"));
    managed_policy_index idx;
    idx.load(text);
    const wd::json whole = wd::json::parse(text);
    CHECK(idx.size() == whole.size());
    for (const char* arn : {"arn:aws:iam::aws:policy/AdministratorAccess",
                            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}) {
        INFO(arn);
        const wd::json* doc = idx.find(arn);
        REQUIRE(doc != nullptr);
        CHECK(*doc == whole.at(arn));
    }
}
