// SPDX-License-Identifier: MIT
#include "serverless/context.hpp"

namespace wd::sls {

const json& context::function(const std::string& key) const {
    auto it = function_index_.find(key);
    if (it != function_index_.end()) return *it->second;
    return member(member(res.config, "functions"), key);
}

void context::index_functions() {
    function_index_.clear();
    const json& functions = member(res.config, "functions");
    if (!functions.is_object()) return;
    for (auto it = functions.begin(); it != functions.end(); ++it) function_index_[it.key()] = &it.value();
}

const json& context::function_name_value(const std::string& key) const { return member(function(key), "name"); }

std::string context::function_name(const std::string& key) const {
    const json& name = function_name_value(key);
    if (name.is_string() && !name.get_ref<const std::string&>().empty()) return name.get<std::string>();
    if (truthy(name)) return {};  // an intrinsic or other non-string name
    return service + "-" + stage + "-" + key;  // lib/classes/service.js setFunctionNames
}

void context::position(const std::string& pointer, int& line, int& column) const {
    line = column = 0;
    if (const auto* s = doc.nearest_span(original_pointer(res, pointer))) {
        // A block value starts on the next line: point at its key, where the setting is named.
        bool block = s->key.line > 0 && s->value.line != s->key.line;
        line = block ? s->key.line : s->value.line;
        column = block ? s->key.column : s->value.column;
    }
}

statement_source context::source(const std::string& kind, const std::string& pointer, const std::string& detail) const {
    statement_source s;
    s.kind = kind;
    s.detail = detail;
    if (!pointer.empty()) {
        s.pointer = original_pointer(res, pointer);
        position(pointer, s.line, s.column);
    }
    return s;
}

void context::error(const std::string& code, const std::string& message, const std::string& pointer, json args) {
    int l, c;
    position(pointer, l, c);
    diags.push_back(make_error(code, message, "config", l, c, std::move(args)));
}
void context::warning(const std::string& code, const std::string& message, const std::string& pointer, json args) {
    int l, c;
    position(pointer, l, c);
    diags.push_back(make_warning(code, message, "config", l, c, std::move(args)));
}
void context::info(const std::string& code, const std::string& message, const std::string& pointer, json args) {
    int l, c;
    position(pointer, l, c);
    diags.push_back(make_info(code, message, "config", l, c, std::move(args)));
}

json* context::statements_of(const std::string& role_id) {
    auto it = resources.find(role_id);
    if (it == resources.end()) return nullptr;
    json& r = *it;
    if (!r.is_object() || !r.contains("Properties")) return nullptr;
    json& policies = r["Properties"]["Policies"];
    if (!policies.is_array() || policies.empty()) return nullptr;
    json& st = policies[0]["PolicyDocument"]["Statement"];
    if (!st.is_array()) return nullptr;
    return &st;
}

void context::push_statement(const std::string& role_id, json statement, statement_source src) {
    json* st = statements_of(role_id);
    if (!st) return;
    st->push_back(std::move(statement));
    provenance[role_id].statements.push_back(std::move(src));
}

void context::union_statement(const std::string& role_id, json statement, statement_source src) {
    json* st = statements_of(role_id);
    if (!st) return;
    auto& prov = provenance[role_id].statements;
    // After one union the list is duplicate-free up to `unique`; only later pushes need checking.
    std::size_t& unique = unique_prefix_[role_id];
    if (unique > st->size()) unique = 0;
    if (unique == st->size()) {  // nothing pushed since the last union: only look for the statement
        for (const auto& k : *st)
            if (deep_equal(k, statement)) return;
        st->push_back(std::move(statement));
        prov.push_back(std::move(src));
        unique = st->size();
        return;
    }
    json kept = json::array();
    std::vector<statement_source> kept_prov;
    for (std::size_t i = 0; i < st->size(); ++i) {
        bool dup = false;
        if (i >= unique)
            for (const auto& k : kept)
                if (deep_equal(k, (*st)[i])) {
                    dup = true;
                    break;
                }
        if (dup) continue;
        kept.push_back(std::move((*st)[i]));
        kept_prov.push_back(i < prov.size() ? prov[i] : statement_source{});
    }
    bool present = false;
    for (const auto& k : kept)
        if (deep_equal(k, statement)) {
            present = true;
            break;
        }
    if (!present) {
        kept.push_back(std::move(statement));
        kept_prov.push_back(std::move(src));
    }
    *st = std::move(kept);
    prov = std::move(kept_prov);
    unique = st->size();
}

void context::add_trust_service(const std::string& role_id, const std::string& principal) {
    auto it = resources.find(role_id);
    if (it == resources.end()) return;
    json& stmts = (*it)["Properties"]["AssumeRolePolicyDocument"]["Statement"];
    if (!stmts.is_array() || stmts.empty()) return;
    json& services = stmts[0]["Principal"]["Service"];
    if (!services.is_array()) return;
    for (const auto& s : services)
        if (s == principal) return;
    services.push_back(principal);
}

bool is_existing_role(const json& role) {
    if (role.is_string()) return true;
    if (role.is_object())
        for (auto it = role.begin(); it != role.end(); ++it)
            if (it.key().find("::") != std::string::npos) return true;
    return false;
}

json custom_execution_role(const context& ctx, const std::string& key) {
    const json& fn_role = member(ctx.function(key), "role");
    if (truthy(fn_role)) return fn_role;
    const json& iam_role = member(member(ctx.provider(), "iam"), "role");
    if (is_existing_role(iam_role)) return iam_role;
    const json& legacy = member(ctx.provider(), "role");
    if (truthy(legacy)) return legacy;
    return nullptr;
}

}  // namespace wd::sls
