// SPDX-License-Identifier: MIT
// Writes JSON text straight into a string, byte for byte as nlohmann's dump(2, ' ', false, replace) would
// write the same document nested `depth` levels deep. Large answers whose shape is known (the evaluation
// trace) are written this way instead of being built as a json tree first: the tree's allocations were most
// of an evaluation's cost.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace wd {

class json_text_writer {
public:
    // `depth`: the nesting level of the first value written (0 for a whole document).
    explicit json_text_writer(std::string& out, int depth = 0) : out_(out), base_depth_(depth) {}

    void begin_object(std::size_t /*members_hint*/ = 0) { open('{'); }
    void end_object() { close('}'); }
    void begin_array(std::size_t /*items_hint*/ = 0) { open('['); }
    void end_array() { close(']'); }
    // Inside an object: the next member's name (its value follows with one of the calls below).
    void key(std::string_view name);

    void string(std::string_view s);
    void null();
    void boolean(bool b);
    void integer(std::int64_t n);
    // Any json value, as dump(2) writes it, re-indented to this depth.
    void value(const json& v);
    void string_array(const std::vector<std::string>& items);
    void string_or_null(const char* s) { s ? string(s) : null(); }

private:
    void before_value();  // the separator and indentation of an array element; nothing after a key
    void open(char bracket);
    void close(char bracket);
    void newline_indent(int depth);

    struct level {
        bool object = false;
        bool empty = true;
    };
    std::string& out_;
    int base_depth_;
    std::vector<level> stack_;
    bool after_key_ = false;
};

// The same calls building a json tree instead of text, so one function describes a record for both forms.
class json_tree_writer {
public:
    explicit json_tree_writer(json& root) : root_(root) {}
    // `members_hint`: how many members the object will get (reserved: a json object is a vector of pairs).
    void begin_object(std::size_t members_hint = 0) {
        json& o = place(json::object());
        if (members_hint) o.get_ref<json::object_t&>().reserve(members_hint);
        stack_.push_back(&o);
    }
    void end_object() { stack_.pop_back(); }
    void begin_array(std::size_t items_hint = 0) {
        json& a = place(json::array());
        if (items_hint) a.get_ref<json::array_t&>().reserve(items_hint);
        stack_.push_back(&a);
    }
    void end_array() { stack_.pop_back(); }
    void key(std::string_view name) { key_ = name; }
    void string(std::string_view s) { place(json(std::string(s))); }
    void null() { place(json(nullptr)); }
    void boolean(bool b) { place(json(b)); }
    void integer(std::int64_t n) { place(json(n)); }
    void value(const json& v) { place(json(v)); }
    void string_array(const std::vector<std::string>& items) { place(json(items)); }
    void string_or_null(const char* s) { s ? string(s) : null(); }

private:
    json& place(json v);
    json& root_;
    std::vector<json*> stack_;  // the open containers; only the innermost grows, so the pointers stay valid
    std::string_view key_;
};

// A string as JSON text (quoted, escaped as nlohmann escapes it; invalid UTF-8 replaced by U+FFFD).
void append_json_string(std::string& out, std::string_view s);

}  // namespace wd
