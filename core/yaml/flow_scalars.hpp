// SPDX-License-Identifier: MIT
// Two places where yaml-cpp 0.7.0 reads a flow collection (`[...]`, `{...}`) differently from js-yaml, the
// framework's loader, found by the sls9 probe:
//  - yaml-cpp ends a plain scalar at any `?` in flow context (its EndScalarInFlow), so `[cron(0 12 * * ? *)]`,
//    `[arn:aws:s3:::backup-202?]` or `{k: a ? b}` fail to parse. js-yaml (YAML 1.2) takes `?` as the
//    explicit-key indicator only at the start of an entry and followed by a blank; anywhere else it is text.
//  - yaml-cpp reads an empty entry (`[a,,b]`) as an empty string; js-yaml stops: "expected the node content,
//    but found ','".
// The pre-pass below runs on the text before yaml-cpp sees it: such a `?` becomes `question_mark_stand_in`,
// a byte that is ordinary scalar text to yaml-cpp and is turned back into `?` in every scalar the loader
// builds (json_builder). One byte for one byte, so lines, columns and offsets stay those of the user's text.
#pragma once
#include <string>
#include <string_view>

namespace wd::yaml {

inline constexpr char question_mark_stand_in = '\x1f';  // ASCII unit separator: never in a YAML text js-yaml reads

struct flow_rewrite {
    std::string text;          // what yaml-cpp is given (the input when `rewritten` is false)
    bool rewritten = false;    // some `?` became question_mark_stand_in
    bool empty_entry = false;  // an entry with no node between two `,` (or after the opening bracket)
    int line = 0, column = 0;  // 1-based position of that `,`
};

// Linear scan; tracks flow depth outside quotes, comments and block scalars. A text that already holds the
// stand-in byte is left as it is.
flow_rewrite rewrite_flow_scalars(std::string_view text);

}  // namespace wd::yaml
