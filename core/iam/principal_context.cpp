// SPDX-License-Identifier: MIT
#include "iam/principal_context.hpp"

namespace wd::iam {

std::vector<std::string> fill_principal_context(const caller& who, request_context& ctx) {
    std::vector<std::string> added;
    added.reserve(6);
    // `lower`: the key lower-cased (spelled out: lower-casing literals was a fifth of an evaluation's work).
    auto fill = [&](const char* key, const char* lower, std::string value) {
        if (ctx.contains(lower)) return;
        ctx.append(key, lower, {std::move(value)}, false);
        added.push_back(key);
    };
    switch (who.kind) {
        case caller_kind::anonymous:
        case caller_kind::unknown: return added;
        case caller_kind::service:
            fill("aws:PrincipalIsAWSService", "aws:principalisawsservice", "true");
            fill("aws:PrincipalServiceName", "aws:principalservicename", who.arn);
            return added;
        default: break;
    }
    // For a role session AWS reports the role's ARN as aws:PrincipalArn, not the session ARN.
    fill("aws:PrincipalArn", "aws:principalarn", who.kind == caller_kind::session ? who.role_arn : who.arn);
    fill("aws:PrincipalAccount", "aws:principalaccount", who.account);
    fill("aws:PrincipalType", "aws:principaltype", principal_type(who.kind));
    fill("aws:PrincipalIsAWSService", "aws:principalisawsservice", "false");
    if (who.kind == caller_kind::user) fill("aws:username", "aws:username", who.name);
    // Only IAM users have a user name: for a role session, a role, the root user it is never in the request.
    else if (!ctx.contains("aws:username")) ctx.mark_never_present("aws:username");
    if (who.kind == caller_kind::root) fill("aws:userid", "aws:userid", who.account);
    if (who.kind == caller_kind::federated_user) fill("aws:userid", "aws:userid", who.account + ":" + who.name);
    // A role session's aws:userid is `<role id>:<session name>` (policy variables page): the session name is
    // known, the role id is not; conditions that the session name alone decides are decided.
    if (who.kind == caller_kind::session && !who.name.empty() && !ctx.contains("aws:userid")) {
        ctx.append_role_session_userid(who.name);
        added.push_back("aws:userid");
    }
    return added;
}

}  // namespace wd::iam
