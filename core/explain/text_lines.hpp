// SPDX-License-Identifier: MIT
// The config as lines with their own line endings, so a patch can touch a few lines and give back every
// other byte unchanged (CRLF, a missing final newline, tabs in comments).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wd::explain {

struct text_lines {
    std::vector<std::string> text;  // without the line ending
    std::vector<std::string> eol;   // "\n", "\r\n" or "" (last line without newline)
    std::string newline = "\n";     // the file's dominant line ending, used for inserted lines
};

text_lines split_lines(std::string_view text);
std::string join_lines(const text_lines& lines);

int indent_of(std::string_view line);            // leading spaces
bool is_blank_or_comment(std::string_view line);  // nothing but spaces, or a `#` comment
std::string spaces(int n);                       // n blanks (none for n <= 0)
// A file written as JSON (a template or serverless.json): its first non-blank character is `{`.
bool is_json_text(std::string_view text);

// Index of the last content line that belongs to the block starting at `start`: following lines
// indented more than `indent` (blank and comment-only lines are skipped, never counted as the end).
int block_end(const text_lines& lines, int start, int indent);

}  // namespace wd::explain
