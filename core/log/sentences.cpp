// SPDX-License-Identifier: MIT
// Denial sentences (FORMATS.md §2-§3): the IAM sentence "User: <p> is not authorized to perform: <a> on
// resource: <r> because ..." in all its variants (SES backquotes, CloudWatch Logs "User with accountId",
// console "You are not authorized", STS "Not authorized"), and the messages that deny without naming an action
// (EC2 "this operation", KMS ciphertext, SQS "Access to the resource", Lambda execution role checks, API Gateway
// "Invalid permissions on Lambda function", Bedrock model access, CDK "could not be used to assume").
#include <algorithm>
#include <cctype>

#include "log/scan_types.hpp"
#include "log/scan_util.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

namespace {

bool is_stop(char c) {
    return c == ' ' || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';' || c == '(' || c == ')' ||
           c == '\\' || c == '<' || c == '>';
}

// An em or en dash: no ARN or resource name holds one, so one glued to a resource starts the prose after it
// ("on resource: ...\u2014 straightforward identity-policy denial", a page's list item explaining the message).
bool dash_glued(std::string_view t, std::size_t pos) { return at(t, pos, "\u2014") || at(t, pos, "\u2013"); }

std::size_t count_colons(std::string_view s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), ':')); }

// A ')' or ']' ending a resource with no opener inside it closes what wraps the whole message (a parenthesis
// around the sentence, Node 0.x's `{ [AccessDenied: … on resource: user/jackson]`), not the resource.
void drop_wrapper_close(std::string& value) {
    if (value.empty()) return;
    const char close = value.back();
    const char open = close == ')' ? '(' : close == ']' ? '[' : 0;
    if (open && value.find(open) == std::string::npos) value.pop_back();
}

// A resource after "on resource:". ARNs are single tokens (re-joined across a wrap when the break falls inside the
// ARN's head or right after '-', '/' or ':'); other text (secret names, "role <name>", "*") runs to the end of
// the clause.
std::pair<std::string, std::size_t> read_resource(const flat_text& f, std::size_t pos) {
    const std::string_view t = f.text;
    pos = skip_spaces(t, pos);
    if (pos >= t.size()) return {{}, pos};
    // CSV export (CloudWatch Logs Insights): quotes inside a quoted field are doubled, ""arn:...""
    if (at(t, pos, "\"\"")) {
        const std::size_t e = find_within(t, "\"\"", pos + 2, 2046);
        if (e != std::string_view::npos && e > pos + 2) return {std::string(t.substr(pos + 2, e - pos - 2)), e + 2};
    }
    const char q = t[pos];
    if (q == '"' || q == '`' || q == '\'') {
        const char close = q == '`' ? '\'' : q;
        const std::size_t e = find_within(t, std::string_view(&close, 1), pos + 1, 2046);
        if (e != std::string_view::npos && e - pos < 2048) return {std::string(t.substr(pos + 1, e - pos - 1)), e + 1};
        ++pos;  // unbalanced quote (truncated paste): read a token
    }
    const bool arn_like = at(t, pos, "arn:") || at(t, pos, "aws:");
    std::string value;
    std::size_t i = pos;
    if (arn_like) {
        while (i < t.size()) {
            const char c = t[i];
            if (c == ' ' && !f.break_at(i) && !value.empty() && value.back() == ':') {
                // "arn:aws:dynamodb:us-east-1: ... :table/T": a redaction typed with blanks around it, kept
                // as printed.
                std::size_t w = i + 1;
                while (w < t.size() && t[w] != ' ' && t[w] != ':' && w - i < 40) ++w;
                std::size_t after = w < t.size() && t[w] == ' ' ? w + 1 : w;
                if (w > i + 1 && after < t.size() && t[after] == ':' && looks_redacted(t.substr(i + 1, w - i - 1))) {
                    value.append(t.substr(i, after - i));
                    i = after;
                    continue;
                }
            }
            // ... or with a blank after it only: "arn:aws:cloudformation:eu-central-1:xxxx :stack/s" (kept as printed).
            if (c == ' ' && !f.break_at(i) && i + 1 < t.size() && t[i + 1] == ':' && !value.empty()) {
                const std::size_t seg = value.rfind(':');
                if (seg != std::string::npos && seg + 1 < value.size() && looks_redacted(std::string_view(value).substr(seg + 1))) {
                    value += ' ';
                    ++i;
                    continue;
                }
            }
            // A placeholder with blanks inside, typed into the ARN: "arn:aws:dynamodb:us-east-1:<<account number>>:table/t"
            if (c == ' ' && !f.break_at(i) && !value.empty()) {
                const std::size_t open = value.find_last_of("<[{");
                const char closer = open == std::string::npos ? 0 : value[open] == '<' ? '>' : value[open] == '[' ? ']' : '}';
                if (open != std::string::npos && value.find(closer, open) == std::string::npos) {
                    const std::size_t close = find_within(t, std::string_view(&closer, 1), i, 40);
                    if (close != std::string_view::npos && t.substr(i, close - i).find('\n') == std::string_view::npos &&
                        !f.break_at(close)) {
                        value.append(t.substr(i, close + 1 - i));
                        i = close + 1;
                        continue;
                    }
                }
            }
            // A name with blanks in it (a Glue job "job/Copy parking zone to raw"): AWS prints the ARN as it is, and
            // on the same line the reason clause ends it. Only plain words may lie between: a quote, a bracket, a
            // colon or a sentence's end means the ARN ended at the blank and other text follows.
            if (c == ' ' && !f.break_at(i) && count_colons(value) >= 5) {
                std::size_t r = find_within(t, " because ", i, 200);
                const std::size_t deny = find_within(t, " with an explicit deny", i, 200);
                if (deny != std::string_view::npos && (r == std::string_view::npos || deny < r)) r = deny;
                bool words = r != std::string_view::npos && r > i && value.back() != '.';
                for (std::size_t x = i; words && x < r; ++x) {
                    const char w = t[x];
                    if (w == ' ') words = !f.break_at(x) && !(x > i && t[x - 1] == '.');
                    else words = !is_stop(w) && w != ':' && w != '[' && w != ']' && w != '{' && w != '}';
                }
                if (words) {
                    value.append(t.substr(i, r - i));
                    i = r;
                    break;
                }
            }
            if (c == ' ') {
                const bool incomplete = count_colons(value) < 5;
                const char prev = value.empty() ? ' ' : value.back();
                // (Never into a stack frame's "at ...", the usual next line of a JS or Java error.)
                // (Nor across an empty line: the next paragraph is other text, even after a value cut short.)
                // (Nor into the next log record: a line that starts with its date, `2018-12-26T18:02:11.530Z`, or a
                // Lambda START/END/REPORT line; an ARN may end in `/`, an SSM path does.)
                auto record_start = [&](std::size_t x) {
                    auto digit = [&](std::size_t k) { return x + k < t.size() && t[x + k] >= '0' && t[x + k] <= '9'; };
                    const bool date = digit(0) && digit(1) && digit(2) && digit(3) && x + 4 < t.size() && (t[x + 4] == '-' || t[x + 4] == '/') &&
                                      digit(5) && digit(6);
                    return date || at(t, x, "START RequestId") || at(t, x, "END RequestId") || at(t, x, "REPORT RequestId");
                };
                const bool joinable = f.break_at(i) && !f.paragraph_at(i) && i + 1 < t.size() && !is_stop(t[i + 1]) && !at(t, i + 1, "at ") &&
                                      !record_start(i + 1) && (incomplete || prev == '-' || prev == '/' || prev == ':');
                if (!joinable) break;
                ++i;
                continue;
            }
            if (c == '"' && !value.empty() && value.back() == ':') {  // arn:aws:iam::"account number":role/x
                const std::size_t q = find_within(t, "\"", i + 1, 40);
                if (q != std::string_view::npos && q + 1 < t.size() && t[q + 1] == ':' &&
                    t.substr(i + 1, q - i - 1).find('\n') == std::string_view::npos) {
                    value.append(t.substr(i, q + 1 - i));
                    i = q + 1;
                    continue;
                }
            }
            if (c == '"' || c == '\'' || c == '`' || c == '\\' || c == ',') break;
            if (c == '<' && i + 1 < t.size() && t[i + 1] == '/') break;  // an XML body's closing tag
            if (dash_glued(t, i)) break;
            value += c;
            ++i;
        }
        while (!value.empty() && (value.back() == '.' || value.back() == ';')) value.pop_back();
        drop_wrapper_close(value);
        // "...:function:f: ClientError" -- the colon belongs to the log, not to the ARN.
        if (!value.empty() && value.back() == ':') {
            const std::size_t nx = skip_spaces(t, i);
            const std::string_view word = read_ident(t, nx);
            if (!word.empty() && is_upper(word[0]) &&
                (word.size() > 5 && (word.substr(word.size() - 5) == "Error" ||
                                     (word.size() > 9 && word.substr(word.size() - 9) == "Exception"))))
                value.pop_back();
        }
        return {value, i};
    }
    static constexpr std::string_view terminators[] = {" because ", " with an explicit deny", " (Service", " status code",
                                                       ". ", " at ", " Request ID", " (Aws::", " (AWS::", " (code "};
    if (at(t, i, "(code ")) return {{}, i};  // async-aws: "on resource (code AccessDeniedException)" names none
    // A wildcard is a whole resource: "on resource: * error in the exporter's logs" (a reporter's words go on).
    if (t[i] == '*' && (i + 1 >= t.size() || t[i + 1] == ' ' || t[i + 1] == '.' || t[i + 1] == ',')) return {"*", i + 1};
    std::size_t e = i;
    // Stopped at " because ..." / " with an explicit deny" or at a glued dash: no sentence ends right there, so the
    // dots are the value's ("+358....", a placeholder "...").
    bool reason_follows = false;
    while (e < t.size() && e - i < 256) {
        const char c = t[e];
        if (c == '"' || c == '`' || c == '\'' || c == '\\') break;
        if (c == ' ' && f.break_at(e)) break;
        if (dash_glued(t, e)) {
            reason_follows = true;
            break;
        }
        bool stop = false;
        for (auto term : terminators)
            if (at(t, e, term)) stop = true;
        // "+358.... because no ...": a masked value ends in dots; the reason clause ends it, not ". ".
        if (stop && at(t, e, ". ") && (at(t, e + 2, "because ") || at(t, e + 2, "with an explicit deny"))) stop = false;
        if (stop) {
            reason_follows = at(t, e, " because ") || at(t, e, " with an explicit deny");
            break;
        }
        ++e;
    }
    // A value cut at the length cap ends on a whole character (the text is valid UTF-8; see parse_log).
    while (e > i && e < t.size() && (static_cast<unsigned char>(t[e]) & 0xC0) == 0x80) --e;
    value = std::string(trim(t.substr(i, e - i)));
    while (!value.empty() && ((value.back() == '.' && !reason_follows) || value.back() == ',' || value.back() == ':')) value.pop_back();
    drop_wrapper_close(value);
    return {value, e};
}

