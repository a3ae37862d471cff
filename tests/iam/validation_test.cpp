// SPDX-License-Identifier: MIT
// Area: policy and request validation (Error decisions with WD4xxx diagnostics).
#include <catch2/catch.hpp>

#include "iam_test_support.hpp"

using namespace wd::test;
using wd::json;

namespace {
std::string first_code(const json& out) { return out["diagnostics"].empty() ? "" : out["diagnostics"][0]["code"].get<std::string>(); }
}  // namespace

TEST_CASE("malformed policies are errors, as IAM rejects them when saved", "[iam][validation]") {
    json bad_effect = {{"Effect", "Alow"}, {"Action", "s3:*"}, {"Resource", "*"}};
    json out = run(make_case(json::array({bad_effect}), request(role, "s3:GetObject", object)));
    CHECK(out["reasonClass"] == "error:policy.errors");
    CHECK(first_code(out) == "WD4202");
    json both = {{"Effect", "Allow"}, {"Action", "s3:*"}, {"NotAction", "iam:*"}, {"Resource", "*"}};
    CHECK(first_code(run(make_case(json::array({both}), request(role, "s3:GetObject", object)))) == "WD4203");
    json no_resource = {{"Effect", "Allow"}, {"Action", "s3:*"}};
    CHECK(first_code(run(make_case(json::array({no_resource}), request(role, "s3:GetObject", object)))) == "WD4204");
    json op = allow_stmt("s3:*");
    op["Condition"] = {{"StringEqualz", {{"aws:SourceVpc", "v"}}}};
    CHECK(first_code(run(make_case(json::array({op}), request(role, "s3:GetObject", object)))) == "WD4206");
    json c = make_case(json::array(), request(role, "s3:GetObject", object));
    c["identityPolicies"] = json::array({{{"name", "nostmt"}, {"policy", {{"Version", "2012-10-17"}}}}});
    CHECK(run(c)["decision"] == "Error");
}

TEST_CASE("an action's service prefix is a namespace or `*` alone, and the action has one colon", "[iam][validation]") {
    // IAM refuses these when the policy is saved ("Vendor sq* is not valid", "Actions/Condition can contain only
    // one colon"): errors like the other grammar rules, never a silent no-match.
    for (const char* bad : {"sq*:SendMessage", "s?s:SendMessage", "s3 :GetObject", ":GetObject", "s3:Get:Object"}) {
        INFO(bad);
        json out = run(make_case(json::array({allow_stmt(bad)}), request(role, "sqs:SendMessage", "*")), false);
        CHECK(out["decision"] == "Error");
        CHECK(first_code(out) == "WD4215");
    }
    // `*` alone as the prefix is valid and keeps its name: `*:SendMessage` allows sqs:SendMessage, not sqs:DeleteQueue.
    CHECK(decision(make_case(json::array({allow_stmt("*:SendMessage")}), request(role, "sqs:SendMessage", "*")), false) == "Allow");
    CHECK(decision(make_case(json::array({allow_stmt("*:SendMessage")}), request(role, "sqs:DeleteQueue", "*")), false) ==
          "ImplicitDeny");
    CHECK(decision(make_case(json::array({allow_stmt("execute-api:Invoke")}), request(role, "execute-api:Invoke", "*")), false) ==
          "Allow");
}

