// SPDX-License-Identifier: MIT
// Rules of the variable resolver (SEMANTICS.md §12), `resources` merging (§10), stage/region (§2),
// frameworkVersion, plain CloudFormation input, provenance and robustness.
#include <catch2/catch.hpp>

#include "serverless/rules_support.hpp"

using namespace wd;
using test::pkg;

static std::string resource_of_first_user_statement(const sls::package_result& r) {
    json st = test::user_statements(r);
    return st.empty() || !st[0]["Resource"].is_string() ? std::string() : st[0]["Resource"].get<std::string>();
}

static std::string with_resource(const std::string& resource, const std::string& extra = "") {
    return "service: svc\n" + extra + "provider:\n  name: aws\n  stage: ${opt:stage, 'dev'}\n  region: eu-west-1\n  iam:\n    role:\n      statements:\n"
           "        - Effect: Allow\n          Action: s3:GetObject\n          Resource: " + resource + "\nfunctions:\n  a:\n    handler: h.h\n";
}

TEST_CASE("variables: self, opt, sls, aws:region, env with fallbacks", "[serverless][rule][variables]") {
    sls::options o = test::stage_region("prod", "eu-central-1");
    o.env["TABLE"] = "t1";
    auto r = pkg(with_resource("\"arn:aws:s3:::${self:service}-${sls:stage}-${aws:region}-${opt:stage}-${env:TABLE}-${env:MISSING, 'fb'}-${self:custom.n}\"",
                               "custom:\n  n: 5\n"),
                 o);
    CHECK(resource_of_first_user_statement(r) == "arn:aws:s3:::svc-prod-eu-central-1-prod-t1-fb-5");
    CHECK_FALSE(has_errors(r.diags));
}

TEST_CASE("variables: self:provider.stage is the YAML value, not --stage", "[serverless][rule][variables]") {
    auto r = pkg(with_resource("arn:aws:s3:::${self:provider.stage}-${sls:stage}"), test::stage_region("prod", "eu-west-1"));
    CHECK(resource_of_first_user_statement(r) == "arn:aws:s3:::prod-prod");  // provider.stage is ${opt:stage,...}
    auto literal = pkg("service: s\nprovider:\n  name: aws\n  stage: dev\n  iam:\n    role:\n      statements:\n"
                       "        - {Effect: Allow, Action: x:Y, Resource: 'arn:${self:provider.stage}:${sls:stage}'}\nfunctions:\n  a:\n    handler: h.h\n",
                       test::stage_region("prod", "eu-west-1"));
    CHECK(resource_of_first_user_statement(literal) == "arn:dev:prod");
}

TEST_CASE("variables: nested variables and whole-value objects keep their type", "[serverless][rule][variables]") {
    auto r = pkg("service: s\ncustom:\n  stage: ${opt:stage, self:provider.stage}\n  iam:\n    dev:\n      - {Effect: Allow, Action: s3:*, Resource: '*'}\n"
                 "provider:\n  name: aws\n  stage: dev\n  iam:\n    role:\n      statements: ${self:custom.iam.${self:custom.stage}}\nfunctions:\n  a:\n    handler: h.h\n");
    json st = test::user_statements(r);
    REQUIRE(st.size() == 1);
    CHECK(st[0]["Action"] == json::array({"s3:*"}));
    // Provenance follows the value back to where it was written.
    const auto* role = test::find_role(r, "IamRoleLambdaExecution");
    REQUIRE(role);
    CHECK(role->statements[2].source.pointer == "/custom/iam/dev/0");
    CHECK(role->statements[2].source.line == 6);
}

TEST_CASE("variables: CloudFormation ${} forms are not variables", "[serverless][rule][variables]") {
    auto r = pkg(with_resource("{'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/${Table.Arn}/${!Literal}/${self:service}'}"));
    json st = test::user_statements(r);
    CHECK(st[0]["Resource"]["Fn::Sub"] == "arn:${AWS::Partition}:s3:::${Bucket}/${Table.Arn}/${!Literal}/svc");
    CHECK_FALSE(has_errors(r.diags));
}

