// SPDX-License-Identifier: MIT
#include "api/input.hpp"

namespace wd::api {

namespace {
diagnostic wrong_type(const char* field, const char* expected) {
    return make_error("WD9002", std::string("input field `") + field + "` must be " + expected, "request", 0, 0,
                      json{{"field", field}, {"expected", expected}});
}
}  // namespace

std::optional<std::string> optional_string(const json& input, const char* field, diagnostics& diags) {
    if (!input.is_object()) return std::nullopt;
    auto it = input.find(field);
    if (it == input.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) {
        auto s = it->get<std::string>();
        if (s.empty()) return std::nullopt;
        return s;
    }
    if (it->is_number_integer()) return it->dump();  // an account id given as a number
    diags.push_back(wrong_type(field, "a string"));
    return std::nullopt;
}

std::string string_or_empty(const json& input, const char* field, diagnostics& diags) {
    if (!input.is_object()) return {};
    auto it = input.find(field);
    if (it == input.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    diags.push_back(wrong_type(field, "a string"));
    return {};
}

std::map<std::string, std::string> string_map(const json& input, const char* field, diagnostics& diags) {
    std::map<std::string, std::string> out;
    if (!input.is_object()) return out;
    auto it = input.find(field);
    if (it == input.end() || it->is_null()) return out;
    if (!it->is_object()) {
        diags.push_back(wrong_type(field, "an object of strings"));
        return out;
    }
    for (auto kv = it->begin(); kv != it->end(); ++kv) {
        if (kv.value().is_string()) out[kv.key()] = kv.value().get<std::string>();
        else diags.push_back(wrong_type(field, "an object of strings"));
    }
    return out;
}

bool bool_or_false(const json& input, const char* field, diagnostics& diags) {
    if (!input.is_object()) return false;
    auto it = input.find(field);
    if (it == input.end() || it->is_null()) return false;
    if (it->is_boolean()) return it->get<bool>();
    diags.push_back(wrong_type(field, "a boolean"));
    return false;
}

}  // namespace wd::api
