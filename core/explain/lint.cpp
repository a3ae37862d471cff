// SPDX-License-Identifier: MIT
#include "explain/lint.hpp"

#include <algorithm>

#include "explain/messages.hpp"
#include "iam/glob.hpp"
#include "iam/policy.hpp"

namespace wd::explain {
namespace {

json as_list(const json& v) { return v.is_array() ? v : json::array({v}); }

void add(json& lint, diagnostics& diags, const char* code, const char* key, json args, int line,
         std::string_view locale) {
    json r = make_record(key, args, locale);
    r["code"] = code;
    r["severity"] = "warning";
    r["line"] = line;
    diags.push_back(make_warning(code, render_message(key, args, "en"), "config", line, 0, args));
    lint.push_back(std::move(r));
}

// An Action/NotAction entry the catalog does not know matches nothing: a typo (`dynamodb:PutItems`) or a
// wrong service prefix (`dynamo:GetItem`) silently allows nothing. Patterns count when they expand to nothing.
void lint_unknown_actions(const json& s, int line, const iam::catalog* cat, std::string_view locale, json& lint,
                          diagnostics& diags) {
    if (!cat || cat->empty() || !s.is_object()) return;
    int reported = 0;
    for (const char* key : {"Action", "NotAction"}) {
        if (!s.contains(key)) continue;
        for (const auto& a : as_list(s[key])) {
            if (!a.is_string() || reported >= 5) continue;
            const std::string text = a.get<std::string>();
            const std::size_t colon = text.find(':');
            // Not ours to judge: variables left unresolved, `*`, text that is not `service:action` (the
            // converter reports those), very long entries.
            if (text.find("${") != std::string::npos || text == "*" || colon == std::string::npos || colon == 0 ||
                text.size() > 128)
                continue;
            const bool pattern = text.find_first_of("*?") != std::string::npos;
            if (pattern ? !cat->expand(text).empty() : cat->find_action(text) != nullptr) continue;
            // A service the catalog knows nothing of may be newer than the catalog: only a near miss of a
            // known prefix is reported (`dynamo` for `dynamodb`).
            const auto sug = pattern ? std::vector<std::string>{} : cat->suggest(text, 1);
            if (!cat->known_service(text.substr(0, colon)) && sug.empty()) continue;
            ++reported;
            json args = {{"action", text}, {"line", line}, {"catalog", cat->date()}};
            if (!sug.empty()) {
                args["suggestion"] = sug.front();
                add(lint, diags, "WD5506", "lint.unknown_action", args, line, locale);
            } else {
                add(lint, diags, "WD5506", "lint.unknown_action_plain", args, line, locale);
            }
        }
    }
}

// A Numeric/Date/IP condition value its operator cannot read matches nothing, so a negated operator holds for
// every request (`NotIpAddress: {aws:SourceIp: not-an-ip}` restricts nothing). The evaluator's own check
// (WD4216) decides what cannot be read; here it gets the statement's line in the file.
void lint_condition_values(const json& s, int line, std::string_view locale, json& lint, diagnostics& diags) {
    if (!s.is_object() || !s.contains("Condition")) return;
    iam::named_policy one{"statement", json{{"Version", "2012-10-17"}, {"Statement", json::array({s})}}};
    diagnostics found;
    (void)iam::compile_policy(one, iam::policy_type::identity, found, false);
    for (const auto& d : found) {
        if (d.code != "WD4216") continue;
        const std::string expects = d.args.value("expects", "");
        json args = {{"line", line}, {"operator", d.args.value("operator", "")}, {"key", d.args.value("key", "")},
                     {"value", d.args.value("value", "")}};
        const bool negated = d.args.value("negated", false);
        const std::string key = std::string("lint.condition_value_") + (expects.empty() ? "number" : expects) +
                                (negated ? "_negated" : "");
        add(lint, diags, "WD5507", key.c_str(), args, line, locale);
    }
}

}  // namespace

void lint_config(const config_model& cm, const needs_by_role& needs, const iam::catalog* cat, std::string_view locale,
                 json& lint, diagnostics& diags) {
    // `${self:provider.stage}` is the YAML value, not the stage deployed with `--stage`: when the log shows
    // another stage, names built with it point at the wrong stage's resources (`${sls:stage}` follows).
    const json& provider = cm.doc.root.is_object() && cm.doc.root.contains("provider") ? cm.doc.root["provider"] : json();
    if (provider.is_object() && provider.contains("stage") && provider["stage"].is_string()) {
        const std::string fixed = provider["stage"].get<std::string>();
        const std::size_t at = cm.text.find("${self:provider.stage}");
        if (fixed.find("${") == std::string::npos && !fixed.empty() && fixed != cm.pkg.stage && at != std::string::npos) {
            const int line = 1 + static_cast<int>(std::count(cm.text.begin(), cm.text.begin() + static_cast<long>(at), '\n'));
            add(lint, diags, "WD5505", "lint.provider_stage_fixed", {{"line", line}, {"fixed", fixed}, {"stage", cm.pkg.stage}}, line, locale);
        }
    }
    for (const auto& role : cm.pkg.roles) {
        std::vector<std::string> default_actions;
        for (const auto& st : role.statements)
            if (st.source.kind == "framework-default" && st.statement.contains("Action"))
                for (const auto& a : as_list(st.statement["Action"]))
                    if (a.is_string()) default_actions.push_back(a.get<std::string>());
        for (const auto& m : role.managed_policy_arns) {
            if (!m.is_string()) continue;
            std::string arn = m.get<std::string>();
            if (arn.size() >= 20 && (arn.find("policy/AdministratorAccess") != std::string::npos ||
                                     arn.find("policy/PowerUserAccess") != std::string::npos))
                add(lint, diags, "WD5503", "lint.admin_policy", {{"role", role.role_name}, {"arn", arn}}, role.source.line,
                    locale);
        }
        auto it_needs = needs.find(role.logical_id);
        for (const auto& st : role.statements) {
            if (st.source.kind != "config" && st.source.kind != "resources") continue;
            lint_unknown_actions(st.statement, st.source.line, cat, locale, lint, diags);
            lint_condition_values(st.statement, st.source.line, locale, lint, diags);
            const json& s = st.statement;
            if (!s.is_object() || (s.contains("Effect") && s["Effect"].is_string() ? s["Effect"].get<std::string>() : std::string()) != "Allow" || !s.contains("Action")) continue;
            json actions = as_list(s["Action"]);
            json resources = s.contains("Resource") ? as_list(s["Resource"]) : json::array();
            int line = st.source.line;
            bool star_action = false;
            for (const auto& a : actions)
                if (a.is_string() && (a.get<std::string>() == "*" || a.get<std::string>() == "*:*")) star_action = true;
            if (star_action) {
                add(lint, diags, "WD5501", "lint.action_star", {{"line", line}}, line, locale);
                continue;
            }
            bool star_resource = false;
            for (const auto& r : resources)
                if (r.is_string() && r.get<std::string>() == "*") star_resource = true;
            if (star_resource && cat) {
                std::vector<std::string> writes;
                for (const auto& a : actions) {
                    if (!a.is_string()) continue;
                    for (const auto* i : cat->expand(a.get<std::string>()))
                        if (i->access_level == "Write" || i->access_level == "Permissions management") {
                            if (!i->wildcard_only() && writes.size() < 3) writes.push_back(i->full_name());
                        }
                }
                if (!writes.empty())
                    add(lint, diags, "WD5502", "lint.resource_star_write", {{"line", line}, {"actions", writes}}, line, locale);
            }
            // broader than the log shows was needed
            if (it_needs == needs.end()) continue;
            std::vector<std::string> needed;
            for (const auto& rq : it_needs->second)
                if (action_matches(actions, rq.action, cm.budget.get()) &&
                    std::find(needed.begin(), needed.end(), rq.action) == needed.end())
                    needed.push_back(rq.action);
            if (needed.empty()) continue;
            int patterns = 0;
            bool wildcard = false;
            for (const auto& a : actions) {
                if (!a.is_string()) continue;
                bool is_default = false;
                for (const auto& d : default_actions)
                    if (iam::iequals(d, a.get<std::string>())) is_default = true;
                if (is_default) continue;
                ++patterns;
                if (a.get<std::string>().find('*') != std::string::npos) wildcard = true;
            }
            if (patterns > static_cast<int>(needed.size()) && (patterns >= 5 || (wildcard && patterns >= 2))) {
                json suggestion = {{"Effect", "Allow"}, {"Action", needed}, {"Resource", resources}};
                add(lint, diags, "WD5504", "lint.broader_than_needed",
                    {{"line", line}, {"patterns", patterns}, {"needed", needed.size()}, {"actions", needed},
                     {"suggestion", suggestion.dump()}},
                    line, locale);
            }
        }
    }
}

}  // namespace wd::explain
