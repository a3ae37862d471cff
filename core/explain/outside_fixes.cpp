// SPDX-License-Identifier: MIT
// Denials that serverless.yml cannot fix (an SCP, a boundary, a bucket or key policy, another account's
// repository): the policy that decided, labelled for people, and the fix records that say who must change what.
#include "explain/explain_run.hpp"

#include "explain/messages.hpp"
#include "iam/arn.hpp"
#include "yaml/document.hpp"

#include <algorithm>

namespace wd::explain::pipeline {

namespace {

// The container image a function runs (`image: <uri>`, or `image: {name}` / `image: name` of provider.ecr.images
// given by `uri`), "" when it is built from a path or not an image function.
std::string function_image_uri(const config_model& cm, const std::string& function_key) {
    const json& root = cm.pkg.resolved_config.is_null() ? cm.doc.root : cm.pkg.resolved_config;
    const json* image = raw_at(root, "/functions/" + yaml::escape_pointer_token(function_key) + "/image");
    if (!image) return {};
    std::string name;
    if (image->is_string()) {
        if (image->get_ref<const std::string&>().find(".dkr.ecr.") != std::string::npos) return image->get<std::string>();
        name = image->get<std::string>();
    } else if (image->is_object()) {
        if (image->contains("uri") && (*image)["uri"].is_string()) return (*image)["uri"].get<std::string>();
        if (image->contains("name") && (*image)["name"].is_string()) name = (*image)["name"].get<std::string>();
    }
    if (name.empty()) return {};
    const json* uri = raw_at(root, "/provider/ecr/images/" + yaml::escape_pointer_token(name) + "/uri");
    return uri && uri->is_string() ? uri->get<std::string>() : std::string();
}

}  // namespace

std::string policy_label(const std::string& reason, const std::string& resource) {
    if (reason == "scp") return "service control policy (SCP)";
    if (reason == "rcp") return "resource control policy (RCP)";
    if (reason == "permissions_boundary") return "permissions boundary";
    if (reason == "session_policy") return "session policy";
    if (reason == "vpce_policy") return "VPC endpoint policy";
    if (reason == "resource_policy") {
        if (resource.find(":kms:") != std::string::npos) return "KMS key policy of `" + resource + "`";
        // An object's permissions sit in its bucket's policy; a role's in its trust policy.
        if (resource.rfind("arn:aws:s3:::", 0) == 0 || resource.rfind("arn:aws-cn:s3:::", 0) == 0 ||
            resource.rfind("arn:aws-us-gov:s3:::", 0) == 0) {
            const std::size_t start = resource.find(":::") + 3, slash = resource.find('/', start);
            return "bucket policy of `" + resource.substr(start, slash == std::string::npos ? std::string::npos : slash - start) + "`";
        }
        if (is_role_arn(resource)) return "trust policy of `" + resource + "`";
        return "resource policy of `" + resource + "`";
    }
    if (reason == "unseen") return "policy outside this config";
    return "role policy";
}

// The policy AWS names, as specific as the config lets us be: a permissions boundary the role declares is
// named by its ARN (its owner is whoever manages that policy).
std::string outside_policy_label(const std::string& reason, const std::string& resource, const config_model& cm,
                                 const sls::role_info* role) {
    if (reason == "permissions_boundary" && role && !role->permissions_boundary.is_null()) {
        std::vector<std::string> unresolved;
        const json arn = resolve(role->permissions_boundary, cm.ctx, unresolved);
        if (arn.is_string() && unresolved.empty() && arn.get_ref<const std::string&>().rfind("arn:", 0) == 0)
            return "permissions boundary `" + arn.get<std::string>() + "`";
    }
    return policy_label(reason, resource);
}

// Newer AWS messages name the denying policy (`... in a service control policy: arn:aws:organizations::...`): the
// label names it too, so the answer says which one to change. For a permissions boundary AWS names the one the
// deployed role has, which is what counts, whatever this config sets.
std::string with_logged_policy(const std::string& label, const log::denial& d) {
    const std::string& arn = d.reason_policy_arn;
    if (arn.empty() || label.find(arn) != std::string::npos) return label;
    if (label == "permissions boundary" || label.rfind("permissions boundary `", 0) == 0) return "permissions boundary `" + arn + "`";
    for (const char* kind : {"service control policy (SCP)", "resource control policy (RCP)", "session policy", "VPC endpoint policy", "role policy"})
        if (label == kind) return label + " `" + arn + "`";
    return label;
}

// The label in the answer's language: the English label is what the code compares, this is what people read.
std::string localized_policy_label(const std::string& label, std::string_view locale) {
    if (locale != "ja") return label;
    static const std::pair<const char*, const char*> whole[] = {
        {"service control policy (SCP)", "サービスコントロールポリシー (SCP)"},
        {"resource control policy (RCP)", "リソースコントロールポリシー (RCP)"},
        {"permissions boundary", "アクセス許可の境界"},
        {"session policy", "セッションポリシー"},
        {"VPC endpoint policy", "VPC エンドポイントポリシー"},
        {"role policy", "ロールのポリシー"},
        {"policy outside this config", "この設定にないポリシー"},
        {"deployment identity's policy", "デプロイ用 ID のポリシー"},
        {"local user's policy", "ローカル開発用ユーザーのポリシー"}};
    for (const auto& [en, ja] : whole)
        if (label == en) return ja;
    // "<kind> of `x`" and "<kind> `x`": the named thing first, as Japanese puts it.
    static const std::pair<const char*, const char*> of[] = {
        {"KMS key policy of ", "の KMS キーポリシー"}, {"bucket policy of ", "のバケットポリシー"},
        {"trust policy of ", "の信頼ポリシー"},       {"resource policy of ", "のリソースポリシー"}};
    for (const auto& [en, ja] : of)
        if (label.rfind(en, 0) == 0) return label.substr(std::char_traits<char>::length(en)) + " " + ja;
    static const std::pair<const char*, const char*> named[] = {
        {"permissions boundary ", "アクセス許可の境界 "}, {"IAM Identity Center permission set ", "IAM Identity Center の許可セット "}, {"managed policy ", "マネージドポリシー "},
        {"service control policy (SCP) ", "サービスコントロールポリシー (SCP) "}, {"resource control policy (RCP) ", "リソースコントロールポリシー (RCP) "},
        {"session policy ", "セッションポリシー "}, {"VPC endpoint policy ", "VPC エンドポイントポリシー "}, {"role policy ", "ロールのポリシー "}};
    for (const auto& [en, ja] : named)
        if (label.rfind(en, 0) == 0) return ja + label.substr(std::char_traits<char>::length(en));
    return label;
}

bool outside_reason(const std::string& r) {
    return r == "scp" || r == "rcp" || r == "permissions_boundary" || r == "session_policy" || r == "vpce_policy" ||
           r == "resource_policy";
}

void outside_fix(denial_state& s, const config_model& cm, const std::string& policy, bool external_role,
                 std::string_view locale) {
    s.kind = "outside-config";
    // (A per-call object key or log stream is asked for by its folder too: the next call names another.)
    widen_object_key(s.g, locale);
    // A session policy comes with the credentials (the `Policy`/`PolicyArns` of the code's AssumeRole call): it
    // only narrows the role, so it is widened where the code builds it; a grant on the role changes nothing.
    const bool session = policy.rfind("session policy", 0) == 0;
    if (session) {
        external_role = false;
        s.fix_records.push_back(make_record("fix.session_policy_in_code", {{"action", s.rq.action}}, locale));
    }
    // SCPs and RCPs live in AWS Organizations: who can change them is not the account's own admins.
    if (policy.rfind("service control policy", 0) == 0 || policy.rfind("resource control policy", 0) == 0)
        s.fix_records.push_back(make_record("fix.who_organizations", {{"policy", localized_policy_label(policy, locale)}}, locale));
    std::string principal = s.m.role ? (s.m.role->external_arn.empty() ? role_arn(cm, deployed_role_name(s), s.m.role) : s.m.role->external_arn)
                                     : (s.rq.principal_arn.empty() ? s.rq.role_name : s.rq.principal_arn);
    // A role is named as the IAM role its owner edits (and a policy grants), not as the session the log shows.
    if (const auto& p = s.d->principal;
        principal == p.arn && p.type == "assumed-role" && !p.role_name.empty() && !p.account_id.empty()) {
        const std::size_t c = p.arn.find(':', 4);
        const std::string partition = p.arn.rfind("arn:", 0) == 0 && c != std::string::npos ? p.arn.substr(4, c - 4) : "aws";
        principal = "arn:" + partition + ":iam::" + p.account_id + ":role/" + p.role_name;
    }
    // What a person forwards or a shell runs names no account we made up and no masked text: the default
    // account (none in the log or the flags) becomes `<account-id>`, a masked run (`***`) a wildcard.
    auto for_people = [&](std::string arn) {
        if (cm.account_is_default && !cm.ctx.account_id.empty())
            for (std::size_t at = arn.find(":" + cm.ctx.account_id + ":"); at != std::string::npos;
                 at = arn.find(":" + cm.ctx.account_id + ":", at + 1))
                arn.replace(at + 1, cm.ctx.account_id.size(), "<account-id>");
        for (std::size_t at = arn.find("***"); at != std::string::npos; at = arn.find("***", at + 1)) {
            std::size_t end = at;
            while (end < arn.size() && arn[end] == '*') ++end;
            arn.replace(at, end - at, "*");
        }
        return arn;
    };
    const std::string shown_resource = for_people(s.g.resource);
    json st = simple_statement(s.rq.action, shown_resource);
    if (s.d->reason == "resource_policy" || s.dec.reason_class == "implicit_deny:cross_account_no_resource_grant" ||
        policy.rfind("trust policy of", 0) == 0) {
        st = {{"Effect", "Allow"}, {"Principal", {{"AWS", principal}}}, {"Action", json::array({s.rq.action})}};
        // A role's trust policy names no Resource (the role is the resource); other resource policies do.
        const bool trust = s.rq.action.rfind("sts:", 0) == 0 && is_role_arn(s.g.resource);
        if (!trust) st["Resource"] = json::array({shown_resource});
    }
    s.statement = st;
    json policy_doc = {{"Version", "2012-10-17"}, {"Statement", json::array({simple_statement(s.rq.action, shown_resource)})}};
    std::string on = !s.rq.resource ? "" : locale == "ja" ? "（リソース `" + for_people(*s.rq.resource) + "`）" : " on `" + for_people(*s.rq.resource) + "`";
    // Who asks: the function's role, or the identity that deploys.
    std::string who = "fix.requester.lambda_role";
    const auto& p = s.d->principal;
    if (s.m.deploy_principal && !s.m.role) who = s.m.local_run ? "fix.requester.local_user" : p.type == "user" ? "fix.requester.deploy_user" : "fix.requester.deploy_role";
    json req = json::object();
    const std::string shown = localized_policy_label(policy, locale);
    // The fix names the resource as the log does (the statement is for another policy than this file's):
    // "written as the config writes it" would not be true of it.
    json kept = json::array();
    for (auto& r : s.g.records)
        if (r.value("key", std::string()) != "fix.resource_from_config" && r.value("key", std::string()) != "fix.resource_framework_variables")
            kept.push_back(std::move(r));
    s.g.records = std::move(kept);
    // The deployer's own policy lacks the grant: nothing "denies" it, it has no permission.
    const bool own_policy = policy == "deployment identity's policy" || policy == "local user's policy";
    // An explicit Deny is not lifted by any Allow: its owner must exempt the principal or change the Deny.
    // The role itself lacks the grant (it is managed outside this file): ask its owner to add it, not to lift
    // a denial "by" the role.
    req["text"] = render_message(s.d->explicit_deny && !external_role ? "fix.request_text_deny"
                                 : external_role                     ? "fix.request_text_role"
                                 : own_policy                        ? "fix.request_text_identity"
                                                                     : "fix.request_text",
                                 {{"who", render_message(who, {}, locale)}, {"principal", principal},
                                                      {"action", s.rq.action}, {"on", on},
                                                      {"policy", shown}, {"statement", st.dump(2)}},
                                 locale);
    if (!session && (external_role || s.m.deploy_principal)) {
        std::string name = s.m.role && !s.m.role->external_arn.empty() ? s.m.role->external_arn.substr(s.m.role->external_arn.rfind('/') + 1)
                                                                          : s.rq.role_name;
        bool user = s.d->principal.type == "user";
        if (user) name = s.d->principal.user_name.empty() ? name : s.d->principal.user_name;
        // (A put-*-policy command only when the identity's own policy is what lacks the grant.)
        // (Never for an explicit Deny: an Allow added beside it changes nothing.)
        if (!name.empty() && !s.d->explicit_deny && (external_role || own_policy))
            req["command"] = std::string("aws iam ") + (user ? "put-user-policy --user-name " : "put-role-policy --role-name ") +
                             name + " --policy-name whydenied-" + s.rq.action.substr(0, s.rq.action.find(':')) +
                             " --policy-document '" + policy_doc.dump() + "'";
        s.fix_records.push_back(make_record(external_role ? "fix.external_role" : s.d->explicit_deny ? "fix.outside_config_deny" : "fix.outside_config",
                                            {{"role", name}, {"policy", shown}, {"action", s.rq.action}, {"principal", principal}}, locale));
    } else {
        // An explicit Deny is lifted by no Allow: its owner exempts the principal (or changes the Deny).
        s.fix_records.push_back(make_record(s.d->explicit_deny ? "fix.outside_config_deny" : "fix.outside_config",
                                            {{"policy", shown}, {"action", s.rq.action}, {"principal", principal}}, locale));
    }
    s.request = req;
}

// Lambda could not pull the function's image: the repository's policy must let the Lambda service read it
// (Lambda developer guide, "Amazon ECR permissions"); the execution role plays no part.
void image_pull_fix(denial_state& s, const config_model& cm, std::string_view locale) {
    s.kind = "outside-config";
    s.fixable = false;
    s.dec.decision = "Undetermined";
    const std::string uri = s.m.function ? function_image_uri(cm, s.m.function->key) : std::string();
    // `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`
    std::string account, region, repository;
    if (const std::size_t dkr = uri.find(".dkr.ecr."); dkr != std::string::npos) {
        account = uri.substr(0, dkr);
        const std::size_t r = dkr + 9, rend = uri.find(".amazonaws.com/", r);
        if (rend != std::string::npos) {
            region = uri.substr(r, rend - r);
            repository = uri.substr(rend + 15);
            repository = repository.substr(0, std::min(repository.find('@'), repository.find(':')));
        }
    }
    json st = {{"Sid", "LambdaECRImageRetrievalPolicy"},
               {"Effect", "Allow"},
               {"Principal", {{"Service", "lambda.amazonaws.com"}}},
               {"Action", json::array({"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"})}};
    s.g.records = json::array();  // (no grant of the function's role is made)
    if (!repository.empty() && !region.empty())
        s.rq.resource = "arn:" + cm.ctx.partition + ":ecr:" + region + ":" + account + ":repository/" + repository;
    const bool other_account = !account.empty() && account != cm.ctx.account_id;
    if (other_account)  // only this account's functions may pull it
        st["Condition"] = {{"StringLike", {{"aws:sourceArn", "arn:" + cm.ctx.partition + ":lambda:" + (region.empty() ? cm.ctx.region : region) +
                                                                 ":" + cm.ctx.account_id + ":function:*"}}}};
    s.statement = st;
    s.dec.records.push_back(make_record("decision.ecr_image_pull", {{"image", uri.empty() ? json(nullptr) : json(uri)}}, locale));
    s.fix_records.push_back(make_record(other_account ? "fix.ecr_image_pull_other_account" : "fix.ecr_image_pull",
                                        {{"repository", repository.empty() ? json(nullptr) : json(repository)},
                                         {"account", account}, {"our_account", cm.ctx.account_id}},
                                        locale));
}

// API Gateway refused the call on the policy its Lambda authorizer returned ("User is not authorized to access this
// resource", "... with an explicit deny"; API Gateway developer guide, "403 errors with a Lambda authorizer"): no role
// of the file is asked. The usual cause is the cached answer: a REST API caches an authorizer's policy for
// `resultTtlInSeconds` (the framework's default is 300) under the same token, so a policy that names only the
// method first called (`event.methodArn`) refuses every other method until the cache expires.
void authorizer_fix(denial_state& s, const config_model& cm, std::string_view locale) {
    s.kind = "outside-config";
    s.fixable = false;
    s.dec.decision = "Undetermined";
    s.g.records = json::array();  // (no grant of a role is made)
    const std::string stage = cm.pkg.stage.empty() ? "*" : cm.pkg.stage;
    const std::string region = cm.ctx.region.empty() ? "*" : cm.ctx.region;
    const std::string account = cm.ctx.account_id.empty() ? "*" : cm.ctx.account_id;
    const std::string methods = "arn:" + cm.ctx.partition + ":execute-api:" + region + ":" + account + ":*/" + stage + "/*";
    s.statement = {{"Effect", "Allow"}, {"Action", "execute-api:Invoke"}, {"Resource", methods}};
    s.dec.records.push_back(make_record("decision.authorizer_policy", {{"explicit", s.d->explicit_deny}}, locale));
    // The REST API authorizers of the file (`http` events) and how long each caches its answer.
    const json& functions = cm.doc.root.is_object() && cm.doc.root.contains("functions") ? cm.doc.root["functions"] : json();
    std::vector<std::string> seen;
    if (functions.is_object())
        for (auto f = functions.begin(); f != functions.end(); ++f) {
            const json& events = f.value().is_object() && f.value().contains("events") ? f.value()["events"] : json();
            if (!events.is_array()) continue;
            for (std::size_t i = 0; i < events.size(); ++i) {
                const json& http = events[i].is_object() && events[i].contains("http") ? events[i]["http"] : json();
                const json& auth = http.is_object() && http.contains("authorizer") ? http["authorizer"] : json();
                if (auth.is_null() || auth == "aws_iam" || (auth.is_object() && auth.value("type", json()) == "aws_iam")) continue;
                std::string name = auth.is_string() ? auth.get<std::string>()
                                   : auth.is_object() && auth.contains("name") && auth["name"].is_string() ? auth["name"].get<std::string>()
                                   : auth.is_object() && auth.contains("arn") && auth["arn"].is_string() ? auth["arn"].get<std::string>()
                                                                                                          : std::string();
                if (name.empty() || std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
                seen.push_back(name);
                const json& ttl = auth.is_object() && auth.contains("resultTtlInSeconds") ? auth["resultTtlInSeconds"] : json(300);
                if (ttl == 0 || ttl == "0") continue;
                const std::string pointer = "/functions/" + yaml::escape_pointer_token(f.key()) + "/events/" + std::to_string(i) + "/http";
                const auto* span = cm.doc.nearest_span(pointer + "/authorizer");
                s.fix_records.push_back(make_record("fix.authorizer_cache",
                                                    {{"authorizer", name}, {"ttl", ttl}, {"line", span ? span->value.line : 0}}, locale));
            }
        }
    s.fix_records.push_back(make_record("fix.authorizer_policy_resource", {{"resource", methods}}, locale));
}

}  // namespace wd::explain::pipeline
