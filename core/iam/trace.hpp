// SPDX-License-Identifier: MIT
// The evaluation trace (docs/trace.md) as records that point into the evaluation's own data: the compiled
// policies, their statements and the request context. Nothing is copied or formatted while evaluating;
// `to_json` and `write_text` give the documented records when someone reads them.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "common/json_text.hpp"
#include "iam/caller.hpp"
#include "iam/principal_match.hpp"

namespace wd::iam {

struct compiled_policy;
struct statement;
struct condition_clause;
struct context_value;
class request_context;

// A slice [begin, end) of one of the trace's flat tables.
struct trace_range {
    std::uint32_t begin = 0, end = 0;
};

struct request_trace {
    std::string principal;
    caller_kind principal_type = caller_kind::unknown;
    std::string account;
    bool service_linked = false;
    std::string action;
    std::string resource;
    std::string resource_account;
    bool same_account = false;
    const request_context* context = nullptr;  // as the conditions saw it
    std::vector<std::string> filled_keys, ignored_keys;
    bool scp_applies = false, rcp_applies = false;
    const char* resource_policy_kind = nullptr;  // null: no resource policy
};

enum class condition_outcome : std::uint8_t { matched, failed, missing };

struct condition_trace {
    const condition_clause* clause = nullptr;
    const context_value* request = nullptr;  // null: the request does not carry the key
    condition_outcome outcome = condition_outcome::failed;
};

struct statement_trace {
    const statement* stmt = nullptr;
    bool action_matched = false;
    trace_range action_values;     // positions in stmt->actions (the trace's `positions` table)
    bool resource_matched = true;
    trace_range resource_values;   // positions in stmt->resources
    trace_range unresolved;        // entries of the trace's `unresolved_variables` table
    bool principal_matched = true;
    principal_match principal_kind = principal_match::none;
    trace_range principal_values;  // positions in stmt->principals
    bool conditions_evaluated = false;
    trace_range conditions;        // entries of the trace's `conditions` table
    bool applies = false;
};

struct policy_trace {
    const compiled_policy* policy = nullptr;
    int level = -1;  // SCP/RCP organization level; -1 for the other types
    const char* result = "none";  // "deny" | "allow" | "none"
    trace_range statements;
};

struct decision_trace {
    const char* decision = "";
    std::string reason_class;
    const char* decided_by = "";  // "" is written as null
};

struct evaluation_trace {
    // The records, in this order: request, service rule, policies, decision (each may be absent).
    std::optional<request_trace> request;
    const char* service_rule = nullptr;
    std::vector<policy_trace> policies;
    std::optional<decision_trace> decision;

    // Flat tables the records index into (one allocation each, however many statements).
    std::vector<statement_trace> statements;
    std::vector<condition_trace> conditions;
    std::vector<std::uint32_t> positions;
    std::vector<std::string> unresolved_variables;

    // Keeps what the records point to (compiled policies, request context) alive.
    std::shared_ptr<const void> owner;

    bool empty() const { return !request && !service_rule && policies.empty() && !decision; }
    json to_json() const;
    // The same records as to_json().dump(2) writes them, at `writer`'s position (an array value).
    void write(json_text_writer& writer) const;
};

}  // namespace wd::iam
