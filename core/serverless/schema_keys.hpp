// SPDX-License-Identifier: MIT
// Unknown properties: the framework validates the config against its JSON schema and warns (default) or stops
// (`configValidationMode: error`) on a property it does not know, such as a typo `iamRoleStatement`.
#pragma once
#include "serverless/context.hpp"

namespace wd::sls {

// WD2016 for unknown keys at the top level, under `provider`, in a function and in the per-function plugin's
// `custom` block. Skipped when other plugins are listed: they may define properties of their own.
void check_unknown_properties(context& ctx);

// The schema checks apply: the config is an object listing no plugin but serverless-iam-roles-per-function
// (another plugin may extend the schema).
bool schema_is_known(const json& cfg);

// A schema finding: an error with `configValidationMode: error` (the framework stops), else a warning.
void report_schema(context& ctx, const std::string& code, const std::string& message, const std::string& pointer, json args);

}  // namespace wd::sls
