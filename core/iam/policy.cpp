// SPDX-License-Identifier: MIT
#include "iam/policy.hpp"

#include <algorithm>
#include <cctype>

#include "common/json_members.hpp"
#include "iam/condition_values.hpp"
#include "iam/glob.hpp"
#include "iam/request_context.hpp"
#include "iam/variables.hpp"

namespace wd::iam {

const char* to_string(policy_type t) {
    switch (t) {
        case policy_type::identity: return "identity";
        case policy_type::permissions_boundary: return "permissionsBoundary";
        case policy_type::session: return "session";
        case policy_type::scp: return "scp";
        case policy_type::rcp: return "rcp";
        case policy_type::resource: return "resource";
    }
    return "identity";
}

namespace {

struct op_name {
    const char* name;  // lower-case
    cond_base base;
    bool negated;
};

// Every operator family AWS documents; names compared case-insensitively (as AWS's parser accepts).
constexpr op_name operators[] = {
    {"stringequals", cond_base::string_equals, false},
    {"stringnotequals", cond_base::string_equals, true},
    {"stringequalsignorecase", cond_base::string_equals_ic, false},
    {"stringnotequalsignorecase", cond_base::string_equals_ic, true},
    {"stringlike", cond_base::string_like, false},
    {"stringnotlike", cond_base::string_like, true},
    {"numericequals", cond_base::numeric_equals, false},
    {"numericnotequals", cond_base::numeric_equals, true},
    {"numericlessthan", cond_base::numeric_lt, false},
    {"numericlessthanequals", cond_base::numeric_le, false},
    {"numericgreaterthan", cond_base::numeric_gt, false},
    {"numericgreaterthanequals", cond_base::numeric_ge, false},
    {"dateequals", cond_base::date_equals, false},
    {"datenotequals", cond_base::date_equals, true},
    {"datelessthan", cond_base::date_lt, false},
    {"datelessthanequals", cond_base::date_le, false},
    {"dategreaterthan", cond_base::date_gt, false},
    {"dategreaterthanequals", cond_base::date_ge, false},
    {"bool", cond_base::boolean, false},
    {"binaryequals", cond_base::binary_equals, false},
    {"ipaddress", cond_base::ip_address, false},
    {"notipaddress", cond_base::ip_address, true},
    {"arnequals", cond_base::arn_like, false},
    {"arnlike", cond_base::arn_like, false},
    {"arnnotequals", cond_base::arn_like, true},
    {"arnnotlike", cond_base::arn_like, true},
    {"null", cond_base::null_check, false},
};

// Fields of an ARN-like text: colons outside `${...}` policy variables, plus one.
int arn_field_count(std::string_view v) {
    int fields = 1, depth = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{') ++depth, ++i;
        else if (v[i] == '}' && depth > 0) --depth;
        else if (v[i] == ':' && depth == 0) ++fields;
    }
    return fields;
}

bool starts_with_arn(std::string_view v) { return v.size() >= 4 && v.compare(0, 4, "arn:") == 0; }

// Calls f on each item of a list element, or on the value itself when it is not an array (IAM accepts both).
template <class F>
void for_each_item(const json& v, F&& f) {
    if (v.is_array()) {
        for (const auto& e : v) f(e);
    } else {
        f(v);
    }
}

// The elements of one statement, found in one pass over its members (bind_members).
struct statement_members {
    const json *sid = nullptr, *effect = nullptr, *action = nullptr, *not_action = nullptr, *resource = nullptr,
               *not_resource = nullptr, *principal = nullptr, *not_principal = nullptr, *condition = nullptr;
};

statement_members members_of(const json& st) {
    statement_members m;
    bind_members(st, {{"Sid", &m.sid},
                      {"Effect", &m.effect},
                      {"Action", &m.action},
                      {"NotAction", &m.not_action},
                      {"Resource", &m.resource},
                      {"NotResource", &m.not_resource},
                      {"Principal", &m.principal},
                      {"NotPrincipal", &m.not_principal},
                      {"Condition", &m.condition}});
    return m;
}

struct compiler {
    const named_policy& p;
    policy_type type;
    diagnostics& diags;
    bool refuse_non_arn_resources;
    compiled_policy out;

