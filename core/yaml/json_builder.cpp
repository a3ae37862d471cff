// SPDX-License-Identifier: MIT
#include "yaml/json_builder.hpp"

#include <algorithm>
#include <utility>

#include "common/js_text.hpp"
#include "common/utf8.hpp"
#include "yaml/flow_scalars.hpp"
#include "yaml/scalar.hpp"
#include "yaml/short_tags.hpp"

namespace wd::yaml {

namespace {

// The framework's YAML reader refuses deeper nesting: js-yaml 4.3 (what serverless@3.40.0's `^4.1.0` installs
// today) throws "nesting exceeded maxDepth (100)" once a node would sit 100 levels down, which is 98 levels below
// our root here (checked against js-yaml on block mappings, block and flow sequences). It also keeps our
// recursive stages shallow; the flow-only pre-check in document.cpp keeps yaml-cpp itself off the WebAssembly
// stack limit.
constexpr int max_node_depth = 98;
// Issue 8: every node keeps its JSON pointer (spans), so a few hundred nested keys of a few KB each
// would cost depth^2 * key length bytes (300 levels x 3 KB keys: ~135 MB from under 1 MB of text).
// Real configs use well under 1 MB of pointers; refuse past this.
constexpr std::size_t max_pointer_bytes = std::size_t(64) << 20;

bool is_applied_tag(const std::string& tag) { return !tag.empty() && tag != "?" && tag != "!"; }

}  // namespace

source_pos to_pos(const YAML::Mark& m, std::size_t base) {
    source_pos p;
    if (m.line >= 0) p.line = m.line + 1;
    if (m.column >= 0) p.column = m.column + 1;
    if (m.pos >= 0) p.offset = static_cast<std::size_t>(m.pos) + base;
    return p;
}

std::size_t byte_order_mark_size(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

json_builder::json_builder(document& doc, std::string_view file, std::size_t value_budget, std::size_t offset_base)
    : doc_(doc), file_(file), budget_(value_budget), offset_base_(offset_base) {}

void json_builder::OnDocumentStart(const YAML::Mark& mark) { document_start_ = mark.pos; }

json_builder::slot json_builder::next_slot() const {
    slot s;
    if (stack_.empty()) return s;  // the root
    const frame& top = stack_.back();
    s.depth = static_cast<int>(stack_.size());
    s.indexed = top.where.indexed;
    if (!top.is_map) {
        s.pointer = top.where.pointer + "/" + std::to_string(top.next_item);
    } else if (top.expecting_key) {
        s.is_key = true;
        s.indexed = false;  // keys are not values: no span, no budget
    } else if (!top.key_ok) {
        s.indexed = false;  // the value of a refused key is dropped
    } else {
        s.pointer = top.where.pointer + (top.key_is_merge ? std::string("/<<") : "/" + escape_pointer_token(top.key));
    }
    return s;
}

void json_builder::fail_budget(const char* code, std::string message, const YAML::Mark& mark, json detail) {
    over_budget_ = true;
    auto p = to_pos(mark, offset_base_);
    doc_.diags.push_back(make_error(code, std::move(message), file_, p.line, p.column, std::move(detail)));
}

bool json_builder::admit(const slot& where, const YAML::Mark& mark, std::size_t values, std::size_t pointer_bytes) {
    if (where.depth > max_node_depth) {
        if (!depth_reported_) {
            depth_reported_ = true;
            auto p = to_pos(mark, offset_base_);
            doc_.diags.push_back(make_error("WD1004", "the document nests deeper than the framework's YAML reader allows "
                                                          "(js-yaml: \"nesting exceeded maxDepth (100)\")",
                                            file_, p.line, p.column, json{{"maxDepth", 100}}));
        }
        return false;
    }
    if (!where.indexed) return true;
    values_ += values;
    if (values_ > budget_) {
        fail_budget("WD1007",
                    "the document expands to more than " + std::to_string(budget_) + " values (aliases repeated too often)",
                    mark, nullptr);
        return false;
    }
    pointer_bytes_ += pointer_bytes;
    if (pointer_bytes_ > max_pointer_bytes) {
        fail_budget("WD1009",
                    "the document's keys are too long or too deeply nested to index (over " +
                        std::to_string(max_pointer_bytes >> 20) + " MB of key paths)",
                    mark, json{{"limitBytes", max_pointer_bytes}});
        return false;
    }
    return true;
}

void json_builder::refuse_key(const source_pos& pos) {
    frame& top = stack_.back();
    if (top.where.indexed)
        doc_.diags.push_back(make_error("WD1006", "a mapping key must be a plain value", file_, pos.line, pos.column));
    top.key_ok = false;
    top.expecting_key = false;
}

void json_builder::deliver(json value, const slot& where, bool is_scalar, const std::string* scalar_text,
                           const source_pos& pos) {
    if (stack_.empty()) {
        doc_.root = std::move(value);
        has_root_ = true;
        return;
    }
    frame& top = stack_.back();
    if (!top.is_map) {
        top.value.get_ref<json::array_t&>().push_back(std::move(value));
        ++top.next_item;
        return;
    }
    if (where.is_key) {
        if (!is_scalar || scalar_text == nullptr) {
            // A collection as a key (`? [a, b]`): js-yaml keys the mapping by String(key), "a,b" for a list and
            // "[object Object]" for a mapping, and refuses a list holding a list (loader.js storeMappingPair).
            const bool nested = value.is_array() && std::any_of(value.begin(), value.end(), [](const json& x) { return x.is_array(); });
            if (!(value.is_array() || value.is_object()) || nested) {
                refuse_key(pos);
                return;
            }
            top.key = valid_utf8(js_string(value));
            top.key_ok = true;
            top.key_is_merge = false;
            top.key_pos = pos;
            top.expecting_key = false;
            return;
        }
        top.key = valid_utf8(*scalar_text);  // see utf8.hpp
        top.key_ok = true;
        top.key_is_merge = false;  // an alias is never the plain `<<`
        top.key_pos = pos;
        top.expecting_key = false;
        return;
    }
    top.expecting_key = true;
    if (!top.key_ok) return;
    if (top.key_is_merge) {
        // js-yaml 4 (loader.js:381-384 mergeMappings, called per item of a list at :443): the source must be
        // an object (`typeof === 'object'`, not null), so a list item that is itself a list merges its
        // indexes as keys, and a scalar or null stops the load ("cannot merge mappings; the provided source
        // object is unacceptable"). The value is left out, as it was before.
        auto merge_one = [&](json& m, const std::string& from) {
            if (m.is_array()) {
                for (std::size_t i = 0; i < m.size(); ++i)
                    if (top.merged_keys.insert(std::to_string(i)).second)
                        top.merged.push_back({std::to_string(i), std::move(m[i]), from + "/" + std::to_string(i)});
                return;
            }
            if (!m.is_object()) {
                if (where.indexed)
                    doc_.diags.push_back(make_error("WD1012", "a merge key `<<` takes a mapping or a list of mappings, not " +
                                                                  std::string(m.is_null() ? "null" : "a scalar") +
                                                                  ": the framework's YAML reader stops (\"cannot merge mappings; the "
                                                                  "provided source object is unacceptable\")",
                                                    file_, pos.line, pos.column, json{{"value", m}}));
                return;
            }
            for (auto it = m.begin(); it != m.end(); ++it)
                if (top.merged_keys.insert(it.key()).second)
                    top.merged.push_back({it.key(), std::move(it.value()), from + "/" + escape_pointer_token(it.key())});
        };
        if (value.is_array())
            for (std::size_t i = 0; i < value.size(); ++i) merge_one(value[i], where.pointer + "/" + std::to_string(i));
        else
            merge_one(value, where.pointer);
        return;
    }
    // Keys are tracked in a hash table and appended to the ordered object directly: nlohmann's ordered
    // map finds a key by a linear scan, so a mapping of k keys would cost k^2 (issue 8).
    auto& entries =
        static_cast<std::vector<std::pair<const std::string, json>>&>(top.value.get_ref<json::object_t&>());
    auto found = top.index.find(top.key);
    if (top.where.indexed) {
        if (found != top.index.end())
            doc_.diags.push_back(make_error("WD1002", "duplicated mapping key `" + top.key + "`", file_,
                                            top.key_pos.line, top.key_pos.column, json{{"key", top.key}}));
        doc_.spans[where.pointer].key = top.key_pos;
    }
    if (found != top.index.end()) {
        entries[found->second].second = std::move(value);  // the last one wins, in the first one's place
    } else {
        top.index.emplace(top.key, entries.size());
        entries.emplace_back(std::move(top.key), std::move(value));
    }
}

void json_builder::remember_anchor(YAML::anchor_t anchor, const json& value, const slot& where, bool is_scalar,
                                   const std::string* scalar_text) {
    anchored a;
    a.value = value;
    a.is_scalar = is_scalar;
    if (scalar_text) a.scalar_text = *scalar_text;
    if (where.indexed) {
        const std::string& base = where.pointer;
        if (auto self = doc_.spans.find(base); self != doc_.spans.end()) {
            node_span root = self->second;
            root.key = {};  // an alias copy gets the key of its own place
            a.spans.emplace_back(std::string(), root);
        }
        const std::string below = base + "/";
        for (auto it = doc_.spans.lower_bound(below);
             it != doc_.spans.end() && it->first.compare(0, below.size(), below) == 0; ++it) {
            a.spans.emplace_back(it->first.substr(base.size()), it->second);
            a.pointer_bytes += it->first.size() - base.size();
        }
    }
    anchors_[anchor] = std::move(a);  // a redefined anchor name gets a new id from yaml-cpp
}

void json_builder::finish(json value, const slot& where, const source_pos& pos, const std::string& tag,
                          YAML::anchor_t anchor, bool is_scalar, const std::string* scalar_text) {
    if (where.indexed) doc_.spans[where.pointer].value = pos;
    if (is_applied_tag(tag)) {
        auto converted = apply_short_tag(tag, std::move(value), is_scalar);
        constexpr std::string_view core = "tag:yaml.org,2002:";
        const bool core_tag = std::string_view(tag).substr(0, core.size()) == core;
        if (!converted.ok && where.indexed && core_tag)
            doc_.diags.push_back(make_error("WD1013", "the value cannot be read as `!!" + tag.substr(core.size()) +
                                            "`: the Serverless Framework's YAML reader rejects the file (\"cannot resolve a node "
                                            "with !<" + tag + "> explicit tag\"; the value is kept as written)",
                                            file_, pos.line, pos.column, json{{"tag", "!!" + tag.substr(core.size())}}));
        else if (!converted.ok && where.indexed)
            doc_.diags.push_back(make_error("WD1005", "unknown YAML tag `" + tag + "`: the Serverless Framework reads only "
                                            "the CloudFormation short tags (!Ref, !GetAtt, !Sub, !Join, …) and rejects the file "
                                            "(the value is kept as written)", file_, pos.line, pos.column, json{{"tag", tag}}));
        value = std::move(converted.value);
    }
    if (anchor != YAML::NullAnchor) remember_anchor(anchor, value, where, is_scalar, scalar_text);
    deliver(std::move(value), where, is_scalar, scalar_text, pos);
}

void json_builder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (ignoring()) return;
    slot where = next_slot();
    if (where.is_key) {  // `~:` or `null:`: js-yaml keys the mapping by String(null), "null"
        static const std::string null_text = "null";
        deliver(nullptr, where, true, &null_text, to_pos(mark, offset_base_));
        return;
    }
    if (!admit(where, mark, 1, where.pointer.size())) {
        if (!over_budget_) deliver(nullptr, where, false, nullptr, to_pos(mark, offset_base_));
        return;
    }
    finish(nullptr, where, to_pos(mark, offset_base_), std::string(), anchor, false, nullptr);
}

namespace {

// Whether the quoted scalar opening at `at` (`"` or `'`) is closed before the end of `text`: `\` escapes in
// double quotes, `''` in single quotes.
bool quote_closed(std::string_view text, std::size_t at) {
    const char q = text[at];
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        if (q == '"' && text[i] == '\\') {
            ++i;
            continue;
        }
        if (text[i] != q) continue;
        if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
            ++i;
            continue;
        }
        return true;
    }
    return false;
}

}  // namespace

