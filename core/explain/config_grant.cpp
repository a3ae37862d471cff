// SPDX-License-Identifier: MIT
// The denials a grant in serverless.yml would fix, told apart from those it would not (conditions the request
// does not meet, a missing key S3 hides behind 403, a policy outside the config): the grant and its records.
#include "explain/explain_run.hpp"

#include "explain/messages.hpp"
#include "iam/arn.hpp"
#include "iam/request_context.hpp"

namespace wd::explain::pipeline {

namespace {

// The s3:ListBucket request on the bucket of an s3:GetObject (or GetObjectVersion) the role may make, when the
// role may not list that bucket: S3 then hides a missing key behind 403. Nothing for a bucket named by a pattern.
std::optional<request_view> missing_key_listing(const config_model& cm, const denial_state& s, const iam::catalog* cat,
                                                std::string_view locale) {
    if (!(iam::iequals(s.rq.action, "s3:GetObject") || iam::iequals(s.rq.action, "s3:GetObjectVersion")) || !s.rq.resource)
        return std::nullopt;
    const std::string& arn = *s.rq.resource;
    const std::size_t at = arn.find(":s3:::");
    if (arn.rfind("arn:", 0) != 0 || at == std::string::npos) return std::nullopt;
    const std::size_t slash = arn.find('/', at + 6);
    if (slash == std::string::npos || slash == at + 6) return std::nullopt;
    const std::string bucket = arn.substr(0, slash);
    if (bucket.find_first_of("*?$<>{}") != std::string::npos) return std::nullopt;
    request_view listing = s.rq;
    listing.action = "s3:ListBucket";
    listing.resource = bucket;
    listing.direct_call = false;
    if (decide(cm, *s.m.role, listing, cat, locale).decision == "Allow") return std::nullopt;
    return listing;
}

}  // namespace

// The outcomes a grant in the config cannot fix (another policy said no, a key decides, the role allows it
// already): each settles the denial with its own explanation. True: the config must grant it.
[[gnu::noinline]] bool explain_run::needs_config_grant(denial_state& s) {
    const log::denial& d = *s.d;
    const std::string& reason = d.reason;
    // The permissions boundary is a managed policy this file creates, and it lacks the action: the fix
    // is a statement in its document (the role's own statements already allow it).
    if (s.dec.decision == "ImplicitDeny" && s.dec.reason_class == "implicit_deny:pb" && s.dec.boundary && s.m.role) {
        const auto& b = *s.dec.boundary;
        s.kind = "add-statement";
        s.fixable = true;
        s.target = {{"kind", "boundary"}, {"path", b.document_pointer + "/Statement"}, {"policy", b.logical_id}, {"line", b.line}};
        return false;
    }
    // The resource's own policy is in this file (a KMS key policy, a bucket or queue policy under
    // `resources`) and it is what lacks the grant: the fix is a statement there.
    if (s.dec.decision == "ImplicitDeny" && (s.dec.reason_class == "implicit_deny:resource_policy_no_grant" || s.dec.trust_policy_blocks) &&
        s.dec.resource_policy && !s.dec.resource_policy->document_pointer.empty() && s.m.role) {
        const auto& rp = *s.dec.resource_policy;
        s.kind = "add-statement";
        s.fixable = true;
        s.target = {{"kind", "resource-policy"}, {"path", rp.document_pointer + "/Statement"}, {"policy", rp.logical_id}, {"line", rp.line}};
        if (rp.type == "AWS::KMS::Key") s.g.records = json::array();  // the grant names the key as `*`
        return false;
    }
    // The role allows it, but the resource is in another account, whose policy on it (key policy, bucket
    // policy, trust policy) must allow the role too: nothing in this file can.
    if (s.dec.reason_class == "implicit_deny:cross_account_no_resource_grant" && s.rq.resource) {
        // The log says that policy denies explicitly: then no grant of theirs helps either, their Deny must change.
        if (s.d->explicit_deny && reason == "resource_policy") {
            s.dec.decision = "ExplicitDeny";
            s.dec.records.push_back(make_record("reason.cross_account_deny", {{"resource", *s.rq.resource}}, locale));
        } else {
            s.dec.records.push_back(make_record("reason.cross_account", {{"resource", *s.rq.resource}}, locale));
        }
        outside_fix(s, cm, policy_label("resource_policy", *s.rq.resource), false, locale);
        return false;
    }
    // sts:AssumeRole of a role this file does not define, which the function's role is allowed to assume: a
    // role's trust policy must name its caller, in the same account too (no implicit account trust), so it
    // is the trust policy, outside this file, that said no.
    if (s.dec.decision == "Allow" && !s.dec.resource_policy && s.rq.resource && iam::iequals(s.rq.action, "sts:AssumeRole") &&
        is_role_arn(*s.rq.resource) &&
        (reason == "unspecified" || reason == "resource_policy" || reason == "implicit_identity")) {
        s.dec.decision = "ImplicitDeny";
        s.dec.records.push_back(make_record("reason.trust_policy", {{"resource", *s.rq.resource}}, locale));
        outside_fix(s, cm, policy_label("resource_policy", *s.rq.resource), false, locale);
        return false;
    }
    // (Not when the denying statement was found in a policy this file writes: a resource policy or the
    // boundary under `resources`.)
    // (Nor when the policy AWS names is one this file writes: the file's permissions boundary, or the resource's
    // own policy under `resources`, a key or bucket policy. What the file shows of it is what was evaluated; when
    // it allows, the deployed stack is older than the file.)
    const bool named_policy_in_file =
        (reason == "permissions_boundary" && s.dec.boundary && !s.dec.boundary->document_pointer.empty()) ||
        (reason == "resource_policy" && s.dec.resource_policy && !s.dec.resource_policy->document_pointer.empty());
    if (outside_reason(reason) && !named_policy_in_file && !(reason == "resource_policy" && s.dec.decision == "ExplicitDeny") &&
        !(s.dec.decision == "ExplicitDeny" && s.dec.resource_deny)) {
        const std::string label = with_logged_policy(outside_policy_label(reason, s.rq.resource.value_or("*"), cm, s.m.role), d);
        // Several keys in this file, and a random key id in the log: which key policy it is cannot be told.
        const std::size_t keys = s.rq.resource && s.rq.resource->find(":kms:") != std::string::npos
                                     ? resources_of_type(cm.ctx.resources, "AWS::KMS::Key") : 0;
        if (keys > 1)
            s.dec.records.push_back(make_record("reason.kms_key_ambiguous", {{"count", keys}, {"resource", *s.rq.resource}}, locale));
        else
            s.dec.records.push_back(make_record("reason.outside", {{"policy", localized_policy_label(label, locale)}}, locale));
        // What this file shows allows it; the policy AWS names, which the file does not show, decided: the
        // decision is AWS's (explicit when the log says "with an explicit deny"), not the visible part's.
        if (s.dec.decision == "Allow") {
            s.dec.decision = d.explicit_deny ? "ExplicitDeny" : "ImplicitDeny";
            s.dec.records.push_back(make_record("reason.visible_policies_allow", {{"policy", localized_policy_label(label, locale)}}, locale));
        } else if (d.explicit_deny && s.dec.decision == "ImplicitDeny") {
            s.dec.decision = "ExplicitDeny";  // an explicit Deny anywhere overrides every Allow, and the lack of one
        }
        outside_fix(s, cm, label, false, locale);
        return false;
    }
    if (s.dec.decision == "Allow" && reason == "explicit_identity") {
        // The config allows, AWS saw an explicit Deny in an identity policy, and the role carries managed
        // policies we could not read (customer managed): the Deny is there, and their owner must act.
        std::vector<std::string> unseen;
        for (const auto& r : s.dec.records)
            if (r.value("key", "") == "trace.managed_unknown") unseen.push_back(r["args"].value("arn", ""));
        if (!unseen.empty()) {
            std::string list;
            for (const auto& a : unseen) list += (list.empty() ? "" : ", ") + ("`" + a + "`");
            s.dec.records.push_back(make_record("reason.unseen_managed_deny", {{"policies", unseen}}, locale));
            s.dec.decision = "ExplicitDeny";  // AWS's word: what the file shows allows it, a policy it does not show denies
            outside_fix(s, cm, "managed policy " + list, false, locale);
            return false;
        }
    }
    // A bare S3 "Access Denied" for a GetObject the role is allowed: S3 answers 403 instead of 404 for a key
    // that does not exist when the caller may not list the bucket. Granting s3:ListBucket on the bucket turns
    // it into the truthful NoSuchKey (API_GetObject: "If you don't have the s3:ListBucket permission, Amazon
    // S3 returns an HTTP status code 403 Access Denied error").
    if (s.dec.decision == "Allow" && reason == "unspecified" && s.m.role)
        if (auto listing = missing_key_listing(cm, s, cat, locale)) {
            s.dec.records.push_back(make_record("reason.missing_key_listbucket",
                                                {{"action", s.rq.action}, {"bucket", *listing->resource}}, locale));
            s.g = least_privilege(cm, *listing, cat, locale);
            // (The bucket is the object's, not a resource the log names.)
            json kept = json::array();
            for (auto& r : s.g.records)
                if (r.value("key", "") != "fix.resource_from_log") kept.push_back(std::move(r));
            s.g.records = std::move(kept);
            s.fix_rq = std::move(listing);
            const fix_target t = find_target(cm, *s.m.role);
            s.fixable = t.kind != "none";
            s.kind = "add-statement";
            s.statement = simple_statement(s.g.action, s.g.resource_config);
            s.target = {{"kind", t.kind}, {"path", t.label}};
            return false;
        }
    // AWS says "with an explicit deny" and names no policy type (API Gateway, some older services): a Deny
    // decided, whatever the visible policies say. None in this file applies, so it is in a policy the file does
    // not show, and no grant here can help until its owner changes it.
    if (d.explicit_deny && reason == "unspecified" && s.dec.decision != "ExplicitDeny") {
        s.dec.records.push_back(make_record("reason.explicit_deny_unseen", {{"action", s.rq.action}, {"allowed", s.dec.decision == "Allow"}}, locale));
        s.dec.decision = "ExplicitDeny";
        outside_fix(s, cm, policy_label("unseen", s.rq.resource.value_or("*")), false, locale);
        return false;
    }
    // AWS says no identity policy allows a KMS call on a key, and the role allows it only through the file's one
    // key, whose generated id stands for any key id of its account: the log proves the key is another one (an
    // object encrypted with another key). That key is granted as the log names it.
    if (s.dec.decision == "Allow" && reason == "implicit_identity" && s.m.role && s.rq.resource &&
        s.rq.resource->find(":kms:") != std::string::npos && s.rq.resource->find(":key/") != std::string::npos &&
        resources_of_type(cm.ctx.resources, "AWS::KMS::Key") == 1) {
        std::string key_id;
        for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it)
            if (it->is_object() && it->value("Type", std::string()) == "AWS::KMS::Key") key_id = it.key();
        // (Unless the service that called KMS for the function uses that key for a resource of this file, a bucket or
        // queue encrypted with it, or, the calling service unknown, some resource of the file is: then the log's key
        // is taken to be the file's, as the first grant of it was, and the deployed role is older than the file.)
        std::string via = s.rq.context.is_object() && s.rq.context.contains("kms:ViaService") && s.rq.context["kms:ViaService"].is_string()
                               ? s.rq.context["kms:ViaService"].get<std::string>()
                               : std::string();
        via = via.substr(0, via.find('.'));
        bool encrypts_for_via = false;
        for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it) {
            if (!it->is_object() || it.key() == key_id) continue;
            const std::string type = it->value("Type", std::string());  // AWS::S3::Bucket -> s3
            const std::size_t a = type.find("::"), b = a == std::string::npos ? a : type.find("::", a + 2);
            if (b == std::string::npos || type.rfind("AWS::IAM::", 0) == 0) continue;
            if (!via.empty() && !iam::iequals(type.substr(a + 2, b - a - 2), via)) continue;
            encrypts_for_via = text_names(it->dump(), key_id);
            if (encrypts_for_via) break;
        }
        // (Nor when the function's environment is encrypted with that key, `kmsKeyArn: !GetAtt Key.Arn`: a Decrypt of
        // the function's is that key's first of all.)
        if (s.m.function && iam::iequals(s.rq.action, "kms:Decrypt"))
            for (const std::string& at : {"/functions/" + yaml::escape_pointer_token(s.m.function->key) + "/kmsKeyArn", std::string("/provider/kmsKeyArn")})
                if (const json* k = raw_at(cm.doc.root, at); k && text_names(k->dump(), key_id)) encrypts_for_via = true;
        bool through_key = false;
        for (std::size_t i = 0; i < s.m.role->statements.size() && !through_key && !encrypts_for_via; ++i) {
            const json& st = s.m.role->statements[i].statement;
            if (!is_allow(st) || !st.contains("Resource") || st["Resource"].dump().find("\"" + key_id + "\"") == std::string::npos) continue;
            through_key = decide(cm, *s.m.role, s.rq, cat, locale, static_cast<int>(i)).decision != "Allow";
        }
        if (through_key) {
            s.dec.decision = "ImplicitDeny";
            s.dec.records.push_back(make_record("reason.other_kms_key", {{"key", *s.rq.resource}, {"logical_id", key_id}}, locale));
            s.g.resource = *s.rq.resource;
            s.g.resource_config = *s.rq.resource;
            json kept = json::array();
            for (auto& r : s.g.records)
                if (r.value("key", std::string()) != "fix.resource_from_config" && r.value("key", std::string()) != "fix.resource_framework_variables" &&
                    r.value("key", std::string()) != "fix.resource_assumed_key")
                    kept.push_back(std::move(r));
            s.g.records = std::move(kept);
            s.statement = simple_statement(s.g.action, s.g.resource_config);
        }
    }
    if (s.dec.decision == "Allow") {
        s.dec.records.push_back(make_record("reason.allow_but_denied", json::object(), locale));
        s.kind = "none";
        s.fix_records.push_back(make_record("fix.none", json::object(), locale));
        return false;
    }
    if (s.dec.decision == "ExplicitDeny" && s.dec.deny_statement < 0) {
        s.kind = "none";
        // A Deny in a resource policy the config defines. With a condition it is a guard (encryption, TLS,
        // source VPC...): the request must meet it, and the config is not where to fix it. Without one, the
        // action comes out of that Deny (the patch loop below).
        if (const auto& rd = s.dec.resource_deny) {
            s.g.records = json::array();
            s.statement = rd->statement;
            const std::string exempt = rd->line > 0 ? principal_exemption(rd->statement) : std::string();
            if (!exempt.empty()) {
                // "Deny everyone but these principals" (a negated condition on aws:PrincipalArn /
                // aws:PrincipalAccount): the role joins the list; the guard stays for everyone else.
                s.kind = "remove-deny";
                s.fixable = true;
                s.target = {{"kind", "exempt"}, {"path", rd->pointer + "/Condition/" + exempt}, {"line", rd->line}, {"policy", rd->logical_id}};
            } else if (rd->statement.contains("Condition") && only_service_set_keys(rd->statement["Condition"])) {
                // The guard lets through only calls a service makes (keys AWS sets on them alone): the
                // function's own call can never meet it, so code cannot help; only an exemption can.
                s.fix_records.push_back(make_record("fix.deny_condition_service_only",
                                                    {{"line", rd->line}, {"policy", rd->logical_id},
                                                     {"condition", condition_text(rd->statement["Condition"])},
                                                     {"role", role_arn(cm, deployed_role_name(s), s.m.role)}},
                                                    locale));
            } else if (rd->statement.contains("Condition")) {
                s.fix_records.push_back(make_record("fix.meet_deny_condition",
                                                    {{"line", rd->line}, {"policy", rd->logical_id},
                                                     {"condition", condition_text(rd->statement["Condition"])}},
                                                    locale));
            for (auto& h : condition_key_hints(rd->statement["Condition"], locale)) s.fix_records.push_back(std::move(h));
            } else if (rd->line > 0) {
                s.kind = "remove-deny";
                s.fixable = true;
            }
        }
        return false;
    }
    // No resource in the log, while the role already allows the action on some: which resource the call
    // was for decides, and a grant on `*` would widen the role. Say where it is allowed instead.
    if (!s.rq.resource && s.dec.decision == "ImplicitDeny" && cat) {
        const iam::action_info* info = cat->find_action(s.rq.action);
        json where = json::array();
        if (info && !info->wildcard_only())
            for (const auto& st : s.m.role->statements) {
                const json& stmt = st.statement;
                if (!stmt.is_object() || !is_allow(stmt) || !stmt.contains("Action") ||
                    !stmt.contains("Resource") || stmt.contains("Condition") || !action_matches(stmt["Action"], s.rq.action))
                    continue;
                std::vector<std::string> unresolved;
                const json r = resolve(stmt["Resource"], cm.ctx, unresolved);
                for (const auto& x : (r.is_array() ? r : json::array({r})))
                    if (x.is_string()) where.push_back(x);
            }
        if (!where.empty()) {
            s.dec.decision = "Undetermined";
            auto drop = [](json& records, const char* key) {
                json kept = json::array();
                for (auto& r : records)
                    if (r.value("key", std::string()) != key) kept.push_back(std::move(r));
                records = std::move(kept);
            };
            drop(s.dec.records, "decision.implicit_deny");  // it was "denied on `*`", not on the real resource
            drop(s.g.records, "fix.resource_guessed");
            s.dec.records.push_back(make_record("decision.resource_unknown", {{"action", s.rq.action}, {"resources", where}}, locale));
            if (s.rq.action == "s3:GetObject")
                s.dec.records.push_back(make_record("hint.s3_missing_key", json::object(), locale));
            s.kind = "none";
            s.fix_records.push_back(make_record("fix.need_resource", {{"action", s.rq.action}}, locale));
            return false;
        }
    }
    // No resource in the log (a bare `403 Forbidden`, a message cut before it) for the function's own call on a
    // resource its code chose, of an action that always names one (an object, a table): `*` would give the
    // function every bucket or table of the account. The action is named; the resource is the reader's to find.
    // (A service's deploy-time check, such as Lambda's network-interface actions, is asked for on `*` by AWS
    // itself and keeps its grant.)
    if (!s.rq.resource && s.dec.decision == "ImplicitDeny" && cat && s.m.role && s.m.function && !s.m.deploy_principal &&
        !s.d->execution_role_check && s.d->checked_actions.empty())
        if (const iam::action_info* info = cat->find_action(s.rq.action);
            // (Several types listed unmarked are alternatives, one of which is named: s3:GetObject's object or
            // access-point object. One unmarked type is optional, and the call may have gone without it.)
            info && !info->wildcard_only() &&
            (info->resources.size() > 1 ||
             std::any_of(info->resources.begin(), info->resources.end(), [](const iam::resource_ref& r) { return r.required; }))) {
            json kept = json::array();
            for (auto& r : s.g.records)
                if (r.value("key", std::string()) != "fix.resource_guessed") kept.push_back(std::move(r));
            s.g.records = std::move(kept);
            if (s.rq.action == "s3:GetObject") s.dec.records.push_back(make_record("hint.s3_missing_key", json::object(), locale));
            s.kind = "none";
            s.fix_records.push_back(make_record("fix.need_resource", {{"action", s.rq.action}}, locale));
            return false;
        }
    // A key the log does not give decides, but the log says no identity policy allowed: the Allow that
    // needs the key was not met. Say which condition the request missed.
    if (s.dec.decision == "Undetermined" && reason == "implicit_identity" && !s.dec.missing_keys.empty() && s.m.role) {
        json unmet = json::array();
        int line = 0;
        for (const auto* st : conditioned_allows(cm, *s.m.role, s.rq)) {
            if (line == 0) line = st->source.line;
            unmet.push_back(condition_text(st->statement["Condition"]));
        }
        if (!unmet.empty()) {
            // (The decision stays Undetermined: the key decides it, and the log cannot tell us its value.)
            s.dec.records.push_back(make_record("reason.allow_condition_unmet", {{"line", line}, {"conditions", unmet}, {"action", s.rq.action}}, locale));
            s.kind = "none";
            s.g.records = json::array();
            s.fix_records.push_back(make_record("fix.meet_allow_condition", {{"line", line}, {"conditions", unmet}}, locale));
            return false;
        }
    }
    // The statement that would allow it is conditioned on a key this action never carries (LeadingKeys on a
    // Scan): the request can never meet it. Allowing the action without the condition would lift the author's
    // restriction (tenant isolation, say): a decision for a person, not a patch.
    // ...or on a key only a service's call on the function's behalf carries (kms:ViaService), while the log shows
    // the function calling the action itself.
    if (s.dec.decision == "ImplicitDeny" && s.m.role && cat)
        if (const iam::action_info* info = cat->find_action(s.rq.action)) {
            auto unmeetable = [&](auto&& never_carried, const char* record) {
                int line = 0;
                json keys = json::array();
                for (const auto* st : conditioned_allows(cm, *s.m.role, s.rq))
                    for (const auto& k : condition_keys(st->statement["Condition"]))
                        if (never_carried(k) && std::find(keys.begin(), keys.end(), json(k)) == keys.end()) {
                            keys.push_back(k);
                            if (line == 0) line = st->source.line;
                        }
                if (keys.empty()) return false;
                s.kind = "none";
                s.g.records = json::array();
                s.fix_records.push_back(make_record(record, {{"line", line}, {"keys", keys}, {"action", s.rq.action}}, locale));
                return true;
            };
            // (aws:SourceIp compared with private blocks only: see decision.source_ip_never_private.)
            const bool source_ip_private = std::any_of(s.dec.records.begin(), s.dec.records.end(), [](const json& r) {
                return r.value("key", std::string()) == "decision.source_ip_never_private";
            });
            if (unmeetable([&](const std::string& k) { return !cat->condition_key_applies(*info, k); }, "fix.condition_key_never_sent") ||
                (s.rq.direct_call && unmeetable([](const std::string& k) { return is_service_set_key(k); }, "fix.condition_key_direct_call")) ||
                (source_ip_private && unmeetable([](const std::string& k) { return iam::iequals(k, "aws:SourceIp"); }, "fix.condition_source_ip_private")))
                return false;
        }
    // The Allow that names the request is conditioned on a key whose value this request is known to have (the
    // time of the log line, the service that called KMS for the function, a direct call's aws:ViaAWSService
    // false), and that value fails it: the author's restriction (a time window, the calling service) holds.
    // Whether to widen it is a decision for a person, not a grant beside it.
    if (s.dec.decision == "ImplicitDeny" && s.m.role) {
        std::map<std::string, std::string> facts;  // lower-cased key -> "key `value`"
        for (const char* key : {"kms:ViaService", "aws:ViaAWSService", "aws:CurrentTime", "aws:EpochTime", "iam:PassedToService"})
            if (s.rq.context.is_object() && s.rq.context.contains(key) && s.rq.context[key].is_string() && !s.d->context.contains(key))
                facts[iam::lower_copy(key)] = std::string(key) + " `" + s.rq.context[key].get<std::string>() + "`";
        if (s.rq.direct_call && !s.rq.context.contains("aws:ViaAWSService")) facts["aws:viaawsservice"] = "aws:ViaAWSService `false`";
        int line = 0;
        json conditions = json::array(), known = json::array();
        for (const auto* st : conditioned_allows(cm, *s.m.role, s.rq)) {
            bool on_fact = false;
            for (const auto& k : condition_keys(st->statement["Condition"]))
                if (const auto f = facts.find(iam::lower_copy(k)); f != facts.end()) {
                    on_fact = true;
                    if (std::find(known.begin(), known.end(), json(f->second)) == known.end()) known.push_back(f->second);
                }
            if (!on_fact) continue;
            if (line == 0) line = st->source.line;
            conditions.push_back(condition_text(st->statement["Condition"]));
        }
        if (!conditions.empty()) {
            s.dec.records.push_back(make_record("reason.allow_condition_fails",
                                                {{"line", line}, {"action", s.rq.action}, {"conditions", conditions}, {"facts", known}}, locale));
            s.kind = "none";
            s.g.records = json::array();
            s.fix_records.push_back(make_record("fix.change_allow_condition", {{"line", line}, {"action", s.rq.action}}, locale));
            return false;
        }
    }
    if (s.dec.decision == "Undetermined") {  // a condition key decides: changing the config is not the answer
        s.kind = "none";
        return false;
    }
    return true;
}

}  // namespace wd::explain::pipeline
