// SPDX-License-Identifier: MIT
#include "iam/resource_type_match.hpp"

#include <array>
#include <cstddef>

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

// Length of the `${…}` variable starting at `i` of `part`, or 0 when none starts there.
std::size_t variable_length(std::string_view part, std::size_t i) {
    if (part[i] != '$' || i + 1 >= part.size() || part[i + 1] != '{') return 0;
    const std::size_t close = part.find('}', i + 2);
    return close == std::string_view::npos ? 0 : close + 1 - i;
}

// Does the concrete `text` match the template part? A variable takes one character or more; literals
// compare case-insensitively. Greedy matching that backtracks only to the last variable (a variable is
// "one character, then `*`"): no allocation, and linear for template parts of one or two variables.
bool part_matches(std::string_view text, std::string_view part) {
    if (part == "*") return true;
    if (text.empty() || part.empty()) {
        if (text.size() != part.size()) return false;
        for (std::size_t i = 0; i < text.size(); ++i)
            if (fold(text[i]) != fold(part[i])) return false;
        return true;
    }
    // A part that is one variable (`${BucketName}`, `${Account}`) names one segment: no `:` or `/`.
    if (variable_length(part, 0) == part.size()) return text.find_first_of(":/") == std::string_view::npos;
    constexpr std::size_t none = std::string_view::npos;
    std::size_t t = 0, p = 0;
    std::size_t resume_p = none, resume_t = 0;  // just after the last variable, and where its extension ends
    while (t < text.size()) {
        if (p < part.size()) {
            if (const std::size_t len = variable_length(part, p)) {
                ++t;  // the variable's first, mandatory character
                p += len;
                resume_p = p;
                resume_t = t;
                continue;
            }
            if (fold(part[p]) == fold(text[t])) {
                ++t;
                ++p;
                continue;
            }
        }
        if (resume_p == none) return false;
        p = resume_p;  // the last variable takes one more character
        t = ++resume_t;
    }
    return p == part.size();
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
