// SPDX-License-Identifier: MIT
#include "log/service_map.hpp"

#include <algorithm>
#include <vector>

#include "log/scan_util.hpp"

namespace wd::log::detail {

namespace {

// SDK service ids, class namespaces and endpoint prefixes whose IAM prefix differs from their lower-cased,
// punctuation-free spelling. Source: OPMAP.md §1 "Service-id / namespace -> IAM prefix" (cases 001-003, 026,
// 027, 029, 043, 044, 061, 066, 090-096, 100-103, 111, 114, 152-157, 165, 171) and the endpoint list in row 6.
struct id_alias {
    const char* id;  // normalised: lower case, alphanumerics only, without a leading "amazon"/"aws"
    const char* prefix;
};
constexpr id_alias id_aliases[] = {
    {"securitytokenservice", "sts"}, {"securitytoken", "sts"}, {"simplesystemsmanagement", "ssm"},
    {"lambdainternal", "lambda"}, {"stepfunctions", "states"}, {"sfn", "states"}, {"datacatalog", "glue"},
    {"cloudwatchlogs", "logs"}, {"cognitosync", "cognito-sync"}, {"cognitoidentity", "cognito-identity"},
    {"cognitoidentityprovider", "cognito-idp"}, {"cognitoidentityproviderservice", "cognito-idp"},
    {"cognitoidp", "cognito-idp"}, {"cloudwatchevents", "events"}, {"eventbridge", "events"},
    {"email", "ses"}, {"simpleemailservice", "ses"}, {"sesv2", "ses"}, {"monitoring", "cloudwatch"},
    {"runtimesagemaker", "sagemaker"}, {"sagemakerruntime", "sagemaker"}, {"bedrockruntime", "bedrock"},
    {"bedrockagentruntime", "bedrock"}, {"executeapi", "execute-api"}, {"dynamodbv2", "dynamodb"},
    {"dynamodbstreams", "dynamodb"}, {"identitymanagement", "iam"}, {"elasticfilesystem", "elasticfilesystem"},
    {"efs", "elasticfilesystem"}, {"wafregional", "waf-regional"}, {"greengrassv2", "greengrass"},
    {"elasticloadbalancing", "elasticloadbalancing"}, {"elasticloadbalancingv2", "elasticloadbalancing"},
    {"kinesisfirehose", "firehose"}, {"simplenotificationservice", "sns"}, {"simplequeueservice", "sqs"},
    {"keymanagementservice", "kms"}, {"secretsmanager", "secretsmanager"}, {"apigatewaymanagementapi", "execute-api"},
    {"iotdata", "iot"}, {"s3control", "s3"}, {"ec2instanceconnect", "ec2-instance-connect"},
    {"xray", "xray"}, {"cloudwatch", "cloudwatch"}, {"logs", "logs"}, {"ecr", "ecr"}, {"eks", "eks"},
};

// Prefixes that are their own normalised id (checked without a catalog).
constexpr const char* plain_prefixes[] = {
    "s3", "ec2", "sts", "ssm", "kms", "lambda", "sns", "sqs", "states", "glue", "logs", "ecs", "ecr", "eks", "iam",
    "dynamodb", "kinesis", "firehose", "athena", "bedrock", "apigateway", "xray", "cloudformation", "codecommit",
    "codedeploy", "codebuild", "codepipeline", "sagemaker", "greengrass", "cloudwatch", "events", "ses",
    "secretsmanager", "route53", "acm", "rds", "redshift", "elasticache", "es", "cloudfront", "organizations",
    "appsync", "batch", "backup", "ecs", "emr", "airflow", "scheduler", "pipes", "ram", "tag", "textract",
    "rekognition", "comprehend", "translate", "polly", "transcribe", "lex", "iot", "cognito", "servicecatalog",
};

std::string normalise_id(std::string_view id) {
    std::string n;
    for (char c : id)
        if (is_alnum(c)) n += lower(c);
    for (const char* strip : {"amazon", "aws"})
        if (n.rfind(strip, 0) == 0 && n.size() > std::string_view(strip).size())
            n.erase(0, std::string_view(strip).size());
    return n;
}

// Operations whose IAM action is not "<service>:<Operation>". Sources (OPMAP.md §2, row numbers in brackets):
//  s3: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html [1-5, 8, 10];
//      multipart uploads http://docs.aws.amazon.com/AmazonS3/2006-03-01/dev/mpuAndPermissions.html [6, 7];
//      PutBucketMetricsConfiguration: case 005, https://github.com/boto/boto3/issues/1034 [9].
//  lambda: Invoke -> InvokeFunction case 074 [12]; InvokeAsync https://github.com/aws/aws-sdk-ruby/pull/706 [13];
//      InvokeWithResponseStream list_awslambda.html [14].
//  sqs: batch calls use the single-message action, case 038 and the SQS AddPermission docs [17].
//  sns: PublishBatch -> Publish, https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html [18].
//  bedrock: Converse/ConverseStream, https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html [40].
// `unique` marks operation names that exist in that service only (botocore models, OPMAP.md §1 row 12), so the
// operation alone also tells the service.
struct op_exception {
    const char* service;
    const char* op;
    const char* action;
    bool unique;
};
constexpr op_exception op_exceptions[] = {
    {"s3", "ListObjects", "ListBucket", false},
    {"s3", "ListObjectsV2", "ListBucket", true},
    {"s3", "ListObjectVersions", "ListBucketVersions", true},
    {"s3", "HeadObject", "GetObject", true},
    {"s3", "HeadBucket", "ListBucket", true},
    {"s3", "ListBuckets", "ListAllMyBuckets", false},
    {"s3", "CreateMultipartUpload", "PutObject", true},
    {"s3", "UploadPart", "PutObject", false},
    {"s3", "CompleteMultipartUpload", "PutObject", false},
    {"s3", "UploadPartCopy", "PutObject", true},
    {"s3", "CopyObject", "PutObject", false},
    {"s3", "ListMultipartUploads", "ListBucketMultipartUploads", false},
    {"s3", "ListParts", "ListMultipartUploadParts", false},
    {"s3", "PutBucketMetricsConfiguration", "PutMetricsConfiguration", true},
    {"s3", "GetBucketMetricsConfiguration", "GetMetricsConfiguration", true},
    {"s3", "DeleteBucketMetricsConfiguration", "PutMetricsConfiguration", true},
    {"s3", "DeleteBucketEncryption", "PutEncryptionConfiguration", true},
    {"s3", "GetBucketEncryption", "GetEncryptionConfiguration", true},
    {"s3", "PutBucketEncryption", "PutEncryptionConfiguration", true},
    {"s3", "DeleteBucketCors", "PutBucketCORS", true},
    {"s3", "DeleteBucketAnalyticsConfiguration", "PutAnalyticsConfiguration", true},
    // The S3 operations below are from the Service Authorization Reference's "Actions defined by Amazon S3"
    // table (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html), whose
    // rows name the API operations each action authorizes.
    {"s3", "DeleteObjects", "DeleteObject", false},
    {"s3", "SelectObjectContent", "GetObject", true},
    {"s3", "PutBucketNotificationConfiguration", "PutBucketNotification", true},
    {"s3", "GetBucketNotificationConfiguration", "GetBucketNotification", true},
    {"s3", "PutBucketLifecycleConfiguration", "PutLifecycleConfiguration", true},
    {"s3", "GetBucketLifecycleConfiguration", "GetLifecycleConfiguration", true},
    {"s3", "DeleteBucketLifecycle", "PutLifecycleConfiguration", true},
    {"s3", "PutPublicAccessBlock", "PutBucketPublicAccessBlock", false},
    {"s3", "GetPublicAccessBlock", "GetBucketPublicAccessBlock", false},
    {"s3", "DeletePublicAccessBlock", "PutBucketPublicAccessBlock", false},
    {"s3", "GetBucketReplication", "GetReplicationConfiguration", true},
    {"s3", "PutBucketReplication", "PutReplicationConfiguration", true},
    {"s3", "DeleteBucketReplication", "PutReplicationConfiguration", true},
    {"s3", "GetObjectLockConfiguration", "GetBucketObjectLockConfiguration", true},
    {"s3", "PutObjectLockConfiguration", "PutBucketObjectLockConfiguration", true},
    {"s3", "GetBucketInventoryConfiguration", "GetInventoryConfiguration", true},
    {"s3", "PutBucketInventoryConfiguration", "PutInventoryConfiguration", true},
    {"s3", "GetBucketAccelerateConfiguration", "GetAccelerateConfiguration", true},
    {"s3", "PutBucketAccelerateConfiguration", "PutAccelerateConfiguration", true},
    {"lambda", "Invoke", "InvokeFunction", true},
    {"lambda", "InvokeAsync", "InvokeFunction", true},
    {"lambda", "InvokeWithResponseStream", "InvokeFunction", true},
    {"sqs", "SendMessageBatch", "SendMessage", true},
    {"sqs", "DeleteMessageBatch", "DeleteMessage", true},
    {"sqs", "ChangeMessageVisibilityBatch", "ChangeMessageVisibility", true},
    {"sns", "PublishBatch", "Publish", true},
    {"bedrock", "Converse", "InvokeModel", true},
    {"bedrock", "ConverseStream", "InvokeModelWithResponseStream", true},
};

// Well-known operation names that belong to one service only (OPMAP.md §1 row 12: "many names are unique
// (ListBuckets, GetSecretValue, Invoke, GetParametersByPath, AssumeRole)"), for use without a catalog.
struct known_op {
    const char* op;
    const char* service;
};
constexpr known_op known_ops[] = {
    {"ListBuckets", "s3"}, {"GetSecretValue", "secretsmanager"}, {"GetParametersByPath", "ssm"},
    {"AssumeRole", "sts"}, {"GetCallerIdentity", "sts"}, {"InvokeModel", "bedrock"},
    {"InvokeModelWithResponseStream", "bedrock"},
};

// API Gateway's management API (REST and HTTP APIs alike) is authorised by HTTP verb on the resource's path, not by
// operation name (OPMAP.md §2 row 42): GetRestApi is apigateway:GET on /restapis/<id>. The verb is the one the
// operation sends (API Gateway's API reference, each operation's request syntax).
struct verb_lead {
    const char* lead;
    const char* verb;
};
constexpr verb_lead apigateway_verbs[] = {
    {"Get", "GET"},   {"Create", "POST"}, {"Import", "POST"},   {"Update", "PATCH"}, {"Put", "PUT"},
    {"Tag", "PUT"},   {"Delete", "DELETE"}, {"Flush", "DELETE"}, {"Untag", "DELETE"},
};
// Resources only API Gateway has: an operation naming one is API Gateway's ("GetRestApi", "CreateUsagePlanKey").
constexpr const char* apigateway_nouns[] = {"RestApi", "UsagePlan", "BasePathMapping", "GatewayResponse", "VpcLink",
                                            "ApiMapping"};

std::string apigateway_verb(const std::string& op) {
    for (const auto& v : apigateway_verbs)
        if (op.rfind(v.lead, 0) == 0 && op.size() > std::string_view(v.lead).size() &&
            is_upper(op[std::string_view(v.lead).size()]))
            return v.verb;
    return {};
}

}  // namespace

// "getObject" and Ruby's "get_object" -> "GetObject".
std::string pascal_case(std::string_view op) {
    std::string r;
    r.reserve(op.size());
    bool up = true;
    for (char c : op) {
        if (c == '_') {
            up = true;
            continue;
        }
        r += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
        up = false;
    }
    return r;
}

std::string service_from_id(std::string_view id, const iam::catalog* cat) {
    const std::string n = normalise_id(id);
    if (n.empty()) return {};
    for (const auto& a : id_aliases)
        if (n == a.id) return a.prefix;
    for (const char* p : plain_prefixes)
        if (n == p) return p;
    if (cat && cat->known_service(n)) return n;
    const std::string raw = lower_copy(id);  // "cognito-idp", "waf-regional" spelled as the prefix itself
    if (cat && cat->known_service(raw)) return raw;
    return {};
}

std::string mapped_action_name(std::string_view service, std::string_view op) {
    const std::string o = pascal_case(op);
    if (service == "apigateway") return apigateway_verb(o);
    for (const auto& e : op_exceptions)
        if (service == e.service && o == e.op) return e.action;
    // AWS sometimes prints the operation lower-cased in the action slot (`sqs:sendmessagebatch`).
    for (const auto& e : op_exceptions)
        if (service == e.service && o.size() == std::string_view(e.op).size() &&
            std::equal(o.begin(), o.end(), e.op, [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            }))
            return e.action;
    return {};
}

// Services that are S3 itself on another endpoint: an operation name they share with S3 still names S3.
bool s3_family(std::string_view service) {
    return service == "s3" || service == "s3-object-lambda" || service == "s3-outposts" || service == "s3express";
}

namespace {

// Candidates: the table's own service for this operation (ListObjects is S3's, authorized as s3:ListBucket)
// and every service with an action of that name.
std::vector<std::string> operation_candidates(const std::string& o, const iam::catalog* cat) {
    std::vector<std::string> found;
    auto offer = [&](const std::string& svc) {
        if (std::find(found.begin(), found.end(), svc) == found.end()) found.push_back(svc);
    };
    for (const auto& e : op_exceptions)
        if (o == e.op) offer(e.service);
    if (cat && !cat->empty()) {
        try {  // wildcard service prefixes are the catalog's own pattern syntax
            for (const iam::action_info* a : cat->expand("*:" + o))
                if (a && iequals(a->name, o)) offer(a->service);
        } catch (...) {
            return {};
        }
    }
    return found;
}

}  // namespace

std::string service_for_operation(std::string_view op, const iam::catalog* cat) {
    const std::string o = pascal_case(op);
    if (o.empty()) return {};
    for (const auto& e : op_exceptions)
        if (e.unique && o == e.op) return e.service;
    for (const auto& k : known_ops)
        if (o == k.op) return k.service;
    for (const char* noun : apigateway_nouns)
        if (o.find(noun) != std::string::npos && !apigateway_verb(o).empty()) return "apigateway";
    // One candidate tells the service; several are ambiguous (OPMAP.md §1 row 12: Publish, GetItem,
    // CreateTable ...) unless they are all S3.
    const std::vector<std::string> found = operation_candidates(o, cat);
    if (found.size() == 1) return found.front();
    if (!found.empty() && std::all_of(found.begin(), found.end(), [](const std::string& s) { return s3_family(s); })) return "s3";
    // DAX serves DynamoDB's item API under DynamoDB's operation names (OPMAP.md row 12: "DAX uses the same
    // names"): a bare operation name only the two share is taken as DynamoDB's, by far the more common caller.
    // A log that names the action (`not authorized to perform: dax:PutItem`) keeps DAX: that is read first.
    if (found.size() == 2 && std::all_of(found.begin(), found.end(), [](const std::string& s) { return s == "dynamodb" || s == "dax"; }))
        return "dynamodb";
    return {};
}

std::string service_for_xml_code(std::string_view op, const iam::catalog* cat) {
    // The services answering in XML (the query and rest-xml protocols), whose denial code is `AccessDenied`;
    // JSON services answer `AccessDeniedException`. A property of each service's API (its protocol), not a
    // catalog of actions.
    static constexpr std::string_view xml_services[] = {
        "s3", "sts", "iam", "ec2", "sqs", "sns", "cloudwatch", "cloudformation", "autoscaling", "elasticloadbalancing",
        "rds", "elasticache", "redshift", "ses", "route53", "cloudfront", "elasticbeanstalk", "sdb"};
    const std::string o = pascal_case(op);
    if (o.empty()) return {};
    std::vector<std::string> xml;
    for (const auto& c : operation_candidates(o, cat))
        for (std::string_view x : xml_services)
            if (c == x) xml.push_back(c);
    return xml.size() == 1 ? xml.front() : std::string();
}

bool s3_operation(std::string_view op, const iam::catalog* cat) {
    const std::string o = pascal_case(op);
    if (o.empty()) return false;
    const std::vector<std::string> found = operation_candidates(o, cat);
    return std::any_of(found.begin(), found.end(), [](const std::string& s) { return s3_family(s); });
}

std::string service_from_error_code(std::string_view code) {
    if (code.find("UnauthorizedOperation") != std::string_view::npos) return "ec2";
    if (code.rfind("AuthorizationError", 0) == 0) return "sns";
    if (code.find("KMS") != std::string_view::npos) return "kms";
    return {};
}

}  // namespace wd::log::detail
