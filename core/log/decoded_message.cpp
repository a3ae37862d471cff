// SPDX-License-Identifier: MIT
#include "log/decoded_message.hpp"

#include "log/scan_util.hpp"

namespace wd::log::detail {

namespace {

// {"items":[{"key":"aws:Region","values":{"items":[{"value":"us-east-1"}]}}]} -> {"aws:Region": "us-east-1"}
json conditions_to_context(const json& conditions) {
    json ctx = json::object();
    const json* items = conditions.is_object() && conditions.contains("items") ? &conditions["items"] : &conditions;
    if (!items->is_array()) return ctx;
    for (const auto& it : *items) {
        if (!it.is_object() || !it.contains("key") || !it["key"].is_string()) continue;
        json values = json::array();
        const json* vs = nullptr;
        if (it.contains("values")) {
            const json& v = it["values"];
            vs = v.is_object() && v.contains("items") ? &v["items"] : &v;
        }
        if (vs && vs->is_array()) {
            for (const auto& v : *vs) {
                if (v.is_object() && v.contains("value")) values.push_back(v["value"]);
                else if (v.is_string()) values.push_back(v);
            }
        }
        ctx[it["key"].get<std::string>()] = values.size() == 1 ? values[0] : values;
    }
    return ctx;
}

std::string str(const json& j, const char* key) {
    if (j.is_object() && j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
    return {};
}

}  // namespace

std::optional<denial> parse_decoded_message(std::string_view text) {
    const std::string_view t = trim(text);
    if (t.empty() || t.front() != '{') return std::nullopt;
    json doc = json::parse(t.begin(), t.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
    if (doc.contains("DecodedMessage") && doc["DecodedMessage"].is_string()) {
        const std::string inner = doc["DecodedMessage"].get<std::string>();
        doc = json::parse(inner, nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
    }
    if (!doc.contains("allowed") || !doc.contains("context") || !doc["context"].is_object()) return std::nullopt;
    if (doc["allowed"].is_boolean() && doc["allowed"].get<bool>()) return std::nullopt;
    const json& ctx = doc["context"];
    denial d;
    d.line = 1;
    d.end_line = 1;
    d.action = str(ctx, "action");
    if (const std::size_t c = d.action.find(':'); c != std::string::npos) {
        for (std::size_t i = 0; i < c; ++i) d.action[i] = lower(d.action[i]);
        d.service = d.action.substr(0, c);
    }
    const std::string res = str(ctx, "resource");
    if (!res.empty()) d.resource = res;
    if (ctx.contains("principal")) d.principal.arn = str(ctx["principal"], "arn");
    if (ctx.contains("conditions")) d.context = conditions_to_context(ctx["conditions"]);
    // The decoded message says explicit or not, but not which policy type denied.
    d.reason = "unspecified";
    return d;
}

}  // namespace wd::log::detail
