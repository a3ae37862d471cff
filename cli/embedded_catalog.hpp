// SPDX-License-Identifier: MIT
// The IAM catalog and the AWS managed policies, embedded in the native binary at build time
// (cmake/catalog.cmake). Empty views when the build had no catalog.
#pragma once
#include <string_view>

namespace wd::cli {

std::string_view embedded_catalog_json();
std::string_view embedded_managed_policies_json();

}  // namespace wd::cli
