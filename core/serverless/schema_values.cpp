// SPDX-License-Identifier: MIT
#include "serverless/schema_values.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "serverless/json_util.hpp"
#include "serverless/schema_keys.hpp"
#include "yaml/document.hpp"

namespace wd::sls {

namespace {

// plugins/aws/provider.js of Serverless Framework 3.40.0: awsLambdaRuntime's enum (newer runtimes such as
// nodejs22.x or python3.12 are not in it), awsLambdaMemorySize, awsLambdaTracing, and the event types its
// event compilers define (configSchemaHandler.defineFunctionEvent).
constexpr std::array<std::string_view, 21> runtimes = {
    "dotnet6",     "go1.x",     "java21",          "java17",    "java11",    "java8",      "java8.al2",
    "nodejs14.x",  "nodejs16.x", "nodejs18.x",     "nodejs20.x", "provided", "provided.al2", "provided.al2023",
    "python3.7",   "python3.8", "python3.9",       "python3.10", "python3.11", "ruby2.7",  "ruby3.2"};
constexpr std::array<std::string_view, 22> event_types = {
    "activemq", "alb", "alexaSkill", "alexaSmartHome", "cloudFront", "cloudwatchEvent", "cloudwatchLog", "cognitoUserPool",
    "eventBridge", "http", "httpApi", "iot", "iotFleetProvisioning", "kafka", "msk", "rabbitmq", "s3", "schedule",
    "sns", "sqs", "stream", "websocket"};
constexpr std::array<std::string_view, 2> iam_keys = {"role", "deploymentRole"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& values, const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

// `^arn:aws[a-z-]*:<service>` (the schema's pattern for KMS keys and SNS topics), or `^arn:` when service is empty.
bool arn_pattern(const std::string& v, std::string_view service) {
    if (service.empty()) return v.compare(0, 4, "arn:") == 0;
    if (v.compare(0, 7, "arn:aws") != 0) return false;
    std::size_t i = 7;
    while (i < v.size() && ((v[i] >= 'a' && v[i] <= 'z') || v[i] == '-')) ++i;
    return i < v.size() && v[i] == ':' && v.compare(i + 1, service.size(), service) == 0;
}


}  // namespace

void check_schema_values(context& ctx) {
    const json& cfg = ctx.config();
    if (!schema_is_known(cfg)) return;
    auto report = [&](const std::string& pointer, const std::string& problem, json args) {
        const std::string msg = "configuration " + std::string(ctx.strict_validation ? "error" : "warning") + " at `" +
                                pointer_to_path(pointer) + "`: " + problem + " (Serverless Framework 3.40.0's schema" +
                                (ctx.strict_validation ? "; configValidationMode: error stops the framework)" : ")");
        args["path"] = pointer_to_path(pointer);
        report_schema(ctx, "WD2088", msg, pointer, std::move(args));
    };
    auto check_runtime = [&](const json& v, const std::string& pointer) {
        if (v.is_string() && !listed(runtimes, v.get<std::string>()))
            report(pointer, "runtime `" + v.get<std::string>() + "` is not one of the runtimes this framework version knows",
                   json{{"runtime", v}});
    };
    auto check_memory = [&](const json& v, const std::string& pointer) {
        if (v.is_number() && (v.get<double>() < 128 || v.get<double>() > 10240 || v.get<double>() != static_cast<double>(v.get<long long>())))
            report(pointer, "memorySize must be an integer from 128 to 10240", json{{"memorySize", v}});
    };
    auto check_tracing = [&](const json& v, const std::string& pointer) {
        if (v.is_string() && v != "Active" && v != "PassThrough" && v != "true" && v != "false")  // (Ajv coerces the two)
            report(pointer, "tracing must be `Active`, `PassThrough` or a boolean", json{{"tracing", v}});
    };
    // A string that is no ARN of the kind (an intrinsic, an object, passes the schema's other branch).
    auto check_arn = [&](const json& v, const std::string& pointer, std::string_view service, const char* what) {
        if (v.is_string() && v.get<std::string>().find("${") == std::string::npos && !arn_pattern(v.get<std::string>(), service))
            report(pointer, std::string(what) + " `" + v.get<std::string>() + "` is not " +
                                (service.empty() ? std::string("an ARN") : "an ARN of " + std::string(service)),
                   json{{"value", v}});
    };
    const json& provider = member(cfg, "provider");
    if (provider.is_object()) {
        check_arn(member(provider, "kmsKeyArn"), "/provider/kmsKeyArn", "kms", "kmsKeyArn");
        check_arn(member(member(provider, "iam"), "deploymentRole"), "/provider/iam/deploymentRole", "", "deploymentRole");
        check_arn(member(provider, "cfnRole"), "/provider/cfnRole", "", "cfnRole");
        check_runtime(member(provider, "runtime"), "/provider/runtime");
        check_memory(member(provider, "memorySize"), "/provider/memorySize");
        check_tracing(member(member(provider, "tracing"), "lambda"), "/provider/tracing/lambda");
        const json& iam = member(provider, "iam");
        if (iam.is_object())
            for (auto it = iam.begin(); it != iam.end(); ++it)
                if (!listed(iam_keys, it.key()))
                    report("/provider/iam/" + yaml::escape_pointer_token(it.key()), "unrecognized property '" + it.key() + "'",
                           json{{"property", it.key()}});
    }
    const json& functions = member(cfg, "functions");
    if (!functions.is_object()) return;
    for (auto f = functions.begin(); f != functions.end(); ++f) {
        if (!f.value().is_object()) continue;
        const std::string fp = "/functions/" + yaml::escape_pointer_token(f.key());
        check_runtime(member(f.value(), "runtime"), fp + "/runtime");
        check_memory(member(f.value(), "memorySize"), fp + "/memorySize");
        check_tracing(member(f.value(), "tracing"), fp + "/tracing");
        check_arn(member(f.value(), "kmsKeyArn"), fp + "/kmsKeyArn", "kms", "kmsKeyArn");
        check_arn(member(f.value(), "onError"), fp + "/onError", "sns", "onError");
        const json& events = member(f.value(), "events");
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& ev = events[i];
            if (!ev.is_object() || ev.size() != 1) continue;
            if (!listed(event_types, ev.begin().key()))
                report(fp + "/events/" + std::to_string(i), "unsupported function event `" + ev.begin().key() + "`",
                       json{{"event", ev.begin().key()}});
        }
    }
}

}  // namespace wd::sls
