// SPDX-License-Identifier: MIT
#include "yaml/hang_guard.hpp"

#include <cstddef>

namespace wd::yaml {

namespace {

class cursor {
public:
    explicit cursor(std::string_view t) : text_(t) {}
    bool done() const { return pos_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
    void advance() {
        if (done()) return;
        if (text_[pos_] == '\n') {
            ++line_;
            col_ = 1;
        } else {
            ++col_;
        }
        ++pos_;
    }
    bool at_line_start() const { return col_ == 1; }
    int line() const { return line_; }
    int column() const { return col_; }

    void skip_to_line_end() {
        while (!done() && peek() != '\n') advance();
    }
    // Spaces, tabs, line breaks and comments.
    void skip_blank() {
        while (!done()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') advance();
            else if (c == '#') skip_to_line_end();
            else break;
        }
    }
    bool at_document_marker() const {
        return at_line_start() && peek() == '-' && peek(1) == '-' && peek(2) == '-' &&
               (peek(3) == ' ' || peek(3) == '\t' || peek(3) == '\n' || peek(3) == '\r' || peek(3) == '\0');
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1, col_ = 1;
};

void skip_quoted(cursor& c) {
    const char q = c.peek();
    c.advance();
    while (!c.done()) {
        char ch = c.peek();
        if (q == '"' && ch == '\\') {
            c.advance();
            c.advance();
            continue;
        }
        c.advance();
        if (ch == q) {
            if (q == '\'' && c.peek() == '\'') {  // '' is an escaped quote
                c.advance();
                continue;
            }
            return;
        }
    }
}

// In flow context a quote opens a quoted scalar only where a scalar starts: right after `[`, `{` or `,`;
// after `:` only when a blank comes between or the key is JSON-like (quoted, or a flow collection:
// `"a":"b"`); after `?` or `-` only with a blank between. Elsewhere it is a character of a plain scalar
// (`a"b`, `a:"b`, `-"b`), as yaml-cpp reads it. Following that rule keeps our bracket depth equal to
// yaml-cpp's on broken input, where a stray quote would otherwise flip everything.
bool starts_scalar_after(char prev, char before_prev, bool blank_between) {
    if (prev == '[' || prev == '{' || prev == ',') return true;
    if (prev == ':')
        return blank_between || before_prev == '"' || before_prev == '\'' || before_prev == ']' || before_prev == '}';
    if (prev == '?' || prev == '-') return blank_between;
    return false;
}

void skip_flow(cursor& c) {
    int depth = 0;
    char prev = '[';          // last character outside quotes and blanks (the opening bracket comes first)
    char before_prev = '\0';  // the one before it
    bool after_blank = true;  // a `#` starts a comment only after a blank
    while (!c.done()) {
        char ch = c.peek();
        if ((ch == '"' || ch == '\'') && starts_scalar_after(prev, before_prev, after_blank)) {
            skip_quoted(c);
            before_prev = prev;
            prev = ch;
            after_blank = false;
            continue;
        }
        if (ch == '#' && after_blank) {
            c.skip_to_line_end();
            continue;
        }
        c.advance();
        after_blank = ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
        if (after_blank) continue;
        before_prev = prev;
        prev = ch;
        if (ch == '[' || ch == '{') ++depth;
        else if ((ch == ']' || ch == '}') && --depth == 0) return;
    }
}

// Skips a document's leading directives, markers, anchors and tags; true when a root value follows.
bool skip_to_root_value(cursor& c) {
    for (;;) {
        c.skip_blank();
        if (c.done()) return false;
        if (c.at_line_start() && c.peek() == '%') {
            c.skip_to_line_end();
            continue;
        }
        if (c.at_document_marker()) {
            for (int i = 0; i < 3; ++i) c.advance();
            continue;
        }
        if (c.peek() == '&' || c.peek() == '!') {  // node properties before the value
            // An anchor or tag ends at a blank or a flow indicator (`&a,` is the anchor `a` and a comma).
            c.advance();
            while (!c.done() && std::string_view(" \t\r\n,[]{}").find(c.peek()) == std::string_view::npos)
                c.advance();
            continue;
        }
        return true;
    }
}

}  // namespace

stray_comma find_comma_after_root_value(std::string_view text) {
    cursor c(text);
    while (skip_to_root_value(c)) {
        const char first = c.peek();
        if (first == ',') return {true, c.line(), c.column()};  // a comma where the root value belongs
        // yaml-cpp loops only after a flow collection or a quoted scalar as the root value.
        const bool fragile_root = first == '[' || first == '{' || first == '"' || first == '\'';
        if (first == '[' || first == '{') skip_flow(c);
        else if (first == '"' || first == '\'') skip_quoted(c);
        c.skip_blank();
        if (!c.done() && c.peek() == ',' && fragile_root) return {true, c.line(), c.column()};
        // Nothing but `:` (the value was a mapping key), a comment or a document marker may follow such a
        // root value; anything else is invalid YAML, and some of it (a quoted scalar and a comma on a later
        // line, found by yaml_fuzz) sends yaml-cpp into a loop. Report it instead of calling yaml-cpp.
        if (fragile_root && !c.done() && c.peek() != ':' && !c.at_document_marker() &&
            !(c.at_line_start() && c.peek() == '.' && c.peek(1) == '.' && c.peek(2) == '.'))
            return {true, c.line(), c.column(), false};
        // Move on to the next document, if any. yaml-cpp also never returns when, after such a root value
        // and any other text (`'a';`), a later line of the same document starts with a comma; the
        // document is invalid already (nothing may follow a root scalar or collection), so that comma
        // is reported too.
        while (!c.done() && !c.at_document_marker()) {
            if (fragile_root && c.at_line_start() && c.peek() == ',') return {true, c.line(), c.column()};
            c.skip_to_line_end();
            c.advance();
        }
    }
    return {};
}

}  // namespace wd::yaml
