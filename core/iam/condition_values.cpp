// SPDX-License-Identifier: MIT
#include "iam/condition_values.hpp"

#include <cstdlib>
#include <string>

namespace wd::iam {

std::optional<double> parse_number(std::string_view text) noexcept {
    if (text.empty() || text.size() > 64) return std::nullopt;
    char buf[65];
    text.copy(buf, text.size());
    buf[text.size()] = '\0';
    if (buf[0] == ' ' || buf[0] == '\t') return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(buf, &end);
    if (end != buf + text.size()) return std::nullopt;
    // strtod accepts "inf", "nan" and hex floats: IAM numbers are plain decimals.
    for (char c : text)
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return std::nullopt;
    return v;
}

static bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-days algorithm).
static long long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::optional<double> parse_date(std::string_view t) noexcept {
    if (t.empty()) return std::nullopt;
    bool all_numeric = true;
    for (char c : t)
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-')) all_numeric = false;
    if (all_numeric && t.find('-', 1) == std::string_view::npos) return parse_number(t);  // epoch seconds
    int y, mo, d, h = 0, mi = 0, s = 0;
    // W3C's `YYYY-MM` (year and month) is the first day of that month.
    if (t.size() == 7 && digits(t, 0, 4, y) && t[4] == '-' && digits(t, 5, 2, mo)) {
        if (mo < 1 || mo > 12) return std::nullopt;
        return static_cast<double>(days_from_civil(y, mo, 1) * 86400LL);
    }
    if (!digits(t, 0, 4, y) || t.size() < 10 || t[4] != '-' || !digits(t, 5, 2, mo) || t[7] != '-' ||
        !digits(t, 8, 2, d))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    std::size_t pos = 10;
    double frac = 0;
    long long offset = 0;
    if (pos < t.size() && (t[pos] == 'T' || t[pos] == 't' || t[pos] == ' ')) {
        if (!digits(t, pos + 1, 2, h) || pos + 3 >= t.size() + 0 || t[pos + 3] != ':' || !digits(t, pos + 4, 2, mi))
            return std::nullopt;
        pos += 6;
        if (pos < t.size() && t[pos] == ':') {
            if (!digits(t, pos + 1, 2, s)) return std::nullopt;
            pos += 3;
            if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
                double scale = 0.1;
                ++pos;
                while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
                    frac += (t[pos] - '0') * scale;
                    scale /= 10;
                    ++pos;
                }
            }
        }
        if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
            ++pos;
        } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
            int oh = 0, om = 0;
            int sign = t[pos] == '-' ? -1 : 1;
            if (!digits(t, pos + 1, 2, oh)) return std::nullopt;
            pos += 3;
            if (pos < t.size() && t[pos] == ':') ++pos;
            if (pos < t.size()) {
                if (!digits(t, pos, 2, om)) return std::nullopt;
                pos += 2;
            }
            offset = sign * (oh * 3600LL + om * 60LL);
        }
    }
    if (pos != t.size()) return std::nullopt;
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
    long long secs = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + s - offset;
    return static_cast<double>(secs) + frac;
}

