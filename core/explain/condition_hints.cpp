// SPDX-License-Identifier: MIT
// What a statement's Condition asks of the request: its text and keys for the explanation, the keys AWS sets
// itself or only with MFA, and the Allow statements that would match but for their conditions.
#include "explain/explain_run.hpp"

#include "explain/messages.hpp"
#include "iam/condition_values.hpp"
#include "iam/request_context.hpp"

namespace wd::explain::pipeline {

// A policy Condition as one line for a sentence: `StringNotEquals s3:x-amz-server-side-encryption aws:kms`,
// blocks joined with "and" (every block must hold), values with "|" (any may match).
std::string condition_text(const json& condition) {
    std::string out;
    if (!condition.is_object()) return condition.dump();
    for (auto op = condition.begin(); op != condition.end(); ++op) {
        if (!op.value().is_object()) continue;
        for (auto key = op.value().begin(); key != op.value().end(); ++key) {
            std::string values;
            for (const auto& v : (key.value().is_array() ? key.value() : json::array({key.value()})))
                values += (values.empty() ? "" : "|") + (v.is_string() ? v.get<std::string>() : v.dump());
            out += (out.empty() ? "" : " and ") + op.key() + " " + key.key() + " " + values;
        }
    }
    return out;
}

// The condition's keys as written (one entry per operator and key); empty for a malformed condition.
std::vector<std::string> condition_keys(const json& condition) {
    std::vector<std::string> keys;
    if (!condition.is_object()) return keys;
    for (auto op = condition.begin(); op != condition.end(); ++op) {
        if (!op.value().is_object()) return {};
        for (auto key = op.value().begin(); key != op.value().end(); ++key) keys.push_back(key.key());
    }
    return keys;
}

// Every key of the condition is aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge.
bool only_mfa_keys(const json& condition) {
    const auto keys = condition_keys(condition);
    return !keys.empty() && std::all_of(keys.begin(), keys.end(), [](const std::string& key) {
        return iam::iequals(key, "aws:MultiFactorAuthPresent") || iam::iequals(key, "aws:MultiFactorAuthAge");
    });
}

// The role's Allow statements that name the request's action and resource under a Condition.
std::vector<const sls::effective_statement*> conditioned_allows(const config_model& cm, const sls::role_info& role, const request_view& rq) {
    std::vector<const sls::effective_statement*> out;
    for (const auto& st : role.statements) {
        const json& stmt = st.statement;
        if (!stmt.is_object() || !is_allow(stmt) || !stmt.contains("Condition") || !stmt.contains("Action") ||
            !action_matches(stmt["Action"], rq.action, cm.budget.get()))
            continue;
        std::vector<std::string> unresolved;
        if (stmt.contains("Resource") &&
            !resource_matches(resolve(stmt["Resource"], cm.ctx, unresolved), rq.resource.value_or("*"), cm.budget.get()))
            continue;
        out.push_back(&st);
    }
    return out;
}

// Keys a Lambda function's own calls never carry as the guard expects: the guard then applies to every call,
// and "send what the policy expects" is no advice. One record per kind of key in the condition.
json condition_key_hints(const json& condition, std::string_view locale) {
    json out = json::array();
    std::set<std::string> kinds;
    for (const auto& key : condition_keys(condition)) {
        const std::string k = iam::lower_copy(key);
        const char* kind = k == "aws:sourcevpce" || k == "aws:sourcevpc" ? "hint.key_source_vpc"
                           : k == "aws:sourcearn" || k == "aws:sourceaccount" || k == "aws:sourceorgid" || k == "aws:sourceorgpaths" ||
                                     k == "aws:principalservicename" || k == "aws:principalservicenameslist" || k == "aws:calledvia" ||
                                     k == "aws:calledviafirst" || k == "aws:calledvialast"
                                 ? "hint.key_source_service"
                           : k == "aws:multifactorauthpresent" || k == "aws:multifactorauthage" ? "hint.key_mfa"
                                                                                             : nullptr;
        if (kind && kinds.insert(kind).second) out.push_back(make_record(kind, {{"key", key}}, locale));
    }
    return out;
}

// "Deny everyone except ...": the pointer suffix (`<operator>/<key>`) of a negated condition on the
// principal's ARN or account in a Deny statement, where the role can be listed; empty when there is none.
std::string principal_exemption(const json& statement) {
    if (!statement.is_object() || !statement.contains("Condition") || !statement["Condition"].is_object()) return {};
    static const std::set<std::string> negated = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike"};
    // Only when every key is about the principal: with another key (an encryption header, say) in the same
    // Deny, listing the role would also lift that requirement for it; the request should meet it instead.
    for (auto op = statement["Condition"].begin(); op != statement["Condition"].end(); ++op)
        if (op.value().is_object())
            for (auto key = op.value().begin(); key != op.value().end(); ++key)
                if (!iam::iequals(key.key(), "aws:PrincipalArn") && !iam::iequals(key.key(), "aws:PrincipalAccount")) return {};
    for (auto op = statement["Condition"].begin(); op != statement["Condition"].end(); ++op) {
        if (!negated.count(op.key()) || !op.value().is_object()) continue;
        for (auto key = op.value().begin(); key != op.value().end(); ++key) {
            const bool arn = iam::iequals(key.key(), "aws:PrincipalArn"), account = iam::iequals(key.key(), "aws:PrincipalAccount");
            if ((arn || account) && (key.value().is_string() || key.value().is_array()))
                return yaml::escape_pointer_token(op.key()) + "/" + yaml::escape_pointer_token(key.key());
        }
    }
    return {};
}

// Every key of the Condition is one AWS puts only in requests a service makes on someone's behalf
// (aws:PrincipalServiceName, aws:SourceArn, aws:CalledVia, ...): a Lambda function's own SDK call never has them.
bool only_service_set_keys(const json& condition) {
    if (!condition.is_object() || condition.empty()) return false;
    for (auto op = condition.begin(); op != condition.end(); ++op) {
        if (!op.value().is_object()) return false;
        for (auto key = op.value().begin(); key != op.value().end(); ++key)
            if (!is_service_set_key(key.key()) && !iam::iequals(key.key(), "aws:PrincipalIsAWSService") &&
                !iam::iequals(key.key(), "aws:ViaAWSService"))
                return false;
    }
    return true;
}

}  // namespace wd::explain::pipeline
