// SPDX-License-Identifier: MIT
// Small, allocation-free helpers for the hand-written scanners (no regular expressions: every loop here moves
// forward or is bounded by a fixed window, so the parser stays linear on any input). Internal to core/log.
#pragma once
#include <algorithm>
#include <vector>
#include <cstring>
#include <cstdint>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace wd::log::detail {

inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline char lower(char c) { return is_upper(c) ? static_cast<char>(c + 32) : c; }
inline bool is_ident(char c) { return is_alnum(c) || c == '_'; }

inline bool at(std::string_view t, std::size_t pos, std::string_view lit) {
    return pos <= t.size() && t.size() - pos >= lit.size() && t.compare(pos, lit.size(), lit) == 0;
}
inline bool at_ci(std::string_view t, std::size_t pos, std::string_view lit) {
    if (pos > t.size() || t.size() - pos < lit.size()) return false;
    for (std::size_t i = 0; i < lit.size(); ++i)
        if (lower(t[pos + i]) != lower(lit[i])) return false;
    return true;
}
// Does the text just before `pos` end with `lit`?
inline bool ends_at(std::string_view t, std::size_t pos, std::string_view lit) {
    return pos >= lit.size() && pos <= t.size() && t.compare(pos - lit.size(), lit.size(), lit) == 0;
}
// Length of a dash separating two parts of a line at `pos` (" - ", or the em and en dashes a blog's typography or a
// chat client puts in its place, " \u2014 " and " \u2013 "), else 0.
inline std::size_t dash_separator(std::string_view t, std::size_t pos) {
    for (std::string_view d : {std::string_view(" - "), std::string_view(" \u2014 "), std::string_view(" \u2013 ")})
        if (pos <= t.size() && t.size() - pos >= d.size() && t.compare(pos, d.size(), d) == 0) return d.size();
    return 0;
}
inline std::size_t skip_spaces(std::string_view t, std::size_t pos) {
    while (pos < t.size() && t[pos] == ' ') ++pos;
    return pos;
}
inline std::string lower_copy(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = lower(c);
    return r;
}
inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}
// The last `lit` starting in [lo, hi), or npos. Bounded: never scans outside the window.
inline std::size_t rfind_in(std::string_view t, std::string_view lit, std::size_t lo, std::size_t hi) {
    hi = std::min(hi, t.size());
    if (lo >= hi) return std::string_view::npos;
    const std::size_t r = t.substr(lo, hi - lo + lit.size() - 1 <= t.size() - lo ? hi - lo + lit.size() - 1 : t.size() - lo).rfind(lit);
    return r == std::string_view::npos || lo + r >= hi ? std::string_view::npos : lo + r;
}
// Issue 8: scans that start at a match must not run to the end of the text, or a long line repeating
// the needle costs (matches x line length). Tokens (error codes, host names, identifiers) are looked
// for within this many characters; URIs and ARNs within max_uri_length.
inline constexpr std::size_t max_token_length = 256;
inline constexpr std::size_t max_uri_length = 2048;
// Like t.find(lit, from) but only where `lit` starts within [from, from + window].
inline std::size_t find_within(std::string_view t, std::string_view lit, std::size_t from, std::size_t window) {
    if (from > t.size()) return std::string_view::npos;
    const std::size_t len = std::min(t.size() - from, window + lit.size());
    const std::size_t r = t.substr(from, len).find(lit);
    return r == std::string_view::npos ? std::string_view::npos : from + r;
}
// Index of the byte of `lit` that is probably rarest in a log (punctuation and capitals before digits, before
// lower-case letters and spaces): find_literal looks for that byte, so a needle such as "services." is not
// compared at every `s` of the text (the whole-text scans for service hints were a third of the parse time).
inline std::size_t rarest_byte(std::string_view lit) {
    auto commonness = [](char c) {
        if (c == ' ') return 18;
        if (c == 'e' || c == 't' || c == 'a' || c == 'o' || c == 'i' || c == 'n' || c == 's' || c == 'r') return 16;
        if (c == 'h' || c == 'l' || c == 'd' || c == 'c' || c == 'u' || c == 'm') return 14;
        if (c == 'z' || c == 'q' || c == 'j' || c == 'x' || c == 'k') return 9;  // rarer than a log's punctuation
        if (c >= 'a' && c <= 'z') return 12;
        if (c == ':' || c == '/' || c == '.' || c == '-' || c == '"' || c == '(' || c == ')' || c == '_') return 10;
        if (c >= '0' && c <= '9') return 8;
        if (c >= 'A' && c <= 'Z') return 6;
        return 2;
    };
    std::size_t best = 0;
    for (std::size_t i = 1; i < lit.size(); ++i)
        if (commonness(lit[i]) < commonness(lit[best])) best = i;
    return best;
}
// t.find(lit, from), found through lit[anchor] (see rarest_byte): the same leftmost match.
inline std::size_t find_literal(std::string_view t, std::string_view lit, std::size_t from, std::size_t anchor) {
    if (lit.empty()) return from <= t.size() ? from : std::string_view::npos;
    if (from > t.size() || t.size() - from < lit.size()) return std::string_view::npos;
    const std::size_t last_start = t.size() - lit.size();
    std::size_t h = from + anchor;  // where the anchor byte of a match starting at `from` would be
    for (;;) {
        h = t.find(lit[anchor], h);
        if (h == std::string_view::npos || h - anchor > last_start) return std::string_view::npos;
        const std::size_t start = h - anchor;
        // First and last byte before the full comparison: most anchor hits fail there, without a call.
        if (t[start] == lit.front() && t[start + lit.size() - 1] == lit.back() &&
            t.compare(start, lit.size(), lit) == 0)
            return start;
        ++h;
    }
}
// Issue 5/8: the scanners look for ~80 literals; one memchr pass over the text per literal was most of the
// parse time in WebAssembly (no SIMD there). The positions of each anchor byte are found once per text and
// shared by every literal anchored on that byte.
class scan_index {
public:
    explicit scan_index(std::string_view t) : text(t) {}
    const std::string_view text;
    const std::vector<std::uint32_t>& positions(unsigned char b) {
        if (!built_[b]) {
            built_[b] = true;
            const char* base = text.data();
            const std::size_t n = text.size();
            for (const char* p = n ? static_cast<const char*>(std::memchr(base, b, n)) : nullptr; p;
                 p = static_cast<std::size_t>(p + 1 - base) < n
                         ? static_cast<const char*>(std::memchr(p + 1, b, n - static_cast<std::size_t>(p + 1 - base)))
                         : nullptr)
                positions_[b].push_back(static_cast<std::uint32_t>(p - base));
        }
        return positions_[b];
    }

private:
    std::array<bool, 256> built_{};
    std::array<std::vector<std::uint32_t>, 256> positions_;
};

