// SPDX-License-Identifier: MIT
// The event compilers that touch IAM, in plugin registration order (lib/plugins/index.js): schedule,
// s3, http, websockets, stream, kafka, activemq, rabbitmq, msk, cognitoUserPool, eventBridge, sqs,
// cloudFront. Each adds to the shared role only if it exists; the custom-resource role is separate.
#include <algorithm>
#include <map>
#include <utility>

#include "serverless/context.hpp"
#include "serverless/md5.hpp"

namespace wd::sls {

namespace {

const char* const shared = naming::shared_role_id;

json ec2_statement() {
    return json{{"Effect", "Allow"},
                {"Action", json::array({"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs",
                                        "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"})},
                {"Resource", "*"}};
}

// (Built member by member into reserved storage: a braced json initializer copies every nested value once
// more, and this runs for every event of every function; it was 4 % of packaging's instructions.)
json allow(std::initializer_list<const char*> actions) {
    json list = json::array();
    list.get_ref<json::array_t&>().reserve(actions.size());
    for (auto* x : actions) list.push_back(x);
    json statement = json::object();
    auto& members = statement.get_ref<json::object_t&>();
    members.reserve(3);
    members.emplace_back("Effect", "Allow");
    members.emplace_back("Action", std::move(list));
    members.emplace_back("Resource", json::array());
    return statement;
}

json join_arn(std::initializer_list<json> parts) {
    json list = json::array();
    for (const auto& p : parts) list.push_back(p);
    return json{{"Fn::Join", json::array({":", list})}};
}

const json& events_of(const context& ctx, const std::string& key) { return member(ctx.function(key), "events"); }

// Whether any event of the list has `type` (checked before building statement templates).
bool has_event(const json& events, const char* type) {
    if (!events.is_array()) return false;
    for (const auto& e : events)
        if (has_key(e, type)) return true;
    return false;
}

std::string event_pointer(const context& ctx, const std::string& key, std::size_t i, const char* type) {
    return child_pointer(child_pointer(child_pointer(ctx.function_pointer(key), "events"), i), type);
}

// ARN service segment (`arn:aws:sqs:...` -> "sqs"), "" when not a plain ARN string.
std::string arn_service(const json& arn) {
    if (!arn.is_string()) return {};
    const std::string& s = arn.get_ref<const std::string&>();
    std::size_t a = s.find(':');
    if (a == std::string::npos) return {};
    std::size_t b = s.find(':', a + 1);
    if (b == std::string::npos) return {};
    std::size_t c = s.find(':', b + 1);
    return s.substr(b + 1, c == std::string::npos ? std::string::npos : c - b - 1);
}

std::string stream_name(const json& arn) {
    if (arn.is_string()) {
        const std::string& s = arn.get_ref<const std::string&>();
        auto slash = s.find('/');
        if (slash == std::string::npos) return s;
        auto next = s.find('/', slash + 1);
        return s.substr(slash + 1, next == std::string::npos ? std::string::npos : next - slash - 1);
    }
    if (arn.is_object()) {
        if (arn.contains("Fn::GetAtt") && arn["Fn::GetAtt"].is_array() && !arn["Fn::GetAtt"].empty() && arn["Fn::GetAtt"][0].is_string())
            return arn["Fn::GetAtt"][0].get<std::string>();
        if (arn.contains("Fn::ImportValue") && arn["Fn::ImportValue"].is_string()) return arn["Fn::ImportValue"].get<std::string>();
        if (arn.contains("Ref") && arn["Ref"].is_string()) return arn["Ref"].get<std::string>();
        // The joined list's last element, after its last `/` (stream.js).
        const json& join = member(arn, "Fn::Join");
        if (join.is_array() && join.size() == 2 && join[1].is_array() && !join[1].empty() && join[1].back().is_string()) {
            const std::string& last = join[1].back().get_ref<const std::string&>();
            return last.substr(last.rfind('/') == std::string::npos ? 0 : last.rfind('/') + 1);
        }
    }
    return {};
}

// The framework derives a logical-id name from every stream, sqs and msk event ARN, reading only some
// intrinsics; any other form makes `sls package` crash with a TypeError (compile/events/stream.js,
// sqs.js, msk/get-msk-cluster-name-token.js). Returns the error text, "" when the form is read.
std::string unreadable_event_arn(const std::string& event, const json& arn) {
    if (arn.is_string() || !arn.is_object()) return {};
    auto has = [&](const char* k) { return arn.contains(k); };
    const char* subject = event == "msk" ? "eventSourceArn" : "EventSourceArn";
    // `Fn::ImportValue: !Sub '...'`: the imported name is read as a string (lib/naming.js).
    if (has("Fn::ImportValue") && !arn["Fn::ImportValue"].is_string()) return "name.replace is not a function";
    if (event == "msk") return has("Fn::ImportValue") || has("Ref") ? "" : std::string(subject) + ".split is not a function";
    if (has("Fn::GetAtt") || has("Fn::ImportValue") || (event == "stream" && has("Ref"))) return {};
    const json& join = member(arn, "Fn::Join");
    if (join.is_array() && join.size() == 2 && join[1].is_array() && !join[1].empty()) {
        if (join[1].back().is_string()) return {};
        return event == "stream" ? "name.split is not a function" : "name.replace is not a function";
    }
    return std::string(subject) + ".split is not a function";
}

void check_event_arn_forms(context& ctx) {
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i)
            for (const char* event : {"stream", "sqs", "msk"}) {
                if (!has_key(events[i], event)) continue;
                const json& e = events[i][event];
                const json& arn = e.is_object() ? member(e, "arn") : e;
                // A mapping is read for its `arn` (`sqs: !GetAtt Q.Arn` is such a mapping, with none), and a plain
                // stream ARN must be DynamoDB's or Kinesis's: else sqs.js / naming.js fail with a TypeError.
                if (e.is_object() && !e.contains("arn") && std::string(event) != "msk") {
                    ctx.error("WD2047", std::string("the `") + event + "` event of function `" + key +
                                            "` is a mapping without `arn`: the framework reads `" + event +
                                            ".arn` and fails (write `" + event + ": {arn: ...}` or the ARN itself)",
                              event_pointer(ctx, key, i, event), json{{"function", key}, {"event", event}, {"form", "no arn"}});
                    continue;
                }
                // A kept placeholder (`${cf:stack.StreamArn}`) is a real ARN when the framework reads it: its
                // literal text is not judged (stream.js:190 and :206 run on the resolved value).
                if (holds_placeholder(arn) && arn_service(arn).empty()) continue;
                if (std::string(event) == "stream" && arn.is_string() && !(e.is_object() && member(e, "type").is_string()) &&
                    arn_service(arn) != "dynamodb" && arn_service(arn) != "kinesis" && arn_service(arn) != "") {
                    ctx.error("WD2047", "the `stream` event of function `" + key + "` names a `" + arn_service(arn) +
                                            "` ARN: a stream is DynamoDB's or Kinesis's, and the framework fails deriving its name",
                              event_pointer(ctx, key, i, event), json{{"function", key}, {"event", event}, {"form", "not a stream"}});
                    continue;
                }
                // A stream ARN that is no ARN string and has no `type` is WD2041, reported where the type is read.
                if (std::string(event) == "stream" && !(e.is_object() && member(e, "type").is_string())) continue;
                // stream.js:205 names the stream after the ARN's first `/`: none, and naming.js:32 reads undefined.
                if (std::string(event) == "stream" && arn.is_string() && arn.get_ref<const std::string&>().find('/') == std::string::npos) {
                    ctx.error("WD2047", "the `stream` event of function `" + key + "` gives `" + arn.get<std::string>() +
                                            "` as its ARN: the framework names the stream after the ARN's `/` and fails "
                                            "(TypeError: Cannot read properties of undefined (reading 'replace'))",
                              event_pointer(ctx, key, i, event), json{{"function", key}, {"event", event}, {"form", "no stream name"}});
                    continue;
                }
                const std::string crash = unreadable_event_arn(event, arn);
                if (crash.empty()) continue;
                const std::string form = arn.is_object() && !arn.empty() ? arn.begin().key() : "this value";
                ctx.error("WD2047", std::string("the framework cannot package the `") + event + "` event of function `" + key +
                                        "`: it derives a name from the ARN and does not read `" + form + "` there (TypeError: " +
                                        crash + ")",
                          event_pointer(ctx, key, i, event), json{{"function", key}, {"event", event}, {"form", form}});
            }
    }
}

