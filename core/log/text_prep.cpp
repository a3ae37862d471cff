// SPDX-License-Identifier: MIT
#include <algorithm>

#include "common/utf8.hpp"
#include "log/flat_text.hpp"
#include "log/scan_util.hpp"

namespace wd::log::detail {

int flat_text::line_at(std::size_t pos) const {
    auto it = std::upper_bound(line_pos.begin(), line_pos.end(), pos);
    if (it == line_pos.begin()) return 1;
    return line_no[static_cast<std::size_t>(it - line_pos.begin()) - 1];
}

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_val(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

bool is_hex4(std::string_view in, std::size_t at) {
    return at + 4 <= in.size() && is_hex(in[at]) && is_hex(in[at + 1]) && is_hex(in[at + 2]) && is_hex(in[at + 3]);
}
unsigned hex4(std::string_view in, std::size_t at) {
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = v * 16 + static_cast<unsigned>(hex_val(in[at + k]));
    return v;
}

// Bytes pass 1 rewrites: ANSI escapes, line breaks, tabs, backslash escapes, HTML entities, the lead bytes of
// box drawing, no-break and ideographic spaces, NUL. Everything else is copied as it is.
bool needs_decoding(char c) {
    switch (static_cast<unsigned char>(c)) {
        case 0x1b: case '\r': case '\n': case '\t': case '\v': case '\f': case '\\': case '&':
        case 0xE2: case 0xC2: case 0xE3: case 0: return true;
        default: return false;
    }
}

struct decoded {
    std::string text;
    std::vector<std::size_t> line_pos;  // offsets in `text` where original lines start
};

// Pass 1: byte-level clean-up. Literal "\n" escapes (JSON strings, Python reprs) become line breaks in the text
// but do not start a new original line, so reported line numbers stay those of the paste.
decoded decode(std::string_view in) {
    decoded d;
    d.text.reserve(in.size());
    d.line_pos.push_back(0);
    std::string& out = d.text;
    const std::size_t n = in.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (!needs_decoding(in[i])) {  // most of a log: copy the run in one append, not one per character
            std::size_t j = i + 1;
            while (j < n && !needs_decoding(in[j])) ++j;
            out.append(in.data() + i, j - i);
            i = j - 1;
            continue;
        }
        const char c = in[i];
        const auto uc = static_cast<unsigned char>(c);
        if (c == '\x1b') {  // ANSI: CSI "ESC [ params final", OSC "ESC ] ... BEL|ESC \", or a two-byte escape
            if (i + 1 < n && in[i + 1] == '[') {
                std::size_t j = i + 2;
                while (j < n && !(in[j] >= 0x40 && in[j] <= 0x7E)) ++j;
                i = j;
            } else if (i + 1 < n && in[i + 1] == ']') {
                std::size_t j = i + 2;
                while (j < n && in[j] != '\a' && !(in[j] == '\x1b' && j + 1 < n && in[j + 1] == '\\')) ++j;
                i = (j < n && in[j] == '\x1b') ? j + 1 : j;
            } else {
                ++i;
            }
            continue;
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && in[i + 1] == '\n') ++i;
            out += '\n';
            d.line_pos.push_back(out.size());
            continue;
        }
        if (c == '\t' || c == '\v' || c == '\f') {
            out += ' ';
            continue;
        }
        if (c == '\\') {  // a run of backslashes escapes one character, however many JSON layers it went through
            std::size_t j = i;
            while (j < n && in[j] == '\\') ++j;
            if (j >= n) {
                out.append(in.substr(i, j - i));
                i = j - 1;
                continue;
            }
            const char e = in[j];
            // A shell line continuation ("...Ingress\" then " operation: ..." on the next line, as commands and
            // their output are quoted in blogs): the backslash only says the line goes on, so it is dropped and
            // the line break stays (a blank between the halves, the original line numbers).
            if (e == '\n' || e == '\r') {
                i = j - 1;
                continue;
            }
            if (e == 'n' || e == 'r') {
                out += '\n';
                i = j;
            } else if (e == 't') {
                out += ' ';
                i = j;
            } else if (e == '"' || e == '\'' || e == '/' || e == '*' || e == '_' || e == '`') {
                out += e;
                i = j;
            } else if (e == 'u' && j + 4 < n && is_hex4(in, j + 1)) {
                unsigned cp = hex4(in, j + 1);
                i = j + 4;
                // A JSON-escaped character outside the BMP is a surrogate pair ("\ud83d\ude00"); a lone
                // surrogate has no UTF-8 form, so it becomes U+FFFD (the text must stay valid UTF-8).
                if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && in[i + 1] == '\\' && in[i + 2] == 'u' &&
                    is_hex4(in, i + 3) && hex4(in, i + 3) >= 0xDC00 && hex4(in, i + 3) <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(in, i + 3) - 0xDC00);
                    i += 6;
                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                if (cp < 0x20) cp = ' ';
                append_utf8(out, cp);
            } else {
                out.append(in.substr(i, j - i));
                i = j - 1;
            }
            continue;
        }
        if (c == '&') {  // the few HTML entities that appear in pasted pages
            static const struct { const char* name; char ch; } entities[] = {
                {"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&#39;", '\''}, {"&apos;", '\''},
                {"&nbsp;", ' '}, {"&#34;", '"'}};
            bool done = false;
            for (const auto& e : entities) {
                const std::string_view name(e.name);
                if (in.substr(i, name.size()) == name) {
                    out += e.ch;
                    i += name.size() - 1;
                    done = true;
                    break;
                }
            }
            if (!done) out += c;
            continue;
        }
        if (uc == 0xE2 && i + 2 < n && (static_cast<unsigned char>(in[i + 1]) == 0x94 ||
                                         static_cast<unsigned char>(in[i + 1]) == 0x95)) {
            out += ' ';  // box drawing U+2500..U+257F (Terraform's gutter and frames)
            i += 2;
            continue;
        }
        if (uc == 0xC2 && i + 1 < n && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
            out += ' ';  // no-break space
            ++i;
            continue;
        }
        if (uc == 0xE3 && i + 2 < n && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
            static_cast<unsigned char>(in[i + 2]) == 0x80) {
            out += ' ';  // ideographic space
            i += 2;
            continue;
        }
        if (c == '\0') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return d;
}

