// SPDX-License-Identifier: MIT
// The explain pipeline: parse the log, infer stage/region/account, package the config, match each denial
// to a role and function, decide, plan one merged least-privilege patch, verify it by re-analysing the
// patched text, and lint the config as pasted.
#include "explain/explain.hpp"
#include "iam/glob.hpp"
#include "iam/request_context.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <map>
#include <set>

#include "common/utf8.hpp"
#include "explain/analysis.hpp"
#include "explain/fix_target.hpp"
#include "explain/event_resources.hpp"
#include "explain/call_sequences.hpp"
#include "explain/lambda_checks.hpp"
#include "explain/lint.hpp"
#include "explain/messages.hpp"
#include "explain/option_checks.hpp"
#include "explain/naming.hpp"
#include "explain/text_lines.hpp"
#include "explain/unified_diff.hpp"
#include "explain/yaml_patch.hpp"
#include "iam/arn.hpp"
#include "iam/condition_values.hpp"
#include "log/service_map.hpp"
#include "serverless/roles_json.hpp"

namespace wd::explain {
namespace {

constexpr const char* k_default_account = "123456789012";
// Issue 8 limits (see the uses). The step budget is shared by every evaluation of one explain call:
// real inputs use well under a million steps; this stops a crafted one after roughly a second.
constexpr std::size_t max_explained_denials = 100;
constexpr std::uint64_t explain_step_limit = 100'000'000;

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }
json str_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Role/session from an ARN the parser could not split (e.g. `[my-ARN]/role/session`).
void split_principal(const std::string& arn, std::string& role, std::string& session) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= arn.size(); ++i)
        if (i == arn.size() || arn[i] == '/') {
            parts.push_back(arn.substr(start, i - start));
            start = i + 1;
        }
    if (parts.size() >= 3) {
        role = parts[parts.size() - 2];
        session = parts.back();
    }
}

// An IAM role's ARN (`arn:aws:iam::123456789012:role/path/name`): its resource policy is its trust policy.
bool is_role_arn(const std::string& arn) {
    return arn.find(":iam::") != std::string::npos && arn.find(":role/") != std::string::npos;
}

std::string policy_label(const std::string& reason, const std::string& resource) {
    if (reason == "scp") return "service control policy (SCP)";
    if (reason == "rcp") return "resource control policy (RCP)";
    if (reason == "permissions_boundary") return "permissions boundary";
    if (reason == "session_policy") return "session policy";
    if (reason == "vpce_policy") return "VPC endpoint policy";
    if (reason == "resource_policy") {
        if (resource.find(":kms:") != std::string::npos) return "KMS key policy of `" + resource + "`";
        // An object's permissions sit in its bucket's policy; a role's in its trust policy.
        if (resource.rfind("arn:aws:s3:::", 0) == 0 || resource.rfind("arn:aws-cn:s3:::", 0) == 0 ||
            resource.rfind("arn:aws-us-gov:s3:::", 0) == 0) {
            const std::size_t start = resource.find(":::") + 3, slash = resource.find('/', start);
            return "bucket policy of `" + resource.substr(start, slash == std::string::npos ? std::string::npos : slash - start) + "`";
        }
        if (is_role_arn(resource)) return "trust policy of `" + resource + "`";
        return "resource policy of `" + resource + "`";
    }
    return "role policy";
}

// The policy AWS names, as specific as the config lets us be: a permissions boundary the role declares is
// named by its ARN (its owner is whoever manages that policy).
std::string outside_policy_label(const std::string& reason, const std::string& resource, const config_model& cm,
                                 const sls::role_info* role) {
    if (reason == "permissions_boundary" && role && !role->permissions_boundary.is_null()) {
        std::vector<std::string> unresolved;
        const json arn = resolve(role->permissions_boundary, cm.ctx, unresolved);
        if (arn.is_string() && unresolved.empty() && arn.get_ref<const std::string&>().rfind("arn:", 0) == 0)
            return "permissions boundary `" + arn.get<std::string>() + "`";
    }
    return policy_label(reason, resource);
}

// Whether the ARN at `at` is the value of an event's source key (`- sqs: arn:...`, `arn: arn:...` under an
// event, `stream:`, `sns:`): the queue, stream or topic a function reads is often another account's (a
// partner's queue), so it does not say which account the config deploys to.
bool event_source_value(const std::string& text, std::size_t at) {
    const std::size_t bol = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
    std::string before = text.substr(bol, at - bol);
    while (!before.empty() && (before.back() == ' ' || before.back() == '\'' || before.back() == '"')) before.pop_back();
    if (before.empty() || before.back() != ':') return false;
    before.pop_back();
    const std::size_t key = before.find_last_of(" -{,");
    const std::string k = before.substr(key == std::string::npos ? 0 : key + 1);
    return k == "arn" || k == "sqs" || k == "stream" || k == "sns" || k == "topicArn" || k == "queue" || k == "eventSourceArn";
}

bool outside_reason(const std::string& r) {
    return r == "scp" || r == "rcp" || r == "permissions_boundary" || r == "session_policy" || r == "vpce_policy" ||
           r == "resource_policy";
}

// Whether some Allow statement of the role names the action (on whatever resource).
bool role_allows_action(const sls::role_info& role, const std::string& action) {
    for (const auto& st : role.statements) {
        const json& s = st.statement;
        if (s.is_object() && is_allow(s) && s.contains("Action") && action_matches(s["Action"], action))
            return true;
    }
    return false;
}

struct denial_state {
    const log::denial* d = nullptr;
    request_view rq;
    match_result m;
    decision_result dec;
    bool evaluated = false;
    grant g;
    std::string kind = "none";
    json statement = nullptr;
    json target = nullptr;
    json blast = nullptr;
    json request = nullptr;
    json fix_records = json::array();
    bool fixable = false;  // changed by the config patch
    std::string role_id;   // logical id, for verification
    // The request the fix makes allowed when it is not the logged one (s3:ListBucket for a GetObject of a
    // missing key): verification evaluates this one instead.
    std::optional<request_view> fix_rq;
};

struct stage_region {
    std::optional<std::string> stage, region;
    bool stage_conflict = false, region_conflict = false;  // a given option the log contradicts (reported once)
};

// Flags win; else the role (or session) name in the log; else leave it to provider.* / defaults.
// The framework's own console line: "Deploying <service> to stage <stage> (<region>)".
std::optional<std::pair<std::string, std::string>> deploying_line(std::string_view log, std::size_t& line) {
    static constexpr std::string_view marker = " to stage ";
    for (std::size_t p = log.find(marker); p != std::string_view::npos; p = log.find(marker, p + 1)) {
        const std::size_t bol = log.rfind('\n', p) == std::string_view::npos ? 0 : log.rfind('\n', p) + 1;
        if (log.substr(bol, p - bol).find("Deploying ") == std::string_view::npos) continue;
        std::size_t s = p + marker.size(), e = s;
        while (e < log.size() && e - s < 64 && (std::isalnum(static_cast<unsigned char>(log[e])) || log[e] == '-' || log[e] == '_')) ++e;
        if (e == s || e + 2 >= log.size() || log[e] != ' ' || log[e + 1] != '(') continue;
        const std::size_t r = e + 2, close = log.find(')', r);
        if (close == std::string_view::npos || close - r > 32 || close == r) continue;
        const std::string region(log.substr(r, close - r));
        if (region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) continue;
        line = static_cast<std::size_t>(std::count(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(p), '\n')) + 1;
        return std::make_pair(std::string(log.substr(s, e - s)), region);
    }
    return std::nullopt;
}

stage_region infer_from_log(const config_model& pre, const std::vector<denial_state>& ds, const sls::options& opts,
                            std::string_view log, diagnostics& diags) {
    stage_region out;
    std::size_t deploy_line = 0;
    if (auto dep = deploying_line(log, deploy_line)) {
        if (!opts.stage) {
            out.stage = dep->first;
            diags.push_back(make_info("WD5101", "stage `" + dep->first + "` taken from the log's \"Deploying ... to stage\" line",
                                      "log", static_cast<int>(deploy_line), 0, {{"stage", dep->first}, {"source", "log"}}));
        }
        if (!opts.region) {
            out.region = dep->second;
            diags.push_back(make_info("WD5102", "region `" + dep->second + "` taken from the log's \"Deploying ... to stage\" line",
                                      "log", static_cast<int>(deploy_line), 0, {{"region", dep->second}, {"source", "log"}}));
        }
    }
    // A template has no region of its own (`${AWS::Region}` is where it is deployed): the region of the ARN the
    // log names is that one, for a regional service.
    if (pre.is_plain_template && !opts.region)
        for (const auto& s : ds) {
            if (!s.d->resource) continue;
            const auto parts = iam::split_arn(*s.d->resource);
            if (parts.count == 6 && !parts.region().empty() && is_region_name(parts.region())) {
                out.region = std::string(parts.region());
                diags.push_back(make_info("WD5102", "region `" + *out.region + "` taken from the resource the log names", "log", s.d->line, 0,
                                          {{"region", *out.region}, {"source", "log"}}));
                break;
            }
        }
    for (const auto& s : ds) {
        if (s.rq.role_name.empty()) continue;
        auto parts = parse_role_name(s.rq.role_name, pre.service, pre.function_keys);
        // An option the log contradicts: the role in the log was deployed for another stage or region, so the
        // analysis (which follows the option) may not find it; say so rather than leave an unexplained miss.
        if (opts.stage && parts.stage && *parts.stage != *opts.stage && !out.stage_conflict) {
            out.stage_conflict = true;
            diags.push_back(make_warning("WD5106", "stage `" + *opts.stage + "` was given, but role `" + s.rq.role_name +
                                                       "` in the log belongs to stage `" + *parts.stage + "`",
                                         "log", s.d->line, 0, {{"given", *opts.stage}, {"log", *parts.stage}, {"role", s.rq.role_name}}));
        }
        if (opts.region && parts.region && *parts.region != *opts.region && !out.region_conflict) {
            out.region_conflict = true;
            diags.push_back(make_warning("WD5107", "region `" + *opts.region + "` was given, but role `" + s.rq.role_name +
                                                       "` in the log belongs to region `" + *parts.region + "`",
                                         "log", s.d->line, 0, {{"given", *opts.region}, {"log", *parts.region}, {"role", s.rq.role_name}}));
        }
        if (!opts.stage && !out.stage) {
            std::optional<std::string> st = parts.stage;
            if (!st) st = stage_from_session(s.rq.session_name, pre.service, pre.function_keys);
            if (st) {
                out.stage = st;
                diags.push_back(make_info("WD5101", "stage `" + *st + "` inferred from role `" + s.rq.role_name + "` in the log",
                                          "log", s.d->line, 0, {{"stage", *st}, {"source", "log"}, {"role", s.rq.role_name}}));
            }
        }
        // A region inside a custom role name counts when the config leaves the region to the deploy command.
        const json* set_region = raw_at(pre.doc.root, "/provider/region");
        const bool region_from_command = set_region == nullptr || set_region->is_null() ||
                                         (set_region->is_string() && set_region->get_ref<const std::string&>().find("${opt:region") != std::string::npos);
        const std::optional<std::string> region = parts.region ? parts.region : region_from_command ? parts.embedded_region : std::nullopt;
        if (!opts.region && !out.region && region) {
            out.region = region;
            diags.push_back(make_info("WD5102", "region `" + *region + "` inferred from role `" + s.rq.role_name + "` in the log",
                                      "log", s.d->line, 0, {{"region", *region}, {"source", "log"}, {"role", s.rq.role_name}}));
        }
    }
    return out;
}

void report_config_defaults(const config_model& cm, const sls::options& given, const stage_region& from_log,
                            diagnostics& diags) {
    if (cm.is_plain_template) {  // no stage; the region is what `${AWS::Region}` stands for
        if (!given.region && !from_log.region)
            diags.push_back(make_info("WD5102", "region `" + cm.pkg.region + "` is the default (no flag, and the log names none)",
                                      "config", 0, 0, {{"region", cm.pkg.region}, {"source", "default"}}));
        return;
    }
    const json* ps = raw_at(cm.doc.root, "/provider/stage");
    const json* pr = raw_at(cm.doc.root, "/provider/region");
    if (!given.stage && !from_log.stage) {
        bool prov = ps != nullptr && !cm.pkg.stage_inferred;
        diags.push_back(make_info("WD5101", prov ? "stage `" + cm.pkg.stage + "` taken from provider.stage"
                                                 : "stage `" + cm.pkg.stage + "` is the default (no flag, log or provider.stage)",
                                  "config", 0, 0, {{"stage", cm.pkg.stage}, {"source", prov ? "provider" : "default"}}));
    }
    if (!given.region && !from_log.region) {
        bool prov = pr != nullptr && !cm.pkg.region_inferred;
        diags.push_back(make_info("WD5102", prov ? "region `" + cm.pkg.region + "` taken from provider.region"
                                                 : "region `" + cm.pkg.region + "` is the default (no flag, log or provider.region)",
                                  "config", 0, 0, {{"region", cm.pkg.region}, {"source", prov ? "provider" : "default"}}));
    }
}

const sls::role_info* role_by_id(const config_model& cm, const std::string& id, const std::string& name) {
    for (const auto& r : cm.pkg.roles)
        if ((!id.empty() && r.logical_id == id) || (id.empty() && !name.empty() && r.role_name == name)) return &r;
    return nullptr;
}

json simple_statement(const std::string& action, const json& resource) {
    return {{"Effect", "Allow"}, {"Action", json::array({action})}, {"Resource", json::array({resource})}};
}

// The outside-config answer: what the policy owner must add, and a request they can act on.
// A Deny statement may be deleted only when it denies exactly the one action and nothing else (no wildcard,
// no other action, no NotAction/NotResource/NotPrincipal, no condition): anything more is a guard that would
// be lifted for everything it covers.
bool deletable_deny(const json& st, const std::string& action) {
    if (!st.is_object() || st.contains("NotAction") || st.contains("NotResource") || st.contains("NotPrincipal") ||
        st.contains("Condition") || !st.contains("Action"))
        return false;
    const json acts = st["Action"].is_array() ? st["Action"] : json::array({st["Action"]});
    return acts.size() == 1 && acts[0].is_string() && acts[0].get<std::string>().find_first_of("*?") == std::string::npos &&
           iam::iequals(acts[0].get<std::string>(), action);
}

// The logical id of the policy resource (`resources`) whose PolicyDocument has the statement at `pointer` as
// its only statement, or "".
std::string sole_statement_of_policy(const config_model& cm, const std::string& pointer) {
    const std::size_t doc = pointer.find("/PolicyDocument/Statement");
    const std::string base = cm.resources_pointer() + "/";
    if (pointer.rfind(base, 0) != 0 || doc == std::string::npos) return {};
    const json* list = raw_at(cm.doc.root, pointer.substr(0, doc) + "/PolicyDocument/Statement");
    if (!list || (list->is_array() && list->size() != 1)) return {};
    const std::size_t id_start = base.size();
    const std::size_t id_end = pointer.find('/', id_start);
    return id_end == std::string::npos ? std::string() : pointer.substr(id_start, id_end - id_start);
}

}  // namespace