// lib/plugins/aws/custom-resources/index.js addCustomResourceToService.
struct sourced_statement {
    json statement;
    statement_source source;
};

// One call per compiler with all of its statements, as the framework does: the dedupe below compares
// against what the role already holds, so batching changes which duplicates survive.
void add_custom_resource(context& ctx, const std::string& helper_name, const std::vector<sourced_statement>& statements) {
    const std::string role_id = naming::custom_resources_role_id;
    const json& provider = ctx.provider();
    // `_.get(provider, 'iam.deploymentRole', provider.cfnRole)` (provider.js:1867): cfnRole only when the key is
    // absent; a `deploymentRole: ~` or `''` that is there hides it.
    const json& iam = member(provider, "iam");
    const bool has_deployment_role = iam.is_object() && iam.contains("deploymentRole");
    json deployment_role = has_deployment_role ? iam["deploymentRole"] : member(provider, "cfnRole");
    if (!truthy(deployment_role)) {
        if (!ctx.resources.contains(role_id)) {
            json role = json::object();
            role["Type"] = "AWS::IAM::Role";
            role["Properties"] = json{
                {"AssumeRolePolicyDocument",
                 json{{"Version", "2012-10-17"},
                      {"Statement", json::array({json{{"Effect", "Allow"},
                                                      {"Principal", json{{"Service", json::array({"lambda.amazonaws.com"})}}},
                                                      {"Action", json::array({"sts:AssumeRole"})}}})}}},
                {"Policies",
                 json::array({json{{"PolicyName", json{{"Fn::Join", json::array({"-", json::array({ctx.stage, ctx.service, "custom-resources-lambda"})})}}},
                                   {"PolicyDocument", json{{"Version", "2012-10-17"}, {"Statement", json::array()}}}}})}};
            ctx.resources[role_id] = std::move(role);
            ctx.provenance[role_id] = role_provenance{};
            if (truthy(member(member(provider, "logs"), "frameworkLambda"))) {
                std::string prefix = ctx.service + "-" + ctx.stage;
                ctx.push_statement(role_id,
                                   json{{"Effect", "Allow"},
                                        {"Action", json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"})},
                                        {"Resource", json::array({json{{"Fn::Sub", naming::log_group_arn_sub(prefix + "*:*")}}})}},
                                   ctx.source("setting", "/provider/logs/frameworkLambda", "logs.frameworkLambda"));
                ctx.push_statement(role_id,
                                   json{{"Effect", "Allow"},
                                        {"Action", json::array({"logs:PutLogEvents"})},
                                        {"Resource", json::array({json{{"Fn::Sub", naming::log_group_arn_sub(prefix + "*:*:*")}}})}},
                                   ctx.source("setting", "/provider/logs/frameworkLambda", "logs.frameworkLambda"));
            }
        }
        // The framework de-duplicates with `===` on Resource: only equal strings count as duplicates.
        for (const auto& st : statements) {
            bool dup = false;
            if (json* existing = ctx.statements_of(role_id))
                for (const auto& e : *existing)
                    if (member(e, "Resource").is_string() && member(e, "Resource") == member(st.statement, "Resource")) dup = true;
            if (!dup) ctx.push_statement(role_id, st.statement, st.source);
        }
    }
    std::string fn_logical = naming::lambda_logical_id(helper_name);
    if (ctx.resources.contains(fn_logical)) return;
    // Lambda names are limited to 64 characters: the framework keeps the first 32 and appends the md5.
    std::string absolute = ctx.service + "-" + ctx.stage + "-" + helper_name;
    if (absolute.size() > 64) absolute = absolute.substr(0, 32) + md5_hex(absolute);
    json fn = json::object();
    fn["Type"] = "AWS::Lambda::Function";
    fn["Properties"] = json{{"FunctionName", absolute}};
    fn["DependsOn"] = json::array();
    if (truthy(deployment_role)) fn["Properties"]["Role"] = deployment_role;
    else {
        fn["Properties"]["Role"] = json{{"Fn::GetAtt", json::array({role_id, "Arn"})}};
        fn["DependsOn"].push_back(role_id);
    }
    // provider.logs.frameworkLambda gives the helper its own log group, which it waits for.
    if (truthy(member(member(provider, "logs"), "frameworkLambda")))
        fn["DependsOn"].push_back(naming::log_group_logical_id(helper_name));
    ctx.resources[fn_logical] = std::move(fn);
    ctx.custom_resource_functions.push_back(fn_logical);
}

std::string as_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// s3 and cognito-user-pool compilers allow one bucket/pool per function. Returns true for the first
// value of the function (remembered in `seen`), false for a repeat, and reports a different one.
bool first_of_function(context& ctx, const json*& seen, const json& value, const char* code, const std::string& what,
                       const std::string& key, const std::string& pointer) {
    if (seen == nullptr) {
        seen = &value;
        return true;
    }
    if (*seen != value)
        ctx.error(code, "only one existing " + what + " can be configured per function: `" + key + "` uses `" + as_text(*seen) +
                            "` and `" + as_text(value) + "`",
                  pointer, json{{"function", key}});
    return false;
}

json lambda_permission_statement() {
    return json{{"Effect", "Allow"},
                {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "lambda", json{{"Ref", "AWS::Region"}},
                                       json{{"Ref", "AWS::AccountId"}}, "function", "*"})},
                {"Action", json::array({"lambda:AddPermission", "lambda:RemovePermission"})}};
}

