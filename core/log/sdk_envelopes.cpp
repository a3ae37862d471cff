// SPDX-License-Identifier: MIT
// SDK error envelopes (FORMATS.md §4): the lines an SDK or the CLI prints around a denial that carry the error
// code, the operation and the service -- botocore and the CLI, Go v2, Java v1/v2 and .NET "Error Code", JS v3
// deserializers, PHP, Ruby and PHP error classes -- and principals printed without the IAM sentence.
#include "log/envelope_scanners.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

void botocore(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    // An error occurred (<Code>)[ on request (...) on table (...)] when calling the <Op> operation; the CLI
    // before 2015: "A client error (<Code>) occurred when calling the <Op> operation"; typed by hand:
    // "An Error occured (<Code>)". A paste cut at its head drops the "An" (case 1082): the rest is the envelope
    // still, matched without it and begun at the "An " when there is one.
    for (std::string_view m : {std::string_view("error occurred ("), std::string_view("A client error ("),
                               std::string_view("Error occurred ("), std::string_view("error occured ("),
                               std::string_view("Error occured (")})
    for_each_match(ix, m, [&](std::size_t at_m) {
        if (m[0] != 'A' && at_m > 0 && is_ident(t[at_m - 1])) return;  // inside a word ("Internalerror occurred (")
        const std::size_t p = m[0] != 'A' && ends_at(t, at_m, "An ") ? at_m - 3 : at_m;
        const std::size_t cs = at_m + m.size();
        const std::size_t ce = find_within(t, ")", cs, 60);
        if (ce == std::string_view::npos) return;
        const std::size_t call = find_within(t, "when calling the ", ce, 200);
        if (call == std::string_view::npos) {
            // The reporter cut the operation and the caller out ("An error occurred (AccessDeniedException) ... is
            // not authorized to perform: kms:Decrypt"): the code is still the one of the sentence after the dots.
            const std::size_t dots = skip_spaces(t, ce + 1);
            const std::size_t n = at(t, dots, "...") ? 3 : at(t, dots, "\u2026") ? 3 : 0;
            if (n == 0) return;
            item it = make(p, dots + n, direction::prefix, s_botocore, 90);
            it.code = std::string(trim(t.substr(cs, ce - cs)));
            it.standalone = is_denial_code(it.code);
            out.items.push_back(std::move(it));
            return;
        }
        std::string_view op = read_ident(t, call + 17);
        std::size_t op_end = call + 17 + op.size();
        if (op.empty() || !at(t, op_end, " operation")) {
            // A placeholder or mangled name in the operation's slot ("when calling the <name> operation"): the
            // code is still the service's; the operation is unknown.
            op_end = call + 17;
            while (op_end < t.size() && op_end - call < 17 + max_token_length && t[op_end] != ' ') ++op_end;
            if (op_end == call + 17 || !at(t, op_end, " operation")) return;
            op = {};
        }
        item it = make(p, op_end + 10, direction::prefix, s_botocore, 90);
        it.code = std::string(trim(t.substr(cs, ce - cs)));
        it.op = std::string(op);
        it.standalone = is_denial_code(it.code);
        out.items.push_back(std::move(it));
    });
}

void go_v2(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    // operation error <ServiceId>: <Op>, https response error StatusCode: <N>, ... api error <Code>: <msg>
    for_each_match(ix, "operation error ", [&](std::size_t p) {
        const std::size_t s = p + 16;
        const std::size_t colon = find_within(t, ": ", s, 40);
        if (colon == std::string_view::npos) return;
        const std::string_view op = read_ident(t, colon + 2);
        if (op.empty()) return;
        std::size_t end = colon + 2 + op.size();
        item it = make(p, end, direction::prefix, s_gov2, 80);
        it.service = service_from_id(t.substr(s, colon - s), cat);
        it.op = std::string(op);
        const std::size_t api = find_within(t, "api error ", end, 300);
        const std::size_t next = find_within(t, "operation error ", end, 300);
        if (api != std::string_view::npos && api - end < 300 && (next == std::string_view::npos || next > api)) {
            const std::string_view code = read_code(t, api + 10);
            if (!code.empty() && at(t, api + 10 + code.size(), ":")) {
                it.code = std::string(code);
                it.end = api + 10 + code.size();
            }
        }
        it.standalone = is_denial_code(it.code);
        out.items.push_back(std::move(it));
    });
}