void json_builder::check_closed(const YAML::Mark& mark, const std::string& tag) {
    if (source_.empty() || tag == "?" || unclosed_quote_.line || mark.pos < 0) return;
    const std::size_t at = static_cast<std::size_t>(mark.pos) + offset_base_;
    if (at < source_.size() && (source_[at] == '"' || source_[at] == '\'') && !quote_closed(source_, at))
        unclosed_quote_ = to_pos(mark, offset_base_);
}

void json_builder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                            const std::string& value) {
    check_closed(mark, tag);
    if (restore_question_marks_ && value.find(question_mark_stand_in) != std::string::npos) {
        std::string restored = value;
        for (char& c : restored)
            if (c == question_mark_stand_in) c = '?';
        return OnScalar(mark, tag, anchor, restored);
    }
    if (ignoring()) return;
    slot where = next_slot();
    const bool plain = tag == "?";
    if (where.is_key) {
        frame& top = stack_.back();
        top.key = valid_utf8(value);  // see utf8.hpp
        top.key_ok = true;
        top.key_is_merge = plain && top.key == "<<";
        // js-yaml reads a plain key as the value it is and keys the object by `String(value)` (loader.js
        // storeMappingPair): `0x10:` is the key "16", `1.50:` "1.5", `~:` "null", `true:` "true".
        if (plain && !top.key_is_merge) {
            const json typed = typed_scalar(top.key, true);
            if (typed.is_number() || typed.is_boolean() || typed.is_null()) top.key = js_string(typed);
        }
        top.key_pos = to_pos(mark, offset_base_);
        top.expecting_key = false;
        if (anchor != YAML::NullAnchor) remember_anchor(anchor, typed_scalar(top.key, plain), where, true, &value);
        return;
    }
    if (!admit(where, mark, 1, where.pointer.size())) {
        if (!over_budget_) deliver(nullptr, where, false, nullptr, to_pos(mark, offset_base_));
        return;
    }
    json typed = typed_scalar(valid_utf8(value), plain);
    if (plain && typed.is_number() && where.indexed && drops_leading_zero(value))
        doc_.diags.push_back(make_warning("WD1010", "`" + value + "` is read as the number " + typed.dump() +
                                                        ": the framework's YAML reader drops the leading zero (quote it to keep it)",
                                          file_, to_pos(mark, offset_base_).line, to_pos(mark, offset_base_).column,
                                          json{{"text", value}, {"number", typed}}));
    finish(std::move(typed), where, to_pos(mark, offset_base_), tag, anchor, true, &value);
}

