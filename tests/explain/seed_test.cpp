// SPDX-License-Identifier: MIT
// The seed story exactly as issue 2 specifies it: the three inputs in examples/seed.
#include <catch2/catch.hpp>

#include <sstream>

#include "explain/explain_support.hpp"

using wd::json;
using namespace wd::test;

namespace {
std::string seed(const char* name) { return read_file(source_path(std::string("examples/seed/") + name)); }
}  // namespace

TEST_CASE("seed: error.log against serverless.yml") {
    std::string config = seed("serverless.yml");
    json doc = run_explain(config, seed("error.log"));
    REQUIRE(doc["denials"].size() == 1);
    const json& d = doc["denials"][0];
    CHECK(d["line"] == 2);
    CHECK(d["action"] == "cloudwatch:GetMetricStatistics");
    CHECK(d["operation"] == "GetMetricStatistics");
    CHECK(d["errorCode"] == "AccessDenied");
    CHECK(d["resource"].is_null());
    CHECK(d["principal"]["type"] == "assumed-role");
    CHECK(d["principal"]["roleName"] == "aws-cost-notifier-dev-ap-northeast-1-lambdaRole");
    CHECK(d["principal"]["sessionName"] == "aws-cost-notifier-dev-main");
    CHECK(d["principal"]["accountId"] == "123456789012");
    CHECK(d["reason"] == "unspecified");
    CHECK(d["function"] == "main");
    CHECK(d["role"] == "IamRoleLambdaExecution");
    CHECK(d["decision"] == "ImplicitDeny");
    CHECK(trace_has_key(d, "trace.no_action_match"));

    // the role with the framework's default statements
    REQUIRE(doc["roles"].size() == 1);
    const json& role = doc["roles"][0];
    CHECK(role["logicalId"] == "IamRoleLambdaExecution");
    CHECK(role["roleName"] == "aws-cost-notifier-dev-ap-northeast-1-lambdaRole");
    CHECK(role["functions"] == json::array({"main"}));
    REQUIRE(role["statements"].size() == 2);
    CHECK(role["statements"][0]["Action"] == json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"}));
    CHECK(role["statements"][0]["Resource"][0]["Fn::Sub"] ==
          "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/aws-cost-notifier-dev*:*");
    CHECK(role["statements"][1]["Action"] == json::array({"logs:PutLogEvents"}));
    CHECK(role["statements"][1]["Resource"][0]["Fn::Sub"] ==
          "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/aws-cost-notifier-dev*:*:*");
    CHECK(role["statements"][0]["source"]["kind"] == "framework-default");

    // the fix
    const json& fix = d["fix"];
    CHECK(fix["kind"] == "add-statement");
    CHECK(fix["statement"] == json::parse(R"({"Effect":"Allow","Action":["cloudwatch:GetMetricStatistics"],"Resource":["*"]})"));
    REQUIRE(fix["patch"].is_string());
    std::string patch = fix["patch"];
    CHECK(patch.rfind("--- a/serverless.yml\n+++ b/serverless.yml\n@@ ", 0) == 0);
    auto patched = apply_unified_diff(config, patch);
    REQUIRE(patched);
    CHECK(patched->find("  iam:\n    role:\n      statements:\n") != std::string::npos);
    // every other byte unchanged: removing the added lines gives the original back
    std::string stripped;
    for (const auto& l : diff_split(patch))
        if (l.rfind("+", 0) == 0 && l.rfind("+++", 0) != 0) stripped += l.substr(1);
    std::string rebuilt = *patched;
    rebuilt.erase(rebuilt.find(stripped), stripped.size());
    CHECK(rebuilt == config);
    CHECK(fix["verified"] == true);

    // stage and region inferred from the role name, each an info diagnostic
    const json* st = find_diag(doc, "WD5101");
    const json* rg = find_diag(doc, "WD5102");
    REQUIRE(st);
    REQUIRE(rg);
    CHECK((*st)["severity"] == "info");
    CHECK((*st)["message"].get<std::string>().find("`dev`") != std::string::npos);
    CHECK((*rg)["message"].get<std::string>().find("`ap-northeast-1`") != std::string::npos);
    CHECK(doc["stage"] == "dev");
    CHECK(doc["region"] == "ap-northeast-1");

    // re-analysing the patched text gives Allow
    json again = run_explain(*patched, seed("error.log"));
    CHECK(again["denials"][0]["decision"] == "Allow");
}

TEST_CASE("seed: flags win over the log, the provider and the defaults") {
    wd::sls::options opts;
    opts.stage = "prod";
    json doc = run_explain(seed("serverless.yml"), seed("error.log"), opts);
    CHECK(doc["stage"] == "prod");
    const json* st = find_diag(doc, "WD5101");
    CHECK(st == nullptr);  // a flag is not an inference
    // with the role name prod, our role name no longer matches the log's dev role
    CHECK(doc["denials"][0]["role"].is_null());
}

TEST_CASE("seed: error-as-posted.log with the blog's redactions") {
    std::string config = seed("serverless.yml");
    json doc = run_explain(config, seed("error-as-posted.log"));
    REQUIRE(doc["denials"].size() == 1);
    const json& d = doc["denials"][0];
    CHECK(d["action"] == "cloudwatch:GetMetricStatistics");
    CHECK(d["function"] == "main");
    CHECK(d["role"] == "IamRoleLambdaExecution");
    CHECK(d["decision"] == "ImplicitDeny");
    CHECK_FALSE(d["redacted"].empty());
    bool said = false;
    for (const auto& r : d["explanation"])
        if (r["key"] == "match.redacted") said = true;
    CHECK(said);
    CHECK(d["fix"]["kind"] == "add-statement");
    CHECK(d["fix"]["statement"] == json::parse(R"({"Effect":"Allow","Action":["cloudwatch:GetMetricStatistics"],"Resource":["*"]})"));
    CHECK(d["fix"]["verified"] == true);
    json clean = run_explain(config, seed("error.log"));
    CHECK(d["fix"]["patch"] == clean["denials"][0]["fix"]["patch"]);
    CHECK(doc["region"] == "ap-northeast-1");  // still readable from the visible part of the role name
}

TEST_CASE("seed: serverless.fixed.yml is Allow, with the 11-patterns warning") {
    for (const char* log : {"error.log", "error-as-posted.log"}) {
        json doc = run_explain(seed("serverless.fixed.yml"), seed(log));
        INFO(log);
        REQUIRE(doc["denials"].size() == 1);
        CHECK(doc["denials"][0]["decision"] == "Allow");
        CHECK(doc["denials"][0]["fix"]["kind"] == "none");
        const json* w = find_diag(doc, "WD5504");
        REQUIRE(w);
        CHECK((*w)["severity"] == "warning");
        CHECK((*w)["message"].get<std::string>().find("grants 11 action patterns where 1 action was needed") != std::string::npos);
        CHECK((*w)["line"] == 8);
    }
}

TEST_CASE("seed: Japanese text from the same analysis") {
    json en = run_explain(seed("serverless.yml"), seed("error.log"));
    json ja = run_explain(seed("serverless.yml"), seed("error.log"), {}, std::nullopt, "ja");
    CHECK(ja["denials"][0]["decision"] == en["denials"][0]["decision"]);
    CHECK(ja["denials"][0]["fix"]["patch"] == en["denials"][0]["fix"]["patch"]);
    CHECK(ja["denials"][0]["trace"][0]["text"] != en["denials"][0]["trace"][0]["text"]);
    std::string report = wd::explain::render_report(ja, "ja");
    CHECK(report.find("判定") != std::string::npos);
}

TEST_CASE("errors: empty inputs, non-Serverless config, log without denial never crash") {
    json empty = run_explain("", "");
    CHECK(has_diag(empty, "WD5001"));
    CHECK(has_diag(empty, "WD5002"));
    json not_sls = run_explain("apiVersion: v1\nkind: Pod\n", seed("error.log"));
    CHECK(has_diag(not_sls, "WD5003"));
    CHECK(find_diag(not_sls, "WD5003")->value("line", 0) == 1);
    CHECK(not_sls["denials"].size() == 1);
    json no_denial = run_explain(seed("serverless.yml"), "START RequestId: x\nEND RequestId: x\n");
    CHECK(no_denial["denials"].empty());
    bool error = false;
    for (const auto& d : no_denial["diagnostics"])
        if (d["severity"] == "error" && d["file"] == "log") error = true;
    CHECK(error);
    json bad_yaml = run_explain("service: x\nprovider:\n  name: aws\n   bad: [\n", seed("error.log"));
    bool yaml_err = false;
    for (const auto& d : bad_yaml["diagnostics"])
        if (d["severity"] == "error" && d["file"] == "config" && d.value("line", 0) > 0) yaml_err = true;
    CHECK(yaml_err);
    CHECK(bad_yaml["denials"].size() == 1);
}

TEST_CASE("stage/region: provider values, then defaults, each reported as info") {
    // a deploy-time log names no role; without its "Deploying ... to stage" line nothing is inferred from it
    const std::string full_log = read_file(corpus_path("scenarios/17-xray-plugin-tracing-m10-deploy/error.log"));
    std::string log;
    {
        std::istringstream in(full_log);
        for (std::string l; std::getline(in, l);)
            if (l.find("Deploying ") == std::string::npos) log += l + "\n";
    }
    REQUIRE(log.size() < full_log.size());
    std::string with_provider =
        "service: tracker\nprovider:\n  name: aws\n  stage: qa\n  region: eu-west-1\nfunctions:\n  ingest:\n    handler: h.main\n";
    json a = run_explain(with_provider, log);
    CHECK(a["stage"] == "qa");
    CHECK(a["region"] == "eu-west-1");
    REQUIRE(find_diag(a, "WD5101"));
    CHECK((*find_diag(a, "WD5101"))["args"]["source"] == "provider");
    CHECK((*find_diag(a, "WD5102"))["args"]["source"] == "provider");
    std::string bare = "service: tracker\nprovider:\n  name: aws\nfunctions:\n  ingest:\n    handler: h.main\n";
    json b = run_explain(bare, log);
    CHECK(b["stage"] == "dev");
    CHECK(b["region"] == "us-east-1");
    CHECK((*find_diag(b, "WD5101"))["args"]["source"] == "default");
    CHECK((*find_diag(b, "WD5102"))["args"]["source"] == "default");
    CHECK((*find_diag(b, "WD5103"))["args"]["source"] == "default");
    // the framework's "Deploying tracker to stage dev (us-east-1)" line tells what the deploy really used,
    // over provider.stage/region (a --stage flag overrides those)
    json c = run_explain(with_provider, full_log);
    CHECK(c["stage"] == "dev");
    CHECK(c["region"] == "us-east-1");
    REQUIRE(find_diag(c, "WD5101"));
    CHECK((*find_diag(c, "WD5101"))["args"]["source"] == "log");
    CHECK((*find_diag(c, "WD5102"))["args"]["source"] == "log");
    // the function is still found from the logical id the deploy log prints
    CHECK(b["denials"][0]["function"] == "ingest");
}
