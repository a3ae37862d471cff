// SPDX-License-Identifier: MIT
// The effective roles as the JSON interface shows them (CONTRACT section 2 "roles"): one writer, used by
// both `package` and `explain`, so the two answers cannot drift apart.
#pragma once
#include <vector>

#include "common/json.hpp"
#include "serverless/package.hpp"

namespace wd::sls {

json source_to_json(const statement_source& s);  // {"kind", "line" (null when none), "column"?, "pointer"?, "detail"?}
json roles_to_json(const std::vector<role_info>& roles);

}  // namespace wd::sls
