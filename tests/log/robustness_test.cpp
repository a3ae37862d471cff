// SPDX-License-Identifier: MIT
// One test per robustness feature of the log parser (issue 5): wrapping, CRLF, ANSI, JSON and escaped JSON,
// tabs and indentation, truncation, duplicates, redaction, non-English text, look-alikes, large input, and the
// JSON documents accepted instead of a log (CloudTrail events, decoded authorization messages).
#include <catch2/catch.hpp>

#include <string>

#include "log/flat_text.hpp"
#include "log/log_parser.hpp"
#include "support/test_files.hpp"

using wd::log::parse_log;

namespace {

const std::string kArn = "arn:aws:sts::123456789012:assumed-role/my-service-dev-us-east-1-lambdaRole/my-service-dev-main";
const std::string kSentence = "User: " + kArn +
                              " is not authorized to perform: dynamodb:PutItem on resource: "
                              "arn:aws:dynamodb:us-east-1:123456789012:table/orders because no identity-based "
                              "policy allows the dynamodb:PutItem action";

bool has_diag(const wd::log::parse_result& r, const std::string& code) {
    for (const auto& d : r.diags)
        if (d.code == code) return true;
    return false;
}

void require_orders_denial(const wd::log::parse_result& r) {
    REQUIRE(r.denials.size() == 1);
    const auto& d = r.denials[0];
    CHECK(d.action == "dynamodb:PutItem");
    CHECK(d.service == "dynamodb");
    REQUIRE(d.resource);
    CHECK(*d.resource == "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    CHECK(d.principal.arn == kArn);
    CHECK(d.principal.type == "assumed-role");
    CHECK(d.principal.role_name == "my-service-dev-us-east-1-lambdaRole");
    CHECK(d.principal.session_name == "my-service-dev-main");
    CHECK(d.principal.account_id == "123456789012");
    CHECK(d.reason == "implicit_identity");
}

}  // namespace

TEST_CASE("plain sentence with a botocore envelope", "[log]") {
    const auto r = parse_log("START RequestId: x\n[ERROR] ClientError: An error occurred (AccessDeniedException) when "
                             "calling the PutItem operation: " + kSentence + "\nTraceback (most recent call last):\n",
                             nullptr);
    require_orders_denial(r);
    CHECK(r.denials[0].line == 2);
    CHECK(r.denials[0].error_code == "AccessDeniedException");
    CHECK(r.denials[0].operation == "PutItem");
    CHECK_FALSE(r.denials[0].action_inferred);
}

TEST_CASE("an error code alone on its line is the code of the sentence on the next line", "[log][code]") {
    // The .NET deploy tool and IDE dialogs print the code, then the message below it.
    const auto r = parse_log("Configuring AWS region.\n\nAccessDeniedException\n" + kSentence + "\n", nullptr);
    require_orders_denial(r);
    CHECK(r.denials[0].error_code == "AccessDeniedException");
    CHECK(r.denials[0].line == 4);
    // Only right above the sentence: with another line between, the code is not the sentence's.
    const auto apart = parse_log("AccessDenied\nRetrying in 5 seconds\n" + kSentence + "\n", nullptr);
    REQUIRE(apart.denials.size() == 1);
    CHECK(apart.denials[0].error_code.empty());
    // Alone, a code on a line of its own is no denial (a heading, a table cell).
    CHECK(parse_log("Common errors\nAccessDenied\nThrottling\n", nullptr).denials.empty());
}

TEST_CASE("an error code before an em or en dash is the sentence's code, as before \" - \"", "[log][code]") {
    // A blog's typography replaced the logger's " - " (Step Functions' "States.Runtime: AccessDenied - User: ...").
    for (const std::string dash : {"\u2014", "\u2013", "-"}) {
        INFO(dash);
        const auto r = parse_log("States.Runtime: AccessDenied " + dash + " " + kSentence + "\n", nullptr);
        require_orders_denial(r);
        CHECK(r.denials[0].error_code == "AccessDenied");
    }
    // A dash glued to a word is no separator: the code is not taken from "AccessDenied—see".
    const auto glued = parse_log("AccessDenied\u2014see the runbook\n" + kSentence + "\n", nullptr);
    REQUIRE(glued.denials.size() == 1);
    CHECK(glued.denials[0].error_code.empty());
}

TEST_CASE("a sentence cut right after \"User: <ARN> is not authorized\" is a denial naming its caller", "[log][truncated]") {
    const auto r = parse_log("After attaching read only policies:\n\n"
                             "\"Unable to list Access Analyzers: User: arn:aws:iam::123456789012:user/new_user is not authorized\"\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    const auto& d = r.denials[0];
    CHECK(d.principal.arn == "arn:aws:iam::123456789012:user/new_user");
    CHECK(d.principal.user_name == "new_user");
    CHECK(d.action.empty());
    CHECK_FALSE(d.resource);
    CHECK(d.truncated);
    CHECK(d.line == 3);
    // Other wordings go on after "authorized": not this rule's.
    CHECK(parse_log("User: arn:aws:iam::123456789012:user/new_user is not authorized to access this page\n", nullptr).denials.empty());
    // Prose with no printed caller.
    CHECK(parse_log("It turned out the new user is not authorized\n", nullptr).denials.empty());
    // A sentence wrapped right after "authorized" is the whole sentence, once.
    const std::string wrapped = "User: " + kArn + " is not authorized\nto perform: dynamodb:PutItem on resource: "
                                "arn:aws:dynamodb:us-east-1:123456789012:table/orders because no identity-based policy allows "
                                "the dynamodb:PutItem action\n";
    require_orders_denial(parse_log(wrapped, nullptr));
}

TEST_CASE("an excerpt starting at \"on resource:\" with AWS's reason clause is a denial of that resource", "[log][truncated]") {
    const auto r = parse_log("boto3's message typically embeds the bucket ARN, e.g.:\n\n```\n"
                             "...on resource: \"arn:aws:s3:::some-bucket\" with an explicit deny in a resource-based policy\n```\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    const auto& d = r.denials[0];
    REQUIRE(d.resource);
    CHECK(*d.resource == "arn:aws:s3:::some-bucket");
    CHECK(d.reason == "resource_policy");
    CHECK(d.explicit_deny);
    CHECK(d.truncated);
    CHECK(d.line == 4);
    // Without the reason clause, "on resource:" is any text's.
    CHECK(parse_log("...on resource: arn:aws:s3:::some-bucket\n", nullptr).denials.empty());
    // Only where the excerpt starts (its line's start, after an ellipsis): inside prose it is not a denial's head.
    CHECK(parse_log("we checked on resource: arn:aws:s3:::some-bucket with an explicit deny in a resource-based policy\n", nullptr)
              .denials.empty());
    // A whole sentence wrapped before "on resource" stays one denial.
    const std::string wrapped = "User: " + kArn + " is not authorized to perform: dynamodb:PutItem\non resource: "
                                "arn:aws:dynamodb:us-east-1:123456789012:table/orders because no identity-based policy allows "
                                "the dynamodb:PutItem action\n";
    require_orders_denial(parse_log(wrapped, nullptr));
}

TEST_CASE("an ARN whose name has blanks runs to the reason clause; a wildcard is a whole resource", "[log][resource]") {
    const auto r = parse_log("botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException) when calling the "
                             "GetJobRuns operation: User: arn:aws:sts::123456789012:assumed-role/mwaa/airflow is not authorized to "
                             "perform: glue:GetJobRuns on resource: arn:aws:glue:eu-west-2:123456789012:job/Copy parking zone to raw "
                             "because no identity-based policy allows the glue:GetJobRuns action\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    REQUIRE(r.denials[0].resource);
    CHECK(*r.denials[0].resource == "arn:aws:glue:eu-west-2:123456789012:job/Copy parking zone to raw");
    CHECK(r.denials[0].reason == "implicit_identity");
    const auto deny = parse_log("User: arn:aws:iam::123456789012:user/u is not authorized to perform: glue:StartJobRun on resource: "
                                "arn:aws:glue:eu-west-2:123456789012:job/Nightly load with an explicit deny in an identity-based policy\n",
                                nullptr);
    REQUIRE(deny.denials.size() == 1);
    CHECK(deny.denials[0].resource.value_or("") == "arn:aws:glue:eu-west-2:123456789012:job/Nightly load");
    CHECK(deny.denials[0].reason == "explicit_identity");
    // A sentence ended after the ARN: the words after it are other text, even with a "because" later.
    const auto prose = parse_log("User: arn:aws:iam::123456789012:user/u is not authorized to perform: s3:PutObject on resource: "
                                 "arn:aws:s3:::bucket/key. The upload failed because no one granted it\n",
                                 nullptr);
    REQUIRE(prose.denials.size() == 1);
    CHECK(prose.denials[0].resource.value_or("") == "arn:aws:s3:::bucket/key");
    // "on resource: * error in the exporter's logs": the reporter's words go on after the wildcard.
    const auto star = parse_log("but I get an assumed-role X is not authorized to perform: ecs:ListClusters on resource: * error in "
                                "the ecs-exporter docker logs.\n",
                                nullptr);
    REQUIRE(star.denials.size() == 1);
    CHECK(star.denials[0].resource.value_or("") == "*");
    // A non-ARN resource with blanks still runs to the end of its clause.
    const auto secret = parse_log("User: arn:aws:iam::123456789012:user/u is not authorized to perform: ssm:GetParameter on resource: "
                                  "my parameter because no identity-based policy allows the ssm:GetParameter action\n",
                                  nullptr);
    REQUIRE(secret.denials.size() == 1);
    CHECK(secret.denials[0].resource.value_or("") == "my parameter");
}

TEST_CASE("Athena's \"Access denied when writing to location\" is s3:PutObject on that location", "[log][cross-service]") {
    // QuickSight relays it in typographic quotes; the closing quote is not part of the URI.
    const auto r = parse_log("Error message is:\n\u201dAccess denied when writing to location: s3://athena-results/q/4a33.csv\u201d\n", nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].action == "s3:PutObject");
    CHECK(r.denials[0].resource.value_or("") == "s3://athena-results/q/4a33.csv");
    // Not about S3: no denial.
    CHECK(parse_log("Access denied when writing to location: /tmp/out.csv\n", nullptr).denials.empty());
}

TEST_CASE("a second error's envelope on a later line is that error's, not the sentence's above", "[log][merge]") {
    // Two Java exceptions listed one per line: the first about a KMS ciphertext, the second a plain S3 denial.
    const std::string kms = "1. com.amazonaws.services.s3.model.AmazonS3Exception: The ciphertext refers to a customer master key "
                            "that does not exist, does not exist in this region, or you are not allowed to access. (Service: "
                            "Amazon S3; Status Code: 403; Error Code: AccessDenied)\n";
    const std::string plain = "2. com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; Status "
                              "Code: 403; Error Code: AccessDenied)\n";
    const auto r = parse_log(kms + "   Reason: no access to the KMS key.\n" + plain, nullptr);
    REQUIRE(r.denials.size() == 2);
    CHECK(r.denials[0].action == "kms:Decrypt");
    CHECK(r.denials[1].line == 3);
    CHECK(r.denials[1].service == "s3");
    CHECK(r.denials[1].error_code == "AccessDenied");
    // One line naming its codes twice (Lambda relaying S3's refusal) is one error.
    const auto relayed = parse_log("Your access has been denied by S3, please make sure your request credentials have permission to "
                                   "GetObject for b/k.zip. S3 Error Code: AccessDenied. S3 Error Message: Access Denied (Service: "
                                   "AWSLambdaInternal; Status Code: 403; Error Code: AccessDeniedException)\n",
                                   nullptr);
    CHECK(relayed.denials.size() == 1);
}

TEST_CASE("CodeBuild's \"for primary source and source version <arn>\" is the S3 denial's resource", "[log][resource]") {
    const auto r = parse_log("CLIENT_ERROR: AccessDenied: Access Denied status code: 403, request id: D18C063FBD, host id: "
                             "q8QSdgeMXd9GzqiHAn9aR7e+Qh5TNjYfRjbXxQP73FZb= for primary source and source version "
                             "arn:aws:s3:::artifact-bucket/Prov/SourceOutp/EEB5s\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].resource.value_or("") == "arn:aws:s3:::artifact-bucket/Prov/SourceOutp/EEB5s");
    // Alone, the phrase reports nothing (CodeBuild prints it on a successful download too).
    CHECK(parse_log("DOWNLOAD_SOURCE: for primary source and source version arn:aws:s3:::artifact-bucket/k\n", nullptr)
              .denials.empty());
}

TEST_CASE("\"I am not authorized to perform\" is a person's words, not a service's denial", "[log][lookalike]") {
    const std::string page = "I am not authorized to perform iam:PassRole\n"
                             "The following example error occurs when an IAM user named marymajor tries to use the console.\n";
    CHECK(parse_log(page, nullptr).denials.empty());
    CHECK(parse_log("I'm not authorized to perform s3:GetObject on my own bucket\n", nullptr).denials.empty());
    // The example below the heading is AWS's sentence.
    const auto r = parse_log(page + "User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole\n", nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].action == "iam:PassRole");
    CHECK(r.denials[0].principal.user_name == "marymajor");
}

TEST_CASE("soft-wrapped sentence and ARNs split inside a token are re-joined without a space", "[log][wrap]") {
    // A terminal wrapped the sentence, once right after '-' inside the role name and once inside the ARN's head.
    const std::string log = "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/my-service-dev-us-\n"
                            "east-1-lambdaRole/my-service-dev-main is not\n"
                            "    authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-\n"
                            "        east-1:123456789012:table/orders\n"
                            "because no identity-based policy allows the dynamodb:PutItem action\n";
    require_orders_denial(parse_log(log, nullptr));
}

TEST_CASE("hard wrap at a fixed column splits words anywhere", "[log][wrap]") {
    const std::string flat = "2024/01/01 Error: AccessDeniedException: " + kSentence +
                             " status code: 400, request id: 7e7cf37e-3a92-409e-92b1-58fd38fe5499 and then some more "
                             "words so that the text is long enough";
    std::string wrapped;
    for (std::size_t i = 0; i < flat.size(); i += 80) wrapped += flat.substr(i, 80) + "\n";
    require_orders_denial(parse_log(wrapped, nullptr));
}

TEST_CASE("hard wrap at a fixed column under a constant margin: the margin is dropped, split words re-joined", "[log][wrap]") {
    // A tool's list item wrapped at one column, its continuation lines indented by 8 blanks (copilot's progress);
    // the wraps split "authorize|d" and the ARNs.
    const std::string flat = "failed to fetch secret from secrets manager: AccessDeniedException: " + kSentence +
                             " status code: 400, request id: 7e7cf37e-3a92-409e-92b1-58fd38fe5499";
    std::string wrapped = "Error:\n\n      - [a7438eb0]: " + flat.substr(0, 52) + "\n";  // 72 columns, as the rest
    for (std::size_t i = 52; i < flat.size(); i += 64) wrapped += "        " + flat.substr(i, 64) + "\n";
    REQUIRE(wrapped.find("AccessD\n        eniedException") != std::string::npos);
    REQUIRE(wrapped.find("auth\n        orized") != std::string::npos);
    const auto r = parse_log(wrapped, nullptr);
    require_orders_denial(r);
    CHECK(r.denials[0].error_code == "AccessDeniedException");
    // Word-wrapped prose of near-equal lines keeps its words apart: only the margin goes, never the break.
    const auto prose = wd::log::detail::prepare_text("      - the deploy failed for the stack because the role has no access to the\n"
                                                     "        table orders, and then the user was not authorized to see what happened\n"
                                                     "        when the service tried again, so nothing at all was written to the log\n"
                                                     "        groups\n");
    CHECK(prose.text == "- the deploy failed for the stack because the role has no access to the table orders, and then "
                        "the user was not authorized to see what happened when the service tried again, so nothing at "
                        "all was written to the log groups");
}

TEST_CASE("a fixed-width table's last column wrapped in its cell is read top to bottom", "[log][wrap]") {
    // SAM's stack events: the status reason wrapped at 22 characters under a 40-column margin, some lines led by a
    // ',' gutter (VS Code's output channel); the wrapper cut the ARNs at the cell's width.
    auto row = [](const std::string& left, const std::string& cell) {
        std::string l = left;
        l.resize(40, ' ');
        std::string c = cell;
        c.resize(23, ' ');
        return l + c + "\n";
    };
    const std::string table = row(",ResourceStatus      ResourceType", "ResourceStatusReason") + std::string(63, '-') + "\n" +
                              row(",CREATE_FAILED       AWS::IAM::Role", "API: iam:CreateRole") + row(",", "User: arn:aws:iam::123") +
                              row("", "456789012:user/deploye") + row("", "r is not authorized") + row(",", "to perform:") +
                              row(",", "iam:CreateRole on") + row(",", "resource: arn:aws:iam:") + row("", ":123456789012:role/r");
    const auto r = parse_log(table, nullptr);
    REQUIRE(r.denials.size() == 1);
    const auto& d = r.denials[0];
    CHECK(d.action == "iam:CreateRole");
    CHECK(d.principal.arn == "arn:aws:iam::123456789012:user/deployer");
    CHECK(d.resource.value_or("") == "arn:aws:iam::123456789012:role/r");
    CHECK(d.line == 4);
    // A cell of ragged prose (one longest line) keeps a blank at every line break.
    auto unpadded = [](const std::string& left, const std::string& cell) {
        std::string l = left;
        l.resize(40, ' ');
        return l + cell + "\n";
    };
    const auto prose = wd::log::detail::prepare_text(unpadded("UPDATE_FAILED       AWS::S3::Bucket", "The bucket policy") +
                                                     unpadded("", "was changed by hand") + unpadded("", "and the stack must") +
                                                     unpadded("", "be updated again"));
    CHECK(prose.text == "UPDATE_FAILED AWS::S3::Bucket The bucket policy was changed by hand and the stack must be updated again");
    // A paragraph indented under a short label is no table: a margin under 16 columns is left to the other passes.
    const auto list = wd::log::detail::prepare_text("Note:  the role\n       needs iam:PassRole\n       to go on\n");
    CHECK(list.text == "Note: the role needs iam:PassRole to go on");
}

TEST_CASE("shell-style backslash continuations are joined with a blank", "[log][wrap]") {
    const auto r = parse_log("An error occurred (UnauthorizedOperation) when calling the AuthorizeSecurityGroupIngress\\\n"
                             " operation: You are not authorized to perform this operation. Encoded authorization\\\n"
                             "  failure message: 4pM0ZSR3XmXtPcDmLpVkTq8sGzL0eQ\n", nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].error_code == "UnauthorizedOperation");
    CHECK(r.denials[0].operation == "AuthorizeSecurityGroupIngress");
    CHECK(r.denials[0].action == "ec2:AuthorizeSecurityGroupIngress");
    CHECK(r.denials[0].encoded_message == "4pM0ZSR3XmXtPcDmLpVkTq8sGzL0eQ");
    CHECK(r.denials[0].line == 2);  // EC2's sentence; the line numbers are the paste's
}

TEST_CASE("a single line hard-wrapped inside a keyword is re-joined; two real words stay apart", "[log][wrap]") {
    // One wrap, so no run of equal-length lines shows the column: the split keyword gives it away.
    const auto r = parse_log("botocore.exceptions.ClientError: An error occurred (AccessDenie\nd) when calling the Get"
                             "Object op\neration: Access\nDenied\n", nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].error_code == "AccessDenied");
    CHECK(r.denials[0].operation == "GetObject");
    CHECK(r.denials[0].line == 1);
    // "Erro|r Code" inside a Java suffix.
    const auto java = parse_log("com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; "
                                "Status Code: 403; Erro\nr Code: AccessDenied; Request ID: 4F2C)\n", nullptr);
    REQUIRE(java.denials.size() == 1);
    CHECK(java.denials[0].error_code == "AccessDenied");
    CHECK(java.denials[0].service == "s3");
    // Not joined: both halves are words of their own.
    const auto apart = parse_log("S3 said Access\nDenied for GetObject\n", nullptr);
    CHECK(apart.denials.empty());
}

TEST_CASE("a hard wrap inside an action name is re-joined with the catalog; inside identity-based too", "[log][wrap]") {
    const auto& cat = wd::test::generated_catalog();
    if (cat.empty()) return;  // the generated catalog decides which joins are action names
    const auto r = parse_log("User: " + kArn + " is not authorized to perform: secretsmanager:GetSecre\ntValue on resource: "
                             "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-Ab12Cd because no identity-ba\nsed policy "
                             "allows the secretsmanager:GetSecretValue action\n", &cat);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].action == "secretsmanager:GetSecretValue");
    CHECK(r.denials[0].reason == "implicit_identity");
    REQUIRE(r.denials[0].resource);
    CHECK(*r.denials[0].resource == "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-Ab12Cd");
    // Not an action when joined: the lines stay apart.
    const auto apart = parse_log("User: " + kArn + " is not authorized to perform: s3:GetObject\nThen retrying\n", &cat);
    REQUIRE(apart.denials.size() == 1);
    CHECK(apart.denials[0].action == "s3:GetObject");
}