std::string reason_from_words(std::string_view words, bool explicit_deny) {
    const std::string w = lower_copy(words);
    auto has = [&](const char* s) { return w.find(s) != std::string::npos; };
    if (has("service control")) return "scp";
    if (has("resource control")) return "rcp";
    if (has("permissions boundary") || has("permission boundary")) return "permissions_boundary";
    if (has("vpc endpoint")) return "vpce_policy";
    if (has("session")) return "session_policy";
    if (has("resource-based") || has("resource based") || has("trust")) return "resource_policy";
    if (has("identity-based") || has("identity based")) return explicit_deny ? "explicit_identity" : "implicit_identity";
    return "unspecified";
}

bool valid_action(std::string_view a);

// "because no <T> policy allows the <a> action" | "with an explicit deny [in a <T> policy [transitively through
// a service control policy] [: <policy ARN>]]". Returns the end of the clause, or `pos` when there is none.
// `clause_action` gets the action the clause repeats ("allows the <a> action"), when it is one.
std::size_t read_reason(std::string_view t, std::size_t pos, denial& d, std::string* clause_action = nullptr) {
    std::size_t p = skip_spaces(t, pos);
    if (at(t, p, "because no ") || at(t, p, "because the ")) {
        const std::size_t words = p + 11;
        std::size_t stop = find_within(t, " allow", words, 80);
        if (stop == std::string_view::npos || stop - words > 80) stop = std::min(t.size(), words + 40);
        d.reason = reason_from_words(t.substr(words, stop - words), false);
        if (clause_action && at(t, stop, " allows the ")) {
            const std::size_t a = stop + 12;
            std::size_t ae = a;
            while (ae < t.size() && ae - a < max_token_length && !is_stop(t[ae])) ++ae;
            if (valid_action(t.substr(a, ae - a))) *clause_action = std::string(t.substr(a, ae - a));
        }
        std::size_t e = stop;
        // "... allows the <a> action"
        const std::size_t act = find_within(t, " action", stop, 160);
        if (act != std::string_view::npos && act - stop < 160) e = act + 7;
        if (e < t.size() && t[e] == '.') ++e;
        return e;
    }
    if (at(t, p, "with an explicit deny")) {
        std::size_t e = p + 21;
        d.reason = "unspecified";
        d.explicit_deny = true;
        if (at(t, e, " in ")) {
            const std::size_t words = e + 4;
            std::size_t pol = find_within(t, "polic", words, 80);
            std::size_t boundary = words;  // "in a permissions boundary": AWS writes no "policy" after it
            for (std::string_view article : {"a ", "an ", "the "})
                if (at(t, words, article)) boundary = words + article.size();
            if (at_ci(t, boundary, "permissions boundary") || at_ci(t, boundary, "permission boundary")) {
                d.reason = "permissions_boundary";
                e = boundary + (at_ci(t, boundary, "permissions") ? 20 : 19);
                if (at(t, e, " policy")) e += 7;
                else if (at(t, e, " policies")) e += 9;
            } else if (pol != std::string_view::npos && pol - words < 80) {
                std::string_view phrase = t.substr(words, pol - words);
                e = pol + 5;
                while (e < t.size() && is_alpha(t[e])) ++e;  // policy / policies
                if (at(t, e, " transitively through a service control policy")) {
                    phrase = "service control";
                    e += 47;
                }
                d.reason = reason_from_words(phrase, true);
                if (at(t, e, ": arn:") || at(t, e, " arn:")) {  // newer messages name the denying policy
                    std::size_t s = t[e] == ':' ? e + 2 : e + 1, x = s;
                    while (x < t.size() && !is_stop(t[x])) ++x;
                    std::string arn(t.substr(s, x - s));
                    while (!arn.empty() && arn.back() == '.') arn.pop_back();
                    d.reason_policy_arn = arn;
                    e = x;
                }
            }
        }
        if (e < t.size() && t[e] == '.') ++e;
        return e;
    }
    return pos;
}

