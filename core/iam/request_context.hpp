// SPDX-License-Identifier: MIT
// The request context: condition keys and their values. Key names are case-insensitive (AWS), so
// lookups go through the lower-cased name; values keep their case.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace wd::iam {

struct context_value {
    std::string key;        // as the request spelled it
    std::string key_lower;  // for lookups
    std::vector<std::string> values;
    bool multi = false;     // given as an array (a multivalued key)
    // aws:userid of a role session is `<role id>:<session name>`: the role's unique id (`AROA...`, letters and
    // digits) is in no log, so the value is that unknown id followed by values[0] (`:<session name>`).
    bool unknown_role_id_prefix = false;
};

class request_context {
public:
    // Strings, numbers and booleans become their text ("true", "10"); arrays are multivalued keys.
    static request_context from_json(const json& context);
    const context_value* find(std::string_view key_lower) const noexcept;
    bool contains(std::string_view key_lower) const noexcept { return find(key_lower) != nullptr; }
    void set(std::string key, std::vector<std::string> values, bool multi);  // adds or replaces
    void erase(std::string_view key_lower);
    // Adds a key known to be absent (no search); `key_lower` must be lower_copy(key).
    void append(std::string key, std::string key_lower, std::vector<std::string> values, bool multi);
    // Adds aws:userid of a role session: an unknown role id, then `:<session>` (see context_value).
    void append_role_session_userid(const std::string& session);
    const std::vector<context_value>& entries() const { return entries_; }
    json to_json() const;
    // Keys AWS never sets for this request (aws:username of a role session): a condition on one is decided as
    // on any absent key, but the key is not reported as missing from the log.
    void mark_never_present(std::string key_lower) { never_present_.push_back(std::move(key_lower)); }
    bool never_present(std::string_view key_lower) const noexcept {
        for (const auto& k : never_present_)
            if (k == key_lower) return true;
        return false;
    }

private:
    std::vector<context_value> entries_;
    std::vector<std::string> never_present_;
};

std::string lower_copy(std::string_view s);
std::string scalar_text(const json& v);  // string as is; number/bool as JSON text; other -> ""

}  // namespace wd::iam