bool is_space(char c) { return c == ' ' || c == '\n'; }

// Pass 2: lines cut at a fixed column (a terminal or a mail client hard-wrapping at 80/120 columns) split words
// and tokens anywhere. A run of at least three consecutive lines of the same length (>= 60) with no trailing
// blank is such a wrap; the breaks after them are joined without inventing a space.
// Where each line of `t` starts: computed once, read by every layout pass below.
std::vector<std::size_t> line_starts(const std::string& t) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = t.find('\n'); i != std::string::npos; i = t.find('\n', i + 1)) starts.push_back(i + 1);
    return starts;
}

std::vector<bool> hard_wrapped_breaks(const std::string& t, const std::vector<std::size_t>& starts) {
    const std::size_t lines = starts.size();
    std::vector<bool> join(t.size(), false);
    auto len = [&](std::size_t k) {
        const std::size_t end = k + 1 < lines ? starts[k + 1] - 1 : t.size();
        return end - starts[k];
    };
    // A fixed-width table cell (`copilot` progress, CI consoles): lines padded with blanks to a width of 60 or
    // more, the text wrapped at one column and indented on its continuation lines. A break after a line
    // filled to that column, or before a token's `-` (the wrapper breaks there), joins with the padding and
    // the next line's indentation, without a space.
    {
        auto indent = [&](std::size_t m) {
            std::size_t c = starts[m];
            while (c < t.size() && t[c] == ' ') ++c;
            return c - starts[m];
        };
        auto edge = [&](std::size_t m) {
            std::size_t e = starts[m] + len(m);
            while (e > starts[m] && t[e - 1] == ' ') --e;
            return e - starts[m];
        };
        auto padded = [&](std::size_t m) { return len(m) >= 60 && t[starts[m] + len(m) - 1] == ' ' && edge(m) > indent(m); };
        for (std::size_t k = 0; k + 2 < lines;) {
            if (!padded(k) || !padded(k + 1) || indent(k + 1) == 0) {
                ++k;
                continue;
            }
            std::size_t j = k + 2;
            while (j < lines && padded(j) && indent(j) == indent(k + 1)) ++j;
            if (j - k >= 3) {
                std::size_t full = 0;
                for (std::size_t m = k; m < j; ++m) full = std::max(full, edge(m));
                for (std::size_t m = k; m + 1 < j; ++m) {
                    const std::size_t next = starts[m + 1] + indent(m + 1);
                    const bool filled = edge(m) == full;
                    const bool token_dash = next + 1 < t.size() && t[next] == '-' && t[next + 1] != ' ' &&
                                            is_alnum(t[starts[m] + edge(m) - 1]);
                    if (!filled && !token_dash) continue;
                    for (std::size_t c = starts[m] + edge(m); c < next; ++c) join[c] = true;
                }
            }
            k = j;
        }
    }
    std::size_t k = 0;
    while (k < lines) {
        const std::size_t l = len(k);
        std::size_t j = k + 1;
        while (j < lines && len(j) == l) ++j;
        const std::size_t run = j - k;
        if (l >= 60 && run >= 3 && j < lines) {
            bool same_prefix = true;  // machine log lines of equal length share a timestamp prefix
            for (std::size_t m = k + 1; m < j && same_prefix; ++m)
                same_prefix = t.compare(starts[m], 4, t, starts[k], 4) == 0;
            if (!same_prefix) {
                for (std::size_t m = k; m < j; ++m) {
                    const std::size_t brk = starts[m] + l;  // the '\n'
                    if (brk < t.size() && l > 0 && t[brk - 1] != ' ' && brk + 1 < t.size() && t[brk + 1] != ' ' &&
                        t[brk + 1] != '\n')
                        join[brk] = true;
                }
            }
        }
        k = j;
    }
    return join;
}

