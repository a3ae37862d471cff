// SPDX-License-Identifier: MIT
// The effective roles, read back from the finished template: every AWS::IAM::Role with its inline
// policies, the AWS::IAM::Policy / ManagedPolicy resources attached to it, its managed policy ARNs and
// boundary, the functions using it, and where each statement came from.
#include <set>

#include "serverless/context.hpp"

namespace wd::sls {

namespace {

// A template value as text where it is knowable offline (`Fn::Join` of strings and the region Ref).
std::string text_value(const json& v, const std::string& region) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
    if (v.is_object()) {
        if (v.contains("Ref") && v["Ref"] == "AWS::Region") return region;
        const json& join = member(v, "Fn::Join");
        if (join.is_array() && join.size() == 2 && join[0].is_string() && join[1].is_array()) {
            std::string out;
            for (std::size_t i = 0; i < join[1].size(); ++i) {
                std::string part = text_value(join[1][i], region);
                if (part.empty() && !(join[1][i].is_string())) return {};
                if (i) out += join[0].get<std::string>();
                out += part;
            }
            return out;
        }
    }
    return {};
}

json statement_list(const json& document) {
    const json& st = member(document, "Statement");
    if (st.is_array()) return st;
    if (st.is_object()) return json::array({st});
    return json::array();
}

bool references_role(const json& roles, const std::string& logical_id, const std::string& role_name) {
    if (!roles.is_array()) return false;
    for (const auto& r : roles) {
        if (r.is_object() && member(r, "Ref") == logical_id) return true;
        if (r.is_string() && !role_name.empty() && r == role_name) return true;
    }
    return false;
}

std::string role_name_from_arn(const std::string& arn) {
    auto pos = arn.rfind('/');
    return pos == std::string::npos ? std::string() : arn.substr(pos + 1);
}

// The role of this template that an ARN names (`arn:aws:iam::${AWS::AccountId}:role/<path><RoleName>`, written as
// text or as `Fn::Sub`): the function then runs as that role, not as one from outside. "" when none: a generated
// name cannot be named in advance, and an unresolved part of the name or another partition's ARN names nothing.
std::string template_role_named_by(const std::string& arn, const std::vector<role_info>& roles, const json& resources,
                                   const std::string& region) {
    const std::size_t role_at = arn.find(":role/");
    if (arn.rfind("arn:", 0) != 0 || role_at == std::string::npos || arn.find(":iam::") == std::string::npos) return {};
    const std::string rest = arn.substr(role_at + 6);
    const std::size_t slash = rest.rfind('/');
    const std::string name = slash == std::string::npos ? rest : rest.substr(slash + 1);
    const std::string path = slash == std::string::npos ? "/" : "/" + rest.substr(0, slash + 1);
    if (name.empty() || name.find("${") != std::string::npos || path.find("${") != std::string::npos) return {};
    for (const auto& role : roles) {
        if (role.logical_id.empty() || role.role_name != name) continue;
        const json& declared_path = member(member(member(resources, role.logical_id), "Properties"), "Path");
        const std::string role_path = declared_path.is_null() ? "/" : text_value(declared_path, region);
        if (role_path == path) return role.logical_id;
    }
    return {};
}

}  // namespace