TEST_CASE("typed condition values that cannot be read are warned about; the decision is unchanged", "[iam][validation]") {
    auto with_condition = [](const char* op, const char* key, json values) {
        json st = allow_stmt("iam:Get*");
        st["Condition"] = {{op, {{key, std::move(values)}}}};
        return st;
    };
    const json ctx = {{"aws:SourceIp", "203.0.113.7"}, {"aws:MultiFactorAuthAge", "30"}, {"aws:CurrentTime", "2026-01-01T00:00:00Z"}};
    // A negated operator with a value that is no IP address holds for every request: Allow, with a warning.
    json out = run(make_case(json::array({with_condition("NotIpAddress", "aws:SourceIp", json::array({"not-an-ip"}))}),
                             request(role, "iam:GetUser", "arn:aws:iam::111111111111:user/alice", ctx)), false);
    CHECK(out["decision"] == "Allow");
    REQUIRE(first_code(out) == "WD4216");
    CHECK(out["diagnostics"][0]["severity"] == "warning");
    CHECK(out["diagnostics"][0]["message"].get<std::string>().find("holds for every request") != std::string::npos);
    for (const char* cidr : {"203.0.113.0/33", "10.0.0.0/8 ", "2001:db8::/129", "10.0.0.0/"}) {
        INFO(cidr);
        CHECK(first_code(run(make_case(json::array({with_condition("IpAddress", "aws:SourceIp", cidr)}),
                                       request(role, "iam:GetUser", "arn:aws:iam::111111111111:user/alice", ctx)), false)) == "WD4216");
    }
    out = run(make_case(json::array({with_condition("NumericLessThan", "aws:MultiFactorAuthAge", "an hour")}),
                        request(role, "iam:GetUser", "arn:aws:iam::111111111111:user/alice", ctx)), false);
    CHECK(out["decision"] == "ImplicitDeny");
    CHECK(first_code(out) == "WD4216");
    out = run(make_case(json::array({with_condition("DateGreaterThan", "aws:CurrentTime", "yesterday")}),
                        request(role, "iam:GetUser", "arn:aws:iam::111111111111:user/alice", ctx)), false);
    CHECK(first_code(out) == "WD4216");
    // Numeric, Date and IP operators take no policy variables: `${...}` is text that never reads.
    out = run(make_case(json::array({with_condition("NumericEquals", "aws:MultiFactorAuthAge", "${aws:PrincipalTag/max-age}")}),
                        request(role, "iam:GetUser", "arn:aws:iam::111111111111:user/alice", ctx)), false);
    CHECK(first_code(out) == "WD4216");
    CHECK(out["diagnostics"][0]["message"].get<std::string>().find("not substituted") != std::string::npos);
    // Values that read give no warning, and neither do the operators without a type.
    for (json st : {with_condition("IpAddress", "aws:SourceIp", json::array({"203.0.113.0/24", "2001:db8::/32", "198.51.100.7"})),
                    with_condition("NumericLessThan", "aws:MultiFactorAuthAge", 3600),
                    with_condition("DateGreaterThan", "aws:CurrentTime", json::array({"2020-01-01", "1577836800"})),
                    with_condition("StringEquals", "aws:SourceIp", "not-an-ip")}) {
        INFO(st.dump());
        CHECK(run(make_case(json::array({st}), request(role, "iam:GetUser", "arn:aws:iam::111111111111:user/alice", ctx)), false)
                  ["diagnostics"]
                      .empty());
    }
}

TEST_CASE("unknown actions get a did-you-mean from the catalog", "[iam][validation][catalog]") {
    json out = run(make_case(json::array({allow_stmt("*")}), request(role, "s3:GetObjekt", object)));
    CHECK(out["decision"] == "Error");
    CHECK(out["reasonClass"] == "error:invalid.action");
    CHECK(first_code(out) == "WD4101");
    CHECK(out["diagnostics"][0]["args"]["suggestions"][0] == "s3:GetObject");
    json svc = run(make_case(json::array({allow_stmt("*")}), request(role, "s4:GetObject", object)));
    CHECK(svc["reasonClass"] == "error:invalid.service");
    CHECK(first_code(svc) == "WD4102");
    // Without a catalog the action cannot be checked: the evaluation goes ahead.
    CHECK(run(make_case(json::array({allow_stmt("*")}), request(role, "s3:GetObjekt", object)), false)["decision"] ==
          "Allow");
}

TEST_CASE("wildcard-only actions require Resource *", "[iam][validation][catalog]") {
    json out = run(make_case(json::array({allow_stmt("*")}),
                             request(role, "cloudwatch:GetMetricStatistics", "arn:aws:cloudwatch:us-east-1:111111111111:alarm:a")));
    CHECK(out["reasonClass"] == "error:must.use.wildcard");
    CHECK(first_code(out) == "WD4103");
}