TEST_CASE("botocore --debug logs: operation from OperationModel / X-Amz-Target, code from x-amzn-ErrorType", "[log][debug]") {
    const std::string sentence = "User: arn:aws:iam::123456789012:user/agent is not authorized to perform: cognito-idp:ListUsers "
                                 "on resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Ab because no "
                                 "identity-based policy allows the cognito-idp:ListUsers action";
    const auto r = parse_log("2024-04-02 11:00:00,001 - MainThread - botocore.endpoint - DEBUG - Sending http request: "
                             "<AWSPreparedRequest method=POST, headers={'X-Amz-Target': b'AWSCognitoIdentityProviderService.ListUsers'}>\n"
                             "2024-04-02 11:00:00,211 - MainThread - botocore.parsers - DEBUG - Response headers: {'x-amzn-ErrorType': "
                             "'AccessDeniedException:', 'x-amzn-ErrorMessage': '" + sentence + "'}\n", nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].operation == "ListUsers");
    CHECK(r.denials[0].error_code == "AccessDeniedException");
    CHECK(r.denials[0].action == "cognito-idp:ListUsers");
    const auto model = parse_log("DEBUG - Making request for OperationModel(name=GetParameter) with params: {'headers': "
                                 "{'X-Amz-Target': 'AmazonSSM.GetParameter'}}\nDEBUG - Response body:\nb'{\"__type\":"
                                 "\"AccessDeniedException\",\"message\":\"User: " + kArn + " is not authorized to perform: "
                                 "ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/x\"}'\n", nullptr);
    REQUIRE(model.denials.size() == 1);
    CHECK(model.denials[0].operation == "GetParameter");
    CHECK(model.denials[0].service == "ssm");
}

