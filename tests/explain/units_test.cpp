// SPDX-License-Identifier: MIT
// Small pieces of the explainer on their own: names read backwards, intrinsics, messages, diffs.
#include <catch2/catch.hpp>

#include "explain/diff_apply.hpp"
#include "explain/intrinsics.hpp"
#include "explain/messages.hpp"
#include "explain/naming.hpp"
#include "explain/unified_diff.hpp"

using namespace wd::explain;
using wd::json;

TEST_CASE("naming: stage and region from the framework's role name") {
    auto p = parse_role_name("aws-cost-notifier-dev-ap-northeast-1-lambdaRole", "aws-cost-notifier", {"main"});
    REQUIRE(p.stage);
    CHECK(*p.stage == "dev");
    CHECK(*p.region == "ap-northeast-1");
    auto plugin = parse_role_name("tracker-dev-ingest-us-east-1-lambdaRole", "tracker", {"ingest", "report"});
    CHECK(*plugin.stage == "dev");
    CHECK(*plugin.function == "ingest");
    auto gov = parse_role_name("svc-prod-us-gov-west-1-lambdaRole", "svc", {});
    CHECK(*gov.region == "us-gov-west-1");
    CHECK(*gov.stage == "prod");
    auto redacted = parse_role_name("[my-app-name]-ap-northeast-1-lambdaRole", "aws-cost-notifier", {});
    CHECK(*redacted.region == "ap-northeast-1");
    CHECK_FALSE(redacted.stage);
    CHECK_FALSE(parse_role_name("reviews-dev-moderation", "reviews", {}).region);
    CHECK(*stage_from_session("reviews-dev-moderate", "reviews", {"list", "moderate"}) == "dev");
    // A region inside a custom name is kept apart (weaker evidence), never taken from the first word.
    auto custom = parse_role_name("worker-dev-eu-west-1-worker", "worker", {"job"});
    CHECK_FALSE(custom.region);
    REQUIRE(custom.embedded_region);
    CHECK(*custom.embedded_region == "eu-west-1");
    CHECK(*parse_role_name("app-us-gov-east-1-reader", "app", {}).embedded_region == "us-gov-east-1");
    CHECK_FALSE(parse_role_name("eu-west-1-reader", "x", {}).embedded_region);
    CHECK_FALSE(parse_role_name("worker-dev-queue-reader", "worker", {}).embedded_region);
}

TEST_CASE("naming: redactions become globs") {
    CHECK(redaction_glob("[my-app-name]-[my-funcname]") == "*-*");
    CHECK(redaction_glob("plain-name") == "plain-name");
    CHECK(has_redaction("arn:aws:iam::XXXXXXXXXXXX:role/x"));
    CHECK_FALSE(has_redaction("aws-cost-notifier-dev-main"));
}

