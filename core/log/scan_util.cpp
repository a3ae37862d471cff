// SPDX-License-Identifier: MIT
#include "log/scan_util.hpp"

#include "iam/arn.hpp"

namespace wd::log::detail {

bool looks_redacted(std::string_view s) {
    if (s.empty()) return false;
    std::size_t run_upper_x = 0, run_lower_x = 0, run_star = 0, all_x = 0;
    bool open_sq = false, open_angle = false, open_brace = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        // (Lambda's log streams name the version in brackets: `[$LATEST]`, `[12]`.)
        if (c == '[' && !(s.compare(i, 9, "[$LATEST]") == 0)) {
            std::size_t d = i + 1;
            while (d < s.size() && s[d] >= '0' && s[d] <= '9') ++d;
            open_sq = !(d > i + 1 && d < s.size() && s[d] == ']');
        }
        if (c == ']' && open_sq) return true;
        if (c == '<') open_angle = true;
        if (c == '>' && open_angle) return true;
        if (c == '{') open_brace = true;
        if (c == '}' && open_brace) return true;
        run_upper_x = c == 'X' ? run_upper_x + 1 : 0;
        run_lower_x = c == 'x' ? run_lower_x + 1 : 0;
        run_star = c == '*' ? run_star + 1 : 0;
        if (c == 'x' || c == 'X') ++all_x;
        if (run_upper_x >= 3 || run_lower_x >= 4 || run_star >= 2) return true;
    }
    if (all_x == s.size() && s.size() >= 3) return true;
    const std::string l = lower_copy(s);
    return l.find("redacted") != std::string::npos ||
           l.find("...") != std::string::npos || s.find("\xE2\x80\xA6") != std::string_view::npos ||
           l.find("<cut>") != std::string::npos || (s.size() > 1 && (s.front() == '<' || s.back() == '>'));
}

bool masked_account(std::string_view arn) {
    const iam::arn_parts parts = iam::split_arn(arn);
    return arn.substr(0, 4) == "arn:" && parts.count == 6 && iam::is_masked_account(parts.account());
}

}  // namespace wd::log::detail
