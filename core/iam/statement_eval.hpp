// SPDX-License-Identifier: MIT
// Evaluates compiled statements against one request and, when asked, writes the trace records
// described in docs/trace.md. Matching itself allocates nothing unless a policy variable must be
// substituted; the trace is built only when `trace` is set.
#pragma once
#include <string>
#include <vector>

#include "common/json.hpp"
#include "iam/caller.hpp"
#include "iam/glob.hpp"
#include "iam/policy.hpp"
#include "iam/request_context.hpp"

namespace wd::iam {

// How a Principal element named the caller, weakest first. The evaluator needs the difference:
// an account grant delegates to IAM, a role grant is limited by boundaries and session policies,
// a direct grant (user, session, `*`) is not.
enum class principal_match { none, account, role, service, wildcard, direct };
const char* to_string(principal_match m);

struct eval_request {
    const caller* who = nullptr;
    std::string action;          // as requested
    std::string action_service;  // lower-cased
    std::string action_name;     // lower-cased
    std::string resource;
    const request_context* ctx = nullptr;
    bool trace = true;
    std::vector<std::string>* missing_keys = nullptr;  // unique; keys a condition consulted but absent
    step_budget* budget = nullptr;  // bounds the matching work (issue 8); null = unbounded
    bool caller_has_boundary = false;  // a Deny with NotPrincipal then applies to the caller whatever it lists
};

struct statement_outcome {
    bool applies = false;  // every element matched: the Effect takes part in the decision
    principal_match principal = principal_match::none;
    json record;           // only with eval_request::trace
};

statement_outcome evaluate_statement(const statement& s, const compiled_policy& p, const eval_request& r);

// One policy: whether any statement allows / denies, and the strongest principal match of an allow.
struct policy_outcome {
    bool allows = false;
    bool denies = false;
    bool grant_account = false, grant_role = false, grant_direct = false;  // resource-policy allows
    json record;
};

policy_outcome evaluate_policy(const compiled_policy& p, const eval_request& r, int level = -1);

bool action_matches(const action_pattern& a, std::string_view service_lower, std::string_view name_lower,
                    step_budget* budget = nullptr) noexcept;

}  // namespace wd::iam