// The grant's "the resource is the one the log names / as the config writes it" records, once the fix grants
// a pattern of the file instead.
void drop_resource_records(json& records) {
    json kept = json::array();
    for (auto& r : records)
        if (r.value("key", std::string()).rfind("fix.resource_from", 0) != 0) kept.push_back(std::move(r));
    records = std::move(kept);
}

namespace {

// Does the Deny's Resource also cover resources other than the request's own (another bucket, table, queue...)?
// Then it is a guard over many, not a mistake about this one.
bool guards_other_resources(const config_model& cm, const json& st, const std::string& resource) {
    if (!st.is_object() || !st.contains("Resource") || resource == "*") return false;
    std::vector<std::string> unresolved;
    resolve_context pinned = cm.ctx;  // a generated name is one resource, the request's
    pinned.pin_generated = resource;
    const json listed = resolve(st["Resource"], pinned, unresolved);
    // A list naming resources besides this one guards those too.
    for (const auto& r : (listed.is_array() ? listed : json::array({listed})))
        if (r.is_string() && !resource_matches(r, resource, cm.budget.get())) return true;
    // A pattern that also covers a sibling: the same key in another bucket (`arn:aws:s3:::*`), a bucket or
    // table whose name only starts like this one's (`clean-dev-*`, `table/orders*`).
    std::vector<std::string> others;
    if (const std::size_t s3 = resource.find(":s3:::"); s3 != std::string::npos) {
        const std::size_t slash = resource.find('/', s3 + 6);
        const std::string key = slash == std::string::npos ? "" : resource.substr(slash);
        others.push_back(resource.substr(0, s3 + 6) + "whydenied-other-bucket" + key);
        others.push_back(resource.substr(0, slash == std::string::npos ? resource.size() : slash) + "-whydenied-other" + key);
    } else {
        const std::size_t cut = resource.find_last_of(":/");
        if (cut == std::string::npos) return false;
        others.push_back(resource.substr(0, cut + 1) + "whydenied-other");
        others.push_back(resource + "-whydenied-other");
    }
    for (const auto& other : others)
        if (resource_matches(listed, other, cm.budget.get())) return true;
    return false;
}

// The statement a grant adds to a policy document of the file (the boundary's): the action on the resource
// as the config writes it.
json grant_statement(const denial_state& s) {
    return {{"Effect", "Allow"}, {"Action", json::array({s.g.action})},
            {"Resource", json::array({s.g.resource_config.is_null() ? json(s.g.resource) : s.g.resource_config})}};
}

// The role's deployed name: the config's, else (a role of `resources` without RoleName, named by
// CloudFormation) the one the log shows.
std::string deployed_role_name(const denial_state& s) {
    if (s.m.role && !s.m.role->role_name.empty()) return s.m.role->role_name;
    return s.rq.role_name;
}

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

// serverless-iam-roles-per-function gives a function with its own `iamRoleStatements` a role of its own, which
// holds the provider's statements only with `iamRoleStatementsInherit: true`: a provider statement that allows
// the request does not apply to that function. Said, since the file seems to allow it.
void plugin_inheritance_hint(denial_state& s, const config_model& cm, const iam::catalog* cat, std::string_view locale) {
    if (s.dec.decision != "ImplicitDeny" || !s.m.role || !s.m.function || s.m.role->logical_id == "IamRoleLambdaExecution") return;
    const json* fn = raw_at(cm.doc.root, "/functions/" + yaml::escape_pointer_token(s.m.function->key));
    if (!fn || !fn->is_object() || !fn->contains("iamRoleStatements")) return;
    if (const auto it = fn->find("iamRoleStatementsInherit"); it != fn->end() && (*it == true || *it == "true")) return;
    for (const auto& r : cm.pkg.roles)
        if (r.logical_id == "IamRoleLambdaExecution" && decide(cm, r, s.rq, cat, locale).decision == "Allow") {
            s.dec.records.push_back(make_record("hint.plugin_provider_statements_not_inherited",
                                                {{"function", s.m.function->key}, {"action", s.rq.action}}, locale));
            return;
        }
}

// Several denials of one role and action on objects of one bucket (`out/a/b.json`, `out/a/c.json`): the key
// varies, so each grant is the folder the keys share (`out/a/*`), written once, instead of one per key.
void widen_sibling_keys(std::vector<denial_state>& ds, std::string_view locale) {
    for (std::size_t i = 0; i < ds.size(); ++i) {
        auto object_of = [](const denial_state& s) -> std::pair<std::string, std::string> {  // (bucket ARN, key)
            if (!s.fixable || !s.m.role || !s.g.resource_config.is_string()) return {};
            const std::string& r = s.g.resource;
            const std::size_t s3 = r.find(":s3:::");
            if (s3 == std::string::npos || r.find_first_of("*?") != std::string::npos) return {};
            const std::size_t slash = r.find('/', s3 + 6);
            if (slash == std::string::npos || slash + 1 >= r.size()) return {};
            return {r.substr(0, slash), r.substr(slash + 1)};
        };
        const auto [bucket, key] = object_of(ds[i]);
        if (bucket.empty()) continue;
        std::vector<std::size_t> group{i};
        std::string common = key;
        for (std::size_t j = i + 1; j < ds.size(); ++j) {
            const auto [b, k] = object_of(ds[j]);
            if (b != bucket || k == key || ds[j].m.role != ds[i].m.role || ds[j].g.action != ds[i].g.action) continue;
            std::size_t n = 0;
            while (n < common.size() && n < k.size() && common[n] == k[n]) ++n;
            common.resize(n);
            group.push_back(j);
        }
        if (group.size() < 2) continue;
        const std::size_t folder = common.rfind('/');
        const std::string prefix = folder == std::string::npos ? std::string() : common.substr(0, folder + 1);
        json keys = json::array();
        for (std::size_t j : group) keys.push_back(object_of(ds[j]).second);
        for (std::size_t j : group) {
            grant& g = ds[j].g;
            const std::string tail = object_of(ds[j]).second.substr(prefix.size());
            const std::string written = g.resource_config.get<std::string>();
            if (written.size() < tail.size() || written.compare(written.size() - tail.size(), tail.size(), tail) != 0) continue;
            g.resource_config = written.substr(0, written.size() - tail.size()) + "*";
            g.resource = bucket + "/" + prefix + "*";
            drop_resource_records(g.records);
            g.records.push_back(make_record("fix.sibling_keys", {{"keys", keys}, {"resource", g.resource}}, locale));
            ds[j].statement = simple_statement(g.action, g.resource_config);
        }
    }
}

void outside_fix(denial_state& s, const config_model& cm, const std::string& policy, bool external_role,
                 std::string_view locale) {
    s.kind = "outside-config";
    // (A per-call object key or log stream is asked for by its folder too: the next call names another.)
    widen_object_key(s.g, locale);
    // A session policy comes with the credentials (the `Policy`/`PolicyArns` of the code's AssumeRole call): it
    // only narrows the role, so it is widened where the code builds it; a grant on the role changes nothing.
    const bool session = policy.rfind("session policy", 0) == 0;
    if (session) {
        external_role = false;
        s.fix_records.push_back(make_record("fix.session_policy_in_code", {{"action", s.rq.action}}, locale));
    }
    // SCPs and RCPs live in AWS Organizations: who can change them is not the account's own admins.
    if (policy.rfind("service control policy", 0) == 0 || policy.rfind("resource control policy", 0) == 0)
        s.fix_records.push_back(make_record("fix.who_organizations", {{"policy", policy}}, locale));
    std::string principal = s.m.role ? (s.m.role->external_arn.empty() ? role_arn(cm, deployed_role_name(s), s.m.role) : s.m.role->external_arn)
                                     : (s.rq.principal_arn.empty() ? s.rq.role_name : s.rq.principal_arn);
    // A role is named as the IAM role its owner edits (and a policy grants), not as the session the log shows.
    if (const auto& p = s.d->principal;
        principal == p.arn && p.type == "assumed-role" && !p.role_name.empty() && !p.account_id.empty()) {
        const std::size_t c = p.arn.find(':', 4);
        const std::string partition = p.arn.rfind("arn:", 0) == 0 && c != std::string::npos ? p.arn.substr(4, c - 4) : "aws";
        principal = "arn:" + partition + ":iam::" + p.account_id + ":role/" + p.role_name;
    }
    json st = simple_statement(s.rq.action, s.g.resource);
    if (s.d->reason == "resource_policy" || s.dec.reason_class == "implicit_deny:cross_account_no_resource_grant" ||
        policy.rfind("trust policy of", 0) == 0) {
        st = {{"Effect", "Allow"}, {"Principal", {{"AWS", principal}}}, {"Action", json::array({s.rq.action})}};
        // A role's trust policy names no Resource (the role is the resource); other resource policies do.
        const bool trust = s.rq.action.rfind("sts:", 0) == 0 && is_role_arn(s.g.resource);
        if (!trust) st["Resource"] = json::array({s.g.resource});
    }
    s.statement = st;
    json policy_doc = {{"Version", "2012-10-17"}, {"Statement", json::array({simple_statement(s.rq.action, s.g.resource)})}};
    std::string on = !s.rq.resource ? "" : locale == "ja" ? "（リソース `" + *s.rq.resource + "`）" : " on `" + *s.rq.resource + "`";
    // Who asks: the function's role, or the identity that deploys.
    std::string who = "fix.requester.lambda_role";
    const auto& p = s.d->principal;
    if (s.m.deploy_principal && !s.m.role) who = p.type == "user" ? "fix.requester.deploy_user" : "fix.requester.deploy_role";
    json req = json::object();
    // An explicit Deny is not lifted by any Allow: its owner must exempt the principal or change the Deny.
    // The role itself lacks the grant (it is managed outside this file): ask its owner to add it, not to lift
    // a denial "by" the role.
    req["text"] = render_message(s.d->explicit_deny && !external_role ? "fix.request_text_deny"
                                 : external_role                     ? "fix.request_text_role"
                                                                     : "fix.request_text",
                                 {{"who", render_message(who, {}, locale)}, {"principal", principal},
                                                      {"action", s.rq.action}, {"on", on},
                                                      {"policy", policy}, {"statement", st.dump(2)}},
                                 locale);
    if (!session && (external_role || s.m.deploy_principal)) {
        std::string name = s.m.role && !s.m.role->external_arn.empty() ? s.m.role->external_arn.substr(s.m.role->external_arn.rfind('/') + 1)
                                                                          : s.rq.role_name;
        bool user = s.d->principal.type == "user";
        if (user) name = s.d->principal.user_name.empty() ? name : s.d->principal.user_name;
        // (A put-*-policy command only when the identity's own policy is what lacks the grant.)
        if (!name.empty() && (external_role || policy == "deployment identity's policy"))
            req["command"] = std::string("aws iam ") + (user ? "put-user-policy --user-name " : "put-role-policy --role-name ") +
                             name + " --policy-name whydenied-" + s.rq.action.substr(0, s.rq.action.find(':')) +
                             " --policy-document '" + policy_doc.dump() + "'";
        s.fix_records.push_back(make_record(external_role ? "fix.external_role" : s.d->explicit_deny ? "fix.outside_config_deny" : "fix.outside_config",
                                            {{"role", name}, {"policy", policy}, {"action", s.rq.action}, {"principal", principal}}, locale));
    } else {
        // An explicit Deny is lifted by no Allow: its owner exempts the principal (or changes the Deny).
        s.fix_records.push_back(make_record(s.d->explicit_deny ? "fix.outside_config_deny" : "fix.outside_config",
                                            {{"policy", policy}, {"action", s.rq.action}, {"principal", principal}}, locale));
    }
    s.request = req;
}

// The container image a function runs (`image: <uri>`, or `image: {name}` / `image: name` of provider.ecr.images
// given by `uri`), "" when it is built from a path or not an image function.
std::string function_image_uri(const config_model& cm, const std::string& function_key) {
    const json& root = cm.pkg.resolved_config.is_null() ? cm.doc.root : cm.pkg.resolved_config;
    const json* image = raw_at(root, "/functions/" + yaml::escape_pointer_token(function_key) + "/image");
    if (!image) return {};
    std::string name;
    if (image->is_string()) {
        if (image->get_ref<const std::string&>().find(".dkr.ecr.") != std::string::npos) return image->get<std::string>();
        name = image->get<std::string>();
    } else if (image->is_object()) {
        if (image->contains("uri") && (*image)["uri"].is_string()) return (*image)["uri"].get<std::string>();
        if (image->contains("name") && (*image)["name"].is_string()) name = (*image)["name"].get<std::string>();
    }
    if (name.empty()) return {};
    const json* uri = raw_at(root, "/provider/ecr/images/" + yaml::escape_pointer_token(name) + "/uri");
    return uri && uri->is_string() ? uri->get<std::string>() : std::string();
}

// Lambda could not pull the function's image: the repository's policy must let the Lambda service read it
// (Lambda developer guide, "Amazon ECR permissions"); the execution role plays no part.
void image_pull_fix(denial_state& s, const config_model& cm, std::string_view locale) {
    s.kind = "outside-config";
    s.fixable = false;
    s.dec.decision = "Undetermined";
    const std::string uri = s.m.function ? function_image_uri(cm, s.m.function->key) : std::string();
    // `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`
    std::string account, region, repository;
    if (const std::size_t dkr = uri.find(".dkr.ecr."); dkr != std::string::npos) {
        account = uri.substr(0, dkr);
        const std::size_t r = dkr + 9, rend = uri.find(".amazonaws.com/", r);
        if (rend != std::string::npos) {
            region = uri.substr(r, rend - r);
            repository = uri.substr(rend + 15);
            repository = repository.substr(0, std::min(repository.find('@'), repository.find(':')));
        }
    }
    json st = {{"Sid", "LambdaECRImageRetrievalPolicy"},
               {"Effect", "Allow"},
               {"Principal", {{"Service", "lambda.amazonaws.com"}}},
               {"Action", json::array({"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"})}};
    s.g.records = json::array();  // (no grant of the function's role is made)
    if (!repository.empty() && !region.empty())
        s.rq.resource = "arn:" + cm.ctx.partition + ":ecr:" + region + ":" + account + ":repository/" + repository;
    const bool other_account = !account.empty() && account != cm.ctx.account_id;
    if (other_account)  // only this account's functions may pull it
        st["Condition"] = {{"StringLike", {{"aws:sourceArn", "arn:" + cm.ctx.partition + ":lambda:" + (region.empty() ? cm.ctx.region : region) +
                                                                 ":" + cm.ctx.account_id + ":function:*"}}}};
    s.statement = st;
    s.dec.records.push_back(make_record("decision.ecr_image_pull", {{"image", uri.empty() ? json(nullptr) : json(uri)}}, locale));
    s.fix_records.push_back(make_record(other_account ? "fix.ecr_image_pull_other_account" : "fix.ecr_image_pull",
                                        {{"repository", repository.empty() ? json(nullptr) : json(repository)},
                                         {"account", account}, {"our_account", cm.ctx.account_id}},
                                        locale));
}

struct planned_new {
    fix_target target;
    json resource_config;
    std::vector<std::string> actions;
};

// The s3:ListBucket request on the bucket of an s3:GetObject (or GetObjectVersion) the role may make, when the
// role may not list that bucket: S3 then hides a missing key behind 403. Nothing for a bucket named by a pattern.
std::optional<request_view> missing_key_listing(const config_model& cm, const denial_state& s, const iam::catalog* cat,
                                                std::string_view locale) {
    if (!(iam::iequals(s.rq.action, "s3:GetObject") || iam::iequals(s.rq.action, "s3:GetObjectVersion")) || !s.rq.resource)
        return std::nullopt;
    const std::string& arn = *s.rq.resource;
    const std::size_t at = arn.find(":s3:::");
    if (arn.rfind("arn:", 0) != 0 || at == std::string::npos) return std::nullopt;
    const std::size_t slash = arn.find('/', at + 6);
    if (slash == std::string::npos || slash == at + 6) return std::nullopt;
    const std::string bucket = arn.substr(0, slash);
    if (bucket.find_first_of("*?$<>{}") != std::string::npos) return std::nullopt;
    request_view listing = s.rq;
    listing.action = "s3:ListBucket";
    listing.resource = bucket;
    listing.direct_call = false;
    if (decide(cm, *s.m.role, listing, cat, locale).decision == "Allow") return std::nullopt;
    return listing;
}

// The ISO 8601 timestamp with a zone (`2026-11-30T10:15:02.123Z`, `...+09:00`) that the log's line `line`
// carries (Lambda's runtimes start each line with one), without fraction; "" when the line has none. A time
// without a zone is left: its offset from UTC is not known.
std::string log_line_time(std::string_view log, int line) {
    std::size_t bol = 0;
    for (int n = 1; n < line && bol != std::string_view::npos; ++n) {
        bol = log.find('\n', bol);
        if (bol != std::string_view::npos) ++bol;
    }
    if (line < 1 || bol == std::string_view::npos) return {};
    const std::size_t eol = std::min(log.find('\n', bol), log.size());
    const std::string_view text = log.substr(bol, eol - bol);
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t p = 0; p + 20 <= text.size(); ++p) {
        if (p > 0 && (std::isalnum(static_cast<unsigned char>(text[p - 1])) || text[p - 1] == '-' || text[p - 1] == ':')) continue;
        const std::string_view t = text.substr(p);
        if (!(digit(t[0]) && digit(t[1]) && digit(t[2]) && digit(t[3]) && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' &&
              t[16] == ':'))
            continue;
        std::size_t end = 19;
        if (end < t.size() && (t[end] == '.' || t[end] == ',')) {
            ++end;
            while (end < t.size() && digit(t[end])) ++end;
        }
        std::string zone;
        if (end < t.size() && (t[end] == 'Z' || t[end] == 'z')) zone = "Z";
        else if (end + 6 <= t.size() && (t[end] == '+' || t[end] == '-') && t[end + 3] == ':') zone = std::string(t.substr(end, 6));
        if (zone.empty()) continue;
        const std::string stamp = std::string(t.substr(0, 19)) + zone;
        if (iam::parse_date(stamp)) return stamp;
    }
    return {};
}

