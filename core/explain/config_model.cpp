// SPDX-License-Identifier: MIT
#include "explain/analysis.hpp"
#include "iam/arn.hpp"
#include "iam/glob.hpp"

namespace wd::explain {

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
    config_model cm;
    cm.text = text;
    cm.doc = yaml::load(text, "config");
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
    if (cm.is_plain_template) {
        cm.ctx.any_stack = true;
        if (cm.doc.root.contains("Parameters") && cm.doc.root["Parameters"].is_object()) cm.ctx.parameters = &cm.doc.root["Parameters"];
        cm.ctx.parameter_values = opts.params;  // `--param Env=prod` sets a template Parameter
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
