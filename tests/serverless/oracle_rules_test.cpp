// SPDX-License-Identifier: MIT
// Rules found by comparing with the framework on tests/oracle/serverless (Serverless 3.40.0); each test
// is named after the rule and the framework source it follows.
#include <catch2/catch.hpp>

#include "serverless/md5.hpp"
#include "serverless/rules_support.hpp"

using namespace wd;
using test::pkg;

static const std::string head = "service: svc\nprovider:\n  name: aws\n  region: eu-west-1\n";

static json custom_resource_statements(const sls::package_result& r) {
    return test::statements(r, "IamRoleCustomResourcesLambdaExecution");
}

TEST_CASE("scheduler: one lambda:InvokeFunction statement for all functions with a scheduler event", "[serverless][rule][oracle]") {
    auto r = pkg(head + "functions:\n"
                        "  a:\n    events:\n      - schedule: {rate: rate(1 hour), method: scheduler}\n"
                        "      - schedule: {rate: rate(2 hours), method: scheduler}\n"
                        "  b:\n    name: bee\n    events:\n      - schedule: {rate: rate(1 day), method: scheduler}\n"
                        "  c:\n    events:\n      - schedule: rate(1 day)\n");
    json invoke = json::array();
    for (const auto& s : test::user_statements(r))
        if (s["Action"] == json::array({"lambda:InvokeFunction"})) invoke.push_back(s);
    REQUIRE(invoke.size() == 1);
    const std::string base = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:";
    CHECK(invoke[0]["Resource"] == json::array({json{{"Fn::Sub", base + "svc-dev-a"}}, json{{"Fn::Sub", base + "svc-dev-a:*"}},
                                                json{{"Fn::Sub", base + "bee"}}, json{{"Fn::Sub", base + "bee:*"}}}));
}

TEST_CASE("custom resources: existing s3 adds one bucket statement per function and one lambda statement", "[serverless][rule][oracle]") {
    auto r = pkg(head + "functions:\n"
                        "  a:\n    events:\n      - s3: {bucket: up, existing: true}\n      - s3: {bucket: up, event: 's3:ObjectRemoved:*', existing: true}\n"
                        "  b:\n    events:\n      - s3: {bucket: up, existing: true}\n"
                        "  c:\n    events:\n      - s3: {bucket: docs, existing: true}\n");
    json st = custom_resource_statements(r);
    REQUIRE(st.size() == 4);
    CHECK(st[0]["Resource"]["Fn::Join"][1][5] == "up");
    CHECK(st[1]["Resource"]["Fn::Join"][1][5] == "up");  // an object Resource is never a `===` duplicate
    CHECK(st[2]["Resource"]["Fn::Join"][1][5] == "docs");
    CHECK(st[3]["Action"] == json::array({"lambda:AddPermission", "lambda:RemovePermission"}));
    auto two = pkg(head + "functions:\n  a:\n    events:\n      - s3: {bucket: one, existing: true}\n      - s3: {bucket: two, existing: true}\n");
    CHECK(test::find_diag(two, "WD2049"));
}

TEST_CASE("custom resources: existing cognito pool statements per function, PassRole once, '*' deduplicated", "[serverless][rule][oracle]") {
    auto r = pkg(head + "functions:\n"
                        "  a:\n    events:\n      - cognitoUserPool: {pool: p1, trigger: PreSignUp, existing: true}\n"
                        "      - cognitoUserPool: {pool: p1, trigger: PostConfirmation, existing: true}\n"
                        "  b:\n    name: bee\n    events:\n      - cognitoUserPool: {pool: p2, trigger: CustomEmailSender, existing: true, kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k'}\n");
    json st = custom_resource_statements(r);
    REQUIRE(st.size() == 5);
    CHECK(st[0]["Resource"] == "*");
    CHECK(st[1]["Resource"] == json{{"Fn::Sub", "arn:${AWS::Partition}:lambda:*:*:function:svc-dev-a"}});
    CHECK(st[2]["Action"] == json::array({"kms:CreateGrant"}));
    CHECK(st[3]["Resource"] == json{{"Fn::Sub", "arn:${AWS::Partition}:lambda:*:*:function:bee"}});
    CHECK(st[4]["Action"] == json::array({"iam:PassRole"}));
    auto two = pkg(head + "functions:\n  a:\n    events:\n      - cognitoUserPool: {pool: p1, trigger: PreSignUp, existing: true}\n"
                          "      - cognitoUserPool: {pool: p2, trigger: PreSignUp, existing: true}\n");
    CHECK(test::find_diag(two, "WD2051"));
}

TEST_CASE("custom resources: eventBridge without CloudFormation adds the bus, rule and lambda statements once", "[serverless][rule][oracle]") {
    auto r = pkg(head + "  eventBridge:\n    useCloudFormation: false\nfunctions:\n"
                        "  a:\n    events:\n      - eventBridge: {eventBus: 'arn:aws:events:eu-west-1:1:event-bus/default', pattern: {source: [x]}}\n"
                        "  b:\n    events:\n      - eventBridge: {eventBus: orders, pattern: {source: [y]}}\n"
                        "  c:\n    events:\n      - eventBridge: {eventBus: audit, pattern: {source: [z]}}\n");
    json st = custom_resource_statements(r);
    REQUIRE(st.size() == 3);
    CHECK(st[0]["Action"] == json::array({"events:CreateEventBus", "events:DeleteEventBus"}));
    CHECK(st[1]["Action"][0] == "events:PutRule");
    CHECK(st[2]["Action"][0] == "lambda:AddPermission");
    auto default_bus = pkg(head + "  eventBridge:\n    useCloudFormation: false\nfunctions:\n  a:\n    events:\n"
                                  "      - eventBridge: {eventBus: 'arn:aws:events:eu-west-1:1:event-bus/default', pattern: {source: [x]}}\n");
    CHECK(custom_resource_statements(default_bus).size() == 2);
    auto intrinsic = pkg(head + "  eventBridge:\n    useCloudFormation: false\nfunctions:\n  a:\n    events:\n"
                                "      - eventBridge: {eventBus: {Ref: Bus}, pattern: {source: [x]}}\n");
    CHECK(test::find_diag(intrinsic, "WD2052"));
}

