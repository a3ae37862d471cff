// SPDX-License-Identifier: MIT
// Area: condition operators, missing keys, sets, dates, IP addresses.
#include <catch2/catch.hpp>

#include "iam/condition_eval.hpp"
#include "iam/condition_values.hpp"
#include "iam/policy.hpp"
#include "iam/variables.hpp"

using namespace wd::iam;
using wd::json;

namespace {
bool cond(const std::string& op, const std::string& key, json values, const json& ctx_json) {
    condition_clause c;
    REQUIRE(parse_condition_operator(op, c));
    c.key = key;
    c.key_lower = lower_copy(key);
    for (const auto& v : (values.is_array() ? values : json::array({values}))) c.values.push_back(scalar_text(v));
    for (const auto& v : c.values) c.values_have_variables = c.values_have_variables || v.find("${") != std::string::npos;
    request_context ctx = request_context::from_json(ctx_json);
    return evaluate_condition(c, true, ctx).matched;
}
}  // namespace

TEST_CASE("operators parse case-insensitively with IfExists and set prefixes", "[iam][condition]") {
    condition_clause c;
    REQUIRE(parse_condition_operator("ForAnyValue:StringNotEqualsIfExists", c));
    CHECK(c.set == set_operator::for_any_value);
    CHECK(c.negated);
    CHECK(c.if_exists);
    CHECK(parse_condition_operator("stringequals", c));
    CHECK_FALSE(parse_condition_operator("StringEqualz", c));
    CHECK_FALSE(parse_condition_operator("NullIfExists", c));
}

TEST_CASE("string operators: OR across values, negation means none match", "[iam][condition]") {
    json ctx = {{"aws:RequestedRegion", "eu-west-1"}};
    CHECK(cond("StringEquals", "aws:RequestedRegion", {"us-east-1", "eu-west-1"}, ctx));
    CHECK_FALSE(cond("StringNotEquals", "aws:RequestedRegion", {"us-east-1", "eu-west-1"}, ctx));
    CHECK(cond("StringNotEquals", "aws:RequestedRegion", {"us-east-1"}, ctx));
    CHECK_FALSE(cond("StringEquals", "aws:RequestedRegion", "EU-WEST-1", ctx));
    CHECK(cond("StringEqualsIgnoreCase", "aws:RequestedRegion", "EU-WEST-1", ctx));
    CHECK(cond("StringLike", "aws:RequestedRegion", "eu-*", ctx));
    CHECK(cond("StringNotLike", "aws:RequestedRegion", "us-*", ctx));
    CHECK(cond("StringEquals", "AWS:REQUESTEDREGION", "eu-west-1", ctx));  // key names are case-insensitive
}

TEST_CASE("missing keys: false for positive operators, true for negated and IfExists", "[iam][condition]") {
    json ctx = json::object();
    CHECK_FALSE(cond("StringEquals", "aws:SourceVpc", "vpc-1", ctx));
    CHECK(cond("StringNotEquals", "aws:SourceVpc", "vpc-1", ctx));
    CHECK(cond("StringEqualsIfExists", "aws:SourceVpc", "vpc-1", ctx));
    CHECK(cond("NotIpAddress", "aws:SourceIp", "10.0.0.0/8", ctx));
    CHECK_FALSE(cond("Bool", "aws:SecureTransport", "true", ctx));
    CHECK(cond("BoolIfExists", "aws:SecureTransport", "false", ctx));
}

TEST_CASE("Null checks presence", "[iam][condition]") {
    CHECK(cond("Null", "aws:TagKeys", "true", json::object()));
    CHECK_FALSE(cond("Null", "aws:TagKeys", "false", json::object()));
    CHECK(cond("Null", "aws:TagKeys", "false", {{"aws:TagKeys", json::array({"a"})}}));
}

