// SPDX-License-Identifier: MIT
#include "explain/event_resources.hpp"

#include <cctype>

#include "explain/intrinsics.hpp"
#include "iam/glob.hpp"
#include "iam/request_context.hpp"
#include "yaml/document.hpp"

namespace wd::explain {

namespace {

std::string service_in_arn(const std::string& arn) {
    if (arn.rfind("arn:", 0) != 0) return {};
    const std::size_t a = arn.find(':', 4);
    if (a == std::string::npos) return {};
    const std::size_t b = arn.find(':', a + 1);
    return b == std::string::npos ? std::string() : arn.substr(a + 1, b - a - 1);
}

// Logical ids an intrinsic names: `Ref X`, `Fn::GetAtt [X, ...]`, `${X}` / `${X.Arn}` inside `Fn::Sub`.
void referenced_ids(const json& v, std::vector<std::string>& out, int depth = 0) {
    if (depth > 20) return;
    if (v.is_array()) {
        for (const auto& x : v) referenced_ids(x, out, depth + 1);
        return;
    }
    if (!v.is_object() || v.size() != 1) return;
    const std::string& k = v.begin().key();
    const json& a = v.begin().value();
    if (k == "Ref" && a.is_string()) out.push_back(a.get<std::string>());
    else if (k == "Fn::GetAtt" && a.is_array() && !a.empty() && a[0].is_string()) out.push_back(a[0].get<std::string>());
    else if (k == "Fn::GetAtt" && a.is_string()) out.push_back(a.get<std::string>().substr(0, a.get<std::string>().find('.')));
    else if (k == "Fn::Sub") {
        const json& t = a.is_array() && !a.empty() ? a[0] : a;
        if (!t.is_string()) return;
        const std::string& text = t.get_ref<const std::string&>();
        for (std::size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
            const std::size_t end = text.find('}', at);
            if (end == std::string::npos) break;
            const std::string name = text.substr(at + 2, end - at - 2);
            if (name.find(':') == std::string::npos) out.push_back(name.substr(0, name.find('.')));
        }
    } else {
        referenced_ids(a, out, depth + 1);
    }
}

}  // namespace

std::optional<event_resource> resource_from_events(const config_model& cm, const std::string& function_key,
                                                   const std::string& action) {
    const std::string service = action.substr(0, action.find(':'));
    if (service != "sqs" && service != "dynamodb" && service != "kinesis" && service != "sns" && service != "lambda" &&
        service != "events")
        return std::nullopt;
    const std::string fn_ptr = "/functions/" + yaml::escape_pointer_token(function_key);
    const std::string events_ptr = fn_ptr + "/events";
    const json* events = raw_at(cm.doc.root, events_ptr);
    std::optional<event_resource> found;
    // The function's destinations (`destinations.onFailure: arn:...:queue`): Lambda sends there with the
    // function's role, and checks it can at deploy time.
    for (const char* when : {"onFailure", "onSuccess"}) {
        std::string ptr = fn_ptr + "/destinations/" + when;
        const json* v = raw_at(cm.doc.root, ptr);
        if (!v) continue;
        if (v->is_object() && v->contains("arn")) ptr += "/arn";
        const json r = resolved_at(cm, ptr);
        if (!r.is_string() || service_in_arn(r.get<std::string>()) != service) continue;
        if (found) return std::nullopt;
        found = event_resource{r.get<std::string>(), ptr, std::string("destinations.") + when};
    }
    if (!events || !events->is_array()) return found;
    for (std::size_t i = 0; i < events->size(); ++i) {
        const json& e = (*events)[i];
        if (!e.is_object()) continue;
        for (const char* type : {"sqs", "stream"}) {
            if (!e.contains(type)) continue;
            std::string ptr = events_ptr + "/" + std::to_string(i) + "/" + type;
            const json& v = e[type];
            if (v.is_object() && v.contains("arn")) ptr += "/arn";
            const json r = resolved_at(cm, ptr);
            if (!r.is_string() || service_in_arn(r.get<std::string>()) != service) continue;
            if (found) return std::nullopt;  // two candidates: no guess
            found = event_resource{r.get<std::string>(), ptr, type};
        }
    }
    return found;
}

bool fits_resource_type(const iam::action_info& info, const std::string& arn) {
    for (const auto& r : info.resources)
        for (const auto& tmpl : r.arns) {
            // arn:${Partition}:s3:::${BucketName}/${ObjectName} -> arn:*:s3:::*/*
            std::string g;
            for (std::size_t i = 0; i < tmpl.size(); ++i) {
                if (tmpl.compare(i, 2, "${") == 0) {
                    const std::size_t close = tmpl.find('}', i);
                    if (close == std::string::npos) break;
                    g += '*';
                    i = close;
                } else {
                    g += tmpl[i];
                }
            }
            if (iam::glob_match(g, arn)) return true;
        }
    return false;
}

std::optional<std::string> resource_from_environment(const config_model& cm, const std::string& function_key,
                                                     const std::string& action, const iam::catalog* cat) {
    const iam::action_info* info = cat ? cat->find_action(action) : nullptr;
    if (!info || info->wildcard_only() || !cm.pkg.resolved_config.is_object()) return std::nullopt;
    const std::string service = action.substr(0, action.find(':'));
    const char* word = service == "s3" ? "BUCKET" : service == "dynamodb" ? "TABLE" : service == "sqs" ? "QUEUE"
                       : service == "sns"                                  ? "TOPIC"
                                                                           : nullptr;
    if (!word) return std::nullopt;
    const json& cfg = cm.pkg.resolved_config;
    const json* fn = raw_at(cfg, "/functions/" + yaml::escape_pointer_token(function_key));
    std::vector<const json*> envs;
    if (fn && fn->is_object() && fn->contains("environment")) envs.push_back(&(*fn)["environment"]);
    if (const json* p = raw_at(cfg, "/provider/environment")) envs.push_back(p);
    const std::string ra = cm.ctx.region + ":" + cm.ctx.account_id + ":";
    std::optional<std::string> found;
    for (const json* env : envs) {
        if (!env->is_object()) continue;
        for (auto it = env->begin(); it != env->end(); ++it) {
            std::string key = it.key();
            for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (key.find(word) == std::string::npos) continue;
            std::string arn;
            // `BUCKET: !Ref AssetsBucket` / `!GetAtt Queue.Arn`: the resource the file defines, by its ARN (a name
            // CloudFormation generates is a pattern, `assets-prod-assetsbucket-*`).
            if (it.value().is_object()) {
                std::vector<std::string> ids;
                referenced_ids(it.value(), ids);
                if (ids.size() != 1) continue;
                std::vector<std::string> unresolved;
                arn = resource_attribute(ids.front(), "Arn", cm.ctx, unresolved);
                if (arn.empty() || !unresolved.empty() || is_placeholder_text(arn) || arn.rfind("arn:", 0) != 0) continue;
                if (service == "s3" && arn.find('/', 13) == std::string::npos && !fits_resource_type(*info, arn)) arn += "/*";
                if (!fits_resource_type(*info, arn)) continue;
                if (found && *found != arn) return std::nullopt;
                found = arn;
                continue;
            }
            if (!it.value().is_string()) continue;
            const std::string v = it.value().get<std::string>();
            if (v.empty() || v.find_first_of(" ${}<>*") != std::string::npos) continue;
            if (v.rfind("arn:", 0) == 0) arn = v;
            else if (service == "s3") arn = "arn:" + cm.ctx.partition + ":s3:::" + v;
            else if (service == "dynamodb") arn = "arn:" + cm.ctx.partition + ":dynamodb:" + ra + "table/" + v;
            else if (service == "sqs") arn = "arn:" + cm.ctx.partition + ":sqs:" + ra + v.substr(v.rfind('/') + 1);
            else continue;
            // An S3 object action acts on the bucket's objects.
            if (service == "s3" && arn.find('/', 13) == std::string::npos && !fits_resource_type(*info, arn)) arn += "/*";
            if (!fits_resource_type(*info, arn)) continue;
            if (found && *found != arn) return std::nullopt;  // two candidates: no guess
            found = arn;
        }
    }
    return found;
}

std::optional<std::string> resource_from_statements(const config_model& cm, const sls::role_info& role,
                                                    const std::string& action, const iam::catalog* cat) {
    const iam::action_info* info = cat ? cat->find_action(action) : nullptr;
    if (!info || info->wildcard_only()) return std::nullopt;
    const std::string service = action.substr(0, action.find(':'));
    std::optional<std::string> found;
    for (const auto& st : role.statements) {
        const json& s = st.statement;
        if (!s.is_object() || !is_allow(s) || !s.contains("Action") || !s.contains("Resource") ||
            s.contains("Condition"))
            continue;
        if (!actions_of_service(s["Action"], service)) continue;
        std::vector<std::string> unresolved;
        const json r = resolve(s["Resource"], cm.ctx, unresolved);
        for (const auto& x : (r.is_array() ? r : json::array({r}))) {
            if (!x.is_string() || x == "*") continue;
            const std::string& arn = x.get_ref<const std::string&>();
            if (!fits_resource_type(*info, arn)) continue;
            if (found && *found != arn) return std::nullopt;  // two candidates: no guess
            found = arn;
        }
    }
    return found;
}

bool is_domain_http_action(std::string_view action) {
    return action.size() > 9 && iam::iequals(action.substr(0, 9), "es:ESHttp");
}

std::optional<std::string> resource_from_definitions(const config_model& cm, const std::string& action, const iam::catalog* cat) {
    const iam::action_info* info = cat ? cat->find_action(action) : nullptr;
    if (!info || info->wildcard_only() || !cm.ctx.resources || !cm.ctx.resources->is_object()) return std::nullopt;
    std::optional<std::string> found;
    for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it) {
        std::vector<std::string> unresolved;
        std::string arn = resource_attribute(it.key(), "Arn", cm.ctx, unresolved);
        if (arn.empty() || !unresolved.empty() || is_placeholder_text(arn)) continue;
        if (is_domain_http_action(action)) arn += "/*";
        if (!fits_resource_type(*info, arn)) continue;
        if (found && *found != arn) return std::nullopt;  // two candidates: no guess
        found = arn;
    }
    return found;
}

