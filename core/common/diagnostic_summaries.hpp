// SPDX-License-Identifier: MIT
// One-line summaries of diagnostic codes in languages other than English (a diagnostic's own message is
// English). The data is core/common/diagnostic_summaries_ja.json, the one table both the CLI's report and the
// page read (the page imports the same file), compiled in at build time.
#pragma once
#include <string_view>

namespace wd {

// The summary of `code` in `locale` ("ja"), or "" when there is none (English, or a code without one).
std::string_view diagnostic_summary(std::string_view code, std::string_view locale);

}  // namespace wd