TEST_CASE("ForAllValues / ForAnyValue on missing, empty and populated sets", "[iam][condition]") {
    CHECK(cond("ForAllValues:StringEquals", "aws:TagKeys", {"a", "b"}, json::object()));
    CHECK_FALSE(cond("ForAnyValue:StringEquals", "aws:TagKeys", {"a", "b"}, json::object()));
    CHECK(cond("ForAllValues:StringEquals", "aws:TagKeys", {"a", "b"}, {{"aws:TagKeys", json::array()}}));
    CHECK_FALSE(cond("ForAnyValue:StringEquals", "aws:TagKeys", {"a"}, {{"aws:TagKeys", json::array()}}));
    CHECK(cond("ForAllValues:StringEquals", "aws:TagKeys", {"a", "b"}, {{"aws:TagKeys", {"a", "b"}}}));
    CHECK_FALSE(cond("ForAllValues:StringEquals", "aws:TagKeys", {"a", "b"}, {{"aws:TagKeys", {"a", "c"}}}));
    CHECK(cond("ForAnyValue:StringEquals", "aws:TagKeys", {"a"}, {{"aws:TagKeys", {"x", "a"}}}));
    CHECK(cond("ForAnyValue:StringNotEquals", "aws:TagKeys", {"a"}, {{"aws:TagKeys", {"x", "a"}}}));
    CHECK_FALSE(cond("ForAllValues:StringNotEquals", "aws:TagKeys", {"a"}, {{"aws:TagKeys", {"x", "a"}}}));
    // A single-valued operator never matches a multivalued key.
    CHECK_FALSE(cond("StringEquals", "aws:TagKeys", "a", {{"aws:TagKeys", json::array({"a"})}}));
    // ForAnyValue over a missing key is false even with IfExists (AWS, re:Post QU9HFmDzP0QGuU-fd7rS6B7w;
    // iam-simulate agrees); ForAllValues stays true.
    CHECK_FALSE(cond("ForAnyValue:StringEqualsIfExists", "aws:CalledVia", "athena.amazonaws.com", json::object()));
    CHECK(cond("ForAllValues:StringEqualsIfExists", "aws:CalledVia", "athena.amazonaws.com", json::object()));
}

TEST_CASE("a policy variable that cannot be resolved fails its condition, negated or not", "[iam][condition]") {
    // A role has no aws:username: `StringNotEquals ${aws:username}` must not turn into "true".
    json ctx = {{"aws:PrincipalTag/team", "blue"}};
    CHECK_FALSE(cond("StringNotEquals", "aws:PrincipalTag/team", "${aws:username}", ctx));
    CHECK_FALSE(cond("StringEquals", "aws:PrincipalTag/team", "${aws:username}", ctx));
    CHECK(cond("StringNotEquals", "aws:PrincipalTag/team", "${aws:username, 'red'}", ctx));  // a default resolves it
    // Another value of the list still decides.
    CHECK(cond("StringEquals", "aws:PrincipalTag/team", {"${aws:username}", "blue"}, ctx));
}

TEST_CASE("numeric operators compare numbers and reject text", "[iam][condition]") {
    json ctx = {{"s3:max-keys", "10"}};
    CHECK(cond("NumericEquals", "s3:max-keys", "10.0", ctx));
    CHECK(cond("NumericLessThanEquals", "s3:max-keys", 10, ctx));
    CHECK_FALSE(cond("NumericLessThan", "s3:max-keys", 10, ctx));
    CHECK(cond("NumericGreaterThan", "s3:max-keys", "9.5", ctx));
    CHECK_FALSE(cond("NumericLessThan", "s3:max-keys", "abc", ctx));
    CHECK_FALSE(cond("NumericEquals", "s3:max-keys", "10abc", ctx));
    CHECK(cond("NumericNotEquals", "s3:max-keys", 11, ctx));
}

TEST_CASE("date operators mix ISO 8601 and epoch seconds", "[iam][condition]") {
    REQUIRE(parse_date("2025-01-01T00:00:00Z").value() == 1735689600.0);
    CHECK(parse_date("2025-01-01").value() == 1735689600.0);
    CHECK(parse_date("2025-01-01T09:00:00+09:00").value() == 1735689600.0);
    CHECK(parse_date("1735689600").value() == 1735689600.0);
    CHECK_FALSE(parse_date("yesterday"));
    json ctx = {{"aws:CurrentTime", "2024-06-01T00:00:00Z"}};
    CHECK(cond("DateLessThan", "aws:CurrentTime", "1735689600", ctx));
    CHECK_FALSE(cond("DateGreaterThan", "aws:CurrentTime", "1735689600", ctx));
    CHECK(cond("DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", ctx));
    CHECK(cond("DateEquals", "aws:CurrentTime", "1717200000", ctx));
}

TEST_CASE("IP address operators: CIDR v4 and v6, bare addresses", "[iam][condition]") {
    json v4 = {{"aws:SourceIp", "10.1.2.3"}};
    CHECK(cond("IpAddress", "aws:SourceIp", "10.0.0.0/8", v4));
    CHECK_FALSE(cond("IpAddress", "aws:SourceIp", "192.168.0.0/16", v4));
    CHECK(cond("IpAddress", "aws:SourceIp", "10.1.2.3", v4));
    CHECK(cond("NotIpAddress", "aws:SourceIp", "192.168.0.0/16", v4));
    json v6 = {{"aws:SourceIp", "2001:db8::1"}};
    CHECK(cond("IpAddress", "aws:SourceIp", "2001:db8::/32", v6));
    CHECK_FALSE(cond("IpAddress", "aws:SourceIp", "2001:db9::/32", v6));
    CHECK_FALSE(cond("IpAddress", "aws:SourceIp", "10.0.0.0/8", v6));
    CHECK(parse_ip("::ffff:10.0.0.1").has_value());
    CHECK_FALSE(parse_ip("10.0.0.256").has_value());
    CHECK_FALSE(parse_ip("1::2::3").has_value());
}

