// SPDX-License-Identifier: MIT
#include "explain/intrinsics.hpp"

#include <algorithm>

#include "iam/arn.hpp"
#include "iam/request_context.hpp"

#include <cctype>
#include <optional>

#include "serverless/variables.hpp"

namespace wd::explain {
namespace {

constexpr int k_max_depth = 24;  // Ref chains and nested Subs are shallow; this stops cycles

json resolve_at(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth);

std::string as_text(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth) {
    json r = resolve_at(v, ctx, unresolved, depth + 1);
    if (r.is_string()) return r.get<std::string>();
    if (r.is_number() || r.is_boolean()) return r.dump();
    std::string what = "value " + v.dump();
    unresolved.push_back(what);
    return placeholder(what);
}

std::string pseudo(const std::string& name, const resolve_context& ctx) {
    if (name == "AWS::Region") return ctx.region;
    if (name == "AWS::AccountId") return ctx.account_id;
    if (name == "AWS::Partition") return ctx.partition;
    if (name == "AWS::URLSuffix") return ctx.partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    if (name == "AWS::NoValue") return "";
    if (name == "AWS::StackName") return ctx.stack_name.empty() && ctx.wildcard_names ? "*" : ctx.stack_name;
    return {};
}

// A template Parameter's value: `*` when matching names, else its Default; none for other names.
std::optional<std::string> parameter_value(const std::string& name, const resolve_context& ctx) {
    if (!ctx.parameters || !ctx.parameters->is_object()) return std::nullopt;
    const auto it = ctx.parameters->find(name);
    if (it == ctx.parameters->end() || !it->is_object()) return std::nullopt;
    if (ctx.wildcard_names) return std::string("*");
    if (ctx.parameter_markers) return parameter_marker(name);
    if (const auto given = ctx.parameter_values.find(name); given != ctx.parameter_values.end()) return given->second;
    const auto d = it->find("Default");
    if (d == it->end()) return std::nullopt;
    if (d->is_string()) return d->get<std::string>();
    if (d->is_number()) return d->dump();
    return std::nullopt;
}

// Variables the framework resolves only with AWS access stay in the config as `${source:address}` text
// (see serverless/variables.hpp). They are not IAM policy variables: `${aws:accountId}` is the account,
// known from the flags or the log; the others become placeholders that match nothing. Returns false for
// any other name (an IAM policy variable such as `${aws:username}` stays for the evaluator).
bool kept_framework_variable(const std::string& name, const resolve_context& ctx, std::vector<std::string>& unresolved,
                             std::string& out) {
    if (name == "aws:accountId") {
        if (!ctx.account_id.empty()) {
            out += ctx.account_id;
            return true;
        }
    } else {
        const std::string source = name.substr(0, name.find_first_of(":("));
        if (name != "sls:instanceId" && (source.size() == name.size() || !sls::is_placeholder_source(source))) return false;
        if (const auto known = ctx.known_remote.find(name); known != ctx.known_remote.end()) {
            out += known->second;
            return true;
        }
    }
    unresolved.push_back("${" + name + "}");
    out += placeholder("${" + name + "}");
    return true;
}

// A plain string with kept framework variables substituted; other `${…}` text is left as it is.
std::string substitute_kept_variables(const std::string& s, const resolve_context& ctx, std::vector<std::string>& unresolved) {
    if (s.find("${") == std::string::npos) return s;
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const std::size_t close = s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{' ? s.find('}', i + 2) : std::string::npos;
        if (close != std::string::npos && kept_framework_variable(s.substr(i + 2, close - i - 2), ctx, unresolved, out)) {
            i = close;
            continue;
        }
        out += s[i];
    }
    return out;
}

const json* resource_props(const std::string& id, const resolve_context& ctx, std::string& type) {
    const json* in = ctx.resources && ctx.resources->is_object() && ctx.resources->contains(id) ? ctx.resources
                     : ctx.event_resources && ctx.event_resources->is_object()                 ? ctx.event_resources.get()
                                                                                                 : nullptr;
    if (!in) return nullptr;
    auto it = in->find(id);
    if (it == in->end() || !it->is_object()) return nullptr;
    type = it->value("Type", std::string());
    auto p = it->find("Properties");
    static const json empty = json::object();
    return (p != it->end() && p->is_object()) ? &*p : &empty;
}

std::string name_prop(const json& props, const char* key, const resolve_context& ctx,
                      std::vector<std::string>& unresolved, int depth) {
    auto it = props.find(key);
    if (it == props.end()) return {};
    return as_text(*it, ctx, unresolved, depth);
}

std::string attribute_at(const std::string& id, const std::string& attr, const resolve_context& ctx,
                         std::vector<std::string>& unresolved, int depth) {
    std::string type;
    const json* props = resource_props(id, ctx, type);
    if (!props) return {};
    const std::string arn_prefix = "arn:" + ctx.partition + ":";
    const std::string ra = ctx.region + ":" + ctx.account_id + ":";
    // A resource without its name property gets one from CloudFormation: `<stack>-<LogicalId>-<random>`
    // (lower case for buckets). As a pattern it matches the deployed name, so an ARN in the log is recognised
    // as this resource. (CloudFormation shortens very long names: those stay unmatched, as before.)
    std::string generated = ctx.stack_name.empty() || ctx.stack_name.find_first_of("<>${}") != std::string::npos
                                ? (ctx.any_stack ? "*-" + id + "-*" : std::string())
                                : ctx.stack_name + "-" + id + "-*";
    if (ctx.any_stack && generated.rfind("*-", 0) == 0 && !ctx.pin_generated.empty()) {
        // Any stack: the deployed name is the segment holding `-<LogicalId>-` (case aside).
        const std::string hay = iam::lower_copy(ctx.pin_generated), needle = iam::lower_copy("-" + id + "-");
        const std::size_t at = hay.find(needle);
        const std::size_t start = at == std::string::npos ? at : hay.find_last_of(":/", at);
        if (at != std::string::npos && start != std::string::npos && start + 1 < at) {
            std::size_t end = at + needle.size();
            while (end < hay.size() && hay[end] != '/' && hay[end] != ':') ++end;
            if (end > at + needle.size()) generated = ctx.pin_generated.substr(start + 1, end - start - 1);
        }
    } else if (!generated.empty() && !ctx.pin_generated.empty()) {
        // The deployed name in the request: the prefix right after `:` or `/`, then one name segment.
        const std::string prefix = generated.substr(0, generated.size() - 1);
        const std::string hay = iam::lower_copy(ctx.pin_generated), needle = iam::lower_copy(prefix);
        const std::size_t at = hay.find(needle);
        if (at != std::string::npos && at > 0 && (hay[at - 1] == ':' || hay[at - 1] == '/')) {
            std::size_t end = at + needle.size();
            while (end < hay.size() && hay[end] != '/' && hay[end] != ':') ++end;
            if (end > at + needle.size()) generated = ctx.pin_generated.substr(at, end - at);
        }
    }
    auto named = [&](const char* key) {
        std::string n = name_prop(*props, key, ctx, unresolved, depth);
        return n.empty() && !props->contains(key) ? generated : n;
    };
    bool ref = attr.empty();
    if (type == "AWS::DynamoDB::Table") {
        std::string n = named("TableName");
        if (n.empty()) return {};
        if (ref || attr == "TableName") return n;
        if (attr == "Arn") return arn_prefix + "dynamodb:" + ra + "table/" + n;
        // The label is set when the stream is created; as a pattern the attribute matches whichever it is.
        if (attr == "StreamArn") return arn_prefix + "dynamodb:" + ra + "table/" + n + "/stream/*";
    } else if (type == "AWS::SQS::Queue") {
        std::string n = named("QueueName");
        if (n.empty()) return {};
        if (attr == "Arn") return arn_prefix + "sqs:" + ra + n;
        if (attr == "QueueName") return n;
        if (ref || attr == "QueueUrl") return "https://sqs." + ctx.region + ".amazonaws.com/" + ctx.account_id + "/" + n;
    } else if (type == "AWS::KinesisFirehose::DeliveryStream") {
        std::string n = named("DeliveryStreamName");
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn") return arn_prefix + "firehose:" + ra + "deliverystream/" + n;
    } else if (type == "AWS::SNS::Topic") {
        std::string n = named("TopicName");
        if (n.empty()) return {};
        if (ref || attr == "TopicArn") return arn_prefix + "sns:" + ra + n;
        if (attr == "TopicName") return n;
    } else if (type == "AWS::S3::Bucket") {
        std::string n = named("BucketName");
        if (!props->contains("BucketName"))
            for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn") return arn_prefix + "s3:::" + n;
    } else if (type == "AWS::Events::EventBus") {
        std::string n = named("Name");
        if (n.empty()) return {};
        if (ref || attr == "Name") return n;
        if (attr == "Arn") return arn_prefix + "events:" + ra + "event-bus/" + n;
    } else if (type == "AWS::Kinesis::Stream") {
        std::string n = named("Name");
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn") return arn_prefix + "kinesis:" + ra + "stream/" + n;
    } else if (type == "AWS::SecretsManager::Secret") {
        std::string n = named("Name");
        if (n.empty()) return {};
        if (ref || attr == "Id") return arn_prefix + "secretsmanager:" + ra + "secret:" + n + "-??????";
    } else if (type == "AWS::StepFunctions::StateMachine") {
        std::string n = named("StateMachineName");
        if (n.empty()) return {};
        if (ref || attr == "Arn") return arn_prefix + "states:" + ra + "stateMachine:" + n;
        if (attr == "Name") return n;
    } else if (type == "AWS::Lambda::Function") {
        std::string n = named("FunctionName");
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn") return arn_prefix + "lambda:" + ra + "function:" + n;
    } else if (type == "AWS::IAM::Role") {
        std::string n = named("RoleName");
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn") return arn_prefix + "iam::" + ctx.account_id + ":role/" + n;
    } else if (type == "AWS::IAM::ManagedPolicy") {
        std::string n = named("ManagedPolicyName");
        if (n.empty()) return {};
        if (ref || attr == "PolicyArn") return arn_prefix + "iam::" + ctx.account_id + ":policy/" + n;
    } else if (type == "AWS::Logs::LogGroup") {
        std::string n = named("LogGroupName");
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn") return arn_prefix + "logs:" + ra + "log-group:" + n + ":*";
    } else if (type == "AWS::KMS::Key" || type == "AWS::Cognito::UserPool") {
        // Random ids: the file's only resource of the type matches any id in its account and region.
        if (resources_of_type(ctx.resources, type) + resources_of_type(ctx.event_resources.get(), type) != 1) return {};
        if (type == "AWS::KMS::Key") {
            // Ref is the key id, a UUID (`mrk-` and 32 hex digits for a multi-Region key): as a pattern of that
            // shape it still fills `key/${DataKey}`, but a whole Resource `!Ref DataKey` matches no ARN, as in AWS.
            if (ref || attr == "KeyId") {
                const auto multi = props->find("MultiRegion");
                if (multi != props->end() && (*multi == true || *multi == "true")) return "mrk-" + std::string(32, '?');
                const std::string q4(4, '?');  // (`?` runs spelled out would be trigraphs)
                return std::string(8, '?') + "-" + q4 + "-" + q4 + "-" + q4 + "-" + std::string(12, '?');
            }
            if (attr == "Arn") return arn_prefix + "kms:" + ra + "key/*";
        } else {
            if (ref || attr == "UserPoolId") return ctx.region + "_*";
            if (attr == "Arn") return arn_prefix + "cognito-idp:" + ra + "userpool/" + ctx.region + "_*";
        }
    } else if (type == "AWS::ApiGateway::RestApi" || type == "AWS::ApiGatewayV2::Api" || type == "AWS::AppSync::GraphQLApi") {
        // Generated ids as well (a REST or HTTP API's ten characters, a GraphQL API's id): the file's only API of
        // the type is any id, so `${Api}/dev/GET/items` still never matches a POST (CloudFormation return values:
        // Ref of an API Gateway API is its id, Ref of a GraphQL API its ARN, `apis/<id>`).
        if (resources_of_type(ctx.resources, type) + resources_of_type(ctx.event_resources.get(), type) != 1) return {};
        if (type == "AWS::AppSync::GraphQLApi") {
            if (attr == "ApiId") return "*";
            if (ref || attr == "Arn") return arn_prefix + "appsync:" + ra + "apis/*";
        } else if (ref || attr == "RestApiId" || attr == "ApiId") {
            return "*";
        }
    } else if (type == "AWS::ECS::TaskDefinition") {
        // Ref is the ARN of the revision just registered: `task-definition/<Family>:<revision>`, any revision.
        std::string n = named("Family");
        if (n.empty()) return {};
        if (ref || attr == "TaskDefinitionArn") return arn_prefix + "ecs:" + ra + "task-definition/" + n + ":*";
    } else if (type == "AWS::ECS::Cluster") {
        std::string n = named("ClusterName");
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn") return arn_prefix + "ecs:" + ra + "cluster/" + n;
    } else if (type == "AWS::SES::EmailIdentity") {
        // Ref is the identity itself, the address or domain the file writes (its primary identifier).
        if (ref) return name_prop(*props, "EmailIdentity", ctx, unresolved, depth);
    } else if (type == "AWS::OpenSearchService::Domain" || type == "AWS::Elasticsearch::Domain") {
        std::string n = named("DomainName");
        if (!props->contains("DomainName"))
            for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (n.empty()) return {};
        if (ref) return n;
        if (attr == "Arn" || attr == "DomainArn") return arn_prefix + "es:" + ra + "domain/" + n;
    } else if (type == "AWS::SSM::Parameter") {
        std::string n = named("Name");
        if (n.empty()) return {};
        if (ref) return n;
    } else if (attr == "Arn" && !ctx.pin_generated.empty()) {
        // A type without an ARN format here (`AWS::Location::PlaceIndex`, `AWS::Kendra::Index`): its `Arn` is the
        // request's ARN when that ARN, in this stack's region and account, ends with the resource's name (a
        // `...Name` property: `IndexName: explore-dev-places` and `place-index/explore-dev-places`). Otherwise it
        // stays unknown: a placeholder, never a guessed ARN.
        const std::string& arn = ctx.pin_generated;
        const iam::arn_parts parts = iam::split_arn(arn);
        if (parts.count != 6 || parts.region() != ctx.region || parts.account() != ctx.account_id) return {};
        for (auto it = props->begin(); it != props->end(); ++it) {
            const std::string& key = it.key();
            if (key.size() <= 4 || key.compare(key.size() - 4, 4, "Name") != 0) continue;
            std::vector<std::string> inner;
            const std::string n = as_text(it.value(), ctx, inner, depth);
            if (n.empty() || !inner.empty() || n.find_first_of("*?${}<>") != std::string::npos || arn.size() <= n.size()) continue;
            const char before = arn[arn.size() - n.size() - 1];
            if ((before == '/' || before == ':') && arn.compare(arn.size() - n.size(), n.size(), n) == 0) return arn;
        }
        // No name to compare (the service generates an id: a Kendra index), but the file has one resource of this
        // type and the ARN is of its service (`AWS::Kendra::Index`, `arn:aws:kendra:...`): that resource, as for a
        // KMS key.
        for (auto it = props->begin(); it != props->end(); ++it)
            if (it.key().size() > 4 && it.key().compare(it.key().size() - 4, 4, "Name") == 0) return {};
        const std::size_t ns = type.find("::"), ns_end = ns == std::string::npos ? ns : type.find("::", ns + 2);
        if (ns_end != std::string::npos && iam::iequals(type.substr(ns + 2, ns_end - ns - 2), parts.service()) &&
            resources_of_type(ctx.resources, type) + resources_of_type(ctx.event_resources.get(), type) == 1)
            return arn;
    }
    return {};
}

std::string sub_text(const std::string& tmpl, const json* vars, const resolve_context& ctx,
                     std::vector<std::string>& unresolved, int depth) {
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '$' && i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
            std::size_t close = tmpl.find('}', i + 2);
            if (close == std::string::npos) {
                out += tmpl.substr(i);
                break;
            }
            std::string name = tmpl.substr(i + 2, close - i - 2);
            i = close;
            if (!name.empty() && name[0] == '!') {  // ${!Literal} writes ${Literal}
                out += "${" + name.substr(1) + "}";
                continue;
            }
            if (vars && vars->is_object() && vars->contains(name)) {
                out += as_text((*vars)[name], ctx, unresolved, depth);
                continue;
            }
            if (kept_framework_variable(name, ctx, unresolved, out)) continue;
            std::string p = pseudo(name, ctx);
            if (!p.empty() || name == "AWS::NoValue") {
                out += p;
                continue;
            }
            if (auto pv = parameter_value(name, ctx)) {
                out += *pv;
                continue;
            }
            std::size_t dot = name.find('.');
            std::string id = dot == std::string::npos ? name : name.substr(0, dot);
            std::string attr = dot == std::string::npos ? "" : name.substr(dot + 1);
            std::string v = attribute_at(id, attr, ctx, unresolved, depth + 1);
            if (v.empty()) {
                unresolved.push_back("${" + name + "}");
                v = placeholder("${" + name + "}");
            }
            out += v;
        } else {
            out += tmpl[i];
        }
    }
    return out;
}

