// SPDX-License-Identifier: MIT
#include "explain/fix_target.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <string>
#include <vector>

#include "explain/call_sequences.hpp"
#include "explain/messages.hpp"
#include "explain/text_lines.hpp"
#include "iam/arn.hpp"
#include "iam/glob.hpp"
#include "iam/resource_hierarchy.hpp"

namespace wd::explain {
namespace {

bool non_empty_list(const json* v) { return v && v->is_array() && !v->empty(); }

std::string service_of(const std::string& action) { return action.substr(0, action.find(':')); }

json as_list(const json& v) { return v.is_array() ? v : json::array({v}); }

// The statement list at `ptr`, following a whole-value `${self:a.b}` to where the file writes the list
// (`statements: ${self:custom.statements}`): the pointer of a non-empty list, or "".
std::string statement_list(const json& root, const std::string& ptr) {
    const json* v = raw_at(root, ptr);
    if (non_empty_list(v)) return ptr;
    if (!v || !v->is_string()) return {};
    const std::string& text = v->get_ref<const std::string&>();
    if (text.rfind("${self:", 0) != 0 || text.back() != '}' || text.find_first_of("${},", 7) != text.size() - 1) return {};
    std::string target;
    for (char c : text.substr(7, text.size() - 8)) target += c == '.' ? '/' : c;
    target = "/" + target;
    return non_empty_list(raw_at(root, target)) ? target : std::string();
}

std::string label_of(const std::string& pointer) {
    std::string out;
    for (char c : pointer.substr(1)) out += c == '/' ? '.' : c;
    return out;
}

}  // namespace

namespace {

// Whether the node at `pointer` is written as a YAML alias (`Statement: *base`): its items live at the anchor,
// and an edit there changes every place that aliases it (another role's policy, say).
bool written_as_alias(const config_model& cm, const std::string& pointer) {
    const yaml::node_span* sp = cm.doc.span_of(pointer);
    if (!sp || sp->key.line <= 0) return false;
    // The loader reports an alias's value at its anchor, which YAML places before the alias.
    if (sp->value.line > 0 && sp->value.line < sp->key.line) return true;
    const text_lines lines = split_lines(cm.text);
    if (static_cast<std::size_t>(sp->key.line) > lines.text.size()) return false;
    const std::string& line = lines.text[static_cast<std::size_t>(sp->key.line - 1)];
    const std::size_t colon = line.find(':', static_cast<std::size_t>(std::max(0, sp->key.column - 1)));
    const std::size_t v = colon == std::string::npos ? colon : line.find_first_not_of(' ', colon + 1);
    return v != std::string::npos && line[v] == '*';
}

}  // namespace

namespace {

// Whether the node at `p` is a statement list a new statement can be appended to: a non-empty list not written
// as an alias, or (a file written as JSON) one statement as an object, which the patcher turns into a list.
bool takes_statements(const config_model& cm, const std::string& p) {
    const json* list = raw_at(cm.doc.root, p);
    return (non_empty_list(list) && !written_as_alias(cm, p)) || (list && list->is_object() && is_json_text(cm.text));
}

// The target inside a role's `Properties.Policies` at `res_ptr` (a resource of `resources`, or its extension):
// the first inline policy with a statement list, else a new policy when Properties is a block mapping.
void policies_target(const config_model& cm, fix_target& t, const std::string& res_ptr, const std::string& label,
                     const std::string& logical_id) {
    const json& root = cm.doc.root;
    t.kind = "resources";
    const json* pols = raw_at(root, res_ptr + "/Properties/Policies");
    if (pols && pols->is_array())
        for (std::size_t i = 0; i < pols->size(); ++i) {
            std::string p = res_ptr + "/Properties/Policies/" + std::to_string(i) + "/PolicyDocument/Statement";
            if (takes_statements(cm, p)) {
                t.seq_pointer = p;
                t.label = label + ".Properties.Policies[" + std::to_string(i) + "].PolicyDocument.Statement";
                return;
            }
        }
    // No inline policy of its own yet (only ManagedPolicyArns, or policies whose statements are an alias shared
    // with other roles): create one, when Properties is a block mapping.
    const json* props = raw_at(root, res_ptr + "/Properties");
    if ((!pols || pols->is_array()) && props && props->is_object()) {
        t.create_under = res_ptr + "/Properties";
        t.create_policy = logical_id + "Policy";
        t.label = label + ".Properties.Policies";
        return;
    }
    t.kind = "none";
    t.label = label;
}

// The target inside a SAM function's `Properties.Policies` at `fn_ptr` (the role SAM creates for it takes the
// policy documents listed there): the first entry with a statement list, else a new document item after the
// entries `Policies` has (managed policy names, policy templates), or a new `Policies` in a block mapping.
void sam_policies_target(const config_model& cm, fix_target& t, const std::string& fn_ptr, const std::string& label) {
    const json& root = cm.doc.root;
    t.kind = "resources";
    const std::string pols_ptr = fn_ptr + "/Properties/Policies";
    const json* pols = raw_at(root, pols_ptr);
    auto statements_of = [&](const std::string& entry_ptr, const std::string& entry_label) {
        const std::string p = entry_ptr + "/Statement";
        if (takes_statements(cm, p)) {
            t.seq_pointer = p;
            t.label = entry_label + ".Statement";
            return true;
        }
        return false;
    };
    if (pols && pols->is_array()) {
        for (std::size_t i = 0; i < pols->size(); ++i)
            if (statements_of(pols_ptr + "/" + std::to_string(i), label + ".Properties.Policies[" + std::to_string(i) + "]")) return;
    } else if (pols && pols->is_object() && statements_of(pols_ptr, label + ".Properties.Policies")) {
        return;
    }
    const json* props = raw_at(root, fn_ptr + "/Properties");
    t.label = label + ".Properties.Policies";
    if ((!pols || pols->is_array()) && props && props->is_object()) {
        t.create_under = fn_ptr + "/Properties";
        t.create_document = true;
        return;
    }
    t.kind = "none";
}

// The SAM function a role is created for: `<Function>Role` when the file has no such resource but has the
// AWS::Serverless::Function `<Function>`; else "".
std::string sam_function_of(const config_model& cm, const std::string& role_id) {
    if (!cm.is_plain_template || role_id.size() <= 4 || role_id.compare(role_id.size() - 4, 4, "Role") != 0) return {};
    if (raw_at(cm.doc.root, cm.resources_pointer() + "/" + yaml::escape_pointer_token(role_id))) return {};
    const std::string fn = role_id.substr(0, role_id.size() - 4);
    const json* type = raw_at(cm.doc.root, cm.resources_pointer() + "/" + yaml::escape_pointer_token(fn) + "/Type");
    return type && *type == "AWS::Serverless::Function" ? fn : std::string();
}

// Where the file writes, as a variable, the part holding `pointer` (`resources: - ${file(./roles.yml)}`,
// `functions: ${file(./functions.yml)}`): that text (the items of a list of them, joined), or "" when the part is
// written in this file or is not there at all.
std::string written_as_variable(const json& root, const std::string& pointer) {
    const json* node = &root;
    std::size_t at = 0;
    while (at < pointer.size() && node) {
        if (node->is_string()) return node->get<std::string>().find("${") != std::string::npos ? node->get<std::string>() : std::string();
        const std::size_t next = pointer.find('/', at + 1);
        std::string token = pointer.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
        for (std::size_t k = token.find('~'); k != std::string::npos && k + 1 < token.size(); k = token.find('~', k + 1))
            token.replace(k, 2, token[k + 1] == '1' ? "/" : "~");  // RFC 6901: ~1 is `/`, ~0 is `~`
        if (node->is_array()) {
            const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
            if (!index || std::stoul(token) >= node->size()) {
                // A list of files merged into one mapping (`resources:` as a list): the ones written as variables.
                std::string files;
                for (const auto& item : *node)
                    if (item.is_string() && item.get<std::string>().find("${") != std::string::npos)
                        files += (files.empty() ? "" : " or ") + item.get<std::string>();
                return files;
            }
            node = &(*node)[std::stoul(token)];
        } else if (node->is_object()) {
            auto it = node->find(token);
            node = it == node->end() ? nullptr : &*it;
        } else {
            return {};
        }
        at = next == std::string::npos ? pointer.size() : next;
    }
    return node && node->is_string() && node->get<std::string>().find("${") != std::string::npos ? node->get<std::string>() : std::string();
}

}  // namespace

fix_target find_target(const config_model& cm, const sls::role_info& role) {
    fix_target t;
    const json& root = cm.doc.root;
    if (!role.external_arn.empty() && role.logical_id.empty()) {
        t.kind = "external";
        t.label = role.external_arn;
        return t;
    }
    // `resources.extensions.<Role>.Properties.Policies` replaces the role's Policies (the framework assigns the
    // extension's Properties one by one, SEMANTICS §10): they are the role's only inline policies, and a statement
    // written anywhere else (provider.iam.role.statements) never reaches the role.
    if (!cm.is_plain_template && !role.logical_id.empty()) {
        const std::string ext_ptr = "/resources/extensions/" + yaml::escape_pointer_token(role.logical_id);
        if (raw_at(root, ext_ptr + "/Properties/Policies")) {
            policies_target(cm, t, ext_ptr, "resources.extensions." + role.logical_id, role.logical_id);
            return t;
        }
    }
    if (const std::string fn = sam_function_of(cm, role.logical_id); !fn.empty()) {
        sam_policies_target(cm, t, cm.resources_pointer() + "/" + yaml::escape_pointer_token(fn), cm.resources_label() + "." + fn);
        return t;
    }
    // The role, or the function holding the plugin's statements for it, written in another file: the fix goes there
    // (provider statements never reach this role).
    if (!cm.is_plain_template && !role.logical_id.empty() && role.logical_id != "IamRoleLambdaExecution") {
        std::string via;
        if (role.source.kind == "resources" && !role.source.pointer.empty() && !raw_at(root, role.source.pointer))
            via = written_as_variable(root, role.source.pointer);
        else if (cm.pkg.uses_per_function_plugin && role.functions.size() == 1 &&
                 !raw_at(root, "/functions/" + yaml::escape_pointer_token(role.functions.front())))
            via = written_as_variable(root, "/functions/" + yaml::escape_pointer_token(role.functions.front()) + "/iamRoleStatements");
        if (!via.empty()) {
            t.kind = "none";
            t.label = role.source.kind == "resources" ? cm.resources_label() + "." + role.logical_id
                                                      : "functions." + role.functions.front() + ".iamRoleStatements";
            t.elsewhere = via;
            return t;
        }
    }
    const std::string res_ptr = cm.resources_pointer() + "/" + yaml::escape_pointer_token(role.logical_id);
    if (!role.logical_id.empty() && raw_at(root, res_ptr) && role.logical_id != "IamRoleLambdaExecution") {
        policies_target(cm, t, res_ptr, cm.resources_label() + "." + role.logical_id, role.logical_id);
        return t;
    }
    if (cm.pkg.uses_per_function_plugin && role.logical_id != "IamRoleLambdaExecution" && role.functions.size() == 1) {
        const std::string fp = "/functions/" + yaml::escape_pointer_token(role.functions.front());
        if (raw_at(root, fp)) {
            t.kind = "function";
            t.label = "functions." + role.functions.front() + ".iamRoleStatements";
            if (std::string list = statement_list(root, fp + "/iamRoleStatements"); !list.empty()) {
                t.seq_pointer = list;
                t.label = label_of(list);
            } else if (const json* v = raw_at(root, fp + "/iamRoleStatements"); v && (v->is_null() || (v->is_array() && v->empty()))) {
                // `iamRoleStatements: []` (the plugin still gives the function its own role: it skips only an
                // absent key), or `iamRoleStatements:` with every item commented out
                t.seq_pointer = fp + "/iamRoleStatements";
            } else if (v) {
                t.kind = "none";  // written some other way (`${file(./load-iam.yml)}`): that file is what changes
                if (v->is_string()) t.elsewhere = v->get<std::string>();
            } else {
                t.create_under = fp;
                t.create_keys = {"iamRoleStatements"};
            }
            return t;
        }
    }
    // the framework's shared role: the modern list, else the legacy one, else create the modern one. (An empty
    // modern list is still the one the framework reads: `[]` is truthy, the legacy key is then ignored.)
    const json* modern = raw_at(root, "/provider/iam/role/statements");
    if (modern && modern->is_array() && modern->empty()) {
        t.kind = "provider-iam";
        t.seq_pointer = "/provider/iam/role/statements";
        t.label = "provider.iam.role.statements";
    } else if (std::string list = statement_list(root, "/provider/iam/role/statements"); !list.empty()) {
        t.kind = "provider-iam";
        t.seq_pointer = list;
        t.label = label_of(list);
    } else if (list = statement_list(root, "/provider/iamRoleStatements"); !list.empty()) {
        t.kind = "provider-legacy";
        t.seq_pointer = list;
        t.label = label_of(list);
    } else if (const json* v = raw_at(root, "/provider/iam/role/statements"); v && v->is_null()) {
        t.kind = "provider-iam";  // `statements:` with every item commented out: the list to fill
        t.seq_pointer = "/provider/iam/role/statements";
        t.label = "provider.iam.role.statements";
    } else if (const json* l = raw_at(root, "/provider/iamRoleStatements"); l && l->is_null()) {
        t.kind = "provider-legacy";
        t.seq_pointer = "/provider/iamRoleStatements";
        t.label = "provider.iamRoleStatements";
    } else if (raw_at(root, "/provider/iam/role/statements") || raw_at(root, "/provider/iamRoleStatements")) {
        t.kind = "none";  // written some other way (a variable to another file, say): adding a key would duplicate it
        t.label = raw_at(root, "/provider/iam/role/statements") ? "provider.iam.role.statements" : "provider.iamRoleStatements";
        const json* v = raw_at(root, raw_at(root, "/provider/iam/role/statements") ? "/provider/iam/role/statements" : "/provider/iamRoleStatements");
        if (v && v->is_string()) t.elsewhere = v->get<std::string>();
    } else {
        t.kind = "provider-iam";
        t.label = "provider.iam.role.statements";
        const json* role_node = raw_at(root, "/provider/iam/role");
        const json* iam = raw_at(root, "/provider/iam");
        if (role_node && role_node->is_object()) {
            t.create_under = "/provider/iam/role";
            t.create_keys = {"statements"};
        } else if (role_node) {
            t.kind = "external";  // provider.iam.role is a name/ARN: the role is not created here
            t.label = role_node->is_string() ? role_node->get<std::string>() : "provider.iam.role";
        } else if (iam && iam->is_object()) {
            t.create_under = "/provider/iam";
            t.create_keys = {"role", "statements"};
        } else if (raw_at(root, "/provider") && raw_at(root, "/provider")->is_object()) {
            t.create_under = "/provider";
            t.create_keys = {"iam", "role", "statements"};
            // A provider written in the v1 style (`iamManagedPolicies`, `rolePermissionsBoundary` and no `iam`)
            // gets its statements in that style too: v3 still reads the legacy list when `iam` is absent, v1 ignores
            // `provider.iam` altogether, and the file keeps one spelling of its role (SEMANTICS §14).
            for (const char* legacy : {"/provider/iamManagedPolicies", "/provider/rolePermissionsBoundary", "/provider/cfnRole"})
                if (raw_at(root, legacy)) {
                    t.kind = "provider-legacy";
                    t.label = "provider.iamRoleStatements";
                    t.create_keys = {"iamRoleStatements"};
                    break;
                }
        } else {
            t.kind = "none";
        }
    }
    return t;
}

namespace {

// `arn:aws:dynamodb:${aws:region}:*:table/t` (resolved) names the same table as the request's ARN: only
// the region or account segment is `*`, the resource part is the same text.
bool same_resource_any_place(const std::string& pattern, const std::string& arn) {
    auto fields = [](const std::string& a) {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (int k = 0; k < 5; ++k) {
            const std::size_t c = a.find(':', start);
            if (c == std::string::npos) return std::vector<std::string>{};
            f.push_back(a.substr(start, c - start));
            start = c + 1;
        }
        f.push_back(a.substr(start));
        return f;
    };
    const auto p = fields(pattern), r = fields(arn);
    if (p.size() != 6 || r.size() != 6 || p[0] != "arn") return false;
    for (std::size_t i = 0; i < 6; ++i) {
        const bool place = i == 3 || i == 4;  // region, account
        if (p[i] != r[i] && !(place && p[i] == "*")) return false;
    }
    return true;
}

// `arn:aws:s3:::b/in/*` covers the object `arn:aws:s3:::b/in/x.json`: a literal bucket name, a key pattern
// ending in `*`, the same bucket as the object's.
bool s3_objects_covering(const std::string& pattern, const std::string& object, const config_model& cm) {
    const std::size_t p_sep = pattern.find(":s3:::"), o_sep = object.find(":s3:::");
    if (p_sep == std::string::npos || o_sep == std::string::npos || pattern.compare(0, 4, "arn:") != 0) return false;
    const std::size_t p_slash = pattern.find('/', p_sep + 6), o_slash = object.find('/', o_sep + 6);
    if (p_slash == std::string::npos || o_slash == std::string::npos || pattern.back() != '*') return false;
    const std::string bucket = pattern.substr(p_sep + 6, p_slash - p_sep - 6);
    if (bucket.empty() || bucket.find_first_of("?$") != std::string::npos) return false;
    // (A bucket without BucketName resolves to its generated-name pattern, `<stack>-<id>-*`: the one bucket.)
    const std::string object_bucket = object.substr(o_sep + 6, o_slash - o_sep - 6);
    if (bucket.find('*') != std::string::npos ? !iam::glob_match(bucket, object_bucket, false) : bucket != object_bucket) return false;
    return iam::resource_pattern_matches(pattern, object, cm.budget.get());
}

// `...:log-group:/audit/events:*` covers the group's streams (`...:log-group:/audit/events:log-stream:s`): a
// literal group name, the pattern ending in `:*`.
bool log_streams_covering(const std::string& pattern, const std::string& stream) {
    const std::size_t g = pattern.find(":log-group:");
    if (g == std::string::npos || pattern.size() < 2 || pattern.compare(pattern.size() - 2, 2, ":*") != 0) return false;
    const std::string group = pattern.substr(0, pattern.size() - 1);  // `...:log-group:NAME:`
    if (group.find_first_of("*?", g) != std::string::npos) return false;
    return stream.compare(0, group.size(), group) == 0 && stream.compare(group.size(), 11, "log-stream:") == 0;
}

}  // namespace

// The highest access level among the actions (patterns expanded), ranked List < Read < Tagging < Write <
// Permissions management; -1 when none is known to the catalog.
int access_rank(const iam::catalog* cat, const json& actions) {
    if (!cat) return -1;
    static constexpr std::array<std::string_view, 5> order{"List", "Read", "Tagging", "Write", "Permissions management"};
    int best = -1;
    for (const auto& a : as_list(actions)) {
        if (!a.is_string()) continue;
        for (const auto* info : cat->expand(a.get<std::string>()))
            for (std::size_t k = 0; k < order.size(); ++k)
                if (info->access_level == order[k]) best = std::max(best, static_cast<int>(k));
    }
    return best;
}


namespace {
// dynamodb:BatchGetItem, dynamodb:TransactWriteItems, ssm:GetParameters, secretsmanager:BatchGetSecretValue...
bool batch_action(const std::string& action) {
    const std::string_view name = std::string_view(action).substr(action.find(':') + 1);
    return name.rfind("Batch", 0) == 0 || name.rfind("Transact", 0) == 0 || action == "ssm:GetParameters";
}
}  // namespace

int merge_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string* objects, const iam::catalog* cat) {
    if (t.seq_pointer.empty()) return -1;
    int covering = -1;
    std::string covering_pattern;
    const json* seq = raw_at(cm.doc.root, t.seq_pointer);
    if (!seq || !seq->is_array()) return -1;
    const std::string svc = service_of(g.action);
    // A call authorised on each level of its resource's hierarchy (Glue: catalog, database, table) belongs in a
    // statement that names every level, or the next level up is denied next.
    const std::vector<std::string> levels = cat ? iam::hierarchy_parents(*cat, g.action, g.resource) : std::vector<std::string>();
    for (std::size_t i = 0; i < seq->size(); ++i) {
        const json& s = (*seq)[i];
        if (!s.is_object() || (s.contains("Effect") && s["Effect"].is_string() ? s["Effect"].get<std::string>() : std::string()) != "Allow") continue;
        if (s.contains("Condition") || s.contains("NotAction") || s.contains("NotResource") || !s.contains("Action") ||
            !s.contains("Resource"))
            continue;
        if (!actions_of_service(s["Action"], svc)) continue;
        json raw_res = as_list(s["Resource"]);
        bool same = raw_res.size() == 1 && raw_res[0] == g.resource_config;
        if (!same) {
            json r = resolved_at(cm, t.seq_pointer + "/" + std::to_string(i) + "/Resource");
            json rl = as_list(r);
            same = rl.size() == 1 && rl[0].is_string() &&
                   (rl[0].get<std::string>() == g.resource || same_resource_any_place(rl[0].get<std::string>(), g.resource));
            // `!GetAtt T.Arn` of a resource without a name resolves to its generated-name pattern, which stands
            // for that one resource: the statement names exactly the resource the log shows.
            // (Its `*` is one name segment: a bucket's objects or a table's indexes are not the resource.)
            if (!same && rl.size() == 1 && rl[0].is_string() && raw_res.size() == 1 && raw_res[0].is_object() &&
                (raw_res[0].contains("Fn::GetAtt") || raw_res[0].contains("Ref")) &&
                rl[0].get<std::string>().find('*') != std::string::npos &&
                iam::resource_pattern_matches(rl[0].get<std::string>(), g.resource, cm.budget.get())) {
                const std::string& pat = rl[0].get_ref<const std::string&>();
                const std::size_t star = pat.find('*');
                same = g.resource.size() >= star && g.resource.compare(0, star, pat, 0, star) == 0 &&
                       g.resource.find_first_of("/:", star) == std::string::npos;
            }
        }
        // A batch or transaction call reads or writes several resources at once (the error names the first):
        // a statement listing this resource among others of the same service is where it belongs.
        if (!same && batch_action(g.action)) {
            const json rl = as_list(resolved_at(cm, t.seq_pointer + "/" + std::to_string(i) + "/Resource"));
            same = rl.size() > 1 && std::any_of(rl.begin(), rl.end(), [&](const json& r) { return r.is_string() && r.get<std::string>() == g.resource; });
        }
        if (!levels.empty()) {
            const json rl = as_list(resolved_at(cm, t.seq_pointer + "/" + std::to_string(i) + "/Resource"));
            auto covered = [&](const std::string& arn) {
                return std::any_of(rl.begin(), rl.end(), [&](const json& r) {
                    return r.is_string() && r.get<std::string>() != "*" && iam::resource_pattern_matches(r.get<std::string>(), arn, cm.budget.get());
                });
            };
            same = covered(g.resource) && std::all_of(levels.begin(), levels.end(), covered);
            if (!same) continue;
            // What the merge grants is the statement's pattern (`table/db/*`) when it is one: said so, as for objects.
            if (objects && std::none_of(rl.begin(), rl.end(), [&](const json& r) { return r.is_string() && r.get<std::string>() == g.resource; }))
                for (const auto& r : rl)
                    if (r.is_string() && iam::resource_pattern_matches(r.get<std::string>(), g.resource, cm.budget.get())) {
                        *objects = r.get<std::string>();
                        break;
                    }
            return static_cast<int>(i);
        }
        if (same) return static_cast<int>(i);
        if (covering < 0 && objects && cat && access_rank(cat, s["Action"]) >= access_rank(cat, json(g.action))) {
            json rl = as_list(resolved_at(cm, t.seq_pointer + "/" + std::to_string(i) + "/Resource"));
            if (rl.size() == 1 && rl[0].is_string() &&
                (s3_objects_covering(rl[0].get<std::string>(), g.resource, cm) || log_streams_covering(rl[0].get<std::string>(), g.resource) ||
                 // any other pattern of the statement's that already covers the resource (`parameter/cfg/dev/*`)
                 // (written as a pattern: a generated name's `*` from `!GetAtt` stands for one resource)
                 (raw_res.size() == 1 && raw_res[0].is_string() && raw_res[0].get<std::string>().find('*') != std::string::npos &&
                  rl[0].get<std::string>() != "*" && iam::resource_pattern_matches(rl[0].get<std::string>(), g.resource, cm.budget.get())))) {
                covering = static_cast<int>(i);
                covering_pattern = rl[0].get<std::string>();
            }
        }
    }
    if (covering >= 0) *objects = covering_pattern;
    return covering;
}