TEST_CASE("variables: sources needing AWS stay as named placeholders with an info", "[serverless][rule][variables]") {
    for (std::string v : {"${ssm:/a/${sls:stage}/b}", "${cf:stack-${sls:stage}.Out}", "${s3:bucket/key}", "${aws:accountId}", "${param:p}"}) {
        auto r = pkg(with_resource("\"arn:aws:sqs:eu-west-1:" + v + ":q\""));
        INFO(v);
        const auto* d = test::find_diag(r, "WD2003");
        REQUIRE(d);
        CHECK(d->level == severity::info);
        CHECK(d->line == 11);
        CHECK_FALSE(has_errors(r.diags));
        CHECK(resource_of_first_user_statement(r).find("${") != std::string::npos);
    }
    auto ssm = pkg(with_resource("${ssm:/a/${sls:stage}/b}"));
    CHECK(resource_of_first_user_statement(ssm) == "${ssm:/a/dev/b}");
    sls::options o;
    o.params["p"] = "given";
    auto param = pkg(with_resource("\"arn:${param:p}\""), o);
    CHECK(resource_of_first_user_statement(param) == "arn:given");
}

TEST_CASE("variables: file() reads the given files, resolved in the main config", "[serverless][rule][variables]") {
    sls::options o;
    o.files["./iam.yml"] = "statements:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::${self:service}/*\n";
    auto r = pkg("service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements: ${file(./iam.yml):statements}\nfunctions:\n  a:\n    handler: h.h\n", o);
    json st = test::user_statements(r);
    REQUIRE(st.size() == 1);
    CHECK(st[0]["Resource"] == "arn:aws:s3:::s/*");
    CHECK(st[0]["Action"] == json::array({"s3:GetObject"}));
    auto missing = pkg("service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements: ${file(./iam.yml):statements}\nfunctions:\n  a:\n    handler: h.h\n");
    CHECK(test::find_diag(missing, "WD2004") != nullptr);
}

TEST_CASE("variables: with every existing file given, a file not given is missing, as in the framework", "[serverless][rule][variables]") {
    // The framework: `Cannot resolve variable at "provider.iam.role.statements": Value not found at "file" source`.
    const std::string config = "service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements: ${file(./nope.yml)}\nfunctions:\n  a:\n    handler: h.h\n";
    sls::options complete;
    complete.files_complete = true;
    auto stops = pkg(config, complete);
    const diagnostic* d = test::find_diag(stops, "WD2001");
    REQUIRE(d != nullptr);
    CHECK(d->level == severity::error);
    CHECK(d->message.find("`file` source") != std::string::npos);
    CHECK(test::find_diag(stops, "WD2004") == nullptr);
    // Not known to be complete (the page): the same file may just not be given, a placeholder.
    auto kept = pkg(config);
    CHECK(test::find_diag(kept, "WD2004") != nullptr);
    CHECK(test::find_diag(kept, "WD2001") == nullptr);
    // A fallback after the missing file is taken, as the framework does.
    auto fallback = pkg("service: s\ncustom:\n  st:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: '*'\nprovider:\n  name: aws\n  iam:\n"
                        "    role:\n      statements: ${file(./nope.yml), self:custom.st}\nfunctions:\n  a:\n    handler: h.h\n", complete);
    CHECK(test::find_diag(fallback, "WD2001") == nullptr);
    REQUIRE(test::user_statements(fallback).size() == 1);
    CHECK(test::user_statements(fallback)[0]["Action"] == json::array({"s3:GetObject"}));
}

