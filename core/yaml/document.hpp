// SPDX-License-Identifier: MIT
// A YAML document as JSON plus a side table of source positions, so every later stage (conversion,
// provenance, patches) can point back at the user's text. CloudFormation short-form tags are turned
// into their long form here (`!Ref x` -> {"Ref": "x"}, `!GetAtt a.b` -> {"Fn::GetAtt": ["a", "b"]}),
// exactly as the Serverless Framework does when it reads serverless.yml.
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "common/diagnostic.hpp"
#include "common/json.hpp"

namespace wd::yaml {

struct source_pos {
    int line = 0;         // 1-based
    int column = 0;       // 1-based
    std::size_t offset = 0;  // byte offset into the text
};

struct node_span {
    source_pos key;    // position of the mapping key (line 0 for sequence items and the root)
    source_pos value;  // position where the value starts
};

struct document {
    json root;                                 // null when the text could not be parsed at all
    std::map<std::string, node_span> spans;    // JSON pointer ("/provider/iam/role/statements/0") -> span
    // Where an alias (`- *readOrders`) is written, by its pointer: its span above is its anchor's, so that a
    // change to the value is made where the value is written; a new sibling goes after the alias's own line.
    std::map<std::string, source_pos> alias_positions;
    // Pointers whose value is written elsewhere and may be shared: an alias (`*base`), a key merged in with `<<`.
    // An edit there changes every place that uses the same text.
    std::set<std::string> borrowed;
    diagnostics diags;
    bool parsed = false;

    // Position of the node at `pointer`, or nullptr. Uses the value position.
    const node_span* span_of(const std::string& pointer) const;
    // The nearest ancestor (or self) that has a span; useful for nodes created by resolution.
    const node_span* nearest_span(std::string pointer) const;
};

// Issue 8: texts larger than this are refused with WD1008 before parsing. Real serverless.yml files
// are a few KB to a few hundred KB, and CloudFormation itself accepts templates of at most 1 MB. Loading
// costs about 90 bytes of memory per byte of a mapping-heavy YAML text (yaml-cpp's node graph, our JSON
// copy, the per-node source positions; measured natively) and explain loads the config up to three
// times, so 2 MB keeps one analysis within a few hundred MB of the page's 1 GB WebAssembly heap.
inline constexpr std::size_t max_input_bytes = std::size_t(2) << 20;

// `file` labels diagnostics ("config", or a file name for `${file(...)}` inputs).
// Never throws: yaml-cpp errors become WD1001 with the line and column of the problem.
document load(std::string_view text, std::string_view file = "config");

// Rewrites every lone CR (not followed by LF) as LF, in place: YAML 1.2 and js-yaml end a line there, yaml-cpp
// does not. Offsets stay where they were. True when there was one.
bool lone_cr_to_lf(std::string& text);

// JSON-pointer token escaping ('~' -> '~0', '/' -> '~1').
std::string escape_pointer_token(std::string_view token);

}  // namespace wd::yaml
