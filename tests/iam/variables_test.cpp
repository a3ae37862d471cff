// SPDX-License-Identifier: MIT
// Area: policy variables (substitution, defaults, literals, Version gating).
#include <catch2/catch.hpp>

#include "iam/glob.hpp"
#include "iam/variables.hpp"
#include "iam_test_support.hpp"

using namespace wd::iam;
using namespace wd::test;
using wd::json;

TEST_CASE("substitution resolves keys case-insensitively and supports defaults", "[iam][variables]") {
    auto ctx = request_context::from_json({{"aws:username", "alice"}, {"aws:TagKeys", json::array({"a"})}});
    CHECK(substitute_variables("home/${aws:UserName}/*", ctx, false).value() == "home/alice/*");
    CHECK(substitute_variables("t/${aws:PrincipalTag/team, 'shared'}", ctx, false).value() == "t/shared");
    CHECK_FALSE(substitute_variables("t/${aws:PrincipalTag/team}", ctx, false).has_value());
    CHECK_FALSE(substitute_variables("t/${aws:TagKeys}", ctx, false).has_value());  // multivalued
    CHECK(substitute_variables("${$}{x}", ctx, false).value() == "${x}");
    std::string missing;
    CHECK_FALSE(substitute_variables("${aws:userid}", ctx, false, &missing));
    CHECK(missing == "aws:userid");
}

TEST_CASE("substituted values and ${*} are literal in patterns", "[iam][variables]") {
    auto ctx = request_context::from_json({{"aws:username", "a*b"}});
    std::string p = substitute_variables("x/${aws:username}/${*}", ctx, true).value();
    CHECK(p == std::string("x/a") + literal_star + "b/" + literal_star);
}

TEST_CASE("variables are only substituted in Version 2012-10-17 policies", "[iam][variables]") {
    json ctx = {{"aws:username", "alice"}};
    json stmt = allow_stmt("s3:GetObject", "arn:aws:s3:::bkt/home/${aws:username}/*");
    json c = make_case(json::array({stmt}), request("arn:aws:iam::111111111111:user/alice", "s3:GetObject",
                                                    "arn:aws:s3:::bkt/home/alice/x", ctx));
    CHECK(decision(c) == "Allow");
    c["identityPolicies"][0]["policy"]["Version"] = "2008-10-17";
    CHECK(decision(c) == "ImplicitDeny");
    c["identityPolicies"][0]["policy"].erase("Version");
    CHECK(decision(c) == "ImplicitDeny");
}

TEST_CASE("aws:username is filled from an IAM user principal", "[iam][variables]") {
    json stmt = allow_stmt("s3:GetObject", "arn:aws:s3:::bkt/home/${aws:username}/*");
    json c = make_case(json::array({stmt}), request("arn:aws:iam::111111111111:user/bob", "s3:GetObject",
                                                    "arn:aws:s3:::bkt/home/bob/x"));
    CHECK(decision(c) == "Allow");
    c["request"]["resource"] = "arn:aws:s3:::bkt/home/alice/x";
    CHECK(decision(c) == "ImplicitDeny");
}

TEST_CASE("an unresolvable variable in a condition value matches nothing", "[iam][variables]") {
    json stmt = allow_stmt("secretsmanager:GetSecretValue");
    stmt["Condition"] = {{"StringEquals", {{"aws:ResourceTag/team", "${aws:PrincipalTag/team}"}}}};
    json c = make_case(json::array({stmt}), request(role, "secretsmanager:GetSecretValue",
                                                    "arn:aws:secretsmanager:us-east-1:111111111111:secret:s-AbCdEf",
                                                    {{"aws:ResourceTag/team", "blue"}}));
    CHECK(decision(c) == "ImplicitDeny");
    c["request"]["context"]["aws:PrincipalTag/team"] = "blue";
    CHECK(decision(c) == "Allow");
}

TEST_CASE("an unresolvable variable in a statement whose action does not match is no missing key", "[iam][variables]") {
    const json other = {{"Effect", "Allow"}, {"Action", "s3:GetObject"}, {"Resource", "arn:aws:s3:::${aws:PrincipalTag/team}/*"}};
    const json wanted = {{"Effect", "Allow"}, {"Action", "s3:PutObject"}, {"Resource", "arn:aws:s3:::bkt/*"}};
    const json put = run(make_case(json::array({other, wanted}), request(role, "s3:PutObject", object)));
    CHECK(put["decision"] == "Allow");
    CHECK(put.value("missingContextKeys", json::array()).empty());
    // ...while the statement that matches the action still reports it
    const json get = run(make_case(json::array({other}), request(role, "s3:GetObject", object)));
    CHECK(get.value("missingContextKeys", json::array()) == json::array({"aws:PrincipalTag/team"}));
}
