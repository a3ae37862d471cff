// SPDX-License-Identifier: MIT
// Envelopes (FORMATS.md §4): the SDK, CLI and tool text around a denial that carries the error code, the API
// operation and the service -- botocore "An error occurred (C) when calling the Op operation", Go v1/v2, Java
// v1/v2 suffixes, JS v2/v3 dumps, PHP, .NET, Ruby, CloudFormation, Terraform, CDK, fluent-bit, CloudTrail keys --
// plus service hints found anywhere (class namespaces, endpoint hosts, Python paths) and look-alike markers.
#include <algorithm>

#include "log/scan_types.hpp"
#include "log/scan_util.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

bool is_denial_code(const std::string& code) {
    // Config's OrganizationAccessDeniedException means "this account is not in an organization (or not its
    // management account)": no policy grants that.
    if (code.find("OrganizationAccessDenied") != std::string::npos) return false;
    return code.find("AccessDenied") != std::string::npos || code.find("UnauthorizedOperation") != std::string::npos ||
           code.rfind("AuthorizationError", 0) == 0 || code == "Forbidden" || code == "403" ||
           code == "403 Forbidden" || code == "UnauthorizedAccess" || code == "AccessDeniedException";
}

namespace {

enum scanner_id {
    s_botocore = 1, s_gov2, s_code_token, s_java_service, s_error_code, s_json_key, s_js3_op, s_php, s_api_call,
    s_cfn_api, s_cdk, s_fluentbit, s_operation_colon, s_cloudtrail_source, s_cloudtrail_name, s_cloudtrail_user,
    s_cloudtrail_row, s_cloudtrail_resource, s_debug_op, s_debug_target, s_debug_code, s_sdk_op, s_sdk_code, s_sdk_frame, s_user_arn, s_tf_resource, s_tf_prose, s_encoded, s_smtp, s_ruby, s_s3_uri, s_logical_id, s_http_status, s_powershell, s_php_class, s_quoted_principal, s_code_element,
    s_codebuild_source, s_redshift_s3, s_s3_upload
};

// Reads an error-code-like token [A-Za-z0-9_.]+ at pos.
std::string_view read_code(std::string_view t, std::size_t pos) {
    std::size_t e = pos;
    while (e < t.size() && (is_ident(t[e]) || t[e] == '.')) ++e;
    std::string_view s = t.substr(pos, e - pos);
    while (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return s;
}

// A service id from an endpoint host: "dynamodb.eu-central-1.amazonaws.com", "123.dkr.ecr.us-east-1...".
std::string service_from_host(std::string_view host, const iam::catalog* cat) {
    if (host.find(".dkr.ecr.") != std::string_view::npos) return "ecr";
    const std::size_t dot = host.find('.');
    std::string_view first = host.substr(0, dot);
    if (first == "runtime" && host.find("sagemaker") != std::string_view::npos) return "sagemaker";
    std::string s = service_from_id(first, cat);
    if (s.empty() && dot != std::string_view::npos) {
        // "<api-id>.execute-api.<region>.amazonaws.com", "<bucket>.s3.amazonaws.com"
        const std::size_t d2 = host.find('.', dot + 1);
        s = service_from_id(host.substr(dot + 1, d2 == std::string_view::npos ? std::string_view::npos : d2 - dot - 1), cat);
        if (host.substr(dot + 1, 11) == "execute-api") s = "execute-api";
    }
    return s;
}

item make(std::size_t pos, std::size_t end, direction d, int scanner, int priority, std::size_t window = 700) {
    item it;
    it.pos = pos;
    it.end = end;
    it.dir = d;
    it.scanner = scanner;
    it.priority = priority;
    it.window = window;
    return it;
}

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

// "AccessDeniedException: ...", "botocore.errorfactory.AccessDeniedException: ...", "UnauthorizedOperation: ...",
// "AccessDeniedException (client): ..." (PHP), "KMS.AccessDeniedException: ..."; other "<Name>Exception:" tokens
// count only right before a sentence.
void code_tokens(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    auto scan = [&](std::string_view needle) {
        for_each_match(ix, needle, [&](std::size_t p) {
            std::size_t b = p;
            while (b > 0 && p - b < max_token_length &&
                   (is_ident(t[b - 1]) || t[b - 1] == '.' || t[b - 1] == '#' || t[b - 1] == ':'))
                --b;
            std::size_t e = p + needle.size();
            while (e < t.size() && e - p < max_token_length && is_ident(t[e])) ++e;
            if (p - b >= max_token_length || e - p >= max_token_length) return;  // no code is that long
            std::size_t after = e;
            if (at(t, after, " (client)") || at(t, after, " (server)")) after += 9;
            // "AccessDenied - User: ..." (a logger's "<code> - <message>"; " \u2014 " where typography replaced the
            // dash), "(code AccessDeniedException)"
            // (async-aws), "Service returned error code AccessDeniedException (Service: ...)" (Java v2 via CloudFormation)
            const bool dash = dash_separator(t, after) != 0;
            // Tools that print the code alone: s3cmd "S3 error: 403 (AccessDenied): Access Denied", R paws
            // "AccessDenied (HTTP 403).", PHP's S3 class "[AccessDenied] Access Denied", R's str() of the
            // error `$ Code : chr "AccessDenied"`.
            const bool named = (ends_at(t, b, "(code ") && at(t, after, ")")) || ends_at(t, b, "returned error code ") ||
                               (ends_at(t, b, "403 (") && at(t, after, ")")) || at(t, after, " (HTTP 403)") ||
                               (ends_at(t, b, "[") && at(t, after, "] ")) || (ends_at(t, b, "chr \"") && at(t, after, "\"")) ||
                               // the C++ SDK's samples print GetExceptionName() and GetMessage() with a space
                               (!needle.empty() && needle == "AccessDenied" && at(t, after, " Access Denied")) ||
                               // Swift's `UnknownAWSHTTPServiceError(typeName: Optional("UnauthorizedOperation"), ...`
                               (ends_at(t, b, "typeName: Optional(\"") && at(t, after, "\")")) ||
                               // CloudFormation's "AccessDenied. User doesn't have permission to call ssm:GetParameters"
                               (needle == "AccessDenied" && (at(t, after, ". User ") || at(t, after, ". Role ")));
            // iOS prints NSError's UserInfo with the code after the message: `{Type=Sender, Message=User: ...
            // is not authorized ..., Code=AuthorizationError, __text=(`.
            const bool user_info = ends_at(t, b, "Code=") && (at(t, after, ",") || at(t, after, "}") || at(t, after, ";"));
            // Tools and dialogs that print the code alone on a line and the message on the next (the .NET deploy
            // tool, IDE plugins): the code of the sentence right below it only, never a denial by itself (a bare
            // word on a line is as often a heading or a table cell).
            const bool own_line = (b == 0 || f.break_at(b - 1)) && after == e && (e >= t.size() || f.break_at(e));
            if (!dash && !named && !user_info && !own_line && (after >= t.size() || t[after] != ':' || at(t, after, "::"))) return;
            if ((dash || named || own_line) && needle == "Exception" && !is_denial_code(std::string(t.substr(b, e - b)))) return;
            std::string_view tok = t.substr(b, e - b);
            // Python source naming a modelled exception (`except self.client.exceptions.AccessDeniedException:`,
            // shown in a traceback) is code, not an error that happened.
            if (tok.find("exceptions.") != std::string_view::npos && !user_info) return;
            bool packaged = false;
            // Drop namespaces: "com.amazon.coral.service#X", "Aws::Logs::Errors::X", lower-case packages "a.b.X".
            if (const std::size_t h = tok.rfind('#'); h != std::string_view::npos) tok.remove_prefix(h + 1);
            if (const std::size_t c = tok.rfind("::"); c != std::string_view::npos) tok.remove_prefix(c + 2);
            // .NET names its exceptions after the error code, under the service's namespace:
            // "Amazon.SecretsManager.Model.AccessDeniedException" is the code AccessDeniedException, while
            // "Amazon.DynamoDBv2.AmazonDynamoDBException" is the service's base class and names no code.
            if (tok.substr(0, 7) == "Amazon." && tok.find('.', 7) != std::string_view::npos) {
                tok.remove_prefix(tok.rfind('.') + 1);
                if (tok.substr(0, 6) == "Amazon") return;
            }
            // The JDK's own exceptions (`java.nio.file.AccessDeniedException: s3a://...` from Hadoop) are no AWS code.
            if (tok.substr(0, 5) == "java." || tok.substr(0, 6) == "javax.") return;
            while (true) {
                const std::size_t dot = tok.find('.');
                if (dot == std::string_view::npos || dot == 0 || !(tok[0] >= 'a' && tok[0] <= 'z')) break;
                tok.remove_prefix(dot + 1);
                packaged = true;
            }
            while (!tok.empty() && (tok.front() == ':' || tok.front() == '.')) tok.remove_prefix(1);
            if (tok.empty()) return;
            item it = make(b, after + 1, user_info ? direction::suffix : direction::prefix, s_code_token, 50);
            it.code = std::string(tok);
            if (user_info && !is_denial_code(it.code)) return;
            if (is_denial_code(it.code)) {
                if (needle == "Exception") return;  // found by the denial-code needles already
                it.standalone = true;
                if (own_line) {
                    it.end = e;
                    it.standalone = false;
                    it.window = 2;  // the line break between it and the sentence
                }
            } else {
                if (packaged || tok.size() < 10 || tok.substr(tok.size() - 9) != "Exception") return;
                it.priority = 10;
                it.window = 4;  // "InvalidParameterValueException: The provided execution role ..."
            }
            out.items.push_back(std::move(it));
        });
    };
    scan("AccessDenied");
    scan("UnauthorizedOperation");
    scan("AuthorizationError");
    scan("Exception");
    // CloudFormation reading a template or artifact it was denied: "... when calling the CreateChangeSet
    // operation: S3 error: Access Denied" (SAM, CDK). The denial is S3's, whatever the outer code.
    for_each_match(ix, "S3 error: Access Denied", [&](std::size_t p) {
        item it = make(p, p + 23, direction::prefix, s_code_token, 50);
        it.code = "AccessDenied";
        it.service = "s3";
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
    // R's str() dump read back from a screenshot: OCR splits the code into words (`$ Code: chr "Access
    // Denied"`). Only as the value of the dump's Code element, where AWS prints its code, never in prose.
    for_each_match(ix, "chr \"Access Denied\"", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && p - b < 24 && t[b - 1] != '\n') --b;
        const std::string_view lead = t.substr(b, p - b);
        const std::size_t code = lead.find("Code");
        if (code == std::string_view::npos || lead.find(':', code) == std::string_view::npos) return;
        item it = make(p, p + 19, direction::prefix, s_code_token, 50);
        it.code = "AccessDenied";
        it.standalone = true;
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

void json_keys(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    struct key {
        std::string_view text;
        int priority;
        std::size_t window;
    };
    static constexpr key keys[] = {
        {"\"code\"", 60, 900},      {"\"Code\"", 60, 900},       {"\"__type\"", 62, 900}, {"__type:", 62, 900},
        {"\"errorType\"", 55, 900}, {"\"ErrorCode\"", 62, 900},  {"\"errorCode\"", 75, 2500},
        {" code:", 60, 900},        {"<Code>", 62, 900},         {"(code=", 88, 900},
        {"'__type'", 62, 900},      {"'code'", 60, 900},         {" Code:", 60, 900},
    };
    for (const key& k : keys) {
        for_each_match(ix, k.text, [&](std::size_t p) {
            std::size_t v = p + k.text.size();
            if (k.text == "<Code>") {
                const std::size_t e = find_within(t, "<", v, 80);
                if (e == std::string_view::npos) return;
                item it = make(p, e, direction::both, s_json_key, k.priority, k.window);
                it.code = std::string(trim(t.substr(v, e - v)));
                it.standalone = is_denial_code(it.code);
                out.items.push_back(std::move(it));
                return;
            }
            v = skip_spaces(t, v);
            if (v < t.size() && (t[v] == ':' || t[v] == '=')) v = skip_spaces(t, v + 1);
            if (v + 1 < t.size() && t[v] == 'u' && (t[v + 1] == '\'' || t[v + 1] == '"')) ++v;  // Python 2 u'...'
            char q = v < t.size() ? t[v] : 0;
            if (q == '"' || q == '\'') {
                ++v;
                // A reporter's Markdown bold inside the quotes ("**Kinesis.AccessDenied**", case 1154).
                for (int n = 0; n < 2 && v < t.size() && t[v] == '*'; ++n) ++v;
            } else if (k.text == " Code:") {  // async-aws: "HTTP 403 returned for "...". Code: AccessDenied Message: ..."
                const std::string_view word = read_ident(t, v);
                if (word.empty() || !at(t, v + word.size(), " Message:")) return;
            } else if (k.text != "(code=") {
                return;
            }
            std::size_t e = v;
            if (q == '"' || q == '\'' || k.text != " Code:")
                while (e < t.size() && (is_ident(t[e]) || t[e] == '.' || t[e] == '#' || t[e] == ' ') && e - v < 100) ++e;
            else
                e = v + read_ident(t, v).size();
            std::string_view val = trim(t.substr(v, e - v));
            if (const std::size_t h = val.rfind('#'); h != std::string_view::npos) val.remove_prefix(h + 1);
            if (val.empty() || (val.find(' ') != std::string_view::npos && !is_digit(val[0]))) return;
            item it = make(p, e, direction::both, s_json_key, k.priority, k.window);
            it.code = std::string(val);
            it.standalone = is_denial_code(it.code);
            out.items.push_back(std::move(it));
        });
    }
}

// A body whose root element is the error code itself, the message inside it (the SSM agent's
// "<AccessDeniedException> <Message>User: … </Message> </AccessDeniedException>"). `<Error><Code>X</Code>
// <Message>` has `</Code>` before the message, read by json_keys. It gives the code of a denial sentence
// inside it, never a denial by itself: the same shape carries "Unable to determine service/operation name to
// be authorized" (a malformed request, no policy read; case 237, a look-alike marker below).
void code_elements(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    for_each_match(ix, "<Message>", [&](std::size_t p) {
        std::size_t close = p;
        while (close > 0 && p - close < 4 && t[close - 1] == ' ') --close;
        if (close == 0 || t[close - 1] != '>') return;
        std::size_t b = close - 1;
        while (b > 0 && close - 1 - b < max_token_length && is_ident(t[b - 1])) --b;
        if (b == 0 || t[b - 1] != '<') return;
        const std::string code(t.substr(b, close - 1 - b));
        if (!is_denial_code(code)) return;
        item it = make(b - 1, close, direction::both, s_code_element, 62, 900);
        it.code = code;
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

void cloudformation(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    // "Error calling API <svc>:<Op>. ErrorCode: <C>" -- an outer call; it only counts when C itself is a denial.
    for_each_match(ix, "Error calling API ", [&](std::size_t p) {
        const std::size_t s = p + 18;
        const std::size_t colon = find_within(t, ":", s, 40);
        if (colon == std::string_view::npos) return;
        const std::string_view op = read_ident(t, colon + 1);
        const std::size_t ec = find_within(t, "ErrorCode: ", colon, 80);
        if (op.empty() || ec == std::string_view::npos) return;
        const std::string code(read_code(t, ec + 11));
        if (!is_denial_code(code)) return;
        item it = make(p, ec + 11 + code.size(), direction::prefix, s_api_call, 70);
        it.service = service_from_id(t.substr(s, colon - s), cat);
        it.op = std::string(op);
        it.code = code;
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
    // The resource a deploy failed on: "UPDATE_FAILED: IngestLambdaFunction (AWS::Lambda::Function)",
    // "CREATE_FAILED | <LogicalId>", Serverless v1/v2 "An error occurred: <LogicalId> - <message>".
    for (std::string_view m : {std::string_view("CREATE_FAILED"), std::string_view("UPDATE_FAILED"),
                               std::string_view("DELETE_FAILED"), std::string_view("An error occurred: ")}) {
        for_each_match(ix, m, [&](std::size_t p) {
            std::size_t s = p + m.size();
            while (s < t.size() && (t[s] == ':' || t[s] == '|' || t[s] == ' ')) ++s;
            std::string_view id = read_ident(t, s);
            std::size_t after = s + id.size();
            // The CDK's event rows put the type first and then the construct path, with the logical id in
            // parentheses when it fits ("CREATE_FAILED | AWS::StepFunctions::StateMachine | Engines/Data...Machine"):
            // the path (as printed, maybe elided) tells two resources' failures apart as the id does.
            if (m != "An error occurred: " && at(t, s, "AWS::")) {
                const std::size_t bar = find_within(t, " | ", s, 80);
                if (bar == std::string_view::npos || t.substr(s, bar - s).find(' ') != std::string_view::npos) return;
                const std::size_t cell = bar + 3;
                std::size_t e = cell;
                while (e < t.size() && e - cell < max_token_length && t[e] != ' ') ++e;
                if (e == cell || !is_upper(t[cell])) return;
                id = t.substr(cell, e - cell);
                after = e;
                if (at(t, e, " (")) {
                    const std::string_view inner = read_ident(t, e + 2);
                    if (inner.size() >= 2 && is_upper(inner[0])) {
                        id = inner;
                        after = e + 2 + inner.size();
                    }
                }
                item it = make(p, after, direction::prefix, s_logical_id, 10, 1500);
                it.logical_id = std::string(id);
                out.items.push_back(std::move(it));
                return;
            }
            // Stack event rows put the type after the id ("CREATE_FAILED  HelloLambdaFunction  AWS::Lambda::Function").
            const bool shaped = at(t, after, " (AWS::") || dash_separator(t, after) != 0 || at(t, after, " |") ||
                                (m != "An error occurred: " && at(t, after, " AWS::"));
            if (id.size() < 2 || !is_upper(id[0]) || !shaped) return;
            item it = make(p, after, direction::prefix, s_logical_id, 10, 1500);
            it.logical_id = std::string(id);
            out.items.push_back(std::move(it));
        });
    }
    // Stack events: "API: <svc>:<Op> <message>"
    for_each_match(ix, "API: ", [&](std::size_t p) {
        if (p > 0 && is_alnum(t[p - 1])) return;
        const std::size_t s = p + 5;
        std::size_t colon = s;
        while (colon < t.size() && (is_alnum(t[colon]) || t[colon] == '-')) ++colon;
        if (colon >= t.size() || t[colon] != ':' || colon == s) return;
        const std::string_view op = read_ident(t, colon + 1);
        if (op.empty()) return;
        const std::size_t e = colon + 1 + op.size();
        item it = make(p, e, direction::prefix, s_cfn_api, 75);
        const std::string svc = lower_copy(t.substr(s, colon - s));
        it.service = svc;
        it.op = std::string(op);
        const std::size_t m = skip_spaces(t, e);
        if (at(t, m, "Access Denied") || at(t, m, "AccessDenied")) {
            it.action = svc + ":" + std::string(op);  // the stack event prints the IAM-style name itself
            it.standalone = true;
        }
        (void)cat;
        out.items.push_back(std::move(it));
    });
}

void tools(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    // CDK: "Call failed: getParameter({...}) => <message> (code=<C>)"
    for_each_match(ix, "Call failed: ", [&](std::size_t p) {
        const std::string_view op = read_ident(t, p + 13);
        if (op.empty() || !at(t, p + 13 + op.size(), "(")) return;
        item it = make(p, p + 13 + op.size(), direction::prefix, s_cdk, 65, 1500);
        it.op = std::string(op);
        out.items.push_back(std::move(it));
    });
    // fluent-bit: "<Op> API responded with error='<Code>'"
    for_each_match(ix, " API responded with error='", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && is_ident(t[b - 1])) --b;
        const std::string_view op = t.substr(b, p - b);
        const std::string_view code = read_code(t, p + 27);
        if (op.empty() || code.empty()) return;
        item it = make(b, p + 27 + code.size(), direction::prefix, s_fluentbit, 70);
        it.op = std::string(op);
        it.code = std::string(code);
        it.standalone = is_denial_code(it.code);
        out.items.push_back(std::move(it));
    });
    // AWS Tools for PowerShell print "<Cmdlet> : <message>"; S3's message for AccessDenied is "Access Denied"
    // ("Read-S3Object : Access Denied"). The cmdlet's noun names the service (S3 here).
    for_each_match(ix, " : Access Denied", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && p - b < 64 && (is_alnum(t[b - 1]) || t[b - 1] == '-')) --b;
        const std::string_view cmdlet = t.substr(b, p - b);
        const std::size_t dash = cmdlet.find('-');
        if (dash == std::string_view::npos || dash == 0 || !is_upper(cmdlet[0]) || cmdlet.substr(dash + 1, 2) != "S3") return;
        item it = make(b, p + 16, direction::prefix, s_powershell, 50);
        it.code = "AccessDenied";
        it.standalone = true;
        out.items.push_back(std::move(it));
        out.hints.push_back({b, "s3"});
    });
    // CodePipeline and similar prose: "... operation: PutRule."
    for_each_match(ix, " operation: ", [&](std::size_t p) {
        const std::string_view op = read_ident(t, p + 12);
        if (op.size() < 3 || !is_upper(op[0]) || !at(t, p + 12 + op.size(), ".")) return;
        item it = make(p, p + 12 + op.size(), direction::prefix, s_operation_colon, 60);
        it.op = std::string(op);
        out.items.push_back(std::move(it));
    });
    // SES SMTP replies: the reply code right before "Access denied:" -- `554 Access denied: …` (gomail and
    // other SMTP clients), `SMTPDataError: (554, b"Access denied: …")` (Python 3's smtplib).
    for_each_match(ix, "Access denied: User", [&](std::size_t p) {
        std::size_t q = p;
        for (std::string_view opener : {std::string_view("b\""), std::string_view("b'"), std::string_view("\""), std::string_view("'")})
            if (ends_at(t, q, opener)) {
                q -= opener.size();
                break;
            }
        if (ends_at(t, q, ", ")) q -= 2;
        else if (ends_at(t, q, " ")) q -= 1;
        if (q < 3 || !is_digit(t[q - 1]) || !is_digit(t[q - 2]) || !(t[q - 3] == '4' || t[q - 3] == '5') ||
            (q > 3 && is_alnum(t[q - 4])))
            return;
        item it = make(q - 3, q, direction::prefix, s_smtp, 95);
        it.code = std::string(t.substr(q - 3, 3));
        it.service = "ses";
        out.items.push_back(std::move(it));
    });
    // SES SMTP: SMTPDataError(554, b"Access denied: ...")
    for_each_match(ix, "SMTPDataError(", [&](std::size_t p) {
        const std::string_view code = read_ident(t, p + 14);
        if (code.empty()) return;
        item it = make(p, p + 14 + code.size(), direction::prefix, s_smtp, 95);
        it.code = std::string(code);
        it.service = "ses";
        out.items.push_back(std::move(it));
    });
    // Encoded authorization failure message (EC2 and others): URL-safe base64, possibly wrapped.
    for_each_match(ix, "Encoded authorization failure message:", [&](std::size_t p) {
        std::size_t s = skip_spaces(t, p + 38);
        std::string blob;
        std::size_t e = s;
        while (e < t.size()) {
            const char c = t[e];
            if (is_alnum(c) || c == '_' || c == '-') {
                blob += c;
                ++e;
                continue;
            }
            break;
        }
        if (blob.size() < 16) return;
        item it = make(p, e, direction::suffix, s_encoded, 50, 400);
        it.encoded = blob;
        out.items.push_back(std::move(it));
    });
    // The same blob as the argument of the command that decodes it, where a person quotes the error's code and
    // then the command to run ("aws sts decode-authorization-message --encoded-message <blob>").
    for_each_match(ix, "decode-authorization-message --encoded-message ", [&](std::size_t p) {
        const std::size_t s = p + 47;
        std::size_t e = s;
        while (e < t.size() && e - s < max_uri_length && (is_alnum(t[e]) || t[e] == '_' || t[e] == '-')) ++e;
        if (e - s < 64) return;  // a placeholder ("$MSG", "<encoded>"), not a message
        item it = make(p, e, direction::suffix, s_encoded, 40, 900);
        it.encoded = std::string(t.substr(s, e - s));
        out.items.push_back(std::move(it));
    });
}

// Redshift's COPY and UNLOAD relay S3's answer as a comma list: "S3ServiceException:Access Denied,Status 403,Error
// AccessDenied,Rid …,ExtRid …,CanRetry 1" (before 2014: "StatusCode 403,ErrorCode AccessDenied"), in the query
// error and again in its Details block. The code is S3's: the cluster's role (or the COPY's credentials) was denied.
void redshift_s3(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    static constexpr std::string_view exception = "S3ServiceException:";
    for_each_match(ix, exception, [&](std::size_t p) {
        const std::size_t s = p + exception.size();
        for (std::string_view key : {std::string_view(",Error "), std::string_view(",ErrorCode ")}) {
            const std::size_t k = find_within(t, key, s, 120);
            if (k == std::string_view::npos) continue;
            const std::string_view code = read_code(t, k + key.size());
            if (code.empty()) continue;
            item it = make(p, k + key.size() + code.size(), direction::both, s_redshift_s3, 70);
            it.code = std::string(code);
            it.service = "s3";
            it.standalone = is_denial_code(it.code);
            out.items.push_back(std::move(it));
            return;
        }
    });
}

void terraform(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = f.text;
    // The resource Terraform was working on: "Error: reading Secrets Manager Secret (arn:...) policy: ..."
    for_each_match(ix, "Error: ", [&](std::size_t p) {
        const std::size_t lim = std::min(t.size(), p + 300);
        const std::size_t a = find_within(t, "(arn:", p, lim - p);
        if (a == std::string_view::npos || a >= lim) return;
        const std::size_t e = find_within(t, ")", a, lim - a);
        if (e == std::string_view::npos || e >= lim) return;
        item it = make(p, e + 1, direction::prefix, s_tf_resource, 10);
        it.resource = std::string(t.substr(a + 1, e - a - 1));
        out.items.push_back(std::move(it));
    });
    // Provider prose that names the call (OPMAP.md §1 row 11, cases 052-054, 169).
    struct prose {
        std::string_view text;
        const char* service;
        const char* op;
    };
    static constexpr prose proses[] = {
        {"Error launching source instance", "ec2", "RunInstances"},
        {"creating EC2 Instance", "ec2", "RunInstances"},
        {"reading EC2 Instance Type", "ec2", "DescribeInstanceTypes"},
        {"creating CloudWatch Events Rule", "events", "PutRule"},
        {"creating EventBridge Rule", "events", "PutRule"},
        // Terraform AWS provider and terragrunt prose for S3 (OPMAP.md §1 row 11: terragrunt "Create S3 bucket").
        {"Create S3 bucket", "s3", "CreateBucket"},
        {"creating S3 Bucket", "s3", "CreateBucket"},
        {"putting S3 ACL", "s3", "PutBucketAcl"},
        {"getting S3 Bucket Object Lock configuration", "s3", "GetObjectLockConfiguration"},
        {"reading S3 Bucket (", "s3", "HeadBucket"},
        {"getting S3 Bucket ACL", "s3", "GetBucketAcl"},
        {"putting S3 Bucket Policy", "s3", "PutBucketPolicy"},
        // API Gateway's IAM actions are HTTP verbs (apigateway:POST): the prose names only the service.
        {"creating API Gateway", "apigateway", ""},
    };
    for (const prose& pr : proses) {
        for_each_match(ix, pr.text, [&](std::size_t p) {
            item it = make(p, p + pr.text.size(), direction::prefix, s_tf_prose, 20, 900);
            it.service = pr.service;
            it.inferred_op = pr.op;
            out.items.push_back(std::move(it));
        });
    }
    // Organizations' own wording for a denial.
    for_each_match(ix, "You don't have permissions to access this resource", [&](std::size_t p) { out.hints.push_back({p, "organizations"}); });
    for_each_match(ix, "reading Secrets Manager Secret", [&](std::size_t p) {
        const std::size_t pol = find_within(t, ") policy", p, 300);
        if (pol == std::string_view::npos) return;
        item it = make(p, pol + 8, direction::prefix, s_tf_prose, 20, 900);
        it.service = "secretsmanager";
        it.inferred_op = "GetResourcePolicy";
        out.items.push_back(std::move(it));
    });
}

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

// botocore / CLI `--debug` logs (E22): the operation is named by `OperationModel(name=GetParameter)` and
// the JSON protocol's `X-Amz-Target: AmazonSSM.GetParameter` header, the error code by `x-amzn-ErrorType`.
// They print long before the response body holding the sentence, so their window is wide.
void debug_logs(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    // Go v1 LogDebugWithHTTPBody: "DEBUG: Request ec2/DescribeInstances Details:", "DEBUG: Validate Response
    // ec2/DescribeInstances failed, not retrying, error UnauthorizedOperation: ..."
    for (std::string_view m : {std::string_view("DEBUG: Request "), std::string_view("DEBUG: Response "),
                               std::string_view("DEBUG: Validate Response ")})
        for_each_match(ix, m, [&](std::size_t p) {
            const std::size_t s = p + m.size();
            std::size_t slash = s;
            while (slash < t.size() && slash - s < 40 && (is_alnum(t[slash]) || t[slash] == '-' || t[slash] == '.')) ++slash;
            if (slash == s || slash >= t.size() || t[slash] != '/') return;
            const std::string_view op = read_ident(t, slash + 1);
            if (op.size() < 3 || !is_upper(op[0])) return;
            item it = make(p, slash + 1 + op.size(), direction::both, s_debug_op, 45, 6000);
            it.op = std::string(op);
            it.service = service_from_id(t.substr(s, slash - s), cat);
            out.items.push_back(std::move(it));
        });
    for_each_match(ix, "OperationModel(name=", [&](std::size_t p) {
        const std::string_view op = read_ident(t, p + 20);
        if (op.empty() || !at(t, p + 20 + op.size(), ")")) return;
        item it = make(p, p + 21 + op.size(), direction::both, s_debug_op, 45, 6000);
        it.op = std::string(op);
        out.items.push_back(std::move(it));
    });
    for (std::string_view header : {std::string_view("X-Amz-Target"), std::string_view("x-amz-target")})
        for_each_match(ix, header, [&](std::size_t p) {
            std::size_t v = p + header.size();
            while (v < t.size() && v - p < 24 && (t[v] == '\'' || t[v] == '"' || t[v] == ':' || t[v] == ' ' || t[v] == 'b'))
                ++v;  // `': b'` of a Python dict, `: ` of a header line
            const std::string_view target = read_code(t, v);
            const std::size_t dot = target.rfind('.');
            if (dot == std::string_view::npos || dot == 0 || dot + 1 >= target.size()) return;
            item it = make(p, v + target.size(), direction::both, s_debug_target, 50, 6000);
            it.op = std::string(target.substr(dot + 1));
            std::string_view prefix = target.substr(0, dot);
            if (const std::size_t u = prefix.find('_'); u != std::string_view::npos) prefix = prefix.substr(0, u);  // DynamoDB_20120810
            it.service = service_from_id(prefix, cat);
            for (std::string_view vendor : {std::string_view("Amazon"), std::string_view("AWS")})
                if (it.service.empty() && prefix.substr(0, vendor.size()) == vendor) it.service = service_from_id(prefix.substr(vendor.size()), cat);
            if (it.service.empty() && prefix.size() > 7 && prefix.substr(prefix.size() - 7) == "Service")
                it.service = service_from_id(prefix.substr(prefix.rfind("AWS", 0) == 0 ? 3 : 0, prefix.size() - 7 - (prefix.rfind("AWS", 0) == 0 ? 3 : 0)), cat);
            out.items.push_back(std::move(it));
        });
    // (HTTP header names are case-insensitive: Soto and Kotlin log them lower-cased, "x-amzn-errortype : C".)
    for (std::string_view header : {std::string_view("x-amzn-ErrorType"), std::string_view("x-amzn-errortype")})
    for_each_match(ix, header, [&](std::size_t p) {
        std::size_t v = p + 16;
        while (v < t.size() && v - p < 24 && (t[v] == '\'' || t[v] == '"' || t[v] == ':' || t[v] == ' ')) ++v;
        const std::string_view code = read_code(t, v);
        if (code.empty() || !is_denial_code(std::string(code))) return;
        item it = make(p, v + code.size(), direction::both, s_debug_code, 60, 6000);
        it.code = std::string(code);
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
}

// Operation names other SDKs print (E10): Kotlin's `PutItemOperationDeserializer` stack frames, the C++
// SDK's `Exception calling GetTable:`, Ruby's client log `[Aws::STS::Client 403 0.29 0 retries]
// assume_role(`, and a Query-protocol body `Action=DescribeInstances&Version=…` in a wire dump. Kotlin's
// "Service returned error code 403" is a denial code of its own.
void sdk_operations(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    auto add_op = [&](std::size_t pos, std::size_t end, std::string op, int priority) {
        item it = make(pos, end, direction::both, s_sdk_op, priority, 3000);
        it.op = std::move(op);
        out.items.push_back(std::move(it));
    };
    for_each_match(ix, "OperationDeserializer", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && p - b < 64 && is_alnum(t[b - 1])) --b;
        if (b == p || !is_upper(t[b])) return;
        add_op(b, p + 21, std::string(t.substr(b, p - b)), 40);
    });
    for_each_match(ix, "Exception calling ", [&](std::size_t p) {
        const std::string_view op = read_ident(t, p + 18);
        if (op.size() < 3 || !is_upper(op[0]) || !at(t, p + 18 + op.size(), ":")) return;
        add_op(p, p + 18 + op.size(), std::string(op), 55);
    });
    for_each_match(ix, " retries] ", [&](std::size_t p) {
        const std::string_view method = read_ident(t, p + 10);
        if (method.empty() || !at(t, p + 10 + method.size(), "(") || !(method[0] >= 'a' && method[0] <= 'z')) return;
        std::string op;
        for (std::size_t i = 0; i < method.size(); ++i) {  // assume_role -> AssumeRole
            if (method[i] == '_') continue;
            const bool start = i == 0 || method[i - 1] == '_';
            op += start && method[i] >= 'a' && method[i] <= 'z' ? static_cast<char>(method[i] - 32) : method[i];
        }
        add_op(p, p + 10 + method.size(), std::move(op), 55);
    });
    // PHP's stand-alone S3 class: "S3::deleteObject(): [AccessDenied] Access Denied" (method = operation).
    for_each_match(ix, "S3::", [&](std::size_t p) {
        if (p > 0 && is_alnum(t[p - 1])) return;
        const std::string_view method = read_ident(t, p + 4);
        if (method.size() < 3 || !(method[0] >= 'a' && method[0] <= 'z') || !at(t, p + 4 + method.size(), "()")) return;
        std::string op(method);
        op[0] = static_cast<char>(op[0] - 32);
        add_op(p, p + 4 + method.size(), std::move(op), 45);
        out.hints.push_back({p, "s3"});
    });
    for_each_match(ix, "Action=", [&](std::size_t p) {
        if (p > 0 && (is_alnum(t[p - 1]) || t[p - 1] == '_')) return;
        const std::string_view op = read_ident(t, p + 7);
        if (op.size() < 3 || !is_upper(op[0]) || !at(t, p + 7 + op.size(), "&")) return;
        add_op(p, p + 7 + op.size(), std::string(op), 35);
    });
    // Go v1 awserr for an S3 HEAD: `Forbidden: Forbidden\n\tstatus code: 403, request id: …` (no body, so
    // no AccessDenied code). Only with its status line: "Forbidden:" alone is also Kubernetes' word.
    for_each_match(ix, "Forbidden: ", [&](std::size_t p) {
        if (p > 0 && is_alnum(t[p - 1])) return;
        const std::size_t status = find_within(t, "status code: 403", p + 11, 200);
        if (status == std::string_view::npos) return;
        item it = make(p, p + 9, direction::both, s_sdk_code, 55, 900);
        it.code = "Forbidden";
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
    // An S3 exception class whose message is S3's own "Access Denied" (.NET `Amazon.S3.AmazonS3Exception:
    // Access Denied`, Java/Kotlin `S3Exception: Access Denied` without a suffix): a denial with no code printed.
    for_each_match(ix, "S3Exception: Access Denied", [&](std::size_t p) {
        item it = make(p, p + 26, direction::both, s_sdk_code, 45, 900);
        it.service = "s3";
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
    // JS SDK v3 error object of a bodiless 403 (a HEAD): `"name": "403"` with `"httpStatusCode": 403` in its
    // `$metadata`.
    for_each_match(ix, "\"httpStatusCode\": 403", [&](std::size_t p) {
        const std::size_t name = p > 600 ? find_within(t, "\"name\": \"403\"", p - 600, 600) : find_within(t, "\"name\": \"403\"", 0, p);
        if (name == std::string_view::npos || name > p) return;
        item it = make(name, p + 21, direction::both, s_sdk_code, 45, 900);
        it.code = "403";
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
    for_each_match(ix, "Service returned error code ", [&](std::size_t p) {
        const std::string_view code = read_ident(t, p + 28);
        if (code != "403") return;
        item it = make(p, p + 28 + code.size(), direction::both, s_sdk_code, 50, 900);
        it.code = std::string(code);
        it.standalone = true;
        out.items.push_back(std::move(it));
    });
}

// "getObject" / "get_object" / "GetObjectWithContext" -> "GetObject"; "" when it is not an operation name.
std::string operation_from_method(std::string_view method) {
    std::string op = pascal_case(method);
    for (std::string_view suffix : {std::string_view("WithContext"), std::string_view("Pages"), std::string_view("Async"),
                                    std::string_view("Request")})
        if (op.size() > suffix.size() + 2 && op.compare(op.size() - suffix.size(), suffix.size(), suffix) == 0)
            op.erase(op.size() - suffix.size());
    // Java v1's high-level names for a HEAD request.
    if (op == "GetObjectMetadata" || op == "DoesObjectExist") op = "HeadObject";
    if (op.size() < 3 || !is_upper(op[0])) return {};
    for (char c : op)
        if (!is_alnum(c)) return {};
    return op;
}

// The Rust SDK's Debug form of an error: `ServiceError(ServiceError { source: GetObjectError { kind: ...,
// meta: Error { code: Some("AccessDenied"), message: Some("Access Denied"), ... } }, raw: Response {
// status: StatusCode(403) ...`. The code is a quoted Option; the operation is the error type's name
// (`<Op>Error`) before it.
void rust_sdk(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    for_each_match(ix, "code: Some(\"", [&](std::size_t p) {
        const std::size_t s = p + 12;
        const std::string_view code = read_code(t, s);
        if (code.empty() || !at(t, s + code.size(), "\")")) return;
        item it = make(p, s + code.size() + 2, direction::both, s_sdk_code, 50, 1500);
        it.code = std::string(code);
        it.standalone = is_denial_code(it.code);
        if (!it.standalone) return;
        out.items.push_back(std::move(it));
        // The nearest `source: <Op>Error {` / `<Op>Error::Unhandled(` before the code names the call.
        const std::size_t lo = p > 600 ? p - 600 : 0;
        for (std::size_t q = rfind_in(t, "Error", lo, p); q != std::string_view::npos && q > lo;
             q = rfind_in(t, "Error", lo, q)) {
            std::size_t b = q;
            while (b > lo && is_alnum(t[b - 1])) --b;
            const std::string_view op = t.substr(b, q - b);
            const bool shaped = at(t, q + 5, " {") || at(t, q + 5, "::") || at(t, q + 5, "(");
            if (op.size() < 3 || !is_upper(op[0]) || !shaped || op == "Service" || op == "Sdk" || op == "Unhandled" ||
                op == "Dispatch" || op == "Construction" || op == "Response" || op == "Timeout") continue;
            item o = make(b, q + 5, direction::both, s_sdk_op, 45, 1500);
            o.op = std::string(op);
            out.items.push_back(std::move(o));
            break;
        }
    });
    // A HEAD request has no body, so S3's refusal reaches the SDK with `code: None` and only the raw response's
    // `status: 403` (`ServiceError { source: HeadObjectError { ... meta: Error { code: None, ... } }, raw: Response {
    // inner: Response { status: 403, ...`). As Go v1's bodiless `Forbidden: Forbidden status code: 403`, the status
    // is the denial; a ServiceError that printed a code is read above instead.
    for_each_match(ix, "raw: Response {", [&](std::size_t p) {
        std::size_t status = find_within(t, "status: 403,", p, 80);
        if (status == std::string_view::npos) status = find_within(t, "status: StatusCode(403)", p, 80);
        const std::size_t lo = p > 1500 ? p - 1500 : 0;
        const std::size_t service_error = rfind_in(t, "ServiceError {", lo, p);
        if (status == std::string_view::npos || service_error == std::string_view::npos ||
            find_within(t, "code: Some(", service_error, p - service_error) != std::string_view::npos)
            return;
        item it = make(service_error, status + 11, direction::both, s_sdk_code, 45, 1500);
        it.code = "403";
        it.standalone = true;
        out.items.push_back(std::move(it));
        // The error type names the call: `source: HeadObjectError {` / `err: HeadObjectError {`.
        const std::size_t q = find_within(t, "Error {", service_error + 14, 80);
        if (q == std::string_view::npos) return;
        std::size_t b = q;
        while (b > service_error && is_alnum(t[b - 1])) --b;
        const std::string_view op = t.substr(b, q - b);
        if (op.size() < 3 || !is_upper(op[0])) return;
        item o = make(b, q + 5, direction::both, s_sdk_op, 45, 1500);
        o.op = std::string(op);
        out.items.push_back(std::move(o));
    });
    // Display form: "service error: unhandled error (AccessDenied): ..." and the error type's path
    // "aws_sdk_s3::operation::head_object::HeadObjectError".
    for_each_match(ix, "unhandled error (", [&](std::size_t p) {
        const std::string_view code = read_code(t, p + 17);
        if (code.empty() || !at(t, p + 17 + code.size(), ")")) return;
        item it = make(p, p + 18 + code.size(), direction::both, s_sdk_code, 50, 1500);
        it.code = std::string(code);
        it.standalone = is_denial_code(it.code);
        if (it.standalone) out.items.push_back(std::move(it));
    });
    for_each_match(ix, "::operation::", [&](std::size_t p) {
        std::size_t s = p + 13;
        while (s < t.size() && s - p < 80 && (is_alnum(t[s]) || t[s] == '_')) ++s;
        if (!at(t, s, "::")) return;
        const std::string_view name = read_ident(t, s + 2);
        if (name.size() < 8 || !is_upper(name[0]) || name.substr(name.size() - 5) != "Error") return;
        item o = make(p, s + 2 + name.size(), direction::both, s_sdk_op, 45, 1500);
        o.op = std::string(name.substr(0, name.size() - 5));
        o.whole = true;
        out.items.push_back(std::move(o));
    });
}

// The operation in an SDK client's own stack frame (OPMAP.md §1 row 5), the frame nearest the error
// (stacks list callers after callees, so the first client frame after the error is the call):
//   Java v1 `com.amazonaws.services.s3.AmazonS3Client.getObject(` (its `invoke`/`doInvoke` are internal)
//   Java v2 `software.amazon.awssdk.services.s3.DefaultS3Client.headObject(`
//   .NET    `Amazon.S3.AmazonS3Client.GetObjectMetadataAsync(`
//   Ruby    `aws-sdk-s3/client.rb:8290:in `get_object'`
//   Go v1   `github.com/aws/aws-sdk-go/service/s3.(*S3).GetObject(`
void sdk_frames(scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = ix.text;
    std::size_t floor = 0;  // one item per stack: frames after a taken one (same stack) are skipped
    auto take = [&](std::size_t pos, std::size_t end, std::string op, std::string service) {
        if (op.empty() || pos < floor) return;
        item it = make(pos, end, direction::both, s_sdk_frame, 30, 4000);
        it.op = std::move(op);
        it.service = std::move(service);
        out.items.push_back(std::move(it));
        floor = end + 2000;
    };
    // Java: "...services.<pkg>.<Class>Client.<method>(" and .NET "Amazon.<Svc>.Amazon<Svc>Client.<Method>("
    for_each_match(ix, "Client.", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && p - b < 200 && (is_alnum(t[b - 1]) || t[b - 1] == '.' || t[b - 1] == '_')) --b;
        const std::string_view cls = t.substr(b, p - b);
        std::string service;
        if (cls.rfind("com.amazonaws.services.", 0) == 0 || cls.rfind("software.amazon.awssdk.services.", 0) == 0) {
            const std::size_t pkg = cls.find("services.") + 9;
            service = service_from_id(cls.substr(pkg, cls.find('.', pkg) - pkg), cat);
        } else if (cls.rfind("Amazon.", 0) == 0) {
            service = service_from_id(cls.substr(7, cls.find('.', 7) - 7), cat);
        } else {
            return;
        }
        const std::string_view method = read_ident(t, p + 7);
        if (method.empty() || !at(t, p + 7 + method.size(), "(")) return;
        if (method == "invoke" || method == "doInvoke" || method == "execute" || method.rfind("beforeClient", 0) == 0) return;
        std::string_view m = method;
        if (m.rfind("execute", 0) == 0 && m.size() > 7 && is_upper(m[7])) m.remove_prefix(7);  // executeGetObject
        if (m.rfind("do", 0) == 0 && m.size() > 2 && is_upper(m[2])) m.remove_prefix(2);            // doUploadPart
        take(b, p + 7 + method.size(), operation_from_method(m), service);
    });
    // Java v1 names the request class in its user agent / error: "com.amazonaws.services.s3.model.GetObjectMetadataRequest"
    // (Found through "Request", a capital: ".model." alone would be anchored on `.`, common in every log.)
    for_each_match(ix, "Request", [&](std::size_t r) {
        std::size_t p = r;
        while (p > 0 && r - p < 80 && is_alnum(t[p - 1])) --p;
        if (p < 7 || !ends_at(t, p, ".model.")) return;
        p -= 7;
        const std::string_view cls = read_ident(t, p + 7);
        if (cls.size() < 10 || !is_upper(cls[0]) || cls.substr(cls.size() - 7) != "Request") return;
        std::size_t b = p;
        while (b > 0 && p - b < 80 && (is_alnum(t[b - 1]) || t[b - 1] == '.')) --b;
        const std::string_view pkg = t.substr(b, p - b);
        const std::size_t svc_at = pkg.rfind("services.");
        if (svc_at == std::string_view::npos) return;
        // Not printed as an operation: it only tells the action (inferred_op), not the `operation` field.
        const std::string op = operation_from_method(cls.substr(0, cls.size() - 7));
        if (op.empty()) return;
        item it = make(b, p + 7 + cls.size(), direction::both, s_sdk_frame, 25, 4000);
        it.inferred_op = op;
        it.service = service_from_id(pkg.substr(svc_at + 9), cat);
        out.items.push_back(std::move(it));
    });
    // Ruby: aws-sdk-<svc>/client.rb:NNN:in `get_object'
    for_each_match(ix, "/client.rb:", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && p - b < 64 && (is_alnum(t[b - 1]) || t[b - 1] == '-')) --b;
        const std::string_view gem = t.substr(b, p - b);
        if (gem.rfind("aws-sdk-", 0) != 0) return;
        const std::size_t in = find_within(t, ":in ", p + 11, 12);
        if (in == std::string_view::npos) return;
        std::size_t m = in + 4;
        if (m < t.size() && (t[m] == '`' || t[m] == '\'')) ++m;
        const std::string_view method = read_ident(t, m);
        // Ruby methods are the operations in snake case, reported as printed (`get_object`).
        if (operation_from_method(method).empty()) return;
        take(b, m + method.size(), std::string(method), service_from_id(gem.substr(8), cat));
    });
    // Ruby v1 generated its client methods with eval: "from (eval):3:in `get_bucket_website'"
    for_each_match(ix, "(eval):", [&](std::size_t p) {
        const std::size_t in = find_within(t, ":in ", p + 7, 8);
        if (in == std::string_view::npos) return;
        std::size_t m = in + 4;
        if (m < t.size() && (t[m] == '`' || t[m] == '\'')) ++m;
        const std::string_view method = read_ident(t, m);
        if (method.find('_') == std::string_view::npos || operation_from_method(method).empty()) return;
        take(p, m + method.size(), std::string(method), {});
    });
    // Go v1: service/<svc>.(*<Client>).<Op>(
    for_each_match(ix, "service/", [&](std::size_t p) {
        const std::string_view svc = read_ident(t, p + 8);
        const std::size_t dot = p + 8 + svc.size();
        if (svc.empty() || !at(t, dot, ".(*")) return;
        const std::size_t close = find_within(t, ").", dot + 3, 64);
        if (close == std::string_view::npos) return;
        const std::string_view method = read_ident(t, close + 2);
        if (method.empty() || !at(t, close + 2 + method.size(), "(")) return;
        take(p, close + 2 + method.size(), operation_from_method(method), service_from_id(svc, cat));
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

// CodeBuild's DOWNLOAD_SOURCE phase names the S3 object it could not fetch after the S3 error it relays:
// "AccessDenied: Access Denied status code: 403, request id: ..., host id: ... for primary source and source
// version arn:aws:s3:::bucket/key" (a pipeline's artifact). That object is the denial's resource.
void codebuild_source(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    static constexpr std::string_view phrase = "source and source version ";
    for_each_match(ix, phrase, [&](std::size_t p) {
        const std::size_t s = p + phrase.size();
        if (!at(t, s, "arn:")) return;
        std::size_t e = s;
        while (e < t.size() && e - s < max_uri_length && t[e] != ' ' && t[e] != '"' && t[e] != '\'' && t[e] != '`') ++e;
        std::string_view arn = t.substr(s, e - s);
        while (!arn.empty() && (arn.back() == '.' || arn.back() == ',' || arn.back() == ')')) arn.remove_suffix(1);
        if (arn.size() <= 4) return;
        item it = make(p, e, direction::suffix, s_codebuild_source, 20);
        it.resource = std::string(arn);
        out.items.push_back(std::move(it));
    });
}

// The URI at [p, e) is the source of an S3-to-S3 copy: "aws s3 cp|mv|sync [options] s3://SRC s3://DST" on one
// line. Reads (HeadObject, GetObject) are of the source; the destination may not even name a key (case 1068).
bool copy_source(const flat_text& f, std::size_t p, std::size_t e) {
    const std::string_view t = f.text;
    const int line = f.line_at(p);
    const std::size_t lo = p > 300 ? p - 300 : 0;
    bool command = false;
    for (std::string_view verb : {std::string_view("s3 cp "), std::string_view("s3 mv "), std::string_view("s3 sync ")}) {
        const std::size_t v = rfind_in(t, verb, lo, p);
        if (v != std::string_view::npos && f.line_at(v) == line && rfind_in(t, "s3://", v, p) == std::string_view::npos)
            command = true;
    }
    if (!command) return false;
    const std::size_t next = find_within(t, "s3://", e, 300);
    return next != std::string_view::npos && f.line_at(next) == line;
}

// "aws s3 sync s3://bucket/prefix ..." names the bucket an S3 error is about (case 125).
void s3_uris(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    // A match inside the URI the previous match read ends where that one ended: no separator lies
    // between them. So every byte is scanned once, even on a line repeating "s3://" (issue 8).
    std::size_t run_end = 0;
    for_each_match(ix, "s3://", [&](std::size_t p) {
        const std::size_t s = p + 5;
        std::size_t e = s;
        if (s <= run_end) {
            e = run_end;
        } else {
            while (e < t.size() && t[e] != ' ' && t[e] != '"' && t[e] != '\'' && t[e] != '`') ++e;
            run_end = e;
        }
        if (e - s > max_uri_length) return;  // not a real URI
        std::string_view uri = t.substr(s, e - s);
        // The sentence's punctuation after it ("upload failed: ./a.txt to s3://b/k: An error ...").
        while (!uri.empty() && (uri.back() == ':' || uri.back() == ',' || uri.back() == '.' || uri.back() == ')')) uri.remove_suffix(1);
        const std::size_t slash = uri.find('/');
        const std::string_view bucket = uri.substr(0, slash);
        if (bucket.empty() || bucket.find('$') != std::string_view::npos) return;
        item it = make(p, e, direction::prefix, s_s3_uri, 1, 3000);
        it.s3_bucket = std::string(bucket);
        it.s3_key = slash == std::string_view::npos ? std::string() : std::string(uri.substr(slash + 1));
        it.s3_copy_source = copy_source(f, p, e);
        out.items.push_back(std::move(it));
    });
}

// boto3's managed upload wraps the PutObject error in "S3UploadFailedError: Failed to upload <file> to
// <bucket>/<key>: An error occurred ..." ('/'.join([bucket, key]) in boto3/s3/transfer.py): the destination is the
// resource, as in the CLI's "upload failed: <file> to s3://<bucket>/<key>" (cases 1145, 1148, 1149). The file name
// may hold " to ", a bucket never does: the last " to " before the ": " ends the file name.
void s3_upload_failures(scan_index& ix, scan_result& out) {
    const std::string_view t = ix.text;
    static constexpr std::string_view lead = "Failed to upload ";
    for_each_match(ix, lead, [&](std::size_t p) {
        const std::size_t s = p + lead.size();
        std::size_t colon = find_within(t, ": An error occurred", s, max_uri_length * 2);
        if (colon == std::string_view::npos) colon = find_within(t, ": ", s, max_uri_length * 2);
        if (colon == std::string_view::npos) return;
        const std::size_t to = rfind_in(t, " to ", s, colon);
        if (to == std::string_view::npos || to < s) return;
        const std::string_view dest = t.substr(to + 4, colon - to - 4);
        const std::size_t slash = dest.find('/');
        if (slash == std::string_view::npos || slash == 0 || slash + 1 >= dest.size()) return;
        item it = make(p, colon, direction::prefix, s_s3_upload, 5, 3000);
        it.s3_bucket = std::string(dest.substr(0, slash));
        it.s3_key = std::string(dest.substr(slash + 1));
        out.items.push_back(std::move(it));
    });
}

// A service word right before a lowerCamel operation of that service: a JS client call ("s3.getObject(") or an
// app's words about it ("Error calling S3 getObject: AccessDenied", case 1151). One pass over the text; the
// service table is consulted only at a lowerCamel word.
void service_call_hints(const flat_text& f, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = f.text;
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
        if ((t[i] != ' ' && t[i] != '.') || !(t[i + 1] >= 'a' && t[i + 1] <= 'z') || !is_alnum(t[i - 1])) continue;
        const std::string_view method = read_ident(t, i + 1);
        bool camel = false;
        for (char c : method) camel = camel || is_upper(c);
        if (!camel || method.size() > max_token_length) continue;
        std::size_t b = i;
        while (b > 0 && i - b < 20 && is_alnum(t[b - 1])) --b;
        if (b > 0 && is_ident(t[b - 1])) continue;  // part of a longer name
        const std::string service = service_from_id(t.substr(b, i - b), cat);
        if (service.empty()) continue;
        const std::string op = pascal_case(method);
        const bool known = !mapped_action_name(service, op).empty() || (cat && cat->find_action(service + ":" + op));
        if (known) out.hints.push_back({b, service});
    }
}

void hints(const flat_text& f, scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = f.text;
    service_call_hints(f, cat, out);
    auto add = [&](std::size_t pos, std::string svc) {
        if (!svc.empty()) out.hints.push_back({pos, std::move(svc)});
    };
    // Java "com.amazonaws.services.<pkg>.model." / "software.amazon.awssdk.services.<pkg>.model."
    for_each_match(ix, "services.", [&](std::size_t p) {
        const std::string_view pkg = read_ident(t, p + 9);
        if (!pkg.empty() && at(t, p + 9 + pkg.size(), ".model.")) add(p, service_from_id(pkg, cat));
    });
    // .NET "Amazon.<Svc>.Amazon<Svc>Exception"
    for_each_match(ix, "Amazon.", [&](std::size_t p) {
        const std::string_view svc = read_ident(t, p + 7);
        if (!svc.empty() && at(t, p + 7 + svc.size(), ".Amazon")) add(p, service_from_id(svc, cat));
    });
    for_each_match(ix, "AmazonS3", [&](std::size_t p) { add(p, "s3"); });
    for_each_match(ix, "@aws-sdk/client-", [&](std::size_t p) {
        std::size_t e = p + 16;
        while (e < t.size() && (is_alnum(t[e]) || t[e] == '-')) ++e;
        add(p, service_from_id(t.substr(p + 16, e - p - 16), cat));
    });
    for_each_match(ix, "aws-sdk/lib/services/", [&](std::size_t p) {
        add(p, service_from_id(read_ident(t, p + 21), cat));
    });
    // Rust crates "aws_sdk_s3::operation::get_object::GetObjectError"
    for_each_match(ix, "aws_sdk_", [&](std::size_t p) {
        std::size_t e = p + 8;
        while (e < t.size() && e - p < 40 && is_alnum(t[e])) ++e;
        if (at(t, e, "::")) add(p, service_from_id(t.substr(p + 8, e - p - 8), cat));
    });
    for_each_match(ix, "aws.sdk.kotlin.services.", [&](std::size_t p) {
        add(p, service_from_id(read_ident(t, p + 24), cat));
    });
    for_each_match(ix, "s3err.", [&](std::size_t p) { add(p, "s3"); });
    // Docker's awslogs driver (ECS): "failed to create Cloudwatch log stream: AccessDeniedException: User: ...",
    // often cut after the principal by the console.
    for (std::string_view awslogs : {std::string_view("create Cloudwatch log "), std::string_view("create CloudWatch log ")})
        for_each_match(ix, awslogs, [&](std::size_t p) { add(p, "logs"); });
    for_each_match(ix, "boto3/s3/", [&](std::size_t p) { add(p, "s3"); });
    for_each_match(ix, "s3transfer", [&](std::size_t p) { add(p, "s3"); });
    // boto3.client('s3') / boto3.client("s3", ...) / boto3.resource('dynamodb')
    for (std::string_view call : {std::string_view("client('"), std::string_view("client(\""), std::string_view("resource('"),
                                  std::string_view("resource(\"")})
        for_each_match(ix, call, [&](std::size_t p) {
            std::size_t e = p + call.size();
            while (e < t.size() && e - p < 64 && (is_alnum(t[e]) || t[e] == '-')) ++e;
            if (e < t.size() && t[e] == call.back()) add(p, service_from_id(t.substr(p + call.size(), e - p - call.size()), cat));
        });
    // Python traceback source lines (OPMAP.md §1 row 10): after each `File "…", line N, in f` frame, the
    // source line `obj = s3.get_object(`, `sqs_client.send_message(` -- a variable named after a service
    // calling a snake_case method. `source_call` reads one source text [b, e).
    auto source_call = [&](std::size_t b, std::size_t e) {
        for (std::size_t dot = find_within(t, ".", b, e - b); dot != std::string_view::npos && dot < e;
             dot = find_within(t, ".", dot + 1, e - dot - 1)) {
            std::size_t m = dot + 1, x = m;
            while (x < e && (is_alnum(t[x]) || t[x] == '_')) ++x;
            if (x >= e || t[x] != '(' || x == m || !(t[m] >= 'a' && t[m] <= 'z') || t.substr(m, x - m).find('_') == std::string_view::npos)
                continue;
            std::size_t v = dot;
            while (v > b && dot - v < 32 && (is_alnum(t[v - 1]) || t[v - 1] == '_')) --v;
            std::string var = lower_copy(t.substr(v, dot - v));
            for (std::string_view suffix : {std::string_view("_client"), std::string_view("client"), std::string_view("_resource")})
                if (var.size() > suffix.size() && var.compare(var.size() - suffix.size(), suffix.size(), suffix) == 0)
                    var.erase(var.size() - suffix.size());
            if (var.size() >= 2) add(v, service_from_id(var, cat));
            break;
        }
    };
    for_each_match(ix, "File \"", [&](std::size_t p) {
        std::size_t line = p;  // the next line: the frame's source
        while (line < t.size() && line - p < 400 && !f.break_at(line)) ++line;
        if (line >= t.size() || line - p >= 400) return;
        std::size_t end = line + 1;
        while (end < t.size() && end - line < 200 && !f.break_at(end)) ++end;
        source_call(line + 1, end);
    });
    // The same frames as JSON (a Lambda error's "stackTrace", also inside a Step Functions "cause"):
    // ["/var/task/app.py", 52, "handler", "obj = s3.get_object(Bucket=B, Key=K)"]
    for_each_match(ix, ".py\",", [&](std::size_t p) {
        const std::size_t close = find_within(t, "]", p, 400);
        if (close != std::string_view::npos) source_call(p + 5, close);
    });
    // Only S3 answers with a host id / extended request id: Go v1 "host id:", JS "HostId"/"extendedRequestId", Rust "s3_extended_request_id",
    // Java "S3 Extended Request ID"; and an s3:// URI names S3 (OPMAP.md §1 row 13).
    for (std::string_view s3_mark : {std::string_view("host id: "), std::string_view("HostId"), std::string_view("extendedRequestId"),
                                     std::string_view("S3 Extended Request ID"),
                                     std::string_view("s3_extended_request_id"), std::string_view("s3://")})
        for_each_match(ix, s3_mark, [&](std::size_t p) {
            // JS v3 prints `extendedRequestId: undefined` in every error's metadata: only a value is S3's.
            const std::size_t v = skip_spaces(t, p + s3_mark.size() + ((p + s3_mark.size() < t.size() && (t[p + s3_mark.size()] == '"' || t[p + s3_mark.size()] == '\'')) ? 1 : 0));
            const std::size_t after = v < t.size() && t[v] == ':' ? skip_spaces(t, v + 1) : v;
            if (at(t, after, "undefined") || at(t, after, "null") || at(t, after, "None")) return;
            add(p, "s3");
        });
    // CloudFormation resource types "AWS::Logs::LogGroup"
    for_each_match(ix, "AWS::", [&](std::size_t p) {
        const std::string_view svc = read_ident(t, p + 5);
        if (!svc.empty() && at(t, p + 5 + svc.size(), "::") && svc != "AccountId" && svc != "Region")
            add(p, service_from_id(svc, cat));
    });
    // Endpoint hosts: https://<prefix>.<region>.amazonaws.com, <acct>.dkr.ecr.<region>.amazonaws.com
    for_each_match(ix, ".amazonaws.com", [&](std::size_t p) {
        std::size_t b = p;
        while (b > 0 && p - b < max_token_length &&
               (is_alnum(t[b - 1]) || t[b - 1] == '-' || t[b - 1] == '.' || t[b - 1] == '$' || t[b - 1] == '_'))
            --b;
        const std::string_view host = t.substr(b, p - b);
        if (host.empty()) return;
        // A service principal ("lambda.amazonaws.com") names a service too, but not the denied one.
        if (b >= 1 && (t[b - 1] == '"' || t[b - 1] == '\'') && host.find('.') == std::string_view::npos) return;
        add(p, service_from_host(std::string(host) + ".amazonaws.com", cat));
    });
}

void lookalikes(scan_index& ix, scan_result& out) {
    struct marker {
        std::string_view text;
        const char* kind;
    };
    static constexpr marker markers[] = {
        {"ExpiredToken", "expired-token"},
        {"security token included in the request is expired", "expired-token"},
        {"security token included in the request is invalid", "invalid-token"},
        {"InvalidClientTokenId", "invalid-token"},
        {"UnrecognizedClientException", "invalid-token"},
        {"SignatureDoesNotMatch", "signature"},
        // S3's `AccessDenied` for a signed request (a presigned URL) sent with a header its signature does not
        // cover: a signing error, whatever the policies say (case 1127).
        {"headers present in the request which were not signed", "unsigned-headers"},
        {"NotAuthorizedException", "cognito-not-authorized"},
        {"Insufficient Lake Formation permission", "lake-formation"},
        {"Not authorized for images", "ami-auth-failure"},
        {"AuthFailure", "ami-auth-failure"},
        {"OrganizationAccessDeniedException", "organization-access"},
        // S3's answer to a presigned URL (or signed request) used after its expiry: `AccessDenied` with this
        // message, whatever the policies say.
        {"Request has expired", "request-expired"},
        // A Lambda call made while the function is still being updated (`Resource is not in the state ...`).
        {"is not in the state function", "resource-state"},
        // Google Cloud Storage and Azure Storage print the same words (`AccessDeniedException: 403`,
        // `<Code>AccessDenied</Code>`, "not authorized to perform this operation").
        {"gserviceaccount.com", "other-cloud"},
        {"storage.objects.", "other-cloud"},
        {"storage.buckets.", "other-cloud"},
        {"storage.googleapis.com", "other-cloud"},
        {"AuthorizationFailure", "other-cloud"},
        {"x-ms-request-id", "other-cloud"},
        // S3-compatible storage of other providers answers with S3's own `<Code>AccessDenied</Code>` (the AWS
        // SDKs talk to it too); the endpoint in the same error shows it is not AWS.
        {".r2.cloudflarestorage.com", "s3-compatible"},
        {"digitaloceanspaces.com", "s3-compatible"},
        {"wasabisys.com", "s3-compatible"},
        {"backblazeb2.com", "s3-compatible"},
        {"linodeobjects.com", "s3-compatible"},
        {"storage.yandexcloud.net", "s3-compatible"},
        {".aliyuncs.com", "s3-compatible"},
        {".myqcloud.com", "s3-compatible"},
        // The Amazon Selling Partner API answers an app's missing authorisation with `AccessDeniedException`.
        {"Access to requested resource is denied", "selling-partner"},
        // WorkDocs' answer to a request signed with bad credentials (a signing fault, no policy involved).
        {"Invalid SigV4 credentials", "signature"},
        // Textract and Rekognition read the S3 object as the caller and answer `InvalidS3ObjectException`
        // ("Unable to get object metadata from S3") without saying it was a denial: a pointer, not a denial.
        {"Unable to get object metadata from S3", "service-s3-read"},
        // IAM Identity Center's OIDC `CreateToken` answers `AccessDeniedException` while the user has not
        // approved the device login: a sign-in step, not an IAM policy.
        {"Service: SsoOidc", "sso-oidc"},
        // STS answers a wrong or unverifiable MFA code with `AccessDenied` ("MultiFactorAuthentication failed,
        // unable to validate MFA code"): a failed sign-in check, decided before any policy is read.
        {"MultiFactorAuthentication failed", "mfa-failed"},
        // The answer of an endpoint that could not tell which call a request is (a wrong port or host, a
        // malformed request): sent before any policy is read, under whatever code and wrapper the client
        // prints (`<AccessDeniedException>` read by .NET, botocore's "(403)" status).
        {"Unable to determine service/operation name to be authorized", "unresolved-operation"},
    };
    for (const marker& m : markers)
        for_each_match(ix, m.text, [&](std::size_t p) { out.lookalikes.push_back({p, m.kind}); });
}

}  // namespace

void find_envelopes(const flat_text& f, scan_index& ix, const iam::catalog* cat, scan_result& out) {
    const std::string_view t = f.text;
    botocore(ix, out);
    go_v2(ix, cat, out);
    code_tokens(f, ix, out);
    java(ix, cat, out);
    json_keys(ix, out);
    code_elements(ix, out);
    js_v3_ops(ix, out);
    php(ix, cat, out);
    cloudformation(ix, cat, out);
    tools(ix, out);
    terraform(f, ix, out);
    cloudtrail(ix, cat, out);
    cloudtrail_rows(f, ix, cat, out);
    debug_logs(ix, cat, out);
    sdk_operations(ix, out);
    sdk_frames(ix, cat, out);
    rust_sdk(ix, out);
    misc(ix, cat, out);
    s3_uris(f, ix, out);
    s3_upload_failures(ix, out);
    codebuild_source(ix, out);
    redshift_s3(ix, out);
    hints(f, ix, cat, out);
    lookalikes(ix, out);
    std::sort(out.items.begin(), out.items.end(), [](const item& a, const item& b) { return a.pos < b.pos; });
    std::sort(out.hints.begin(), out.hints.end(), [](const hint& a, const hint& b) { return a.pos < b.pos; });
    std::sort(out.lookalikes.begin(), out.lookalikes.end(),
              [](const lookalike& a, const lookalike& b) { return a.pos < b.pos; });
    // Where the log comes from: a Lambda function's own log means the principal is its execution role.
    for (std::string_view m : {std::string_view("/var/task/"), std::string_view("/var/runtime/"),
                               std::string_view("START RequestId:")})
        if (t.find(m) != std::string_view::npos) out.lambda_runtime = true;
    if (!out.lambda_runtime) {  // Python runtime format "[ERROR] 2024-08-14T20:22:05.431Z <request id> ..."
        for (std::string_view lvl : {std::string_view("[ERROR] "), std::string_view("[INFO] "), std::string_view("[WARNING] ")}) {
            std::size_t p = t.find(lvl);
            while (p != std::string_view::npos && !out.lambda_runtime) {
                const std::size_t d = p + lvl.size();
                if (d + 11 <= t.size() && is_digit(t[d]) && is_digit(t[d + 3]) && t[d + 4] == '-' && t[d + 10] == 'T')
                    out.lambda_runtime = true;
                p = t.find(lvl, p + 1);
            }
        }
    }
    out.sns_delivery = t.find("\"providerResponse\"") != std::string_view::npos ||
                       t.find("\"deliveryId\"") != std::string_view::npos;
}

}  // namespace wd::log::detail