TEST_CASE("variables: unresolvable references are coded errors with positions, never a crash", "[serverless][rule][variables]") {
    auto self_missing = pkg(with_resource("arn:${self:custom.nope}"));
    REQUIRE(test::find_diag(self_missing, "WD2001"));
    CHECK(test::find_diag(self_missing, "WD2001")->line == 11);
    CHECK(test::find_diag(self_missing, "WD2001")->column == 21);
    CHECK(test::user_statements(self_missing).size() == 1);  // the analysis goes on
    CHECK(test::find_diag(pkg(with_resource("${foo:bar}")), "WD2002") != nullptr);
    // A plugin this analysis does not run may define the source (Bref's `${bref:...}`): a placeholder.
    auto plugin_source = pkg("plugins:\n  - ./vendor/bref/bref\n" + with_resource("${bref:layer.php-83}"));
    CHECK(test::find_diag(plugin_source, "WD2002") == nullptr);
    REQUIRE(test::find_diag(plugin_source, "WD2003") != nullptr);
    CHECK(test::find_diag(plugin_source, "WD2003")->args["variable"] == "${bref:layer.php-83}");
    // ...but not the per-function roles plugin, which this analysis models.
    CHECK(test::find_diag(pkg("plugins:\n  - serverless-iam-roles-per-function\n" + with_resource("${bref:x}")), "WD2002") != nullptr);
    CHECK(test::find_diag(pkg(with_resource("${env:NOPE}")), "WD2001") != nullptr);
    auto cycle = pkg("service: s\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h\n");
    CHECK(test::find_diag(cycle, "WD2005") != nullptr);
}

TEST_CASE("stage and region: flag, then provider, then dev/us-east-1", "[serverless][rule]") {
    auto flags = pkg("service: s\nprovider:\n  name: aws\n  stage: qa\n  region: eu-west-2\nfunctions:\n  a:\n    handler: h\n", test::stage_region("prod", "ap-south-1"));
    CHECK(flags.stage == "prod");
    CHECK(flags.region == "ap-south-1");
    auto config = pkg("service: s\nprovider:\n  name: aws\n  stage: qa\n  region: eu-west-2\nfunctions:\n  a:\n    handler: h\n");
    CHECK(config.stage == "qa");
    CHECK(config.region == "eu-west-2");
    CHECK_FALSE(config.stage_inferred);
    auto defaults = pkg("service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n");
    CHECK(defaults.stage == "dev");
    CHECK(defaults.region == "us-east-1");
    CHECK(defaults.stage_inferred);
    CHECK(test::find_diag(defaults, "WD2070") != nullptr);
    CHECK(test::resource(defaults, "ALambdaFunction")["Properties"]["FunctionName"] == "s-dev-a");
}

TEST_CASE("frameworkVersion ranges are checked against 3.40.0", "[serverless][rule]") {
    for (std::string ok : {"'3'", "'>=2.0.0 <4.0.0'", "'2 || 3'", "'^3.0.0'", "'~3.40'", "'3.x'", "'>=3.38'"}) {
        INFO(ok);
        CHECK(test::find_diag(pkg("service: s\nframeworkVersion: " + ok + "\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n"), "WD2040") == nullptr);
    }
    for (std::string bad : {"'2'", "'^2.1.0'", "'>=4'", "'~3.39.0'"}) {
        INFO(bad);
        auto r = pkg("service: s\nframeworkVersion: " + bad + "\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n");
        REQUIRE(test::find_diag(r, "WD2040"));
        CHECK(test::find_diag(r, "WD2040")->line == 2);
    }
}

TEST_CASE("resources: deep merge by index into the generated role", "[serverless][rule]") {
    auto r = pkg("service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\nresources:\n  Resources:\n    IamRoleLambdaExecution:\n      Properties:\n"
                 "        MaxSessionDuration: 7200\n        Policies:\n          - PolicyDocument:\n              Statement:\n                - Resource: '*'\n");
    json st = test::statements(r);
    REQUIRE(st.size() == 2);
    CHECK(st[0]["Resource"] == "*");
    CHECK(st[0]["Action"].size() == 3);  // untouched keys of the generated statement stay
    CHECK(test::resource(r, "IamRoleLambdaExecution")["Properties"]["MaxSessionDuration"] == 7200);
    const auto* role = test::find_role(r, "IamRoleLambdaExecution");
    REQUIRE(role);
    CHECK(role->statements[0].source.kind == "resources");
    CHECK(role->statements[1].source.kind == "framework-default");
}

