// SPDX-License-Identifier: MIT
// CloudTrail: the fields of a record (JSON keys), the rows a console table or a query result prints one event
// per line, and the console's event details (one label per line, its value on the next).
#include <algorithm>
#include <utility>
#include <vector>

#include "log/envelope_scanners.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

namespace {

bool looks_like_operation(std::string_view w) {
    if (w.size() < 3 || w.size() > 64 || !is_upper(w[0])) return false;
    bool lower_seen = false;
    for (char c : w) {
        if (!is_alnum(c)) return false;
        lower_seen = lower_seen || (c >= 'a' && c <= 'z');
    }
    // A date column ("June 12, 2023, 10:41:07") sits next to the event name in the console's tables.
    static constexpr std::string_view months[] = {"January", "February", "March", "April", "May", "June", "July",
                                                  "August", "September", "October", "November", "December"};
    for (std::string_view m : months)
        if (w == m || (w.size() == 3 && m.substr(0, 3) == w)) return false;
    return lower_seen;
}

// Is `op` an operation of `service`: an action of the catalog, or one the operation table maps?
bool known_operation(std::string_view service, std::string_view op, const iam::catalog* cat) {
    if (!mapped_action_name(service, op).empty()) return true;
    return cat && cat->find_action(std::string(service) + ":" + std::string(op)) != nullptr;
}

}  // namespace

void cloudtrail(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    auto string_value = [&](std::size_t p, std::size_t key_len) -> std::pair<std::string_view, std::size_t> {
        std::size_t v = skip_spaces(t, p + key_len);
        if (v >= t.size() || t[v] != ':') return {{}, 0};
        v = skip_spaces(t, v + 1);
        if (v >= t.size() || t[v] != '"') return {{}, 0};
        const std::size_t e = find_within(t, "\"", v + 1, 2047);
        if (e == std::string_view::npos) return {{}, 0};
        return {t.substr(v + 1, e - v - 1), e + 1};
    };
    for_each_match(ix, "\"eventSource\"", [&](std::size_t p) {
        auto [v, e] = string_value(p, 13);
        if (v.empty()) return;
        item it = make(p, e, direction::both, s_cloudtrail_source, 90, 2500);
        it.service = service_from_host(v, cat);
        if (!it.service.empty()) out.items.push_back(std::move(it));
    });
    for_each_match(ix, "\"eventName\"", [&](std::size_t p) {
        auto [v, e] = string_value(p, 11);
        if (v.empty()) return;
        item it = make(p, e, direction::both, s_cloudtrail_name, 60, 2500);
        it.op = std::string(v);
        out.items.push_back(std::move(it));
    });
    // The resource: the record's `resources` list names ARNs; else `requestParameters` gives an S3 bucket
    // and key, or holds an ARN (topicArn, roleArn, a key or function ARN).
    // Issue 8: every scan is bounded, and all of them together read the text a few times at most (a paste
    // repeating `"resources": [` without closing it would otherwise cost 8 KB per match).
    std::size_t scan_budget = 4 * t.size() + 65536;
    auto object_end = [&](std::size_t open) {  // the '}' or ']' closing the bracket at `open`, bounded
        int depth = 0;
        bool in_string = false;
        for (std::size_t i = open; i < t.size() && i - open < 8192; ++i) {
            if (scan_budget == 0) return std::string_view::npos;
            --scan_budget;
            const char c = t[i];
            if (in_string) {
                if (c == '"') in_string = false;
                continue;
            }
            if (c == '"') in_string = true;
            else if (c == '{' || c == '[') ++depth;
            else if ((c == '}' || c == ']') && --depth == 0) return i;
        }
        return std::string_view::npos;
    };
    auto value_in = [&](std::size_t from, std::size_t to, std::string_view key) -> std::string_view {
        const std::size_t k = find_within(t, key, from, to - from);
        if (k == std::string_view::npos || k >= to) return {};
        auto [v, e] = string_value(k, key.size());
        return e != 0 && e <= to ? v : std::string_view();
    };
    for (std::string_view list_key : {std::string_view("\"resources\""), std::string_view("\"requestParameters\"")})
        for_each_match(ix, list_key, [&](std::size_t p) {
            std::size_t open = skip_spaces(t, p + list_key.size());
            if (open >= t.size() || t[open] != ':') return;
            open = skip_spaces(t, open + 1);
            if (open >= t.size() || (t[open] != '[' && t[open] != '{')) return;
            const std::size_t close = object_end(open);
            if (close == std::string_view::npos) return;
            std::string resource;
            if (list_key == "\"resources\"") {
                resource = std::string(value_in(open, close, "\"ARN\""));
            } else {
                const std::string_view bucket = value_in(open, close, "\"bucketName\"");
                const std::string_view key = value_in(open, close, "\"key\"");
                if (!bucket.empty()) resource = "arn:aws:s3:::" + std::string(bucket) + (key.empty() ? "" : "/" + std::string(key));
                const std::size_t arn = find_within(t, "\"arn:", open, close - open);
                if (resource.empty() && arn != std::string_view::npos && arn < close) {
                    const std::size_t e = find_within(t, "\"", arn + 1, max_uri_length);
                    if (e != std::string_view::npos && e < close) resource = std::string(t.substr(arn + 1, e - arn - 1));
                }
            }
            if (resource.empty() || resource.size() > max_uri_length) return;
            item it = make(p, close + 1, direction::both, s_cloudtrail_resource, list_key == "\"resources\"" ? 70 : 65, 2500);
            it.resource = std::move(resource);
            out.items.push_back(std::move(it));
        });
    for_each_match(ix, "\"userIdentity\"", [&](std::size_t p) {
        const std::size_t a = find_within(t, "\"arn\"", p, 800);
        if (a == std::string_view::npos) return;
        auto [v, e] = string_value(a, 5);
        if (v.empty()) return;
        item it = make(p, e, direction::both, s_cloudtrail_user, 40, 2500);
        it.principal = std::string(v);
        out.items.push_back(std::move(it));
    });
}

