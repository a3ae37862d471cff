// SPDX-License-Identifier: MIT
// The principal making a request, parsed from its ARN (or "anonymous", or a service principal such as
// "lambda.amazonaws.com"). Everything the evaluator needs to know about "who" lives here.
#pragma once
#include <string>
#include <string_view>

namespace wd::iam {

enum class caller_kind { anonymous, service, root, user, role, session, federated_user, unknown };

struct caller {
    caller_kind kind = caller_kind::unknown;
    std::string arn;         // as given
    std::string partition;   // "aws"
    std::string account;     // 12 digits; empty for anonymous and service principals
    std::string name;        // user name, role name, session name, federated user name
    std::string role_name;   // for sessions: the role assumed
    std::string role_arn;    // for roles and sessions: arn:<p>:iam::<acct>:role/<name> (path unknown for sessions)
    bool service_linked = false;  // role path aws-service-role/ (SCPs do not apply)
};

caller parse_caller(std::string_view principal);
const char* to_string(caller_kind k);
// The aws:PrincipalType value AWS sets: "Account", "User", "AssumedRole", "FederatedUser", "Anonymous", ...
const char* principal_type(caller_kind k);

}  // namespace wd::iam