TEST_CASE("custom resources: the API Gateway CloudWatch role is added once for REST and WebSocket logs", "[serverless][rule][oracle]") {
    auto r = pkg(head + "  logs:\n    restApi: true\n    websocket: true\nfunctions:\n  a:\n    events:\n"
                        "      - http: {path: x, method: get}\n      - websocket: {route: $connect}\n");
    CHECK(custom_resource_statements(r).size() == 2);
    // roleManagedExternally is read from logs.restApi even for WebSocket logs.
    auto ws = pkg(head + "  logs:\n    restApi: {roleManagedExternally: true}\n    websocket: true\nfunctions:\n  a:\n    events:\n"
                         "      - websocket: {route: $connect}\n");
    CHECK(test::resource(ws, "IamRoleCustomResourcesLambdaExecution").is_null());
    auto no_access = pkg(head + "  logs:\n    restApi: {accessLogging: false}\nfunctions:\n  a:\n    events:\n      - http: {path: x, method: get}\n");
    CHECK(test::resource(no_access, "IamRoleCustomResourcesLambdaExecution").is_null());
}

TEST_CASE("custom resources: frameworkLambda logs make the helper depend on its log group", "[serverless][rule][oracle]") {
    auto r = pkg(head + "  logs:\n    frameworkLambda: true\n    restApi: true\nfunctions:\n  a:\n    events:\n      - http: {path: x, method: get}\n");
    CHECK(test::resource(r, "CustomDashresourceDashapigwDashcwDashroleLambdaFunction")["DependsOn"] ==
          json::array({"IamRoleCustomResourcesLambdaExecution", "CustomDashresourceDashapigwDashcwDashroleLogGroup"}));
}

