// SPDX-License-Identifier: MIT
// The user's YAML habits (indent width, whether sequences are indented under their key, the quote they
// use) and how to write a value the way they would.
#pragma once
#include <string>

#include "common/json.hpp"
#include "explain/text_lines.hpp"

namespace wd::explain {

struct yaml_style {
    int indent = 2;
    bool seq_indented = true;  // "key:\n  - item" (true) or "key:\n- item" (false)
    char quote = '\'';
    bool short_tags = true;    // !GetAtt / !Sub rather than Fn::GetAtt mappings
    bool quote_values = false;    // the file quotes its actions and ARNs (`- "s3:GetObject"`, `Action: 'sqs:*'`)
    bool quote_keywords = false;  // the file quotes Effect and Sid values (`Effect: "Allow"`)
    bool flow_padding = false;    // flow collections written `{ Effect: Allow, Action: [ 's3:GetObject' ] }`
};

yaml_style detect_style(const text_lines& lines);

// A scalar as plain text when YAML reads it back as the same string, else quoted with `quote`. Inside a
// flow collection (`flow`), `,[]{}` end a plain scalar, so text holding them (`${sls:stage}`) is quoted.
std::string yaml_scalar(const std::string& value, char quote, bool force_quote = false, bool flow = false);
// Scalars and intrinsics (`!GetAtt A.Arn`, `!Sub '...'`, `!Ref X`) on one line; "" when not inline-able.
// `keyword`: the value of Effect or Sid (the file's quoting habit for those may differ).
std::string yaml_inline(const json& value, const yaml_style& style, bool flow = false, bool keyword = false);

}  // namespace wd::explain
