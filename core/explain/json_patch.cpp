// SPDX-License-Identifier: MIT
// The patcher's edits on a config written as JSON (a CloudFormation template or serverless.json given in
// place of serverless.yml): new statements, policies and list values are written as JSON, one compact item
// per line at the indentation of the list's own items, so the file stays JSON and keeps its layout.
#include <algorithm>

#include "explain/analysis.hpp"
#include "explain/yaml_patch.hpp"

namespace wd::explain {
namespace {

// `{"Effect": "Allow", "Action": ["s3:GetObject"]}`: JSON with a space after `:` and `,`, on one line.
std::string inline_json(const json& v) {
    if (v.is_object()) {
        std::string out = "{";
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (out.size() > 1) out += ", ";
            out += json(it.key()).dump() + ": " + inline_json(it.value());
        }
        return out + "}";
    }
    if (v.is_array()) {
        std::string out = "[";
        for (const auto& x : v) out += (out.size() > 1 ? ", " : "") + inline_json(x);
        return out + "]";
    }
    return v.dump();
}

struct text_pos {
    int line = -1;
    std::size_t col = 0;
};

// The bracket closing the `[` or `{` at `open` (strings and their escapes skipped).
text_pos closing_bracket(const text_lines& lines, text_pos open) {
    int depth = 0;
    bool in_string = false;
    for (int l = open.line; l < static_cast<int>(lines.text.size()); ++l) {
        const std::string& t = lines.text[l];
        for (std::size_t c = l == open.line ? open.col : 0; c < t.size(); ++c) {
            const char ch = t[c];
            if (in_string) {
                if (ch == '\\') ++c;
                else if (ch == '"') in_string = false;
                continue;
            }
            if (ch == '"') in_string = true;
            else if (ch == '[' || ch == '{') ++depth;
            else if ((ch == ']' || ch == '}') && --depth == 0) return {l, c};
        }
    }
    return {};
}

// The last character that is not a blank before `p` (earlier lines included).
text_pos last_text_before(const text_lines& lines, text_pos p) {
    for (int l = p.line; l >= 0; --l) {
        const std::string& t = lines.text[l];
        std::size_t c = l == p.line ? p.col : t.size();
        while (c > 0 && (t[c - 1] == ' ' || t[c - 1] == '\t')) --c;
        if (c > 0) return {l, c - 1};
    }
    return {};
}

}  // namespace

std::string yaml_patcher::json_item(const json& v) const { return inline_json(v); }

// A new statement as the list's last statement is written: over several lines when that one is (each member on a
// line of its own at the same column, the `}` under its `{`), a one-item list as a plain string where it writes
// one. Lines after the first carry their own indentation; json_insert_items indents the first.
std::string yaml_patcher::json_statement_item(const std::string& seq_pointer, const json& stmt) const {
    const json* seq = raw_at(doc_.root, seq_pointer);
    if (!seq || !seq->is_array() || seq->empty() || !seq->back().is_object() || seq->back().empty() || !stmt.is_object())
        return json_item(stmt);
    const json& sibling = seq->back();
    json shaped = json::object();
    for (auto it = stmt.begin(); it != stmt.end(); ++it) {
        const bool scalar_there = sibling.contains(it.key()) && !sibling[it.key()].is_array();  // a string, an intrinsic
        shaped[it.key()] = scalar_there && it.value().is_array() && it.value().size() == 1 ? it.value()[0] : it.value();
    }
    const std::string last = seq_pointer + "/" + std::to_string(seq->size() - 1);
    const yaml::node_span* open = doc_.span_of(last);
    const yaml::node_span* member = doc_.span_of(last + "/" + yaml::escape_pointer_token(sibling.begin().key()));
    if (!open || !member || open->value.line <= 0 || member->key.line <= open->value.line) return json_item(shaped);
    std::string out = "{";
    for (auto it = shaped.begin(); it != shaped.end(); ++it)
        out += "\n" + spaces(member->key.column - 1) + json(it.key()).dump() + ": " + inline_json(it.value()) +
               (std::next(it) == shaped.end() ? "" : ",");
    return out + "\n" + spaces(open->value.column - 1) + "}";
}

