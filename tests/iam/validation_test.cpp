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
