// SPDX-License-Identifier: MIT
#include "yaml/document.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "yaml/hang_guard.hpp"
#include "yaml/scalar.hpp"
#include "yaml/short_tags.hpp"
#include "common/utf8.hpp"

namespace wd::yaml {

namespace {

// yaml-cpp's parser recurses once per nesting level; a pasted `[[[[...` of a few thousand levels would
// exhaust the (small) WebAssembly stack. Real configs nest a few dozen levels, so refuse beyond this.
constexpr int max_flow_depth = 200;
constexpr int max_node_depth = 400;
// Aliases are expanded into copies, so `&a [*b, *b]` chains grow exponentially ("billion laughs").
// Budget: generous for real configs (a few thousand values), bounded for the page's memory.
std::size_t max_values(std::size_t text_size) { return 200000 + 50 * text_size; }
// Issue 8: every node keeps its JSON pointer (spans), so a few hundred nested keys of a few KB each
// would cost depth^2 * key length bytes (300 levels x 3 KB keys: ~135 MB from under 1 MB of text).
// Real configs use well under 1 MB of pointers; refuse past this.
constexpr std::size_t max_pointer_bytes = std::size_t(64) << 20;

source_pos to_pos(const YAML::Mark& m) {
    source_pos p;
    if (m.line >= 0) p.line = m.line + 1;
    if (m.column >= 0) p.column = m.column + 1;
    if (m.pos >= 0) p.offset = static_cast<std::size_t>(m.pos);
    return p;
}

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

class converter {
public:
    converter(document& doc, std::string_view file, std::size_t budget) : doc_(doc), file_(file), budget_(budget) {}

    json convert(const YAML::Node& node, const std::string& pointer, int depth) {
        if (++values_ > budget_) {
            if (!over_budget_) {
                over_budget_ = true;
                auto p = to_pos(node.Mark());
                doc_.diags.push_back(make_error("WD1007",
                                                "the document expands to more than " + std::to_string(budget_) +
                                                    " values (aliases repeated too often)",
                                                std::string(file_), p.line, p.column));
            }
            return nullptr;
        }
        pointer_bytes_ += pointer.size();
        if (pointer_bytes_ > max_pointer_bytes) {
            if (!over_budget_) {
                over_budget_ = true;
                auto p = to_pos(node.Mark());
                doc_.diags.push_back(make_error("WD1009",
                                                "the document's keys are too long or too deeply nested to index (over " +
                                                    std::to_string(max_pointer_bytes >> 20) + " MB of key paths)",
                                                std::string(file_), p.line, p.column,
                                                json{{"limitBytes", max_pointer_bytes}}));
            }
            return nullptr;
        }
        if (depth > max_node_depth) {
            auto p = to_pos(node.Mark());
            doc_.diags.push_back(make_error("WD1004", "the document nests deeper than " +
                                                          std::to_string(max_node_depth) + " levels",
                                            std::string(file_), p.line, p.column));
            return nullptr;
        }
        node_span& span = doc_.spans[pointer];
        span.value = to_pos(node.Mark());
        json value = convert_untagged(node, pointer, depth);
        const std::string& tag = node.Tag();
        if (!tag.empty() && tag != "?" && tag != "!") {
            auto converted = apply_short_tag(tag, std::move(value), node.IsScalar());
            if (converted.ok) return std::move(converted.value);
            doc_.diags.push_back(make_warning("WD1005", "unknown YAML tag `" + tag + "` kept as plain value",
                                              std::string(file_), span.value.line, span.value.column,
                                              json{{"tag", tag}}));
            return std::move(converted.value);
        }
        return value;
    }

private:
    json convert_untagged(const YAML::Node& node, const std::string& pointer, int depth) {
        switch (node.Type()) {
            case YAML::NodeType::Null:
            case YAML::NodeType::Undefined: return nullptr;
            case YAML::NodeType::Scalar: return typed_scalar(valid_utf8(node.Scalar()), node.Tag() == "?");
            case YAML::NodeType::Sequence: {
                json arr = json::array();
                std::size_t i = 0;
                for (const auto& item : node) {
                    arr.push_back(convert(item, pointer + "/" + std::to_string(i), depth + 1));
                    ++i;
                }
                return arr;
            }
            case YAML::NodeType::Map: return convert_map(node, pointer, depth);
        }
        return nullptr;
    }

