// SPDX-License-Identifier: MIT
// The one versioned JSON-in/JSON-out interface of WhyDenied. The CLI, the WebAssembly module and the
// tests are thin adapters over `engine::call`. Nothing thrown inside the core crosses this boundary:
// every failure becomes a diagnostic in the answer.
#pragma once
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "iam/catalog.hpp"

namespace wd::api {

// Command names (CONTRACT.md sections 1 and 5).
inline constexpr std::string_view cmd_explain = "explain";
inline constexpr std::string_view cmd_package = "package";
inline constexpr std::string_view cmd_evaluate = "evaluate";
inline constexpr std::string_view cmd_parse_log = "parseLog";
inline constexpr std::string_view cmd_version = "version";

std::string engine_version();

class engine {
public:
    engine() = default;

    // Load the generated IAM catalog / managed policies (text of the generated JSON). Returns the
    // diagnostics array (empty on success). Until a catalog is loaded the engine still answers, with
    // less precise fixes (it cannot tell wildcard-only actions apart) and no did-you-mean.
    json load_catalog(std::string_view text);
    json load_managed_policies(std::string_view text);
    std::string catalog_date() const;

    // `input` is the command's JSON document (see docs/api.md). Never throws.
    json call(std::string_view command, const json& input) const noexcept;
    // Same, with JSON text in and JSON text out (2-space indented): the form the CLI prints and the
    // WebAssembly module returns, byte for byte. Invalid input JSON gives a WD9001 diagnostic.
    std::string call_text(std::string_view command, std::string_view input_json) const noexcept;
    // Same, with the request's `log` passed apart as raw text (it replaces any `log` in `input_json`, which
    // must be a JSON object): the WebAssembly module hands a long paste over this way, so the engine does
    // not lex megabytes of JSON string escapes. The answer is the one call_text gives for the whole request.
    std::string call_text_with_log(std::string_view command, std::string_view input_json,
                                   std::string_view log_text) const noexcept;

    // A readable report of an answer (the CLI without --json).
    std::string render(std::string_view command, const json& answer, std::string_view locale = "en") const noexcept;

private:
    json stamp(std::string_view schema) const;
    json explain(const json& input) const;
    json package(const json& input) const;
    json evaluate(const json& input) const;
    std::string evaluate_text(const json& input) const;  // call_text of `evaluate`, the trace written as text
    json stamped_evaluation(json body) const;  // the stamp, then evaluate_case's members
    json parse_log(const json& input) const;

    iam::catalog catalog_;
};

// The exit code the CLI uses for an answer: 1 when any diagnostic is an error, else 0.
int exit_code_for(const json& answer);

}  // namespace wd::api
