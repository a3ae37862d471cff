// SPDX-License-Identifier: MIT
#include "explain/event_resources.hpp"

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