    void error(const char* code, std::string message, int stmt) {
        out.valid = false;
        json args = {{"policy", p.name}, {"policyType", to_string(type)}};
        if (stmt >= 0) args["statement"] = stmt;
        diags.push_back(make_error(code, std::move(message), "request", 0, 0, std::move(args)));
    }

    // A problem IAM may not refuse but that changes what the statement means: the policy stays valid.
    void warning(const char* code, std::string message, int stmt, json detail = json::object()) {
        json args = {{"policy", p.name}, {"policyType", to_string(type)}};
        if (stmt >= 0) args["statement"] = stmt;
        for (auto& [k, v] : detail.items()) args[k] = std::move(v);
        diags.push_back(make_warning(code, std::move(message), "request", 0, 0, std::move(args)));
    }

    // IAM's grammar for an action's prefix ("Vendor ... is not valid" when saved): a service namespace is
    // letters, digits, `-` and `.`; `*` alone stands for every service. Wildcards belong in the name only
    // (Action element page), and the name holds no second colon.
    bool valid_action_prefix(std::string_view prefix, std::string_view name, const std::string& text, int idx) {
        const bool namespace_chars = !prefix.empty() && std::all_of(prefix.begin(), prefix.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
        });
        if (prefix != "*" && !namespace_chars) {
            error("WD4215", "action `" + text + "`: the service prefix `" + std::string(prefix) +
                                "` is not a service namespace (letters, digits, `-`, `.`; wildcards go in the action name)",
                  idx);
            return false;
        }
        if (name.find(':') != std::string_view::npos) {
            error("WD4215", "action `" + text + "` has more than one colon", idx);
            return false;
        }
        return true;
    }

    // Values a typed operator cannot read never match: a negated operator (`NotIpAddress`, `NumericNotEquals`,
    // `DateNotEquals`) then holds for every request. Said once per condition key. Explain's stand-ins for values
    // it could not resolve are not the user's text.
    void check_typed_values(const condition_clause& c, int idx) {
        const char* expected = nullptr;
        const char* type_name = nullptr;
        bool (*reads)(std::string_view) = nullptr;
        switch (c.base) {
            case cond_base::ip_address:
                expected = "an IP address or CIDR block";
                type_name = "ip";
                reads = is_cidr;
                break;
            case cond_base::numeric_equals: case cond_base::numeric_lt: case cond_base::numeric_le:
            case cond_base::numeric_gt: case cond_base::numeric_ge:
                expected = "a number";
                type_name = "number";
                reads = [](std::string_view v) { return parse_number(v).has_value(); };
                break;
            case cond_base::date_equals: case cond_base::date_lt: case cond_base::date_le: case cond_base::date_gt:
            case cond_base::date_ge:
                expected = "a date (ISO 8601 or epoch seconds)";
                type_name = "date";
                reads = [](std::string_view v) { return parse_date(v).has_value(); };
                break;
            default: return;
        }
        for (const auto& v : c.values) {
            if (v.find("<unresolved:") != std::string::npos || reads(v)) continue;
            // These operators take no policy variables (condition operators page): `${...}` stays text.
            const bool variable = v.find("${") != std::string::npos;
            warning("WD4216", "`" + c.op_name + "` value `" + v + "` for `" + c.key + "` is not " + expected +
                                  (variable ? " (policy variables are not substituted in this operator's values)" : "") +
                                  ": it matches no request value" + (c.negated ? ", so the condition holds for every request" : ""),
                    idx,
                    {{"operator", c.op_name}, {"key", c.key}, {"value", v}, {"expects", type_name}, {"negated", c.negated}});
            return;
        }
    }

