// SPDX-License-Identifier: MIT
// Internal: the state one explain run shares between its steps (matching, decision, fix, lint).
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/json.hpp"
#include "explain/intrinsics.hpp"
#include "iam/catalog.hpp"
#include "iam/evaluator.hpp"
#include "log/log_parser.hpp"
#include "serverless/package.hpp"
#include "yaml/document.hpp"

namespace wd::explain {

// A config loaded and packaged for a given stage/region/account.
struct config_model {
    std::string text;
    yaml::document doc;
    sls::package_result pkg;
    resolve_context ctx;
    std::string service;
    std::vector<std::string> function_keys;
    bool is_serverless = false;
    bool is_plain_template = false;  // a CloudFormation template given in place of serverless.yml
    // Where the file writes its CloudFormation resources: `resources.Resources` in serverless.yml, the top-level
    // `Resources` of a plain template. As a JSON pointer and as the dotted label the answer shows.
    std::string resources_pointer() const { return is_plain_template ? "/Resources" : "/resources/Resources"; }
    std::string resources_label() const { return is_plain_template ? "Resources" : "resources.Resources"; }
    bool account_is_default = false;  // no flag and no account in the log: never write it into the config
    // Issue 8: matching work shared by every evaluation of one explain call (decide() and its probes);
    // null = each evaluation has the evaluator's own default budget.
    std::shared_ptr<iam::step_budget> budget;
};

// Load + package; `diags` receives yaml/serverless diagnostics.
config_model load_config(const std::string& text, const sls::options& opts, const std::string& account_id);
// The same from `doc`, the document already parsed from `text` (explain loads one text with several options).
config_model load_config(const std::string& text, yaml::document doc, const sls::options& opts, const std::string& account_id);

// The request one denial stands for, ready for the evaluator.
struct request_view {
    std::string action;                   // canonical spelling when the catalog knows it
    std::optional<std::string> resource;  // ARN for evaluation (constructed from a name when needed)
    std::string principal_arn;
    std::string role_name, session_name;
    json context = json::object();
    // The logged call is the action itself (`Decrypt` → `kms:Decrypt`): the function's own SDK call, not a
    // service's call on its behalf, so the keys only services set (kms:ViaService, aws:CalledVia) are absent.
    bool direct_call = false;
    // The log says "with an explicit deny in an identity-based policy": a Deny of the role's own fired.
    bool logged_identity_deny = false;
    std::string logged_reason;  // the log's reason class (CONTRACT.md section 2), "unspecified" when it names none
};

// A condition key AWS puts only in a request a service makes on someone's behalf (kms:ViaService, aws:CalledVia,
// aws:SourceArn, aws:PrincipalServiceName, ...): a function's own SDK call never carries it.
bool is_service_set_key(std::string_view key);

struct match_result {
    const sls::role_info* role = nullptr;
    const sls::function_info* function = nullptr;
    bool deploy_principal = false;
    // ... and the log is a local run of the handler (serverless-offline, `sls invoke local`): the IAM user is the
    // developer's own credentials, not the one that deploys.
    bool local_run = false;
    bool role_in_log = false;  // the log names a role at all
    std::vector<std::string> redacted;  // which principal parts were redacted
    json records = json::array();       // explanation records (key + args)
};

match_result match_principal(const config_model& cm, const log::denial& d, const request_view& rq,
                             std::string_view log_text, std::string_view locale);

// The Deny statement of a resource policy the config defines (a bucket, queue, topic or key policy under
// `resources`) that denied the request.
struct resource_deny {
    std::string logical_id;  // the policy resource
    std::string pointer;     // JSON pointer of the statement in the config document
    int line = 0;            // 0: the statement is not in the config's own text (e.g. from ${file()})
    json statement;          // resolved
    bool allowed_without = false;  // the request is allowed once this statement is gone
    bool in_boundary = false;      // the Deny is in the permissions boundary this file creates
};

// A resource policy the config defines (bucket/queue/topic/key policy under `resources`) that was evaluated.
struct config_resource_policy {
    std::string logical_id;
    std::string type;               // AWS::KMS::Key, AWS::S3::BucketPolicy, ...
    std::string document_pointer;   // JSON pointer of its policy document in the config
    int line = 0;                   // of the resource
};

struct decision_result {
    std::string decision;  // Allow | ImplicitDeny | ExplicitDeny | Undetermined
    std::string evaluation_error;  // the evaluator's error when it could not evaluate the request (Undetermined)
    std::string reason_class;
    json trace = json::array();
    json records = json::array();
    int deny_statement = -1;  // index into role->statements of the denying statement
    std::optional<explain::resource_deny> resource_deny;  // when a resource policy of the config denied it
    std::optional<config_resource_policy> resource_policy;  // the config's resource policy that was evaluated
    std::optional<config_resource_policy> boundary;         // the permissions boundary, when the config defines it
    bool boundary_blocks = false;                           // ... and it does not allow the request either
    // The config's resource policy is a role's trust policy that would not allow the request even if the role's
    // own statements did: the fix goes into that trust policy (a role trusts no one it does not name).
    bool trust_policy_blocks = false;
    std::vector<std::string> missing_keys;
    std::vector<std::string> unresolved;
};

// Services with one global endpoint: their requests name us-east-1 as aws:RequestedRegion.
bool is_global_service(const std::string& service);
// The STS actions whose resource is a role and which its trust policy must allow: sts:AssumeRole*, and the
// session tags and source identity passed with them (IAM User Guide, id_session-tags.html,
// id_credentials_temp_control-access_monitor.html).
bool is_trust_policy_action(const std::string& action);

// Does this JSON text (a dumped value) name logical id `id`: Ref, Fn::GetAtt, `${id}` / `${id.Attr}` in a Fn::Sub?
bool text_names(const std::string& text, const std::string& id);

decision_result decide(const config_model& cm, const sls::role_info& role, const request_view& rq,
                       const iam::catalog* cat, std::string_view locale, int skip_statement = -1);

// The least-privilege grant for one request, in concrete and in config form.
struct grant {
    std::string action;
    std::string resource;        // concrete ("*" or ARN pattern)
    json resource_config;        // as the config should write it (string or intrinsic)
    json records = json::array();
    // Variables read from AWS that resource_config writes, with the value the log shows (resolve_context::known_remote).
    std::map<std::string, std::string> assumed_remote;
};
grant least_privilege(const config_model& cm, const request_view& rq, const iam::catalog* cat, std::string_view locale);

// Resolve JSON found at `pointer` of the packaged (variable-resolved) config, then its intrinsics.
json resolved_at(const config_model& cm, const std::string& pointer);
const json* raw_at(const json& root, const std::string& pointer);

// `budget`: the explain call's shared step budget (issue 8); null = unbounded.
// A statement object whose Effect is the string "Allow" (fuzzed configs hold any JSON there).
inline bool is_allow(const json& statement) {
    if (!statement.is_object()) return false;
    const auto it = statement.find("Effect");
    return it != statement.end() && it->is_string() && it->get_ref<const std::string&>() == "Allow";
}
// Whether every action of an Action value (string or list) belongs to `service` ("s3"), case-insensitively.
bool actions_of_service(const json& action_value, const std::string& service);
// The highest access level among the actions (patterns expanded): List < Read < Tagging < Write < Permissions
// management as 0..4; -1 when none is known to the catalog (or there is none).
int access_rank(const iam::catalog* cat, const json& actions);
bool action_matches(const json& action_value, const std::string& action,
                    iam::step_budget* budget = nullptr);  // string | list, IAM globs, ci
bool resource_matches(const json& resource_value, const std::string& resource, iam::step_budget* budget = nullptr);
std::string role_arn(const config_model& cm, const std::string& role_name);
// The same with the role's Path (`Properties.Path` of the role in the template, `/integrations/`): the assumed-role
// ARN in a log never shows it, but a policy naming the role must.
std::string role_arn(const config_model& cm, const std::string& role_name, const sls::role_info* role);

}  // namespace wd::explain

namespace wd::explain {
std::string canonical_action(const std::string& action, const iam::catalog* cat);
// A new statement's S3 object whose key carries a number (an upload, a date, a batch): the next call names another
// key, so the grant becomes the folder the keys share, up to the first folder that is itself per call
// (`uploads/customers-2024-05.csv` -> `uploads/*`, `2026-11-30/export.csv` -> `*`); a key without numbers
// (`config/settings.json`) stays, unless `config` (the config's document) is given: then a key in a folder that
// the config never names is widened to its folder (`a/b/cat.jpg` -> `a/b/*`). Returns whether it changed the grant.
bool widen_object_key(grant& g, std::string_view locale, const json* config = nullptr);
// Drops the "the resource is the one the log names / as the config writes it" records of a grant.
void drop_resource_records(json& records);
std::optional<std::string> request_resource(const config_model& cm, const log::denial& d, bool& secret);
}  // namespace wd::explain
