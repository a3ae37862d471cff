// SPDX-License-Identifier: MIT
// Text after a document's root flow collection or quoted scalar (`[a], b`, `"x", y`, `{...},` -- a JSON
// object pasted with a trailing comma, `'a';`) is invalid YAML, and js-yaml (so the framework) says so
// right there. yaml-cpp 0.7.0 instead starts another document at it, or stalls on a `,` it cannot place
// (the loader stops that in general, see document.cpp, but at the comma). This scan names the first
// character after the root value, before yaml-cpp sees the text. Found by tests/fuzz/yaml_fuzz.cpp;
// tests in tests/yaml/hang_guard_test.cpp.
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
