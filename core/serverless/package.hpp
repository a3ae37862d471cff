// SPDX-License-Identifier: MIT
// serverless.yml -> the CloudFormation IAM resources the Serverless Framework v3 (3.40.0) would
// generate, with serverless-iam-roles-per-function 3.2.0 when the config lists that plugin. Every
// statement keeps where it came from. Variables are resolved offline; sources that need AWS stay as
// named placeholders with an info diagnostic.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "yaml/document.hpp"

namespace wd::sls {

struct options {
    std::optional<std::string> stage;   // --stage; else provider.stage; else "dev"
    std::optional<std::string> region;  // --region; else provider.region; else "us-east-1"
    std::map<std::string, std::string> env;    // for ${env:X}
    std::map<std::string, std::string> files;  // relative path as written in ${file(...)} -> text
    // `files` holds every file the config names that exists (the CLI read them from disk): a file not in it is
    // missing, an error without a fallback as in the framework. False (the page): it may just not be given,
    // and is kept as a placeholder (WD2004).
    bool files_complete = false;
    std::map<std::string, std::string> params; // for ${param:x}
};

struct statement_source {
    std::string kind;    // "framework-default" | "config" | "managed-policy" | "event" | "resources" | "setting"
    int line = 0;        // 1-based line in the config (0 = none)
    int column = 0;
    std::string pointer; // JSON pointer into the config, "" when none
    std::string detail;  // e.g. "functions.worker.events[0].sqs", a managed policy ARN
};

struct effective_statement {
    json statement;  // as in the template (intrinsics kept)
    statement_source source;
    std::string policy_name;  // the AWS::IAM::Role Policies[].PolicyName (resolved text) it sits in
};

struct role_info {
    std::string logical_id;          // "IamRoleLambdaExecution", plugin role ids, custom ids; "" for external
    std::string role_name;           // resolved name ("svc-dev-us-east-1-lambdaRole"); may hold ${AWS::Region} resolved
    json role_name_cfn = nullptr;    // RoleName as in the template
    std::string external_arn;        // set when the role is given only by ARN
    std::vector<std::string> functions;  // function keys using this role
    std::vector<effective_statement> statements;
    std::vector<json> managed_policy_arns;  // as in the template (strings or intrinsics)
    std::vector<statement_source> managed_sources;  // index for index with managed_policy_arns
    json permissions_boundary = nullptr;
    statement_source source;         // where the role itself is defined
};

struct function_info {
    std::string key;            // "main"
    std::string logical_id;     // "MainLambdaFunction"
    std::string function_name;  // resolved "svc-dev-main"
    json role = nullptr;        // the Role property as in the template
    std::string role_logical_id;  // logical id of the template role it runs as (Fn::GetAtt, or an ARN naming it), "" if external
    int line = 0;               // line of the function key in the config
};

struct package_result {
    json cfn_template = json::object();  // {"AWSTemplateFormatVersion": ..., "Resources": {...}}
    std::string service;
    std::string stage;
    std::string region;
    bool stage_inferred = false, region_inferred = false;  // defaulted, not given
    std::vector<role_info> roles;
    std::vector<function_info> functions;
    bool uses_per_function_plugin = false;
    bool uses_pseudo_parameters_plugin = false;  // serverless-pseudo-parameters listed: `#{...}` became Fn::Sub
    diagnostics diags;
    json resolved_config = nullptr;  // the config after variable resolution (explain reads custom values)
};

package_result package(const yaml::document& config, const options& opts);

// A plain CloudFormation template given in place of serverless.yml (`Resources` and either
// `AWSTemplateFormatVersion` or none of `service`/`provider`/`functions`): package() reads its IAM resources as written.
bool looks_like_cfn_template(const json& root);

}  // namespace wd::sls