// Pass 2a: a message wrapped at a fixed column under an indented first line (a tool's list item "  - [id]: ..."
// with the rest of the message at a constant margin, every line filled to the same width). The margin is layout,
// not text: its blanks are marked joined, so a continuation line reads as if it started at column 0 and pass 2b
// finds the words the wrap split ("authorize|d") as in an unindented paste. A continuation that starts one blank
// further in was cut right before a blank of the text, which stays. Only the margin is dropped: the line break
// still gives one separating blank, so a word-wrapped paragraph mistaken for such a block reads as before.
void drop_wrap_margins(const std::string& t, const std::vector<std::size_t>& starts, std::vector<bool>& join) {
    const std::size_t lines = starts.size();
    auto len = [&](std::size_t k) { return (k + 1 < lines ? starts[k + 1] - 1 : t.size()) - starts[k]; };
    auto indent = [&](std::size_t k) {
        std::size_t c = starts[k];
        while (c < t.size() && t[c] == ' ') ++c;
        return c - starts[k];
    };
    constexpr std::size_t min_width = 60, slack = 2;  // a redaction typed over a value may lengthen a line a little
    for (std::size_t k = 0; k + 2 < lines;) {
        const std::size_t m1 = indent(k + 1), m2 = indent(k + 2);
        const std::size_t margin = std::min(m1, m2);
        if (margin == 0 || std::max(m1, m2) > margin + 1 || len(k) < min_width) {
            ++k;
            continue;
        }
        auto continues = [&](std::size_t m) {
            return m < lines && len(m) > indent(m) && (indent(m) == margin || indent(m) == margin + 1);
        };
        // Lines k .. full-1 fill one width; one more line with the margin may end the paragraph short of it.
        std::size_t widest = len(k), narrowest = len(k), full = k + 1;
        while (continues(full) && len(full) >= min_width && std::max(widest, len(full)) - std::min(narrowest, len(full)) <= slack) {
            widest = std::max(widest, len(full));
            narrowest = std::min(narrowest, len(full));
            ++full;
        }
        if (full - k < 3) {
            ++k;
            continue;
        }
        const std::size_t end = continues(full) && len(full) < narrowest ? full + 1 : full;
        for (std::size_t m = k + 1; m < end; ++m)
            for (std::size_t c = starts[m]; c < starts[m] + margin; ++c) join[c] = true;
        k = end;
    }
}