TEST_CASE("bad case documents give diagnostics, never exceptions", "[iam][validation]") {
    json out = wd::iam::evaluate_case(json::array(), nullptr);
    CHECK(out["decision"] == "Error");
    CHECK(first_code(out) == "WD4301");
    json no_action = {{"identityPolicies", json::array()}, {"request", {{"principal", role}}}};
    CHECK(first_code(wd::iam::evaluate_case(no_action, nullptr)) == "WD4301");
    json rcp_star = make_case(json::array({allow_stmt("*")}), request(role, "s3:GetObject", object));
    rcp_star["resourceControlPolicies"] = json::array({doc(json::array({{{"Effect", "Deny"}, {"Principal", "*"},
                                                                          {"Action", "*"}, {"Resource", "*"}}}))});
    CHECK(first_code(run(rcp_star)) == "WD4207");
}

// Checked against @cloud-copilot/iam-simulate 0.1.173 (the tool the iam-eval corpus was made with) on
// 2026-11-30, by running both on an allow-all identity policy: the same pairs are errors in both.
TEST_CASE("a resource of none of the action's resource types is error:no.resource.types", "[iam][validation][catalog]") {
    const json all = json::array({allow_stmt("*")});
    struct pair_case {
        const char* action;
        const char* resource;
        bool fits;
    };
    for (const auto& p : {pair_case{"s3:GetObject", "arn:aws:s3:::bucket", false},
                          pair_case{"s3:GetObject", "arn:aws:s3:::bucket/key", true},
                          pair_case{"s3:ListBucket", "arn:aws:s3:::bucket/key", false},
                          pair_case{"s3:ListBucket", "arn:aws:s3:::bucket", true},
                          pair_case{"dynamodb:PutItem", "arn:aws:s3:::bucket/key", false},
                          pair_case{"dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111111111111:table/t", true},
                          pair_case{"sqs:SendMessage", "arn:aws:sns:us-east-1:111111111111:q", false},
                          pair_case{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111111111111:function:f:1", true},
                          pair_case{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111111111111:layer:l", false},
                          pair_case{"kms:Decrypt", "arn:aws:kms:us-east-1:111111111111:alias/abc", false},
                          pair_case{"iam:PassRole", "arn:aws:iam::111111111111:user/u", false},
                          pair_case{"s3:GetObject", "arn:aws:s3:us-east-1::bucket/key", false},  // S3 ARNs have no region
                          pair_case{"S3:GETOBJECT", "ARN:AWS:S3:::BUCKET", false},
                          pair_case{"s3:GetObject", "bucket/key", false},
                          pair_case{"s3:GetObject", "arn:aws:s3:::b*", true}}) {  // a pattern: not checked
        INFO(p.action << " on " << p.resource);
        const json out = run(make_case(all, request(role, p.action, p.resource)));
        if (p.fits) {
            CHECK(out["decision"] == "Allow");
        } else {
            CHECK(out["decision"] == "Error");
            CHECK(out["reasonClass"] == "error:no.resource.types");
            CHECK(first_code(out) == "WD4105");
            CHECK_FALSE(out["diagnostics"][0]["args"]["arnTemplates"].empty());
        }
    }
    // Without a catalog there are no templates to check against.
    CHECK(decision(make_case(all, request(role, "s3:GetObject", "arn:aws:s3:::bucket")), false) == "Allow");
}

TEST_CASE("a KMS key without a key policy in the case is not opened by IAM policies alone", "[iam][decision]") {
    const char* key = "arn:aws:kms:us-east-1:111111111111:key/1234abcd";
    const json c = make_case(json::array({allow_stmt("kms:Decrypt")}), request(role, "kms:Decrypt", key));
    CHECK(decision(c) == "ImplicitDeny");
    CHECK(reason(c) == "implicit_deny:resource_policy_no_grant");
    // kms:Decrypt on "*" (same account) and other services stay with the identity policy.
    CHECK(decision(make_case(json::array({allow_stmt("kms:Decrypt")}), request(role, "kms:Decrypt", "*"))) == "Allow");
    CHECK(decision(make_case(json::array({allow_stmt("s3:GetObject")}), request(role, "s3:GetObject", object))) == "Allow");
}
