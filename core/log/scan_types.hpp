// SPDX-License-Identifier: MIT
// What the scanners hand to the assembler: denial sentences found in the text (candidates) and envelope items
// around them (error codes, operations, service ids, principals) that attach to the nearest candidate.
// Internal to core/log.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "log/flat_text.hpp"
#include "log/log_parser.hpp"
#include "log/scan_util.hpp"

namespace wd::log::detail {

struct candidate {
    std::size_t begin = 0, end = 0;  // span in the flat text
    denial d;                        // what the sentence itself says
    std::string principal_text;      // principal as printed, parsed later
    bool action_printed = false;     // d.action came from the sentence text
    bool weak = false;               // says "denied" but names nothing (EC2 "this operation", Bedrock model access)
    std::string sentence_service;    // service named by the sentence itself (M8 SQS URL, M10 "on EC2", ...)
    bool operation_in_action_slot = false;  // d.operation is printed where the action goes ("perform AssumeRole"):
                                            // it names the denied action's service, not the answering service's
    std::string implied_action;      // action the sentence implies (kms:Decrypt for the KMS ciphertext message)
    std::string default_type;        // principal type when none is printed ("role", "service")
    std::string kind;                // "iam-sentence", "ec2-operation", "kms-ciphertext", ... (for diagnostics)
    bool with_tags = false;          // CloudWatch Logs "perform CreateLogGroup with Tags"
    bool relayed_operation = false;  // d.operation is a call another service made for the caller (Lambda reading
                                     // the code package from S3): the caller's own operation, printed by the
                                     // envelope, replaces it
    std::vector<std::size_t> items;  // attached item indices
};

enum class direction { prefix, suffix, both };

struct item {
    std::size_t pos = 0, end = 0;
    direction dir = direction::both;
    std::size_t window = 700;  // how far (in flat characters) from a candidate it may be and still belong to it
    int scanner = 0;           // which scanner made it: items of one scanner never cluster together
    int priority = 0;          // among items giving the same field, the higher wins
    std::string code, op, service, principal, resource, action, encoded;
    std::string logical_id;         // CloudFormation resource the deploy error is about
    std::string s3_bucket, s3_key;  // from an s3:// URI: used only for S3 denials that print no resource
    bool s3_copy_source = false;    // the URI is the source of an S3-to-S3 copy: the object a read is of
    std::string inferred_op;  // operation named only by tool prose ("Error launching source instance")
    bool standalone = false;  // reports a denial by itself when no sentence is near
    bool whole = false;       // complete even where the paste ends right after it (a CloudTrail row)
};

struct hint {
    std::size_t pos = 0;
    std::string service;
};

struct lookalike {
    std::size_t pos = 0;
    std::string kind;  // "expired-token", "cognito-not-authorized", "lake-formation", "ami-auth-failure", ...
};

struct scan_result {
    std::vector<candidate> candidates;
    std::vector<item> items;
    std::vector<hint> hints;
    std::vector<lookalike> lookalikes;
    bool lambda_runtime = false;  // the log comes from a Lambda function (its principal is the execution role)
    bool sns_delivery = false;
};

bool is_denial_code(const std::string& code);

// `ix` indexes f.text: both passes share it (scan_util.hpp).
void find_sentences(const flat_text& f, scan_index& ix, scan_result& out);
// Wordings a service uses instead of the IAM sentence, each standing for one action (service_phrases.cpp).
void find_service_phrases(const flat_text& f, scan_index& ix, scan_result& out);
void find_envelopes(const flat_text& f, scan_index& ix, const iam::catalog* cat, scan_result& out);

}  // namespace wd::log::detail
