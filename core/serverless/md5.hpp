// SPDX-License-Identifier: MIT
// MD5 as lowercase hex. Only for names: the framework shortens a custom-resource function name over 64
// characters to its first 32 characters + md5(name) (custom-resources/index.js), not for security.
#pragma once
#include <string>
#include <string_view>

namespace wd::sls {

std::string md5_hex(std::string_view data);

}  // namespace wd::sls