TEST_CASE("resources.extensions: shallow Properties, DependsOn appended, unknown id is an error", "[serverless][rule]") {
    auto r = pkg("service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      managedPolicies: [arn:aws:iam::aws:policy/A]\nfunctions:\n  a:\n    handler: h\n"
                 "resources:\n  extensions:\n    IamRoleLambdaExecution:\n      Properties:\n        ManagedPolicyArns: [arn:aws:iam::aws:policy/B]\n      DependsOn: [X]\n"
                 "    Missing:\n      Properties: {}\n");
    CHECK(test::resource(r, "IamRoleLambdaExecution")["Properties"]["ManagedPolicyArns"] == json::array({"arn:aws:iam::aws:policy/B"}));
    CHECK(test::resource(r, "IamRoleLambdaExecution")["DependsOn"] == json::array({"X"}));
    REQUIRE(test::find_diag(r, "WD2030"));
    CHECK(test::find_diag(r, "WD2030")->line == 16);
}

TEST_CASE("resources: IAM policies attached to a role count as its statements", "[serverless][rule]") {
    auto r = pkg("service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\nresources:\n  Resources:\n    Extra:\n      Type: AWS::IAM::Policy\n"
                 "      Properties:\n        PolicyName: extra\n        Roles: [!Ref IamRoleLambdaExecution]\n        PolicyDocument:\n          Statement:\n"
                 "            - {Effect: Allow, Action: 'sqs:*', Resource: '*'}\n");
    const auto* role = test::find_role(r, "IamRoleLambdaExecution");
    REQUIRE(role);
    REQUIRE(role->statements.size() == 3);
    CHECK(role->statements[2].policy_name == "extra");
    CHECK(role->statements[2].source.kind == "resources");
    CHECK(role->statements[2].source.line == 16);
    CHECK_FALSE(test::resource(r, "Extra").is_null());
}

TEST_CASE("provenance: config statements carry line, column and pointer", "[serverless][rule]") {
    auto r = pkg("service: s\nprovider:\n  name: aws\n  iamManagedPolicies:\n    - arn:aws:iam::aws:policy/A\n  iamRoleStatements:\n    - Effect: Allow\n      Action: x:Y\n      Resource: '*'\nfunctions:\n  a:\n    handler: h\n");
    const auto* role = test::find_role(r, "IamRoleLambdaExecution");
    REQUIRE(role);
    REQUIRE(role->statements.size() == 3);
    CHECK(role->statements[0].source.kind == "framework-default");
    CHECK(role->statements[2].source.kind == "config");
    CHECK(role->statements[2].source.line == 7);
    CHECK(role->statements[2].source.column == 7);
    CHECK(role->statements[2].source.pointer == "/provider/iamRoleStatements/0");
    CHECK(role->statements[2].policy_name == "s-dev-lambda");
    REQUIRE(role->managed_sources.size() == 1);
    CHECK(role->managed_sources[0].kind == "managed-policy");
    CHECK(role->managed_sources[0].line == 5);
    REQUIRE(r.functions.size() == 1);
    CHECK(r.functions[0].role_logical_id == "IamRoleLambdaExecution");
    CHECK(r.functions[0].function_name == "s-dev-a");
    CHECK(r.functions[0].line == 11);
}

TEST_CASE("a plain CloudFormation template is read as written", "[serverless][rule]") {
    auto r = pkg("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r\n"
                 "      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"
                 "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt R.Arn\n");
    CHECK(test::find_diag(r, "WD2050") != nullptr);
    const auto* role = test::find_role(r, "R");
    REQUIRE(role);
    CHECK(role->role_name == "r");
    CHECK(role->functions == std::vector<std::string>{"F"});
    REQUIRE(role->statements.size() == 1);
    CHECK(role->statements[0].statement["Action"] == "s3:GetObject");  // no coercion for templates
    CHECK(role->statements[0].source.line == 11);
}