static std::optional<ip_address> parse_v4(std::string_view t) {
    ip_address ip;
    int part = 0;
    std::size_t i = 0;
    while (part < 4) {
        if (i >= t.size()) return std::nullopt;
        int v = 0, n = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9' && n < 4) {
            v = v * 10 + (t[i] - '0');
            ++i;
            ++n;
        }
        if (n == 0 || v > 255) return std::nullopt;
        ip.bytes[part++] = static_cast<std::uint8_t>(v);
        if (part < 4) {
            if (i >= t.size() || t[i] != '.') return std::nullopt;
            ++i;
        }
    }
    if (i != t.size()) return std::nullopt;
    return ip;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static std::optional<ip_address> parse_v6(std::string_view t) {
    ip_address ip;
    ip.v6 = true;
    std::uint16_t groups[8] = {};
    int n = 0, gap = -1;
    std::size_t i = 0;
    if (t.substr(0, 2) == "::") {
        gap = 0;
        i = 2;
    }
    while (i < t.size()) {
        if (n >= 8) return std::nullopt;
        // An embedded IPv4 tail ("::ffff:1.2.3.4").
        std::size_t next_colon = t.find(':', i);
        std::string_view piece = t.substr(i, next_colon == std::string_view::npos ? std::string_view::npos : next_colon - i);
        if (piece.find('.') != std::string_view::npos) {
            auto v4 = parse_v4(piece);
            if (!v4 || n > 6) return std::nullopt;
            groups[n++] = static_cast<std::uint16_t>(v4->bytes[0] << 8 | v4->bytes[1]);
            groups[n++] = static_cast<std::uint16_t>(v4->bytes[2] << 8 | v4->bytes[3]);
            i = t.size();
            break;
        }
        if (piece.empty() || piece.size() > 4) return std::nullopt;
        unsigned v = 0;
        for (char c : piece) {
            int h = hexval(c);
            if (h < 0) return std::nullopt;
            v = v * 16 + static_cast<unsigned>(h);
        }
        groups[n++] = static_cast<std::uint16_t>(v);
        i += piece.size();
        if (i < t.size()) {
            ++i;  // the colon
            if (i < t.size() && t[i] == ':') {
                if (gap >= 0) return std::nullopt;
                gap = n;
                ++i;
            } else if (i == t.size()) {
                return std::nullopt;
            }
        }
    }
    if (gap < 0 && n != 8) return std::nullopt;
    if (gap >= 0 && n > 7) return std::nullopt;
    std::uint16_t full[8] = {};
    if (gap < 0) {
        for (int k = 0; k < 8; ++k) full[k] = groups[k];
    } else {
        int tail = n - gap;
        for (int k = 0; k < gap; ++k) full[k] = groups[k];
        for (int k = 0; k < tail; ++k) full[8 - tail + k] = groups[gap + k];
    }
    for (int k = 0; k < 8; ++k) {
        ip.bytes[2 * k] = static_cast<std::uint8_t>(full[k] >> 8);
        ip.bytes[2 * k + 1] = static_cast<std::uint8_t>(full[k] & 0xff);
    }
    return ip;
}

std::optional<ip_address> parse_ip(std::string_view t) noexcept {
    if (t.find(':') != std::string_view::npos) return parse_v6(t);
    return parse_v4(t);
}

namespace {

struct cidr_block {
    ip_address net;
    int bits = 0;
};

std::optional<cidr_block> parse_cidr(std::string_view cidr) noexcept {
    std::size_t slash = cidr.find('/');
    auto net = parse_ip(cidr.substr(0, slash));
    if (!net) return std::nullopt;
    int max_bits = net->v6 ? 128 : 32;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
        auto b = parse_number(cidr.substr(slash + 1));
        if (!b || *b < 0 || *b > max_bits || *b != static_cast<int>(*b)) return std::nullopt;
        bits = static_cast<int>(*b);
    }
    return cidr_block{*net, bits};
}

}  // namespace

bool is_cidr(std::string_view text) noexcept { return parse_cidr(text).has_value(); }

bool cidr_contains(std::string_view cidr, const ip_address& ip) noexcept {
    const auto block = parse_cidr(cidr);
    if (!block) return false;
    const ip_address* net = &block->net;
    const int bits = block->bits;
    if (net->v6 != ip.v6) return false;  // families never match each other
    const ip_address* cand = &ip;
    for (int i = 0; i < bits / 8; ++i)
        if (net->bytes[i] != cand->bytes[i]) return false;
    int rem = bits % 8;
    if (rem) {
        std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rem));
        if ((net->bytes[bits / 8] & mask) != (cand->bytes[bits / 8] & mask)) return false;
    }
    return true;
}

}  // namespace wd::iam