// A key of Fn::FindInMap or a side of Fn::Equals, as text; none when it is not known (a placeholder, or a
// Parameter stood in for by `*` or a marker when matching names).
std::optional<std::string> known_text(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth) {
    std::vector<std::string> inner;
    const json r = resolve_at(v, ctx, inner, depth + 1);
    if (!inner.empty()) {
        unresolved.insert(unresolved.end(), inner.begin(), inner.end());
        return std::nullopt;
    }
    std::string text = r.is_string() ? r.get<std::string>() : (r.is_number() || r.is_boolean()) ? r.dump() : std::string();
    if ((!r.is_string() && text.empty()) || ((ctx.wildcard_names || ctx.parameter_markers) && text.find_first_of("*\x01") != std::string::npos))
        return std::nullopt;
    return text;
}

// Fn::FindInMap [MapName, TopLevelKey, SecondLevelKey] in the template's Mappings (a fourth item, the
// DefaultValue of the language extensions, answers a missing key).
std::optional<json> find_in_map(const json& a, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth) {
    if (!ctx.mappings) return std::nullopt;
    const auto map = known_text(a[0], ctx, unresolved, depth), top = known_text(a[1], ctx, unresolved, depth),
               second = known_text(a[2], ctx, unresolved, depth);
    if (!map || !top || !second) return std::nullopt;
    const auto m = ctx.mappings->find(*map);
    if (m != ctx.mappings->end() && m->is_object()) {
        const auto t = m->find(*top);
        if (t != m->end() && t->is_object()) {
            const auto v = t->find(*second);
            if (v != t->end()) return resolve_at(*v, ctx, unresolved, depth + 1);
        }
    }
    if (a.size() == 4 && a[3].is_object() && a[3].contains("DefaultValue")) return resolve_at(a[3]["DefaultValue"], ctx, unresolved, depth + 1);
    return std::nullopt;
}

