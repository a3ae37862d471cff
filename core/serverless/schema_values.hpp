// SPDX-License-Identifier: MIT
// Values the framework's JSON schema refuses: it warns (default) or stops (`configValidationMode: error`).
#pragma once
#include "serverless/context.hpp"

namespace wd::sls {

// WD2088 for a value outside Serverless Framework 3.40.0's schema where the schema is a closed list or a
// range: `runtime` (provider and functions), `tracing`, `memorySize`, the event types of a function, the keys
// under `provider.iam`, and the ARN patterns of `kmsKeyArn`, `onError` (SNS only) and `deploymentRole`. A warning, or an error with `configValidationMode: error`. Skipped, like
// check_unknown_properties, when plugins other than serverless-iam-roles-per-function are listed (a plugin
// may define event types of its own).
void check_schema_values(context& ctx);

}  // namespace wd::sls
