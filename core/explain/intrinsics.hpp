// SPDX-License-Identifier: MIT
// CloudFormation intrinsics -> concrete strings for the evaluator. The framework leaves Fn::Sub,
// Fn::Join, Fn::GetAtt, Ref and pseudo parameters in the template; AWS resolves them at deploy time with
// the account, region and partition, which we take from the flags or the log. What cannot be known
// offline (Fn::ImportValue, generated names) becomes a placeholder without wildcards, so it can never
// match a request by accident, and is listed in `unresolved`.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace wd::explain {

struct resolve_context {
    std::string partition = "aws";
    std::string region;
    std::string account_id;
    std::string stack_name;           // provider.stackName, else <service>-<stage> (the framework's naming)
    const json* resources = nullptr;  // the template's Resources object (for Ref/GetAtt)
    // Resources the framework creates for events and leaves out of the package we model (an `sns` event's topic,
    // an `s3` event's bucket, an `eventBridge` event's bus): only their type and name, so a Ref/GetAtt/Sub of their
    // logical id resolves. Asked after `resources`.
    std::shared_ptr<const json> event_resources;
    // The template's Mappings (Fn::FindInMap) and Conditions (Fn::If), from `resources` or a plain template.
    const json* mappings = nullptr;
    const json* conditions = nullptr;
    // The request's resource, when resolving for its evaluation: a generated name (`<stack>-<Id>-*`) found in it
    // becomes that concrete name, so its `*` cannot also cover what lies inside the resource (a bucket's
    // objects, a table's indexes), as a wildcard in a policy would.
    std::string pin_generated;
    // Values of variables the framework reads from AWS (`cf:storage-dev.UploadsBucketName`, as the resolver leaves
    // `${...}`) that the log shows: the name CloudFormation generated for that stack's resource. Verifying a grant
    // written with the variable needs them; everything else keeps them unknown.
    std::map<std::string, std::string> known_remote;
    // A plain CloudFormation template: its Parameters (a Ref gives the Default a deploy without overrides uses)
    // and no stack name of its own (a generated name is `<any stack>-<LogicalId>-<suffix>`).
    const json* parameters = nullptr;
    // Values given for those Parameters (`--param Env=prod`, or read from the log's role name): they win over
    // the Default.
    std::map<std::string, std::string> parameter_values;
    // Resolving a name to read the Parameters' values out of a deployed name: each Parameter becomes
    // parameter_marker(name) instead of a value.
    bool parameter_markers = false;
    bool any_stack = false;
    // Resolving a name to match it against the log's: parameters and the stack name become `*`.
    bool wildcard_names = false;
};

std::string partition_of_region(const std::string& region);

// The text a Parameter stands for under resolve_context::parameter_markers: `\x01<name>\x02`.
std::string parameter_marker(const std::string& name);

// The values of the Parameters in `pattern` (a name resolved with parameter markers) that make it `name`: one
// assignment, or none when the name does not fit or fits in several ways (each value non-empty, without `/`).
std::optional<std::map<std::string, std::string>> parameters_from_name(const std::string& pattern, const std::string& name);

// How many resources of `type` (`AWS::KMS::Key`) the template defines.
std::size_t resources_of_type(const json* resources, const std::string& type);

// Placeholder text for something we cannot know, e.g. "<unresolved:Fn::ImportValue shared-Bucket>": the prefix,
// what it stands for, then `>`.
inline constexpr std::string_view placeholder_prefix = "<unresolved:";
std::string placeholder(const std::string& what);
bool is_placeholder_text(const std::string& s);

// Resolve every intrinsic in `v`; strings stay strings, lists stay lists.
json resolve(const json& v, const resolve_context& ctx, std::vector<std::string>& unresolved);
// The value of a resource's `Condition` (a name in the template's Conditions) for these parameters; none when the
// resource has no Condition or its value is not known.
std::optional<bool> resource_condition(const std::string& logical_id, const resolve_context& ctx);

// A statement with Action/NotAction/Resource/NotResource/Condition values resolved.
json resolve_statement(const json& stmt, const resolve_context& ctx, std::vector<std::string>& unresolved);

// Whether this resource type's ARN format is known here (its `Arn` attribute is built, not inferred from a request).
bool arn_format_modelled(const std::string& type);

// ARN (or Ref value) of a template resource, "" when the type or its name is unknown.
std::string resource_attribute(const std::string& logical_id, const std::string& attribute, const resolve_context& ctx,
                               std::vector<std::string>& unresolved);

}  // namespace wd::explain
