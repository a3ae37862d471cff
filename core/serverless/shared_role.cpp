// SPDX-License-Identifier: MIT
// mergeIamTemplates() (lib/plugins/aws/package/lib/merge-iam-templates.js): whether the shared role
// `IamRoleLambdaExecution` exists, its name, path, boundary, tags, the default log statements, the
// user statements and the managed policies (VPC policy included).
#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <utility>

#include "serverless/context.hpp"
#include "serverless/json_util.hpp"
#include "yaml/document.hpp"

namespace wd::sls {

namespace {

const std::set<std::string> statement_keys = {"Sid",      "Effect",      "Action",    "NotAction", "Principal",
                                              "NotPrincipal", "Resource", "NotResource", "Condition"};
const std::set<std::string> role_setting_keys = {"name", "path", "statements", "managedPolicies", "permissionsBoundary",
                                                 "permissionBoundary", "tags"};

json vpc_policy_arn() {
    return json{{"Fn::Join", json::array({"", json::array({"arn:", json{{"Ref", "AWS::Partition"}},
                                                           ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"})})}};
}

// awsIamPolicyPrincipal (provider.js:511-537): `*`, or a mapping of only AWS, Federated, Service and
// CanonicalUser; AWS is `*`, an Fn::If, or a list of 12-digit account ids and ARNs (`arn:` or a CloudFormation
// function); the others lists of strings. Ajv's words, as normalize-ajv-errors.js writes them. (A scalar is a
// one-item list after Ajv's coercion; a `${...}` left for AWS stands for a value we do not know.)
void principal_problems(const json& v, const std::string& p, std::vector<std::pair<std::string, std::string>>& problems) {
    auto cf_function = [](const json& x) {
        static const std::set<std::string> names = {"Fn::ImportValue", "Fn::Join", "Fn::GetAtt", "Ref", "Fn::Sub", "Fn::Base64", "Fn::ToJsonString"};
        return x.is_object() && x.size() == 1 && names.count(x.begin().key()) > 0;
    };
    auto unknown = [](const json& x) { return x.is_string() && x.get<std::string>().find("${") != std::string::npos; };
    if (v == "*" || unknown(v)) return;
    if (!v.is_object()) {
        problems.emplace_back(p, v.is_string() ? "unsupported string format" : "unsupported configuration format");
        return;
    }
    for (auto it = v.begin(); it != v.end(); ++it)
        if (it.key() != "AWS" && it.key() != "Federated" && it.key() != "Service" && it.key() != "CanonicalUser") {
            problems.emplace_back(p, "unsupported object format");
            return;
        }
    if (v.contains("AWS")) {
        const json& a = v["AWS"];
        const std::string ap = child_pointer(p, "AWS");
        if (a.is_object()) {
            if (!(a.size() == 1 && a.contains("Fn::If") && a["Fn::If"].is_array() && a["Fn::If"].size() == 3))
                problems.emplace_back(ap, "unsupported object format");
        } else if (a != "*") {
            const json items = a.is_array() ? a : json::array({a});
            for (std::size_t i = 0; i < items.size(); ++i) {
                const json& x = items[i];
                const std::string text = x.is_number() ? js_string(x) : x.is_string() ? x.get<std::string>() : std::string();
                const bool account = text.size() == 12 && text.find_first_not_of("0123456789") == std::string::npos;
                if (x.is_string() || x.is_number()) {
                    if (!account && text.rfind("arn:", 0) != 0 && !unknown(x))
                        problems.emplace_back(a.is_array() ? child_pointer(ap, i) : ap, "unsupported string format");
                } else if (!cf_function(x)) {
                    problems.emplace_back(a.is_array() ? child_pointer(ap, i) : ap, "unsupported object format");
                }
            }
        }
    }
    for (const char* k : {"Federated", "Service", "CanonicalUser"}) {
        if (!v.contains(k)) continue;
        const json& x = v[k];
        if (x.is_object()) problems.emplace_back(child_pointer(p, k), "must be array");
        else if (x.is_array())
            for (std::size_t i = 0; i < x.size(); ++i)
                if (x[i].is_structured()) problems.emplace_back(child_pointer(child_pointer(p, k), i), "must be string");
    }
}

}  // namespace

// The schema (provider.js `awsIamPolicyStatements`) in the default `warn` mode: a warning, and the
// statement goes out verbatim; with `configValidationMode: error` the framework stops.
void validate_statements(context& ctx, const json& list, const std::string& pointer) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& s = list[i];
        std::string p = child_pointer(pointer, i);
        std::vector<std::pair<std::string, std::string>> problems;  // (where, what)
        auto problem_at = [&](std::string what) { problems.emplace_back(p, std::move(what)); };
        if (!s.is_object()) problem_at("must be object");
        else {
            if (!s.contains("Effect")) problem_at("must have required property 'Effect'");
            else if (s["Effect"] != "Allow" && s["Effect"] != "Deny")
                problem_at("'Effect' must be equal to one of the allowed values (Allow, Deny)");
            if (s.contains("Action") == s.contains("NotAction"))
                problem_at("must have exactly one of 'Action' or 'NotAction'");
            if (s.contains("Resource") == s.contains("NotResource"))
                problem_at("must have exactly one of 'Resource' or 'NotResource'");
            // provider.js:571 (and :756 for resource policies): `Condition: { type: 'object' }`; a `${...}` text left
            // unresolved (an AWS-only source) stands for a value we do not know.
            if (s.contains("Condition") && !s["Condition"].is_object() &&
                !(s["Condition"].is_string() && s["Condition"].get<std::string>().find("${") != std::string::npos))
                problems.emplace_back(child_pointer(p, "Condition"), "must be object");
            // provider.js:563 `Sid: { type: 'string' }`: Ajv makes text of a number or a boolean, and of a one-item list.
            if (const json& sid = member(s, "Sid"); sid.is_object() || (sid.is_array() && (sid.size() != 1 || sid[0].is_structured())))
                problems.emplace_back(child_pointer(p, "Sid"), "must be string");
            for (const char* k : {"Principal", "NotPrincipal"})
                if (s.contains(k)) principal_problems(s[k], child_pointer(p, k), problems);
            for (auto it = s.begin(); it != s.end(); ++it)
                if (!statement_keys.count(it.key()))
                    problem_at("unrecognized property '" + it.key() + "'");
        }
        for (const auto& [where, problem] : problems) {
            std::string msg = "configuration error at `" + pointer_to_path(where) + "`: " + problem;
            json args{{"path", pointer_to_path(where)}, {"problem", problem}};
            if (ctx.strict_validation) ctx.error("WD2011", msg, where, args);
            else ctx.warning("WD2011", msg + " (the statement is deployed as written)", where, args);
        }
    }
}

namespace {

// provider.iam.role.name and .path against the schema's patterns (provider.js). The framework warns, or
// stops with `configValidationMode: error`; IAM would reject the name at deploy time either way.
void validate_role_settings(context& ctx, const json& role) {
    auto report = [&](const std::string& key, const std::string& pattern) {
        const std::string p = "/provider/iam/role/" + key;
        const std::string problem = "must match pattern \"" + pattern + "\"";
        const std::string msg = "configuration error at `provider.iam.role." + key + "`: " + problem;
        json args{{"path", "provider.iam.role." + key}, {"problem", problem}};
        if (ctx.strict_validation) ctx.error("WD2011", msg, p, args);
        else ctx.warning("WD2011", msg + " (IAM rejects it at deploy time)", p, args);
    };
    const json& name = member(role, "name");
    if (name.is_string()) {
        const std::string& n = name.get_ref<const std::string&>();
        bool ok = !n.empty() && n.size() <= 64;
        for (char c : n) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/_+=,.@-", c) != nullptr);
        if (!ok) report("name", "^[A-Za-z0-9/_+=,.@-]{1,64}$");
    }
    const json& path = member(role, "path");
    if (path.is_string()) {
        const std::string& t = path.get_ref<const std::string&>();
        bool ok = t == "/" || (t.size() >= 3 && t.front() == '/' && t.back() == '/');
        for (std::size_t i = 1; ok && i + 1 < t.size(); ++i) ok = static_cast<unsigned char>(t[i]) >= 0x21 && static_cast<unsigned char>(t[i]) <= 0x7f;
        if (!ok) report("path", "(^\\/$)|(^\\/[\\u0021-\\u007f]+\\/$)");
    }
}

}  // namespace

namespace {

// awsLogicalResourceId: ^[#A-Za-z0-9-_./]+[*]?$
bool logical_id_like(const std::string& s) {
    std::size_t n = s.size();
    if (n && s[n - 1] == '*') --n;
    if (n == 0) return false;
    for (std::size_t i = 0; i < n; ++i) {
        char c = s[i];
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '#' || c == '-' || c == '_' || c == '.' || c == '/'))
            return false;
    }
    return true;
}

// Ajv with coerceTypes 'array' walking awsIamPolicyResource's anyOf [const '*', awsArn (string ^arn:
// | CF function), awsLogicalResourceId, array]: a one-string list collapses to the string when a string
// branch accepts it; a string no string branch accepts becomes a one-element list.
void coerce_resource(json& v) {
    if (v.is_number() || v.is_boolean()) {  // `Resource: 12345`: Ajv's string, "12345"
        coerce_to_string(v);
        return;
    }
    if (v.is_array() && v.size() == 1 && v[0].is_string()) {
        const std::string& s = v[0].get_ref<const std::string&>();
        if (s.compare(0, 4, "arn:") == 0 || logical_id_like(s)) v = json(v[0]);
        return;
    }
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        // Placeholders (`${ssm:...}`) stand for a value we do not know: leave them alone.
        if (s == "*" || s.compare(0, 4, "arn:") == 0 || logical_id_like(s) || s.find("${") != std::string::npos) return;
        v = json::array({v});
    }
}

// ... and to a schema `boolean`: "true"/"false", 1/0 and null (false); anything else is left to fail.
void coerce_to_boolean(json& v) {
    if (v.is_null()) v = false;
    else if (v.is_string() && (v == "true" || v == "false")) v = v == "true";
    else if (v.is_number_integer() && (v == 0 || v == 1)) v = v == 1;
}

// awsIamPolicyPrincipal is anyOf [const '*', {AWS: anyOf [const '*', Fn::If, array of account id | ARN],
// Federated|Service|CanonicalUser: array of strings}]: in the mapping, a scalar becomes a one-item list and a
// number an account id string (`AWS: arn:...` is deployed as `AWS: [arn:...]`).
void coerce_principal(json& v) {
    if (!v.is_object()) return;
    for (const char* k : {"AWS", "Federated", "Service", "CanonicalUser"}) {
        if (!v.contains(k)) continue;
        json& p = v[k];
        if (std::strcmp(k, "AWS") == 0 && (p == "*" || p.is_object())) continue;
        if (p.is_string() || p.is_number() || p.is_boolean()) p = json::array({p});
        if (p.is_array())
            for (auto& x : p)
                if (x.is_number() || x.is_boolean()) coerce_to_string(x);
    }
}

// awsLambdaTracing is anyOf [enum Active/PassThrough, boolean]: a value the enum refuses takes the boolean
// branch's coercion, so `tracing: ${env:TRACING, false}` resolved to the string "false" turns tracing off (and
// the X-Ray statement with it) where the string itself would be truthy in functions.js.
void coerce_tracing(json& v) {
    if (v.is_string() && (v == "Active" || v == "PassThrough")) return;
    coerce_to_boolean(v);
}

// config-schema-handler/index.js normalizeUserConfig: before Ajv runs, every null-valued key is deleted and
// set back afterwards, so each ends up last in its mapping (in its original order among them).
void move_null_members_last(json& v, int depth = 0) {
    if (depth > 256) return;
    if (v.is_array()) {
        for (auto& x : v) move_null_members_last(x, depth + 1);
        return;
    }
    if (!v.is_object()) return;
    bool null_seen = false, moved = false;
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.value().is_null()) {
            null_seen = true;
        } else {
            moved = moved || null_seen;
            move_null_members_last(it.value(), depth + 1);
        }
    }
    if (!moved) return;
    json reordered = json::object();
    std::vector<std::string> nulls;
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.value().is_null()) nulls.push_back(it.key());
        else reordered[it.key()] = std::move(it.value());
    }
    for (const auto& k : nulls) reordered[k] = nullptr;
    v = std::move(reordered);
}

