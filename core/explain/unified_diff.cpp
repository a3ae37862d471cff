// SPDX-License-Identifier: MIT
#include "explain/unified_diff.hpp"

#include <algorithm>
#include <vector>

namespace wd::explain {
namespace {

// Lines with their endings (the last may have none).
std::vector<std::string> raw_lines(std::string_view t) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < t.size()) {
        std::size_t nl = t.find('\n', start);
        if (nl == std::string_view::npos) {
            out.emplace_back(t.substr(start));
            break;
        }
        out.emplace_back(t.substr(start, nl + 1 - start));
        start = nl + 1;
    }
    return out;
}

struct op {
    char kind;  // ' ', '-', '+'
    std::size_t a, b;  // line index in before / after
};

// Edit script: common prefix/suffix trimmed, then an LCS table over the (small) middle. Patches touch a
// few lines, so the middle stays small; a huge middle falls back to "all removed, all added".
std::vector<op> edit_script(const std::vector<std::string>& A, const std::vector<std::string>& B) {
    std::size_t pre = 0;
    while (pre < A.size() && pre < B.size() && A[pre] == B[pre]) ++pre;
    std::size_t suf = 0;
    while (suf < A.size() - pre && suf < B.size() - pre && A[A.size() - 1 - suf] == B[B.size() - 1 - suf]) ++suf;
    std::vector<op> ops;
    for (std::size_t i = 0; i < pre; ++i) ops.push_back({' ', i, i});
    std::size_t n = A.size() - pre - suf, m = B.size() - pre - suf;
    if (n * m <= 4000000) {
        std::vector<std::vector<int>> L(n + 1, std::vector<int>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                L[i][j] = A[pre + i] == B[pre + j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && A[pre + i] == B[pre + j]) {
                ops.push_back({' ', pre + i, pre + j});
                ++i, ++j;
            } else if (i < n && (j == m || L[i + 1][j] >= L[i][j + 1])) {
                ops.push_back({'-', pre + i, pre + j});  // removals first, as diff(1) prints them
                ++i;
            } else {
                ops.push_back({'+', pre + i, pre + j});
                ++j;
            }
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) ops.push_back({'-', pre + i, pre});
        for (std::size_t j = 0; j < m; ++j) ops.push_back({'+', pre + n, pre + j});
    }
    for (std::size_t k = 0; k < suf; ++k) ops.push_back({' ', A.size() - suf + k, B.size() - suf + k});
    return ops;
}

void emit_line(std::string& out, char kind, const std::string& line) {
    out += kind;
    out += line;
    if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

std::string range(std::size_t start, std::size_t count) {
    // unified format: "start,count"; an empty range names the line before it
    std::size_t s = count == 0 ? start : start + 1;
    return std::to_string(s) + (count == 1 ? "" : "," + std::to_string(count));
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view path) {
    if (before == after) return {};
    auto A = raw_lines(before), B = raw_lines(after);
    auto ops = edit_script(A, B);
    const std::size_t ctx = 3;
    std::string out = "--- a/" + std::string(path) + "\n+++ b/" + std::string(path) + "\n";
    std::size_t i = 0;
    while (i < ops.size()) {
        while (i < ops.size() && ops[i].kind == ' ') ++i;
        if (i == ops.size()) break;
        std::size_t start = i >= ctx ? i - ctx : 0;
        // extend the hunk while changes are at most 2*ctx context lines apart
        std::size_t end = i;
        for (;;) {
            while (end < ops.size() && ops[end].kind != ' ') ++end;
            std::size_t gap = end;
            while (gap < ops.size() && ops[gap].kind == ' ') ++gap;
            if (gap < ops.size() && gap - end <= 2 * ctx) {
                end = gap;
                continue;
            }
            end = std::min(ops.size(), end + ctx);
            break;
        }
        std::size_t a0 = ops[start].a, b0 = ops[start].b, ac = 0, bc = 0;
        for (std::size_t k = start; k < end; ++k) {
            if (ops[k].kind != '+') ++ac;
            if (ops[k].kind != '-') ++bc;
        }
        out += "@@ -" + range(a0, ac) + " +" + range(b0, bc) + " @@\n";
        for (std::size_t k = start; k < end; ++k) {
            const op& o = ops[k];
            emit_line(out, o.kind, o.kind == '+' ? B[o.b] : A[o.a]);
        }
        i = end;
    }
    return out;
}

}  // namespace wd::explain
