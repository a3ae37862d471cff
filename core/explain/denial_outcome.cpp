// SPDX-License-Identifier: MIT
// Per denial: match the principal to a role and function, evaluate the request against the effective role,
// and decide what kind of fix (if any) the config can take.
#include "explain/explain_run.hpp"

#include "explain/call_sequences.hpp"
#include "explain/event_resources.hpp"
#include "explain/lambda_checks.hpp"
#include "explain/messages.hpp"
#include "explain/naming.hpp"
#include "explain/option_checks.hpp"
#include "iam/arn.hpp"
#include "iam/request_context.hpp"
#include "log/service_map.hpp"

namespace wd::explain::pipeline {

namespace {

// The service whose API the logged operation belongs to, when it is not the action's own: a `kms:` action
// denied in S3's `PutObject` (an SSE-KMS object) was S3 calling KMS for the function. "" when the operation is
// the action's service's, or whose it is cannot be told.
std::string calling_service(const log::denial& d, const std::string& action, const iam::catalog* cat) {
    if (d.operation.empty() || action.find(':') == std::string::npos) return {};
    const std::string service = action.substr(0, action.find(':'));
    const std::string op = log::detail::pascal_case(d.operation);
    if (!log::detail::mapped_action_name(service, op).empty() || (cat && cat->find_action(service + ":" + op))) return {};
    std::string via = log::detail::service_for_operation(op, cat);
    // Several services have an operation of that name (PutObject is also MediaStore's): the XML error code
    // `AccessDenied` is the one a query or rest-xml service (S3) answers with.
    if (via.empty() && d.error_code == "AccessDenied") via = log::detail::service_for_xml_code(op, cat);
    return via == service ? std::string() : via;
}

// Services that take a role in some of their calls (`iam:PassRole` is checked on the caller) and assume it as
// `<service>.amazonaws.com`; ECS's task calls are the exception, handled in passed_to_service.
constexpr const char* k_role_passing_services[] = {"ecs",       "scheduler", "lambda",  "states",    "events",
                                                   "glue",      "sagemaker", "ec2",     "codebuild", "firehose",
                                                   "apigateway", "pipes",    "iot",     "bedrock",   "cloudformation",
                                                   "mediaconvert", "databrew"};

// The principal a service assumes a role passed to it by `operation` as, which AWS puts in iam:PassedToService;
// "" when not known here.
std::string passed_to_service(const std::string& service, const std::string& operation) {
    if (service == "ecs")  // a task's role is assumed by the tasks, not by ECS itself
        return operation == "RunTask" || operation == "StartTask" || operation == "RegisterTaskDefinition" ? "ecs-tasks.amazonaws.com" : "";
    if (service == "databrew") return {};  // (listed so that its CreateSchedule makes Scheduler's ambiguous)
    return service + ".amazonaws.com";
}

// The iam:PassedToService of an `iam:PassRole` checked on `operation`: the principal of the one role-passing
// service that has that operation; when several do (Scheduler's and DataBrew's CreateSchedule), the one the passed
// role's trust policy in this file names. "" when that does not decide it.
std::string passed_to_service_of(const config_model& cm, const std::string& operation, const std::string& role_arn, const iam::catalog* cat) {
    std::vector<std::string> candidates;
    for (const char* svc : k_role_passing_services)
        if (cat && cat->find_action(std::string(svc) + ":" + operation)) candidates.push_back(svc);
    if (candidates.size() == 1) return passed_to_service(candidates.front(), operation);
    if (candidates.empty() || !cm.ctx.resources || !cm.ctx.resources->is_object()) return {};
    std::string trusted;
    for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it) {
        if (!it->is_object() || it->value("Type", std::string()) != "AWS::IAM::Role") continue;
        std::vector<std::string> unresolved;
        if (resource_attribute(it.key(), "Arn", cm.ctx, unresolved) != role_arn) continue;
        trusted = it->value("Properties", json::object()).value("AssumeRolePolicyDocument", json()).dump();
    }
    std::string found;
    for (const auto& c : candidates) {
        const std::string to = passed_to_service(c, operation);
        if (to.empty() || trusted.find("\"" + to + "\"") == std::string::npos) continue;
        if (!found.empty()) return {};
        found = to;
    }
    return found;
}

// The stage in a role name the framework gives this service's roles on another stage than the one analysed:
// `<service>-<stage>-<region>-lambdaRole` (the shared role) or `<service>-<stage>-<function>-<region>-lambdaRole`
// (serverless-iam-roles-per-function). Empty when the name is not one of them.
std::string other_stage_of(const config_model& cm, const std::string& role_name) {
    static constexpr std::string_view tail = "-lambdaRole";
    const std::string head = cm.pkg.service + "-";
    if (!cm.is_serverless || cm.pkg.service.empty() || role_name.size() <= head.size() + tail.size() || role_name.rfind(head, 0) != 0 ||
        role_name.compare(role_name.size() - tail.size(), tail.size(), tail) != 0)
        return {};
    const std::string middle = role_name.substr(head.size(), role_name.size() - head.size() - tail.size());  // <stage>-[<fn>-]<region>
    const std::string region_tail = "-" + cm.ctx.region;
    if (middle.size() <= region_tail.size() || middle.compare(middle.size() - region_tail.size(), region_tail.size(), region_tail) != 0) return {};
    const std::string stage_fn = middle.substr(0, middle.size() - region_tail.size());
    for (const auto& r : cm.pkg.roles)
        if (r.role_name == role_name) return {};
    // (The stage is everything before the function's key for a per-function role; else the whole middle.)
    std::string stage = stage_fn;
    for (const auto& f : cm.pkg.functions)
        if (stage_fn.size() > f.key.size() + 1 && stage_fn.compare(stage_fn.size() - f.key.size() - 1, f.key.size() + 1, "-" + f.key) == 0)
            stage = stage_fn.substr(0, stage_fn.size() - f.key.size() - 1);
    if (stage.empty() || stage == cm.pkg.stage) return {};
    return stage;
}

// A function's own `iamRoleStatements` without serverless-iam-roles-per-function in `plugins`: the framework reads
// no such key (WD2013), so the statements the file seems to give the function never reach its role. Said in the
// denial, where the reader looks, when the denied action is among them.
void function_statements_ignored_hint(denial_state& s, const config_model& cm, std::string_view locale) {
    if (cm.pkg.uses_per_function_plugin || !s.m.function || s.dec.decision == "Allow") return;
    const json* fn = raw_at(cm.doc.root, "/functions/" + yaml::escape_pointer_token(s.m.function->key));
    if (!fn || !fn->is_object() || !fn->contains("iamRoleStatements") || !(*fn)["iamRoleStatements"].is_array()) return;
    for (const auto& st : (*fn)["iamRoleStatements"]) {
        if (!st.is_object() || st.value("Effect", json()) != "Allow" || !st.contains("Action")) continue;
        if (action_matches(st["Action"], s.rq.action, cm.budget.get())) {
            s.dec.records.push_back(make_record("hint.function_statements_need_plugin",
                                                {{"function", s.m.function->key}, {"action", s.rq.action}}, locale));
            return;
        }
    }
}

// serverless-iam-roles-per-function gives a function with its own `iamRoleStatements` a role of its own, which
// holds the provider's statements only with `iamRoleStatementsInherit: true`: a provider statement that allows
// the request does not apply to that function. Said, since the file seems to allow it.
void plugin_inheritance_hint(denial_state& s, const config_model& cm, const iam::catalog* cat, std::string_view locale) {
    if (s.dec.decision != "ImplicitDeny" || !s.m.role || !s.m.function || s.m.role->logical_id == "IamRoleLambdaExecution") return;
    const json* fn = raw_at(cm.doc.root, "/functions/" + yaml::escape_pointer_token(s.m.function->key));
    if (!fn || !fn->is_object() || !fn->contains("iamRoleStatements")) return;
    if (const auto it = fn->find("iamRoleStatementsInherit"); it != fn->end() && (*it == true || *it == "true")) return;
    for (const auto& r : cm.pkg.roles)
        if (r.logical_id == "IamRoleLambdaExecution" && decide(cm, r, s.rq, cat, locale).decision == "Allow") {
            s.dec.records.push_back(make_record("hint.plugin_provider_statements_not_inherited",
                                                {{"function", s.m.function->key}, {"action", s.rq.action}}, locale));
            return;
        }
}

}  // namespace

