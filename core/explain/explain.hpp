// SPDX-License-Identifier: MIT
// Explain and fix: from a pasted serverless.yml and a log to the role that was used, the real decision
// of our evaluator on that role, and a verified least-privilege patch in the user's own YAML style.
// Output shape: ../shared/CONTRACT.md section 2 (the api layer adds schema/engine/catalog in front).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "iam/catalog.hpp"
#include "serverless/package.hpp"

namespace wd::explain {

struct request {
    std::string config;
    std::string log;
    sls::options opts;
    std::optional<std::string> account_id;
    std::string locale = "en";  // "en" | "ja": language of every `text` field
};

// {"denials": [...], "roles": [...], "diagnostics": [...], "lint": [...]}. Never throws.
json explain(const request& req, const iam::catalog* cat);

// Human-readable report of an explain document (CLI without --json). Never throws.
std::string render_report(const json& explain_doc, std::string_view locale);

// One request against a config as the explainer sees it (same role matching and intrinsic resolution).
// Used to verify patches and by tests for the "neighbours stay denied" property.
struct probe {
    std::string role_name;   // role the request comes from (matched like a log principal)
    std::string session_name;
    std::string action;
    std::optional<std::string> resource;
    // Values of variables read from AWS that the explanation took from the log (its `assumedVariables`), so a
    // grant written with `${cf:...}` is probed as it was verified.
    std::map<std::string, std::string> known_remote;
};
// {"decision": ..., "role": logicalId|null, "function": key|null}
json probe_config(const std::string& config, const sls::options& opts, const std::string& account_id,
                  const probe& p, const iam::catalog* cat);

}  // namespace wd::explain
