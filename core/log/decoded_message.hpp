// SPDX-License-Identifier: MIT
// JSON documents pasted instead of a log: the output of `aws sts decode-authorization-message` (or its inner
// DecodedMessage), which names the exact action, resource, principal and request context. Internal to core/log.
#pragma once
#include <optional>
#include <string_view>

#include "log/log_parser.hpp"

namespace wd::log::detail {

// A denial when `text` is (only) a decoded authorization message; nullopt otherwise.
std::optional<denial> parse_decoded_message(std::string_view text);

}  // namespace wd::log::detail