// One denial: its request, the role and function it matches, the decision, the grant and the fix kind.
// The denial's request, the role and function it matches, and the decision. False: settled here.
[[gnu::noinline]] bool explain_run::match_and_decide(denial_state& s) {
    const log::denial& d = *s.d;
    s.rq.action = canonical_action(d.action, cat);
    if (!d.operation.empty() && s.rq.action.size() > d.operation.size() &&
        iam::iequals(std::string_view(s.rq.action).substr(s.rq.action.size() - d.operation.size()), d.operation) &&
        s.rq.action[s.rq.action.size() - d.operation.size() - 1] == ':')
        s.rq.direct_call = true;
    s.rq.logged_identity_deny = d.explicit_deny && d.reason == "explicit_identity";
    s.rq.logged_reason = d.reason;
    bool secret = false;
    s.rq.resource = cm.is_serverless ? request_resource(cm, d, secret) : d.resource;
    s.rq.principal_arn = d.principal.arn;
    if (cm.is_serverless) {
        s.m = match_principal(cm, d, s.rq, req.log, locale);
        if (const auto cut = cut_resources.find(&d); cut != cut_resources.end())
            s.m.records.push_back(make_record("match.resource_cut", {{"resource", cut->second}}, locale));
        // IAM's own sentence ("... is not authorized to perform: X because ...") names the resource whenever
        // the call had one. Without it, an action whose resource types are all optional (`cloudwatch:PutMetricData`
        // and its `dataset`; `translate:TranslateText` and its `parallel-data` or `terminology`) was called
        // without one: it was authorised on `*`. (Several types need the whole sentence, not one cut short:
        // they are often alternatives one of which every call names, as s3:GetObject's object or access-point
        // object, and only the sentence's end says none was named.)
        if (!s.rq.resource && cat && d.reason != "unspecified" && !d.reason.empty() && !is_domain_http_action(s.rq.action))
            if (const auto* info = cat->find_action(s.rq.action);
                info && !info->resources.empty() && (info->resources.size() == 1 || !d.truncated) &&
                std::none_of(info->resources.begin(), info->resources.end(), [](const iam::resource_ref& r) { return r.required; })) {
                std::string types;
                for (const auto& r : info->resources)
                    types += (types.empty() ? "" : locale == "ja" ? " または " : " or ") + r.type;
                s.rq.resource = "*";
                s.m.records.push_back(make_record("match.resource_optional", {{"action", info->full_name()}, {"type", types}}, locale));
            }
        // No resource in the log: the function's own queue or stream, when it has exactly one for this service.
        if (!s.rq.resource && s.m.function && !s.rq.action.empty())
            if (auto ev = resource_from_events(cm, s.m.function->key, s.rq.action)) {
                s.rq.resource = ev->arn;
                s.m.records.push_back(make_record("match.resource_from_event",
                                                  {{"event", ev->event}, {"function", s.m.function->key}, {"resource", ev->arn}}, locale));
            }
        // ...else the one its environment names (`OUT_BUCKET`, `AUDIT_TABLE`)...
        if (!s.rq.resource && s.m.function && !s.rq.action.empty())
            if (auto r = resource_from_environment(cm, s.m.function->key, s.rq.action, cat)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_environment", {{"function", s.m.function->key}, {"resource", *r}}, locale));
            }
        // ...else the one resource of that kind the role already works on (its other actions there).
        // (Also when the role does allow the action and AWS says a resource policy refused it, KMS's "on this
        // resource": the one resource the role is granted is the one the code called.)
        if (!s.rq.resource && s.m.role && !s.rq.action.empty() &&
            (!role_allows_action(*s.m.role, s.rq.action) || d.reason == "resource_policy"))
            if (auto r = resource_from_statements(cm, *s.m.role, s.rq.action, cat)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_statement", {{"resource", *r}}, locale));
            }
        // ...else the one resource of a type it acts on that the file defines (a table, a search domain's paths).
        if (!s.rq.resource && !s.rq.action.empty())
            if (auto r = resource_from_definitions(cm, s.rq.action, cat)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_definition", {{"resource", *r}}, locale));
            }
        // ...else, for a `kms:` action, the key that encrypts a resource the role works on (a secret's KmsKeyId).
        if (!s.rq.resource && s.m.role && s.rq.action.rfind("kms:", 0) == 0) {
            std::string encrypted;
            if (auto r = resource_from_encryption(cm, *s.m.role, encrypted)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_encryption", {{"resource", *r}, {"encrypted", encrypted}}, locale));
            }
        }
        // A `kms:` action denied in another service's operation (S3's PutObject or GetObject of an SSE-KMS
        // object): that service called KMS for the function, so the request carries kms:ViaService, the
        // service's endpoint in the key's region, and aws:ViaAWSService true (KMS developer guide,
        // "kms:ViaService"; IAM's global condition keys). (A direct call, the operation being the action,
        // carries neither: see direct_call.)
        if (!s.rq.direct_call && s.rq.action.rfind("kms:", 0) == 0 && !s.rq.context.contains("kms:ViaService"))
            if (const std::string via = calling_service(d, s.rq.action, cat); !via.empty()) {
                const auto key = s.rq.resource ? iam::split_arn(*s.rq.resource) : iam::arn_parts{};
                const std::string region = key.count == 6 && is_region_name(key.region()) ? std::string(key.region()) : cm.ctx.region;
                if (is_region_name(region)) {
                    const std::string endpoint = via + "." + region + ".amazonaws.com";
                    if (!s.rq.context.is_object()) s.rq.context = json::object();
                    s.rq.context["kms:ViaService"] = endpoint;
                    if (!s.rq.context.contains("aws:ViaAWSService")) s.rq.context["aws:ViaAWSService"] = "true";
                    s.m.records.push_back(make_record("match.kms_via_service",
                                                      {{"operation", d.operation}, {"service", via}, {"action", s.rq.action},
                                                       {"endpoint", endpoint}},
                                                      locale));
                }
            }
        // iam:PassRole checked on a call that hands a role to a service (Scheduler's CreateSchedule, ECS's RunTask):
        // AWS sets iam:PassedToService to the principal of that service (IAM User Guide, "iam:PassedToService").
        if (iam::iequals(s.rq.action, "iam:PassRole") && !d.operation.empty() && !s.rq.context.contains("iam:PassedToService")) {
            const std::string op = log::detail::pascal_case(d.operation);
            const std::string to = passed_to_service_of(cm, op, s.rq.resource.value_or(""), cat);
            if (!to.empty()) {
                if (!s.rq.context.is_object()) s.rq.context = json::object();
                s.rq.context["iam:PassedToService"] = to;
                s.m.records.push_back(make_record("match.passed_to_service", {{"operation", d.operation}, {"service", to}}, locale));
            }
        }
        // The time taken from the log line decides a condition of the role on it (a grant that expired).
        if (s.m.role && !s.d->context.contains("aws:CurrentTime") && s.rq.context.contains("aws:CurrentTime"))
            for (const auto& st : s.m.role->statements) {
                if (!st.statement.is_object() || !st.statement.contains("Condition")) continue;
                const std::string text = iam::lower_copy(st.statement["Condition"].dump());
                if (text.find("aws:currenttime") == std::string::npos && text.find("aws:epochtime") == std::string::npos) continue;
                s.m.records.push_back(make_record("match.current_time_from_log", {{"time", s.rq.context["aws:CurrentTime"]}}, locale));
                break;
            }
        // (A masked account, `*redacted*` or `ACCOUNT_ID` as much as `***`, is the account under analysis.)
        const bool account_masked = std::find(d.redacted.begin(), d.redacted.end(), "principal.accountId") != d.redacted.end();
        if ((s.rq.principal_arn.empty() || has_redaction(s.rq.principal_arn) || account_masked) && s.m.role)
            s.rq.principal_arn = "arn:" + cm.ctx.partition + ":sts::" + account + ":assumed-role/" + s.m.role->role_name + "/" +
                                 (s.m.function ? s.m.function->function_name : "session");
        s.g = least_privilege(cm, s.rq, cat, locale);
        // The resource was not in the log: say where it came from instead of "the one the log names".
        if (!d.resource && s.rq.resource)
            for (auto& r : s.g.records)
                if (r.value("key", std::string()) == "fix.resource_from_log")
                    r = make_record("fix.resource_not_in_log", {{"resource", *s.rq.resource}}, locale);
    } else {
        s.g.action = s.rq.action;
        s.g.resource = s.rq.resource.value_or("*");
        s.g.resource_config = s.g.resource;
    }
    if (s.rq.action.empty()) {
        s.kind = "none";
        // The log names the resource but not the call: say what the role already allows there, so the
        // missing action is the one the failing call needs.
        if (s.rq.resource && s.m.role) {
            json allowed = json::array();
            for (const auto& st : s.m.role->statements) {
                std::vector<std::string> unresolved;
                const json r = resolve_statement(st.statement, cm.ctx, unresolved);
                if (!r.is_object() || r.value("Effect", json()) != "Allow" || !r.contains("Resource") || !r.contains("Action") ||
                    !resource_matches(r["Resource"], *s.rq.resource, cm.budget.get()))
                    continue;
                for (const auto& a : (r["Action"].is_array() ? r["Action"] : json::array({r["Action"]})))
                    if (a.is_string() && std::find(allowed.begin(), allowed.end(), a) == allowed.end()) allowed.push_back(a);
            }
            s.g.records = json::array();  // no grant is made
            s.fix_records.push_back(make_record(allowed.empty() ? "fix.action_not_in_log_nothing" : "fix.action_not_in_log",
                                                {{"resource", *s.rq.resource}, {"allowed", allowed}}, locale));
        }
        return false;
    }
    if (d.image_pull_check) {
        image_pull_fix(s, cm, locale);
        return false;
    }
    if (d.authorizer_check) {
        authorizer_fix(s, cm, locale);
        return false;
    }
    if (s.m.role) {
        s.role_id = s.m.role->logical_id;
        s.dec = decide(cm, *s.m.role, s.rq, cat, locale);
        // AWS says a resource policy explicitly denied, and the file's resource policy denies only over
        // plain HTTP (the TLS guard, `aws:SecureTransport: false`), which we assume the SDK does not use:
        // that assumption is what the log contradicts. The client called an `http://` endpoint.
        if (d.explicit_deny && d.reason == "resource_policy" && s.dec.decision != "ExplicitDeny" &&
            !s.rq.context.contains("aws:SecureTransport")) {
            request_view plain = s.rq;
            plain.context["aws:SecureTransport"] = "false";
            decision_result alt = decide(cm, *s.m.role, plain, cat, locale);
            if (alt.decision == "ExplicitDeny" && alt.resource_deny) {
                s.dec = std::move(alt);
                s.dec.records.push_back(make_record("reason.plain_http", {{"line", s.dec.resource_deny->line}}, locale));
            }
        }
        s.evaluated = true;
        plugin_inheritance_hint(s, cm, cat, locale);
        function_statements_ignored_hint(s, cm, locale);
        needs[s.m.role->logical_id].push_back(s.rq);
    } else {
        // (No role of this file to evaluate; AWS's "with an explicit deny" still says what kind of denial it was.)
        s.dec.decision = d.explicit_deny ? "ExplicitDeny" : "Undetermined";
        if (s.m.deploy_principal) {
            // An SCP, RCP, boundary or session policy denied the deployer: its owner, not the deployer's policy.
            // (And a resource's own policy that lacks the grant, a layer shared from another account, say: the
            // resource's owner adds the deployer.)
            const bool other_policy = d.reason == "scp" || d.reason == "rcp" || d.reason == "permissions_boundary" ||
                                      d.reason == "session_policy" || d.reason == "vpce_policy" ||
                                      (d.reason == "resource_policy" && s.rq.resource);
            // A role IAM Identity Center made for a permission set (`AWSReservedSSO_<set>_<hash>`): IAM refuses
            // edits to it ("Cannot perform the operation on the protected role"); the set is what changes.
            const std::string& rn = d.principal.role_name;
            std::string sso_set;
            if (rn.rfind("AWSReservedSSO_", 0) == 0 && rn.rfind('_') > 15) sso_set = rn.substr(15, rn.rfind('_') - 15);
            // ("with an explicit deny" naming no policy type: a Deny somewhere AWS does not say, as for a function's role.)
            const bool unseen_deny = d.explicit_deny && d.reason == "unspecified";
            const std::string policy = unseen_deny        ? policy_label("unseen", s.rq.resource.value_or("*"))
                                       : other_policy     ? with_logged_policy(policy_label(d.reason, s.rq.resource.value_or("*")), d)
                                       : !sso_set.empty() ? "IAM Identity Center permission set `" + sso_set + "`"
                                       : s.m.local_run    ? "local user's policy"
                                                          : "deployment identity's policy";
            outside_fix(s, cm, policy, false, locale);
            if (!other_policy && !sso_set.empty())
                s.fix_records.push_back(make_record("fix.who_identity_center", {{"role", rn}, {"set", sso_set}}, locale));
            return false;
        }
        // The framework's name for this service's role on another stage (`orders-prod-us-east-1-lambdaRole` in a paste
        // analysed for dev): this file creates it when deployed to that stage. Not a role managed elsewhere; the
        // analysis for that stage is a run with its flag.
        if (const std::string other = other_stage_of(cm, s.rq.role_name); !other.empty() && !has_redaction(s.rq.role_name)) {
            s.dec.decision = "Undetermined";
            s.dec.records.push_back(make_record("decision.role_of_other_stage",
                                                {{"role", s.rq.role_name}, {"stage", other}, {"analysed", cm.pkg.stage}}, locale));
            s.kind = "none";
            s.g.records = json::array();  // (no grant is made here)
            return false;
        }
        if (cm.is_serverless && s.m.role_in_log)
            s.dec.records.push_back(make_record("decision.no_role", {{"role", s.rq.role_name}}, locale));
        // The function's role is not created here (an ARN from `${ssm:...}`, say), so its policies are not
        // visible; AWS's own words still decide the kind of denial it was.
        if (cm.is_serverless && s.m.role_in_log && s.m.function && (d.reason == "implicit_identity" || d.reason == "explicit_identity"))
            s.dec.decision = d.reason == "implicit_identity" ? "ImplicitDeny" : "ExplicitDeny";
        // (When AWS names another policy type, a session policy or an SCP say, that policy denied: its owner
        // acts, not the role's.)
        if (cm.is_serverless && s.m.role_in_log && outside_reason(d.reason)) {
            s.dec.decision = d.explicit_deny ? "ExplicitDeny" : "ImplicitDeny";
            outside_fix(s, cm, with_logged_policy(policy_label(d.reason, s.rq.resource.value_or("*")), d), false, locale);
        } else if (cm.is_serverless && s.m.role_in_log && !has_redaction(s.rq.role_name)) {
            outside_fix(s, cm, "role `" + s.rq.role_name + "`", true, locale);
        }
        return false;
    }
    return true;
}

