// SPDX-License-Identifier: MIT
// The narrowest grant that allows one denied request: the exact action, the resource the log names
// (written the way the config writes it when the config shows the pattern), `*` only when the action
// has no resource-level permissions (or nothing better can be known).
#include <algorithm>
#include <cctype>
#include <optional>

#include "explain/analysis.hpp"
#include "explain/event_resources.hpp"
#include "explain/messages.hpp"
#include "explain/naming.hpp"
#include "iam/arn.hpp"
#include "iam/request_context.hpp"
#include "log/service_map.hpp"

namespace wd::explain {
namespace {

// (raw, resolved) string pairs where the config wrote a variable: `media-archive-${sls:stage}`.
void variable_pairs(const json& raw, const json& resolved, std::vector<std::pair<std::string, std::string>>& out,
                    int depth = 0) {
    if (depth > 40) return;
    if (raw.is_string() && resolved.is_string()) {
        const std::string r = raw.get<std::string>(), v = resolved.get<std::string>();
        // A value may still hold a variable kept as a placeholder (`${aws:accountId}` offline): split_variables
        // skips that one and still reads the others.
        if (r.find("${") != std::string::npos && r != v && v.size() >= 6 && v.find("<unresolved") == std::string::npos)
            out.emplace_back(r, v);
        return;
    }
    // The converter coerces lists to the schema (a one-string Resource list is the string, an Action string a list).
    if (raw.is_array() && raw.size() == 1 && resolved.is_string()) return variable_pairs(raw[0], resolved, out, depth + 1);
    if (raw.is_string() && resolved.is_array() && resolved.size() == 1) return variable_pairs(raw, resolved[0], out, depth + 1);
    if (raw.is_object() && resolved.is_object()) {
        // Intrinsics hold no framework variables, except a !Sub string (`notify-${sls:stage}-${AWS::Region}`):
        // the framework fills those in before CloudFormation sees it.
        if (raw.size() == 1 && raw.begin().key() == "Fn::Sub" && raw.begin().value().is_string() && resolved.size() == 1 &&
            resolved.begin().key() == "Fn::Sub")
            return variable_pairs(raw.begin().value(), resolved.begin().value(), out, depth + 1);
        if (raw.size() == 1 && raw.begin().key().rfind("Fn::", 0) == 0) return;
        for (auto it = raw.begin(); it != raw.end(); ++it)
            if (resolved.contains(it.key())) variable_pairs(it.value(), resolved[it.key()], out, depth + 1);
    } else if (raw.is_array() && resolved.is_array()) {
        for (std::size_t i = 0; i < raw.size() && i < resolved.size(); ++i) variable_pairs(raw[i], resolved[i], out, depth + 1);
    }
}

struct variable_value {
    std::string text;   // as the config writes it: "${sls:stage}", "${AWS::Region}"
    std::string value;  // what it resolves to here: "dev", "eu-west-1"
    bool sub = false;   // a CloudFormation Fn::Sub variable (the grant must then be a !Sub)
};

// What each `${…}` of a config string resolved to, by aligning the raw text with its resolved value:
// "media-${sls:stage}-${aws:region}" / "media-dev-eu-west-1" gives ${sls:stage}=dev, ${aws:region}=eu-west-1.
// Two variables with nothing between them cannot be split and are skipped.
// (The pseudo parameters' values are known: `${AWS::StackName}` is `worker-dev` even where the text after it
// also starts with `-`.)
std::string known_pseudo(const std::string& text, const resolve_context& ctx) {
    if (text == "${AWS::StackName}") return ctx.stack_name;
    if (text == "${AWS::Region}") return ctx.region;
    if (text == "${AWS::AccountId}") return ctx.account_id;
    if (text == "${AWS::Partition}") return ctx.partition;
    return {};
}

void split_variables(const std::string& raw, const std::string& resolved, bool sub, std::vector<variable_value>& out,
                     const resolve_context& ctx) {
    std::size_t r = 0, v = 0;
    while (r < raw.size()) {
        const std::size_t open = raw.find("${", r);
        const std::size_t lit_end = open == std::string::npos ? raw.size() : open;
        if (resolved.compare(v, lit_end - r, raw, r, lit_end - r) != 0) return;  // the literal text must agree
        v += lit_end - r;
        if (open == std::string::npos) return;
        int depth = 0;
        std::size_t close = open;
        for (; close < raw.size(); ++close) {
            if (raw.compare(close, 2, "${") == 0) ++depth;
            else if (raw[close] == '}' && --depth == 0) break;
        }
        if (close >= raw.size()) return;
        const std::size_t next = raw.find("${", close + 1);
        const std::string lit = raw.substr(close + 1, (next == std::string::npos ? raw.size() : next) - close - 1);
        if (lit.empty() && next != std::string::npos) return;  // adjacent variables: ambiguous
        const std::string text = raw.substr(open, close + 1 - open);
        const std::string known = known_pseudo(text, ctx);
        std::size_t end = lit.empty() ? resolved.size() : resolved.find(lit, v + 1);
        if (!known.empty()) {
            // Either still written as itself (framework variables resolved, CloudFormation's not yet) or its value.
            const std::string& as = resolved.compare(v, text.size(), text) == 0 ? text : known;
            if (resolved.compare(v, as.size(), as) != 0) return;
            end = v + as.size();
            if (resolved.compare(end, lit.size(), lit) != 0) return;
        }
        if (end == std::string::npos || end <= v) return;
        const std::string value = resolved.substr(v, end - v);
        // (A variable nested in a `self:` path, `${self:custom.stages.${sls:stage}.bucket}`, is the file's per-stage
        // spelling of the name: kept whole, it follows the stage as the file does.)
        const bool nested = text.find("${", 2) != std::string::npos;
        if ((!nested || (text.rfind("${self:", 0) == 0 && text.find(',') == std::string::npos)) && value.find("${") == std::string::npos &&
            value.find('<') == std::string::npos)
            out.push_back({text, value, sub});
        v = end;
        r = close + 1;
    }
}

bool separator(char c) { return c == '-' || c == '_' || c == '.' || c == '/' || c == ':'; }

// `arn` with every whole-token occurrence of a variable's value (bounded by `-_./:` or the ends) written
// as the variable, longest values first; nothing inside `arn:<partition>:<service>:`. Returns nothing
// when no variable applies, or when the default account would stay literal.
std::optional<json> write_with_variables(const std::string& arn, std::vector<variable_value> values,
                                         const std::string& default_account, const std::string& stack_region) {
    std::sort(values.begin(), values.end(), [](const variable_value& a, const variable_value& b) { return a.value.size() > b.value.size(); });
    // A variable that holds the whole ARN (`${self:custom.partnerRoleArn}`) is written as itself.
    for (const auto& var : values)
        if (!var.sub && var.value == arn) return json(var.text);
    std::size_t fixed = 0;  // skip "arn:aws:s3:"
    for (int k = 0; k < 3 && fixed != std::string::npos; ++k) fixed = arn.find(':', fixed + (k ? 1 : 0));
    if (fixed == std::string::npos) return std::nullopt;
    std::vector<const variable_value*> at(arn.size(), nullptr);
    std::vector<bool> taken(arn.size(), false);
    bool any = false, sub = false;
    for (const auto& var : values) {
        if (var.value.size() < 2) continue;
        for (std::size_t pos = arn.find(var.value, fixed + 1); pos != std::string::npos; pos = arn.find(var.value, pos + 1)) {
            const std::size_t end = pos + var.value.size();
            if (!(separator(arn[pos - 1]) && (end == arn.size() || separator(arn[end])))) continue;
            // (A Cognito pool id starts with its region, `userpool/us-east-1_AbC123`: an opaque id, not a name the
            // file spells.)
            auto after = [&](std::string_view prefix) { return pos >= prefix.size() && arn.compare(pos - prefix.size(), prefix.size(), prefix) == 0; };
            if (after("userpool/") || after("identitypool/")) continue;
            if (std::any_of(taken.begin() + static_cast<long>(pos), taken.begin() + static_cast<long>(end), [](bool t) { return t; })) continue;
            std::fill(taken.begin() + static_cast<long>(pos), taken.begin() + static_cast<long>(end), true);
            at[pos] = &var;
            any = true;
            sub = sub || var.sub;
        }
    }
    if (!any) return std::nullopt;
    if (sub && arn.find("${") != std::string::npos) return std::nullopt;  // a literal ${ would need escaping
    std::string out;
    for (std::size_t i = 0; i < arn.size();) {
        if (at[i]) {
            out += at[i]->text;
            i += at[i]->value.size();
        } else {
            out += arn[i++];
        }
    }
    if (!default_account.empty() && out.find(default_account) != std::string::npos) return std::nullopt;
    if (sub) {
        // A !Sub written anyway takes the file's pseudo parameters for the partition and, when it is the
        // stack's own, the region (`arn:${AWS::Partition}:sqs:${AWS::Region}:...`).
        const bool file_partition = std::any_of(values.begin(), values.end(), [](const variable_value& v) { return v.text == "${AWS::Partition}"; });
        const std::size_t p1 = out.find(':'), p2 = p1 == std::string::npos ? p1 : out.find(':', p1 + 1);
        if (file_partition && p2 != std::string::npos && out.compare(p1 + 1, p2 - p1 - 1, "${") != 0)
            out = out.substr(0, p1 + 1) + "${AWS::Partition}" + out.substr(p2);
        const std::size_t s1 = out.find(':', out.find(':', out.find(':') + 1) + 1), s2 = s1 == std::string::npos ? s1 : out.find(':', s1 + 1);
        if (!stack_region.empty() && s2 != std::string::npos && out.compare(s1 + 1, s2 - s1 - 1, stack_region) == 0)
            out = out.substr(0, s1 + 1) + "${AWS::Region}" + out.substr(s2);
        return json{{"Fn::Sub", out}};
    }
    return json(out);
}

// Start and end of an ARN's account field (the fifth), with `:` inside `${...}` not counted; npos when none.
std::pair<std::size_t, std::size_t> account_field(const std::string& s) {
    std::size_t field = 0, start = 0;
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 2, "${") == 0) ++depth;
        else if (s[i] == '}' && depth > 0) --depth;
        else if (s[i] == ':' && depth == 0) {
            if (field == 4) return {start, i};
            ++field;
            start = i + 1;
        }
    }
    return {std::string::npos, std::string::npos};
}

