// SPDX-License-Identifier: MIT
// The native CLI as a user runs it: the real binary, real files, stdout and exit codes
// (CONTRACT.md section 1: 0 ok, 1 the input had errors, 2 usage error).
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/json.hpp"
#include "support/test_files.hpp"

namespace {

struct run_result {
    int exit_code = -1;
    std::string out;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

run_result run(const std::string& args, const std::string& stdin_file = {}, const std::string& env = {}) {
    std::string cmd = (env.empty() ? "" : "env " + quote(env) + " ") + quote(WD_CLI_PATH) + " " + args + " 2>/dev/null";
    if (!stdin_file.empty()) cmd += " < " + quote(stdin_file);
    run_result r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string seed(const std::string& f) { return quote(wd::test::source_path("examples/seed/" + f)); }

std::string temp_file(const std::string& name, const std::string& content) {
    auto dir = std::filesystem::temp_directory_path() / "whydenied-cli-test";
    std::filesystem::create_directories(dir);
    auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

wd::json parse(const run_result& r) {
    auto j = wd::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

bool has_error_code(const wd::json& answer, const std::string& prefix, bool need_position) {
    for (const auto& d : answer["diagnostics"]) {
        if (d["severity"] != "error") continue;
        const std::string code = d["code"].get<std::string>();
        if (code.rfind(prefix, 0) != 0 || d["message"].get<std::string>().empty()) continue;
        if (need_position && !(d["line"].is_number() && d["column"].is_number())) continue;
        return true;
    }
    return false;
}

}  // namespace

TEST_CASE("usage errors exit with 2") {
    CHECK(run("").exit_code == 2);
    CHECK(run("frobnicate").exit_code == 2);
    CHECK(run("explain --config " + seed("serverless.yml")).exit_code == 2);  // --log missing
    CHECK(run("explain --config " + seed("serverless.yml") + " --log " + seed("error.log") + " --colour red")
              .exit_code == 2);
    CHECK(run("explain --config /nonexistent/serverless.yml --log " + seed("error.log")).exit_code == 2);
    CHECK(run("package --config").exit_code == 2);
    CHECK(run("package --config " + seed("serverless.yml") + " --param nokey").exit_code == 2);  // not key=value
}

TEST_CASE("--param key=value gives ${param:key}, as the framework's option") {
    const std::string dir = wd::test::source_path("tests/oracle/serverless/496-param-cli-flag/");
    auto with = run("package --config " + dir + "serverless.yml --stage dev --region ap-northeast-1 --param bucket=a39-cli --json");
    REQUIRE(with.exit_code == 0);
    CHECK(with.out.find("a39-cli") != std::string::npos);
    auto without = run("package --config " + dir + "serverless.yml --stage dev --region ap-northeast-1 --json");
    REQUIRE(without.exit_code == 0);
    CHECK(without.out.find("a39-cli") == std::string::npos);
}

TEST_CASE("-s and -r are --stage and --region, as the framework's short flags") {
    auto shorter = run("package --config " + seed("serverless.yml") + " -s prod -r eu-west-1 --json");
    auto longer = run("package --config " + seed("serverless.yml") + " --stage prod --region eu-west-1 --json");
    REQUIRE(shorter.exit_code == 0);
    CHECK(shorter.out == longer.out);
    CHECK(shorter.out.find("\"stage\": \"prod\"") != std::string::npos);
    CHECK(shorter.out.find("\"region\": \"eu-west-1\"") != std::string::npos);
    CHECK(run("package --config " + seed("serverless.yml") + " -x prod").exit_code == 2);
}

TEST_CASE("help and version answer with 0") {
    auto help = run("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("explain") != std::string::npos);
    auto version = run("version --json");
    CHECK(version.exit_code == 0);
    auto j = parse(version);
    CHECK(j["engine"].get<std::string>().size() > 0);
    // The readable form names the engine and the catalog date (it once printed "0 denials").
    auto readable = run("version");
    CHECK(readable.exit_code == 0);
    CHECK(readable.out.find("whydenied " + j["engine"].get<std::string>()) != std::string::npos);
    CHECK(readable.out.find("IAM catalog " + j["catalog"].get<std::string>()) != std::string::npos);
    CHECK(readable.out.find("denial") == std::string::npos);
}

TEST_CASE("explain on the seed answers with the contract's fields") {
    auto r = run("explain --config " + seed("serverless.yml") + " --log " + seed("error.log") + " --json");
    REQUIRE(r.exit_code == 0);
    auto j = parse(r);
    CHECK(j["schema"] == "whydenied/explain@1");
    REQUIRE(j["denials"].size() == 1);
    const auto& d = j["denials"][0];
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
    CHECK(d["fix"]["kind"] == "add-statement");
    CHECK(d["fix"]["statement"] == wd::json::parse(R"({"Effect":"Allow","Action":["cloudwatch:GetMetricStatistics"],"Resource":["*"]})"));
    CHECK(d["fix"]["verified"] == true);
    CHECK(d["fix"]["patch"].get<std::string>().rfind("--- a/serverless.yml\n+++ b/serverless.yml\n", 0) == 0);
}

TEST_CASE("the readable report names the action and the fix") {
    auto r = run("explain --config " + seed("serverless.yml") + " --log " + seed("error.log"));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("cloudwatch:GetMetricStatistics") != std::string::npos);
    CHECK(r.out.find("ImplicitDeny") != std::string::npos);
}

TEST_CASE("standard input is read for -") {
    auto r = run("parse-log --log - --json", wd::test::source_path("examples/seed/error.log"));
    REQUIRE(r.exit_code == 0);
    auto j = parse(r);
    REQUIRE(j["denials"].size() == 1);
    CHECK(j["denials"][0]["action"] == "cloudwatch:GetMetricStatistics");
}

TEST_CASE("package prints the framework's role") {
    auto r = run("package --config " + seed("serverless.yml") + " --json");
    REQUIRE(r.exit_code == 0);
    auto j = parse(r);
    CHECK(j["AWSTemplateFormatVersion"] == "2010-09-09");
    CHECK(j["Resources"]["IamRoleLambdaExecution"]["Type"] == "AWS::IAM::Role");
    CHECK(j["Resources"]["MainLambdaFunction"]["Properties"]["Role"] ==
          wd::json::parse(R"({"Fn::GetAtt":["IamRoleLambdaExecution","Arn"]})"));
}

TEST_CASE("package reads the files ${file(...)} names, and the ${env:} variables inside them") {
    // Regression: the CLI read the config through a reference that adding "files" to the request moved.
    temp_file("statements.yml", "- Effect: Allow\n  Action: s3:GetObject\n  Resource: arn:aws:s3:::${env:WD_CLI_TEST_BUCKET}/*\n");
    auto cfg = temp_file("with-file.yml", "service: filesvc\nprovider:\n  name: aws\n  iam:\n    role:\n"
                                          "      statements: ${file(./statements.yml)}\nfunctions:\n  main:\n    handler: h.main\n");
    auto r = run("package --config " + quote(cfg) + " --json", {}, "WD_CLI_TEST_BUCKET=from-env");
    REQUIRE(r.exit_code == 0);
    const auto j = parse(r);
    const std::string policies = j["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"].dump();
    CHECK(policies.find("s3:GetObject") != std::string::npos);
    CHECK(policies.find("arn:aws:s3:::from-env/*") != std::string::npos);
}

TEST_CASE("package from disk: a file ${file(...)} names that does not exist stops it, as the framework") {
    // The CLI reads the config's folder, so a referenced file it did not find is missing (not merely not given).
    auto cfg = temp_file("missing-file.yml", "service: nofile\nprovider:\n  name: aws\n  iam:\n    role:\n"
                                             "      statements: ${file(./no-such-statements.yml)}\nfunctions:\n  main:\n    handler: h.main\n");
    auto r = run("package --config " + quote(cfg) + " --json");
    CHECK(r.exit_code == 1);
    const auto j = parse(r);
    CHECK(has_error_code(j, "WD2001", false));
    // From standard input the folder is unknown: the file is kept as a placeholder and the analysis goes on.
    auto piped = run("package --config - --json", cfg);
    const auto p = parse(piped);
    bool placeholder = false;
    for (const auto& d : p["diagnostics"]) placeholder = placeholder || d["code"] == "WD2004";
    CHECK(placeholder);
    CHECK_FALSE(has_error_code(p, "WD2001", false));
}

TEST_CASE("bad input gives coded diagnostics and exit code 1, never a crash") {
    SECTION("malformed YAML points at line and column") {
        auto cfg = temp_file("malformed.yml", "service: x\nprovider:\n  name: aws\n   runtime: [unclosed\n");
        auto r = run("explain --config " + quote(cfg) + " --log " + seed("error.log") + " --json");
        CHECK(r.exit_code == 1);
        auto j = parse(r);
        CHECK(has_error_code(j, "WD1", true));
    }
    SECTION("an empty config") {
        auto cfg = temp_file("empty.yml", "");
        auto r = run("explain --config " + quote(cfg) + " --log " + seed("error.log") + " --json");
        CHECK(r.exit_code == 1);
        CHECK(has_error_code(parse(r), "WD", false));
    }
    SECTION("a config that is not a Serverless config") {
        auto cfg = temp_file("k8s.yml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n");
        auto r = run("explain --config " + quote(cfg) + " --log " + seed("error.log") + " --json");
        CHECK(r.exit_code == 1);
        CHECK(has_error_code(parse(r), "WD", false));
    }
    SECTION("a log with no denial") {
        auto log = temp_file("ok.log", "START RequestId: 1\nEND RequestId: 1\n");
        auto r = run("explain --config " + seed("serverless.yml") + " --log " + quote(log) + " --json");
        CHECK(r.exit_code == 1);
        auto j = parse(r);
        CHECK(j["denials"].empty());
        CHECK(has_error_code(j, "WD", false));
    }
    SECTION("an empty log") {
        auto log = temp_file("empty.log", "");
        auto r = run("explain --config " + seed("serverless.yml") + " --log " + quote(log) + " --json");
        CHECK(r.exit_code == 1);
    }
    SECTION("an evaluation request that is not JSON") {
        auto req = temp_file("bad.json", "{\"request\": ");
        auto r = run("evaluate --request " + quote(req) + " --json");
        CHECK(r.exit_code == 1);
        CHECK(has_error_code(parse(r), "WD9001", false));
    }
    SECTION("binary garbage") {
        std::string junk;
        for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);
        auto cfg = temp_file("junk.yml", junk);
        auto r = run("explain --config " + quote(cfg) + " --log " + quote(cfg) + " --json");
        CHECK(r.exit_code == 1);
        CHECK_FALSE(parse(r)["diagnostics"].empty());
    }
}
