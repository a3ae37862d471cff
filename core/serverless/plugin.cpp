// SPDX-License-Identifier: MIT
// serverless-iam-roles-per-function 3.2.0 (hook before:package:finalize): one role per function that
// defines `iamRoleStatements`, cloned from the shared role with its statements replaced.
#include "serverless/context.hpp"

namespace wd::sls {

namespace {

const std::string prefix = "serverless-iam-roles-per-function: ERROR: ";

// getRoleNameLength: the Ref to AWS::Region counts as the length of provider.region.
std::size_t role_name_length(const json& parts, const std::string& region) {
    std::size_t len = 0;
    for (const auto& p : parts) {
        if (p.is_object() && p.contains("Ref")) {
            len += p["Ref"] == "AWS::Region" ? region.size() : (p["Ref"].is_string() ? p["Ref"].get<std::string>().size() : 0);
        } else if (p.is_string()) len += p.get<std::string>().size();
    }
    return len + (parts.empty() ? 0 : parts.size() - 1);
}

// validateStatements: Effect, Action|NotAction and Resource|NotResource must be truthy.
std::string statement_violations(const json& statements) {
    if (is_empty_like(statements)) return {};
    if (!statements.is_array()) return "it is not an array";
    std::string out;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const json& s = statements[i];
        std::vector<std::string> missing;
        if (!truthy(member(s, "Effect"))) missing.push_back("Effect");
        if (!truthy(member(s, "Action")) && !truthy(member(s, "NotAction"))) missing.push_back("Action / NotAction");
        if (!truthy(member(s, "Resource")) && !truthy(member(s, "NotResource"))) missing.push_back("Resource / NotResource");
        if (missing.empty()) continue;
        std::string d = "statement " + std::to_string(i) + " is missing the following properties: ";
        for (std::size_t k = 0; k < missing.size(); ++k) d += (k ? ", " : "") + missing[k];
        out += (out.empty() ? "" : "; ") + d;
    }
    return out;
}

}  // namespace

