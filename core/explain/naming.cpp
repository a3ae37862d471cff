// SPDX-License-Identifier: MIT
#include "explain/naming.hpp"

#include <cctype>

namespace wd::explain {
namespace {

std::vector<std::string> split_dash(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '-') {
            out.emplace_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

bool all_alpha(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::islower(static_cast<unsigned char>(c))) return false;
    return true;
}
bool all_digit(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Split "<stage>-<region>" style text: the region is the last 3 (or 4 with gov/iso) dash tokens.
bool split_region_suffix(std::string_view text, std::string& before, std::string& region) {
    auto t = split_dash(text);
    for (std::size_t n : {4u, 3u}) {
        if (t.size() < n) continue;
        std::string cand;
        for (std::size_t i = t.size() - n; i < t.size(); ++i) cand += (cand.empty() ? "" : "-") + t[i];
        if (!looks_like_region(cand)) continue;
        region = cand;
        before.clear();
        for (std::size_t i = 0; i + n < t.size(); ++i) before += (before.empty() ? "" : "-") + t[i];
        return true;
    }
    return false;
}

}  // namespace

bool looks_like_region(std::string_view s) {
    auto t = split_dash(s);
    if (t.size() == 3) return t[0].size() == 2 && all_alpha(t[0]) && all_alpha(t[1]) && all_digit(t[2]);
    if (t.size() == 4)
        return t[0].size() == 2 && all_alpha(t[0]) && (t[1] == "gov" || t[1].rfind("iso", 0) == 0) &&
               all_alpha(t[2]) && all_digit(t[3]);
    return false;
}

role_name_parts parse_role_name(std::string_view role_name, std::string_view service,
                                const std::vector<std::string>& functions) {
    role_name_parts out;
    std::string_view core = role_name;
    // Only the framework's own names (`<service>-<stage>[-<function>]-<region>-lambdaRole`) say where the stage is;
    // a name of the file's own (`!Join [-, [!Ref AWS::StackName, worker, !Ref AWS::Region]]`) gives its region at most.
    const bool framework_name = ends_with(core, "-lambdaRole");
    if (framework_name) core.remove_suffix(std::string_view("-lambdaRole").size());
    std::string before, region;
    if (!split_region_suffix(core, before, region)) {
        // One region-shaped run of dash-separated words inside the name (never its first word).
        auto t = split_dash(core);
        for (std::size_t i = 1; i < t.size() && !out.embedded_region; ++i)
            for (std::size_t n : {4u, 3u}) {
                if (i + n > t.size()) continue;
                std::string cand;
                for (std::size_t k = i; k < i + n; ++k) cand += (cand.empty() ? "" : "-") + t[k];
                if (looks_like_region(cand)) {
                    out.embedded_region = cand;
                    break;
                }
            }
        return out;
    }
    out.region = region;
    if (!framework_name || service.empty() || has_redaction(before)) return out;
    std::string prefix = std::string(service) + "-";
    if (before.rfind(prefix, 0) != 0 || before.size() <= prefix.size()) return out;
    std::string rest = before.substr(prefix.size());  // "<stage>" or "<stage>-<fn>"
    for (const auto& fn : functions) {
        std::string suffix = "-" + fn;
        if (rest.size() > suffix.size() && ends_with(rest, suffix)) {
            out.function = fn;
            out.stage = rest.substr(0, rest.size() - suffix.size());
            return out;
        }
    }
    out.stage = rest;
    return out;
}

std::optional<std::string> stage_from_session(std::string_view session, std::string_view service,
                                              const std::vector<std::string>& functions) {
    if (service.empty() || has_redaction(session)) return std::nullopt;
    std::string prefix = std::string(service) + "-";
    if (session.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string_view rest = session.substr(prefix.size());
    std::optional<std::string> found;
    for (const auto& fn : functions) {
        std::string suffix = "-" + fn;
        if (rest.size() > suffix.size() && ends_with(rest, suffix)) {
            std::string stage(rest.substr(0, rest.size() - suffix.size()));
            if (found && *found != stage) return std::nullopt;  // ambiguous
            found = stage;
        }
    }
    return found;
}

bool has_redaction(std::string_view s) { return redaction_glob(s) != s; }

std::string redaction_glob(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        char close = c == '[' ? ']' : c == '<' ? '>' : c == '{' ? '}' : 0;
        if (close) {
            std::size_t e = s.find(close, i + 1);
            // Lambda's log streams name the version in brackets (`2026/11/30/[$LATEST]0a1b...`, `[12]...`).
            const std::string_view inner = e == std::string_view::npos ? std::string_view() : s.substr(i + 1, e - i - 1);
            const bool version = c == '[' && !inner.empty() &&
                                 (inner == "$LATEST" || inner.find_first_not_of("0123456789") == std::string_view::npos);
            if (e != std::string_view::npos && !version) {
                if (out.empty() || out.back() != '*') out += '*';
                i = e;
                continue;
            }
        }
        // runs of 3+ '*' or 'X' are masks
        if (c == '*' || c == 'X' || c == 'x') {
            std::size_t j = i;
            while (j < s.size() && s[j] == c) ++j;
            if (j - i >= 3 && (c == '*' || j == s.size() || !std::isalnum(static_cast<unsigned char>(s[j])))) {
                bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1]));
                if (c == '*' || word_start) {
                    if (out.empty() || out.back() != '*') out += '*';
                    i = j - 1;
                    continue;
                }
            }
        }
        out += c;
    }
    return out;
}

}  // namespace wd::explain