// awsCfGetAtt wants `Fn::GetAtt` as a two-string list and awsCfJoin `[string, list]`: Ajv's array coercion
// wraps a scalar in place while it tries those anyOf branches, and the wrap stays when the branch then fails
// (minItems), so `Fn::GetAtt: X.Arn` reaches the template as `["X.Arn"]`, which CloudFormation refuses.
void wrap_intrinsic_scalars(context& ctx, json& v, const std::string& pointer, int depth = 0) {
    if (depth > 64) return;
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) wrap_intrinsic_scalars(ctx, v[i], pointer + "/" + std::to_string(i), depth + 1);
        return;
    }
    if (!v.is_object()) return;
    if (v.size() == 1 && v.contains("Fn::GetAtt") && v["Fn::GetAtt"].is_string()) {
        const std::string text = v["Fn::GetAtt"].get<std::string>();
        v["Fn::GetAtt"] = json::array({text});
        ctx.warning("WD2089",
                    "`Fn::GetAtt: " + text + "` (one string) is turned by the framework's validator into the one-item list `[" + text +
                        "]`, which CloudFormation refuses: write `!GetAtt " + text + "` or `Fn::GetAtt: [" +
                        text.substr(0, text.find('.')) + ", " + (text.find('.') == std::string::npos ? "" : text.substr(text.find('.') + 1)) + "]`",
                    pointer + "/Fn::GetAtt", json{{"value", text}});
        return;
    }
    if (v.size() == 1 && v.contains("Fn::Join") && v["Fn::Join"].is_array() && v["Fn::Join"].size() == 2 &&
        v["Fn::Join"][0].is_string() && !v["Fn::Join"][1].is_structured()) {
        json only = v["Fn::Join"][1];
        v["Fn::Join"][1] = json::array({only});
        return;
    }
    for (auto it = v.begin(); it != v.end(); ++it)
        wrap_intrinsic_scalars(ctx, it.value(), pointer + "/" + yaml::escape_pointer_token(it.key()), depth + 1);
}

