// SPDX-License-Identifier: MIT
// Lint warnings, blast radius flags, outside-config requests and the readable report.
#include <catch2/catch.hpp>

#include "explain/explain_support.hpp"

using wd::json;
using namespace wd::test;

namespace {

const char* k_log_s3 =
    "[ERROR] ClientError: An error occurred (AccessDenied) when calling the GetObject operation: User: "
    "arn:aws:sts::123456789012:assumed-role/lint-dev-us-east-1-lambdaRole/lint-dev-main is not authorized to perform: "
    "s3:GetObject on resource: \"arn:aws:s3:::lint-bucket/k\" because no identity-based policy allows the s3:GetObject action\n";

// A one-function config whose provider role has `statements` (YAML list items indented by 8); the first
// statement starts at line 8.
std::string config_with_statements(const std::string& statements) {
    return "service: lint\n"
           "provider:\n"
           "  name: aws\n"
           "  region: us-east-1\n"
           "  iam:\n"
           "    role:\n"
           "      statements:\n" +
           statements +
           "functions:\n"
           "  main:\n"
           "    handler: h.main\n";
}

// The answer has a verified patch holding `text`.
void check_verified_patch_holds(const json& doc, const std::string& text) {
    REQUIRE(doc.contains("patch"));
    const std::string diff = doc["patch"]["diff"].get<std::string>();
    INFO(diff);
    CHECK(diff.find(text) != std::string::npos);
    CHECK(doc["patch"]["verified"] == true);
}

bool lint_has(const json& doc, const std::string& code, int line = 0) {
    for (const auto& l : doc["lint"])
        if (l["code"] == code && (line == 0 || l["line"] == line)) return true;
    return false;
}

}  // namespace

TEST_CASE("lint: Action '*', Resource '*' with writes, AdministratorAccess") {
    std::string config =
        "service: lint\n"
        "provider:\n"
        "  name: aws\n"
        "  region: us-east-1\n"
        "  iam:\n"
        "    role:\n"
        "      managedPolicies:\n"
        "        - arn:aws:iam::aws:policy/AdministratorAccess\n"
        "      statements:\n"
        "        - Effect: Allow\n"
        "          Action: '*'\n"
        "          Resource: '*'\n"
        "        - Effect: Allow\n"
        "          Action: dynamodb:PutItem\n"
        "          Resource: '*'\n"
        "functions:\n"
        "  main:\n"
        "    handler: h.main\n";
    json doc = run_explain(config, k_log_s3);
    CHECK(lint_has(doc, "WD5501", 10));
    CHECK(lint_has(doc, "WD5503"));
    if (catalog_or_null()) CHECK(lint_has(doc, "WD5502", 13));
    CHECK(has_diag(doc, "WD5501"));
    // the config allows everything: Allow, nothing to fix
    CHECK(doc["denials"][0]["decision"] == "Allow");
    CHECK(doc["denials"][0]["fix"]["kind"] == "none");
}

TEST_CASE("lint: a narrow config gets no warning") {
    const std::string config = config_with_statements(
        "        - Effect: Allow\n"
        "          Action: s3:GetObject\n"
        "          Resource: arn:aws:s3:::lint-bucket/*\n");
    json doc = run_explain(config, k_log_s3);
    CHECK(doc["lint"].empty());
    CHECK(doc["denials"][0]["decision"] == "Allow");
}

TEST_CASE("lint: a condition value its operator cannot read, at the statement's line") {
    const std::string config = config_with_statements(
        "        - Effect: Allow\n"
        "          Action: s3:GetObject\n"
        "          Resource: arn:aws:s3:::lint-bucket/*\n"
        "          Condition:\n"
        "            NotIpAddress:\n"
        "              aws:SourceIp: 10.0.0.0/33\n"
        "        - Effect: Allow\n"
        "          Action: s3:PutObject\n"
        "          Resource: arn:aws:s3:::lint-bucket/*\n"
        "          Condition:\n"
        "            NumericLessThan:\n"
        "              s3:max-keys: ten\n");
    json doc = run_explain(config, k_log_s3);
    REQUIRE(lint_has(doc, "WD5507", 8));
    REQUIRE(lint_has(doc, "WD5507", 14));
    for (const auto& l : doc["lint"]) {
        if (l["code"] != "WD5507") continue;
        const std::string text = l["text"];
        if (l["line"] == 8) {
            CHECK(l["key"] == "lint.condition_value_ip_negated");
            CHECK(text.find("`10.0.0.0/33`") != std::string::npos);
            CHECK(text.find("restricts nothing") != std::string::npos);
        } else {
            CHECK(l["key"] == "lint.condition_value_number");
            CHECK(text.find("matches no request") != std::string::npos);
        }
    }
    json ja = run_explain(config, k_log_s3, {}, std::nullopt, "ja");
    REQUIRE(lint_has(ja, "WD5507", 8));
    for (const auto& l : ja["lint"])
        if (l["code"] == "WD5507") CHECK(l["text"].get<std::string>().find("行目") != std::string::npos);
}

