// SPDX-License-Identifier: MIT
#include "yaml/document.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <string>

#include "yaml/flow_scalars.hpp"
#include "yaml/hang_guard.hpp"
#include "yaml/json_builder.hpp"

namespace wd::yaml {

namespace {

// yaml-cpp's parser recurses once per flow nesting level; a pasted `[[[[...` of a few thousand levels
// would exhaust the (small) WebAssembly stack before any event reaches us, so flow depth is checked
// on the text first. Real configs nest a few dozen levels.
constexpr int max_flow_depth = 200;
// Aliases are expanded into copies, so `&a [*b, *b]` chains grow exponentially ("billion laughs").
// Budget: generous for real configs (a few thousand values), bounded for the page's memory.
std::size_t max_values(std::size_t text_size) { return 200000 + 50 * text_size; }

// Flow-collection depth outside quotes and comments: a cheap linear pre-check.
int max_flow_nesting(std::string_view text, int& line_of_max, int& col_of_max) {
    int depth = 0, best = 0, line = 1, col = 0;
    char quote = 0;
    bool comment = false;
    for (char c : text) {
        ++col;
        if (c == '\n') {
            ++line;
            col = 0;
            comment = false;
            if (quote == 0) continue;
        }
        if (comment) continue;
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '#') comment = true;
        else if (c == '\'' || c == '"') quote = c;
        else if (c == '[' || c == '{') {
            if (++depth > best) {
                best = depth;
                line_of_max = line;
                col_of_max = col;
            }
        } else if (c == ']' || c == '}') {
            if (depth > 0) --depth;
        }
    }
    return best;
}

// Documents after the first are only counted (WD1003); their start shows whether the parser moved.
class later_documents final : public YAML::EventHandler {
public:
    YAML::Mark start;
    int first_node_line = 0;

