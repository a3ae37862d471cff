// SPDX-License-Identifier: MIT
// Levels of a resource's hierarchy a call is authorised on too (iam::hierarchy_parents), from the generated
// catalog's required resource types: Glue's catalog, database and table.
#include <catch2/catch.hpp>

#include "iam/resource_hierarchy.hpp"
#include "support/test_files.hpp"

using wd::iam::bind_arn_template;
using wd::iam::hierarchy_parents;
using Strings = std::vector<std::string>;

TEST_CASE("resource hierarchy: an ARN template binds its variables, a ${...} of the text being one unit") {
    std::vector<std::pair<std::string, std::string>> bound;
    const char* table = "arn:${Partition}:glue:${Region}:${Account}:table/${DatabaseName}/${TableName}";
    REQUIRE(bind_arn_template(table, "arn:aws:glue:us-east-1:123456789012:table/sales/orders", bound));
    CHECK(bound == std::vector<std::pair<std::string, std::string>>{
                       {"Partition", "aws"}, {"Region", "us-east-1"}, {"Account", "123456789012"}, {"DatabaseName", "sales"}, {"TableName", "orders"}});
    REQUIRE(bind_arn_template(table, "arn:aws:glue:${aws:region}:${aws:accountId}:table/${self:custom.db}/${sls:stage}-events", bound));
    CHECK(bound[1].second == "${aws:region}");
    CHECK(bound[3].second == "${self:custom.db}");
    CHECK(bound[4].second == "${sls:stage}-events");
    // Not the template's shape: another type, a missing part, one part too many, an unclosed variable.
    CHECK_FALSE(bind_arn_template(table, "arn:aws:glue:us-east-1:123456789012:database/sales", bound));
    CHECK_FALSE(bind_arn_template(table, "arn:aws:glue:us-east-1:123456789012:table/sales", bound));
    CHECK_FALSE(bind_arn_template(table, "arn:aws:glue:us-east-1:123456789012:table/sales/orders/x", bound));
    CHECK_FALSE(bind_arn_template(table, "arn:aws:glue:${aws:region:123456789012:table/sales/orders", bound));
    CHECK_FALSE(bind_arn_template(table, "arn:aws:glue:us-east-1:123456789012:table//orders", bound));
}

TEST_CASE("resource hierarchy: a Glue table action is authorised on the catalog and the database too") {
    const auto& cat = wd::test::generated_catalog();
    CHECK(hierarchy_parents(cat, "glue:GetPartitions", "arn:aws:glue:us-east-1:123456789012:table/sales/orders") ==
          Strings{"arn:aws:glue:us-east-1:123456789012:catalog", "arn:aws:glue:us-east-1:123456789012:database/sales"});
    // written as a config writes it: the same levels in the same spelling
    CHECK(hierarchy_parents(cat, "glue:GetTable", "arn:aws:glue:${aws:region}:${aws:accountId}:table/${self:custom.db}/*") ==
          Strings{"arn:aws:glue:${aws:region}:${aws:accountId}:catalog", "arn:aws:glue:${aws:region}:${aws:accountId}:database/${self:custom.db}"});
    // a database action: the catalog only; the catalog itself: nothing above it
    CHECK(hierarchy_parents(cat, "glue:GetDatabase", "arn:aws:glue:us-east-1:123456789012:database/sales") ==
          Strings{"arn:aws:glue:us-east-1:123456789012:catalog"});
    CHECK(hierarchy_parents(cat, "glue:GetDatabase", "arn:aws:glue:us-east-1:123456789012:catalog").empty());
    // a user-defined function sits in a database as a table does
    CHECK(hierarchy_parents(cat, "glue:GetUserDefinedFunction", "arn:aws:glue:us-east-1:123456789012:userDefinedFunction/sales/f") ==
          Strings{"arn:aws:glue:us-east-1:123456789012:catalog", "arn:aws:glue:us-east-1:123456789012:database/sales"});
}

TEST_CASE("resource hierarchy: other resources and other services have no levels") {
    const auto& cat = wd::test::generated_catalog();
    CHECK(hierarchy_parents(cat, "glue:StartJobRun", "arn:aws:glue:us-east-1:123456789012:job/nightly").empty());
    // DynamoDB lists a stream and its table as required types of TagResource, but authorises the one named.
    CHECK(hierarchy_parents(cat, "dynamodb:TagResource", "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000").empty());
    CHECK(hierarchy_parents(cat, "s3:GetObject", "arn:aws:s3:::bucket/key").empty());
    CHECK(hierarchy_parents(cat, "glue:NoSuchAction", "arn:aws:glue:us-east-1:123456789012:table/a/b").empty());
    CHECK(hierarchy_parents(wd::iam::catalog(), "glue:GetTable", "arn:aws:glue:us-east-1:123456789012:table/a/b").empty());
}

TEST_CASE("resource hierarchy: a call through a Bedrock cross-Region inference profile is authorised on its foundation model") {
    const auto& cat = wd::test::generated_catalog();
    CHECK(hierarchy_parents(cat, "bedrock:InvokeModel",
                            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0") ==
          Strings{"arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0"});
    CHECK(hierarchy_parents(cat, "bedrock:InvokeModelWithResponseStream",
                            "arn:aws-us-gov:bedrock:${aws:region}:${aws:accountId}:inference-profile/us-gov.meta.llama3-8b-instruct-v1:0") ==
          Strings{"arn:aws-us-gov:bedrock:*::foundation-model/meta.llama3-8b-instruct-v1:0"});
    // An application inference profile (an id, no geography prefix) and a foundation model itself: nothing more.
    CHECK(hierarchy_parents(cat, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3").empty());
    CHECK(hierarchy_parents(cat, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1").empty());
    CHECK(hierarchy_parents(cat, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/xx.model-v1").empty());
}