TEST_CASE("S3 denials that print no code: .NET 'AmazonS3Exception: Access Denied', JS v3 name '403'", "[log][opmap]") {
    const auto dotnet = parse_log("Amazon.S3.AmazonS3Exception: Access Denied\n   at Amazon.Runtime.Internal.ErrorHandler.InvokeAsync[T]"
                                  "(IExecutionContext executionContext)\n   at Amazon.S3.AmazonS3Client.ListObjectsV2Async(ListObjectsV2Request "
                                  "request, CancellationToken cancellationToken)\n", nullptr);
    REQUIRE(dotnet.denials.size() == 1);
    CHECK(dotnet.denials[0].service == "s3");
    CHECK(dotnet.denials[0].operation == "ListObjectsV2");
    CHECK(dotnet.denials[0].action == "s3:ListBucket");
    const auto js = parse_log("{\n  \"name\": \"403\",\n  \"message\": \"UnknownError\",\n  \"$fault\": \"client\",\n  \"$metadata\": {\n"
                              "    \"httpStatusCode\": 403\n  },\n  \"stack\": \"403: UnknownError\\n    at de_HeadObjectCommandError "
                              "(/var/task/node_modules/@aws-sdk/client-s3/dist-cjs/index.js:5621:14)\"\n}\n", nullptr);
    REQUIRE(js.denials.size() == 1);
    CHECK(js.denials[0].error_code == "403");
    CHECK(js.denials[0].operation == "HeadObject");
    CHECK(js.denials[0].action == "s3:GetObject");
    // A 200 response's metadata is not a denial.
    CHECK(parse_log("{\"name\": \"403\", \"$metadata\": {\"httpStatusCode\": 200}}\n", nullptr).denials.empty());
}