std::string typo_candidate(const config_model& cm, const fix_target& t, const grant& g, const iam::catalog* cat,
                           std::string& typo) {
    if (!cat || cat->empty() || t.seq_pointer.empty() || g.resource.empty()) return "";
    const json* seq = raw_at(cm.doc.root, t.seq_pointer);
    if (!seq || !seq->is_array()) return "";
    for (std::size_t i = 0; i < seq->size() && i < 500; ++i) {
        const json& s = (*seq)[i];
        if (!s.is_object() || s.value("Effect", json()) != "Allow" || s.contains("Condition") || !s.contains("Action") ||
            !s.contains("Resource"))
            continue;
        const std::string sp = t.seq_pointer + "/" + std::to_string(i);
        const json& acts = s["Action"];
        for (std::size_t k = 0; k < (acts.is_array() ? acts.size() : 1); ++k) {
            const json& a = acts.is_array() ? acts[k] : acts;
            if (!a.is_string()) continue;
            const std::string text = a.get<std::string>();
            if (text.find_first_of("*?$") != std::string::npos || text.size() > 128 || cat->find_action(text)) continue;
            const auto sug = cat->suggest(text, 1);
            if (sug.empty() || !iam::iequals(sug.front(), g.action)) continue;
            bool covers = false;
            for (const auto& r : as_list(resolved_at(cm, sp + "/Resource")))
                if (r.is_string() && iam::resource_pattern_matches(r.get<std::string>(), g.resource, cm.budget.get())) covers = true;
            if (!covers) continue;
            typo = text;
            return acts.is_array() ? sp + "/Action/" + std::to_string(k) : sp + "/Action";
        }
    }
    return "";
}

