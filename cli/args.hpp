// SPDX-License-Identifier: MIT
// Command-line parsing for `whydenied <subcommand> [options]` (CONTRACT.md section 1).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wd::cli {

struct arguments {
    std::string subcommand;                      // explain | package | evaluate | parse-log | version | help
    std::map<std::string, std::string> values;   // --config F, --log F, --stage S, ...
    std::map<std::string, std::string> params;   // --param "key=value" (repeatable), as `sls --param`
    bool json = false;
    std::string error;                           // non-empty: a usage error (exit code 2)
};

arguments parse_arguments(const std::vector<std::string>& argv);
std::string usage();

}  // namespace wd::cli