bool valid_action(std::string_view a) {
    const std::size_t c = a.find(':');
    if (c == std::string_view::npos || c == 0 || c + 1 >= a.size() || a.find(':', c + 1) != std::string_view::npos)
        return false;
    for (std::size_t i = 0; i < c; ++i)
        if (!(is_alnum(a[i]) || a[i] == '-')) return false;
    for (std::size_t i = c + 1; i < a.size(); ++i)
        if (!(is_alnum(a[i]) || a[i] == '*' || a[i] == '_' || a[i] == '-')) return false;
    return true;
}

// Finds "User: " / "User `" / "User with accountId: " ending the subject at `subj_end`; returns the marker's
// position and fills the principal text, or npos.
std::size_t find_subject(const flat_text& f, std::size_t subj_end, std::size_t floor, candidate& c) {
    const std::string_view t = f.text;
    const std::size_t lo = std::max(floor, subj_end > 1200 ? subj_end - 1200 : std::size_t{0});
    std::size_t u = subj_end;
    while (u > lo) {
        u = rfind_in(t, "User", lo, u);
        if (u == std::string_view::npos || u < lo) break;
        if (u > 0 && is_alnum(t[u - 1])) continue;
        std::size_t s = std::string_view::npos;
        if (at(t, u, "User with accountId:")) {
            const std::size_t a = skip_spaces(t, u + 20);
            std::string acct(trim(t.substr(a, subj_end > a ? subj_end - a : 0)));
            if (is_twelve_digits(acct)) c.d.principal.account_id = acct;
            else if (looks_redacted(acct)) c.d.redacted.push_back("principal.accountId");
            return u;
        }
        if (at(t, u, "User:")) s = u + 5;
        else if (at(t, u, "User `") || at(t, u, "User '") || at(t, u, "User \"")) s = u + 5;
        if (s == std::string_view::npos) continue;
        if (subj_end < s || subj_end - s > 600) return std::string_view::npos;
        // A line break inside the principal is a wrap (dropped); blanks on one line are part of what was
        // printed (a redaction like "sts:: ... :").
        std::string printed;
        printed.reserve(subj_end - s);
        for (std::size_t i = s; i < subj_end; ++i)
            if (!(t[i] == ' ' && f.break_at(i))) printed += t[i];
        c.principal_text = std::string(trim(printed));
        return u;
    }
    // No "User:" (CloudTrail errorMessage, cut pastes): the token right before "is" when it is an ARN.
    std::size_t e = subj_end;
    while (e > floor && t[e - 1] == ' ') --e;
    std::size_t b = e;
    while (b > floor && t[b - 1] != ' ') --b;
    std::string_view tok = t.substr(b, e - b);
    while (!tok.empty() && (tok.front() == '"' || tok.front() == '\'' || tok.front() == '(' || tok.front() == '[' || tok.front() == '`'))
        tok.remove_prefix(1);
    if (tok.substr(0, 4) == "arn:") {
        c.principal_text = std::string(tok);
        return b;
    }
    return std::string_view::npos;
}

void add_sentence(scan_result& out, candidate&& c) { out.candidates.push_back(std::move(c)); }

