// SPDX-License-Identifier: MIT
// Rules of serverless-iam-roles-per-function 3.2.0 (SEMANTICS.md §11).
#include <catch2/catch.hpp>

#include "serverless/rules_support.hpp"

using namespace wd;
using test::pkg;

static const std::string head = "service: svc\nplugins:\n  - serverless-iam-roles-per-function\nprovider:\n  name: aws\n  region: eu-west-1\n";

TEST_CASE("plugin: a role per function with iamRoleStatements, cloned from the shared role", "[serverless][rule][plugin]") {
    auto r = pkg(head + "  iam:\n    role:\n      managedPolicies: [arn:aws:iam::aws:policy/X]\n      statements:\n        - {Effect: Allow, Action: s3:ListBucket, Resource: '*'}\n"
                        "functions:\n  a:\n    onError: arn:aws:sns:eu-west-1:1:t\n    iamRoleStatementsInherit: true\n    iamRoleStatements:\n      - {Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}\n"
                        "    events:\n      - sqs: arn:aws:sqs:eu-west-1:1:q\n  b:\n    handler: h.h\n");
    const json& role = test::resource(r, "AIamRoleLambdaExecution");
    REQUIRE_FALSE(role.is_null());
    json st = test::statements(r, "AIamRoleLambdaExecution");
    REQUIRE(st.size() == 5);
    CHECK(st[0]["Action"] == json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents"}));
    CHECK(st[0]["Resource"][0]["Fn::Sub"].get<std::string>().find("/aws/lambda/svc-dev-a:*:*") != std::string::npos);
    CHECK(st[1]["Action"][0] == "sqs:ReceiveMessage");
    CHECK(st[2] == json{{"Effect", "Allow"}, {"Action", json::array({"sns:Publish"})}, {"Resource", "arn:aws:sns:eu-west-1:1:t"}});
    CHECK(st[3]["Action"] == json::array({"s3:ListBucket"}));  // inherited
    CHECK(st[4]["Action"] == json::array({"s3:GetObject"}));   // coerced
    CHECK(role["Properties"]["ManagedPolicyArns"] == json::array());  // never inherited
    CHECK(role["Properties"]["RoleName"]["Fn::Join"][1] == json::array({"svc", "dev", "a", json{{"Ref", "AWS::Region"}}, "lambdaRole"}));
    const json& fn = test::resource(r, "ALambdaFunction");
    CHECK(fn["Properties"]["Role"]["Fn::GetAtt"][0] == "AIamRoleLambdaExecution");
    CHECK(fn["DependsOn"] == json::array({"AIamRoleLambdaExecution", "ALogGroup"}));
    CHECK_FALSE(test::resource(r, "IamRoleLambdaExecution").is_null());  // still emitted
    REQUIRE(test::find_role(r, "AIamRoleLambdaExecution"));
    CHECK(test::find_role(r, "AIamRoleLambdaExecution")->functions == std::vector<std::string>{"a"});
    CHECK(test::find_role(r, "AIamRoleLambdaExecution")->statements[4].source.kind == "config");
}

TEST_CASE("plugin: defaultInherit, opting out, names and boundaries", "[serverless][rule][plugin]") {
    auto r = pkg(head + "  iam:\n    role:\n      statements:\n        - {Effect: Allow, Action: s3:ListBucket, Resource: '*'}\n"
                        "custom:\n  serverless-iam-roles-per-function:\n    defaultInherit: true\n    iamGlobalPermissionsBoundary: arn:aws:iam::1:policy/global\n"
                        "functions:\n  a:\n    iamRoleStatements: []\n    iamRoleStatementsName: my-name\n"
                        "  b:\n    iamRoleStatementsInherit: false\n    iamPermissionsBoundary: arn:aws:iam::1:policy/own\n    iamRoleStatements: []\n");
    CHECK(test::statements(r, "AIamRoleLambdaExecution").size() == 2);
    CHECK(test::statements(r, "BIamRoleLambdaExecution").size() == 1);
    CHECK(test::resource(r, "AIamRoleLambdaExecution")["Properties"]["RoleName"] == "my-name");
    CHECK(test::resource(r, "AIamRoleLambdaExecution")["Properties"]["PermissionsBoundary"] == "arn:aws:iam::1:policy/global");
    CHECK(test::resource(r, "BIamRoleLambdaExecution")["Properties"]["PermissionsBoundary"] == "arn:aws:iam::1:policy/own");
    CHECK(test::resource(r, "IamRoleLambdaExecution")["Properties"]["PermissionsBoundary"] == "arn:aws:iam::1:policy/global");
}

TEST_CASE("plugin: the role name drops lambdaRole past 64 characters, then fails", "[serverless][rule][plugin]") {
    std::string svc = "service: marketplace-order-fulfilment\nplugins: [serverless-iam-roles-per-function]\nprovider:\n  name: aws\n";
    auto ok = pkg(svc + "functions:\n  reserve:\n    iamRoleStatements: []\n", test::stage_region("production", "ap-southeast-1"));
    CHECK(test::resource(ok, "ReserveIamRoleLambdaExecution")["Properties"]["RoleName"]["Fn::Join"][1].size() == 4);
    auto bad = pkg(svc + "functions:\n  reconcileWarehouseInventory:\n    iamRoleStatements: []\n", test::stage_region("production", "ap-southeast-1"));
    REQUIRE(test::find_diag(bad, "WD2023"));
    CHECK(test::find_diag(bad, "WD2023")->level == severity::error);
}

TEST_CASE("plugin: its errors become WD202x diagnostics", "[serverless][rule][plugin]") {
    auto both = pkg(head + "functions:\n  a:\n    role: arn:aws:iam::1:role/r\n    iamRoleStatements: []\n  b:\n    handler: h.h\n");
    CHECK(test::find_diag(both, "WD2020") != nullptr);
    auto invalid = pkg(head + "functions:\n  a:\n    iamRoleStatements:\n      - {Effect: Allow, Resource: '*'}\n");
    REQUIRE(test::find_diag(invalid, "WD2021"));
    CHECK(test::find_diag(invalid, "WD2021")->message.find("statement 0 is missing the following properties: Action / NotAction") != std::string::npos);
    auto named = pkg(head + "  iam:\n    role:\n      name: fixed\nfunctions:\n  a:\n    iamRoleStatements: []\n");
    CHECK(test::find_diag(named, "WD2022") != nullptr);
    auto arn = pkg(head + "  iam:\n    role: arn:aws:iam::1:role/r\nfunctions:\n  a:\n    iamRoleStatements: []\n");
    CHECK(test::find_diag(arn, "WD2024") != nullptr);
    auto nologs = pkg(head + "functions:\n  a:\n    disableLogs: true\n    iamRoleStatements: []\n  b:\n    handler: h.h\n");
    CHECK(test::find_diag(nologs, "WD2025") != nullptr);
    auto stream = pkg(head + "functions:\n  a:\n    iamRoleStatements: []\n    events:\n      - stream: {type: kafka, arn: 'arn:aws:kafka:x'}\n");
    CHECK(test::find_diag(stream, "WD2026") != nullptr);
}

TEST_CASE("plugin: managed VPC policy when the function or provider has a vpc", "[serverless][rule][plugin]") {
    auto r = pkg(head + "  vpc: {securityGroupIds: [sg-1], subnetIds: [s-1]}\nfunctions:\n  a:\n    vpc: ~\n    iamRoleStatements: []\n");
    CHECK(test::resource(r, "AIamRoleLambdaExecution")["Properties"]["ManagedPolicyArns"].size() == 1);
}
