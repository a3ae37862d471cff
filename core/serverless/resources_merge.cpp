// SPDX-License-Identifier: MIT
// mergeCustomProviderResources (merge-custom-provider-resources.js): `resources.Resources` is
// lodash-merged into the generated template (lists merge by index), then `resources.extensions`
// shallow-assigns Properties; finally null properties are stripped.
#include "serverless/context.hpp"
#include "serverless/json_util.hpp"
#include "serverless/schema_keys.hpp"

namespace wd::sls {

namespace {

// merge-custom-provider-resources.js:8-10 gives a falsy `Resources` the value {}, and :22-25 lodash-merges the
// section into the template: a truthy value that is not a mapping (a string, a number, a list) replaces the
// whole generated `Resources`, so the template keeps no role and no function. The schema only warns about it
// ("must be object"), or stops the framework with configValidationMode: error.
bool replaces_generated_resources(context& ctx, const json& user, const std::string& pointer) {
    if (user.is_object() || !truthy(user)) return false;
    const std::string path = pointer_to_path(child_pointer(pointer, "Resources"));
    report_schema(ctx, "WD2092",
                  "`" + path + "` is not a mapping: the framework's merge replaces the whole generated `Resources` with it, "
                  "so the template has no execution role and no function (and CloudFormation refuses it)",
                  child_pointer(pointer, "Resources"), json{{"path", path}});
    ctx.resources = json::object();
    return true;
}

void merge_one(context& ctx, const json& resources_section, const std::string& pointer) {
    const json& user = member(resources_section, "Resources");
    if (replaces_generated_resources(ctx, user, pointer)) return;
    if (user.is_object())
        for (auto it = user.begin(); it != user.end(); ++it) {
            // stripNullPropsFromTemplateResources reads `.Properties` of every resource: a null one crashes it.
            if (it.value().is_null()) {
                ctx.error("WD2032", "resource `" + it.key() + "` under resources.Resources is empty (null): the framework fails with "
                                    "\"TypeError: Cannot read properties of null\"",
                          child_pointer(child_pointer(pointer, "Resources"), it.key()), json{{"resource", it.key()}});
                continue;
            }
            // The schema wants DependsOn as a list of strings: a single name becomes a one-item list, a number
            // or a boolean its text (Ajv coercion).
            if (it.value().is_object() && it.value().contains("DependsOn") && !it.value()["DependsOn"].is_object() &&
                ajv_depends_on(it.value()["DependsOn"]) != it.value()["DependsOn"]) {
                json copy = it.value();
                copy["DependsOn"] = ajv_depends_on(copy["DependsOn"]);
                lodash_merge(ctx.resources[it.key()], copy);
                continue;
            }
            lodash_merge(ctx.resources[it.key()], it.value());
        }
    const json& extensions = member(resources_section, "extensions");
    if (!extensions.is_object()) return;
    for (auto it = extensions.begin(); it != extensions.end(); ++it) {
        std::string ep = child_pointer(child_pointer(pointer, "extensions"), it.key());
        if (!ctx.resources.contains(it.key())) {
            ctx.error("WD2030", "cannot extend `" + it.key() + "` resource, as it's not found in generated stack", ep,
                      json{{"resource", it.key()}});
            continue;
        }
        if (!it.value().is_object()) continue;
        json& target = ctx.resources[it.key()];
        for (auto a = it.value().begin(); a != it.value().end(); ++a) {
            const std::string& attr = a.key();
            if (attr == "Properties") {
                if (!target["Properties"].is_object()) target["Properties"] = json::object();
                if (a.value().is_object())
                    for (auto p = a.value().begin(); p != a.value().end(); ++p) target["Properties"][p.key()] = p.value();
            } else if (attr == "DependsOn") {
                json deps = target.contains("DependsOn") ? target["DependsOn"] : json::array();
                if (!deps.is_array()) deps = json::array({deps});
                if (!a.value().is_object())
                    for (auto& d : ajv_depends_on(a.value())) deps.push_back(std::move(d));
                else deps.push_back(a.value());
                target["DependsOn"] = deps;
            } else if (attr == "CreationPolicy" || attr == "DeletionPolicy" || attr == "UpdatePolicy" ||
                       attr == "UpdateReplacePolicy" || attr == "Condition" || attr == "Metadata") {
                target[attr] = a.value();
            } else {
                ctx.error("WD2031", "`" + attr + "` cannot be set on `" + it.key() + "` through resources.extensions",
                          child_pointer(ep, attr), json{{"resource", it.key()}, {"attribute", attr}});
            }
        }
    }
}

void strip_null_keys(json& v, int depth = 0) {
    if (depth > 256) return;  // the YAML reader's depth limit is lower; this only guards the recursion
    if (v.is_object()) {
        json cleaned = json::object();
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (it.value().is_null()) continue;
            strip_null_keys(it.value(), depth + 1);
            cleaned[it.key()] = std::move(it.value());
        }
        v = std::move(cleaned);
    } else if (v.is_array()) {
        for (auto& x : v) strip_null_keys(x, depth + 1);
    }
}

}  // namespace

void merge_custom_resources(context& ctx) {
    const json& resources = member(ctx.config(), "resources");
    if (resources.is_array()) {
        for (std::size_t i = 0; i < resources.size(); ++i) merge_one(ctx, resources[i], child_pointer("/resources", i));
    } else if (resources.is_object()) {
        merge_one(ctx, resources, "/resources");
    }
    // stripNullPropsFromTemplateResources: every null-valued key at any depth of Properties goes (a Sid: ~, a
    // condition value of ~). In a list, `delete` leaves a hole that JSON.stringify writes as null, so list
    // items stay.
    for (auto& r : ctx.resources)
        if (r.is_object() && r.contains("Properties") && r["Properties"].is_object()) strip_null_keys(r["Properties"]);
}

}  // namespace wd::sls