// Calls f(index, statement pointer, statement) for the first 500 Allow statements of the target that name
// `action` without a Condition, until f returns true.
template <typename F>
void for_each_plain_allow(const config_model& cm, const fix_target& t, const std::string& action, F&& f) {
    const json* seq = t.seq_pointer.empty() ? nullptr : raw_at(cm.doc.root, t.seq_pointer);
    if (!seq || !seq->is_array()) return;
    for (std::size_t i = 0; i < seq->size() && i < 500; ++i) {
        const json& s = (*seq)[i];
        if (!s.is_object() || s.value("Effect", json()) != "Allow" || s.contains("Condition") || !s.contains("Action") ||
            !s.contains("Resource") || !action_matches(s["Action"], action, cm.budget.get()))
            continue;
        if (f(t.seq_pointer + "/" + std::to_string(i), s)) return;
    }
}

// ...those of them whose Resource is one string: f(statement pointer, Resource pointer, the string as written,
// the string resolved).
template <typename F>
void for_each_single_resource_allow(const config_model& cm, const fix_target& t, const std::string& action, F&& f) {
    for_each_plain_allow(cm, t, action, [&](const std::string& sp, const json& s) {
        const json& raw = s["Resource"];
        if (!(raw.is_string() || (raw.is_array() && raw.size() == 1 && raw[0].is_string()))) return false;
        const std::string written = raw.is_string() ? raw.get<std::string>() : raw[0].get<std::string>();
        const json rl = as_list(resolved_at(cm, sp + "/Resource"));
        if (rl.size() != 1 || !rl[0].is_string()) return false;
        return f(sp, raw.is_string() ? sp + "/Resource" : sp + "/Resource/0", written, rl[0].get<std::string>());
    });
}