std::optional<bool> condition_expr(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth);

// A named condition of the template's Conditions.
std::optional<bool> condition_value(const std::string& name, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth) {
    if (!ctx.conditions || depth > k_max_depth) return std::nullopt;
    const auto it = ctx.conditions->find(name);
    if (it == ctx.conditions->end()) return std::nullopt;
    return condition_expr(*it, ctx, unresolved, depth + 1);
}

// Fn::Equals, Fn::Not, Fn::And, Fn::Or and {Condition: Name}; none when a value is not known.
std::optional<bool> condition_expr(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth) {
    if (depth > k_max_depth || !v.is_object() || v.size() != 1) return std::nullopt;
    const std::string& k = v.begin().key();
    const json& a = v.begin().value();
    if (k == "Condition" && a.is_string()) return condition_value(a.get<std::string>(), ctx, unresolved, depth);
    if (k == "Fn::Equals" && a.is_array() && a.size() == 2) {
        const auto l = known_text(a[0], ctx, unresolved, depth), r = known_text(a[1], ctx, unresolved, depth);
        if (!l || !r) return std::nullopt;
        return *l == *r;
    }
    if (k == "Fn::Not" && a.is_array() && a.size() == 1) {
        const auto c = condition_expr(a[0], ctx, unresolved, depth + 1);
        if (!c) return std::nullopt;
        return !*c;
    }
    if ((k == "Fn::And" || k == "Fn::Or") && a.is_array() && !a.empty()) {
        const bool all = k == "Fn::And";
        bool unknown = false;
        for (const auto& x : a) {
            const auto c = condition_expr(x, ctx, unresolved, depth + 1);
            if (!c) unknown = true;
            else if (*c != all) return !all;  // one false decides And, one true decides Or
        }
        if (unknown) return std::nullopt;
        return all;
    }
    return std::nullopt;
}

