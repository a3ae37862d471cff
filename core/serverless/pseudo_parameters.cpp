// SPDX-License-Identifier: MIT
// serverless-pseudo-parameters (2.6.1, lib/index.js): once `resources` is merged
// (after:aws:package:finalize:mergeCustomProviderResources) every string of the template holding `#{X}` becomes
// `Fn::Sub` with `${X}`, so `arn:aws:sqs:#{AWS::Region}:#{AWS::AccountId}:q` names the stack's own region and
// account. Older configs still list it; without it that text would be read as a literal ARN that matches nothing.
#include <cctype>
#include <string>
#include <string_view>

#include "serverless/context.hpp"

namespace wd::sls {
namespace {

struct pseudo_options {
    bool replace_regions = false;  // custom.pseudoParameters.skipRegionReplace: false (default true: skip)
    bool any_reference = true;     // custom.pseudoParameters.allowReferences (default true): `#{Res.Attr}` too
};

// The region names the plugin knows (its regions()): with skipRegionReplace false, the first one in a string
// becomes `#{AWS::Region}` (JavaScript `replace` with a non-global regex: the leftmost match only).
std::string replace_first_region(const std::string& value) {
    static constexpr std::string_view names[] = {"ap-northeast-1", "ap-northeast-2", "ap-south-1",   "ap-southeast-1", "ap-southeast-2",
                                                 "ca-central-1",   "eu-central-1",   "eu-west-1",    "eu-west-2",      "eu-west-3",
                                                 "sa-east-1",      "us-east-1",      "us-east-2",    "us-west-1",      "us-west-2"};
    for (std::size_t at = 0; at < value.size(); ++at)
        for (std::string_view n : names)
            if (value.compare(at, n.size(), n) == 0) return value.substr(0, at) + "#{AWS::Region}" + value.substr(at + n.size());
    return value;
}

// Every `<open>body}` (non-empty body up to the first `}`, left to right, as the plugin's global regexes match)
// rewritten by `rewrite(body)`; `accept(body)` narrows what counts (`AWS::` and letters). `found` says whether any did.
template <class Accept, class Rewrite>
std::string replace_references(const std::string& value, std::string_view open, Accept accept, Rewrite rewrite, bool& found) {
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = value.find(open); at != std::string::npos; at = value.find(open, at + 1)) {
        if (at < from) continue;
        const std::size_t close = value.find('}', at + open.size());
        if (close == std::string::npos) break;
        const std::string body = value.substr(at + open.size(), close - at - open.size());
        if (body.empty() || !accept(body)) continue;
        out += value.substr(from, at - from) + rewrite(body);
        from = close + 1;
        found = true;
    }
    return out + value.substr(from);
}

bool is_aws_pseudo_parameter(const std::string& body) {
    if (body.size() <= 5 || body.compare(0, 5, "AWS::") != 0) return false;
    for (std::size_t i = 5; i < body.size(); ++i)
        if (!std::isalpha(static_cast<unsigned char>(body[i]))) return false;
    return true;
}

void replace_child_nodes(json& dictionary, const pseudo_options& o) {
    auto visit = [&](const std::string& key, json& slot) {
        if (slot.is_string()) {
            std::string value = slot.get<std::string>();
            if (o.replace_regions) value = replace_first_region(value);
            bool found = false;
            const std::string sub = replace_references(
                value, "#{", [&](const std::string& body) { return o.any_reference || is_aws_pseudo_parameter(body); },
                [](const std::string& body) { return "${" + body + "}"; }, found);
            if (found) slot = key == "Fn::Sub" ? json(sub) : json{{"Fn::Sub", sub}};
            // (The plugin writes the escape's result from the original string, over a Fn::Sub made just before.)
            bool escaped = false;
            const std::string literal = replace_references(
                value, "#@{", [](const std::string&) { return true; }, [](const std::string& body) { return "#{" + body + "}"; }, escaped);
            if (escaped) slot = literal;
        } else if (slot.is_object() || slot.is_array()) {
            replace_child_nodes(slot, o);
        }
    };
    if (dictionary.is_object()) {
        for (auto it = dictionary.begin(); it != dictionary.end(); ++it) visit(it.key(), it.value());
    } else if (dictionary.is_array()) {
        for (std::size_t i = 0; i < dictionary.size(); ++i) visit(std::to_string(i), dictionary[i]);
    }
}

}  // namespace

void apply_pseudo_parameters_plugin(context& ctx) {
    if (!lists_plugin(member(ctx.config(), "plugins"), "serverless-pseudo-parameters")) return;
    // The plugin reads its options with its own `get()` (lib/index.js:156-163), which steps into each level: a
    // `custom: ~` or `pseudoParameters: ~` is `null[...]`, a TypeError in its constructor, so nothing is packaged.
    const json& config = ctx.config();
    const bool null_custom = config.is_object() && config.contains("custom") && config["custom"].is_null();
    const json& outer = member(config, "custom");
    if (null_custom || (outer.is_object() && outer.contains("pseudoParameters") && outer["pseudoParameters"].is_null())) {
        const std::string where = null_custom ? "custom" : "custom.pseudoParameters";
        ctx.error("WD2056", "the framework refuses to package this: the serverless-pseudo-parameters plugin reads its options under `" + where +
                                "`, which is null (a TypeError when the plugin starts)",
                  null_custom ? "/custom" : "/custom/pseudoParameters", json{{"rule", "pseudo-parameters-null-options"}, {"plugin", "serverless-pseudo-parameters"}});
        return;
    }
    const json& custom = member(outer, "pseudoParameters");
    pseudo_options o;
    // lodash-free `get(..., default)`: a value that is present, whatever it is, replaces the default.
    if (custom.is_object() && custom.contains("skipRegionReplace")) o.replace_regions = !truthy(custom["skipRegionReplace"]);
    if (custom.is_object() && custom.contains("allowReferences")) o.any_reference = truthy(custom["allowReferences"]);
    replace_child_nodes(ctx.resources, o);
    // The statements as the framework generated them get the same rewrite, so a statement the plugin changed
    // is still traced to its line in the config, not to `resources`.
    for (auto& [id, statements] : ctx.generated_statements) replace_child_nodes(statements, o);
    ctx.info("WD2095", "`serverless-pseudo-parameters` is listed: `#{...}` in the template become `Fn::Sub` references, as the plugin does",
             "/plugins", json{{"plugin", "serverless-pseudo-parameters"}});
}

}  // namespace wd::sls
