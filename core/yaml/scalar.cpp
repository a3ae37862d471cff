// SPDX-License-Identifier: MIT
#include "yaml/scalar.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>

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

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), and back.
long long days_from_civil(long long y, long long m, long long d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(long long z, long long& y, long long& m, long long& d) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = yoe + era * 400 + (m <= 2);
}

bool digits_at(const std::string& s, std::size_t& i, int min, int max, long long& out) {
    int n = 0;
    out = 0;
    while (i < s.size() && n < max && std::isdigit(static_cast<unsigned char>(s[i]))) out = out * 10 + (s[i++] - '0'), ++n;
    return n >= min;
}

// js-yaml's timestamp type (YAML 1.1, part of the default schema the framework loads serverless.yml
// with): `2024-01-01` or `2024-1-1T10:00:00.5+02:00` becomes a JavaScript Date, which reaches the
// template as JSON, i.e. Date.prototype.toISOString(). Date.UTC semantics are kept: fields out of range
// roll over, and years 0-99 mean 1900-1999. Returns false when `s` is not a timestamp.
bool yaml_timestamp(const std::string& s, std::string& iso) {
    std::size_t i = 0;
    long long year, month, day, hour = 0, minute = 0, second = 0, ms = 0, offset_min = 0;
    if (!digits_at(s, i, 4, 4, year) || i >= s.size() || s[i++] != '-') return false;
    const std::size_t month_at = i;
    if (!digits_at(s, i, 1, 2, month) || i >= s.size() || s[i++] != '-') return false;
    const std::size_t day_at = i;
    if (!digits_at(s, i, 1, 2, day)) return false;
    if (i == s.size()) {
        // The date-only form needs two-digit month and day.
        if (day_at - month_at != 3 || i - day_at != 2) return false;
    } else {
        if (s[i] == 'T' || s[i] == 't') ++i;
        else if (s[i] == ' ' || s[i] == '\t') {
            while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        } else return false;
        if (!digits_at(s, i, 1, 2, hour) || i >= s.size() || s[i++] != ':') return false;
        if (!digits_at(s, i, 2, 2, minute) || i >= s.size() || s[i++] != ':') return false;
        if (!digits_at(s, i, 2, 2, second)) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            int n = 0;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
                if (n < 3) ms = ms * 10 + (s[i] - '0');
                ++i, ++n;
            }
            for (; n < 3; ++n) ms *= 10;
        }
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        if (i < s.size()) {
            if (s[i] == 'Z') ++i;
            else if (s[i] == '+' || s[i] == '-') {
                const bool minus = s[i++] == '-';
                long long oh = 0, om = 0;
                if (!digits_at(s, i, 1, 2, oh)) return false;
                if (i < s.size() && s[i] == ':') {
                    ++i;
                    if (!digits_at(s, i, 2, 2, om)) return false;
                }
                offset_min = (minus ? -1 : 1) * (oh * 60 + om);
            } else return false;
        }
        if (i != s.size()) return false;
    }
    if (year <= 99) year += 1900;
    // Date.UTC(year, month - 1, day, ...): normalise the month first, then count in milliseconds.
    long long m0 = month - 1;
    long long y = year + (m0 >= 0 ? m0 / 12 : -((11 - m0) / 12));
    m0 -= (y - year) * 12;
    long long t = (days_from_civil(y, m0 + 1, 1) + day - 1) * 86400000LL + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    t -= offset_min * 60000;
    long long days = t >= 0 ? t / 86400000LL : -((86399999LL - t) / 86400000LL);
    long long rest = t - days * 86400000LL;
    long long cy, cm, cd;
    civil_from_days(days, cy, cm, cd);
    char buf[96];
    const long long h = rest / 3600000, mi = rest / 60000 % 60, sec = rest / 1000 % 60, milli = rest % 1000;
    if (cy >= 0 && cy <= 9999)
        std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", cy, cm, cd, h, mi, sec, milli);
    else
        std::snprintf(buf, sizeof buf, "%c%06lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", cy < 0 ? '-' : '+', cy < 0 ? -cy : cy, cm, cd, h, mi,
                      sec, milli);
    iso = buf;
    return true;
}
// js-yaml 4's integer type (the default schema the framework loads serverless.yml with): an optional
// sign, then `0b…`, `0o…`, `0x…` or decimal digits (`1_000` stays a string: checked with sls package).
// A leading zero is still decimal (`010` is 10, and `012345678901` loses its zero, as in the framework).
// Past the int64 range the value is a double, like JavaScript's parseInt.
bool js_yaml_integer(const std::string& s, json& out) {
    std::size_t i = 0;
    const bool minus = !s.empty() && s[0] == '-';
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) ++i;
    if (i >= s.size()) return false;
    int base = 10;
    if (s[i] == '0' && i + 1 < s.size() && (s[i + 1] == 'b' || s[i + 1] == 'o' || s[i + 1] == 'x')) {
        base = s[i + 1] == 'b' ? 2 : s[i + 1] == 'o' ? 8 : 16;
        i += 2;
    }
    std::string digits;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                : 99;
        if (v >= base) return false;
        digits += c;
    }
    if (digits.empty()) return false;
    errno = 0;
    const long long v = std::strtoll(digits.c_str(), nullptr, base);
    if (errno == 0) {
        out = minus ? -v : v;
        return true;
    }
    // Past long long: the nearest double, as JavaScript's parseInt gives it (strtod rounds a decimal correctly;
    // adding digit by digit would round at every step, 12345678901234567890 -> ...570000 instead of ...567000).
    double d = 0;
    if (base == 10) d = std::strtod(digits.c_str(), nullptr);
    else
        for (char c : digits) d = d * base + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
    out = minus ? -d : d;
    return true;
}
}  // namespace