TEST_CASE("CRLF line endings give the same denial and line numbers", "[log][crlf]") {
    const std::string unix_log = "first line\nsecond line\nAccessDenied: " + kSentence + "\nlast\n";
    std::string dos;
    for (char c : unix_log) dos += c == '\n' ? std::string("\r\n") : std::string(1, c);
    const auto a = parse_log(unix_log, nullptr);
    const auto b = parse_log(dos, nullptr);
    require_orders_denial(b);
    CHECK(b.denials[0].line == 3);
    CHECK(wd::log::to_json(a) == wd::log::to_json(b));
}

TEST_CASE("ANSI colour codes are ignored", "[log][ansi]") {
    const std::string log = "\x1b[31merror\x1b[39m: \x1b[1mAccessDeniedException\x1b[0m: User: \x1b[36m" + kArn +
                            "\x1b[0m is not authorized to perform: \x1b[33mdynamodb:PutItem\x1b[0m on resource: "
                            "arn:aws:dynamodb:us-east-1:123456789012:table/orders because no identity-based policy "
                            "allows the dynamodb:PutItem action\n";
    const auto r = parse_log(log, nullptr);
    require_orders_denial(r);
    CHECK(r.denials[0].error_code == "AccessDeniedException");
}

TEST_CASE("JSON log lines and escaped JSON inside strings", "[log][json]") {
    SECTION("one level") {
        const auto r = parse_log("{\"level\":\"error\",\"msg\":\"" + kSentence +
                                     "\",\"code\":\"AccessDeniedException\",\"statusCode\":400}\n",
                                 nullptr);
        require_orders_denial(r);
        CHECK(r.denials[0].error_code == "AccessDeniedException");
    }
    SECTION("a JSON string holding JSON (two levels of escaping), the denial printed twice") {
        const auto r = parse_log("{ \"errorMessage\": \"{\\\"errorType\\\":\\\"AccessDeniedException\\\",\\\"errorMessage\\\":\\\"" +
                                     kSentence + "\\\",\\\"stack\\\":\\\"AccessDeniedException: " + kSentence +
                                     "\\\\n    at handler (/var/task/index.js:1:2)\\\"}\" }\n",
                                 nullptr);
        require_orders_denial(r);
        CHECK(r.denials[0].count == 2);
        CHECK(r.denials[0].error_code == "AccessDeniedException");
    }
}

TEST_CASE("tabs and huge indentation", "[log][whitespace]") {
    const std::string pad(150, ' ');
    const auto r = parse_log("\t\tAccessDenied:\tUser:\t" + kArn + "\n" + pad + "is not authorized to perform:\n" + pad +
                                 "dynamodb:PutItem on resource:\n" + pad +
                                 "arn:aws:dynamodb:us-east-1:123456789012:table/orders\n" + pad +
                                 "because no identity-based policy allows the dynamodb:PutItem action\n",
                             nullptr);
    require_orders_denial(r);
    CHECK(r.denials[0].line == 1);
}

