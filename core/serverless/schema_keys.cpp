// SPDX-License-Identifier: MIT
#include "serverless/schema_keys.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "serverless/json_util.hpp"
#include "yaml/document.hpp"

namespace wd::sls {

namespace {

// Property names of the schema Serverless Framework 3.40.0 validates with (its configSchemaHandler.schema once
// the AWS provider is defined; additionalProperties: false at these levels).
constexpr std::array<std::string_view, 21> root_keys = {
    "configValidationMode", "console", "custom", "dashboard", "deprecationNotificationMode", "disabledDeprecations",
    "frameworkVersion", "functions", "package", "params", "plugins", "projectDir", "provider", "service", "useDotenv",
    "variablesResolutionMode", "resources", "layers", "org", "app", "outputs"};
constexpr std::array<std::string_view, 51> provider_keys = {
    "name", "alb", "apiGateway", "apiName", "architecture", "cfnRole", "cloudFront", "deploymentBucket",
    "deploymentPrefix", "disableRollback", "endpointType", "environment", "eventBridge", "httpApi", "iam",
    "iamManagedPolicies", "iamRoleStatements", "ecr", "kmsKeyArn", "lambdaHashingVersion", "layers",
    "logRetentionInDays", "logDataProtectionPolicy", "logs", "memorySize", "notificationArns", "profile", "region",
    "role", "rolePermissionsBoundary", "rollbackConfiguration", "runtime", "runtimeManagement", "deploymentMethod", "s3",
    "stage", "stackName", "stackParameters", "stackPolicy", "stackTags", "tags", "timeout", "tracing", "vpc",
    "vpcEndpointIds", "versionFunctions", "websocket", "websocketsApiName", "kinesis",
    "websocketsApiRouteSelectionExpression", "websocketsDescription"};
constexpr std::array<std::string_view, 36> function_keys = {
    "name", "events", "architecture", "awsKmsKeyArn", "condition", "dependsOn", "description", "destinations",
    "disableLogs", "environment", "ephemeralStorageSize", "fileSystemConfig", "handler", "image", "kmsKeyArn",
    "snapStart", "layers", "logRetentionInDays", "logDataProtectionPolicy", "maximumEventAge", "maximumRetryAttempts",
    "memorySize", "onError", "package", "provisionedConcurrency", "reservedConcurrency", "role", "runtime",
    "runtimeManagement", "tags", "timeout", "tracing", "url", "versionFunction", "vpc", "httpApi"};
// serverless-iam-roles-per-function 3.2.0 adds these function properties and its `custom` block.
constexpr std::array<std::string_view, 4> plugin_function_keys = {"iamRoleStatementsInherit", "iamRoleStatementsName",
                                                                  "iamPermissionsBoundary", "iamRoleStatements"};
constexpr std::array<std::string_view, 2> plugin_custom_keys = {"defaultInherit", "iamGlobalPermissionsBoundary"};

template <std::size_t N>
bool known(const std::array<std::string_view, N>& keys, const std::string& k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
}

}  // namespace

bool schema_is_known(const json& cfg) {
    if (!cfg.is_object()) return false;
    const json& plugins = member(cfg, "plugins");
    if (plugins.is_array())
        for (const auto& p : plugins)
            if (!(p.is_string() && p == "serverless-iam-roles-per-function")) return false;
    return true;
}

void report_schema(context& ctx, const std::string& code, const std::string& message, const std::string& pointer, json args) {
    if (ctx.strict_validation) ctx.error(code, message, pointer, std::move(args));
    else ctx.warning(code, message, pointer, std::move(args));
}

void check_unknown_properties(context& ctx) {
    const json& cfg = ctx.config();
    if (!schema_is_known(cfg)) return;
    auto report = [&](const std::string& where, const std::string& key, const std::string& pointer) {
        const std::string msg = "configuration " + std::string(ctx.strict_validation ? "error" : "warning") + " at `" + where +
                                "`: unrecognized property '" + key + "'" +
                                (ctx.strict_validation ? " (configValidationMode: error stops the framework)" : "");
        report_schema(ctx, "WD2016", msg, pointer, json{{"property", key}, {"at", where}});
    };
    auto child = [](const std::string& base, const std::string& key) { return base + "/" + yaml::escape_pointer_token(key); };
    for (auto it = cfg.begin(); it != cfg.end(); ++it)
        if (!known(root_keys, it.key())) report("root", it.key(), child("", it.key()));
    const json& provider = member(cfg, "provider");
    if (provider.is_object())
        for (auto it = provider.begin(); it != provider.end(); ++it)
            if (!known(provider_keys, it.key())) report("provider", it.key(), child("/provider", it.key()));
    const json& functions = member(cfg, "functions");
    if (functions.is_object())
        for (auto f = functions.begin(); f != functions.end(); ++f) {
            if (!f.value().is_object()) continue;
            for (auto it = f.value().begin(); it != f.value().end(); ++it) {
                if (known(function_keys, it.key())) continue;
                if (ctx.plugin && known(plugin_function_keys, it.key())) continue;
                // Without the plugin these two are WD2013 (functions.cpp says why they are ignored).
                if (!ctx.plugin && (it.key() == "iamRoleStatements" || it.key() == "iam")) continue;
                report("functions." + f.key(), it.key(), child(child("/functions", f.key()), it.key()));
            }
        }
    const json& plugin_custom = member(member(cfg, "custom"), "serverless-iam-roles-per-function");
    if (ctx.plugin && plugin_custom.is_object())
        for (auto it = plugin_custom.begin(); it != plugin_custom.end(); ++it)
            if (!known(plugin_custom_keys, it.key()))
                report("custom.serverless-iam-roles-per-function", it.key(),
                       child("/custom/serverless-iam-roles-per-function", it.key()));
}

}  // namespace wd::sls
