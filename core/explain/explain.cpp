// SPDX-License-Identifier: MIT
// The explain pipeline: parse the log, infer stage/region/account, package the config, match each denial
// to a role and function, decide, plan one merged least-privilege patch, verify it by re-analysing the
// patched text, and lint the config as pasted. This file runs the phases in order and builds the answer;
// each phase is in its own file (see explain_run.hpp).
#include "explain/explain.hpp"

#include <algorithm>

#include "common/text_encoding.hpp"

#include "common/utf8.hpp"
#include "explain/explain_run.hpp"
#include "explain/lint.hpp"
#include "explain/messages.hpp"

namespace wd::explain {
namespace pipeline {
namespace {

json str_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json explain_run::run() {
    read_log();
    start_denials();
    load_config_for_denials();
    // per denial: request, match, decision, grant, fix kind
    for (auto& s : ds) decide_denial(s);
    widen_sibling_keys(ds, locale);
    write_and_verify_patch();
    for (const auto& s : ds) out["denials"].push_back(denial_answer(s));
    finish();
    return out;
}

[[gnu::noinline]] json explain_run::denial_answer(const denial_state& s) {
    const log::denial& d = *s.d;
    json j = json::object();
    j["line"] = d.line;
    j["errorCode"] = str_or_null(d.error_code);
    j["service"] = str_or_null(d.service);
    j["operation"] = str_or_null(d.operation);
    j["action"] = str_or_null(s.rq.action);
    j["resource"] = d.resource ? json(*d.resource) : json(nullptr);
    if (d.principal.arn.empty() && d.principal.role_name.empty() && d.principal.user_name.empty()) {
        j["principal"] = nullptr;
    } else {
        j["principal"] = {{"arn", str_or_null(d.principal.arn)}, {"type", str_or_null(d.principal.type)},
                          {"accountId", str_or_null(d.principal.account_id)}, {"roleName", str_or_null(s.rq.role_name)},
                          {"sessionName", str_or_null(s.rq.session_name)}};
        if (!d.principal.user_name.empty()) j["principal"]["userName"] = d.principal.user_name;
    }
    j["reason"] = d.reason;
    // (The denying policy's ARN, when AWS's message names it: `... in a service control policy: arn:...`.)
    j["reasonPolicyArn"] = str_or_null(d.reason_policy_arn);
    // CONTRACT.md section 2: the function the principal belongs to. A deploying identity belongs to none; the
    // function whose deploy it was denied in is said in the trace (match.function_logical_id), not here.
    j["function"] = s.m.function && !s.m.deploy_principal ? json(s.m.function->key) : json(nullptr);
    j["role"] = s.m.role ? str_or_null(s.m.role->logical_id) : json(nullptr);
    j["decision"] = s.dec.decision.empty() ? "Undetermined" : s.dec.decision;
    json trace = json::array();
    for (const auto& r : s.dec.records) {
        json x = r;
        x["kind"] = "summary";
        trace.push_back(x);
    }
    for (const auto& r : s.dec.trace) trace.push_back(r);
    j["trace"] = trace;
    json fix = json::object();
    fix["kind"] = s.kind;
    fix["statement"] = s.statement;
    fix["patch"] = (s.fixable && !patch.empty()) ? json(patch) : json(nullptr);
    bool v = s.kind == "none" && s.dec.decision == "Allow";
    if (s.fixable && !patch.empty()) v = all_allowed;
    fix["verified"] = v;
    if (s.fixable && after.count(&s)) fix["decisionAfterPatch"] = after[&s];
    if (!s.target.is_null()) fix["target"] = s.target;
    if (!s.blast.is_null()) fix["blastRadius"] = s.blast;
    if (!s.request.is_null()) fix["request"] = s.request;
    if (!s.g.resource.empty()) fix["resource"] = s.g.resource;
    if (s.fix_rq) fix["action"] = s.fix_rq->action;  // the fix grants another action than the denied one
    json fr = s.g.records;
    for (const auto& r : s.fix_records) fr.push_back(r);
    if (s.fixable && !patch.empty()) fr.push_back(make_record(v ? "fix.verified" : "fix.not_verified", json::object(), locale));
    fix["explanation"] = fr;
    j["fix"] = fix;
    json ex = s.m.records;
    for (const auto& r : s.dec.records) ex.push_back(r);
    j["explanation"] = ex;
    j["redacted"] = s.m.redacted;
    if (d.count > 1) j["count"] = d.count;
    return j;
}

[[gnu::noinline]] void explain_run::finish() {
    json lint = json::array();
    if (cm.is_serverless) lint_config(cm, needs, cat, locale, lint, diags);
    out["lint"] = lint;
    if (!patch.empty()) out["patch"] = {{"diff", patch}, {"verified", all_allowed}};
    // Variables read from AWS (`cf:stack.Output`) whose values the fixes took from the log: verification used them.
    json assumed = json::object();
    for (const auto& s : ds)
        for (const auto& [name, value] : s.g.assumed_remote) assumed[name] = value;
    if (!assumed.empty()) out["assumedVariables"] = assumed;
    out["stage"] = cm.is_serverless ? json(cm.pkg.stage) : json(nullptr);
    out["region"] = cm.is_serverless ? json(cm.pkg.region) : json(nullptr);
    out["accountId"] = account;
    // A plain template's Parameters analysed with another value than their Default (given, or read from the log).
    if (cm.is_plain_template && !cm.ctx.parameter_values.empty()) out["parameters"] = cm.ctx.parameter_values;
    if (budget->exhausted)
        diags.push_back(make_error("WD5006",
                                   "explain stopped evaluating after " + std::to_string(budget->limit) +
                                       " matching steps (patterns or policies too large); the remaining decisions are Undetermined",
                                   "config", 0, 0, {{"limit", budget->limit}}));
    out["diagnostics"] = to_json(diags);
}

}  // namespace pipeline

namespace {

json explain_impl(const request& given, const iam::catalog* cat) {
    return pipeline::explain_run(given, cat).run();
}

}  // namespace

json explain(const request& req, const iam::catalog* cat) {
    try {
        // A config, log or file saved as UTF-16 (Windows PowerShell's `>`) is analysed after converting it, and the
        // answer says so first.
        // (Asked first without a copy: an ordinary text answers after its first bytes.)
        const bool utf16 = decode_utf16(req.config) || decode_utf16(req.log) ||
                           std::any_of(req.opts.files.begin(), req.opts.files.end(), [](const auto& f) { return decode_utf16(f.second).has_value(); });
        if (utf16) {
            diagnostics encoding;
            request converted = req;
            decode_utf16_input(converted.config, "config", encoding);
            decode_utf16_input(converted.log, "log", encoding);
            for (auto& [name, text] : converted.opts.files) decode_utf16_input(text, name, encoding);
            json out = explain(converted, cat);
            json diags = to_json(encoding);
            for (auto& d : out["diagnostics"]) diags.push_back(d);
            out["diagnostics"] = std::move(diags);
            return out;
        }
        // Node reads serverless.yml as UTF-8 with U+FFFD for each invalid byte, so the framework sees the
        // repaired text; analysing that text keeps every answer string, patch lines included, valid UTF-8.
        if (!is_valid_utf8(req.config)) {
            request repaired = req;
            repaired.config = valid_utf8(req.config);
            return explain_impl(repaired, cat);
        }
        return explain_impl(req, cat);
    } catch (const std::exception& e) {
        json out = {{"denials", json::array()}, {"roles", json::array()}};
        out["diagnostics"] = to_json(diagnostics{make_error("WD5901", std::string("internal error in explain: ") + e.what())});
        return out;
    } catch (...) {
        json out = {{"denials", json::array()}, {"roles", json::array()}};
        out["diagnostics"] = to_json(diagnostics{make_error("WD5901", "internal error in explain")});
        return out;
    }
}

json probe_config(const std::string& config, const sls::options& opts, const std::string& account_id, const probe& p,
                  const iam::catalog* cat) {
    try {
        config_model cm = load_config(config, opts, account_id);
        cm.ctx.known_remote = p.known_remote;
        log::denial d;
        d.principal.role_name = p.role_name;
        d.principal.session_name = p.session_name;
        d.principal.type = "assumed-role";
        d.action = p.action;
        request_view rq;
        rq.action = canonical_action(p.action, cat);
        rq.resource = p.resource;
        rq.role_name = p.role_name;
        rq.session_name = p.session_name;
        rq.principal_arn = "arn:" + cm.ctx.partition + ":sts::" + account_id + ":assumed-role/" + p.role_name + "/" + p.session_name;
        match_result m = match_principal(cm, d, rq, "", "en");
        json out = {{"decision", "Undetermined"}, {"role", nullptr}, {"function", nullptr}};
        if (m.function) out["function"] = m.function->key;
        if (!m.role) return out;
        out["role"] = m.role->logical_id;
        out["decision"] = decide(cm, *m.role, rq, cat, "en").decision;
        return out;
    } catch (...) {
        return {{"decision", "Undetermined"}, {"role", nullptr}, {"function", nullptr}};
    }
}

}  // namespace wd::explain
