// SPDX-License-Identifier: MIT
#include "log/scan_util.hpp"

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
    if (arn.compare(0, 4, "arn:") != 0) return false;
    std::size_t at = 0;
    for (int k = 0; k < 4; ++k)
        if ((at = arn.find(':', at + (k ? 1 : 0))) == std::string_view::npos) return false;
    const std::size_t end = arn.find(':', at + 1);
    if (end == std::string_view::npos) return false;
    const std::string_view account = arn.substr(at + 1, end - at - 1);
    return !account.empty() && account != "aws" && account.find_first_not_of("0123456789") != std::string_view::npos;
}

}  // namespace wd::log::detail
