// SPDX-License-Identifier: MIT
#include "common/text_encoding.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace wd {

namespace {

// Which byte order the NULs suggest: 1 little-endian, 2 big-endian, 0 neither. Text is UTF-16 without a mark
// when nine in ten of its first code units (up to 128) are ASCII with the NUL on one side.
int nul_pattern(std::string_view b) {
    const std::size_t units = std::min<std::size_t>(b.size() / 2, 128);
    if (units < 8) return 0;
    std::size_t le = 0, be = 0;
    for (std::size_t i = 0; i < units; ++i) {
        const auto lo = static_cast<unsigned char>(b[2 * i]), hi = static_cast<unsigned char>(b[2 * i + 1]);
        if (hi == 0 && lo != 0 && lo < 0x80) ++le;
        if (lo == 0 && hi != 0 && hi < 0x80) ++be;
    }
    if (le * 10 >= units * 9) return 1;
    if (be * 10 >= units * 9) return 2;
    return 0;
}

}  // namespace

std::optional<utf16_text> decode_utf16(std::string_view bytes) {
    int order = 0;
    bool mark = false;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE) {
        order = 1, mark = true;
    } else if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF) {
        order = 2, mark = true;
    } else {
        order = nul_pattern(bytes);
    }
    if (order == 0) return std::nullopt;
    // (UTF-32LE also starts with FF FE, then 00 00: no editor or shell writes logs so; it reads as UTF-16 with NULs.)
    utf16_text out{std::string(), order == 1 ? "UTF-16LE" : "UTF-16BE", mark};
    out.utf8.reserve(bytes.size() / 2 + bytes.size() / 8);
    auto unit = [&](std::size_t i) -> char32_t {
        const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        return order == 1 ? static_cast<char32_t>(a | (b << 8)) : static_cast<char32_t>((a << 8) | b);
    };
    const std::size_t n = bytes.size() / 2 * 2;
    for (std::size_t i = mark ? 2 : 0; i < n; i += 2) {
        const char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            const char32_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(out.utf8, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        append_utf8(out.utf8, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
    }
    if (bytes.size() % 2) append_utf8(out.utf8, 0xFFFD);  // a last odd byte: half a code unit
    return out;
}

// A text saved as UTF-16 (Windows PowerShell 5.1's `>`) is read as UTF-8 after conversion. The framework reads a
// config (and its `${file()}`s) as UTF-8 and refuses it; a log is only our input, so converting it is enough.
void decode_utf16_input(std::string& text, const std::string& file, diagnostics& diags) {
    auto decoded = decode_utf16(text);
    if (!decoded) return;
    text = std::move(decoded->utf8);
    const std::string how = std::string(decoded->encoding) + (decoded->byte_order_mark ? " (it starts with a byte-order mark)" : "");
    const json args = {{"encoding", decoded->encoding}};
    if (file == "log")
        diags.push_back(make_info("WD9006", "the log is " + how + ", as Windows PowerShell 5.1 saves `>` redirections: read after converting it to UTF-8",
                                  file, 1, 1, args));
    else
        diags.push_back(make_warning("WD9007", "`" + file + "` is " + how + ": the Serverless Framework reads it as UTF-8 and stops (save it as UTF-8); "
                                     "analysed after converting it", file, 1, 1, args));
}

}  // namespace wd