// compile/events/lib/ensure-api-gateway-cloud-watch-role.js: memoised (REST and WebSocket stages share
// one call), and it always reads `roleManagedExternally` from `logs.restApi`, even for WebSocket logs.
void ensure_api_gateway_cloudwatch_role(context& ctx, const char* which, bool& done) {
    if (done) return;
    done = true;
    if (truthy(member(member(member(ctx.provider(), "logs"), "restApi"), "roleManagedExternally"))) return;
    statement_source src = ctx.source("setting", std::string("/provider/logs/") + which, std::string("logs.") + which);
    std::vector<sourced_statement> statements = {
        {json{{"Effect", "Allow"},
              {"Resource", json{{"Fn::Join", json::array({":", json::array({"arn", json{{"Ref", "AWS::Partition"}}, "iam:",
                                                                             json{{"Ref", "AWS::AccountId"}}, "role/*"})})}}},
              {"Action", json::array({"iam:AttachRolePolicy", "iam:CreateRole", "iam:ListAttachedRolePolicies", "iam:PassRole"})}},
         src},
        {json{{"Effect", "Allow"},
              {"Resource", json{{"Fn::Join", json::array({":", json::array({"arn", json{{"Ref", "AWS::Partition"}}, "apigateway:*::/account"})})}}},
              {"Action", json::array({"apigateway:GET", "apigateway:PATCH"})}},
         src}};
    add_custom_resource(ctx, "custom-resource-apigw-cw-role", statements);
}

