// SPDX-License-Identifier: MIT
// Warnings about the config as pasted: grants broader than any function needs.
#pragma once
#include <map>
#include <set>
#include <string>

#include "explain/analysis.hpp"

namespace wd::explain {

// role logical id -> the requests the log shows for it (actions and resources)
using needs_by_role = std::map<std::string, std::vector<request_view>>;

// Appends lint records to `lint` (key, args, text, line, severity) and matching WD55xx diagnostics.
void lint_config(const config_model& cm, const needs_by_role& needs, const iam::catalog* cat, std::string_view locale,
                 json& lint, diagnostics& diags);

}  // namespace wd::explain