// Calls f(pos) for every occurrence of `lit` (overlapping ones too), left to right.
template <typename F>
void for_each_match(scan_index& ix, std::string_view lit, F&& f) {
    const std::string_view t = ix.text;
    if (lit.empty() || t.size() < lit.size()) return;
    const std::size_t anchor = rarest_byte(lit);
    const std::size_t last_start = t.size() - lit.size();
    for (const std::uint32_t h : ix.positions(static_cast<unsigned char>(lit[anchor]))) {
        if (h < anchor || h - anchor > last_start) continue;
        const std::size_t start = h - anchor;
        if (t[start] == lit.front() && t[start + lit.size() - 1] == lit.back() && t.compare(start, lit.size(), lit) == 0) f(start);
    }
}

// Calls f(pos) for every occurrence of `lit`, left to right.
template <typename F>
void for_each_match(std::string_view t, std::string_view lit, F&& f) {
    const std::size_t anchor = rarest_byte(lit);
    std::size_t p = find_literal(t, lit, 0, anchor);
    while (p != std::string_view::npos) {
        f(p);
        p = find_literal(t, lit, p + 1, anchor);
    }
}

// Reads [A-Za-z0-9_]* from pos.
inline std::string_view read_ident(std::string_view t, std::size_t pos) {
    std::size_t e = pos;
    while (e < t.size() && is_ident(t[e])) ++e;
    return t.substr(pos, e - pos);
}
inline bool is_twelve_digits(std::string_view s) {
    if (s.size() != 12) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// A placeholder a reporter typed instead of the real value: [my-app-name], <CUT>, {account-id}, XXX, ***,
// REDACTED, an ellipsis. A lone '*' is an IAM wildcard, not a redaction.
bool looks_redacted(std::string_view s);
// An ARN whose account field holds something other than digits, and is not `aws` (`ACCOUNT_ID`, `############`,
// `*redacted*`): masked. (A wrong count of digits is a typo, not a mask.)
bool masked_account(std::string_view arn);

}  // namespace wd::log::detail