// The IAM sentence cut by the paste where its "authorized to perform" is gone: right after "User: <ARN> is not
// authorized" (a scanner's one-line summary), or before "on resource: <r> <reason>" (an excerpt led by "...").
// What is left still names the caller, or the resource and AWS's reason. Runs after the whole sentences are found:
// a position inside one of them (a sentence wrapped right after "authorized") is that sentence's.
void cut_sentences(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = f.text;
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // whole sentences, in text order
    for (const candidate& c : out.candidates) spans.emplace_back(c.begin, c.end);
    std::sort(spans.begin(), spans.end());
    // The end of the last whole sentence starting at or before `pos` (0 if none), and whether it reaches `pos`.
    auto before = [&](std::size_t pos) {
        auto it = std::upper_bound(spans.begin(), spans.end(), std::make_pair(pos, std::string_view::npos));
        std::size_t end = 0;
        for (int k = 0; k < 3 && it != spans.begin(); ++k) end = std::max(end, (--it)->second);
        return end;
    };
    auto closing = [](char c) { return c == '"' || c == '\'' || c == '`' || c == '.' || c == ')' || c == ']' || c == '}' || c == ','; };
    for_each_match(ix, " is not authorized", [&](std::size_t p) {
        // Route 53 and API Gateway end the sentence with " to access this resource" (no action, no reason).
        constexpr std::string_view k_access_resource = " to access this resource";
        std::size_t e = p + 18;
        const bool whole = t.substr(e, k_access_resource.size()) == k_access_resource;
        if (whole) e += k_access_resource.size();
        std::size_t x = e;
        while (x < t.size() && x - e < 8 && closing(t[x])) ++x;
        if (whole) {
            // A whole sentence: it may go on with other text, not with more words of its own.
            if (x < t.size() && (std::isalnum(static_cast<unsigned char>(t[x])) || t[x] == '_')) return;
        } else if (x < t.size() && !(t[x] == ' ' && f.break_at(x))) {
            return;  // only closing punctuation before the line's end: "... is not authorized to <verb>" is other wording
        }
        const std::size_t prev_end = before(p);
        if (prev_end > p) return;
        candidate c;
        const std::size_t m = find_subject(f, p + 1, prev_end, c);
        // The caller as printed after "User:" (a bare ARN before "is not authorized" may be any prose's subject).
        if (m == std::string_view::npos || !at(t, m, "User") || c.principal_text.substr(0, 4) != "arn:") return;
        c.kind = "iam-sentence";
        c.begin = m;
        c.end = x;
        c.d.truncated = !whole;
        add_sentence(out, std::move(c));
    });
    for_each_match(ix, "on resource", [&](std::size_t p) {
        std::size_t b = p;
        if (ends_at(t, b, "...")) b -= 3;
        else if (ends_at(t, b, "\u2026")) b -= 3;  // (three bytes in UTF-8)
        // The excerpt starts here: at the start of its line, after an optional ellipsis.
        if (b != 0 && !(t[b - 1] == ' ' && f.break_at(b - 1))) return;
        std::size_t s = p + 11;
        if (s >= t.size() || (t[s] != ':' && t[s] != ' ')) return;  // not "on resources" (another wording)
        if (t[s] == ':') ++s;
        if (before(p) > p) return;
        candidate c;
        auto [value, after] = read_resource(f, s);
        if (value.empty()) return;
        const std::size_t end = read_reason(t, after, c.d);
        if (end == after) return;  // no reason clause: any text may say "on resource"
        c.kind = "iam-sentence";
        c.begin = b;
        c.end = end;
        c.d.resource = value;
        c.d.truncated = true;  // the paste starts inside the sentence
        add_sentence(out, std::move(c));
    });
}

