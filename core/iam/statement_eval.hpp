// SPDX-License-Identifier: MIT
// Evaluates compiled statements against one request and, when asked, writes the trace records
// described in docs/trace.md into the evaluation's trace tables. Matching itself allocates nothing unless a
// policy variable must be substituted; the trace is written only when the request has one.
#pragma once
#include <string>
#include <vector>

#include "iam/caller.hpp"
#include "iam/glob.hpp"
#include "iam/policy.hpp"
#include "iam/principal_match.hpp"
#include "iam/request_context.hpp"
#include "iam/trace.hpp"

namespace wd::iam {


struct eval_request {
    const caller* who = nullptr;
    std::string action;          // as requested
    std::string action_service;  // lower-cased
    std::string action_name;     // lower-cased
    std::string resource;
    const request_context* ctx = nullptr;
    evaluation_trace* trace = nullptr;  // null: no trace records
    std::vector<std::string>* missing_keys = nullptr;  // unique; keys a condition consulted but absent
    step_budget* budget = nullptr;  // bounds the matching work (issue 8); null = unbounded
    bool caller_has_boundary = false;  // a Deny with NotPrincipal then applies to the caller whatever it lists
};

struct statement_outcome {
    bool applies = false;  // every element matched: the Effect takes part in the decision
    principal_match principal = principal_match::none;
};

statement_outcome evaluate_statement(const statement& s, const compiled_policy& p, const eval_request& r);

// One policy: whether any statement allows / denies, and the strongest principal match of an allow.
struct policy_outcome {
    bool allows = false;
    bool denies = false;
    bool grant_account = false, grant_role = false, grant_direct = false;  // resource-policy allows
};

policy_outcome evaluate_policy(const compiled_policy& p, const eval_request& r, int level = -1);

bool action_matches(const action_pattern& a, std::string_view service_lower, std::string_view name_lower,
                    step_budget* budget = nullptr) noexcept;

}  // namespace wd::iam
