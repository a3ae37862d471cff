// SPDX-License-Identifier: MIT
#include "yaml/flow_scalars.hpp"

namespace wd::yaml {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; }

class scanner {
public:
    explicit scanner(std::string_view text) : in_(text) { out_.text = std::string(text); }

    flow_rewrite run() {
        while (pos_ < in_.size()) step();
        return std::move(out_);
    }

private:
    std::string_view in_;
    flow_rewrite out_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
    int depth_ = 0;
    // The last significant character inside the flow collection: `[`, `{`, `,` (an entry may start), or
    // 'x' (a node was seen).
    char last_ = 'x';
    int block_scalar_indent_ = -1;  // indentation of the line owning a `|`/`>` block scalar, else -1

    char at(std::size_t i) const { return i < in_.size() ? in_[i] : '\0'; }
    int column() const { return static_cast<int>(pos_ - line_start_) + 1; }
    int indent_of_line() const {
        int n = 0;
        while (at(line_start_ + static_cast<std::size_t>(n)) == ' ') ++n;
        return n;
    }
    // The line's text before `pos_`, without trailing blanks.
    std::string_view before_on_line() const {
        std::string_view s = in_.substr(line_start_, pos_ - line_start_);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    }

    void new_line() {
        ++pos_;
        ++line_;
        line_start_ = pos_;
        if (block_scalar_indent_ < 0) return;
        // Lines of a block scalar: blank ones, and those indented deeper than the line that owns it.
        while (pos_ < in_.size()) {
            std::size_t end = in_.find('\n', pos_);
            if (end == std::string_view::npos) end = in_.size();
            const std::string_view l = in_.substr(pos_, end - pos_);
            const std::size_t first = l.find_first_not_of(" \t\r");
            if (first != std::string_view::npos && static_cast<int>(l.find_first_not_of(' ')) <= block_scalar_indent_) break;
            pos_ = end < in_.size() ? end + 1 : end;
            if (end < in_.size()) ++line_;
            line_start_ = pos_;
        }
        block_scalar_indent_ = -1;
    }

    void skip_comment() {
        while (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
    }

    void skip_quoted(char q) {
        ++pos_;
        while (pos_ < in_.size()) {
            const char c = in_[pos_];
            if (q == '"' && c == '\\') {
                pos_ += 2;
                continue;
            }
            if (c == q) {
                if (q == '\'' && at(pos_ + 1) == '\'') {
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                return;
            }
            if (c == '\n') {
                ++line_;
                line_start_ = pos_ + 1;
            }
            ++pos_;
        }
    }

    // Whether a token may start at `pos_`: at the start of the line's content, after a blank, or in flow
    // context after an indicator.
    bool token_start() const {
        if (pos_ == line_start_) return true;
        const char p = in_[pos_ - 1];
        return p == ' ' || p == '\t' || (depth_ > 0 && (p == '[' || p == '{' || p == ',' || p == ':'));
    }

    // In block context `[`/`{` opens a flow collection only where a value starts: first on the line, after
    // `key:`, `-`, `?`, or a tag or anchor (`!Split [...]`, `&a {...}`).
    bool opens_flow_in_block() const {
        const std::string_view b = before_on_line();
        if (b.find_first_not_of(' ') == std::string_view::npos) return true;
        const char last = b.back();
        if (last == ':' || last == '-' || last == '?') return true;
        const std::size_t sp = b.find_last_of(" \t");
        const char first_of_token = b[sp == std::string_view::npos ? 0 : sp + 1];
        return first_of_token == '!' || first_of_token == '&';
    }

    // `|` or `>` (with optional indentation and chomping indicators) ending the line's content as a value.
    bool block_scalar_header() const {
        if (!(depth_ == 0 && token_start())) return false;
        std::size_t i = pos_ + 1;
        while (at(i) == '-' || at(i) == '+' || (at(i) >= '1' && at(i) <= '9')) ++i;
        while (at(i) == ' ' || at(i) == '\t') ++i;
        return at(i) == '\n' || at(i) == '\r' || at(i) == '#' || at(i) == '\0';
    }

    void question_mark() {
        // js-yaml: the explicit-key indicator starts an entry and is followed by a blank.
        const bool entry_start = last_ == '[' || last_ == '{' || last_ == ',' ||
                                 before_on_line().find_first_not_of(' ') == std::string_view::npos;
        if (!(entry_start && blank(at(pos_ + 1)))) {
            out_.text[pos_] = question_mark_stand_in;
            out_.rewritten = true;
        }
        last_ = 'x';
        ++pos_;
    }

    void step() {
        const char c = in_[pos_];
        if (c == '\n') return new_line();
        if (c == '#' && token_start()) return skip_comment();
        if ((c == '\'' || c == '"') && token_start()) {
            skip_quoted(c);
            last_ = 'x';
            return;
        }
        if (depth_ == 0) {
            if ((c == '|' || c == '>') && block_scalar_header()) {
                block_scalar_indent_ = indent_of_line();
                skip_comment();
                return;
            }
            if ((c == '[' || c == '{') && opens_flow_in_block()) {
                depth_ = 1;
                last_ = c;
            }
            ++pos_;
            return;
        }
        switch (c) {
            case '[':
            case '{':
                ++depth_;
                last_ = c;
                break;
            case ']':
            case '}':
                --depth_;
                last_ = 'x';
                break;
            case ',':
                if ((last_ == ',' || last_ == '[' || last_ == '{') && !out_.empty_entry) {
                    out_.empty_entry = true;
                    out_.line = line_;
                    out_.column = column();
                }
                last_ = ',';
                break;
            case '?':
                return question_mark();
            case ' ':
            case '\t':
            case '\r':
                break;
            default:
                last_ = 'x';
        }
        ++pos_;
    }
};

}  // namespace

flow_rewrite rewrite_flow_scalars(std::string_view text) {
    if (text.find(question_mark_stand_in) != std::string_view::npos) {
        flow_rewrite unchanged;
        unchanged.text = std::string(text);
        return unchanged;
    }
    return scanner(text).run();
}

}  // namespace wd::yaml