    // The strings of a list element, or false (and WD4208) at the first item that is not one.
    bool all_strings(const json& v, const char* element, int idx) {
        bool ok = true;
        for_each_item(v, [&](const json& e) { ok = ok && e.is_string(); });
        if (!ok) error("WD4208", std::string("`") + element + "` must hold strings", idx);
        return ok;
    }

    // Appends the strings of a list element up to the first item that is not one (then WD4208 and false).
    bool string_list(const json& v, std::vector<std::string>& dst, const char* element, int idx) {
        bool ok = true;
        dst.reserve(dst.size() + (v.is_array() ? v.size() : 1));
        for_each_item(v, [&](const json& e) {
            if (ok && !e.is_string()) {
                error("WD4208", std::string("`") + element + "` must hold strings", idx);
                ok = false;
            }
            if (ok) dst.push_back(e.get_ref<const std::string&>());
        });
        return ok;
    }

    // The policy types IAM itself stores and validates (the Sid and incomplete-ARN rules are IAM's).
    bool iam_managed() const {
        return type == policy_type::identity || type == policy_type::permissions_boundary || type == policy_type::session;
    }

    // "<resource_string> = "*" | <resource_arn>" (policy grammar). An incomplete ARN (fewer than six
    // fields) in an identity-based policy is completed with `*` in every missing field; a session policy
    // refuses it (Resource element page: "session policies do not support incomplete ARNs").
    void resource_grammar(std::string& r, const char* element, int idx) {
        // Explain's stand-ins for values it could not resolve are not the user's text: never refused.
        if (r == "*" || r.find("<unresolved:") != std::string::npos) return;
        if (!starts_with_arn(r)) {
            if (!refuse_non_arn_resources) return;
            error("WD4214", std::string("`") + element + "` value `" + r + "` is neither `*` nor an ARN", idx);
            return;
        }
        int fields = arn_field_count(r);
        if (fields >= 6) return;
        if (type == policy_type::session) {
            error("WD4214", std::string("`") + element + "` value `" + r +
                                "` is an incomplete ARN, which a session policy does not accept",
                  idx);
            return;
        }
        if (type == policy_type::identity || type == policy_type::permissions_boundary)
            for (; fields < 6; ++fields) r += ":*";
    }

    void actions(const json& v, statement& s, const char* element) {
        if (!all_strings(v, element, s.index)) return;
        s.actions.reserve(v.is_array() ? v.size() : 1);
        for_each_item(v, [&](const json& item) {
            const std::string& a = item.get_ref<const std::string&>();
            action_pattern ap;
            if (a == "*") {
                ap.service = "*";
                ap.name = "*";
            } else {
                std::size_t colon = a.find(':');
                if (colon == std::string::npos) {
                    error("WD4209", "action `" + a + "` has no service prefix", s.index);
                    return;
                }
                if (!valid_action_prefix(std::string_view(a).substr(0, colon), std::string_view(a).substr(colon + 1), a,
                                         s.index))
                    return;
                ap.service = lower_copy(std::string_view(a).substr(0, colon));
                ap.name = lower_copy(std::string_view(a).substr(colon + 1));
            }
            ap.text = a;
            s.actions.push_back(std::move(ap));
        });
    }

    void principals(const json& v, statement& s) {
        if (v.is_string()) {
            if (v.get<std::string>() == "*") s.principals.push_back({principal_form::any, "*"});
            else error("WD4210", "a string `Principal` must be `*`", s.index);
            return;
        }
        if (!v.is_object()) {
            error("WD4210", "`Principal` must be `*` or an object", s.index);
            return;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            principal_form form;
            if (it.key() == "AWS") form = principal_form::aws;
            else if (it.key() == "Service") form = principal_form::service;
            else if (it.key() == "Federated") form = principal_form::federated;
            else if (it.key() == "CanonicalUser") form = principal_form::canonical_user;
            else {
                error("WD4210", "unknown principal type `" + it.key() + "`", s.index);
                continue;
            }
            std::vector<std::string> values;
            if (!string_list(it.value(), values, "Principal", s.index)) continue;
            for (auto& val : values) {
                principal_form f = (form == principal_form::aws && val == "*") ? principal_form::any : form;
                s.principals.push_back({f, std::move(val)});
            }
        }
    }