// M1-M5, M16 and the Huawei look-alike (N3).
void iam_sentences(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = f.text;
    std::size_t floor = 0;  // subjects never reach back into the previous sentence
    for_each_match(ix, "authorized to perform", [&](std::size_t p) {
        // A paste cut inside the sentence ("`authorized to perform: x:Y because no identity-based policy
        // allows ..."): only with AWS's reason clause after it, which no prose of permission has.
        const bool negated = p >= 4 && (ends_at(t, p, "not ") || ends_at(t, p, "Not "));
        if (!negated) {
            if (p > 0 && is_alpha(t[p - 1])) return;
            const std::size_t because = find_within(t, " because no ", p, 300);
            const std::size_t deny = find_within(t, " with an explicit deny", p, 300);
            if (because == std::string_view::npos && deny == std::string_view::npos) return;
            if (p >= 3 && (ends_at(t, p, "is ") || ends_at(t, p, "am ") || ends_at(t, p, "re "))) return;
        }
        const std::size_t a = negated ? p - 4 : p;
        // "I am not authorized to perform iam:PassRole" (a troubleshooting page's heading, a user telling what
        // happened): AWS never words a denial in the first person, and nothing was printed by a service.
        if (negated && (ends_at(t, a, "I am ") || ends_at(t, a, "I'm ") || ends_at(t, a, "I\u2019m "))) return;
        std::size_t q = p + 21;
        const bool colon = q < t.size() && t[q] == ':';
        if (colon) ++q;
        q = skip_spaces(t, q);
        if (at(t, q, "this operation")) return;  // EC2's M6, handled below
        candidate c;
        c.kind = "iam-sentence";
        c.begin = a;
        if (ends_at(t, a, "You are ")) {  // console / Athena: no principal printed
            c.begin = a - 8;
        } else if (ends_at(t, a, "is ")) {
            const std::size_t subj_end = a - 3;
            const std::size_t m = find_subject(f, subj_end, floor, c);
            if (m != std::string_view::npos) c.begin = m;
            else c.begin = subj_end;
        }
        // A redacted action slot ("perform: <AWS_SERVICES:ACTION> on resource: *"): skip it, read the rest; the
        // action comes from the operation printed around it.
        // (AWS's own documentation writes the slot as "perform API action on resource: ...".)
        const char open = q < t.size() ? t[q] : 0;
        const bool api_action = at(t, q, "API action ");
        if (open == '<' || open == '[' || open == '{' || api_action) {
            const char shut = open == '<' ? '>' : open == '[' ? ']' : open == '{' ? '}' : 'n';
            std::size_t z = api_action ? q + 9 : q + 1;
            while (!api_action && z < t.size() && z - q < 64 && t[z] != shut && t[z] != ' ') ++z;
            if (z < t.size() && t[z] == shut && z > q + 1) {
                c.d.redacted.push_back("action");
                std::size_t end = z + 1;
                std::size_t r = skip_spaces(t, end);
                if (at(t, r, "on resource:") || at(t, r, "on resource ")) {
                    auto [value, after] = read_resource(f, r + 12);
                    end = after;
                    if (!value.empty()) c.d.resource = value;
                }
                end = read_reason(t, end, c.d);
                if (end < t.size() && t[end] == '.') ++end;
                c.end = end;
                floor = c.end;
                add_sentence(out, std::move(c));
                return;
            }
        }
        // The action (or operation) token.
        char close = 0;
        if (q < t.size() && (t[q] == '`' || t[q] == '\'' || t[q] == '"')) {
            close = t[q] == '`' ? '\'' : t[q];
            ++q;
        }
        std::size_t e = q;
        if (close) {
            while (e < t.size() && t[e] != close && t[e] != ' ') ++e;
        } else {
            while (e < t.size() && !is_stop(t[e])) ++e;
        }
        std::string_view tok = t.substr(q, e - q);
        // The sentence's dot, and markdown around a pasted action (`**sts:AssumeRoleWithWebIdentity**`, `_x_`).
        while (!tok.empty() && (tok.back() == '.' || tok.back() == '*' || tok.back() == '_' || tok.back() == '`'))
            tok.remove_suffix(1);
        while (!tok.empty() && (tok.front() == '*' || tok.front() == '_')) tok.remove_prefix(1);
        if (close && e < t.size() && t[e] == close) ++e;
        if (tok == "action") {  // "perform action ecs:cloudServers:get": another cloud's wording
            out.lookalikes.push_back({a, "non-aws"});
            return;
        }
        if (count_colons(tok) >= 2) {
            out.lookalikes.push_back({a, "non-aws"});
            return;
        }
        // A documentation template ("User: ${principal} is not authorized to perform: ${action} ...") or prose
        // describing the message in another language ("... to perform は、"): no request.
        if ((tok.size() > 3 && tok.substr(0, 2) == "${" && tok.back() == '}') ||
            (!tok.empty() && static_cast<unsigned char>(tok[0]) >= 0x80)) {
            out.lookalikes.push_back({a, "template"});
            return;
        }
        if (tok == "null") {
            c.d.action.clear();  // the service printed no action (FORMATS.md M16)
        } else if (valid_action(tok)) {
            c.d.action = std::string(tok);
            c.action_printed = true;
        } else if (e >= t.size()) {
            if (c.principal_text.empty() && c.d.principal.account_id.empty()) return;  // nothing left to report
            c.d.truncated = true;  // the paste ends inside the action
        } else if ((!colon || at(t, skip_spaces(t, e), "on resource")) && !tok.empty() && is_upper(tok[0]) &&
                   read_ident(tok, 0).size() == tok.size()) {
            // (Also Route 53's older "perform: GetHostedZone on resource: arn:aws:route53:::hostedzone/Z1", the
            // action printed without its service prefix: the resource's ARN names the service.)
            c.d.operation = std::string(tok);  // CloudWatch Logs: "perform CreateLogGroup with Tags"
            c.operation_in_action_slot = true;
            if (at(t, e, " with Tags")) {
                c.with_tags = true;
                e += 10;
            }
        } else if (c.principal_text.empty()) {
            return;  // prose, not a denial
        }
        std::size_t end = e;
        std::size_t r = skip_spaces(t, e);
        // A broken action slot ("perform: iam: PassRole on resource", a re-wrap leaving a blank inside it): the
        // rest of the sentence still reads; the reason clause repeats the action (case 1138).
        const bool broken_slot = !c.action_printed && c.d.operation.empty() && !tok.empty() && tok != "null";
        if (broken_slot && !at(t, r, "on resource")) {
            const std::size_t on = find_within(t, " on resource", e, 40);
            if (on != std::string_view::npos && t.substr(e, on - e).find_first_of(".,;\"'()[]{}") == std::string_view::npos)
                r = on + 1;
        }
        // "on resources <arn>" is CloudWatch Logs' wording for cross-account destinations.
        const bool plural = at(t, r, "on resources:") || at(t, r, "on resources ");
        if (plural || at(t, r, "on resource:") || at(t, r, "on resource ")) {
            const std::size_t value_at = skip_spaces(t, r + 12 + (plural ? 1 : 0));
            auto [value, after] = read_resource(f, r + 12 + (plural ? 1 : 0));
            end = after;
            if (after >= t.size()) {
                // The paste ends with the resource. AWS's older wording ends there too ("... on resource: <arn>", no
                // "because" clause), so only a resource that is visibly incomplete says the paste was cut: inside
                // "arn:", an ARN short of its six fields, an opening quote never closed.
                if (std::string_view("arn:").substr(0, value.size()) == value) {
                    value.clear();  // cut inside "arn:"
                    c.d.truncated = true;
                }
                if (value.rfind("arn:", 0) == 0 && std::count(value.begin(), value.end(), ':') < 5) c.d.truncated = true;
                // An opening quote whose close never came: the paste ends inside the resource, whose end is lost.
                if (value_at < t.size() && (t[value_at] == '"' || t[value_at] == '\'' || t[value_at] == '`')) {
                    const char close = t[value_at] == '`' ? '\'' : t[value_at];
                    if (after <= value_at + 1 || t[after - 1] != close) {
                        value.clear();
                        c.d.truncated = true;
                    }
                }
            }
            // Markdown bold around the sentence ("**User: ... on resource: arn:...:stack/s/***"): the closing
            // `**` is not part of the ARN.
            if (value.size() > 3 && value.compare(value.size() - 2, 2, "**") == 0 && c.begin >= 2 &&
                t.substr(c.begin - 2, 2) == "**")
                value.resize(value.size() - 2);
            if (!value.empty()) c.d.resource = value;
        } else if (c.operation_in_action_slot && at(t, r, "on role ")) {
            // CodePipeline's own wording: "<role ARN> is not authorized to perform AssumeRole on role <role ARN>".
            auto [value, after] = read_resource(f, r + 8);
            end = after;
            if (!value.empty()) c.d.resource = value;
        } else if (at(t, r, "on the specified resource")) {
            end = r + 25;
        } else if (at(t, r, "on the resource") || at(t, r, "on this resource")) {
            // KMS's 2023 wording names no resource either: "on this resource because the resource does not
            // exist in this Region, no resource-based policies allow access, ..." (the reason follows as usual).
            end = r + (at(t, r, "on this resource") ? 16 : 15);
            // KMS: "on the resource associated with this ciphertext because the resource does not exist in this
            // Region, no resource-based policies allow access, or a resource-based policy explicitly denies access"
            if (at(t, end, " associated with ")) {
                const std::size_t because = find_within(t, " because ", end, 80);
                if (because != std::string_view::npos) end = because;
            }
        }
        std::string clause_action;
        end = read_reason(t, end, c.d, &clause_action);
        if (c.d.action.empty() && c.d.operation.empty() && !clause_action.empty()) {
            c.d.action = clause_action;
            c.action_printed = true;
        }
        if (end < t.size() && t[end] == '.') ++end;
        c.end = std::max(end, e);
        if (c.end >= t.size() && !c.action_printed) c.d.truncated = true;
        if (!negated) c.d.truncated = true;  // the paste starts inside the sentence
        floor = c.end;
        add_sentence(out, std::move(c));
    });
    cut_sentences(f, ix, out);
}