void collect_roles(context& ctx, package_result& out) {
    const std::string res_pointer = ctx.resources_pointer;
    std::map<std::string, std::size_t> by_id;
    for (auto it = ctx.resources.begin(); it != ctx.resources.end(); ++it) {
        const json& r = it.value();
        if (member(r, "Type") != "AWS::IAM::Role") continue;
        const std::string& id = it.key();
        const json& props = member(r, "Properties");
        role_info role;
        role.logical_id = id;
        role.role_name_cfn = member(props, "RoleName");
        role.role_name = text_value(role.role_name_cfn, ctx.region);
        role.permissions_boundary = member(props, "PermissionsBoundary");
        auto prov_it = ctx.provenance.find(id);
        bool generated = prov_it != ctx.provenance.end();
        std::string user_pointer = child_pointer(res_pointer, id);
        role.source = generated ? ctx.source("framework-default", id == naming::shared_role_id ? "/provider" : "", id)
                                : ctx.source("resources", user_pointer, id);
        const json& policies = member(props, "Policies");
        // Policies given by `resources.extensions.<id>.Properties` replaced the role's (a shallow assign): the
        // statements are written there.
        std::string policies_pointer = user_pointer + "/Properties/Policies";
        if (res_pointer == "/resources/Resources") {
            const json& resources_section = member(ctx.config(), "resources");
            if (has_key(member(member(member(resources_section, "extensions"), id), "Properties"), "Policies"))
                policies_pointer = child_pointer(child_pointer(child_pointer("/resources", "extensions"), id), "Properties") + "/Policies";
        }
        if (policies.is_array()) {
            for (std::size_t p = 0; p < policies.size(); ++p) {
                std::string policy_name = text_value(member(policies[p], "PolicyName"), ctx.region);
                json statements = statement_list(member(policies[p], "PolicyDocument"));
                const json* before = nullptr;
                auto snap = ctx.generated_statements.find(id);
                if (generated && p == 0 && snap != ctx.generated_statements.end()) before = &snap->second;
                for (std::size_t s = 0; s < statements.size(); ++s) {
                    effective_statement es;
                    es.statement = statements[s];
                    es.policy_name = policy_name;
                    std::string sp = policies_pointer + "/" + std::to_string(p) + "/PolicyDocument/Statement/" +
                                     std::to_string(s);
                    // Index i keeps the generated provenance unless `resources` changed that statement.
                    if (before && s < before->size() && s < prov_it->second.statements.size() &&
                        deep_equal((*before)[s], statements[s]))
                        es.source = prov_it->second.statements[s];
                    else es.source = ctx.source("resources", sp, "resources." + id);
                    role.statements.push_back(std::move(es));
                }
            }
        }
        const json& managed = member(props, "ManagedPolicyArns");
        if (managed.is_array()) {
            for (std::size_t m = 0; m < managed.size(); ++m) {
                role.managed_policy_arns.push_back(managed[m]);
                auto snap = ctx.generated_managed.find(id);
                if (generated && snap != ctx.generated_managed.end() && m < snap->second.size() &&
                    m < prov_it->second.managed.size() && deep_equal(snap->second[m], managed[m]))
                    role.managed_sources.push_back(prov_it->second.managed[m]);
                else
                    role.managed_sources.push_back(ctx.source("resources", user_pointer + "/Properties/ManagedPolicyArns/" + std::to_string(m),
                                                              managed[m].is_string() ? managed[m].get<std::string>() : managed[m].dump()));
            }
        }
        by_id[id] = out.roles.size();
        out.roles.push_back(std::move(role));
    }

    // Policies attached from the outside (AWS::IAM::Policy / ManagedPolicy with Roles, or a managed
    // policy referenced from the role's ManagedPolicyArns).
    for (auto it = ctx.resources.begin(); it != ctx.resources.end(); ++it) {
        const json& r = it.value();
        const json& type = member(r, "Type");
        if (type != "AWS::IAM::Policy" && type != "AWS::IAM::ManagedPolicy") continue;
        const json& props = member(r, "Properties");
        std::string name = text_value(member(props, type == "AWS::IAM::Policy" ? "PolicyName" : "ManagedPolicyName"), ctx.region);
        if (name.empty()) name = it.key();
        json statements = statement_list(member(props, "PolicyDocument"));
        for (auto& role : out.roles) {
            bool attached = references_role(member(props, "Roles"), role.logical_id, role.role_name);
            for (const auto& arn : role.managed_policy_arns)
                if (member(arn, "Ref") == it.key()) attached = true;
            if (!attached) continue;
            for (std::size_t s = 0; s < statements.size(); ++s) {
                effective_statement es;
                es.statement = statements[s];
                es.policy_name = name;
                es.source = ctx.source("resources",
                                       child_pointer(res_pointer, it.key()) + "/Properties/PolicyDocument/Statement/" + std::to_string(s),
                                       "resources." + it.key());
                role.statements.push_back(std::move(es));
            }
        }
    }

    // Functions: the config's, the framework's helper lambdas, and Lambda functions from `resources`.
    std::set<std::string> seen;
    auto add_function = [&](const std::string& key, const std::string& logical, int line) {
        const json& r = member(ctx.resources, logical);
        if (!r.is_object()) return;
        seen.insert(logical);
        function_info f;
        f.key = key;
        f.logical_id = logical;
        f.function_name = text_value(member(member(r, "Properties"), "FunctionName"), ctx.region);
        f.role = member(member(r, "Properties"), "Role");
        f.line = line;
        const json& getatt = member(f.role, "Fn::GetAtt");
        if (getatt.is_array() && !getatt.empty() && getatt[0].is_string()) f.role_logical_id = getatt[0].get<std::string>();
        if (f.role_logical_id.empty()) {
            const json& sub = member(f.role, "Fn::Sub");
            const json& arn = f.role.is_string() ? f.role : sub.is_array() && !sub.empty() ? sub[0] : sub;
            if (arn.is_string()) f.role_logical_id = template_role_named_by(arn.get<std::string>(), out.roles, ctx.resources, ctx.region);
        }
        if (!f.role_logical_id.empty() && by_id.count(f.role_logical_id)) {
            out.roles[by_id[f.role_logical_id]].functions.push_back(key);
        } else if (!f.role.is_null()) {
            // A role from outside the template (ARN, import, or a logical id that is not a role here).
            std::string ext_key = f.role.dump();
            role_info* found = nullptr;
            for (auto& role : out.roles)
                if (role.logical_id.empty() && role.role_name_cfn.dump() == ext_key) found = &role;
            if (!found) {
                role_info ext;
                ext.role_name_cfn = f.role;
                // (An ARN built with `!Sub` from pseudo parameters names its role just as well: its name is literal.)
                const json& sub = member(f.role, "Fn::Sub");
                const json& sub_text = sub.is_array() && !sub.empty() ? sub[0] : sub;
                if (f.role.is_string()) {
                    ext.external_arn = f.role.get<std::string>();
                    ext.role_name = role_name_from_arn(ext.external_arn);
                } else if (sub_text.is_string() && sub_text.get<std::string>().rfind("arn:", 0) == 0 &&
                           sub_text.get<std::string>().find(":role/") != std::string::npos) {
                    ext.external_arn = sub_text.get<std::string>();
                    ext.role_name = role_name_from_arn(ext.external_arn);
                    if (ext.role_name.find("${") != std::string::npos) ext.role_name.clear(), ext.external_arn.clear();
                }
                ext.source = ctx.source("config", "", "role outside the template");
                out.roles.push_back(std::move(ext));
                found = &out.roles.back();
            }
            found->functions.push_back(key);
        }
        out.functions.push_back(std::move(f));
    };
    for (const auto& key : ctx.function_keys) {
        int line = 0, col = 0;
        ctx.position(ctx.function_pointer(key), line, col);
        if (const auto* span = ctx.doc.span_of(ctx.function_pointer(key))) line = span->key.line ? span->key.line : line;
        add_function(key, naming::lambda_logical_id(key), line);
    }
    for (const auto& logical : ctx.custom_resource_functions) add_function(logical, logical, 0);
    for (auto it = ctx.resources.begin(); it != ctx.resources.end(); ++it)
        if (member(it.value(), "Type") == "AWS::Lambda::Function" && !seen.count(it.key())) add_function(it.key(), it.key(), 0);
}

}  // namespace wd::sls