void java(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    // (Service: <id>; Status Code: N; Error Code: C; ...)  /  (Service: <id>, Status Code: N, Request ID: ...)
    for_each_match(ix, "(Service: ", [&](std::size_t p) {
        const std::size_t s = p + 10;
        std::size_t e = s;
        while (e < t.size() && t[e] != ';' && t[e] != ',' && t[e] != ')' && e - s < 60) ++e;
        // The group's own "Error Code: C" is a standalone denial code that starts a candidate after this
        // item: the service must reach forward to it too (a message of "null" leaves nothing before it).
        const std::size_t close = find_within(t, ")", e, 300);
        const bool coded = close != std::string_view::npos && find_within(t, "Error Code: ", e, close - e) != std::string_view::npos;
        item it = make(p, e, coded ? direction::both : direction::suffix, s_java_service, 60, 900);
        const std::string_view id = trim(t.substr(s, e - s));
        if (id != "null") it.service = service_from_id(id, cat);
        // Java v2 prints no error code: "S3Exception: Access Denied (Service: S3, Status Code: 403, ...)".
        const bool forbidden = at(t, e, ", Status Code: 403") || at(t, e, "; Status Code: 403");
        it.standalone = forbidden;
        if (it.service.empty() && !forbidden) return;
        out.items.push_back(std::move(it));
    });
    // The same group quoted without its parenthesis ("... returned an error `Service: AmazonDynamoDBv2; Status
    // Code: 400; Error Code: AccessDeniedException`"): only with its Status Code, so prose "Service: x" is not read.
    for_each_match(ix, "Service: ", [&](std::size_t p) {
        if (p > 0 && (t[p - 1] == '(' || is_alnum(t[p - 1]))) return;  // "(Service: " above; "AWS Service: " below
        const std::size_t s = p + 9;
        std::size_t e = s;
        while (e < t.size() && t[e] != ';' && t[e] != ',' && e - s < 60) ++e;
        if (!at(t, e, "; Status Code: ") && !at(t, e, ", Status Code: ")) return;
        item it = make(p, e, direction::both, s_java_service, 60, 900);
        it.service = service_from_id(trim(t.substr(s, e - s)), cat);
        if (!it.service.empty()) out.items.push_back(std::move(it));
    });
    // "AWS Service: Amazon S3," (Java v1 before 2014)
    for_each_match(ix, "AWS Service: ", [&](std::size_t p) {
        const std::size_t s = p + 13;
        const std::size_t e = find_within(t, ",", s, 60);
        if (e == std::string_view::npos) return;
        item it = make(p, e, direction::both, s_java_service, 60, 900);
        it.service = service_from_id(t.substr(s, e - s), cat);
        if (!it.service.empty()) out.items.push_back(std::move(it));
    });
    // A person quoting the code ("Error code: Client.UnauthorizedOperation", AWS Support's words): only an AWS
    // denial code counts, never a bare HTTP status, since prose gives any number and word that name.
    for_each_match(ix, "Error code: ", [&](std::size_t p) {
        const std::string_view code = read_code(t, p + 12);
        if (code.empty() || !is_alpha(code[0]) || code == "Forbidden" || !is_denial_code(std::string(code))) return;
        item it = make(p, p + 12 + code.size(), direction::both, s_error_code, 80, 900);
        it.code = std::string(code);
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
    // "Error Code: C" (Java v1, legacy "AWS Error Code: C", "EC2 Error Code: C") and .NET "with Error Code C and"
    for_each_match(ix, "Error Code", [&](std::size_t p) {
        std::size_t s = p + 10;
        if (at(t, s, ": ")) s += 2;
        else if (at(t, s, " ")) s += 1;
        else return;
        std::string_view code = read_code(t, s);
        if (code.empty() || !(is_alpha(code[0]) || is_digit(code[0]))) return;
        if (code == "and" || code == "null") return;
        if (code == "403" && at(t, s + 3, " Forbidden")) code = t.substr(s, 13);  // "Error Code: 403 Forbidden" (HEAD)
        item it = make(p, s + code.size(), direction::both, s_error_code, 85, 900);
        it.code = std::string(code);
        it.standalone = is_denial_code(it.code);
        // "S3 Error Code: AccessDenied", "EC2 Error Code: ...": another service's answer that Lambda or
        // CloudFormation relays inside its own error. The caller's call failed with the outer error's code, so
        // any code the wrapper prints wins; the relayed one speaks only when there is none. ("AWS Error Code"
        // is Java v1's own.)
        if (p > 1 && t[p - 1] == ' ') {
            std::size_t w = p - 1;
            while (w > 0 && is_alnum(t[w - 1]) && p - w < 40) --w;
            const std::string_view word = t.substr(w, p - 1 - w);
            if (!word.empty() && word != "AWS" && !service_from_id(word, cat).empty()) it.priority = 40;
        }
        out.items.push_back(std::move(it));
    });
}

void js_v3_ops(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    // de_<Op>CommandError / deserializeAws_<protocol><Op>CommandError
    for_each_match(ix, "CommandError", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && p - b < max_token_length && is_ident(t[b - 1])) --b;
        std::string_view name = t.substr(b, p - b);
        if (name.substr(0, 3) == "de_") {
            name.remove_prefix(3);
        } else if (name.substr(0, 15) == "deserializeAws_") {
            name.remove_prefix(15);
            static constexpr std::string_view protocols[] = {"json1_0", "json1_1", "restJson1", "restXml", "query",
                                                              "ec2", "awsJson1_0", "awsJson1_1", "awsQuery", "awsEc2",
                                                              "awsRestJson1", "awsRestXml"};
            std::size_t best = 0;
            for (auto pr : protocols)
                if (name.substr(0, pr.size()) == pr && pr.size() > best) best = pr.size();
            name.remove_prefix(best);
        } else {
            return;
        }
        if (name.empty() || !is_upper(name[0])) return;
        item it = make(b, p + 12, direction::suffix, s_js3_op, 50, 900);
        it.op = std::string(name);
        out.items.push_back(std::move(it));
    });
}