    void conditions(const json& v, statement& s) {
        if (!v.is_object()) {
            error("WD4208", "`Condition` must be an object", s.index);
            return;
        }
        for (auto op = v.begin(); op != v.end(); ++op) {
            condition_clause proto;
            if (!parse_condition_operator(op.key(), proto)) {
                error("WD4206", "unknown condition operator `" + op.key() + "`", s.index);
                continue;
            }
            if (!op.value().is_object()) {
                error("WD4208", "condition operator `" + op.key() + "` must map keys to values", s.index);
                continue;
            }
            for (auto key = op.value().begin(); key != op.value().end(); ++key) {
                condition_clause c = proto;
                c.key = key.key();
                c.key_lower = lower_copy(c.key);
                for_each_item(key.value(), [&](const json& e) {
                    if (!(e.is_string() || e.is_number() || e.is_boolean())) {
                        error("WD4208", "condition values must be strings, numbers or booleans", s.index);
                        return;
                    }
                    c.values.push_back(scalar_text(e));
                    if (out.variables_enabled && has_variables(c.values.back())) c.values_have_variables = true;
                });
                check_typed_values(c, s.index);
                s.conditions.push_back(std::move(c));
            }
        }
    }

    void compile_statement(const json& st, int idx) {
        statement s;
        s.index = idx;
        if (!st.is_object()) {
            error("WD4201", "a statement must be an object", idx);
            return;
        }
        const statement_members m = members_of(st);
        if (m.sid && m.sid->is_string()) s.sid = m.sid->get<std::string>();
        if (!m.effect || !m.effect->is_string() || (*m.effect != "Allow" && *m.effect != "Deny")) {
            error("WD4202", "`Effect` must be `Allow` or `Deny`", idx);
        } else {
            s.allow = *m.effect == "Allow";
        }
        const bool has_a = m.action, has_na = m.not_action;
        if (has_a == has_na) error("WD4203", "a statement needs exactly one of `Action` and `NotAction`", idx);
        else if (has_a) actions(*m.action, s, "Action");
        else {
            s.not_action = true;
            actions(*m.not_action, s, "NotAction");
        }
        const bool has_r = m.resource, has_nr = m.not_resource;
        if (has_r && has_nr) error("WD4204", "a statement cannot hold both `Resource` and `NotResource`", idx);
        else if (has_r || has_nr) {
            s.has_resource = true;
            s.not_resource = has_nr;
            const char* element = has_r ? "Resource" : "NotResource";
            string_list(has_r ? *m.resource : *m.not_resource, s.resources, element, idx);
            for (auto& r : s.resources) resource_grammar(r, element, idx);
            if (out.variables_enabled)
                for (auto& r : s.resources)
                    if (has_variables(r)) s.resources_have_variables = true;
        } else if (type != policy_type::resource) {
            error("WD4204", "a statement needs `Resource` or `NotResource`", idx);
        }
        const bool has_p = m.principal, has_np = m.not_principal;
        bool principal_allowed = type == policy_type::resource || type == policy_type::rcp;
        if ((has_p || has_np) && !principal_allowed) {
            error("WD4205", "`Principal` is only valid in resource-based policies", idx);
        } else if (has_p && has_np) {
            error("WD4205", "a statement cannot hold both `Principal` and `NotPrincipal`", idx);
        } else if (has_p || has_np) {
            s.has_principal = true;
            s.not_principal = has_np;
            principals(has_p ? *m.principal : *m.not_principal, s);
        } else if (type == policy_type::resource) {
            error("WD4205", "a resource-based policy statement needs `Principal` or `NotPrincipal`", idx);
        }
        if (m.condition) conditions(*m.condition, s);
        // "In IAM, the Sid value must be unique within a JSON policy" (Sid element page).
        if (!s.sid.empty() && iam_managed()) {
            for (const auto& earlier : out.statements)
                if (earlier.sid == s.sid) {
                    error("WD4213", "the `Sid` `" + s.sid + "` is used by two statements of one policy", idx);
                    break;
                }
        }
        // "NotPrincipal must be used with Effect: Deny" (NotPrincipal element page).
        if (has_np && !has_p && s.allow && principal_allowed)
            error("WD4205", "`NotPrincipal` can only be used with `Effect: Deny`", idx);
        // RCP grammar (Organizations, RCP syntax page): no NotAction or NotPrincipal, `Principal` is `*`, and
        // the only Allow is AWS's RCPFullAWSAccess (Allow `*` on `*` to `*`, unconditioned).
        if (type == policy_type::rcp) {
            if (s.not_action) error("WD4212", "a resource control policy cannot use `NotAction`", idx);
            if (has_np) error("WD4212", "a resource control policy cannot use `NotPrincipal`", idx);
            if (has_p && *m.principal != "*") error("WD4212", "the `Principal` of a resource control policy must be `\"*\"`", idx);
            const bool full_access = !s.not_action && s.actions.size() == 1 && s.actions[0].text == "*" && !s.not_resource &&
                                     s.resources.size() == 1 && s.resources[0] == "*" && !m.condition;
            if (s.allow && !full_access)
                error("WD4212", "a resource control policy can only deny (its one Allow is AWS's RCPFullAWSAccess)", idx);
        }
        // Only AWS's own RCPFullAWSAccess may use Action "*"; customer RCPs deny specific services.
        if (type == policy_type::rcp && !s.allow && !s.not_action)
            for (const auto& a : s.actions)
                if (a.text == "*") error("WD4207", "a resource control policy cannot deny `Action: \"*\"`", idx);
        out.statements.push_back(std::move(s));
    }
};

}  // namespace

