// SPDX-License-Identifier: MIT
// The framework's naming rules (lib/plugins/aws/lib/naming.js), so logical ids match `sls package`.
#pragma once
#include <string>
#include <string_view>

namespace wd::sls::naming {

inline constexpr const char* shared_role_id = "IamRoleLambdaExecution";
inline constexpr const char* custom_resources_role_id = "IamRoleCustomResourcesLambdaExecution";

// getNormalizedFunctionName: `-` -> "Dash", `_` -> "Underscore", first letter upper-cased.
std::string normalized(std::string_view name);
std::string lambda_logical_id(std::string_view function_key);     // <Norm>LambdaFunction
std::string log_group_logical_id(std::string_view function_key);  // <Norm>LogGroup
// `${AWS::Partition}`-style log-group ARN inside Fn::Sub for /aws/lambda/<name><suffix>.
std::string log_group_arn_sub(std::string_view log_group_name_and_suffix);

}  // namespace wd::sls::naming