std::string secret_suffix_candidate(const config_model& cm, const fix_target& t, const grant& g) {
    const std::string suffix = "-??????";
    if (g.resource.size() <= suffix.size() || g.resource.compare(g.resource.size() - suffix.size(), suffix.size(), suffix) != 0 ||
        g.resource.find(":secret:") == std::string::npos)
        return "";
    const std::string bare = g.resource.substr(0, g.resource.size() - suffix.size());
    std::string found;
    for_each_single_resource_allow(cm, t, g.action, [&](const std::string&, const std::string& rp, const std::string& written,
                                                        const std::string& resolved) {
        // As written (the grant keeps the file's variables, `${aws:accountId}` included), or resolved.
        const bool same_text = g.resource_config.is_string() && g.resource_config.get<std::string>() == written + suffix;
        if (!same_text && resolved != bare) return false;
        found = rp;
        return true;
    });
    return found;
}

// ...each string of their Resource (one string, or each string item of a list): f(statement pointer, the
// item's pointer, the string as written, the string resolved).
template <typename F>
void for_each_resource_string(const config_model& cm, const fix_target& t, const std::string& action, F&& f) {
    for_each_plain_allow(cm, t, action, [&](const std::string& sp, const json& s) {
        const json& raw = s["Resource"];
        if (raw.is_string()) {
            // (The package may hand a string back as a one-item list: a queue URL, say.)
            const json rl = as_list(resolved_at(cm, sp + "/Resource"));
            return rl.size() == 1 && rl[0].is_string() && f(sp, sp + "/Resource", raw.get<std::string>(), rl[0].get<std::string>());
        }
        if (!raw.is_array()) return false;
        // (Resolved as a whole: the framework's schema coercion turns a one-item list into its string.)
        const json rl = as_list(resolved_at(cm, sp + "/Resource"));
        if (rl.size() != raw.size()) return false;
        for (std::size_t i = 0; i < raw.size() && i < 200; ++i) {
            if (!raw[i].is_string() || !rl[i].is_string()) continue;
            if (f(sp, sp + "/Resource/" + std::to_string(i), raw[i].get<std::string>(), rl[i].get<std::string>())) return true;
        }
        return false;
    });
}

