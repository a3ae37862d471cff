// SPDX-License-Identifier: MIT
// The options given beside the inputs (stage, region, account): malformed ones are reported and ignored, and an
// option the log contradicts is named, instead of silently steering the analysis away from the log's role.
#include <catch2/catch.hpp>

#include "explain/option_checks.hpp"
#include "explain/explain_support.hpp"
#include "support/test_files.hpp"

using namespace wd;
using wd::test::find_diag;
using wd::test::has_diag;
using wd::test::run_explain;

TEST_CASE("options: region names") {
    for (const char* ok : {"eu-west-1", "ap-northeast-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1", "il-central-1", "me-south-1"})
        CHECK(explain::is_region_name(ok));
    for (const char* bad : {"mars-1", "eu-west", "EU-WEST-1", "eu-west-1a", "eu--west-1", "eu-west-123", "e-west-1", "", "-eu-west-1", "eu-west-1-"})
        CHECK_FALSE(explain::is_region_name(bad));
}

TEST_CASE("options: a malformed account, region or stage is reported and ignored") {
    explain::request req;
    req.account_id = "abc";
    req.opts.region = "mars-1";
    req.opts.stage = "dev stage";
    diagnostics diags;
    const explain::request out = explain::checked_options(req, diags);
    CHECK_FALSE(out.account_id);
    CHECK_FALSE(out.opts.region);
    CHECK_FALSE(out.opts.stage);
    REQUIRE(diags.size() == 3);
    CHECK(diags[0].code == "WD5104");
    CHECK(diags[1].code == "WD5105");
    CHECK(diags[2].code == "WD5108");
    for (const auto& d : diags) CHECK(d.level == severity::warning);

    explain::request good;
    good.account_id = "123456789012";
    good.opts.region = "eu-west-1";
    good.opts.stage = "prod-2";
    diagnostics none;
    const explain::request same = explain::checked_options(good, none);
    CHECK(none.empty());
    CHECK(*same.account_id == "123456789012");
    CHECK(*same.opts.region == "eu-west-1");
    CHECK(*same.opts.stage == "prod-2");
}

TEST_CASE("options: the seed with a malformed account still takes the log's account, and answers as without it") {
    const std::string config = test::read_file(test::source_path("examples/seed/serverless.yml"));
    const std::string log = test::read_file(test::source_path("examples/seed/error.log"));
    const json plain = run_explain(config, log);
    const json doc = run_explain(config, log, {}, std::string("abc"));
    CHECK(has_diag(doc, "WD5104"));
    REQUIRE(doc["denials"].size() == plain["denials"].size());
    CHECK(doc["denials"][0]["decision"] == plain["denials"][0]["decision"]);
    CHECK(doc["accountId"] == plain["accountId"]);
    CHECK(doc["accountId"].get<std::string>().find("abc") == std::string::npos);
}

TEST_CASE("options: a region or stage the log's role contradicts is named") {
    const std::string config = test::read_file(test::source_path("examples/seed/serverless.yml"));
    const std::string log = test::read_file(test::source_path("examples/seed/error.log"));
    sls::options opts;
    opts.region = "eu-west-1";
    opts.stage = "prod";
    const json doc = run_explain(config, log, opts);
    const json* region = find_diag(doc, "WD5107");
    REQUIRE(region);
    CHECK((*region)["severity"] == "warning");
    CHECK((*region)["args"]["given"] == "eu-west-1");
    CHECK((*region)["args"]["log"] == "ap-northeast-1");
    const json* stage = find_diag(doc, "WD5106");
    REQUIRE(stage);
    CHECK((*stage)["args"]["log"] == "dev");
    // The same options agreeing with the log: no warning.
    sls::options agree;
    agree.region = "ap-northeast-1";
    agree.stage = "dev";
    const json ok = run_explain(config, log, agree);
    CHECK_FALSE(has_diag(ok, "WD5106"));
    CHECK_FALSE(has_diag(ok, "WD5107"));
}

TEST_CASE("options: a config pinned to Serverless Framework 2 is analysed, with a warning instead of v3's refusal") {
    const std::string config = "service: legacy\nframeworkVersion: '2'\nprovider:\n  name: aws\n  runtime: nodejs14.x\n"
                               "  iamRoleStatements:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::legacy-in/*\n"
                               "functions:\n  main:\n    handler: h.main\n";
    const std::string log = "User: arn:aws:sts::123456789012:assumed-role/legacy-dev-us-east-1-lambdaRole/legacy-dev-main is not authorized "
                            "to perform: s3:PutObject on resource: \"arn:aws:s3:::legacy-in/a.txt\" because no identity-based policy allows "
                            "the s3:PutObject action\n";
    const json doc = run_explain(config, log);
    const auto* warned = find_diag(doc, "WD5110");
    REQUIRE(warned);
    CHECK((*warned)["severity"] == "warning");
    CHECK((*warned)["line"] == 2);
    CHECK_FALSE(has_diag(doc, "WD2040"));
    REQUIRE(doc["denials"].size() == 1);
    CHECK(doc["denials"][0]["decision"] == "ImplicitDeny");
    CHECK(doc["denials"][0]["fix"]["verified"] == true);
    // `frameworkVersion: '>=4'` is no v1/v2 config: v3's refusal stays an error.
    std::string v4 = config;
    v4.replace(v4.find("'2'"), 3, "'>=4'");
    CHECK(has_diag(run_explain(v4, log), "WD2040"));
}
