// SPDX-License-Identifier: MIT
// The trace records of docs/trace.md, written once for both forms (json tree, JSON text): the key order
// here is the documented one.
#include "iam/trace.hpp"

#include "iam/policy.hpp"
#include "iam/request_context.hpp"

namespace wd::iam {

namespace {

template <class W>
void write_context(W& w, const request_context& ctx) {
    w.begin_object(ctx.entries().size());
    for (const auto& e : ctx.entries()) {
        w.key(e.key);
        if (e.multi) w.string_array(e.values);
        else if (e.values.empty()) w.null();
        else w.string(e.values[0]);
    }
    w.end_object();
}

template <class W>
void write_request(W& w, const request_trace& r) {
    w.begin_object(14);
    w.key("kind"), w.string("request");
    w.key("principal"), w.begin_object(4);
    w.key("arn"), w.string(r.principal);
    w.key("type"), w.string(to_string(r.principal_type));
    w.key("account"), w.string(r.account);
    w.key("serviceLinked"), w.boolean(r.service_linked);
    w.end_object();
    w.key("action"), w.string(r.action);
    w.key("resource"), w.string(r.resource);
    w.key("resourceAccount"), w.string(r.resource_account);
    w.key("sameAccount"), w.boolean(r.same_account);
    w.key("context");
    if (r.context) write_context(w, *r.context);
    else w.begin_object(), w.end_object();
    w.key("filledContextKeys"), w.string_array(r.filled_keys);
    w.key("ignoredContextKeys"), w.string_array(r.ignored_keys);
    w.key("scpApplies"), w.boolean(r.scp_applies);
    w.key("rcpApplies"), w.boolean(r.rcp_applies);
    w.key("resourcePolicyKind"), w.string_or_null(r.resource_policy_kind);
    w.end_object();
}

const char* outcome_name(condition_outcome o) {
    switch (o) {
        case condition_outcome::matched: return "matched";
        case condition_outcome::missing: return "missing";
        case condition_outcome::failed: break;
    }
    return "failed";
}

template <class W>
void write_condition(W& w, const condition_trace& c) {
    w.begin_object(6);
    w.key("operator"), w.string(c.clause->op_name);
    w.key("key"), w.string(c.clause->key);
    w.key("outcome"), w.string(outcome_name(c.outcome));
    w.key("keyPresent"), w.boolean(c.request != nullptr);
    w.key("policyValues"), w.string_array(c.clause->values);
    w.key("requestValues");
    if (c.request) w.string_array(c.request->values);
    else w.null();
    w.end_object();
}

template <class W>
void write_statement(W& w, const evaluation_trace& t, const statement_trace& st) {
    const statement& s = *st.stmt;
    auto positions = [&](trace_range r, auto&& text_of) {
        w.begin_array();
        for (auto i = r.begin; i < r.end; ++i) w.string(text_of(t.positions[i]));
        w.end_array();
    };
    w.begin_object(8);
    w.key("index"), w.integer(s.index);
    w.key("sid");
    if (s.sid.empty()) w.null();
    else w.string(s.sid);
    w.key("effect"), w.string(s.allow ? "Allow" : "Deny");

    w.key("action"), w.begin_object(3);
    w.key("element"), w.string(s.not_action ? "NotAction" : "Action");
    w.key("matched"), w.boolean(st.action_matched);
    w.key("matchedValues"), positions(st.action_values, [&](std::uint32_t i) -> const std::string& { return s.actions[i].text; });
    w.end_object();

    w.key("resource"), w.begin_object(4);
    if (s.has_resource) {
        w.key("element"), w.string(s.not_resource ? "NotResource" : "Resource");
        w.key("matched"), w.boolean(st.resource_matched);
        w.key("matchedValues"), positions(st.resource_values, [&](std::uint32_t i) -> const std::string& { return s.resources[i]; });
        if (st.unresolved.end > st.unresolved.begin) {
            w.key("unresolvedVariables"), w.begin_array();
            for (auto i = st.unresolved.begin; i < st.unresolved.end; ++i) w.string(t.unresolved_variables[i]);
            w.end_array();
        }
    } else {
        w.key("element"), w.null();
        w.key("matched"), w.boolean(true);
    }
    w.end_object();

    if (s.has_principal) {
        w.key("principal"), w.begin_object(4);
        w.key("element"), w.string(s.not_principal ? "NotPrincipal" : "Principal");
        w.key("matched"), w.boolean(st.principal_matched);
        if (!s.not_principal) {
            w.key("matchKind"), w.string(to_string(st.principal_kind));
            w.key("matchedValues"),
                positions(st.principal_values, [&](std::uint32_t i) -> const std::string& { return s.principals[i].value; });
        }
        w.end_object();
    }
    if (st.conditions_evaluated) {
        w.key("conditions"), w.begin_array(st.conditions.end - st.conditions.begin);
        for (auto i = st.conditions.begin; i < st.conditions.end; ++i) write_condition(w, t.conditions[i]);
        w.end_array();
    }
    w.key("applies"), w.boolean(st.applies);
    w.end_object();
}

template <class W>
void write_policy(W& w, const evaluation_trace& t, const policy_trace& p) {
    w.begin_object(7);
    w.key("kind"), w.string("policy");
    w.key("policyType"), w.string(to_string(p.policy->type));
    w.key("policy"), w.string(p.policy->name);
    if (p.level >= 0) w.key("level"), w.integer(p.level);
    w.key("source"), w.value(p.policy->source);
    w.key("result"), w.string(p.result);
    w.key("statements"), w.begin_array(p.statements.end - p.statements.begin);
    for (auto i = p.statements.begin; i < p.statements.end; ++i) write_statement(w, t, t.statements[i]);
    w.end_array();
    w.end_object();
}

template <class W>
void write_trace(W& w, const evaluation_trace& t) {
    w.begin_array(t.policies.size() + 3);
    if (t.request) write_request(w, *t.request);
    if (t.service_rule) {
        w.begin_object(2);
        w.key("kind"), w.string("service-rule");
        w.key("rule"), w.string(t.service_rule);
        w.end_object();
    }
    for (const auto& p : t.policies) write_policy(w, t, p);
    if (t.decision) {
        w.begin_object(4);
        w.key("kind"), w.string("decision");
        w.key("decision"), w.string(t.decision->decision);
        w.key("reasonClass"), w.string(t.decision->reason_class);
        w.key("decidedBy");
        if (t.decision->decided_by[0]) w.string(t.decision->decided_by);
        else w.null();
        w.end_object();
    }
    w.end_array();
}

}  // namespace

json evaluation_trace::to_json() const {
    json out;
    json_tree_writer w(out);
    write_trace(w, *this);
    return out;
}

void evaluation_trace::write(json_text_writer& writer) const { write_trace(writer, *this); }

}  // namespace wd::iam
