// SPDX-License-Identifier: MIT
// Readable reports for the CLI without --json (package, evaluate, parse-log; explain renders its own).
#pragma once
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "serverless/package.hpp"

namespace wd::api {

json package_roles_to_json(const sls::package_result& r);  // CONTRACT section 2 "roles" shape
std::string render_report(std::string_view command, const json& answer);

}  // namespace wd::api