    void OnDocumentStart(const YAML::Mark& mark) override {
        start = mark;
        first_node_line = 0;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { node(mark); }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        node(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        node(mark);
    }
    void OnMapEnd() override {}

private:
    void node(const YAML::Mark& mark) {
        if (first_node_line == 0) first_node_line = to_pos(mark).line;
    }
};

// yaml-cpp 0.7 starts a new document at a token no rule consumes (a `,` after a root value, after a
// scalar that ends a block collection, ...), emits an empty document there and, driven by LoadAll,
// does so forever. A document that starts where the previous one started made no progress: that
// token is the syntax error.
// A tab in the leading whitespace of the line a syntax error is reported on, or of the non-blank line before
// it (yaml-cpp often reports at the next token): YAML forbids tabs in indentation, and js-yaml, which the
// framework uses, says so. 0 line when there is none.
source_pos indentation_tab(std::string_view text, int error_line) {
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at <= text.size();) {
        const std::size_t nl = text.find('\n', at);
        lines.push_back(text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
        if (nl == std::string_view::npos) break;
        at = nl + 1;
    }
    auto tab_at = [&](int line) -> source_pos {
        if (line < 1 || static_cast<std::size_t>(line) > lines.size()) return {};
        const std::string_view l = lines[static_cast<std::size_t>(line - 1)];
        for (std::size_t i = 0; i < l.size() && (l[i] == ' ' || l[i] == '\t'); ++i)
            if (l[i] == '\t' && l.find_first_not_of(" \t\r") != std::string_view::npos) return {line, static_cast<int>(i) + 1, 0};
        return {};
    };
    if (auto p = tab_at(error_line); p.line) return p;
    for (int line = error_line - 1; line >= 1; --line) {
        const std::string_view l = lines[static_cast<std::size_t>(line - 1)];
        if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        return tab_at(line);
    }
    return {};
}

diagnostic stuck_token_error(std::string_view text, const YAML::Mark& mark, std::string_view file) {
    auto p = to_pos(mark, byte_order_mark_size(text));
    std::string what = "text";
    if (p.offset < text.size()) {
        char c = text[p.offset];
        if (c > ' ' && c < 127) what = std::string("`") + c + "`";
    }
    return make_error("WD1001", "YAML syntax error: unexpected " + what + " here; it belongs to no mapping or list",
                      std::string(file), p.line, p.column, json{{"detail", "unexpected " + what}});
}

}  // namespace

const node_span* document::span_of(const std::string& pointer) const {
    auto it = spans.find(pointer);
    return it == spans.end() ? nullptr : &it->second;
}

const node_span* document::nearest_span(std::string pointer) const {
    for (;;) {
        if (auto* s = span_of(pointer)) return s;
        if (pointer.empty()) return nullptr;
        auto slash = pointer.rfind('/');
        pointer = slash == std::string::npos ? std::string() : pointer.substr(0, slash);
    }
}

std::string escape_pointer_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

bool lone_cr_to_lf(std::string& text) {
    bool lone = false;
    for (std::size_t cr = text.find('\r'); cr != std::string::npos; cr = text.find('\r', cr + 1))
        if (cr + 1 >= text.size() || text[cr + 1] != '\n') {
            text[cr] = '\n';
            lone = true;
        }
    return lone;
}

document load(std::string_view text, std::string_view file) {
    document doc;
    if (text.size() > max_input_bytes) {
        doc.diags.push_back(make_error("WD1008",
                                       "the " + std::string(file == "config" ? "config" : "file") + " is larger than " +
                                           std::to_string(max_input_bytes >> 20) + " MB; nothing is read",
                                       std::string(file), 1, 1,
                                       json{{"bytes", text.size()}, {"limitBytes", max_input_bytes}}));
        return doc;
    }
    // A lone CR is a line break in YAML 1.2 and in js-yaml (the framework's reader: is_EOL), but not to yaml-cpp:
    // an old Mac file would be one line with stray characters. The same bytes with LF read as the framework
    // reads them, and every offset stays where it was.
    std::string lf_text;
    if (text.find('\r') != std::string_view::npos && lone_cr_to_lf(lf_text.assign(text))) text = lf_text;
    int fl = 0, fc = 0;
    if (max_flow_nesting(text, fl, fc) > max_flow_depth) {
        doc.diags.push_back(make_error("WD1004",
                                       "the document nests deeper than " + std::to_string(max_flow_depth) + " levels",
                                       std::string(file), fl, fc));
        return doc;
    }
    // A NUL byte is not allowed in YAML (js-yaml, and so the framework, refuses the file), and leading NULs
    // make yaml-cpp read the text as UTF-16/32, where the comma guard below cannot see a stray `,` and
    // yaml-cpp then never returns (`\0,a`; found by tests/fuzz/yaml_fuzz).
    if (auto nul = text.find('\0'); nul != std::string_view::npos) {
        int line = 1, column = 1;
        for (std::size_t i = 0; i < nul; ++i) {
            if (text[i] == '\n') ++line, column = 1;
            else ++column;
        }
        doc.diags.push_back(make_error("WD1001", "YAML syntax error: the text holds a NUL byte, which YAML does not allow",
                                       std::string(file), line, column, json{{"detail", "NUL byte"}}));
        return doc;
    }
    if (auto comma = find_comma_after_root_value(text); comma.found) {
        doc.diags.push_back(make_error("WD1001", comma.comma ? "YAML syntax error: unexpected `,` after the document's root value"
                                                             : "YAML syntax error: unexpected text after the document's root value",
                                       std::string(file), comma.line, comma.column,
                                       json{{"detail", comma.comma ? "unexpected , after the root value" : "unexpected text after the root value"}}));
        return doc;
    }
    // See flow_scalars.hpp: js-yaml's reading of `?` and of empty entries in flow collections.
    flow_rewrite flow = rewrite_flow_scalars(text);
    if (flow.empty_entry) {
        doc.diags.push_back(make_error("WD1001", "YAML syntax error: expected the node content, but found ',' (an empty entry in a flow collection)",
                                       std::string(file), flow.line, flow.column, json{{"detail", "empty flow entry"}}));
        return doc;
    }
    const std::size_t diags_before = doc.diags.size();
    try {
        std::istringstream in{std::move(flow.text)};
        YAML::Parser parser(in);
        json_builder builder(doc, file, max_values(text.size()), byte_order_mark_size(text));
        builder.restore_question_marks(flow.rewritten);
        builder.check_quotes_in(text);
        const bool any = parser.HandleNextDocument(builder);
        if (const source_pos& q = builder.unclosed_quote(); q.line) {
            doc.root = nullptr;
            doc.spans.clear();
            doc.diags.erase(doc.diags.begin() + static_cast<std::ptrdiff_t>(diags_before), doc.diags.end());
            doc.diags.push_back(make_error("WD1001", "YAML syntax error: the quoted scalar that starts here is never closed (the file ends inside it)",
                                           std::string(file), q.line, q.column, json{{"detail", "unexpected end of the stream within a quoted scalar"}}));
            return doc;
        }
        if (!any) {
            doc.parsed = true;
            return doc;
        }
        if (builder.over_budget()) {
            doc.root = nullptr;
            doc.spans.clear();
            return doc;
        }
        long previous_start = builder.document_start();
        later_documents later;
        std::size_t more = 0;
        int second_line = 0;
        while (parser.HandleNextDocument(later)) {
            if (later.start.pos == previous_start) {
                doc.root = nullptr;
                doc.spans.clear();
                doc.diags.erase(doc.diags.begin() + static_cast<std::ptrdiff_t>(diags_before), doc.diags.end());
                doc.diags.push_back(stuck_token_error(text, later.start, file));
                return doc;
            }
            previous_start = later.start.pos;
            if (++more == 1) second_line = later.first_node_line;
        }
        if (more > 0)
            // The framework's loader (js-yaml `load`) expects one document and stops on a second: an error, with
            // the first document still analysed.
            doc.diags.push_back(make_error("WD1003", "the file holds " + std::to_string(more + 1) +
                                                         " YAML documents; the framework expects a single document and stops (only "
                                                         "the first is analysed here)",
                                           std::string(file), second_line, 1));
        doc.parsed = true;
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp's own depth guard (500 nested nodes, block style: the flow check above does not see it).
        doc.root = nullptr;
        doc.spans.clear();
        doc.diags.erase(doc.diags.begin() + static_cast<std::ptrdiff_t>(diags_before), doc.diags.end());
        auto p = to_pos(e.mark);
        doc.diags.push_back(make_error("WD1004", "the document nests too deeply to be read (more than " + std::to_string(e.depth()) +
                                                     " nested nodes)",
                                       std::string(file), p.line, p.column, json{{"depth", e.depth()}}));
    } catch (const YAML::Exception& e) {
        doc.root = nullptr;
        doc.spans.clear();
        doc.diags.erase(doc.diags.begin() + static_cast<std::ptrdiff_t>(diags_before), doc.diags.end());
        auto p = to_pos(e.mark);
        if (const source_pos tab = indentation_tab(text, p.line); tab.line)
            doc.diags.push_back(make_error("WD1001", "YAML syntax error: tab characters must not be used in indentation",
                                           std::string(file), tab.line, tab.column, json{{"detail", e.msg}}));
        else
            doc.diags.push_back(make_error("WD1001", "YAML syntax error: " + e.msg, std::string(file), p.line,
                                           p.column, json{{"detail", e.msg}}));
    } catch (const std::exception& e) {
        doc.root = nullptr;
        doc.spans.clear();
        doc.diags.erase(doc.diags.begin() + static_cast<std::ptrdiff_t>(diags_before), doc.diags.end());
        doc.diags.push_back(make_error("WD1001", std::string("YAML syntax error: ") + e.what(), std::string(file)));
    }
    return doc;
}

}  // namespace wd::yaml
