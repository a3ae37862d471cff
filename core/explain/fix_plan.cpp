// SPDX-License-Identifier: MIT
// The patch: per fixable denial, correct a statement in place or add the grant where the file's style puts it;
// grants for sibling denials merged; the whole patch written once and verified by re-analysing the patched text.
#include "explain/explain_run.hpp"

#include <cctype>
#include <set>

#include "explain/call_sequences.hpp"
#include "explain/lambda_checks.hpp"
#include "explain/messages.hpp"
#include "explain/naming.hpp"
#include "explain/unified_diff.hpp"
#include "iam/resource_hierarchy.hpp"

namespace wd::explain::pipeline {

namespace {

// Whether the statement at `sp`, or its Action list, carries a YAML anchor (`Action: &read`) or is written through
// one (an alias, a merge key): it may be used elsewhere too, so extending it would grant there as well.
bool carries_anchor(const config_model& cm, const text_lines& lines, const std::string& sp) {
    for (const std::string& ptr : {sp, sp + "/Action"}) {
        if (cm.doc.borrowed.count(ptr)) return true;  // `- *read`, or `<<: *s3rw` bringing the Action list in
        if (const yaml::node_span* span = cm.doc.span_of(ptr); span && span->value.line > 0) {
            if (static_cast<std::size_t>(span->value.line) > lines.text.size()) continue;
            const std::string& line = lines.text[static_cast<std::size_t>(span->value.line - 1)];
            const std::size_t col = static_cast<std::size_t>(std::max(0, span->value.column - 1));
            if (col < line.size() && line[col] == '&') return true;
        }
    }
    return false;
}

const sls::role_info* role_by_id(const config_model& cm, const std::string& id, const std::string& name) {
    for (const auto& r : cm.pkg.roles)
        if ((!id.empty() && r.logical_id == id) || (id.empty() && !name.empty() && r.role_name == name)) return &r;
    return nullptr;
}

}  // namespace

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
        bool dead_tagged = false;  // (dead_resource_candidate: the grant is a `!GetAtt` node)
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
        } else if (std::string ptr7 = dead_resource_candidate(cm, t, s.g, cat, text, resolved, dead_tagged); !ptr7.empty()) {
            const json* old_value = raw_at(cm.doc.root, ptr7);
            c = {ptr7, text, resolved, "fix.dead_resource", false,
                 {{"written", old_value && old_value->is_string() ? *old_value : json(nullptr)}, {"value", text}, {"action", s.g.action}},
                 dead_tagged};
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

// The levels above the grant's resource its call is authorised on too (iam::hierarchy_parents), written as the
// grant's resource is written (a string, or the text of an `Fn::Sub`); empty when there are none, or when the
// config's spelling cannot give them (they would then be granted on nothing, and verification says so).
json explain_run::hierarchy_levels_config(const grant& g) const {
    json out = json::array();
    if (!cat || g.resource.empty()) return out;
    const std::vector<std::string> resolved = iam::hierarchy_parents(*cat, g.action, g.resource);
    if (resolved.empty()) return out;
    const json& rc = g.resource_config;
    const bool sub = rc.is_object() && rc.size() == 1 && rc.contains("Fn::Sub") && rc["Fn::Sub"].is_string();
    if (!rc.is_string() && !sub) return out;
    const std::vector<std::string> written =
        iam::hierarchy_parents(*cat, g.action, sub ? rc["Fn::Sub"].get<std::string>() : rc.get<std::string>());
    if (written.size() != resolved.size()) return out;
    for (const auto& w : written) out.push_back(sub ? json{{"Fn::Sub", w}} : json(w));
    return out;
}

// The grant merged into a statement of the file, or planned as a new one (merged with others for the same place).
[[gnu::noinline]] void explain_run::add_grant(denial_state& s, const fix_target& t, yaml_patcher& patcher, const text_lines& config_lines,
                                std::vector<planned_new>& news, const std::vector<std::string>& also) {
    std::string objects;
    // (The log proved the key is not the file's one, which a statement on `!GetAtt Key.Arn` seems to cover: that
    // statement is not where the grant goes.)
    const bool other_key = std::any_of(s.dec.records.begin(), s.dec.records.end(),
                                       [](const json& r) { return r.value("key", std::string()) == "reason.other_kms_key"; });
    int cand = other_key ? -1 : merge_candidate(cm, t, s.g, &objects, cat);
    // A statement or Action list carrying a YAML anchor may be aliased elsewhere (`Action: &read` ...
    // `Action: *read`): extending it would grant the action there too, so the grant gets its own statement.
    if (cand >= 0 && carries_anchor(cm, config_lines, t.seq_pointer + "/" + std::to_string(cand))) cand = -1;
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
    if (widen_object_key(s.g, locale, &cm.doc.root)) {
        s.statement = simple_statement(s.g.action, json(s.g.resource));
        // The widened grant (`bucket/*`) may be exactly what a statement of the file already names: it joins it.
        if (also.empty())
            if (const int same = merge_candidate(cm, t, s.g, nullptr, cat); same >= 0) {
                const std::string sp = t.seq_pointer + "/" + std::to_string(same);
                const json* acts = raw_at(cm.doc.root, sp + "/Action");
                const yaml::node_span* span = cm.doc.span_of(sp);
                if (acts && !carries_anchor(cm, config_lines, sp) && !action_matches(*acts, s.g.action, cm.budget.get()) && patcher.add_action(sp, s.g.action, why)) {
                    const int line = span ? span->value.line : 0;
                    s.target = {{"kind", t.kind}, {"path", t.label}, {"merge", true}, {"line", line}};
                    s.fix_records.push_back(make_record("fix.merge", {{"action", s.g.action}, {"line", line}, {"existing", *acts}}, locale));
                    s.blast = blast_radius({s.g.action}, {s.g.resource}, cat, locale);
                    return;
                }
            }
    }
    const json levels = hierarchy_levels_config(s.g);
    if (!levels.empty()) {
        json all = levels;
        all.push_back(s.g.resource_config);
        s.statement = {{"Effect", "Allow"}, {"Action", json::array({s.g.action})}, {"Resource", all}};
        s.fix_records.push_back(make_record(s.g.action.rfind("bedrock:", 0) == 0 ? "fix.inference_profile_models" : "fix.hierarchy_levels",
                                            {{"action", s.g.action}, {"levels", iam::hierarchy_parents(*cat, s.g.action, s.g.resource)}}, locale));
    }
    bool merged = false;
    for (auto& p : news)
        if (p.target.id() == t.id() && p.resource_config == s.g.resource_config && p.levels_config == levels) {
            p.actions.push_back(s.g.action);
            p.actions.insert(p.actions.end(), also.begin(), also.end());
            merged = true;
        }
    if (!merged) {
        news.push_back({t, s.g.resource_config, {s.g.action}, levels});
        news.back().actions.insert(news.back().actions.end(), also.begin(), also.end());
    }
    s.fix_records.push_back(make_record("fix.add_statement", {{"action", s.g.action}, {"resource", s.g.resource_config.is_string() ? s.g.resource_config : json(s.g.resource_config.dump())},
                                                               {"target", t.label}}, locale));
    std::vector<std::string> granted = levels.empty() ? std::vector<std::string>() : iam::hierarchy_parents(*cat, s.g.action, s.g.resource);
    granted.push_back(s.g.resource);
    s.blast = blast_radius({s.g.action}, granted, cat, locale);
}

// serverless-iam-roles-per-function copies the provider's statements into a function's own role when the function
// says `iamRoleStatementsInherit: true`, or the plugin's `custom.serverless-iam-roles-per-function.defaultInherit`
// does and the function does not say false (plugin README).
static bool inherits_provider_statements(const config_model& cm, const std::string& function_key) {
    auto truthy = [](const json* v) { return v && (*v == true || *v == "true"); };
    auto falsy = [](const json* v) { return v && (*v == false || *v == "false"); };
    const json* own = raw_at(cm.doc.root, "/functions/" + yaml::escape_pointer_token(function_key) + "/iamRoleStatementsInherit");
    if (truthy(own)) return true;
    if (falsy(own)) return false;
    return truthy(raw_at(cm.doc.root, "/custom/serverless-iam-roles-per-function/defaultInherit"));
}

// Where one fixable denial's grant goes in the config: edits made through `patcher` now, or a new statement
// planned in `news` (grants for the same place are merged).
[[gnu::noinline]] void explain_run::plan_fix(denial_state& s, yaml_patcher& patcher, const text_lines& config_lines, std::vector<planned_new>& news,
                             std::set<std::string>& done) {
    if (!s.fixable || !s.m.role) return;
    fix_target t = find_target(cm, *s.m.role);
    if (!edit_policy_documents(s, t, patcher)) return;
    std::string key = t.id() + "|" + s.g.action + "|" + s.g.resource_config.dump();
    // A function's own role (serverless-iam-roles-per-function) that inherits the provider's statements, and
    // another denial of this log already grants the same in them: that grant reaches this role too.
    if (s.m.function && s.m.role->logical_id != "IamRoleLambdaExecution" && cm.pkg.uses_per_function_plugin &&
        inherits_provider_statements(cm, s.m.function->key))
        for (const auto& shared : cm.pkg.roles)
            if (shared.logical_id == "IamRoleLambdaExecution")
                if (const fix_target st = find_target(cm, shared);
                    st.kind != "none" && done.count(st.id() + "|" + s.g.action + "|" + s.g.resource_config.dump())) {
                    s.target = {{"kind", st.kind}, {"path", st.label}};
                    s.fix_records.push_back(make_record("fix.inherited_from_provider", {{"function", s.m.function->key},
                                                                                       {"action", s.g.action}, {"target", st.label}}, locale));
                    return;
                }
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

namespace {

// IAM's quota on a role's inline policies, all of them together (IAM and AWS STS quotas, "Role policy size"),
// counted without white space.
constexpr std::size_t role_inline_policy_quota = 10240;

// The characters IAM counts for a role's inline policies as CloudFormation would create them: each
// PolicyDocument with its intrinsics resolved, written without white space. 0 when the role is not in the
// template (a role from outside has no size here).
std::size_t inline_policy_chars(const config_model& m, const std::string& role_id) {
    const json& resources = m.pkg.cfn_template.contains("Resources") ? m.pkg.cfn_template["Resources"] : json();
    if (role_id.empty() || !resources.is_object() || !resources.contains(role_id)) return 0;
    const json& props = resources[role_id].value("Properties", json::object());
    if (!props.is_object() || !props.contains("Policies") || !props["Policies"].is_array()) return 0;
    std::size_t chars = 0;
    std::vector<std::string> unresolved;
    for (const auto& p : props["Policies"]) {
        if (!p.is_object() || !p.contains("PolicyDocument")) continue;
        const std::string text = resolve(p["PolicyDocument"], m.ctx, unresolved).dump();
        for (char c : text)
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') ++chars;
    }
    return chars;
}

// A list whose every statement has a `Sid` gets one for the new statement too, in the file's convention: the
// first action's service and name (`DynamodbPutItem`), numbered when the list has it already (IAM wants the
// Sids of one policy unique, and alphanumeric). Empty when a sibling has none.
std::string sid_if_siblings_have(const json* seq, const json& actions) {
    if (!seq || !seq->is_array() || seq->empty() || !actions.is_array() || actions.empty() || !actions[0].is_string()) return "";
    std::set<std::string> taken;
    for (const auto& st : *seq) {
        if (!st.is_object() || !st.contains("Sid") || !st["Sid"].is_string()) return "";
        taken.insert(st["Sid"].get<std::string>());
    }
    std::string base;
    bool upper = true;
    for (char c : actions[0].get<std::string>()) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            upper = true;
            continue;
        }
        base += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    if (base.empty()) return "";
    std::string sid = base;
    for (int n = 2; taken.count(sid); ++n) sid = base + std::to_string(n);
    return sid;
}

}  // namespace

[[gnu::noinline]] void explain_run::write_and_verify_patch() {
    // one merged patch for everything the config can fix
    yaml_patcher patcher(req.config, cm.doc);
    const text_lines config_lines = split_lines(req.config);
    std::vector<planned_new> news;
    std::set<std::string> done;
    // The shared role's grants first: a function role that inherits the provider's statements then takes them
    // instead of a copy of its own (plan_fix).
    for (int pass = 0; pass < 2; ++pass)
        for (auto& s : ds)
            if ((s.m.role && s.m.role->logical_id == "IamRoleLambdaExecution") == (pass == 0)) plan_fix(s, patcher, config_lines, news, done);
    for (const auto& p : news) {
        json resources = p.levels_config;
        resources.push_back(p.resource_config);
        json stmt = {{"Effect", "Allow"}, {"Action", p.actions}, {"Resource", resources}};
        if (!p.target.seq_pointer.empty())
            if (std::string sid = sid_if_siblings_have(raw_at(cm.doc.root, p.target.seq_pointer), p.actions); !sid.empty())
                stmt = {{"Sid", sid}, {"Effect", "Allow"}, {"Action", p.actions}, {"Resource", resources}};
        std::string why;
        bool ok = !p.target.seq_pointer.empty() ? patcher.append_statement(p.target.seq_pointer, stmt, why)
                  : p.target.create_document ? patcher.create_policy(p.target.create_under, "", stmt, why)
                  : !p.target.create_policy.empty() ? patcher.create_policy(p.target.create_under, p.target.create_policy, stmt, why)
                                                : patcher.create_statements(p.target.create_under, p.target.create_keys, stmt, why);
        if (!ok) {
            diags.push_back(make_warning("WD5401", "cannot place the fix in the config: " + why, "config", 0, 0));
            // The statement is still given, to add by hand, and the answer says so (as for WD5404).
            for (auto& s : ds)
                if (s.fixable && s.target.is_object() && s.target.value("path", std::string()) == p.target.label &&
                    std::find(p.actions.begin(), p.actions.end(), s.g.action) != p.actions.end()) {
                    s.fixable = false;
                    s.fix_records.push_back(make_record("fix.by_hand", json::object(), locale));
                }
        }
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
                const request_view& checked = s.fix_rq ? *s.fix_rq : s.rq;
                const decision_result res = r ? decide(pm, *r, checked, cat, locale) : decision_result{};
                std::string dec = r ? res.decision : "Undetermined";
                // The next levels up (Glue's database and catalog) must be allowed too, or the next call fails there.
                if (dec == "Allow" && cat && checked.resource)
                    for (const auto& level : iam::hierarchy_parents(*cat, checked.action, *checked.resource)) {
                        request_view up = checked;
                        up.resource = level;
                        if (std::string d = decide(pm, *r, up, cat, locale).decision; d != "Allow") {
                            dec = d;
                            break;
                        }
                    }
                after[&s] = dec;
                // The role now allows it, but the resource is another account's: its owner must allow the role too.
                if (res.reason_class == "implicit_deny:cross_account_no_resource_grant" && s.rq.resource)
                    s.fix_records.push_back(make_record("fix.other_account_too",
                                                        {{"policy", localized_policy_label(policy_label("resource_policy", *s.rq.resource), locale)}}, locale));
                if (dec != "Allow") all_allowed = false;
            }
            if (!any) all_allowed = false;
            // A grant that takes a role's inline policies over IAM's quota allows the request on paper only: the
            // stack update fails ("Maximum policy size of 10240 bytes exceeded"), so the fix is not verified.
            std::set<std::string> sized;
            for (auto& s : ds) {
                if (!s.fixable || s.role_id.empty() || !sized.insert(s.role_id).second) continue;
                const std::size_t after_chars = inline_policy_chars(pm, s.role_id);
                if (after_chars <= role_inline_policy_quota) continue;
                const std::size_t before_chars = inline_policy_chars(cm, s.role_id);
                all_allowed = false;
                const json args = {{"role", s.role_id}, {"before", before_chars}, {"after", after_chars}, {"limit", role_inline_policy_quota}};
                // (Where the role is written: its `resources` entry, or `provider` for the framework's own role.)
                const int line = s.m.role ? s.m.role->source.line : 0, column = s.m.role ? s.m.role->source.column : 0;
                diags.push_back(make_warning("WD5405", "with the fix, the inline policies of role `" + s.role_id + "` come to " +
                                                           std::to_string(after_chars) + " characters (" + std::to_string(before_chars) +
                                                           " before), over IAM's quota of 10,240: the deploy would fail; move statements into a managed policy (`managedPolicies`) or merge them",
                                             "config", line, column, args));
                for (auto& other : ds)
                    if (other.fixable && other.role_id == s.role_id)
                        other.fix_records.push_back(make_record("fix.policy_size_quota", args, locale));
            }
            if (!all_allowed) {
                // Past the statement limits only the first statements are evaluated, and an appended one is not among them.
                const bool limited = std::any_of(pm.pkg.diags.begin(), pm.pkg.diags.end(),
                                                 [](const diagnostic& d) { return d.code == "WD2081" || d.code == "WD2082"; });
                diags.push_back(make_warning("WD5402", limited ? "the patched config does not allow every denied request: the role has more statements than are evaluated (WD2081/WD2082), so the added one is not read"
                                                               : "the patched config does not allow every denied request",
                                             "config", 0, 0, json{{"statementLimit", limited}}));
            }
        }
    }
}

}  // namespace wd::explain::pipeline

namespace wd::explain {

// The grant's "the resource is the one the log names / as the config writes it" records, once the fix grants
// a pattern of the file instead.
void drop_resource_records(json& records) {
    json kept = json::array();
    for (auto& r : records)
        if (r.value("key", std::string()).rfind("fix.resource_from", 0) != 0) kept.push_back(std::move(r));
    records = std::move(kept);
}

}  // namespace wd::explain