bool parse_condition_operator(std::string_view name, condition_clause& out) {
    std::string n = lower_copy(name);
    std::string_view v = n;
    out.op_name = std::string(name);
    out.set = set_operator::none;
    if (v.substr(0, 13) == "forallvalues:") {
        out.set = set_operator::for_all_values;
        v.remove_prefix(13);
    } else if (v.substr(0, 12) == "foranyvalue:") {
        out.set = set_operator::for_any_value;
        v.remove_prefix(12);
    }
    out.if_exists = v.size() > 8 && v.substr(v.size() - 8) == "ifexists";
    if (out.if_exists) v.remove_suffix(8);
    for (const auto& op : operators) {
        if (v == op.name) {
            if (op.base == cond_base::null_check && (out.if_exists || out.set != set_operator::none)) return false;
            out.base = op.base;
            out.negated = op.negated;
            return true;
        }
    }
    return false;
}

compiled_policy compile_policy(const named_policy& p, policy_type type, diagnostics& diags, bool refuse_non_arn_resources) {
    compiler c{p, type, diags, refuse_non_arn_resources, {}};
    c.out.name = p.name;
    c.out.source = p.source;
    c.out.type = type;
    const json& doc = p.doc();
    if (!doc.is_object()) {
        c.error("WD4201", "a policy document must be a JSON object", -1);
        return std::move(c.out);
    }
    if (auto v = doc.find("Version"); v != doc.end()) {
        if (!v->is_string() || (*v != "2012-10-17" && *v != "2008-10-17"))
            c.error("WD4211", "`Version` must be `2012-10-17` or `2008-10-17`", -1);
        else
            c.out.variables_enabled = *v == "2012-10-17";
    }
    auto st = doc.find("Statement");
    if (st == doc.end()) {
        c.error("WD4201", "a policy document needs `Statement`", -1);
        return std::move(c.out);
    }
    if (st->is_array()) {
        c.out.statements.reserve(st->size());
        int i = 0;
        for (const auto& s : *st) c.compile_statement(s, i++);
    } else {
        c.compile_statement(*st, 0);
    }
    return std::move(c.out);
}

}  // namespace wd::iam
