// SPDX-License-Identifier: MIT
// Area: callers (principal ARNs) and Principal / NotPrincipal in resource policies.
#include <catch2/catch.hpp>

#include "iam/caller.hpp"
#include "iam_test_support.hpp"

using namespace wd::iam;
using namespace wd::test;
using wd::json;

TEST_CASE("caller forms are recognised", "[iam][principal]") {
    caller s = parse_caller("arn:aws:sts::111111111111:assumed-role/app/sess1");
    CHECK(s.kind == caller_kind::session);
    CHECK(s.role_name == "app");
    CHECK(s.name == "sess1");
    CHECK(s.role_arn == "arn:aws:iam::111111111111:role/app");
    CHECK(parse_caller("arn:aws:iam::111111111111:user/path/alice").name == "alice");
    CHECK(parse_caller("arn:aws:iam::111111111111:root").kind == caller_kind::root);
    CHECK(parse_caller("anonymous").kind == caller_kind::anonymous);
    CHECK(parse_caller("lambda.amazonaws.com").kind == caller_kind::service);
    caller slr = parse_caller("arn:aws:iam::111111111111:role/aws-service-role/elasticloadbalancing.amazonaws.com/X");
    CHECK(slr.kind == caller_kind::role);
    CHECK(slr.service_linked);
}

namespace {
json with_resource_policy(json principal_element, std::string caller, json identity = json::array(),
                          const char* effect = "Allow", const char* element = "Principal") {
    json c = make_case(std::move(identity), request(std::move(caller), "s3:GetObject", object));
    json st = {{"Effect", effect}, {element, std::move(principal_element)}, {"Action", "s3:GetObject"},
               {"Resource", "arn:aws:s3:::bkt/*"}};
    c["resourcePolicy"] = doc(json::array({st}));
    return c;
}
}  // namespace

TEST_CASE("resource policy principals: role ARN covers its sessions, names are case-sensitive", "[iam][principal]") {
    CHECK(reason(with_resource_policy({{"AWS", role}}, session)) == "allow:resource");
    CHECK(reason(with_resource_policy({{"AWS", session}}, session)) == "allow:resource");
    CHECK(decision(with_resource_policy({{"AWS", "arn:aws:iam::111111111111:role/App"}}, session)) == "ImplicitDeny");
    CHECK(reason(with_resource_policy("*", session)) == "allow:resource");
    CHECK(reason(with_resource_policy({{"AWS", "111111111111"}}, session)) ==
          "implicit_deny:account_principal_needs_identity_grant");
    CHECK(reason(with_resource_policy({{"AWS", "arn:aws:iam::111111111111:root"}}, role,
                                      json::array({allow_stmt("s3:GetObject")}))) == "allow:identity+resource");
}

TEST_CASE("service principals and anonymous callers are granted only by resource policies", "[iam][principal]") {
    CHECK(reason(with_resource_policy({{"Service", "cloudtrail.amazonaws.com"}}, "cloudtrail.amazonaws.com")) ==
          "allow:resource");
    CHECK(decision(with_resource_policy({{"Service", "cloudtrail.amazonaws.com"}}, "config.amazonaws.com")) ==
          "ImplicitDeny");
    CHECK(reason(with_resource_policy("*", "anonymous")) == "allow:resource");
    CHECK(decision(with_resource_policy({{"AWS", role}}, "anonymous")) == "ImplicitDeny");
}

TEST_CASE("NotPrincipal with Deny: the session must be listed, or the role with its account", "[iam][principal]") {
    json allow_all = json::array({allow_stmt("s3:*")});
    auto deny_except = [&](json list) {
        return decision(with_resource_policy({{"AWS", std::move(list)}}, session, allow_all, "Deny", "NotPrincipal"));
    };
    CHECK(deny_except(json::array({role})) == "ExplicitDeny");
    CHECK(deny_except(json::array({session})) == "Allow");
    CHECK(deny_except(json::array({role, "arn:aws:iam::111111111111:root"})) == "Allow");
    CHECK(deny_except(json::array({"arn:aws:iam::111111111111:role/other"})) == "ExplicitDeny");
    // A caller with a permissions boundary is never excluded: "A Deny with NotPrincipal will always deny any
    // IAM principal that has a permissions boundary policy attached" (NotPrincipal element docs).
    json bounded = with_resource_policy({{"AWS", json::array({session})}}, session, allow_all, "Deny", "NotPrincipal");
    bounded["permissionBoundaryPolicies"] = json::array({doc(json::array({allow_stmt("*")}))});
    CHECK(decision(bounded) == "ExplicitDeny");
}

TEST_CASE("an unrecognised principal is evaluated with a warning", "[iam][principal]") {
    json out = run(make_case(json::array({allow_stmt("s3:*")}), request("AROAEXAMPLEID", "s3:GetObject", object)));
    REQUIRE_FALSE(out["diagnostics"].empty());
    CHECK(out["diagnostics"][0]["code"] == "WD4302");
    CHECK(out["diagnostics"][0]["severity"] == "warning");
}