// Pass 2c: a fixed-width table whose last column wraps inside its cell (SAM's stack-event table: the status
// reason 22 characters a line under a 75-blank margin; VS Code's output channel leads some lines with ','). A row
// whose last cell starts at column C after a gap of two or more blanks, followed by two or more lines that are blank
// up to C but for a one-character gutter at column 0 and have text at C, holds one cell read top to bottom. The
// margins and gutters are layout: marked joined (prepare_text drops joined characters, blanks or not). A line
// filled to the cell's width was cut inside a token (the wrapper breaks a long ARN at the width) and joins the next
// without a blank; a shorter one ended at a blank, and its line break stays one. The width counts only when two
// lines reach it: a cell of ragged prose whose one longest line ends a word keeps its blanks.
void rebuild_last_column(const std::string& t, const std::vector<std::size_t>& starts, std::vector<bool>& join) {
    const std::size_t lines = starts.size();
    auto len = [&](std::size_t k) { return (k + 1 < lines ? starts[k + 1] - 1 : t.size()) - starts[k]; };
    auto gutter = [](char c) { return c != ' ' && !is_alnum(c) && static_cast<unsigned char>(c) < 0x80; };
    // Where the text of line k starts when it is a continuation (blanks, a gutter at 0 allowed), else npos.
    auto column = [&](std::size_t k) {
        const std::size_t s = starts[k], n = len(k);
        std::size_t c = n > 1 && gutter(t[s]) && t[s + 1] == ' ' ? 1 : 0;
        while (c < n && t[s + c] == ' ') ++c;
        return c < n && c > 1 ? c : std::string::npos;
    };
    // The trimmed end (a column) of line k.
    auto edge = [&](std::size_t k) {
        std::size_t e = len(k);
        while (e > 0 && t[starts[k] + e - 1] == ' ') --e;
        return e;
    };
    constexpr std::size_t min_column = 16;  // a last column, not an indented paragraph or a list item's text
    for (std::size_t k = 0; k + 2 < lines;) {
        const std::size_t col = column(k + 1);
        const std::size_t row = starts[k];
        bool ok = col != std::string::npos && col >= min_column && len(k) > col && t[row + col] != ' ' &&
                  t[row + col - 1] == ' ' && t[row + col - 2] == ' ';
        if (ok) {  // other cells before the last one
            std::size_t c = gutter(t[row]) ? 1 : 0;
            while (c < col && t[row + c] == ' ') ++c;
            ok = c + 2 < col;
        }
        std::size_t j = k + 1;
        while (ok && j < lines && column(j) == col) ++j;
        if (!ok || j - k < 3) {
            ++k;
            continue;
        }
        std::size_t width = 0, at_width = 0;
        for (std::size_t m = k; m < j; ++m) {
            const std::size_t w = edge(m) - col;
            if (w > width) width = w, at_width = 0;
            if (w == width) ++at_width;
        }
        for (std::size_t m = k; m + 1 < j; ++m) {
            const std::size_t next = starts[m + 1] + col;
            const bool filled = at_width >= 2 && edge(m) - col == width;
            for (std::size_t c = filled ? starts[m] + edge(m) : starts[m + 1]; c < next; ++c) join[c] = true;
        }
        k = j;
    }
}

