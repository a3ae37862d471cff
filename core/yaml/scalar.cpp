// SPDX-License-Identifier: MIT
#include "yaml/scalar.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace wd::yaml {

namespace {
bool all_digits(const std::string& s, std::size_t from) {
    if (from >= s.size()) return false;
    for (std::size_t i = from; i < s.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

bool looks_float(const std::string& s) {
    // [-+]? ( digits ( . digits* )? | . digits ) ( [eE] [-+]? digits )?
    std::size_t i = 0, n = s.size();
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t digits = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
    if (i < n && s[i] == '.') {
        ++i;
        while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
        std::size_t exp = 0;
        while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
        if (exp == 0) return false;
    }
    return i == n;
}
}  // namespace

json typed_scalar(const std::string& s, bool plain) {
    if (!plain) return s;
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    std::size_t sign = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (all_digits(s, sign)) {
        // A leading zero (an account id such as 012345678901) would lose digits as a number.
        if (s.size() - sign > 1 && s[sign] == '0') return s;
        errno = 0;
        long long v = std::strtoll(s.c_str(), nullptr, 10);
        if (errno == 0) return v;
        return s;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(s.c_str() + 2, &end, 16);
        if (errno == 0 && end && *end == 0) return v;
    }
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return s;  // JSON has no infinity
    if (looks_float(s)) {
        errno = 0;
        double d = std::strtod(s.c_str(), nullptr);
        if (errno == 0) return d;
    }
    return s;
}

}  // namespace wd::yaml
