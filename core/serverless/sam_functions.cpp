// SPDX-License-Identifier: MIT
// An AWS SAM template (`Transform: AWS::Serverless-2016-10-31`): what the transform deploys for a function's
// permissions. An `AWS::Serverless::Function` is a Lambda function whose role is its `Role`, or else a role
// SAM creates, `<Function>Role`: trusted by Lambda, with AWSLambdaBasicExecutionRole, the AWS managed policies
// (names or ARNs) and the policy documents listed under `Policies`, and `PermissionsBoundary`.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
// ("If this property isn't specified, AWS SAM will create an execution role for the function.")
// Not modelled: SAM policy templates (`DynamoDBCrudPolicy: {...}`; WD2058 names each), and the policies SAM adds
// for events, VPC, tracing and dead-letter queues (WD2057 says so).
#include "serverless/context.hpp"
#include "serverless/json_util.hpp"

namespace wd::sls {

namespace {

constexpr const char* basic_execution_role = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

bool names_sam_transform(const json& v) {
    return v.is_string() && v.get_ref<const std::string&>().rfind("AWS::Serverless-", 0) == 0;
}

// A `Policies` entry that is an intrinsic function (`!Ref PolicyArn`, `!Sub ...`) standing for a managed policy ARN.
bool is_intrinsic(const json& v) {
    if (!v.is_object() || v.size() != 1) return false;
    const std::string& key = v.begin().key();
    return key == "Ref" || key.rfind("Fn::", 0) == 0;
}

json lambda_trust_policy() {
    return json::parse(R"({"Version":"2012-10-17","Statement":[{"Action":["sts:AssumeRole"],"Effect":"Allow",)"
                       R"("Principal":{"Service":["lambda.amazonaws.com"]}}]})");
}

}  // namespace

bool is_sam_template(const json& root) {
    const json& transform = member(root, "Transform");
    if (names_sam_transform(transform)) return true;
    if (transform.is_array())
        for (const auto& t : transform)
            if (names_sam_transform(t)) return true;
    return false;
}

std::vector<sam_role> expand_sam_functions(context& ctx) {
    std::vector<sam_role> roles;
    std::vector<std::string> function_ids;
    for (auto it = ctx.resources.begin(); it != ctx.resources.end(); ++it)
        if (member(it.value(), "Type") == "AWS::Serverless::Function") function_ids.push_back(it.key());
    for (const auto& id : function_ids) {
        json& fn = ctx.resources[id];
        const std::string fn_pointer = child_pointer(ctx.resources_pointer, id);
        fn["Type"] = "AWS::Lambda::Function";
        if (!fn["Properties"].is_object()) fn["Properties"] = json::object();
        json& props = fn["Properties"];
        if (has_key(props, "Role")) continue;  // the function's own role: read as any role of the template

        sam_role sr;
        sr.function_id = id;
        sr.role_id = id + "Role";
        json managed = json::array({basic_execution_role});
        sr.managed_pointers.push_back("");
        json inline_policies = json::array();
        const json& listed = member(props, "Policies");
        const std::string listed_pointer = fn_pointer + "/Properties/Policies";
        auto take = [&](const json& entry, const std::string& pointer, std::size_t index) {
            if (entry.is_string()) {
                const std::string& name = entry.get_ref<const std::string&>();
                managed.push_back(name.rfind("arn:", 0) == 0 ? name : "arn:aws:iam::aws:policy/" + name);
                sr.managed_pointers.push_back(pointer);
            } else if (is_intrinsic(entry)) {
                managed.push_back(entry);
                sr.managed_pointers.push_back(pointer);
            } else if (entry.is_object() && has_key(entry, "Statement")) {
                inline_policies.push_back({{"PolicyName", sr.role_id + "Policy" + std::to_string(index)}, {"PolicyDocument", entry}});
                sr.inline_pointers.push_back(pointer);
                sr.inline_statement_lists.push_back(member(entry, "Statement").is_array());
            } else if (entry.is_object() && entry.size() == 1) {
                ctx.warning("WD2058",
                            "the SAM policy template `" + entry.begin().key() + "` of function `" + id +
                                "` is not expanded: the permissions it grants are not in the effective role",
                            pointer, json{{"function", id}, {"template", entry.begin().key()}});
            }
        };
        if (listed.is_array()) {
            for (std::size_t i = 0; i < listed.size(); ++i) take(listed[i], child_pointer(listed_pointer, i), i);
        } else if (!listed.is_null()) {
            take(listed, listed_pointer, 0);
        }

        json role_props = json::object();
        role_props["AssumeRolePolicyDocument"] = lambda_trust_policy();
        role_props["ManagedPolicyArns"] = std::move(managed);
        if (!inline_policies.empty()) role_props["Policies"] = std::move(inline_policies);
        if (has_key(props, "PermissionsBoundary")) role_props["PermissionsBoundary"] = props["PermissionsBoundary"];
        role_props["Tags"] = json::array({{{"Key", "lambda:createdBy"}, {"Value", "SAM"}}});
        props["Role"] = {{"Fn::GetAtt", json::array({sr.role_id, "Arn"})}};
        if (!has_key(ctx.resources, sr.role_id))
            ctx.resources[sr.role_id] = {{"Type", "AWS::IAM::Role"}, {"Properties", std::move(role_props)}};
        roles.push_back(std::move(sr));
    }
    if (!function_ids.empty())
        ctx.info("WD2057",
                 "a SAM template: each function's execution role is modelled from its `Role`, `Policies` and "
                 "`PermissionsBoundary`; the policies SAM adds for events, VPC, tracing and dead-letter queues are not",
                 "/Transform", json{{"functions", function_ids}});
    return roles;
}

void apply_sam_provenance(const context& ctx, const std::vector<sam_role>& sam_roles, package_result& out) {
    for (const auto& sr : sam_roles) {
        for (auto& role : out.roles) {
            if (role.logical_id != sr.role_id) continue;
            const std::string fn_pointer = child_pointer(ctx.resources_pointer, sr.function_id);
            const std::string label = "Resources." + sr.function_id + ".Properties.Policies";
            role.source = ctx.source("resources", fn_pointer, sr.function_id + " (role created by SAM)");
            // Statements come policy by policy, in the order of `Policies`; each policy is named <Role>Policy<i>.
            std::string current;
            std::size_t policy = 0, statement = 0;
            for (auto& es : role.statements) {
                if (es.policy_name != current) {
                    if (!current.empty()) ++policy;
                    current = es.policy_name;
                    statement = 0;
                }
                if (policy >= sr.inline_pointers.size()) break;
                std::string pointer = sr.inline_pointers[policy] + "/Statement";
                if (sr.inline_statement_lists[policy]) pointer = child_pointer(pointer, statement);
                es.source = ctx.source("resources", pointer, label);
                ++statement;
            }
            for (std::size_t m = 0; m < role.managed_sources.size() && m < sr.managed_pointers.size(); ++m) {
                const json& arn = role.managed_policy_arns[m];
                const std::string detail = arn.is_string() ? arn.get<std::string>() : arn.dump();
                role.managed_sources[m] = sr.managed_pointers[m].empty()
                                              ? ctx.source("framework-default", fn_pointer, detail)
                                              : ctx.source("resources", sr.managed_pointers[m], detail);
            }
        }
    }
}

}  // namespace wd::sls
