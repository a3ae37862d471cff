// SPDX-License-Identifier: MIT
// yaml-cpp 0.7.0 (Debian 12) never returns when a document's root value is a flow collection or a
// quoted scalar followed by a `,` (`[a], b`, `"x", y`, `{...},` -- a JSON object pasted with a
// trailing comma). Such text is invalid YAML anyway, so we detect it before yaml-cpp sees it.
// Found by tests/fuzz/yaml_fuzz.cpp; regression tests in tests/yaml/hang_guard_test.cpp.
#pragma once
#include <string_view>

namespace wd::yaml {

struct stray_comma {
    bool found = false;
    int line = 0;    // 1-based position of the `,`
    int column = 0;
    bool comma = true;  // false: other text after the root value
};

// Linear scan of every document's root value.
stray_comma find_comma_after_root_value(std::string_view text);

}  // namespace wd::yaml