// Each event kind compiles in its own function, kept out of line: as one function this was a 37 KB WebAssembly
// function that V8's baseline compiler took 30-50 ms to compile on the first package in a browser.
// schedule (method: scheduler): one invoke statement for the whole service, two resources per function
// with such an event, and the scheduler principal (compile/events/schedule.js).
[[gnu::noinline]] void compile_scheduler_events(context& ctx, bool shared_exists) {
    json invoke = allow({"lambda:InvokeFunction"});
    std::string first;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (member(member(events[i], "schedule"), "method") != "scheduler") continue;
            if (first.empty()) first = event_pointer(ctx, key, i, "schedule");
            std::string base = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + ctx.function_name(key);
            invoke["Resource"].push_back(json{{"Fn::Sub", base}});
            invoke["Resource"].push_back(json{{"Fn::Sub", base + ":*"}});
            break;
        }
    }
    if (!first.empty() && shared_exists) {
        ctx.add_trust_service(shared, "scheduler.amazonaws.com");
        ctx.push_statement(shared, invoke, ctx.source("event", first, "schedule events (method: scheduler)"));
    }
}

// s3 with existing: true -> custom resource (s3/index.js existingS3Buckets): one bucket statement per
// function (its first such event; one bucket per function), then one lambda permission statement.
[[gnu::noinline]] void compile_existing_s3_events(context& ctx) {
    std::vector<sourced_statement> statements;
    std::string first;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        const json* bucket = nullptr;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& s3 = member(events[i], "s3");
            if (!s3.is_object() || !truthy(member(s3, "existing"))) continue;
            std::string p = event_pointer(ctx, key, i, "s3");
            if (first.empty()) first = p;
            const json& b = member(s3, "bucket");
            if (!first_of_function(ctx, bucket, b, "WD2049", "S3 bucket", key, p)) continue;
            statements.push_back({json{{"Effect", "Allow"},
                                       {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "s3", "", "", b})},
                                       {"Action", json::array({"s3:PutBucketNotification", "s3:GetBucketNotification"})}},
                                  ctx.source("event", p, "functions." + key + ".events[" + std::to_string(i) + "].s3 (existing)")});
        }
    }
    if (!first.empty()) {
        statements.push_back({lambda_permission_statement(), ctx.source("event", first, "s3 events (existing)")});
        add_custom_resource(ctx, "custom-resource-existing-s3", statements);
    }
}

