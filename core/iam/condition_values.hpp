// SPDX-License-Identifier: MIT
// Value parsers the condition operators need: numbers, dates (ISO 8601 or epoch seconds, mixed freely),
// IP addresses and CIDR blocks (IPv4 and IPv6). All strict: text that does not parse never matches.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace wd::iam {

std::optional<double> parse_number(std::string_view text) noexcept;
// Seconds since the Unix epoch. Accepts "2024-01-01", "2024-01-01T10:00:00Z", fractions, "+09:00" offsets,
// and plain epoch seconds ("1704067200").
std::optional<double> parse_date(std::string_view text) noexcept;

struct ip_address {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4
    bool v6 = false;
};
std::optional<ip_address> parse_ip(std::string_view text) noexcept;
// "10.0.0.0/8", "2001:db8::/32" or a bare address (all bits).
bool cidr_contains(std::string_view cidr, const ip_address& ip) noexcept;
// Whether cidr_contains can ever hold for this policy value.
bool is_cidr(std::string_view text) noexcept;

}  // namespace wd::iam
