// SPDX-License-Identifier: MIT
#include "iam/statement_eval.hpp"

#include <algorithm>

#include "iam/arn.hpp"
#include "iam/condition_eval.hpp"
#include "iam/glob.hpp"
#include "iam/variables.hpp"

namespace wd::iam {

const char* to_string(principal_match m) {
    switch (m) {
        case principal_match::none: return "none";
        case principal_match::account: return "account";
        case principal_match::role: return "role";
        case principal_match::service: return "service";
        case principal_match::wildcard: return "wildcard";
        case principal_match::direct: return "direct";
    }
    return "none";
}

bool action_matches(const action_pattern& a, std::string_view service_lower, std::string_view name_lower,
                    step_budget* budget) noexcept {
    if (budget && !budget->charge(1)) return false;
    // `*` alone is every service; `*:Get*` still names the actions it covers. Any other prefix is compared
    // literally: `s3:*` never covers `s3-object-lambda:`.
    if (a.service == "*") return a.name == "*" || glob_match(a.name, name_lower, false, budget);
    return a.service == service_lower && glob_match(a.name, name_lower, false, budget);
}

namespace {

bool is_account_id(std::string_view v) {
    return v.size() == 12 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The account a Principal entry names as a whole ("123456789012" or "arn:aws:iam::123456789012:root").
std::string_view account_of_entry(std::string_view v) {
    if (is_account_id(v)) return v;
    if (is_arn(v)) {
        arn_parts p = split_arn(v);
        if (p.service() == "iam" && p.resource() == "root") return p.account();
    }
    return {};
}

// A role ARN entry naming the caller's role (sessions carry no role path, so the name decides).
bool names_role(std::string_view v, const caller& c) {
    if (c.role_name.empty() || !is_arn(v)) return false;
    arn_parts p = split_arn(v);
    if (p.service() != "iam" || p.account() != c.account || p.resource().substr(0, 5) != "role/") return false;
    std::string_view res = p.resource();
    std::size_t slash = res.rfind('/');
    return res.substr(slash + 1) == c.role_name;
}

principal_match match_entry(const principal_entry& e, const caller& c) {
    switch (e.form) {
        case principal_form::any: return principal_match::wildcard;
        case principal_form::service:
            return c.kind == caller_kind::service && iequals(e.value, c.arn) ? principal_match::service
                                                                                : principal_match::none;
        case principal_form::federated: return e.value == c.arn ? principal_match::direct : principal_match::none;
        case principal_form::canonical_user: return principal_match::none;
        case principal_form::aws: break;
    }
    if (c.kind == caller_kind::anonymous || c.kind == caller_kind::service) return principal_match::none;
    std::string_view acct = account_of_entry(e.value);
    if (!acct.empty()) return acct == c.account ? principal_match::account : principal_match::none;
    if (e.value == c.arn) return c.kind == caller_kind::role ? principal_match::role : principal_match::direct;
    if (names_role(e.value, c)) return principal_match::role;
    return principal_match::none;
}

// NotPrincipal: AWS checks the account, the role and the session; the caller escapes a Deny only when
// its own identity is listed (a session ARN, or the role together with its account).
bool excluded_by(const std::vector<principal_entry>& list, const caller& c) {
    bool account = false, role = false, self = false;
    for (const auto& e : list) {
        if (e.form == principal_form::any) return true;
        principal_match m = match_entry(e, c);
        if (m == principal_match::account) account = true;
        else if (m == principal_match::role) role = true;
        else if (m == principal_match::direct || m == principal_match::service) self = true;
    }
    if (c.kind == caller_kind::session) return self || (role && account);
    if (c.kind == caller_kind::role) return role;
    if (c.kind == caller_kind::root) return account || self;
    return self;
}

void add_missing(std::vector<std::string>* missing, const std::string& key) {
    if (!missing) return;
    if (std::find(missing->begin(), missing->end(), key) == missing->end()) missing->push_back(key);
}

}  // namespace

statement_outcome evaluate_statement(const statement& s, const compiled_policy& p, const eval_request& r) {
    statement_outcome out;
    evaluation_trace* const tr = r.trace;
    statement_trace rec;
    rec.stmt = &s;
    auto position = [&]() { return static_cast<std::uint32_t>(tr->positions.size()); };

    // Action / NotAction
    bool any_action = false;
    if (tr) rec.action_values.begin = position();
    for (std::size_t i = 0; i < s.actions.size(); ++i) {
        if (action_matches(s.actions[i], r.action_service, r.action_name, r.budget)) {
            any_action = true;
            if (!tr) break;
            tr->positions.push_back(static_cast<std::uint32_t>(i));
        }
    }
    const bool action_ok = s.not_action ? !any_action : any_action;
    if (tr) {
        rec.action_values.end = position();
        rec.action_matched = action_ok;
    }

    // Resource / NotResource
    bool resource_ok = true;
    bool unresolved = false;
    if (s.has_resource) {
        bool any = false;
        if (tr) {
            rec.resource_values.begin = position();
            rec.unresolved.begin = rec.unresolved.end = static_cast<std::uint32_t>(tr->unresolved_variables.size());
        }
        for (std::size_t i = 0; i < s.resources.size(); ++i) {
            const std::string& pat = s.resources[i];
            bool m;
            if (p.variables_enabled && s.resources_have_variables && has_variables(pat)) {
                std::string missing;
                auto sub = substitute_variables(pat, *r.ctx, true, &missing);
                if (!sub) {
                    unresolved = true;
                    // Reported only where it could decide: a statement whose action does not match cannot.
                    if (action_ok) add_missing(r.missing_keys, missing);
                    if (tr) tr->unresolved_variables.push_back(std::move(missing));
                    continue;
                }
                m = resource_pattern_matches(*sub, r.resource, r.budget);
            } else {
                m = resource_pattern_matches(pat, r.resource, r.budget);
            }
            if (m) {
                any = true;
                if (!tr) break;
                tr->positions.push_back(static_cast<std::uint32_t>(i));
            }
        }
        // An unresolvable variable in NotResource leaves the exclusion unknown: the statement cannot apply.
        resource_ok = s.not_resource ? (!any && !unresolved) : any;
        if (tr) {
            rec.resource_values.end = position();
            rec.unresolved.end = static_cast<std::uint32_t>(tr->unresolved_variables.size());
            rec.resource_matched = resource_ok;
        }
    }

    // Principal / NotPrincipal
    bool principal_ok = true;
    if (s.has_principal) {
        if (s.not_principal) {
            // "A Deny with NotPrincipal will always deny any IAM principal that has a permissions boundary
            // policy attached" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
            principal_ok = (!s.allow && r.caller_has_boundary) || !excluded_by(s.principals, *r.who);
            out.principal = principal_ok ? principal_match::wildcard : principal_match::none;
        } else {
            principal_match best = principal_match::none;
            if (tr) rec.principal_values.begin = position();
            for (std::size_t i = 0; i < s.principals.size(); ++i) {
                principal_match m = match_entry(s.principals[i], *r.who);
                if (m != principal_match::none && tr) tr->positions.push_back(static_cast<std::uint32_t>(i));
                if (static_cast<int>(m) > static_cast<int>(best)) best = m;
            }
            out.principal = best;
            principal_ok = best != principal_match::none;
            if (tr) {
                rec.principal_values.end = position();
                rec.principal_kind = best;
            }
        }
        if (tr) rec.principal_matched = principal_ok;
    }

    // Conditions: only consulted when everything else matched, so a missing key is reported only when
    // it could have decided this statement.
    bool conditions_ok = true;
    if (action_ok && resource_ok && principal_ok && !s.conditions.empty()) {
        if (tr) {
            rec.conditions_evaluated = true;
            rec.conditions.begin = static_cast<std::uint32_t>(tr->conditions.size());
        }
        for (const auto& c : s.conditions) {
            condition_result cr = evaluate_condition(c, p.variables_enabled, *r.ctx, r.budget);
            if (cr.key_missing) add_missing(r.missing_keys, c.key);
            if (tr)
                tr->conditions.push_back({&c, cr.request, cr.matched ? condition_outcome::matched
                                                          : cr.key_missing ? condition_outcome::missing
                                                                           : condition_outcome::failed});
            if (!cr.matched) {
                conditions_ok = false;
                if (!tr) break;
            }
        }
        if (tr) rec.conditions.end = static_cast<std::uint32_t>(tr->conditions.size());
    }
    out.applies = action_ok && resource_ok && principal_ok && conditions_ok;
    if (tr) {
        rec.applies = out.applies;
        tr->statements.push_back(rec);
    }
    return out;
}

policy_outcome evaluate_policy(const compiled_policy& p, const eval_request& r, int level) {
    policy_outcome out;
    evaluation_trace* const tr = r.trace;
    const auto first = tr ? static_cast<std::uint32_t>(tr->statements.size()) : 0;
    for (const auto& s : p.statements) {
        statement_outcome so = evaluate_statement(s, p, r);
        if (so.applies) {
            if (s.allow) {
                out.allows = true;
                if (so.principal == principal_match::account) out.grant_account = true;
                else if (so.principal == principal_match::role) out.grant_role = true;
                else if (so.principal != principal_match::none) out.grant_direct = true;
            } else {
                out.denies = true;
            }
        }
    }
    if (tr)
        tr->policies.push_back({&p, level, out.denies ? "deny" : (out.allows ? "allow" : "none"),
                                {first, static_cast<std::uint32_t>(tr->statements.size())}});
    return out;
}

}  // namespace wd::iam