// http (REST API) logs -> API Gateway CloudWatch role custom resource.
[[gnu::noinline]] void compile_api_gateway_events(context& ctx, bool shared_exists) {
    const json& provider = ctx.provider();
    bool has_http = false, has_websocket = false;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (const auto& e : events) {
            if (has_key(e, "http")) has_http = true;
            if (has_key(e, "websocket")) has_websocket = true;
        }
    }
    // An imported REST API (`provider.apiGateway.restApiId`): api-gateway/lib/validate.js refuses settings of the
    // API it does not create (its tracing, its logs), even `false`, and needs the root resource id.
    const json& api = member(provider, "apiGateway");
    if (has_http && truthy(member(api, "restApiId"))) {
        if (!truthy(member(api, "restApiRootResourceId")))
            ctx.error("WD2091", "`provider.apiGateway.restApiId` needs `restApiRootResourceId` too: the framework stops", "/provider/apiGateway",
                      json{{"setting", "restApiRootResourceId"}});
        if (!member(member(provider, "tracing"), "apiGateway").is_null())
            ctx.error("WD2091", "with an imported API (`provider.apiGateway.restApiId`), `provider.tracing.apiGateway` is ineffective and the "
                                "framework stops: remove it",
                      "/provider/tracing/apiGateway", json{{"setting", "tracing.apiGateway"}});
        if (!member(member(provider, "logs"), "restApi").is_null())
            ctx.error("WD2091", "with an imported API (`provider.apiGateway.restApiId`), `provider.logs.restApi` is ineffective and the "
                                "framework stops: remove it",
                      "/provider/logs/restApi", json{{"setting", "logs.restApi"}});
    }
    // The REST stage calls it when restApi logs are on with access logging not disabled; the WebSocket
    // stage when websocket logs are on (and the API is not an external one).
    bool cloudwatch_role_done = false;
    const json& rest_logs = member(member(provider, "logs"), "restApi");
    if (has_http && truthy(rest_logs) && (member(rest_logs, "accessLogging").is_null() || truthy(member(rest_logs, "accessLogging"))))
        ensure_api_gateway_cloudwatch_role(ctx, "restApi", cloudwatch_role_done);

    // websockets: one ManageConnections statement per API, added where the API is created
    // (websockets/lib/api.js), so not for an external `provider.apiGateway.websocketApiId`.
    if (has_websocket) {
        const bool external_api = truthy(member(member(provider, "apiGateway"), "websocketApiId"));
        if (shared_exists && !external_api) {
            std::string p;
            for (const auto& key : ctx.function_keys) {
                const json& events = events_of(ctx, key);
                if (!events.is_array()) continue;
                for (std::size_t i = 0; i < events.size() && p.empty(); ++i)
                    if (has_key(events[i], "websocket")) p = event_pointer(ctx, key, i, "websocket");
            }
            ctx.push_statement(shared,
                               json{{"Effect", "Allow"}, {"Action", json::array({"execute-api:ManageConnections"})},
                                    {"Resource", json::array({json{{"Fn::Sub", "arn:${AWS::Partition}:execute-api:*:*:*/@connections/*"}}})}},
                               ctx.source("event", p, "websocket"));
        }
        if (truthy(member(member(provider, "logs"), "websocket")) && !external_api)
            ensure_api_gateway_cloudwatch_role(ctx, "websocket", cloudwatch_role_done);
    }
}

// stream: per function, fixed statement order.
[[gnu::noinline]] void compile_stream_events(context& ctx, bool shared_exists) {
    const json& provider = ctx.provider();
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!has_event(events, "stream")) continue;
        json dynamodb = allow({"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"});
        json kinesis = allow({"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListStreams"});
        json kinesis_consumer = allow({"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary", "kinesis:ListShards"});
        json subscribe = allow({"kinesis:SubscribeToShard"});
        json sns = allow({"sns:Publish"});
        json sqs = allow({"sqs:ListQueues", "sqs:SendMessage"});
        std::string first;
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (!has_key(events[i], "stream")) continue;
            const json& stream = events[i]["stream"];
            std::string p = event_pointer(ctx, key, i, "stream");
            if (first.empty()) first = p;
            json arn = stream.is_object() ? member(stream, "arn") : stream;
            std::string type = member(stream, "type").is_string() ? stream["type"].get<std::string>() : arn_service(arn);
            if (type.empty() && holds_placeholder(arn)) {
                // The ARN comes from AWS (`${cf:...}`, `${ssm:...}`): its service is known only once resolved.
                // The placeholder's own words decide (a Kinesis stream is usually named so), else DynamoDB, the
                // stream event's most common source; the user is told, and `type:` settles it.
                std::string words = arn.get<std::string>();
                std::transform(words.begin(), words.end(), words.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                type = words.find("kinesis") != std::string::npos ? "kinesis" : "dynamodb";
                ctx.info("WD2093", "the `stream` event of function `" + key + "` takes its ARN from `" + arn.get<std::string>() +
                                       "`, known only with AWS: its statement is written for a " +
                                       (type == "kinesis" ? std::string("Kinesis") : std::string("DynamoDB")) +
                                       " stream (give `type: dynamodb` or `type: kinesis` to say which)",
                         p, json{{"function", key}, {"assumedType", type}, {"arn", arn}});
            }
            if (type.empty()) {
                ctx.error("WD2041", "stream event of function `" + key + "` needs `type` when `arn` is not an ARN string", p,
                          json{{"function", key}});
                continue;
            }
            const json& consumer = member(stream, "consumer");
            if (type == "dynamodb") dynamodb["Resource"].push_back(arn);
            else if (truthy(consumer)) {
                kinesis_consumer["Resource"].push_back(arn);
                if (consumer.is_boolean()) {
                    const json& naming_mode = member(member(provider, "kinesis"), "consumerNamingMode");
                    std::string consumer_name = key + stream_name(arn);
                    if (naming_mode == "serviceSpecific") consumer_name += ctx.service + ctx.stage;
                    consumer_name += "Consumer";
                    subscribe["Resource"].push_back(json{{"Ref", naming::normalized(consumer_name) + "StreamConsumer"}});
                } else subscribe["Resource"].push_back(consumer);
            } else kinesis["Resource"].push_back(arn);
            // stream.js:275-291: the destination's type is `onFailure.type || arn.split(':')[2]`, so an `arn` that
            // is no string (`!GetAtt Dlq.Arn`) needs `type` or the framework fails with a TypeError; then sns
            // goes to the sns statement and anything else, even a Lambda ARN, to the sqs statement.
            const json& on_failure = member(member(stream, "destinations"), "onFailure");
            if (truthy(on_failure)) {
                json target = on_failure.is_object() ? member(on_failure, "arn") : on_failure;
                const json& given_type = member(on_failure, "type");
                if (!truthy(given_type) && !target.is_string()) {
                    ctx.error("WD2041", "the stream event's `destinations.onFailure` of function `" + key +
                                            "` needs `type` when its `arn` is not an ARN string: the framework reads the type "
                                            "from the ARN text and fails (TypeError: OnFailureDestinationArn.split is not a function)",
                              child_pointer(child_pointer(p, "destinations"), "onFailure"), json{{"function", key}, {"destination", "onFailure"}});
                    continue;
                }
                const bool to_sns = truthy(given_type) ? given_type == "sns" : arn_service(target) == "sns";
                (to_sns ? sns : sqs)["Resource"].push_back(target);
            }
        }
        if (first.empty() || !shared_exists) continue;
        for (json* st : {&dynamodb, &kinesis, &kinesis_consumer, &subscribe, &sns, &sqs})
            if (!(*st)["Resource"].empty())
                ctx.push_statement(shared, *st, ctx.source("event", first, "functions." + key + " stream events"));
    }
}

