// SPDX-License-Identifier: MIT
// Does a request's resource ARN name something of one of the action's resource types? The Service
// Authorization Reference gives each resource type an ARN template
// (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`); a request whose concrete ARN fits none of the
// action's templates is an evaluation error (`error:no.resource.types`), as in @cloud-copilot/iam-simulate,
// which the iam-eval corpus follows: s3:GetObject asked on a bucket ARN, dynamodb:PutItem on a stream.
#pragma once
#include <string_view>

namespace wd::iam {

// The ARN's five fixed parts are compared one by one (case-insensitively); a `*` part of the template
// matches anything, an empty part only an empty one; a `${Variable}` stands for one or more characters,
// none of them `:` or `/` when the variable is the whole part.
bool arn_fits_resource_type(std::string_view arn, std::string_view arn_template);

}  // namespace wd::iam