void php(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    // Error executing "<Op>" on "https://<host>/..."
    for_each_match(ix, "Error executing \"", [&](std::size_t p) {
        const std::size_t s = p + 17;
        const std::string_view op = read_ident(t, s);
        if (op.empty() || !at(t, s + op.size(), "\" on \"")) return;
        const std::size_t u = s + op.size() + 6;
        const std::size_t ue = find_within(t, "\"", u, max_uri_length);
        item it = make(p, ue == std::string_view::npos ? u : ue, direction::prefix, s_php, 70, 900);
        it.op = std::string(op);
        std::string_view url = t.substr(u, ue == std::string_view::npos ? 0 : ue - u);
        if (url.substr(0, 8) == "https://") url.remove_prefix(8);
        it.service = service_from_host(url.substr(0, url.find('/')), cat);
        out.items.push_back(std::move(it));
        // Guzzle's "resulted in a `403 Forbidden` response": a HEAD request has no body, so PHP prints no
        // error code after it ("... response (client): 403 Forbidden (Request-ID: ...)"): the status is the code.
        if (ue == std::string_view::npos) return;
        const std::size_t r = find_within(t, "resulted in a `403 Forbidden` response", ue, 600);
        if (r == std::string_view::npos) return;
        item status = make(r, r + 38, direction::both, s_http_status, 20, 900);
        status.code = "403 Forbidden";
        status.standalone = true;
        out.items.push_back(std::move(status));
    });
}

