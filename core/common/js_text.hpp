// SPDX-License-Identifier: MIT
// JavaScript's text of a value, as the framework (Node) makes it: the YAML reader turning a key into text, the
// framework's `"" + value`, Ajv's coercions.
#pragma once
#include <string>

#include "common/json.hpp"

namespace wd {

// JavaScript's `String(value)` (the framework's `"" + value`): a number as Number.prototype.toString writes the
// double js-yaml read (`12345678901234567890` -> "12345678901234567000", `1e-7` -> "1e-7", `0.000001` ->
// "0.000001"), a list as its items joined with `,` (null items empty, nested lists joined too), a mapping as
// "[object Object]", null as "null".
std::string js_string(const json& v);
std::string js_number(double d);

// A key JavaScript treats as an array index (`0`, `17`; not `01`, not past 4294967294): such keys come first.
bool js_array_index_key(const std::string& key);
// `v`'s members in a JavaScript object's order (ECMAScript OrdinaryOwnPropertyKeys): array-index keys first in
// ascending order, then the others as inserted. `deep`: every mapping inside too (what JSON.parse gives).
void js_key_order(json& v, bool deep = false);

}  // namespace wd
