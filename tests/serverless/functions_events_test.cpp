// SPDX-License-Identifier: MIT
// Rules of compileFunction() and the event compilers (SEMANTICS.md §7-§9).
#include <catch2/catch.hpp>

#include "serverless/rules_support.hpp"

using namespace wd;
using test::pkg;

static const std::string head = "service: svc\nprovider:\n  name: aws\n  region: eu-west-1\n";

static bool has_statement_with_action(const json& list, const std::string& action) {
    for (const auto& s : list) {
        const json& a = s.contains("Action") ? s["Action"] : json();
        if (a == action) return true;
        if (a.is_array())
            for (const auto& x : a)
                if (x == action) return true;
    }
    return false;
}

TEST_CASE("function role: arn verbatim, logical id and GetAtt add DependsOn, others verbatim", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  plain:\n    handler: h.h\n  arn:\n    role: arn:aws:iam::1:role/x\n"
                        "  logical:\n    role: MyRole\n  getatt:\n    role: {Fn::GetAtt: [Other, Arn]}\n"
                        "  imported:\n    role: {Fn::ImportValue: exp}\n  shared:\n    role: IamRoleLambdaExecution\n");
    auto fn = [&](const char* id) { return test::resource(r, id); };
    CHECK(fn("PlainLambdaFunction")["DependsOn"] == json::array({"PlainLogGroup"}));
    CHECK(fn("ArnLambdaFunction")["Properties"]["Role"] == "arn:aws:iam::1:role/x");
    CHECK(fn("LogicalLambdaFunction")["Properties"]["Role"] == json{{"Fn::GetAtt", json::array({"MyRole", "Arn"})}});
    CHECK(fn("LogicalLambdaFunction")["DependsOn"] == json::array({"LogicalLogGroup", "MyRole"}));
    CHECK(fn("GetattLambdaFunction")["DependsOn"] == json::array({"GetattLogGroup", "Other"}));
    CHECK(fn("ImportedLambdaFunction")["Properties"]["Role"] == json{{"Fn::ImportValue", "exp"}});
    CHECK(fn("ImportedLambdaFunction")["DependsOn"] == json::array({"ImportedLogGroup"}));
    CHECK(fn("SharedLambdaFunction")["DependsOn"] == json::array({"SharedLogGroup"}));
    const auto* ext = static_cast<const sls::role_info*>(nullptr);
    for (const auto& role : r.roles)
        if (role.external_arn == "arn:aws:iam::1:role/x") ext = &role;
    REQUIRE(ext);
    CHECK(ext->role_name == "x");
    CHECK(ext->functions == std::vector<std::string>{"arn"});
}

TEST_CASE("function logical ids normalise dashes and underscores", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  my-fn_x:\n    handler: h.h\n");
    const json& fn = test::resource(r, "MyDashfnUnderscorexLambdaFunction");
    REQUIRE_FALSE(fn.is_null());
    CHECK(fn["Properties"]["FunctionName"] == "svc-dev-my-fn_x");
    CHECK(fn["DependsOn"] == json::array({"MyDashfnUnderscorexLogGroup"}));
}

TEST_CASE("onError: a string adds sns:Publish per function, an object adds nothing", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    onError: arn:aws:sns:eu-west-1:1:dlq\n  b:\n    onError: arn:aws:sns:eu-west-1:1:dlq\n"
                        "  c:\n    onError: {Ref: Topic}\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 2);
    CHECK(st[0] == json{{"Effect", "Allow"}, {"Action", json::array({"sns:Publish"})}, {"Resource", json::array({"arn:aws:sns:eu-west-1:1:dlq"})}});
}

