// SPDX-License-Identifier: MIT
#include "explain/text_lines.hpp"

namespace wd::explain {

text_lines split_lines(std::string_view text) {
    text_lines out;
    std::size_t crlf = 0, lf = 0, start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            out.text.emplace_back(text.substr(start));
            out.eol.emplace_back("");
            break;
        }
        bool cr = nl > start && text[nl - 1] == '\r';
        out.text.emplace_back(text.substr(start, nl - start - (cr ? 1 : 0)));
        out.eol.emplace_back(cr ? "\r\n" : "\n");
        (cr ? crlf : lf)++;
        start = nl + 1;
    }
    if (crlf > lf) out.newline = "\r\n";
    return out;
}

std::string join_lines(const text_lines& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.text.size(); ++i) out += lines.text[i] + lines.eol[i];
    return out;
}

int indent_of(std::string_view line) {
    int n = 0;
    while (n < static_cast<int>(line.size()) && line[n] == ' ') ++n;
    return n;
}

bool is_blank_or_comment(std::string_view line) {
    std::size_t i = line.find_first_not_of(" \t");
    return i == std::string_view::npos || line[i] == '#';
}

int block_end(const text_lines& lines, int start, int indent) {
    int end = start;
    for (int i = start + 1; i < static_cast<int>(lines.text.size()); ++i) {
        const std::string& l = lines.text[i];
        if (is_blank_or_comment(l)) continue;
        if (l.rfind("---", 0) == 0 || l.rfind("...", 0) == 0) break;
        if (indent_of(l) > indent) {
            end = i;
            continue;
        }
        break;
    }
    return end;
}

std::string spaces(int n) { return std::string(static_cast<std::size_t>(n > 0 ? n : 0), ' '); }

bool is_json_text(std::string_view text) {
    const std::size_t c = text.find_first_not_of(" \t\r\n");
    return c != std::string_view::npos && text[c] == '{';
}

}  // namespace wd::explain
