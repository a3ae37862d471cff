// SPDX-License-Identifier: MIT
// AWS managed policies, parsed on demand. The generated document ({"<arn>": policyDocument, ...}) is
// about 3 MB of JSON for ~1,400 policies, of which an answer needs one or two: parsing it whole cost more
// than half of the CLI's start-up and a quarter of a second in WebAssembly. Loading only scans the text
// for each top-level key and where its value lies; a policy is parsed the first time it is asked for.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/json.hpp"

namespace wd::iam {

class managed_policy_index {
public:
    // Indexes `text` (kept as a copy). Throws std::runtime_error when the text is not a JSON object of
    // objects: the structure is checked while scanning, each value's JSON when it is first parsed.
    void load(std::string_view text);
    // The policy document, or nullptr when the ARN is unknown or its document does not parse.
    const json* find(std::string_view arn) const;
    std::size_t size() const { return spans_.size(); }

private:
    struct span { std::size_t begin = 0, end = 0; };
    std::string text_;
    std::unordered_map<std::string, span> spans_;
    // Parsed documents; nullptr remembers a value that failed to parse. Node-based: pointers stay valid.
    mutable std::unordered_map<std::string, std::unique_ptr<json>> parsed_;
};

}  // namespace wd::iam