json resolve_at(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved, int depth) {
    if (depth > k_max_depth) {
        unresolved.push_back("a deeply nested value");
        return placeholder("nested value");
    }
    if (v.is_array()) {
        json out = json::array();
        for (const auto& x : v) out.push_back(resolve_at(x, ctx, unresolved, depth + 1));
        return out;
    }
    if (v.is_string()) return substitute_kept_variables(v.get_ref<const std::string&>(), ctx, unresolved);
    if (!v.is_object()) return v;
    if (v.size() == 1) {
        const std::string& k = v.begin().key();
        const json& a = v.begin().value();
        if (k == "Ref" && a.is_string()) {
            std::string name = a.get<std::string>();
            std::string p = pseudo(name, ctx);
            if (!p.empty()) return p;
            if (auto pv = parameter_value(name, ctx)) return *pv;
            std::string r = attribute_at(name, "", ctx, unresolved, depth + 1);
            if (!r.empty()) return r;
            unresolved.push_back("Ref " + name);
            return placeholder("Ref " + name);
        }
        if (k == "Fn::GetAtt") {
            std::string id, attr;
            if (a.is_array() && a.size() == 2 && a[0].is_string() && a[1].is_string()) {
                id = a[0].get<std::string>();
                attr = a[1].get<std::string>();
            } else if (a.is_string() || (a.is_array() && a.size() == 1 && a[0].is_string())) {
                // `X.Arn`, or the one-item list the framework's validator makes of it (read as meant)
                std::string s = a.is_string() ? a.get<std::string>() : a[0].get<std::string>();
                std::size_t dot = s.find('.');
                id = s.substr(0, dot);
                attr = dot == std::string::npos ? "" : s.substr(dot + 1);
            }
            std::string r = attribute_at(id, attr, ctx, unresolved, depth + 1);
            if (!r.empty()) return r;
            unresolved.push_back("Fn::GetAtt " + id + "." + attr);
            return placeholder("Fn::GetAtt " + id + "." + attr);
        }
        if (k == "Fn::Sub") {
            if (a.is_string()) return sub_text(a.get<std::string>(), nullptr, ctx, unresolved, depth);
            if (a.is_array() && !a.empty() && a[0].is_string())
                return sub_text(a[0].get<std::string>(), a.size() > 1 ? &a[1] : nullptr, ctx, unresolved, depth);
        }
        if (k == "Fn::Join" && a.is_array() && a.size() == 2) {
            std::string delim = a[0].is_string() ? a[0].get<std::string>() : "";
            json parts = resolve_at(a[1], ctx, unresolved, depth + 1);
            if (parts.is_array()) {
                std::string out;
                bool first = true;
                for (const auto& p : parts) {
                    if (!first) out += delim;
                    first = false;
                    out += p.is_string() ? p.get<std::string>() : p.dump();
                }
                return out;
            }
        }
        if (k == "Fn::Select" && a.is_array() && a.size() == 2) {
            json idx = resolve_at(a[0], ctx, unresolved, depth + 1);
            json list = resolve_at(a[1], ctx, unresolved, depth + 1);
            std::size_t i = idx.is_number_integer() ? idx.get<std::size_t>()
                            : idx.is_string()       ? std::size_t(std::atoi(idx.get<std::string>().c_str()))
                                                    : 0;
            if (list.is_array() && i < list.size()) return list[i];
        }
        if (k == "Fn::Split" && a.is_array() && a.size() == 2 && a[0].is_string()) {
            json s = resolve_at(a[1], ctx, unresolved, depth + 1);
            if (s.is_string()) {
                std::string d = a[0].get<std::string>(), text = s.get<std::string>();
                json out = json::array();
                std::size_t start = 0;
                while (!d.empty()) {
                    std::size_t pos = text.find(d, start);
                    if (pos == std::string::npos) break;
                    out.push_back(text.substr(start, pos - start));
                    start = pos + d.size();
                }
                out.push_back(text.substr(start));
                return out;
            }
        }
        if (k == "Fn::FindInMap" && a.is_array() && a.size() >= 3) {
            if (auto v = find_in_map(a, ctx, unresolved, depth)) return *v;
        }
        if (k == "Fn::If" && a.is_array() && a.size() == 3 && a[0].is_string()) {
            if (auto c = condition_value(a[0].get<std::string>(), ctx, unresolved, depth)) return resolve_at(a[*c ? 1 : 2], ctx, unresolved, depth + 1);
        }
        if (k.rfind("Fn::", 0) == 0) {  // ImportValue, ...: needs the deployed account
            std::string what = k + " " + a.dump();
            unresolved.push_back(what);
            return placeholder(what);
        }
    }
    json out = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = resolve_at(it.value(), ctx, unresolved, depth + 1);
    return out;
}

}  // namespace

