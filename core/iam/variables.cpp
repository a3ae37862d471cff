// SPDX-License-Identifier: MIT
#include "iam/variables.hpp"

#include "iam/glob.hpp"

namespace wd::iam {

bool has_variables(std::string_view text) noexcept { return text.find("${") != std::string_view::npos; }

static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

static void append_value(std::string& out, std::string_view value, bool as_pattern) {
    for (char c : value) {
        if (as_pattern && c == '*') out += literal_star;
        else if (as_pattern && c == '?') out += literal_question;
        else out += c;
    }
}

std::optional<std::string> substitute_variables(std::string_view text, const request_context& ctx, bool as_pattern,
                                                std::string* missing) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t open = text.find("${", i);
        if (open == std::string_view::npos) break;
        std::size_t close = text.find('}', open + 2);
        if (close == std::string_view::npos) break;
        out.append(text.substr(i, open - i));
        std::string_view body = text.substr(open + 2, close - open - 2);
        i = close + 1;
        if (body == "*") { out += as_pattern ? literal_star : '*'; continue; }
        if (body == "?") { out += as_pattern ? literal_question : '?'; continue; }
        if (body == "$") { out += '$'; continue; }
        std::optional<std::string_view> fallback;
        std::size_t comma = body.find(',');
        std::string_view key = trim(body.substr(0, comma));
        if (comma != std::string_view::npos) {
            std::string_view d = trim(body.substr(comma + 1));
            if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'') d = d.substr(1, d.size() - 2);
            fallback = d;
        }
        const context_value* v = ctx.find(lower_copy(key));
        // (`${aws:userid}` of a role session holds a role id no log gives: unresolved, like a missing key.)
        if (v && !v->multi && v->values.size() == 1 && !v->unknown_role_id_prefix) {
            append_value(out, v->values[0], as_pattern);
        } else if ((!v || v->unknown_role_id_prefix) && fallback) {
            append_value(out, *fallback, as_pattern);
        } else {
            if (missing && missing->empty()) *missing = std::string(key);
            return std::nullopt;
        }
    }
    out.append(text.substr(i));
    return out;
}

}  // namespace wd::iam
