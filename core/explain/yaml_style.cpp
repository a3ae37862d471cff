// SPDX-License-Identifier: MIT
#include "explain/yaml_style.hpp"

#include <cctype>
#include <cstdint>
#include <map>

namespace wd::explain {

yaml_style detect_style(const text_lines& lines) {
    yaml_style s;
    std::map<int, int> indent_votes;
    int seq_in = 0, seq_flat = 0, single = 0, dbl = 0, statement_single = 0, statement_dbl = 0, long_tags = 0, short_tags = 0, quoted_values = 0, plain_values = 0,
        quoted_keywords = 0, plain_keywords = 0, flow_padded = 0, flow_tight = 0;
    const int n = static_cast<int>(lines.text.size());
    for (int i = 0; i < n; ++i) {
        const std::string& l = lines.text[i];
        if (is_blank_or_comment(l)) continue;
        int ind = indent_of(l);
        std::size_t colon = l.find(':', ind);
        // a key line without value opens a block: look at its first child
        bool opens = colon != std::string::npos && l.find_first_not_of(' ', colon + 1) == std::string::npos;
        if (opens) {
            int j = i + 1;
            while (j < n && is_blank_or_comment(lines.text[j])) ++j;
            if (j < n) {
                int cind = indent_of(lines.text[j]);
                bool dash = lines.text[j].compare(cind, 2, "- ") == 0 || lines.text[j].substr(cind) == "-";
                if (dash) {
                    (cind > ind ? seq_in : seq_flat)++;
                    if (cind > ind) indent_votes[cind - ind]++;
                } else if (cind > ind) {
                    indent_votes[cind - ind]++;
                }
            }
        }
        for (std::size_t p = ind; p + 1 < l.size(); ++p) {
            if ((l[p] == ':' || l[p] == '-') && l[p + 1] == ' ' && p + 2 < l.size()) {
                std::size_t v = p + 2;
                if (l[v] == '!') {  // a tagged scalar: look past the tag
                    std::size_t sp = l.find(' ', v);
                    v = sp == std::string::npos ? l.size() : sp + 1;
                }
                if (v < l.size() && l[v] == '\'') single++;
                if (v < l.size() && l[v] == '"') dbl++;
            }
        }
        {  // statement values: quoted or plain? Keywords (Effect, Sid) and actions/ARNs apart, since some
           // files quote only the values with a colon (`Effect: Allow` beside `Action: 'sqs:*'`).
            const std::size_t at = static_cast<std::size_t>(ind);
            std::size_t k = at;
            if (l.compare(k, 2, "- ") == 0) k = l.find_first_not_of(' ', k + 2);
            static constexpr const char* keyword_keys[] = {"Effect:", "Sid:"};
            static constexpr const char* value_keys[] = {"Action:", "NotAction:", "Resource:", "NotResource:"};
            std::size_t v = std::string::npos;
            bool keyword = false;
            for (const char* key : keyword_keys)
                if (k != std::string::npos && l.compare(k, std::char_traits<char>::length(key), key) == 0) {
                    v = l.find_first_not_of(' ', k + std::char_traits<char>::length(key));
                    keyword = true;
                }
            for (const char* key : value_keys)
                if (k != std::string::npos && l.compare(k, std::char_traits<char>::length(key), key) == 0)
                    v = l.find_first_not_of(' ', k + std::char_traits<char>::length(key));
            if (v == std::string::npos && k != std::string::npos && k != at) {  // "- s3:GetObject" list items
                const std::size_t colon_at = l.find(':', k), space_at = l.find(' ', k);
                if (colon_at != std::string::npos && colon_at > k && (space_at == std::string::npos || space_at > colon_at + 1))
                    v = k;
            }
            // A value that starts with `*` is quoted because YAML needs it (an alias), not by habit.
            const bool needs_quotes = v != std::string::npos && v + 1 < l.size() && (l[v] == '\'' || l[v] == '"') &&
                                      l[v + 1] == '*';
            // Which quote the statements use (`Resource: "*"`) says more about the patch's quote than the
            // rest of the file (`frameworkVersion: '3'`).
            if (v != std::string::npos && v < l.size()) {
                if (l[v] == '"') ++statement_dbl;
                else if (l[v] == '\'') ++statement_single;
            }
            if (v != std::string::npos && v < l.size() && l[v] != '[' && l[v] != '{' && l[v] != '!' && l[v] != '#' &&
                l[v] != '*' && !needs_quotes) {
                const bool quoted = l[v] == '"' || l[v] == '\'';
                if (keyword) ++(quoted ? quoted_keywords : plain_keywords);
                else ++(quoted ? quoted_values : plain_values);
            }
        }
        {  // flow collections: padded inside their brackets or not; the items of a flow Action list quoted or not
            for (std::size_t i = 0; i < l.size(); ++i) {
                const char c = l[i];
                if (c == '\'' || c == '"') {
                    const std::size_t close = l.find(c, i + 1);
                    if (close == std::string::npos) break;
                    i = close;
                    continue;
                }
                if (c == '#' && (i == 0 || l[i - 1] == ' ' || l[i - 1] == '\t')) break;
                if ((c == '[' || c == '{') && i + 1 < l.size() && l[i + 1] != ']' && l[i + 1] != '}' &&
                    (i == 0 || l[i - 1] == ' ' || l[i - 1] == '[' || l[i - 1] == '{' || l[i - 1] == ','))
                    ++(l[i + 1] == ' ' ? flow_padded : flow_tight);
            }
            // `{ Effect: Allow, ... }`: the keyword's quoting inside a flow mapping (block lines are counted above).
            for (const char* open : {"{ Effect:", "{Effect:"})
                if (const std::size_t at = l.find(open); at != std::string::npos) {
                    const std::size_t v = l.find_first_not_of(' ', at + std::char_traits<char>::length(open));
                    if (v != std::string::npos) ++(l[v] == '\'' || l[v] == '"' ? quoted_keywords : plain_keywords);
                }
            for (const char* key : {"Action:", "NotAction:"})
                for (std::size_t at = l.find(key); at != std::string::npos; at = l.find(key, at + 1)) {
                    std::size_t v = l.find_first_not_of(' ', at + std::char_traits<char>::length(key));
                    if (v == std::string::npos || l[v] != '[') continue;
                    v = l.find_first_not_of(' ', v + 1);
                    if (v == std::string::npos || l[v] == ']') continue;
                    ++(l[v] == '\'' || l[v] == '"' ? quoted_values : plain_values);
                }
        }
        if (l.find("!GetAtt") != std::string::npos || l.find("!Sub") != std::string::npos ||
            l.find("!Ref") != std::string::npos)
            short_tags++;
        if (l.find("Fn::GetAtt") != std::string::npos || l.find("Fn::Sub") != std::string::npos ||
            l.find("Ref:") != std::string::npos)
            long_tags++;
    }
    int best = 0;
    for (const auto& [w, votes] : indent_votes)
        if (votes > best && w >= 2 && w <= 8) {
            best = votes;
            s.indent = w;
        }
    s.seq_indented = seq_in >= seq_flat;
    s.quote = statement_dbl != statement_single ? (statement_dbl > statement_single ? '"' : '\'') : dbl > single ? '"' : '\'';
    s.short_tags = short_tags >= long_tags;
    s.flow_padding = flow_padded > flow_tight;
    // Each habit falls back on the other where the file shows only one kind.
    s.quote_values = quoted_values + plain_values > 0 ? quoted_values > plain_values : quoted_keywords > plain_keywords;
    s.quote_keywords = quoted_keywords + plain_keywords > 0 ? quoted_keywords > plain_keywords : quoted_values > plain_values;
    return s;
}

namespace {

// Code point of the UTF-8 sequence at `i` (advancing `i`), or of the single byte when malformed.
std::uint32_t next_code_point(const std::string& v, std::size_t& i) {
    auto b = static_cast<unsigned char>(v[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + len > v.size()) len = 1;
    std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(v[i + k]) & 0x3F);
    i += len;
    return cp;
}

// Characters a reader cannot see or that reorder what they see (control characters, zero-width
// characters, bidi embeddings/overrides/isolates, BOM): a patch written into the user's file spells them
// as escapes, so "Apply" never plants an invisible character (Trojan Source) in a config.
bool is_hidden(std::uint32_t cp) {
    return (cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

std::string escaped_double_quoted(const std::string& v) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out = "\"";
    for (std::size_t i = 0; i < v.size();) {
        std::size_t start = i;
        std::uint32_t cp = next_code_point(v, i);
        if (cp == '"' || cp == '\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (is_hidden(cp)) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
        } else {
            out.append(v, start, i - start);
        }
    }
    return out + "\"";
}

}  // namespace

std::string yaml_scalar(const std::string& v, char quote, bool force_quote, bool flow) {
    for (std::size_t i = 0; i < v.size();)
        if (is_hidden(next_code_point(v, i))) return escaped_double_quoted(v);
    bool plain = !v.empty() && !force_quote;
    if (plain) {
        const std::string first_bad = "*&!|>'\"%@`#{}[],?:-<=";
        if (first_bad.find(v[0]) != std::string::npos && !(v[0] == '-' && v.size() > 1 && v[1] != ' ') &&
            !(v[0] == ':' && v.size() > 1 && v[1] != ' '))
            plain = false;
        if (v.front() == ' ' || v.back() == ' ' || v.back() == ':') plain = false;
        if (flow && v.find_first_of(",[]{}") != std::string::npos) plain = false;
        if (v.find(": ") != std::string::npos || v.find(" #") != std::string::npos) plain = false;
        for (char c : v)
            if (c == '\n' || c == '\t' || c == '\r') plain = false;
        static const char* const words[] = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"};
        std::string lower;
        for (char c : v) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (const char* w : words)
            if (lower == w) plain = false;
        bool numeric = true;
        for (char c : v)
            if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+' && c != 'e')
                numeric = false;
        if (numeric) plain = false;
    }
    if (plain) return v;
    if (quote == '"') {
        std::string out = "\"";
        for (char c : v) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        return out + "\"";
    }
    std::string out = "'";
    for (char c : v) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string yaml_inline(const json& v, const yaml_style& style, bool flow, bool keyword) {
    if (v.is_string()) return yaml_scalar(v.get<std::string>(), style.quote, keyword ? style.quote_keywords : style.quote_values, flow);
    if (v.is_object() && v.size() == 1) {
        const std::string& k = v.begin().key();
        const json& a = v.begin().value();
        if (k == "Fn::GetAtt" && a.is_array() && a.size() == 2 && a[0].is_string() && a[1].is_string()) {
            std::string dotted = a[0].get<std::string>() + "." + a[1].get<std::string>();
            return style.short_tags ? "!GetAtt " + dotted : "{Fn::GetAtt: [" + a[0].get<std::string>() + ", " +
                                                               a[1].get<std::string>() + "]}";
        }
        if (k == "Fn::Sub" && a.is_string())
            return style.short_tags ? "!Sub " + yaml_scalar(a.get<std::string>(), style.quote, true)
                                    : "{Fn::Sub: " + yaml_scalar(a.get<std::string>(), style.quote, true) + "}";
        if (k == "Ref" && a.is_string())
            return style.short_tags ? "!Ref " + a.get<std::string>() : "{Ref: " + a.get<std::string>() + "}";
    }
    return {};
}

}  // namespace wd::explain