// ...each item of their Resource, whatever its kind (one value, or each item of a list): f(item pointer, item).
template <typename F>
void for_each_resource_item(const config_model& cm, const fix_target& t, const std::string& action, F&& f) {
    for_each_plain_allow(cm, t, action, [&](const std::string& sp, const json& s) {
        const json& raw = s["Resource"];
        if (!raw.is_array()) return f(sp + "/Resource", raw);
        for (std::size_t i = 0; i < raw.size() && i < 200; ++i)
            if (f(sp + "/Resource/" + std::to_string(i), raw[i])) return true;
        return false;
    });
}

std::string container_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& contents,
                                std::string& resolved, std::vector<std::pair<std::string, std::string>>* siblings) {
    if (g.resource.find_first_of("*?") != std::string::npos) return "";
    std::string found, statement;
    for_each_resource_string(cm, t, g.action, [&](const std::string& sp, const std::string& rp, const std::string& written,
                                                  const std::string& container) {
        statement = sp;
        if (container.empty() || container.find_first_of("*?") != std::string::npos) return false;
        char sep = 0;
        if (const std::size_t s3 = container.find(":s3:::"); s3 != std::string::npos && container.find('/', s3) == std::string::npos)
            sep = '/';
        else if (container.find(":logs:") != std::string::npos && container.find(":log-group:") != std::string::npos &&
                 container.find(":log-stream:") == std::string::npos)
            sep = ':';
        if (!sep || g.resource.size() <= container.size() + 1 || g.resource.compare(0, container.size(), container) != 0 ||
            g.resource[container.size()] != sep)
            return false;
        contents = written + std::string(1, sep) + "*";
        resolved = container + std::string(1, sep) + "*";
        found = rp;
        return true;
    });
    // The same list's other buckets are written the same way (`[in-bucket, out-bucket]` for GetObject and
    // PutObject): their objects are what the statement meant too, or the next call fails on them.
    if (!found.empty() && siblings && found.rfind("/Resource/") != std::string::npos) {
        const json* raw = raw_at(cm.doc.root, statement + "/Resource");
        const json rl = as_list(resolved_at(cm, statement + "/Resource"));
        if (raw && raw->is_array() && rl.size() == raw->size())
            for (std::size_t i = 0; i < raw->size(); ++i) {
                if (!(*raw)[i].is_string() || !rl[i].is_string() || statement + "/Resource/" + std::to_string(i) == found) continue;
                const std::string& r = rl[i].get_ref<const std::string&>();
                const std::size_t s3 = r.find(":s3:::");
                if (s3 == std::string::npos || r.find('/', s3) != std::string::npos || r.find_first_of("*?") != std::string::npos ||
                    contents.find(":s3:::") == std::string::npos)
                    continue;
                const std::string inside = (*raw)[i].get<std::string>() + "/*";
                if (std::find(raw->begin(), raw->end(), json(inside)) == raw->end()) siblings->emplace_back(inside, r + "/*");
            }
    }
    return found;
}

namespace {

// Levenshtein distance, stopping early past `limit` (names here are short).
std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0], best = ++row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
            best = std::min(best, row[j]);
        }
        if (best > limit) return limit + 1;
    }
    return row[b.size()];
}

// Two names that differ in one word only, a word of four or more letters in both (no digits), by one or two
// edits: `orders`/`ordres`. Sibling names that differ in a short or numbered word (`fanout-a`/`fanout-b`,
// `jobs-v1`/`jobs-v2`) are other resources, not slips.
bool misspelt_word(const std::string& have, const std::string& want) {
    auto words = [](const std::string& s) {
        std::vector<std::string> out(1);
        for (char c : s) {
            if (c == '-' || c == '_' || c == '.') out.emplace_back();
            else out.back() += c;
        }
        return out;
    };
    const auto a = words(have), b = words(want);
    if (a.size() != b.size()) return false;
    int differing = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == b[i]) continue;
        if (++differing > 1) return false;
        auto digit = [](const std::string& w) { return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }); };
        if (a[i].size() < 4 || b[i].size() < 4 || digit(a[i]) || digit(b[i]) || edit_distance_within(a[i], b[i], 2) > 2) return false;
    }
    return differing == 1;
}

// Where an ARN's resource name starts: after the last `/` or `:` (a table, queue, topic, function, bucket).
std::size_t name_start(const std::string& arn) {
    const std::size_t cut = arn.find_last_of("/:");
    return cut == std::string::npos ? 0 : cut + 1;
}

}  // namespace