// The service whose API the logged operation belongs to, when it is not the action's own: a `kms:` action
// denied in S3's `PutObject` (an SSE-KMS object) was S3 calling KMS for the function. "" when the operation is
// the action's service's, or whose it is cannot be told.
std::string calling_service(const log::denial& d, const std::string& action, const iam::catalog* cat) {
    if (d.operation.empty() || action.find(':') == std::string::npos) return {};
    const std::string service = action.substr(0, action.find(':'));
    const std::string op = log::detail::pascal_case(d.operation);
    if (!log::detail::mapped_action_name(service, op).empty() || (cat && cat->find_action(service + ":" + op))) return {};
    std::string via = log::detail::service_for_operation(op, cat);
    // Several services have an operation of that name (PutObject is also MediaStore's): the XML error code
    // `AccessDenied` is the one a query or rest-xml service (S3) answers with.
    if (via.empty() && d.error_code == "AccessDenied") via = log::detail::service_for_xml_code(op, cat);
    return via == service ? std::string() : via;
}

// A plain template's Parameters whose value the log shows: a role named `!Join ['-', [!Ref Env, ledger, fn]]`
// that the log calls `prod-ledger-fn` was deployed with Env=prod, whatever the Default. Only Parameters not
// given as options, with a value their AllowedValues admit, and the same in every denial.
std::map<std::string, std::string> parameters_from_log(const config_model& cm, const std::vector<denial_state>& ds,
                                                       const sls::options& given) {
    std::map<std::string, std::string> out;
    std::set<std::string> conflicting;
    if (!cm.is_plain_template || !cm.ctx.parameters || !cm.ctx.parameters->is_object()) return out;
    resolve_context markers = cm.ctx;
    markers.parameter_markers = true;
    for (const auto& s : ds) {
        if (s.rq.role_name.empty() || has_redaction(s.rq.role_name)) continue;
        for (const auto& r : cm.pkg.roles) {
            if (r.logical_id.empty()) continue;
            std::vector<std::string> unresolved;
            const std::string pattern = resource_attribute(r.logical_id, "", markers, unresolved);
            if (!unresolved.empty() || pattern.find_first_of("*?") != std::string::npos) continue;
            const auto fit = parameters_from_name(pattern, s.rq.role_name);
            if (!fit) continue;
            for (const auto& [name, value] : *fit) {
                if (given.params.count(name)) continue;
                const json& decl = (*cm.ctx.parameters)[name];
                if (decl.is_object() && decl.contains("AllowedValues") && decl["AllowedValues"].is_array()) {
                    bool allowed = false;
                    for (const auto& a : decl["AllowedValues"]) allowed = allowed || (a.is_string() && a == value);
                    if (!allowed) continue;
                }
                if (const auto had = out.find(name); had != out.end() && had->second != value) conflicting.insert(name);
                out[name] = value;
            }
        }
    }
    for (const auto& name : conflicting) out.erase(name);
    return out;
}

// One explain call: its input, the state its phases share, and the answer being built. Each phase is its own
// function, kept out of line: as one function, explain was a 150 KB WebAssembly function that V8's baseline
// compiler took 240 ms to compile on the page's first analysis (its cost grows faster than the function's
// size); split, the same code compiles in a fraction of that.
struct explain_run {
    explain_run(const request& given_request, const iam::catalog* catalog) : given(given_request), cat(catalog) {}

    const request& given;
    const iam::catalog* cat;
    std::string locale;
    diagnostics diags;
    request req;  // `given` with its options checked
    json out = json::object();
    log::parse_result lr;
    // A paste cut inside the resource's ARN: the stub the log showed, per denial.
    std::map<const log::denial*, std::string> cut_resources;
    std::shared_ptr<iam::step_budget> budget;
    std::string account;
    bool account_defaulted = false;
    std::vector<denial_state> ds;
    config_model cm;
    sls::options opts;
    needs_by_role needs;
    std::string patch;    // unified diff of every fix the config can take
    std::string patched;  // the config with the patch applied
    bool all_allowed = false;
    std::map<const denial_state*, std::string> after;  // decision after the patch, per fixable denial

    json run();
    void read_log();
    void start_denials();
    void load_config_for_denials();
    void decide_denial(denial_state& s);
    void plan_fix(denial_state& s, yaml_patcher& patcher, const text_lines& config_lines, std::vector<planned_new>& news,
                  std::set<std::string>& done);
    void write_and_verify_patch();
    json denial_answer(const denial_state& s);
    void finish();
    bool match_and_decide(denial_state& s);
    bool needs_config_grant(denial_state& s);
    bool edit_policy_documents(denial_state& s, const fix_target& t, yaml_patcher& patcher);
    bool correct_statement_in_place(denial_state& s, const fix_target& t, yaml_patcher& patcher, const std::vector<std::string>& also);
    void add_grant(denial_state& s, const fix_target& t, yaml_patcher& patcher, const text_lines& config_lines,
                   std::vector<planned_new>& news, const std::vector<std::string>& also);
};

json explain_run::run() {
    read_log();
    start_denials();
    load_config_for_denials();
    // per denial: request, match, decision, grant, fix kind
    for (auto& s : ds) decide_denial(s);
    widen_sibling_keys(ds, locale);
    write_and_verify_patch();
    for (const auto& s : ds) out["denials"].push_back(denial_answer(s));
    finish();
    return out;
}

[[gnu::noinline]] void explain_run::read_log() {
    locale = given.locale == "ja" ? given.locale : std::string("en");
    req = checked_options(given, diags);
    out["denials"] = json::array();
    out["roles"] = json::array();

    if (blank(req.config)) diags.push_back(make_error("WD5001", "the config is empty", "config", 1, 1));
    if (blank(req.log)) diags.push_back(make_error("WD5002", "the log is empty", "log", 1, 1));

    if (!blank(req.log)) {
        lr = log::parse_log(req.log, cat);
        diags.insert(diags.end(), lr.diags.begin(), lr.diags.end());
        if (lr.denials.empty() && !has_errors(lr.diags))
            diags.push_back(make_error("WD5004", "no AccessDenied message found in the log", "log", 1, 1));
        // Issue 8: each denial is evaluated several times and may add a fix; a real log shows a few
        // distinct denials (the parser merges repeats), so past this the rest is listed, not explained.
        if (lr.denials.size() > max_explained_denials) {
            diags.push_back(make_warning("WD5005",
                                         "the log has " + std::to_string(lr.denials.size()) +
                                             " distinct denials; only the first " +
                                             std::to_string(max_explained_denials) + " are explained",
                                         "log", lr.denials[max_explained_denials].line, 0,
                                         {{"count", lr.denials.size()}, {"limit", max_explained_denials}}));
            lr.denials.resize(max_explained_denials);
        }
    }
    // A paste cut inside the resource's ARN (`on resource: arn:aws:dynamodb:us-east-1:1234 ... [message truncated]`):
    // fewer than six fields name no resource, and taken as one the grant would name that stub (or `*`).
    for (auto& d : lr.denials)
        if (d.resource && d.resource->rfind("arn:", 0) == 0 && !iam::is_arn(*d.resource)) {
            if (!d.truncated)
                diags.push_back(make_warning("WD3003", "the log seems cut off inside this denial; fields after the cut are missing", "log", d.line));
            cut_resources[&d] = *d.resource;
            d.resource.reset();
            d.truncated = true;
        }
}

// Each denial's request as the log gives it, and the account every ARN is built with.
[[gnu::noinline]] void explain_run::start_denials() {
    budget = std::make_shared<iam::step_budget>();
    budget->limit = explain_step_limit;

    // a first load (default stage/region) to read the service name and function keys
    account = req.account_id.value_or("");
    ds = std::vector<denial_state>(lr.denials.size());
    for (std::size_t i = 0; i < lr.denials.size(); ++i) {
        auto& s = ds[i];
        s.d = &lr.denials[i];
        s.rq.role_name = s.d->principal.role_name;
        s.rq.session_name = s.d->principal.session_name;
        if (s.rq.role_name.empty() && s.d->principal.type != "user") split_principal(s.d->principal.arn, s.rq.role_name, s.rq.session_name);
        s.rq.context = s.d->context;
        // aws:CurrentTime (and aws:EpochTime) of the request: the time of the denial's log line, when it has one.
        if (s.rq.context.is_object() && !s.rq.context.contains("aws:CurrentTime"))
            if (const std::string at = log_line_time(req.log, s.d->line); !at.empty()) {
                s.rq.context["aws:CurrentTime"] = at;
                if (!s.rq.context.contains("aws:EpochTime"))
                    s.rq.context["aws:EpochTime"] = std::to_string(static_cast<long long>(*iam::parse_date(at)));
            }
        if (account.empty() && s.d->principal.account_id.size() == 12 && !has_redaction(s.d->principal.account_id)) {
            account = s.d->principal.account_id;
            diags.push_back(make_info("WD5103", "account id `" + account + "` taken from the log", "log", s.d->line, 0,
                                      {{"accountId", account}, {"source", "log"}}));
        }
    }
    if (account.empty() && !blank(req.config)) {
        // The config's own ARNs name the account (`arn:aws:sqs:eu-west-1:123456789012:q`): the most frequent
        // 12-digit account there. Layer ARNs are skipped (AWS-owned accounts publish public layers).
        std::map<std::string, int> seen;
        const std::string& c = req.config;
        for (std::size_t p = c.find("arn:"); p != std::string::npos; p = c.find("arn:", p + 4)) {
            std::size_t q = p;
            for (int k = 0; k < 4 && q != std::string::npos; ++k) q = c.find(':', q + 1);
            if (q == std::string::npos || q + 13 >= c.size() || c[q + 13] != ':' || q - p > 80) continue;
            const std::string id = c.substr(q + 1, 12);
            if (std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
                c.compare(q + 13, 7, ":layer:") != 0 && !event_source_value(c, p))
                ++seen[id];
        }
        int best = 0;
        for (const auto& [id, n] : seen)
            if (n > best) best = n, account = id;
        if (!account.empty())
            diags.push_back(make_info("WD5103", "account id `" + account + "` taken from the config's ARNs", "config", 0, 0,
                                      {{"accountId", account}, {"source", "config"}}));
    }
    account_defaulted = account.empty();
    if (account.empty()) {
        account = k_default_account;
        diags.push_back(make_info("WD5103", "account id `" + account + "` is the default (no flag and none in the log)", "", 0, 0,
                                  {{"accountId", account}, {"source", "default"}}));
    }
}

