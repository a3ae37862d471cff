// SPDX-License-Identifier: MIT
#include "yaml/short_tags.hpp"

#include <array>
#include <string_view>

#include "yaml/scalar.hpp"

namespace wd::yaml {

namespace {
// The short forms the Serverless Framework's YAML schema knows (@serverless/utils cloudformation-schema.js):
// 17 tags with `Ref` and `Condition`, which keep their bare names. The newer CloudFormation ones (!Transform,
// !Length, !ToJsonString, !ForEach) are "unknown tag" parse errors there, so they are here too.
constexpr std::array<std::string_view, 15> fn_tags = {
    "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
    "And",    "Equals", "If",      "Not",    "Or"};
}  // namespace

// YAML's core tags (`!!int`, `!!seq`, ...): the framework's schema extends js-yaml's default one, so each resolves
// as js-yaml resolves it (@serverless/utils cloudformation-schema.js, `yaml.DEFAULT_SCHEMA.extend`).
tag_result apply_core_tag(std::string_view type, json value, bool scalar) {
    if (type == "str") return {true, value.is_string() ? value : json(value.dump())};
    if (type == "seq") return {value.is_array(), std::move(value)};
    if (type == "map") return {value.is_object(), std::move(value)};
    if (type == "set") {
        // A mapping whose values are all null (`!!set {a, b}`): a JavaScript object with null values.
        bool ok = value.is_object();
        if (ok)
            for (const auto& [k, v] : value.items()) ok = ok && v.is_null();
        return {ok, std::move(value)};
    }
    if (!scalar || !value.is_string()) return {false, std::move(value)};
    auto resolved = resolve_core_scalar(type, value.get<std::string>());
    if (!resolved) return {false, std::move(value)};
    return {true, std::move(*resolved)};
}

tag_result apply_short_tag(const std::string& tag, json value, bool scalar) {
    constexpr std::string_view core = "tag:yaml.org,2002:";
    if (std::string_view(tag).substr(0, core.size()) == core)
        return apply_core_tag(std::string_view(tag).substr(core.size()), std::move(value), scalar);
    if (tag.size() < 2 || tag[0] != '!') return {false, std::move(value)};
    std::string_view name(tag);
    name.remove_prefix(1);
    if (name == "Ref") return {true, json{{"Ref", std::move(value)}}};
    if (name == "Condition") return {true, json{{"Condition", std::move(value)}}};
    for (auto fn : fn_tags) {
        if (name != fn) continue;
        if (fn == "GetAtt" && scalar && value.is_string()) {
            // `!GetAtt Resource.Attribute` -> ["Resource", "Attribute"], split at the first dot.
            const std::string s = value.get<std::string>();
            auto dot = s.find('.');
            json parts = dot == std::string::npos ? json::array({s})
                                                  : json::array({s.substr(0, dot), s.substr(dot + 1)});
            return {true, json{{"Fn::GetAtt", std::move(parts)}}};
        }
        if (fn == "GetAZs" && value.is_null()) value = "";
        return {true, json{{"Fn::" + std::string(fn), std::move(value)}}};
    }
    return {false, std::move(value)};
}

}  // namespace wd::yaml
