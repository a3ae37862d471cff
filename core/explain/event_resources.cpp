// SPDX-License-Identifier: MIT
#include "explain/event_resources.hpp"

#include <cctype>

#include "explain/intrinsics.hpp"
#include "iam/glob.hpp"
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

}  // namespace

std::optional<event_resource> resource_from_events(const config_model& cm, const std::string& function_key,
                                                   const std::string& action) {
    const std::string service = action.substr(0, action.find(':'));
    if (service != "sqs" && service != "dynamodb" && service != "kinesis") return std::nullopt;
    const std::string events_ptr = "/functions/" + yaml::escape_pointer_token(function_key) + "/events";
    const json* events = raw_at(cm.doc.root, events_ptr);
    if (!events || !events->is_array()) return std::nullopt;
    std::optional<event_resource> found;
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
            if (key.find(word) == std::string::npos || !it.value().is_string()) continue;
            const std::string v = it.value().get<std::string>();
            if (v.empty() || v.find_first_of(" ${}<>*") != std::string::npos) continue;
            std::string arn;
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

}  // namespace wd::explain
