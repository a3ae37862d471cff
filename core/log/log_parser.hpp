// SPDX-License-Identifier: MIT
// Pulls AccessDenied denials out of whatever a user pasted: Lambda logs, SDK errors of every language,
// CLI/Terraform/CloudFormation/Serverless output, CloudTrail events, decoded authorization messages.
// Linear time; no std::regex.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "iam/catalog.hpp"

namespace wd::log {

struct principal_info {
    std::string arn;           // as printed (may be partial when redacted)
    std::string type;          // "assumed-role" | "user" | "role" | "root" | "federated-user" | "service" | ""
    std::string account_id;
    std::string role_name;
    std::string session_name;
    std::string user_name;
    std::string text;          // a principal that is not an ARN, as printed ("anonymous", "xxx"); "" otherwise
};

struct denial {
    int line = 0;  // 1-based line of the log where the denial message starts
    std::string error_code;  // "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", ...
    std::string service;     // IAM service prefix, lower case
    std::string operation;   // API operation as printed, "" if none
    std::string action;      // "cloudwatch:GetMetricStatistics", "" if it cannot be known
    std::optional<std::string> resource;  // ARN or non-ARN resource text; nullopt when none printed
    principal_info principal;
    std::string reason = "unspecified";  // contract reason classes
    std::string reason_policy_arn;      // newer messages name the denying policy
    std::string encoded_message;        // "Encoded authorization failure message: ..."
    std::vector<std::string> redacted;  // fields whose text holds a redaction placeholder: "principal.arn",
                                        // "principal.accountId", "principal.roleName", "principal.sessionName",
                                        // "principal.userName", "resource" (values stay as printed)
    bool action_inferred = false;       // true when mapped from an operation name
    bool truncated = false;
    int count = 1;                      // identical denials merged
    json context = json::object();      // request context from a decoded authorization message
    int end_line = 0;                   // last line the denial's text reaches (>= line)
    std::string logical_id;             // CloudFormation logical id the deploy error names ("IngestLambdaFunction")
    bool execution_role_check = false;  // Lambda's own check of the execution role at deploy (M10), not a call's denial
    bool image_pull_check = false;      // Lambda could not pull the function's container image (ECR repository policy)
    bool authorizer_check = false;      // API Gateway refused the call on its Lambda authorizer's returned policy
    std::vector<std::string> checked_actions;  // the actions such a check lists ("GetRecords, GetShardIterator, ...")
    bool explicit_deny = false;         // "with an explicit deny in ...": an Allow elsewhere cannot lift it
};

struct parse_result {
    std::vector<denial> denials;
    diagnostics diags;
};

// `cat` may be null (or empty): action names are then kept as printed.
parse_result parse_log(std::string_view text, const iam::catalog* cat);

// The contract's denial fields (section 2) in its order, null for absent strings, then "reasonPolicyArn",
// "encodedMessage", "redacted", "actionInferred", "truncated", "count", "context", "endLine", "logicalId"; strings are made
// valid UTF-8 (U+FFFD for invalid bytes of the paste).
json to_json(const denial& d);
json to_json(const parse_result& r);  // {"denials": [...], "diagnostics": [...]}

}  // namespace wd::log