TEST_CASE("Bool, Binary and ARN operators", "[iam][condition]") {
    CHECK(cond("Bool", "aws:SecureTransport", "True", {{"aws:SecureTransport", true}}));
    CHECK_FALSE(cond("Bool", "aws:SecureTransport", "true", {{"aws:SecureTransport", "false"}}));
    CHECK(cond("BinaryEquals", "k:bin", "QmluYXJ5", {{"k:bin", "QmluYXJ5"}}));
    json arn = {{"aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:topic"}};
    CHECK(cond("ArnLike", "aws:SourceArn", "arn:aws:sns:*:111111111111:*", arn));
    CHECK(cond("ArnEquals", "aws:SourceArn", "arn:aws:sns:*:111111111111:topic", arn));
    CHECK(cond("ArnNotLike", "aws:SourceArn", "arn:aws:sqs:*:*:*", arn));
    CHECK_FALSE(cond("ArnLike", "aws:SourceArn", "arn:aws:sns", arn));
}

TEST_CASE("aws:userid of a role session: `<role id>:<session>`, decided where the role id cannot matter", "[iam][condition]") {
    request_context ctx;
    ctx.append_role_session_userid("ledger-dev-api");
    auto eval = [&](const std::string& op, const std::string& value) {
        condition_clause c;
        REQUIRE(parse_condition_operator(op, c));
        c.key = "aws:userid";
        c.key_lower = "aws:userid";
        c.values = {value};
        return evaluate_condition(c, true, ctx);
    };
    // The session part decides alone: the only `:` of the value is between the role id and the session.
    CHECK_FALSE(eval("StringLike", "*:ledger-dev-admin*").matched);
    CHECK_FALSE(eval("StringLike", "*:ledger-dev-admin*").key_missing);
    CHECK(eval("StringNotLike", "*:ledger-dev-admin*").matched);
    CHECK(eval("StringLike", "*:ledger-dev-*").matched);
    CHECK(eval("StringLike", "AROA*:ledger-dev-api").matched);
    CHECK_FALSE(eval("StringEquals", "AROAEXAMPLE:ledger-dev-other").matched);
    CHECK_FALSE(eval("StringEquals", "ledger-dev-api").matched);      // no `:`, no wildcard: never the value
    CHECK_FALSE(eval("StringLike", "a:b:ledger-dev-api").matched);     // two `:` never meet one
    // A specific role id, or a wildcard that may span the `:`: only the role id would tell.
    CHECK(eval("StringEquals", "AROAEXAMPLE:ledger-dev-api").key_missing);
    CHECK(eval("StringLike", "*ledger-dev-api").key_missing);
    // `${aws:userid}` in another value is unresolved (or takes its default), not `:ledger-dev-api`.
    CHECK_FALSE(substitute_variables("${aws:userid}", ctx, false).has_value());
    CHECK(substitute_variables("${aws:userid, 'none'}", ctx, false) == std::optional<std::string>("none"));
    CHECK(ctx.to_json()["aws:userid"] == "<role id>:ledger-dev-api");
}

TEST_CASE("a missing key compared with values whose policy variable the request never carries decides nothing", "[iam][condition]") {
    auto result = [](const std::string& op, const std::string& value, const json& ctx_json) {
        condition_clause c;
        REQUIRE(parse_condition_operator(op, c));
        c.key = "s3:prefix";
        c.key_lower = "s3:prefix";
        c.values = {value};
        c.values_have_variables = value.find("${") != std::string::npos;
        return evaluate_condition(c, true, request_context::from_json(ctx_json));
    };
    // aws:username known absent (null: a role session): no prefix could match `home/${aws:username}/*`.
    const json role_session = {{"aws:username", nullptr}};
    auto r = result("StringLike", "home/${aws:username}/*", role_session);
    CHECK_FALSE(r.matched);
    CHECK_FALSE(r.key_missing);
    // ... but when the variable is merely unknown, or has a default, or the value has none, the key still decides.
    CHECK(result("StringLike", "home/${aws:username}/*", json::object()).key_missing);
    CHECK(result("StringLike", "home/${aws:username, 'shared'}/*", role_session).key_missing);
    CHECK(result("StringLike", "home/*", role_session).key_missing);
    // IfExists and negated operators are true without the key and false with it: still the key's to decide.
    CHECK(result("StringLikeIfExists", "home/${aws:username}/*", role_session).key_missing);
    CHECK(result("StringNotLike", "home/${aws:username}/*", role_session).key_missing);
}
