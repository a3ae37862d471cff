// SPDX-License-Identifier: MIT
// Error codes printed on their own rather than in a sentence of the SDK: "<Code>Exception:" tokens and the
// tools that print a bare code, JSON / XML / log keys holding the code, and XML bodies named after it.
#include "log/envelope_scanners.hpp"

namespace wd::log::detail {

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
    // The MinIO clients (minio-js, minio-go, used against S3 too) name S3's error `S3Error` and print only its
    // message: "S3Error: Access Denied." (case 1247).
    for (const std::string_view s3_access_denied : {std::string_view("S3 error: Access Denied"), std::string_view("S3Error: Access Denied")}) {
        for_each_match(ix, s3_access_denied, [&](std::size_t p) {
            item it = make(p, p + s3_access_denied.size(), direction::prefix, s_code_token, 50);
            it.code = "AccessDenied";
            it.service = "s3";
            it.standalone = true;
            out.items.push_back(std::move(it));
        });
    }
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

}  // namespace wd::log::detail