int resource_join_candidate(const config_model& cm, const fix_target& t, const grant& g, const iam::catalog* cat) {
    if (!cat || t.seq_pointer.empty() || !g.resource_config.is_string() || !iam::is_arn(g.resource) ||
        g.resource.find_first_of("*?") != std::string::npos)
        return -1;
    const auto want = iam::split_arn(g.resource);
    if (want.service() == "s3") return -1;
    const int rank = access_rank(cat, json(g.action));
    if (rank < 0) return -1;
    int found = -1;
    for_each_plain_allow(cm, t, g.action, [&](const std::string& sp, const json& s) {
        const json& acts = s["Action"];
        if (!acts.is_array() || acts.size() < 2) return false;
        bool named = false;
        // (Only actions of one piece of work with the failing call: joining a resource to `GetItem, PutItem` for a
        // denied PutItem would also grant GetItem there, which nothing asked for.)
        const std::vector<std::string> work = used_on_one_resource(g.action);
        for (const auto& a : acts) {
            if (!a.is_string() || a.get_ref<const std::string&>().find_first_of("*?") != std::string::npos) return false;
            if (iam::iequals(a.get_ref<const std::string&>(), g.action)) named = true;
            if (!cat->find_action(a.get_ref<const std::string&>()) || access_rank(cat, a) > rank) return false;
            if (std::none_of(work.begin(), work.end(), [&](const std::string& w) { return iam::iequals(w, a.get_ref<const std::string&>()); }))
                return false;
        }
        if (!named) return false;
        const json raw = as_list(s["Resource"]);
        const json rl = as_list(resolved_at(cm, sp + "/Resource"));
        if (rl.empty() || rl.size() != raw.size()) return false;
        for (const auto& r : rl) {
            if (!r.is_string()) return false;
            const std::string& arn = r.get_ref<const std::string&>();  // (split_arn keeps views into it)
            if (!iam::is_arn(arn) || iam::split_arn(arn).service() != want.service()) return false;
        }
        found = std::stoi(sp.substr(sp.rfind('/') + 1));
        return true;
    });
    return found;
}

std::string ref_not_arn_candidate(const config_model& cm, const fix_target& t, const grant& g, char quote, std::string& corrected,
                                  std::string& resolved, std::string& logical_id, std::string& ref_value) {
    if (g.resource.find_first_of("*?") != std::string::npos || !iam::is_arn(g.resource)) return "";
    std::string found;
    auto check = [&](const std::string& pointer, const json& node) {
        if (!node.is_object() || node.size() != 1 || !node.contains("Ref") || !node["Ref"].is_string()) return false;
        const std::string id = node["Ref"].get<std::string>();
        std::vector<std::string> unresolved;
        const std::string arn = resource_attribute(id, "Arn", cm.ctx, unresolved);
        const std::string ref = resource_attribute(id, "", cm.ctx, unresolved);
        if (arn.empty() || !iam::is_arn(arn) || ref == arn || !unresolved.empty()) return false;
        // (A generated id, the file's only KMS key's, is a pattern whose `*` is one name segment: that one resource.)
        const std::size_t star = arn.find('*');
        const bool one_generated = star != std::string::npos && star + 1 == arn.size() && g.resource.size() > star &&
                                   g.resource.compare(0, star, arn, 0, star) == 0 &&
                                   g.resource.find_first_of("/:", star) == std::string::npos;
        if (g.resource == arn || one_generated) {
            corrected = "!GetAtt " + id + ".Arn";
            resolved = g.resource;
        } else if (arn.find(":s3:::") != std::string::npos && arn.find('/') == std::string::npos &&
                   g.resource.size() > arn.size() + 1 && g.resource.compare(0, arn.size() + 1, arn + "/") == 0) {
            corrected = "!Sub " + std::string(1, quote) + "${" + id + ".Arn}/*" + std::string(1, quote);
            resolved = arn + "/*";
        } else {
            return false;
        }
        logical_id = id;
        ref_value = ref;
        found = pointer;
        return true;
    };
    for_each_resource_item(cm, t, g.action, check);
    return found;
}

std::string near_miss_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& corrected,
                                std::string& resolved, std::string& what) {
    if (g.resource.find_first_of("*?") != std::string::npos || !iam::is_arn(g.resource)) return "";
    const std::size_t rn = name_start(g.resource);
    const std::string want = g.resource.substr(rn);
    std::string found;
    for_each_resource_string(cm, t, g.action, [&](const std::string&, const std::string& rp, const std::string& written,
                                                  const std::string& have_arn) {
        if (have_arn.find_first_of("*?") != std::string::npos || have_arn == g.resource) return false;
        const std::size_t hn = name_start(have_arn);
        if (hn != rn || have_arn.compare(0, hn, g.resource, 0, rn) != 0) return false;  // same service, place, type
        const std::string have = have_arn.substr(hn);
        std::string kind;
        const std::string stage = cm.pkg.stage;
        if (want == have + ".fifo") kind = "fifo";
        else if (!stage.empty() && (want == have + "-" + stage || want == stage + "-" + have)) kind = "stage";
        else if (misspelt_word(have, want)) kind = "typo";
        if (kind.empty()) return false;
        // The same edit on the text as written: the differing middle must lie in its literal tail.
        std::size_t pre = 0;
        while (pre < have.size() && pre < want.size() && have[pre] == want[pre]) ++pre;
        std::size_t suf = 0;
        while (suf < have.size() - pre && suf < want.size() - pre && have[have.size() - 1 - suf] == want[want.size() - 1 - suf]) ++suf;
        const std::string old_tail = have.substr(pre), new_tail = want.substr(pre);
        if (written.size() < old_tail.size() || written.compare(written.size() - old_tail.size(), old_tail.size(), old_tail) != 0)
            return false;
        if (old_tail.find_first_of("${}") != std::string::npos) return false;
        std::string added = new_tail;
        if (kind == "stage") {  // the stage as the file writes it elsewhere, so the name follows every stage
            const std::string& text = cm.doc.root.dump();
            const std::string var = text.find("${sls:stage}") != std::string::npos               ? "${sls:stage}"
                                    : text.find("${self:provider.stage}") != std::string::npos ? "${self:provider.stage}"
                                                                                                : "${sls:stage}";
            const std::size_t at = added.find(stage);
            if (at != std::string::npos) added.replace(at, stage.size(), var);
        }
        corrected = written.substr(0, written.size() - old_tail.size()) + added;
        resolved = g.resource;
        what = kind;
        found = rp;
        return true;
    });
    return found;
}

std::string ssm_double_slash_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& corrected,
                                       std::string& resolved) {
    if (g.resource.find(":ssm:") == std::string::npos) return "";
    std::string found;
    for_each_single_resource_allow(cm, t, g.action, [&](const std::string&, const std::string& rp, const std::string& written,
                                                        const std::string& value) {
        std::string fixed = value;
        const std::size_t dbl = fixed.find(":parameter//");
        const std::size_t at = written.find(":parameter/${");
        if (dbl == std::string::npos || at == std::string::npos) return false;
        fixed.erase(dbl + 11, 1);
        if (!iam::resource_pattern_matches(fixed, g.resource, cm.budget.get())) return false;
        corrected = written;
        corrected.erase(at + 10, 1);  // the `/` of `:parameter/`
        resolved = fixed;
        found = rp;
        return true;
    });
    return found;
}

namespace {

// Position of `c` in `text` from `from` on, outside any `${...}` (whose address may hold `:`, `.` or `/`), or npos.
std::size_t find_outside_variables(const std::string& text, char c, std::size_t from = 0) {
    int depth = 0;
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text.compare(i, 2, "${") == 0) ++depth, ++i;
        else if (text[i] == '}' && depth > 0) --depth;
        else if (text[i] == c && depth == 0) return i;
    }
    return std::string::npos;
}

