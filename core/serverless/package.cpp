// SPDX-License-Identifier: MIT
// package(): the whole pipeline in the framework's lifecycle order. See context.hpp for the steps.
#include "serverless/package.hpp"

#include <algorithm>
#include <exception>

#include "serverless/context.hpp"
#include "serverless/dotenv.hpp"
#include "serverless/schema_keys.hpp"
#include "serverless/schema_values.hpp"
#include "yaml/document.hpp"

namespace wd::sls {

bool lists_plugin(const json& plugins, std::string_view name) {
    const json& list = plugins.is_object() ? member(plugins, "modules") : plugins;
    if (!list.is_array()) return false;
    for (const auto& p : list)
        if (p.is_string() && p.get_ref<const std::string&>() == name) return true;
    return false;
}

namespace {


// Issue 8 limits. A CloudFormation stack holds at most 500 resources and every function adds at least
// two (the function and its log group), so a one-stack service has at most 250 functions; plugins that
// split the template into nested stacks go further, hence room for 2000 (the benchmark packages 1000). IAM caps
// a role's inline policies at 10,240 characters (about 250 of the smallest statements) and a managed
// policy at 6,144, so no deployable role has 1000 statements. Past these the config is not a real
// one; analysing only the first part keeps explain's work (per denial x statements) bounded.
constexpr std::size_t max_functions = 2000;
constexpr std::size_t max_statements_per_role = 1000;
constexpr std::size_t max_statements_total = 5000;

// Keeps the first max_functions functions of the resolved config: every later step sees only those.
void limit_functions(context& ctx) {
    if (!ctx.res.config.is_object()) return;
    auto found = ctx.res.config.find("functions");
    if (found == ctx.res.config.end()) return;
    json& functions = *found;
    if (!functions.is_object() || functions.size() <= max_functions) return;
    const std::size_t count = functions.size();
    json kept = json::object();
    for (auto it = functions.begin(); it != functions.end() && kept.size() < max_functions; ++it)
        kept[it.key()] = std::move(it.value());
    functions = std::move(kept);
    ctx.warning("WD2080", "the config has " + std::to_string(count) + " functions; only the first " +
                              std::to_string(max_functions) + " are analysed",
                "/functions", json{{"count", count}, {"limit", max_functions}});
}

// Keeps at most max_statements_per_role statements per role and max_statements_total in all (roles in
// template order). The template itself keeps every statement: only what is evaluated is cut.
void limit_statements(package_result& out) {
    std::size_t total = 0, wanted = 0;
    for (auto& role : out.roles) {
        if (role.statements.size() > max_statements_per_role) {
            out.diags.push_back(make_warning(
                "WD2081",
                "role `" + role.logical_id + "` has " + std::to_string(role.statements.size()) +
                    " statements; only the first " + std::to_string(max_statements_per_role) + " are evaluated",
                "config", role.source.line, role.source.column,
                json{{"role", role.logical_id}, {"count", role.statements.size()}, {"limit", max_statements_per_role}}));
            role.statements.resize(max_statements_per_role);
        }
        wanted += role.statements.size();
        const std::size_t room = max_statements_total - std::min(total, max_statements_total);
        if (role.statements.size() > room) role.statements.resize(room);
        total += role.statements.size();
    }
    if (wanted > max_statements_total)
        out.diags.push_back(make_warning("WD2082",
                                         "the roles have " + std::to_string(wanted) +
                                             " statements in all; only the first " +
                                             std::to_string(max_statements_total) + " are evaluated",
                                         "config", 0, 0, json{{"count", wanted}, {"limit", max_statements_total}}));
}

void snapshot_generated(context& ctx) {
    for (const auto& [id, prov] : ctx.provenance) {
        (void)prov;
        if (json* st = ctx.statements_of(id)) ctx.generated_statements[id] = *st;
        const json& managed = member(member(member(ctx.resources, id), "Properties"), "ManagedPolicyArns");
        ctx.generated_managed[id] = managed.is_array() ? managed : json::array();
    }
}

void run(const yaml::document& doc, const options& opts, package_result& out) {
    if (!doc.parsed || doc.root.is_null()) return;  // the loader already reported why
    if (!doc.root.is_object()) {
        out.diags.push_back(make_error("WD2061", "the config must be a mapping at the top level", "config", 1, 1));
        return;
    }
    if (looks_like_cfn_template(doc.root)) {
        read_plain_template(doc, opts, out);
        return;
    }
    const options effective = with_dotenv(doc.root, opts, out.diags);
    context ctx(doc, effective, out.diags);
    ctx.res = resolve_variables(doc, effective, out.diags);
    ctx.stage = ctx.res.stage;
    ctx.region = ctx.res.region;
    out.stage = ctx.stage;
    out.region = ctx.region;
    out.stage_inferred = ctx.res.stage_inferred;
    out.region_inferred = ctx.res.region_inferred;
    if (out.stage_inferred)
        out.diags.push_back(make_info("WD2070", "no stage given; using the framework default `dev`", "config", 0, 0,
                                      json{{"stage", "dev"}}));
    if (out.region_inferred)
        out.diags.push_back(make_info("WD2071", "no region given; using the framework default `us-east-1`", "config", 0, 0,
                                      json{{"region", "us-east-1"}}));

    const json& service = member(ctx.config(), "service");
    if (service.is_string()) {
        ctx.service = service.get<std::string>();
    } else if (member(service, "name").is_string()) {  // v1/v2 form, an error since v3
        ctx.service = service["name"].get<std::string>();
        ctx.error("WD2066", "the object form of `service` (`service: {name: ...}`) is not supported by Serverless Framework v3: "
                            "write `service: " + ctx.service + "`", "/service");
    }
    if (ctx.service.empty()) ctx.error("WD2060", "the config has no `service` name", "/service");
    if (!member(ctx.config(), "provider").is_string() && member(ctx.provider(), "name").is_null())  // `provider: aws` is the v1 short form
        ctx.error("WD2067", "`provider.name` is missing: the framework stops with \"Invalid service configuration\" (write `name: aws`)",
                  ctx.provider().is_object() ? "/provider" : "");
    out.service = ctx.service;
    // compile/layers.js:124-130, 170: with `layers`, packaging asks CloudFormation for the deployed stack
    // (describeStacks), which needs AWS credentials; the IAM part does not depend on it.
    if (const json& layers = member(ctx.config(), "layers"); layers.is_object() && !layers.empty())
        out.diags.push_back(make_info("WD2087", "`layers`: `sls package` reads the deployed stack with AWS credentials and fails offline; the IAM part does not depend on it",
                                      "config", 0, 0));
    // package/lib/package-service.js: a `package.artifact` given as an `s3://` URL (the service's or a function's) is
    // downloaded by `sls package`, which needs AWS; the IAM part does not depend on it.
    {
        auto s3_artifact = [](const json& pkg) {
            const json& a = member(pkg, "artifact");
            return a.is_string() && a.get<std::string>().rfind("s3://", 0) == 0;
        };
        bool any = s3_artifact(member(ctx.config(), "package"));
        if (const json& fns = member(ctx.config(), "functions"); fns.is_object())
            for (auto it = fns.begin(); it != fns.end(); ++it) any = any || s3_artifact(member(it.value(), "package"));
        if (any)
            out.diags.push_back(make_info("WD2087", "`package.artifact` is an `s3://` URL: `sls package` downloads it with AWS credentials "
                                                    "and fails offline; the IAM part does not depend on it",
                                          "config", 0, 0));
    }
    // configuration/is-dashboard-enabled.js: `org` and `app` turn the Dashboard on (unless monitoring is off); its
    // plugin then needs a login to package, and adds the `EnterpriseLogAccessIamRole` role
    // (inject-logs-iam-role.js) for the Dashboard's log access. That role is not part of this analysis.
    if (truthy(member(ctx.config(), "org")) && truthy(member(ctx.config(), "app")) &&
        !truthy(member(member(ctx.config(), "dashboard"), "disableMonitoring")))
        ctx.info("WD2090", "`org` and `app` turn on Serverless Dashboard: the framework needs a login (`serverless login`) to "
                           "package, and adds the role `EnterpriseLogAccessIamRole` for the Dashboard's log access, which is not "
                           "shown here", "/app");
    ctx.plugin = lists_plugin(member(ctx.config(), "plugins"), "serverless-iam-roles-per-function");
    // plugin-manager.js:86-91, 137 loads every listed module, duplicates included; the second instance's schema
    // definition throws (config-schema-handler/index.js:218-224).
    if (const json& listed = member(ctx.config(), "plugins"); listed.is_array()) {
        int copies = 0;
        for (const auto& p : listed) copies += p == "serverless-iam-roles-per-function";
        if (copies > 1)
            ctx.error("WD2056", "the framework refuses to package this: `serverless-iam-roles-per-function` is listed twice under "
                                "`plugins` (\"Property 'custom.serverless-iam-roles-per-function' already have a definition\")",
                      "/plugins", json{{"rule", "plugin-listed-twice"}});
    }
    out.uses_per_function_plugin = ctx.plugin;
    out.uses_pseudo_parameters_plugin = lists_plugin(member(ctx.config(), "plugins"), "serverless-pseudo-parameters");
    ctx.strict_validation = member(ctx.config(), "configValidationMode") == "error";
    check_framework_version(ctx);
    check_unknown_properties(ctx);
    check_schema_values(ctx);
    const json& provider_name = member(ctx.provider(), "name");
    // Another provider's plugin packages the service (the framework loads no AWS plugin, plugin-manager.js:97-108):
    // no CloudFormation template, so no IAM role to analyse.
    if (provider_name.is_string() && provider_name != "aws") {
        ctx.error("WD2064", "provider `" + provider_name.get<std::string>() +
                                "` is not AWS: the framework makes no CloudFormation template for it, so there is no IAM role to analyse",
                  "/provider/name", json{{"provider", provider_name}});
        return;
    }
    limit_functions(ctx);
    // `functions:` as a list of mappings (often `- ${file(./fns.yml)}`): service.js mergeArrays folds them into one
    // with lodash `_.merge`, so a function named in two items gets the settings of both, lists merged by index.
    if (ctx.res.config.is_object() && ctx.res.config.contains("functions") && ctx.res.config["functions"].is_array()) {
        json merged = json::object();
        bool mappings = true;
        const json& list = ctx.res.config["functions"];
        for (std::size_t i = 0; i < list.size() && mappings; ++i) {
            if (list[i].is_null()) continue;
            if (!list[i].is_object()) {
                mappings = false;
                break;
            }
            lodash_merge(merged, list[i]);
            for (auto it = list[i].begin(); it != list[i].end(); ++it) {
                const std::string token = yaml::escape_pointer_token(it.key());
                ctx.res.aliases.emplace_back("/functions/" + token, "/functions/" + std::to_string(i) + "/" + token);
            }
        }
        if (mappings) ctx.res.config["functions"] = std::move(merged);
    }
    const json& functions = member(ctx.config(), "functions");
    if (functions.is_object()) {
        for (auto it = functions.begin(); it != functions.end(); ++it) {
            const std::string fp = "/functions/" + yaml::escape_pointer_token(it.key());
            // service.js drops a function with no settings (`api:`); compile/functions.js wants an object with
            // a handler or an image.
            if (it.value().is_null()) {
                ctx.info("WD2068", "function `" + it.key() + "` has no settings; the framework leaves it out", fp);
                continue;
            }
            if (!it.value().is_object()) {
                ctx.error("WD2068", "function `" + it.key() + "` must be a mapping of settings (the framework stops with "
                                    "\"Unexpected function configuration\")", fp);
                continue;
            }
            if (member(it.value(), "handler").is_null() && member(it.value(), "image").is_null())
                ctx.error("WD2069", "function `" + it.key() + "` needs a `handler` or an `image`", fp);
            ctx.function_keys.push_back(it.key());
        }
    } else if (!functions.is_null()) {
        ctx.error("WD2065", "`functions` must be a mapping of function names to settings", "/functions");
    }

    coerce_schema_lists(ctx);
    ctx.index_functions();  // the config no longer changes shape from here on
    build_shared_role(ctx);          // package:setupProviderConfiguration
    compile_functions(ctx);          // package:compileFunctions
    check_function_images(ctx);      // ... its image resolution (compile/functions.js:171)
    compile_events(ctx);             // package:compileEvents
    apply_per_function_plugin(ctx);  // before:package:finalize
    snapshot_generated(ctx);
    merge_custom_resources(ctx);     // package:finalize
    apply_pseudo_parameters_plugin(ctx);  // after:aws:package:finalize:mergeCustomProviderResources
    collect_roles(ctx, out);

    out.cfn_template = json::object();
    out.cfn_template["AWSTemplateFormatVersion"] = "2010-09-09";
    out.cfn_template["Description"] = "The AWS CloudFormation template for this Serverless application";
    out.cfn_template["Resources"] = std::move(ctx.resources);
    out.resolved_config = std::move(ctx.res.config);
}

}  // namespace

package_result package(const yaml::document& config, const options& opts) {
    package_result out;
    try {
        run(config, opts, out);
        limit_statements(out);
    } catch (const std::exception& e) {
        // INVARIANT: no step throws on user input; reaching here is a bug, reported as a diagnostic.
        out.diags.push_back(make_error("WD2099", std::string("internal error while packaging: ") + e.what(), "config"));
    }
    if (out.stage.empty()) out.stage = opts.stage.value_or("dev");
    if (out.region.empty()) out.region = opts.region.value_or("us-east-1");
    if (!out.cfn_template.contains("Resources"))
        out.cfn_template = json{{"AWSTemplateFormatVersion", "2010-09-09"}, {"Resources", json::object()}};
    return out;
}

}  // namespace wd::sls