TEST_CASE("kmsKeyArn and tracing are added once (lodash unionWith)", "[serverless][rule]") {
    auto r = pkg(head + "  kmsKeyArn: arn:aws:kms:eu-west-1:1:key/k\n  tracing:\n    lambda: true\n"
                        "functions:\n  a:\n    handler: h.h\n  b:\n    tracing: PassThrough\n  c:\n    kmsKeyArn: {Ref: Key}\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 2);
    CHECK(st[0]["Action"] == json::array({"kms:Decrypt"}));
    CHECK(st[1]["Action"] == json::array({"xray:PutTraceSegments", "xray:PutTelemetryRecords"}));
    CHECK(st[1]["Resource"] == json::array({"*"}));
}

TEST_CASE("fileSystemConfig adds the EFS statement and needs a vpc", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    fileSystemConfig: {arn: 'arn:aws:elasticfilesystem:eu-west-1:1:access-point/fsap-1', localMountPath: /mnt/x}\n");
    CHECK(has_statement_with_action(test::user_statements(r), "elasticfilesystem:ClientMount"));
    REQUIRE(test::find_diag(r, "WD2043"));
    CHECK(test::find_diag(r, "WD2043")->line == 7);
}

TEST_CASE("destinations: scalar Action and Resource, function names become lambda ARNs, custom roles skipped", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    destinations:\n      onSuccess: b\n      onFailure: arn:aws:sqs:eu-west-1:1:q\n"
                        "  b:\n    name: bee\n    onError: arn:aws:sns:eu-west-1:1:t\n  c:\n    role: arn:aws:iam::1:role/c\n    destinations:\n      onFailure: arn:aws:sns:eu-west-1:1:x\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 3);
    CHECK(st[0]["Action"] == json::array({"sns:Publish"}));  // b's onError comes before any destination
    CHECK(st[1] == json{{"Effect", "Allow"}, {"Action", "lambda:InvokeFunction"},
                        {"Resource", json{{"Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:bee"}}}});
    CHECK(st[2] == json{{"Effect", "Allow"}, {"Action", "sqs:SendMessage"}, {"Resource", "arn:aws:sqs:eu-west-1:1:q"}});
}

TEST_CASE("stream events: per-function statements in fixed order, consumers and onFailure", "[serverless][rule]") {
    auto r = pkg(head + "  kinesis:\n    consumerNamingMode: serviceSpecific\nfunctions:\n  a:\n    events:\n"
                        "      - stream: {type: kinesis, arn: 'arn:aws:kinesis:eu-west-1:1:stream/s1', consumer: true, destinations: {onFailure: 'arn:aws:sqs:eu-west-1:1:f'}}\n"
                        "      - stream: arn:aws:dynamodb:eu-west-1:1:table/t/stream/x\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 4);
    CHECK(st[0]["Action"][0] == "dynamodb:GetRecords");
    CHECK(st[1]["Action"] == json::array({"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary", "kinesis:ListShards"}));
    CHECK(st[2]["Resource"] == json::array({json{{"Ref", "As1svcdevConsumerStreamConsumer"}}}));
    CHECK(st[3]["Action"] == json::array({"sqs:ListQueues", "sqs:SendMessage"}));
    auto untyped = pkg(head + "functions:\n  a:\n    events:\n      - stream: {arn: {Fn::ImportValue: x}}\n");
    CHECK(test::find_diag(untyped, "WD2041") != nullptr);
}

TEST_CASE("sqs events: one statement for the whole service", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    events:\n      - sqs: arn:aws:sqs:eu-west-1:1:a\n  b:\n    events:\n      - sqs: {arn: 'arn:aws:sqs:eu-west-1:1:b'}\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 1);
    CHECK(st[0]["Resource"] == json::array({"arn:aws:sqs:eu-west-1:1:a", "arn:aws:sqs:eu-west-1:1:b"}));
    const auto* role = test::find_role(r, "IamRoleLambdaExecution");
    REQUIRE(role);
    CHECK(role->statements.back().source.kind == "event");
    CHECK(role->statements.back().source.line == 8);
}

TEST_CASE("msk, kafka and mq events add their statements per function", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  m:\n    events:\n      - msk: {arn: 'arn:aws:kafka:eu-west-1:1:cluster/c/1', topic: t}\n"
                        "  k:\n    events:\n      - kafka: {topic: t, bootstrapServers: [b:9092], accessConfigurations: {saslScram512Auth: 'arn:aws:secretsmanager:eu-west-1:1:secret:s', vpcSubnet: subnet-1}}\n"
                        "  q:\n    events:\n      - rabbitmq: {arn: 'arn:aws:mq:eu-west-1:1:broker:b:id', queue: q, basicAuthArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:r'}\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 7);
    CHECK(st[0]["Action"] == json::array({"secretsmanager:GetSecretValue"}));  // kafka before rabbitmq before msk
    CHECK(st[1]["Resource"] == "*");
    CHECK(st[3]["Action"] == json::array({"mq:DescribeBroker"}));
    CHECK(st[5]["Action"] == json::array({"kafka:DescribeCluster", "kafka:GetBootstrapBrokers"}));
}

TEST_CASE("websocket, scheduler and cloudFront events change statements and trust", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  w:\n    events:\n      - websocket: {route: $connect}\n      - websocket: {route: x}\n"
                        "  s:\n    events:\n      - schedule: {rate: rate(1 minute), method: scheduler}\n"
                        "  e:\n    events:\n      - cloudFront: {eventType: viewer-request, origin: 's3://b.s3.amazonaws.com/'}\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 3);
    CHECK(st[0]["Action"] == json::array({"lambda:InvokeFunction"}));
    CHECK(st[1]["Action"] == json::array({"execute-api:ManageConnections"}));
    CHECK(st[2]["Resource"] == json::array({json{{"Fn::Sub", "arn:${AWS::Partition}:logs:*:*:*"}}}));
    json services = test::resource(r, "IamRoleLambdaExecution")["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"];
    CHECK(services == json::array({"lambda.amazonaws.com", "scheduler.amazonaws.com", "edgelambda.amazonaws.com"}));
    CHECK(test::find_diag(r, "WD2044") != nullptr);  // eu-west-1 is not us-east-1
}

TEST_CASE("custom-resource role: existing s3 bucket, stage-first policy name, helper function", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    events:\n      - s3: {bucket: b1, existing: true}\n");
    const json& role = test::resource(r, "IamRoleCustomResourcesLambdaExecution");
    REQUIRE_FALSE(role.is_null());
    CHECK(role["Properties"]["Policies"][0]["PolicyName"]["Fn::Join"][1] == json::array({"dev", "svc", "custom-resources-lambda"}));
    CHECK_FALSE(role["Properties"].contains("RoleName"));
    json st = test::statements(r, "IamRoleCustomResourcesLambdaExecution");
    REQUIRE(st.size() == 2);
    CHECK(st[0]["Action"] == json::array({"s3:PutBucketNotification", "s3:GetBucketNotification"}));
    const json& helper = test::resource(r, "CustomDashresourceDashexistingDashs3LambdaFunction");
    CHECK(helper["Properties"]["FunctionName"] == "svc-dev-custom-resource-existing-s3");
    CHECK(helper["DependsOn"] == json::array({"IamRoleCustomResourcesLambdaExecution"}));

    auto deploy = pkg(head + "  iam:\n    deploymentRole: arn:aws:iam::1:role/cfn\nfunctions:\n  a:\n    events:\n      - s3: {bucket: b1, existing: true}\n");
    CHECK(test::resource(deploy, "IamRoleCustomResourcesLambdaExecution").is_null());
    CHECK(test::resource(deploy, "CustomDashresourceDashexistingDashs3LambdaFunction")["Properties"]["Role"] == "arn:aws:iam::1:role/cfn");
}

TEST_CASE("custom-resource role: API Gateway CloudWatch role for REST API logs", "[serverless][rule]") {
    auto r = pkg(head + "  logs:\n    restApi: true\nfunctions:\n  a:\n    events:\n      - http: {path: x, method: get}\n");
    json st = test::statements(r, "IamRoleCustomResourcesLambdaExecution");
    REQUIRE(st.size() == 2);
    CHECK(st[0]["Action"] == json::array({"iam:AttachRolePolicy", "iam:CreateRole", "iam:ListAttachedRolePolicies", "iam:PassRole"}));
    auto external = pkg(head + "  logs:\n    restApi: {roleManagedExternally: true}\nfunctions:\n  a:\n    events:\n      - http: {path: x, method: get}\n");
    CHECK(test::resource(external, "IamRoleCustomResourcesLambdaExecution").is_null());
}

TEST_CASE("function iamRoleStatements without the plugin is ignored with a warning", "[serverless][rule]") {
    auto r = pkg(head + "functions:\n  a:\n    iamRoleStatements:\n      - {Effect: Allow, Action: s3:*, Resource: '*'}\n");
    CHECK(test::user_statements(r).empty());
    REQUIRE(test::find_diag(r, "WD2013"));
    CHECK(test::find_diag(r, "WD2013")->line == 7);
}
