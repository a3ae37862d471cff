// SPDX-License-Identifier: MIT
// libFuzzer target for the log parser: any bytes must parse without a crash, a sanitizer report or an
// exception, and the answer must serialise (valid UTF-8) and keep its invariants. How to run: README.md.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "log/log_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const wd::log::parse_result r = wd::log::parse_log(text, nullptr);
    std::size_t lines = 1;
    for (char c : text) lines += (c == '\n' || c == '\r') ? 1 : 0;
    for (const auto& d : r.denials) {
        if (d.line < 1 || static_cast<std::size_t>(d.line) > lines || d.count < 1) std::abort();
        if (!d.action.empty() && d.action.find(':') == std::string::npos) std::abort();
    }
    if (r.denials.empty() && r.diags.empty()) std::abort();  // no denial must come with an info diagnostic
    (void)wd::log::to_json(r).dump();  // throws (and so aborts) on invalid UTF-8
    return 0;
}