// Whether the file writes some ARN with `*` as its account (its habit for the account field).
bool writes_account_star(const json& v, int depth = 0) {
    if (depth > 40) return false;
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (s.rfind("arn:", 0) != 0) return false;
        const auto [b, e] = account_field(s);
        return b != std::string::npos && s.compare(b, e - b, "*") == 0;
    }
    if (v.is_object() || v.is_array())
        for (const auto& x : v)
            if (writes_account_star(x, depth + 1)) return true;
    return false;
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
    // An AppSync field (`types/Mutation/fields/updateOrder`): of the one GraphQL API the config's statements name.
    if (service == "appsync" && text.rfind("types/", 0) == 0) {
        const std::string all = (cm.pkg.resolved_config.is_null() ? cm.doc.root : cm.pkg.resolved_config).dump();
        std::string api;
        for (std::size_t p = all.find(":appsync:"); p != std::string::npos; p = all.find(":appsync:", p + 1)) {
            const std::size_t a = all.find(":apis/", p);
            if (a == std::string::npos || a - p > 80) continue;
            std::size_t e = a + 6;
            while (e < all.size() && (std::isalnum(static_cast<unsigned char>(all[e])))) ++e;
            const std::string id = all.substr(a + 6, e - a - 6);
            if (id.empty()) continue;
            if (!api.empty() && api != id) return text;  // several APIs: which one is not known
            api = id;
        }
        if (!api.empty()) return pre + "appsync:" + ra + "apis/" + api + "/" + text;
        // No id written, but the file creates one GraphQL API: that API, whose id CloudFormation generates (`apis/*`,
        // as its `!GetAtt Api.Arn` resolves), so a field statement written from it is compared field by field.
        if (resources_of_type(cm.ctx.resources, "AWS::AppSync::GraphQLApi") == 1)
            return pre + "appsync:" + ra + "apis/*/" + text;
        return text;
    }
    // IAM's own message names its resources by kind and name (`on resource: role api-dev-lambdaRole`, `user
    // deploy-bot`, `policy boundary`): the ARN in the account (no path printed: the default path).
    if (service == "iam") {
        for (const char* kind : {"role", "user", "group", "policy", "instance-profile"}) {
            const std::string k = std::string(kind) + " ";
            if (text.size() > k.size() && text.compare(0, k.size(), k) == 0 && text.find(' ', k.size()) == std::string::npos &&
                !cm.ctx.account_id.empty())
                return pre + "iam::" + cm.ctx.account_id + ":" + kind + "/" + text.substr(k.size());
        }
    }
    // An S3 URI (`s3://bucket/key`, as Athena and the CLI print it) is the object or bucket ARN.
    if (text.rfind("s3://", 0) == 0 && text.size() > 5) return "arn:" + cm.ctx.partition + ":s3:::" + text.substr(5);
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
        // An API operation printed where the action goes, authorised as another action (`sqs:SendMessageBatch`
        // is `sqs:SendMessage`): the action IAM checks.
        if (const std::size_t c = action.find(':'); c != std::string::npos) {
            std::string service = action.substr(0, c);
            for (char& ch : service) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            const std::string mapped = log::detail::mapped_action_name(service, action.substr(c + 1));
            if (!mapped.empty())
                if (const auto* a = cat->find_action(service + ":" + mapped)) return a->full_name();
        }
    }
    std::size_t colon = action.find(':');
    if (colon == std::string::npos) return action;
    std::string out = action;
    for (std::size_t i = 0; i < colon; ++i) out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
    return out;
}

