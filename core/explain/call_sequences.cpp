// SPDX-License-Identifier: MIT
#include "explain/call_sequences.hpp"

#include "iam/glob.hpp"

namespace wd::explain {

namespace {

// Each from the service's developer guide for its data plane:
// - AppConfig: "retrieving configuration data" (StartConfigurationSession, then GetLatestConfiguration with
//   the token it returns, on the same configuration profile);
// - Kinesis Data Streams: reading with the API (GetShardIterator, then GetRecords with the iterator).
const std::vector<std::vector<std::string>>& sequences() {
    static const std::vector<std::vector<std::string>> s = {
        {"appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"},
        {"kinesis:GetShardIterator", "kinesis:GetRecords"},
    };
    return s;
}

// Actions one piece of work calls on the same resource, besides the sequences above: an Athena query is started,
// polled and read in its workgroup (Athena user guide, "Running queries with the API"); the Glue Data Catalog's
// readers look up a table through its database (Athena, "Fine-grained access to databases and tables").
const std::vector<std::vector<std::string>>& used_together() {
    static const std::vector<std::vector<std::string>> s = {
        {"athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution",
         "athena:GetWorkGroup"},
        {"glue:GetTable", "glue:GetTables", "glue:GetDatabase", "glue:GetDatabases", "glue:GetPartition", "glue:GetPartitions"},
    };
    return s;
}

}  // namespace

std::vector<std::string> used_on_one_resource(const std::string& action) {
    std::vector<std::string> set = set_holding(used_together(), action);
    if (set.empty()) set = set_holding(sequences(), action);
    return set;
}

std::vector<std::string> set_holding(const std::vector<std::vector<std::string>>& sets, const std::string& action) {
    for (const auto& set : sets)
        for (const auto& a : set)
            if (iam::iequals(a, action)) return set;
    return {};
}

std::vector<std::string> called_together(const std::string& action) { return set_holding(sequences(), action); }

}  // namespace wd::explain