// kafka (self-managed): secrets, then ec2 only with VPC access configurations.
[[gnu::noinline]] void compile_kafka_events(context& ctx, bool shared_exists) {
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!has_event(events, "kafka")) continue;
        json secrets = allow({"secretsmanager:GetSecretValue"});
        bool needs_ec2 = false, any = false;
        std::string first;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& kafka = member(events[i], "kafka");
            if (!kafka.is_object()) continue;
            any = true;
            if (first.empty()) first = event_pointer(ctx, key, i, "kafka");
            const json& access = member(kafka, "accessConfigurations");
            if (!access.is_object()) continue;
            // kafka.js: a VPC needs both a subnet and a security group.
            const bool subnet = truthy(member(access, "vpcSubnet")), group = truthy(member(access, "vpcSecurityGroup"));
            if (subnet != group)
                ctx.error("WD2048", std::string("the kafka event of function `") + key + "` needs at least one `" +
                                        (subnet ? "vpcSecurityGroup" : "vpcSubnet") + "` access configuration",
                          event_pointer(ctx, key, i, "kafka"), json{{"function", key}});
            for (auto it = access.begin(); it != access.end(); ++it) {
                const std::string& type = it.key();
                if (type == "vpcSubnet" || type == "vpcSecurityGroup") needs_ec2 = true;
                else if (type == "saslPlainAuth" || type == "saslScram256Auth" || type == "saslScram512Auth" ||
                         type == "clientCertificateTlsAuth" || type == "serverRootCaCertificate") {
                    if (it.value().is_array())
                        for (const auto& v : it.value()) secrets["Resource"].push_back(v);
                    else secrets["Resource"].push_back(it.value());
                }
            }
        }
        if (!any || !shared_exists) continue;
        auto src = ctx.source("event", first, "functions." + key + " kafka events");
        if (!secrets["Resource"].empty()) ctx.push_statement(shared, secrets, src);
        if (needs_ec2) ctx.push_statement(shared, ec2_statement(), src);
    }
}

// activemq, rabbitmq: secrets, broker, ec2, per function.
[[gnu::noinline]] void compile_mq_events(context& ctx, bool shared_exists) {
    for (const char* type : {"activemq", "rabbitmq"}) {
        for (const auto& key : ctx.function_keys) {
            const json& events = events_of(ctx, key);
            if (!has_event(events, type)) continue;
            json secrets = allow({"secretsmanager:GetSecretValue"});
            json broker = allow({"mq:DescribeBroker"});
            std::string first;
            for (std::size_t i = 0; i < events.size(); ++i) {
                const json& mq = member(events[i], type);
                if (!mq.is_object()) continue;
                if (first.empty()) first = event_pointer(ctx, key, i, type);
                // activemq.js:155 / rabbitmq.js:167 push `basicAuthArn` as it is: a missing one (a schema warning)
                // is `undefined` in the list, which the template's JSON writes as null.
                secrets["Resource"].push_back(member(mq, "basicAuthArn"));
                broker["Resource"].push_back(member(mq, "arn"));
            }
            if (first.empty() || !shared_exists) continue;
            auto src = ctx.source("event", first, "functions." + key + " " + type + " events");
            ctx.push_statement(shared, secrets, src);
            ctx.push_statement(shared, broker, src);
            ctx.push_statement(shared, ec2_statement(), src);
        }
    }
}

