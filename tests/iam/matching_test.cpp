// SPDX-License-Identifier: MIT
// Area: wildcard matching of actions and ARNs.
#include <catch2/catch.hpp>

#include "iam/arn.hpp"
#include "iam/glob.hpp"
#include "iam/policy.hpp"
#include "iam/statement_eval.hpp"

using namespace wd::iam;

TEST_CASE("glob: * spans any run, ? exactly one character", "[iam][matching]") {
    CHECK(glob_match("s3:Get*", "s3:GetObject"));
    CHECK(glob_match("*Tagging", "GetBucketTagging"));
    CHECK(glob_match("Get*Tagging", "GetObjectTagging"));
    CHECK_FALSE(glob_match("Get*Tagging", "GetObjectAcl"));
    CHECK(glob_match("Get?bject", "GetObject"));
    CHECK_FALSE(glob_match("Get?Object", "GetObject"));
    CHECK(glob_match("a*b*c", "a-x-b-y-c"));
    CHECK_FALSE(glob_match("a*b*c", "a-x-b-y-d"));
    CHECK(glob_match("*", ""));
    CHECK_FALSE(glob_match("?", ""));
}

TEST_CASE("glob: case folding only on request, literal sentinels match only * and ?", "[iam][matching]") {
    CHECK(glob_match("s3:getobject", "S3:GetObject", true));
    CHECK_FALSE(glob_match("s3:getobject", "S3:GetObject", false));
    std::string lit = std::string("bkt/") + literal_star + "x";
    CHECK(glob_match(lit, "bkt/*x"));
    CHECK_FALSE(glob_match(lit, "bkt/abcx"));
}

TEST_CASE("template_match: catalog placeholders match any value", "[iam][matching]") {
    CHECK(template_match("kms:EncryptionContext:${EncryptionContextKey}", "kms:encryptioncontext:app"));
    CHECK(template_match("aws:RequestTag/${TagKey}", "aws:RequestTag/team"));
    CHECK_FALSE(template_match("aws:RequestTag/${TagKey}", "aws:ResourceTag/team"));
    CHECK(template_match("s3:prefix", "S3:Prefix"));
}

TEST_CASE("resource ARNs: per segment, resource part case-sensitive, trailing * spans colons", "[iam][matching]") {
    CHECK(resource_pattern_matches("*", "arn:aws:s3:::bkt"));
    CHECK(resource_pattern_matches("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/a/b.txt"));
    CHECK_FALSE(resource_pattern_matches("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt"));  // bucket vs objects
    CHECK_FALSE(resource_pattern_matches("arn:aws:s3:::bkt", "arn:aws:s3:::bkt/key"));
    CHECK_FALSE(resource_pattern_matches("arn:aws:s3:::Bkt/*", "arn:aws:s3:::bkt/key"));
    CHECK(resource_pattern_matches("arn:aws:dynamodb:US-EAST-1:111111111111:table/T",
                                   "arn:aws:dynamodb:us-east-1:111111111111:table/T"));
    CHECK(resource_pattern_matches("arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f*:*",
                                   "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f-dev:log-stream:x"));
    // A * inside the region segment never crosses into the account segment.
    CHECK_FALSE(resource_pattern_matches("arn:aws:sqs:*:111111111111:q", "arn:aws:sqs:us-east-1:222222222222:111111111111:q"));
    CHECK(resource_pattern_matches("arn:aws:sqs:*:111111111111:q", "arn:aws:sqs:us-east-1:111111111111:q"));
    CHECK(resource_pattern_matches("arn:aws:secretsmanager:*:*:secret:db-??????",
                                   "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf"));
    CHECK_FALSE(resource_pattern_matches("arn:aws:s3:::bkt/*", "*"));
}

TEST_CASE("ArnLike conditions: six segments required, wildcards per segment", "[iam][matching]") {
    CHECK(arn_condition_matches("arn:aws:iam::*:role/Admin", "arn:aws:iam::111111111111:role/Admin"));
    CHECK_FALSE(arn_condition_matches("arn:aws:iam::*:role/Admin", "arn:aws:iam::111111111111:role/admin"));
    CHECK_FALSE(arn_condition_matches("arn:aws:iam::role", "arn:aws:iam::111111111111:role/Admin"));
}

TEST_CASE("actions: service prefix literal, name case-insensitive", "[iam][matching]") {
    action_pattern p{"s3:Get*", "s3", "get*"};
    CHECK(action_matches(p, "s3", "getobject"));
    CHECK_FALSE(action_matches(p, "s3-object-lambda", "getobject"));
    action_pattern any{"*", "*", "*"};
    CHECK(action_matches(any, "ec2", "describeinstances"));
    // `*` as the prefix is every service, but the name still has to match (it once covered every action).
    action_pattern any_service_get{"*:GetObject", "*", "getobject"};
    CHECK(action_matches(any_service_get, "s3", "getobject"));
    CHECK(action_matches(any_service_get, "s3-object-lambda", "getobject"));
    CHECK_FALSE(action_matches(any_service_get, "s3", "putobject"));
    action_pattern any_service_list{"*:List*", "*", "list*"};
    CHECK(action_matches(any_service_list, "dynamodb", "listtables"));
    CHECK_FALSE(action_matches(any_service_list, "dynamodb", "describetable"));
}