// Pass 2b: a single line hard-wrapped once has no run of equal lengths to give it away, but a break that
// splits one of the words the scanners look for ("AccessDenie|d", "op|eration", "Erro|r Code") is a wrap:
// the halves are not words, the joined letters are. Only these words are joined, so two real words on two
// lines ("Access|Denied") stay apart.
void join_split_keywords(const std::string& t, std::vector<bool>& join, const iam::catalog* cat) {
    static constexpr std::string_view words[] = {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "Forbidden",
        "Exception", "operation", "Error", "Code", "authorized", "perform", "resource", "because", "explicit",
        "policy", "allows", "calling", "occurred", "Service", "Status", "Request", "Message", "Denied", "Access",
        "User", "Unauthorized", "not", "the", "when", "on", "deny", "with", "error", "identity-based",
        "resource-based", "boundary", "session", "endpoint"};
    auto is_word = [&](std::string_view w) {
        for (std::string_view k : words)
            if (k == w) return true;
        return false;
    };
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; };
    auto action_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':'; };
    for (std::size_t brk = t.find('\n'); brk != std::string::npos; brk = t.find('\n', brk + 1)) {
        std::size_t r = brk + 1;  // where the next line's text starts: after a wrap margin (pass 2a)
        while (r < t.size() && t[r] != '\n' && join[r]) ++r;
        if (brk == 0 || r >= t.size() || !letter(t[brk - 1]) || !letter(t[r])) continue;
        std::size_t b = brk, e = r;
        while (b > 0 && letter(t[b - 1]) && brk - b < 24) --b;
        while (e < t.size() && letter(t[e]) && e - r < 24) ++e;
        const std::string_view left(t.data() + b, brk - b), right(t.data() + r, e - r);
        const bool whole = !(b > 0 && letter(t[b - 1])) && !(e < t.size() && letter(t[e]));
        if (whole && !is_word(left) && !is_word(right)) {
            for (std::string_view k : words)
                if (k.size() == left.size() + right.size() && k.substr(0, left.size()) == left && k.substr(left.size()) == right) {
                    join[brk] = true;
                    break;
                }
            if (join[brk]) continue;
        }
        // An operation name is one word: "when calling the ListObje|ctsV2 operation".
        {
            auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
            std::size_t ob = brk, oe = r;
            while (ob > 0 && alnum(t[ob - 1]) && brk - ob < 64) --ob;
            while (oe < t.size() && alnum(t[oe]) && oe - r < 64) ++oe;
            const std::string_view before(t.data(), ob), after(t.data() + oe, t.size() - oe);
            const bool called = before.size() >= 12 && before.substr(before.size() - 12) == "calling the ";
            if (called && after.substr(0, 10) == " operation" && t[ob] >= 'A' && t[ob] <= 'Z') {
                join[brk] = true;
                continue;
            }
        }
        // `prefix:Actio|nName`: the joined token is an action of the catalog and the left part is not.
        if (!cat) continue;
        std::size_t ab = brk, ae = r;
        while (ab > 0 && action_char(t[ab - 1]) && brk - ab < 128) --ab;
        while (ae < t.size() && action_char(t[ae]) && ae - r < 128) ++ae;
        const std::string_view head(t.data() + ab, brk - ab), tail(t.data() + r, ae - r);
        const std::size_t colon = head.find(':');
        if (colon == std::string_view::npos || colon == 0 || head.find(':', colon + 1) != std::string_view::npos ||
            tail.find(':') != std::string_view::npos)
            continue;
        const std::string joined = std::string(head) + std::string(tail);
        if (cat->find_action(joined) && !cat->find_action(head)) join[brk] = true;
    }
}

// Pass 2d: one string printed as adjacent literals, one a line, each starting in the same column (Python's pprint
// of a long value: `'"User: '` / `'arn:... is '` / `'not authorized to perform: ...'`; source code splitting a
// message the same way). The language joins them into one string, and so does this pass: the closing quote, the
// line break with the indentation, and the next opening quote are layout. pprint cuts after a blank, which the
// fragment keeps before its closing quote; that blank and the same column tell a seam from two strings listed one a
// line (`'a'` / `'b'`).
void join_literal_seams(const std::string& t, const std::vector<std::size_t>& starts, std::vector<bool>& join) {
    for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
        const std::size_t s = starts[k];
        std::size_t e = starts[k + 1] - 1;  // the line break
        while (e > s && t[e - 1] == ' ') --e;
        if (e < s + 3) continue;
        const char q = t[e - 1];
        if ((q != '\'' && q != '"') || t[e - 2] != ' ') continue;
        std::size_t open = e - 2;
        while (open > s && !(t[open - 1] == q && (open - 1 == s || t[open - 2] != '\\'))) --open;
        if (open == s) continue;
        const std::size_t column = open - 1 - s;
        const std::size_t next = starts[k + 1];
        const std::size_t next_end = k + 2 < starts.size() ? starts[k + 2] - 1 : t.size();
        std::size_t c = next;
        while (c < next_end && t[c] == ' ') ++c;
        if (c >= next_end || t[c] != q || c - next != column) continue;
        for (std::size_t x = e - 1; x <= c; ++x) join[x] = true;
    }
}

}  // namespace

