// SPDX-License-Identifier: MIT
#include "explain/lambda_checks.hpp"

#include "explain/call_sequences.hpp"

namespace wd::explain {

namespace {

// Per feature, what the function's role must allow for Lambda to accept the function: for tracing the two
// X-Ray actions the framework itself grants (core/serverless/functions.cpp); for a VPC the three network-
// interface actions Lambda names in its errors (the ones AWSLambdaVPCAccessExecutionRole grants for ENIs);
// for a queue or stream trigger what the framework grants for it.
const std::vector<std::vector<std::string>>& sets() {
    static const std::vector<std::vector<std::string>> s = {
        {"xray:PutTraceSegments", "xray:PutTelemetryRecords"},
        {"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"},
        // Event source mappings: the statements the framework grants for `sqs` and `stream` events
        // (core/serverless/events.cpp), which Lambda checks when it creates the mapping.
        {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
        {"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"},
        {"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListStreams"},
    };
    return s;
}

}  // namespace

std::vector<std::string> checked_together(const std::string& action) { return set_holding(sets(), action); }

}  // namespace wd::explain
