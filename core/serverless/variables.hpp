// SPDX-License-Identifier: MIT
// The Serverless Framework v3 variable resolver, offline: ${self:}, ${opt:}, ${sls:}, ${env:},
// ${aws:region}, ${file(...)}, ${strToBool:}, nested variables and fallbacks. Sources that need AWS or
// the Dashboard (${ssm:}, ${cf:}, ${s3:}, ${aws:accountId}, ${param:}, ${output:}) stay in the value as
// named placeholders (`${ssm:/a/b}`) with an info diagnostic: the framework would fail offline, we go on.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "serverless/package.hpp"
#include "yaml/document.hpp"

namespace wd::sls {

struct resolution {
    json config;
    std::string stage, region;
    bool stage_inferred = false, region_inferred = false;
    // A node replaced by a whole value taken from elsewhere (`statements: ${self:custom.iam.dev}`):
    // resolved pointer -> pointer of the original text, so provenance points at the real lines.
    std::vector<std::pair<std::string, std::string>> aliases;
    std::vector<std::string> placeholders;  // every placeholder kept, e.g. "${aws:accountId}"
};

resolution resolve_variables(const yaml::document& doc, const options& opts, diagnostics& diags);

// Sources whose variables stay in the value as `${source:address}` placeholders because they need AWS or
// the Dashboard: ssm, cf (also `cf(region)`), s3, output, secretsmanager, param.
bool is_placeholder_source(std::string_view source);

// Maps a pointer into the resolved config back to the pointer of the text it came from.
std::string original_pointer(const resolution& r, const std::string& pointer);

}  // namespace wd::sls