flat_text prepare_text(std::string_view raw, const iam::catalog* cat) {
    decoded d = decode(raw);
    const std::string& t = d.text;
    const std::vector<std::size_t> starts = line_starts(t);
    std::vector<bool> join = hard_wrapped_breaks(t, starts);
    drop_wrap_margins(t, starts, join);
    rebuild_last_column(t, starts, join);
    join_literal_seams(t, starts, join);
    join_split_keywords(t, join, cat);

    flat_text f;
    f.text.reserve(t.size());
    f.gap.reserve(t.size());
    std::size_t next_line = 0;  // index into d.line_pos
    bool at_line_start = true;
    for (std::size_t i = 0; i < t.size();) {
        while (next_line < d.line_pos.size() && d.line_pos[next_line] <= i) {
            f.line_pos.push_back(f.text.size());
            f.line_no.push_back(static_cast<int>(next_line) + 1);
            ++next_line;
        }
        const char c = t[i];
        if (is_space(c)) {
            std::uint8_t flags = 0;
            bool only_hard = true;
            std::size_t j = i;
            while (j < t.size() && is_space(t[j])) {
                if (t[j] == '\n') {
                    if (flags & 1) flags |= 4;  // a second line break in one run: an empty line between
                    flags |= 1;
                    if (!join[j]) only_hard = false;
                } else if (!join[j]) {  // (blanks of a padded, indented wrap belong to the wrap)
                    flags |= 2;
                    only_hard = false;
                }
                ++j;
            }
            // (A run of joined characters only, with or without a line break, is layout: no blank.)
            const bool emit = !only_hard && !f.text.empty();
            // Checkpoints passed inside the run point at the first character after it.
            while (next_line < d.line_pos.size() && d.line_pos[next_line] <= j && d.line_pos[next_line] > i) {
                f.line_pos.push_back(f.text.size() + (emit ? 1 : 0));
                f.line_no.push_back(static_cast<int>(next_line) + 1);
                ++next_line;
            }
            if (emit) {
                f.text += ' ';
                f.gap.push_back(flags);
            }
            if (flags & 1) at_line_start = true;
            i = j;
            continue;
        }
        // A gutter or margin character a pass marked as layout (rebuild_last_column): dropped.
        if (join[i]) {
            ++i;
            continue;
        }
        // Markdown quote residue ("> botocore...") at the start of a line.
        if (at_line_start && c == '>' && i + 1 < t.size() && t[i + 1] != '>' && t[i + 1] != '=') {
            at_line_start = false;
            ++i;
            // ...with the blanks after it: the line break before already gave the one separating space.
            if (!f.text.empty() && f.text.back() == ' ')
                while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
            continue;
        }
        // A gutter ("     | dynamodb:DescribeTable on resource:": a tool's continuation marker) at the start of
        // a line: a lone `| ` with no other `|` on the line (a Markdown table row has several).
        if (at_line_start && c == '|' && i + 1 < t.size() && t[i + 1] == ' ') {
            std::size_t e = i + 1;
            while (e < t.size() && t[e] != '\n' && t[e] != '|') ++e;
            if (e >= t.size() || t[e] == '\n') {
                at_line_start = false;
                ++i;
                if (!f.text.empty() && f.text.back() == ' ')
                    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
                continue;
            }
        }
        at_line_start = false;
        // The rest of the word in one append: a line checkpoint never falls inside it, since each one
        // follows a '\n'.
        std::size_t j = i + 1;
        while (j < t.size() && !is_space(t[j])) ++j;
        f.text.append(t, i, j - i);
        f.gap.insert(f.gap.end(), j - i, std::uint8_t{0});
        i = j;
    }
    while (!f.text.empty() && f.text.back() == ' ') {
        f.text.pop_back();
        f.gap.pop_back();
    }
    if (f.line_pos.empty()) {
        f.line_pos.push_back(0);
        f.line_no.push_back(1);
    }
    return f;
}

}  // namespace wd::log::detail