// The config, loaded with the stage, region and template parameters the log implies.
[[gnu::noinline]] void explain_run::load_config_for_denials() {

    opts = req.opts;
    if (!blank(req.config)) {
        config_model pre;
        pre.doc = yaml::load(req.config, "config");
        const yaml::document& pre_doc = pre.doc;  // parsed once: each load below packages a copy
        pre.is_plain_template = pre_doc.parsed && sls::looks_like_cfn_template(pre_doc.root);
        if (pre_doc.parsed && pre_doc.root.is_object()) {
            const json& sv = pre_doc.root.contains("service") ? pre_doc.root["service"] : json();
            if (sv.is_string()) pre.service = sv.get<std::string>();
            if (pre_doc.root.contains("functions") && pre_doc.root["functions"].is_object())
                for (auto it = pre_doc.root["functions"].begin(); it != pre_doc.root["functions"].end(); ++it)
                    pre.function_keys.push_back(it.key());
        }
        stage_region inferred = infer_from_log(pre, ds, req.opts, req.log, diags);
        if (inferred.stage) opts.stage = inferred.stage;
        if (inferred.region) opts.region = inferred.region;
        cm = load_config(req.config, pre_doc, opts, account);
        if (const auto read = parameters_from_log(cm, ds, req.opts); !read.empty()) {
            for (const auto& [name, value] : read) {
                const json& decl = (*cm.ctx.parameters)[name];
                const json def = decl.is_object() && decl.contains("Default") ? decl["Default"] : json(nullptr);
                if (def.is_string() && def == value) continue;
                opts.params[name] = value;
                diags.push_back(make_info("WD5109", "template parameter `" + name + "` is `" + value + "`, read from the role name in the log" +
                                                        (def.is_string() ? " (its Default is `" + def.get<std::string>() + "`)" : std::string()),
                                          "log", 0, 0, {{"parameter", name}, {"value", value}, {"default", def}}));
            }
            if (opts.params != req.opts.params) cm = load_config(req.config, pre_doc, opts, account);
        }
        cm.account_is_default = account_defaulted;
        cm.budget = budget;
        diags.insert(diags.end(), cm.doc.diags.begin(), cm.doc.diags.end());
        if (cm.doc.parsed && !cm.is_serverless)
            diags.push_back(make_error("WD5003", "the config is neither a Serverless Framework config (it needs `service` and `provider` or `functions`) nor a CloudFormation template (`Resources`)",
                                       "config", 1, 1));
        if (cm.is_serverless) {
            diags.insert(diags.end(), cm.pkg.diags.begin(), cm.pkg.diags.end());
            report_config_defaults(cm, req.opts, inferred, diags);
        }
    }
    out["roles"] = sls::roles_to_json(cm.pkg.roles);
}

// One denial: its request, the role and function it matches, the decision, the grant and the fix kind.
// The denial's request, the role and function it matches, and the decision. False: settled here.
[[gnu::noinline]] bool explain_run::match_and_decide(denial_state& s) {
    const log::denial& d = *s.d;
    s.rq.action = canonical_action(d.action, cat);
    if (!d.operation.empty() && s.rq.action.size() > d.operation.size() &&
        iam::iequals(std::string_view(s.rq.action).substr(s.rq.action.size() - d.operation.size()), d.operation) &&
        s.rq.action[s.rq.action.size() - d.operation.size() - 1] == ':')
        s.rq.direct_call = true;
    bool secret = false;
    s.rq.resource = cm.is_serverless ? request_resource(cm, d, secret) : d.resource;
    s.rq.principal_arn = d.principal.arn;
    if (cm.is_serverless) {
        s.m = match_principal(cm, d, s.rq, req.log, locale);
        if (const auto cut = cut_resources.find(&d); cut != cut_resources.end())
            s.m.records.push_back(make_record("match.resource_cut", {{"resource", cut->second}}, locale));
        // IAM's own sentence ("... is not authorized to perform: X because ...") names the resource whenever
        // the call had one. Without it, an action whose resource types are all optional (`cloudwatch:PutMetricData`
        // and its `dataset`; `translate:TranslateText` and its `parallel-data` or `terminology`) was called
        // without one: it was authorised on `*`. (Several types need the whole sentence, not one cut short:
        // they are often alternatives one of which every call names, as s3:GetObject's object or access-point
        // object, and only the sentence's end says none was named.)
        if (!s.rq.resource && cat && d.reason != "unspecified" && !d.reason.empty() && !is_domain_http_action(s.rq.action))
            if (const auto* info = cat->find_action(s.rq.action);
                info && !info->resources.empty() && (info->resources.size() == 1 || !d.truncated) &&
                std::none_of(info->resources.begin(), info->resources.end(), [](const iam::resource_ref& r) { return r.required; })) {
                std::string types;
                for (const auto& r : info->resources)
                    types += (types.empty() ? "" : locale == "ja" ? " または " : " or ") + r.type;
                s.rq.resource = "*";
                s.m.records.push_back(make_record("match.resource_optional", {{"action", info->full_name()}, {"type", types}}, locale));
            }
        // No resource in the log: the function's own queue or stream, when it has exactly one for this service.
        if (!s.rq.resource && s.m.function && !s.rq.action.empty())
            if (auto ev = resource_from_events(cm, s.m.function->key, s.rq.action)) {
                s.rq.resource = ev->arn;
                s.m.records.push_back(make_record("match.resource_from_event",
                                                  {{"event", ev->event}, {"function", s.m.function->key}, {"resource", ev->arn}}, locale));
            }
        // ...else the one its environment names (`OUT_BUCKET`, `AUDIT_TABLE`)...
        if (!s.rq.resource && s.m.function && !s.rq.action.empty())
            if (auto r = resource_from_environment(cm, s.m.function->key, s.rq.action, cat)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_environment", {{"function", s.m.function->key}, {"resource", *r}}, locale));
            }
        // ...else the one resource of that kind the role already works on (its other actions there).
        // (Also when the role does allow the action and AWS says a resource policy refused it, KMS's "on this
        // resource": the one resource the role is granted is the one the code called.)
        if (!s.rq.resource && s.m.role && !s.rq.action.empty() &&
            (!role_allows_action(*s.m.role, s.rq.action) || d.reason == "resource_policy"))
            if (auto r = resource_from_statements(cm, *s.m.role, s.rq.action, cat)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_statement", {{"resource", *r}}, locale));
            }
        // ...else the one resource of a type it acts on that the file defines (a table, a search domain's paths).
        if (!s.rq.resource && !s.rq.action.empty())
            if (auto r = resource_from_definitions(cm, s.rq.action, cat)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_definition", {{"resource", *r}}, locale));
            }
        // ...else, for a `kms:` action, the key that encrypts a resource the role works on (a secret's KmsKeyId).
        if (!s.rq.resource && s.m.role && s.rq.action.rfind("kms:", 0) == 0) {
            std::string encrypted;
            if (auto r = resource_from_encryption(cm, *s.m.role, encrypted)) {
                s.rq.resource = *r;
                s.m.records.push_back(make_record("match.resource_from_encryption", {{"resource", *r}, {"encrypted", encrypted}}, locale));
            }
        }
        // A `kms:` action denied in another service's operation (S3's PutObject or GetObject of an SSE-KMS
        // object): that service called KMS for the function, so the request carries kms:ViaService, the
        // service's endpoint in the key's region, and aws:ViaAWSService true (KMS developer guide,
        // "kms:ViaService"; IAM's global condition keys). (A direct call, the operation being the action,
        // carries neither: see direct_call.)
        if (!s.rq.direct_call && s.rq.action.rfind("kms:", 0) == 0 && !s.rq.context.contains("kms:ViaService"))
            if (const std::string via = calling_service(d, s.rq.action, cat); !via.empty()) {
                const auto key = s.rq.resource ? iam::split_arn(*s.rq.resource) : iam::arn_parts{};
                const std::string region = key.count == 6 && is_region_name(key.region()) ? std::string(key.region()) : cm.ctx.region;
                if (is_region_name(region)) {
                    const std::string endpoint = via + "." + region + ".amazonaws.com";
                    if (!s.rq.context.is_object()) s.rq.context = json::object();
                    s.rq.context["kms:ViaService"] = endpoint;
                    if (!s.rq.context.contains("aws:ViaAWSService")) s.rq.context["aws:ViaAWSService"] = "true";
                    s.m.records.push_back(make_record("match.kms_via_service",
                                                      {{"operation", d.operation}, {"service", via}, {"action", s.rq.action},
                                                       {"endpoint", endpoint}},
                                                      locale));
                }
            }
        // The time taken from the log line decides a condition of the role on it (a grant that expired).
        if (s.m.role && !s.d->context.contains("aws:CurrentTime") && s.rq.context.contains("aws:CurrentTime"))
            for (const auto& st : s.m.role->statements) {
                if (!st.statement.is_object() || !st.statement.contains("Condition")) continue;
                const std::string text = iam::lower_copy(st.statement["Condition"].dump());
                if (text.find("aws:currenttime") == std::string::npos && text.find("aws:epochtime") == std::string::npos) continue;
                s.m.records.push_back(make_record("match.current_time_from_log", {{"time", s.rq.context["aws:CurrentTime"]}}, locale));
                break;
            }
        if ((s.rq.principal_arn.empty() || has_redaction(s.rq.principal_arn)) && s.m.role)
            s.rq.principal_arn = "arn:" + cm.ctx.partition + ":sts::" + account + ":assumed-role/" + s.m.role->role_name + "/" +
                                 (s.m.function ? s.m.function->function_name : "session");
        s.g = least_privilege(cm, s.rq, cat, locale);
        // The resource was not in the log: say where it came from instead of "the one the log names".
        if (!d.resource && s.rq.resource)
            for (auto& r : s.g.records)
                if (r.value("key", std::string()) == "fix.resource_from_log")
                    r = make_record("fix.resource_not_in_log", {{"resource", *s.rq.resource}}, locale);
    } else {
        s.g.action = s.rq.action;
        s.g.resource = s.rq.resource.value_or("*");
        s.g.resource_config = s.g.resource;
    }
    if (s.rq.action.empty()) {
        s.kind = "none";
        // The log names the resource but not the call: say what the role already allows there, so the
        // missing action is the one the failing call needs.
        if (s.rq.resource && s.m.role) {
            json allowed = json::array();
            for (const auto& st : s.m.role->statements) {
                std::vector<std::string> unresolved;
                const json r = resolve_statement(st.statement, cm.ctx, unresolved);
                if (!r.is_object() || r.value("Effect", json()) != "Allow" || !r.contains("Resource") || !r.contains("Action") ||
                    !resource_matches(r["Resource"], *s.rq.resource, cm.budget.get()))
                    continue;
                for (const auto& a : (r["Action"].is_array() ? r["Action"] : json::array({r["Action"]})))
                    if (a.is_string() && std::find(allowed.begin(), allowed.end(), a) == allowed.end()) allowed.push_back(a);
            }
            s.g.records = json::array();  // no grant is made
            s.fix_records.push_back(make_record(allowed.empty() ? "fix.action_not_in_log_nothing" : "fix.action_not_in_log",
                                                {{"resource", *s.rq.resource}, {"allowed", allowed}}, locale));
        }
        return false;
    }
    if (d.image_pull_check) {
        image_pull_fix(s, cm, locale);
        return false;
    }
    if (s.m.role) {
        s.role_id = s.m.role->logical_id;
        s.dec = decide(cm, *s.m.role, s.rq, cat, locale);
        // AWS says a resource policy explicitly denied, and the file's resource policy denies only over
        // plain HTTP (the TLS guard, `aws:SecureTransport: false`), which we assume the SDK does not use:
        // that assumption is what the log contradicts. The client called an `http://` endpoint.
        if (d.explicit_deny && d.reason == "resource_policy" && s.dec.decision != "ExplicitDeny" &&
            !s.rq.context.contains("aws:SecureTransport")) {
            request_view plain = s.rq;
            plain.context["aws:SecureTransport"] = "false";
            decision_result alt = decide(cm, *s.m.role, plain, cat, locale);
            if (alt.decision == "ExplicitDeny" && alt.resource_deny) {
                s.dec = std::move(alt);
                s.dec.records.push_back(make_record("reason.plain_http", {{"line", s.dec.resource_deny->line}}, locale));
            }
        }
        s.evaluated = true;
        plugin_inheritance_hint(s, cm, cat, locale);
        needs[s.m.role->logical_id].push_back(s.rq);
    } else {
        s.dec.decision = "Undetermined";
        if (s.m.deploy_principal) {
            // An SCP, RCP, boundary or session policy denied the deployer: its owner, not the deployer's policy.
            // (And a resource's own policy that lacks the grant, a layer shared from another account, say: the
            // resource's owner adds the deployer.)
            const bool other_policy = d.reason == "scp" || d.reason == "rcp" || d.reason == "permissions_boundary" ||
                                      d.reason == "session_policy" || d.reason == "vpce_policy" ||
                                      (d.reason == "resource_policy" && s.rq.resource);
            // A role IAM Identity Center made for a permission set (`AWSReservedSSO_<set>_<hash>`): IAM refuses
            // edits to it ("Cannot perform the operation on the protected role"); the set is what changes.
            const std::string& rn = d.principal.role_name;
            std::string sso_set;
            if (rn.rfind("AWSReservedSSO_", 0) == 0 && rn.rfind('_') > 15) sso_set = rn.substr(15, rn.rfind('_') - 15);
            const std::string policy = other_policy       ? policy_label(d.reason, s.rq.resource.value_or("*"))
                                       : !sso_set.empty() ? "IAM Identity Center permission set `" + sso_set + "`"
                                                          : "deployment identity's policy";
            outside_fix(s, cm, policy, false, locale);
            if (!other_policy && !sso_set.empty())
                s.fix_records.push_back(make_record("fix.who_identity_center", {{"role", rn}, {"set", sso_set}}, locale));
            return false;
        }
        if (cm.is_serverless && s.m.role_in_log)
            s.dec.records.push_back(make_record("decision.no_role", {{"role", s.rq.role_name}}, locale));
        // The function's role is not created here (an ARN from `${ssm:...}`, say), so its policies are not
        // visible; AWS's own words still decide the kind of denial it was.
        if (cm.is_serverless && s.m.role_in_log && s.m.function && (d.reason == "implicit_identity" || d.reason == "explicit_identity"))
            s.dec.decision = d.reason == "implicit_identity" ? "ImplicitDeny" : "ExplicitDeny";
        // (When AWS names another policy type, a session policy or an SCP say, that policy denied: its owner
        // acts, not the role's.)
        if (cm.is_serverless && s.m.role_in_log && outside_reason(d.reason)) {
            s.dec.decision = d.explicit_deny ? "ExplicitDeny" : "ImplicitDeny";
            outside_fix(s, cm, policy_label(d.reason, s.rq.resource.value_or("*")), false, locale);
        } else if (cm.is_serverless && s.m.role_in_log && !has_redaction(s.rq.role_name)) {
            outside_fix(s, cm, "role `" + s.rq.role_name + "`", true, locale);
        }
        return false;
    }
    return true;
}

