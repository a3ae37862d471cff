// SPDX-License-Identifier: MIT
#include "iam/request_context.hpp"

#include "iam/glob.hpp"

namespace wd::iam {

std::string lower_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

std::string scalar_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number()) return v.dump();
    return {};
}

request_context request_context::from_json(const json& context) {
    request_context ctx;
    if (!context.is_object()) return ctx;
    for (auto it = context.begin(); it != context.end(); ++it) {
        std::vector<std::string> values;
        bool multi = it.value().is_array();
        if (multi) {
            for (const auto& v : it.value()) values.push_back(scalar_text(v));
        } else if (!it.value().is_null()) {
            values.push_back(scalar_text(it.value()));
        } else {
            // null: the request does not carry the key, for sure (not "unknown": a condition on it is decided)
            ctx.mark_never_present(lower_copy(it.key()));
            continue;
        }
        ctx.set(it.key(), std::move(values), multi);
    }
    return ctx;
}

const context_value* request_context::find(std::string_view key_lower) const noexcept {
    for (const auto& e : entries_)
        if (e.key_lower == key_lower) return &e;
    return nullptr;
}

void request_context::set(std::string key, std::vector<std::string> values, bool multi) {
    std::string lower = lower_copy(key);
    for (auto& e : entries_) {
        if (e.key_lower == lower) {
            e.key = std::move(key);
            e.values = std::move(values);
            e.multi = multi;
            return;
        }
    }
    entries_.push_back(context_value{std::move(key), std::move(lower), std::move(values), multi});
}

void request_context::append(std::string key, std::string key_lower, std::vector<std::string> values, bool multi) {
    entries_.push_back(context_value{std::move(key), std::move(key_lower), std::move(values), multi});
}

void request_context::append_role_session_userid(const std::string& session) {
    entries_.push_back(context_value{"aws:userid", "aws:userid", {":" + session}, false});
    entries_.back().unknown_role_id_prefix = true;
}

void request_context::erase(std::string_view key_lower) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->key_lower == key_lower) {
            entries_.erase(it);
            return;
        }
    }
}

json request_context::to_json() const {
    json j = json::object();
    for (const auto& e : entries_) {
        if (e.multi) j[e.key] = e.values;
        else if (e.unknown_role_id_prefix) j[e.key] = "<role id>" + (e.values.empty() ? std::string() : e.values[0]);
        else j[e.key] = e.values.empty() ? json(nullptr) : json(e.values[0]);
    }
    return j;
}

}  // namespace wd::iam
