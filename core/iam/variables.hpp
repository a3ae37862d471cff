// SPDX-License-Identifier: MIT
// Policy variables (Version 2012-10-17 only): `${aws:username}`, `${aws:PrincipalTag/k}`, defaults
// `${aws:x, 'd'}`, and the literals `${*}`, `${?}`, `${$}`.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "iam/request_context.hpp"

namespace wd::iam {

bool has_variables(std::string_view text) noexcept;

// Substitutes every variable. `as_pattern`: the result is a wildcard pattern, so `${*}`/`${?}` and any
// `*`/`?` in substituted values become literal sentinels (glob.hpp). Returns nullopt when a variable
// cannot be resolved (absent key without default, or a multivalued key): the value cannot match.
// `missing` receives the first unresolved key.
std::optional<std::string> substitute_variables(std::string_view text, const request_context& ctx, bool as_pattern,
                                                std::string* missing = nullptr);

}  // namespace wd::iam
