// SPDX-License-Identifier: MIT
// Area: issue 8 count limits of the conversion: functions (WD2080), statements per role (WD2081) and in
// all (WD2082). Past them the first part is analysed and the answer says so.
#include <catch2/catch.hpp>

#include <string>

#include "serverless/rules_support.hpp"

using namespace wd;
using test::pkg;

namespace {

std::string statement_list(int n, const std::string& indent, const std::string& tag) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += indent + "- {Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::" + tag + "-" + std::to_string(i) + "/*'}\n";
    return out;
}

std::size_t count_type(const sls::package_result& r, const std::string& type) {
    std::size_t n = 0;
    for (const auto& [id, res] : r.cfn_template["Resources"].items()) {
        (void)id;
        if (res.value("Type", std::string()) == type) ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("limits: only the first 2000 functions are analysed, with WD2080", "[serverless][limits]") {
    std::string text = "service: many\nprovider:\n  name: aws\nfunctions:\n";
    for (int i = 0; i < 2100; ++i) text += "  f" + std::to_string(i) + ":\n    handler: h.main\n";
    auto r = pkg(text);
    CHECK(r.functions.size() == 2000);
    CHECK(r.functions.front().key == "f0");
    CHECK(r.functions.back().key == "f1999");  // declaration order kept
    CHECK(count_type(r, "AWS::Lambda::Function") == 2000);
    const diagnostic* d = test::find_diag(r, "WD2080");
    REQUIRE(d);
    CHECK(d->level == severity::warning);
    CHECK(d->args["count"] == 2100);
    CHECK(d->args["limit"] == 2000);
    // At the limit: no warning.
    std::string ok = "service: many\nprovider:\n  name: aws\nfunctions:\n";
    for (int i = 0; i < 2000; ++i) ok += "  f" + std::to_string(i) + ":\n    handler: h.main\n";
    auto o = pkg(ok);
    CHECK(o.functions.size() == 2000);
    CHECK_FALSE(test::find_diag(o, "WD2080"));
}

TEST_CASE("limits: a role's statements past 1000 are not evaluated, with WD2081", "[serverless][limits]") {
    auto r = pkg("service: big\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n" +
                 statement_list(1200, "        ", "b") + "functions:\n  a:\n    handler: h.main\n");
    const sls::role_info* role = test::find_role(r, "IamRoleLambdaExecution");
    REQUIRE(role);
    CHECK(role->statements.size() == 1000);
    const diagnostic* d = test::find_diag(r, "WD2081");
    REQUIRE(d);
    CHECK(d->args["role"] == "IamRoleLambdaExecution");
    CHECK(d->args["count"].get<std::size_t>() > 1200);  // 1200 from the config plus the framework's log statement
    CHECK_FALSE(test::find_diag(r, "WD2082"));
    // The template itself keeps every statement (it is the conversion, not the evaluation).
    CHECK(test::statements(r).size() > 1200);
}

TEST_CASE("limits: at most 5000 statements are evaluated in all, with WD2082", "[serverless][limits]") {
    std::string text = "service: big\nplugins:\n  - serverless-iam-roles-per-function\nprovider:\n  name: aws\nfunctions:\n";
    for (int f = 0; f < 6; ++f)
        text += "  f" + std::to_string(f) + ":\n    handler: h.main\n    iamRoleStatements:\n" +
                statement_list(900, "      ", "f" + std::to_string(f));
    auto r = pkg(text);
    std::size_t total = 0;
    for (const auto& role : r.roles) {
        CHECK(role.statements.size() <= 1000);
        total += role.statements.size();
    }
    CHECK(total == 5000);
    const diagnostic* d = test::find_diag(r, "WD2082");
    REQUIRE(d);
    CHECK(d->args["count"].get<std::size_t>() > 5400);
    CHECK_FALSE(test::find_diag(r, "WD2081"));
}
