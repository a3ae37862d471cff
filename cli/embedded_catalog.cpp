// SPDX-License-Identifier: MIT
// The data itself comes from a generated assembler file (.incbin, see cmake/catalog.cmake), so the
// megabytes of JSON never pass through the C++ compiler.
#include "embedded_catalog.hpp"

#include <cstddef>

#if defined(WD_HAS_EMBEDDED_CATALOG)
extern "C" {
extern const char wd_embedded_catalog_begin[];
extern const char wd_embedded_catalog_end[];
extern const char wd_embedded_policies_begin[];
extern const char wd_embedded_policies_end[];
}
#endif

namespace wd::cli {

std::string_view embedded_catalog_json() {
#if defined(WD_HAS_EMBEDDED_CATALOG)
    return {wd_embedded_catalog_begin, static_cast<std::size_t>(wd_embedded_catalog_end - wd_embedded_catalog_begin)};
#else
    return {};
#endif
}

std::string_view embedded_managed_policies_json() {
#if defined(WD_HAS_EMBEDDED_CATALOG)
    return {wd_embedded_policies_begin, static_cast<std::size_t>(wd_embedded_policies_end - wd_embedded_policies_begin)};
#else
    return {};
#endif
}

}  // namespace wd::cli