// AWS's reason clause with the sentence before it cut away, even mid-word ("source: <arn> because no permissions
// boundary allows the iam:CreateRole act|ion", case 1079): "because no <T> polic(y|ies) allows the <a> action" is
// AWS's wording alone, so it reports the denial of the action it names. (An explicit deny's clause names no action,
// and prose may say it: "we checked on resource: <arn> with an explicit deny in a resource-based policy" is no
// denial, robustness_test.) Runs after every sentence is found: a clause near one is that sentence's (even where
// its resource was not read).
void reason_clauses(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = f.text;
    std::vector<std::size_t> starts;  // of every sentence and look-alike, sorted
    for (const candidate& c : out.candidates) starts.push_back(c.begin);
    for (const lookalike& l : out.lookalikes) starts.push_back(l.pos);
    std::sort(starts.begin(), starts.end());
    auto near_sentence = [&](std::size_t p) {
        const std::size_t lo = p > 1000 ? p - 1000 : 0;
        const auto it = std::upper_bound(starts.begin(), starts.end(), p);
        if (it != starts.begin() && *std::prev(it) >= lo) return true;
        return rfind_in(t, "authorized", lo, p) != std::string_view::npos;  // a sentence we did not read
    };
    for_each_match(ix, "because no ", [&](std::size_t p) {
        if (near_sentence(p)) return;
        candidate c;
        std::string action;
        const std::size_t end = read_reason(t, p, c.d, &action);
        if (end == p || action.empty()) return;
        c.kind = "reason-clause";
        c.begin = p;
        c.end = end;
        c.d.truncated = true;  // the paste starts inside the sentence
        c.d.action = action;
        c.action_printed = true;
        // "...resource: <arn> because ...": the ARN right before the clause is the resource.
        std::size_t re = p;
        while (re > 0 && t[re - 1] == ' ') --re;
        std::size_t rb = re;
        while (rb > 0 && t[rb - 1] != ' ') --rb;
        if (at(t, rb, "arn:") && re - rb > 4) c.d.resource = std::string(t.substr(rb, re - rb));
        add_sentence(out, std::move(c));
    });
}

// A sentence that names no action; `kind` is kept for diagnostics.
candidate simple(std::size_t b, std::size_t e, const char* kind) {
    candidate c;
    c.begin = b;
    c.end = e;
    c.kind = kind;
    return c;
}

// "https://sqs.us-west-2.amazonaws.com/123456789012/queue" -> "arn:aws:sqs:us-west-2:123456789012:queue".
std::string sqs_url_to_arn(std::string_view url) {
    std::string_view u = url;
    if (u.substr(0, 8) == "https://") u.remove_prefix(8);
    else if (u.substr(0, 7) == "http://") u.remove_prefix(7);
    // "sqs.<region>.amazonaws.com" or the legacy "<region>.queue.amazonaws.com"
    const bool legacy = u.find(".queue.amazonaws.com") != std::string_view::npos && u.find(".queue.amazonaws.com") < u.find('/');
    if (u.substr(0, 4) != "sqs." && !legacy) return std::string(url);
    const std::size_t dot = legacy ? u.find('.') : u.find('.', 4);
    const std::size_t slash = u.find('/');
    if (dot == std::string_view::npos || slash == std::string_view::npos) return std::string(url);
    const std::string_view region = legacy ? u.substr(0, dot) : u.substr(4, dot - 4);
    const std::string_view path = u.substr(slash + 1);
    if (path.empty()) return {};  // the endpoint alone ("https://sqs.eu-west-1.amazonaws.com/"): no queue named
    const std::size_t s2 = path.find('/');
    if (s2 == std::string_view::npos) return std::string(url);
    return "arn:aws:sqs:" + std::string(region) + ":" + std::string(path.substr(0, s2)) + ":" +
           std::string(path.substr(s2 + 1));
}

