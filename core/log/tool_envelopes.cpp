// SPDX-License-Identifier: MIT
// Envelopes of infrastructure tools: CloudFormation (outer API calls, failed resources, stack events), the CDK,
// fluent-bit, PowerShell, CodePipeline, SES SMTP replies, encoded authorization messages and Terraform.
#include <algorithm>

#include "log/envelope_scanners.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

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
        // A Go program's own wrap of s3.PutObject (velero's object store: "error putting object <key>: AccessDenied").
        {"error putting object ", "s3", "PutObject"},
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

}  // namespace wd::log::detail
