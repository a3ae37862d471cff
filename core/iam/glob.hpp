// SPDX-License-Identifier: MIT
// Wildcard matching as IAM does it: `*` matches any run of characters (colons and slashes included),
// `?` exactly one. Policy variables `${*}` and `${?}` stand for a literal asterisk or question mark;
// the policy compiler writes those as the sentinel bytes below so the matcher needs no escape syntax.
#pragma once
#include <string_view>

namespace wd::iam {

inline constexpr char literal_star = '\x01';
inline constexpr char literal_question = '\x02';

// `ci`: compare ASCII letters case-insensitively (actions); ARNs and most strings are case-sensitive.
bool glob_match(std::string_view pattern, std::string_view text, bool ci = false) noexcept;

// Matches a catalog template ("kms:EncryptionContext:${EncryptionContextKey}") against a concrete key:
// each ${...} placeholder matches any run of characters; case-insensitive. No allocation.
bool template_match(std::string_view tmpl, std::string_view text) noexcept;

// True when `pattern` holds a `*` or `?` wildcard (sentinels excluded).
bool has_wildcard(std::string_view pattern) noexcept;

char ascii_lower(char c) noexcept;
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace wd::iam