void json_builder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (ignoring()) return;
    slot where = next_slot();
    const auto pos = to_pos(mark, offset_base_);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
        // yaml-cpp has already refused unknown names, so this alias sits inside the very collection it
        // names (`&a [*a]`): its expansion would never end.
        if (where.indexed)
            doc_.diags.push_back(make_error("WD1004", "an alias refers to the collection that contains it, which would nest without end",
                                            file_, pos.line, pos.column));
        deliver(nullptr, where, false, nullptr, pos);
        return;
    }
    const anchored& a = it->second;
    if (where.is_key) {
        deliver(nullptr, where, a.is_scalar, a.is_scalar ? &a.scalar_text : nullptr, pos);
        return;
    }
    const std::size_t nodes = a.spans.empty() ? 1 : a.spans.size();
    if (!admit(where, mark, nodes, nodes * where.pointer.size() + a.pointer_bytes)) {
        if (!over_budget_) deliver(nullptr, where, false, nullptr, pos);
        return;
    }
    if (where.indexed) {
        for (const auto& [relative, span] : a.spans) doc_.spans[where.pointer + relative] = span;
        doc_.alias_positions[where.pointer] = pos;
        doc_.borrowed.insert(where.pointer);
    }
    deliver(a.value, where, a.is_scalar, a.is_scalar ? &a.scalar_text : nullptr, pos);
}