void apply_per_function_plugin(context& ctx) {
    if (!ctx.plugin) return;
    const json& provider = ctx.provider();
    const json& custom = member(member(ctx.config(), "custom"), "serverless-iam-roles-per-function");
    const bool default_inherit = truthy(member(custom, "defaultInherit"));
    const json& global_boundary = member(custom, "iamGlobalPermissionsBoundary");
    const std::string shared = naming::shared_role_id;

    for (const auto& key : ctx.function_keys) {
        const json& fn = ctx.function(key);
        if (!has_key(fn, "iamRoleStatements")) continue;
        const std::string fp = ctx.function_pointer(key);
        const std::string sp = child_pointer(fp, "iamRoleStatements");
        const json& own = fn["iamRoleStatements"];
        // The plugin adds `iamRoleStatements` to the function schema as awsIamPolicyStatements (dist/lib/index.js:45).
        if (own.is_array()) validate_statements(ctx, own, sp);
        if (truthy(member(fn, "role"))) {
            ctx.error("WD2020",
                      prefix + "Define function with both 'role' and 'iamRoleStatements' is not supported. Function name: " + key,
                      child_pointer(fp, "role"), json{{"function", key}});
            continue;
        }
        std::string violations = statement_violations(own);
        if (!violations.empty()) {
            ctx.error("WD2021",
                      prefix + "iamRoleStatements should be an array of objects, where each object has Effect, Action / "
                               "NotAction, Resource / NotResource fields. Specifically, " + violations,
                      sp, json{{"function", key}});
            continue;
        }
        if (!ctx.resources.contains(shared)) {
            ctx.error("WD2024",
                      "serverless-iam-roles-per-function needs the shared role `IamRoleLambdaExecution` to copy, but the "
                      "provider role replaces it (the plugin fails with \"TypeError: Cannot read properties of undefined "
                      "(reading 'Properties')\")",
                      sp, json{{"function", key}});
            continue;
        }
        // Role name: iamRoleStatementsName, else the core Fn::Join with the function key after the stage.
        json role_name;
        if (truthy(member(fn, "iamRoleStatementsName"))) role_name = fn["iamRoleStatementsName"];
        else {
            json core_name = ctx.resources[shared]["Properties"]["RoleName"];
            const json& join = member(core_name, "Fn::Join");
            if (!join.is_array() || join.size() != 2 || !join[1].is_array() || join[1].size() < 2) {
                ctx.error("WD2022",
                          prefix + "Global Role Name is not in expected format. Got name: " + core_name.dump(),
                          "/provider/iam/role/name", json{{"function", key}, {"name", core_name}});
                continue;
            }
            json parts = join[1];
            parts.insert(parts.begin() + 2, json(key));
            if (role_name_length(parts, ctx.region) > 64 && parts.back() == "lambdaRole") parts.erase(parts.end() - 1);
            if (role_name_length(parts, ctx.region) > 64) {
                ctx.error("WD2023",
                          prefix + "auto generated role name for function: " + key +
                              " is too long (over 64 chars). Try setting a custom role name using the property: "
                              "iamRoleStatementsName",
                          fp, json{{"function", key}, {"length", role_name_length(parts, ctx.region)}});
                continue;
            }
            role_name = json{{"Fn::Join", json::array({join[0], parts})}};
        }
        const std::string fn_logical = naming::lambda_logical_id(key);
        json& fn_resource = ctx.resources[fn_logical];
        if (!fn_resource.contains("DependsOn") || !fn_resource["DependsOn"].is_array() ||
            !member(member(fn_resource, "Properties"), "Role").contains("Fn::GetAtt")) {
            ctx.error("WD2025",
                      prefix + "Function Resource is not in expected format. For function name: " + key +
                          " (`disableLogs` or a custom role removes what the plugin expects)",
                      fp, json{{"function", key}});
            continue;
        }

        json role = ctx.resources[shared];  // deep copy
        json statements = json::array();
        std::vector<statement_source> prov;
        statements.push_back(json{{"Effect", "Allow"},
                                  {"Action", json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents"})},
                                  {"Resource", json::array({json{{"Fn::Sub", naming::log_group_arn_sub(ctx.function_name(key) + ":*:*")}}})}});
        prov.push_back(ctx.source("framework-default", "", "serverless-iam-roles-per-function log statement"));
        json managed = json::array();
        std::vector<statement_source> managed_prov;
        if (!is_empty_like(member(fn, "vpc")) || !is_empty_like(member(provider, "vpc"))) {
            managed.push_back(json{{"Fn::Join", json::array({"", json::array({"arn:", json{{"Ref", "AWS::Partition"}},
                                                                                ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"})})}});
            managed_prov.push_back(ctx.source("setting", has_key(fn, "vpc") && !is_empty_like(fn["vpc"]) ? child_pointer(fp, "vpc") : "/provider/vpc",
                                              "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"));
        }
        // Stream and sqs statements recomputed from this function's events only.
        json dynamodb = json{{"Effect", "Allow"},
                             {"Action", json::array({"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"})},
                             {"Resource", json::array()}};
        json kinesis = json{{"Effect", "Allow"},
                            {"Action", json::array({"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListStreams"})},
                            {"Resource", json::array()}};
        json sqs = json{{"Effect", "Allow"},
                        {"Action", json::array({"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"})},
                        {"Resource", json::array()}};
        std::string stream_p, sqs_p;
        bool failed = false;
        const json& events = member(fn, "events");
        if (events.is_array()) {
            for (std::size_t i = 0; i < events.size(); ++i) {
                const json& e = events[i];
                std::string ep = child_pointer(child_pointer(fp, "events"), i);
                if (truthy(member(e, "stream"))) {
                    const json& stream = e["stream"];
                    json arn = truthy(member(stream, "arn")) ? stream["arn"] : stream;
                    std::string type;
                    if (member(stream, "type").is_string()) type = stream["type"].get<std::string>();
                    else if (arn.is_string()) {
                        const std::string& s = arn.get_ref<const std::string&>();
                        auto a = s.find(':'), b = a == std::string::npos ? a : s.find(':', a + 1);
                        auto c = b == std::string::npos ? b : s.find(':', b + 1);
                        if (c != std::string::npos) type = s.substr(b + 1, c - b - 1);
                    }
                    if (stream_p.empty()) stream_p = child_pointer(ep, "stream");
                    if (type == "dynamodb") dynamodb["Resource"].push_back(arn);
                    else if (type == "kinesis") kinesis["Resource"].push_back(arn);
                    else {
                        ctx.error("WD2026", prefix + "Unsupported stream type: " + type + " for function: " + key,
                                  child_pointer(ep, "stream"), json{{"function", key}, {"type", type}});
                        failed = true;
                    }
                }
                if (truthy(member(e, "sqs"))) {
                    const json& q = e["sqs"];
                    if (sqs_p.empty()) sqs_p = child_pointer(ep, "sqs");
                    sqs["Resource"].push_back(truthy(member(q, "arn")) ? q["arn"] : q);
                }
            }
        }
        if (failed) continue;
        if (!dynamodb["Resource"].empty()) {
            statements.push_back(dynamodb);
            prov.push_back(ctx.source("event", stream_p, "functions." + key + " stream events"));
        }
        if (!kinesis["Resource"].empty()) {
            statements.push_back(kinesis);
            prov.push_back(ctx.source("event", stream_p, "functions." + key + " stream events"));
        }
        if (!sqs["Resource"].empty()) {
            statements.push_back(sqs);
            prov.push_back(ctx.source("event", sqs_p, "functions." + key + " sqs events"));
        }
        if (truthy(member(fn, "onError"))) {
            statements.push_back(json{{"Effect", "Allow"}, {"Action", json::array({"sns:Publish"})}, {"Resource", fn["onError"]}});
            prov.push_back(ctx.source("setting", child_pointer(fp, "onError"), "functions." + key + ".onError"));
        }
        // Inheritance: provider.iam.role.statements if provider.iam exists at all, else iamRoleStatements.
        const json& inherit_flag = member(fn, "iamRoleStatementsInherit");
        bool inherit = truthy(inherit_flag) || (default_inherit && !(inherit_flag.is_boolean() && !inherit_flag.get<bool>()));
        if (inherit) {
            bool modern = has_key(provider, "iam");
            const json& global = modern ? member(member(member(provider, "iam"), "role"), "statements") : member(provider, "iamRoleStatements");
            std::string gp = modern ? "/provider/iam/role/statements" : "/provider/iamRoleStatements";
            if (global.is_array())
                for (std::size_t i = 0; i < global.size(); ++i) {
                    statements.push_back(global[i]);
                    prov.push_back(ctx.source("config", child_pointer(gp, i), "inherited by functions." + key));
                }
        }
        if (own.is_array())
            for (std::size_t i = 0; i < own.size(); ++i) {
                statements.push_back(own[i]);
                prov.push_back(ctx.source("config", child_pointer(sp, i)));
            }

        json& props = role["Properties"];
        props["Policies"][0]["PolicyDocument"]["Statement"] = std::move(statements);
        props["ManagedPolicyArns"] = std::move(managed);
        const json& own_boundary = member(fn, "iamPermissionsBoundary");
        if (truthy(own_boundary) || truthy(global_boundary))
            props["PermissionsBoundary"] = truthy(own_boundary) ? own_boundary : global_boundary;
        if (truthy(global_boundary)) ctx.resources[shared]["Properties"]["PermissionsBoundary"] = global_boundary;
        props["RoleName"] = role_name;
        const std::string role_id = naming::normalized(key) + shared;
        ctx.resources[role_id] = std::move(role);
        ctx.provenance[role_id] = role_provenance{std::move(prov), std::move(managed_prov)};

        json& fr = ctx.resources[fn_logical];
        json deps = json::array({role_id});
        for (const auto& d : fr["DependsOn"])
            if (d != shared) deps.push_back(d);
        fr["DependsOn"] = std::move(deps);
        fr["Properties"]["Role"]["Fn::GetAtt"][0] = role_id;
    }
}

}  // namespace wd::sls
