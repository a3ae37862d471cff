// SPDX-License-Identifier: MIT
// A policy document compiled once into the form the evaluator walks: lower-cased action patterns,
// parsed condition operators, principals sorted by kind. Compiling also validates the document the way
// IAM does when a policy is saved; problems become WD42xx diagnostics and mark the policy invalid.
#pragma once
#include <string>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "iam/evaluator.hpp"

namespace wd::iam {

enum class policy_type { identity, permissions_boundary, session, scp, rcp, resource };
const char* to_string(policy_type t);  // "identity", "permissionsBoundary", "session", "scp", "rcp", "resource"

struct action_pattern {
    std::string text;     // as written
    std::string service;  // lower-cased prefix ("*" for the bare "*")
    std::string name;     // lower-cased name pattern
};

enum class principal_form { any, aws, service, federated, canonical_user };
struct principal_entry {
    principal_form form = principal_form::any;
    std::string value;
};

enum class cond_base {
    string_equals, string_equals_ic, string_like, numeric_equals, numeric_lt, numeric_le, numeric_gt, numeric_ge,
    date_equals, date_lt, date_le, date_gt, date_ge, boolean, binary_equals, ip_address, arn_like, null_check
};
enum class set_operator { none, for_all_values, for_any_value };

struct condition_clause {
    std::string op_name;  // as written, e.g. "ForAnyValue:StringNotEqualsIfExists"
    cond_base base = cond_base::string_equals;
    bool negated = false;
    bool if_exists = false;
    set_operator set = set_operator::none;
    std::string key;
    std::string key_lower;
    std::vector<std::string> values;
    bool values_have_variables = false;
};

struct statement {
    int index = 0;
    std::string sid;
    bool allow = true;
    bool not_action = false;
    std::vector<action_pattern> actions;
    bool has_resource = false;  // false: no Resource/NotResource (trust policies): every resource
    bool not_resource = false;
    std::vector<std::string> resources;
    bool resources_have_variables = false;
    bool has_principal = false;
    bool not_principal = false;
    std::vector<principal_entry> principals;
    std::vector<condition_clause> conditions;
};

struct compiled_policy {
    std::string name;
    json source = nullptr;
    policy_type type = policy_type::identity;
    bool variables_enabled = false;  // Version 2012-10-17
    bool valid = true;
    std::vector<statement> statements;
};

// Parses an operator name ("StringNotEqualsIfExists", "ForAllValues:StringLike"); false when unknown.
bool parse_condition_operator(std::string_view name, condition_clause& out);

compiled_policy compile_policy(const named_policy& p, policy_type type, diagnostics& diags, bool refuse_non_arn_resources = true);

}  // namespace wd::iam