TEST_CASE("truncated pastes keep what is there and say so", "[log][truncation]") {
    SECTION("cut inside the action: the operation still tells the action") {
        const auto r = parse_log("Error executing \"UpdateItem\" on \"https://dynamodb.eu-central-1.amazonaws.com\"; "
                                 "AccessDeniedException (client): User: " + kArn +
                                     " is not authorized to perform: dynamo",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].truncated);
        CHECK(r.denials[0].action == "dynamodb:UpdateItem");
        CHECK(r.denials[0].action_inferred);
        CHECK(r.denials[0].principal.role_name == "my-service-dev-us-east-1-lambdaRole");
        CHECK(has_diag(r, "WD3003"));
    }
    SECTION("cut inside the resource") {
        const auto r = parse_log("User: " + kArn + " is not authorized to perform: logs:DescribeLogGroups on resource: ar\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].truncated);
        CHECK_FALSE(r.denials[0].resource);
        CHECK(r.denials[0].action == "logs:DescribeLogGroups");
    }
    SECTION("a complete denial is not flagged") {
        const auto r = parse_log(kSentence + "\n", nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK_FALSE(r.denials[0].truncated);
        CHECK_FALSE(has_diag(r, "WD3003"));
    }
}

TEST_CASE("duplicates are merged with a count; distinct denials are kept", "[log][dedupe]") {
    const std::string other = "User: " + kArn + " is not authorized to perform: sqs:SendMessage on resource: "
                              "arn:aws:sqs:us-east-1:123456789012:jobs";
    const auto r = parse_log("a: " + kSentence + "\nb: " + kSentence + "\nc: " + other + "\nd: " + kSentence + "\n", nullptr);
    REQUIRE(r.denials.size() == 2);
    CHECK(r.denials[0].action == "dynamodb:PutItem");
    CHECK(r.denials[0].count == 3);
    CHECK(r.denials[0].line == 1);
    CHECK(r.denials[1].action == "sqs:SendMessage");
    CHECK(r.denials[1].count == 1);
    CHECK(r.denials[1].line == 3);
}

TEST_CASE("redacted placeholders are reported, not guessed", "[log][redaction]") {
    SECTION("the seed as posted: the head of the ARN replaced") {
        const auto r = parse_log(wd::test::read_file(wd::test::source_path("examples/seed/error-as-posted.log")), nullptr);
        REQUIRE(r.denials.size() == 1);
        const auto& d = r.denials[0];
        CHECK(d.action == "cloudwatch:GetMetricStatistics");
        CHECK(d.principal.type == "assumed-role");
        CHECK(d.principal.role_name == "[my-app-name]-ap-northeast-1-lambdaRole");
        CHECK(d.principal.session_name == "[my-app-name]-[my-funcname]");
        CHECK(d.principal.account_id.empty());
        for (const char* f : {"principal.arn", "principal.accountId", "principal.roleName", "principal.sessionName"})
            CHECK(std::find(d.redacted.begin(), d.redacted.end(), f) != d.redacted.end());
        CHECK(has_diag(r, "WD3004"));
    }
    SECTION("masked account ids and resources") {
        for (const std::string acct : {"XXXXXXXXXXXX", "<CUT>", "************", "{account-id}"}) {
            const auto r = parse_log("User: arn:aws:sts::" + acct + ":assumed-role/r/s is not authorized to perform: "
                                     "s3:GetObject on resource: arn:aws:s3:::bucket-***/key\n",
                                     nullptr);
            REQUIRE(r.denials.size() == 1);
            const auto& red = r.denials[0].redacted;
            CHECK(r.denials[0].principal.account_id.empty());
            CHECK(std::find(red.begin(), red.end(), "principal.accountId") != red.end());
            CHECK(std::find(red.begin(), red.end(), "resource") != red.end());
            CHECK(std::find(red.begin(), red.end(), "principal.roleName") == red.end());
        }
    }
    SECTION("a 10-digit account is not a valid id, and not a redaction either") {
        const auto r = parse_log("User: arn:aws:sts::3333333333:assumed-role/r/s is not authorized to perform: s3:GetObject\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].principal.account_id.empty());
        CHECK(r.denials[0].redacted.empty());
    }
}

TEST_CASE("non-English surrounding text (Japanese)", "[log][i18n]") {
    const std::string log = "以下の例では、ユーザーが lambda:GetFunction アクションを実行しようとしています。\n"
                            "エラー: " + kSentence + "。\n"
                            "ポリシーの更新を管理者に依頼します。\n";
    const auto r = parse_log(log, nullptr);
    require_orders_denial(r);
    CHECK(r.denials[0].line == 2);
    const auto prose_only = parse_log("ユーザーは lambda:GetFunction の実行を許可されていません。\n", nullptr);
    CHECK(prose_only.denials.empty());
}

TEST_CASE("no denial: zero denials and an info diagnostic; look-alikes are not denials", "[log][negative]") {
    for (const std::string log : {
             std::string("START RequestId: 1 Version: $LATEST\nEND RequestId: 1\nREPORT RequestId: 1 Duration: 3 ms\n"),
             std::string("ExpiredToken: The security token included in the request is expired\n    at Request.extractError\n"),
             std::string("An error occurred (NotAuthorizedException) when calling the InitiateAuth operation: Incorrect username or password.\n"),
             std::string("\"error_msg\": \"User: xxx is not authorized to perform action ecs:cloudServers:get on resource "
                         "ecs:cn-north-5:y:instance:z because no identity-based policy allows the ecs:cloudServers:get action.\""),
             std::string("Error: creating EC2 Instance: AuthFailure: Not authorized for images: [ami-0123]\n status code: 400\n"),
             // An endpoint that could not tell the call (a wrong port), whatever code the client prints.
             std::string("An error occurred (403) when calling the CreateFunction operation: <AccessDeniedException>\n"
                         "  <Message>Unable to determine service/operation name to be authorized</Message>\n"
                         "</AccessDeniedException>\n"),
             std::string("User: is not authorized to perform:"),
             std::string(""),
         }) {
        const auto r = parse_log(log, nullptr);
        CHECK(r.denials.empty());
        REQUIRE_FALSE(r.diags.empty());
        CHECK(r.diags.back().code == "WD3001");
        CHECK(r.diags.back().level == wd::severity::info);
    }
}

TEST_CASE("reason classes from AWS's words, and the denying policy ARN", "[log][reason]") {
    struct row {
        const char* tail;
        const char* reason;
    } rows[] = {
        {"because no identity-based policy allows the s3:GetObject action", "implicit_identity"},
        {"with an explicit deny in an identity-based policy", "explicit_identity"},
        {"with an explicit deny in a service control policy", "scp"},
        {"with an explicit deny in a resource control policy", "rcp"},
        {"because no permissions boundary allows the s3:GetObject action", "permissions_boundary"},
        {"with an explicit deny in a sessions policy", "session_policy"},
        {"because no resource-based policy allows the s3:GetObject action", "resource_policy"},
        {"with an explicit deny in the role trust policy", "resource_policy"},
        {"because no VPC endpoint policy allows the s3:GetObject action", "vpce_policy"},
        {"with an explicit deny in a VPC endpoint policy transitively through a service control policy", "scp"},
        {"with an explicit deny", "unspecified"},
        {"", "unspecified"},
    };
    for (const auto& row : rows) {
        const auto r = parse_log(std::string("User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: "
                                             "s3:GetObject on resource: arn:aws:s3:::b/k ") + row.tail + "\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].reason == row.reason);
        CHECK(r.denials[0].principal.user_name == "JohnDoe");
        CHECK(*r.denials[0].resource == "arn:aws:s3:::b/k");
    }
    const auto p = parse_log("User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: "
                             "codecommit:ListRepositories with an explicit deny in a service control policy: "
                             "arn:aws:organizations::123456789012:policy/o-abc/service_control_policy/p-1234\n",
                             nullptr);
    REQUIRE(p.denials.size() == 1);
    CHECK(p.denials[0].reason == "scp");
    CHECK(p.denials[0].reason_policy_arn == "arn:aws:organizations::123456789012:policy/o-abc/service_control_policy/p-1234");
}

TEST_CASE("wording variants: boundary deny without \"policy\", EC2's two-sentence message, Logs' \"on resources\", XML bodies", "[log][reason]") {
    const auto boundary = parse_log("User: " + kArn + " is not authorized to perform: dynamodb:DeleteTable on resource: "
                                    "arn:aws:dynamodb:us-east-1:123456789012:table/Sessions with an explicit deny in a "
                                    "permissions boundary (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: "
                                    "AccessDeniedException; Request ID: ABC)\n", nullptr);
    REQUIRE(boundary.denials.size() == 1);
    CHECK(boundary.denials[0].reason == "permissions_boundary");
    CHECK(*boundary.denials[0].resource == "arn:aws:dynamodb:us-east-1:123456789012:table/Sessions");

    const std::string session = "arn:aws:sts::123456789012:assumed-role/scheduler-role/awslambda_512_20240115110233012";
    const auto ec2 = parse_log("An error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are "
                               "not authorized to perform this operation. User: " + session + " is not authorized to perform: "
                               "ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action\n",
                               nullptr);
    REQUIRE(ec2.denials.size() == 1);  // one message, not an EC2 denial plus an IAM one
    CHECK(ec2.denials[0].principal.arn == session);
    CHECK(ec2.denials[0].error_code == "UnauthorizedOperation");
    CHECK(ec2.denials[0].operation == "DescribeInstances");
    CHECK(ec2.denials[0].reason == "implicit_identity");

    const auto logs = parse_log("An error occurred (AccessDeniedException) when calling the PutSubscriptionFilter operation: User "
                                "with accountId: 123456789012 is not authorized to perform PutSubscriptionFilter on resources "
                                "arn:aws:logs:eu-west-1:111122223333:destination:Pipe. Logs: /aws/lambda/x\n", nullptr);
    REQUIRE(logs.denials.size() == 1);
    REQUIRE(logs.denials[0].resource);
    CHECK(*logs.denials[0].resource == "arn:aws:logs:eu-west-1:111122223333:destination:Pipe");

    const auto xml = parse_log("<ErrorResponse>\n  <Error>\n    <Code>AccessDenied</Code>\n    <Message>User: " + kArn +
                               " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Audit"
                               "</Message>\n  </Error>\n</ErrorResponse>\n", nullptr);
    REQUIRE(xml.denials.size() == 1);
    CHECK(*xml.denials[0].resource == "arn:aws:iam::111122223333:role/Audit");
    CHECK(xml.denials[0].error_code == "AccessDenied");
}

TEST_CASE("operation-only messages: service recovered, action mapped with the sourced table", "[log][opmap]") {
    SECTION("S3 ListObjectsV2 -> s3:ListBucket, bucket from the command line") {
        const auto r = parse_log("$ aws s3 ls s3://my-bucket/prefix/\nAn error occurred (AccessDenied) when calling the "
                                 "ListObjectsV2 operation: Access Denied\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].action == "s3:ListBucket");
        CHECK(r.denials[0].action_inferred);
        CHECK(r.denials[0].operation == "ListObjectsV2");
        CHECK(*r.denials[0].resource == "my-bucket");
        CHECK(r.denials[0].line == 2);
    }
    SECTION("Go v2 service id + Invoke -> lambda:InvokeFunction") {
        const auto r = parse_log("operation error Lambda: Invoke, https response error StatusCode: 403, RequestID: 1, "
                                 "api error AccessDeniedException: Access denied\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].action == "lambda:InvokeFunction");
        CHECK(r.denials[0].error_code == "AccessDeniedException");
    }
    SECTION("the SDK name monitoring is cloudwatch") {
        const auto r = parse_log("Error executing \"GetMetricData\" on \"https://monitoring.us-east-1.amazonaws.com\"; "
                                 "AWS HTTP error: AccessDenied (client): Access Denied\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].action == "cloudwatch:GetMetricData");
    }
    SECTION("CloudWatch Logs CreateLogGroup with Tags -> logs:TagResource") {
        const auto r = parse_log("Resource handler returned message: \"User with accountId: 123456789012 is not authorized to "
                                 "perform CreateLogGroup with Tags (Service: CloudWatchLogs, Status Code: 400, Request ID: 1)\"\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].action == "logs:TagResource");
        CHECK(r.denials[0].operation == "CreateLogGroup");
        CHECK(r.denials[0].principal.account_id == "123456789012");
    }
}

TEST_CASE("cross-service denials name the action really denied", "[log][cross-service]") {
    const auto r = parse_log("botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException) when "
                             "calling the RunTask operation: User: arn:aws:iam::123456789012:user/airflow is not authorized "
                             "to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/task because no "
                             "identity-based policy allows the iam:PassRole action\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].action == "iam:PassRole");
    CHECK(r.denials[0].service == "iam");
    CHECK(r.denials[0].operation == "RunTask");
    const auto kms = parse_log("An error occurred (AccessDeniedException) when calling the GetParameter operation: The "
                               "ciphertext refers to a customer master key that does not exist, does not exist in this "
                               "region, or you are not allowed to access.\n",
                               nullptr);
    REQUIRE(kms.denials.size() == 1);
    CHECK(kms.denials[0].action == "kms:Decrypt");
    CHECK(kms.denials[0].operation == "GetParameter");
    const auto ec2 = parse_log("UPDATE_FAILED: IngestLambdaFunction (AWS::Lambda::Function)\nResource handler returned "
                               "message: \"The provided execution role does not have permissions to call "
                               "CreateNetworkInterface on EC2 (Service: Lambda, Status Code: 400)\"\n",
                               nullptr);
    REQUIRE(ec2.denials.size() == 1);
    CHECK(ec2.denials[0].action == "ec2:CreateNetworkInterface");
    CHECK(ec2.denials[0].principal.type == "role");
    CHECK(ec2.denials[0].logical_id == "IngestLambdaFunction");  // the function whose role lacks the permission
    // Lambda relays S3's refusal to read the code package: S3's permission is the action; the operation and the
    // code stay those of the caller's call, wherever the wrapper prints them.
    const auto pkg = parse_log("An error occurred (AccessDeniedException) when calling the CreateFunction operation: Your "
                               "access has been denied by S3, please make sure your request credentials have permission "
                               "to GetObject for bucket/code.zip. S3 Error Code: AccessDenied. S3 Error Message: Access "
                               "Denied: ClientError\n",
                               nullptr);
    REQUIRE(pkg.denials.size() == 1);
    CHECK(pkg.denials[0].action == "s3:GetObject");
    CHECK(pkg.denials[0].operation == "CreateFunction");
    CHECK(pkg.denials[0].error_code == "AccessDeniedException");
    const auto java = parse_log("Your access has been denied by S3, please make sure your request credentials have "
                                "permission to GetObject for bucket/key. S3 Error Code: AccessDenied. S3 Error Message: "
                                "Access Denied (Service: AWSLambdaInternal; Status Code: 403; Error Code: "
                                "AccessDeniedException; Request ID: 25909cf8)\n",
                                nullptr);
    REQUIRE(java.denials.size() == 1);
    CHECK(java.denials[0].action == "s3:GetObject");
    CHECK(java.denials[0].error_code == "AccessDeniedException");
    // With no outer call printed, the relayed operation and code are all the log says.
    const auto bare = parse_log("Your access has been denied by EC2, please make sure your function execution role have "
                                "permission to CreateNetworkInterface. EC2 Error Code: UnauthorizedOperation. EC2 Error "
                                "Message: You are not authorized to perform this operation.\n",
                                nullptr);
    REQUIRE(bare.denials.size() == 1);
    CHECK(bare.denials[0].operation == "CreateNetworkInterface");
    CHECK(bare.denials[0].error_code == "UnauthorizedOperation");
}

TEST_CASE("action spelling: prefix lower-cased, name kept as printed without a catalog", "[log][catalog]") {
    const auto r = parse_log("User: arn:aws:iam::111111111111:user/u is not authorized to perform: SNS:Publish on "
                             "resource: arn:aws:sns:eu-west-1:111111111111:t\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].action == "sns:Publish");
    const wd::iam::catalog empty;
    const auto e = parse_log("User: arn:aws:iam::111111111111:user/u is not authorized to perform: sqs:sendmessage\n", &empty);
    REQUIRE(e.denials.size() == 1);
    CHECK(e.denials[0].action == "sqs:sendmessage");
    const auto& cat = wd::test::generated_catalog();
    if (!cat.empty()) {
        const auto c = parse_log("User: arn:aws:iam::111111111111:user/u is not authorized to perform: sqs:sendmessage\n", &cat);
        REQUIRE(c.denials.size() == 1);
        CHECK(c.denials[0].action == "sqs:SendMessage");
    }
}

TEST_CASE("CloudTrail event JSON", "[log][cloudtrail]") {
    const std::string event = R"({
  "eventVersion": "1.08",
  "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::123456789012:assumed-role/app-role/worker",
                   "accountId": "123456789012"},
  "eventTime": "2024-01-01T00:00:00Z",
  "eventSource": "secretsmanager.amazonaws.com",
  "eventName": "GetSecretValue",
  "awsRegion": "us-east-1",
  "errorCode": "AccessDenied",
  "requestParameters": null
})";
    const auto r = parse_log(event, nullptr);
    REQUIRE(r.denials.size() == 1);
    const auto& d = r.denials[0];
    CHECK(d.action == "secretsmanager:GetSecretValue");
    CHECK(d.operation == "GetSecretValue");
    CHECK(d.error_code == "AccessDenied");
    CHECK(d.principal.role_name == "app-role");
    CHECK(d.principal.session_name == "worker");
}

TEST_CASE("CloudTrail event JSON: the resource from resources or requestParameters", "[log][cloudtrail]") {
    const std::string head = R"({"userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::123456789012:assumed-role/r/s"},
  "eventSource": "s3.amazonaws.com", "eventName": "PutObject", "awsRegion": "us-east-1", "errorCode": "AccessDenied",
  "errorMessage": "Access Denied", )";
    const auto params = parse_log(head + R"("requestParameters": {"bucketName": "vault", "key": "snap/a.tgz", "Host": "vault.s3.amazonaws.com"}})", nullptr);
    REQUIRE(params.denials.size() == 1);
    REQUIRE(params.denials[0].resource);
    CHECK(*params.denials[0].resource == "arn:aws:s3:::vault/snap/a.tgz");
    const auto bucket_only = parse_log(head + R"("requestParameters": {"bucketName": "vault"}})", nullptr);
    REQUIRE(bucket_only.denials.size() == 1);
    CHECK(*bucket_only.denials[0].resource == "arn:aws:s3:::vault");
    const auto listed = parse_log(head + R"("requestParameters": {"topicArn": "arn:aws:sns:us-east-1:123456789012:t"},
  "resources": [{"type": "AWS::SNS::Topic", "ARN": "arn:aws:sns:us-east-1:123456789012:t2"}]})", nullptr);
    REQUIRE(listed.denials.size() == 1);
    CHECK(*listed.denials[0].resource == "arn:aws:sns:us-east-1:123456789012:t2");  // `resources` is the record's own list
    const auto arn_param = parse_log(head + R"("requestParameters": {"roleArn": "arn:aws:iam::123456789012:role/deploy", "roleSessionName": "x"}})", nullptr);
    REQUIRE(arn_param.denials.size() == 1);
    CHECK(*arn_param.denials[0].resource == "arn:aws:iam::123456789012:role/deploy");
}

TEST_CASE("CloudTrail rows copied from the console or a query result", "[log][cloudtrail]") {
    const std::string caller = "arn:aws:sts::123456789012:assumed-role/app-dev-us-east-1-lambdaRole/app-dev-main";
    SECTION("caller ARN, event id, source, name, error code, no message") {
        const auto r = parse_log("Event record\n\n" + caller + "\t7c0e3c1e-aaaa-bbbb-cccc-1234567890ab\t"
                                 "dynamodb.amazonaws.com\tPutItem\tAccessDenied\n", nullptr);
        REQUIRE(r.denials.size() == 1);
        const auto& d = r.denials[0];
        CHECK(d.action == "dynamodb:PutItem");
        CHECK(d.operation == "PutItem");
        CHECK(d.error_code == "AccessDenied");
        CHECK(d.principal.arn == caller);
        CHECK(d.principal.session_name == "app-dev-main");
        CHECK(d.line == 3);
        CHECK_FALSE(has_diag(r, "WD3003"));  // a row is complete at the end of the paste
    }
    SECTION("the same row with the message: the sentence and the row are one denial") {
        const auto r = parse_log(caller + "  7c0e3c1e-aaaa-bbbb-cccc-1234567890ab  dynamodb.amazonaws.com  PutItem  "
                                 "AccessDenied  " + kSentence + "\n", nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].operation == "PutItem");
        CHECK(r.denials[0].error_code == "AccessDenied");
        CHECK(r.denials[0].action == "dynamodb:PutItem");
    }
    SECTION("event-history column order: the event name first") {
        const auto r = parse_log("Event name\tEvent time\tUser name\tEvent source\tError code\n"
                                 "GetSecretValue\tNovember 30, 2026, 10:11:12 (UTC+09:00)\tapp-dev-main\t"
                                 "secretsmanager.amazonaws.com\tAccessDenied\n", nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].action == "secretsmanager:GetSecretValue");
        CHECK(r.denials[0].line == 2);
    }
    SECTION("time column first: the date is not the event name") {
        const auto r = parse_log("Event time\tUser name\tEvent name\tEvent source\tError code\n"
                                 "June 12, 2023, 10:41:07 (UTC+02:00)\tdeploy-bot\tGetObject\ts3.amazonaws.com\tAccessDenied\n",
                                 nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].operation == "GetObject");
        CHECK(r.denials[0].action == "s3:GetObject");
    }
    SECTION("event details copied as label and value lines") {
        const auto r = parse_log("Event details\nEvent time\nMarch 03, 2024, 14:22:19 (UTC+01:00)\nEvent name\nGetParameter\n"
                                 "Event source\nssm.amazonaws.com\nError code\nAccessDeniedException\n", nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].operation == "GetParameter");
        CHECK(r.denials[0].error_code == "AccessDeniedException");
        CHECK(r.denials[0].action == "ssm:GetParameter");
    }
    SECTION("a successful event, an endpoint host and prose are not denials") {
        CHECK(parse_log(caller + "  7c0e3c1e  dynamodb.amazonaws.com  PutItem\n", nullptr).denials.empty());
        CHECK(parse_log("Connecting to dynamodb.us-east-1.amazonaws.com AccessDenied later\n", nullptr).denials.empty());
        CHECK(parse_log("see https://s3.amazonaws.com for Access Denied\n", nullptr).denials.empty());
    }
}