bool widen_object_key(grant& g, std::string_view locale, const json* config) {
    const auto has_digit = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const auto parts = iam::split_arn(g.resource);
    // A log stream named per instance and day (Lambda's `2026/11/30/[$LATEST]<id>`): the group's streams.
    if (parts.count == 6 && parts.service() == "logs") {
        const std::string_view res = parts.resource();
        const std::size_t ls = res.find(":log-stream:");
        if (res.rfind("log-group:", 0) != 0 || ls == std::string_view::npos || res.find_first_of("*?") != std::string_view::npos ||
            !has_digit(res.substr(ls)))
            return false;
        const std::string stream(res.substr(ls + 12));
        if (stream.empty() || !g.resource_config.is_string()) return false;
        const std::string written = g.resource_config.get<std::string>();
        if (written.size() < stream.size() || written.compare(written.size() - stream.size(), stream.size(), stream) != 0) return false;
        g.resource_config = written.substr(0, written.size() - stream.size()) + "*";
        g.resource = g.resource.substr(0, g.resource.size() - stream.size()) + "*";
        drop_resource_records(g.records);
        g.records.push_back(make_record("fix.per_run_id", {{"id", stream}, {"resource", g.resource}}, locale));
        return true;
    }
    if (parts.count != 6 || parts.service() != "s3") return false;
    const std::string_view res = parts.resource();
    std::size_t slash = res.find('/');
    // Through an access point (`accesspoint/<name>/object/<key>`, a Multi-Region one's `<alias>.mrap` too) the key
    // starts after `/object/`: the access point's name is not per call.
    if (res.rfind("accesspoint/", 0) == 0) {
        const std::size_t object = res.find("/object/");
        if (object == std::string_view::npos) return false;
        slash = object + 7;
    }
    if (slash == std::string_view::npos || slash + 1 >= res.size() || res.find_first_of("*?") != std::string_view::npos) return false;
    const std::string key(res.substr(slash + 1));
    // A key without numbers is per call too when it lies in a folder and the config never names it (`a/b/cat.jpg`,
    // an image the code was handed): the code chose it, and the next call names another file of the folder. A key
    // the config names (an environment variable's `config/settings.json`) or one at the bucket's root stays.
    if (!has_digit(key) && (!config || key.find('/') == std::string::npos || config->dump().find(key) != std::string::npos)) return false;
    std::size_t keep = 0;  // length of the shared folder prefix, `uploads/`
    for (std::size_t s = key.find('/'), from = 0; s != std::string::npos; from = s + 1, s = key.find('/', from)) {
        if (has_digit(std::string_view(key).substr(from, s - from))) break;
        keep = s + 1;
    }
    const std::string tail = key.substr(keep);  // the per-call part, replaced by `*`
    // The config's spelling keeps its variables (`bucket-${sls:stage}/`): only the per-call tail changes.
    json* written_json = g.resource_config.is_string() ? &g.resource_config
                         : (g.resource_config.is_object() && g.resource_config.size() == 1 && g.resource_config.contains("Fn::Sub") &&
                            g.resource_config["Fn::Sub"].is_string())
                             ? &g.resource_config["Fn::Sub"]
                             : nullptr;
    if (written_json) {
        const std::string written = written_json->get<std::string>();
        if (written.size() >= tail.size() && written.compare(written.size() - tail.size(), tail.size(), tail) == 0) {
            *written_json = written.substr(0, written.size() - tail.size()) + "*";
        } else {
            // The config's spelling re-wrote part of the per-call tail (a region inside a Cognito identity id became
            // `${aws:region}`): that part is data, not the config's. Keep the spelling up to the key's kept folders.
            const std::size_t bucket_at = written.find(":::");
            const std::size_t key_at = bucket_at == std::string::npos ? std::string::npos : written.find('/', bucket_at + 3);
            if (key_at == std::string::npos || written.compare(key_at + 1, keep, key, 0, keep) != 0) return false;
            *written_json = written.substr(0, key_at + 1 + keep) + "*";
        }
    } else if (!g.resource_config.is_null()) {
        return false;
    }
    g.resource = g.resource.substr(0, g.resource.size() - tail.size()) + "*";
    drop_resource_records(g.records);
    g.records.push_back(make_record("fix.object_prefix", {{"key", key}, {"resource", g.resource}}, locale));
    return true;
}

