// SPDX-License-Identifier: MIT
// Splits a printed principal ("arn:aws:sts::123456789012:assumed-role/R/S", a redacted "[my-ARN]/R/S",
// "anonymous", an IAM user path ...) into the contract's fields, and says which parts were redacted.
// Internal to core/log.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "log/log_parser.hpp"

namespace wd::log::detail {

// `redacted` receives contract field paths ("principal.accountId", ...) whose printed text is a placeholder.
principal_info parse_principal(std::string_view printed, std::vector<std::string>& redacted);

// The account field of an ARN ("" when absent); used for resources too.
std::string_view arn_account(std::string_view arn);

}  // namespace wd::log::detail
