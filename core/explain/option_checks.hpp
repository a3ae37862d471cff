// SPDX-License-Identifier: MIT
// The stage, region and account a user gives beside the inputs (CLI flags, the page's option fields), checked
// before they steer the analysis: a value AWS would never accept is reported and ignored, so the answer falls
// back to what the log and the config say instead of matching nothing.
#pragma once
#include "common/diagnostic.hpp"
#include "explain/explain.hpp"

namespace wd::explain {

// The request with malformed options removed; `diags` gets a warning per removed option
// (WD5104 account id, WD5105 region, WD5108 stage).
request checked_options(const request& req, diagnostics& diags);

// Whether `region` has the shape of an AWS region name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`).
bool is_region_name(std::string_view region);

}  // namespace wd::explain
