// SPDX-License-Identifier: MIT
// JSON helpers that reproduce the JavaScript semantics the framework relies on: lodash `isEqual` (key
// order ignored), lodash `merge` (lists merge by index), JS truthiness, and dotted config paths.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/js_text.hpp"
#include "common/json.hpp"

namespace wd::sls {

// lodash `_.isEqual` on JSON values: objects compare as sets of keys, arrays by position.
bool deep_equal(const json& a, const json& b);

// lodash `_.merge(dst, src)`: objects merge key by key, arrays element by element, scalars replace.
void lodash_merge(json& dst, const json& src);

// JavaScript truthiness of a JSON value ("" / 0 / false / null are falsy; {} and [] are truthy).
bool truthy(const json& v);
// A string still holding a `${...}` placeholder after resolution (a value that needs AWS, kept as WD2003):
// the framework would see the resolved text, so checks of the literal shape must not judge it.
bool holds_placeholder(const json& v);

// Ajv's coercion (`coerceTypes: 'array'`, in every validation mode) of a value where the schema wants a string:
// a number or a boolean becomes its JavaScript text, null the empty string; anything else is left as it is.
void coerce_to_string(json& v);

// JavaScript's `String(value)` and a number's text (common/js_text.hpp).
using wd::js_number;
using wd::js_string;
// A DependsOn value the schema types as a list of strings (awsResourceDependsOn, provider.js:723): a single value
// becomes a one-item list, and each item is coerced as above.
json ajv_depends_on(const json& v);

// lodash `_.isEmpty`: null, "", [], {} and numbers/booleans count as empty.
bool is_empty_like(const json& v);

// Member or null, never throws (null when `obj` is not an object).
const json& member(const json& obj, std::string_view key);
bool has_key(const json& obj, std::string_view key);

// "/provider/iam" -> "provider.iam" (for messages the way the framework prints property paths).
std::string pointer_to_path(std::string_view pointer);

// Appends one JSON-pointer token to a pointer.
std::string child_pointer(const std::string& pointer, std::string_view token);
std::string child_pointer(const std::string& pointer, std::size_t index);

}  // namespace wd::sls