void json_builder::start_collection(bool is_map, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (over_budget_) return;
    if (skip_depth_ > 0) {
        ++skip_depth_;
        return;
    }
    slot where = next_slot();
    if (!admit(where, mark, 1, where.pointer.size())) {
        if (over_budget_) return;
        // Too deep: the collection becomes null once its events have gone by.
        skip_depth_ = 1;
        skipped_slot_ = where;
        skipped_pos_ = to_pos(mark, offset_base_);
        return;
    }
    frame f;
    f.is_map = is_map;
    f.value = is_map ? json::object() : json::array();
    f.where = std::move(where);
    f.pos = to_pos(mark, offset_base_);
    f.tag = tag;
    f.anchor = anchor;
    if (f.where.indexed) doc_.spans[f.where.pointer].value = f.pos;
    stack_.push_back(std::move(f));
}

void json_builder::OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                                   YAML::EmitterStyle::value) {
    start_collection(false, mark, tag, anchor);
}

void json_builder::OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                              YAML::EmitterStyle::value) {
    start_collection(true, mark, tag, anchor);
}

// The spans read at `from` (a value below `<<`) and below it, now at `to`, where the merged key puts the value.
void json_builder::move_spans(const std::string& from, const std::string& to) {
    std::vector<std::pair<std::string, node_span>> moved;
    for (auto it = doc_.spans.lower_bound(from); it != doc_.spans.end() && it->first.compare(0, from.size(), from) == 0;) {
        if (it->first.size() > from.size() && it->first[from.size()] != '/') {
            ++it;
            continue;
        }
        moved.emplace_back(to + it->first.substr(from.size()), it->second);
        it = doc_.spans.erase(it);
    }
    for (auto& [pointer, span] : moved) doc_.spans[pointer] = span;
    doc_.borrowed.insert(to);
}

void json_builder::end_collection() {
    if (over_budget_) return;
    if (skip_depth_ > 0) {
        if (--skip_depth_ == 0) deliver(nullptr, skipped_slot_, false, nullptr, skipped_pos_);
        return;
    }
    frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.is_map) {
        auto& entries =
            static_cast<std::vector<std::pair<const std::string, json>>&>(f.value.get_ref<json::object_t&>());
        for (auto& m : f.merged) {
            if (f.index.find(m.key) != f.index.end()) continue;
            if (f.where.indexed) move_spans(m.from, f.where.pointer + "/" + escape_pointer_token(m.key));
            entries.emplace_back(std::move(m.key), std::move(m.value));
        }
        // A JavaScript object lists its array-index keys first, then the others as inserted: the framework's
        // `Object.keys` of functions or tags does so.
        js_key_order(f.value);
    }
    finish(std::move(f.value), f.where, f.pos, f.tag, f.anchor, false, nullptr);
}

}  // namespace wd::yaml