// msk: cluster statement (duplicates kept) then ec2, per function.
[[gnu::noinline]] void compile_msk_events(context& ctx, bool shared_exists) {
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!has_event(events, "msk")) continue;
        json cluster = allow({"kafka:DescribeCluster", "kafka:GetBootstrapBrokers"});
        std::string first;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& msk = member(events[i], "msk");
            if (!msk.is_object()) continue;
            if (first.empty()) first = event_pointer(ctx, key, i, "msk");
            cluster["Resource"].push_back(member(msk, "arn"));
        }
        if (first.empty() || !shared_exists) continue;
        auto src = ctx.source("event", first, "functions." + key + " msk events");
        ctx.push_statement(shared, cluster, src);
        ctx.push_statement(shared, ec2_statement(), src);
    }
}

// cognito-user-pool.js checkKmsArn, for new and existing pools alike (one map per kind): a custom
// sender trigger needs `kmsKeyId`, and one pool takes one key.
[[gnu::noinline]] void check_cognito_kms_keys(context& ctx) {
    std::map<std::pair<bool, std::string>, json> pool_keys;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& cup = member(events[i], "cognitoUserPool");
            const json& trigger = member(cup, "trigger");
            if (!cup.is_object() || (trigger != "CustomSMSSender" && trigger != "CustomEmailSender")) continue;
            const std::string pool = as_text(member(cup, "pool"));
            const json& kms = member(cup, "kmsKeyId");
            const std::string p = event_pointer(ctx, key, i, "cognitoUserPool");
            if (!truthy(kms)) {
                ctx.error("WD2053", "a custom sender trigger needs `kmsKeyId` (user pool `" + pool + "`)", p, json{{"pool", pool}});
                continue;
            }
            auto ins = pool_keys.emplace(std::make_pair(truthy(member(cup, "existing")), pool), kms);
            if (!ins.second && ins.first->second != kms)
                ctx.error("WD2054", "user pool `" + pool + "` has custom sender triggers with different `kmsKeyId` values", p,
                          json{{"pool", pool}});
        }
    }
}

// cognitoUserPool with existing: true -> custom resource (cognito-user-pool.js existingCognitoUserPools).
// Per function (one pool per function): kms:CreateGrant for a custom sender trigger with kmsKeyId and the
// cognito statement at its first such event, then its lambda permission; PassRole once at the end.
// The repeated cognito statement (Resource "*") is dropped by the custom resource's `===` dedupe.
[[gnu::noinline]] void compile_existing_cognito_events(context& ctx) {
    std::vector<sourced_statement> statements;
    std::string first;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        const json* pool = nullptr;
        std::string fn_first;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& cup = member(events[i], "cognitoUserPool");
            if (!cup.is_object() || !truthy(member(cup, "existing"))) continue;
            std::string p = event_pointer(ctx, key, i, "cognitoUserPool");
            auto src = ctx.source("event", p, "functions." + key + ".events[" + std::to_string(i) + "].cognitoUserPool (existing)");
            if (!first_of_function(ctx, pool, member(cup, "pool"), "WD2051", "Cognito user pool", key, p)) continue;
            fn_first = p;
            if (first.empty()) first = p;
            const json& trigger = member(cup, "trigger");
            if ((trigger == "CustomSMSSender" || trigger == "CustomEmailSender") && truthy(member(cup, "kmsKeyId")))
                statements.push_back({json{{"Effect", "Allow"}, {"Resource", cup["kmsKeyId"]}, {"Action", json::array({"kms:CreateGrant"})}}, src});
            statements.push_back({json{{"Effect", "Allow"}, {"Resource", "*"},
                                       {"Action", json::array({"cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "cognito-idp:UpdateUserPool"})}},
                                  src});
        }
        if (pool == nullptr) continue;
        statements.push_back({json{{"Effect", "Allow"},
                                   {"Resource", json{{"Fn::Sub", "arn:${AWS::Partition}:lambda:*:*:function:" + ctx.function_name(key)}}},
                                   {"Action", json::array({"lambda:AddPermission", "lambda:RemovePermission"})}},
                              ctx.source("event", fn_first, "functions." + key + " cognitoUserPool events (existing)")});
    }
    if (!first.empty()) {
        statements.push_back({json{{"Effect", "Allow"}, {"Resource", json{{"Fn::Sub", "arn:${AWS::Partition}:iam::*:role/*"}}},
                                   {"Action", json::array({"iam:PassRole"})}},
                              ctx.source("event", first, "cognitoUserPool events (existing)")});
        add_custom_resource(ctx, "custom-resource-existing-cup", statements);
    }
}

// eventBridge with provider.eventBridge.useCloudFormation: false -> custom resource
// (event-bridge/index.js): event-bus statement once, for the first event on a bus other than
// `default`, then the rule and lambda permission statements once for the service.
[[gnu::noinline]] void compile_event_bridge_events(context& ctx) {
    const json& provider = ctx.provider();
    const json& use_cfn = member(member(provider, "eventBridge"), "useCloudFormation");
    if (use_cfn.is_boolean() && !use_cfn.get<bool>()) {
        std::vector<sourced_statement> statements;
        std::string first;
        bool bus_statement = false;
        for (const auto& key : ctx.function_keys) {
            const json& events = events_of(ctx, key);
            if (!events.is_array()) continue;
            for (std::size_t i = 0; i < events.size(); ++i) {
                const json& eb = member(events[i], "eventBridge");
                if (!truthy(eb)) continue;
                std::string p = event_pointer(ctx, key, i, "eventBridge");
                if (first.empty()) first = p;
                const json& bus = member(eb, "eventBus");
                if (bus.is_object()) {
                    ctx.error("WD2052", "an event bus given as a CloudFormation function needs `provider.eventBridge.useCloudFormation` (function `" + key + "`)",
                              p, json{{"function", key}});
                    continue;
                }
                // An ARN counts by the name after its first `/` (`…:event-bus/default` is the default bus).
                std::string bus_name = bus.is_string() ? bus.get<std::string>() : "";
                if (bus_name.rfind("arn", 0) == 0) bus_name = bus_name.substr(bus_name.find('/') == std::string::npos ? 0 : bus_name.find('/') + 1);
                if (bus_statement || !truthy(bus) || bus_name == "default") continue;
                bus_statement = true;
                statements.push_back({json{{"Effect", "Allow"},
                                           {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "events", json{{"Ref", "AWS::Region"}},
                                                                  json{{"Ref", "AWS::AccountId"}}, "event-bus/*"})},
                                           {"Action", json::array({"events:CreateEventBus", "events:DeleteEventBus"})}},
                                      ctx.source("event", p, "functions." + key + ".events[" + std::to_string(i) + "].eventBridge")});
            }
        }
        if (!first.empty()) {
            auto src = ctx.source("event", first, "eventBridge events (useCloudFormation: false)");
            statements.push_back({json{{"Effect", "Allow"},
                                       {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "events", json{{"Ref", "AWS::Region"}},
                                                              json{{"Ref", "AWS::AccountId"}}, "rule/*"})},
                                       {"Action", json::array({"events:PutRule", "events:RemoveTargets", "events:PutTargets", "events:DeleteRule"})}},
                                  src});
            statements.push_back({lambda_permission_statement(), src});
            add_custom_resource(ctx, "custom-resource-event-bridge", statements);
        }
    }
}

