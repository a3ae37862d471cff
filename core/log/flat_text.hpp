// SPDX-License-Identifier: MIT
// The pasted log, cleaned for scanning: ANSI codes, CR, escapes, HTML entities and box-drawing gutters removed,
// fixed-column hard wraps re-joined, and every whitespace run collapsed to one ' '. Sentence matching then
// ignores how the user's terminal or issue tracker wrapped the text, while each position still maps back to a
// 1-based line of the original paste. Internal to core/log.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "iam/catalog.hpp"

namespace wd::log::detail {

struct flat_text {
    std::string text;               // whitespace runs collapsed to a single ' '
    std::vector<std::uint8_t> gap;  // per char of `text`: for a collapsed ' ', bit 1 = the run held a line
                                    // break, bit 2 = it held blanks too (indentation / trailing spaces),
                                    // bit 4 = it held an empty line (a paragraph break)
    std::vector<std::size_t> line_pos;  // checkpoints: text offset where an original line starts ...
    std::vector<int> line_no;           // ... and its 1-based number

    int line_at(std::size_t pos) const;
    bool break_at(std::size_t pos) const { return pos < gap.size() && (gap[pos] & 1) != 0; }
    bool blank_at(std::size_t pos) const { return pos < gap.size() && (gap[pos] & 2) != 0; }
    bool paragraph_at(std::size_t pos) const { return pos < gap.size() && (gap[pos] & 4) != 0; }
    std::size_t size() const { return text.size(); }
};

// Linear in the input size. Never throws on any byte sequence. With a catalog, a hard wrap inside an
// action name (`secretsmanager:GetSecre|tValue`) is re-joined too.
flat_text prepare_text(std::string_view raw, const iam::catalog* cat = nullptr);

}  // namespace wd::log::detail
