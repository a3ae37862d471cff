// SPDX-License-Identifier: MIT
// AWS's policy evaluation logic, in the order the documentation's flow chart gives it:
//   1. validate (policies, the action against the catalog)
//   2. explicit denies anywhere win (SCP, RCP, resource policy, identity, boundary, session policy)
//   3. every SCP level must allow (not for service-linked roles, service principals, anonymous callers)
//   4. the grant: identity (limited by boundary and session policy) and/or the resource policy, with the
//      same-account / cross-account / KMS key policy / role trust policy rules
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
#include <algorithm>

#include "iam/arn.hpp"
#include "iam/caller.hpp"
#include "iam/evaluator.hpp"
#include "iam/glob.hpp"
#include "iam/policy.hpp"
#include "iam/principal_context.hpp"
#include "iam/resource_type_match.hpp"
#include "iam/statement_eval.hpp"
#include "iam/trace.hpp"

namespace wd::iam {

namespace {

// arn:aws:kms:<region>:<account>:key/<id>
bool is_kms_key_arn(const std::string& resource) {
    std::size_t at = 0;
    for (int colons = 0; colons < 5; ++colons) {
        at = resource.find(':', at);
        if (at == std::string::npos) return false;
        ++at;
    }
    return resource.size() >= at + 4 && (resource.compare(at, 4, "key/") == 0 || resource.compare(at, 4, "KEY/") == 0);
}

bool fits_any_resource_type(const action_info& info, const std::string& resource) {
    for (const auto& r : info.resources)
        for (const auto& arn_template : r.arns)
            if (arn_fits_resource_type(resource, arn_template)) return true;
    return false;
}

struct set_outcome {
    bool present = false;
    bool allows = false;
    bool denies = false;
    bool grant_account = false, grant_role = false, grant_direct = false;
};

// What the trace records point into (compiled policies, the request context): shared with the trace, so
// the records stay valid after the evaluation returns.
struct evaluation_state {
    std::vector<compiled_policy> identity, boundary, session, resource;
    std::vector<std::vector<compiled_policy>> scps, rcps;
    request_context ctx;
};

struct engine {
    const evaluation_input& in;
    const catalog* cat;
    evaluation_result& res;
    caller who;
    request_context& ctx;
    eval_request req{};
    step_budget own_budget{};

    // Records the decision and hands the result over (moved: `return e.finish(...)` ends the evaluation).
    evaluation_result finish(const char* decision, std::string reason, const char* decided_by) {
        res.decision = decision;
        res.reason_class = std::move(reason);
        res.decided_by = decided_by;
        if (in.trace) res.trace.decision = decision_trace{decision, res.reason_class, decided_by};
        return std::move(res);
    }

