// SPDX-License-Identifier: MIT
#include "serverless/schema_values.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
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
// provider.region's enum (newer regions such as ap-southeast-5 or mx-central-1 are not in it).
constexpr std::array<std::string_view, 35> regions = {
    "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1",
    "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ca-central-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
    "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "sa-east-1"};
// awsLogRetentionInDays (CloudWatch Logs' PutRetentionPolicy values).
constexpr std::array<int, 21> retention_days = {1,   3,   5,   7,   14,  30,   60,   90,   120,  150, 180,
                                                365, 400, 545, 731, 1827, 2192, 2557, 2922, 3288, 3653};

// `^<first>[<rest>]+$` for the service name (`^[a-zA-Z][0-9a-zA-Z-]+$`) and the stage (`^[a-zA-Z0-9-]+$`).
bool name_pattern(const std::string& v, bool letter_first) {
    auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; };
    if (v.empty() || (letter_first && (v.size() < 2 || !((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z')))))
        return false;
    return std::all_of(v.begin(), v.end(), word);
}

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


bool http_shorthand(const std::string& v) {
    if (v == "*") return true;
    const std::size_t sp = v.find(' ');
    if (sp == std::string::npos || sp + 1 >= v.size() || v[sp + 1] != '/') return false;
    std::string method = v.substr(0, sp);
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static constexpr std::array<std::string_view, 8> methods = {"GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE", "ANY"};
    if (std::find(methods.begin(), methods.end(), method) == methods.end()) return false;
    return std::none_of(v.begin() + static_cast<std::ptrdiff_t>(sp) + 1, v.end(),
                        [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; });
}

// Closed lists the schema gives a setting (`enum`), by path; `*` is any key of a mapping or item of a list.
// plugins/aws/provider.js of 3.40.0 (line of each) and the event compilers' schemas.
struct enum_rule {
    std::string_view path;
    std::array<std::string_view, 4> allowed;  // "" pads the list
    const char* crashes = nullptr;  // where the compiler uses the value anyway: an error in either mode
};
constexpr std::array<enum_rule, 12> enum_rules = {{
    {"provider/logs/restApi/level", {"INFO", "ERROR"}},                        // provider.js:1181
    {"provider/logs/websocket/level", {"INFO", "ERROR"}},                      // provider.js:1199
    {"provider/deploymentMethod", {"changesets", "direct"}},                   // provider.js:1272
    {"functions/*/url/authorizer", {"aws_iam"}},                               // provider.js:1473
    {"functions/*/url/invokeMode", {"BUFFERED", "RESPONSE_STREAM"}},           // provider.js:1513
    {"functions/*/events/*/schedule/method", {"eventBus", "scheduler"}},       // compile/events/schedule.js:82
    {"functions/*/events/*/sqs/functionResponseType", {"ReportBatchItemFailures"}},     // compile/events/sqs.js:25
    {"functions/*/events/*/stream/functionResponseType", {"ReportBatchItemFailures"}},  // compile/events/stream.js:57
    {"functions/*/events/*/stream/type", {"dynamodb", "kinesis"}},                      // compile/events/stream.js:44
    {"functions/*/events/*/stream/startingPosition", {"LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"}},  // stream.js:47
    {"functions/*/events/*/stream/destinations/onFailure/type", {"sns", "sqs"}},        // compile/events/stream.js:69
    {"functions/*/events/*/cloudFront/eventType", {"viewer-request", "origin-request", "origin-response", "viewer-response"},
     "cloud-front.js:253 reads lambdaEdgeLimits[eventType].maxMemorySize"},
}};

// Keys the object form of an event must have (`required`), from compile/events/<event>.js. `crashes` names where
// the event compiler reads the key anyway when it is missing: the framework only warns about the schema, then
// fails with a TypeError, so that case is an error in either validation mode.
struct required_rule {
    std::string_view event, key;
    const char* crashes;  // nullptr: the framework packages on after its warning
};
constexpr std::array<required_rule, 26> required_rules = {{
    {"alb", "listenerArn", nullptr},                                            // alb/index.js:108
    {"alb", "priority", nullptr},
    {"alb", "conditions", "alb/lib/validate.js:43 reads conditions.path"},
    {"alexaSkill", "appId", nullptr},                                           // alexa-skill.js:20
    {"alexaSmartHome", "appId", nullptr},                                       // alexa-smart-home.js:24
    {"iotFleetProvisioning", "templateBody", nullptr},                          // iot-fleet-provisioning.js:24
    {"iotFleetProvisioning", "provisioningRoleArn", nullptr},
    {"websocket", "route", "lib/naming.js:237 reads route.replace"},            // websockets/index.js:81
    {"schedule", "rate", nullptr},                                              // schedule.js:90
    {"kafka", "accessConfigurations", "kafka.js:143 destructures accessConfigurations"},  // kafka.js:105
    {"kafka", "bootstrapServers", nullptr},
    {"kafka", "topic", nullptr},
    {"iot", "sql", nullptr},                                                    // iot.js:35
    {"msk", "arn", nullptr},                                                    // msk/index.js:59
    {"msk", "topic", nullptr},
    {"activemq", "arn", nullptr},                                               // activemq.js:54
    {"activemq", "basicAuthArn", nullptr},
    {"activemq", "queue", nullptr},
    {"rabbitmq", "arn", nullptr},                                               // rabbitmq.js:57
    {"rabbitmq", "basicAuthArn", nullptr},
    {"rabbitmq", "queue", nullptr},
    {"cognitoUserPool", "pool", nullptr},                                       // cognito-user-pool.js:49
    {"cognitoUserPool", "trigger", nullptr},
    {"cloudwatchLog", "logGroup", nullptr},                                     // cloud-watch-log.js:25
    {"http", "path", "api-gateway/lib/validate.js:225 reads path.replace"},     // api-gateway/index.js:212
    {"http", "method", "api-gateway/lib/validate.js:229 reads method.toLowerCase"},
}};
// (sqs `arn` and s3 `bucket` are required too; a mapping without them is WD2047 / read as the bucket.)

// An intrinsic function (`!GetAtt Q.Arn`) is the schema's other, non-object branch.
bool intrinsic(const json& v) {
    if (!v.is_object() || v.size() != 1) return false;
    const std::string& k = v.begin().key();
    return k == "Ref" || k.compare(0, 4, "Fn::") == 0;
}

// Where a checked value is: a JSON pointer, spelled out only when a check reports. The checks visit every
// function and event of the config and report almost nothing, so building each visited value's pointer up
// front was most of their time. A child refers to its parent: keep the parent alive while the child is used.
class value_path {
public:
    // An escaped pointer ("" = the root). Implicit: a check is called with the pointer it reports.
    value_path(const char* pointer) : pointer_(pointer) {}
    value_path(const std::string& pointer) : pointer_(pointer) {}
    value_path key(std::string_view k) const { return value_path(this, k, 0, false); }
    value_path item(std::size_t i) const { return value_path(this, {}, i, true); }
    std::string str() const {
        if (!parent_) return std::string(pointer_);
        return is_item_ ? child_pointer(parent_->str(), index_) : child_pointer(parent_->str(), pointer_);
    }

private:
    value_path(const value_path* parent, std::string_view k, std::size_t i, bool item)
        : parent_(parent), pointer_(k), index_(i), is_item_(item) {}
    const value_path* parent_ = nullptr;
    std::string_view pointer_;  // the whole pointer of a root, the unescaped key of a child
    std::size_t index_ = 0;
    bool is_item_ = false;
};

// Calls `visit(value, where)` for every value at `path` (segments split by '/', `*` any key or item).
template <typename Visit>
void each_at(const json& v, std::string_view path, const value_path& at, Visit&& visit) {
    if (path.empty()) return visit(v, at);
    const std::size_t slash = path.find('/');
    const std::string_view head = path.substr(0, slash);
    const std::string_view rest = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (head == "*") {
        if (v.is_object())
            for (auto it = v.begin(); it != v.end(); ++it) each_at(it.value(), rest, at.key(it.key()), visit);
        else if (v.is_array())
            for (std::size_t i = 0; i < v.size(); ++i) each_at(v[i], rest, at.item(i), visit);
        return;
    }
    if (!v.is_object()) return;
    for (const auto& kv : v.get_ref<const json::object_t&>())
        if (kv.first == head) return each_at(kv.second, rest, at.key(head), visit);
}

// Ajv's `coerceTypes: 'array'` (resolve-ajv-validate.js:41) where the schema wants a number: a one-item list is
// its item; a non-empty string JavaScript reads as a number (`+text`), a boolean and null become numbers. nullopt:
// nothing Ajv can coerce ("must be integer" / "must be number").
std::optional<double> ajv_number(const json& v) {
    if (v.is_array()) return v.size() == 1 && !v[0].is_array() ? ajv_number(v[0]) : std::nullopt;
    if (v.is_number()) return v.get<double>();
    if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
    if (v.is_null()) return 0.0;
    if (!v.is_string() || v.get<std::string>().empty()) return std::nullopt;
    std::string text = v.get<std::string>();
    const std::size_t b = text.find_first_not_of(" \t\n\r\f\v"), e = text.find_last_not_of(" \t\n\r\f\v");
    if (b == std::string::npos) return 0.0;  // `+"  "` is 0
    text = text.substr(b, e - b + 1);
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || text.find_first_of("xXpPbBoO") != std::string::npos) {
        // `+"0x1F"` is 31, `+"0b101"` 5, `+"0o17"` 15; C's hexadecimal floats (`0x1p3`) are not JavaScript's
        if (text.size() > 2 && text[0] == '0') {
            const char radix = static_cast<char>(std::tolower(static_cast<unsigned char>(text[1])));
            const char* digits = radix == 'x' ? "0123456789abcdefABCDEF" : radix == 'o' ? "01234567" : radix == 'b' ? "01" : nullptr;
            if (digits && text.find_first_not_of(digits, 2) == std::string::npos)
                return static_cast<double>(std::strtoull(text.c_str() + 2, nullptr, radix == 'x' ? 16 : radix == 'o' ? 8 : 2));
        }
        return std::nullopt;
    }
    if (text.find_first_of("iInN") != std::string::npos && text != "Infinity" && text != "+Infinity" && text != "-Infinity")
        return std::nullopt;
    return d;
}

// awsResourceTags' key pattern `^(?!aws:)[\w./=+:\-_\x20]{1,128}$` (provider.js:766-775).
bool tag_key_pattern(const std::string& k) {
    if (k.empty() || k.size() > 128 || k.compare(0, 4, "aws:") == 0) return false;
    return std::all_of(k.begin(), k.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./=+:- ", c) != nullptr;
    });
}

}  // namespace

void check_schema_values(context& ctx) {
    const json& cfg = ctx.config();
    if (!schema_is_known(cfg)) return;
    auto report = [&](const value_path& at, const std::string& problem, json args) {
        const std::string pointer = at.str();
        const std::string msg = "configuration " + std::string(ctx.strict_validation ? "error" : "warning") + " at `" +
                                pointer_to_path(pointer) + "`: " + problem + " (Serverless Framework 3.40.0's schema" +
                                (ctx.strict_validation ? "; configValidationMode: error stops the framework)" : ")");
        args["path"] = pointer_to_path(pointer);
        report_schema(ctx, "WD2088", msg, pointer, std::move(args));
    };
    // A value the framework uses (or reads) anyway and then fails on, `crashes` naming where: an error in either mode.
    auto report_crash = [&](const value_path& at, const std::string& problem, const char* uses, const char* crashes,
                            const char* arg, json value) {
        const std::string pointer = at.str();
        json args{{"path", pointer_to_path(pointer)}, {arg, std::move(value)}, {"crashes", crashes}};
        ctx.error("WD2088", "configuration " + std::string(ctx.strict_validation ? "error" : "warning") + " at `" +
                                pointer_to_path(pointer) + "`: " + problem + "; the framework " + uses + " it anyway and fails (" +
                                crashes + ")",
                  pointer, std::move(args));
    };
    auto check_runtime = [&](const json& v, const value_path& at) {
        if (v.is_string() && !listed(runtimes, v.get<std::string>()))
            report(at, "runtime `" + v.get<std::string>() + "` is not one of the runtimes this framework version knows",
                   json{{"runtime", v}});
    };
    // A setting the schema types as a number, after Ajv's coercion; absent settings and unresolved variables pass.
    auto number_setting = [&](const json& v, const value_path& at, bool integer, const char* name) -> std::optional<double> {
        if (v.is_null() || (v.is_string() && v.get<std::string>().find("${") != std::string::npos)) return std::nullopt;
        const auto n = ajv_number(v);
        if (!n || (integer && *n != std::floor(*n)))
            report(at, integer ? "must be integer" : "must be number", json{{name, v}});
        return n && (!integer || *n == std::floor(*n)) ? n : std::nullopt;
    };
    auto check_memory = [&](const json& v, const value_path& at) {
        if (const auto n = number_setting(v, at, true, "memorySize"); n && (*n < 128 || *n > 10240))
            report(at, "memorySize must be an integer from 128 to 10240", json{{"memorySize", v}});
    };
    auto check_tracing = [&](const json& v, const value_path& at) {
        if (v.is_string() && v != "Active" && v != "PassThrough" && v != "true" && v != "false")  // (Ajv coerces the two)
            report(at, "tracing must be `Active`, `PassThrough` or a boolean", json{{"tracing", v}});
    };
    // A string that is no ARN of the kind (an intrinsic, an object, passes the schema's other branch).
    auto check_arn = [&](const json& v, const value_path& at, std::string_view service, const char* what) {
        if (v.is_string() && v.get<std::string>().find("${") == std::string::npos && !arn_pattern(v.get<std::string>(), service))
            report(at, std::string(what) + " `" + v.get<std::string>() + "` is not " +
                                (service.empty() ? std::string("an ARN") : "an ARN of " + std::string(service)),
                   json{{"value", v}});
    };
    auto check_timeout = [&](const json& v, const value_path& at) {
        if (const auto n = number_setting(v, at, true, "timeout"); n && (*n < 1 || *n > 900))
            report(at, "timeout must be an integer from 1 to 900", json{{"timeout", v}});
    };
    auto check_retention = [&](const json& v, const value_path& at) {
        if (const auto n = number_setting(v, at, false, "logRetentionInDays");
            n && std::find(retention_days.begin(), retention_days.end(), *n) == retention_days.end())
            report(at, "logRetentionInDays must be one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, ... 3653)",
                   json{{"logRetentionInDays", v}});
    };
    auto check_architecture = [&](const json& v, const value_path& at) {
        if (v.is_string() && v != "arm64" && v != "x86_64")
            report(at, "architecture must be `arm64` or `x86_64`", json{{"architecture", v}});
    };
    for (const auto& rule : enum_rules)
        each_at(cfg, rule.path, "", [&](const json& v, const value_path& at) {
            if (v.is_string() && v.get<std::string>().find("${") != std::string::npos) return;
            std::string list;
            for (auto a : rule.allowed) {
                if (a.empty()) continue;
                if (v.is_string() && v.get<std::string>() == a) return;
                list += (list.empty() ? "" : ", ") + std::string(a);
            }
            const std::string problem = "must be equal to one of the allowed values [" + list + "]";
            if (!rule.crashes) return report(at, problem, json{{"value", v}});
            report_crash(at, problem, "uses", rule.crashes, "value", v);
        });
    for (const auto& rule : required_rules)
        each_at(member(cfg, "functions"), "*/events/*/" + std::string(rule.event), "/functions", [&](const json& v, const value_path& at) {
            if (!v.is_object() || intrinsic(v) || v.contains(std::string(rule.key))) return;
            const std::string problem = "must have required property '" + std::string(rule.key) + "'";
            if (!rule.crashes) return report(at, problem, json{{"property", rule.key}});
            report_crash(at, problem, "reads", rule.crashes, "property", rule.key);
        });
    const json& service = member(cfg, "service");
    const json& service_name = service.is_object() ? member(service, "name") : service;
    if (service_name.is_string() && service_name.get<std::string>().find("${") == std::string::npos &&
        !name_pattern(service_name.get<std::string>(), true))
        report(service.is_object() ? "/service/name" : "/service",
               "service name `" + service_name.get<std::string>() + "` must be at least two characters, start with a letter and hold only letters, digits and `-` (pattern ^[a-zA-Z][0-9a-zA-Z-]+$)",
               json{{"service", service_name}});
    // Types and shapes of the settings that make the roles (awsResourceTags, awsLambdaRole, awsLambdaVpcConfig).
    auto check_tags = [&](const json& v, const value_path& at) {
        if (v.is_array()) report(at, "must be object (tags are written `key: value`, not as a list of Key/Value)", json::object());
        if (!v.is_object() || intrinsic(v)) return;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!tag_key_pattern(it.key())) {
                report(at, "unrecognized property '" + it.key() + "' (a tag key is 1-128 letters, digits, spaces and `_.:/=+-`, not starting with `aws:`)",
                       json{{"property", it.key()}});
                continue;
            }
            const json& value = it.value().is_array() && it.value().size() == 1 ? it.value()[0] : it.value();
            if (value.is_object() || value.is_array()) report(at.key(it.key()), "must be string", json{{"value", it.value()}});
        }
    };
    auto check_policy_list = [&](const json& v, const value_path& at) {
        if (v.is_object()) report(at, "must be array", json::object());
    };
    auto check_boolean = [&](const json& v, const value_path& at) {
        // (Ajv's coercion accepts "true"/"false", 0/1 and null where the schema wants a boolean.)
        if (v.is_boolean() || v.is_null() || v == "true" || v == "false" || v == 0 || v == 1) return;
        if (v.is_string() && v.get<std::string>().find("${") != std::string::npos) return;
        report(at, "must be boolean", json{{"value", v}});
    };
    auto check_vpc = [&](const json& v, const value_path& at) {
        if (!v.is_object() || intrinsic(v)) return;
        for (const char* k : {"securityGroupIds", "subnetIds"})
            if (!v.contains(k)) report(at, "must have required property '" + std::string(k) + "'", json{{"property", k}});
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.key() != "securityGroupIds" && it.key() != "subnetIds")
                report(at.key(it.key()), "unrecognized property '" + it.key() + "'", json{{"property", it.key()}});
    };
    // awsArn (provider.js:320): an ARN string or a CloudFormation function.
    auto check_aws_arn = [&](const json& v, const value_path& at) {
        if (v.is_null() || intrinsic(v) || (v.is_string() && v.get<std::string>().find("${") != std::string::npos)) return;
        if (!v.is_string() || v.get<std::string>().compare(0, 4, "arn:") != 0)
            report(at, "unsupported string format (an ARN or a CloudFormation function)", json{{"value", v}});
    };
    // awsLambdaRole's `minLength: 1` (provider.js:609): an empty role is an error in error mode (in the default mode
    // WD2083 says what the empty provider role does).
    auto check_role_not_empty = [&](const json& v, const value_path& at) {
        if (ctx.strict_validation && v == "") report(at, "must NOT have fewer than 1 characters", json::object());
    };
    const json& provider = member(cfg, "provider");
    if (provider.is_object()) {
        check_role_not_empty(member(member(provider, "iam"), "role"), "/provider/iam/role");
        check_role_not_empty(member(provider, "role"), "/provider/role");
        // the boundary (both spellings, provider.js:1097-1098) and the legacy rolePermissionsBoundary (awsArnString, :1250)
        if (const json& role = member(member(provider, "iam"), "role"); role.is_object()) {
            check_aws_arn(member(role, "permissionsBoundary"), "/provider/iam/role/permissionsBoundary");
            check_aws_arn(member(role, "permissionBoundary"), "/provider/iam/role/permissionBoundary");
        }
        if (const json& b = member(provider, "rolePermissionsBoundary");
            !b.is_null() && !(b.is_string() && (b.get<std::string>().compare(0, 4, "arn:") == 0 || b.get<std::string>().find("${") != std::string::npos)))
            report("/provider/rolePermissionsBoundary", b.is_string() ? "must match pattern \"^arn:\"" : "must be string", json{{"value", b}});
        const json& role = member(member(provider, "iam"), "role");
        if (role.is_object()) {
            check_policy_list(member(role, "managedPolicies"), "/provider/iam/role/managedPolicies");
            check_tags(member(role, "tags"), "/provider/iam/role/tags");
        }
        check_policy_list(member(provider, "iamManagedPolicies"), "/provider/iamManagedPolicies");
        check_tags(member(provider, "tags"), "/provider/tags");
        check_tags(member(provider, "stackTags"), "/provider/stackTags");
        check_vpc(member(provider, "vpc"), "/provider/vpc");
        const json& region = member(provider, "region");
        if (region.is_string() && region.get<std::string>().find("${") == std::string::npos && !listed(regions, region.get<std::string>()))
            report("/provider/region", "region `" + region.get<std::string>() + "` is not one this framework version knows",
                   json{{"region", region}});
        const json& stage = member(provider, "stage");
        if (stage.is_string() && stage.get<std::string>().find("${") == std::string::npos && !name_pattern(stage.get<std::string>(), false))
            report("/provider/stage", "stage `" + stage.get<std::string>() + "` may hold only letters, digits and `-`",
                   json{{"stage", stage}});
        check_timeout(member(provider, "timeout"), "/provider/timeout");
        check_retention(member(provider, "logRetentionInDays"), "/provider/logRetentionInDays");
        check_architecture(member(provider, "architecture"), "/provider/architecture");
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
    // resources.Resources and resources.extensions (provider.js:1624-1670): logical ids `^[a-zA-Z0-9]{1,255}$`, a
    // resource needs `Type` (an extension may not set it), and only CloudFormation's resource attributes, typed.
    auto check_resource_block = [&](const json& block, const value_path& at, bool extension) {
        if (!block.is_object()) return;
        for (auto it = block.begin(); it != block.end(); ++it) {
            const std::string& id = it.key();
            const bool id_ok = !id.empty() && id.size() <= 255 &&
                               std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
            if (!id_ok) {
                report(at, "unrecognized property '" + id + "' (a logical id is 1-255 letters and digits)", json{{"property", id}});
                continue;
            }
            const json& r = it.value();
            if (!r.is_object()) continue;  // (a null resource is WD2032)
            if (!extension && !r.contains("Type")) report(at.key(id), "must have required property 'Type'", json{{"property", "Type"}});
            for (auto a = r.begin(); a != r.end(); ++a) {
                const std::string& attr = a.key();
                const json& v = a.value();
                const bool text = v.is_string() || v.is_number() || v.is_boolean() || (v.is_array() && v.size() == 1 && v[0].is_primitive());
                if (attr == "Type" && !extension) {
                    if (!text) report(at.key(id).key(attr), "must be string", json::object());
                } else if (attr == "Properties" || attr == "CreationPolicy" || attr == "Metadata" || attr == "UpdatePolicy") {
                    if (!v.is_object() && !v.is_null()) report(at.key(id).key(attr), "must be object", json::object());
                } else if (attr == "DeletionPolicy" || attr == "UpdateReplacePolicy" || attr == "Condition") {
                    if (!text && !v.is_null()) report(at.key(id).key(attr), "must be string", json::object());
                } else if (attr == "DependsOn") {
                    if (v.is_object()) report(at.key(id).key(attr), "must be array", json::object());
                } else if (!extension) {  // (an extension's other attributes are WD2031, in either mode)
                    report(at.key(id), "unrecognized property '" + attr + "'", json{{"property", attr}});
                }
            }
        }
    };
    if (const json& resources = member(cfg, "resources"); resources.is_object()) {
        check_resource_block(member(resources, "Resources"), "/resources/Resources", false);
        check_resource_block(member(resources, "extensions"), "/resources/extensions", true);
    }
    // serverless-iam-roles-per-function 3.2.0 declares its settings (dist/lib/index.js:24-48) when it is loaded.
    if (ctx.plugin) {
        const json& custom = member(member(cfg, "custom"), "serverless-iam-roles-per-function");
        if (custom.is_object()) {
            const value_path at("/custom/serverless-iam-roles-per-function");
            if (custom.contains("defaultInherit")) check_boolean(custom["defaultInherit"], at.key("defaultInherit"));
            check_aws_arn(member(custom, "iamGlobalPermissionsBoundary"), at.key("iamGlobalPermissionsBoundary"));
            for (auto it = custom.begin(); it != custom.end(); ++it)
                if (it.key() != "defaultInherit" && it.key() != "iamGlobalPermissionsBoundary")
                    report(at, "unrecognized property '" + it.key() + "'", json{{"property", it.key()}});
        }
    }
    const json& functions = member(cfg, "functions");
    if (!functions.is_object()) return;
    const value_path functions_at("/functions");
    for (auto f = functions.begin(); f != functions.end(); ++f) {
        if (!f.value().is_object()) continue;
        const value_path fp = functions_at.key(f.key());
        check_runtime(member(f.value(), "runtime"), fp.key("runtime"));
        check_memory(member(f.value(), "memorySize"), fp.key("memorySize"));
        check_tracing(member(f.value(), "tracing"), fp.key("tracing"));
        check_arn(member(f.value(), "kmsKeyArn"), fp.key("kmsKeyArn"), "kms", "kmsKeyArn");
        check_arn(member(f.value(), "onError"), fp.key("onError"), "sns", "onError");
        check_timeout(member(f.value(), "timeout"), fp.key("timeout"));
        check_retention(member(f.value(), "logRetentionInDays"), fp.key("logRetentionInDays"));
        // cfValue({type: 'integer', minimum: 0}): an integer Ajv can coerce, or a CloudFormation function.
        for (const char* k : {"reservedConcurrency", "provisionedConcurrency"}) {
            const json& v = member(f.value(), k);
            if (v.is_null() || intrinsic(v) || (v.is_string() && v.get<std::string>().find("${") != std::string::npos)) continue;
            const auto n = ajv_number(v);
            if (!n || *n != std::floor(*n) || *n < 0) report(fp.key(k), "unsupported configuration format", json{{k, v}});
        }
        check_architecture(member(f.value(), "architecture"), fp.key("architecture"));
        check_tags(member(f.value(), "tags"), fp.key("tags"));
        check_vpc(member(f.value(), "vpc"), fp.key("vpc"));
        check_role_not_empty(member(f.value(), "role"), fp.key("role"));
        // awsResourceDependsOn (a list of strings) and awsResourceCondition (a string), provider.js:1335-1336
        if (const json& d = member(f.value(), "dependsOn"); d.is_object()) report(fp.key("dependsOn"), "must be array", json::object());
        if (const json& c = member(f.value(), "condition"); c.is_object() || (c.is_array() && c.size() != 1))
            report(fp.key("condition"), "must be string", json::object());
        if (ctx.plugin) {
            if (f.value().contains("iamRoleStatementsInherit"))
                check_boolean(f.value()["iamRoleStatementsInherit"], fp.key("iamRoleStatementsInherit"));
            check_aws_arn(member(f.value(), "iamPermissionsBoundary"), fp.key("iamPermissionsBoundary"));
        }
        if (f.value().contains("disableLogs")) check_boolean(f.value()["disableLogs"], fp.key("disableLogs"));
        // awsLambdaRole: a name, an ARN, or Fn::Sub / Fn::ImportValue / Fn::GetAtt (not Ref, not Fn::Join).
        if (const json& role = member(f.value(), "role"); role.is_object() &&
            !(role.size() == 1 && (role.contains("Fn::Sub") || role.contains("Fn::ImportValue") || role.contains("Fn::GetAtt"))))
            report(fp.key("role"), "unsupported object format (a role name or ARN, or Fn::GetAtt, Fn::Sub, Fn::ImportValue)", json::object());
        const json& events = member(f.value(), "events");
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& ev = events[i];
            if (!ev.is_object() || ev.size() != 1) continue;
            if (!listed(event_types, ev.begin().key()))
                report(fp.key("events").item(i), "unsupported function event `" + ev.begin().key() + "`",
                       json{{"event", ev.begin().key()}});
            // `- http: GET /users` (api-gateway/index.js: `^(?:\*|(GET|POST|...|ANY) (\/\S*))$`, case-insensitive)
            if (const json& http = member(ev, "http"); http.is_string() && !http_shorthand(http.get<std::string>()))
                report(fp.key("events").item(i).key("http"),
                       "value '" + http.get<std::string>() + "' does not satisfy the pattern `METHOD /path` (or `*`)",
                       json{{"http", http}});
            // stream `consumer`: a boolean or a consumer ARN (a string `'true'` is neither: "unsupported value").
            if (const json& consumer = member(member(ev, "stream"), "consumer");
                consumer.is_string() && consumer.get<std::string>().compare(0, 4, "arn:") != 0 &&
                consumer.get<std::string>().find("${") == std::string::npos)
                report(fp.key("events").item(i).key("stream").key("consumer"), "unsupported value (a boolean or a consumer ARN)",
                       json{{"consumer", consumer}});
            const json& batch = member(member(ev, "sqs"), "batchSize");
            // (a value_path links to the paths it extends: each is built inside the call that reads it)
            if (const auto n = number_setting(batch, fp.key("events").item(i).key("sqs").key("batchSize"), true, "batchSize");
                n && (*n < 1 || *n > 10000))
                report(fp.key("events").item(i).key("sqs").key("batchSize"), "an sqs batchSize must be from 1 to 10000",
                       json{{"batchSize", batch}});
        }
    }
}

}  // namespace wd::sls
