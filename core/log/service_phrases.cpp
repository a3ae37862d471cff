// SPDX-License-Identifier: MIT
// Denials a service words in its own sentence, with no "is not authorized to perform: <action>" (FORMATS.md §3):
// each wording stands for one action, so it is a row of a table, not a scanner of its own. (The older ones --
// Lambda's execution-role checks, API Gateway's "Invalid permissions on Lambda function" -- are in sentences.cpp.)
#include <initializer_list>

#include "log/scan_types.hpp"
#include "log/scan_util.hpp"
#include "log/service_map.hpp"

namespace wd::log::detail {

namespace {

struct service_phrase {
    std::string_view text;        // as the service prints it
    const char* kind;             // for diagnostics and explain
    const char* action;           // the action the wording stands for
    const char* principal_type;   // who was denied when the log prints nobody: "service", "role" or ""
    bool explicit_deny;           // the wording says a Deny decided it
    std::initializer_list<const char*> checked;  // every action the service checks, when it checks several
    std::string_view unless_followed_by = {};    // a longer wording that is its own row
};

// Sources:
//  - HTTP API integration with a credentials role: `$context.integrationErrorMessage` "API Gateway doesn't have
//    permissions to assume the IAM role configured on the integration" -- the role's trust policy must let
//    apigateway.amazonaws.com call sts:AssumeRole (probe case 1042).
//  - Step Functions' CreateStateMachine/UpdateStateMachine with logging on: the state machine's role needs the
//    log-delivery actions, https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html (cases 984, 1058).
//  - A Lambda authorizer returning a Deny policy: "User is not authorized to access this resource with an
//    explicit deny" (execute-api:Invoke decided by the authorizer's policy), AWS Knowledge Center
//    api-gateway-403-error-lambda-authorizer (case 983); without "with an explicit deny" when the authorizer's
//    policy does not cover the method called (same page; case 1222).
//  - API Gateway's configuration error worded as "API Gateway does not have permission to invoke the Lambda
//    function": the function policy lacks lambda:InvokeFunction for apigateway.amazonaws.com, as M11 (case 982).
constexpr std::string_view assume_straight = "API Gateway doesn't have permissions to assume the IAM role";
constexpr std::string_view assume_curly = "API Gateway doesn\u2019t have permissions to assume the IAM role";
const service_phrase phrases[] = {
    {assume_straight, "apigateway-assume-role", "sts:AssumeRole", "service", false, {}},
    {assume_curly, "apigateway-assume-role", "sts:AssumeRole", "service", false, {}},
    {"The state machine IAM Role is not authorized to access the Log", "states-log-delivery", "logs:CreateLogDelivery",
     "role", false,
     {"logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"}},
    {"User is not authorized to access this resource with an explicit deny", "apigateway-authorizer-deny",
     "execute-api:Invoke", "", true, {}},
    {"User is not authorized to access this resource", "apigateway-authorizer-deny", "execute-api:Invoke", "", false, {},
     " with an explicit deny"},
    {"API Gateway does not have permission to invoke the Lambda function", "apigateway-lambda-permission",
     "lambda:InvokeFunction", "service", false, {}},
};

candidate phrase_candidate(std::size_t begin, std::size_t end, const char* kind, std::string_view action) {
    candidate c;
    c.begin = begin;
    c.end = end;
    c.kind = kind;
    c.implied_action = std::string(action);
    c.sentence_service = std::string(action.substr(0, action.find(':')));
    return c;
}

}  // namespace

void find_service_phrases(const flat_text& f, scan_index& ix, scan_result& out) {
    const std::string_view t = f.text;
    for (const service_phrase& row : phrases) {
        for_each_match(ix, row.text, [&](std::size_t p) {
            if (!row.unless_followed_by.empty() &&
                t.substr(p + row.text.size(), row.unless_followed_by.size()) == row.unless_followed_by)
                return;
            candidate c = phrase_candidate(p, p + row.text.size(), row.kind, row.action);
            c.default_type = row.principal_type;
            c.d.explicit_deny = row.explicit_deny;
            for (const char* a : row.checked) c.d.checked_actions.emplace_back(a);
            out.candidates.push_back(std::move(c));
        });
    }
    // A service's role check worded with the service principal: "The principal states.amazonaws.com is not
    // authorized to assume the provided role." (Step Functions, case 1146). A service has no identity policy: only
    // the role's trust policy can refuse it sts:AssumeRole.
    static constexpr std::string_view principal_lead = "The principal ";
    static constexpr std::string_view assume_tail = " is not authorized to assume the provided role";
    for_each_match(ix, principal_lead, [&](std::size_t p) {
        const std::size_t s = p + principal_lead.size();
        std::size_t e = s;
        while (e < t.size() && e - s < max_token_length && t[e] != ' ') ++e;
        const std::string_view who = t.substr(s, e - s);
        const bool service_principal = who.size() > 14 && (who.substr(who.size() - 14) == ".amazonaws.com" ||
                                                           who.find(".amazonaws.com.") != std::string_view::npos);
        if (!service_principal || !at(t, e, assume_tail)) return;
        candidate c = phrase_candidate(p, e + assume_tail.size(), "service-assume-role", "sts:AssumeRole");
        c.principal_text = std::string(who);
        c.default_type = "service";
        c.d.reason = "resource_policy";
        out.candidates.push_back(std::move(c));
    });
    // Firehose's delivery errors: "Access was denied when calling Kinesis. Ensure the access policy on the IAM role
    // used allows access to the appropriate Kinesis APIs." (error code Kinesis.AccessDenied, Firehose's
    // troubleshooting guide, case 1154): the stream's role was refused by the named service; the API is not said.
    static constexpr std::string_view calling = "Access was denied when calling ";
    for_each_match(ix, calling, [&](std::size_t p) {
        const std::size_t s = p + calling.size();
        const std::string_view name = read_ident(t, s);
        const std::string service = service_from_id(name, nullptr);
        if (name.empty() || service.empty() || !at(t, s + name.size(), ".")) return;
        std::size_t e = s + name.size() + 1;
        static constexpr std::string_view advice = " Ensure the access policy on the IAM role used allows access to the appropriate ";
        if (at(t, e, advice)) {
            const std::size_t apis = find_within(t, " APIs.", e + advice.size(), 40);
            if (apis != std::string_view::npos) e = apis + 6;
        }
        candidate c;
        c.begin = p;
        c.end = e;
        c.kind = "service-access-denied";
        c.sentence_service = service;
        c.default_type = "role";
        out.candidates.push_back(std::move(c));
    });
    // CodePipeline's S3 deploy action names the SDK call it could not make: "You do not have sufficient permissions
    // to call s3.putObject for the deployment bucket" -> s3:PutObject (a JS client method: <service>.<method>).
    static constexpr std::string_view sufficient = "sufficient permissions to call ";
    for_each_match(ix, sufficient, [&](std::size_t p) {
        const std::size_t s = p + sufficient.size();
        const std::string_view svc = read_ident(t, s);
        if (svc.empty() || !at(t, s + svc.size(), ".")) return;
        const std::string_view method = read_ident(t, s + svc.size() + 1);
        const std::string service = service_from_id(svc, nullptr);
        if (method.empty() || service.empty()) return;
        std::size_t b = p;
        for (std::string_view lead : {std::string_view("You do not have "), std::string_view("You don't have ")})
            if (ends_at(t, p, lead)) b = p - lead.size();
        const std::string op = pascal_case(method);
        const std::string mapped = mapped_action_name(service, op);
        candidate c = phrase_candidate(b, s + svc.size() + 1 + method.size(), "sdk-call-permission",
                                       service + ":" + (mapped.empty() ? op : mapped));
        c.d.operation = op;
        out.candidates.push_back(std::move(c));
    });
}

}  // namespace wd::log::detail
