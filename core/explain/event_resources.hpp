// SPDX-License-Identifier: MIT
// When the log names no resource (a deploy-time check by Lambda, a bare SDK error), the function's own
// event sources often are the resource: its `sqs` queue for sqs:ReceiveMessage, its `stream` for
// dynamodb:GetRecords or kinesis:GetRecords.
#pragma once
#include <optional>
#include <string>

#include "explain/analysis.hpp"

namespace wd::explain {

struct event_resource {
    std::string arn;      // resolved, for the evaluation
    std::string pointer;  // where the config writes it ("/functions/worker/events/0/sqs")
    std::string event;    // "sqs" | "stream"
};

// The one event source of `function_key` whose service is the action's; nothing when there is none or
// several (a guess between two queues is no fix).
std::optional<event_resource> resource_from_events(const config_model& cm, const std::string& function_key,
                                                   const std::string& action);

// Whether `arn` has the shape of one of the action's resource types (its ARN templates, variables as `*`).
bool fits_resource_type(const iam::action_info& info, const std::string& arn);

// The one resource the function's environment names for the action's service (`OUT_BUCKET: arch-dev-out`
// for S3, `AUDIT_TABLE: audit-dev` for DynamoDB, a queue URL or name for SQS, a topic ARN for SNS): the code
// usually calls what its variables name. Nothing when none or several.
std::optional<std::string> resource_from_environment(const config_model& cm, const std::string& function_key,
                                                     const std::string& action, const iam::catalog* cat);

// The one resource, of a type `action` can act on, that the role's Allow statements of the same service
// already name (`s3:PutObject` on `arn:aws:s3:::avatars-dev-store/*` for a denied `s3:GetObject` with no
// resource in the log): nothing when none or several. (Asked after the function's events and environment.)
std::optional<std::string> resource_from_statements(const config_model& cm, const sls::role_info& role,
                                                    const std::string& action, const iam::catalog* cat);

// The one resource the file defines under `resources` (its `Arn`) of a type the action acts on (the search
// domain for `es:ESHttpPost`, the only table for `dynamodb:PutItem`): asked last, when the log, the function's
// events and environment and the role's statements name none. Nothing when none or several.
std::optional<std::string> resource_from_definitions(const config_model& cm, const std::string& action, const iam::catalog* cat);

// OpenSearch's HTTP actions (`es:ESHttpGet`, `es:ESHttpPost`, ...): the call always goes to a domain's endpoint and
// is authorised on the domain's paths (`domain/<name>/*`), although the denial message never names them.
bool is_domain_http_action(std::string_view action);

// The KMS key that encrypts a resource of this file the role's statements already work on (a secret's
// `KmsKeyId`, a queue's `KmsMasterKeyId`, a table's `SSESpecification.KMSMasterKeyId`): the key a `kms:`
// action with no resource in the log was for (Secrets Manager's "Access to KMS is not allowed"). `encrypted`
// gets the logical id of that resource. Nothing when none or several keys.
std::optional<std::string> resource_from_encryption(const config_model& cm, const sls::role_info& role, std::string& encrypted);

}  // namespace wd::explain
