// SPDX-License-Identifier: MIT
// Rules of mergeIamTemplates(): when the shared role exists and what it holds (SEMANTICS.md §3-§6).
#include <catch2/catch.hpp>

#include "serverless/rules_support.hpp"

using namespace wd;
using test::pkg;

static const std::string head = "service: svc\nprovider:\n  name: aws\n  region: eu-west-1\n";

TEST_CASE("shared role is not created when the service has no functions", "[serverless][rule]") {
    auto r = pkg(head + "  iam:\n    role:\n      statements:\n        - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n");
    CHECK(test::resource(r, "IamRoleLambdaExecution").is_null());
    CHECK(r.roles.empty());
}

TEST_CASE("shared role is not created when provider.iam.role names an existing role", "[serverless][rule]") {
    for (std::string role : {"arn:aws:iam::123456789012:role/x", "MyRole", "{Fn::ImportValue: exported-role}",
                             "{Fn::GetAtt: [MyRole, Arn]}"}) {
        auto r = pkg(head + "  iam:\n    role: " + role + "\nfunctions:\n  a:\n    handler: h.h\n");
        INFO(role);
        CHECK(test::resource(r, "IamRoleLambdaExecution").is_null());
        const json& fn_role = test::resource(r, "ALambdaFunction")["Properties"]["Role"];
        CHECK_FALSE(fn_role.is_null());
    }
    auto arn = pkg(head + "  iam:\n    role: arn:aws:iam::123456789012:role/x\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(arn, "ALambdaFunction")["Properties"]["Role"] == "arn:aws:iam::123456789012:role/x");
    auto logical = pkg(head + "  iam:\n    role: MyRole\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(logical, "ALambdaFunction")["DependsOn"] == json::array({"ALogGroup", "MyRole"}));
}

TEST_CASE("provider.iam.role with Ref is ignored and the default role is created", "[serverless][rule]") {
    auto r = pkg(head + "  iam:\n    role: !Ref SomeRole\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK_FALSE(test::resource(r, "IamRoleLambdaExecution").is_null());
    CHECK(test::find_diag(r, "WD2014") != nullptr);
    CHECK(test::resource(r, "ALambdaFunction")["Properties"]["Role"] ==
          json{{"Fn::GetAtt", json::array({"IamRoleLambdaExecution", "Arn"})}});
}

TEST_CASE("legacy provider.role suppresses the shared role", "[serverless][rule]") {
    auto r = pkg(head + "  role: arn:aws:iam::1:role/legacy\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(r, "IamRoleLambdaExecution").is_null());
    CHECK(test::resource(r, "ALambdaFunction")["Properties"]["Role"] == "arn:aws:iam::1:role/legacy");
}

TEST_CASE("shared role exists unless every function has its own role", "[serverless][rule]") {
    auto all = pkg(head + "functions:\n  a:\n    role: arn:aws:iam::1:role/a\n  b:\n    role: arn:aws:iam::1:role/b\n");
    CHECK(test::resource(all, "IamRoleLambdaExecution").is_null());
    auto one = pkg(head + "functions:\n  a:\n    role: arn:aws:iam::1:role/a\n  b:\n    handler: h.h\n");
    CHECK_FALSE(test::resource(one, "IamRoleLambdaExecution").is_null());
}

TEST_CASE("role name is a Fn::Join with the region Ref unless iam.role.name is set", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    handler: h.h\n", test::stage_region("qa", "eu-west-1"));
    const json& props = test::resource(r, "IamRoleLambdaExecution")["Properties"];
    CHECK(props["RoleName"] == json{{"Fn::Join", json::array({"-", json::array({"svc", "qa", json{{"Ref", "AWS::Region"}}, "lambdaRole"})})}});
    CHECK(props["Path"] == "/");
    CHECK(props["Policies"][0]["PolicyName"] == json{{"Fn::Join", json::array({"-", json::array({"svc", "qa", "lambda"})})}});
    REQUIRE(test::find_role(r, "IamRoleLambdaExecution"));
    CHECK(test::find_role(r, "IamRoleLambdaExecution")->role_name == "svc-qa-eu-west-1-lambdaRole");

    auto named = pkg(head + "  iam:\n    role:\n      name: custom-name\n      path: /x/\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(named, "IamRoleLambdaExecution")["Properties"]["RoleName"] == "custom-name");
    CHECK(test::resource(named, "IamRoleLambdaExecution")["Properties"]["Path"] == "/x/");
}

TEST_CASE("a generated role name over 64 characters is kept and warned about", "[serverless][rule]") {
    auto r = pkg("service: a-very-long-service-name-for-testing-limits\nprovider:\n  name: aws\n  region: ap-southeast-2\n"
                 "functions:\n  a:\n    handler: h.h\n",
                 test::stage_region("production", "ap-southeast-2"));
    CHECK(test::find_diag(r, "WD2045") != nullptr);
    CHECK(test::resource(r, "IamRoleLambdaExecution")["Properties"]["RoleName"].contains("Fn::Join"));
}

TEST_CASE("default logs: custom-named functions first, then the canonical prefix once", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    handler: h.h\n  b:\n    name: other-b\n  c:\n    handler: h.h\n");
    json st = test::statements(r);
    REQUIRE(st.size() == 2);
    CHECK(st[0]["Action"] == json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"}));
    REQUIRE(st[0]["Resource"].size() == 2);
    CHECK(st[0]["Resource"][0]["Fn::Sub"].get<std::string>().find("/aws/lambda/other-b:*") != std::string::npos);
    CHECK(st[0]["Resource"][1]["Fn::Sub"].get<std::string>().find("/aws/lambda/svc-dev*:*") != std::string::npos);
    CHECK(st[1]["Resource"][1]["Fn::Sub"].get<std::string>().find("/aws/lambda/svc-dev*:*:*") != std::string::npos);
}

TEST_CASE("default logs: a canonical function with disableLogs gets a Deny with a string Action", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    handler: h.h\n  quiet:\n    disableLogs: true\n");
    json st = test::statements(r);
    REQUIRE(st.size() == 3);
    CHECK(st[2]["Effect"] == "Deny");
    CHECK(st[2]["Action"] == "logs:PutLogEvents");
    CHECK(st[2]["Resource"][0]["Fn::Sub"].get<std::string>().find("/aws/lambda/svc-dev-quiet:*") != std::string::npos);
    CHECK_FALSE(test::resource(r, "QuietLambdaFunction").contains("DependsOn"));
}

TEST_CASE("default logs: every function with disableLogs leaves empty Resource lists", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    disableLogs: true\n");
    json st = test::statements(r);
    CHECK(st[0]["Resource"].empty());
    CHECK(st[1]["Resource"].empty());
    CHECK(test::find_diag(r, "WD2046") != nullptr);
}

TEST_CASE("statements: iam.role.statements wins over iamRoleStatements, never merged", "[serverless][rule]") {
    auto r = pkg(head +
                 "  iamRoleStatements:\n    - {Effect: Allow, Action: sqs:SendMessage, Resource: '*'}\n"
                 "  iam:\n    role:\n      statements:\n        - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"
                 "functions:\n  a:\n    handler: h.h\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 1);
    CHECK(st[0]["Action"] == json::array({"s3:GetObject"}));
    CHECK(test::find_diag(r, "WD2012") != nullptr);

    auto empty = pkg(head + "  iamRoleStatements:\n    - {Effect: Allow, Action: x:Y, Resource: '*'}\n"
                            "  iam:\n    role:\n      statements: []\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::user_statements(empty).empty());
    auto legacy = pkg(head + "  iamRoleStatements:\n    - {Effect: Allow, Action: x:Y, Resource: '*'}\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::user_statements(legacy).size() == 1);
}

TEST_CASE("coercion: scalar Action becomes a list, Resource follows the schema's anyOf", "[serverless][rule]") {
    auto r = pkg(head +
                 "  iam:\n    role:\n      statements:\n"
                 "        - {Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}\n"
                 "        - {Effect: Allow, Action: [s3:GetObject], Resource: ['arn:aws:s3:::b/*']}\n"
                 "        - {Effect: Allow, Action: [s3:GetObject], Resource: ['*']}\n"
                 "        - {Effect: Allow, NotAction: iam:*, NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b']}\n"
                 "        - {Effect: Allow, Action: s3:GetObject, Resource: !GetAtt Bucket.Arn, Condition: {StringEquals: {k: [v]}}}\n"
                 "functions:\n  a:\n    handler: h.h\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 5);
    CHECK(st[0]["Action"] == json::array({"s3:GetObject"}));
    CHECK(st[0]["Resource"] == "arn:aws:s3:::b/*");
    CHECK(st[1]["Resource"] == "arn:aws:s3:::b/*");
    CHECK(st[2]["Resource"] == json::array({"*"}));
    CHECK(st[3]["NotAction"] == json::array({"iam:*"}));
    CHECK(st[3]["NotResource"].size() == 2);
    CHECK(st[4]["Resource"] == json{{"Fn::GetAtt", json::array({"Bucket", "Arn"})}});
    CHECK(st[4]["Condition"]["StringEquals"]["k"] == json::array({"v"}));
}

TEST_CASE("statements given as a mapping are an error, as the framework crashes", "[serverless][rule]") {
    auto r = pkg(head + "  iamRoleStatements:\n    Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n"
                        "functions:\n  a:\n    handler: h.h\n");
    const auto* d = test::find_diag(r, "WD2010");
    REQUIRE(d);
    CHECK(d->level == severity::error);
    CHECK(d->line == 5);
}

TEST_CASE("statement validation warns by default and errors with configValidationMode: error", "[serverless][rule]") {
    std::string body = "  iam:\n    role:\n      statements:\n        - {Action: s3:GetObject, Resource: '*'}\n"
                       "functions:\n  a:\n    handler: h.h\n";
    auto warn = pkg(head + body);
    REQUIRE(test::find_diag(warn, "WD2011"));
    CHECK(test::find_diag(warn, "WD2011")->level == severity::warning);
    CHECK(test::user_statements(warn).size() == 1);  // still emitted verbatim
    auto strict = pkg("configValidationMode: error\n" + head + body);
    REQUIRE(test::find_diag(strict, "WD2011"));
    CHECK(test::find_diag(strict, "WD2011")->level == severity::error);
}

TEST_CASE("managed policies: modern key wins, legacy used alone, VPC policy appended", "[serverless][rule]") {
    auto both = pkg(head + "  iamManagedPolicies: [arn:aws:iam::aws:policy/B]\n  iam:\n    role:\n      managedPolicies: arn:aws:iam::aws:policy/A\n"
                           "  vpc: {securityGroupIds: [sg-1], subnetIds: [subnet-1]}\nfunctions:\n  a:\n    handler: h.h\n");
    json mp = test::resource(both, "IamRoleLambdaExecution")["Properties"]["ManagedPolicyArns"];
    REQUIRE(mp.size() == 2);
    CHECK(mp[0] == "arn:aws:iam::aws:policy/A");
    CHECK(mp[1]["Fn::Join"][1][2] == ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    auto none = pkg(head + "functions:\n  a:\n    handler: h.h\n");
    CHECK_FALSE(test::resource(none, "IamRoleLambdaExecution")["Properties"].contains("ManagedPolicyArns"));
    auto vpc_null = pkg(head + "functions:\n  a:\n    vpc: ~\n");
    CHECK(test::resource(vpc_null, "IamRoleLambdaExecution")["Properties"]["ManagedPolicyArns"].size() == 1);
    auto bare = pkg(head + "  iamManagedPolicies: [ReadOnlyAccess]\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::find_diag(bare, "WD2015") != nullptr);
}

TEST_CASE("permissions boundary: permissionsBoundary, then permissionBoundary, then rolePermissionsBoundary", "[serverless][rule]") {
    auto r1 = pkg(head + "  rolePermissionsBoundary: arn:c\n  iam:\n    role:\n      permissionBoundary: arn:b\n      permissionsBoundary: arn:a\n"
                         "functions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(r1, "IamRoleLambdaExecution")["Properties"]["PermissionsBoundary"] == "arn:a");
    auto r2 = pkg(head + "  rolePermissionsBoundary: arn:c\n  iam:\n    role:\n      permissionBoundary: arn:b\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(r2, "IamRoleLambdaExecution")["Properties"]["PermissionsBoundary"] == "arn:b");
    auto r3 = pkg(head + "  rolePermissionsBoundary: !Sub 'arn:aws:iam::${AWS::AccountId}:policy/b'\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(r3, "IamRoleLambdaExecution")["Properties"]["PermissionsBoundary"].contains("Fn::Sub"));
    REQUIRE(test::find_role(r3, "IamRoleLambdaExecution"));
    CHECK(test::find_role(r3, "IamRoleLambdaExecution")->permissions_boundary.contains("Fn::Sub"));
}

TEST_CASE("tags: only iam.role.tags, as Key/Value pairs in key order", "[serverless][rule]") {
    auto r = pkg(head + "  tags: {ignored: yes}\n  iam:\n    role:\n      tags:\n        b: '1'\n        a: two\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::resource(r, "IamRoleLambdaExecution")["Properties"]["Tags"] ==
          json::array({json{{"Key", "b"}, {"Value", "1"}}, json{{"Key", "a"}, {"Value", "two"}}}));
}
