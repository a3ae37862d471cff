// SPDX-License-Identifier: MIT
#include "iam/managed_policy_index.hpp"

#include <stdexcept>

namespace wd::iam {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view t, std::size_t i) {
    while (i < t.size() && is_space(t[i])) ++i;
    return i;
}

// `i` is at an opening quote; returns the index just past the closing quote.
std::size_t skip_string(std::string_view t, std::size_t i) {
    for (++i; i < t.size(); ++i) {
        if (t[i] == '\\') ++i;
        else if (t[i] == '"') return i + 1;
    }
    throw std::runtime_error("unterminated string");
}

// `i` is at `{`; returns the index just past the matching `}`. Strings are skipped whole, so brackets
// inside them do not count; a bracket closed by the wrong kind is an error.
std::size_t skip_object(std::string_view t, std::size_t i) {
    std::string open;  // the unclosed brackets, innermost last
    while (i < t.size()) {
        char c = t[i];
        if (c == '"') { i = skip_string(t, i); continue; }
        if (c == '{' || c == '[') open += c;
        else if (c == '}' || c == ']') {
            if (open.empty() || open.back() != (c == '}' ? '{' : '[')) throw std::runtime_error("unbalanced brackets");
            open.pop_back();
            if (open.empty()) return i + 1;
        }
        ++i;
    }
    throw std::runtime_error("unterminated object");
}

}  // namespace

void managed_policy_index::load(std::string_view text) {
    std::unordered_map<std::string, span> spans;
    std::size_t i = skip_space(text, 0);
    if (i >= text.size() || text[i] != '{') throw std::runtime_error("expected an object of policy documents");
    i = skip_space(text, i + 1);
    if (i < text.size() && text[i] == '}') {
        i = i + 1;
    } else {
        while (true) {
            if (i >= text.size() || text[i] != '"') throw std::runtime_error("expected a policy ARN");
            std::size_t key_end = skip_string(text, i);
            // Keys may hold escapes in principle: let the JSON parser decode them.
            std::string key = json::parse(text.substr(i, key_end - i)).get<std::string>();
            i = skip_space(text, key_end);
            if (i >= text.size() || text[i] != ':') throw std::runtime_error("expected `:` after a policy ARN");
            i = skip_space(text, i + 1);
            if (i >= text.size() || text[i] != '{') throw std::runtime_error("a policy document is not an object");
            std::size_t value_end = skip_object(text, i);
            spans[std::move(key)] = span{i, value_end};
            i = skip_space(text, value_end);
            if (i < text.size() && text[i] == ',') { i = skip_space(text, i + 1); continue; }
            if (i < text.size() && text[i] == '}') { ++i; break; }
            throw std::runtime_error("expected `,` or `}` between policy documents");
        }
    }
    if (skip_space(text, i) != text.size()) throw std::runtime_error("text after the policy documents");
    text_.assign(text.data(), text.size());
    spans_ = std::move(spans);
    parsed_.clear();
}

const json* managed_policy_index::find(std::string_view arn) const {
    std::string key(arn);
    if (auto p = parsed_.find(key); p != parsed_.end()) return p->second.get();
    auto s = spans_.find(key);
    if (s == spans_.end()) return nullptr;
    std::unique_ptr<json> doc;
    try {
        doc = std::make_unique<json>(json::parse(text_.begin() + static_cast<std::ptrdiff_t>(s->second.begin),
                                                 text_.begin() + static_cast<std::ptrdiff_t>(s->second.end)));
    } catch (const std::exception&) {
        doc.reset();
    }
    return parsed_.emplace(std::move(key), std::move(doc)).first->second.get();
}

}  // namespace wd::iam