// The outcomes a grant in the config cannot fix (another policy said no, a key decides, the role allows it
// already): each settles the denial with its own explanation. True: the config must grant it.
[[gnu::noinline]] bool explain_run::needs_config_grant(denial_state& s) {
    const log::denial& d = *s.d;
    const std::string& reason = d.reason;
    // The permissions boundary is a managed policy this file creates, and it lacks the action: the fix
    // is a statement in its document (the role's own statements already allow it).
    if (s.dec.decision == "ImplicitDeny" && s.dec.reason_class == "implicit_deny:pb" && s.dec.boundary && s.m.role) {
        const auto& b = *s.dec.boundary;
        s.kind = "add-statement";
        s.fixable = true;
        s.target = {{"kind", "boundary"}, {"path", b.document_pointer + "/Statement"}, {"policy", b.logical_id}, {"line", b.line}};
        return false;
    }
    // The resource's own policy is in this file (a KMS key policy, a bucket or queue policy under
    // `resources`) and it is what lacks the grant: the fix is a statement there.
    if (s.dec.decision == "ImplicitDeny" && s.dec.reason_class == "implicit_deny:resource_policy_no_grant" &&
        s.dec.resource_policy && !s.dec.resource_policy->document_pointer.empty() && s.m.role) {
        const auto& rp = *s.dec.resource_policy;
        s.kind = "add-statement";
        s.fixable = true;
        s.target = {{"kind", "resource-policy"}, {"path", rp.document_pointer + "/Statement"}, {"policy", rp.logical_id}, {"line", rp.line}};
        if (rp.type == "AWS::KMS::Key") s.g.records = json::array();  // the grant names the key as `*`
        return false;
    }
    // The role allows it, but the resource is in another account, whose policy on it (key policy, bucket
    // policy, trust policy) must allow the role too: nothing in this file can.
    if (s.dec.reason_class == "implicit_deny:cross_account_no_resource_grant" && s.rq.resource) {
        s.dec.records.push_back(make_record("reason.cross_account", {{"resource", *s.rq.resource}}, locale));
        outside_fix(s, cm, policy_label("resource_policy", *s.rq.resource), false, locale);
        return false;
    }
    // sts:AssumeRole of a role this file does not define, which the function's role is allowed to assume: a
    // role's trust policy must name its caller, in the same account too (no implicit account trust), so it
    // is the trust policy, outside this file, that said no.
    if (s.dec.decision == "Allow" && !s.dec.resource_policy && s.rq.resource && iam::iequals(s.rq.action, "sts:AssumeRole") &&
        is_role_arn(*s.rq.resource) &&
        (reason == "unspecified" || reason == "resource_policy" || reason == "implicit_identity")) {
        s.dec.decision = "ImplicitDeny";
        s.dec.records.push_back(make_record("reason.trust_policy", {{"resource", *s.rq.resource}}, locale));
        outside_fix(s, cm, policy_label("resource_policy", *s.rq.resource), false, locale);
        return false;
    }
    // (Not when the denying statement was found in a policy this file writes: a resource policy or the
    // boundary under `resources`.)
    if (outside_reason(reason) && !(reason == "resource_policy" && s.dec.decision == "ExplicitDeny") &&
        !(s.dec.decision == "ExplicitDeny" && s.dec.resource_deny)) {
        // Several keys in this file, and a random key id in the log: which key policy it is cannot be told.
        const std::size_t keys = s.rq.resource && s.rq.resource->find(":kms:") != std::string::npos
                                     ? resources_of_type(cm.ctx.resources, "AWS::KMS::Key") : 0;
        if (keys > 1)
            s.dec.records.push_back(make_record("reason.kms_key_ambiguous", {{"count", keys}, {"resource", *s.rq.resource}}, locale));
        else
            s.dec.records.push_back(make_record("reason.outside", {{"policy", outside_policy_label(reason, s.rq.resource.value_or("*"), cm, s.m.role)}}, locale));
        // What this file shows allows it; the policy AWS names, which the file does not show, decided: the
        // decision is AWS's (explicit when the log says "with an explicit deny"), not the visible part's.
        if (s.dec.decision == "Allow") {
            s.dec.decision = d.explicit_deny ? "ExplicitDeny" : "ImplicitDeny";
            s.dec.records.push_back(make_record("reason.visible_policies_allow", {{"policy", outside_policy_label(reason, s.rq.resource.value_or("*"), cm, s.m.role)}}, locale));
        } else if (d.explicit_deny && s.dec.decision == "ImplicitDeny") {
            s.dec.decision = "ExplicitDeny";  // an explicit Deny anywhere overrides every Allow, and the lack of one
        }
        outside_fix(s, cm, outside_policy_label(reason, s.rq.resource.value_or("*"), cm, s.m.role), false, locale);
        return false;
    }
    if (s.dec.decision == "Allow" && reason == "explicit_identity") {
        // The config allows, AWS saw an explicit Deny in an identity policy, and the role carries managed
        // policies we could not read (customer managed): the Deny is there, and their owner must act.
        std::vector<std::string> unseen;
        for (const auto& r : s.dec.records)
            if (r.value("key", "") == "trace.managed_unknown") unseen.push_back(r["args"].value("arn", ""));
        if (!unseen.empty()) {
            std::string list;
            for (const auto& a : unseen) list += (list.empty() ? "" : ", ") + ("`" + a + "`");
            s.dec.records.push_back(make_record("reason.unseen_managed_deny", {{"policies", unseen}}, locale));
            outside_fix(s, cm, "managed policy " + list, false, locale);
            return false;
        }
    }
    // A bare S3 "Access Denied" for a GetObject the role is allowed: S3 answers 403 instead of 404 for a key
    // that does not exist when the caller may not list the bucket. Granting s3:ListBucket on the bucket turns
    // it into the truthful NoSuchKey (API_GetObject: "If you don't have the s3:ListBucket permission, Amazon
    // S3 returns an HTTP status code 403 Access Denied error").
    if (s.dec.decision == "Allow" && reason == "unspecified" && s.m.role)
        if (auto listing = missing_key_listing(cm, s, cat, locale)) {
            s.dec.records.push_back(make_record("reason.missing_key_listbucket",
                                                {{"action", s.rq.action}, {"bucket", *listing->resource}}, locale));
            s.g = least_privilege(cm, *listing, cat, locale);
            // (The bucket is the object's, not a resource the log names.)
            json kept = json::array();
            for (auto& r : s.g.records)
                if (r.value("key", "") != "fix.resource_from_log") kept.push_back(std::move(r));
            s.g.records = std::move(kept);
            s.fix_rq = std::move(listing);
            const fix_target t = find_target(cm, *s.m.role);
            s.fixable = t.kind != "none";
            s.kind = "add-statement";
            s.statement = simple_statement(s.g.action, s.g.resource_config);
            s.target = {{"kind", t.kind}, {"path", t.label}};
            return false;
        }
    if (s.dec.decision == "Allow") {
        s.dec.records.push_back(make_record("reason.allow_but_denied", json::object(), locale));
        s.kind = "none";
        s.fix_records.push_back(make_record("fix.none", json::object(), locale));
        return false;
    }
    if (s.dec.decision == "ExplicitDeny" && s.dec.deny_statement < 0) {
        s.kind = "none";
        // A Deny in a resource policy the config defines. With a condition it is a guard (encryption, TLS,
        // source VPC...): the request must meet it, and the config is not where to fix it. Without one, the
        // action comes out of that Deny (the patch loop below).
        if (const auto& rd = s.dec.resource_deny) {
            s.g.records = json::array();
            s.statement = rd->statement;
            const std::string exempt = rd->line > 0 ? principal_exemption(rd->statement) : std::string();
            if (!exempt.empty()) {
                // "Deny everyone but these principals" (a negated condition on aws:PrincipalArn /
                // aws:PrincipalAccount): the role joins the list; the guard stays for everyone else.
                s.kind = "remove-deny";
                s.fixable = true;
                s.target = {{"kind", "exempt"}, {"path", rd->pointer + "/Condition/" + exempt}, {"line", rd->line}, {"policy", rd->logical_id}};
            } else if (rd->statement.contains("Condition") && only_service_set_keys(rd->statement["Condition"])) {
                // The guard lets through only calls a service makes (keys AWS sets on them alone): the
                // function's own call can never meet it, so code cannot help; only an exemption can.
                s.fix_records.push_back(make_record("fix.deny_condition_service_only",
                                                    {{"line", rd->line}, {"policy", rd->logical_id},
                                                     {"condition", condition_text(rd->statement["Condition"])},
                                                     {"role", role_arn(cm, deployed_role_name(s), s.m.role)}},
                                                    locale));
            } else if (rd->statement.contains("Condition")) {
                s.fix_records.push_back(make_record("fix.meet_deny_condition",
                                                    {{"line", rd->line}, {"policy", rd->logical_id},
                                                     {"condition", condition_text(rd->statement["Condition"])}},
                                                    locale));
            for (auto& h : condition_key_hints(rd->statement["Condition"], locale)) s.fix_records.push_back(std::move(h));
            } else if (rd->line > 0) {
                s.kind = "remove-deny";
                s.fixable = true;
            }
        }
        return false;
    }
    // No resource in the log, while the role already allows the action on some: which resource the call
    // was for decides, and a grant on `*` would widen the role. Say where it is allowed instead.
    if (!s.rq.resource && s.dec.decision == "ImplicitDeny" && cat) {
        const iam::action_info* info = cat->find_action(s.rq.action);
        json where = json::array();
        if (info && !info->wildcard_only())
            for (const auto& st : s.m.role->statements) {
                const json& stmt = st.statement;
                if (!stmt.is_object() || !is_allow(stmt) || !stmt.contains("Action") ||
                    !stmt.contains("Resource") || stmt.contains("Condition") || !action_matches(stmt["Action"], s.rq.action))
                    continue;
                std::vector<std::string> unresolved;
                const json r = resolve(stmt["Resource"], cm.ctx, unresolved);
                for (const auto& x : (r.is_array() ? r : json::array({r})))
                    if (x.is_string()) where.push_back(x);
            }
        if (!where.empty()) {
            s.dec.decision = "Undetermined";
            auto drop = [](json& records, const char* key) {
                json kept = json::array();
                for (auto& r : records)
                    if (r.value("key", std::string()) != key) kept.push_back(std::move(r));
                records = std::move(kept);
            };
            drop(s.dec.records, "decision.implicit_deny");  // it was "denied on `*`", not on the real resource
            drop(s.g.records, "fix.resource_guessed");
            s.dec.records.push_back(make_record("decision.resource_unknown", {{"action", s.rq.action}, {"resources", where}}, locale));
            if (s.rq.action == "s3:GetObject")
                s.dec.records.push_back(make_record("hint.s3_missing_key", json::object(), locale));
            s.kind = "none";
            s.fix_records.push_back(make_record("fix.need_resource", {{"action", s.rq.action}}, locale));
            return false;
        }
    }
    // No resource in the log (a bare `403 Forbidden`, a message cut before it) for the function's own call on a
    // resource its code chose, of an action that always names one (an object, a table): `*` would give the
    // function every bucket or table of the account. The action is named; the resource is the reader's to find.
    // (A service's deploy-time check, such as Lambda's network-interface actions, is asked for on `*` by AWS
    // itself and keeps its grant.)
    if (!s.rq.resource && s.dec.decision == "ImplicitDeny" && cat && s.m.role && s.m.function && !s.m.deploy_principal &&
        !s.d->execution_role_check && s.d->checked_actions.empty())
        if (const iam::action_info* info = cat->find_action(s.rq.action);
            // (Several types listed unmarked are alternatives, one of which is named: s3:GetObject's object or
            // access-point object. One unmarked type is optional, and the call may have gone without it.)
            info && !info->wildcard_only() &&
            (info->resources.size() > 1 ||
             std::any_of(info->resources.begin(), info->resources.end(), [](const iam::resource_ref& r) { return r.required; }))) {
            json kept = json::array();
            for (auto& r : s.g.records)
                if (r.value("key", std::string()) != "fix.resource_guessed") kept.push_back(std::move(r));
            s.g.records = std::move(kept);
            if (s.rq.action == "s3:GetObject") s.dec.records.push_back(make_record("hint.s3_missing_key", json::object(), locale));
            s.kind = "none";
            s.fix_records.push_back(make_record("fix.need_resource", {{"action", s.rq.action}}, locale));
            return false;
        }
    // A key the log does not give decides, but the log says no identity policy allowed: the Allow that
    // needs the key was not met. Say which condition the request missed.
    if (s.dec.decision == "Undetermined" && reason == "implicit_identity" && !s.dec.missing_keys.empty() && s.m.role) {
        json unmet = json::array();
        int line = 0;
        for (const auto* st : conditioned_allows(cm, *s.m.role, s.rq)) {
            if (line == 0) line = st->source.line;
            unmet.push_back(condition_text(st->statement["Condition"]));
        }
        if (!unmet.empty()) {
            // (The decision stays Undetermined: the key decides it, and the log cannot tell us its value.)
            s.dec.records.push_back(make_record("reason.allow_condition_unmet", {{"line", line}, {"conditions", unmet}, {"action", s.rq.action}}, locale));
            s.kind = "none";
            s.g.records = json::array();
            s.fix_records.push_back(make_record("fix.meet_allow_condition", {{"line", line}, {"conditions", unmet}}, locale));
            return false;
        }
    }
    // The statement that would allow it is conditioned on a key this action never carries (LeadingKeys on a
    // Scan): the request can never meet it. Allowing the action without the condition would lift the author's
    // restriction (tenant isolation, say): a decision for a person, not a patch.
    // ...or on a key only a service's call on the function's behalf carries (kms:ViaService), while the log shows
    // the function calling the action itself.
    if (s.dec.decision == "ImplicitDeny" && s.m.role && cat)
        if (const iam::action_info* info = cat->find_action(s.rq.action)) {
            auto unmeetable = [&](auto&& never_carried, const char* record) {
                int line = 0;
                json keys = json::array();
                for (const auto* st : conditioned_allows(cm, *s.m.role, s.rq))
                    for (const auto& k : condition_keys(st->statement["Condition"]))
                        if (never_carried(k) && std::find(keys.begin(), keys.end(), json(k)) == keys.end()) {
                            keys.push_back(k);
                            if (line == 0) line = st->source.line;
                        }
                if (keys.empty()) return false;
                s.kind = "none";
                s.g.records = json::array();
                s.fix_records.push_back(make_record(record, {{"line", line}, {"keys", keys}, {"action", s.rq.action}}, locale));
                return true;
            };
            if (unmeetable([&](const std::string& k) { return !cat->condition_key_applies(*info, k); }, "fix.condition_key_never_sent") ||
                (s.rq.direct_call && unmeetable([](const std::string& k) { return is_service_set_key(k); }, "fix.condition_key_direct_call")))
                return false;
        }
    // The Allow that names the request is conditioned on a key whose value this request is known to have (the
    // time of the log line, the service that called KMS for the function, a direct call's aws:ViaAWSService
    // false), and that value fails it: the author's restriction (a time window, the calling service) holds.
    // Whether to widen it is a decision for a person, not a grant beside it.
    if (s.dec.decision == "ImplicitDeny" && s.m.role) {
        std::map<std::string, std::string> facts;  // lower-cased key -> "key `value`"
        for (const char* key : {"kms:ViaService", "aws:ViaAWSService", "aws:CurrentTime", "aws:EpochTime"})
            if (s.rq.context.is_object() && s.rq.context.contains(key) && s.rq.context[key].is_string() && !s.d->context.contains(key))
                facts[iam::lower_copy(key)] = std::string(key) + " `" + s.rq.context[key].get<std::string>() + "`";
        if (s.rq.direct_call && !s.rq.context.contains("aws:ViaAWSService")) facts["aws:viaawsservice"] = "aws:ViaAWSService `false`";
        int line = 0;
        json conditions = json::array(), known = json::array();
        for (const auto* st : conditioned_allows(cm, *s.m.role, s.rq)) {
            bool on_fact = false;
            for (const auto& k : condition_keys(st->statement["Condition"]))
                if (const auto f = facts.find(iam::lower_copy(k)); f != facts.end()) {
                    on_fact = true;
                    if (std::find(known.begin(), known.end(), json(f->second)) == known.end()) known.push_back(f->second);
                }
            if (!on_fact) continue;
            if (line == 0) line = st->source.line;
            conditions.push_back(condition_text(st->statement["Condition"]));
        }
        if (!conditions.empty()) {
            s.dec.records.push_back(make_record("reason.allow_condition_fails",
                                                {{"line", line}, {"action", s.rq.action}, {"conditions", conditions}, {"facts", known}}, locale));
            s.kind = "none";
            s.g.records = json::array();
            s.fix_records.push_back(make_record("fix.change_allow_condition", {{"line", line}, {"action", s.rq.action}}, locale));
            return false;
        }
    }
    if (s.dec.decision == "Undetermined") {  // a condition key decides: changing the config is not the answer
        s.kind = "none";
        return false;
    }
    return true;
}