TEST_CASE("lint: ${self:provider.stage} while the log shows another stage") {
    const std::string config =
        "service: media\n"
        "provider:\n"
        "  name: aws\n"
        "  stage: dev\n"
        "  region: us-east-1\n"
        "  iam:\n"
        "    role:\n"
        "      statements:\n"
        "        - Effect: Allow\n"
        "          Action: s3:GetObject\n"
        "          Resource: arn:aws:s3:::media-${self:provider.stage}-raw/*\n"
        "functions:\n"
        "  transcode:\n"
        "    handler: h.main\n";
    auto log_for = [](const std::string& stage) {
        return "An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::123456789012:"
               "assumed-role/media-" + stage + "-us-east-1-lambdaRole/media-" + stage + "-transcode is not authorized to "
               "perform: s3:GetObject on resource: \"arn:aws:s3:::media-" + stage + "-raw/clip.mp4\"\n";
    };
    json prod = run_explain(config, log_for("prod"));
    CHECK(lint_has(prod, "WD5505", 11));
    CHECK(prod["stage"] == "prod");
    json dev = run_explain(config, log_for("dev"));  // the same stage: nothing to say (and the config allows it)
    CHECK_FALSE(lint_has(dev, "WD5505"));
    CHECK(dev["denials"][0]["decision"] == "Allow");
}

TEST_CASE("fix: blast radius of a write action on one object") {
    std::string config = "service: lint\nprovider:\n  name: aws\n  region: us-east-1\nfunctions:\n  main:\n    handler: h.main\n";
    std::string log =
        "User: arn:aws:sts::123456789012:assumed-role/lint-dev-us-east-1-lambdaRole/lint-dev-main is not authorized to perform: "
        "s3:PutObject on resource: \"arn:aws:s3:::lint-bucket/k\" because no identity-based policy allows the s3:PutObject action\n";
    json doc = run_explain(config, log);
    const json& fix = doc["denials"][0]["fix"];
    REQUIRE(fix.contains("blastRadius"));
    CHECK(fix["blastRadius"]["resources"] == json::array({"arn:aws:s3:::lint-bucket/k"}));
    if (catalog_or_null()) {
        CHECK(fix["blastRadius"]["actions"].size() == 1);
        CHECK(fix["blastRadius"]["flags"] == json::array({"write"}));
    }
    CHECK(fix["verified"] == true);
}

TEST_CASE("fix: SCP denial is outside the config, with a request text") {
    std::string dir = source_path("examples/gallery/09-scp-denial/");
    json doc = run_explain(read_file(dir + "serverless.yml"), read_file(dir + "error.log"));
    const json& d = doc["denials"][0];
    CHECK(d["reason"] == "scp");
    CHECK(d["fix"]["kind"] == "outside-config");
    CHECK(d["fix"]["patch"].is_null());
    std::string text = d["fix"]["request"]["text"];
    CHECK(text.find("service control policy") != std::string::npos);
    CHECK(text.find("translate:TranslateText") != std::string::npos);
    bool said = false;
    for (const auto& r : d["explanation"])
        if (r["key"] == "reason.outside") said = true;
    CHECK(said);
}

TEST_CASE("fix: role by ARN gets a put-role-policy command") {
    std::string dir = source_path("examples/gallery/11-role-given-by-arn/");
    json doc = run_explain(read_file(dir + "serverless.yml"), read_file(dir + "error.log"));
    const json& fix = doc["denials"][0]["fix"];
    CHECK(fix["kind"] == "outside-config");
    std::string cmd = fix["request"]["command"];
    CHECK(cmd.rfind("aws iam put-role-policy --role-name platform-lambda-ingest ", 0) == 0);
    CHECK(cmd.find("kinesis:PutRecord") != std::string::npos);
}

