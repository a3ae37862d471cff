// SPDX-License-Identifier: MIT
#include "common/js_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace wd {

std::string js_number(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
    if (d == 0) return "0";
    // The shortest digits that read back as the same double (ECMAScript Number::toString, step 5).
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
        if (std::strtod(buf, nullptr) == d) break;
    }
    std::string text(buf);
    const bool negative = text[0] == '-';
    if (negative) text.erase(0, 1);
    const std::size_t e = text.find('e');
    std::string digits = text.substr(0, e);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    const int k = static_cast<int>(digits.size());
    const int n = std::atoi(text.c_str() + e + 1) + 1;  // the value is 0.<digits> x 10^n
    std::string out;
    if (k <= n && n <= 21) out = digits + std::string(static_cast<std::size_t>(n - k), '0');
    else if (0 < n && n <= 21) out = digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
    else if (-6 < n && n <= 0) out = "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
    else {
        const int exponent = n - 1;
        out = digits.substr(0, 1) + (k > 1 ? "." + digits.substr(1) : std::string()) + "e" + (exponent < 0 ? "-" : "+") +
              std::to_string(exponent < 0 ? -exponent : exponent);
    }
    return negative ? "-" + out : out;
}

std::string js_string(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_null()) return "null";
    if (v.is_number_unsigned()) return js_number(static_cast<double>(v.get<std::uint64_t>()));
    if (v.is_number_integer()) return js_number(static_cast<double>(v.get<std::int64_t>()));
    if (v.is_number_float()) return js_number(v.get<double>());
    if (v.is_array()) {
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) out += ',';
            if (!v[i].is_null()) out += js_string(v[i]);
        }
        return out;
    }
    return "[object Object]";
}

bool js_array_index_key(const std::string& k) {
    if (k.empty() || k.size() > 10 || (k.size() > 1 && k[0] == '0') || k.find_first_not_of("0123456789") != std::string::npos)
        return false;
    return std::stoll(k) <= 4294967294LL;
}

void js_key_order(json& v, bool deep) {
    if (deep && v.is_array())
        for (auto& x : v) js_key_order(x, true);
    if (!v.is_object()) return;
    if (deep)
        for (auto& [k, x] : v.items()) js_key_order(x, true);
    bool any = false;
    for (auto it = v.begin(); it != v.end() && !any; ++it) any = js_array_index_key(it.key());
    if (!any) return;
    std::vector<std::pair<std::string, json>> members;
    members.reserve(v.size());
    for (auto it = v.begin(); it != v.end(); ++it) members.emplace_back(it.key(), std::move(it.value()));
    std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) {
        const bool x = js_array_index_key(a.first), y = js_array_index_key(b.first);
        if (!x || !y) return x && !y;
        return std::stoll(a.first) < std::stoll(b.first);
    });
    json ordered = json::object();
    for (auto& [k, x] : members) ordered[k] = std::move(x);
    v = std::move(ordered);
}

}  // namespace wd
