// SPDX-License-Identifier: MIT
// The explain pipeline's shared state (internal to core/explain): one `explain_run` per call, whose phases live
// in their own files (explain_inputs, denial_outcome, config_grant, policy_document_edits, fix_plan, explain),
// the per-denial state they fill in, and the helpers more than one phase uses.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "explain/analysis.hpp"
#include "explain/explain.hpp"
#include "explain/fix_target.hpp"
#include "explain/lint.hpp"
#include "explain/text_lines.hpp"
#include "explain/yaml_patch.hpp"

namespace wd::explain::pipeline {

inline constexpr const char* k_default_account = "123456789012";
// Issue 8 limits (see the uses). The step budget is shared by every evaluation of one explain call:
// real inputs use well under a million steps; this stops a crafted one after roughly a second.
inline constexpr std::size_t max_explained_denials = 100;
inline constexpr std::uint64_t explain_step_limit = 100'000'000;

inline bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// An IAM role's ARN (`arn:aws:iam::123456789012:role/path/name`): its resource policy is its trust policy.
inline bool is_role_arn(const std::string& arn) {
    return arn.find(":iam::") != std::string::npos && arn.find(":role/") != std::string::npos;
}

// Whether some Allow statement of the role names the action (on whatever resource).
inline bool role_allows_action(const sls::role_info& role, const std::string& action) {
    for (const auto& st : role.statements) {
        const json& s = st.statement;
        if (s.is_object() && is_allow(s) && s.contains("Action") && action_matches(s["Action"], action))
            return true;
    }
    return false;
}

inline json simple_statement(const std::string& action, const json& resource) {
    return {{"Effect", "Allow"}, {"Action", json::array({action})}, {"Resource", json::array({resource})}};
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

// The role's deployed name: the config's, else (a role of `resources` without RoleName, named by
// CloudFormation) the one the log shows.
inline std::string deployed_role_name(const denial_state& s) {
    if (s.m.role && !s.m.role->role_name.empty()) return s.m.role->role_name;
    return s.rq.role_name;
}

struct planned_new {
    fix_target target;
    json resource_config;
    std::vector<std::string> actions;
    // The levels above the resource the call is authorised on too (Glue's catalog and database), as the config
    // writes them; listed before it in the new statement's Resource.
    json levels_config = json::array();
};

// ---- outside_fixes.cpp: what serverless.yml cannot fix, and who must change what
std::string policy_label(const std::string& reason, const std::string& resource);
std::string outside_policy_label(const std::string& reason, const std::string& resource, const config_model& cm,
                                 const sls::role_info* role);
bool outside_reason(const std::string& r);
std::string with_logged_policy(const std::string& label, const log::denial& d);
// A policy label in the answer's language (the English label is what the code compares).
std::string localized_policy_label(const std::string& label, std::string_view locale);
void outside_fix(denial_state& s, const config_model& cm, const std::string& policy, bool external_role,
                 std::string_view locale);
void image_pull_fix(denial_state& s, const config_model& cm, std::string_view locale);
void authorizer_fix(denial_state& s, const config_model& cm, std::string_view locale);

// ---- condition_hints.cpp: what a statement's Condition asks of the request
std::string condition_text(const json& condition);
std::vector<std::string> condition_keys(const json& condition);
bool only_mfa_keys(const json& condition);
std::vector<const sls::effective_statement*> conditioned_allows(const config_model& cm, const sls::role_info& role, const request_view& rq);
json condition_key_hints(const json& condition, std::string_view locale);
std::string principal_exemption(const json& statement);
bool only_service_set_keys(const json& condition);

// ---- fix_plan.cpp
void widen_sibling_keys(std::vector<denial_state>& ds, std::string_view locale);

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
    json hierarchy_levels_config(const grant& g) const;
    bool correct_statement_in_place(denial_state& s, const fix_target& t, yaml_patcher& patcher, const std::vector<std::string>& also);
    void add_grant(denial_state& s, const fix_target& t, yaml_patcher& patcher, const text_lines& config_lines,
                   std::vector<planned_new>& news, const std::vector<std::string>& also);
};

}  // namespace wd::explain::pipeline