// `https://sqs.<region>.amazonaws.com/<account>/<name>` (or the legacy `https://<region>.queue.amazonaws.com/...`),
// as written (variables kept), as the queue's ARN; "" for any other text.
std::string queue_url_as_arn(const std::string& url, const std::string& partition) {
    if (url.rfind("https://", 0) != 0) return "";
    const std::size_t host_end = find_outside_variables(url, '/', 8);
    if (host_end == std::string::npos) return "";
    const std::string host = url.substr(8, host_end - 8);
    std::string region;
    const std::string modern = ".amazonaws.com", legacy = ".queue.amazonaws.com";
    auto ends_with = [&](const std::string& s) { return host.size() > s.size() && host.compare(host.size() - s.size(), s.size(), s) == 0; };
    if (host.rfind("sqs.", 0) == 0 && ends_with(modern)) region = host.substr(4, host.size() - 4 - modern.size());
    else if (ends_with(legacy)) region = host.substr(0, host.size() - legacy.size());
    const std::size_t name_at = find_outside_variables(url, '/', host_end + 1);
    if (region.empty() || name_at == std::string::npos || name_at == host_end + 1 || name_at + 1 >= url.size() ||
        find_outside_variables(url, '/', name_at + 1) != std::string::npos)
        return "";
    return "arn:" + partition + ":sqs:" + region + ":" + url.substr(host_end + 1, name_at - host_end - 1) + ":" + url.substr(name_at + 1);
}

// An ARN written with a region or an account where the requested ARN of its service has none: S3's
// (`arn:aws:s3:${aws:region}:${aws:accountId}:b/*` for `arn:aws:s3:::b/*`), a global service's region (CloudFront's
// `arn:aws:cloudfront::<account>:distribution/<id>`, Route 53's `arn:aws:route53:::hostedzone/<id>`). Those fields
// emptied as `want` has them empty; "" when `arn` is no such ARN. (`${...}` is one unit of the text.)
std::string arn_without_place(const std::string& arn, const iam::arn_parts& want) {
    std::vector<std::size_t> colons;
    for (std::size_t c = find_outside_variables(arn, ':'); c != std::string::npos && colons.size() < 5;
         c = find_outside_variables(arn, ':', c + 1))
        colons.push_back(c);
    if (want.count != 6 || colons.size() < 5 || arn.compare(0, 4, "arn:") != 0 ||
        arn.compare(colons[1] + 1, colons[2] - colons[1] - 1, want.service()) != 0)
        return "";
    const bool region = !want.region().empty() || colons[3] == colons[2] + 1;  // kept: wanted, or already empty
    const bool account = !want.account().empty() || colons[4] == colons[3] + 1;
    if (region && account) return "";
    return arn.substr(0, colons[2] + 1) + (region ? arn.substr(colons[2] + 1, colons[3] - colons[2] - 1) : std::string()) + ":" +
           (account ? arn.substr(colons[3] + 1, colons[4] - colons[3] - 1) : std::string()) + arn.substr(colons[4]);
}

}  // namespace

std::string malformed_resource_candidate(const config_model& cm, const fix_target& t, const grant& g, std::string& corrected,
                                         std::string& resolved, std::string& key) {
    if (g.resource.find_first_of("*?") != std::string::npos || !iam::is_arn(g.resource)) return "";
    std::string found;
    for_each_resource_string(cm, t, g.action, [&](const std::string&, const std::string& rp, const std::string& written,
                                                  const std::string& value) {
        if (iam::resource_pattern_matches(value, g.resource, cm.budget.get())) return false;  // not what fails
        std::string w = written, v = value, why;
        if (std::string wa = queue_url_as_arn(w, cm.ctx.partition), va = queue_url_as_arn(v, cm.ctx.partition); !wa.empty() && !va.empty()) {
            w = wa, v = va, why = "fix.queue_url_to_arn";
        } else if (!va.empty() && g.resource_config.is_string()) {
            // The URL comes through a variable (`${self:custom.inboxUrl}`, also used elsewhere): the statement gets the
            // queue's ARN as the file should write it; the variable itself is left alone.
            w = g.resource_config.get<std::string>(), v = va, why = "fix.queue_url_to_arn";
        } else {
            const iam::arn_parts want = iam::split_arn(g.resource);
            if (std::string wa2 = arn_without_place(w, want), va2 = arn_without_place(v, want); !wa2.empty() && !va2.empty())
                w = wa2, v = va2, why = want.service() == "s3" ? "fix.s3_arn_place_fields" : "fix.arn_place_fields";
            // `bucket/` or `bucket/in/` names the one key that ends there, not the objects under it.
            if (!w.empty() && !v.empty() && w.back() == '/' && v.back() == '/' && v.find(":s3:::") != std::string::npos &&
                iam::resource_pattern_matches(v + "*", g.resource, cm.budget.get())) {
                w += "*", v += "*";
                if (why.empty()) why = "fix.objects_star_added";
            }
        }
        if (why.empty() || !iam::resource_pattern_matches(v, g.resource, cm.budget.get())) return false;
        corrected = w;
        resolved = v;
        key = why;
        found = rp;
        return true;
    });
    return found;
}

std::string dead_resource_candidate(const config_model& cm, const fix_target& t, const grant& g, const iam::catalog* cat,
                                    std::string& corrected, std::string& resolved, bool& tagged) {
    const iam::action_info* info = cat ? cat->find_action(g.action) : nullptr;
    // The grant as the file writes it: text, or `!GetAtt X.Arn` of a resource of the file.
    const json& rc = g.resource_config;
    const bool getatt = rc.is_object() && rc.size() == 1 && rc.contains("Fn::GetAtt") && rc["Fn::GetAtt"].is_array() &&
                        rc["Fn::GetAtt"].size() == 2 && rc["Fn::GetAtt"][0].is_string() && rc["Fn::GetAtt"][1].is_string();
    if (!info || info->wildcard_only() || (!rc.is_string() && !getatt) || g.resource.find_first_of("*?") != std::string::npos ||
        cat->resource_types_for(*info, g.resource).empty())
        return "";
    std::string found;
    for_each_resource_string(cm, t, g.action, [&](const std::string& sp, const std::string& rp, const std::string&, const std::string& value) {
        // (A pattern counts when its resource type is written out: `execution:machine:*` is no state machine.)
        const auto parts = iam::split_arn(value);
        const std::string_view res = parts.count == 6 ? parts.resource() : std::string_view();
        const std::string_view type = res.substr(0, std::min(res.find('/'), res.find(':')));
        if (!iam::is_arn(value) || type.empty() || type.find_first_of("*?") != std::string_view::npos ||
            !cat->resource_types_for(*info, value).empty())
            return false;
        // Only a statement that serves the denied action alone: its other actions may act on what it names.
        const json* acts = raw_at(cm.doc.root, sp + "/Action");
        if (!acts) return false;
        for (const auto& a : as_list(*acts))
            if (!a.is_string() || !iam::iequals(a.get<std::string>(), g.action)) return false;
        tagged = getatt;
        corrected = getatt ? "!GetAtt " + rc["Fn::GetAtt"][0].get<std::string>() + "." + rc["Fn::GetAtt"][1].get<std::string>()
                           : rc.get<std::string>();
        resolved = g.resource;
        found = rp;
        return true;
    });
    return found;
}