bool arn_format_modelled(const std::string& type) {
    static constexpr std::string_view modelled[] = {
        "AWS::AppSync::GraphQLApi", "AWS::Cognito::UserPool", "AWS::ECS::Cluster", "AWS::DynamoDB::Table", "AWS::Elasticsearch::Domain", "AWS::Events::EventBus",
        "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::KMS::Key", "AWS::Kinesis::Stream",
        "AWS::KinesisFirehose::DeliveryStream", "AWS::Lambda::Function", "AWS::Logs::LogGroup",
        "AWS::OpenSearchService::Domain", "AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::SSM::Parameter",
        "AWS::SecretsManager::Secret", "AWS::StepFunctions::StateMachine"};
    return std::find(std::begin(modelled), std::end(modelled), type) != std::end(modelled);
}

std::string partition_of_region(const std::string& region) {
    if (region.rfind("cn-", 0) == 0) return "aws-cn";
    if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
    return "aws";
}

std::string parameter_marker(const std::string& name) { return "\x01" + name + "\x02"; }

namespace {

// Backtracking over the pattern's literal runs and markers; `found` collects distinct assignments (two is enough
// to know the name is ambiguous). Names are at most a few hundred bytes, and the search stops at two answers.
void fit_parameters(const std::string& p, std::size_t i, const std::string& n, std::size_t j,
                    std::map<std::string, std::string>& bound, std::vector<std::map<std::string, std::string>>& found,
                    int& steps) {
    if (found.size() > 1 || ++steps > 100000) return;
    if (i == p.size()) {
        if (j == n.size() && std::find(found.begin(), found.end(), bound) == found.end()) found.push_back(bound);
        return;
    }
    if (p[i] != '\x01') {
        if (j < n.size() && p[i] == n[j]) fit_parameters(p, i + 1, n, j + 1, bound, found, steps);
        return;
    }
    const std::size_t close = p.find('\x02', i);
    if (close == std::string::npos) return;
    const std::string key = p.substr(i + 1, close - i - 1);
    if (const auto b = bound.find(key); b != bound.end()) {  // the same Parameter twice: the same value
        if (n.compare(j, b->second.size(), b->second) == 0) fit_parameters(p, close + 1, n, j + b->second.size(), bound, found, steps);
        return;
    }
    for (std::size_t end = j + 1; end <= n.size() && n[end - 1] != '/'; ++end) {
        bound[key] = n.substr(j, end - j);
        fit_parameters(p, close + 1, n, end, bound, found, steps);
        bound.erase(key);
        if (found.size() > 1) return;
    }
}

}  // namespace