namespace {


// Values of the key-id properties (any spelling: KmsKeyId, KmsMasterKeyId, KMSMasterKeyID, KmsKeyArn) under a
// resource's Properties.
void key_properties(const json& v, std::vector<const json*>& out, int depth = 0) {
    if (depth > 8 || !v.is_object()) return;
    for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string key = iam::lower_copy(it.key());
        if (key.rfind("kms", 0) == 0 && (key.find("keyid") != std::string::npos || key.find("keyarn") != std::string::npos))
            out.push_back(&it.value());
        else if (it.value().is_object())
            key_properties(it.value(), out, depth + 1);
    }
}

}  // namespace

std::optional<std::string> resource_from_encryption(const config_model& cm, const sls::role_info& role, std::string& encrypted) {
    const json* resources = cm.ctx.resources;
    if (!resources || !resources->is_object()) return std::nullopt;
    std::optional<std::string> found;
    for (const auto& st : role.statements) {
        const json& s = st.statement;
        if (!s.is_object() || !is_allow(s) || !s.contains("Resource")) continue;
        std::vector<std::string> ids;
        referenced_ids(s["Resource"], ids);
        for (const auto& id : ids) {
            auto r = resources->find(id);
            if (r == resources->end() || !r->is_object() || !r->contains("Properties")) continue;
            std::vector<const json*> keys;
            key_properties((*r)["Properties"], keys);
            for (const json* k : keys) {
                std::vector<std::string> unresolved;
                std::vector<std::string> key_ids;
                referenced_ids(*k, key_ids);
                std::string arn;
                if (key_ids.size() == 1) arn = resource_attribute(key_ids[0], "Arn", cm.ctx, unresolved);
                else if (k->is_string() && k->get<std::string>().rfind("arn:", 0) == 0) arn = k->get<std::string>();
                if (arn.empty() || arn.find(":kms:") == std::string::npos || !unresolved.empty()) continue;
                if (found && *found != arn) return std::nullopt;  // two keys: no guess
                found = arn;
                encrypted = id;
            }
        }
    }
    return found;
}

}  // namespace wd::explain
