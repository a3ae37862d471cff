// SPDX-License-Identifier: MIT
// Area: how policy types combine (SCP, RCP, boundaries, session policies, resource policies,
// cross-account, KMS key policies, role trust policies) and the reason class each outcome gets.
#include <catch2/catch.hpp>

#include "iam_test_support.hpp"

using namespace wd::test;
using wd::json;

namespace {
json allow_all() { return json::array({allow_stmt("*")}); }
json one_policy(json statements) { return json::array({doc(std::move(statements))}); }
}  // namespace

TEST_CASE("explicit deny beats allow; no allow is an implicit deny", "[iam][decision]") {
    json c = make_case(json::array({allow_stmt("s3:*"), deny_stmt("s3:DeleteObject")}),
                       request(role, "s3:DeleteObject", object));
    CHECK(reason(c) == "explicit_deny:identity");
    c["request"]["action"] = "s3:GetObject";
    CHECK(reason(c) == "allow:identity");
    c["request"]["action"] = "ec2:DescribeInstances";
    c["request"]["resource"] = "*";
    CHECK(reason(c) == "implicit_deny:no_allow");
}

TEST_CASE("SCPs: every level must allow; never for service-linked roles", "[iam][decision][scp]") {
    json c = make_case(allow_all(), request(role, "ec2:DescribeInstances", "*"));
    c["serviceControlPolicies"] = json::array({
        {{"orgIdentifier", "r-root"}, {"policies", one_policy(allow_all())}},
        {{"orgIdentifier", "ou-a"}, {"policies", one_policy(json::array({allow_stmt("s3:*")}))}},
    });
    CHECK(reason(c) == "implicit_deny:scp");
    c["request"]["principal"] = "arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS";
    CHECK(reason(c) == "allow:identity");
    c["request"]["principal"] = role;
    c["serviceControlPolicies"][1]["policies"] = one_policy(json::array({allow_stmt("*"), deny_stmt("ec2:*")}));
    CHECK(reason(c) == "explicit_deny:scp");
    // An SCP allow never grants by itself.
    json d = make_case(json::array(), request(role, "ec2:DescribeInstances", "*"));
    d["serviceControlPolicies"] = one_policy(allow_all());
    CHECK(reason(d) == "implicit_deny:no_allow");
}

TEST_CASE("RCPs apply only to services that support them", "[iam][decision][rcp]") {
    json rcp = {{"Effect", "Deny"}, {"Principal", "*"}, {"Action", {"s3:*", "ec2:*"}}, {"Resource", "*"}};
    json c = make_case(allow_all(), request(role, "s3:GetObject", object));
    c["resourceControlPolicies"] = one_policy(json::array({rcp}));
    CHECK(reason(c) == "explicit_deny:rcp");
    c["request"]["action"] = "ec2:DescribeInstances";
    c["request"]["resource"] = "*";
    CHECK(decision(c) == "Allow");
    // Without a catalog to say which services support RCPs, the RCP is applied.
    CHECK(reason(c, false) == "explicit_deny:rcp");
}

TEST_CASE("permissions boundary and session policy intersect with identity policies", "[iam][decision]") {
    json c = make_case(json::array({allow_stmt("s3:*")}), request(session, "s3:PutObject", object));
    c["permissionBoundaryPolicies"] = one_policy(json::array({allow_stmt("s3:Get*")}));
    CHECK(reason(c) == "implicit_deny:pb");
    c["request"]["action"] = "s3:GetObject";
    CHECK(reason(c) == "allow:identity");
    c["sessionPolicy"] = doc(json::array({allow_stmt("s3:*", "arn:aws:s3:::other/*")}));
    CHECK(reason(c) == "implicit_deny:session");
}