    set_outcome run(const std::vector<compiled_policy>& policies, int level = -1) {
        set_outcome s;
        s.present = true;
        for (const auto& p : policies) {
            policy_outcome o = evaluate_policy(p, req, level);
            s.allows |= o.allows;
            s.denies |= o.denies;
            s.grant_account |= o.grant_account;
            s.grant_role |= o.grant_role;
            s.grant_direct |= o.grant_direct;
        }
        return s;
    }
};

bool compile_one(const named_policy& p, policy_type t, std::vector<compiled_policy>& dst, diagnostics& diags,
                 bool strict = true) {
    dst.push_back(compile_policy(p, t, diags, strict));
    return dst.back().valid;
}

bool compile_all(const std::vector<named_policy>& src, policy_type t, std::vector<compiled_policy>& dst,
                 diagnostics& diags, bool strict = true) {
    bool ok = true;
    dst.reserve(src.size());
    for (const auto& p : src) ok &= compile_one(p, t, dst, diags, strict);
    return ok;
}

std::string resource_account_of(const evaluation_input& in, const caller& who) {
    if (in.resource_account && !in.resource_account->empty()) return *in.resource_account;
    if (is_arn(in.resource)) {
        std::string_view acct = split_arn(in.resource).account();
        if (!acct.empty()) return std::string(acct);
    }
    return who.account;  // S3 bucket ARNs carry no account: assume the caller's own
}

evaluation_result error_result(engine& e, std::string reason) { return e.finish("Error", std::move(reason), ""); }

}  // namespace

evaluation_result evaluate(const evaluation_input& in, const catalog* cat) {
    evaluation_result res;
    auto state = std::make_shared<evaluation_state>();
    if (in.trace) res.trace.owner = state;
    engine e{in, cat, res, parse_caller(in.principal), state->ctx};
    try {
        // 1. Validation.
        auto& identity = state->identity;
        auto& boundary = state->boundary;
        auto& session = state->session;
        auto& resource = state->resource;
        auto& scps = state->scps;
        auto& rcps = state->rcps;
        scps.resize(in.scp_levels.size());
        rcps.resize(in.rcp_levels.size());
        const bool strict = in.refuse_non_arn_resources;
        bool ok = compile_all(in.identity, policy_type::identity, identity, res.diags, strict);
        ok &= compile_all(in.permission_boundaries, policy_type::permissions_boundary, boundary, res.diags, strict);
        if (in.session_policy) ok &= compile_one(*in.session_policy, policy_type::session, session, res.diags, strict);
        if (in.resource_policy) ok &= compile_one(*in.resource_policy, policy_type::resource, resource, res.diags, strict);
        for (std::size_t i = 0; i < scps.size(); ++i) ok &= compile_all(in.scp_levels[i], policy_type::scp, scps[i], res.diags, strict);
        for (std::size_t i = 0; i < rcps.size(); ++i) ok &= compile_all(in.rcp_levels[i], policy_type::rcp, rcps[i], res.diags, strict);
        if (!ok) {
            return error_result(e, "error:policy.errors");
        }
        std::size_t colon = in.action.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == in.action.size()) {
            res.diags.push_back(make_error("WD4104", "action `" + in.action + "` is not of the form `service:Action`",
                                           "request", 0, 0, {{"action", in.action}}));
            return error_result(e, "error:invalid.action");
        }
        const action_info* info = nullptr;
        if (cat && !cat->empty()) {
            info = cat->find_action(in.action);
            if (!info) {
                bool svc = cat->known_service(std::string_view(in.action).substr(0, colon));
                auto sug = cat->suggest(in.action);
                std::string msg = svc ? "action `" + in.action + "` is unknown to the IAM catalog of " + cat->date()
                                      : "service prefix `" + in.action.substr(0, colon) +
                                            "` is unknown to the IAM catalog of " + cat->date();
                if (!sug.empty()) msg += "; did you mean `" + sug.front() + "`?";
                res.diags.push_back(make_error(svc ? "WD4101" : "WD4102", msg, "request", 0, 0,
                                               {{"action", in.action}, {"suggestions", sug}, {"catalog", cat->date()}}));
                return error_result(e, svc ? "error:invalid.action" : "error:invalid.service");
            }
            if (info->wildcard_only() && in.resource != "*") {
                res.diags.push_back(make_error("WD4103", "action `" + info->full_name() +
                                                             "` supports only `Resource: \"*\"`, not `" + in.resource + "`",
                                               "request", 0, 0, {{"action", info->full_name()}, {"resource", in.resource}}));
                return error_result(e, "error:must.use.wildcard");
            }
            if (in.check_resource_type && !info->wildcard_only() && in.resource.find_first_of("*?") == std::string::npos &&
                !fits_any_resource_type(*info, in.resource)) {
                std::vector<std::string> templates;
                for (const auto& r : info->resources) templates.insert(templates.end(), r.arns.begin(), r.arns.end());
                res.diags.push_back(make_error("WD4105", "resource `" + in.resource + "` is none of the resource types `" +
                                                             info->full_name() + "` acts on",
                                               "request", 0, 0,
                                               {{"action", info->full_name()}, {"resource", in.resource}, {"arnTemplates", templates}}));
                return error_result(e, "error:no.resource.types");
            }
        }

        if (e.who.kind == caller_kind::unknown)
            res.diags.push_back(make_warning("WD4302",
                                             "principal `" + in.principal +
                                                 "` is not an IAM ARN, `anonymous` or a service principal",
                                             "request", 0, 0, {{"principal", in.principal}}));

        // The request context: what the caller sent, plus what AWS fills from the principal, minus keys
        // the catalog says this action never carries.
        e.ctx = request_context::from_json(in.context_ref ? *in.context_ref : in.context);
        std::vector<std::string> filled, ignored;
        if (in.fill_principal_context) {
            filled = fill_principal_context(e.who, e.ctx);
            // aws:ResourceAccount is in every request on a resource AWS can place in an account (condition
            // keys page); the account is the one this evaluation decides same/cross-account with.
            // An ARN without an account (an S3 bucket or object) says nothing of its owner: the evaluation still
            // treats it as the caller's (same-account rules), but a condition on the key is not decided by that guess.
            const bool owner_known = (in.resource_account && !in.resource_account->empty()) ||
                                     (is_arn(in.resource) && !split_arn(in.resource).account().empty());
            if (!e.ctx.contains("aws:resourceaccount") && owner_known) {
                std::string acct = resource_account_of(in, e.who);
                if (!acct.empty()) {
                    e.ctx.append("aws:ResourceAccount", "aws:resourceaccount", {std::move(acct)}, false);
                    filled.push_back("aws:ResourceAccount");
                }
            }
        }
        if (info) {
            for (const auto& kv : e.ctx.entries())
                if (!cat->condition_key_applies(*info, kv.key)) ignored.push_back(kv.key);
            for (const auto& k : ignored) e.ctx.erase(lower_copy(k));
            // ...and a policy's condition on such a key (`dynamodb:LeadingKeys` for a Scan) is decided as on a
            // key that is absent for sure, not one the request may carry but did not say.
            auto never = [&](const std::vector<compiled_policy>& ps) {
                for (const auto& p : ps)
                    for (const auto& s : p.statements)
                        for (const auto& c : s.conditions)
                            if (!cat->condition_key_applies(*info, c.key) && !e.ctx.never_present(c.key_lower))
                                e.ctx.mark_never_present(c.key_lower);
            };
            never(identity);
            never(boundary);
            never(session);
            never(resource);
            for (const auto& level : scps) never(level);
            for (const auto& level : rcps) never(level);
        }
        e.req.who = &e.who;
        e.req.action = in.action;
        e.req.action_service = lower_copy(std::string_view(in.action).substr(0, colon));
        e.req.action_name = lower_copy(std::string_view(in.action).substr(colon + 1));
        e.req.resource = in.resource;
        e.req.ctx = &e.ctx;
        e.req.trace = in.trace ? &res.trace : nullptr;
        e.req.caller_has_boundary = !in.permission_boundaries.empty();
        e.req.missing_keys = &res.missing_context_keys;
        e.own_budget.limit = in.step_limit;
        e.req.budget = in.shared_budget ? in.shared_budget : &e.own_budget;

        const std::string resource_account = resource_account_of(in, e.who);
        const bool same_account = !e.who.account.empty() && e.who.account == resource_account;
        const bool has_identity = e.who.kind != caller_kind::anonymous && e.who.kind != caller_kind::service;
        // SCPs govern principals of member accounts: not service-linked roles, not service principals.
        const bool scp_applies = !scps.empty() && has_identity && !e.who.service_linked;
        // RCPs govern only the resources of the services that support them; without a catalog to say
        // which, they are applied (an RCP only ever denies, so this errs towards reporting a denial).
        // (AWS KMS: "The kms:RetireGrant permission isn't valid in an RCP, even if the Action element specifies
        // an asterisk": the grant decides who retires it.)
        const bool rcp_applies = !rcps.empty() && (!cat || cat->empty() || cat->rcp_supported(e.req.action_service)) &&
                                 !iequals(in.action, "kms:RetireGrant");
        // KMS key policies and role trust policies must themselves allow: no implicit account trust.
        const bool strict_resource =
            (!resource.empty() && (e.req.action_service == "kms" || e.req.action_service == "sts")) ||
            (in.kms_key_policy_required && e.req.action_service == "kms" && is_kms_key_arn(in.resource));

        if (in.trace) {
            request_trace& rec = res.trace.request.emplace();
            rec.principal = in.principal;
            rec.principal_type = e.who.kind;
            rec.account = e.who.account;
            rec.service_linked = e.who.service_linked;
            rec.action = in.action;
            rec.resource = in.resource;
            rec.resource_account = resource_account;
            rec.same_account = same_account;
            rec.context = &e.ctx;
            rec.filled_keys = std::move(filled);
            rec.ignored_keys = std::move(ignored);
            rec.scp_applies = scp_applies;
            rec.rcp_applies = rcp_applies;
            if (!resource.empty())
                rec.resource_policy_kind = !strict_resource ? "resource-policy"
                                           : e.req.action_service == "kms" ? "kms-key-policy"
                                                                           : "trust-policy";
        }

        // STS answers GetCallerIdentity for every authenticated caller, even under an explicit Deny
        // ("No permissions are required to perform this operation", STS API reference).
        if (has_identity && iequals(in.action, "sts:GetCallerIdentity")) {
            if (in.trace)
                res.trace.service_rule = "sts:GetCallerIdentity needs no permission; no policy, not even an explicit Deny, stops it";
            return e.finish("Allow", "allow:service_rule", "");
        }

        // 2-3. Guardrails and explicit denies.
        std::vector<set_outcome> scp_levels, rcp_levels;
        if (scp_applies)
            for (std::size_t i = 0; i < scps.size(); ++i) scp_levels.push_back(e.run(scps[i], static_cast<int>(i)));
        if (rcp_applies)
            for (std::size_t i = 0; i < rcps.size(); ++i) rcp_levels.push_back(e.run(rcps[i], static_cast<int>(i)));
        set_outcome rp = resource.empty() ? set_outcome{} : e.run(resource);
        set_outcome id = has_identity ? e.run(identity) : set_outcome{};
        set_outcome pb = (has_identity && !boundary.empty()) ? e.run(boundary) : set_outcome{};
        set_outcome sp = (has_identity && !session.empty()) ? e.run(session) : set_outcome{};
        if (e.req.budget->exhausted) {
            // Matches after the budget ran out answered false: no decision can be trusted.
            res.diags.push_back(make_error(
                "WD4303",
                "evaluation stopped after " + std::to_string(e.req.budget->limit) +
                    " matching steps (patterns or policies too large); no decision is given",
                "request", 0, 0, json{{"limit", e.req.budget->limit}, {"used", e.req.budget->used}}));
            return error_result(e, "error:step_budget");
        }

        for (const auto& l : scp_levels)
            if (l.denies) return e.finish("ExplicitDeny", "explicit_deny:scp", "scp");
        for (const auto& l : rcp_levels)
            if (l.denies) return e.finish("ExplicitDeny", "explicit_deny:rcp", "rcp");
        if (rp.denies) return e.finish("ExplicitDeny", "explicit_deny:resource", "resource");
        if (id.denies) return e.finish("ExplicitDeny", "explicit_deny:identity", "identity");
        if (pb.denies) return e.finish("ExplicitDeny", "explicit_deny:pb", "permissionsBoundary");
        if (sp.denies) return e.finish("ExplicitDeny", "explicit_deny:session", "session");
        for (const auto& l : scp_levels)
            if (!l.allows) return e.finish("ImplicitDeny", "implicit_deny:scp", "scp");

        // 4. The grant.
        const bool pb_ok = !pb.present || pb.allows;
        const bool sp_ok = !sp.present || sp.allows;
        const bool identity_effective = id.allows && pb_ok && sp_ok;
        const bool any_grant = rp.grant_account || rp.grant_role || rp.grant_direct;
        // A grant naming the user, the session or everyone is not limited by the boundary or the session
        // policy; one naming the role is.
        const bool resource_effective = rp.grant_direct || (rp.grant_role && pb_ok && sp_ok);
        // The identity side allowed but a boundary or the session policy did not.
        auto identity_gap = [&]() -> const char* {
            if (id.allows && !pb_ok) return "pb";
            if (id.allows && !sp_ok) return "session";
            return nullptr;
        };
        auto gap_finish = [&](const char* gap) {
            bool pb_gap = std::string_view(gap) == "pb";
            return e.finish("ImplicitDeny", pb_gap ? "implicit_deny:pb" : "implicit_deny:session",
                            pb_gap ? "permissionsBoundary" : "session");
        };

        if (!has_identity) {
            if (rp.grant_direct) return e.finish("Allow", "allow:resource", "resource");
            return e.finish("ImplicitDeny",
                            rp.present ? "implicit_deny:resource_policy_no_grant" : "implicit_deny:no_allow",
                            rp.present ? "resource" : "");
        }
        if (!same_account) {
            if (identity_effective && any_grant) return e.finish("Allow", "allow:identity+resource", "identity");
            if (const char* gap = identity_gap()) return gap_finish(gap);
            if (id.allows) return e.finish("ImplicitDeny", "implicit_deny:cross_account_no_resource_grant", "resource");
            if (any_grant) return e.finish("ImplicitDeny", "implicit_deny:cross_account_no_identity_grant", "identity");
            return e.finish("ImplicitDeny", "implicit_deny:no_allow", "");
        }
        if (strict_resource) {
            if (resource_effective)
                return e.finish("Allow", identity_effective ? "allow:identity+resource" : "allow:resource", "resource");
            if (identity_effective && any_grant) return e.finish("Allow", "allow:identity+resource", "identity");
        } else {
            if (identity_effective) return e.finish("Allow", any_grant ? "allow:identity+resource" : "allow:identity", "identity");
            if (resource_effective) return e.finish("Allow", "allow:resource", "resource");
        }
        if (rp.grant_account && !id.allows)
            return e.finish("ImplicitDeny", "implicit_deny:account_principal_needs_identity_grant", "identity");
        if (const char* gap = identity_gap()) return gap_finish(gap);
        if (rp.grant_role && !pb_ok) return e.finish("ImplicitDeny", "implicit_deny:pb", "permissionsBoundary");
        if (rp.grant_role && !sp_ok) return e.finish("ImplicitDeny", "implicit_deny:session", "session");
        if (strict_resource && id.allows) return e.finish("ImplicitDeny", "implicit_deny:resource_policy_no_grant", "resource");
        return e.finish("ImplicitDeny", "implicit_deny:no_allow", "");
    } catch (const std::exception& ex) {
        res.diags.push_back(make_error("WD4399", std::string("internal evaluation error: ") + ex.what(), "request"));
        res.decision = "Error";
        res.reason_class = "error:policy.errors";
    }
    return res;
}

}  // namespace wd::iam
