// SPDX-License-Identifier: MIT
// Plain YAML scalars typed the way js-yaml's default schema (used by the Serverless Framework) types
// them: null, booleans, integers, floats and timestamps (as the ISO text JSON.stringify gives a Date);
// everything quoted stays a string.
#pragma once
#include <string>

#include "common/json.hpp"

namespace wd::yaml {
json typed_scalar(const std::string& text, bool plain);

// Is `text` a decimal integer written with a leading zero (`010`, `012345678901`)? js-yaml reads it as a
// number and the zero is lost, which in an account id or a code is rarely what the author meant.
bool drops_leading_zero(const std::string& text);
}
