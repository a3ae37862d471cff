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

}  // namespace

std::vector<std::string> set_holding(const std::vector<std::vector<std::string>>& sets, const std::string& action) {
    for (const auto& set : sets)
        for (const auto& a : set)
            if (iam::iequals(a, action)) return set;
    return {};
}

std::vector<std::string> called_together(const std::string& action) { return set_holding(sequences(), action); }

}  // namespace wd::explain
