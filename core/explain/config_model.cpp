// SPDX-License-Identifier: MIT
#include "explain/analysis.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "iam/arn.hpp"
#include "iam/glob.hpp"
#include "serverless/json_util.hpp"
#include "serverless/naming.hpp"

namespace wd::explain {
namespace {

// naming.js normalizeNameToAlphaNumericOnly: letters and digits only, the first upper-cased.
std::string alphanumeric_name(const std::string& name) {
    std::string out;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c))) out += c;
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

bool plain_name(const json& v) {
    return v.is_string() && !v.get_ref<const std::string&>().empty() && v.get_ref<const std::string&>().find("${") == std::string::npos;
}

// The resources the framework's event compilers add to the template for a name (not an ARN) in an event:
// package/compile/events/sns.js (topic `SNSTopic<Name>`), s3/index.js (bucket `S3Bucket<Name>`, a `provider.s3`
// entry's key naming it), cognito-user-pool.js (pool `CognitoUserPool<Name>`), event-bridge/index.js (bus `<Name>EventBridgeEventBus` with native CloudFormation). Only
// the type and the name property: what a Ref, GetAtt or Sub of them needs.
json event_created_resources(const json& config) {
    json out = json::object();
    const json& provider = sls::member(config, "provider");
    const json& provider_s3 = sls::member(provider, "s3");
    const json& eb_options = sls::member(provider, "eventBridge");
    const json& use_cfn = sls::member(eb_options, "useCloudFormation");
    const bool bus_in_template = eb_options.is_null() || use_cfn == true || use_cfn == "true";
    const json& functions = sls::member(config, "functions");
    if (!functions.is_object()) return out;
    for (const auto& fn : functions) {
        const json& events = sls::member(fn, "events");
        if (!events.is_array()) continue;
        for (const auto& ev : events) {
            if (const json& sns = sls::member(ev, "sns"); !sns.is_null()) {
                json topic;
                if (sns.is_string() && sns.get_ref<const std::string&>().rfind("arn:", 0) != 0) topic = sns;
                else if (sns.is_object() && sls::member(sns, "arn").is_null()) topic = sls::member(sns, "topicName");
                if (plain_name(topic))
                    out["SNSTopic" + alphanumeric_name(topic.get<std::string>())] = {{"Type", "AWS::SNS::Topic"},
                                                                                     {"Properties", {{"TopicName", topic}}}};
            }
            if (const json& s3 = sls::member(ev, "s3"); !s3.is_null()) {
                const json& ref = s3.is_object() ? sls::member(s3, "bucket") : s3;
                const json& existing = sls::member(s3, "existing");
                if (plain_name(ref) && !(existing == true || existing == "true")) {
                    const std::string key = ref.get<std::string>();
                    const json& configured = sls::member(provider_s3, key.c_str());
                    const json& name = configured.is_object() && !sls::member(configured, "name").is_null() ? sls::member(configured, "name") : ref;
                    if (plain_name(name))
                        out["S3Bucket" + alphanumeric_name(key)] = {{"Type", "AWS::S3::Bucket"}, {"Properties", {{"BucketName", name}}}};
                }
            }
            if (const json& pool = sls::member(ev, "cognitoUserPool"); pool.is_object()) {  // cognito-user-pool.js
                const json& name = sls::member(pool, "pool");
                const json& existing = sls::member(pool, "existing");
                if (plain_name(name) && !(existing == true || existing == "true"))
                    out["CognitoUserPool" + alphanumeric_name(name.get<std::string>())] = {
                        {"Type", "AWS::Cognito::UserPool"}, {"Properties", {{"UserPoolName", name}}}};
            }
            if (const json& eb = sls::member(ev, "eventBridge"); bus_in_template && eb.is_object()) {
                const json& bus = sls::member(eb, "eventBus");
                if (plain_name(bus) && bus.get_ref<const std::string&>().rfind("arn", 0) != 0 && bus != "default")
                    out[sls::naming::normalized(bus.get<std::string>()) + "EventBridgeEventBus"] = {
                        {"Type", "AWS::Events::EventBus"}, {"Properties", {{"Name", bus}}}};
            }
        }
    }
    return out;
}

}  // namespace

const json* raw_at(const json& root, const std::string& pointer) {
    try {
        json::json_pointer jp(pointer);
        if (!root.contains(jp)) return nullptr;
        return &root.at(jp);
    } catch (...) {
        return nullptr;
    }
}

