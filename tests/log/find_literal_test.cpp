// SPDX-License-Identifier: MIT
// find_literal (core/log/scan_util.hpp) finds needles through their rarest byte; it must give exactly what
// std::string_view::find gives, for every needle, text and start position.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

#include "log/scan_util.hpp"

using wd::log::detail::find_literal;
using wd::log::detail::rarest_byte;

TEST_CASE("find_literal agrees with string_view::find", "[log][scan]") {
    std::mt19937 rng(7);
    const std::string alphabet = "aes:/.A1 ";
    auto random_text = [&](std::size_t n) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
        return s;
    };
    std::size_t checked = 0, found = 0;
    for (int round = 0; round < 400; ++round) {
        const std::string text = random_text(rng() % 40);
        const std::string needle = random_text(1 + rng() % 4);
        const std::size_t anchor = rarest_byte(needle);
        REQUIRE(anchor < needle.size());
        for (std::size_t from = 0; from <= text.size() + 1; ++from) {
            const std::size_t want = std::string_view(text).find(needle, from);
            INFO("text `" << text << "` needle `" << needle << "` from " << from);
            REQUIRE(find_literal(text, needle, from, anchor) == want);
            ++checked;
            found += want != std::string_view::npos;
        }
    }
    CHECK(found > 100);  // the alphabet is small enough for many hits
    CHECK(checked > 4000);
    CHECK(rarest_byte("services.") == 8);     // the dot, not an `s`
    CHECK(rarest_byte("@aws-sdk/client-") == 0);
    CHECK(find_literal("abc", "", 1, 0) == 1);
}