// The shared role's parts are built in their own functions, kept out of line: as one function this was a 25 KB
// WebAssembly function that V8's baseline compiler took 20-35 ms to compile on the first package in a browser.
// Default log statements (§5): custom-named functions first, then one `<S>-<G>*` entry.
[[gnu::noinline]] void add_default_log_statements(context& ctx, json& statements, std::vector<statement_source>& prov) {
    const std::string& S = ctx.service;
    const std::string& G = ctx.stage;
    json logs0 = json{{"Effect", "Allow"},
                      {"Action", json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"})},
                      {"Resource", json::array()}};
    json logs1 = json{{"Effect", "Allow"}, {"Action", json::array({"logs:PutLogEvents"})}, {"Resource", json::array()}};
    const std::string prefix = S + "-" + G;
    bool canonical_with_logs = false;
    std::vector<std::string> canonical_disabled;
    for (const auto& key : ctx.function_keys) {
        const json& fn = ctx.function(key);
        const json& name_value = ctx.function_name_value(key);
        bool disabled = truthy(member(fn, "disableLogs"));
        std::string name = ctx.function_name(key);
        bool canonical = !truthy(name_value) || (name.compare(0, prefix.size(), prefix) == 0 && !name.empty());
        if (canonical) {
            if (disabled) canonical_disabled.push_back(name);
            else canonical_with_logs = true;
            continue;
        }
        if (disabled || name.empty()) continue;
        logs0["Resource"].push_back(json{{"Fn::Sub", naming::log_group_arn_sub(name + ":*")}});
        logs1["Resource"].push_back(json{{"Fn::Sub", naming::log_group_arn_sub(name + ":*:*")}});
    }
    if (canonical_with_logs) {
        logs0["Resource"].push_back(json{{"Fn::Sub", naming::log_group_arn_sub(prefix + "*:*")}});
        logs1["Resource"].push_back(json{{"Fn::Sub", naming::log_group_arn_sub(prefix + "*:*:*")}});
    }
    statements.push_back(logs0);
    prov.push_back(ctx.source("framework-default", "", "default log statement (log groups)"));
    statements.push_back(logs1);
    prov.push_back(ctx.source("framework-default", "", "default log statement (log events)"));
    if (logs0["Resource"].empty())
        ctx.warning("WD2046",
                    "every function has `disableLogs`, so the default log statements have no Resource and the deploy "
                    "fails with \"Policy statement must contain resources\"",
                    "/functions");
    if (canonical_with_logs && !canonical_disabled.empty()) {
        json deny = json{{"Effect", "Deny"}, {"Action", "logs:PutLogEvents"}, {"Resource", json::array()}};
        for (const auto& name : canonical_disabled)
            deny["Resource"].push_back(json{{"Fn::Sub", naming::log_group_arn_sub(name + ":*")}});
        statements.push_back(deny);
        prov.push_back(ctx.source("setting", "/functions", "disableLogs"));
    }
}

// User statements (§6): iam.role.statements when truthy, else the legacy key; never merged.
[[gnu::noinline]] void add_user_statements(context& ctx, const json& iam_role, json& statements, std::vector<statement_source>& prov) {
    const json& provider = ctx.provider();
    const json& modern = member(iam_role, "statements");
    const json& legacy = member(provider, "iamRoleStatements");
    std::string user_pointer;
    const json* user = nullptr;
    if (truthy(modern)) {
        user = &modern;
        user_pointer = "/provider/iam/role/statements";
        if (truthy(legacy))
            ctx.warning("WD2012",
                        "`provider.iamRoleStatements` is ignored because `provider.iam.role.statements` is set",
                        "/provider/iamRoleStatements");
    } else if (truthy(legacy)) {
        user = &legacy;
        user_pointer = "/provider/iamRoleStatements";
    }
    if (iam_role.is_object()) validate_role_settings(ctx, iam_role);
    // `iam:\n  role:` with nothing under it: merge-iam-templates.js reads `.tags` of null and crashes.
    if (member(provider, "iam").is_object() && provider["iam"].contains("role") && provider["iam"]["role"].is_null())
        ctx.error("WD2017", "`provider.iam.role` is empty: the framework fails with \"TypeError: Cannot read properties of null\" "
                            "(remove the key or give it `statements`)", "/provider/iam/role");
    // A list that comes whole from a source not read here (`${ssm:...}`, a JavaScript file) is a placeholder,
    // not a mistake: its statements are unknown, and the rest of the role is built.
    const bool kept = user && user->is_string() &&
                      std::find(ctx.res.placeholders.begin(), ctx.res.placeholders.end(), user->get<std::string>()) != ctx.res.placeholders.end();
    if (kept) {
        ctx.warning("WD2018", "the statements of `" + pointer_to_path(user_pointer) + "` come from `" + user->get<std::string>() +
                                  "`, which is not read here: the role is shown without them",
                    user_pointer, json{{"path", pointer_to_path(user_pointer)}, {"source", *user}});
    } else if (user) {
        if (!user->is_array()) {
            // `push(...statements)` on a non-iterable: the framework crashes with a TypeError.
            ctx.error("WD2010",
                      "`" + pointer_to_path(user_pointer) +
                          "` must be a list of statements (the framework fails with \"TypeError: Spread syntax "
                          "requires ...iterable\")",
                      user_pointer, json{{"path", pointer_to_path(user_pointer)}});
        } else {
            validate_statements(ctx, *user, user_pointer);
            for (std::size_t i = 0; i < user->size(); ++i) {
                statements.push_back((*user)[i]);
                prov.push_back(ctx.source("config", child_pointer(user_pointer, i)));
            }
        }
    }
}

// Managed policies (§4): iam.role.managedPolicies when truthy, else iamManagedPolicies; then VPC.
[[gnu::noinline]] void set_managed_policies(context& ctx, const json& iam_role, json& props, std::vector<statement_source>& managed_prov) {
    const json& provider = ctx.provider();
    json managed = json::array();
    const json& mp_modern = member(iam_role, "managedPolicies");
    const json& mp_legacy = member(provider, "iamManagedPolicies");
    const json* mp = truthy(mp_modern) ? &mp_modern : (truthy(mp_legacy) ? &mp_legacy : nullptr);
    std::string mp_pointer = truthy(mp_modern) ? "/provider/iam/role/managedPolicies" : "/provider/iamManagedPolicies";
    if (mp && mp->is_array()) {
        for (std::size_t i = 0; i < mp->size(); ++i) {
            managed.push_back((*mp)[i]);
            std::string detail = (*mp)[i].is_string() ? (*mp)[i].get<std::string>() : (*mp)[i].dump();
            managed_prov.push_back(ctx.source("managed-policy", child_pointer(mp_pointer, i), detail));
            if ((*mp)[i].is_string() && (*mp)[i].get_ref<const std::string&>().compare(0, 4, "arn:") != 0)
            {
                const std::string msg = "managed policy `" + (*mp)[i].get<std::string>() + "` is not an ARN; " +
                                        (ctx.strict_validation ? std::string("configValidationMode: error stops the framework")
                                                               : std::string("the deploy fails"));
                if (ctx.strict_validation) ctx.error("WD2015", msg, child_pointer(mp_pointer, i));
                else ctx.warning("WD2015", msg, child_pointer(mp_pointer, i));
            }
        }
        if (truthy(mp_modern) && truthy(mp_legacy))
            ctx.warning("WD2012",
                        "`provider.iamManagedPolicies` is ignored because `provider.iam.role.managedPolicies` is set",
                        "/provider/iamManagedPolicies");
    }
    bool vpc = truthy(member(provider, "vpc"));
    std::string vpc_pointer = "/provider/vpc";
    for (const auto& key : ctx.function_keys)
        if (!vpc && has_key(ctx.function(key), "vpc")) {
            vpc = true;  // even `vpc: ~` (case 89)
            vpc_pointer = child_pointer(ctx.function_pointer(key), "vpc");
        }
    if (vpc) {
        managed.push_back(vpc_policy_arn());
        managed_prov.push_back(ctx.source("setting", vpc_pointer,
                                          "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"));
    }
    if (!managed.empty()) props["ManagedPolicyArns"] = managed;
}

}  // namespace

