// SPDX-License-Identifier: MIT
// Envelopes (FORMATS.md §4): the SDK, CLI and tool text around a denial that carries the error code, the API
// operation and the service -- botocore "An error occurred (C) when calling the Op operation", Go v1/v2, Java
// v1/v2 suffixes, JS v2/v3 dumps, PHP, .NET, Ruby, CloudFormation, Terraform, CDK, fluent-bit, CloudTrail keys --
// plus service hints found anywhere (class namespaces, endpoint hosts, Python paths) and look-alike markers.
// The scanners are in files of their own, by what they recognise (envelope_scanners.hpp); this file runs them in
// order.
#include <algorithm>

#include "log/envelope_scanners.hpp"
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