[[gnu::noinline]] void explain_run::decide_denial(denial_state& s) {
    if (!match_and_decide(s) || !needs_config_grant(s)) return;
    fix_target t = find_target(cm, *s.m.role);
    if (t.kind == "external") {
        outside_fix(s, cm, "role `" + t.label + "`", true, locale);
        return;
    }
    // The role's Policies are an extension's: statements written for the role elsewhere never reach it.
    if (t.label.rfind("resources.extensions.", 0) == 0)
        s.dec.records.push_back(make_record("reason.extension_policies_replace", {{"role", s.m.role->logical_id}}, locale));
    if (s.dec.decision == "ExplicitDeny" && s.dec.deny_statement >= 0) {
        // The Deny is not written in this file (it comes from `${file(./iam.yml)}`, say): an Allow here would
        // not lift it, and the file to change is the other one.
        const auto& denying = s.m.role->statements[static_cast<std::size_t>(s.dec.deny_statement)];
        const json* written = denying.source.pointer.empty() ? nullptr : raw_at(cm.doc.root, denying.source.pointer);
        if (!written || !written->is_object()) {
            s.kind = "none";
            s.g.records = json::array();
            s.statement = denying.statement;
            s.fix_records.push_back(make_record("fix.deny_elsewhere", {{"action", s.g.action},
                                                                       {"value", t.elsewhere.empty() ? t.label : t.elsewhere}}, locale));
            return;
        }
    }
    if (s.dec.decision == "ExplicitDeny" && s.dec.deny_statement >= 0) {
        // A conditional Deny in the role (encryption, TLS, source network...) is a guard its author wrote
        // on purpose: the request must meet it; taking the action out of it is not a permission fix.
        const auto& st = s.m.role->statements[static_cast<std::size_t>(s.dec.deny_statement)];
        // (Except a guard on MFA alone, which a function's session can never meet: it is the copied guard
        // that goes, as for an unconditioned Deny.)
        if (st.statement.is_object() && st.statement.contains("Condition") && !only_mfa_keys(st.statement["Condition"])) {
            s.kind = "none";
            s.g.records = json::array();
            s.statement = st.statement;
            s.fix_records.push_back(make_record("fix.meet_deny_condition",
                                                {{"line", st.source.line}, {"policy", s.m.role->logical_id},
                                                 {"condition", condition_text(st.statement["Condition"])}},
                                                locale));
            for (auto& h : condition_key_hints(st.statement["Condition"], locale)) s.fix_records.push_back(std::move(h));
            // A region guard cannot be met by a global service: its requests always name us-east-1.
            const std::string service = s.rq.action.substr(0, s.rq.action.find(':'));
            if (condition_text(st.statement["Condition"]).find("aws:RequestedRegion") != std::string::npos && is_global_service(service))
                s.fix_records.push_back(make_record("fix.global_service_region", {{"service", service}, {"line", st.source.line}}, locale));
            return;
        }
    }
    s.fixable = t.kind != "none";
    s.kind = s.dec.decision == "ExplicitDeny" && s.dec.deny_statement >= 0 ? "remove-deny" : "add-statement";
    s.statement = simple_statement(s.g.action, s.g.resource_config);
    s.target = {{"kind", t.kind}, {"path", t.label}};
    if (!s.fixable) s.fix_records.push_back(make_record("fix.add_statement", {{"action", s.g.action}, {"resource", s.g.resource}, {"target", t.label}}, locale));
    if (!s.fixable && !t.elsewhere.empty())
        s.fix_records.push_back(make_record("fix.statements_elsewhere", {{"path", t.label}, {"value", t.elsewhere}}, locale));
}

// Grants and exemptions written into a policy document of the file (the boundary's, a resource's, a Deny's
// condition). False: the role needs no Allow of its own.
[[gnu::noinline]] bool explain_run::edit_policy_documents(denial_state& s, const fix_target& t, yaml_patcher& patcher) {
    bool need_allow = true;
    // A grant written into a policy document of the file (the boundary's, the resource's): WD5401 and no
    // fix when it cannot be placed; else the role gets its own Allow too when it lacks one.
    auto grant_in_document = [&](const json& stmt, const config_resource_policy& p, const char* record, const json& extra) {
        std::string why;
        if (!patcher.append_statement(s.target["path"].get<std::string>(), stmt, why)) {
            s.fixable = false;
            s.kind = "none";
            diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", p.line, 0));
            return false;
        }
        s.statement = stmt;
        json args = {{"policy", p.logical_id}, {"line", p.line}, {"action", s.g.action}};
        for (auto it = extra.begin(); it != extra.end(); ++it) args[it.key()] = it.value();
        s.fix_records.push_back(make_record(record, args, locale));
        s.blast = blast_radius({s.g.action}, {s.g.resource}, cat, locale);
        return !role_allows_action(*s.m.role, s.g.action);
    };
    if (s.kind == "add-statement" && s.target.is_object() && s.target.value("kind", "") == "boundary") {
        const auto& b = *s.dec.boundary;
        if (!grant_in_document(grant_statement(s), b, "fix.grant_in_boundary", json::object())) return false;
        s.target = {{"kind", t.kind}, {"path", t.label}, {"alsoBoundary", b.logical_id}};
    } else if (s.kind == "add-statement" && s.target.is_object() && s.target.value("kind", "") == "resource-policy") {
        const auto& rp = *s.dec.resource_policy;
        const std::string principal = s.m.role->external_arn.empty() ? role_arn(cm, deployed_role_name(s), s.m.role) : s.m.role->external_arn;
        // A key policy's Resource is the key itself, written `*`; the other policies name the resource.
        json resource = rp.type == "AWS::KMS::Key" ? json("*")
                        : s.g.resource_config.is_null() ? json(s.g.resource) : s.g.resource_config;
        // The role's ARN as text: a reference (!GetAtt) would make the resource depend on the role that
        // already depends on it (a circular dependency in the stack).
        json stmt = {{"Effect", "Allow"}, {"Principal", {{"AWS", principal}}}, {"Action", json::array({s.g.action})},
                     {"Resource", resource}};
        // A role's trust policy names no Resource (the role is the resource; IAM refuses the field there).
        if (rp.type == "AWS::IAM::Role") stmt.erase("Resource");
        if (!grant_in_document(stmt, rp, "fix.grant_in_resource_policy", {{"principal", principal}})) return false;
        s.target = {{"kind", t.kind}, {"path", t.label}, {"alsoResourcePolicy", rp.logical_id}};
    } else if (s.kind == "remove-deny" && s.dec.resource_deny && s.target.is_object() && s.target.value("kind", "") == "exempt") {
        const auto& rd = *s.dec.resource_deny;
        const std::string list = s.target["path"].get<std::string>();
        const std::string key = list.substr(list.rfind('/') + 1);
        const bool by_account = iam::iequals(key, "aws:PrincipalAccount");
        const std::string value = by_account ? cm.ctx.account_id : role_arn(cm, deployed_role_name(s), s.m.role);
        std::string why;
        if (value.empty() || !patcher.add_list_value(list, value, why)) {
            s.fixable = false;
            s.kind = "none";
            s.target = nullptr;
            if (!why.empty()) diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", rd.line, 0));
            return false;
        }
        s.target["value"] = value;
        s.fix_records.push_back(make_record("fix.exempt_from_deny", {{"value", value}, {"line", rd.line}, {"policy", rd.logical_id}}, locale));
        need_allow = !rd.allowed_without;
    } else if (s.kind == "remove-deny" && s.dec.resource_deny) {
        const auto& rd = *s.dec.resource_deny;
        std::string why;
        const json* listed = raw_at(cm.doc.root, rd.pointer.substr(0, rd.pointer.rfind('/')));
        const bool others = listed && listed->is_array() && listed->size() > 1;
        // "Deny everyone but these principals" written with NotPrincipal: the role joins that list.
        const json& np = rd.statement.value("NotPrincipal", json());
        const bool not_principal = np.is_object() && np.contains("AWS");
        const std::string role = role_arn(cm, deployed_role_name(s), s.m.role);
        // AWS's NotPrincipal page: with a Deny, a role session is exempt only when both the role's ARN and
        // the assumed-role session's ARN are listed.
        const std::string session = s.d->principal.type == "assumed-role" && !has_redaction(s.d->principal.arn) ? s.d->principal.arn : std::string();
        if (not_principal && patcher.add_list_value(rd.pointer + "/NotPrincipal/AWS", role, why) &&
            (session.empty() || patcher.add_list_value(rd.pointer + "/NotPrincipal/AWS", session, why))) {
            s.target = {{"kind", "exempt"}, {"path", rd.pointer + "/NotPrincipal/AWS"}, {"line", rd.line}, {"value", role}, {"policy", rd.logical_id}};
            s.fix_records.push_back(make_record("fix.exempt_from_deny", {{"value", role}, {"line", rd.line}, {"policy", rd.logical_id}}, locale));
        // A policy left with no statement is invalid: the only statement is not removed; nor a statement
        // that denies more than this action.
        } else if (!not_principal && !patcher.remove_action(rd.pointer, s.g.action, why) && rd.in_boundary &&
                   guards_other_resources(cm, rd.statement, s.rq.resource.value_or("*"))) {
            // Deleting a boundary's Deny over more than this resource lifts the cap on all of it, for every
            // role the boundary is attached to: never done.
            s.fixable = false;
            s.kind = "none";
            s.g.records = json::array();
            s.fix_records.push_back(make_record("fix.broad_deny_guard", {{"action", s.g.action}, {"line", rd.line},
                                                                         {"resource", s.rq.resource.value_or("*")}}, locale));
            return false;
        } else if (!not_principal && (patcher.removed_action(rd.pointer, s.g.action) ||
                                      (others && deletable_deny(rd.statement, s.g.action) && (why.clear(), patcher.remove_statement(rd.pointer, why))))) {
            s.target = {{"kind", "remove"}, {"path", rd.pointer}, {"line", rd.line}, {"action", s.g.action}, {"policy", rd.logical_id}};
            s.fix_records.push_back(make_record(rd.in_boundary ? "fix.remove_deny_boundary" : "fix.remove_deny_resource",
                                                {{"action", s.g.action}, {"line", rd.line}, {"policy", rd.logical_id}}, locale));
        } else {
            s.fixable = false;
            s.kind = "none";
            if (!others && deletable_deny(rd.statement, s.g.action))
                s.fix_records.push_back(make_record("fix.deny_only_statement", {{"action", s.g.action}, {"line", rd.line}, {"policy", rd.logical_id}}, locale));
            else
                s.fix_records.push_back(make_record("fix.narrow_deny_by_hand", {{"action", s.g.action}, {"line", rd.line}}, locale));
            if (!why.empty()) diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", rd.line, 0));
            return false;
        }
        need_allow = !rd.allowed_without;
    } else if (s.kind == "remove-deny") {
        const auto& st = s.m.role->statements[static_cast<std::size_t>(s.dec.deny_statement)];
        std::string why;
        json protected_actions = st.statement.value("Action", json());
        // A Deny written with NotAction / NotResource is an allow-list guard ("deny everything but ..."):
        // the request's action or resource joins the list; deleting the statement would lift the guard.
        // (An S3 object's exemption is its key's folder, `bucket/dir/*`, as the file writes it: one key would
        // fail again on the next.)
        std::string not_resource = s.g.resource_config.is_string() ? s.g.resource_config.get<std::string>() : s.g.resource;
        // (A key under dated or numbered folders, `2026/11/30/x.json`: the folder before the first of them.)
        if (grant widened = s.g; widen_object_key(widened, locale) && widened.resource_config.is_string())
            not_resource = widened.resource_config.get<std::string>();
        else if (const std::size_t s3 = not_resource.find(":s3:::"); s3 != std::string::npos) {
            const std::size_t slash = not_resource.find('/', s3 + 6), last = not_resource.rfind('/');
            if (slash != std::string::npos && last > slash && last + 1 < not_resource.size()) not_resource = not_resource.substr(0, last + 1) + "*";
        }
        if (!st.source.pointer.empty() && st.statement.contains("Condition") && only_mfa_keys(st.statement["Condition"]) &&
            patcher.remove_statement(st.source.pointer, why)) {
            // A "deny unless MFA" guard never lets a function's session through: the statement goes.
            s.statement = st.statement;
            s.target = {{"kind", "remove"}, {"path", st.source.pointer}, {"line", st.source.line}};
            s.fix_records.push_back(make_record("fix.remove_mfa_guard", {{"line", st.source.line}}, locale));
            for (auto& h : condition_key_hints(st.statement["Condition"], locale)) s.fix_records.push_back(std::move(h));
        } else if (!st.source.pointer.empty() && st.statement.contains("NotAction") &&
            patcher.add_list_value(st.source.pointer + "/NotAction", s.g.action, why)) {
            s.statement = st.statement;
            s.target = {{"kind", "exempt"}, {"path", st.source.pointer + "/NotAction"}, {"line", st.source.line}, {"value", s.g.action}};
            s.fix_records.push_back(make_record("fix.exempt_not_action", {{"action", s.g.action}, {"line", st.source.line}}, locale));
        } else if (!st.source.pointer.empty() && st.statement.contains("NotResource") && !not_resource.empty() &&
                   not_resource != "*" && (why.clear(), patcher.add_list_value(st.source.pointer + "/NotResource", not_resource, why))) {
            s.statement = st.statement;
            s.target = {{"kind", "exempt"}, {"path", st.source.pointer + "/NotResource"}, {"line", st.source.line}, {"value", not_resource}};
            s.fix_records.push_back(make_record("fix.exempt_not_resource", {{"resource", not_resource}, {"line", st.source.line}}, locale));
        } else if (st.statement.contains("NotAction") || st.statement.contains("NotResource")) {
            // Never delete an allow-list guard: say what to add by hand.
            s.fixable = false;
            s.kind = "none";
            s.statement = st.statement;
            s.fix_records.push_back(make_record(st.statement.contains("NotAction") ? "fix.exempt_not_action" : "fix.exempt_not_resource",
                                                {{"action", s.g.action}, {"resource", not_resource}, {"line", st.source.line}}, locale));
            if (!why.empty()) diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", st.source.line, 0));
            return false;
        } else if (!st.source.pointer.empty() && patcher.remove_action(st.source.pointer, s.g.action, why)) {
            // The rest of the Deny still stands: only the denied action leaves it.
            json still = json::array();
            for (const auto& a : protected_actions)
                if (!(a.is_string() && iam::iequals(a.get<std::string>(), s.g.action))) still.push_back(a);
            s.statement = st.statement;
            s.target = {{"kind", "remove"}, {"path", st.source.pointer}, {"line", st.source.line}, {"action", s.g.action}};
            s.fix_records.push_back(make_record("fix.remove_deny_action",
                                                {{"action", s.g.action}, {"line", st.source.line}, {"protected", still}}, locale));
        } else if (!st.source.pointer.empty() && deletable_deny(st.statement, s.g.action) &&
                   guards_other_resources(cm, st.statement, s.rq.resource.value_or("*"))) {
            // A guard the author set over more than this resource (`Deny s3:DeleteObject` on every bucket):
            // deleting it lifts it everywhere. Say how to leave this resource out instead.
            s.fixable = false;
            s.kind = "none";
            s.statement = st.statement;
            s.g.records = json::array();
            s.fix_records.push_back(make_record("fix.broad_deny_guard", {{"action", s.g.action}, {"line", st.source.line},
                                                                         {"resource", s.rq.resource.value_or("*")}}, locale));
            return false;
        } else if (!st.source.pointer.empty() && !deletable_deny(st.statement, s.g.action)) {
            // It denies more than this action (a wildcard, a list in a layout the patcher does not edit):
            // deleting it would lift all of that. Say what to change instead.
            s.fixable = false;
            s.kind = "none";
            s.statement = st.statement;
            s.fix_records.push_back(make_record("fix.narrow_deny_by_hand", {{"action", s.g.action}, {"line", st.source.line}}, locale));
            return false;
        } else if (const std::string policy = sole_statement_of_policy(cm, st.source.pointer); !policy.empty()) {
            // The Deny is the whole policy document: IAM refuses a policy without statements
            // (MalformedPolicyDocument), so deleting the statement cannot deploy. Whether the guard goes is
            // the owner's call: detach or delete the policy.
            s.fixable = false;
            s.kind = "none";
            s.statement = st.statement;
            s.fix_records.push_back(make_record("fix.deny_is_whole_policy", {{"line", st.source.line}, {"policy", policy}}, locale));
            return false;
        } else if (!st.source.pointer.empty() && (why.clear(), patcher.remove_statement(st.source.pointer, why))) {
            s.statement = st.statement;
            s.target = {{"kind", "remove"}, {"path", st.source.pointer}, {"line", st.source.line}};
            // What else the statement denied: only worth a warning when it is more than this action.
            const bool more = !(protected_actions.is_string() && iam::iequals(protected_actions.get<std::string>(), s.g.action)) &&
                              !(protected_actions.is_array() && protected_actions.size() == 1 && protected_actions[0].is_string() &&
                                iam::iequals(protected_actions[0].get<std::string>(), s.g.action));
            s.fix_records.push_back(make_record(more ? "fix.remove_deny" : "fix.remove_deny_only", {{"line", st.source.line}, {"protected", protected_actions}}, locale));
            const json guarded = st.statement.value("Resource", json("*"));
            if (more)
                diags.push_back(make_warning("WD5403", "removing the Deny statement at line " + std::to_string(st.source.line) +
                                                           " also stops it denying " + protected_actions.dump(),
                                             "config", st.source.line, 0, {{"actions", protected_actions}, {"resources", guarded}}));
            else  // the same action, but the guard covered more than this one resource
                diags.push_back(make_warning("WD5403", "removing the Deny statement at line " + std::to_string(st.source.line) +
                                                           " lifts its guard on everything it names: " + guarded.dump(),
                                             "config", st.source.line, 0, {{"actions", protected_actions}, {"resources", guarded}}));
        } else if (!why.empty()) {
            diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", st.source.line, 0));
        }
        need_allow = decide(cm, *s.m.role, s.rq, cat, locale, s.dec.deny_statement).decision != "Allow";
    }
    // The role lacks the action and so does the boundary the file creates: both get it.
    if (need_allow && s.kind == "add-statement" && s.dec.boundary && s.dec.boundary_blocks &&
        !(s.target.is_object() && s.target.contains("alsoBoundary"))) {
        const auto& b = *s.dec.boundary;
        std::string why;
        if (patcher.append_statement(b.document_pointer + "/Statement", grant_statement(s), why))
            s.fix_records.push_back(make_record("fix.grant_in_boundary", {{"policy", b.logical_id}, {"line", b.line}, {"action", s.g.action}}, locale));
        else
            diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", b.line, 0));
    }
    return need_allow;
}