TEST_CASE("fix: remove-deny warns what the Deny protected") {
    std::string dir = source_path("examples/gallery/08-explicit-deny-in-config/");
    json doc = run_explain(read_file(dir + "serverless.yml"), read_file(dir + "error.log"));
    const json& d = doc["denials"][0];
    CHECK(d["decision"] == "ExplicitDeny");
    CHECK(d["fix"]["kind"] == "remove-deny");
    CHECK(d["fix"]["verified"] == true);
    CHECK(has_diag(doc, "WD5403"));
    CHECK(trace_has_key(d, "decision.explicit_deny"));
    bool names_line = false;
    for (const auto& r : d["trace"])
        if (r.value("key", "") == "decision.explicit_deny") names_line = r["args"]["line"] == 18;
    CHECK(names_line);
}

TEST_CASE("report: the readable English report names decision, fix and patch") {
    json doc = run_explain(read_file(source_path("examples/seed/serverless.yml")), read_file(source_path("examples/seed/error.log")));
    std::string r = wd::explain::render_report(doc, "en");
    CHECK(r.find("decision:  ImplicitDeny") != std::string::npos);
    CHECK(r.find("fix: add-statement (verified)") != std::string::npos);
    CHECK(r.find("+++ b/serverless.yml") != std::string::npos);
    CHECK(wd::explain::render_report(json::object(), "en").find("no denial found") != std::string::npos);
}

TEST_CASE("fix: an outside-config request names the policy in the answer's language, and a deployer lacks, not is denied") {
    const std::string config = config_with_statements("        - {Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::lint-bucket/*'}\n");
    const std::string log =
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:CreateChangeSet on resource: "
        "arn:aws:cloudformation:us-east-1:123456789012:stack/lint-dev/* because no identity-based policy allows the "
        "cloudformation:CreateChangeSet action\n";
    for (const std::string locale : {"en", "ja"}) {
        json doc = run_explain(config, log, {}, std::nullopt, locale);
        REQUIRE(doc["denials"].size() == 1);
        const json& fix = doc["denials"][0]["fix"];
        REQUIRE(fix["kind"] == "outside-config");
        const std::string text = fix["request"]["text"].get<std::string>();
        INFO(text);
        CHECK(text.find("deployment identity's policy") == std::string::npos);  // no English label in either
        if (locale == "en") CHECK(text.find("has no permission for `cloudformation:CreateChangeSet`") != std::string::npos);
        else CHECK(text.find("の権限がありません") != std::string::npos);
        for (const auto& r : fix["explanation"]) {
            CHECK(r["key"] != "fix.resource_from_config");  // the request names the resource as the log does
            CHECK(r["key"] != "fix.resource_framework_variables");
            if (locale == "ja") CHECK(r["text"].get<std::string>().find("deployment identity's policy") == std::string::npos);
        }
    }
}

TEST_CASE("fix: a statement list written as one-line flow mappings gets one more, nested values in flow style") {
    const std::string config = config_with_statements("        - {Effect: Allow, Action: [s3:ListBucket], Resource: 'arn:aws:s3:::lint-bucket'}\n");
    check_verified_patch_holds(run_explain(config, k_log_s3), "+        - {Effect: Allow, Action: [s3:GetObject], Resource: ");
}

TEST_CASE("fix: a file using serverless-pseudo-parameters gets its grant written with #{AWS::Region} and #{AWS::AccountId}") {
    const std::string config = "service: lint\nplugins:\n  - serverless-pseudo-parameters\nprovider:\n  name: aws\n  iamRoleStatements:\n"
                               "    - Effect: Allow\n      Action: sqs:SendMessage\n      Resource: 'arn:aws:sqs:#{AWS::Region}:#{AWS::AccountId}:lint-q'\n"
                               "functions:\n  main:\n    handler: h.main\n";
    const std::string log =
        "User: arn:aws:sts::123456789012:assumed-role/lint-dev-us-east-1-lambdaRole/lint-dev-main is not authorized to perform: "
        "sqs:SendMessage on resource: arn:aws:sqs:us-east-1:123456789012:lint-other because no identity-based policy allows the "
        "sqs:SendMessage action\n";
    check_verified_patch_holds(run_explain(config, log), "arn:aws:sqs:#{AWS::Region}:#{AWS::AccountId}:lint-other");
}
