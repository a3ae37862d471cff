// SPDX-License-Identifier: MIT
// Plain YAML scalars typed the way js-yaml's default schema (used by the Serverless Framework) types
// them: null, booleans, integers, floats and timestamps (as the ISO text JSON.stringify gives a Date);
// everything quoted stays a string.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace wd::yaml {
json typed_scalar(const std::string& text, bool plain);

// A scalar under an explicit YAML core tag (`!!int "7"`, `!!bool "true"`, `!!timestamp 2024-01-15`): `type` is
// the tag's name after `tag:yaml.org,2002:` (null, bool, int, float, timestamp). nullopt where js-yaml cannot
// resolve the text as that type ("cannot resolve a node with !<tag:yaml.org,2002:int> explicit tag").
std::optional<json> resolve_core_scalar(std::string_view type, const std::string& text);

// Is `text` a decimal integer written with a leading zero (`010`, `012345678901`)? js-yaml reads it as a
// number and the zero is lost, which in an account id or a code is rarely what the author meant.
bool drops_leading_zero(const std::string& text);
}