// A CloudTrail row copied from the console or a query result, one event per line: the event source is a
// whole field `<service>.amazonaws.com` (no region, unlike an endpoint host), and the operation and the
// error code are fields of the same line, in any column order:
//   arn:aws:sts::…:assumed-role/r/s  <event id>  dynamodb.amazonaws.com  PutItem  AccessDenied  <message>
//   PutItem  November 30, 2026, 10:11:12 (UTC+09:00)  fn-name  dynamodb.amazonaws.com  AccessDenied
// The operation is the field after the source, else the one before it, else the line's first field; with a
// catalog, one the service really has wins over one that only looks like an operation.
void cloudtrail_rows(const flat_text& f, scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = f.text;
    auto field_edge = [](char c) { return c == ' ' || c == '|' || c == '"' || c == ',' || c == '\''; };
    // The field starting at or after `pos` on the same line, as [begin, end); begin == npos at a line break.
    auto next_field = [&](std::size_t pos) -> std::pair<std::size_t, std::size_t> {
        while (pos < t.size() && field_edge(t[pos])) {
            if (f.break_at(pos)) return {std::string_view::npos, pos};
            ++pos;
        }
        std::size_t e = pos;
        while (e < t.size() && !field_edge(t[e]) && e - pos < max_token_length) ++e;
        return {pos < t.size() ? pos : std::string_view::npos, e};
    };
    std::size_t tracked = 0, line_start = 0;
    for_each_match(ix, ".amazonaws.com", [&](std::size_t p) {
        const std::size_t e = p + 14;
        if (e < t.size() && !field_edge(t[e])) return;
        std::size_t b = p;
        while (b > 0 && p - b < 64 && (is_alnum(t[b - 1]) || t[b - 1] == '-')) --b;
        if (b == p || (b > 0 && !field_edge(t[b - 1]))) return;  // "<name>.amazonaws.com", nothing more
        item it = make(b, e, direction::both, s_cloudtrail_row, 85, 2500);
        it.service = service_from_host(t.substr(b, e - b), cat);
        if (it.service.empty()) return;
        std::vector<std::string_view> ops;  // candidates, most likely first
        std::size_t pos = e;
        for (int k = 0; k < 3; ++k) {
            const auto [fb, fe] = next_field(pos);
            if (fb == std::string_view::npos || fb >= fe) break;
            const std::string_view w = t.substr(fb, fe - fb);
            if (is_denial_code(std::string(w))) {
                it.code = std::string(w);
                it.end = fe;
            } else if (it.code.empty() && looks_like_operation(w)) {
                ops.push_back(w);
                it.end = std::max(it.end, fe);
            }
            pos = fe;
        }
        // The line's start, tracked forward across matches so that a line of many sources is read once.
        for (; tracked < b; ++tracked)
            if (f.break_at(tracked)) line_start = tracked + 1;
        const std::size_t ls = line_start;
        const bool whole_line = b - ls < 600;
        if (whole_line && ls < b) {
            std::size_t pb = b;  // the field just before the source
            while (pb > ls && field_edge(t[pb - 1])) --pb;
            std::size_t pa = pb;
            while (pa > ls && !field_edge(t[pa - 1])) --pa;
            if (looks_like_operation(t.substr(pa, pb - pa))) ops.push_back(t.substr(pa, pb - pa));
            std::size_t fe = ls;
            while (fe < b && !field_edge(t[fe])) ++fe;
            const std::string_view first = t.substr(ls, fe - ls);
            if (first.substr(0, 4) == "arn:") it.principal = std::string(first);
            else if (fe < b && looks_like_operation(first)) ops.push_back(first);
            it.pos = ls;
        }
        for (std::string_view op : ops)
            if (known_operation(it.service, op, cat)) {
                it.op = std::string(op);
                break;
            }
        if (it.op.empty() && !ops.empty()) it.op = std::string(ops.front());
        if (it.code.empty() && it.op.empty()) return;
        it.standalone = is_denial_code(it.code);
        it.whole = true;
        out.items.push_back(std::move(it));
    });
    // The console's event details, one label per line and its value on the next:
    //   Event name \n GetParameter \n Event source \n ssm.amazonaws.com \n … Error code \n AccessDeniedException
    struct label {
        std::string_view text;
        int scanner;
    };
    static constexpr label labels[] = {{"Event source", s_cloudtrail_source}, {"Event name", s_cloudtrail_name},
                                       {"Error code", s_error_code}};
    for (const label& l : labels)
        for_each_match(ix, l.text, [&](std::size_t p) {
            const std::size_t v = p + l.text.size();
            if (!(p == 0 || f.break_at(p - 1)) || !f.break_at(v)) return;  // the label is a line of its own
            std::size_t ve = v + 1;
            while (ve < t.size() && t[ve] != ' ' && ve - v < max_token_length) ++ve;
            if (ve < t.size() && !f.break_at(ve)) return;  // and so is the value
            const std::string_view value = t.substr(v + 1, ve - v - 1);
            item it = make(p, ve, direction::both, l.scanner, 85, 2500);
            it.whole = true;
            if (l.scanner == s_cloudtrail_source) {
                it.service = service_from_host(value, cat);
                if (it.service.empty()) return;
            } else if (l.scanner == s_cloudtrail_name) {
                if (!looks_like_operation(value)) return;
                it.op = std::string(value);
            } else {
                it.code = std::string(value);
                if (!is_denial_code(it.code)) return;
                it.standalone = true;
            }
            out.items.push_back(std::move(it));
        });
}

}  // namespace wd::log::detail
