// SPDX-License-Identifier: MIT
// Finding several members of one JSON object by name. The object is ordered (a list of pairs), so each
// find() walks it again: reading a statement or a case with a find() per element was a noticeable part
// of an evaluation. bind_members walks the members once and points each named slot at its value.
#pragma once
#include <initializer_list>
#include <string_view>
#include <utility>

#include "common/json.hpp"

namespace wd {

// Slots whose name the object lacks stay as they were (callers start them at nullptr). `obj` must be an object.
inline void bind_members(const json& obj, std::initializer_list<std::pair<std::string_view, const json**>> slots) {
    for (const auto& [key, value] : obj.get_ref<const json::object_t&>())
        for (const auto& [name, slot] : slots)
            if (key == name) {
                *slot = &value;
                break;
            }
}

}  // namespace wd
