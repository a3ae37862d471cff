// SPDX-License-Identifier: MIT
#include "serverless/schema_keys.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

#include "serverless/json_util.hpp"
#include "serverless/variables.hpp"
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

// The closed property sets of the function events' object forms (each event's defineFunctionEvent schema in
// serverless 3.40.0 `lib/plugins/aws/package/compile/events/`, additionalProperties: false). eventBridge is open.
struct event_keys {
    std::string_view event;
    std::vector<std::string_view> keys;
};
const std::vector<event_keys>& event_body_keys() {
    static const std::vector<event_keys> table = {
    {"activemq", {"arn", "basicAuthArn", "batchSize", "enabled", "filterPatterns", "maximumBatchingWindow", "queue"}},
    {"alb", {"authorizer", "conditions", "healthCheck", "listenerArn", "multiValueHeaders", "priority", "targetGroupName"}},
    {"alexaSkill", {"appId", "enabled"}},
    {"alexaSmartHome", {"appId", "enabled"}},
    {"cloudFront", {"behavior", "cachePolicy", "eventType", "includeBody", "isDefaultOrigin", "origin", "pathPattern"}},
    {"cloudwatchEvent", {"description", "enabled", "event", "input", "inputPath", "inputTransformer", "name"}},
    {"cloudwatchLog", {"filter", "logGroup"}},
    {"cognitoUserPool", {"existing", "forceDeploy", "kmsKeyId", "pool", "trigger"}},
    {"http", {"async", "authorizer", "connectionId", "connectionType", "cors", "integration", "method", "operationId", "path", "private", "request", "response"}},
    {"httpApi", {"authorizer", "method", "path"}},
    {"iot", {"description", "enabled", "name", "sql", "sqlVersion"}},
    {"iotFleetProvisioning", {"enabled", "provisioningRoleArn", "templateBody", "templateName"}},
    {"kafka", {"accessConfigurations", "batchSize", "bootstrapServers", "consumerGroupId", "enabled", "filterPatterns", "maximumBatchingWindow", "startingPosition", "startingPositionTimestamp", "topic"}},
    {"msk", {"arn", "batchSize", "consumerGroupId", "enabled", "filterPatterns", "maximumBatchingWindow", "saslScram512", "startingPosition", "startingPositionTimestamp", "topic"}},
    {"rabbitmq", {"arn", "basicAuthArn", "batchSize", "enabled", "filterPatterns", "maximumBatchingWindow", "queue", "virtualHost"}},
    {"s3", {"bucket", "event", "existing", "forceDeploy", "rules"}},
    {"schedule", {"description", "enabled", "input", "inputPath", "inputTransformer", "method", "name", "rate", "timezone"}},
    {"sns", {"arn", "displayName", "filterPolicy", "filterPolicyScope", "redrivePolicy", "topicName"}},
    {"sqs", {"arn", "batchSize", "enabled", "filterPatterns", "functionResponseType", "maximumBatchingWindow", "maximumConcurrency"}},
    {"stream", {"arn", "batchSize", "batchWindow", "bisectBatchOnFunctionError", "consumer", "destinations", "enabled", "filterPatterns", "functionResponseType", "maximumRecordAgeInSeconds", "maximumRetryAttempts", "parallelizationFactor", "startingPosition", "startingPositionTimestamp", "tumblingWindowInSeconds", "type"}},
    {"websocket", {"authorizer", "route", "routeResponseSelectionExpression"}},
    };
    return table;
}

template <std::size_t N>
bool known(const std::array<std::string_view, N>& keys, const std::string& k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
}


bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Unknown keys in an event's object form (`sqs: {arn, batchsize}`): the framework reports them at
// `functions.<f>.events.<i>.<event>`. A key that differs from a known one only in case names it.
template <typename Report>
void check_event_bodies(const std::string& function, const json& events, Report&& report) {
    if (!events.is_array()) return;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const json& ev = events[i];
        if (!ev.is_object() || ev.size() != 1 || !ev.begin().value().is_object()) continue;
        const std::string& type = ev.begin().key();
        const auto& table = event_body_keys();
        auto rule = std::find_if(table.begin(), table.end(), [&](const event_keys& e) { return e.event == type; });
        if (rule == table.end()) continue;
        const std::string where = "functions." + function + ".events." + std::to_string(i) + "." + type;
        const std::string pointer = "/functions/" + yaml::escape_pointer_token(function) + "/events/" + std::to_string(i) +
                                    "/" + yaml::escape_pointer_token(type);
        const json& body = ev.begin().value();
        for (auto it = body.begin(); it != body.end(); ++it) {
            if (std::find(rule->keys.begin(), rule->keys.end(), it.key()) != rule->keys.end()) continue;
            std::string hint;
            for (std::string_view k : rule->keys)
                if (same_ignoring_case(k, it.key())) hint = std::string(k);
            report(where, it.key(), pointer + "/" + yaml::escape_pointer_token(it.key()), hint);
        }
    }
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
    auto report = [&](const std::string& where, const std::string& key, const std::string& pointer,
                      const std::string& suggestion = std::string()) {
        const std::string msg = "configuration " + std::string(ctx.strict_validation ? "error" : "warning") + " at `" + where +
                                "`: unrecognized property '" + key + "'" +
                                (suggestion.empty() ? "" : " (did you mean `" + suggestion + "`?)") +
                                (ctx.strict_validation ? " (configValidationMode: error stops the framework)" : "");
        json args{{"property", key}, {"at", where}};
        if (!suggestion.empty()) args["suggestion"] = suggestion;
        // The finding is the key itself, so it points at the key (the value may be a block lines below).
        int line = 0, column = 0;
        ctx.position(pointer, line, column);
        if (const auto* s = ctx.doc.span_of(original_pointer(ctx.res, pointer)); s && s->key.line > 0) {
            line = s->key.line;
            column = s->key.column;
        }
        ctx.diags.push_back(ctx.strict_validation ? make_error("WD2016", msg, "config", line, column, std::move(args))
                                                  : make_warning("WD2016", msg, "config", line, column, std::move(args)));
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
            check_event_bodies(f.key(), member(f.value(), "events"), report);
        }
    const json& plugin_custom = member(member(cfg, "custom"), "serverless-iam-roles-per-function");
    if (ctx.plugin && plugin_custom.is_object())
        for (auto it = plugin_custom.begin(); it != plugin_custom.end(); ++it)
            if (!known(plugin_custom_keys, it.key()))
                report("custom.serverless-iam-roles-per-function", it.key(),
                       child("/custom/serverless-iam-roles-per-function", it.key()));
}

}  // namespace wd::sls