std::optional<std::map<std::string, std::string>> parameters_from_name(const std::string& pattern, const std::string& name) {
    if (pattern.find('\x01') == std::string::npos || name.empty()) return std::nullopt;
    std::map<std::string, std::string> bound;
    std::vector<std::map<std::string, std::string>> found;
    int steps = 0;
    fit_parameters(pattern, 0, name, 0, bound, found, steps);
    if (found.size() != 1 || steps > 100000) return std::nullopt;
    return found.front();
}

std::size_t resources_of_type(const json* resources, const std::string& type) {
    std::size_t n = 0;
    if (resources && resources->is_object())
        for (const auto& r : *resources)
            if (r.is_object() && r.value("Type", std::string()) == type) ++n;
    return n;
}

std::string placeholder(const std::string& what) {
    // No `*` or `?`: a placeholder must never widen a pattern. Control bytes are stripped for output.
    std::string clean;
    for (char c : what)
        if (c != '*' && c != '?' && static_cast<unsigned char>(c) >= 0x20) clean += c;
    return std::string(placeholder_prefix) + clean + ">";
}

bool is_placeholder_text(const std::string& s) { return s.find(placeholder_prefix) != std::string::npos; }

json resolve(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved) {
    return resolve_at(v, ctx, unresolved, 0);
}

