// SPDX-License-Identifier: MIT
#include "iam/condition_eval.hpp"

#include <optional>

#include "iam/arn.hpp"
#include "iam/condition_values.hpp"
#include "iam/glob.hpp"
#include "iam/variables.hpp"

namespace wd::iam {

bool condition_value_matches(cond_base base, std::string_view pv, std::string_view rv, step_budget* budget) noexcept {
    switch (base) {
        case cond_base::string_equals: return pv == rv;
        case cond_base::string_equals_ic: return iequals(pv, rv);
        case cond_base::string_like: return glob_match(pv, rv, false, budget);
        case cond_base::binary_equals: return pv == rv;
        case cond_base::boolean: return iequals(pv, rv);
        case cond_base::arn_like: return arn_condition_matches(pv, rv, budget);
        case cond_base::ip_address: {
            auto ip = parse_ip(rv);
            return ip && cidr_contains(pv, *ip);
        }
        case cond_base::numeric_equals:
        case cond_base::numeric_lt:
        case cond_base::numeric_le:
        case cond_base::numeric_gt:
        case cond_base::numeric_ge: {
            auto p = parse_number(pv), r = parse_number(rv);
            if (!p || !r) return false;
            if (base == cond_base::numeric_equals) return *r == *p;
            if (base == cond_base::numeric_lt) return *r < *p;
            if (base == cond_base::numeric_le) return *r <= *p;
            if (base == cond_base::numeric_gt) return *r > *p;
            return *r >= *p;
        }
        case cond_base::date_equals:
        case cond_base::date_lt:
        case cond_base::date_le:
        case cond_base::date_gt:
        case cond_base::date_ge: {
            // Both sides normalised to epoch seconds, so ISO 8601 and epoch values compare correctly.
            auto p = parse_date(pv), r = parse_date(rv);
            if (!p || !r) return false;
            if (base == cond_base::date_equals) return *r == *p;
            if (base == cond_base::date_lt) return *r < *p;
            if (base == cond_base::date_le) return *r <= *p;
            if (base == cond_base::date_gt) return *r > *p;
            return *r >= *p;
        }
        case cond_base::null_check: return false;
    }
    return false;
}

namespace {

bool wants_pattern(cond_base b) { return b == cond_base::string_like || b == cond_base::arn_like; }

// "You can not use a policy variable with the Numeric, Date, Boolean... " -- the condition operators page lists
// the operators whose values take variables: String*, Arn* and Bool. Elsewhere `${...}` is literal text (which
// parses as no number, date or address, so it matches nothing).
bool takes_variables(cond_base b) {
    switch (b) {
        case cond_base::string_equals:
        case cond_base::string_equals_ic:
        case cond_base::string_like:
        case cond_base::arn_like:
        case cond_base::boolean: return true;
        default: return false;
    }
}

// Any (resolved) policy value matches the request value; negation applied by the caller. Each pair
// compared costs a step, so values x request values stays within the budget whatever the operator.
bool any_value_matches(const condition_clause& c, bool vars, const request_context& ctx, std::string_view rv,
                       step_budget* budget, bool& unresolved) {
    for (const auto& pv : c.values) {
        if (budget && !budget->charge(1)) return false;
        if (vars && c.values_have_variables && takes_variables(c.base) && has_variables(pv)) {
            auto sub = substitute_variables(pv, ctx, wants_pattern(c.base));
            if (!sub) {
                unresolved = true;
                continue;
            }
            if (condition_value_matches(c.base, *sub, rv, budget)) return true;
        } else if (condition_value_matches(c.base, pv, rv, budget)) {
            return true;
        }
    }
    return false;
}

// A value whose policy variable cannot be resolved (no such key, no default) makes the condition fail
// whatever the operator: AWS says it "might cause the entire statement to be invalid", and
// iam-simulate, whose answers the iam-eval corpus holds, drops the statement -- so `StringNotEquals`
// with `${aws:username}` for a role grants nothing.
bool satisfies(const condition_clause& c, bool vars, const request_context& ctx, std::string_view rv,
               step_budget* budget) {
    bool unresolved = false;
    const bool any = any_value_matches(c, vars, ctx, rv, budget, unresolved);
    if (unresolved && !any) return false;
    return c.negated ? !any : any;
}

// A string condition on `<unknown role id>:<session>` (aws:userid of a role session). A role id holds letters
// and digits only and a session name no `:`, so the value has exactly one `:`, which a pattern's literal `:`
// must meet: the part before it is about the role id, the part after about the session. Decided (true/false)
// when the session part fails, or when the role-id part accepts any role id (`*`, `AROA*`); nullopt otherwise.
std::optional<bool> role_session_userid_matches(cond_base base, std::string_view pv, std::string_view session, step_budget* budget) {
    if (base != cond_base::string_equals && base != cond_base::string_equals_ic && base != cond_base::string_like) return std::nullopt;
    const std::size_t colon = pv.find(':');
    if (colon == std::string_view::npos) {
        // No `:` to meet the value's: only a wildcard could stand for it.
        if (base == cond_base::string_like && pv.find_first_of("*?") != std::string_view::npos) return std::nullopt;
        return false;
    }
    if (pv.find(':', colon + 1) != std::string_view::npos) return false;  // two `:` never meet one
    const std::string_view id_part = pv.substr(0, colon), session_part = pv.substr(colon + 1);
    const bool session_ok = base == cond_base::string_equals      ? session_part == session
                            : base == cond_base::string_equals_ic ? iequals(session_part, session)
                                                                  : glob_match(session_part, session, false, budget);
    if (!session_ok) return false;
    if (base == cond_base::string_like && (id_part == "*" || id_part == "AROA*")) return true;
    return std::nullopt;
}

}  // namespace

condition_result evaluate_condition(const condition_clause& c, bool vars, const request_context& ctx,
                                    step_budget* budget) {
    condition_result out;
    const context_value* v = ctx.find(c.key_lower);
    out.request = v;
    if (c.base == cond_base::null_check) {
        bool absent = v == nullptr;
        for (const auto& pv : c.values)
            if ((iequals(pv, "true") && absent) || (iequals(pv, "false") && !absent)) out.matched = true;
    } else if (v && v->unknown_role_id_prefix) {
        // One value: every set operator reads it as the single-valued one does.
        bool any = false, unknown = false;
        const std::string_view session = v->values.empty() ? std::string_view() : std::string_view(v->values[0]).substr(1);
        for (const auto& raw : c.values) {
            if (budget && !budget->charge(1)) break;
            std::string pv = raw;
            if (vars && c.values_have_variables && takes_variables(c.base) && has_variables(raw)) {
                auto sub = substitute_variables(raw, ctx, wants_pattern(c.base));
                if (!sub) continue;  // an unresolvable variable matches nothing (see satisfies)
                pv = *sub;
            }
            const auto m = role_session_userid_matches(c.base, pv, session, budget);
            if (m && *m) any = true;
            if (!m) unknown = true;
        }
        if (any || !unknown) {
            out.matched = c.negated ? !any : any;
        } else {
            // Decided by the role id, which no log gives: as a key the request does not show.
            out.key_missing = true;
            out.matched = c.set == set_operator::for_all_values ? true : c.set == set_operator::for_any_value ? false : c.if_exists || c.negated;
        }
    } else if (!v) {
        out.key_missing = !ctx.never_present(c.key_lower);
        // ForAnyValue over no values is false, IfExists or not (AWS behaves so, re:Post QU9HFmDzP0QGuU-fd7rS6B7w,
        // and so does iam-simulate); ForAllValues over no values is true.
        if (c.set == set_operator::for_all_values) out.matched = true;
        else if (c.set == set_operator::for_any_value) out.matched = false;
        else out.matched = c.if_exists || c.negated;
        // Every value names a policy variable the request never carries (`home/${aws:username}/*` for a role
        // session): no value of the key could match it either, so the key, present or not, changes nothing for a
        // positive operator without IfExists (policy variables with no value: the comparison fails).
        if (out.key_missing && !out.matched && !c.negated && !c.if_exists && vars && c.values_have_variables && takes_variables(c.base) &&
            !c.values.empty()) {
            bool none_can_match = true;
            for (const auto& raw : c.values) {
                std::string absent;
                if (!has_variables(raw) || substitute_variables(raw, ctx, wants_pattern(c.base), &absent) || !ctx.never_present(lower_copy(absent))) {
                    none_can_match = false;
                    break;
                }
            }
            if (none_can_match) out.key_missing = false;
        }
    } else if (c.set == set_operator::none) {
        // A single-valued operator on a multivalued key never matches (AWS requires a set operator).
        out.matched = !v->multi && v->values.size() == 1 && satisfies(c, vars, ctx, v->values[0], budget);
    } else if (c.set == set_operator::for_any_value) {
        for (const auto& rv : v->values)
            if (satisfies(c, vars, ctx, rv, budget)) {
                out.matched = true;
                break;
            }
    } else {
        out.matched = true;
        for (const auto& rv : v->values)
            if (!satisfies(c, vars, ctx, rv, budget)) {
                out.matched = false;
                break;
            }
    }
    return out;
}

}  // namespace wd::iam