TEST_CASE("a SAM function without Role gets the role SAM creates, <Function>Role, holding its Policies", "[serverless][rule][sam]") {
    // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    auto r = pkg("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n"
                 "  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n"
                 "      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary\n"
                 "      Policies:\n        - AmazonS3ReadOnlyAccess\n        - DynamoDBCrudPolicy:\n            TableName: t\n"
                 "        - Statement:\n            - Effect: Allow\n              Action: sqs:SendMessage\n              Resource: '*'\n"
                 "  Own:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: own.handler\n"
                 "      Role: arn:aws:iam::123456789012:role/own\n");
    const auto* role = test::find_role(r, "ApiRole");
    REQUIRE(role);
    CHECK(role->functions == std::vector<std::string>{"Api"});
    REQUIRE(role->managed_policy_arns.size() == 2);
    CHECK(role->managed_policy_arns[0] == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    CHECK(role->managed_policy_arns[1] == "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    CHECK(role->managed_sources[1].line == 10);
    CHECK(role->permissions_boundary == "arn:aws:iam::123456789012:policy/boundary");
    REQUIRE(role->statements.size() == 1);
    CHECK(role->statements[0].statement["Action"] == "sqs:SendMessage");
    CHECK(role->statements[0].policy_name == "ApiRolePolicy2");
    CHECK(role->statements[0].source.line == 14);  // the statement under the function's Policies
    CHECK(role->statements[0].source.pointer == "/Resources/Api/Properties/Policies/2/Statement/0");
    CHECK(test::resource(r, "Api")["Type"] == "AWS::Lambda::Function");
    CHECK(test::resource(r, "Api")["Properties"]["Role"] == json{{"Fn::GetAtt", json::array({"ApiRole", "Arn"})}});
    // A policy template is named, not guessed; a function with its own Role gets no role from SAM.
    const auto* templ = test::find_diag(r, "WD2058");
    REQUIRE(templ);
    CHECK(templ->line == 11);
    CHECK(test::find_diag(r, "WD2057") != nullptr);
    CHECK(test::find_role(r, "OwnRole") == nullptr);
    bool own_external = false;
    for (const auto& ro : r.roles) own_external |= ro.external_arn == "arn:aws:iam::123456789012:role/own" && ro.functions == std::vector<std::string>{"Own"};
    CHECK(own_external);
    // Without the Transform the same resources are not SAM's to expand.
    auto plain = pkg("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n"
                     "    Properties:\n      Handler: h\n");
    CHECK(test::find_role(plain, "ApiRole") == nullptr);
}

TEST_CASE("package never throws, whatever the shape of the config", "[serverless][rule]") {
    for (std::string text : {"- a\n- b\n", "service: s\nfunctions: [a, b]\n", "service: s\nprovider: 3\nfunctions:\n  a: ~\n",
                             "service: {name: s}\nprovider:\n  iam: x\n  vpc: 1\nfunctions:\n  a:\n    events: 5\n  b:\n    events: [~, 1, {stream: 3}, {sqs: ~}, {msk: x}]\n",
                             "service: s\nprovider:\n  iam:\n    role:\n      statements: ${ssm:/x}\nfunctions:\n  a:\n    role: {}\n    destinations: {onSuccess: 5}\n",
                             "service: s\nplugins: [serverless-iam-roles-per-function]\nfunctions:\n  a:\n    iamRoleStatements: 7\n    events: [{stream: {}}]\n",
                             "service: s\nresources: [{Resources: {X: 1}}, 3]\nfunctions:\n  a: {}\n"}) {
        INFO(text);
        sls::package_result r;
        CHECK_NOTHROW(r = pkg(text));
        CHECK(r.cfn_template.contains("Resources"));
    }
    auto svc_object = pkg("service: {name: obj}\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n");
    CHECK(svc_object.service == "obj");
    CHECK(test::find_diag(pkg("provider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n"), "WD2060") != nullptr);
}

TEST_CASE("variables: exponential self references stop at a budget with WD2007", "[serverless][rule][variables]") {
    std::string text = "service: s\ncustom:\n  v0: [x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
        std::string ref = "${self:custom.v" + std::to_string(i - 1) + "}";
        text += "  v" + std::to_string(i) + ":";
        for (int k = 0; k < 8; ++k) text += "\n    - " + ref;
        text += "\n";
    }
    text += "provider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n";
    sls::package_result r;
    CHECK_NOTHROW(r = pkg(text));
    CHECK(test::find_diag(r, "WD2007") != nullptr);
    CHECK_FALSE(test::resource(r, "IamRoleLambdaExecution").is_null());
}
