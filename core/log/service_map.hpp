// SPDX-License-Identifier: MIT
// Where the IAM service prefix and action come from when a log names only an SDK service id, a namespace, an
// endpoint host or an API operation (research: shared/research/errorlogs/OPMAP.md). Internal to core/log.
#pragma once
#include <string>
#include <string_view>

#include "iam/catalog.hpp"

namespace wd::log::detail {

// "AWSSecurityTokenService", "SimpleSystemsManagement", "CloudWatchLogs", "monitoring", "email", "Amazon S3",
// "bedrock-runtime" ... -> IAM prefix ("sts", "ssm", "logs", "cloudwatch", "ses", "s3", "bedrock"); "" if unknown.
std::string service_from_id(std::string_view id, const iam::catalog* cat);

// The IAM action an operation is authorised as, when it differs from "<service>:<Operation>" (OPMAP.md §2);
// "" when the table has no exception. `op` may be camelCase (JS/CDK method names).
std::string mapped_action_name(std::string_view service, std::string_view op);

// The service an operation belongs to when the operation name alone tells (unique across AWS APIs), using the
// exceptions table, a short list of well-known operations and, when given, the catalog. "" if ambiguous.
std::string service_for_operation(std::string_view op, const iam::catalog* cat);

// Last-resort service from an error-code family (OPMAP.md §1 row 13); "" if none.
// For a denial whose code is `AccessDenied`: the one XML-protocol service (query or rest-xml) among the
// operation's candidates, else "" (PutMetricData is also two JSON services' action; CloudWatch answers in XML).
std::string service_for_xml_code(std::string_view op, const iam::catalog* cat);
// Whether S3 has an operation of that name (PutObject is also MediaStore's, CreateBucket Lightsail's).
bool s3_operation(std::string_view op, const iam::catalog* cat);
std::string service_from_error_code(std::string_view code);

// "getBucketLocation" -> "GetBucketLocation".
std::string pascal_case(std::string_view op);

}  // namespace wd::log::detail
