// SPDX-License-Identifier: MIT
#include "yaml/short_tags.hpp"

#include <array>
#include <string_view>

namespace wd::yaml {

namespace {
// The short forms the Serverless Framework's YAML schema knows (@serverless/utils cloudformation-schema.js):
// 17 tags with `Ref` and `Condition`, which keep their bare names. The newer CloudFormation ones (!Transform,
// !Length, !ToJsonString, !ForEach) are "unknown tag" parse errors there, so they are here too.
constexpr std::array<std::string_view, 15> fn_tags = {
    "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
    "And",    "Equals", "If",      "Not",    "Or"};
}  // namespace

tag_result apply_short_tag(const std::string& tag, json value, bool scalar) {
    if (tag == "tag:yaml.org,2002:str") return {true, value.is_string() ? value : json(value.dump())};
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
