// SPDX-License-Identifier: MIT
// The operation (and the bodiless 403 codes) that SDKs print away from their error line: debug logs and wire
// dumps, Kotlin/C++/Ruby/PHP operation names, the Rust SDK's error types, and SDK clients' stack frames.
#include "log/envelope_scanners.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

namespace {

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

}  // namespace

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

}  // namespace wd::log::detail
