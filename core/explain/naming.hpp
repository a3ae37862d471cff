// SPDX-License-Identifier: MIT
// Names the framework gives roles and functions, read backwards: stage and region from a role name in a
// log, redacted names turned into patterns. Pure string work, no config access.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wd::explain {

// "ap-northeast-1", "us-gov-west-1", ... (shape only: two letters, optional gov/iso part, word, digits)
bool looks_like_region(std::string_view s);

struct role_name_parts {
    std::optional<std::string> stage;
    std::optional<std::string> region;
    std::optional<std::string> function;  // plugin per-function role: <service>-<stage>-<fn>-<region>-lambdaRole
    // A region inside a custom name (`worker-dev-eu-west-1-worker` from `!Sub '${AWS::StackName}-${AWS::Region}-worker'`):
    // weaker evidence than the framework's own form, so the caller uses it only when the config sets no region.
    std::optional<std::string> embedded_region;
};

// Read `<service>-<stage>-<region>-lambdaRole` (and the plugin's per-function form). `service` may be ""
// (unknown or redacted): then only the region is read. `functions` = function keys of the config.
role_name_parts parse_role_name(std::string_view role_name, std::string_view service,
                                const std::vector<std::string>& functions);

// `<service>-<stage>-<fn>` -> stage, when service and one function key fit.
std::optional<std::string> stage_from_session(std::string_view session, std::string_view service,
                                              const std::vector<std::string>& functions);

// Redaction placeholders users type: `[my-app-name]`, `<account>`, `***`, `XXXX`, `{name}`.
bool has_redaction(std::string_view s);
// A glob for a redacted name: each placeholder becomes `*`. Returns the text unchanged when none.
std::string redaction_glob(std::string_view s);

}  // namespace wd::explain
