// SPDX-License-Identifier: MIT
// Pasted text may hold any bytes (yaml-cpp hands scalars through byte for byte, found by
// tests/fuzz/package_fuzz; logs are pasted from anywhere), but every JSON answer must be valid UTF-8:
// nlohmann's dump() throws on anything else.
#pragma once
#include <string>
#include <string_view>

namespace wd {

// `s` when it is valid UTF-8 (RFC 3629: no overlongs, surrogates or code points past U+10FFFF); otherwise a
// copy where each byte that does not start a valid sequence is U+FFFD, as Node reads a file as UTF-8.
std::string valid_utf8(std::string s);

// True when `s` is valid UTF-8 in the sense above.
bool is_valid_utf8(std::string_view s);

// `cp` (a code point up to U+10FFFF) appended to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace wd
