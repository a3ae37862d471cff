// SPDX-License-Identifier: MIT
// `frameworkVersion` against 3.40.0 with the semver range forms configs use (`3`, `>=2.0.0 <4.0.0`,
// `^3.0.0`, `~3.38`, `2 || 3`, `3.x`). The framework refuses to run when the range excludes it.
#include <array>
#include <cctype>

#include "serverless/context.hpp"

namespace wd::sls {

namespace {

using version = std::array<long, 3>;
constexpr version framework = {3, 40, 0};

struct partial {
    version v{0, 0, 0};
    int parts = 0;  // how many components were given (x/* count as missing)
    bool ok = false;
};

partial parse_partial(std::string s) {
    partial p;
    if (!s.empty() && (s[0] == 'v' || s[0] == '=')) s.erase(0, 1);
    std::size_t i = 0;
    for (int k = 0; k < 3; ++k) {
        if (i >= s.size()) break;
        if (s[i] == 'x' || s[i] == 'X' || s[i] == '*') break;
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return p;
        // Saturates: a 40-digit "version" (found by package_fuzz) must not overflow; it still compares
        // above every real one.
        constexpr long cap = 1000000000;
        long n = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            n = n >= cap / 10 ? cap : n * 10 + (s[i] - '0');
            ++i;
        }
        p.v[k] = n;
        p.parts = k + 1;
        if (i < s.size() && s[i] == '.') ++i;
        else break;
    }
    p.ok = true;
    return p;
}

bool satisfies_comparator(const std::string& c) {
    std::string op;
    std::size_t i = 0;
    while (i < c.size() && (c[i] == '>' || c[i] == '<' || c[i] == '=' || c[i] == '^' || c[i] == '~')) op += c[i++];
    partial p = parse_partial(c.substr(i));
    if (!p.ok) return true;  // unknown syntax: do not claim a mismatch
    version lo = p.v, hi = p.v;
    auto bump = [](version v, int at) {
        v[at]++;
        for (int k = at + 1; k < 3; ++k) v[k] = 0;
        return v;
    };
    if (op.empty() || op == "=") {
        if (p.parts == 0) return true;
        if (p.parts == 3) return framework == p.v;
        hi = bump(p.v, p.parts - 1);
        return framework >= lo && framework < hi;
    }
    if (op == "^") {
        int at = p.v[0] != 0 || p.parts <= 1 ? 0 : (p.v[1] != 0 || p.parts <= 2 ? 1 : 2);
        hi = bump(p.v, at);
        return framework >= lo && framework < hi;
    }
    if (op == "~") {
        hi = bump(p.v, p.parts >= 2 ? 1 : 0);
        return framework >= lo && framework < hi;
    }
    if (op == ">=") return framework >= lo;
    if (op == ">") return p.parts < 3 ? framework >= bump(p.v, p.parts ? p.parts - 1 : 0) : framework > lo;
    if (op == "<") return framework < lo;
    if (op == "<=") return p.parts < 3 ? framework < bump(p.v, p.parts ? p.parts - 1 : 0) : framework <= lo;
    return true;
}

bool satisfies(const std::string& range) {
    std::size_t start = 0;
    while (true) {
        std::size_t bar = range.find("||", start);
        std::string set = range.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        // Comparators separated by spaces; "a - b" is a hyphen range; ">= 2" may carry a space.
        std::vector<std::string> tokens;
        std::string cur;
        for (char ch : set) {
            if (std::isspace(static_cast<unsigned char>(ch))) {
                if (!cur.empty()) tokens.push_back(cur), cur.clear();
            } else cur += ch;
        }
        if (!cur.empty()) tokens.push_back(cur);
        std::vector<std::string> comps;
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            if (k + 2 < tokens.size() && tokens[k + 1] == "-") {
                comps.push_back(">=" + tokens[k]);
                comps.push_back("<=" + tokens[k + 2]);
                k += 2;
            } else if ((tokens[k] == ">=" || tokens[k] == "<=" || tokens[k] == ">" || tokens[k] == "<" || tokens[k] == "^" ||
                        tokens[k] == "~") && k + 1 < tokens.size()) {
                comps.push_back(tokens[k] + tokens[k + 1]);
                ++k;
            } else comps.push_back(tokens[k]);
        }
        bool all = true;
        for (const auto& c : comps) all = all && satisfies_comparator(c);
        if (all) return true;
        if (bar == std::string::npos) return false;
        start = bar + 2;
    }
}

}  // namespace

void check_framework_version(context& ctx) {
    const json& fv = member(ctx.config(), "frameworkVersion");
    if (!truthy(fv)) return;
    // service.js:127-138: a value semver does not read as a range (a YAML number such as `2` or `3.40`, an
    // object) skips the check with a warning, and stops the framework in error mode.
    if (!fv.is_string()) {
        const std::string text = fv.dump();
        const std::string msg = "`frameworkVersion` " + text + " is not a semver version range (write it as text, such as '3' or '^3.40.0')";
        if (ctx.strict_validation)
            ctx.error("WD2040", msg + ": configValidationMode: error stops the framework", "/frameworkVersion",
                      json{{"frameworkVersion", text}, {"version", "3.40.0"}});
        else
            ctx.warning("WD2040", msg + ": the framework skips the version check", "/frameworkVersion",
                        json{{"frameworkVersion", text}, {"version", "3.40.0"}});
        return;
    }
    std::string range = fv.get<std::string>();
    if (!satisfies(range))
        ctx.error("WD2040",
                  "the Serverless version (3.40.0) does not satisfy the `frameworkVersion` (" + range + ") in the config",
                  "/frameworkVersion", json{{"frameworkVersion", range}, {"version", "3.40.0"}});
}

}  // namespace wd::sls