// Items go in before the `]` of the list at `list_pointer`: on its line when the list is written on one
// line, else each on a line of its own at the column of the list's first item, a comma after the item before.
bool yaml_patcher::json_insert_items(const std::string& list_pointer, const std::string& item, std::string& why) {
    auto& items = json_items_[list_pointer];
    items.push_back(item);
    const yaml::node_span* sp = doc_.span_of(list_pointer);
    if (!sp || sp->value.line <= 0) {
        why = "no list at `" + list_pointer + "`";
        return false;
    }
    const text_pos open{sp->value.line - 1, static_cast<std::size_t>(sp->value.column - 1)};
    const std::string& open_line = lines_.text[open.line];
    if (open.col < open_line.size() && open_line[open.col] == '{') return json_wrap_object(list_pointer, {open.line, open.col}, why);
    if (open.col >= open_line.size() || open_line[open.col] != '[') {
        why = "`" + list_pointer + "` is not a JSON list";
        return false;
    }
    const text_pos close = closing_bracket(lines_, open);
    const text_pos last = close.line < 0 ? text_pos{} : last_text_before(lines_, close);
    if (close.line < 0 || last.line < 0) {
        why = "unclosed list at `" + list_pointer + "`";
        return false;
    }
    const bool empty = last.line == open.line && last.col == open.col;
    std::vector<std::string> out;
    if (close.line == open.line) {  // `"Action": ["s3:GetObject"]`
        std::string joined;
        for (const auto& i : items) joined += (joined.empty() && empty ? "" : ", ") + i;
        out.push_back(open_line.substr(0, last.col + 1) + joined + open_line.substr(last.col + 1));
    } else {
        const std::string& lt = lines_.text[last.line];
        int indent = indent_of(lines_.text[open.line]) + style_.indent;
        if (const yaml::node_span* first = doc_.span_of(list_pointer + "/0"); first && first->value.line - 1 > open.line)
            indent = first->value.column - 1;
        out.push_back(lt.substr(0, last.col + 1) + (empty ? "" : ","));
        for (std::size_t i = 0; i < items.size(); ++i) {
            // (An item over several lines, json_statement_item's: its later lines are indented already.)
            std::string item = spaces(indent) + items[i] + (i + 1 < items.size() ? "," : "");
            for (std::size_t nl = item.find('\n'); nl != std::string::npos; nl = item.find('\n')) {
                out.push_back(item.substr(0, nl));
                item.erase(0, nl + 1);
            }
            out.push_back(item);
        }
        const std::string rest = lt.substr(last.col + 1);
        if (rest.find_first_not_of(" \t") != std::string::npos) out.push_back(spaces(indent_of(lt)) + rest.substr(rest.find_first_not_of(" \t")));
    }
    const int at = close.line == open.line ? open.line : last.line;
    if (auto e = open_lists_.find("json|" + list_pointer); e != open_lists_.end()) {
        edits_[e->second].lines = std::move(out);
        return true;
    }
    if (line_taken(at)) {
        why = "line already edited";
        items.pop_back();
        return false;
    }
    open_lists_["json|" + list_pointer] = add_edit(at, at + 1, std::move(out));
    return true;
}

// `"Statement": {...}` (one statement, as IAM allows): the object becomes the first item of a list holding the
// new items, `[{...},` on the object's lines and the new items after it at the object's column.
bool yaml_patcher::json_wrap_object(const std::string& pointer, text_pos_t open_at, std::string& why) {
    const text_pos open{open_at.line, open_at.col};
    const auto& items = json_items_[pointer];
    const text_pos close = closing_bracket(lines_, open);
    if (close.line < 0) {
        why = "unclosed object at `" + pointer + "`";
        return false;
    }
    std::string joined;
    for (const auto& i : items) joined += ", " + i;
    const std::string& first = lines_.text[open.line];
    if (close.line == open.line) {
        std::vector<std::string> out = {first.substr(0, open.col) + "[" + first.substr(open.col, close.col + 1 - open.col) + joined + "]" +
                                        first.substr(close.col + 1)};
        if (auto e = open_lists_.find("json|" + pointer); e != open_lists_.end()) {
            edits_[e->second].lines = std::move(out);
            return true;
        }
        if (line_taken(open.line)) {
            why = "line already edited";
            return false;
        }
        open_lists_["json|" + pointer] = add_edit(open.line, open.line + 1, std::move(out));
        return true;
    }
    const std::string& last = lines_.text[close.line];
    const int indent = indent_of(last);  // the closing brace's column: the key's, in the usual layout
    std::vector<std::string> out = {last.substr(0, close.col + 1) + ","};
    for (std::size_t i = 0; i < items.size(); ++i) out.push_back(spaces(indent) + items[i] + (i + 1 < items.size() ? "," : ""));
    out.push_back(spaces(indent) + "]" + last.substr(close.col + 1));
    if (auto e = open_lists_.find("json|" + pointer); e != open_lists_.end()) {
        edits_[e->second].lines = std::move(out);
        return true;
    }
    if (line_taken(open.line) || line_taken(close.line)) {
        why = "line already edited";
        return false;
    }
    add_edit(open.line, open.line + 1, {first.substr(0, open.col) + "[" + first.substr(open.col)});
    open_lists_["json|" + pointer] = add_edit(close.line, close.line + 1, std::move(out));
    return true;
}