bool drops_leading_zero(const std::string& s) {
    const std::size_t sign = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    return s.size() > sign + 1 && s[sign] == '0' && all_digits(s, sign);
}

std::optional<json> resolve_core_scalar(std::string_view type, const std::string& s) {
    // js-yaml 4's resolvers for an explicit tag: the same rules as an untagged plain scalar, except that
    // `!!null` accepts only `~` and the words (never the empty text) and a number keeps no leading-zero note.
    if (type == "null") {
        if (s == "~" || s == "null" || s == "Null" || s == "NULL") return json(nullptr);
        return std::nullopt;
    }
    if (type == "bool") {
        if (s == "true" || s == "True" || s == "TRUE") return json(true);
        if (s == "false" || s == "False" || s == "FALSE") return json(false);
        return std::nullopt;
    }
    if (type == "int") {
        json number;
        if (js_yaml_integer(s, number)) return number;
        return std::nullopt;
    }
    if (type == "float") {
        json number;
        if (js_yaml_integer(s, number)) return number;
        if (looks_float(s)) return typed_scalar(s, true);
        static constexpr const char* non_finite[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
                                                     "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"};
        for (const char* x : non_finite)
            if (s == x) return json(nullptr);  // JSON.stringify writes null
        return std::nullopt;
    }
    if (type == "timestamp") {
        std::string iso;
        if (yaml_timestamp(s, iso)) return json(iso);
        return std::nullopt;
    }
    return std::nullopt;
}

json typed_scalar(const std::string& s, bool plain) {
    if (!plain) return s;
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    json number;
    if (js_yaml_integer(s, number)) return number;
    // .inf and .nan are numbers that JSON cannot hold: JSON.stringify writes null, and the framework then
    // drops the key (see the null rule of the converter).
    static constexpr const char* non_finite[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
                                                 "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"};
    for (const char* x : non_finite)
        if (s == x) return nullptr;
    std::string iso;
    if (yaml_timestamp(s, iso)) return iso;
    if (looks_float(s)) {
        errno = 0;
        double d = std::strtod(s.c_str(), nullptr);
        // A JavaScript number: `1e3` and `1.0` print as 1000 and 1 in the template.
        // (range first: converting a double outside long long's range is undefined behaviour)
        if (errno == 0 && d > -9007199254740992.0 && d < 9007199254740992.0 && d == static_cast<double>(static_cast<long long>(d)))
            return static_cast<long long>(d);
        if (errno == 0) return d;
    }
    return s;
}

}  // namespace wd::yaml