void coerce_schema_lists(context& ctx) {
    move_null_members_last(ctx.res.config);
    if (ctx.res.config.is_object())
        for (const char* area : {"provider", "functions"})
            if (ctx.res.config.contains(area)) wrap_intrinsic_scalars(ctx, ctx.res.config[area], std::string("/") + area);
    // Ajv `coerceTypes: 'array'` (resolve-ajv-validate.js): a scalar becomes a one-element list where the
    // schema wants a list (Action/NotAction), Resource/NotResource follow the schema's anyOf (see
    // coerce_resource), and scalars where the schema wants a string (Sid, actions, role name and path,
    // tag values) or a boolean (the plugin's iamRoleStatementsInherit) change type.
    auto coerce_statements = [](json& list) {
        // A scalar where the schema wants the statement list becomes a one-item list (pushed as written).
        // (Not a variable kept unresolved: that is no statement, and is reported as such.)
        if ((list.is_string() && list.get_ref<const std::string&>().find("${") == std::string::npos) || list.is_number() ||
            list.is_boolean())
            list = json::array({list});
        if (!list.is_array()) return;
        for (auto& s : list) {
            if (!s.is_object()) continue;
            if (s.contains("Sid") && s["Sid"].is_array() && s["Sid"].size() == 1 && !s["Sid"][0].is_structured()) {
                json only = s["Sid"][0];
                s["Sid"] = std::move(only);
            }
            if (s.contains("Sid") && !s["Sid"].is_null()) coerce_to_string(s["Sid"]);
            for (const char* k : {"Action", "NotAction"}) {
                if (s.contains(k) && (s[k].is_string() || s[k].is_number() || s[k].is_boolean()))
                    s[k] = json::array({s[k]});
                if (s.contains(k) && s[k].is_array())
                    for (auto& a : s[k]) coerce_to_string(a);
            }
            for (const char* k : {"Principal", "NotPrincipal"})
                if (s.contains(k)) coerce_principal(s[k]);
            for (const char* k : {"Resource", "NotResource"})
                if (s.contains(k)) {
                    coerce_resource(s[k]);
                    if (s[k].is_array())
                        for (auto& r : s[k])
                            if (!r.is_object()) coerce_to_string(r);
                }
        }
    };
    // (A null item becomes "": Ajv's coerceTypes turns null into the empty string where the schema wants one.)
    auto coerce_list = [](json& v) {
        if (v.is_string()) v = json::array({v});
        if (v.is_array())
            for (auto& item : v) {
                if (item.is_null()) item = "";
                else if (item.is_number() || item.is_boolean()) coerce_to_string(item);
            }
    };
    auto coerce_role_settings = [](json& role) {
        for (const char* k : {"name", "path"})
            if (role.contains(k) && (role[k].is_number() || role[k].is_boolean())) coerce_to_string(role[k]);
        if (role.contains("tags") && role["tags"].is_object())
            for (auto& t : role["tags"]) {
                if (t.is_array() && t.size() == 1 && !t[0].is_structured()) {  // `team: [core]` -> "core"
                    json only = t[0];
                    t = std::move(only);
                }
                if (!t.is_null()) coerce_to_string(t);
            }
    };
    // ...and the reverse: a one-item list where the schema wants a string (`role: [arn]`, `onError: [arn]`,
    // `sqs: [arn]`) becomes that string.
    auto unwrap = [](json& parent, const char* key) {
        if (!parent.is_object() || !parent.contains(key)) return;
        json& v = parent[key];
        if (v.is_array() && v.size() == 1 && (v[0].is_string() || v[0].is_number() || v[0].is_boolean())) {
            json only = v[0];
            v = std::move(only);
            coerce_to_string(v);
        }
    };
    json& cfg = ctx.res.config;
    if (cfg.is_object() && cfg.contains("functions") && cfg["functions"].is_object())
        for (auto it = cfg["functions"].begin(); it != cfg["functions"].end(); ++it) {
            json& fn = it.value();
            for (const char* k : {"role", "kmsKeyArn", "onError", "tracing", "name", "iamRoleStatementsName"}) unwrap(fn, k);
            if (fn.is_object() && fn.contains("destinations") && fn["destinations"].is_object())
                for (const char* k : {"onSuccess", "onFailure"}) unwrap(fn["destinations"], k);
            if (fn.is_object() && fn.contains("tracing")) coerce_tracing(fn["tracing"]);
            // Schema booleans the rules read for truth (`disableLogs: ${env:X, 'false'}` keeps the logs).
            for (const char* k : {"disableLogs", "snapStart"})
                if (fn.is_object() && fn.contains(k) && fn[k].is_string()) coerce_to_boolean(fn[k]);
            // `name: 20240101`: the schema's string; the framework deploys (and names the log group) "20240101".
            // The same for `role: 12345` (a logical id) and the plugin's `iamRoleStatementsName: 2024`.
            for (const char* k : {"name", "role", "iamRoleStatementsName"})
                if (fn.is_object() && fn.contains(k) && (fn[k].is_number() || fn[k].is_boolean())) coerce_to_string(fn[k]);
            if (!fn.is_object() || !fn.contains("events")) continue;
            json& events = fn["events"];
            if (events.is_object()) {  // stream.js calls events.some(): a TypeError in the framework
                ctx.error("WD2055", "the `events` of function `" + it.key() + "` must be a list (`- http: ...`), not a mapping",
                          "/functions/" + yaml::escape_pointer_token(it.key()) + "/events");
                events = json::array();
                continue;
            }
            if (!events.is_array()) continue;
            for (auto& ev : events) {
                unwrap(ev, "sqs");
                for (const char* type : {"stream", "sns", "sqs"})  // the object forms' `arn: [arn]`
                    if (ev.is_object() && ev.contains(type) && ev[type].is_object()) unwrap(ev[type], "arn");
                for (const char* type : {"s3", "cognitoUserPool"})
                    if (ev.is_object() && ev.contains(type) && ev[type].is_object() && ev[type].contains("existing") &&
                        ev[type]["existing"].is_string())
                        coerce_to_boolean(ev[type]["existing"]);
                // `- sqs:` with no value: every event compiler checks `if (event.<type>)`, so it adds nothing.
                // Emptied in place, so later events keep their index (and their line).
                if (ev.is_object() && ev.size() == 1 && ev.begin().value().is_null()) ev = json::object();
            }
        }
    if (!cfg.is_object() || !cfg.contains("provider") || !cfg["provider"].is_object()) return;
    json& provider = cfg["provider"];
    for (const char* k : {"role", "kmsKeyArn", "rolePermissionsBoundary"}) unwrap(provider, k);
    // Numbers and booleans where the schema's first choice is a string become that string (Ajv coerceTypes, which
    // keeps the change even when a later check of the value fails): `role: 12345` is the logical id "12345",
    // `deploymentRole: false` the role "false", `kmsKeyArn: 12345` a statement on "12345".
    auto stringify = [](json& parent, const char* key) {
        if (parent.is_object() && parent.contains(key) && (parent[key].is_number() || parent[key].is_boolean())) coerce_to_string(parent[key]);
    };
    for (const char* k : {"role", "kmsKeyArn", "rolePermissionsBoundary", "cfnRole"}) stringify(provider, k);
    if (provider.contains("iam") && provider["iam"].is_object()) {
        stringify(provider["iam"], "role");
        stringify(provider["iam"], "deploymentRole");
        if (provider["iam"].contains("role") && provider["iam"]["role"].is_object()) stringify(provider["iam"]["role"], "permissionsBoundary");
    }
    if (cfg.contains("functions") && cfg["functions"].is_object())
        for (auto& fn : cfg["functions"])
            for (const char* k : {"kmsKeyArn", "onError"}) stringify(fn, k);
    if (provider.contains("eventBridge") && provider["eventBridge"].is_object() &&
        provider["eventBridge"].contains("useCloudFormation") && provider["eventBridge"]["useCloudFormation"].is_string())
        coerce_to_boolean(provider["eventBridge"]["useCloudFormation"]);
    // logs.frameworkLambda is a boolean; logs.restApi / websocket anyOf [boolean, object].
    if (provider.contains("logs") && provider["logs"].is_object())
        for (const char* k : {"frameworkLambda", "restApi", "websocket"}) {
            json& logs = provider["logs"];
            if (logs.contains(k) && logs[k].is_string()) coerce_to_boolean(logs[k]);
            // The object forms' booleans (`roleManagedExternally: 'false'` still creates the CloudWatch role).
            if (logs.contains(k) && logs[k].is_object())
                for (const char* b : {"accessLogging", "executionLogging", "fullExecutionData", "roleManagedExternally"})
                    if (logs[k].contains(b) && logs[k][b].is_string()) coerce_to_boolean(logs[k][b]);
        }
    if (provider.contains("tracing")) unwrap(provider["tracing"], "lambda");
    if (provider.contains("tracing") && provider["tracing"].is_object() && provider["tracing"].contains("lambda"))
        coerce_tracing(provider["tracing"]["lambda"]);
    if (provider.contains("iam") && provider["iam"].is_object() && provider["iam"].contains("role") &&
        provider["iam"]["role"].is_object()) {
        json& role = provider["iam"]["role"];
        for (const char* k : {"name", "path", "permissionsBoundary"}) unwrap(role, k);
        if (role.contains("statements")) coerce_statements(role["statements"]);
        if (role.contains("managedPolicies")) coerce_list(role["managedPolicies"]);
        coerce_role_settings(role);
    }
    if (provider.contains("iamRoleStatements")) coerce_statements(provider["iamRoleStatements"]);
    if (provider.contains("iamManagedPolicies")) coerce_list(provider["iamManagedPolicies"]);
    if (ctx.plugin && cfg.contains("functions") && cfg["functions"].is_object())
        for (auto& fn : cfg["functions"]) {
            if (fn.is_object() && fn.contains("iamRoleStatements")) coerce_statements(fn["iamRoleStatements"]);
            if (fn.is_object() && fn.contains("iamRoleStatementsInherit")) coerce_to_boolean(fn["iamRoleStatementsInherit"]);
        }
}

