// SPDX-License-Identifier: MIT
// The one JSON value type used across the core. Ordered, so documents keep the key order in which the
// framework (or the user) wrote them: output stays readable and identical on every target.
#pragma once
#include <nlohmann/json.hpp>

namespace wd {
using json = nlohmann::ordered_json;
}  // namespace wd
