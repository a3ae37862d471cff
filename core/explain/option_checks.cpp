// SPDX-License-Identifier: MIT
#include "explain/option_checks.hpp"

#include <string>

namespace wd::explain {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_account_id(std::string_view s) {
    if (s.size() != 12) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// The framework's own stage pattern (serverless 3 `configSchema`: `^[a-zA-Z0-9-]+$`).
bool is_stage_name(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(is_lower(c) || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-')) return false;
    return true;
}

}  // namespace

bool is_region_name(std::string_view region) {
    // Two lower-case letters, one or more lower-case words, a number: `ap-northeast-1`, `us-gov-east-1`.
    std::size_t words = 0, i = 0;
    while (i < region.size()) {
        const std::size_t start = i;
        while (i < region.size() && region[i] != '-') ++i;
        const std::string_view w = region.substr(start, i - start);
        if (w.empty()) return false;
        const bool last = i == region.size();
        for (char c : w)
            if (last ? !is_digit(c) : !is_lower(c)) return false;
        if (words == 0 && w.size() != 2) return false;
        ++words;
        if (!last) ++i;
        else if (w.size() > 2) return false;
    }
    return words >= 3;
}

request checked_options(const request& req, diagnostics& diags) {
    request out = req;
    if (out.account_id && !is_account_id(*out.account_id)) {
        diags.push_back(make_warning("WD5104", "account id `" + *out.account_id + "` is not a 12-digit AWS account id; it is ignored",
                                     "", 0, 0, {{"accountId", *out.account_id}}));
        out.account_id.reset();
    }
    if (out.opts.region && !is_region_name(*out.opts.region)) {
        diags.push_back(make_warning("WD5105", "region `" + *out.opts.region + "` is not an AWS region name (like `eu-west-1`); it is ignored",
                                     "", 0, 0, {{"region", *out.opts.region}}));
        out.opts.region.reset();
    }
    if (out.opts.stage && !is_stage_name(*out.opts.stage)) {
        diags.push_back(make_warning("WD5108", "stage `" + *out.opts.stage + "` is not a stage name the framework accepts (letters, digits and `-`); it is ignored",
                                     "", 0, 0, {{"stage", *out.opts.stage}}));
        out.opts.stage.reset();
    }
    return out;
}

}  // namespace wd::explain
