// SPDX-License-Identifier: MIT
#include "explain/yaml_patch.hpp"

#include <algorithm>
#include <functional>

#include "explain/analysis.hpp"
#include "iam/glob.hpp"

namespace wd::explain {
namespace {

std::string rstrip(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
}

// End (exclusive) of a scalar starting at `col` on `line`: a quoted scalar to its closing quote, a plain
// one to a ` #` comment or the end of the line (trailing spaces excluded).
std::size_t scalar_end(const std::string& line, std::size_t col) {
    if (col >= line.size()) return col;
    char q = line[col];
    if (q == '\'' || q == '"') {
        for (std::size_t i = col + 1; i < line.size(); ++i) {
            if (q == '"' && line[i] == '\\') {
                ++i;
                continue;
            }
            if (line[i] == q) {
                if (q == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
                    ++i;
                    continue;
                }
                return i + 1;
            }
        }
        return line.size();
    }
    std::size_t hash = line.find(" #", col);
    std::size_t end = hash == std::string::npos ? line.size() : hash;
    while (end > col && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
    return end;
}

// Like scalar_end, inside a flow collection: a plain scalar also ends at `,`, `}` or `]`.
std::size_t flow_scalar_end(const std::string& line, std::size_t col) {
    if (col < line.size() && (line[col] == '\'' || line[col] == '"')) return scalar_end(line, col);
    std::size_t end = col;
    while (end < line.size() && line[end] != ',' && line[end] != '}' && line[end] != ']' &&
           !(line[end] == '#' && end > col && line[end - 1] == ' '))
        ++end;
    while (end > col && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
    return end;
}

// Position of the `]` closing the flow sequence that opens at (line, col), skipping quotes and nesting.
bool find_flow_close(const text_lines& lines, int line, std::size_t col, int& out_line, std::size_t& out_col) {
    int depth = 0;
    char quote = 0;
    for (int l = line; l < static_cast<int>(lines.text.size()); ++l) {
        const std::string& t = lines.text[l];
        for (std::size_t c = (l == line ? col : 0); c < t.size(); ++c) {
            char ch = t[c];
            if (quote) {
                if (ch == quote) quote = 0;
                continue;
            }
            if (ch == '\'' || ch == '"') quote = ch;
            else if (ch == '#' && (c == 0 || t[c - 1] == ' ')) break;
            else if (ch == '[' || ch == '{') ++depth;
            else if (ch == ']' || ch == '}') {
                if (--depth == 0) {
                    out_line = l;
                    out_col = c;
                    return true;
                }
            }
        }
    }
    return false;
}

}  // namespace

yaml_patcher::yaml_patcher(std::string_view text, const yaml::document& doc)
    : lines_(split_lines(text)), doc_(doc), style_(detect_style(lines_)) {
    json_ = is_json_text(text);
}

int yaml_patcher::add_edit(int begin, int end, std::vector<std::string> lines) {
    edit e;
    e.begin = begin;
    e.end = end;
    e.lines = std::move(lines);
    e.order = static_cast<int>(edits_.size());
    edits_.push_back(std::move(e));
    return static_cast<int>(edits_.size()) - 1;
}

bool yaml_patcher::line_taken(int line) const {
    for (const auto& e : edits_)
        if (e.begin <= line && line < e.end) return true;
    return false;
}

std::vector<std::string> yaml_patcher::render_statement(const json& stmt, int dash_col, int key_offset) const {
    std::vector<std::string> out;
    bool first = true;
    int key_col = dash_col + key_offset;
    int item_col = key_col + (style_.seq_indented ? style_.indent : 0);
    for (auto it = stmt.begin(); it != stmt.end(); ++it) {
        std::string prefix = first ? spaces(dash_col) + "-" + spaces(key_offset - 1) : spaces(key_col);
        first = false;
        const json& v = it.value();
        const bool keyword = it.key() == "Effect" || it.key() == "Sid";
        std::string inl = yaml_inline(v, style_, false, keyword);
        if (v.is_array() && v.size() == 1 && it.key() == "Resource") inl = yaml_inline(v[0], style_);
        // A file that writes intrinsics in block long form (`Resource:` then `Fn::Sub: ...` below it) gets one so.
        const json& one = v.is_array() && v.size() == 1 ? v[0] : v;
        if (!style_.short_tags && one.is_object() && one.size() == 1 && it.key() == "Resource" && inl.size() > 2 && inl.front() == '{' &&
            inl.back() == '}') {
            out.push_back(prefix + it.key() + ":");
            out.push_back(spaces(key_col + style_.indent) + inl.substr(1, inl.size() - 2));
            continue;
        }
        if (!inl.empty() && !(v.is_array())) {
            out.push_back(prefix + it.key() + ": " + inl);
        } else if (!inl.empty()) {
            out.push_back(prefix + it.key() + ": " + inl);
        } else if (v.is_array()) {
            out.push_back(prefix + it.key() + ":");
            for (const auto& x : v) out.push_back(spaces(item_col) + "- " + yaml_inline(x, style_));
        } else if (v.is_object() && !v.empty() && v.begin().key().rfind("Fn::", 0) != 0 && v.begin().key() != "Ref") {
            // A nested mapping of scalars (a resource policy's `Principal: {AWS: arn}`) as a block mapping.
            std::vector<std::string> members;
            for (auto m = v.begin(); m != v.end(); ++m) {
                const std::string inner = yaml_inline(m.value(), style_);
                if (inner.empty()) break;
                members.push_back(spaces(key_col + style_.indent) + m.key() + ": " + inner);
            }
            if (members.size() != v.size()) {
                out.push_back(prefix + it.key() + ": " + v.dump());
            } else {
                out.push_back(prefix + it.key() + ":");
                out.insert(out.end(), members.begin(), members.end());
            }
        } else {
            out.push_back(prefix + it.key() + ": " + v.dump());
        }
    }
    return out;
}

bool yaml_patcher::locate_item(const std::string& pointer, int& line, int& dash_col, int& key_col) const {
    const yaml::node_span* sp = doc_.span_of(pointer);
    if (!sp || sp->value.line <= 0) return false;
    yaml::source_pos at = sp->value;
    if (auto alias = doc_.alias_positions.find(pointer); alias != doc_.alias_positions.end()) at = alias->second;  // `- *base`
    line = at.line - 1;
    if (line < 0 || line >= static_cast<int>(lines_.text.size())) return false;
    const std::string& t = lines_.text[line];
    int c = at.column - 2;
    while (c >= 0 && t[c] == ' ') --c;
    if (c < 0 || t[c] != '-') return false;
    dash_col = c;
    key_col = at.column - 1;
    return true;
}

bool yaml_patcher::append_statement(const std::string& seq_pointer, const json& stmt, std::string& why) {
    if (json_) return json_insert_items(seq_pointer, json_statement_item(seq_pointer, stmt), why);
    auto open = open_lists_.find(seq_pointer);
    const json* seq = raw_at(doc_.root, seq_pointer);
    if (seq && ((seq->is_array() && seq->empty()) || seq->is_null())) return fill_empty_list(seq_pointer, stmt, why);
    if (!seq || !seq->is_array() || seq->empty()) {
        why = "the statement list at `" + seq_pointer + "` is empty or not a list";
        return false;
    }
    const yaml::node_span* ls = doc_.span_of(seq_pointer);
    if (ls && ls->value.line > 0) {
        int fl = ls->value.line - 1;
        std::size_t fc = static_cast<std::size_t>(ls->value.column - 1);
        if (fc < lines_.text[fl].size() && lines_.text[fl][fc] == '[') return append_flow(seq_pointer, fl, fc, stmt, why);
    }
    std::string last = seq_pointer + "/" + std::to_string(seq->size() - 1);
    int line = 0, dash = 0, key = 0;
    if (!locate_item(last, line, dash, key)) {
        why = "the statement list at `" + seq_pointer + "` is not a block list";
        return false;
    }
    const yaml::node_span* list_span = doc_.span_of(seq_pointer);
    if (list_span && list_span->value.line > 0) {
        const std::string& lt = lines_.text[list_span->value.line - 1];
        std::size_t c = static_cast<std::size_t>(list_span->value.column - 1);
        if (c < lt.size() && lt[c] == '*') {
            why = "the statement list at `" + seq_pointer + "` is an alias";
            return false;
        }
    }
    // A block list whose statements are each a one-line flow mapping (`- {Effect: Allow, ...}`) gets one more.
    bool one_line_flow = true;
    for (std::size_t i = 0; i < seq->size() && one_line_flow; ++i) {
        const yaml::node_span* sp = doc_.span_of(seq_pointer + "/" + std::to_string(i));
        if (!sp || sp->value.line <= 0) {
            one_line_flow = false;
            break;
        }
        const std::string& t = lines_.text[static_cast<std::size_t>(sp->value.line - 1)];
        const std::size_t c = static_cast<std::size_t>(sp->value.column - 1);
        const std::size_t e = t.find_last_not_of(" \t\r");
        one_line_flow = c < t.size() && t[c] == '{' && e != std::string::npos && t[e] == '}';
    }
    auto rendered = one_line_flow ? std::vector<std::string>{spaces(dash) + "- " + flow_statement(stmt)}
                                  : render_statement(stmt, dash, key - dash);
    if (open != open_lists_.end()) {
        auto& e = edits_[open->second];
        e.lines.insert(e.lines.end(), rendered.begin(), rendered.end());
        return true;
    }
    int end = block_end(lines_, line, dash);
    open_lists_[seq_pointer] = add_edit(end + 1, end + 1, std::move(rendered));
    return true;
}

// `statements: []` (an empty flow list on its key's line), or `statements:` with no value (every item commented
// out), becomes a block list holding the statement, as the file writes its other lists. A comment after the
// key stays on its line.
bool yaml_patcher::fill_empty_list(const std::string& seq_pointer, const json& stmt, std::string& why) {
    const yaml::node_span* sp = doc_.span_of(seq_pointer);
    const json* seq = raw_at(doc_.root, seq_pointer);
    const bool null_value = seq && seq->is_null();
    if (!sp || sp->key.line <= 0 || (!null_value && sp->value.line != sp->key.line)) {
        why = "the statement list at `" + seq_pointer + "` is empty and not written as `[]` on its key's line";
        return false;
    }
    const int line = sp->key.line - 1;
    const std::string& t = lines_.text[line];
    const int key_col = sp->key.column - 1;
    // What follows the key's `:` on its line: nothing, `[]`, `~`, `null`, each with an optional comment.
    const std::size_t colon = t.find(':', static_cast<std::size_t>(key_col));
    if (colon == std::string::npos) {
        why = "the statement list at `" + seq_pointer + "` is empty and its key's line was not found";
        return false;
    }
    std::size_t b = t.find_first_not_of(" \t", colon + 1);
    std::size_t value_end = std::string::npos;  // npos: no value written on the line
    if (b != std::string::npos && t[b] != '#') {
        static const char* const empties[] = {"[]", "[ ]", "~", "null", "Null", "NULL"};
        std::size_t len = 0;
        for (const char* e : empties)
            if (t.compare(b, std::char_traits<char>::length(e), e) == 0) len = std::max(len, std::char_traits<char>::length(e));
        value_end = len == 0 ? std::string::npos : b + len;
        b = len == 0 ? b : t.find_first_not_of(" \t", value_end);
    }
    if (b != std::string::npos && t[b] != '#') {
        why = "the statement list at `" + seq_pointer + "` is empty and not written as `[]`";
        return false;
    }
    const int dash = key_col + (style_.seq_indented ? style_.indent : 0);
    auto rendered = render_statement(stmt, dash, 2);
    if (auto e = open_lists_.find(seq_pointer); e != open_lists_.end()) {
        edits_[e->second].lines.insert(edits_[e->second].lines.end(), rendered.begin(), rendered.end());
        return true;
    }
    if (line_taken(line)) {
        why = "line already edited";
        return false;
    }
    // The key's line as written, less its empty value (a key with no value is not changed; a comment stays).
    const std::string head = value_end == std::string::npos ? rstrip(t) : rstrip(t.substr(0, colon + 1)) + rstrip(t.substr(value_end));
    std::vector<std::string> out = {head};
    out.insert(out.end(), rendered.begin(), rendered.end());
    open_lists_[seq_pointer] = add_edit(line, line + 1, std::move(out));
    return true;
}

std::string yaml_patcher::flow_statement(const json& stmt) const {
    // Any value in flow style: a scalar or short-form intrinsic as the file writes them, a list as `[...]`, any
    // other mapping (a Principal, a Condition, a long-form intrinsic) as `{key: value, ...}`.
    std::function<std::string(const json&, bool)> value = [&](const json& v, bool keyword) -> std::string {
        const std::string pad = style_.flow_padding ? " " : "";
        if (v.is_array()) {
            std::string items;
            for (const auto& x : v) items += (items.empty() ? "" : ", ") + value(x, false);
            return "[" + pad + items + pad + "]";
        }
        if (v.is_string() || v.is_object()) {
            std::string inl = yaml_inline(v, style_, true, keyword);
            if (!inl.empty() || v.is_string()) return inl;
            std::string members;
            for (auto it = v.begin(); it != v.end(); ++it)
                members += (members.empty() ? "" : ", ") + yaml_scalar(it.key(), style_.quote, false, true) + ": " + value(it.value(), false);
            return "{" + pad + members + pad + "}";
        }
        return v.dump();  // numbers, booleans, null
    };
    std::string out;
    for (auto it = stmt.begin(); it != stmt.end(); ++it) {
        if (!out.empty()) out += ", ";
        const json& v = it.value();
        // (A one-item Resource list is written as its item, as the framework's own statements are.)
        const json& shown = v.is_array() && it.key() == "Resource" && v.size() == 1 ? v[0] : v;
        out += it.key() + ": " + value(shown, it.key() == "Effect" || it.key() == "Sid");
    }
    const std::string pad = style_.flow_padding ? " " : "";
    return "{" + pad + out + pad + "}";
}

bool yaml_patcher::append_flow(const std::string& seq_pointer, int line, std::size_t col, const json& stmt, std::string& why) {
    int cl = 0;
    std::size_t cc = 0;
    if (!find_flow_close(lines_, line, col, cl, cc)) {
        why = "unclosed flow list";
        return false;
    }
    auto open = open_lists_.find(seq_pointer);
    std::string base = open != open_lists_.end() ? edits_[open->second].lines[0] : lines_.text[cl];
    if (open == open_lists_.end() && line_taken(cl)) {
        why = "line already edited";
        return false;
    }
    // insert before the closing bracket (its position is unchanged by earlier insertions only if we
    // search again from the end of the line)
    std::size_t close = open != open_lists_.end() ? base.rfind(']') : cc;
    std::size_t before = close;
    while (before > 0 && base[before - 1] == ' ') --before;
    base = base.substr(0, before) + ", " + flow_statement(stmt) + base.substr(before);
    if (open != open_lists_.end()) edits_[open->second].lines[0] = base;
    else open_lists_[seq_pointer] = add_edit(cl, cl + 1, {base});
    return true;
}

bool yaml_patcher::create_statements(const std::string& mapping_pointer, const std::vector<std::string>& keys,
                                     const json& stmt, std::string& why) {
    if (json_) return json_create_keys(mapping_pointer, keys, stmt, why);
    std::string id = mapping_pointer + "|";
    for (const auto& k : keys) id += k + "/";
    auto open = open_lists_.find(id);
    const json* node = raw_at(doc_.root, mapping_pointer);
    const yaml::node_span* sp = doc_.span_of(mapping_pointer);
    if (!node || !node->is_object() || !sp || sp->key.line <= 0) {
        why = "`" + mapping_pointer + "` is not a block mapping";
        return false;
    }
    int key_line = sp->key.line - 1;
    int key_indent = sp->key.column - 1;
    // children indent: the first child's key column, else one indent step
    int child = key_indent + style_.indent;
    bool found_child = false;
    for (auto it = node->begin(); it != node->end(); ++it) {
        const yaml::node_span* cs = doc_.span_of(mapping_pointer + "/" + yaml::escape_pointer_token(it.key()));
        if (cs && cs->key.line > 0) {
            if (cs->key.line - 1 == key_line) {
                why = "`" + mapping_pointer + "` is a flow mapping";
                return false;
            }
            child = cs->key.column - 1;
            found_child = true;
            break;
        }
    }
    (void)found_child;
    std::vector<std::string> lines;
    int col = child;
    for (const auto& k : keys) {
        lines.push_back(spaces(col) + k + ":");
        col += style_.indent;
    }
    col -= style_.indent;  // column of the last key
    int dash = col + (style_.seq_indented ? style_.indent : 0);
    auto rendered = render_statement(stmt, dash, 2);
    if (open != open_lists_.end()) {
        auto& e = edits_[open->second];
        e.lines.insert(e.lines.end(), rendered.begin(), rendered.end());
        return true;
    }
    lines.insert(lines.end(), rendered.begin(), rendered.end());
    int end = block_end(lines_, key_line, key_indent);
    open_lists_[id] = add_edit(end + 1, end + 1, std::move(lines));
    return true;
}

bool yaml_patcher::create_policy(const std::string& properties_pointer, const std::string& policy_name, const json& stmt,
                                 std::string& why) {
    if (json_ && policy_name.empty()) {
        why = "a SAM function's policy document is not created in a template written as JSON yet";
        return false;
    }
    if (json_) return json_create_policy(properties_pointer, policy_name, stmt, why);
    const std::string id = properties_pointer + "|Policies";
    const json* node = raw_at(doc_.root, properties_pointer);
    const yaml::node_span* sp = doc_.span_of(properties_pointer);
    if (!node || !node->is_object() || node->empty() || !sp || sp->key.line <= 0) {
        why = "`" + properties_pointer + "` is not a block mapping";
        return false;
    }
    const int key_line = sp->key.line - 1, key_indent = sp->key.column - 1;
    const yaml::node_span* first = doc_.span_of(properties_pointer + "/" + yaml::escape_pointer_token(node->begin().key()));
    if (!first || first->key.line <= 0 || first->key.line - 1 == key_line) {
        why = "`" + properties_pointer + "` is a flow mapping";
        return false;
    }
    const bool document_item = policy_name.empty();                    // SAM: `- Statement:` is the item
    const int col = first->key.column - 1;                              // Policies:
    const int dash = col + (style_.seq_indented ? style_.indent : 0);  // - PolicyName: ...
    const int inner = dash + 2;                                        // PolicyDocument:
    const int doc_col = document_item ? inner : inner + style_.indent;  // Version / Statement
    const int stmt_dash = doc_col + (style_.seq_indented ? style_.indent : 0);
    auto rendered = render_statement(stmt, stmt_dash, 2);
    if (auto open = open_lists_.find(id); open != open_lists_.end()) {
        auto& e = edits_[open->second];
        e.lines.insert(e.lines.end(), rendered.begin(), rendered.end());
        return true;
    }
    std::vector<std::string> lines =
        document_item ? std::vector<std::string>{spaces(col) + "Policies:", spaces(dash) + "- Statement:"}
                      : std::vector<std::string>{spaces(col) + "Policies:", spaces(dash) + "- PolicyName: " + yaml_scalar(policy_name, style_.quote),
                                                 spaces(inner) + "PolicyDocument:",
                                                 spaces(doc_col) + "Version: " + std::string(1, style_.quote) + "2012-10-17" + std::string(1, style_.quote),
                                                 spaces(doc_col) + "Statement:"};
    lines.insert(lines.end(), rendered.begin(), rendered.end());
    // `Policies:` already there (its statements shared through an alias): the new policy is its next item,
    // at the columns of its first one.
    if (const json* pols = raw_at(doc_.root, properties_pointer + "/Policies"); pols) {
        int item_line = 0, item_dash = 0, item_key = 0;
        const yaml::node_span* psp = doc_.span_of(properties_pointer + "/Policies");
        if (!pols->is_array() || pols->empty() || !psp || psp->key.line <= 0 ||
            !locate_item(properties_pointer + "/Policies/0", item_line, item_dash, item_key) || item_line == psp->key.line - 1) {
            why = "`Policies` is not a block list";
            return false;
        }
        const int shift = item_dash - dash;
        lines.erase(lines.begin());
        for (auto& l : lines) l = shift >= 0 ? spaces(shift) + l : l.substr(static_cast<std::size_t>(std::min<int>(-shift, static_cast<int>(l.find_first_not_of(' ')))));
        const int end = block_end(lines_, psp->key.line - 1, psp->key.column - 1);
        open_lists_[id] = add_edit(end + 1, end + 1, std::move(lines));
        return true;
    }
    const int end = block_end(lines_, key_line, key_indent);
    open_lists_[id] = add_edit(end + 1, end + 1, std::move(lines));
    return true;
}

bool yaml_patcher::add_action(const std::string& stmt_pointer, const std::string& action, std::string& why) {
    return add_list_value(stmt_pointer + "/Action", action, why);
}

bool yaml_patcher::add_list_value(const std::string& ap, const std::string& action, std::string& why) {
    if (json_) {
        const json* v = raw_at(doc_.root, ap);
        if (!v || !v->is_array()) {  // a scalar would become a list: not done in JSON yet
            why = "`" + ap + "` is not a JSON list";
            return false;
        }
        return json_insert_items(ap, json(action).dump(), why);
    }
    auto& added = added_actions_[ap];
    const json* av = raw_at(doc_.root, ap);
    const yaml::node_span* sp = doc_.span_of(ap);
    if (!av || !sp || sp->value.line <= 0 || sp->key.line <= 0) {
        why = "no list or value at " + ap + " to extend";
        return false;
    }
    int vline = sp->value.line - 1;
    std::size_t vcol = static_cast<std::size_t>(sp->value.column - 1);
    const std::string& t = lines_.text[vline];
    if (vcol >= t.size()) {
        why = "unexpected layout of Action";
        return false;
    }
    added.push_back(action);
    auto existing = action_edits_.find(ap);
    if (av->is_array() && !av->empty() && t[vcol] == '[') {
        int cl = 0;
        std::size_t cc = 0;
        if (!find_flow_close(lines_, vline, vcol, cl, cc)) {
            added.pop_back();
            why = "unclosed flow list";
            return false;
        }
        const yaml::node_span* first = doc_.span_of(ap + "/0");
        bool quoted = false;
        if (first && first->value.line > 0) {
            const std::string& ft = lines_.text[first->value.line - 1];
            std::size_t fc = static_cast<std::size_t>(first->value.column - 1);
            quoted = fc < ft.size() && (ft[fc] == '\'' || ft[fc] == '"');
        }
        std::string ins;
        for (const auto& a : added) ins += ", " + yaml_scalar(a, style_.quote, quoted, true);
        std::string nt = lines_.text[cl];
        std::size_t before = cc;
        while (before > 0 && nt[before - 1] == ' ') --before;
        nt = nt.substr(0, before) + ins + nt.substr(before);
        if (existing != action_edits_.end()) edits_[existing->second].lines = {nt};
        else action_edits_[ap] = add_edit(cl, cl + 1, {nt});
        return true;
    }
    if (av->is_array() && !av->empty()) {
        int line = 0, dash = 0, key = 0;
        if (!locate_item(ap + "/" + std::to_string(av->size() - 1), line, dash, key)) {
            added.pop_back();
            why = "unexpected layout of the Action list";
            return false;
        }
        const std::string& lt = lines_.text[line];
        bool quoted = static_cast<std::size_t>(key) < lt.size() && (lt[key] == '\'' || lt[key] == '"');
        char q = quoted ? lt[key] : style_.quote;
        std::vector<std::string> nl;
        for (const auto& a : added) nl.push_back(spaces(dash) + "- " + yaml_scalar(a, q, quoted));
        if (existing != action_edits_.end()) edits_[existing->second].lines = nl;
        else {
            int end = block_end(lines_, line, dash);
            action_edits_[ap] = add_edit(end + 1, end + 1, nl);
        }
        return true;
    }
    // Inside a flow mapping (`- {Effect: Allow, Action: sqs:ReceiveMessage, Resource: ...}`) a block list
    // cannot start: the scalar becomes a flow list in place, `Action: [sqs:ReceiveMessage, sqs:SendMessage]`.
    const yaml::node_span* parent = doc_.span_of(ap.substr(0, ap.rfind('/')));
    bool in_flow = false;
    if (parent && parent->value.line > 0 && static_cast<std::size_t>(parent->value.line) <= lines_.text.size()) {
        const std::string& pl = lines_.text[static_cast<std::size_t>(parent->value.line - 1)];
        const std::size_t pc = static_cast<std::size_t>(std::max(0, parent->value.column - 1));
        in_flow = pc < pl.size() && pl[pc] == '{';
    }
    if (av->is_string() && in_flow) {
        const std::size_t end = flow_scalar_end(t, vcol);
        const std::string old_text = t.substr(vcol, end - vcol);
        const bool quoted = !old_text.empty() && (old_text[0] == '\'' || old_text[0] == '"');
        std::string list = "[" + old_text;
        for (const auto& a : added) list += ", " + yaml_scalar(a, quoted ? old_text[0] : style_.quote, quoted, true);
        list += "]";
        const std::string nt = t.substr(0, vcol) + list + t.substr(end);
        if (existing != action_edits_.end()) edits_[existing->second].lines = {nt};
        else {
            if (line_taken(vline)) {
                added.pop_back();
                why = "line already edited";
                return false;
            }
            action_edits_[ap] = add_edit(vline, vline + 1, {nt});
        }
        return true;
    }
    if (av->is_string() && sp->key.line - 1 == vline) {
        // `Action: s3:GetObject  # why` -> `Action:  # why` + a block list with the old and new actions
        std::size_t end = scalar_end(t, vcol);
        std::string old_text = t.substr(vcol, end - vcol);
        std::string rest = t.substr(end);
        std::string head = rstrip(t.substr(0, vcol));
        std::string comment = rstrip(rest);
        std::size_t cs = comment.find_first_not_of(' ');
        std::string key_line = head + (cs == std::string::npos ? "" : " " + comment.substr(cs));
        int key_col = sp->key.column - 1;
        int item = key_col + (style_.seq_indented ? style_.indent : 0);
        bool quoted = !old_text.empty() && (old_text[0] == '\'' || old_text[0] == '"');
        std::vector<std::string> nl{key_line, spaces(item) + "- " + old_text};
        for (const auto& a : added)
            nl.push_back(spaces(item) + "- " + yaml_scalar(a, quoted ? old_text[0] : style_.quote, quoted));
        if (existing != action_edits_.end()) edits_[existing->second].lines = nl;
        else {
            if (line_taken(vline)) {
                added.pop_back();
                why = "line already edited";
                return false;
            }
            action_edits_[ap] = add_edit(vline, vline + 1, nl);
        }
        return true;
    }
    added.pop_back();
    why = "unexpected layout of Action";
    return false;
}

bool yaml_patcher::replace_scalar(const std::string& pointer, const std::string& value, std::string& why) {
    const json* v = raw_at(doc_.root, pointer);
    const yaml::node_span* sp = doc_.span_of(pointer);
    if (!v || !v->is_string() || !sp || sp->value.line <= 0 || static_cast<std::size_t>(sp->value.line) > lines_.text.size()) {
        why = "no scalar at " + pointer;
        return false;
    }
    const int vline = sp->value.line - 1;
    const std::string& t = lines_.text[static_cast<std::size_t>(vline)];
    const std::size_t vcol = static_cast<std::size_t>(std::max(0, sp->value.column - 1));
    if (vcol >= t.size() || line_taken(vline)) {
        why = "the line is already edited";
        return false;
    }
    // In a flow collection a plain scalar ends at `,` `]` `}`; in block context only at a comment (a `}` of
    // `${var}` is part of it). The one that reads back as the value is the scalar.
    const auto reads_as_value = [&](std::size_t e) {
        const std::string text = t.substr(vcol, e - vcol);
        const bool q = !text.empty() && (text[0] == '\'' || text[0] == '"');
        return (q ? text.substr(1, text.size() >= 2 ? text.size() - 2 : 0) : text) == v->get<std::string>();
    };
    std::size_t end = scalar_end(t, vcol);
    if (!reads_as_value(end)) end = flow_scalar_end(t, vcol);
    const std::string old_text = t.substr(vcol, end - vcol);
    const bool quoted = !old_text.empty() && (old_text[0] == '\'' || old_text[0] == '"');
    // Only a scalar written on one line as it reads (no escapes, no folding): the replacement is then exact.
    if (!reads_as_value(end)) {
        why = "the scalar is not written on one line as it reads";
        return false;
    }
    const std::string nt = t.substr(0, vcol) + (quoted ? old_text.substr(0, 1) + value + old_text.substr(0, 1) : value) + t.substr(end);
    add_edit(vline, vline + 1, {nt});
    return true;
}

bool yaml_patcher::replace_tagged_node(const std::string& pointer, const std::string& text, std::string& why) {
    const yaml::node_span* sp = doc_.span_of(pointer);
    if (!sp || sp->value.line <= 0 || static_cast<std::size_t>(sp->value.line) > lines_.text.size()) {
        why = "no node at " + pointer;
        return false;
    }
    const int vline = sp->value.line - 1;
    const std::string& t = lines_.text[static_cast<std::size_t>(vline)];
    const std::size_t vcol = static_cast<std::size_t>(std::max(0, sp->value.column - 1));
    if (vcol < t.size() && t[vcol] != '!' && t[vcol] != '[' && t[vcol] != '{' && t[vcol] != '|' && t[vcol] != '>' &&
        !line_taken(vline)) {
        // A plain or quoted one-line scalar (an ARN written as text) in block style (after `key:` or `- `, not an
        // item of a flow collection) becomes the tagged node (`!GetAtt X.Arn`).
        std::size_t before = vcol;
        while (before > 0 && t[before - 1] == ' ') --before;
        std::size_t end = scalar_end(t, vcol);
        while (end > vcol && t[end - 1] == ' ') --end;
        if (before == 0 || (t[before - 1] != ':' && t[before - 1] != '-') || end <= vcol) {
            why = "the node is not a one-line block scalar";
            return false;
        }
        add_edit(vline, vline + 1, {t.substr(0, vcol) + text + t.substr(end)});
        return true;
    }
    if (vcol >= t.size() || t[vcol] != '!' || line_taken(vline)) {
        why = "the node is not a tagged scalar on a line of its own";
        return false;
    }
    // `!Tag value` up to a comment or the end of the line, or to the closing quote of a quoted value (which
    // may hold `${...}`); a flow collection around it is not handled.
    const std::size_t tag_end = t.find(' ', vcol);
    const std::size_t value_at = tag_end == std::string::npos ? std::string::npos : t.find_first_not_of(' ', tag_end);
    const bool quoted = value_at != std::string::npos && (t[value_at] == '\'' || t[value_at] == '"');
    std::size_t end = quoted ? scalar_end(t, value_at) : scalar_end(t, vcol);
    while (end > vcol && t[end - 1] == ' ') --end;
    const std::string old_text = t.substr(vcol, end - vcol);
    if ((!quoted && old_text.find_first_of(",[]{}") != std::string::npos) || old_text.find(' ') == std::string::npos) {
        why = "the node is not a one-line tagged scalar";
        return false;
    }
    add_edit(vline, vline + 1, {t.substr(0, vcol) + text + t.substr(end)});
    return true;
}

bool yaml_patcher::remove_action(const std::string& stmt_pointer, const std::string& action, std::string& why, bool exact_item) {
    const std::string ap = stmt_pointer + "/Action";
    const json* av = raw_at(doc_.root, ap);
    if (!av || !av->is_array() || av->size() < 2) {
        why = "the Action is not a list of several actions";
        return false;
    }
    int named = -1;
    for (std::size_t i = 0; i < av->size(); ++i) {
        const json& a = (*av)[i];
        if (!a.is_string()) continue;
        const std::string& text = a.get_ref<const std::string&>();
        // (`exact_item`: the item written so, a pattern included, is the one to take out.)
        if (exact_item ? text != action : !iam::glob_match(text, action, true)) continue;
        if (named >= 0 || (!exact_item && text.find_first_of("*?") != std::string::npos)) {
            why = "another entry of the Action also covers `" + action + "`";
            return false;
        }
        named = static_cast<int>(i);
    }
    // A one-line flow list (`Action: [s3:PutObject, s3:DeleteObject]`): the list is written again without it.
    if (named >= 0) {
        const yaml::node_span* sp = doc_.span_of(ap);
        if (sp && sp->value.line > 0 && static_cast<std::size_t>(sp->value.line) <= lines_.text.size()) {
            const int vline = sp->value.line - 1;
            const std::size_t vcol = static_cast<std::size_t>(std::max(0, sp->value.column - 1));
            const std::string& t = lines_.text[static_cast<std::size_t>(vline)];
            int cl = 0;
            std::size_t cc = 0;
            if (vcol < t.size() && t[vcol] == '[' && find_flow_close(lines_, vline, vcol, cl, cc) && cl == vline) {
                if (line_taken(vline)) {
                    why = "the statement is already edited";
                    return false;
                }
                // Each item's own text, from its span, so quoting stays as written.
                std::string items;
                for (std::size_t i = 0; i < av->size(); ++i) {
                    if (static_cast<int>(i) == named) continue;
                    const yaml::node_span* is = doc_.span_of(ap + "/" + std::to_string(i));
                    if (!is || is->value.line - 1 != vline) {
                        why = "unexpected layout of the Action list";
                        return false;
                    }
                    const std::size_t ic = static_cast<std::size_t>(is->value.column - 1);
                    items += (items.empty() ? "" : ", ") + t.substr(ic, flow_scalar_end(t, ic) - ic);
                }
                // (The list's own padding, `[ 'a', 'b' ]`, is kept.)
                const bool padded = vcol + 1 < t.size() && t[vcol + 1] == ' ';
                const std::string pad = padded ? " " : "";
                add_edit(vline, vline + 1, {t.substr(0, vcol) + "[" + pad + items + pad + "]" + t.substr(cc + 1)});
                removed_.insert(stmt_pointer + "|" + action);
                return true;
            }
        }
    }
    int line = 0, dash = 0, key = 0;
    if (named < 0 || !locate_item(ap + "/" + std::to_string(named), line, dash, key)) {
        why = "the Action is not a block list naming `" + action + "`";
        return false;
    }
    const int end = block_end(lines_, line, dash);
    for (int l = line; l <= end; ++l)
        if (line_taken(l)) {
            why = "the statement is already edited";
            return false;
        }
    add_edit(line, end + 1, {});
    removed_.insert(stmt_pointer + "|" + action);
    return true;
}

bool yaml_patcher::remove_statement(const std::string& stmt_pointer, std::string& why) {
    int line = 0, dash = 0, key = 0;
    if (!locate_item(stmt_pointer, line, dash, key)) {
        why = "the statement is not an item of a block list";
        return false;
    }
    int end = block_end(lines_, line, dash);
    for (int l = line; l <= end; ++l)
        if (line_taken(l)) {
            why = "the statement is already edited";
            return false;
        }
    std::size_t slash = stmt_pointer.rfind('/');
    const json* seq = raw_at(doc_.root, stmt_pointer.substr(0, slash));
    // The only statement of a policy document (a role's inline policy, a SAM `Policies` item): IAM refuses a
    // document with no statement (MalformedPolicyDocument), so the policy item goes as a whole.
    if (seq && seq->is_array() && seq->size() == 1) {
        const std::string list = stmt_pointer.substr(0, slash);
        static constexpr std::string_view statement_key = "/Statement", document_key = "/PolicyDocument";
        if (list.size() > statement_key.size() && list.compare(list.size() - statement_key.size(), statement_key.size(), statement_key) == 0) {
            std::string item = list.substr(0, list.size() - statement_key.size());
            if (item.size() > document_key.size() && item.compare(item.size() - document_key.size(), document_key.size(), document_key) == 0)
                item.resize(item.size() - document_key.size());
            const std::size_t last = item.rfind('/');
            const json* holder = raw_at(doc_.root, item);
            if (last != std::string::npos && last + 1 < item.size() && item.find_first_not_of("0123456789", last + 1) == std::string::npos &&
                holder && holder->is_object())
                return remove_statement(item, why);
        }
    }
    if (seq && seq->is_array() && seq->size() == 1) {
        // the only item: leave an empty flow list so the key still holds a list
        const yaml::node_span* ls = doc_.span_of(stmt_pointer.substr(0, slash));
        if (!ls || ls->key.line <= 0 || ls->key.line - 1 == line) {
            why = "cannot empty the list";
            return false;
        }
        int kl = ls->key.line - 1;
        if (line_taken(kl)) {
            why = "the list key is already edited";
            return false;
        }
        add_edit(kl, kl + 1, {rstrip(lines_.text[kl]) + " []"});
    }
    // The comment lines right above the statement, at its indent, describe it: they go with it.
    int first = line;
    while (first > 0 && !line_taken(first - 1)) {
        const std::string& above = lines_.text[first - 1];
        const std::size_t c = above.find_first_not_of(' ');
        if (c == std::string::npos || above[c] != '#' || static_cast<int>(c) != dash) break;
        --first;
    }
    add_edit(first, end + 1, {});
    return true;
}

std::string yaml_patcher::result() const {
    std::vector<const edit*> sorted;
    for (const auto& e : edits_) sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(), [](const edit* a, const edit* b) {
        return a->begin != b->begin ? a->begin < b->begin : a->order < b->order;
    });
    text_lines out;
    out.newline = lines_.newline;
    const int n = static_cast<int>(lines_.text.size());
    std::size_t k = 0;
    auto emit_edits_at = [&](int i, int& skip_to) {
        while (k < sorted.size() && sorted[k]->begin == i) {
            for (const auto& l : sorted[k]->lines) {
                out.text.push_back(l);
                out.eol.push_back(lines_.newline);
            }
            skip_to = std::max(skip_to, sorted[k]->end);
            ++k;
        }
    };
    int skip_to = 0;
    for (int i = 0; i <= n; ++i) {
        emit_edits_at(i, skip_to);
        if (i < n && i >= skip_to) {
            out.text.push_back(lines_.text[i]);
            out.eol.push_back(lines_.eol[i].empty() ? lines_.newline : lines_.eol[i]);
        }
    }
    // keep a missing final newline missing
    bool had_final = n == 0 || !lines_.eol.back().empty();
    if (!had_final && !out.eol.empty()) out.eol.back() = "";
    return join_lines(out);
}

}  // namespace wd::explain
