// SPDX-License-Identifier: MIT
// The event compilers that touch IAM, in plugin registration order (lib/plugins/index.js): schedule,
// s3, http, websockets, stream, kafka, activemq, rabbitmq, msk, cognitoUserPool, eventBridge, sqs,
// cloudFront. Each adds to the shared role only if it exists; the custom-resource role is separate.
#include "serverless/context.hpp"

namespace wd::sls {

namespace {

const char* const shared = naming::shared_role_id;

json ec2_statement() {
    return json{{"Effect", "Allow"},
                {"Action", json::array({"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs",
                                        "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"})},
                {"Resource", "*"}};
}

json allow(std::initializer_list<const char*> actions) {
    json a = json::array();
    for (auto* x : actions) a.push_back(x);
    return json{{"Effect", "Allow"}, {"Action", a}, {"Resource", json::array()}};
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
    }
    return {};
}

// lib/plugins/aws/custom-resources/index.js addCustomResourceToService.
void add_custom_resource(context& ctx, const std::string& helper_name, const json& statements, const statement_source& src) {
    const std::string role_id = naming::custom_resources_role_id;
    const json& provider = ctx.provider();
    json deployment_role = member(member(provider, "iam"), "deploymentRole");
    if (!truthy(deployment_role)) deployment_role = member(provider, "cfnRole");
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
                    if (member(e, "Resource").is_string() && member(e, "Resource") == member(st, "Resource")) dup = true;
            if (!dup) ctx.push_statement(role_id, st, src);
        }
    }
    std::string fn_logical = naming::lambda_logical_id(helper_name);
    if (ctx.resources.contains(fn_logical)) return;
    std::string absolute = ctx.service + "-" + ctx.stage + "-" + helper_name;
    if (absolute.size() > 64)
        absolute = absolute.substr(0, 63 - helper_name.size()) + "-" + helper_name;
    json fn = json::object();
    fn["Type"] = "AWS::Lambda::Function";
    fn["Properties"] = json{{"FunctionName", absolute}};
    fn["DependsOn"] = json::array();
    if (truthy(deployment_role)) fn["Properties"]["Role"] = deployment_role;
    else {
        fn["Properties"]["Role"] = json{{"Fn::GetAtt", json::array({role_id, "Arn"})}};
        fn["DependsOn"].push_back(role_id);
    }
    ctx.resources[fn_logical] = std::move(fn);
    ctx.custom_resource_functions.push_back(fn_logical);
}

json lambda_permission_statement() {
    return json{{"Effect", "Allow"},
                {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "lambda", json{{"Ref", "AWS::Region"}},
                                       json{{"Ref", "AWS::AccountId"}}, "function", "*"})},
                {"Action", json::array({"lambda:AddPermission", "lambda:RemovePermission"})}};
}

void ensure_api_gateway_cloudwatch_role(context& ctx, const char* which) {
    const json& logs = member(member(ctx.provider(), "logs"), which);
    if (!truthy(logs)) return;
    if (truthy(member(logs, "roleManagedExternally"))) return;
    json statements = json::array(
        {json{{"Effect", "Allow"},
              {"Resource", json{{"Fn::Join", json::array({":", json::array({"arn", json{{"Ref", "AWS::Partition"}}, "iam:",
                                                                             json{{"Ref", "AWS::AccountId"}}, "role/*"})})}}},
              {"Action", json::array({"iam:AttachRolePolicy", "iam:CreateRole", "iam:ListAttachedRolePolicies", "iam:PassRole"})}},
         json{{"Effect", "Allow"},
              {"Resource", json{{"Fn::Join", json::array({":", json::array({"arn", json{{"Ref", "AWS::Partition"}}, "apigateway:*::/account"})})}}},
              {"Action", json::array({"apigateway:GET", "apigateway:PATCH"})}}});
    add_custom_resource(ctx, "custom-resource-apigw-cw-role", statements,
                        ctx.source("setting", std::string("/provider/logs/") + which, std::string("logs.") + which));
}

}  // namespace

