// SPDX-License-Identifier: MIT
// A tiny unified-diff applier for tests: applies hunks strictly (context must match exactly), handling
// "\ No newline at end of file". Independent of the code under test.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wd::test {

inline std::vector<std::string> diff_split(const std::string& t) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < t.size()) {
        std::size_t nl = t.find('\n', start);
        if (nl == std::string::npos) {
            out.push_back(t.substr(start));
            break;
        }
        out.push_back(t.substr(start, nl + 1 - start));
        start = nl + 1;
    }
    return out;
}

// nullopt when the patch does not apply.
inline std::optional<std::string> apply_unified_diff(const std::string& original, const std::string& patch) {
    auto src = diff_split(original);
    auto p = diff_split(patch);
    std::vector<std::string> out;
    std::size_t si = 0, i = 0;
    while (i < p.size() && p[i].rfind("@@", 0) != 0) ++i;
    while (i < p.size()) {
        const std::string& h = p[i];
        if (h.rfind("@@ -", 0) != 0) return std::nullopt;
        std::size_t a = std::stoul(h.substr(4));
        std::size_t comma = h.find(',', 4), space = h.find(' ', 4);
        std::size_t count = (comma != std::string::npos && comma < space) ? std::stoul(h.substr(comma + 1)) : 1;
        std::size_t start = count == 0 ? a : a - 1;  // 0-based index of the first old line
        if (start < si || start > src.size()) return std::nullopt;
        while (si < start) out.push_back(src[si++]);
        ++i;
        while (i < p.size() && p[i].rfind("@@", 0) != 0) {
            std::string l = p[i];
            char k = l.empty() ? ' ' : l[0];
            std::string body = l.substr(1);
            bool no_nl = i + 1 < p.size() && p[i + 1].rfind("\\ No newline", 0) == 0;
            if (no_nl && !body.empty() && body.back() == '\n') body.pop_back();
            if (k == '\\') {
                ++i;
                continue;
            }
            if (k == ' ' || k == '-') {
                if (si >= src.size() || src[si] != body) return std::nullopt;
                if (k == ' ') out.push_back(body);
                ++si;
            } else if (k == '+') {
                out.push_back(body);
            } else {
                return std::nullopt;
            }
            ++i;
        }
    }
    while (si < src.size()) out.push_back(src[si++]);
    std::string r;
    for (const auto& l : out) r += l;
    return r;
}

}  // namespace wd::test
