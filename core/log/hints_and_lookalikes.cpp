// SPDX-License-Identifier: MIT
// What the text says besides the envelope: service hints found anywhere (class namespaces, packages, endpoint
// hosts, Python source lines, client calls) and look-alike markers (errors worded like a denial that no policy
// decided: expired tokens, signing faults, other clouds, ...).
#include "log/envelope_scanners.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

namespace {

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

}  // namespace

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
        // STS refuses GetSessionToken and GetFederationToken called with temporary credentials (a role's, as a
        // Lambda function has) with `AccessDenied`: those calls need an IAM user's long-term keys (IAM User Guide,
        // "Compare AWS STS credentials"), whatever the policies say.
        {"with session credentials", "sts-session-credentials"},
        // The answer of an endpoint that could not tell which call a request is (a wrong port or host, a
        // malformed request): sent before any policy is read, under whatever code and wrapper the client
        // prints (`<AccessDeniedException>` read by .NET, botocore's "(403)" status).
        {"Unable to determine service/operation name to be authorized", "unresolved-operation"},
    };
    for (const marker& m : markers)
        for_each_match(ix, m.text, [&](std::size_t p) { out.lookalikes.push_back({p, m.kind}); });
}

}  // namespace wd::log::detail
