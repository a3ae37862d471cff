// SPDX-License-Identifier: MIT
// Fixes inside the policy documents the config already has: delete or narrow a Deny written for this request,
// or add the grant to the statement or policy the denied role already uses.
#include "explain/explain_run.hpp"

#include "explain/messages.hpp"
#include "explain/naming.hpp"
#include "iam/glob.hpp"

namespace wd::explain::pipeline {

namespace {

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
    // (An inline policy of the role itself, an item of its `Policies`: that item goes with its only statement, as
    // yaml_patcher::remove_statement does; no other role holds it.)
    if (const std::size_t inline_at = pointer.find("/Properties/Policies/"); inline_at != std::string::npos && inline_at < doc) return {};
    const json* list = raw_at(cm.doc.root, pointer.substr(0, doc) + "/PolicyDocument/Statement");
    if (!list || (list->is_array() && list->size() != 1)) return {};
    const std::size_t id_start = base.size();
    const std::size_t id_end = pointer.find('/', id_start);
    return id_end == std::string::npos ? std::string() : pointer.substr(id_start, id_end - id_start);
}

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

// An Action item written as a pattern (`sqs:Purge*`) that covers the denied action and, in the IAM catalog, no
// other: taking that item out lifts the Deny for exactly this action, as taking out the action written out would.
bool pattern_covers_only(const std::string& item, const std::string& action, const iam::catalog* cat) {
    if (!cat || cat->empty() || item.find_first_of("*?") == std::string::npos) return false;
    const auto covered = cat->expand(item);
    return covered.size() == 1 && iam::iequals(covered.front()->full_name(), action);
}

bool remove_wildcard_covering_only(const sls::effective_statement& st, const std::string& action, const iam::catalog* cat,
                                   yaml_patcher& patcher, std::string& why) {
    const json acts = st.statement.value("Action", json());
    for (const auto& a : (acts.is_array() ? acts : json::array({acts})))
        if (a.is_string() && pattern_covers_only(a.get<std::string>(), action, cat))
            return patcher.remove_action(st.source.pointer, a.get<std::string>(), why, true);
    return false;
}

// The statement a grant adds to a policy document of the file (the boundary's): the action on the resource
// as the config writes it.
json grant_statement(const denial_state& s) {
    return {{"Effect", "Allow"}, {"Action", json::array({s.g.action})},
            {"Resource", json::array({s.g.resource_config.is_null() ? json(s.g.resource) : s.g.resource_config})}};
}

// What joins a Deny's NotResource list for this request: the resource as the config writes it, an S3 object's
// key widened to its folder (`bucket/dir/*`, as the file writes it: one key would fail again on the next).
std::string not_resource_exemption(const denial_state& s, std::string_view locale) {
    std::string not_resource = s.g.resource_config.is_string() ? s.g.resource_config.get<std::string>() : s.g.resource;
    // (A key under dated or numbered folders, `2026/11/30/x.json`: the folder before the first of them.)
    if (grant widened = s.g; widen_object_key(widened, locale) && widened.resource_config.is_string())
        return widened.resource_config.get<std::string>();
    if (const std::size_t s3 = not_resource.find(":s3:::"); s3 != std::string::npos) {
        const std::size_t slash = not_resource.find('/', s3 + 6), last = not_resource.rfind('/');
        if (slash != std::string::npos && last > slash && last + 1 < not_resource.size()) not_resource = not_resource.substr(0, last + 1) + "*";
    }
    return not_resource;
}

}  // namespace

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
        // An allow-list guard in a boundary or resource policy (`Deny s3:*` with `NotResource: [app-dev-*]`): the
        // request joins its list, as for the role's own (deleting it would lift the guard for everyone).
        const std::string not_resource = not_resource_exemption(s, locale);
        if (!not_principal && rd.statement.contains("NotAction") && patcher.add_list_value(rd.pointer + "/NotAction", s.g.action, why)) {
            s.target = {{"kind", "exempt"}, {"path", rd.pointer + "/NotAction"}, {"line", rd.line}, {"value", s.g.action}, {"policy", rd.logical_id}};
            s.fix_records.push_back(make_record("fix.exempt_not_action", {{"action", s.g.action}, {"line", rd.line}}, locale));
        } else if (!not_principal && rd.statement.contains("NotResource") && !rd.statement.contains("NotAction") && !not_resource.empty() &&
                   not_resource != "*" && (why.clear(), patcher.add_list_value(rd.pointer + "/NotResource", not_resource, why))) {
            s.target = {{"kind", "exempt"}, {"path", rd.pointer + "/NotResource"}, {"line", rd.line}, {"value", not_resource}, {"policy", rd.logical_id}};
            s.fix_records.push_back(make_record("fix.exempt_not_resource", {{"resource", not_resource}, {"line", rd.line}}, locale));
        } else if (not_principal && patcher.add_list_value(rd.pointer + "/NotPrincipal/AWS", role, why) &&
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
        const std::string not_resource = not_resource_exemption(s, locale);
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
        } else if (!st.source.pointer.empty() && (patcher.remove_action(st.source.pointer, s.g.action, why) ||
                                                  remove_wildcard_covering_only(st, s.g.action, cat, patcher, why))) {
            // The rest of the Deny still stands: only the denied action leaves it.
            json still = json::array();
            for (const auto& a : protected_actions) {
                if (!a.is_string()) continue;
                const std::string& text = a.get_ref<const std::string&>();
                // (Gone: the action written out, or a pattern that covered only it.)
                const bool gone = iam::iequals(text, s.g.action) || pattern_covers_only(text, s.g.action, cat);
                if (!gone) still.push_back(a);
            }
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

}  // namespace wd::explain::pipeline
