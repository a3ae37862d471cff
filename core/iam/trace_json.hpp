// SPDX-License-Identifier: MIT
// Helpers for building trace records quickly. nlohmann's ordered_json objects are vectors of pairs:
// reserving the size up front and appending keys known to be new avoids reallocations and the linear
// key search of operator[] -- the trace is most of an evaluation's cost.
#pragma once
#include <utility>

#include "common/json.hpp"

namespace wd::iam {

inline json trace_object(std::size_t capacity) {
    json j = json::object();
    j.get_ref<json::object_t&>().reserve(capacity);
    return j;
}

// Appends `key` (which the record does not hold yet) and returns the new value.
template <class V>
inline json& put(json& record, const char* key, V&& value) {
    auto& obj = record.get_ref<json::object_t&>();
    obj.emplace_back(key, json(std::forward<V>(value)));
    return obj.back().second;
}

}  // namespace wd::iam