// A statement of the file that meant this grant, corrected. False: corrected, nothing to add.
[[gnu::noinline]] bool explain_run::correct_statement_in_place(denial_state& s, const fix_target& t, yaml_patcher& patcher,
                                                             const std::vector<std::string>& also) {
    // A statement of the file already meant this grant but is written so it matches nothing: the secret
    // without its random suffix, a parameter path with a double slash, a queue's URL or an S3 ARN with a region
    // for an ARN IAM matches, the container (bucket, log group)
    // where the action acts on its contents. Corrected in place; the grant is then what it names.
    if (also.empty()) {
        struct correction {
            std::string pointer, value, resolved, key;
            bool append = false;  // add to its Resource list, else replace the scalar
            json args;
            bool tagged = false;  // replace a tagged node (`!Ref X`) by YAML text
        } c;
        std::string text, resolved;
        std::vector<std::pair<std::string, std::string>> siblings;
        if (std::string ptr = secret_suffix_candidate(cm, t, s.g); !ptr.empty()) {
            const json* raw = raw_at(cm.doc.root, ptr);
            if (raw && raw->is_string()) c = {ptr, raw->get<std::string>() + "-??????", s.g.resource, "fix.secret_suffix_added", false, json::object()};
        } else if (std::string id, ref_value, ptr5 = ref_not_arn_candidate(cm, t, s.g, patcher.style().quote, text, resolved, id, ref_value);
                   !ptr5.empty()) {
            c = {ptr5, text, resolved, "fix.ref_not_arn", false, {{"id", id}, {"refValue", ref_value}, {"corrected", text}}, true};
        } else if (std::string ptr2 = ssm_double_slash_candidate(cm, t, s.g, text, resolved); !ptr2.empty()) {
            c = {ptr2, text, resolved, "fix.ssm_single_slash", false, {{"value", text}}};
        } else if (std::string key, ptr6 = malformed_resource_candidate(cm, t, s.g, text, resolved, key); !ptr6.empty()) {
            c = {ptr6, text, resolved, key, false, {{"value", text}}};
        } else if (std::string what, ptr4 = near_miss_candidate(cm, t, s.g, text, resolved, what); !ptr4.empty()) {
            const json* old_value = raw_at(cm.doc.root, ptr4);
            const json args = {{"kind", what}, {"written", old_value && old_value->is_string() ? *old_value : json(nullptr)}, {"corrected", text}};
            // A name without the stage may be a shared resource of its own: the staged one is added beside it.
            if (what == "stage") {
                if (const std::size_t r = ptr4.rfind("/Resource/"); r != std::string::npos) ptr4.resize(r + 9);
                c = {ptr4, text, resolved, "fix.near_miss_stage", true, args};
            } else {
                c = {ptr4, text, resolved, "fix.near_miss_resource", false, args};
            }
        } else if (std::string ptr3 = container_candidate(cm, t, s.g, text, resolved, &siblings); !ptr3.empty()) {
            // (An item of a list `Resource: [bucket, ...]`: the contents are added to that list.)
            if (const std::size_t r = ptr3.rfind("/Resource/"); r != std::string::npos) ptr3.resize(r + 9);
            c = {ptr3, text, resolved, "fix.container_contents", true, {{"action", s.g.action}, {"contents", text}}};
        } else if (resource_correction u = unmatchable_resource_candidate(cm, t, s.g); !u.pointer.empty()) {
            c = {u.pointer, u.corrected, u.resolved, u.key, false, u.args, u.tagged};
        }
        std::string why_not;
        if (!c.pointer.empty() &&
            (c.tagged   ? patcher.replace_tagged_node(c.pointer, c.value, why_not)
             : c.append ? patcher.add_list_value(c.pointer, c.value, why_not)
                        : patcher.replace_scalar(c.pointer, c.value, why_not))) {
            const yaml::node_span* span = cm.doc.span_of(c.pointer);
            const int line = span ? span->value.line : 0;
            s.target = {{"kind", t.kind}, {"path", t.label}, {"merge", true}, {"line", line}};
            c.args["line"] = line;
            s.fix_records.push_back(make_record(c.key, c.args, locale));
            std::vector<std::string> also_added, also_resolved;
            for (const auto& [written, value] : siblings)
                if (patcher.add_list_value(c.pointer, written, why_not)) {
                    also_added.push_back(written);
                    also_resolved.push_back(value);
                }
            if (!also_added.empty())
                s.fix_records.push_back(make_record("fix.container_contents_siblings", {{"contents", also_added}, {"line", line}}, locale));
            if (c.key != "fix.secret_suffix_added") {  // (the suffix records still describe that grant)
                drop_resource_records(s.g.records);  // the one-resource records no longer describe the grant
                s.g.resource = c.resolved;
                s.statement = simple_statement(s.g.action, json(c.resolved));
            }
            std::vector<std::string> granted{s.g.resource};
            granted.insert(granted.end(), also_resolved.begin(), also_resolved.end());
            // The corrected Resource serves every action of its statement.
            std::vector<std::string> acts{s.g.action};
            if (const json* sa = raw_at(cm.doc.root, c.pointer.substr(0, c.pointer.rfind("/Resource")) + "/Action"))
                for (const auto& a : (sa->is_array() ? *sa : json::array({*sa})))
                    if (a.is_string() && !iam::iequals(a.get<std::string>(), s.g.action)) acts.push_back(a.get<std::string>());
            s.blast = blast_radius(acts, granted, cat, locale);
            return false;
        }
    }
    // The file already names the action with a typo on this resource (`dynamodb:PutItems`): correct it
    // in place instead of adding the action beside an entry that allows nothing.
    if (also.empty()) {
        std::string typo, why_not;
        const std::string item = typo_candidate(cm, t, s.g, cat, typo);
        if (!item.empty() && patcher.replace_scalar(item, s.g.action, why_not)) {
            const yaml::node_span* span = cm.doc.span_of(item);
            const int line = span ? span->value.line : 0;
            const std::string stmt = item.substr(0, item.find("/Action", t.seq_pointer.size()));
            s.target = {{"kind", t.kind}, {"path", t.label}, {"merge", true}, {"line", line}};
            s.fix_records.push_back(make_record("fix.replace_unknown_action", {{"typo", typo}, {"action", s.g.action}, {"line", line}}, locale));
            std::vector<std::string> rs;
            const json res = resolved_at(cm, stmt + "/Resource");
            for (const auto& r : (res.is_array() ? res : json::array({res})))
                if (r.is_string()) rs.push_back(r.get<std::string>());
            s.blast = blast_radius({s.g.action}, rs, cat, locale);
            return false;
        }
    }
    return true;
}