void build_shared_role(context& ctx) {
    const json& provider = ctx.provider();
    const json& iam_role = member(member(provider, "iam"), "role");
    if (ctx.function_keys.empty()) {
        if (truthy(member(iam_role, "statements")) || truthy(member(provider, "iamRoleStatements")))
            ctx.info("WD2062", "the service has no functions, so no execution role is generated", "/provider");
        return;
    }
    if (iam_role.is_object() && !is_existing_role(iam_role)) {
        for (auto it = iam_role.begin(); it != iam_role.end(); ++it)
            if (!role_setting_keys.count(it.key())) {
                // (The schema refuses it: configValidationMode: error stops the framework here.)
                const std::string msg = "`provider.iam.role` uses an unsupported object format (`" + it.key() + "`); " +
                                        (ctx.strict_validation ? std::string("configValidationMode: error stops the framework")
                                                               : std::string("the framework ignores it and creates the default role"));
                if (ctx.strict_validation) ctx.error("WD2014", msg, "/provider/iam/role", json{{"key", it.key()}});
                else ctx.warning("WD2014", msg, "/provider/iam/role", json{{"key", it.key()}});
                break;
            }
    }
    if (is_existing_role(iam_role)) return;
    if (has_key(provider, "role")) return;
    bool all_have_role = true;
    for (const auto& key : ctx.function_keys)
        if (!has_key(ctx.function(key), "role")) all_have_role = false;
    if (all_have_role) {
        if (truthy(member(iam_role, "statements")) || truthy(member(provider, "iamRoleStatements")))
            ctx.warning("WD2063",
                        "every function sets its own `role`, so the provider statements and managed policies are "
                        "not deployed",
                        "/provider");
        return;
    }

    const std::string& S = ctx.service;
    const std::string& G = ctx.stage;
    json role = json::object();
    role["Type"] = "AWS::IAM::Role";
    json props = json::object();
    props["AssumeRolePolicyDocument"] = json{
        {"Version", "2012-10-17"},
        {"Statement", json::array({json{{"Effect", "Allow"},
                                        {"Principal", json{{"Service", json::array({"lambda.amazonaws.com"})}}},
                                        {"Action", json::array({"sts:AssumeRole"})}}})}};
    json statements = json::array();
    std::vector<statement_source> prov;

    add_default_log_statements(ctx, statements, prov);
    add_user_statements(ctx, iam_role, statements, prov);

    props["Policies"] = json::array({json{{"PolicyName", json{{"Fn::Join", json::array({"-", json::array({S, G, "lambda"})})}}},
                                          {"PolicyDocument", json{{"Version", "2012-10-17"}, {"Statement", statements}}}}});
    const json& path = member(iam_role, "path");
    props["Path"] = truthy(path) ? path : json("/");
    const json& name = member(iam_role, "name");
    if (truthy(name)) {
        props["RoleName"] = name;
        if (name.is_string() && name.get_ref<const std::string&>().size() > 64)
            ctx.warning("WD2045", "role name `" + name.get<std::string>() + "` is longer than 64 characters; the deploy fails",
                        "/provider/iam/role/name");
    } else {
        props["RoleName"] = json{{"Fn::Join", json::array({"-", json::array({S, G, json{{"Ref", "AWS::Region"}}, "lambdaRole"})})}};
        std::size_t len = S.size() + G.size() + ctx.region.size() + std::string("lambdaRole").size() + 3;
        if (len > 64)
            ctx.warning("WD2045",
                        "the generated role name `" + S + "-" + G + "-" + ctx.region + "-lambdaRole` is longer than 64 "
                        "characters; the deploy fails (set `provider.iam.role.name`)",
                        "/service", json{{"length", len}});
    }

    std::vector<statement_source> managed_prov;
    set_managed_policies(ctx, iam_role, props, managed_prov);

    // Boundary: permissionsBoundary -> permissionBoundary -> rolePermissionsBoundary.
    for (auto [holder, key] : {std::pair<const json*, const char*>{&iam_role, "permissionsBoundary"},
                               {&iam_role, "permissionBoundary"},
                               {&provider, "rolePermissionsBoundary"}}) {
        if (truthy(member(*holder, key))) {
            props["PermissionsBoundary"] = member(*holder, key);
            break;
        }
    }
    const json& tags = member(iam_role, "tags");
    if (tags.is_object()) {  // `tags: {}` still gives `Tags: []`
        json list = json::array();
        for (auto it = tags.begin(); it != tags.end(); ++it) list.push_back(json{{"Key", it.key()}, {"Value", it.value()}});
        props["Tags"] = list;
    } else if (tags.is_array()) {  // Object.keys of a list: its indices ("0", "1", ...), each element whole
        json list = json::array();
        for (std::size_t i = 0; i < tags.size(); ++i) list.push_back(json{{"Key", std::to_string(i)}, {"Value", tags[i]}});
        props["Tags"] = list;
    }
    role["Properties"] = std::move(props);
    ctx.resources[naming::shared_role_id] = std::move(role);
    ctx.provenance[naming::shared_role_id] = role_provenance{std::move(prov), std::move(managed_prov)};
}

}  // namespace wd::sls