TEST_CASE("decoded authorization message fills the request context", "[log][decoded]") {
    const std::string msg = R"({"DecodedMessage": "{\"allowed\":false,\"explicitDeny\":false,\"matchedStatements\":{\"items\":[]},\"failures\":{\"items\":[]},\"context\":{\"principal\":{\"id\":\"AROA:s\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/builder/s\"},\"action\":\"ec2:RunInstances\",\"resource\":\"arn:aws:ec2:us-east-1:123456789012:instance/*\",\"conditions\":{\"items\":[{\"key\":\"aws:Region\",\"values\":{\"items\":[{\"value\":\"us-east-1\"}]}},{\"key\":\"ec2:InstanceType\",\"values\":{\"items\":[{\"value\":\"t3.micro\"}]}}]}}}"})";
    // Pasted alone, or after the command that produced it.
    const std::string input =
        GENERATE_COPY(as<std::string>{}, msg, "$ aws sts decode-authorization-message --encoded-message abc\n" + msg + "\n$ ");
    const auto r = parse_log(input, nullptr);
    REQUIRE(r.denials.size() == 1);
    const auto& d = r.denials[0];
    CHECK(d.action == "ec2:RunInstances");
    CHECK(*d.resource == "arn:aws:ec2:us-east-1:123456789012:instance/*");
    CHECK(d.principal.role_name == "builder");
    CHECK(d.context["aws:Region"] == "us-east-1");
    CHECK(d.context["ec2:InstanceType"] == "t3.micro");
}

