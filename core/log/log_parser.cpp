// SPDX-License-Identifier: MIT
// Assembles denials: sentences (sentences.cpp) are the anchors; envelope items (envelope.cpp) attach to the
// nearest anchor in the direction they are printed (a botocore prefix before its message, a Java suffix after
// it); envelope items that say "denied" with no sentence near report a denial of their own. Then the action is
// normalised or inferred, the principal split, redactions listed and duplicates merged.
#include "log/log_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_map>

#include "common/utf8.hpp"
#include "log/decoded_message.hpp"
#include "log/principal.hpp"
#include "log/scan_types.hpp"
#include "log/scan_util.hpp"
#include "log/service_map.hpp"

namespace wd::log {

namespace {

using namespace detail;

constexpr std::size_t kMaxInput = 64u * 1024u * 1024u;
// Issue 8: distinct denials reported. A crafted 64 MB log can hold half a million distinct ones (one
// per line), whose JSON alone would be hundreds of MB; real logs show a handful.
constexpr std::size_t kMaxDenials = 1000;
constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

// Distance from an item to a candidate if the item may belong to it, else `none`.
std::size_t distance(const item& it, const candidate& c) {
    if (it.pos >= c.begin && it.pos < c.end) return 0;
    if (it.dir != direction::suffix && it.end <= c.begin + 1) {
        const std::size_t d = c.begin > it.end ? c.begin - it.end : 0;
        return d <= it.window ? d : none;
    }
    if (it.dir != direction::prefix && it.pos >= c.end) {
        const std::size_t d = it.pos - c.end;
        return d <= it.window ? d : none;
    }
    return none;
}

// The candidate an item belongs to: the nearest one it may belong to, looking only at the neighbours (an item
// never reaches over another candidate).
std::size_t owner(const item& it, const std::vector<candidate>& cs) {
    auto ub = std::upper_bound(cs.begin(), cs.end(), it.pos,
                               [](std::size_t pos, const candidate& c) { return pos < c.begin; });
    const std::size_t next = static_cast<std::size_t>(ub - cs.begin());
    std::size_t best = none, best_d = none;
    auto consider = [&](std::size_t k) {
        if (k >= cs.size()) return;
        const std::size_t d = distance(it, cs[k]);
        if (d < best_d) {
            best = k;
            best_d = d;
        }
    };
    consider(next);                   // first candidate starting after the item
    if (next > 0) consider(next - 1);  // the one starting before (the item may be inside it or after it)
    if (next > 1) consider(next - 2);
    return best;
}

// Weak sentences (EC2 "this operation", Bedrock model access) right after a sentence that names the action
// repeat the same failure in the service's words. Right before one, they open the same message: EC2's
// newer wording is "You are not authorized to perform this operation. User: … is not authorized to
// perform: ec2:… because …". The CDK's "could not be used to assume" is a warning it goes on after
// ("Proceeding anyway"): what fails next is another call (case 1204).
void merge_weak(std::vector<candidate>& cs) {
    std::vector<candidate> out;
    for (auto& c : cs) {
        if (c.weak && !out.empty() && c.begin >= out.back().begin && c.begin <= out.back().end + 300 &&
            !out.back().weak && out.back().kind != "cdk-assume") {
            out.back().end = std::max(out.back().end, c.end);
            continue;
        }
        if (!c.weak && !out.empty() && out.back().weak && c.begin >= out.back().end && c.begin <= out.back().end + 16) {
            c.begin = out.back().begin;
            out.back() = std::move(c);
            continue;
        }
        out.push_back(std::move(c));
    }
    cs = std::move(out);
}

// PHP SDK v3 prints an error as "<Code> (client): <message> - <Type> <Code> <Message> <RequestId>": after the
// " - " comes the parsed response body, the same message again ("... - Sender AccessDenied User: ..."). One
// response, so one denial, even where the copy differs (a redaction typed twice): the first print is kept.
bool restates_body(std::string_view gap) {
    for (std::string_view type : {std::string_view(" - Sender "), std::string_view(" - Receiver ")}) {
        if (gap.substr(0, type.size()) != type) continue;
        const std::string_view code = trim(gap.substr(type.size()));
        return !code.empty() && read_ident(code, 0).size() == code.size() && is_denial_code(std::string(code));
    }
    return false;
}

void merge_restated_bodies(const flat_text& f, std::vector<candidate>& cs) {
    std::vector<candidate> out;
    for (auto& c : cs) {
        if (!out.empty() && c.begin > out.back().end && c.begin - out.back().end < 64 &&
            restates_body(std::string_view(f.text).substr(out.back().end, c.begin - out.back().end))) {
            out.back().end = std::max(out.back().end, c.end);
            continue;
        }
        out.push_back(std::move(c));
    }
    cs = std::move(out);
}

// Is a look-alike marker (sorted by position) within 600 characters of [pos, end)? (A template or prose
// sentence only speaks for its own line's code: within 120.)
bool near_lookalike(const std::vector<lookalike>& ls, std::size_t pos, std::size_t end) {
    const std::size_t lo = pos > 600 ? pos - 600 : 0;
    for (auto it = std::lower_bound(ls.begin(), ls.end(), lo, [](const lookalike& l, std::size_t p) { return l.pos < p; });
         it != ls.end() && it->pos <= end + 600; ++it) {
        const std::size_t radius = it->kind == "template" ? 120 : 600;
        if (it->pos + radius >= pos && it->pos <= end + radius) return true;
    }
    return false;
}

// Standalone envelope items (a denial code with no sentence near) grouped into candidates: items of different
// scanners within a short distance describe the same error; two items of the same scanner are two errors.
//
// A message prints its envelope once: a standalone item printed after a candidate that already has a nearer item
// of the same scanner after it, on a later line, is a second error's (two Java exceptions listed one per line,
// each with its "(Service: Amazon S3; ...; Error Code: AccessDenied)", the first about a KMS ciphertext), not the
// candidate's. (On one line, a relayed error names its codes twice: Lambda's "S3 Error Code: AccessDenied ...
// (Service: AWSLambdaInternal; ...; Error Code: AccessDeniedException)".)
void add_standalone(const flat_text& f, scan_result& s) {
    std::vector<std::size_t> owners(s.items.size());
    std::unordered_map<std::uint64_t, std::size_t> first_after;  // (candidate, scanner) -> first item after its end
    auto key = [](std::size_t o, int scanner) { return (static_cast<std::uint64_t>(o) << 16) ^ static_cast<std::uint64_t>(scanner); };
    for (std::size_t i = 0; i < s.items.size(); ++i) {
        const item& it = s.items[i];
        owners[i] = owner(it, s.candidates);
        if (owners[i] == none || it.pos < s.candidates[owners[i]].end) continue;
        auto [slot, added] = first_after.emplace(key(owners[i], it.scanner), it.pos);
        if (!added) slot->second = std::min(slot->second, it.pos);
    }
    std::vector<candidate> extra;
    std::vector<int> scanners;
    for (std::size_t i = 0; i < s.items.size(); ++i) {
        const item& it = s.items[i];
        if (!it.standalone) continue;
        if (const std::size_t o = owners[i]; o != none) {
            if (it.pos < s.candidates[o].end) continue;
            const std::size_t first = first_after.at(key(o, it.scanner));  // (it is one of them, so there is one)
            if (!(first < it.pos && f.line_at(first) < f.line_at(it.pos))) continue;
        }
        if (near_lookalike(s.lookalikes, it.pos, it.end)) continue;
        bool joined = false;
        if (!extra.empty()) {
            candidate& last = extra.back();
            const bool same_scanner = std::find(scanners.begin(), scanners.end(), it.scanner) != scanners.end();
            if (!same_scanner && it.pos <= last.end + 400) {
                last.end = std::max(last.end, it.end);
                scanners.push_back(it.scanner);
                joined = true;
            }
        }
        if (!joined) {
            candidate c;
            c.begin = it.pos;
            c.end = it.end;
            c.kind = "envelope";
            extra.push_back(std::move(c));
            scanners.assign(1, it.scanner);
        }
    }
    for (auto& c : extra) s.candidates.push_back(std::move(c));
    std::sort(s.candidates.begin(), s.candidates.end(),
              [](const candidate& a, const candidate& b) { return a.begin < b.begin; });
}

struct chosen {
    std::string value;
    int priority = std::numeric_limits<int>::min();
    std::size_t dist = none;
    void offer(const std::string& v, int prio, std::size_t d) {
        if (v.empty()) return;
        if (prio > priority || (prio == priority && d < dist)) {
            value = v;
            priority = prio;
            dist = d;
        }
    }
};

std::string nearest_hint(const std::vector<hint>& hs, std::size_t pos) {
    if (hs.empty()) return {};
    auto it = std::lower_bound(hs.begin(), hs.end(), pos, [](const hint& h, std::size_t p) { return h.pos < p; });
    std::size_t best = none;
    std::string svc;
    if (it != hs.end()) {
        best = it->pos - pos;
        svc = it->service;
    }
    if (it != hs.begin()) {
        const auto prev = std::prev(it);
        if (pos - prev->pos < best) svc = prev->service;
    }
    return svc;
}

void add_once(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

denial finish(const flat_text& f, const scan_result& s, const candidate& c, const iam::catalog* cat) {
    denial d = c.d;
    d.execution_role_check = c.kind == "lambda-execution-role";
    d.image_pull_check = c.kind == "lambda-ecr-image";
    d.authorizer_check = c.kind == "apigateway-authorizer-deny";
    d.line = f.line_at(c.begin);
    d.end_line = f.line_at(c.end > c.begin ? c.end - 1 : c.begin);
    chosen code, op, service, principal, resource, action, encoded, inferred_op, bucket, key, logical_id;
    chosen source_bucket, source_key;  // the source of an S3-to-S3 copy command
    for (std::size_t k : c.items) {
        const item& it = s.items[k];
        const std::size_t dist = distance(it, c) == none ? 0 : distance(it, c);
        // A denial code always beats another error's code printed around it.
        code.offer(it.code, it.priority + (is_denial_code(it.code) ? 1000 : 0), dist);
        op.offer(it.op, it.priority, dist);
        service.offer(it.service, it.priority, dist);
        principal.offer(it.principal, it.priority, dist);
        resource.offer(it.resource, it.priority, dist);
        action.offer(it.action, it.priority, dist);
        encoded.offer(it.encoded, it.priority, dist);
        inferred_op.offer(it.inferred_op, it.priority, dist);
        logical_id.offer(it.logical_id, it.priority, dist);
        if (!it.s3_bucket.empty()) {
            bucket.offer(it.s3_bucket, it.priority, dist);
            if (bucket.value == it.s3_bucket) key.value = it.s3_key;
            if (it.s3_copy_source) {
                source_bucket.offer(it.s3_bucket, it.priority, dist);
                if (source_bucket.value == it.s3_bucket) source_key.value = it.s3_key;
            }
        }
        if (it.end >= f.size() && !it.whole) d.truncated = true;
    }
    d.error_code = code.value;
    if (d.operation.empty() || (c.relayed_operation && !op.value.empty())) d.operation = op.value;
    if (!d.resource && !resource.value.empty()) d.resource = resource.value;
    d.encoded_message = encoded.value;
    d.logical_id = logical_id.value;

    // Principal.
    std::string printed = c.principal_text.empty() ? principal.value : c.principal_text;
    const std::string account = d.principal.account_id;
    if (!printed.empty()) d.principal = parse_principal(printed, d.redacted);
    if (d.principal.account_id.empty()) d.principal.account_id = account;

    // Action and service.
    std::string act = c.action_printed ? d.action : std::string();
    if (act.empty() && !action.value.empty()) act = action.value;  // CloudFormation "API: s3:CreateBucket"
    if (!act.empty()) {
        d.action_inferred = false;
    } else if (!c.implied_action.empty()) {
        act = c.implied_action;
        d.action_inferred = true;
    }
    std::string svc;
    if (!act.empty()) {
        svc = lower_copy(act.substr(0, act.find(':')));
    } else {
        svc = c.sentence_service;
        // The sentence's action slot holds a bare operation ("<role> is not authorized to perform AssumeRole on
        // role <arn>", CodePipeline's words): when the name alone tells the service, that is the action's service;
        // the envelope names only the service that answered.
        if (svc.empty() && c.operation_in_action_slot) svc = service_for_operation(d.operation, cat);
        if (svc.empty()) svc = service.value;
        const std::string the_op = !d.operation.empty() ? d.operation : inferred_op.value;
        if (svc.empty() && !the_op.empty()) svc = service_for_operation(the_op, cat);
        if (svc.empty()) svc = nearest_hint(s.hints, c.begin);
        if (svc.empty()) svc = service_from_error_code(d.error_code);
        // S3 answers with the REST code `AccessDenied` (or a bare 403); the other services that share its
        // operation names (MediaStore, Lightsail) are JSON APIs answering `AccessDeniedException` (OPMAP.md §1 row 13).
        if (svc.empty() && !the_op.empty() &&
            (d.error_code == "AccessDenied" || d.error_code == "403" || d.error_code == "Forbidden" || d.error_code == "403 Forbidden") &&
            s3_operation(the_op, cat))
            svc = "s3";
        if (svc.empty() && !the_op.empty() && d.error_code == "AccessDenied") svc = service_for_xml_code(the_op, cat);
        if (svc == "sqs" && s.sns_delivery && c.kind == "sqs-access") {
            act = "sqs:SendMessage";  // SNS delivering to a queue whose policy does not let it (OPMAP.md §1 row 6)
            d.action_inferred = true;
        } else if (c.with_tags && svc == "logs") {
            act = "logs:TagResource";  // OPMAP.md §2 row 24, case 061
            d.action_inferred = true;
        } else if (!svc.empty() && !the_op.empty()) {
            const std::string mapped = mapped_action_name(svc, the_op);
            std::string candidate_action = svc + ":" + (mapped.empty() ? pascal_case(the_op) : mapped);
            // With a catalog, an operation that is no IAM action is not reported as one.
            if (!mapped.empty() || !cat || cat->empty() || cat->find_action(candidate_action)) {
                act = candidate_action;
                d.action_inferred = true;
            }
        }
    }
    if (!act.empty()) {
        const std::size_t colon = act.find(':');
        std::string prefix = lower_copy(act.substr(0, colon));
        std::string name = act.substr(colon + 1);
        if (cat && !cat->empty()) {
            if (const iam::action_info* a = cat->find_action(prefix + ":" + name)) {
                prefix = a->service;
                name = a->name;
            }
        }
        d.action = prefix + ":" + name;
        svc = prefix;
    } else {
        d.action.clear();
    }
    d.service = svc;
    // A copy between two S3 URIs reads the source object (HeadObject is s3:GetObject) and writes the destination.
    if (!d.resource && svc == "s3" && !source_bucket.value.empty() && d.action.rfind("s3:GetObject", 0) == 0) {
        bucket = source_bucket;
        key = source_key;
    }
    if (!d.resource && svc == "s3" && !bucket.value.empty()) {
        // Bucket-level actions are about the bucket; object actions about bucket/key.
        const bool bucket_level = d.action.rfind("s3:ListBucket", 0) == 0 || d.action.empty() || key.value.empty();
        d.resource = bucket_level ? bucket.value : bucket.value + "/" + key.value;
    }

    if (d.principal.arn.empty() && d.principal.text.empty() && d.principal.account_id.empty()) {
        if (!c.default_type.empty()) d.principal.type = c.default_type;
        else if (c.kind == "sqs-access" && s.sns_delivery) d.principal.type = "service";
        else if (s.lambda_runtime) d.principal.type = "role";
    }
    if (d.resource && (looks_redacted(*d.resource) || masked_account(*d.resource))) add_once(d.redacted, "resource");
    // SQS and SNS encrypt with the queue's or topic's KMS key as the caller: a send needs kms:GenerateDataKey and
    // kms:Decrypt together (SQS and SNS key-management guides); their own codes name the case.
    // (Known by the service's own code for it, whatever the SDK prints, or by the send itself: SQS's JSON protocol
    // answers `KMS.AccessDeniedException`, named after the operation `SendMessage`.)
    const bool send = d.operation == "SendMessage" || d.operation == "SendMessageBatch" || d.operation == "Publish" ||
                      d.operation == "PublishBatch";
    // A reader needs only kms:Decrypt (an SQS consumer, a Kinesis GetRecords), a Kinesis writer only
    // kms:GenerateDataKey (Kinesis Data Streams, "Permissions to use user-generated KMS keys"): the pair is for a send
    // to a queue or topic, named by the operation or, with none printed, by SNS's code for it.
    // With no operation printed, a GenerateDataKey that SQS or SNS answered (its envelope, `(Service: Sqs`, or their
    // own codes) is a send: they ask for a data key only to encrypt a message.
    const std::string& caller = service.value;
    const bool queue_or_topic = caller == "sqs" || caller == "sns" ||
                                ((caller.empty() || caller == "kms") && (d.error_code == "KMS.AccessDeniedException" || d.error_code == "KMSAccessDenied" ||
                                                                         d.error_code == "KmsAccessDeniedException"));
    const bool send_unnamed = d.operation.empty() && d.action == "kms:GenerateDataKey" && queue_or_topic;
    if ((send || send_unnamed) && (d.action == "kms:GenerateDataKey" || d.action == "kms:Decrypt") && d.checked_actions.empty())
        d.checked_actions = {"kms:GenerateDataKey", "kms:Decrypt"};
    return d;
}

std::string dedupe_key(const denial& d, bool with_logical_id = true) {
    std::string k = lower_copy(d.action);
    k += '|' + d.principal.arn + '|' + d.principal.text + '|' + d.principal.account_id + '|' + d.resource.value_or("\x01") +
         '|' + d.reason + '|' + d.reason_policy_arn;
    // "with an explicit deny" with no policy type leaves the reason unspecified: the flag alone tells the
    // explicit denial from the implicit one (case 1072).
    k += d.explicit_deny ? "|deny" : "|";
    if (d.action.empty()) k += '|' + d.error_code + '|' + d.operation + '|' + d.service;
    if (with_logical_id) k += '|' + d.logical_id;  // the same error on two stack resources is two failures
    return k;
}

// `cut` is `full` printed again and cut short (a JSON copy of the error, a log line's size limit): same
// action, principal and reason, its resource missing or a proper prefix of full's.
bool cut_copy_of(const denial& cut, const denial& full) {
    // The paste ends inside it: the action or even the principal may be cut ("perform: route53:", "User: arn:a").
    if (cut.truncated && !full.action.empty() && !cut.principal.arn.empty() &&
        full.principal.arn.compare(0, cut.principal.arn.size(), cut.principal.arn) == 0 &&
        (cut.action.empty() || iequals(cut.action, full.action)) && !cut.resource &&
        (cut.error_code.empty() || cut.error_code == full.error_code))
        return true;
    if (cut.action.empty() || !iequals(cut.action, full.action) || cut.principal.arn != full.principal.arn ||
        cut.principal.arn.empty())
        return false;
    if (cut.reason != full.reason && cut.reason != "unspecified") return false;
    if (!cut.resource) return true;
    return full.resource && full.resource->size() > cut.resource->size() &&
           full.resource->compare(0, cut.resource->size(), *cut.resource) == 0;
}

// `less` says what `more` says minus the call: no action and no operation, the same error, resource and
// principal (an error object's message, then its stack trace naming the command).
bool less_of(const denial& less, const denial& more) {
    return less.action.empty() && less.operation.empty() && !more.action.empty() && less.resource && more.resource &&
           *less.resource == *more.resource && less.principal.arn == more.principal.arn &&
           (less.error_code.empty() || less.error_code == more.error_code) &&
           (less.line <= more.line ? more.line - less.line : less.line - more.line) <= 5;
}

void merge_into(denial& a, const denial& b) {
    a.count += b.count;
    a.truncated = a.truncated && b.truncated;
    if (a.error_code.empty()) a.error_code = b.error_code;
    if (a.operation.empty()) a.operation = b.operation;
    if (a.encoded_message.empty()) a.encoded_message = b.encoded_message;
    for (const auto& r : b.redacted) add_once(a.redacted, r);
}

json str_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(valid_utf8(s)); }

const char* lookalike_message(const std::string& kind) {
    if (kind == "expired-token" || kind == "invalid-token" || kind == "signature")
        return "the log shows a credentials problem (expired or invalid token), not an IAM denial";
    if (kind == "cognito-not-authorized") return "Cognito `NotAuthorizedException` is a sign-in failure, not an IAM denial";
    if (kind == "lake-formation") return "the log shows a Lake Formation permission error, which IAM policies do not grant";
    if (kind == "ami-auth-failure") return "EC2 `AuthFailure` for images means the AMI is not shared with the account, not an IAM denial";
    if (kind == "organization-access")
        return "`OrganizationAccessDeniedException` means the account is not in an AWS organization, or is not its management or delegated administrator account: no IAM policy changes that";
    if (kind == "unsigned-headers")
        return "S3 `AccessDenied` with \"There were headers present in the request which were not signed\" means the request (a presigned URL) was sent with a header its signature does not cover: sign that header or stop sending it; no IAM policy changes that";
    if (kind == "request-expired")
        return "S3 `AccessDenied` with \"Request has expired\" means a presigned URL (or signed request) was used after it expired: make a new one; no IAM policy changes that";
    if (kind == "resource-state")
        return "the call failed because the resource was not ready (a Lambda function still updating): retry once the update is done; not an IAM denial";
    if (kind == "other-cloud") return "the log is from another cloud's storage service (Google Cloud Storage or Azure Storage), not from AWS IAM";
    if (kind == "s3-compatible")
        return "the error comes from another provider's S3-compatible storage (its endpoint is in the log), not from AWS IAM: check that provider's access keys and bucket permissions";
    if (kind == "service-s3-read")
        return "Textract or Rekognition could not read the S3 object it was given: it reads as your caller, so the role needs `s3:GetObject` on that object (and `kms:Decrypt` if the bucket is encrypted with a key), and the bucket must be in the service's region; the log does not say which of these failed";
    if (kind == "selling-partner")
        return "the Amazon Selling Partner API's `AccessDeniedException` means the app lacks the seller's authorisation or the API role, not an AWS IAM policy";
    if (kind == "mfa-failed")
        return "STS could not validate the MFA code (`MultiFactorAuthentication failed`): check the MFA device's serial number and code; this is a sign-in failure, not an IAM denial";
    if (kind == "sts-session-credentials")
        return "STS refuses `GetSessionToken` and `GetFederationToken` called with temporary credentials, such as a Lambda role's: they need an IAM user's long-term access keys (or call `AssumeRole` instead); no IAM policy changes that";
    if (kind == "unresolved-operation")
        return "the endpoint could not tell which API call the request was (\"Unable to determine service/operation name to be authorized\"): check the endpoint URL and the request; no IAM policy was evaluated";
    if (kind == "template")
        return "the log has a template or a description of AWS's denial message (placeholders or prose in the action's place), not a denial";
    return "the log has a sentence that looks like an AWS denial but is from another system";
}

}  // namespace

parse_result parse_log(std::string_view text, const iam::catalog* cat) {
    parse_result r;
    try {
        if (text.size() > kMaxInput) {
            r.diags.push_back(make_error("WD3006", "the log is larger than 64 MB; paste the part around the error",
                                         "log", 0, 0, {{"bytes", text.size()}}));
            return r;
        }
        // Every field of a denial is a slice of the text, and explain builds its answer from them: repairing
        // the text once (U+FFFD for each invalid byte; no line moves) keeps every slice valid UTF-8
        // (tests/fuzz/explain_fuzz: 0xFF bytes inside a resource reached explain's JSON).
        std::string repaired;
        if (!is_valid_utf8(text)) {
            repaired = valid_utf8(std::string(text));
            text = repaired;
        }
        if (auto dm = parse_decoded_message(text)) {
            denial d = *dm;
            if (!d.principal.arn.empty()) d.principal = parse_principal(d.principal.arn, d.redacted);
            if (cat && !cat->empty() && !d.action.empty())
                if (const iam::action_info* a = cat->find_action(d.action)) d.action = a->full_name();
            r.denials.push_back(std::move(d));
            r.diags.push_back(make_info("WD3007", "read a decoded authorization message: its context is used for evaluation",
                                        "log", 1));
            return r;
        }
        const flat_text f = prepare_text(text, cat);
        scan_result s;
        scan_index ix(f.text);
        find_sentences(f, ix, s);
        find_envelopes(f, ix, cat, s);
        merge_weak(s.candidates);
        merge_restated_bodies(f, s.candidates);
        add_standalone(f, s);
        for (std::size_t i = 0; i < s.items.size(); ++i) {
            const std::size_t o = owner(s.items[i], s.candidates);
            if (o != none) s.candidates[o].items.push_back(i);
        }
        std::unordered_map<std::string, std::size_t> seen;
        std::unordered_map<std::string, std::size_t> by_failure;  // dedupe_key without the logical id -> first such
        std::size_t dropped = 0;
        int first_dropped_line = 0;
        for (const candidate& c : s.candidates) {
            denial d = finish(f, s, c, cat);
            const std::string key = dedupe_key(d);
            auto it = seen.find(key);
            if (it != seen.end()) {
                merge_into(r.denials[it->second], d);
                continue;
            }
            // The same failure printed once with the stack resource it was about and once without (the CDK's event
            // row, then its summary "<stack> failed: ... Resource handler returned message: ..."): one failure, about
            // that resource.
            const std::string failure = dedupe_key(d, false);
            if (auto same = by_failure.find(failure); same != by_failure.end()) {
                denial& other = r.denials[same->second];
                if (other.logical_id.empty() != d.logical_id.empty() && dedupe_key(other, false) == failure) {
                    if (other.logical_id.empty()) {
                        seen.erase(dedupe_key(other));
                        other.logical_id = d.logical_id;
                        seen[dedupe_key(other)] = same->second;
                    }
                    merge_into(other, d);
                    continue;
                }
            }
            bool merged = false;
            // A copy cut short merges into the full print, whichever came first.
            for (std::size_t k = 0; k < r.denials.size() && !merged; ++k) {
                denial& other = r.denials[k];
                if (cut_copy_of(d, other) || less_of(d, other)) {
                    merge_into(other, d);
                    merged = true;
                } else if (cut_copy_of(other, d) || less_of(other, d)) {
                    seen.erase(dedupe_key(other));
                    const int line = std::min(other.line, d.line);
                    merge_into(d, other);
                    d.line = line;
                    other = std::move(d);
                    seen[dedupe_key(other)] = k;
                    merged = true;
                }
            }
            if (merged) continue;
            // A bare repeat of the denial just above (its error code and service, nothing else: Ruby's client
            // log line then its exception, a wire dump then the SDK error) is that denial printed again.
            auto bare = [](const denial& x) { return x.action.empty() && x.principal.arn.empty() && x.principal.text.empty() && !x.resource; };
            if (!r.denials.empty()) {
                denial& prev = r.denials.back();
                // (Within the same error print: a JS error object's `__type` comes after its stack, and a copied
                // console interleaves a timestamp line with every line.)
                const bool near = d.line >= prev.line && d.line - std::max(prev.line, prev.end_line) <= 60;
                const bool same_error = !d.error_code.empty() && d.error_code == prev.error_code &&
                                        (d.service.empty() || prev.service.empty() || d.service == prev.service);
                if (near && same_error && bare(d) && (d.operation.empty() || d.operation == prev.operation)) {
                    merge_into(prev, d);
                    continue;
                }
                // ... or the same sentence again without its code, a few lines on (a JSON error's `message`
                // beside the `errorMessage` that carried the code; the code sits in a sibling field).
                const bool close_by = d.line >= prev.line && d.line - std::max(prev.line, prev.end_line) <= 12;
                if (close_by && d.error_code.empty() && !prev.error_code.empty() && d.action == prev.action &&
                    d.resource == prev.resource && d.principal.arn == prev.principal.arn && d.operation == prev.operation &&
                    (d.service.empty() || d.service == prev.service) && d.reason == prev.reason) {
                    merge_into(prev, d);
                    continue;
                }
                // ... or the bare one came first (a "Caused by" chain): the fuller print replaces it.
                if (near && same_error && bare(prev) && (prev.operation.empty() || prev.operation == d.operation)) {
                    d.count += prev.count;
                    d.line = prev.line;
                    seen.erase(dedupe_key(prev));
                    prev = std::move(d);
                    seen[dedupe_key(prev)] = r.denials.size() - 1;
                    continue;
                }
            }
            if (r.denials.size() >= kMaxDenials) {
                if (dropped++ == 0) first_dropped_line = d.line;
                continue;
            }
            seen.emplace(key, r.denials.size());
            by_failure.emplace(failure, r.denials.size());
            r.denials.push_back(std::move(d));
            if (c.kind == "bedrock-model-access")
                r.diags.push_back(make_info("WD3008",
                                            "Bedrock also denies models that are not enabled for the account: check model "
                                            "access in the Bedrock console as well as IAM",
                                            "log", f.line_at(c.begin)));
        }
        if (dropped)
            r.diags.push_back(make_warning("WD3011",
                                           "the log has more than " + std::to_string(kMaxDenials) +
                                               " distinct denials; the other " + std::to_string(dropped) +
                                               " are not reported",
                                           "log", first_dropped_line, 0,
                                           {{"limit", kMaxDenials}, {"dropped", dropped}}));
        // Diagnostics per denial.
        for (const denial& d : r.denials) {
            if (d.truncated)
                r.diags.push_back(make_warning("WD3003", "the log seems cut off inside this denial; fields after the cut are missing",
                                               "log", d.line));
            if (!d.redacted.empty()) {
                json fields = d.redacted;
                r.diags.push_back(make_info("WD3004", "some fields are redacted in the log and are reported as printed",
                                            "log", d.line, 0, {{"fields", fields}}));
            }
            if (!d.encoded_message.empty())
                r.diags.push_back(make_info("WD3005",
                                            "the denial carries an encoded authorization message: run `aws sts "
                                            "decode-authorization-message --encoded-message ...` and paste its output",
                                            "log", d.line));
            if (d.action_inferred && !d.action.empty())
                r.diags.push_back(make_info("WD3009", "the log names no IAM action; `" + valid_utf8(d.action) + "` is inferred" +
                                                          (d.operation.empty() ? std::string() : " from the `" + valid_utf8(d.operation) + "` operation"),
                                            "log", d.line, 0, {{"action", valid_utf8(d.action)}, {"operation", valid_utf8(d.operation)}}));
        }
        std::vector<std::string> kinds;  // one note per kind of look-alike, denials or not
        for (const auto& l : s.lookalikes) {
            if (std::find(kinds.begin(), kinds.end(), l.kind) != kinds.end()) continue;
            kinds.push_back(l.kind);
            r.diags.push_back(make_info("WD3002", lookalike_message(l.kind), "log", f.line_at(l.pos), 0,
                                        {{"kind", l.kind}}));
        }
        if (r.denials.empty())
            r.diags.push_back(make_info("WD3001", "no AWS access-denied error found in the log", "log"));
    } catch (const std::exception& e) {
        r.denials.clear();
        r.diags.push_back(make_error("WD3010", std::string("internal error while reading the log: ") + e.what(), "log"));
    }
    return r;
}

json to_json(const denial& d) {
    json j = json::object();
    j["line"] = d.line;
    j["errorCode"] = str_or_null(d.error_code);
    j["service"] = str_or_null(d.service);
    j["operation"] = str_or_null(d.operation);
    j["action"] = str_or_null(d.action);
    j["resource"] = d.resource ? json(valid_utf8(*d.resource)) : json(nullptr);
    json p = json::object();
    p["arn"] = str_or_null(d.principal.arn);
    p["type"] = str_or_null(d.principal.type);
    p["accountId"] = str_or_null(d.principal.account_id);
    p["roleName"] = str_or_null(d.principal.role_name);
    p["sessionName"] = str_or_null(d.principal.session_name);
    p["userName"] = str_or_null(d.principal.user_name);
    if (!d.principal.text.empty()) p["text"] = valid_utf8(d.principal.text);
    j["principal"] = std::move(p);
    j["reason"] = d.reason;
    j["reasonPolicyArn"] = str_or_null(d.reason_policy_arn);
    j["encodedMessage"] = str_or_null(d.encoded_message);
    j["redacted"] = d.redacted;  // fixed field names
    j["actionInferred"] = d.action_inferred;
    j["truncated"] = d.truncated;
    j["count"] = d.count;
    j["context"] = d.context;
    j["endLine"] = d.end_line;
    j["logicalId"] = str_or_null(d.logical_id);
    return j;
}

json to_json(const parse_result& r) {
    json j = json::object();
    json a = json::array();
    for (const auto& d : r.denials) a.push_back(to_json(d));
    j["denials"] = std::move(a);
    j["diagnostics"] = wd::to_json(r.diags);
    for (auto& d : j["diagnostics"])
        if (d["message"].is_string()) d["message"] = valid_utf8(d["message"].get<std::string>());
    return j;
}

}  // namespace wd::log
