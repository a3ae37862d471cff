// SPDX-License-Identifier: MIT
// Reading the fields of an API input document without trusting its shape: a field of the wrong type is
// a WD9002 diagnostic, never an exception.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "common/diagnostic.hpp"
#include "common/json.hpp"

namespace wd::api {

std::optional<std::string> optional_string(const json& input, const char* field, diagnostics& diags);
std::string string_or_empty(const json& input, const char* field, diagnostics& diags);
std::map<std::string, std::string> string_map(const json& input, const char* field, diagnostics& diags);
bool bool_or_false(const json& input, const char* field, diagnostics& diags);

}  // namespace wd::api