void misc(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    // Ruby: Aws::<Svc>::Errors::<Code> (v2/v3), AWS::<Svc>::Errors::<Code> (v1)
    for (std::string_view ns : {std::string_view("Aws::"), std::string_view("AWS::")})
    for_each_match(ix, ns, [&](std::size_t p) {
        const std::string_view svc = read_ident(t, p + 5);
        const std::size_t er = p + 5 + svc.size();
        if (svc.empty() || !at(t, er, "::Errors::")) return;
        const std::string_view code = read_ident(t, er + 10);
        item it = make(p, er + 10 + code.size(), direction::both, s_ruby, 65, 900);
        it.service = service_from_id(svc, cat);
        it.code = std::string(code);
        it.standalone = is_denial_code(it.code);
        out.items.push_back(std::move(it));
    });
    // PHP: Aws\<Svc>\Exception\<Class> (backslashes doubled once per JSON layer). The class is named after the
    // error code (`AccessDeniedException`), or is the service's base class (`S3Exception`, no code); the
    // namespace names the service either way. The code may sit apart from its message (a JSON log's
    // "Exception" and "Message" fields), so it reports a denial by itself.
    for_each_match(ix, "Aws\\", [&](std::size_t p) {
        if (p > 0 && (is_alnum(t[p - 1]) || t[p - 1] == '\\')) return;
        auto skip_backslashes = [&](std::size_t i) {
            while (i < t.size() && t[i] == '\\') ++i;
            return i;
        };
        const std::size_t s = skip_backslashes(p + 3);
        const std::string_view svc = read_ident(t, s);
        const std::size_t ns = skip_backslashes(s + svc.size());
        if (svc.empty() || ns == s + svc.size() || !at(t, ns, "Exception\\")) return;
        const std::size_t c = skip_backslashes(ns + 9);
        const std::string_view cls = read_ident(t, c);
        const std::string service = service_from_id(svc, cat);
        if (!service.empty()) out.hints.push_back({p, service});
        if (!is_denial_code(std::string(cls))) return;
        item it = make(p, c + cls.size(), direction::both, s_php_class, 55, 900);
        it.service = service;
        it.code = std::string(cls);
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
    // Services that word the denial themselves quote the caller's ARN before "is not authorized to <verb>"
    // (Step Functions: "'arn:aws:iam::…:role/r' is not authorized to create managed-rule"). "perform" is
    // the IAM sentence (sentences.cpp).
    for_each_match(ix, " is not authorized to ", [&](std::size_t p) {
        if (at(t, p + 22, "perform")) return;
        const char q = p > 0 ? t[p - 1] : 0;
        if (q != '\'' && q != '"' && q != '`') return;
        const std::size_t lo = p > 600 ? p - 600 : 0;  // a principal ARN is shorter (role path and name)
        const std::size_t open = rfind_in(t, "arn:", lo, p);
        if (open == std::string_view::npos || open == 0 || (t[open - 1] != q && t[open - 1] != '`')) return;  // `arn' too
        const std::string_view arn = t.substr(open, p - 1 - open);
        if (arn.find(' ') != std::string_view::npos || arn.find(q) != std::string_view::npos) return;
        item it = make(open, p + 22, direction::both, s_quoted_principal, 5, 700);
        it.principal = std::string(arn);
        out.items.push_back(std::move(it));
    });
    // A principal printed without a sentence after it (a paste cut inside "User: arn:... is not authorized").
    for_each_match(ix, "User: arn:", [&](std::size_t p) {
        const std::size_t s = p + 6;
        std::size_t e = s;
        while (e < t.size() && t[e] != ' ' && t[e] != '"' && t[e] != '\'') ++e;
        const std::size_t nx = skip_spaces(t, e);
        if (at(t, nx, "is not authorized") || at(t, nx, "is not") || (e > s && at(t, e, "is not"))) return;
        item it = make(p, e, direction::both, s_user_arn, 5, 700);
        it.principal = std::string(t.substr(s, e - s));
        out.items.push_back(std::move(it));
    });
}

}  // namespace wd::log::detail
