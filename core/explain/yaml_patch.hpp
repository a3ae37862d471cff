// SPDX-License-Identifier: MIT
// Text edits on the user's serverless.yml that look as if the user had typed them: new statements are
// appended to an existing list (or the list is created where the framework reads it), actions are added
// to an existing statement's Action, Deny statements are removed. Edits are collected first and applied
// together, so several denials give one patch. Every line not edited keeps its bytes.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "explain/text_lines.hpp"
#include "explain/yaml_style.hpp"
#include "yaml/document.hpp"

namespace wd::explain {

class yaml_patcher {
public:
    yaml_patcher(std::string_view text, const yaml::document& doc);

    // Append `stmt` (config form: strings or intrinsics) to the sequence at `seq_pointer`.
    bool append_statement(const std::string& seq_pointer, const json& stmt, std::string& why);
    // Create `keys` (e.g. {"iam","role","statements"}) under the block mapping at `mapping_pointer`
    // and put `stmt` in the new list.
    // `Policies:` with one inline policy holding `stmt` under the role's Properties mapping (later calls for
    // the same mapping add statements to it). An empty `policy_name` writes a SAM function's form: the list
    // item is the policy document itself (`- Statement: [...]`), added after the items `Policies` already has.
    bool create_policy(const std::string& properties_pointer, const std::string& policy_name, const json& stmt,
                       std::string& why);
    bool create_statements(const std::string& mapping_pointer, const std::vector<std::string>& keys, const json& stmt,
                           std::string& why);
    // Add `action` to the Action of the statement at `stmt_pointer` (scalar, block or flow list).
    bool add_action(const std::string& stmt_pointer, const std::string& action, std::string& why);
    // Appends a scalar to the list at `list_pointer` (a flow or block list, or a single scalar turned into a
    // block list), in the file's quoting style; several calls on one list become one edit.
    bool add_list_value(const std::string& list_pointer, const std::string& value, std::string& why);
    // Remove the statement at `stmt_pointer` (an item of a block sequence).
    bool remove_statement(const std::string& stmt_pointer, std::string& why);
    // Remove just `action` from the block-list Action of the statement at `stmt_pointer`, when exactly one
    // entry names it and no other entry (a wildcard) covers it; false otherwise (nothing is edited).
    bool remove_action(const std::string& stmt_pointer, const std::string& action, std::string& why, bool exact_item = false);
    // Whether an earlier remove_action(stmt_pointer, action) call took the action out.
    bool removed_action(const std::string& stmt_pointer, const std::string& action) const {
        return removed_.count(stmt_pointer + "|" + action) > 0;
    }

    // Replace the one-line scalar at `pointer` by `value`, keeping its quotes (a typo'd action in its place).
    bool replace_scalar(const std::string& pointer, const std::string& value, std::string& why);
    // Replace the node at `pointer`, written on one line as a tagged scalar (`!Ref JobsQueue`), by `text`
    // (YAML as it is to appear, e.g. `!GetAtt JobsQueue.Arn`); false for any other shape.
    bool replace_tagged_node(const std::string& pointer, const std::string& text, std::string& why);

    bool empty() const { return edits_.empty(); }
    std::string result() const;
    const yaml_style& style() const { return style_; }

private:
    struct edit {
        int begin = 0, end = 0;  // replace original lines [begin, end); begin == end inserts
        std::vector<std::string> lines;
        int order = 0;
    };
    std::vector<std::string> render_statement(const json& stmt, int dash_col, int key_offset) const;
    bool locate_item(const std::string& pointer, int& line, int& dash_col, int& key_col) const;
    bool append_flow(const std::string& seq_pointer, int line, std::size_t col, const json& stmt, std::string& why);
    bool fill_empty_list(const std::string& seq_pointer, const json& stmt, std::string& why);
    std::string flow_statement(const json& stmt) const;
    int add_edit(int begin, int end, std::vector<std::string> lines);
    bool line_taken(int line) const;

    // A file written as JSON (json_patch.cpp): the same edits, written as JSON.
    std::string json_item(const json& v) const;
    std::string json_statement_item(const std::string& seq_pointer, const json& stmt) const;
    bool json_insert_items(const std::string& list_pointer, const std::string& item, std::string& why);
    bool json_insert_member(const std::string& object_pointer, const std::string& id, const std::string& member, std::string& why);
    struct text_pos_t {
        int line = -1;
        std::size_t col = 0;
    };
    bool json_wrap_object(const std::string& pointer, text_pos_t open, std::string& why);
    bool json_create_policy(const std::string& properties_pointer, const std::string& policy_name, const json& stmt, std::string& why);
    bool json_create_keys(const std::string& mapping_pointer, const std::vector<std::string>& keys, const json& stmt, std::string& why);
    std::map<std::string, std::vector<std::string>> json_items_;  // list or created member -> items written so far
    bool json_ = false;

    text_lines lines_;
    std::set<std::string> removed_;  // "<statement pointer>|<action>" taken out by remove_action
    const yaml::document& doc_;
    yaml_style style_;
    std::vector<edit> edits_;
    std::map<std::string, int> open_lists_;  // seq/create pointer -> edit index (to append more statements)
    std::map<std::string, int> action_edits_;  // list pointer -> edit index
    std::map<std::string, std::vector<std::string>> added_actions_;
};

}  // namespace wd::explain
