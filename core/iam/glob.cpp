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

namespace {

// Whether `piece` (no `*` inside) matches `text` at `at`; `steps` counts the comparisons made.
bool piece_at(std::string_view piece, std::string_view text, std::size_t at, bool ci, std::uint64_t& steps) noexcept {
    for (std::size_t i = 0; i < piece.size(); ++i) {
        ++steps;
        if (piece[i] != '?' && !char_matches(piece[i], text[at + i], ci)) return false;
    }
    return true;
}

}  // namespace

// The old greedy single-backtrack matcher was O(|text| * |pattern|) on `*?*?*?...` patterns against long
// ARNs (every mismatch restarted the pattern after the last star). Anchoring the first and last pieces
// and placing each middle piece at its leftmost fit never revisits text already passed.
bool glob_match(std::string_view p, std::string_view t, bool ci, step_budget* budget) noexcept {
    if (budget && budget->exhausted) return false;
    std::uint64_t steps = 1;
    auto finish = [&](bool result) {
        if (budget && !budget->charge(steps)) return false;
        return result;
    };
    const std::size_t first_star = p.find('*');
    if (first_star == std::string_view::npos) {
        if (p.size() != t.size()) return finish(false);
        return finish(piece_at(p, t, 0, ci, steps));
    }
    const std::size_t last_star = p.rfind('*');
    std::string_view head = p.substr(0, first_star);
    std::string_view tail = p.substr(last_star + 1);
    if (head.size() + tail.size() > t.size()) return finish(false);
    if (!piece_at(head, t, 0, ci, steps)) return finish(false);
    if (!piece_at(tail, t, t.size() - tail.size(), ci, steps)) return finish(false);
    // Middle pieces, left to right, within the text the head and tail leave free.
    std::size_t pos = head.size();
    const std::size_t end = t.size() - tail.size();
    std::size_t i = first_star + 1;
    while (i < last_star) {
        std::size_t next = p.find('*', i);
        std::string_view piece = p.substr(i, next - i);
        i = next + 1;
        if (piece.empty()) continue;
        bool found = false;
        for (; pos + piece.size() <= end; ++pos) {
            ++steps;
            if (budget && budget->used + steps > budget->limit) return finish(false);
            if (piece_at(piece, t, pos, ci, steps)) {
                found = true;
                break;
            }
        }
        if (!found) return finish(false);
        pos += piece.size();
    }
    return finish(true);
}

bool glob_match(std::string_view p, std::string_view t, bool ci) noexcept { return glob_match(p, t, ci, nullptr); }

bool template_match(std::string_view p, std::string_view t) noexcept {
    std::size_t pi = 0, ti = 0;
    std::size_t star_p = std::string_view::npos, star_t = 0;
    auto placeholder_end = [&](std::size_t at) -> std::size_t {
        if (at + 1 < p.size() && p[at] == '$' && p[at + 1] == '{') {
            std::size_t close = p.find('}', at);
            if (close != std::string_view::npos) return close + 1;
        }
        // The catalog writes S3's object-tag keys with `<key>` (`s3:ExistingObjectTag/<key>`) where every
        // other key has `${TagKey}`: the same placeholder.
        if (p[at] == '<') {
            std::size_t close = p.find('>', at);
            if (close != std::string_view::npos && close > at + 1) return close + 1;
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