    // Keys are tracked in hash tables and appended to the ordered object directly: nlohmann's ordered
    // map finds a key by a linear scan, so contains()/operator[] per key made a mapping of k keys cost
    // k^2 (issue 8: a 1 MB config of one big mapping took seconds, 4 MB minutes).
    json convert_map(const YAML::Node& node, const std::string& pointer, int depth) {
        json obj = json::object();
        auto& entries = static_cast<std::vector<std::pair<const std::string, json>>&>(obj.get_ref<json::object_t&>());
        std::unordered_map<std::string, std::size_t> index;  // key -> position in `entries`
        std::vector<std::pair<std::string, json>> merged;     // keys from `<<` merges; explicit keys win
        std::unordered_set<std::string> merged_keys;
        for (const auto& kv : node) {
            std::string key = kv.first.IsScalar() ? valid_utf8(kv.first.Scalar()) : std::string();  // see utf8.hpp
            auto key_pos = to_pos(kv.first.Mark());
            if (!kv.first.IsScalar()) {
                doc_.diags.push_back(make_error("WD1006", "a mapping key must be a plain value",
                                                std::string(file_), key_pos.line, key_pos.column));
                continue;
            }
            if (key == "<<" && kv.first.Tag() == "?") {
                json src = convert(kv.second, pointer + "/<<", depth + 1);
                auto merge_one = [&](json& m) {
                    if (!m.is_object()) return;
                    for (auto it = m.begin(); it != m.end(); ++it)
                        if (merged_keys.insert(it.key()).second) merged.emplace_back(it.key(), std::move(it.value()));
                };
                if (src.is_array())
                    for (auto& m : src) merge_one(m);
                else
                    merge_one(src);
                continue;
            }
            std::string child = pointer + "/" + escape_pointer_token(key);
            auto found = index.find(key);
            if (found != index.end()) {
                doc_.diags.push_back(make_error("WD1002", "duplicated mapping key `" + key + "`", std::string(file_),
                                                key_pos.line, key_pos.column, json{{"key", key}}));
            }
            json v = convert(kv.second, child, depth + 1);
            doc_.spans[child].key = key_pos;
            if (found != index.end()) {
                entries[found->second].second = std::move(v);  // the last one wins, in the first one's place
            } else {
                index.emplace(key, entries.size());
                entries.emplace_back(std::move(key), std::move(v));
            }
        }
        for (auto& [k, v] : merged)
            if (index.find(k) == index.end()) entries.emplace_back(std::move(k), std::move(v));
        return obj;
    }

    document& doc_;
    std::string_view file_;
    std::size_t budget_;
    std::size_t values_ = 0;
    std::size_t pointer_bytes_ = 0;
    bool over_budget_ = false;

public:
    bool over_budget() const { return over_budget_; }
};

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

document load(std::string_view text, std::string_view file) {
    document doc;
    if (text.size() > max_input_bytes) {
        doc.diags.push_back(make_error("WD1008",
                                       "the " + std::string(file == "config" ? "config" : "file") + " is larger than " +
                                           std::to_string(max_input_bytes >> 20) + " MB; nothing is read",
                                       std::string(file), 0, 0,
                                       json{{"bytes", text.size()}, {"limitBytes", max_input_bytes}}));
        return doc;
    }
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
    try {
        std::vector<YAML::Node> all = YAML::LoadAll(std::string(text));
        if (all.empty()) {
            doc.parsed = true;
            return doc;
        }
        if (all.size() > 1) {
            doc.diags.push_back(make_warning("WD1003", "only the first YAML document is used; " +
                                                           std::to_string(all.size() - 1) + " more ignored",
                                             std::string(file), to_pos(all[1].Mark()).line, 1));
        }
        converter conv(doc, file, max_values(text.size()));
        doc.root = conv.convert(all.front(), "", 0);
        if (conv.over_budget()) {
            doc.root = nullptr;
            doc.spans.clear();
            return doc;
        }
        doc.parsed = true;
    } catch (const YAML::Exception& e) {
        auto p = to_pos(e.mark);
        doc.diags.push_back(make_error("WD1001", "YAML syntax error: " + e.msg, std::string(file), p.line,
                                       p.column, json{{"detail", e.msg}}));
    } catch (const std::exception& e) {
        doc.diags.push_back(make_error("WD1001", std::string("YAML syntax error: ") + e.what(), std::string(file)));
    }
    return doc;
}

}  // namespace wd::yaml