std::optional<std::string> request_resource(const config_model& cm, const log::denial& d, bool& secret) {
    secret = false;
    if (!d.resource || d.resource->empty() || *d.resource == "*") return std::nullopt;
    if (iam::is_arn(*d.resource)) {
        // A redacted account (`XXXXXXXXXXXX`, `***`, `<account>`, `*redacted*`, `ACCOUNT_ID`) stands for the account
        // under analysis (flag, log or default), so the request can be evaluated and the fix written without the mask.
        std::string arn = *d.resource;
        std::size_t start = 0;
        for (int k = 0; k < 4 && start != std::string::npos; ++k) start = arn.find(':', start + (k ? 1 : 0));
        const std::size_t end = start == std::string::npos ? std::string::npos : arn.find(':', start + 1);
        if (end != std::string::npos && !cm.ctx.account_id.empty()) {
            const std::string account = arn.substr(start + 1, end - start - 1);
            if (iam::is_masked_account(account)) arn = arn.substr(0, start + 1) + cm.ctx.account_id + arn.substr(end);
        }
        // A wildcard where the service names the resource (`arn:aws:ssm:us-west-2:123456789012:*`: SSM's answer for a
        // parameter name that is empty or does not resolve) is no resource the call named: never a grant's.
        // (Only a resource part that starts with the wildcard: a log group's ARN ends in `:*` by its own format.)
        if (const auto parts = iam::split_arn(arn); parts.count == 6 && !parts.resource().empty() && parts.resource().front() == '*')
            return std::nullopt;
        return arn;
    }
    return to_arn(cm, d.service, *d.resource, secret);
}

namespace {

// Does the config write `Fn::GetAtt` of `id`'s `Arn` anywhere (`!GetAtt X.Arn`, `[X, Arn]`, `${X.Arn}`)?
bool writes_getatt_arn(const json& root, const std::string& id) {
    const std::string text = root.dump();
    return text.find("{\"Fn::GetAtt\":[\"" + id + "\",\"Arn\"]") != std::string::npos ||
           text.find("\"Fn::GetAtt\":\"" + id + ".Arn\"") != std::string::npos || text.find("${" + id + ".Arn}") != std::string::npos;
}


// Does another resource of the template name `id`, or the config's provider or functions (a `kmsKeyArn:
// !GetAtt LambdaEnvKey.Arn`)?
bool referenced_elsewhere(const json& resources, const json& config, const std::string& id) {
    for (auto it = resources.begin(); it != resources.end(); ++it)
        if (it.key() != id && text_names(it.value().dump(), id)) return true;
    if (config.is_object())
        for (const char* section : {"provider", "functions"})
            if (const auto f = config.find(section); f != config.end() && text_names(f->dump(), id)) return true;
    return false;
}

}  // namespace

// Does this JSON text name `id` (Ref, Fn::GetAtt, `${id}` / `${id.Attr}` in a Fn::Sub)?
bool text_names(const std::string& text, const std::string& id) {
    return text.find("{\"Ref\":\"" + id + "\"}") != std::string::npos || text.find("{\"Fn::GetAtt\":[\"" + id + "\"") != std::string::npos ||
           text.find("\"Fn::GetAtt\":\"" + id + ".") != std::string::npos || text.find("${" + id + "}") != std::string::npos ||
           text.find("${" + id + ".") != std::string::npos;
}

// Does a name the file writes hold `word` as a whole delimited word: an ARN (`arn:aws:sqs:us-east-1:...:fanout-dev-a`),
// a URL the code calls (`QUEUE_URL: https://sqs.../orders-prod`), a bucket name in the environment? (A value that is
// the word alone, `stage: prod`, sets it; it is not a name.)
bool writes_literally(const json& v, const std::string& word, int depth = 0) {
    if (depth > 64) return false;
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (s == word) return false;
        auto sep = [](char c) { return c == '-' || c == '_' || c == '.' || c == '/' || c == ':'; };
        for (std::size_t p = s.find(word); p != std::string::npos; p = s.find(word, p + 1))
            if ((p == 0 || sep(s[p - 1])) && (p + word.size() == s.size() || sep(s[p + word.size()])) && !(p == 0 && s.size() == word.size()))
                return true;
        return false;
    }
    if (v.is_object() || v.is_array())
        for (const auto& x : v)
            if (writes_literally(x, word, depth + 1)) return true;
    return false;
}

