// SPDX-License-Identifier: MIT
// IAM policy evaluation with AWS's documented semantics and a structured trace.
// The JSON case format is ../shared/CONTRACT.md section 4; `evaluate_case` is what the CLI's
// `evaluate` subcommand and the WASM module's evaluate() answer.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "iam/catalog.hpp"
#include "iam/glob.hpp"
#include "iam/trace.hpp"

namespace wd::iam {

// One named policy document. `source` is opaque to the evaluator and copied into every trace record
// about this policy (explain puts the config line of each statement there).
struct named_policy {
    std::string name;
    json document;          // {"Version": ..., "Statement": [...] | {...}}
    json source = nullptr;  // e.g. {"statements": [{"line": 12}, ...]} -- echoed in the trace
    // When set, used instead of `document` (which may then stay null): lets a caller that already holds
    // the parsed document avoid a deep copy. The pointee must outlive the evaluation.
    const json* document_ref = nullptr;
    const json& doc() const { return document_ref ? *document_ref : document; }
};

struct evaluation_input {
    std::vector<named_policy> identity;               // inline + managed, unioned
    std::vector<named_policy> permission_boundaries;  // empty = no boundary
    std::optional<named_policy> session_policy;
    std::vector<std::vector<named_policy>> scp_levels;  // root first; empty = no SCPs
    std::vector<std::vector<named_policy>> rcp_levels;
    std::optional<named_policy> resource_policy;
    std::string principal;        // ARN, "anonymous" or a service principal
    std::string action;           // "s3:GetObject"
    std::string resource;         // ARN or "*"
    std::optional<std::string> resource_account;
    json context = json::object();  // condition keys -> string | array of strings | bool | number
    // When set, read instead of `context` (parse_case points into the case rather than copying it).
    // The pointee must outlive the evaluation.
    const json* context_ref = nullptr;
    bool trace = true;              // build the trace records (off for bulk evaluation)
    // Request context keys AWS fills from the principal (aws:PrincipalArn, aws:PrincipalAccount, ...)
    // are added when the request does not carry them.
    bool fill_principal_context = true;
    // A concrete resource ARN that fits none of the action's resource types (catalog templates) is an
    // error (`error:no.resource.types`), as the evaluate command's corpus expects. Explain leaves it off:
    // a log's resource is what AWS checked, whatever the catalog says of its shape.
    bool check_resource_type = false;
    // A KMS key's own policy must allow (AWS: "unless the key policy explicitly allows it, you cannot use IAM
    // policies to allow access to a KMS key"), so a request on a key without a key policy in the case is
    // denied. Explain leaves it off: it never sees key policies, and most keys keep the default policy that
    // lets the account's IAM policies decide.
    bool kms_key_policy_required = false;
    // A Resource that is neither `*` nor an ARN is refused (WD4214), as IAM refuses to save it. Explain leaves
    // it off: a config's `!Ref` of a queue gives its URL, and the answer is to correct that value, not
    // "could not evaluate"; such a value then matches nothing.
    bool refuse_non_arn_resources = true;
    // Issue 8: matching work allowed (see glob.hpp step_budget). Real cases use a few thousand steps;
    // a pasted policy of `*?*?...` patterns against a long ARN, or many statements x many values, stops
    // here with decision "Error" and WD4303 instead of freezing the page.
    std::uint64_t step_limit = default_step_limit;
    // When set, used instead of a budget of `step_limit` for this evaluation alone: lets explain share
    // one budget across all its evaluations. The pointee must outlive the evaluation.
    step_budget* shared_budget = nullptr;
    static constexpr std::uint64_t default_step_limit = 20'000'000;
};

struct evaluation_result {
    std::string decision;      // "Allow" | "ExplicitDeny" | "ImplicitDeny" | "Error"
    std::string reason_class;  // corpus vocabulary, e.g. "implicit_deny:no_allow"
    evaluation_trace trace;    // structured records (docs/trace.md); empty when evaluation_input::trace is off
    std::vector<std::string> missing_context_keys;  // keys a condition needed but the request lacked
    diagnostics diags;
    std::string decided_by;    // policy type that decided: "identity", "resource", "scp", ... or "" (errors)
};

evaluation_result evaluate(const evaluation_input& input, const catalog* cat);

// Parses a contract section 4 case into evaluation_input; problems become WD43xx diagnostics.
// The policies refer to the documents inside `case_json` (document_ref): keep it alive while evaluating.
evaluation_input parse_case(const json& case_json, diagnostics& diags);

// A contract section 4 case evaluated, the case's own problems (WD43xx) in front of the evaluation's
// diagnostics: what evaluate_case answers, before it becomes JSON. Never throws.
evaluation_result evaluate_case_result(const json& case_json, const catalog* cat);

// {"decision","reasonClass","trace","missingContextKeys","diagnostics"} of a result; "trace" is null
// unless `with_trace` (the text writer then puts the records in its place).
json case_answer(const evaluation_result& r, bool with_trace);

// Contract section 4: case JSON in, {"decision","reasonClass","trace","missingContextKeys","diagnostics"} out.
json evaluate_case(const json& case_json, const catalog* cat);

}  // namespace wd::iam
