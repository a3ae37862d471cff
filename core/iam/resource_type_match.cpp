// SPDX-License-Identifier: MIT
#include "iam/resource_type_match.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace wd::iam {

namespace {

// partition, service, region, account, then the rest (which may hold more colons).
bool split_arn(std::string_view s, std::array<std::string_view, 5>& parts) {
    std::size_t start = 0;
    if (s.substr(0, 4) != "arn:") return false;
    start = 4;
    for (std::size_t k = 0; k < 4; ++k) {
        const std::size_t colon = s.find(':', start);
        if (colon == std::string_view::npos) return false;
        parts[k] = s.substr(start, colon - start);
        start = colon + 1;
    }
    parts[4] = s.substr(start);
    return true;
}

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

struct token {
    bool variable = false;
    char literal = 0;
};

// Does the concrete `text` match the template part? Dynamic programming over (token, character): linear
// in their product, which is small (a template part has a few dozen tokens, an ARN at most 2 KB).
bool part_matches(std::string_view text, std::string_view part) {
    if (part == "*") return true;
    if (text.empty() || part.empty()) {
        if (text.size() != part.size()) return false;
        for (std::size_t i = 0; i < text.size(); ++i)
            if (fold(text[i]) != fold(part[i])) return false;
        return true;
    }
    std::vector<token> tokens;
    std::size_t variables = 0;
    for (std::size_t i = 0; i < part.size();) {
        if (part[i] == '$' && i + 1 < part.size() && part[i + 1] == '{') {
            const std::size_t close = part.find('}', i + 2);
            if (close != std::string_view::npos) {
                tokens.push_back({true, 0});
                ++variables;
                i = close + 1;
                continue;
            }
        }
        tokens.push_back({false, part[i]});
        ++i;
    }
    const bool whole_part_variable = variables == 1 && tokens.size() == 1;
    auto variable_takes = [&](char c) { return !whole_part_variable || (c != ':' && c != '/'); };
    // reach[j]: the first j characters are consumed with the tokens so far; `open` marks a variable that has
    // taken at least one character and may take more.
    const std::size_t n = text.size();
    std::vector<char> reach(n + 1, 0), next(n + 1, 0);
    reach[0] = 1;
    for (const token& t : tokens) {
        std::fill(next.begin(), next.end(), 0);
        if (t.variable) {
            bool running = false;  // a match of this variable is still extending
            for (std::size_t j = 0; j < n; ++j) {
                running = (running || reach[j]) && variable_takes(text[j]);
                if (running) next[j + 1] = 1;
            }
        } else {
            for (std::size_t j = 0; j < n; ++j)
                if (reach[j] && fold(text[j]) == fold(t.literal)) next[j + 1] = 1;
        }
        reach.swap(next);
    }
    return reach[n] != 0;
}

}  // namespace

bool arn_fits_resource_type(std::string_view arn, std::string_view arn_template) {
    std::array<std::string_view, 5> a, t;
    if (!split_arn(arn, a) || !split_arn(arn_template, t)) return false;
    for (std::size_t k = 0; k < 5; ++k)
        if (!part_matches(a[k], t[k])) return false;
    return true;
}

}  // namespace wd::iam