grant least_privilege(const config_model& cm, const request_view& rq, const iam::catalog* cat, std::string_view locale) {
    grant g;
    g.action = rq.action;
    const iam::action_info* info = cat ? cat->find_action(rq.action) : nullptr;
    // A logged resource of no type the action can name (Cost Explorer prints `arn:aws:ce:...:/GetCostForecast`)
    // cannot be granted on: the action then needs `*`, as for an action with no resource type at all.
    const bool unnamed = info && rq.resource && iam::is_arn(*rq.resource) && !info->wildcard_only() &&
                         std::none_of(info->resources.begin(), info->resources.end(), [](const iam::resource_ref& r) { return r.required; }) &&
                         !fits_resource_type(*info, *rq.resource);
    if (info && (info->wildcard_only() || unnamed || (rq.resource && *rq.resource == "*"))) {
        g.resource = "*";
        g.records.push_back(make_record(info->wildcard_only() || unnamed ? "fix.resource_star" : "fix.resource_star_call",
                                        {{"action", g.action}}, locale));
    } else if (rq.resource && *rq.resource != "*" && !iam::is_arn(*rq.resource)) {
        // Text no ARN can be made of (SNS's SMS `Publish` names the phone number, `+819012345678`): a policy's
        // Resource must be an ARN or `*`, and the phone number would not belong in the config either.
        g.resource = "*";
        g.records.push_back(make_record("fix.resource_not_arn", {{"resource", *rq.resource}}, locale));
    } else if (rq.resource) {
        g.resource = *rq.resource;
        g.records.push_back(make_record("fix.resource_from_log", json::object(), locale));
        // A resource named by a per-run id (a Step Functions execution, a CodeBuild build, an ECS task): the
        // next run has a new id, so the grant covers every run of the same machine / project / cluster.
        {
            const auto parts = iam::split_arn(g.resource);
            const std::string_view svc = parts.count == 6 ? parts.service() : std::string_view();
            const std::string_view res = parts.count == 6 ? parts.resource() : std::string_view();
            std::size_t cut = std::string::npos;
            if (svc == "states" && (res.rfind("execution:", 0) == 0 || res.rfind("express:", 0) == 0) &&
                std::count(res.begin(), res.end(), ':') >= 2)
                cut = res.rfind(':');
            else if (svc == "codebuild" && res.rfind("build/", 0) == 0 && res.find(':') != std::string_view::npos)
                cut = res.rfind(':');
            else if (svc == "ecs" && res.rfind("task/", 0) == 0 && std::count(res.begin(), res.end(), '/') >= 2)
                cut = res.rfind('/');
            // A DynamoDB stream's label (its creation time) changes whenever the stream is enabled again.
            else if (svc == "dynamodb" && res.rfind("table/", 0) == 0 && res.find("/stream/") != std::string_view::npos &&
                     res.find('/', res.find("/stream/") + 8) == std::string_view::npos)
                cut = res.rfind('/');
            // A log group's stream field left empty (`log-group:/aws/lambda/x:log-stream:`, as CloudWatch Logs prints a
            // group-level call such as FilterLogEvents): the group, written `log-group:<name>:*` as the CloudWatch Logs
            // guide writes group ARNs in policies.
            else if (svc == "logs" && res.rfind("log-group:", 0) == 0 && res.size() > 22 && res.compare(res.size() - 12, 12, ":log-stream:") == 0)
                cut = res.size() - 12;
            // A number a deploy bumps: a Lambda function's published version, an ECS task definition's revision;
            // a stack's id (`stack/<name>/<uuid>`) changes when the stack is recreated.
            const char* record = cut == std::string::npos || svc != "logs" ? "fix.per_run_id" : "fix.log_group_whole";
            if (cut == std::string::npos) {
                const auto all_digits = [](std::string_view v) {
                    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
                };
                const std::size_t last_colon = res.rfind(':');
                if (svc == "lambda" && res.rfind("function:", 0) == 0 && std::count(res.begin(), res.end(), ':') == 2 &&
                    all_digits(res.substr(last_colon + 1)))
                    cut = last_colon, record = "fix.per_deploy_number";
                else if (svc == "ecs" && res.rfind("task-definition/", 0) == 0 && last_colon != std::string_view::npos &&
                         all_digits(res.substr(last_colon + 1)))
                    cut = last_colon, record = "fix.per_deploy_number";
                else if (svc == "cloudformation" && res.rfind("stack/", 0) == 0 && std::count(res.begin(), res.end(), '/') == 2)
                    cut = res.rfind('/'), record = "fix.per_deploy_number";
            }
            // A name the code makes per call: a WebSocket client's connection id (`<api>/<stage>/POST/@connections/<id>`,
            // a new one for every client), a schedule made per item (`schedule/default/reminder-4711`). The next call
            // names another, so the grant keeps what the names share: the connections, `reminder-*`.
            if (cut == std::string::npos) {
                const std::size_t conn = res.find("/@connections/");
                if (svc == "execute-api" && conn != std::string_view::npos && res.find('/', conn + 14) == std::string_view::npos) {
                    cut = conn + 13, record = "fix.per_call_name";
                } else if (svc == "scheduler" && res.rfind("schedule/", 0) == 0 && std::count(res.begin(), res.end(), '/') == 2) {
                    // The name's words up to the first that carries a number (the item's id) are its fixed part.
                    const std::size_t name = res.rfind('/') + 1;
                    for (std::size_t w = name; w < res.size();) {
                        std::size_t e = res.find_first_of("-_.", w);
                        if (e == std::string_view::npos) e = res.size();
                        if (std::any_of(res.begin() + static_cast<long>(w), res.begin() + static_cast<long>(e),
                                        [](char c) { return c >= '0' && c <= '9'; })) {
                            cut = w - 1, record = "fix.per_call_name";
                            break;
                        }
                        w = e + 1;
                    }
                }
            }
            // A UUID the service gives a child it creates at run time, below a named parent (an SNS mobile endpoint,
            // `endpoint/GCM/<app>/<uuid>`, one per device): the next call names another. (Not a UUID directly under its
            // type, `key/<uuid>`, `certificate/<uuid>`, `index/<uuid>`: that is one fixed resource.) Only when the config
            // never names that id.
            if (cut == std::string::npos) {
                const std::size_t last = res.rfind('/');
                const std::string_view id = last == std::string_view::npos ? std::string_view() : res.substr(last + 1);
                const auto is_uuid = [](std::string_view v) {
                    if (v.size() != 36) return false;
                    for (std::size_t i = 0; i < v.size(); ++i) {
                        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
                        if (dash ? v[i] != '-' : std::isxdigit(static_cast<unsigned char>(v[i])) == 0) return false;
                    }
                    return true;
                };
                if (is_uuid(id) && std::count(res.begin(), res.end(), '/') >= 3 &&
                    cm.doc.root.dump().find(std::string(id)) == std::string::npos)
                    cut = last, record = "fix.per_call_name";
            }
            if (cut != std::string::npos && cut + 1 < res.size() && res.find_first_of("*?") == std::string_view::npos) {
                const std::string run(res.substr(cut + 1));
                g.resource = g.resource.substr(0, g.resource.size() - run.size()) + "*";
                g.records.push_back(make_record(record, {{"id", run}, {"resource", g.resource}}, locale));
            }
        }
        // An SES identity that is an e-mail address the config never names: in the SES sandbox each recipient
        // is checked as an identity of the account. One person's address does not belong in the config, and
        // the next recipient would fail: the grant covers the account's identities.
        {
            const auto parts = iam::split_arn(g.resource);
            const std::string_view res = parts.count == 6 ? parts.resource() : std::string_view();
            if (parts.count == 6 && parts.service() == "ses" && res.rfind("identity/", 0) == 0 && res.find('@') != std::string_view::npos) {
                const std::string email(res.substr(9));
                const std::string config_text = cm.doc.root.dump();
                if (config_text.find(email) == std::string::npos) {
                    g.resource = g.resource.substr(0, g.resource.size() - email.size()) + "*";
                    g.records.push_back(make_record("fix.ses_recipient", {{"email", email}, {"resource", g.resource}}, locale));
                }
            }
        }
        // A secret's ARN as AWS prints it ends in its random suffix (`db-Xy12Ab`): the suffix changes when the
        // secret is recreated and differs on every stage, so the grant matches any (`db-??????`).
        if (const std::size_t sp = g.resource.find(":secretsmanager:"); sp != std::string::npos && g.resource.find(":secret:", sp) != std::string::npos &&
            g.resource.size() > 7 && g.resource[g.resource.size() - 7] == '-' &&
            std::all_of(g.resource.end() - 6, g.resource.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }) &&
            g.resource.compare(g.resource.size() - 7, 7, "-??????") != 0) {
            g.resource.replace(g.resource.size() - 6, 6, "??????");
        }
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

    // a resource of this stack (the config's `resources` or what the framework generates, such as a
    // sibling function): !GetAtt <Id>.Arn, or `!Sub '${<Id>.Arn}/rest'` for something inside it (an index
    // of a table, an object of a bucket)
    if (cm.ctx.resources && cm.ctx.resources->is_object() && g.resource.find("${") == std::string::npos) {
        std::string inside_id;
        std::size_t inside_len = 0;
        bool inside_by_ref = false;
        resolve_context pinned = cm.ctx;  // a generated name as the request shows it (its objects, indexes are inside)
        pinned.pin_generated = g.resource;
        for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it) {
            std::vector<std::string> unresolved;
            std::string arn = resource_attribute(it.key(), "Arn", pinned, unresolved);
            bool by_ref = false;
            if (arn.empty() && unresolved.empty()) {  // types whose Ref is their ARN (an SNS topic, a state machine)
                arn = resource_attribute(it.key(), "", pinned, unresolved);
                by_ref = arn.rfind("arn:", 0) == 0;
                if (!by_ref) arn.clear();
            }
            if (arn.empty() || !unresolved.empty() || is_placeholder_text(arn)) continue;
            const std::string& rtype = cm.ctx.resources->at(it.key()).value("Type", std::string());
            // A type whose ARN format is not known here matched by its name: `!GetAtt X.Arn` is written only when the
            // file already writes it (proof that the type has that attribute); else the ARN as text.
            if (!by_ref && !arn_format_modelled(rtype) && !writes_getatt_arn(cm.doc.root, it.key())) continue;
            // The file's only KMS key has a random id: its pattern (`key/*`) is that key when the file uses it
            // (a bucket's or queue's encryption names it), and `!GetAtt` holds on every stage where the id
            // printed in the log does not.
            // (So is the file's only Cognito user pool, whose id is generated too: `userpool/<region>_*`.)
            const std::string type = cm.ctx.resources->at(it.key()).value("Type", std::string());
            const bool only_key = arn.find('*') != std::string::npos &&
                                  (type == "AWS::KMS::Key" || type == "AWS::Cognito::UserPool") &&
                                  iam::resource_pattern_matches(arn, g.resource, cm.budget.get()) &&
                                  (type == "AWS::Cognito::UserPool" || referenced_elsewhere(*cm.ctx.resources, cm.doc.root, it.key()));
            if (arn == g.resource || only_key) {
                g.resource_config = by_ref ? json{{"Ref", it.key()}} : json{{"Fn::GetAtt", json::array({it.key(), "Arn"})}};
                g.records.push_back(make_record("fix.resource_from_config",
                                                {{"form", by_ref ? "!Ref " + it.key() : "!GetAtt " + it.key() + ".Arn"}}, locale));
                if (arn != g.resource)  // an assumption the reader must be able to check
                    g.records.push_back(make_record(type == "AWS::KMS::Key" ? "fix.resource_assumed_key" : "fix.resource_assumed_pool",
                                                    {{"key", g.resource}, {"logical_id", it.key()}}, locale));
                return g;
            }
            // A table's stream (its label changes when the stream is recreated): !GetAtt <Table>.StreamArn.
            if (!by_ref && g.resource.compare(0, arn.size(), arn) == 0 && g.resource.compare(arn.size(), 8, "/stream/") == 0 &&
                g.resource.find('/', arn.size() + 8) == std::string::npos &&
                cm.ctx.resources->at(it.key()).value("Type", std::string()) == "AWS::DynamoDB::Table") {
                g.resource_config = {{"Fn::GetAtt", json::array({it.key(), "StreamArn"})}};
                g.records.push_back(make_record("fix.resource_from_config", {{"form", "!GetAtt " + it.key() + ".StreamArn"}}, locale));
                return g;
            }
            if (g.resource.size() > arn.size() + 1 && g.resource.compare(0, arn.size(), arn) == 0 && g.resource[arn.size()] == '/' &&
                arn.size() > inside_len) {
                inside_id = it.key();
                inside_len = arn.size();
                inside_by_ref = by_ref;
            }
        }
        if (!inside_id.empty()) {
            const std::string sub = "${" + inside_id + (inside_by_ref ? "" : ".Arn") + "}" + g.resource.substr(inside_len);
            g.resource_config = {{"Fn::Sub", sub}};
            g.records.push_back(make_record("fix.resource_from_config", {{"form", "!Sub " + sub}}, locale));
            return g;
        }
    }
    // Names the config builds from variables keep their variables: the stage, region and account the file
    // writes as `${sls:stage}`, `${aws:region}`, `!Sub …${AWS::AccountId}` are written the same way in the
    // grant, so it follows the file to every stage. An account that is only our default is never written.
    std::vector<std::pair<std::string, std::string>> pairs;
    if (!cm.pkg.resolved_config.is_null()) variable_pairs(cm.doc.root, cm.pkg.resolved_config, pairs);
    auto whole_variable = [](const std::string& t) {
        if (t.size() < 4 || t.compare(0, 2, "${") != 0) return false;
        int depth = 0;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t.compare(i, 2, "${") == 0) ++depth, ++i;
            else if (t[i] == '}' && --depth == 0) return i + 1 == t.size();
        }
        return false;
    };
    // A value that is one variable and resolves to the stage or the region (`stage: ${opt:stage, 'dev'}`) is where
    // the file sets them, not how it spells them in names: names get the file's own spelling or `${sls:stage}`.
    pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                               [&](const auto& pr) {
                                   return whole_variable(pr.first) && (pr.second == cm.pkg.stage || pr.second == cm.ctx.region);
                               }),
                pairs.end());
    const std::size_t n_variables = pairs.size();
    // From the resolved config: a `!Sub` that also holds framework variables (`notify-${sls:stage}-email`) has
    // them filled in there, leaving only its CloudFormation variables.
    sub_pairs(cm.pkg.resolved_config.is_null() ? cm.doc.root : cm.pkg.resolved_config, cm.ctx, pairs);
    std::vector<variable_value> values;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const std::size_t before = values.size();
        split_variables(pairs[i].first, pairs[i].second, i >= n_variables, values, cm.ctx);
        // A generated id (`${InternalApi}`: any API id, `*`) is, in this grant, the id the request names at the same
        // place: `arn:...:${InternalApi}/dev/GET/items` spells `k7x2m9q4ab` of `arn:...:k7x2m9q4ab/dev/POST/items`.
        const std::string& resolved = pairs[i].second;
        const std::size_t star = resolved.find('*');
        for (std::size_t k = before; k < values.size();) {
            if (values[k].value != "*") {
                ++k;
                continue;
            }
            std::string id;
            if (star != std::string::npos && resolved.find('*', star + 1) == std::string::npos && g.resource.size() > star &&
                g.resource.compare(0, star, resolved, 0, star) == 0) {
                id = g.resource.substr(star, g.resource.find_first_of("/:", star) - star);
                if (id.find_first_of("*?") != std::string::npos) id.clear();
            }
            if (id.empty()) {
                values.erase(values.begin() + static_cast<long>(k));
                continue;
            }
            values[k].value = id;
            ++k;
        }
    }
    if (cm.account_is_default && !cm.ctx.account_id.empty()) values.push_back({"${AWS::AccountId}", cm.ctx.account_id, true});
    // The stage and region this analysis runs for, where the file gives no spelling of its own: written as the
    // framework's variables, so the grant follows `sls deploy --stage prod` instead of naming dev's resource.
    // (Only as whole `-`, `_`, `.`, `/` or `:`-delimited words: write_with_variables checks the separators.)
    auto has_value = [&](const std::string& v) {
        return std::any_of(values.begin(), values.end(), [&](const variable_value& x) { return x.value == v; });
    };
    // (A file that writes its ARNs with the literal stage or region keeps that style; another account's resource
    // stays where it is; a grant already written as a `!Sub` keeps CloudFormation's own variables.)
    std::vector<variable_value> defaults;
    const auto arn_parts = iam::split_arn(g.resource);
    // (A KMS key's or a Cognito pool's id is random and regional: that one resource is named, not a per-stage name.)
    const bool own_account = arn_parts.count == 6 && (arn_parts.account().empty() || arn_parts.account() == cm.ctx.account_id) &&
                             arn_parts.service() != "kms" && arn_parts.service() != "cognito-idp" && arn_parts.service() != "cognito-identity";
    // (A plain CloudFormation template has no framework variables: its grants name the resource as it is.)
    const bool framework = cm.is_serverless && !cm.is_plain_template;
    if (framework && own_account && cm.pkg.stage.size() >= 2 && !has_value(cm.pkg.stage) && !writes_literally(cm.doc.root, cm.pkg.stage))
        defaults.push_back({"${sls:stage}", cm.pkg.stage, false});
    // A file that lists serverless-pseudo-parameters and writes `#{AWS::Region}` / `#{AWS::AccountId}` gets its grants
    // written so too (the plugin turns them into Fn::Sub).
    const bool pseudo_plugin = cm.pkg.uses_pseudo_parameters_plugin;
    const bool pseudo_region = framework && pseudo_plugin && cm.text.find("#{AWS::Region}") != std::string::npos;
    if (framework && own_account && !cm.ctx.region.empty() && !has_value(cm.ctx.region) && !writes_literally(cm.doc.root, cm.ctx.region))
        defaults.push_back({pseudo_region ? "#{AWS::Region}" : "${aws:region}", cm.ctx.region, false});
    // The account the log names, where no ARN of the file spells it: `${aws:accountId}`, as the stage and region are
    // written, so the grant follows the file to another account (the same file deployed to a prod account).
    if (framework && own_account && !pseudo_plugin && !cm.account_is_default && !cm.ctx.account_id.empty() && !has_value(cm.ctx.account_id) &&
        !writes_literally(cm.doc.root, cm.ctx.account_id) && !writes_account_star(cm.doc.root))
        defaults.push_back({"${aws:accountId}", cm.ctx.account_id, false});
    if (framework && own_account && pseudo_plugin && !cm.account_is_default && !cm.ctx.account_id.empty() &&
        cm.text.find("#{AWS::AccountId}") != std::string::npos && !has_value(cm.ctx.account_id))
        values.push_back({"#{AWS::AccountId}", cm.ctx.account_id, false});
    // `${aws:accountId}` stays a placeholder offline; where the file writes it, the account under analysis
    // (from the log or the flag) is written as it too.
    if (!cm.account_is_default && !cm.ctx.account_id.empty())
        for (const auto& pr : pairs)
            if (pr.first.find("${aws:accountId}") != std::string::npos) {
                values.push_back({"${aws:accountId}", cm.ctx.account_id, false});
                break;
            }
    // A name the file reads from another stack's output (`${cf:storage-${sls:stage}.UploadsBucketName}`, known only
    // with AWS access) that the log shows in the shape CloudFormation generates for that stack's resource
    // (`storage-dev-uploadsbucket-1a2b3c4d5e6f`: stack, logical id, random suffix): the grant writes the variable as
    // the file does, not one deployment's suffix (nor the stage spliced into it).
    for (const auto& [raw, value] : pairs) {
        if (value.rfind("${cf:", 0) != 0 || !whole_variable(value) || value.find("${", 2) != std::string::npos || !whole_variable(raw)) continue;
        const std::string name = value.substr(2, value.size() - 3);  // cf:storage-dev.UploadsBucketName
        const std::size_t dot = name.find('.');
        if (dot == std::string::npos || dot <= 3) continue;
        const std::string stack = iam::lower_copy(name.substr(3, dot - 3)) + "-", output = iam::lower_copy(name.substr(dot + 1));
        const auto parts = iam::split_arn(g.resource);
        if (parts.count != 6) continue;
        const std::string_view res = parts.resource();
        for (std::size_t b = 0; b < res.size();) {
            std::size_t e = res.find_first_of(":/", b);
            if (e == std::string_view::npos) e = res.size();
            const std::string token(res.substr(b, e - b)), lower = iam::lower_copy(token);
            const std::size_t dash = lower.rfind('-');
            if (lower.size() > stack.size() && lower.compare(0, stack.size(), stack) == 0 && dash != std::string::npos && dash > stack.size() &&
                lower.size() - dash - 1 >= 8 &&
                std::all_of(lower.begin() + static_cast<long>(dash) + 1, lower.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }) &&
                output.rfind(lower.substr(stack.size(), dash - stack.size()), 0) == 0) {
                values.push_back({raw, token, false});
                g.assumed_remote[name] = token;
                g.records.push_back(make_record("fix.remote_variable_assumed", {{"variable", raw}, {"value", token}}, locale));
                break;
            }
            b = e + 1;
        }
    }
    std::optional<json> written = write_with_variables(g.resource, values, cm.account_is_default ? cm.ctx.account_id : "", cm.ctx.region);
    const bool file_spelling = written.has_value();  // (else only the framework's variables, below, if any)
    // (A `!Sub` made only because the account is our default, a masked `***` say, still takes the stage: the
    // framework resolves its variables inside a `!Sub` string before CloudFormation sees it.)
    if (!defaults.empty() && (!(written && written->is_object()) || cm.account_is_default)) {
        std::vector<variable_value> with_defaults = values;
        with_defaults.insert(with_defaults.end(), defaults.begin(), defaults.end());
        std::optional<json> w = write_with_variables(g.resource, with_defaults, cm.account_is_default ? cm.ctx.account_id : "", cm.ctx.region);
        if (w && (w->is_string() || (cm.account_is_default && written && written->is_object()))) written = w;
    }
    // A file that writes the account of its ARNs as `*` (arn:aws:dynamodb:${aws:region}:*:table/...) gets it so.
    if (written && written->is_string() && writes_account_star(cm.doc.root)) {
        const std::string w = written->get<std::string>();
        const auto [b, e] = account_field(w);
        if (b != std::string::npos && w.compare(b, e - b, cm.ctx.account_id) == 0) written = json(w.substr(0, b) + "*" + w.substr(e));
    }
    if (written) {
        g.resource_config = *written;
        const std::string form = written->is_string() ? written->get<std::string>() : "!Sub " + (*written)["Fn::Sub"].get<std::string>();
        g.records.push_back(make_record(file_spelling ? "fix.resource_from_config" : "fix.resource_framework_variables", {{"form", form}}, locale));
    }
    return g;
}

}  // namespace wd::explain
