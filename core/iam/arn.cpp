// SPDX-License-Identifier: MIT
#include "iam/arn.hpp"

#include "iam/glob.hpp"

namespace wd::iam {

arn_parts split_arn(std::string_view arn) noexcept {
    arn_parts p;
    std::size_t start = 0;
    while (p.count < 5) {
        std::size_t colon = arn.find(':', start);
        if (colon == std::string_view::npos) break;
        p.seg[p.count++] = arn.substr(start, colon - start);
        start = colon + 1;
    }
    p.seg[p.count++] = arn.substr(start);
    return p;
}

bool is_masked_account(std::string_view account) noexcept {
    return !account.empty() && account != "aws" && account.find_first_not_of("0123456789") != std::string_view::npos;
}

bool is_arn(std::string_view text) noexcept {
    return text.size() > 4 && text.substr(0, 4) == "arn:" && split_arn(text).count == 6;
}

bool resource_pattern_matches(std::string_view pattern, std::string_view resource, step_budget* budget) noexcept {
    if (pattern == "*") return true;
    arn_parts p = split_arn(pattern);
    arn_parts r = split_arn(resource);
    if (p.count < 6 || r.count < 6) return glob_match(pattern, resource, false, budget);
    for (int i = 0; i < 5; ++i)
        if (!glob_match(p.seg[i], r.seg[i], true, budget)) return false;
    return glob_match(p.seg[5], r.seg[5], false, budget);
}

bool arn_condition_matches(std::string_view pattern, std::string_view value, step_budget* budget) noexcept {
    if (pattern == "*") return true;
    arn_parts p = split_arn(pattern);
    arn_parts v = split_arn(value);
    if (p.count < 6 || v.count < 6) return false;
    for (int i = 0; i < 6; ++i)
        if (!glob_match(p.seg[i], v.seg[i], false, budget)) return false;
    return true;
}

}  // namespace wd::iam