TEST_CASE("intrinsics: Sub, Join, GetAtt and pseudo parameters") {
    json resources = {{"Table", {{"Type", "AWS::DynamoDB::Table"}, {"Properties", {{"TableName", "t-dev"}}}}},
                      {"Queue", {{"Type", "AWS::SQS::Queue"}, {"Properties", {{"QueueName", "q"}}}}}};
    resolve_context ctx;
    ctx.region = "eu-west-1";
    ctx.account_id = "111122223333";
    ctx.resources = &resources;
    std::vector<std::string> unresolved;
    CHECK(resolve(json{{"Fn::Sub", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:x"}}, ctx, unresolved) ==
          "arn:aws:logs:eu-west-1:111122223333:x");
    CHECK(resolve(json{{"Fn::GetAtt", {"Table", "Arn"}}}, ctx, unresolved) == "arn:aws:dynamodb:eu-west-1:111122223333:table/t-dev");
    CHECK(resolve(json{{"Fn::Join", {"-", {"a", json{{"Ref", "AWS::Region"}}, "b"}}}}, ctx, unresolved) == "a-eu-west-1-b");
    CHECK(resolve(json{{"Fn::Sub", "${Queue.Arn}/x"}}, ctx, unresolved) == "arn:aws:sqs:eu-west-1:111122223333:q/x");
    CHECK(unresolved.empty());
    json imp = resolve(json{{"Fn::ImportValue", "shared-Bucket"}}, ctx, unresolved);
    REQUIRE(imp.is_string());
    CHECK(imp.get<std::string>().find('*') == std::string::npos);
    CHECK(is_placeholder_text(imp.get<std::string>()));
    CHECK(unresolved.size() == 1);
}

TEST_CASE("intrinsics: Ref of a KMS key is its key id, never a wildcard") {
    json resources = {{"Key", {{"Type", "AWS::KMS::Key"}, {"Properties", json::object()}}}};
    resolve_context ctx;
    ctx.region = "us-east-1";
    ctx.account_id = "123456789012";
    ctx.resources = &resources;
    std::vector<std::string> unresolved;
    // The key id's shape: a whole `!Ref Key` Resource matches no ARN, `key/${Key}` still names the key.
    const json id = resolve(json{{"Ref", "Key"}}, ctx, unresolved);
    CHECK(id == std::string(8, '?') + "-" + std::string(4, '?') + "-" + std::string(4, '?') + "-" + std::string(4, '?') + "-" +
                    std::string(12, '?'));
    CHECK(resolve(json{{"Fn::Sub", "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}"}}, ctx, unresolved) ==
          "arn:aws:kms:us-east-1:123456789012:key/" + id.get<std::string>());
    resources["Key"]["Properties"]["MultiRegion"] = true;
    CHECK(resolve(json{{"Ref", "Key"}}, ctx, unresolved) == "mrk-" + std::string(32, '?'));
    CHECK(unresolved.empty());
}

TEST_CASE("intrinsics: a remote variable the log shows resolves only where it is known") {
    resolve_context ctx;
    ctx.region = "us-east-1";
    ctx.account_id = "123456789012";
    std::vector<std::string> unresolved;
    CHECK(is_placeholder_text(resolve(json("arn:aws:s3:::${cf:storage-dev.Bucket}/*"), ctx, unresolved).get<std::string>()));
    ctx.known_remote["cf:storage-dev.Bucket"] = "storage-dev-bucket-1a2b3c4d5e6f";
    unresolved.clear();
    CHECK(resolve(json("arn:aws:s3:::${cf:storage-dev.Bucket}/*"), ctx, unresolved) == "arn:aws:s3:::storage-dev-bucket-1a2b3c4d5e6f/*");
    CHECK(unresolved.empty());
}

TEST_CASE("messages: English and Japanese from the same record") {
    json args = {{"action", "cloudwatch:GetMetricStatistics"}, {"count", 1}};
    std::string en = render_message("trace.no_action_match", args, "en");
    std::string ja = render_message("trace.no_action_match", args, "ja");
    CHECK(en.find("no statement's action matches `cloudwatch:GetMetricStatistics`") != std::string::npos);
    CHECK(ja.find("cloudwatch:GetMetricStatistics") != std::string::npos);
    CHECK(ja != en);
    CHECK(make_record("trace.no_action_match", args, "ja")["key"] == "trace.no_action_match");
}

TEST_CASE("messages: English words agree with their count, Japanese has none to agree") {
    const auto en = [](const json& args) { return render_message("trace.no_action_match", args, "en"); };
    CHECK(en({{"action", "s3:GetObject"}, {"count", 1}}).find("(the role has 1 statement)") != std::string::npos);
    CHECK(en({{"action", "s3:GetObject"}, {"count", 3}}).find("(the role has 3 statements)") != std::string::npos);
    CHECK(en({{"action", "s3:GetObject"}, {"count", 0}}).find("(the role has 0 statements)") != std::string::npos);
    // a list agrees by its length
    CHECK(render_message("decision.undetermined", {{"keys", json::array({"aws:SourceIp"})}}, "en").find("condition key aws:SourceIp,") !=
          std::string::npos);
    CHECK(render_message("decision.undetermined", {{"keys", json::array({"aws:SourceIp", "aws:SourceVpc"})}}, "en")
              .find("condition keys aws:SourceIp, aws:SourceVpc,") != std::string::npos);
    const std::string ja = render_message("trace.no_action_match", {{"action", "s3:GetObject"}, {"count", 1}}, "ja");
    CHECK(ja.find('|') == std::string::npos);
    CHECK(ja.find("1") != std::string::npos);
}

TEST_CASE("unified diff: insertions, replacements and the applier agree") {
    std::string a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    std::string b = "a\nb\nX\nc\nd\ne\nf\ng\nh\nY\nj\n";
    std::string d = unified_diff(a, b);
    CHECK(d.find("@@ -1,10 +1,11 @@") != std::string::npos);  // 6 lines apart: one hunk
    auto r = wd::test::apply_unified_diff(a, d);
    REQUIRE(r);
    CHECK(*r == b);
    CHECK(unified_diff(a, a).empty());
    std::string c = "x\ny";
    std::string c2 = "x\ny\nz";
    auto r2 = wd::test::apply_unified_diff(c, unified_diff(c, c2));
    REQUIRE(r2);
    CHECK(*r2 == c2);
}

TEST_CASE("units: a template Parameter's value read out of a deployed name") {
    using wd::explain::parameter_marker;
    using wd::explain::parameters_from_name;
    const std::string env = parameter_marker("Env"), app = parameter_marker("App");
    auto one = parameters_from_name(env + "-ledger-fn", "prod-ledger-fn");
    REQUIRE(one);
    CHECK(one->at("Env") == "prod");
    CHECK_FALSE(parameters_from_name(env + "-ledger-fn", "prod-ledger-fnx"));  // the literal part must fit
    CHECK_FALSE(parameters_from_name(app + "-" + env, "a-b-c"));               // two readings: no guess
    auto same = parameters_from_name(env + "-x-" + env, "qa-x-qa");
    REQUIRE(same);
    CHECK(same->at("Env") == "qa");
    CHECK_FALSE(parameters_from_name(env + "-x-" + env, "qa-x-dev"));  // one Parameter, one value
}