config_model load_config(const std::string& text, const sls::options& opts, const std::string& account_id) {
    return load_config(text, yaml::load(text, "config"), opts, account_id);
}

config_model load_config(const std::string& text, yaml::document doc, const sls::options& opts, const std::string& account_id) {
    config_model cm;
    cm.text = text;
    cm.doc = std::move(doc);
    const json& root = cm.doc.root;
    cm.is_plain_template = cm.doc.parsed && sls::looks_like_cfn_template(root);
    cm.is_serverless = cm.doc.parsed && root.is_object() &&
                       ((root.contains("service") && (root.contains("provider") || root.contains("functions"))) ||
                        cm.is_plain_template);
    if (cm.doc.parsed && root.is_object()) {
        if (root.contains("service")) {
            const json& s = root["service"];
            if (s.is_string()) cm.service = s.get<std::string>();
            else if (s.is_object() && s.contains("name") && s["name"].is_string()) cm.service = s["name"].get<std::string>();
        }
        if (root.contains("functions") && root["functions"].is_object())
            for (auto it = root["functions"].begin(); it != root["functions"].end(); ++it) cm.function_keys.push_back(it.key());
    }
    if (cm.is_serverless) {
        cm.pkg = sls::package(cm.doc, opts);
        if (cm.pkg.service.size() && cm.pkg.service.find("${") == std::string::npos) cm.service = cm.pkg.service;
    }
    cm.ctx.region = cm.pkg.region.empty() ? opts.region.value_or("us-east-1") : cm.pkg.region;
    cm.ctx.partition = partition_of_region(cm.ctx.region);
    cm.ctx.account_id = account_id;
    {
        const json* provider = cm.pkg.resolved_config.is_object() ? raw_at(cm.pkg.resolved_config, "/provider/stackName") : nullptr;
        if (provider && provider->is_string()) cm.ctx.stack_name = provider->get<std::string>();
        else if (!cm.pkg.service.empty() && cm.pkg.service.find("${") == std::string::npos)
            cm.ctx.stack_name = cm.pkg.service + "-" + cm.pkg.stage;
    }
    if (cm.pkg.cfn_template.is_object() && cm.pkg.cfn_template.contains("Resources"))
        cm.ctx.resources = &cm.pkg.cfn_template["Resources"];
    if (cm.is_serverless && !cm.is_plain_template && cm.pkg.resolved_config.is_object())
        cm.ctx.event_resources = std::make_shared<const json>(event_created_resources(cm.pkg.resolved_config));
    // Template sections written under `resources` (merged into the stack's template): Parameters take their Default,
    // or the value `provider.stackParameters` passes on deploy (get-shared-stack-action-params.js); Mappings and
    // Conditions answer Fn::FindInMap and Fn::If.
    if (cm.is_serverless && !cm.is_plain_template && cm.pkg.resolved_config.is_object()) {
        if (const json* p = raw_at(cm.pkg.resolved_config, "/resources/Parameters"); p && p->is_object()) cm.ctx.parameters = p;
        if (const json* m = raw_at(cm.pkg.resolved_config, "/resources/Mappings"); m && m->is_object()) cm.ctx.mappings = m;
        if (const json* c = raw_at(cm.pkg.resolved_config, "/resources/Conditions"); c && c->is_object()) cm.ctx.conditions = c;
        const json& given = sls::member(sls::member(cm.pkg.resolved_config, "provider"), "stackParameters");
        if (given.is_array())
            for (const auto& p : given) {
                const json& k = sls::member(p, "ParameterKey");
                const json& v = sls::member(p, "ParameterValue");
                if (k.is_string() && (v.is_string() || v.is_number())) cm.ctx.parameter_values[k.get<std::string>()] = v.is_string() ? v.get<std::string>() : v.dump();
            }
    }
    if (cm.is_plain_template) {
        cm.ctx.any_stack = true;
        if (cm.doc.root.contains("Parameters") && cm.doc.root["Parameters"].is_object()) cm.ctx.parameters = &cm.doc.root["Parameters"];
        if (cm.doc.root.contains("Mappings") && cm.doc.root["Mappings"].is_object()) cm.ctx.mappings = &cm.doc.root["Mappings"];
        if (cm.doc.root.contains("Conditions") && cm.doc.root["Conditions"].is_object()) cm.ctx.conditions = &cm.doc.root["Conditions"];
        cm.ctx.parameter_values = opts.params;  // `--param Env=prod` sets a template Parameter
    }
    // A resource whose `Condition` is false for these parameters is not created (CloudFormation User Guide,
    // "Conditions"): what it gives a role (an attached AWS::IAM::Policy, say) is left out, and said.
    if (cm.ctx.conditions && cm.ctx.resources && cm.ctx.resources->is_object()) {
        const std::string prefix = cm.resources_pointer() + "/";
        std::set<std::string> dropped;
        for (auto& role : cm.pkg.roles) {
            auto not_created = [&](const sls::effective_statement& st) {
                const std::string& p = st.source.pointer;
                if (p.rfind(prefix, 0) != 0) return false;
                const std::string id = p.substr(prefix.size(), p.find('/', prefix.size()) - prefix.size());
                if (id == role.logical_id || resource_condition(id, cm.ctx) != false) return false;
                dropped.insert(id);
                return true;
            };
            role.statements.erase(std::remove_if(role.statements.begin(), role.statements.end(), not_created), role.statements.end());
        }
        for (const auto& id : dropped) {
            const std::string condition = (*cm.ctx.resources)[id].value("Condition", std::string());
            int line = 0, column = 0;
            if (const yaml::node_span* sp = cm.doc.span_of(prefix + id)) line = sp->key.line, column = sp->key.column;
            cm.pkg.diags.push_back(diagnostic{severity::info, "WD5111",
                                              "resource `" + id + "` is not created: its Condition `" + condition +
                                                  "` is false for these parameters, so the statements it gives a role are left out",
                                              "config", line, column, json{{"resource", id}, {"condition", condition}}});
        }
    }
    return cm;
}

