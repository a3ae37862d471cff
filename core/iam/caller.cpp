// SPDX-License-Identifier: MIT
#include "iam/caller.hpp"

#include "iam/arn.hpp"

namespace wd::iam {

static std::string_view last_segment(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

caller parse_caller(std::string_view principal) {
    caller c;
    c.arn = std::string(principal);
    if (principal.empty() || principal == "anonymous" || principal == "*") {
        c.kind = caller_kind::anonymous;
        return c;
    }
    if (!is_arn(principal)) {
        // Service principals are DNS names ("lambda.amazonaws.com"); anything else is not a known form.
        c.kind = principal.find('.') != std::string_view::npos ? caller_kind::service : caller_kind::unknown;
        return c;
    }
    arn_parts p = split_arn(principal);
    c.partition = std::string(p.partition());
    c.account = std::string(p.account());
    std::string_view res = p.resource();
    auto starts = [&](std::string_view prefix) { return res.substr(0, prefix.size()) == prefix; };
    if (p.service() == "iam" && res == "root") {
        c.kind = caller_kind::root;
    } else if (p.service() == "iam" && starts("user/")) {
        c.kind = caller_kind::user;
        c.name = std::string(last_segment(res));
    } else if (p.service() == "iam" && starts("role/")) {
        c.kind = caller_kind::role;
        c.name = c.role_name = std::string(last_segment(res));
        c.role_arn = c.arn;
        c.service_linked = starts("role/aws-service-role/");
    } else if (p.service() == "sts" && starts("assumed-role/")) {
        std::string_view rest = res.substr(13);
        std::size_t slash = rest.find('/');
        c.kind = caller_kind::session;
        c.role_name = std::string(rest.substr(0, slash));
        c.name = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1));
        c.role_arn = "arn:" + c.partition + ":iam::" + c.account + ":role/" + c.role_name;
        // Service-linked role names carry this prefix; sessions do not show the role path.
        c.service_linked = c.role_name.rfind("AWSServiceRoleFor", 0) == 0;
    } else if (p.service() == "sts" && starts("federated-user/")) {
        c.kind = caller_kind::federated_user;
        c.name = std::string(last_segment(res));
    }
    return c;
}

const char* to_string(caller_kind k) {
    switch (k) {
        case caller_kind::anonymous: return "anonymous";
        case caller_kind::service: return "service";
        case caller_kind::root: return "root";
        case caller_kind::user: return "user";
        case caller_kind::role: return "role";
        case caller_kind::session: return "assumed-role";
        case caller_kind::federated_user: return "federated-user";
        case caller_kind::unknown: return "unknown";
    }
    return "unknown";
}

const char* principal_type(caller_kind k) {
    switch (k) {
        case caller_kind::anonymous: return "Anonymous";
        case caller_kind::service: return "AWSService";
        case caller_kind::root: return "Account";
        case caller_kind::user: return "User";
        case caller_kind::role: return "AssumedRole";
        case caller_kind::session: return "AssumedRole";
        case caller_kind::federated_user: return "FederatedUser";
        case caller_kind::unknown: return "";
    }
    return "";
}

}  // namespace wd::iam
