// SPDX-License-Identifier: MIT
// ARN splitting and per-segment matching. An ARN has six segments
// (arn:partition:service:region:account:resource); the resource segment keeps any further colons.
#pragma once
#include <string_view>

#include "iam/glob.hpp"

namespace wd::iam {

struct arn_parts {
    std::string_view seg[6];
    int count = 0;  // 6 for a full ARN; fewer when the text has fewer colons
    std::string_view partition() const { return seg[1]; }
    std::string_view service() const { return seg[2]; }
    std::string_view region() const { return seg[3]; }
    std::string_view account() const { return seg[4]; }
    std::string_view resource() const { return seg[5]; }
};

arn_parts split_arn(std::string_view arn) noexcept;
bool is_arn(std::string_view text) noexcept;  // starts with "arn:" and has six segments
// An ARN's account field is empty, `aws` (AWS's own resources) or digits; anything else (`***`, `*redacted*`,
// `ACCOUNT_ID`) is a mask typed over it. (A wrong count of digits is a typo, not a mask.)
bool is_masked_account(std::string_view account) noexcept;

// Resource element matching: segments one by one; partition/service/region/account compared
// case-insensitively (as AWS's own evaluator does), the resource segment case-sensitively. A trailing
// `*` in the resource segment spans colons. `"*"` matches everything.
// `budget` (may be null) bounds the matching work (see glob.hpp).
bool resource_pattern_matches(std::string_view pattern, std::string_view resource, step_budget* budget = nullptr) noexcept;

// ArnEquals/ArnLike: every segment case-sensitive with wildcards; a pattern of fewer than six segments
// never matches.
bool arn_condition_matches(std::string_view pattern, std::string_view value, step_budget* budget = nullptr) noexcept;

}  // namespace wd::iam
