// SPDX-License-Identifier: MIT
#include "serverless/json_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "yaml/document.hpp"

namespace wd::sls {

bool deep_equal(const json& a, const json& b) {
    if (a.is_number() && b.is_number()) return a == b;
    if (a.type() != b.type()) return false;
    if (a.is_object()) {
        if (a.size() != b.size()) return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            auto other = b.find(it.key());
            if (other == b.end() || !deep_equal(it.value(), *other)) return false;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!deep_equal(a[i], b[i])) return false;
        return true;
    }
    return a == b;
}

void lodash_merge(json& dst, const json& src) {
    if (src.is_object()) {
        // A plain object merged over a non-object starts from an empty object (lodash baseMergeDeep).
        if (!dst.is_object()) dst = json::object();
        for (auto it = src.begin(); it != src.end(); ++it) lodash_merge(dst[it.key()], it.value());
        return;
    }
    if (src.is_array()) {
        if (!dst.is_array()) dst = json::array();
        for (std::size_t i = 0; i < src.size(); ++i) {
            if (i < dst.size()) lodash_merge(dst[i], src[i]);
            else {
                json fresh;
                lodash_merge(fresh, src[i]);
                dst.push_back(std::move(fresh));
            }
        }
        return;
    }
    dst = src;  // scalars (null included) replace
}

bool holds_placeholder(const json& v) {
    return v.is_string() && v.get_ref<const std::string&>().find("${") != std::string::npos;
}

bool truthy(const json& v) {
    if (v.is_null()) return false;
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number()) return v.get<double>() != 0.0;
    if (v.is_string()) return !v.get_ref<const std::string&>().empty();
    return true;
}

bool is_empty_like(const json& v) {
    if (v.is_object() || v.is_array() || v.is_string()) return v.empty();
    return true;
}

// A scan of the object's (ordered) members: json::find would first copy the key into a std::string, and
// member() is the packager's most frequent call (perf of the 100-function bench, 2026-12-02).
const json& member(const json& obj, std::string_view key) {
    static const json null_value;
    if (!obj.is_object()) return null_value;
    for (const auto& kv : obj.get_ref<const json::object_t&>())
        if (kv.first == key) return kv.second;
    return null_value;
}

bool has_key(const json& obj, std::string_view key) {
    if (!obj.is_object()) return false;
    for (const auto& kv : obj.get_ref<const json::object_t&>())
        if (kv.first == key) return true;
    return false;
}

std::string pointer_to_path(std::string_view pointer) {
    std::string out;
    std::size_t i = 0;
    while (i < pointer.size()) {
        if (pointer[i] == '/') {
            if (!out.empty()) out += '.';
            ++i;
            continue;
        }
        if (pointer[i] == '~' && i + 1 < pointer.size()) {
            out += pointer[i + 1] == '1' ? '/' : '~';
            i += 2;
            continue;
        }
        out += pointer[i++];
    }
    return out;
}

std::string child_pointer(const std::string& pointer, std::string_view token) {
    return pointer + "/" + yaml::escape_pointer_token(token);
}
std::string child_pointer(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}

void coerce_to_string(json& v) {
    if (v.is_null()) v = "";
    else if (v.is_boolean()) v = v.get<bool>() ? "true" : "false";
    else if (v.is_number()) v = js_string(v);
}

json ajv_depends_on(const json& v) {
    json list = json::array();
    for (json item : v.is_array() ? v : json::array({v})) {
        coerce_to_string(item);
        list.push_back(std::move(item));
    }
    return list;
}

}  // namespace wd::sls
