// SPDX-License-Identifier: MIT
// Runs one case directory of tests/corpus/serverless the way `sls package` ran it: flags and env
// assignments from `cmd`, extra files referenced by ${file(...)} from the case directory.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "serverless/package.hpp"
#include "yaml/document.hpp"

namespace wd::test {

struct sls_case {
    std::string name, dir, config_text;
    sls::options opts;
    nlohmann::json expected;  // unordered: key order is not part of the comparison
};

sls_case load_sls_case(const std::string& name);
// The same, for a case folder under any root (tests/oracle/serverless holds more oracle cases).
sls_case load_sls_case_at(const std::string& root, const std::string& name);

struct sls_run {
    yaml::document doc;
    sls::package_result result;
    diagnostics all_diags;  // loader + packaging
};

sls_run run_sls_case(const sls_case& c);

// {"iamResources": {...}, "functions": {...}} extracted from our template like tools/extract.js does.
nlohmann::json extract_like_oracle(const json& cfn_template);

// The `Error:` line (and the line after it) of the framework's output in an error case.
std::string framework_error_line(const nlohmann::json& expected);

// The framework failed only because it was offline (AWS credentials, network, Dashboard parameters).
bool offline_only_failure(const nlohmann::json& expected);

}  // namespace wd::test
