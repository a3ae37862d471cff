// SPDX-License-Identifier: MIT
// compileFunctions() (lib/plugins/aws/package/compile/functions.js): each function's Role and
// DependsOn, and the statements its settings add to the shared role: onError, kmsKeyArn, tracing,
// fileSystemConfig, then destinations (pushed after an await, so after every function's others).
#include <set>
#include <tuple>

#include "serverless/context.hpp"

namespace wd::sls {

namespace {

// compileRole(): how a role value becomes the function's Role (and maybe a DependsOn).
void compile_role(json& fn_resource, const json& role, json& depends_on) {
    if (role.is_string()) {
        const std::string& r = role.get_ref<const std::string&>();
        if (r.compare(0, 4, "arn:") == 0) {
            fn_resource["Properties"]["Role"] = role;
        } else if (r == naming::shared_role_id) {
            fn_resource["Properties"]["Role"] = json{{"Fn::GetAtt", json::array({r, "Arn"})}};
        } else {
            fn_resource["Properties"]["Role"] = json{{"Fn::GetAtt", json::array({r, "Arn"})}};
            depends_on.push_back(r);
        }
        return;
    }
    fn_resource["Properties"]["Role"] = role;
    if (role.is_object() && role.contains("Fn::GetAtt") && role["Fn::GetAtt"].is_array() && !role["Fn::GetAtt"].empty())
        depends_on.push_back(role["Fn::GetAtt"][0]);
}

// compileFunction's VpcConfig: none when the function sets `vpc` to null/false; otherwise the security
// groups and the subnets each come from the function, else the provider, and both are needed.
bool has_vpc_config(const json& fn, const json& provider) {
    const json& own = member(fn, "vpc");
    if (has_key(fn, "vpc") && (own.is_null() || own == false)) return false;
    auto pick = [&](const char* k) { return truthy(member(own, k)) || truthy(member(member(provider, "vpc"), k)); };
    return pick("securityGroupIds") && pick("subnetIds");
}

std::string destination_action(const json& target, bool& ok) {
    ok = true;
    if (target.is_object()) {
        std::string type = member(target, "type").is_string() ? target["type"].get<std::string>() : "";
        if (type == "function") return "lambda:InvokeFunction";
        if (type == "sqs") return "sqs:SendMessage";
        if (type == "sns") return "sns:Publish";
        if (type == "eventBus") return "events:PutEvents";
        ok = false;
        return {};
    }
    if (!target.is_string()) {
        ok = false;
        return {};
    }
    const std::string& t = target.get_ref<const std::string&>();
    if (t.compare(0, 4, "arn:") != 0 || t.find(":function:") != std::string::npos) return "lambda:InvokeFunction";
    if (t.find(":sqs:") != std::string::npos) return "sqs:SendMessage";
    if (t.find(":sns:") != std::string::npos) return "sns:Publish";
    if (t.find(":event-bus/") != std::string::npos) return "events:PutEvents";
    ok = false;
    return {};
}

}  // namespace

void compile_functions(context& ctx) {
    const std::string shared = naming::shared_role_id;
    const json& provider = ctx.provider();
    for (const auto& key : ctx.function_keys) {
        const json& fn = ctx.function(key);
        const std::string fp = ctx.function_pointer(key);
        json resource = json::object();
        resource["Type"] = "AWS::Lambda::Function";
        resource["Properties"] = json::object();
        const json& name_value = ctx.function_name_value(key);
        resource["Properties"]["FunctionName"] = truthy(name_value) ? name_value : json(ctx.function_name(key));
        json depends_on = json::array();
        json role = custom_execution_role(ctx, key);
        if (role.is_null()) {
            resource["Properties"]["Role"] = json{{"Fn::GetAtt", json::array({shared, "Arn"})}};
        } else if (!truthy(role)) {
            // functions.js:384 `role || 'IamRoleLambdaExecution'`: an empty `provider.iam.role` (often an unset
            // `${env:ROLE_ARN, ''}`) counts as a role of one's own, so no shared role is made, yet the function
            // falls back to it: the template points at a role that does not exist.
            resource["Properties"]["Role"] = json{{"Fn::GetAtt", json::array({shared, "Arn"})}};
            if (!ctx.has_shared_role())
                ctx.warning("WD2083", "function `" + key + "` gets the role `" + shared +
                                          "`, which the template does not create: `provider.iam.role` is empty (an unset variable?), and the deploy would fail",
                            "/provider", json{{"function", key}});
        } else {
            compile_role(resource, role, depends_on);
            if (role.is_object() && !role.contains("Fn::GetAtt") && !role.contains("Fn::Sub") &&
                !role.contains("Fn::ImportValue"))
                ctx.warning("WD2014",
                            "the role of function `" + key +
                                "` uses an unsupported object format; it is copied verbatim into `Role`" +
                                (role.contains("Ref") ? " (`Ref` gives the role name, not its ARN)" : ""),
                            truthy(member(fn, "role")) ? child_pointer(fp, "role") : "/provider",
                            json{{"function", key}});
        }
        // compile/functions.js: the log group first, then the function's own `dependsOn` (a string or a list),
        // then what the role needs.
        {
            json ordered = json::array();
            if (!truthy(member(fn, "disableLogs"))) ordered.push_back(naming::log_group_logical_id(key));
            const json& own = member(fn, "dependsOn");
            if (own.is_array() || truthy(own))
                for (auto& d : ajv_depends_on(own)) ordered.push_back(std::move(d));
            for (auto& d : depends_on) ordered.push_back(d);
            depends_on = std::move(ordered);
        }
        if (!depends_on.empty() || !truthy(member(fn, "disableLogs"))) resource["DependsOn"] = depends_on;
        if (!ctx.plugin && (has_key(fn, "iamRoleStatements") || has_key(fn, "iam"))) {
            const std::string prop = has_key(fn, "iamRoleStatements") ? "iamRoleStatements" : "iam";
            if (ctx.strict_validation)  // an unrecognized function property stops the framework in error mode
                ctx.error("WD2013", "configuration error at `functions." + key + "`: unrecognized property '" + prop +
                                        "' (configValidationMode: error; the serverless-iam-roles-per-function plugin adds it)",
                          child_pointer(fp, prop), json{{"function", key}});
            else
                ctx.warning("WD2013", "function `" + key + "` sets `" + prop +
                                          "`, which the framework ignores without the serverless-iam-roles-per-function plugin",
                            child_pointer(fp, prop), json{{"function", key}});
        }
        ctx.resources[naming::lambda_logical_id(key)] = std::move(resource);

        // Statements from settings go to the shared role whenever it exists, whatever role the
        // function uses (§8).
        if (!ctx.has_shared_role()) continue;
        const json& on_error = member(fn, "onError");
        // (`if (functionObject.onError)`: an empty string is no setting at all, functions.js:287.)
        if (on_error.is_string() && !on_error.get_ref<const std::string&>().empty())
            ctx.push_statement(shared, json{{"Effect", "Allow"}, {"Action", json::array({"sns:Publish"})}, {"Resource", json::array({on_error})}},
                               ctx.source("setting", child_pointer(fp, "onError"), "functions." + key + ".onError"));
        std::string kms_pointer;
        json kms;
        // Only `kmsKeyArn` counts: the function's `awsKmsKeyArn` is in the 3.x schema but no compiler reads it.
        for (auto [holder, k, p] : {std::tuple<const json*, const char*, std::string>{&fn, "kmsKeyArn", child_pointer(fp, "kmsKeyArn")},
                                    {&provider, "kmsKeyArn", std::string("/provider/kmsKeyArn")}}) {
            if (truthy(member(*holder, k))) {
                kms = member(*holder, k);
                kms_pointer = p;
                break;
            }
        }
        if (kms.is_string())
            ctx.union_statement(shared, json{{"Effect", "Allow"}, {"Action", json::array({"kms:Decrypt"})}, {"Resource", json::array({kms})}},
                                ctx.source("setting", kms_pointer, "kmsKeyArn"));
        json tracing = member(fn, "tracing");
        std::string tracing_pointer = child_pointer(fp, "tracing");
        if (!truthy(tracing)) {
            tracing = member(member(provider, "tracing"), "lambda");
            tracing_pointer = "/provider/tracing/lambda";
        }
        if (truthy(tracing) && (tracing.is_boolean() || tracing.is_string()))
            ctx.union_statement(shared,
                                json{{"Effect", "Allow"},
                                     {"Action", json::array({"xray:PutTraceSegments", "xray:PutTelemetryRecords"})},
                                     {"Resource", json::array({"*"})}},
                                ctx.source("setting", tracing_pointer, "tracing"));
        const json& fs = member(fn, "fileSystemConfig");
        if (truthy(fs)) {
            if (!has_vpc_config(fn, provider))
                ctx.error("WD2043",
                          "function `" + key + "` uses `fileSystemConfig` without a `vpc` on the function or the provider",
                          child_pointer(fp, "fileSystemConfig"), json{{"function", key}});
            ctx.push_statement(shared,
                               json{{"Effect", "Allow"},
                                    {"Action", json::array({"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"})},
                                    {"Resource", json::array({member(fs, "arn")})}},
                               ctx.source("setting", child_pointer(fp, "fileSystemConfig"), "fileSystemConfig"));
        }
    }

    // Destinations, only for functions without a custom role, memoised per target.
    std::set<std::string> granted;
    for (const auto& key : ctx.function_keys) {
        const json& fn = ctx.function(key);
        const json& destinations = member(fn, "destinations");
        if (!destinations.is_object()) continue;
        // getDestinationsArn runs for every function, whatever its role: a target that is neither an
        // object nor an ARN must name a function of the service (provider.resolveFunctionArn).
        bool unknown = false;
        for (const char* which : {"onSuccess", "onFailure"}) {
            const json& target = member(destinations, which);
            // (only a truthy target is read: `onFailure: ''` is skipped, compile/functions.js:740, 750)
            if (!target.is_string() || target.get_ref<const std::string&>().empty() ||
                target.get_ref<const std::string&>().compare(0, 4, "arn:") == 0)
                continue;
            if (has_key(member(ctx.config(), "functions"), target.get<std::string>())) continue;
            ctx.error("WD2047", "destination `" + target.get<std::string>() + "` of function `" + key + "` is not a function of this service",
                      child_pointer(child_pointer(ctx.function_pointer(key), "destinations"), which), json{{"function", key}});
            unknown = true;
        }
        if (unknown || !custom_execution_role(ctx, key).is_null()) continue;
        if (!ctx.has_shared_role()) {
            // No role of its own and no shared role (a `role` key that is empty hides the shared role): the
            // framework writes the destination's permission into IamRoleLambdaExecution, which is not there, and
            // stops with a TypeError (functions.js ensureTargetExecutionPermission).
            for (const char* which : {"onSuccess", "onFailure"})
                if (truthy(member(destinations, which))) {
                    ctx.error("WD2056", "the framework refuses to package this: function `" + key + "` has `destinations` but no role of its own, and there is no shared role (`IamRoleLambdaExecution`) to give the destination's permission to (a TypeError in the framework)",
                              child_pointer(child_pointer(ctx.function_pointer(key), "destinations"), which),
                              json{{"rule", "destinations-without-role"}, {"function", key}});
                    break;
                }
            continue;
        }
        for (const char* which : {"onSuccess", "onFailure"}) {
            const json& target = member(destinations, which);
            if (!truthy(target)) continue;
            std::string p = child_pointer(child_pointer(ctx.function_pointer(key), "destinations"), which);
            bool ok = true;
            std::string action = destination_action(target, ok);
            if (!ok) {
                ctx.error("WD2042", "unsupported destination target `" + (target.is_string() ? target.get<std::string>() : target.dump()) + "`",
                          p, json{{"function", key}});
                continue;
            }
            json resource;
            if (target.is_object()) resource = member(target, "arn");
            else if (target.get_ref<const std::string&>().compare(0, 4, "arn:") == 0) resource = target;
            else {
                std::string name = target.get<std::string>();
                if (has_key(member(ctx.config(), "functions"), name)) name = ctx.function_name(name);
                resource = json{{"Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + name}};
            }
            // _.memoize keys on the argument: strings repeat, objects are new each time.
            if (target.is_string() && !granted.insert(target.get<std::string>()).second) continue;
            ctx.push_statement(shared, json{{"Effect", "Allow"}, {"Action", action}, {"Resource", resource}},
                               ctx.source("setting", p, "functions." + key + ".destinations." + which));
        }
    }
}

}  // namespace wd::sls
