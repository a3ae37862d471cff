// SPDX-License-Identifier: MIT
// Wildcard matching as IAM does it: `*` matches any run of characters (colons and slashes included),
// `?` exactly one. Policy variables `${*}` and `${?}` stand for a literal asterisk or question mark;
// the policy compiler writes those as the sentinel bytes below so the matcher needs no escape syntax.
#pragma once
#include <cstdint>
#include <string_view>

namespace wd::iam {

inline constexpr char literal_star = '\x01';
inline constexpr char literal_question = '\x02';

// Work allowed for matching (issue 8: patterns and ARNs come from untrusted pastes). One step is one
// character comparison or one candidate start position. Once `used` passes `limit` every further match
// answers false and `exhausted` stays set; the evaluator then reports WD4303 instead of a decision.
struct step_budget {
    std::uint64_t limit = UINT64_MAX;
    std::uint64_t used = 0;
    bool exhausted = false;
    bool charge(std::uint64_t steps) noexcept {
        used += steps;
        if (used > limit) exhausted = true;
        return !exhausted;
    }
};

// `ci`: compare ASCII letters case-insensitively (actions); ARNs and most strings are case-sensitive.
// Splits the pattern at `*` and places each piece at its leftmost fit, which is exact for `*`/`?` globs.
// Bound: steps <= 1 + |pattern| + (|text| + pieces) * (1 + longest piece), so `*?*?*?...` patterns
// (pieces of one character) are linear; the budget bounds the rest. No recursion, no allocation.
bool glob_match(std::string_view pattern, std::string_view text, bool ci = false) noexcept;
bool glob_match(std::string_view pattern, std::string_view text, bool ci, step_budget* budget) noexcept;

// Matches a catalog template ("kms:EncryptionContext:${EncryptionContextKey}") against a concrete key:
// each ${...} (or <...>) placeholder matches any run of characters; case-insensitive. No allocation.
bool template_match(std::string_view tmpl, std::string_view text) noexcept;

// True when `pattern` holds a `*` or `?` wildcard (sentinels excluded).
bool has_wildcard(std::string_view pattern) noexcept;

char ascii_lower(char c) noexcept;
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace wd::iam