TEST_CASE("encoded authorization message is extracted across a hard wrap", "[log][encoded]") {
    const std::string blob(300, 'A');
    std::string text = "* aws_instance.web: Error launching source instance: UnauthorizedOperation: You are not authorized "
                       "to perform this operation. Encoded authorization failure message: " + blob + "Zz_-9";
    std::string wrapped;
    for (std::size_t i = 0; i < text.size(); i += 100) wrapped += text.substr(i, 100) + "\n";
    wrapped += "        status code: 403, request id: 1\n";
    const auto r = parse_log(wrapped, nullptr);
    REQUIRE(r.denials.size() == 1);
    CHECK(r.denials[0].error_code == "UnauthorizedOperation");
    CHECK(r.denials[0].encoded_message == blob + "Zz_-9");
    CHECK(r.denials[0].action == "ec2:RunInstances");
    CHECK(has_diag(r, "WD3005"));
}

TEST_CASE("5 MB of noise with denials at known lines", "[log][large]") {
    std::string log;
    std::vector<int> expected_lines;
    int line = 0;
    while (log.size() < 5u * 1024u * 1024u) {
        ++line;
        if (line % 5000 == 0) {
            log += "2024-01-01T00:00:00Z ERROR AccessDenied: User: arn:aws:iam::123456789012:user/u" +
                   std::to_string(line) + " is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k\n";
            expected_lines.push_back(line);
        } else {
            log += "2024-01-01T00:00:00Z INFO request " + std::to_string(line) +
                   " handled in 12 ms {\"path\":\"/api/items\",\"status\":200,\"user\":\"someone\"}\n";
        }
    }
    const auto r = parse_log(log, nullptr);
    REQUIRE(r.denials.size() == expected_lines.size());
    for (std::size_t i = 0; i < expected_lines.size(); ++i) {
        CHECK(r.denials[i].line == expected_lines[i]);
        CHECK(r.denials[i].principal.user_name == "u" + std::to_string(expected_lines[i]));
        CHECK(r.denials[i].error_code == "AccessDenied");
    }
}

