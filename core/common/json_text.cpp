// SPDX-License-Identifier: MIT
#include "common/json_text.hpp"

namespace wd {

void append_json_string(std::string& out, std::string_view s) {
    // Printable ASCII is written here; anything else (control characters, UTF-8, invalid bytes) goes through
    // nlohmann's own serializer, so the escaping and the replacement of invalid bytes are exactly its.
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7E) {
            out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
            return;
        }
    // Runs between the characters that need a backslash are appended whole (one copy, not a call per character).
    out += '"';
    std::size_t from = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '"' || s[i] == '\\') {
            out.append(s.data() + from, i - from);
            out += '\\';
            from = i;
        }
    out.append(s.data() + from, s.size() - from);
    out += '"';
}

json& json_tree_writer::place(json v) {
    if (stack_.empty()) {
        root_ = std::move(v);
        return root_;
    }
    json& top = *stack_.back();
    if (top.is_object()) {
        // Members are appended, not looked up: the records never repeat a key.
        auto& members = top.get_ref<json::object_t&>();
        members.emplace_back(std::string(key_), std::move(v));
        return members.back().second;
    }
    auto& items = top.get_ref<json::array_t&>();
    items.push_back(std::move(v));
    return items.back();
}

void json_text_writer::newline_indent(int depth) {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void json_text_writer::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (stack_.empty()) return;
    level& l = stack_.back();
    if (!l.empty) out_ += ',';
    l.empty = false;
    newline_indent(base_depth_ + static_cast<int>(stack_.size()));
}

void json_text_writer::key(std::string_view name) {
    level& l = stack_.back();
    if (!l.empty) out_ += ',';
    l.empty = false;
    newline_indent(base_depth_ + static_cast<int>(stack_.size()));
    append_json_string(out_, name);
    out_ += ": ";
    after_key_ = true;
}

void json_text_writer::open(char bracket) {
    before_value();
    out_ += bracket;
    stack_.push_back({bracket == '{', true});
}

void json_text_writer::close(char bracket) {
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) newline_indent(base_depth_ + static_cast<int>(stack_.size()));
    out_ += bracket;
}

void json_text_writer::string(std::string_view s) {
    before_value();
    append_json_string(out_, s);
}

void json_text_writer::null() {
    before_value();
    out_ += "null";
}

void json_text_writer::boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
}

void json_text_writer::integer(std::int64_t n) {
    before_value();
    out_ += std::to_string(n);
}

void json_text_writer::value(const json& v) {
    before_value();
    const std::string text = v.dump(2, ' ', false, json::error_handler_t::replace);
    const int depth = base_depth_ + static_cast<int>(stack_.size());
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
        out_.append(text, from, nl - from);
        newline_indent(depth);
        from = nl + 1;
    }
    out_.append(text, from, std::string::npos);
}

void json_text_writer::string_array(const std::vector<std::string>& items) {
    begin_array();
    for (const auto& s : items) string(s);
    end_array();
}

}  // namespace wd
