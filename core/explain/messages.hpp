// SPDX-License-Identifier: MIT
// Explanations are data (a message key + arguments); sentences are rendered from these templates in
// English or Japanese, so the page can re-render in another language without re-running the analysis.
#pragma once
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace wd::explain {

// Template text for `key` in `locale` ("en" fallback), "" when the key is unknown.
std::string_view message_template(std::string_view key, std::string_view locale);

// Fill `{name}` placeholders from `args` (strings as-is, arrays joined with ", ", numbers printed).
std::string render_message(std::string_view key, const json& args, std::string_view locale);

// {"key": key, "args": args, "text": rendered}
json make_record(std::string_view key, json args, std::string_view locale);

}  // namespace wd::explain