TEST_CASE("arbitrary bytes never throw", "[log][robust]") {
    std::string junk;
    for (int i = 0; i < 20000; ++i) junk += static_cast<char>((i * 7919) % 256);
    junk += "\\\\\\u12\\x1b[ User: is not authorized to perform: \"`'";
    const auto r = parse_log(junk, nullptr);
    CHECK_FALSE(wd::has_errors(r.diags));
}

TEST_CASE("invalid UTF-8 in the paste becomes U+FFFD in the JSON output", "[log][json-out]") {
    // Overlong (E0 9E 80), surrogate (ED A0 80) and stray continuation bytes inside printed fields.
    const auto r = parse_log("User: arn:aws:iam::123456789012:user/\xE0\x9E\x80x is not authorized to perform: s3:GetObject "
                             "on resource: arn:aws:s3:::b/\xED\xA0\x80k\x9E\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    std::string text;
    REQUIRE_NOTHROW(text = wd::log::to_json(r).dump());
    CHECK(text.find("\xEF\xBF\xBD") != std::string::npos);
    CHECK(text.find("\xE0\x9E") == std::string::npos);
}

TEST_CASE("to_json keeps the contract's fields in order, with nulls", "[log][json-out]") {
    const auto r = parse_log("An error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied\n", nullptr);
    const wd::json j = wd::log::to_json(r);
    REQUIRE(j["denials"].size() == 1);
    const wd::json& d = j["denials"][0];
    std::vector<std::string> keys;
    for (auto it = d.begin(); it != d.end(); ++it) keys.push_back(it.key());
    const std::vector<std::string> contract = {"line", "errorCode", "service", "operation", "action", "resource",
                                               "principal", "reason"};
    for (std::size_t i = 0; i < contract.size(); ++i) CHECK(keys.at(i) == contract[i]);
    CHECK(d["resource"].is_null());
    CHECK(d["principal"]["arn"].is_null());
    CHECK(d["action"] == "s3:ListAllMyBuckets");
    CHECK(d["actionInferred"] == true);
    CHECK(d["count"] == 1);
    CHECK(j["diagnostics"].is_array());
}

TEST_CASE("invalid UTF-8 in the paste becomes U+FFFD in every denial field, lines unmoved", "[log][utf8]") {
    const std::string text = "noise \xC3\n" + kSentence.substr(0, kSentence.find(" because")) + "\xFF\xFE because x\n";
    auto r = parse_log(text, nullptr);
    REQUIRE(r.denials.size() == 1);
    const auto& d = r.denials[0];
    CHECK(d.line == 2);
    REQUIRE(d.resource);
    CHECK(*d.resource == "arn:aws:dynamodb:us-east-1:123456789012:table/orders\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(wd::log::to_json(r).dump().size() > 0);  // strict dump: throws on invalid UTF-8
}

TEST_CASE("JSON-escaped surrogates: pairs become one character, lone ones U+FFFD, the text stays UTF-8", "[log][utf8]") {
    const std::string text = "{\"msg\": \"" + kSentence.substr(0, kSentence.find(" because")) +
                             "\\ud83d\\ude00\\udc00 because x\"}\n";
    auto r = parse_log(text, nullptr);
    REQUIRE(r.denials.size() == 1);
    REQUIRE(r.denials[0].resource);
    CHECK(*r.denials[0].resource == "arn:aws:dynamodb:us-east-1:123456789012:table/orders\xF0\x9F\x98\x80\xEF\xBF\xBD");
}

TEST_CASE("truncation: a paste that ends inside a quoted resource gives no resource, a closed quote keeps it", "[log][robustness]") {
    const std::string head = "User: " + kArn + " is not authorized to perform: s3:PutObject on resource: ";
    auto cut = parse_log(head + "\"arn:aws:s3:::exports/finance/2026/11/quarterly-summ", nullptr);
    REQUIRE(cut.denials.size() == 1);
    CHECK(cut.denials[0].truncated);
    CHECK_FALSE(cut.denials[0].resource.has_value());
    auto closed = parse_log(head + "\"arn:aws:s3:::exports/finance/report.csv\"", nullptr);
    REQUIRE(closed.denials.size() == 1);
    REQUIRE(closed.denials[0].resource.has_value());
    CHECK(*closed.denials[0].resource == "arn:aws:s3:::exports/finance/report.csv");
    auto backtick = parse_log(head + "`arn:aws:s3:::exports/finance/report.csv'", nullptr);
    REQUIRE(backtick.denials.size() == 1);
    CHECK(backtick.denials[0].resource.value_or("") == "arn:aws:s3:::exports/finance/report.csv");
}

TEST_CASE("a paste that ends with the resource is whole unless the resource is visibly cut", "[log][truncation]") {
    // AWS's older wording ends at the resource ("... on resource: <arn>", no "because" clause), often the last line.
    const std::string head = "User: arn:aws:iam::123456789012:user/deploy is not authorized to perform: iam:GetRole on resource: ";
    for (const std::string end : {"role app-dev-us-east-1-lambdaRole.\n", "role app-dev-us-east-1-lambdaRole",
                                  "arn:aws:iam::123456789012:role/app-dev-us-east-1-lambdaRole\n"}) {
        INFO(end);
        const auto r = parse_log(head + end, nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK_FALSE(r.denials[0].truncated);
        for (const auto& d : r.diags) CHECK(d.code != "WD3003");
    }
    // Cut inside the ARN (fewer than its six fields) or inside a quoted resource: the paste was cut.
    for (const std::string end : {"arn:aws:iam", "\"arn:aws:iam::123456789012:role/app"}) {
        INFO(end);
        const auto r = parse_log(head + end, nullptr);
        REQUIRE(r.denials.size() == 1);
        CHECK(r.denials[0].truncated);
    }
}

TEST_CASE("a resource that ends its line with `/` does not run into the next log record", "[log][wrap]") {
    // An SSM path ends in `/`; the next line is the next record (its date first), not the ARN's continuation.
    const auto r = parse_log("2018-12-26T18:02:11.512Z\t[Warning] User: arn:aws:sts::123456789012:assumed-role/app-dev-us-east-1-lambdaRole/app-dev-api "
                             "is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/App/\n"
                             "2018-12-26T18:02:11.530Z\t[Error] An error occurred while reading the key ring.\n",
                             nullptr);
    REQUIRE(r.denials.size() == 1);
    REQUIRE(r.denials[0].resource);
    CHECK(*r.denials[0].resource == "arn:aws:ssm:us-east-1:123456789012:parameter/App/");
    // A terminal's wrap of the ARN itself is still joined.
    const auto w = parse_log("User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/\n"
                             "reports/a.csv\n",
                             nullptr);
    REQUIRE(w.denials.size() == 1);
    CHECK(*w.denials[0].resource == "arn:aws:s3:::bucket/reports/a.csv");
}