void other_sentences(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = f.text;
    // M6: EC2 and other query-protocol services.
    for_each_match(ix, "not authorized to perform this operation", [&](std::size_t p) {
        // Azure Storage says "This request is not authorized to perform this operation." (AuthorizationFailure).
        if (ends_at(t, p, "This request is ")) return;
        std::size_t e = p + 40;
        if (e < t.size() && t[e] == '.') ++e;
        candidate c = simple(ends_at(t, p, "You are ") ? p - 8 : p, e, "ec2-operation");
        c.weak = true;
        add_sentence(out, std::move(c));
    });
    // M9: KMS refuses a ciphertext it may not use -> kms:Decrypt (OPMAP.md §2 row 53).
    for_each_match(ix, "The ciphertext refers to a customer master key", [&](std::size_t p) {
        const std::size_t dot = find_within(t, ".", p, max_uri_length);
        candidate c = simple(p, dot == std::string_view::npos ? std::min(t.size(), p + max_uri_length) : dot + 1, "kms-ciphertext");
        c.sentence_service = "kms";
        c.implied_action = "kms:Decrypt";
        add_sentence(out, std::move(c));
    });
    // Secrets Manager relays a KMS refusal: "Access to KMS is not allowed" -> kms:Decrypt on the secret's key.
    for_each_match(ix, "Access to KMS is not allowed", [&](std::size_t p) {
        candidate c = simple(p, p + 28, "kms-ciphertext");
        c.sentence_service = "kms";
        c.implied_action = "kms:Decrypt";
        add_sentence(out, std::move(c));
    });
    // M8: SQS "Access to the resource <url> is denied."
    for_each_match(ix, "Access to the resource ", [&](std::size_t p) {
        const std::size_t u = p + 23;
        std::size_t e = u;
        while (e < t.size() && !is_stop(t[e])) ++e;
        if (!at(t, e, " is denied")) return;
        candidate c = simple(p, e + 10, "sqs-access");
        const std::string url(t.substr(u, e - u));
        if (url.find("sqs.") != std::string::npos || url.find(".queue.amazonaws.com") != std::string::npos) {
            c.sentence_service = "sqs";
            if (std::string arn = sqs_url_to_arn(url); !arn.empty()) c.d.resource = std::move(arn);
        }
        add_sentence(out, std::move(c));
    });
    // M10: Lambda checks its execution role ("does not have permissions to call CreateNetworkInterface on EC2");
    // the 2016 wording: "Your access has been denied by EC2, ... permission to *CreateNetworkInterface*".
    for_each_match(ix, "does not have permissions to call ", [&](std::size_t p) {
        const std::size_t o = p + 34;
        const std::string_view op = read_ident(t, o);
        if (op.empty() || !at(t, o + op.size(), " on ")) return;
        const std::string_view svc = read_ident(t, o + op.size() + 4);
        candidate c = simple(p, o + op.size() + 4 + svc.size(), "lambda-execution-role");
        c.d.operation = std::string(op);
        c.relayed_operation = true;  // the role's call; "when calling the CreateFunction operation" is the caller's
        c.sentence_service = service_from_id(svc, nullptr);
        if (c.sentence_service.empty()) c.sentence_service = lower_copy(svc);
        c.implied_action = c.sentence_service + ":" + std::string(op);
        c.default_type = "role";
        const std::size_t pe = rfind_in(t, "The provided execution role", p > 40 ? p - 40 : 0, p);
        if (pe != std::string_view::npos && p - pe < 40) c.begin = pe;
        add_sentence(out, std::move(c));
    });
    // An event source mapping Lambda cannot read: "Cannot access stream <arn>. Please ensure the role can
    // perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM."
    for_each_match(ix, "Please ensure the role can perform the ", [&](std::size_t p) {
        const std::size_t s = p + 39;
        const std::size_t e = find_within(t, " Actions", s, 200);
        if (e == std::string_view::npos) return;
        const std::size_t lo = p > 300 ? p - 300 : 0;
        const std::size_t access = rfind_in(t, "Cannot access ", lo, p);
        std::string arn;
        if (access != std::string_view::npos) {
            std::size_t a = find_within(t, "arn:", access, 40);
            if (a != std::string_view::npos && a < p) {
                std::size_t ae = a;
                while (ae < p && t[ae] != ' ') ++ae;
                arn = std::string(t.substr(a, ae - a));
                while (!arn.empty() && (arn.back() == '.' || arn.back() == ',')) arn.pop_back();
            }
        }
        const std::size_t c1 = arn.find(':', 4), c2 = c1 == std::string::npos ? c1 : arn.find(':', c1 + 1);
        const std::string svc = c2 == std::string::npos ? std::string() : arn.substr(c1 + 1, c2 - c1 - 1);
        if (svc.empty()) return;
        candidate c = simple(access != std::string_view::npos ? access : p, e + 8, "lambda-execution-role");
        for (std::size_t k = s; k < e;) {
            while (k < e && (t[k] == ' ' || t[k] == ',')) ++k;
            if (at(t, k, "and ")) k += 4;
            const std::string_view op = read_ident(t, k);
            if (op.empty()) break;
            c.d.checked_actions.push_back(svc + ":" + std::string(op));
            k += op.size();
        }
        if (c.d.checked_actions.empty()) return;
        c.sentence_service = svc;
        c.implied_action = c.d.checked_actions.front();
        c.d.resource = arn;
        c.default_type = "role";
        add_sentence(out, std::move(c));
    });
    for_each_match(ix, "Your access has been denied by ", [&](std::size_t p) {
        const std::size_t s = p + 31;
        const std::string_view svc = read_ident(t, s);
        const std::size_t perm = find_within(t, "permission to ", s, 200);
        if (svc.empty() || perm == std::string_view::npos || perm - s > 200) return;
        std::size_t o = perm + 14;
        while (o < t.size() && (t[o] == '*' || t[o] == '`' || t[o] == ' ')) ++o;
        const std::string_view op = read_ident(t, o);
        if (op.empty()) return;
        std::size_t e = o + op.size();
        while (e < t.size() && (t[e] == '*' || t[e] == '`' || t[e] == '.')) ++e;
        candidate c = simple(p, e, "lambda-execution-role");
        c.d.operation = std::string(op);
        c.relayed_operation = true;  // the permission S3 (or EC2) checked names the action, not the caller's call
        c.sentence_service = service_from_id(svc, nullptr);
        if (c.sentence_service.empty()) c.sentence_service = lower_copy(svc);
        c.implied_action = c.sentence_service + ":" + std::string(op);
        c.default_type = "role";
        add_sentence(out, std::move(c));
    });
    // M11: API Gateway may not invoke the integration's function (its resource policy lacks a grant).
    for_each_match(ix, "Invalid permissions on Lambda function", [&](std::size_t p) {
        candidate c = simple(p, p + 38, "apigateway-lambda-permission");
        c.sentence_service = "lambda";
        c.implied_action = "lambda:InvokeFunction";
        c.default_type = "service";
        const std::size_t lo = p > 4000 ? p - 4000 : 0;
        const std::size_t fn = rfind_in(t, "/functions/", lo, p);
        if (fn != std::string_view::npos && fn >= lo) {
            const std::size_t s = fn + 11;
            const std::size_t inv = s < p ? find_within(t, "/invocations", s, p - s) : std::string_view::npos;
            if (inv != std::string_view::npos && inv < p && at(t, s, "arn:")) c.d.resource = std::string(t.substr(s, inv - s));
        }
        add_sentence(out, std::move(c));
    });
    // M12: Bedrock model access is an entitlement, not (only) IAM.
    for (std::string_view m : {std::string_view("You don't have access to the model"),
                               std::string_view("Your account is not authorized to invoke this API operation")}) {
        for_each_match(ix, m, [&](std::size_t p) {
            candidate c = simple(p, p + m.size(), "bedrock-model-access");
            c.weak = true;
            c.sentence_service = "bedrock";
            add_sentence(out, std::move(c));
        });
    }
    // Bedrock's Marketplace wording: "... is not authorized to perform the required AWS Marketplace actions
    // (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model".
    static constexpr std::string_view marketplace = "not authorized to perform the required AWS Marketplace actions (";
    for_each_match(ix, marketplace, [&](std::size_t p) {
        const std::size_t s = p + marketplace.size();
        const std::size_t close = find_within(t, ")", s, 300);
        if (close == std::string_view::npos) return;
        std::size_t b = rfind_in(t, "Model access is denied", p > 200 ? p - 200 : 0, p);
        candidate c = simple(b == std::string_view::npos ? p : b, close + 1, "bedrock-model-access");
        for (std::size_t k = s; k < close;) {
            while (k < close && (t[k] == ' ' || t[k] == ',')) ++k;
            std::size_t e = k;
            while (e < close && t[e] != ',' && t[e] != ' ') ++e;
            std::string_view a = t.substr(k, e - k);
            // Markdown code spans around each action (a chat app's rendering): "(`aws-marketplace:Subscribe`, ...)".
            while (!a.empty() && a.front() == '`') a.remove_prefix(1);
            while (!a.empty() && a.back() == '`') a.remove_suffix(1);
            if (a.find(':') != std::string_view::npos) c.d.checked_actions.push_back(std::string(a));
            k = e;
        }
        if (c.d.checked_actions.empty()) return;
        c.sentence_service = c.d.checked_actions.front().substr(0, c.d.checked_actions.front().find(':'));
        c.d.action = c.d.checked_actions.front();
        c.action_printed = true;
        add_sentence(out, std::move(c));
    });
    // CloudFormation resolving an SSM parameter type (CDK, CodePipeline): "AccessDenied. User doesn't have
    // permission to call ssm:GetParameters".
    for (std::string_view needle : {std::string_view("doesn't have permission to call "), std::string_view("does not have permission to call ")})
        for_each_match(ix, needle, [&](std::size_t p) {
            const std::size_t s = p + needle.size();
            std::size_t e = s;
            while (e < t.size() && e - s < 128 && !is_stop(t[e]) && t[e] != ',' && t[e] != ';') ++e;
            std::string_view tok = t.substr(s, e - s);
            while (!tok.empty() && (tok.back() == '.' || tok.back() == ')' || tok.back() == '\'' || tok.back() == '"')) tok.remove_suffix(1);
            if (!valid_action(tok)) return;
            std::size_t b = p;
            for (std::string_view who : {std::string_view("User "), std::string_view("Role ")})
                if (ends_at(t, p, who)) b = p - who.size();
            candidate c = simple(b, s + tok.size(), "permission-to-call");
            c.d.action = std::string(tok);
            c.action_printed = true;
            c.sentence_service = std::string(tok.substr(0, tok.find(':')));
            add_sentence(out, std::move(c));
        });
    // The console's banner: "You don't have permission to get Bucket Versioning details / You or your AWS
    // administrator must update your IAM permissions to allow s3:GetBucketVersioning." (S3 and others).
    static constexpr std::string_view allow = "update your IAM permissions to allow ";
    for_each_match(ix, allow, [&](std::size_t p) {
        const std::size_t s = p + allow.size();
        std::size_t e = s;
        while (e < t.size() && e - s < 128 && !is_stop(t[e])) ++e;
        std::string_view tok = t.substr(s, e - s);
        while (!tok.empty() && tok.back() == '.') tok.remove_suffix(1);
        if (!valid_action(tok)) return;
        const std::size_t lo = p > 300 ? p - 300 : 0;
        std::size_t b = std::string_view::npos;
        for (std::string_view banner : {std::string_view("You don't have permission"), std::string_view("You don\u2019t have permission"),
                                        std::string_view("You do not have permission")}) {
            const std::size_t y = rfind_in(t, banner, lo, p);
            if (y != std::string_view::npos && (b == std::string_view::npos || y > b)) b = y;
        }
        if (b == std::string_view::npos) return;
        candidate c = simple(b, s + tok.size(), "console-permission");
        c.d.action = std::string(tok);
        c.action_printed = true;
        c.sentence_service = std::string(tok.substr(0, tok.find(':')));
        add_sentence(out, std::move(c));
    });
    // AppSync with IAM authorisation: "Not Authorized to access updateOrder on type Mutation" -> appsync:GraphQL
    // on the field (`types/Mutation/fields/updateOrder` of the API, whose id the message does not give).
    for_each_match(ix, "Not Authorized to access ", [&](std::size_t p) {
        const std::size_t s = p + 25;
        const std::string_view field = read_ident(t, s);
        if (field.empty() || !at(t, s + field.size(), " on type ")) return;
        const std::size_t ts = s + field.size() + 9;
        const std::string_view type = read_ident(t, ts);
        if (type.empty()) return;
        candidate c = simple(p, ts + type.size(), "appsync-field");
        c.sentence_service = "appsync";
        c.implied_action = "appsync:GraphQL";
        c.d.resource = "types/" + std::string(type) + "/fields/" + std::string(field);
        add_sentence(out, std::move(c));
    });
    // Athena writes query results as the caller: "Access denied when writing output to url: s3://bucket/key .
    // Please ensure you are allowed to access the S3 bucket." -> s3:PutObject on that object. Its CTAS and
    // QuickSight data sets word it "Access denied when writing to location: s3://...".
    for (std::string_view needle : {std::string_view("Access denied when writing output to url: "),
                                    std::string_view("Access denied when writing to location: ")}) {
        for_each_match(ix, needle, [&](std::size_t p) {
            const std::size_t s = p + needle.size();
            std::size_t e = s;
            while (e < t.size() && !is_stop(t[e]) && t[e] != ' ') ++e;
            // A closing typographic quote (U+201D, U+2019) a page or chat put around the message.
            while (e > s + 3 && (ends_at(t, e, "\u201d") || ends_at(t, e, "\u2019"))) e -= 3;
            if (!at(t, s, "s3://") || e == s + 5) return;
            candidate c = simple(p, e, "athena-output");
            c.sentence_service = "s3";
            c.implied_action = "s3:PutObject";
            c.d.resource = std::string(t.substr(s, e - s));
            add_sentence(out, std::move(c));
        });
    }
    // Lambda creating or updating a function from a container image it may not pull: "Lambda does not have
    // permission to access the ECR image. Check the ECR permissions." The repository's policy decides
    // (ecr:BatchGetImage and ecr:GetDownloadUrlForLayer for the Lambda service), not the execution role.
    for_each_match(ix, "does not have permission to access the ECR image", [&](std::size_t p) {
        std::size_t b = p;
        if (ends_at(t, p, "Lambda ")) b = p - 7;
        candidate c = simple(b, p + 49, "lambda-ecr-image");
        c.sentence_service = "ecr";
        c.implied_action = "ecr:BatchGetImage";
        c.d.checked_actions = {"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"};
        add_sentence(out, std::move(c));
    });
    // M14: the CDK could not assume its bootstrap role -> sts:AssumeRole on that role.
    for_each_match(ix, "could not be used to assume ", [&](std::size_t p) {
        std::size_t s = p + 28;
        const char q = s < t.size() ? t[s] : 0;
        if (q == '\'' || q == '"' || q == '`') ++s;
        std::size_t e = s;
        while (e < t.size() && !is_stop(t[e])) ++e;
        if (!at(t, s, "arn:")) return;
        std::size_t b = rfind_in(t, "current credentials", p > 40 ? p - 40 : 0, p);
        if (b == std::string_view::npos || p - b > 40) b = p;
        candidate c = simple(b, e + 1, "cdk-assume");
        c.d.resource = std::string(t.substr(s, e - s));
        c.sentence_service = "sts";
        c.implied_action = "sts:AssumeRole";
        add_sentence(out, std::move(c));
    });
}

}  // namespace

void find_sentences(const flat_text& f, scan_index& ix, scan_result& out) {
    iam_sentences(f, ix, out);
    other_sentences(f, ix, out);
    find_service_phrases(f, ix, out);
    reason_clauses(f, ix, out);
    std::sort(out.candidates.begin(), out.candidates.end(),
              [](const candidate& a, const candidate& b) { return a.begin < b.begin; });
}

}  // namespace wd::log::detail
