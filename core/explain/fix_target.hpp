// SPDX-License-Identifier: MIT
// Where in serverless.yml a grant for a role belongs, and whether an existing statement can take it.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "explain/analysis.hpp"

namespace wd::explain {

struct fix_target {
    std::string kind;         // "provider-iam" | "provider-legacy" | "function" | "resources" | "external" | "none"
    std::string seq_pointer;  // existing statement list, or ""
    std::string create_under; // mapping to create `create_keys` under when there is no list yet
    std::vector<std::string> create_keys;
    std::string create_policy;  // name of an inline policy to create under `create_under` (a role from `resources`
                                // with no Policies yet); then `create_keys` is empty
    bool create_document = false;  // a SAM function: create a policy document item in `create_under`'s Policies
    std::string label;        // "provider.iam.role.statements", ...
    std::string elsewhere;    // kind "none": the list is written as this variable (`${file(./iam.yml)}`)
    std::string id() const { return seq_pointer.empty() ? create_under + "|" + label : seq_pointer; }
};

fix_target find_target(const config_model& cm, const sls::role_info& role);

// Index of a statement in the target list that already allows actions of the same service on exactly the
// grant's resource (adding the action there widens nothing else), or -1.
// The statement of the target an Allow of g.action can join, or -1. `objects` (when given) receives the
// statement's resource when it is an S3 object pattern of the same bucket covering the object (`b/*`,
// `b/in/*`) and already allows there an action of the same access level or a higher one (a read joins a
// statement that writes, a write never widens a read-only one): the role is already scoped to those objects,
// and a grant of one object key would fail again on the next key. Needs the catalog for access levels.
int merge_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string* objects = nullptr,
                    const iam::catalog* cat = nullptr);

// What a grant newly allows: actions expanded through the catalog, resources, flags.
// An Allow statement of the target that names `typo`, an action unknown to the catalog whose first
// did-you-mean is g.action, on resources that include g.resource: the user meant g.action there
// (`dynamodb:PutItems`, `dynamo:GetItem`). Returns the JSON pointer of that Action entry, or "".
std::string typo_candidate(const config_model& cm, const fix_target& t, const grant& g, const iam::catalog* cat,
                           std::string& typo);

// An Allow statement of the target that already names g.action on the secret g.resource names, but without
// the random suffix Secrets Manager appends (`...:secret:db` for `...:secret:db-??????`): it matches no secret.
// Returns the JSON pointer of that Resource scalar, or "".
std::string secret_suffix_candidate(const config_model& cm, const fix_target& t, const grant& g);

// An Allow statement of the target that names g.action on the container of g.resource instead of its contents:
// an S3 bucket for an object action (`b` for `b/key`), a log group for a log stream (`log-group:g` for
// `log-group:g:log-stream:s`). Returns the JSON pointer of its Resource (a scalar or a one-item list), with
// `contents` the entry to add as the file writes the container (`b/*`, `log-group:g:*`) and `resolved` the
// same resolved, or "". `siblings` gets the same list's other buckets' contents (as written, resolved).
std::string container_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& contents,
                                std::string& resolved,
                                std::vector<std::pair<std::string, std::string>>* siblings = nullptr);

// An Allow statement of the target that names g.action on a resource that misses g.resource only by a slip in
// its name: a typo (at most two edits in a name of five or more characters), the `.fifo` suffix of a FIFO queue
// or topic, or the stage. Returns the JSON pointer of that Resource string, with `corrected` its text as the
// file writes it (variables kept) and `resolved`, `what` ("typo" | "fifo" | "stage") the kind of slip; or "".
std::string near_miss_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& corrected,
                                std::string& resolved, std::string& what);

// An Allow statement of the target that names g.action with `!Ref X` (one line, short tag), X a resource of the
// file whose Ref is not its ARN (a queue's URL, a table's or a bucket's name), while g.resource is X's ARN (or,
// for a bucket, an object in it). Returns the JSON pointer of that Ref node, with `corrected` the text to write
// in its place (`!GetAtt X.Arn`, `!Sub '${X.Arn}/*'`), `resolved` what it names, `logical_id` X and `ref_value`
// what the Ref gave; or "".
std::string ref_not_arn_candidate(const config_model& cm, const fix_target& t, const grant& g, char quote, std::string& corrected,
                                  std::string& resolved, std::string& logical_id, std::string& ref_value);

// A statement of the target that lists g.action by name among other actions it is used with, on other
// resources of the same service (`athena:StartQueryExecution` + `GetQueryExecution` + `GetQueryResults` on
// workgroup `primary`; `glue:GetTable` + `GetDatabase` on a database and a table), where none of its other
// actions has a higher access level than g.action: the resource joins its Resource list, so the next call of
// that set does not fail on the resource, and no write comes along with a read. Not for S3 (one object key is
// no resource to list). Returns the statement's index, or -1.
int resource_join_candidate(const config_model& cm, const fix_target& t, const grant& g, const iam::catalog* cat);

// An Allow statement of the target that names g.action on an SSM parameter path written with a double slash
// (`parameter/${prefix}` where the prefix starts with `/`), which matches nothing, and that would cover
// g.resource with one slash. Returns the JSON pointer of its Resource scalar and, in `corrected`, the text
// without the slash after `parameter` (`resolved`: the same resolved), or "".
std::string ssm_double_slash_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& corrected,
                                       std::string& resolved);

// An Allow statement of the target that names g.action on a resource written in a shape IAM never matches, which
// meant g.resource: a queue's URL for its ARN, an S3 ARN with a region or account, an S3 object pattern ending in `/`
// without `*`. Returns the JSON pointer of that Resource string, with `corrected` its text as the file writes it
// (variables kept), `resolved` the same resolved and `key` the record that says which shape; or "".
std::string malformed_resource_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& corrected,
                                         std::string& resolved, std::string& key);

// An Allow statement of the target whose only action is g.action, on an ARN that fits none of that action's
// resource types in the catalog (an agent's ARN for `bedrock:InvokeAgent`, which acts on an agent alias): it can
// never allow anything, so it meant g.resource. Returns the JSON pointer of that Resource string, with `corrected`
// the grant as the config writes it and `resolved` what it names; or "".
std::string dead_resource_candidate(const config_model& cm, const fix_target& t, const grant& g, const iam::catalog* cat,
                                    std::string& corrected, std::string& resolved, bool& tagged);

// An Allow statement of the target that names g.action on a resource IAM can never match, which meant g.resource:
// a bare name where IAM matches only ARNs (`Resource: ${self:custom.streamName}`), or a `GetAtt` of a resource of
// the file for an attribute that is not its ARN (`!GetAtt Queue.QueueName`, `[Table, StreamArn]` for an action on
// the table) whose `Arn` is g.resource. Empty `pointer` when there is none.
struct resource_correction {
    std::string pointer;    // the node to change
    std::string corrected;  // its new text, as the file writes it
    std::string resolved;   // what that names
    std::string key;        // the record: "fix.name_to_arn" | "fix.getatt_arn"
    json args;              // the record's arguments
    bool tagged = false;    // the node is a short-form tag (`!GetAtt X.Y`), replaced as YAML text
};
resource_correction unmatchable_resource_candidate(const config_model& cm, const fix_target& t, const grant& g);

json blast_radius(const std::vector<std::string>& actions, const std::vector<std::string>& resources,
                  const iam::catalog* cat, std::string_view locale);

}  // namespace wd::explain