// The grant merged into a statement of the file, or planned as a new one (merged with others for the same place).
[[gnu::noinline]] void explain_run::add_grant(denial_state& s, const fix_target& t, yaml_patcher& patcher, const text_lines& config_lines,
                                std::vector<planned_new>& news, const std::vector<std::string>& also) {
    std::string objects;
    int cand = merge_candidate(cm, t, s.g, &objects, cat);
    // A statement or Action list carrying a YAML anchor may be aliased elsewhere (`Action: &read` ...
    // `Action: *read`): extending it would grant the action there too, so the grant gets its own statement.
    if (cand >= 0) {
        const std::string sp = t.seq_pointer + "/" + std::to_string(cand);
        for (const std::string& ptr : {sp, sp + "/Action"})
            if (const yaml::node_span* span = cm.doc.span_of(ptr); span && span->value.line > 0) {
                if (static_cast<std::size_t>(span->value.line) > config_lines.text.size()) continue;
                const std::string& line = config_lines.text[static_cast<std::size_t>(span->value.line - 1)];
                const std::size_t col = static_cast<std::size_t>(std::max(0, span->value.column - 1));
                if (col < line.size() && line[col] == '&') cand = -1;
            }
    }
    std::string why;
    if (cand >= 0) {
        std::string sp = t.seq_pointer + "/" + std::to_string(cand);
        // That statement already allows the action on the resource: something other than this file denies,
        // and writing the action again would change nothing.
        if (const json* acts = raw_at(cm.doc.root, sp + "/Action"); acts && action_matches(*acts, s.g.action, cm.budget.get())) {
            s.fixable = false;
            s.kind = "none";
            s.fix_records.push_back(make_record("fix.already_allowed", {{"action", s.g.action}}, locale));
            return;
        }
        const yaml::node_span* span = cm.doc.span_of(sp);
        int line = span ? span->value.line : 0;
        bool added = patcher.add_action(sp, s.g.action, why);
        for (const auto& a : also)
            if (added) added = patcher.add_action(sp, a, why);
        if (added) {
            json existing = raw_at(cm.doc.root, sp + "/Action") ? *raw_at(cm.doc.root, sp + "/Action") : json();
            s.target = {{"kind", t.kind}, {"path", t.label}, {"merge", true}, {"line", line}};
            if (objects.empty())
                s.fix_records.push_back(make_record("fix.merge", {{"action", s.g.action}, {"line", line}, {"existing", existing}}, locale));
            else {
                // What the patch grants is the statement's object pattern, not the one key of the log.
                s.fix_records.push_back(make_record("fix.merge_objects", {{"action", s.g.action}, {"line", line}, {"existing", existing}, {"pattern", objects}}, locale));
                s.g.resource = objects;
                s.statement = simple_statement(s.g.action, json(objects));
                drop_resource_records(s.g.records);  // the one-key records no longer describe the grant
            }
            json res = resolved_at(cm, sp + "/Resource");
            std::vector<std::string> rs;
            for (const auto& r : (res.is_array() ? res : json::array({res})))
                if (r.is_string()) rs.push_back(r.get<std::string>());
            s.blast = blast_radius({s.g.action}, rs, cat, locale);
            return;
        }
    }
    if (const int join = also.empty() ? resource_join_candidate(cm, t, s.g, cat) : -1; join >= 0) {
        const std::string sp = t.seq_pointer + "/" + std::to_string(join);
        if (patcher.add_list_value(sp + "/Resource", s.g.resource_config.get<std::string>(), why)) {
            const yaml::node_span* span = cm.doc.span_of(sp);
            const int line = span ? span->value.line : 0;
            const json acts = *raw_at(cm.doc.root, sp + "/Action");
            s.target = {{"kind", t.kind}, {"path", t.label}, {"merge", true}, {"line", line}};
            s.fix_records.push_back(make_record("fix.resource_joins_statement", {{"line", line}, {"actions", acts}, {"resource", s.g.resource}}, locale));
            std::vector<std::string> names;
            for (const auto& a : acts) names.push_back(a.get<std::string>());
            s.statement = {{"Effect", "Allow"}, {"Action", acts}, {"Resource", json::array({s.g.resource})}};
            s.blast = blast_radius(names, {s.g.resource}, cat, locale);
            return;
        }
    }
    if (widen_object_key(s.g, locale, &cm.doc.root)) s.statement = simple_statement(s.g.action, json(s.g.resource));
    bool merged = false;
    for (auto& p : news)
        if (p.target.id() == t.id() && p.resource_config == s.g.resource_config) {
            p.actions.push_back(s.g.action);
            p.actions.insert(p.actions.end(), also.begin(), also.end());
            merged = true;
        }
    if (!merged) {
        news.push_back({t, s.g.resource_config, {s.g.action}});
        news.back().actions.insert(news.back().actions.end(), also.begin(), also.end());
    }
    s.fix_records.push_back(make_record("fix.add_statement", {{"action", s.g.action}, {"resource", s.g.resource_config.is_string() ? s.g.resource_config : json(s.g.resource_config.dump())},
                                                               {"target", t.label}}, locale));
    s.blast = blast_radius({s.g.action}, {s.g.resource}, cat, locale);
}


// Where one fixable denial's grant goes in the config: edits made through `patcher` now, or a new statement
// planned in `news` (grants for the same place are merged).
[[gnu::noinline]] void explain_run::plan_fix(denial_state& s, yaml_patcher& patcher, const text_lines& config_lines, std::vector<planned_new>& news,
                             std::set<std::string>& done) {
    if (!s.fixable || !s.m.role) return;
    fix_target t = find_target(cm, *s.m.role);
    if (!edit_policy_documents(s, t, patcher)) return;
    std::string key = t.id() + "|" + s.g.action + "|" + s.g.resource_config.dump();
    if (!done.insert(key).second) return;
    // A deploy-time check by Lambda covers a set of actions: the ones of the set the role lacks come too.
    // ...and so does an API the next call of a sequence needs (AppConfig's session, then its configuration).
    std::vector<std::string> also;
    const bool deploy_check = s.d->execution_role_check || !s.d->checked_actions.empty();
    const std::vector<std::string> sequence = deploy_check ? std::vector<std::string>() : called_together(s.g.action);
    if ((deploy_check || !sequence.empty()) && s.m.role)
        for (const auto& a : !sequence.empty() ? sequence : s.d->checked_actions.empty() ? checked_together(s.g.action) : s.d->checked_actions) {
            if (iam::iequals(a, s.g.action)) continue;
            request_view other = s.rq;
            other.action = a;
            if (decide(cm, *s.m.role, other, cat, locale).decision != "Allow" &&
                done.insert(t.id() + "|" + a + "|" + s.g.resource_config.dump()).second)
                also.push_back(a);
        }
    if (!also.empty())
        s.fix_records.push_back(make_record(!sequence.empty() ? "fix.called_together"
                                            : s.d->action.rfind("kms:", 0) == 0 && !s.d->execution_role_check ? "fix.kms_used_together"
                                                                                                               : "fix.checked_together",
                                            {{"action", s.g.action}, {"also", also}}, locale));
    if (!correct_statement_in_place(s, t, patcher, also)) return;
    add_grant(s, t, patcher, config_lines, news, also);
}

[[gnu::noinline]] void explain_run::write_and_verify_patch() {
    // one merged patch for everything the config can fix
    yaml_patcher patcher(req.config, cm.doc);
    const text_lines config_lines = split_lines(req.config);
    std::vector<planned_new> news;
    std::set<std::string> done;
    for (auto& s : ds) plan_fix(s, patcher, config_lines, news, done);
    for (const auto& p : news) {
        json stmt = {{"Effect", "Allow"}, {"Action", p.actions}, {"Resource", json::array({p.resource_config})}};
        std::string why;
        bool ok = !p.target.seq_pointer.empty() ? patcher.append_statement(p.target.seq_pointer, stmt, why)
                  : !p.target.create_policy.empty() ? patcher.create_policy(p.target.create_under, p.target.create_policy, stmt, why)
                                                : patcher.create_statements(p.target.create_under, p.target.create_keys, stmt, why);
        if (!ok) diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", 0, 0));
    }

    if (!patcher.empty()) {
        patched = patcher.result();
        patch = unified_diff(req.config, patched);
    }
    // verify: the patched text, re-packaged and re-evaluated, allows every fixable request
    if (!patch.empty()) {
        config_model pm = load_config(patched, opts, account);
        pm.budget = budget;
        // A patch that does not read back as YAML is never shown: a layout the patcher got wrong would hand
        // the user a broken file. The statements to add are still given, to write by hand.
        if (has_errors(pm.doc.diags)) {
            diags.push_back(make_warning("WD5404", "the fix could not be written into this file's layout; add the statement shown by hand",
                                         "config", 0, 0));
            for (auto& s : ds)
                if (s.fixable) {
                    s.fixable = false;
                    s.fix_records.push_back(make_record("fix.by_hand", json::object(), locale));
                }
            patch.clear();
            patched.clear();
        } else {
            for (const auto& s : ds) pm.ctx.known_remote.insert(s.g.assumed_remote.begin(), s.g.assumed_remote.end());
            bool any = false;
            all_allowed = pm.is_serverless && !has_errors(pm.doc.diags);
            for (auto& s : ds) {
                if (!s.fixable) continue;
                any = true;
                const sls::role_info* r = role_by_id(pm, s.role_id, s.m.role ? s.m.role->role_name : "");
                const decision_result res = r ? decide(pm, *r, s.fix_rq ? *s.fix_rq : s.rq, cat, locale) : decision_result{};
                std::string dec = r ? res.decision : "Undetermined";
                after[&s] = dec;
                // The role now allows it, but the resource is another account's: its owner must allow the role too.
                if (res.reason_class == "implicit_deny:cross_account_no_resource_grant" && s.rq.resource)
                    s.fix_records.push_back(make_record("fix.other_account_too",
                                                        {{"policy", policy_label("resource_policy", *s.rq.resource)}}, locale));
                if (dec != "Allow") all_allowed = false;
            }
            if (!any) all_allowed = false;
            if (!all_allowed)
                diags.push_back(make_warning("WD5402", "the patched config does not allow every denied request", "config", 0, 0));
        }
    }
}

[[gnu::noinline]] json explain_run::denial_answer(const denial_state& s) {
    const log::denial& d = *s.d;
    json j = json::object();
    j["line"] = d.line;
    j["errorCode"] = str_or_null(d.error_code);
    j["service"] = str_or_null(d.service);
    j["operation"] = str_or_null(d.operation);
    j["action"] = str_or_null(s.rq.action);
    j["resource"] = d.resource ? json(*d.resource) : json(nullptr);
    if (d.principal.arn.empty() && d.principal.role_name.empty() && d.principal.user_name.empty()) {
        j["principal"] = nullptr;
    } else {
        j["principal"] = {{"arn", str_or_null(d.principal.arn)}, {"type", str_or_null(d.principal.type)},
                          {"accountId", str_or_null(d.principal.account_id)}, {"roleName", str_or_null(s.rq.role_name)},
                          {"sessionName", str_or_null(s.rq.session_name)}};
        if (!d.principal.user_name.empty()) j["principal"]["userName"] = d.principal.user_name;
    }
    j["reason"] = d.reason;
    j["function"] = s.m.function ? json(s.m.function->key) : json(nullptr);
    j["role"] = s.m.role ? str_or_null(s.m.role->logical_id) : json(nullptr);
    j["decision"] = s.dec.decision.empty() ? "Undetermined" : s.dec.decision;
    json trace = json::array();
    for (const auto& r : s.dec.records) {
        json x = r;
        x["kind"] = "summary";
        trace.push_back(x);
    }
    for (const auto& r : s.dec.trace) trace.push_back(r);
    j["trace"] = trace;
    json fix = json::object();
    fix["kind"] = s.kind;
    fix["statement"] = s.statement;
    fix["patch"] = (s.fixable && !patch.empty()) ? json(patch) : json(nullptr);
    bool v = s.kind == "none" && s.dec.decision == "Allow";
    if (s.fixable && !patch.empty()) v = all_allowed;
    fix["verified"] = v;
    if (s.fixable && after.count(&s)) fix["decisionAfterPatch"] = after[&s];
    if (!s.target.is_null()) fix["target"] = s.target;
    if (!s.blast.is_null()) fix["blastRadius"] = s.blast;
    if (!s.request.is_null()) fix["request"] = s.request;
    if (!s.g.resource.empty()) fix["resource"] = s.g.resource;
    if (s.fix_rq) fix["action"] = s.fix_rq->action;  // the fix grants another action than the denied one
    json fr = s.g.records;
    for (const auto& r : s.fix_records) fr.push_back(r);
    if (s.fixable && !patch.empty()) fr.push_back(make_record(v ? "fix.verified" : "fix.not_verified", json::object(), locale));
    fix["explanation"] = fr;
    j["fix"] = fix;
    json ex = s.m.records;
    for (const auto& r : s.dec.records) ex.push_back(r);
    j["explanation"] = ex;
    j["redacted"] = s.m.redacted;
    if (d.count > 1) j["count"] = d.count;
    return j;
}

[[gnu::noinline]] void explain_run::finish() {
    json lint = json::array();
    if (cm.is_serverless) lint_config(cm, needs, cat, locale, lint, diags);
    out["lint"] = lint;
    if (!patch.empty()) out["patch"] = {{"diff", patch}, {"verified", all_allowed}};
    // Variables read from AWS (`cf:stack.Output`) whose values the fixes took from the log: verification used them.
    json assumed = json::object();
    for (const auto& s : ds)
        for (const auto& [name, value] : s.g.assumed_remote) assumed[name] = value;
    if (!assumed.empty()) out["assumedVariables"] = assumed;
    out["stage"] = cm.is_serverless ? json(cm.pkg.stage) : json(nullptr);
    out["region"] = cm.is_serverless ? json(cm.pkg.region) : json(nullptr);
    out["accountId"] = account;
    // A plain template's Parameters analysed with another value than their Default (given, or read from the log).
    if (cm.is_plain_template && !cm.ctx.parameter_values.empty()) out["parameters"] = cm.ctx.parameter_values;
    if (budget->exhausted)
        diags.push_back(make_error("WD5006",
                                   "explain stopped evaluating after " + std::to_string(budget->limit) +
                                       " matching steps (patterns or policies too large); the remaining decisions are Undetermined",
                                   "config", 0, 0, {{"limit", budget->limit}}));
    out["diagnostics"] = to_json(diags);
}

json explain_impl(const request& given, const iam::catalog* cat) {
    return explain_run(given, cat).run();
}

}  // namespace

json explain(const request& req, const iam::catalog* cat) {
    try {
        // Node reads serverless.yml as UTF-8 with U+FFFD for each invalid byte, so the framework sees the
        // repaired text; analysing that text keeps every answer string, patch lines included, valid UTF-8.
        if (!is_valid_utf8(req.config)) {
            request repaired = req;
            repaired.config = valid_utf8(req.config);
            return explain_impl(repaired, cat);
        }
        return explain_impl(req, cat);
    } catch (const std::exception& e) {
        json out = {{"denials", json::array()}, {"roles", json::array()}};
        out["diagnostics"] = to_json(diagnostics{make_error("WD5901", std::string("internal error in explain: ") + e.what())});
        return out;
    } catch (...) {
        json out = {{"denials", json::array()}, {"roles", json::array()}};
        out["diagnostics"] = to_json(diagnostics{make_error("WD5901", "internal error in explain")});
        return out;
    }
}

json probe_config(const std::string& config, const sls::options& opts, const std::string& account_id, const probe& p,
                  const iam::catalog* cat) {
    try {
        config_model cm = load_config(config, opts, account_id);
        cm.ctx.known_remote = p.known_remote;
        log::denial d;
        d.principal.role_name = p.role_name;
        d.principal.session_name = p.session_name;
        d.principal.type = "assumed-role";
        d.action = p.action;
        request_view rq;
        rq.action = canonical_action(p.action, cat);
        rq.resource = p.resource;
        rq.role_name = p.role_name;
        rq.session_name = p.session_name;
        rq.principal_arn = "arn:" + cm.ctx.partition + ":sts::" + account_id + ":assumed-role/" + p.role_name + "/" + p.session_name;
        match_result m = match_principal(cm, d, rq, "", "en");
        json out = {{"decision", "Undetermined"}, {"role", nullptr}, {"function", nullptr}};
        if (m.function) out["function"] = m.function->key;
        if (!m.role) return out;
        out["role"] = m.role->logical_id;
        out["decision"] = decide(cm, *m.role, rq, cat, "en").decision;
        return out;
    } catch (...) {
        return {{"decision", "Undetermined"}, {"role", nullptr}, {"function", nullptr}};
    }
}

}  // namespace wd::explain