std::optional<bool> resource_condition(const std::string& logical_id, const resolve_context& ctx) {
    if (!ctx.resources || !ctx.resources->is_object()) return std::nullopt;
    const auto it = ctx.resources->find(logical_id);
    if (it == ctx.resources->end() || !it->is_object()) return std::nullopt;
    const auto c = it->find("Condition");
    if (c == it->end() || !c->is_string()) return std::nullopt;
    std::vector<std::string> unresolved;
    return condition_value(c->get<std::string>(), ctx, unresolved, 0);
}

json resolve_statement(const json& stmt, const resolve_context& ctx, std::vector<std::string>& unresolved) {
    if (!stmt.is_object()) return stmt;
    json out = json::object();
    for (auto it = stmt.begin(); it != stmt.end(); ++it) {
        const std::string& k = it.key();
        if (k == "Action" || k == "NotAction" || k == "Resource" || k == "NotResource" || k == "Condition" ||
            k == "Principal" || k == "NotPrincipal")
            out[k] = resolve(it.value(), ctx, unresolved);
        else
            out[k] = it.value();
    }
    return out;
}

std::string resource_attribute(const std::string& logical_id, const std::string& attribute, const resolve_context& ctx,
                               std::vector<std::string>& unresolved) {
    return attribute_at(logical_id, attribute, ctx, unresolved, 0);
}

}  // namespace wd::explain