// A new member written as the first of the object at `object_pointer`: `"Policies": [...],` on a line of its
// own above the first member (at its column), or right after the `{` when the object is on one line.
bool yaml_patcher::json_insert_member(const std::string& object_pointer, const std::string& id, const std::string& member,
                                      std::string& why) {
    const json* node = raw_at(doc_.root, object_pointer);
    const yaml::node_span* sp = doc_.span_of(object_pointer);
    if (!node || !node->is_object() || node->empty() || !sp || sp->value.line <= 0) {
        why = "`" + object_pointer + "` is not a JSON object with members";
        return false;
    }
    const text_pos open{sp->value.line - 1, static_cast<std::size_t>(sp->value.column - 1)};
    const yaml::node_span* first = doc_.span_of(object_pointer + "/" + yaml::escape_pointer_token(node->begin().key()));
    if (open.col >= lines_.text[open.line].size() || lines_.text[open.line][open.col] != '{' || !first || first->key.line <= 0) {
        why = "`" + object_pointer + "` is not a JSON object";
        return false;
    }
    std::vector<std::string> out;
    int at = first->key.line - 1;
    if (at == open.line) {
        const std::string& t = lines_.text[open.line];
        out.push_back(t.substr(0, open.col + 1) + member + ", " + t.substr(open.col + 1));
    } else {
        out.push_back(spaces(first->key.column - 1) + member + ",");
    }
    if (auto e = open_lists_.find(id); e != open_lists_.end()) {
        edits_[e->second].lines = std::move(out);
        return true;
    }
    if (line_taken(at)) {
        why = "line already edited";
        return false;
    }
    open_lists_[id] = add_edit(at, at == open.line ? at + 1 : at, std::move(out));
    return true;
}

bool yaml_patcher::json_create_policy(const std::string& properties_pointer, const std::string& policy_name, const json& stmt,
                                      std::string& why) {
    if (raw_at(doc_.root, properties_pointer + "/Policies")) {
        why = "the role's Policies are written in a way the JSON patcher does not extend";
        return false;
    }
    const std::string id = "json|" + properties_pointer + "|Policies";
    auto& items = json_items_[id];
    items.push_back(json_item(stmt));
    std::string list;
    for (const auto& i : items) list += (list.empty() ? "" : ", ") + i;
    const std::string member = "\"Policies\": [{\"PolicyName\": " + json(policy_name).dump() +
                               ", \"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [" + list + "]}}]";
    if (!json_insert_member(properties_pointer, id, member, why)) {
        items.pop_back();
        return false;
    }
    return true;
}

bool yaml_patcher::json_create_keys(const std::string& mapping_pointer, const std::vector<std::string>& keys, const json& stmt,
                                    std::string& why) {
    if (keys.empty()) return false;
    std::string id = "json|" + mapping_pointer + "|";
    for (const auto& k : keys) id += k + "/";
    auto& items = json_items_[id];
    items.push_back(json_item(stmt));
    std::string value;
    for (const auto& i : items) value += (value.empty() ? "" : ", ") + i;
    value = "[" + value + "]";
    for (std::size_t k = keys.size(); k-- > 1;) value = "{" + json(keys[k]).dump() + ": " + value + "}";
    if (!json_insert_member(mapping_pointer, id, json(keys.front()).dump() + ": " + value, why)) {
        items.pop_back();
        return false;
    }
    return true;
}

}  // namespace wd::explain