namespace {

// The config's text from the value of `pointer` to the end of its line ("" when unknown): how it is written
// (`!GetAtt X.Y`, `!Sub 'arn:...'`).
std::string_view written_at(const config_model& cm, const std::string& pointer) {
    const yaml::node_span* sp = cm.doc.span_of(pointer);
    if (!sp || sp->value.line <= 0 || sp->value.column <= 0) return {};
    const std::string_view text = cm.text;
    std::size_t at = 0;
    for (int line = 1; line < sp->value.line && at != std::string_view::npos; ++line)
        if ((at = text.find('\n', at)) != std::string_view::npos) ++at;
    if (at == std::string_view::npos || (at += static_cast<std::size_t>(sp->value.column - 1)) >= text.size()) return {};
    const std::size_t eol = text.find('\n', at);
    return text.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
}

// The last name segment of an ARN's resource part (`clicks-dev` of `...:stream/clicks-dev`).
std::string_view arn_name(std::string_view arn) {
    const std::size_t cut = arn.find_last_of("/:");
    return cut == std::string_view::npos ? arn : arn.substr(cut + 1);
}

}  // namespace

resource_correction unmatchable_resource_candidate(const config_model& cm, const fix_target& t, const grant& g) {
    resource_correction out;
    if (!iam::is_arn(g.resource)) return out;
    const bool one_resource = g.resource.find_first_of("*?") == std::string::npos;  // (a widened grant: only the Sub shape)
    const auto want = iam::split_arn(g.resource);
    // A bare name: the grant as the file should write it keeps the name's own text (`arn:...:stream/${self:x}`).
    if (one_resource && want.service() != "s3" && g.resource_config.is_string())
        for_each_resource_string(cm, t, g.action, [&](const std::string&, const std::string& rp, const std::string& written,
                                                      const std::string& value) {
            if (value.empty() || value.find_first_of(":*?") != std::string::npos || value != arn_name(g.resource)) return false;
            const std::string& config_text = g.resource_config.get_ref<const std::string&>();
            if (config_text == written || config_text.find(written) == std::string::npos) return false;
            out = {rp, config_text, g.resource, "fix.name_to_arn", {{"written", written}, {"value", config_text}}, false};
            return true;
        });
    if (!out.pointer.empty()) return out;
    // A GetAtt of another attribute than the ARN of the resource the request is on.
    auto check = [&](const std::string& pointer, const json& node) {
        if (!one_resource || !node.is_object() || node.size() != 1 || !node.contains("Fn::GetAtt")) return false;
        const json& ga = node["Fn::GetAtt"];
        // (Not the one-string long form `Fn::GetAtt: X.Y`, which the framework breaks anyway: WD2089.)
        if (!ga.is_array() || ga.size() != 2 || !ga[0].is_string() || !ga[1].is_string()) return false;
        const std::string id = ga[0].get<std::string>(), attribute = ga[1].get<std::string>();
        if (attribute == "Arn" || id.empty()) return false;
        std::vector<std::string> unresolved;
        const std::string arn = resource_attribute(id, "Arn", cm.ctx, unresolved);
        if (!unresolved.empty() || arn != g.resource) return false;
        const std::string now = resource_attribute(id, attribute, cm.ctx, unresolved);
        if (now == g.resource || (!now.empty() && iam::resource_pattern_matches(now, g.resource, cm.budget.get()))) return false;
        const std::string getatt = "!GetAtt " + id + ".Arn";
        const bool tagged = written_at(cm, pointer).rfind("!GetAtt", 0) == 0;  // else the long form's attribute item
        out = {tagged ? pointer : pointer + "/Fn::GetAtt/1", tagged ? getatt : "Arn", g.resource, "fix.getatt_arn",
               {{"id", id}, {"attribute", attribute}, {"corrected", tagged ? getatt : "Fn::GetAtt: [" + id + ", Arn]"}}, tagged};
        return true;
    };
    // An ARN written with `Fn::Sub` and a region or account its service leaves empty (`!Sub 'arn:aws:s3:${AWS::Region}:...'`).
    auto check_sub = [&](const std::string& pointer, const json& node) {
        if (!node.is_object() || node.size() != 1 || !node.contains("Fn::Sub") || !node["Fn::Sub"].is_string()) return false;
        const std::string written = arn_without_place(node["Fn::Sub"].get<std::string>(), want);
        const json now = resolved_at(cm, pointer);
        if (written.empty() || !now.is_string()) return false;
        const std::string value = arn_without_place(now.get<std::string>(), want);
        if (value.empty() || iam::resource_pattern_matches(now.get<std::string>(), g.resource, cm.budget.get()) ||
            !iam::resource_pattern_matches(value, g.resource, cm.budget.get()))
            return false;
        const std::string_view as_written = written_at(cm, pointer);
        const char* place_key = want.service() == "s3" ? "fix.s3_arn_place_fields" : "fix.arn_place_fields";
        if (as_written.rfind("!Sub ", 0) == 0) {  // the short tag, its quote kept
            const char quote = as_written.size() > 5 && (as_written[5] == '\'' || as_written[5] == '"') ? as_written[5] : '\'';
            out = {pointer, "!Sub " + std::string(1, quote) + written + std::string(1, quote), value, place_key,
                   {{"value", written}}, true};
        } else {
            out = {pointer + "/Fn::Sub", written, value, place_key, {{"value", written}}, false};
        }
        return true;
    };
    for_each_resource_item(cm, t, g.action, [&](const std::string& pointer, const json& node) {
        return check(pointer, node) || check_sub(pointer, node);
    });
    return out;
}

json blast_radius(const std::vector<std::string>& actions, const std::vector<std::string>& resources,
                  const iam::catalog* cat, std::string_view locale) {
    json out = json::object();
    json acts = json::array();
    std::set<std::string> flags;
    for (const auto& a : actions) {
        std::vector<const iam::action_info*> ex = cat ? cat->expand(a) : std::vector<const iam::action_info*>{};
        if (ex.empty()) acts.push_back({{"action", a}, {"accessLevel", nullptr}});
        for (const auto* i : ex) {
            acts.push_back({{"action", i->full_name()}, {"accessLevel", i->access_level}});
            if (i->access_level == "Write") flags.insert("write");
            if (i->access_level == "Permissions management") flags.insert("permissions-management");
        }
        if (a.find('*') != std::string::npos) flags.insert("wildcard-action");
    }
    for (const auto& r : resources)
        if (r == "*") flags.insert("all-resources");
    out["actions"] = acts;
    out["resources"] = resources;
    out["flags"] = json(std::vector<std::string>(flags.begin(), flags.end()));
    json text = json::array();
    text.push_back(make_record("blast.summary", {{"count", acts.size()}, {"resources", resources}}, locale));
    if (flags.count("write")) text.push_back(make_record("blast.flag_write", json::object(), locale));
    if (flags.count("permissions-management")) text.push_back(make_record("blast.flag_permissions", json::object(), locale));
    if (flags.count("all-resources")) text.push_back(make_record("blast.flag_star", json::object(), locale));
    out["explanation"] = text;
    return out;
}

}  // namespace wd::explain
