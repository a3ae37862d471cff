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

// The balanced JSON object starting at `open` ('{'), skipping braces inside strings; "" if unbalanced.
std::string_view object_at(std::string_view t, std::size_t open) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = open; i < t.size(); ++i) {
        const char c = t[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return t.substr(open, i - open + 1);
        }
    }
    return {};
}

// The document: the whole text, or the object around "DecodedMessage" when the CLI command is pasted too.
std::string_view find_document(std::string_view t) {
    if (!t.empty() && t.front() == '{') return t;
    for (std::string_view key : {std::string_view("\"DecodedMessage\""), std::string_view("\"allowed\"")}) {
        const std::size_t k = t.find(key);
        if (k == std::string_view::npos) continue;
        const std::size_t lo = k > 200 ? k - 200 : 0;
        const std::size_t open = t.substr(lo, k - lo).rfind('{');
        if (open != std::string_view::npos) return object_at(t, lo + open);
    }
    return {};
}

// The string value of the first `"key"` at or after `from` (and before `limit`) in unescaped JSON text;
// empty when absent or cut short (a value that runs to the end of the paste or of its line is not trusted).
std::string string_after(std::string_view t, std::string_view key, std::size_t from, std::size_t limit) {
    const std::size_t k = t.find(key, from);
    if (k == std::string_view::npos || k >= limit) return {};
    std::size_t i = k + key.size();
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    if (i >= t.size() || t[i] != ':') return {};
    ++i;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    if (i >= t.size() || t[i] != '"') return {};
    const std::size_t s = ++i;
    while (i < t.size() && t[i] != '"' && t[i] != '\n') ++i;
    if (i >= t.size() || t[i] != '"') return {};
    return std::string(t.substr(s, i - s));
}

// A decoded message that is not a whole JSON document (the paste stops inside it, or it is quoted inside
// another JSON string): its fields read one by one after `"allowed": false`.
std::optional<denial> scan_fields(std::string_view text) {
    std::string unescaped;
    std::string_view t = text;
    if (t.find("\\\"allowed\\\"") != std::string_view::npos) {  // {\"allowed\":false,...} inside a string
        unescaped.reserve(t.size());
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '\\' && i + 1 < t.size() && (t[i + 1] == '"' || t[i + 1] == '\\')) ++i;
            unescaped += t[i];
        }
        t = unescaped;
    }
    const std::size_t a = t.find("\"allowed\"");
    if (a == std::string_view::npos) return std::nullopt;
    std::size_t v = a + 9;
    while (v < t.size() && (t[v] == ' ' || t[v] == ':')) ++v;
    if (t.substr(v, 5) != "false") return std::nullopt;
    const std::size_t ctx = t.find("\"context\"", a);
    if (ctx == std::string_view::npos || ctx - a > 20000) return std::nullopt;
    const std::size_t limit = std::min(t.size(), ctx + 4000);
    denial d;
    d.line = 1;
    d.end_line = 1;
    d.action = string_after(t, "\"action\"", ctx, limit);
    if (!d.action.empty() && d.action.find(':') == std::string::npos) {
        // Some messages name the operation alone ("RunInstances"); the matched statements name the action.
        const std::size_t actions = t.find("\"actions\"", a);
        const std::string qualified = actions < ctx ? string_after(t, "\"value\"", actions, ctx) : std::string();
        const std::size_t c = qualified.find(':');
        d.action = c != std::string::npos && qualified.substr(c + 1) == d.action ? qualified : std::string();
    }
    if (const std::size_t c = d.action.find(':'); c != std::string::npos) {
        for (std::size_t i = 0; i < c; ++i) d.action[i] = lower(d.action[i]);
        d.service = d.action.substr(0, c);
    }
    const std::size_t principal = t.find("\"principal\"", ctx);
    if (principal != std::string_view::npos && principal < limit) d.principal.arn = string_after(t, "\"arn\"", principal, limit);
    const std::string res = string_after(t, "\"resource\"", ctx, limit);
    if (!res.empty()) d.resource = res;
    if (d.action.empty() && d.principal.arn.empty()) return std::nullopt;
    d.reason = "unspecified";
    return d;
}

}  // namespace

std::optional<denial> parse_decoded_message(std::string_view text) {
    const std::string_view t = find_document(trim(text));
    if (t.empty() || t.front() != '{') return scan_fields(text);
    json doc = json::parse(t.begin(), t.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return scan_fields(text);
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
