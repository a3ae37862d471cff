// SPDX-License-Identifier: MIT
// Area: the structured trace (docs/trace.md) and missing context keys.
#include <catch2/catch.hpp>

#include <functional>

#include "iam_test_support.hpp"

using namespace wd::test;
using wd::json;

TEST_CASE("the trace has a request record, one record per policy, and a decision record", "[iam][trace]") {
    json st = allow_stmt("s3:Get*", "arn:aws:s3:::bkt/*");
    st["Sid"] = "ReadBucket";
    st["Condition"] = {{"StringEquals", {{"aws:SourceVpc", "vpc-1"}}}};
    json out = run(make_case(json::array({st, deny_stmt("s3:Delete*")}), request(session, "s3:GetObject", object)));
    const json& t = out["trace"];
    REQUIRE(t.size() == 3);
    CHECK(t[0]["kind"] == "request");
    CHECK(t[0]["context"]["aws:PrincipalArn"] == "arn:aws:iam::111111111111:role/app");
    CHECK(t[1]["kind"] == "policy");
    CHECK(t[1]["policyType"] == "identity");
    CHECK(t[1]["policy"] == "inline");
    const json& s0 = t[1]["statements"][0];
    CHECK(s0["sid"] == "ReadBucket");
    CHECK(s0["action"]["matchedValues"] == json::array({"s3:Get*"}));
    CHECK(s0["resource"]["matched"] == true);
    CHECK(s0["conditions"][0]["outcome"] == "missing");
    CHECK(s0["conditions"][0]["keyPresent"] == false);
    CHECK(s0["applies"] == false);
    CHECK(t[1]["statements"][1]["action"]["matched"] == false);
    CHECK(t[2]["kind"] == "decision");
    CHECK(t[2]["reasonClass"] == "implicit_deny:no_allow");
    CHECK(out["missingContextKeys"] == json::array({"aws:SourceVpc"}));
}

TEST_CASE("trace records hold no sentences: every string is data", "[iam][trace]") {
    json out = run(make_case(json::array({allow_stmt("s3:*")}), request(role, "s3:GetObject", object)));
    std::function<void(const json&)> walk = [&](const json& j) {
        if (j.is_string()) CHECK(j.get<std::string>().find(". ") == std::string::npos);
        else if (j.is_structured())
            for (const auto& v : j) walk(v);
    };
    walk(out["trace"]);
    CHECK(out["trace"].back()["decidedBy"] == "identity");
}

TEST_CASE("the evaluator reports which policy type decided", "[iam][trace]") {
    wd::iam::evaluation_input in;
    in.identity.push_back({"inline", doc(json::array({allow_stmt("s3:*")})), {{"statements", json::array({{{"line", 12}}})}}});
    in.principal = role;
    in.action = "s3:GetObject";
    in.resource = object;
    auto r = wd::iam::evaluate(in, &generated_catalog());
    CHECK(r.decision == "Allow");
    CHECK(r.decided_by == "identity");
    CHECK(r.trace.to_json()[1]["source"]["statements"][0]["line"] == 12);
    in.trace = false;
    CHECK(wd::iam::evaluate(in, &generated_catalog()).trace.empty());
}

TEST_CASE("aws:username is never in a role session's request: not reported as a missing key", "[iam][trace]") {
    json st = allow_stmt("s3:GetObject", "arn:aws:s3:::bkt/*");
    st["Condition"] = {{"StringEquals", {{"aws:username", "alice"}}}};
    json out = run(make_case(json::array({st}), request(session, "s3:GetObject", object)));
    CHECK(out["decision"] == "ImplicitDeny");
    CHECK(out["missingContextKeys"] == json::array());
    const json& c = out["trace"][1]["statements"][0]["conditions"][0];
    CHECK(c["outcome"] == "failed");
    CHECK(c["keyPresent"] == false);
    // ...but a key the log merely does not give still is.
    st["Condition"] = {{"StringEquals", {{"aws:SourceVpc", "vpc-1"}}}};
    out = run(make_case(json::array({st}), request(session, "s3:GetObject", object)));
    CHECK(out["missingContextKeys"] == json::array({"aws:SourceVpc"}));
}
