// SPDX-License-Identifier: MIT
#include "iam/glob.hpp"

namespace wd::iam {

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

static bool char_matches(char p, char t, bool ci) noexcept {
    if (p == literal_star) return t == '*';
    if (p == literal_question) return t == '?';
    return ci ? ascii_lower(p) == ascii_lower(t) : p == t;
}

// Greedy two-pointer matcher with a single backtrack point: linear in practice, no recursion, no allocation.
bool glob_match(std::string_view p, std::string_view t, bool ci) noexcept {
    std::size_t pi = 0, ti = 0;
    std::size_t star_p = std::string_view::npos, star_t = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == '*') {
            star_p = pi++;
            star_t = ti;
        } else if (pi < p.size() && (p[pi] == '?' || char_matches(p[pi], t[ti], ci))) {
            ++pi;
            ++ti;
        } else if (star_p != std::string_view::npos) {
            pi = star_p + 1;
            ti = ++star_t;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

bool template_match(std::string_view p, std::string_view t) noexcept {
    std::size_t pi = 0, ti = 0;
    std::size_t star_p = std::string_view::npos, star_t = 0;
    auto placeholder_end = [&](std::size_t at) -> std::size_t {
        if (at + 1 < p.size() && p[at] == '$' && p[at + 1] == '{') {
            std::size_t close = p.find('}', at);
            if (close != std::string_view::npos) return close + 1;
        }
        return 0;
    };
    while (ti < t.size()) {
        std::size_t end = pi < p.size() ? placeholder_end(pi) : 0;
        if (end) {
            star_p = end;
            pi = end;
            star_t = ti;
        } else if (pi < p.size() && ascii_lower(p[pi]) == ascii_lower(t[ti])) {
            ++pi;
            ++ti;
        } else if (star_p != std::string_view::npos) {
            pi = star_p;
            ti = ++star_t;
        } else {
            return false;
        }
    }
    while (pi < p.size()) {
        std::size_t end = placeholder_end(pi);
        if (!end) break;
        pi = end;
    }
    return pi == p.size();
}

bool has_wildcard(std::string_view pattern) noexcept {
    return pattern.find_first_of("*?") != std::string_view::npos;
}

}  // namespace wd::iam
