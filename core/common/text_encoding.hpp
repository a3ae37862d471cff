// SPDX-License-Identifier: MIT
// Text saved as UTF-16: Windows PowerShell 5.1 writes `>` redirections and `Out-File` as UTF-16LE with a
// byte-order mark, so `sls logs -f fn > error.log` there gives a file no UTF-8 reader can search.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.hpp"

namespace wd {

struct utf16_text {
    std::string utf8;        // the text converted (a lone surrogate becomes U+FFFD)
    const char* encoding;    // "UTF-16LE" or "UTF-16BE"
    bool byte_order_mark;    // the file said so itself; otherwise its NUL bytes did
};

// The text as UTF-8 when `bytes` is UTF-16: a byte-order mark (FF FE, FE FF), or, without one, text whose
// first code units are nearly all ASCII with a NUL high byte. Nothing for any other text.
std::optional<utf16_text> decode_utf16(std::string_view bytes);

// `text` converted in place when it is UTF-16, with a diagnostic saying so: WD9006 (info) for the log, which is
// only our input; WD9007 (warning) for a config or a file it reads (`file`), which the framework reads as UTF-8.
void decode_utf16_input(std::string& text, const std::string& file, diagnostics& diags);

}  // namespace wd