json resolved_at(const config_model& cm, const std::string& pointer) {
    const json* v = raw_at(cm.pkg.resolved_config.is_null() ? cm.doc.root : cm.pkg.resolved_config, pointer);
    if (!v) v = raw_at(cm.doc.root, pointer);
    if (!v) return nullptr;
    std::vector<std::string> unresolved;
    return resolve(*v, cm.ctx, unresolved);
}

bool actions_of_service(const json& v, const std::string& service) {
    for (const auto& a : (v.is_array() ? v : json::array({v}))) {
        if (!a.is_string()) return false;
        const std::string& s = a.get_ref<const std::string&>();
        if (!iam::iequals(std::string_view(s).substr(0, s.find(':')), service)) return false;
    }
    return true;
}

bool action_matches(const json& v, const std::string& action, iam::step_budget* budget) {
    if (v.is_string()) return iam::glob_match(v.get<std::string>(), action, true, budget);
    if (v.is_array())
        for (const auto& x : v)
            if (x.is_string() && iam::glob_match(x.get<std::string>(), action, true, budget)) return true;
    return false;
}

bool resource_matches(const json& v, const std::string& resource, iam::step_budget* budget) {
    if (v.is_string()) {
        const std::string& p = v.get_ref<const std::string&>();
        return p == "*" || iam::resource_pattern_matches(p, resource, budget) || p == resource;
    }
    if (v.is_array())
        for (const auto& x : v)
            if (resource_matches(x, resource, budget)) return true;
    return false;
}

std::string role_arn(const config_model& cm, const std::string& role_name) {
    return "arn:" + cm.ctx.partition + ":iam::" + cm.ctx.account_id + ":role/" + role_name;
}

std::string role_arn(const config_model& cm, const std::string& role_name, const sls::role_info* role) {
    if (!role || role->logical_id.empty() || !cm.ctx.resources) return role_arn(cm, role_name);
    const json* path = raw_at(*cm.ctx.resources, "/" + yaml::escape_pointer_token(role->logical_id) + "/Properties/Path");
    if (!path) return role_arn(cm, role_name);
    std::vector<std::string> unresolved;
    const json p = resolve(*path, cm.ctx, unresolved);
    if (!p.is_string() || !unresolved.empty()) return role_arn(cm, role_name);
    std::string text = p.get<std::string>();
    // IAM paths start and end with `/`; the root path adds nothing.
    if (text.empty() || text.front() != '/' || text.back() != '/' || text.find_first_of("*?${} ") != std::string::npos)
        return role_arn(cm, role_name);
    return "arn:" + cm.ctx.partition + ":iam::" + cm.ctx.account_id + ":role" + text + role_name;
}

}  // namespace wd::explain