TEST_CASE("same account: a grant naming the session is not limited by boundary or session policy",
          "[iam][decision][resource]") {
    json c = make_case(json::array(), request(session, "s3:GetObject", object));
    c["permissionBoundaryPolicies"] = one_policy(json::array({allow_stmt("ec2:*")}));
    json grant = {{"Effect", "Allow"}, {"Principal", {{"AWS", session}}}, {"Action", "s3:GetObject"},
                  {"Resource", "arn:aws:s3:::bkt/*"}};
    c["resourcePolicy"] = doc(json::array({grant}));
    CHECK(reason(c) == "allow:resource");
    // Naming the role instead: the boundary's implicit deny applies.
    c["resourcePolicy"]["Statement"][0]["Principal"]["AWS"] = role;
    CHECK(reason(c) == "implicit_deny:pb");
    c.erase("permissionBoundaryPolicies");
    c["sessionPolicy"] = doc(json::array({allow_stmt("ec2:*")}));
    CHECK(reason(c) == "implicit_deny:session");
    c["resourcePolicy"]["Statement"][0]["Principal"]["AWS"] = session;
    CHECK(reason(c) == "allow:resource");
}

TEST_CASE("cross-account needs both the identity and the resource side", "[iam][decision][cross-account]") {
    json c = make_case(json::array({allow_stmt("s3:GetObject")}),
                       request(session, "s3:GetObject", "arn:aws:s3:::partner/k"));
    c["request"]["resourceAccount"] = "222222222222";
    CHECK(reason(c) == "implicit_deny:cross_account_no_resource_grant");
    json grant = {{"Effect", "Allow"}, {"Principal", {{"AWS", "111111111111"}}}, {"Action", "s3:GetObject"},
                  {"Resource", "arn:aws:s3:::partner/*"}};
    c["resourcePolicy"] = doc(json::array({grant}));
    CHECK(reason(c) == "allow:identity+resource");
    c["identityPolicies"] = json::array();
    CHECK(reason(c) == "implicit_deny:cross_account_no_identity_grant");
}

TEST_CASE("KMS key policies and trust policies: no implicit account trust", "[iam][decision][kms]") {
    const char* key = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    json c = make_case(json::array({allow_stmt("kms:Decrypt")}), request(role, "kms:Decrypt", key));
    json other = {{"Effect", "Allow"}, {"Principal", {{"AWS", "arn:aws:iam::111111111111:role/other"}}},
                  {"Action", "kms:*"}, {"Resource", "*"}};
    c["resourcePolicy"] = doc(json::array({other}));
    CHECK(reason(c) == "implicit_deny:resource_policy_no_grant");
    json root = {{"Effect", "Allow"}, {"Principal", {{"AWS", "arn:aws:iam::111111111111:root"}}},
                 {"Action", "kms:*"}, {"Resource", "*"}};
    c["resourcePolicy"]["Statement"].push_back(root);
    CHECK(reason(c) == "allow:identity+resource");
    c["identityPolicies"] = json::array();
    CHECK(reason(c) == "implicit_deny:account_principal_needs_identity_grant");

    json trust = {{"Effect", "Allow"}, {"Principal", {{"AWS", role}}}, {"Action", "sts:AssumeRole"}};
    json t = make_case(json::array(), request(role, "sts:AssumeRole", "arn:aws:iam::111111111111:role/target"));
    t["resourcePolicy"] = doc(json::array({trust}));
    CHECK(reason(t) == "allow:resource");
}

TEST_CASE("request context: principal keys are filled, inapplicable keys ignored", "[iam][decision][context]") {
    json st = allow_stmt("iam:CreateUser");
    st["Condition"] = {{"StringEquals", {{"aws:PrincipalAccount", "111111111111"}}}};
    json c = make_case(json::array({st}), request(role, "iam:CreateUser", "arn:aws:iam::111111111111:user/x"));
    CHECK(decision(c) == "Allow");
    json s3 = allow_stmt("s3:GetObject");
    s3["Condition"] = {{"StringEquals", {{"s3:prefix", "home/"}}}};
    json d = make_case(json::array({s3}), request(role, "s3:GetObject", object, {{"s3:prefix", "home/"}}));
    json out = run(d);
    CHECK(out["decision"] == "ImplicitDeny");
    CHECK(out["trace"][0]["ignoredContextKeys"] == json::array({"s3:prefix"}));
    d["request"]["action"] = "s3:ListBucket";
    d["request"]["resource"] = "arn:aws:s3:::bkt";
    d["identityPolicies"][0]["policy"]["Statement"][0]["Action"] = "s3:ListBucket";
    CHECK(decision(d) == "Allow");
}
