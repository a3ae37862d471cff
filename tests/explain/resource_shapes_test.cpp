// SPDX-License-Identifier: MIT
// Resources as the file or the log writes them: shapes IAM never matches (repaired in place), names made per call
// (widened), resources the log does not give (no `*` grant). The probe cases 293-367 cover one input of each rule;
// these are the rules' other inputs.
#include <catch2/catch.hpp>

#include "explain/explain_support.hpp"

using wd::json;
using namespace wd::test;

namespace {

std::string denial(const std::string& fn, const std::string& action, const std::string& resource) {
    return "ERROR\tAccessDenied: User: arn:aws:sts::123456789012:assumed-role/svc-dev-us-east-1-lambdaRole/svc-dev-" + fn +
           " is not authorized to perform: " + action + " on resource: " + resource +
           " because no identity-based policy allows the " + action + " action\n";
}

std::string config_with(const std::string& statements, const std::string& function_extra = "") {
    return "service: svc\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n" + statements +
           "functions:\n  main:\n    handler: h.main\n" + function_extra;
}

std::string patch_of(const json& doc) { return doc.contains("patch") ? doc["patch"].value("diff", "") : ""; }

}  // namespace

TEST_CASE("resource shapes: a legacy queue URL host is corrected to the queue's ARN in place") {
    const std::string cfg = config_with(
        "  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: sqs:SendMessage\n"
        "          Resource: https://us-east-1.queue.amazonaws.com/123456789012/jobs-${sls:stage}\n");
    const json doc = run_explain(cfg, denial("main", "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:jobs-dev"));
    const std::string p = patch_of(doc);
    CHECK(p.find("+          Resource: arn:aws:sqs:us-east-1:123456789012:jobs-${sls:stage}\n") != std::string::npos);
    CHECK(p.find("-          Resource: https://") != std::string::npos);
    CHECK(doc["denials"][0]["fix"]["verified"] == true);
}

TEST_CASE("resource shapes: an S3 ARN with a region and a folder without `*` becomes the folder's objects") {
    const std::string cfg = config_with(
        "  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: s3:GetObject\n"
        "          Resource: arn:aws:s3:${aws:region}::in-${sls:stage}/reports/\n");
    const json doc = run_explain(cfg, denial("main", "s3:GetObject", "arn:aws:s3:::in-dev/reports/q.csv"));
    const std::string p = patch_of(doc);
    CHECK(p.find("+          Resource: arn:aws:s3:::in-${sls:stage}/reports/*\n") != std::string::npos);
    CHECK(p.find("q.csv") == std::string::npos);
    CHECK(doc["denials"][0]["fix"]["verified"] == true);
}

TEST_CASE("resource shapes: an object key the config names, or one at the bucket's root, stays as it is") {
    const json named = run_explain(config_with("", "    environment:\n      SETTINGS_KEY: config/settings.json\n"),
                                   denial("main", "s3:GetObject", "arn:aws:s3:::cfg-dev/config/settings.json"));
    CHECK(patch_of(named).find("config/settings.json") != std::string::npos);
    const json root = run_explain(config_with(""), denial("main", "s3:GetObject", "arn:aws:s3:::cfg-dev/readme.txt"));
    CHECK(patch_of(root).find("readme.txt") != std::string::npos);
    // ...while a file in a folder the config never names is one of that folder's.
    const json folder = run_explain(config_with(""), denial("main", "s3:PutObject", "arn:aws:s3:::cfg-dev/avatars/small/cat.jpg"));
    CHECK(patch_of(folder).find("avatars/small/*") != std::string::npos);
    CHECK(patch_of(folder).find("cat.jpg") == std::string::npos);
}

TEST_CASE("resource shapes: a schedule named from its item's number is granted as the group's schedules") {
    const json doc = run_explain(config_with(""), denial("main", "scheduler:CreateSchedule",
                                                         "arn:aws:scheduler:us-east-1:123456789012:schedule/jobs/42-nightly"));
    const std::string p = patch_of(doc);
    CHECK(p.find("schedule/jobs/*") != std::string::npos);
    CHECK(p.find("42-nightly") == std::string::npos);
}

TEST_CASE("resource shapes: a resource cut mid-ARN is no resource, and no `*` is granted for it") {
    const json doc = run_explain(config_with(""), "ERROR\tAccessDenied: User: arn:aws:sts::123456789012:assumed-role/"
                                                  "svc-dev-us-east-1-lambdaRole/svc-dev-main is not authorized to perform: "
                                                  "sqs:SendMessage on resource: arn:aws:sqs:us-east-1 ... (truncated)\n");
    REQUIRE(doc["denials"].size() == 1);
    const json& d = doc["denials"][0];
    CHECK(d["resource"].is_null());
    CHECK(patch_of(doc).empty());
    CHECK(d["fix"]["kind"] == "none");
}
