// SPDX-License-Identifier: MIT
// The envelope scanners, one per kind of text around a denial, and the helpers they share. Each adds the items,
// service hints or look-alike markers it recognises to the scan result; find_envelopes (envelope.cpp) runs them
// in a fixed order. Internal to core/log.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "iam/catalog.hpp"
#include "log/flat_text.hpp"
#include "log/scan_types.hpp"
#include "log/scan_util.hpp"

namespace wd::log::detail {

// Which scanner made an item (item::scanner): items of one scanner never cluster together.
enum scanner_id {
    s_botocore = 1, s_gov2, s_code_token, s_java_service, s_error_code, s_json_key, s_js3_op, s_php, s_api_call,
    s_cfn_api, s_cdk, s_fluentbit, s_operation_colon, s_cloudtrail_source, s_cloudtrail_name, s_cloudtrail_user,
    s_cloudtrail_row, s_cloudtrail_resource, s_debug_op, s_debug_target, s_debug_code, s_sdk_op, s_sdk_code, s_sdk_frame, s_user_arn, s_tf_resource, s_tf_prose, s_encoded, s_smtp, s_ruby, s_s3_uri, s_logical_id, s_http_status, s_powershell, s_php_class, s_quoted_principal, s_code_element,
    s_codebuild_source, s_redshift_s3, s_s3_upload
};

// Reads an error-code-like token [A-Za-z0-9_.]+ at pos.
inline std::string_view read_code(std::string_view t, std::size_t pos) {
    std::size_t e = pos;
    while (e < t.size() && (is_ident(t[e]) || t[e] == '.')) ++e;
    std::string_view s = t.substr(pos, e - pos);
    while (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return s;
}

// A service id from an endpoint host (envelope.cpp).
std::string service_from_host(std::string_view host, const iam::catalog* cat);

// An item at [pos, end) made by `scanner`, attaching in direction `d` within `window` flat characters.
inline item make(std::size_t pos, std::size_t end, direction d, int scanner, int priority, std::size_t window = 700) {
    item it;
    it.pos = pos;
    it.end = end;
    it.dir = d;
    it.scanner = scanner;
    it.priority = priority;
    it.window = window;
    return it;
}

// SDK error envelopes (sdk_envelopes.cpp).
// botocore and the CLI: "An error occurred (<Code>) when calling the <Op> operation".
void botocore(scan_index& ix, scan_result& out);
// Go v2: "operation error <Service>: <Op>, ... api error <Code>:".
void go_v2(scan_index& ix, const iam::catalog* cat, scan_result& out);
// Java "(Service: <id>; Status Code: N; Error Code: C)" groups, "Error code: C" quoted, .NET "with Error Code C".
void java(scan_index& ix, const iam::catalog* cat, scan_result& out);
// JS v3 deserializer names "de_<Op>CommandError": the operation.
void js_v3_ops(scan_index& ix, scan_result& out);
// PHP: `Error executing "<Op>" on "https://<host>/..."`, and Guzzle's bodiless "403 Forbidden".
void php(scan_index& ix, const iam::catalog* cat, scan_result& out);
// Ruby "Aws::<Svc>::Errors::<Code>", PHP "Aws\<Svc>\Exception\<Class>", and principal ARNs with no IAM sentence.
void misc(scan_index& ix, const iam::catalog* cat, scan_result& out);

// Error codes printed on their own (error_code_tokens.cpp).
// "AccessDeniedException: ...", a bare code some tools print, "<Name>Exception:" right before a sentence.
void code_tokens(const flat_text& f, scan_index& ix, scan_result& out);
// The code under a JSON, XML or log key: "code", "__type", "errorCode", <Code>, (code=...), "Code:".
void json_keys(scan_index& ix, scan_result& out);
// An XML body whose root element is the denial code: "<AccessDeniedException> <Message>...".
void code_elements(scan_index& ix, scan_result& out);

// Infrastructure tools (tool_envelopes.cpp).
// CloudFormation: "Error calling API <svc>:<Op>", failed resources' logical ids, stack events "API: <svc>:<Op>".
void cloudformation(scan_index& ix, const iam::catalog* cat, scan_result& out);
// CDK, fluent-bit, PowerShell, CodePipeline, SES SMTP replies, encoded authorization failure messages.
void tools(scan_index& ix, scan_result& out);
// Terraform: the ARN in "Error: ... (arn:...)" and provider prose that names the call.
void terraform(const flat_text& f, scan_index& ix, scan_result& out);

// CloudTrail (cloudtrail_records.cpp).
// A record's JSON keys: eventSource, eventName, resources / requestParameters, userIdentity.
void cloudtrail(scan_index& ix, const iam::catalog* cat, scan_result& out);
// Rows of a console table or query result (one event per line) and the console's event details.
void cloudtrail_rows(const flat_text& f, scan_index& ix, const iam::catalog* cat, scan_result& out);

// Operations SDKs print away from their error line (sdk_operations.cpp).
// SDK and CLI debug logs: "DEBUG: Request <svc>/<Op>", OperationModel(name=...), X-Amz-Target, x-amzn-ErrorType.
void debug_logs(scan_index& ix, const iam::catalog* cat, scan_result& out);
// Kotlin, C++, Ruby, PHP and Query-protocol operation names, and codes of bodiless 403 answers.
void sdk_operations(scan_index& ix, scan_result& out);
// The operation in an SDK client's own stack frame, or Java v1's request class.
void sdk_frames(scan_index& ix, const iam::catalog* cat, scan_result& out);
// The Rust SDK's error: the code (or a bodiless 403) and the operation's error type.
void rust_sdk(scan_index& ix, scan_result& out);

// S3 (s3_envelopes.cpp).
// s3:// URIs: the bucket and key an S3 denial is about, and whether the URI is a copy's source.
void s3_uris(const flat_text& f, scan_index& ix, scan_result& out);
// boto3's "Failed to upload <file> to <bucket>/<key>": the destination object.
void s3_upload_failures(scan_index& ix, scan_result& out);
// CodeBuild's "source and source version arn:...": the S3 object it could not fetch.
void codebuild_source(scan_index& ix, scan_result& out);
// Redshift COPY and UNLOAD relaying S3's answer: "S3ServiceException:...,Error <Code>".
void redshift_s3(scan_index& ix, scan_result& out);

// Hints and look-alikes (hints_and_lookalikes.cpp).
// Service hints anywhere: SDK namespaces and packages, endpoint hosts, Python source lines, client calls, S3 marks.
void hints(const flat_text& f, scan_index& ix, const iam::catalog* cat, scan_result& out);
// Errors worded like a denial that no policy decided: expired tokens, signing faults, other clouds, ...
void lookalikes(scan_index& ix, scan_result& out);

}  // namespace wd::log::detail
