// SPDX-License-Identifier: MIT
#include "explain/event_resources.hpp"

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

}  // namespace wd::explain
