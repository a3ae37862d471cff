// SPDX-License-Identifier: MIT
// Builds our JSON value and its source-position table straight from yaml-cpp's parse events, instead
// of going through YAML::LoadAll and YAML::Node:
//   - LoadAll loops forever when a document consumes no token (a stray `,` after a root value or an
//     indented scalar: `'a';\n,b`, `x: "\n",`); the caller drives the parser one document at a time and
//     stops on the first document that makes no progress (see document.cpp);
//   - no intermediate node graph, which was about half of the loading time.
// Semantics are the ones the framework's js-yaml gives: aliases are expanded into copies (with a budget
// against "billion laughs"), `<<` merge keys fill in keys the mapping does not set itself, the last of
// duplicated keys wins in the first one's place, CloudFormation short tags become their long form.
#pragma once
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "yaml/document.hpp"

namespace wd::yaml {

// yaml-cpp skips a leading UTF-8 byte-order mark without counting it, so its offsets are `base` bytes
// short of ours; lines and columns are as an editor shows them.
source_pos to_pos(const YAML::Mark& m, std::size_t base = 0);
// 3 when the text starts with a UTF-8 byte-order mark, else 0.
std::size_t byte_order_mark_size(std::string_view text);

// Receives the events of exactly one document and fills `doc.root` and `doc.spans`.
class json_builder final : public YAML::EventHandler {
public:
    json_builder(document& doc, std::string_view file, std::size_t value_budget, std::size_t offset_base);

    void OnDocumentStart(const YAML::Mark& mark) override;
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override;
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override;
    void OnSequenceEnd() override { end_collection(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override;
    void OnMapEnd() override { end_collection(); }

    // The text was given with flow_scalars.hpp's stand-in for `?`: every scalar gets its `?` back.
    void restore_question_marks(bool on) { restore_question_marks_ = on; }
    bool over_budget() const { return over_budget_; }
    bool has_root() const { return has_root_; }
    long document_start() const { return document_start_; }  // byte offset of the document's first token
    // The text the marks point into, so a quoted scalar can be checked for its closing quote (yaml-cpp takes an
    // unclosed `"` or `'` at the end of the file as closed there; js-yaml, the framework's reader, refuses it).
    void check_quotes_in(std::string_view text) { source_ = text; }
    // Where the first quoted scalar without its closing quote starts (line 0: none).
    const source_pos& unclosed_quote() const { return unclosed_quote_; }

private:
    // Where the next node goes.
    struct slot {
        std::string pointer;
        int depth = 0;
        bool is_key = false;   // the key of a mapping entry
        bool indexed = true;   // false inside a refused (non-scalar) key: built, but no spans, no budget
    };
    // A mapping or sequence under construction.
    struct frame {
        bool is_map = false;
        json value;
        slot where;
        source_pos pos;
        std::string tag;
        YAML::anchor_t anchor = 0;
        std::size_t next_item = 0;  // sequences
        // mappings: the pending key, then its value
        bool expecting_key = true;
        bool key_ok = false;
        bool key_is_merge = false;
        std::string key;
        source_pos key_pos;
        std::unordered_map<std::string, std::size_t> index;  // key -> position in the ordered object
        // Keys from `<<`; explicit keys win. `from` is where the value was read (below `.../<<`), so its spans
        // can follow it to the key it lands on: a fix or a provenance line then points at the text that wrote it.
        struct merged_entry {
            std::string key;
            json value;
            std::string from;
        };
        std::vector<merged_entry> merged;
        std::unordered_set<std::string> merged_keys;
    };
    // A finished anchored node, for its aliases: the value and the spans below it, relative to it.
    struct anchored {
        json value;
        bool is_scalar = false;
        std::string scalar_text;  // for an alias used as a mapping key
        std::vector<std::pair<std::string, node_span>> spans;
        std::size_t pointer_bytes = 0;  // sum of the relative pointers' lengths
    };

    slot next_slot() const;
    bool ignoring() const { return over_budget_ || skip_depth_ > 0; }
    // Budget and depth checks for a node about to be created; false: the node becomes null (and a
    // collection's events are skipped).
    bool admit(const slot& where, const YAML::Mark& mark, std::size_t values, std::size_t pointer_bytes);
    void finish(json value, const slot& where, const source_pos& pos, const std::string& tag,
                YAML::anchor_t anchor, bool is_scalar, const std::string* scalar_text);
    void deliver(json value, const slot& where, bool is_scalar, const std::string* scalar_text,
                 const source_pos& pos);
    void start_collection(bool is_map, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor);
    void end_collection();
    void move_spans(const std::string& from, const std::string& to);
    void remember_anchor(YAML::anchor_t anchor, const json& value, const slot& where, bool is_scalar,
                         const std::string* scalar_text);
    void refuse_key(const source_pos& pos);
    void fail_budget(const char* code, std::string message, const YAML::Mark& mark, json detail);

    document& doc_;
    std::string file_;
    std::size_t budget_;
    std::size_t offset_base_;
    std::size_t values_ = 0;
    std::size_t pointer_bytes_ = 0;
    bool over_budget_ = false;
    bool restore_question_marks_ = false;
    bool depth_reported_ = false;
    int skip_depth_ = 0;  // > 0: inside a collection that is too deep; its events are dropped
    slot skipped_slot_;   // where that collection goes (as null)
    source_pos skipped_pos_;
    bool has_root_ = false;
    long document_start_ = -1;
    std::string_view source_;
    source_pos unclosed_quote_;
    void check_closed(const YAML::Mark& mark, const std::string& tag);
    std::vector<frame> stack_;
    std::unordered_map<YAML::anchor_t, anchored> anchors_;
};

}  // namespace wd::yaml