[[gnu::noinline]] void explain_run::decide_denial(denial_state& s) {
    if (!match_and_decide(s) || !needs_config_grant(s)) return;
    fix_target t = find_target(cm, *s.m.role);
    if (t.kind == "external") {
        outside_fix(s, cm, "role `" + t.label + "`", true, locale);
        return;
    }
    // The role's Policies are an extension's: statements written for the role elsewhere never reach it.
    if (t.label.rfind("resources.extensions.", 0) == 0)
        s.dec.records.push_back(make_record("reason.extension_policies_replace", {{"role", s.m.role->logical_id}}, locale));
    if (s.dec.decision == "ExplicitDeny" && s.dec.deny_statement >= 0) {
        // The Deny is not written in this file (it comes from `${file(./iam.yml)}`, say): an Allow here would
        // not lift it, and the file to change is the other one.
        const auto& denying = s.m.role->statements[static_cast<std::size_t>(s.dec.deny_statement)];
        const json* written = denying.source.pointer.empty() ? nullptr : raw_at(cm.doc.root, denying.source.pointer);
        if (!written || !written->is_object()) {
            s.kind = "none";
            s.g.records = json::array();
            s.statement = denying.statement;
            s.fix_records.push_back(make_record("fix.deny_elsewhere", {{"action", s.g.action},
                                                                       {"value", t.elsewhere.empty() ? t.label : t.elsewhere}}, locale));
            return;
        }
    }
    if (s.dec.decision == "ExplicitDeny" && s.dec.deny_statement >= 0) {
        // A conditional Deny in the role (encryption, TLS, source network...) is a guard its author wrote
        // on purpose: the request must meet it; taking the action out of it is not a permission fix.
        const auto& st = s.m.role->statements[static_cast<std::size_t>(s.dec.deny_statement)];
        // (Except a guard on MFA alone, which a function's session can never meet: it is the copied guard
        // that goes, as for an unconditioned Deny.)
        if (st.statement.is_object() && st.statement.contains("Condition") && !only_mfa_keys(st.statement["Condition"])) {
            s.kind = "none";
            s.g.records = json::array();
            s.statement = st.statement;
            s.fix_records.push_back(make_record("fix.meet_deny_condition",
                                                {{"line", st.source.line}, {"policy", s.m.role->logical_id},
                                                 {"condition", condition_text(st.statement["Condition"])}},
                                                locale));
            for (auto& h : condition_key_hints(st.statement["Condition"], locale)) s.fix_records.push_back(std::move(h));
            // A region guard cannot be met by a global service: its requests always name us-east-1.
            const std::string service = s.rq.action.substr(0, s.rq.action.find(':'));
            if (condition_text(st.statement["Condition"]).find("aws:RequestedRegion") != std::string::npos && is_global_service(service))
                s.fix_records.push_back(make_record("fix.global_service_region", {{"service", service}, {"line", st.source.line}}, locale));
            return;
        }
    }
    s.fixable = t.kind != "none";
    s.kind = s.dec.decision == "ExplicitDeny" && s.dec.deny_statement >= 0 ? "remove-deny" : "add-statement";
    s.statement = simple_statement(s.g.action, s.g.resource_config);
    s.target = {{"kind", t.kind}, {"path", t.label}};
    if (!s.fixable) s.fix_records.push_back(make_record("fix.add_statement", {{"action", s.g.action}, {"resource", s.g.resource}, {"target", t.label}}, locale));
    if (!s.fixable && !t.elsewhere.empty())
        s.fix_records.push_back(make_record("fix.statements_elsewhere", {{"path", t.label}, {"value", t.elsewhere}}, locale));
}

}  // namespace wd::explain::pipeline