TEST_CASE("custom resources: a helper name over 64 characters is its first 32 characters plus its md5", "[serverless][rule][oracle]") {
    CHECK(sls::md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(sls::md5_hex("The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6");
    CHECK(sls::md5_hex(std::string(120, 'a')).size() == 32);
    const std::string service = "enterprise-document-ingestion-platform-service";
    auto r = pkg("service: " + service + "\nprovider:\n  name: aws\nfunctions:\n  a:\n    events:\n      - s3: {bucket: b, existing: true}\n");
    const std::string full = service + "-dev-custom-resource-existing-s3";
    CHECK(test::resource(r, "CustomDashresourceDashexistingDashs3LambdaFunction")["Properties"]["FunctionName"] ==
          full.substr(0, 32) + sls::md5_hex(full));
}

TEST_CASE("destinations: a target that is not an ARN must name a function of the service", "[serverless][rule][oracle]") {
    auto r = pkg(head + "functions:\n  a:\n    destinations:\n      onFailure: missing\n  b:\n    handler: h.h\n");
    CHECK(test::find_diag(r, "WD2047"));
    // Even for a function with its own role (the ARN is resolved before the role is looked at).
    auto own = pkg(head + "functions:\n  a:\n    role: arn:aws:iam::1:role/r\n    destinations:\n      onFailure: missing\n  b:\n    handler: h.h\n");
    CHECK(test::find_diag(own, "WD2047"));
}

TEST_CASE("destinations: memoised per string target, object targets always add a statement", "[serverless][rule][oracle]") {
    auto r = pkg(head + "functions:\n"
                        "  a:\n    destinations:\n      onSuccess: 'arn:aws:sqs:eu-west-1:1:q'\n      onFailure: {type: sns, arn: 'arn:aws:sns:eu-west-1:1:t'}\n"
                        "  b:\n    destinations:\n      onSuccess: 'arn:aws:sqs:eu-west-1:1:q'\n      onFailure: {type: sns, arn: 'arn:aws:sns:eu-west-1:1:t'}\n");
    int sqs = 0, sns = 0;
    for (const auto& s : test::user_statements(r)) {
        if (s["Action"] == "sqs:SendMessage") ++sqs;
        if (s["Action"] == "sns:Publish") ++sns;
    }
    CHECK(sqs == 1);
    CHECK(sns == 2);
}

TEST_CASE("kafka: a VPC access configuration needs both vpcSubnet and vpcSecurityGroup", "[serverless][rule][oracle]") {
    auto half = pkg(head + "functions:\n  a:\n    events:\n      - kafka: {topic: t, bootstrapServers: [b:9092], accessConfigurations: {vpcSubnet: [subnet-1]}}\n");
    CHECK(test::find_diag(half, "WD2048"));
    auto both = pkg(head + "functions:\n  a:\n    events:\n      - kafka: {topic: t, bootstrapServers: [b:9092], accessConfigurations: {vpcSubnet: [subnet-1], vpcSecurityGroup: [sg-1]}}\n");
    CHECK_FALSE(test::find_diag(both, "WD2048"));
}

TEST_CASE("cognito: a custom sender trigger needs kmsKeyId, one key per pool", "[serverless][rule][oracle]") {
    auto none = pkg(head + "functions:\n  a:\n    events:\n      - cognitoUserPool: {pool: p, trigger: CustomSMSSender, existing: true}\n");
    CHECK(test::find_diag(none, "WD2053"));
    auto two = pkg(head + "functions:\n  a:\n    events:\n      - cognitoUserPool: {pool: p, trigger: CustomSMSSender, existing: true, kmsKeyId: k1}\n"
                          "  b:\n    events:\n      - cognitoUserPool: {pool: p, trigger: CustomEmailSender, existing: true, kmsKeyId: k2}\n");
    CHECK(test::find_diag(two, "WD2054"));
    auto same = pkg(head + "functions:\n  a:\n    events:\n      - cognitoUserPool: {pool: p, trigger: CustomSMSSender, existing: true, kmsKeyId: k1}\n"
                           "  b:\n    events:\n      - cognitoUserPool: {pool: p, trigger: CustomEmailSender, existing: true, kmsKeyId: k1}\n");
    CHECK_FALSE(test::find_diag(same, "WD2053"));
    CHECK_FALSE(test::find_diag(same, "WD2054"));
}

TEST_CASE("websocket: an external websocketApiId adds neither ManageConnections nor the CloudWatch role", "[serverless][rule][oracle]") {
    const std::string fn = "functions:\n  a:\n    events:\n      - websocket: {route: $connect}\n";
    auto own = pkg(head + "  logs:\n    websocket: true\n" + fn);
    auto external = pkg(head + "  apiGateway:\n    websocketApiId: abc123\n  logs:\n    websocket: true\n" + fn);
    auto manages = [](const sls::package_result& r) {
        for (const auto& s : test::user_statements(r))
            if (s["Action"] == json::array({"execute-api:ManageConnections"})) return true;
        return false;
    };
    CHECK(manages(own));
    CHECK_FALSE(test::resource(own, "IamRoleCustomResourcesLambdaExecution").is_null());
    CHECK_FALSE(manages(external));
    CHECK(test::resource(external, "IamRoleCustomResourcesLambdaExecution").is_null());
}

TEST_CASE("efs: fileSystemConfig needs a VpcConfig (function vpc: null opts out; groups and subnets may come from either level)", "[serverless][rule][oracle]") {
    const std::string efs = "    fileSystemConfig: {arn: 'arn:aws:elasticfilesystem:eu-west-1:1:access-point/fsap-1', localMountPath: /mnt/x}\n";
    auto opt_out = pkg(head + "  vpc: {securityGroupIds: [sg-1], subnetIds: [subnet-1]}\nfunctions:\n  a:\n    vpc: ~\n" + efs);
    CHECK(test::find_diag(opt_out, "WD2043"));
    auto split = pkg(head + "  vpc: {subnetIds: [subnet-1]}\nfunctions:\n  a:\n    vpc: {securityGroupIds: [sg-1]}\n" + efs);
    CHECK_FALSE(test::find_diag(split, "WD2043"));
    auto partial = pkg(head + "  vpc: {securityGroupIds: [sg-1]}\nfunctions:\n  a:\n" + efs);
    CHECK(test::find_diag(partial, "WD2043"));
}

TEST_CASE("kms: only kmsKeyArn grants kms:Decrypt; awsKmsKeyArn is schema-only and an empty override falls back", "[serverless][rule][oracle]") {
    auto kms_resources = [](const sls::package_result& r) {
        json out = json::array();
        for (const auto& s : test::user_statements(r))
            if (s["Action"] == json::array({"kms:Decrypt"})) out.push_back(s["Resource"][0]);
        return out;
    };
    auto only_aws = pkg(head + "functions:\n  a:\n    awsKmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/a'\n");
    CHECK(kms_resources(only_aws).empty());
    auto fallback = pkg(head + "  kmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/p'\nfunctions:\n  a:\n    kmsKeyArn: ''\n    awsKmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/a'\n");
    CHECK(kms_resources(fallback) == json::array({"arn:aws:kms:eu-west-1:1:key/p"}));
}

TEST_CASE("schema: an unknown key in an event's object form is reported at the key, with a same-name hint", "[serverless][rule][oracle]") {
    auto r = pkg(head + "functions:\n  a:\n    handler: h.main\n    events:\n"
                        "      - sqs:\n          arn: arn:aws:sqs:eu-west-1:123456789012:q\n          batchsize: 10\n"
                        "      - sqs:\n          arn: arn:aws:sqs:eu-west-1:123456789012:r\n          batchSize: 10\n"
                        "      - eventBridge:\n          pattern: {source: [x]}\n          anything: 1\n");
    std::vector<const diagnostic*> found;
    for (const auto& d : r.diags)
        if (d.code == "WD2016") found.push_back(&d);
    REQUIRE(found.size() == 1);  // batchSize is known; eventBridge's schema is open
    CHECK(found[0]->level == severity::warning);
    CHECK(found[0]->args["at"] == "functions.a.events.0.sqs");
    CHECK(found[0]->args["suggestion"] == "batchSize");
    CHECK(found[0]->line == 11);
    CHECK(found[0]->column == 11);
    // configValidationMode: error makes it an error (classes/config-schema-handler/index.js).
    auto strict = pkg("configValidationMode: error\n" + head + "functions:\n  a:\n    handler: h.main\n    events:\n"
                      "      - stream: {arn: arn:aws:kinesis:eu-west-1:123456789012:stream/s, batchWindw: 5}\n");
    const diagnostic* d = test::find_diag(strict, "WD2016");
    REQUIRE(d != nullptr);
    CHECK(d->level == severity::error);
    CHECK(d->args["property"] == "batchWindw");
}

TEST_CASE("dashboard: org and app turn it on, which the analysis names but does not model", "[serverless][rule][oracle]") {
    CHECK(test::find_diag(pkg("org: acme\napp: shop\n" + head + "functions:\n  a:\n    handler: h.main\n"), "WD2090") != nullptr);
    CHECK(test::find_diag(pkg("app: shop\n" + head + "functions:\n  a:\n    handler: h.main\n"), "WD2090") == nullptr);
    CHECK(test::find_diag(pkg("org: acme\napp: shop\ndashboard:\n  disableMonitoring: true\n" + head +
                              "functions:\n  a:\n    handler: h.main\n"), "WD2090") == nullptr);
    // `stage: 2024` is the schema's string (Ajv): the stage is "2024", not the default.
    auto numeric = pkg("service: svc\nprovider:\n  name: aws\n  stage: 2024\nfunctions:\n  a:\n    handler: h.main\n");
    CHECK(numeric.stage == "2024");
    CHECK(test::find_diag(numeric, "WD2070") == nullptr);
}

static bool has_rule(const sls::package_result& r, const std::string& rule) {
    for (const auto& d : r.diags)
        if (d.code == "WD2056" && d.level == severity::error && d.args.value("rule", "") == rule) return true;
    return false;
}

TEST_CASE("event references: an authorizer naming no function or no registered authorizer stops the framework", "[serverless][rule][oracle]") {
    // websockets/lib/validate.js:58, api-gateway/lib/validate.js:305 (service.getFunction), alb/lib/validate.js:157-168,
    // http-api.js:422-432 and 576-582.
    const std::string fns = "functions:\n  auth:\n    handler: h.auth\n  a:\n    handler: h.main\n    events:\n";
    CHECK(has_rule(pkg(head + fns + "      - websocket: {route: $connect, authorizer: nope}\n"), "websocket-authorizer-function"));
    CHECK_FALSE(has_rule(pkg(head + fns + "      - websocket: {route: $connect, authorizer: auth}\n"), "websocket-authorizer-function"));
    CHECK(has_rule(pkg(head + fns + "      - http: {path: a, method: get, authorizer: {name: ghost}}\n"), "http-authorizer-function"));
    CHECK_FALSE(has_rule(pkg(head + fns + "      - http: {path: a, method: get, authorizer: aws_iam}\n"), "http-authorizer-function"));
    CHECK_FALSE(has_rule(pkg(head + fns + "      - http: {path: a, method: get, authorizer: 'arn:aws:lambda:eu-west-1:1:function:x'}\n"),
                         "http-authorizer-function"));
    const std::string alb = "      - alb: {listenerArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/lb/1/2', priority: 1, "
                            "conditions: {path: /x}, authorizer: ";
    CHECK(has_rule(pkg(head + fns + alb + "missing}\n"), "alb-authorizer"));
    CHECK_FALSE(has_rule(pkg(head + "  alb:\n    authorizers:\n      mine: {type: cognito}\n" + fns + alb + "mine}\n"), "alb-authorizer"));
    CHECK(has_rule(pkg(head + fns + "      - httpApi: {method: GET, path: /me, authorizer: nope}\n"), "httpapi-authorizer"));
    CHECK(has_rule(pkg(head + "  httpApi:\n    authorizers:\n      a: {type: request, functionName: notThere}\n" + fns +
                       "      - httpApi: {method: GET, path: /me, authorizer: a}\n"),
                   "httpapi-authorizer-function"));
    CHECK(has_rule(pkg(head + "  httpApi:\n    id: abc\n    cors: true\n" + fns + "      - httpApi: 'GET /me'\n"), "httpapi-external-cors"));
}

TEST_CASE("httpApi routes: method and path as the framework reads them before compiling", "[serverless][rule][oracle]") {
    // http-api.js:495-546 (probe cases m017, m018: `sls package` 3.40.0 fails on FETCH in either form).
    const std::string fns = "functions:\n  a:\n    handler: h.main\n    events:\n";
    CHECK(has_rule(pkg(head + fns + "      - httpApi: {method: FETCH, path: /x}\n"), "httpapi-route"));
    CHECK(has_rule(pkg(head + fns + "      - httpApi: FETCH /x\n"), "httpapi-route"));          // TypeError in the framework
    CHECK(has_rule(pkg(head + fns + "      - httpApi: 'GET x'\n"), "httpapi-route"));           // the path starts with `/`
    CHECK(has_rule(pkg(head + fns + "      - httpApi: {path: /x}\n"), "httpapi-route"));        // Missing "method"
    CHECK(has_rule(pkg(head + fns + "      - httpApi: {method: GET, path: '*'}\n"), "httpapi-route"));
    for (const char* ok : {"      - httpApi: {method: get, path: /x}\n", "      - httpApi: 'patch /x/{id}'\n", "      - httpApi: '*'\n",
                           "      - httpApi: {method: '*', path: /y}\n", "      - httpApi: {path: '*'}\n"}) {
        INFO(ok);
        CHECK_FALSE(has_rule(pkg(head + fns + ok), "httpapi-route"));
    }
    // The same route twice, across functions, after `*` became ANY and the method was upper-cased.
    const std::string two = fns + "      - httpApi: 'GET /x'\n  b:\n    handler: h.b\n    events:\n      - httpApi: {method: get, path: /x}\n";
    CHECK(has_rule(pkg(head + two), "httpapi-duplicate-route"));
    CHECK_FALSE(has_rule(pkg(head + fns + "      - httpApi: 'GET /x'\n      - httpApi: 'POST /x'\n"), "httpapi-duplicate-route"));
}

TEST_CASE("schema types: Ajv coerces what it can into numbers; anything else fails in error mode", "[serverless][rule][oracle]") {
    // resolve-ajv-validate.js:41 (coerceTypes: 'array'); provider.js:606, 653, 703, 1460; sqs.js:22 (probe cases e001,
    // m006, m007, n001-n003, m014).
    auto error_at = [](const sls::package_result& r, const std::string& path) {
        for (const auto& d : r.diags)
            if (d.code == "WD2088" && d.args.value("path", "") == path) return d.level == severity::error;
        return false;
    };
    const std::string strict = "configValidationMode: error\n" + head;
    const std::string fn = "functions:\n  f:\n    handler: h.main\n";
    CHECK(error_at(pkg(strict + fn + "    memorySize: large\n"), "functions.f.memorySize"));
    CHECK(error_at(pkg(strict + fn + "    timeout: long\n"), "functions.f.timeout"));
    CHECK(error_at(pkg(strict + fn + "    timeout: 2.5\n"), "functions.f.timeout"));
    CHECK(error_at(pkg(strict + fn + "    reservedConcurrency: many\n"), "functions.f.reservedConcurrency"));
    CHECK(error_at(pkg(strict + "  logRetentionInDays: forever\n" + fn), "provider.logRetentionInDays"));
    CHECK(error_at(pkg(strict + fn + "    events:\n      - sqs: {arn: 'arn:aws:sqs:us-east-1:1:q', batchSize: ten}\n"),
                   "functions.f.events.0.sqs.batchSize"));
    // Coerced: numeric text (also hexadecimal and binary, as JavaScript's `+text`), a one-item list, a boolean.
    for (const char* ok : {"    memorySize: '512'\n", "    memorySize: ' 0x200 '\n", "    timeout: ['30']\n", "    timeout: '0b11'\n",
                           "    reservedConcurrency: '5'\n", "    reservedConcurrency: !Ref Count\n", "    memorySize: ${env:NOPE, 256}\n"}) {
        INFO(ok);
        auto r = pkg(strict + fn + ok);
        for (const auto& d : r.diags) CHECK_FALSE((d.code == "WD2088" && d.level == severity::error));
    }
    // Coerced, then out of range.
    CHECK(error_at(pkg(strict + fn + "    memorySize: '99999'\n"), "functions.f.memorySize"));
    // In the default mode the framework warns and goes on.
    auto warn = pkg(head + fn + "    memorySize: large\n");
    REQUIRE(test::find_diag(warn, "WD2088"));
    CHECK(test::find_diag(warn, "WD2088")->level == severity::warning);
}

TEST_CASE("schema types: role tags follow awsResourceTags; the plugin's own settings its schema", "[serverless][rule][oracle]") {
    // provider.js:766-775 (probe cases e003, m015, n004, n007); serverless-iam-roles-per-function dist/lib/index.js:24-48
    // (e012, e013, m011, n006).
    auto errors = [](const sls::package_result& r) {
        int n = 0;
        for (const auto& d : r.diags) n += d.code == "WD2088" && d.level == severity::error;
        return n;
    };
    const std::string strict = "configValidationMode: error\n" + head;
    const std::string fn = "functions:\n  f:\n    handler: h.main\n";
    auto tags = [&](const std::string& body) { return pkg(strict + "  iam:\n    role:\n      tags:\n" + body + fn); };
    CHECK(errors(tags("        owner: {name: x}\n")) == 1);
    CHECK(errors(tags("        owners: [a, b]\n")) == 1);
    CHECK(errors(tags("        'owner!': me\n")) == 1);
    CHECK(errors(tags("        'aws:owner': me\n")) == 1);
    CHECK(errors(tags("        team: [payments]\n        cost-center: 42\n        'a.b/c=d+e:f g': ok\n")) == 0);
    const std::string plugin = "plugins:\n  - serverless-iam-roles-per-function\n";
    CHECK(errors(pkg(strict + fn + "    iamRoleStatementsInherit: 'yes'\n    iamRoleStatements: []\n" + plugin)) == 1);
    CHECK(errors(pkg(strict + fn + "    iamPermissionsBoundary: my-boundary\n    iamRoleStatements: []\n" + plugin)) == 1);
    CHECK(errors(pkg(strict + fn + "    iamRoleStatementsInherit: 'true'\n    iamPermissionsBoundary: !Sub 'arn:aws:iam::${AWS::AccountId}:policy/b'\n"
                     "    iamRoleStatements: []\n" + plugin)) == 0);
    CHECK(errors(pkg(strict + "custom:\n  serverless-iam-roles-per-function:\n    defaultInherit: 'yes'\n" + fn + plugin)) == 1);
    CHECK(errors(pkg(strict + "custom:\n  serverless-iam-roles-per-function:\n    iamGlobalPermissionsBoundary: b\n" + fn + plugin)) == 1);
    // Without the plugin its settings are only unknown function properties, not typed.
    CHECK(errors(pkg(strict + fn + "    iamRoleStatementsInherit: 'yes'\n")) == 0);
}

TEST_CASE("DependsOn: Ajv turns numbers and booleans into text, in every mode", "[serverless][rule][oracle]") {
    // awsResourceDependsOn (provider.js:723), used for functions, resources and extensions (probe 13: b0xx cases).
    auto fn = pkg(head + "functions:\n  f:\n    handler: h.main\n    dependsOn: [Queue, 123, true]\n"
                         "resources:\n  Resources:\n    Queue: {Type: AWS::SQS::Queue}\n");
    const json& deps = fn.cfn_template["Resources"]["FLambdaFunction"]["DependsOn"];
    CHECK(deps == json::array({"FLogGroup", "Queue", "123", "true"}));
    auto one = pkg(head + "functions:\n  f:\n    handler: h.main\n    dependsOn: 7\n");
    CHECK(one.cfn_template["Resources"]["FLambdaFunction"]["DependsOn"] == json::array({"FLogGroup", "7"}));
    auto ext = pkg(head + "functions:\n  f:\n    handler: h.main\nresources:\n  extensions:\n    IamRoleLambdaExecution:\n"
                          "      DependsOn: [Q1, 5]\n  Resources:\n    Q1: {Type: AWS::SQS::Queue}\n"
                          "    Extra: {Type: AWS::IAM::Policy, DependsOn: [IamRoleLambdaExecution, 12], Properties: {PolicyName: x, "
                          "PolicyDocument: {Version: '2012-10-17', Statement: []}, Roles: [{Ref: IamRoleLambdaExecution}]}}\n");
    CHECK(ext.cfn_template["Resources"]["IamRoleLambdaExecution"]["DependsOn"] == json::array({"Q1", "5"}));
    CHECK(ext.cfn_template["Resources"]["Extra"]["DependsOn"] == json::array({"IamRoleLambdaExecution", "12"}));
}

TEST_CASE("destinations, frameworkVersion, stream names, the plugin twice: as the framework reads them", "[serverless][rule][oracle]") {
    // compile/functions.js:740-750: only a truthy destination is read.
    auto dest = pkg(head + "functions:\n  f:\n    handler: h.main\n    destinations: {onSuccess: 'arn:aws:sqs:eu-west-1:1:ok', onFailure: ''}\n");
    CHECK(test::find_diag(dest, "WD2047") == nullptr);
    bool sends = false;
    for (const auto& st : test::user_statements(dest)) sends = sends || st["Action"] == "sqs:SendMessage";
    CHECK(sends);
    // service.js:127-138: a YAML number is no semver range: skipped with a warning; an error in error mode.
    auto number = pkg("frameworkVersion: 2\n" + head + "functions:\n  f:\n    handler: h.main\n");
    REQUIRE(test::find_diag(number, "WD2040"));
    CHECK(test::find_diag(number, "WD2040")->level == severity::warning);
    auto strict = pkg("configValidationMode: error\nframeworkVersion: 3\n" + head + "functions:\n  f:\n    handler: h.main\n");
    REQUIRE(test::find_diag(strict, "WD2040"));
    CHECK(test::find_diag(strict, "WD2040")->level == severity::error);
    CHECK(test::find_diag(pkg("frameworkVersion: '3'\n" + head + "functions:\n  f:\n    handler: h.main\n"), "WD2040") == nullptr);
    // stream.js:205: the stream is named after the ARN's `/`.
    auto stream = pkg(head + "functions:\n  f:\n    handler: h.main\n    events:\n      - stream: {arn: my-table-stream, type: dynamodb}\n");
    REQUIRE(test::find_diag(stream, "WD2047"));
    CHECK(test::find_diag(stream, "WD2047")->level == severity::error);
    // plugin-manager.js: the plugin loaded twice defines its schema twice.
    CHECK(has_rule(pkg(head + "functions:\n  f:\n    handler: h.main\nplugins: [serverless-iam-roles-per-function, serverless-iam-roles-per-function]\n"),
                   "plugin-listed-twice"));
    CHECK_FALSE(has_rule(pkg(head + "functions:\n  f:\n    handler: h.main\nplugins: [serverless-iam-roles-per-function]\n"),
                         "plugin-listed-twice"));
}

TEST_CASE("error mode: the schema of the settings that make roles and of resources", "[serverless][rule][oracle]") {
    // provider.js:563 (Sid), :609 (awsLambdaRole minLength), :1097-1098 (boundary), :1250 (rolePermissionsBoundary),
    // :1335-1336 (dependsOn, condition), :1624-1670 (resources): probe 13 cases ea041-ea064, ef009, ef010, ef031.
    auto errors = [](const sls::package_result& r) {
        int n = 0;
        for (const auto& d : r.diags) n += (d.code == "WD2088" || d.code == "WD2011") && d.level == severity::error;
        return n;
    };
    const std::string strict = "configValidationMode: error\n" + head;
    const std::string fn = "functions:\n  f:\n    handler: h.main\n";
    const std::string role = "  iam:\n    role:\n";
    CHECK(errors(pkg(strict + role + "      statements:\n        - {Sid: {a: 1}, Effect: Allow, Action: 's3:*', Resource: '*'}\n" + fn)) == 1);
    CHECK(errors(pkg(strict + role + "      statements:\n        - {Sid: 42, Effect: Allow, Action: 's3:*', Resource: '*'}\n" + fn)) == 0);
    CHECK(errors(pkg(strict + role + "      permissionsBoundary: my-boundary\n" + fn)) == 1);
    CHECK(errors(pkg(strict + role + "      permissionsBoundary: !Sub 'arn:aws:iam::${AWS::AccountId}:policy/b'\n" + fn)) == 0);
    CHECK(errors(pkg(strict + "  rolePermissionsBoundary: my-boundary\n" + fn)) == 1);
    CHECK(errors(pkg(strict + "  iam:\n    role: ''\n" + fn)) == 1);
    CHECK(errors(pkg(strict + fn + "    role: ''\n")) == 1);
    CHECK(errors(pkg(strict + fn + "    dependsOn: {a: b}\n")) == 1);
    CHECK(errors(pkg(strict + fn + "    condition: [a, b]\n")) == 1);
    const std::string res = fn + "resources:\n  Resources:\n";
    CHECK(errors(pkg(strict + res + "    IamRoleLambdaExecution:\n      Properties: {RoleName: x}\n")) == 1);  // no Type
    CHECK(errors(pkg(strict + res + "    My_Role: {Type: AWS::IAM::Role, Properties: {}}\n")) == 1);
    CHECK(errors(pkg(strict + res + "    Extra: {Type: AWS::SQS::Queue, Tags: []}\n")) == 1);
    CHECK(errors(pkg(strict + res + "    Extra: {Type: AWS::SQS::Queue, DeletionPolicy: {a: b}}\n")) == 1);
    CHECK(errors(pkg(strict + res + "    Extra: {Type: AWS::SQS::Queue, DeletionPolicy: Retain, Condition: IsProd, DependsOn: [A]}\n"
                     "    A: {Type: AWS::SQS::Queue}\n  Conditions:\n    IsProd: {Fn::Equals: [a, a]}\n")) == 0);
    // In the default mode the same configs package (the framework warns).
    CHECK(errors(pkg(head + res + "    IamRoleLambdaExecution:\n      Properties: {RoleName: x}\n")) == 0);
}

TEST_CASE("sns: a dead-letter queue ARN that is not a string stops the framework", "[serverless][rule][oracle]") {
    // sns.js:113-116 (probe cases m004, n005, b031): `deadLetterTargetArn.split is not a function`.
    const std::string fns = "functions:\n  a:\n    handler: h.main\n    events:\n      - sns:\n          arn: arn:aws:sns:us-east-1:1:t\n"
                            "          redrivePolicy:\n";
    CHECK(has_rule(pkg(head + fns + "            deadLetterTargetArn: !GetAtt Dlq.Arn\n"), "sns-dlq-arn"));
    CHECK(has_rule(pkg(head + fns + "            deadLetterTargetArn: !ImportValue dlq-arn\n"), "sns-dlq-arn"));
    CHECK_FALSE(has_rule(pkg(head + fns + "            deadLetterTargetArn: arn:aws:sqs:us-east-1:1:dlq\n"), "sns-dlq-arn"));
    CHECK_FALSE(has_rule(pkg(head + fns + "            deadLetterTargetRef: Dlq\n"), "sns-dlq-arn"));
}

TEST_CASE("schema required and enum: event keys the schema requires, closed lists; a key the compiler reads is an error", "[serverless][rule][oracle]") {
    auto find_path = [](const sls::package_result& r, const std::string& path) -> const diagnostic* {
        for (const auto& d : r.diags)
            if (d.code == "WD2088" && d.args.value("path", "") == path) return &d;
        return nullptr;
    };
    const std::string fn = "functions:\n  a:\n    handler: h.main\n";
    auto iot = pkg(head + fn + "    events:\n      - iot: {enabled: true}\n");
    REQUIRE(find_path(iot, "functions.a.events.0.iot"));
    CHECK(find_path(iot, "functions.a.events.0.iot")->level == severity::warning);
    auto strict = pkg("configValidationMode: error\n" + head + fn + "    url: {authorizer: none}\n");
    REQUIRE(find_path(strict, "functions.a.url.authorizer"));
    CHECK(find_path(strict, "functions.a.url.authorizer")->level == severity::error);
    CHECK_FALSE(find_path(pkg(head + fn + "    url: {authorizer: aws_iam}\n"), "functions.a.url.authorizer"));
    CHECK(find_path(pkg(head + "  logs:\n    restApi: {level: DEBUG}\n" + fn), "provider.logs.restApi.level"));
    // websockets route: lib/naming.js:237 reads route.replace, so even in warn mode the framework fails.
    auto ws = pkg(head + fn + "    events:\n      - websocket: {authorizer: {arn: 'arn:aws:lambda:eu-west-1:1:function:x'}}\n");
    REQUIRE(find_path(ws, "functions.a.events.0.websocket"));
    CHECK(find_path(ws, "functions.a.events.0.websocket")->level == severity::error);
    CHECK_FALSE(find_path(pkg(head + fn + "    events:\n      - sqs: !GetAtt Q.Arn\n"), "functions.a.events.0.sqs"));
}

TEST_CASE("resources.Resources not a mapping replaces the generated resources", "[serverless][rule][oracle]") {
    // merge-custom-provider-resources.js:22-25: lodash merge puts the string in place of the whole Resources.
    auto r = pkg(head + "functions:\n  a:\n    handler: h.main\nresources:\n  Resources: just-a-string\n");
    const diagnostic* d = test::find_diag(r, "WD2092");
    REQUIRE(d);
    CHECK(d->level == severity::warning);
    CHECK(test::resource(r, "IamRoleLambdaExecution").is_null());
    CHECK(test::find_diag(pkg(head + "functions:\n  a:\n    handler: h.main\nresources:\n  Resources: ~\n"), "WD2092") == nullptr);
}

TEST_CASE("kafka: without accessConfigurations the compiler fails even in warn mode", "[serverless][rule][oracle]") {
    // kafka.js:143-145 destructures `accessConfigurations` before anything else: a TypeError after the warning.
    auto r = pkg(head + "functions:\n  a:\n    handler: h.main\n    events:\n      - kafka: {topic: t, bootstrapServers: [b:9092]}\n");
    const diagnostic* d = test::find_diag(r, "WD2088");
    REQUIRE(d);
    CHECK(d->level == severity::error);
    CHECK(d->args.value("property", "") == "accessConfigurations");
}

TEST_CASE("stream onFailure: the type is `type` or the ARN's service; anything but sns goes to the sqs statement", "[serverless][rule][oracle]") {
    // stream.js:275-291
    const std::string fn = "functions:\n  a:\n    handler: h.main\n    events:\n      - stream:\n          arn: arn:aws:kinesis:eu-west-1:1:stream/s\n"
                           "          destinations:\n            onFailure: ";
    auto lambda = pkg(head + fn + "arn:aws:lambda:eu-west-1:1:function:other\n");
    CHECK_FALSE(has_errors(lambda.diags));
    json st = test::user_statements(lambda);
    REQUIRE(st.size() == 2);
    CHECK(st[1] == json{{"Effect", "Allow"}, {"Action", json::array({"sqs:ListQueues", "sqs:SendMessage"})},
                        {"Resource", json::array({"arn:aws:lambda:eu-west-1:1:function:other"})}});
    auto untyped = pkg(head + fn + "{arn: !GetAtt Dlq.Arn}\n");
    const diagnostic* d = test::find_diag(untyped, "WD2041");
    REQUIRE(d);
    CHECK(d->level == severity::error);
    auto typed = pkg(head + fn + "{arn: !GetAtt Topic.Arn, type: sns}\n");
    CHECK_FALSE(test::find_diag(typed, "WD2041"));
    REQUIRE(test::user_statements(typed).size() == 2);
    CHECK(test::user_statements(typed)[1]["Action"] == json::array({"sns:Publish"}));
}

TEST_CASE("activemq/rabbitmq: a missing basicAuthArn is a null Resource in the secrets statement", "[serverless][rule][oracle]") {
    // activemq.js:155 and rabbitmq.js:167 push `basicAuthArn` whatever it is; JSON writes undefined as null.
    for (const char* type : {"activemq", "rabbitmq"}) {
        auto r = pkg(head + "functions:\n  a:\n    handler: h.main\n    events:\n      - " + type +
                     ": {arn: 'arn:aws:mq:eu-west-1:1:broker:b:id', queue: q}\n");
        CHECK_FALSE(has_errors(r.diags));
        json st = test::user_statements(r);
        REQUIRE(st.size() == 3);
        CHECK(st[0]["Action"] == json::array({"secretsmanager:GetSecretValue"}));
        CHECK(st[0]["Resource"] == json::array({nullptr}));
        CHECK(st[1]["Action"] == json::array({"mq:DescribeBroker"}));
    }
}

TEST_CASE("schema enum: sqs and stream functionResponseType; a statement's Condition must be a mapping", "[serverless][rule][oracle]") {
    const std::string strict = "configValidationMode: error\n";
    const std::string fn = "functions:\n  a:\n    handler: h.main\n    events:\n";
    auto sqs = pkg(strict + head + fn + "      - sqs: {arn: 'arn:aws:sqs:eu-west-1:1:q', functionResponseType: ReportFailures}\n");
    const diagnostic* d = test::find_diag(sqs, "WD2088");
    REQUIRE(d);
    CHECK(d->level == severity::error);
    CHECK(d->args.value("path", "") == "functions.a.events.0.sqs.functionResponseType");
    CHECK_FALSE(test::find_diag(pkg(strict + head + fn + "      - sqs: {arn: 'arn:aws:sqs:eu-west-1:1:q', functionResponseType: ReportBatchItemFailures}\n"), "WD2088"));
    auto stream = pkg(head + fn + "      - stream: {arn: 'arn:aws:kinesis:eu-west-1:1:stream/s', functionResponseType: x}\n");
    REQUIRE(test::find_diag(stream, "WD2088"));
    CHECK(test::find_diag(stream, "WD2088")->level == severity::warning);
    // provider.js:571: `Condition: { type: 'object' }`.
    const std::string cond = "  iam:\n    role:\n      statements:\n        - {Effect: Allow, Action: 's3:GetObject', Resource: '*', Condition: text}\n" + fn +
                             "      - sqs: arn:aws:sqs:eu-west-1:1:q\n";
    auto error_mode = pkg(strict + head + cond);
    REQUIRE(test::find_diag(error_mode, "WD2011"));
    CHECK(test::find_diag(error_mode, "WD2011")->level == severity::error);
    CHECK(test::find_diag(error_mode, "WD2011")->args.value("path", "") == "provider.iam.role.statements.0.Condition");
    auto warn_mode = pkg(head + cond);
    REQUIRE(test::find_diag(warn_mode, "WD2011"));
    CHECK(test::find_diag(warn_mode, "WD2011")->level == severity::warning);
}

TEST_CASE("function image: provider.js resolveImageUriAndSha's refusals are errors with the framework's code", "[serverless][rule][oracle]") {
    const std::string digest = "@sha256:" + std::string(64, 'a');
    auto code_of = [](const sls::package_result& r) {
        const diagnostic* d = test::find_diag(r, "WD2094");
        return d ? d->args.value("frameworkCode", std::string()) : std::string();
    };
    CHECK(code_of(pkg(head + "functions:\n  f:\n    image: 1.dkr.ecr.us-east-1.amazonaws.com/repo:v1\n")) == "LAMBDA_ECR_REGION_MISMATCH_ERROR");
    CHECK(code_of(pkg(head + "functions:\n  f:\n    image: {command: [x]}\n")) == "FUNCTION_IMAGE_NEITHER_URI_NOR_NAME_DEFINED_ERROR");
    CHECK(code_of(pkg(head + "functions:\n  f:\n    image: {uri: 'a" + digest + "', name: app}\n")) == "FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR");
    CHECK(code_of(pkg(head + "functions:\n  f:\n    image: web\n")) == "REFERENCED_FUNCTION_IMAGE_NOT_DEFINED_IN_PROVIDER");
    const std::string ecr = "  ecr:\n    images:\n      app:\n";
    CHECK(code_of(pkg(head + ecr + "        file: Dockerfile.x\nfunctions:\n  f:\n    image: app\n")) == "ECR_IMAGE_NEITHER_URI_NOR_PATH_DEFINED_ERROR");
    CHECK(code_of(pkg(head + ecr + "        path: ./\n        uri: 'a" + digest + "'\nfunctions:\n  f:\n    image: app\n")) == "ECR_IMAGE_BOTH_URI_AND_PATH_DEFINED_ERROR");
    CHECK(code_of(pkg(head + ecr + "        uri: 'a" + digest + "'\n        cacheFrom: [x]\nfunctions:\n  f:\n    image: {name: app}\n")) == "ECR_IMAGE_BOTH_URI_AND_CACHEFROM_DEFINED_ERROR");
    // The region check reads the URI of an `ecr.images` entry too.
    CHECK(code_of(pkg(head + ecr + "        uri: 1.dkr.ecr.us-west-2.amazonaws.com/repo:v1\nfunctions:\n  f:\n    image: app\n")) == "LAMBDA_ECR_REGION_MISMATCH_ERROR");
}

TEST_CASE("function image: a digest packages offline; a tag or a Docker path needs AWS (WD2087 info, roles still built)", "[serverless][rule][oracle]") {
    const std::string digest = "@sha256:" + std::string(64, '0');
    auto by_digest = pkg(head + "functions:\n  f:\n    image: 1.dkr.ecr.eu-west-1.amazonaws.com/repo" + digest + "\n");
    CHECK_FALSE(test::find_diag(by_digest, "WD2087"));
    CHECK_FALSE(test::find_diag(by_digest, "WD2094"));
    // A digest alone is an ECR URI too (provider.js isEcrUri's second branch), so no region is compared.
    auto bare = pkg(head + "functions:\n  f:\n    image: repo" + digest + "\n");
    CHECK_FALSE(test::find_diag(bare, "WD2094"));
    auto by_tag = pkg(head + "functions:\n  f:\n    image: 1.dkr.ecr.eu-west-1.amazonaws.com/repo:latest\n");
    CHECK(test::find_diag(by_tag, "WD2087"));
    CHECK_FALSE(test::find_diag(by_tag, "WD2094"));
    CHECK(test::find_role(by_tag, "IamRoleLambdaExecution"));
    auto by_path = pkg(head + "  ecr:\n    images:\n      app: ./images/app\nfunctions:\n  f:\n    image: app\n");
    const diagnostic* d = test::find_diag(by_path, "WD2087");
    REQUIRE(d);
    CHECK(d->message.find("./images/app") != std::string::npos);
    // With a handler too, the image is not resolved here (WD2069's sibling says both are set).
    CHECK_FALSE(test::find_diag(pkg(head + "functions:\n  f:\n    handler: h.h\n    image: web\n"), "WD2094"));
}

TEST_CASE("stream: an ARN from a placeholder is not judged by its text; its statement type is assumed and said (WD2093)", "[serverless][rule][oracle]") {
    auto dynamo = pkg(head + "functions:\n  f:\n    handler: h.h\n    events:\n      - stream: ${cf:tables-dev.OrdersStreamArn}\n");
    CHECK_FALSE(test::find_diag(dynamo, "WD2041"));
    CHECK_FALSE(test::find_diag(dynamo, "WD2047"));
    const diagnostic* d = test::find_diag(dynamo, "WD2093");
    REQUIRE(d);
    CHECK(d->args["assumedType"] == "dynamodb");
    bool dynamo_statement = false;
    for (const auto& s : test::user_statements(dynamo))
        if (s["Action"].dump().find("dynamodb:GetRecords") != std::string::npos) dynamo_statement = true;
    CHECK(dynamo_statement);
    auto kinesis = pkg(head + "functions:\n  f:\n    handler: h.h\n    events:\n      - stream:\n          arn: ${ssm:/shared/kinesis-stream-arn}\n");
    d = test::find_diag(kinesis, "WD2093");
    REQUIRE(d);
    CHECK(d->args["assumedType"] == "kinesis");
    // `type:` settles it: nothing to assume.
    auto typed = pkg(head + "functions:\n  f:\n    handler: h.h\n    events:\n      - stream: {arn: '${ssm:/x}', type: kinesis}\n");
    CHECK_FALSE(test::find_diag(typed, "WD2093"));
}

TEST_CASE("function role: an ARN naming a role of the template is that role, not one from outside", "[serverless][rule]") {
    const std::string roles = "resources:\n  Resources:\n    Worker:\n      Type: AWS::IAM::Role\n      Properties:\n"
                              "        RoleName: svc-${sls:stage}-worker\n        AssumeRolePolicyDocument: {}\n"
                              "    Pathed:\n      Type: AWS::IAM::Role\n      Properties:\n        RoleName: pathed\n        Path: /team/\n"
                              "        AssumeRolePolicyDocument: {}\n";
    auto role_of = [&](const std::string& role) {
        auto r = pkg(head + "functions:\n  f:\n    handler: h.h\n    role: " + role + "\n" + roles);
        REQUIRE(r.functions.size() == 1);
        return r.functions[0].role_logical_id;
    };
    CHECK(role_of("!Sub 'arn:aws:iam::${AWS::AccountId}:role/svc-${sls:stage}-worker'") == "Worker");
    CHECK(role_of("arn:aws:iam::123456789012:role/svc-dev-worker") == "Worker");
    CHECK(role_of("arn:aws:iam::123456789012:role/team/pathed") == "Pathed");
    CHECK(role_of("arn:aws:iam::123456789012:role/pathed").empty());  // the path is part of the role's identity
    CHECK(role_of("arn:aws:iam::123456789012:role/svc-dev-other").empty());
    CHECK(role_of("!GetAtt Worker.Arn") == "Worker");
}

TEST_CASE("functions as a list: items fold with lodash merge, a function named twice gets the settings of both", "[serverless][rule][oracle]") {
    auto r = pkg(head + "functions:\n"
                        "  - shared:\n      handler: a.h\n      role: arn:aws:iam::123456789012:role/ext\n"
                        "  - shared:\n      handler: b.h\n    other:\n      handler: o.h\n");
    REQUIRE(r.functions.size() == 2);
    CHECK(r.functions[0].key == "shared");
    CHECK(r.functions[0].role == "arn:aws:iam::123456789012:role/ext");  // kept from the first item
    CHECK(r.functions[1].key == "other");
    CHECK_FALSE(test::find_diag(r, "WD2069"));
}

TEST_CASE("serverless-pseudo-parameters: #{...} in the template becomes Fn::Sub once resources are merged", "[serverless][rule]") {
    const std::string stmt = "  iamRoleStatements:\n    - Effect: Allow\n      Action: sqs:SendMessage\n"
                             "      Resource: 'arn:aws:sqs:#{AWS::Region}:#{AWS::AccountId}:q'\n";
    const std::string fn = "functions:\n  f:\n    handler: h.h\n";
    auto with = pkg(head + stmt + fn + "plugins:\n  - serverless-pseudo-parameters\n");
    json user = test::user_statements(with);
    REQUIRE(user.size() == 1);
    CHECK(user[0]["Resource"] == json{{"Fn::Sub", "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q"}});
    CHECK(test::find_diag(with, "WD2095"));
    // Still traced to its line in the config, not to `resources`.
    const sls::role_info* role = test::find_role(with, "IamRoleLambdaExecution");
    REQUIRE(role);
    CHECK(role->statements.back().source.kind == "config");
    // Without the plugin the text stays as written; the escape `#@{x}` gives a literal `#{x}`.
    auto without = pkg(head + stmt + fn);
    CHECK(test::user_statements(without)[0]["Resource"] == "arn:aws:sqs:#{AWS::Region}:#{AWS::AccountId}:q");
    auto escaped = pkg(head + "  iamRoleStatements:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: 'arn:aws:s3:::b/#@{x}'\n" + fn +
                       "plugins:\n  - serverless-pseudo-parameters\n");
    CHECK(test::user_statements(escaped)[0]["Resource"] == "arn:aws:s3:::b/#{x}");
    // skipRegionReplace: false turns a region name into the stack's region.
    auto regions = pkg(head + "  iamRoleStatements:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: 'arn:aws:logs:eu-west-1:1:x'\n" + fn +
                       "plugins:\n  - serverless-pseudo-parameters\ncustom:\n  pseudoParameters:\n    skipRegionReplace: false\n");
    CHECK(test::user_statements(regions)[0]["Resource"] == json{{"Fn::Sub", "arn:aws:logs:${AWS::Region}:1:x"}});
}
