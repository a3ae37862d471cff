// SPDX-License-Identifier: MIT
// The narrowest grant that allows one denied request: the exact action, the resource the log names
// (written the way the config writes it when the config shows the pattern), `*` only when the action
// has no resource-level permissions (or nothing better can be known).
#include <algorithm>
#include <cctype>

#include "explain/analysis.hpp"
#include "explain/messages.hpp"
#include "iam/arn.hpp"

namespace wd::explain {
namespace {

bool boundary_before(const std::string& s, std::size_t pos) {
    return pos == 0 || s[pos - 1] == ':' || s[pos - 1] == '/';
}
bool boundary_after(const std::string& s, std::size_t end) {
    return end == s.size() || s[end] == ':' || s[end] == '/';
}

// (raw, resolved) string pairs where the config wrote a variable: `media-archive-${sls:stage}`.
void variable_pairs(const json& raw, const json& resolved, std::vector<std::pair<std::string, std::string>>& out,
                    int depth = 0) {
    if (depth > 40) return;
    if (raw.is_string() && resolved.is_string()) {
        const std::string r = raw.get<std::string>(), v = resolved.get<std::string>();
        if (r.find("${") != std::string::npos && r != v && v.size() >= 6 && v.find("${") == std::string::npos &&
            v.find("<unresolved") == std::string::npos)
            out.emplace_back(r, v);
        return;
    }
    if (raw.is_object() && resolved.is_object()) {
        if (raw.size() == 1 && raw.begin().key().rfind("Fn::", 0) == 0) return;  // intrinsics: not serverless variables
        for (auto it = raw.begin(); it != raw.end(); ++it)
            if (resolved.contains(it.key())) variable_pairs(it.value(), resolved[it.key()], out, depth + 1);
    } else if (raw.is_array() && resolved.is_array()) {
        for (std::size_t i = 0; i < raw.size() && i < resolved.size(); ++i) variable_pairs(raw[i], resolved[i], out, depth + 1);
    }
}

// A non-ARN resource text as the ARN the evaluator needs.
std::string to_arn(const config_model& cm, const std::string& service, const std::string& text, bool& secret) {
    const std::string pre = "arn:" + cm.ctx.partition + ":";
    const std::string ra = cm.ctx.region + ":" + cm.ctx.account_id + ":";
    if (service == "secretsmanager") {
        secret = true;
        return pre + "secretsmanager:" + ra + "secret:" + text + "-??????";
    }
    if (service == "ssm") return pre + "ssm:" + ra + "parameter" + (text.rfind("/", 0) == 0 ? "" : "/") + text;
    if (service == "sqs" && text.rfind("https://", 0) == 0) {
        std::size_t slash = text.rfind('/');
        return pre + "sqs:" + ra + text.substr(slash + 1);
    }
    return text;
}

// (template, resolved) pairs of the `!Sub` strings the config writes, e.g. a bucket name built from
// ${AWS::AccountId}: a grant on that bucket is then written as a `!Sub` too.
void sub_pairs(const json& raw, const resolve_context& ctx, std::vector<std::pair<std::string, std::string>>& out,
               int depth = 0) {
    if (depth > 40) return;
    if (raw.is_object()) {
        if (raw.size() == 1 && raw.begin().key() == "Fn::Sub" && raw.begin().value().is_string()) {
            std::vector<std::string> unresolved;
            json v = resolve(raw, ctx, unresolved);
            std::string t = raw.begin().value().get<std::string>();
            if (unresolved.empty() && v.is_string() && v.get<std::string>() != t && t.find("${") != std::string::npos)
                out.emplace_back(t, v.get<std::string>());
            return;
        }
        for (auto it = raw.begin(); it != raw.end(); ++it) sub_pairs(it.value(), ctx, out, depth + 1);
    } else if (raw.is_array()) {
        for (const auto& x : raw) sub_pairs(x, ctx, out, depth + 1);
    }
}

}  // namespace

std::string canonical_action(const std::string& action, const iam::catalog* cat) {
    if (cat) {
        if (const auto* a = cat->find_action(action)) return a->full_name();
    }
    std::size_t colon = action.find(':');
    if (colon == std::string::npos) return action;
    std::string out = action;
    for (std::size_t i = 0; i < colon; ++i) out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
    return out;
}

std::optional<std::string> request_resource(const config_model& cm, const log::denial& d, bool& secret) {
    secret = false;
    if (!d.resource || d.resource->empty() || *d.resource == "*") return std::nullopt;
    if (iam::is_arn(*d.resource)) return *d.resource;
    return to_arn(cm, d.service, *d.resource, secret);
}

grant least_privilege(const config_model& cm, const request_view& rq, const iam::catalog* cat, std::string_view locale) {
    grant g;
    g.action = rq.action;
    const iam::action_info* info = cat ? cat->find_action(rq.action) : nullptr;
    if (info && info->wildcard_only()) {
        g.resource = "*";
        g.records.push_back(make_record("fix.resource_star", {{"action", g.action}}, locale));
    } else if (rq.resource) {
        g.resource = *rq.resource;
        g.records.push_back(make_record("fix.resource_from_log", json::object(), locale));
        if (g.resource.find("secret:") != std::string::npos && g.resource.size() > 7 &&
            g.resource.compare(g.resource.size() - 7, 7, "-??????") == 0)
            g.records.push_back(make_record("fix.secret_suffix", json::object(), locale));
    } else if (info && !info->resources.empty() && !info->resources.front().arns.empty()) {
        // The log names no resource although the action has resource types (deploy-time messages, say).
        // `*` is the only grant we can verify; say what shape to narrow it to: the simplest of the action's
        // resource types (fewest variables: an S3 object, not an access-point object).
        std::string t = info->resources.front().arns.front(), out;
        auto variables = [](const std::string& arn) { return std::count(arn.begin(), arn.end(), '$'); };
        for (const auto& r : info->resources)
            for (const auto& arn : r.arns)
                if (variables(arn) < variables(t)) t = arn;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '$' && i + 1 < t.size() && t[i + 1] == '{') {
                std::size_t close = t.find('}', i);
                std::string name = t.substr(i + 2, close - i - 2);
                out += name == "Partition" ? cm.ctx.partition : name == "Region" ? cm.ctx.region
                       : name == "Account"                     ? cm.ctx.account_id
                                                               : "*";
                i = close;
            } else {
                out += t[i];
            }
        }
        g.resource = "*";
        g.records.push_back(make_record("fix.resource_guessed", {{"resource", out}}, locale));
    } else {
        g.resource = "*";
        if (info || !cat) g.records.push_back(make_record("fix.resource_star", {{"action", g.action}}, locale));
    }
    g.resource_config = g.resource;
    if (g.resource == "*") return g;

    // a resource of this stack: !GetAtt <Id>.Arn
    const json* user_res = raw_at(cm.doc.root, "/resources/Resources");
    if (user_res && user_res->is_object()) {
        for (auto it = user_res->begin(); it != user_res->end(); ++it) {
            std::vector<std::string> unresolved;
            if (resource_attribute(it.key(), "Arn", cm.ctx, unresolved) == g.resource && unresolved.empty()) {
                g.resource_config = {{"Fn::GetAtt", json::array({it.key(), "Arn"})}};
                g.records.push_back(make_record("fix.resource_from_config", {{"form", "!GetAtt " + it.key() + ".Arn"}}, locale));
                return g;
            }
        }
    }
    // a name the config builds from variables: keep the variable
    std::vector<std::pair<std::string, std::string>> pairs;
    if (!cm.pkg.resolved_config.is_null()) variable_pairs(cm.doc.root, cm.pkg.resolved_config, pairs);
    const std::size_t n_variables = pairs.size();
    sub_pairs(cm.doc.root, cm.ctx, pairs);
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& p : pairs) {
        std::size_t pos = g.resource.find(p.second);
        if (pos == std::string::npos || !boundary_before(g.resource, pos) || !boundary_after(g.resource, pos + p.second.size()))
            continue;
        if (!best || p.second.size() > best->second.size()) best = &p;
    }
    if (best) {
        std::string s = g.resource;
        std::size_t pos = s.find(best->second);
        bool is_sub = static_cast<std::size_t>(best - pairs.data()) >= n_variables;
        if (is_sub && s.find("${") != std::string::npos) return g;  // a literal ${ would need escaping: keep the ARN
        s.replace(pos, best->second.size(), best->first);
        g.resource_config = is_sub ? json{{"Fn::Sub", s}} : json(s);
        g.records.push_back(make_record("fix.resource_from_config", {{"form", is_sub ? "!Sub " + s : s}}, locale));
    }
    return g;
}

}  // namespace wd::explain