void compile_events(context& ctx) {
    const json& provider = ctx.provider();
    bool shared_exists = ctx.has_shared_role();

    // schedule (method: scheduler): the scheduler principal and invoke permission.
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& s = member(events[i], "schedule");
            if (member(s, "method") != "scheduler" || !shared_exists) continue;
            ctx.add_trust_service(shared, "scheduler.amazonaws.com");
            std::string name = ctx.function_name(key);
            std::string base = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + name;
            ctx.push_statement(shared,
                               json{{"Effect", "Allow"}, {"Action", json::array({"lambda:InvokeFunction"})},
                                    {"Resource", json::array({json{{"Fn::Sub", base}}, json{{"Fn::Sub", base + ":*"}}})}},
                               ctx.source("event", event_pointer(ctx, key, i, "schedule"), "functions." + key + ".events[" + std::to_string(i) + "].schedule"));
            break;
        }
    }

    // s3 with existing: true -> custom resource.
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& s3 = member(events[i], "s3");
            if (!truthy(member(s3, "existing"))) continue;
            json statements = json::array(
                {json{{"Effect", "Allow"},
                      {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "s3", "", "", member(s3, "bucket")})},
                      {"Action", json::array({"s3:PutBucketNotification", "s3:GetBucketNotification"})}},
                 lambda_permission_statement()});
            add_custom_resource(ctx, "custom-resource-existing-s3", statements,
                                ctx.source("event", event_pointer(ctx, key, i, "s3"), "functions." + key + ".events[" + std::to_string(i) + "].s3 (existing)"));
        }
    }

    // http (REST API) logs -> API Gateway CloudWatch role custom resource.
    bool has_http = false, has_websocket = false;
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (const auto& e : events) {
            if (has_key(e, "http")) has_http = true;
            if (has_key(e, "websocket")) has_websocket = true;
        }
    }
    if (has_http) ensure_api_gateway_cloudwatch_role(ctx, "restApi");

    // websockets: one ManageConnections statement per API.
    if (has_websocket) {
        if (shared_exists) {
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
        ensure_api_gateway_cloudwatch_role(ctx, "websocket");
    }

    // stream: per function, fixed statement order.
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
            const json& on_failure = member(member(stream, "destinations"), "onFailure");
            if (truthy(on_failure)) {
                json target = on_failure.is_object() ? member(on_failure, "arn") : on_failure;
                std::string t = member(on_failure, "type").is_string() ? on_failure["type"].get<std::string>() : arn_service(target);
                if (t == "sns") sns["Resource"].push_back(target);
                else if (t == "sqs") sqs["Resource"].push_back(target);
            }
        }
        if (first.empty() || !shared_exists) continue;
        for (json* st : {&dynamodb, &kinesis, &kinesis_consumer, &subscribe, &sns, &sqs})
            if (!(*st)["Resource"].empty())
                ctx.push_statement(shared, *st, ctx.source("event", first, "functions." + key + " stream events"));
    }

    // kafka (self-managed): secrets, then ec2 only with VPC access configurations.
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

    // activemq, rabbitmq: secrets, broker, ec2, per function.
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
                if (truthy(member(mq, "basicAuthArn"))) secrets["Resource"].push_back(mq["basicAuthArn"]);
                broker["Resource"].push_back(member(mq, "arn"));
            }
            if (first.empty() || !shared_exists) continue;
            auto src = ctx.source("event", first, "functions." + key + " " + type + " events");
            if (!secrets["Resource"].empty()) ctx.push_statement(shared, secrets, src);
            ctx.push_statement(shared, broker, src);
            ctx.push_statement(shared, ec2_statement(), src);
        }
    }

    // msk: cluster statement (duplicates kept) then ec2, per function.
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

    // cognitoUserPool with existing: true -> custom resource.
    for (const auto& key : ctx.function_keys) {
        const json& events = events_of(ctx, key);
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& cup = member(events[i], "cognitoUserPool");
            if (!truthy(member(cup, "existing"))) continue;
            json statements = json::array(
                {json{{"Effect", "Allow"}, {"Resource", "*"},
                      {"Action", json::array({"cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "cognito-idp:UpdateUserPool"})}},
                 json{{"Effect", "Allow"},
                      {"Resource", json{{"Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + ctx.function_name(key)}}},
                      {"Action", json::array({"lambda:AddPermission", "lambda:RemovePermission"})}},
                 json{{"Effect", "Allow"}, {"Resource", json{{"Fn::Sub", "arn:${AWS::Partition}:iam::*:role/*"}}},
                      {"Action", json::array({"iam:PassRole"})}}});
            add_custom_resource(ctx, "custom-resource-existing-cup", statements,
                                ctx.source("event", event_pointer(ctx, key, i, "cognitoUserPool"), "functions." + key + ".events[" + std::to_string(i) + "].cognitoUserPool (existing)"));
        }
    }

    // eventBridge with provider.eventBridge.useCloudFormation: false -> custom resource.
    const json& use_cfn = member(member(provider, "eventBridge"), "useCloudFormation");
    if (use_cfn.is_boolean() && !use_cfn.get<bool>()) {
        for (const auto& key : ctx.function_keys) {
            const json& events = events_of(ctx, key);
            if (!events.is_array()) continue;
            for (std::size_t i = 0; i < events.size(); ++i) {
                if (!has_key(events[i], "eventBridge")) continue;
                const json& eb = events[i]["eventBridge"];
                json statements = json::array(
                    {json{{"Effect", "Allow"},
                          {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "events", json{{"Ref", "AWS::Region"}},
                                                 json{{"Ref", "AWS::AccountId"}}, "rule/*"})},
                          {"Action", json::array({"events:PutRule", "events:RemoveTargets", "events:PutTargets", "events:DeleteRule"})}},
                     lambda_permission_statement()});
                if (truthy(member(eb, "eventBus")))
                    statements.insert(statements.begin(),
                                      json{{"Effect", "Allow"},
                                           {"Resource", join_arn({"arn", json{{"Ref", "AWS::Partition"}}, "events", json{{"Ref", "AWS::Region"}},
                                                                  json{{"Ref", "AWS::AccountId"}}, "event-bus/*"})},
                                           {"Action", json::array({"events:CreateEventBus", "events:DeleteEventBus"})}});
                add_custom_resource(ctx, "custom-resource-event-bridge", statements,
                                    ctx.source("event", event_pointer(ctx, key, i, "eventBridge"), "functions." + key + ".events[" + std::to_string(i) + "].eventBridge"));
            }
        }
    }

    // sqs: one statement for the whole service.
    {
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
    {
        std::string first;
        for (const auto& key : ctx.function_keys) {
            const json& events = events_of(ctx, key);
            if (!events.is_array()) continue;
            for (std::size_t i = 0; i < events.size() && first.empty(); ++i)
                if (has_key(events[i], "cloudFront")) first = event_pointer(ctx, key, i, "cloudFront");
        }
        if (!first.empty()) {
            if (ctx.region != "us-east-1")
                ctx.warning("WD2044", "CloudFront (Lambda@Edge) functions must be deployed to us-east-1, not `" + ctx.region + "`",
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
}

}  // namespace wd::sls