// sqs: one statement for the whole service.
[[gnu::noinline]] void compile_sqs_events(context& ctx, bool shared_exists) {
    json sqs = allow({"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"});
    std::string first;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (!has_key(events[i], "sqs")) continue;
            const json& q = events[i]["sqs"];
            if (first.empty()) first = event_pointer(ctx, key, i, "sqs");
            sqs["Resource"].push_back(q.is_object() ? member(q, "arn") : q);
        }
    }
    if (!sqs["Resource"].empty() && shared_exists)
        ctx.push_statement(shared, sqs, ctx.source("event", first, "sqs events"));
}

// cloudFront (Lambda@Edge): edgelambda principal and logs in every region.
[[gnu::noinline]] void compile_cloudfront_events(context& ctx, bool shared_exists) {
    std::string first;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size() && first.empty(); ++i)
            if (has_key(events[i], "cloudFront")) first = event_pointer(ctx, key, i, "cloudFront");
    }
    if (!first.empty()) {
        if (ctx.region != "us-east-1")
            ctx.error("WD2044", "CloudFront (Lambda@Edge) functions must be deployed to us-east-1, not `" + ctx.region + "`",
                        first, json{{"region", ctx.region}});
        if (shared_exists) {
            ctx.add_trust_service(shared, "edgelambda.amazonaws.com");
            ctx.push_statement(shared,
                               json{{"Effect", "Allow"},
                                    {"Action", json::array({"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:TagResource"})},
                                    {"Resource", json::array({json{{"Fn::Sub", "arn:${AWS::Partition}:logs:*:*:*"}}})}},
                               ctx.source("event", first, "cloudFront"));
        }
    }
}

}  // namespace

void compile_events(context& ctx) {
    // Whether the shared role exists before any event adds to it (every kind below sees the same answer).
    const bool shared_exists = ctx.has_shared_role();
    check_event_arn_forms(ctx);
    check_event_rules(ctx);
    check_event_references(ctx);
    compile_scheduler_events(ctx, shared_exists);
    compile_existing_s3_events(ctx);
    compile_api_gateway_events(ctx, shared_exists);
    compile_stream_events(ctx, shared_exists);
    compile_kafka_events(ctx, shared_exists);
    compile_mq_events(ctx, shared_exists);
    compile_msk_events(ctx, shared_exists);
    check_cognito_kms_keys(ctx);
    compile_existing_cognito_events(ctx);
    compile_event_bridge_events(ctx);
    compile_sqs_events(ctx, shared_exists);
    compile_cloudfront_events(ctx, shared_exists);
}

}  // namespace wd::sls
