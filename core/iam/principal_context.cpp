// SPDX-License-Identifier: MIT
#include "iam/principal_context.hpp"

namespace wd::iam {

std::vector<std::string> fill_principal_context(const caller& who, request_context& ctx) {
    std::vector<std::string> added;
    // Keys are compared lower-cased; lower_copy of a literal is cheap next to a lookup miss.
    auto fill = [&](const char* key, std::string value) {
        std::string lower = lower_copy(key);
        if (ctx.contains(lower)) return;
        ctx.append(key, std::move(lower), {std::move(value)}, false);
        added.push_back(key);
    };
    switch (who.kind) {
        case caller_kind::anonymous:
        case caller_kind::unknown: return added;
        case caller_kind::service:
            fill("aws:PrincipalIsAWSService", "true");
            fill("aws:PrincipalServiceName", who.arn);
            return added;
        default: break;
    }
    // For a role session AWS reports the role's ARN as aws:PrincipalArn, not the session ARN.
    fill("aws:PrincipalArn", who.kind == caller_kind::session ? who.role_arn : who.arn);
    fill("aws:PrincipalAccount", who.account);
    fill("aws:PrincipalType", principal_type(who.kind));
    fill("aws:PrincipalIsAWSService", "false");
    if (who.kind == caller_kind::user) fill("aws:username", who.name);
    // Only IAM users have a user name: for a role session, a role, the root user it is never in the request.
    else if (!ctx.contains("aws:username")) ctx.mark_never_present("aws:username");
    if (who.kind == caller_kind::root) fill("aws:userid", who.account);
    if (who.kind == caller_kind::federated_user) fill("aws:userid", who.account + ":" + who.name);
    return added;
}

}  // namespace wd::iam
