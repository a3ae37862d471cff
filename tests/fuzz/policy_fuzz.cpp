// SPDX-License-Identifier: MIT
// libFuzzer target for policy JSON parsing + evaluation, with the generated IAM catalog when it exists
// (WD_FUZZ_CATALOG, else the build's generated/iam-catalog.json).
//  - A JSON object with "request" or "identityPolicies" is a contract section 4 case: wd::iam::evaluate_case,
//    as the API's `evaluate` answers it (seeds: tests/corpus/iam-eval/cases.jsonl, one case per file).
//  - Any other JSON is a policy document, evaluated against a few fixed requests as an identity policy, as
//    a permissions boundary and as a resource policy.
// Invariants: nothing throws or trips a sanitizer; the decision is one of the four; no internal-error
// diagnostic; every diagnostic has a code and a severity; the answer serialises as valid UTF-8; the API's text
// answer to `evaluate` (the trace written straight as text) is byte for byte the dump of its JSON answer; and two IAM
// rules that cannot depend on the policy's content: an explicit deny stays a deny when an allow-all identity
// policy is added, and an allow by a policy stays an allow when the same policy is also the boundary.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/engine.hpp"
#include "fuzz_support.hpp"
#include "iam/evaluator.hpp"

using wd::fuzz::expect;
using wd::json;

namespace {

const wd::iam::catalog* the_catalog() {
    static const wd::iam::catalog* cat = [] {
        const std::string text = wd::fuzz::catalog_text();
        if (text.empty()) return static_cast<const wd::iam::catalog*>(nullptr);
        wd::diagnostics diags;
        auto* c = new wd::iam::catalog(wd::iam::catalog::from_json(text, diags));  // lives for the process
        return c->empty() ? static_cast<const wd::iam::catalog*>(nullptr) : c;
    }();
    return cat;
}

const wd::api::engine& the_engine() {
    static const wd::api::engine* e = [] {
        auto* engine = new wd::api::engine();  // lives for the process
        const std::string text = wd::fuzz::catalog_text();
        if (!text.empty()) engine->load_catalog(text);
        return engine;
    }();
    return *e;
}

auto no_lines = [](const std::string&) { return 0; };

bool valid_decision(const std::string& d) {
    return d == "Allow" || d == "ExplicitDeny" || d == "ImplicitDeny" || d == "Error";
}

void check_result(const wd::iam::evaluation_result& r) {
    expect(valid_decision(r.decision), "decision", r.decision);
    expect(!r.reason_class.empty(), "empty reason class", r.decision);
    const json trace = r.trace.to_json();
    expect(trace.is_array(), "trace is not an array");
    for (const auto& d : r.diags) wd::fuzz::check_diagnostic(d, no_lines);
    (void)wd::fuzz::strict_dump(trace);
}

struct fixed_request {
    const char* principal;
    const char* action;
    const char* resource;
    const char* context;  // JSON object
};

const fixed_request requests[] = {
    {"arn:aws:sts::111111111111:assumed-role/svc-dev-us-east-1-lambdaRole/svc-dev-main", "s3:GetObject",
     "arn:aws:s3:::my-bucket/uploads/a.txt",
     R"({"aws:SourceIp":"10.1.2.3","aws:SecureTransport":true,"s3:prefix":"uploads/","aws:RequestTag/team":"a"})"},
    {"arn:aws:iam::111111111111:user/alice", "dynamodb:PutItem",
     "arn:aws:dynamodb:us-east-1:111111111111:table/Orders", R"({"aws:CurrentTime":"2024-05-01T00:00:00Z"})"},
    {"arn:aws:iam::222222222222:role/other", "sts:AssumeRole", "arn:aws:iam::111111111111:role/target",
     R"({"sts:ExternalId":"x","aws:MultiFactorAuthPresent":"false","aws:PrincipalTag/dept":["a","b"]})"},
};

const json& allow_all() {
    static const json doc = json::parse(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
    return doc;
}

wd::iam::named_policy named(const char* name, const json& doc) {
    wd::iam::named_policy p;
    p.name = name;
    p.document_ref = &doc;
    return p;
}

void fuzz_policy(const json& doc, std::size_t size) {
    const fixed_request& rq = requests[size % (sizeof requests / sizeof requests[0])];
    wd::iam::evaluation_input in;
    in.identity.push_back(named("fuzzed", doc));
    in.principal = rq.principal;
    in.action = rq.action;
    in.resource = rq.resource;
    in.context = json::parse(rq.context);
    const auto base = wd::iam::evaluate(in, the_catalog());
    check_result(base);

    // Same request with an allow-all identity policy beside: an explicit deny cannot be lifted by an allow.
    wd::iam::evaluation_input more = in;
    more.identity.push_back(named("allow-all", allow_all()));
    const auto with_allow = wd::iam::evaluate(more, the_catalog());
    check_result(with_allow);
    if (base.decision == "ExplicitDeny")
        expect(with_allow.decision == "ExplicitDeny", "an added allow lifted an explicit deny", with_allow.decision);

    // The policy as its own permissions boundary: what it allows, the boundary allows too.
    wd::iam::evaluation_input bounded = in;
    bounded.permission_boundaries.push_back(named("boundary", doc));
    const auto with_boundary = wd::iam::evaluate(bounded, the_catalog());
    check_result(with_boundary);
    if (base.decision == "Allow")
        expect(with_boundary.decision == "Allow", "the same policy as boundary denied what it allows",
               with_boundary.decision + " " + with_boundary.reason_class);

    // The policy as a resource policy for a principal of the same account (no identity policy).
    wd::iam::evaluation_input resource = in;
    resource.identity.clear();
    resource.resource_policy = named("resource", doc);
    resource.trace = (size & 1) != 0;
    check_result(wd::iam::evaluate(resource, the_catalog()));
}

void fuzz_case(const json& c) {
    const json out = wd::iam::evaluate_case(c, the_catalog());
    expect(out.is_object(), "evaluate_case answer is not an object");
    expect(out.contains("decision") && out["decision"].is_string() && valid_decision(out["decision"].get<std::string>()),
           "case decision");
    expect(out.contains("reasonClass") && out["reasonClass"].is_string(), "case reasonClass");
    expect(out.contains("trace") && out["trace"].is_array(), "case trace");
    expect(out.contains("diagnostics"), "case without diagnostics");
    wd::fuzz::check_diagnostics_json(out["diagnostics"], no_lines);
    (void)wd::fuzz::strict_dump(out);
}

// Any JSON as an `evaluate` request: the text the WASM module returns equals the dump of the JSON answer.
void fuzz_text_answer(std::string_view text, const json& request) {
    const std::string answer = the_engine().call_text("evaluate", text);
    const std::string expected = the_engine().call("evaluate", request).dump(2, ' ', false, json::error_handler_t::replace);
    expect(answer == expected, "evaluate's text answer differs from the dump of its JSON answer", answer.substr(0, 200));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)the_catalog();
    (void)the_engine();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return 0;
    if (j.is_object() && (j.contains("request") || j.contains("identityPolicies"))) fuzz_case(j);
    else fuzz_policy(j, size);
    fuzz_text_answer(text, j);
    return 0;
}
