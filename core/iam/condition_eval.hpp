// SPDX-License-Identifier: MIT
// One condition clause (operator + key + values) against the request context, with AWS's rules:
// OR across values, negated operators true when no value matches, IfExists and negated operators true
// when the key is absent, ForAllValues vacuously true and ForAnyValue false on a missing or empty set,
// and a single-valued operator never matching a multivalued key.
#pragma once
#include "iam/glob.hpp"
#include "iam/policy.hpp"
#include "iam/request_context.hpp"

namespace wd::iam {

struct condition_result {
    bool matched = false;
    bool key_missing = false;  // the key was absent from the request (Null excluded)
    const context_value* request = nullptr;  // the request's values of the key; null when absent
};

// `budget` (may be null) bounds the StringLike/ArnLike matching work (see glob.hpp).
condition_result evaluate_condition(const condition_clause& c, bool variables_enabled, const request_context& ctx,
                                    step_budget* budget = nullptr);

// The base comparison of one policy value with one request value (no negation, no sets).
bool condition_value_matches(cond_base base, std::string_view policy_value, std::string_view request_value,
                             step_budget* budget = nullptr) noexcept;

}  // namespace wd::iam
