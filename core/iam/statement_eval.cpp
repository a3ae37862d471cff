// SPDX-License-Identifier: MIT
#include "iam/statement_eval.hpp"

#include <algorithm>

#include "iam/arn.hpp"
#include "iam/condition_eval.hpp"
#include "iam/glob.hpp"
#include "iam/trace_json.hpp"
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
    if (a.service == "*") return true;
    // The service prefix is compared literally: `s3:*` never covers `s3-object-lambda:`.
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
    const bool tr = r.trace;
    json matched_by = tr ? json::array() : json();

    // Action / NotAction
    bool any_action = false;
    for (const auto& a : s.actions) {
        if (action_matches(a, r.action_service, r.action_name, r.budget)) {
            any_action = true;
            if (!tr) break;
            matched_by.push_back(a.text);
        }
    }
    bool action_ok = s.not_action ? !any_action : any_action;
    if (tr) {
        out.record = trace_object(8);
        put(out.record, "index", s.index);
        put(out.record, "sid", s.sid.empty() ? json(nullptr) : json(s.sid));
        put(out.record, "effect", s.allow ? "Allow" : "Deny");
        json& a = put(out.record, "action", trace_object(3));
        put(a, "element", s.not_action ? "NotAction" : "Action");
        put(a, "matched", action_ok);
        put(a, "matchedValues", std::move(matched_by));
    }

    // Resource / NotResource
    bool resource_ok = true;
    bool unresolved = false;
    if (s.has_resource) {
        bool any = false;
        json rmatched = tr ? json::array() : json();
        json unresolved_keys = tr ? json::array() : json();
        for (const auto& pat : s.resources) {
            bool m;
            if (p.variables_enabled && s.resources_have_variables && has_variables(pat)) {
                std::string missing;
                auto sub = substitute_variables(pat, *r.ctx, true, &missing);
                if (!sub) {
                    unresolved = true;
                    // Reported only where it could decide: a statement whose action does not match cannot.
                    if (action_ok) add_missing(r.missing_keys, missing);
                    if (tr) unresolved_keys.push_back(missing);
                    continue;
                }
                m = resource_pattern_matches(*sub, r.resource, r.budget);
            } else {
                m = resource_pattern_matches(pat, r.resource, r.budget);
            }
            if (m) {
                any = true;
                if (!tr) break;
                rmatched.push_back(pat);
            }
        }
        // An unresolvable variable in NotResource leaves the exclusion unknown: the statement cannot apply.
        resource_ok = s.not_resource ? (!any && !unresolved) : any;
        if (tr) {
            json& rec = put(out.record, "resource", trace_object(4));
            put(rec, "element", s.not_resource ? "NotResource" : "Resource");
            put(rec, "matched", resource_ok);
            put(rec, "matchedValues", std::move(rmatched));
            if (!unresolved_keys.empty()) put(rec, "unresolvedVariables", std::move(unresolved_keys));
        }
    } else if (tr) {
        json& rec = put(out.record, "resource", trace_object(2));
        put(rec, "element", nullptr);
        put(rec, "matched", true);
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
            json pm = tr ? json::array() : json();
            for (const auto& e : s.principals) {
                principal_match m = match_entry(e, *r.who);
                if (m != principal_match::none && tr) pm.push_back(e.value);
                if (static_cast<int>(m) > static_cast<int>(best)) best = m;
            }
            out.principal = best;
            principal_ok = best != principal_match::none;
            if (tr) {
                json& rec = put(out.record, "principal", trace_object(4));
                put(rec, "element", "Principal");
                put(rec, "matched", principal_ok);
                put(rec, "matchKind", to_string(best));
                put(rec, "matchedValues", std::move(pm));
            }
        }
        if (tr && s.not_principal) {
            json& rec = put(out.record, "principal", trace_object(2));
            put(rec, "element", "NotPrincipal");
            put(rec, "matched", principal_ok);
        }
    }

    // Conditions: only consulted when everything else matched, so a missing key is reported only when
    // it could have decided this statement.
    bool conditions_ok = true;
    if (action_ok && resource_ok && principal_ok && !s.conditions.empty()) {
        json crec = tr ? json::array() : json();
        for (const auto& c : s.conditions) {
            condition_result cr = evaluate_condition(c, p.variables_enabled, *r.ctx, tr, r.budget);
            if (cr.key_missing) add_missing(r.missing_keys, c.key);
            if (tr) crec.push_back(std::move(cr.record));
            if (!cr.matched) {
                conditions_ok = false;
                if (!tr) break;
            }
        }
        if (tr) put(out.record, "conditions", std::move(crec));
    }
    out.applies = action_ok && resource_ok && principal_ok && conditions_ok;
    if (tr) put(out.record, "applies", out.applies);
    return out;
}

policy_outcome evaluate_policy(const compiled_policy& p, const eval_request& r, int level) {
    policy_outcome out;
    json stmts = r.trace ? json::array() : json();
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
        if (r.trace) stmts.push_back(std::move(so.record));
    }
    if (r.trace) {
        out.record = trace_object(7);
        put(out.record, "kind", "policy");
        put(out.record, "policyType", to_string(p.type));
        put(out.record, "policy", p.name);
        if (level >= 0) put(out.record, "level", level);
        put(out.record, "source", p.source);
        put(out.record, "result", out.denies ? "deny" : (out.allows ? "allow" : "none"));
        put(out.record, "statements", std::move(stmts));
    }
    return out;
}

}  // namespace wd::iam
