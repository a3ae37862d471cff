// SPDX-License-Identifier: MIT
// Resources a call is authorised on besides the one an error names. AWS Glue authorises a Data Catalog call on
// every level of the hierarchy its resource sits in: a table-level action (glue:GetPartitions) on the catalog,
// the database and the table (AWS Glue Developer Guide, "Specifying AWS Glue resource ARNs": Data Catalog
// resources are a hierarchy with the catalog as its root, and its example policies grant a table action on all
// three; Athena's "Fine-grained access to databases and tables in the AWS Glue Data Catalog" says the same).
// The error names one of them, so a grant of that one alone fails on the next level up. The levels come from
// the IAM catalog: the action's other required resource types whose ARN templates can be filled from the named
// ARN (database/${DatabaseName} from table/${DatabaseName}/${TableName}). Bedrock authorises a call through a
// cross-Region inference profile on the profile and on the foundation model it routes to.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "iam/catalog.hpp"

namespace wd::iam {

// The ARNs of the levels above `arn` that `action` is also authorised on, outermost first (catalog, then
// database), written the way `arn` is written: the same text is used for a resolved ARN and for one as a config
// writes it (`arn:aws:glue:${aws:region}:${aws:accountId}:table/${self:custom.db}/events`; a `${...}` is one
// unit). Empty for services that authorise one resource, for an ARN no required type matches, or when a level's
// name cannot be taken from `arn`.
std::vector<std::string> hierarchy_parents(const catalog& cat, std::string_view action, std::string_view arn);

// Fills an ARN template's variables from `arn` as in hierarchy_parents: (variable, text) pairs, or false when
// `arn` does not have the template's shape. Exposed for tests.
bool bind_arn_template(std::string_view arn_template, std::string_view arn,
                       std::vector<std::pair<std::string, std::string>>& bound);

}  // namespace wd::iam
