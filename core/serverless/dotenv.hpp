// SPDX-License-Identifier: MIT
// `useDotenv: true`: the variables of `.env.<stage>` (else `.env`) from the request's files join options.env.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "serverless/package.hpp"

namespace wd::sls {

// KEY=VALUE lines as dotenv reads them: `#` comments, `export `, quoted values (\n in double quotes).
std::map<std::string, std::string> parse_dotenv(std::string_view text);

// `opts` with the dotenv variables added (never overriding `opts.env`), or `opts` itself when the config does
// not set useDotenv. Notes the file used (WD2085), or that none was given (WD2084).
options with_dotenv(const json& root, const options& opts, diagnostics& diags);

}  // namespace wd::sls
