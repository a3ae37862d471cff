// SPDX-License-Identifier: MIT
// serverless-pseudo-parameters (2.6.1, lib/index.js): once `resources` is merged
// (after:aws:package:finalize:mergeCustomProviderResources) every string of the template holding `#{X}` becomes
// `Fn::Sub` with `${X}`, so `arn:aws:sqs:#{AWS::Region}:#{AWS::AccountId}:q` names the stack's own region and
// account. Older configs still list it; without it that text would be read as a literal ARN that matches nothing.
#include <regex>
#include <string>

#include "serverless/context.hpp"

namespace wd::sls {
namespace {

struct pseudo_options {
    bool replace_regions = false;  // custom.pseudoParameters.skipRegionReplace: false (default true: skip)
    bool any_reference = true;     // custom.pseudoParameters.allowReferences (default true): `#{Res.Attr}` too
};

// The region names the plugin knows (its regions()): with skipRegionReplace false, the first one in a string
// becomes `#{AWS::Region}`.
const std::regex& region_names() {
    static const std::regex r("ap-northeast-1|ap-northeast-2|ap-south-1|ap-southeast-1|ap-southeast-2|ca-central-1|"
                              "eu-central-1|eu-west-1|eu-west-2|eu-west-3|sa-east-1|us-east-1|us-east-2|us-west-1|us-west-2");
    return r;
}

void replace_child_nodes(json& dictionary, const pseudo_options& o) {
    static const std::regex any_ref("#\\{([^}]+)\\}"), aws_ref("#\\{(AWS::[a-zA-Z]+)\\}"), escaped("#@\\{([^}]+)\\}");
    auto visit = [&](const std::string& key, json& slot) {
        if (slot.is_string()) {
            std::string value = slot.get<std::string>();
            if (o.replace_regions) value = std::regex_replace(value, region_names(), "#{AWS::Region}", std::regex_constants::format_first_only);
            const std::regex& ref = o.any_reference ? any_ref : aws_ref;
            if (std::regex_search(value, ref)) {
                const std::string sub = std::regex_replace(value, ref, "$${$1}");
                slot = key == "Fn::Sub" ? json(sub) : json{{"Fn::Sub", sub}};
            }
            // (The plugin writes the escape's result from the original string, over a Fn::Sub made just before.)
            if (std::regex_search(value, escaped)) slot = std::regex_replace(value, escaped, "#{$1}");
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
    const json& custom = member(member(ctx.config(), "custom"), "pseudoParameters");
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
