// SPDX-License-Identifier: MIT
// The global condition keys AWS fills from the authenticated principal. Only keys derivable from the
// principal's ARN are filled (aws:userid of a role session needs the role's unique id, so it is not).
#pragma once
#include <string>
#include <vector>

#include "iam/caller.hpp"
#include "iam/request_context.hpp"

namespace wd::iam {

// Adds the keys the request does not carry already; returns the names added.
std::vector<std::string> fill_principal_context(const caller& who, request_context& ctx);

}  // namespace wd::iam
