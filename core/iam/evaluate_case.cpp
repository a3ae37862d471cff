// SPDX-License-Identifier: MIT
// Contract section 4: the JSON case format in, {"decision","reasonClass","trace","diagnostics"} out.
#include "common/json_members.hpp"
#include "iam/evaluator.hpp"

namespace wd::iam {

namespace {

void bad(diagnostics& diags, const std::string& field, const std::string& what) {
    diags.push_back(make_error("WD4301", "`" + field + "` " + what, "request", 0, 0, {{"field", field}}));
}

// A policy is either a bare document or {"name": n, "policy": doc}.
named_policy to_named(const json& v, const std::string& fallback) {
    named_policy p;
    if (v.is_object() && v.contains("policy") && !v.contains("Statement")) {
        // value() would throw on a name that is not text: such a name is ignored, not an internal error.
        auto n = v.find("name");
        p.name = n != v.end() && n->is_string() ? n->get<std::string>() : fallback;
        p.document_ref = &v["policy"];
        if (auto s = v.find("source"); s != v.end()) p.source = *s;
    } else {
        p.name = fallback;
        p.document_ref = &v;
    }
    return p;
}

// `member`: the case's member named `field`, or null when absent.
std::vector<named_policy> policy_list(const json* member, const char* field, const std::string& prefix, diagnostics& diags) {
    std::vector<named_policy> out;
    if (!member || member->is_null()) return out;
    if (!member->is_array()) {
        bad(diags, field, "must be an array of policies");
        return out;
    }
    int i = 0;
    for (const auto& v : *member) out.push_back(to_named(v, prefix + "-" + std::to_string(++i)));
    return out;
}

// SCPs/RCPs: a flat list of documents (one level) or [{"orgIdentifier", "policies": [...]}, ...], root first.
std::vector<std::vector<named_policy>> levels(const json* member, const char* field, const std::string& prefix,
                                              diagnostics& diags) {
    std::vector<std::vector<named_policy>> out;
    if (!member || member->is_null()) return out;
    if (!member->is_array()) {
        bad(diags, field, "must be an array");
        return out;
    }
    bool leveled = !member->empty() && (*member)[0].is_object() && (*member)[0].contains("orgIdentifier");
    if (!leveled) {
        out.emplace_back();
        int i = 0;
        for (const auto& v : *member) out.back().push_back(to_named(v, prefix + "-" + std::to_string(++i)));
        return out;
    }
    for (const auto& lvl : *member) {
        out.emplace_back();
        auto org = lvl.find("orgIdentifier");  // find() is safe on any JSON value; value() throws
        std::string id = org != lvl.end() && org->is_string() ? org->get<std::string>() : std::string("level");
        int i = 0;
        if (auto ps = lvl.find("policies"); ps != lvl.end() && ps->is_array())
            for (const auto& v : *ps) out.back().push_back(to_named(v, id + "-" + std::to_string(++i)));
    }
    return out;
}

}  // namespace

evaluation_input parse_case(const json& c, diagnostics& diags) {
    evaluation_input in;
    if (!c.is_object()) {
        bad(diags, "case", "must be a JSON object");
        return in;
    }
    const json *identity = nullptr, *boundaries = nullptr, *session = nullptr, *scps = nullptr, *rcps = nullptr,
               *resource_policy = nullptr, *request = nullptr;
    bind_members(c, {{"identityPolicies", &identity},
                     {"permissionBoundaryPolicies", &boundaries},
                     {"sessionPolicy", &session},
                     {"serviceControlPolicies", &scps},
                     {"resourceControlPolicies", &rcps},
                     {"resourcePolicy", &resource_policy},
                     {"request", &request}});
    in.identity = policy_list(identity, "identityPolicies", "identity", diags);
    in.permission_boundaries = policy_list(boundaries, "permissionBoundaryPolicies", "boundary", diags);
    if (session && !session->is_null()) in.session_policy = to_named(*session, "session");
    in.scp_levels = levels(scps, "serviceControlPolicies", "scp", diags);
    in.rcp_levels = levels(rcps, "resourceControlPolicies", "rcp", diags);
    if (resource_policy && !resource_policy->is_null()) in.resource_policy = to_named(*resource_policy, "resource");
    if (!request || !request->is_object()) {
        bad(diags, "request", "is missing");
        return in;
    }
    const json *principal = nullptr, *action = nullptr, *resource = nullptr, *account = nullptr, *context = nullptr;
    bind_members(*request, {{"principal", &principal},
                            {"action", &action},
                            {"resource", &resource},
                            {"resourceAccount", &account},
                            {"context", &context}});
    auto str = [&](const json* v, const char* k, std::string& dst, bool required) {
        if (v && v->is_string()) dst = v->get<std::string>();
        else if (required) bad(diags, std::string("request.") + k, "must be a string");
    };
    str(principal, "principal", in.principal, true);
    str(action, "action", in.action, true);
    str(resource, "resource", in.resource, false);
    if (in.resource.empty()) in.resource = "*";
    in.check_resource_type = true;
    in.kms_key_policy_required = true;
    if (account && account->is_string()) in.resource_account = account->get<std::string>();
    if (context && context->is_object()) in.context_ref = context;
    return in;
}

namespace {

evaluation_result internal_error_result(const char* what) {
    evaluation_result r;
    r.decision = "Error";
    r.reason_class = "error:policy.errors";
    r.diags.push_back(make_error("WD4399", std::string("internal evaluation error: ") + what, "request"));
    return r;
}

}  // namespace

evaluation_result evaluate_case_result(const json& case_json, const catalog* cat) {
    try {
        diagnostics diags;
        evaluation_input in = parse_case(case_json, diags);
        evaluation_result r;
        if (has_errors(diags)) {
            r.decision = "Error";
            r.reason_class = "error:policy.errors";
        } else {
            r = evaluate(in, cat);
        }
        diags.insert(diags.end(), std::make_move_iterator(r.diags.begin()), std::make_move_iterator(r.diags.end()));
        r.diags = std::move(diags);
        return r;
    } catch (const std::exception& e) {
        return internal_error_result(e.what());
    }
}

json case_answer(const evaluation_result& r, bool with_trace) {
    json out = json::object();
    out["decision"] = r.decision;
    out["reasonClass"] = r.reason_class;
    out["trace"] = with_trace ? r.trace.to_json() : json(nullptr);
    out["missingContextKeys"] = r.missing_context_keys;
    out["diagnostics"] = to_json(r.diags);
    return out;
}

json evaluate_case(const json& case_json, const catalog* cat) {
    try {
        return case_answer(evaluate_case_result(case_json, cat), true);
    } catch (const std::exception& e) {
        return case_answer(internal_error_result(e.what()), true);
    }
}

}  // namespace wd::iam
