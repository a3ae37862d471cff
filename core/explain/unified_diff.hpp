// SPDX-License-Identifier: MIT
// A unified diff (`--- a/<path>` / `+++ b/<path>`, 3 lines of context) that `git apply` and `patch -p1`
// accept, CRLF lines and a missing final newline included ("\ No newline at end of file").
#pragma once
#include <string>
#include <string_view>

namespace wd::explain {

// "" when the texts are equal.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view path = "serverless.yml");

}  // namespace wd::explain
