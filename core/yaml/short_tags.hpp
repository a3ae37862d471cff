// SPDX-License-Identifier: MIT
// CloudFormation short-form intrinsic tags -> long form, as the framework's YAML schema does.
#pragma once
#include <string>

#include "common/json.hpp"

namespace wd::yaml {

struct tag_result {
    bool ok = false;  // false: unknown tag, `value` returned unchanged
    json value;
};

tag_result apply_short_tag(const std::string& tag, json value, bool scalar);

}  // namespace wd::yaml
