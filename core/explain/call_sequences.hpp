// SPDX-License-Identifier: MIT
// Some APIs are only ever called as a sequence on the same resource: AppConfig's data plane hands out a
// session token (StartConfigurationSession) that the next call redeems (GetLatestConfiguration); a Kinesis
// reader asks for a shard iterator and then reads with it. A role granted only the call the log names fails
// on the next one of the sequence, so the fix grants the sequence.
#pragma once
#include <string>
#include <vector>

namespace wd::explain {

// The set of `sets` that holds `action` (compared case-insensitively), or {}.
std::vector<std::string> set_holding(const std::vector<std::vector<std::string>>& sets, const std::string& action);

// The actions called in sequence with `action` on the same resource (`action` included), or {} when it is
// part of no such sequence. Compared case-insensitively.
std::vector<std::string> called_together(const std::string& action);

// The actions one piece of work calls on the same resource as `action` (a sequence above, or an Athena query's
// start, polling and results), `action` included; {} when none is known. A statement of exactly such actions is
// the work's grant, so a new resource for that work joins it without granting anything the work does not call.
std::vector<std::string> used_on_one_resource(const std::string& action);

}  // namespace wd::explain
