// SPDX-License-Identifier: MIT
// The explain pipeline's first phases: read the log (its denials, their order and limits), start one state per
// denial (principal, request, account), infer stage/region/parameters from the log, and load the config.
#include "explain/explain_run.hpp"

#include <cctype>

#include "explain/messages.hpp"
#include "explain/option_checks.hpp"
#include "explain/naming.hpp"
#include "iam/arn.hpp"
#include "iam/condition_values.hpp"
#include "iam/request_context.hpp"
#include "serverless/roles_json.hpp"

namespace wd::explain::pipeline {

namespace {

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
        // (A region a CI log masked, `(***)`, is no region; the stage beside it still counts.)
        std::string region(log.substr(r, close - r));
        if (region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) region.clear();
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
        if (!opts.region && !dep->second.empty()) {
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
            const bool from_session = !st;
            if (!st) st = stage_from_session(s.rq.session_name, pre.service, pre.function_keys);
            if (st) {
                out.stage = st;
                // (Said of what it was read from: the role's name, or else the session's, `<service>-<stage>-<function>`.)
                diags.push_back(make_info("WD5101", from_session ? "stage `" + *st + "` inferred from session `" + s.rq.session_name + "` in the log"
                                                                 : "stage `" + *st + "` inferred from role `" + s.rq.role_name + "` in the log",
                                          "log", s.d->line, 0,
                                          from_session ? json{{"stage", *st}, {"source", "log"}, {"session", s.rq.session_name}}
                                                       : json{{"stage", *st}, {"source", "log"}, {"role", s.rq.role_name}}));
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

}  // namespace

[[gnu::noinline]] void explain_run::read_log() {
    locale = given.locale == "ja" ? given.locale : std::string("en");
    req = checked_options(given, diags);
    out["denials"] = json::array();
    out["roles"] = json::array();

    // Lone CRs (old Mac line ends) are line breaks to the framework's YAML reader; the patch is written against
    // the file with LF line ends, which the user is told, so its lines are the lines they see.
    if (yaml::lone_cr_to_lf(req.config)) {
        diags.push_back(make_info("WD1014", "the config ends its lines with a lone CR (old Mac style); they are read as line breaks, as the framework reads them, and the fix is written with LF line ends",
                                            "config", 1, 1));
    }
    if (blank(req.config)) diags.push_back(make_error("WD5001", "the config is empty", "config", 1, 1));
    if (blank(req.log)) diags.push_back(make_error("WD5002", "the log is empty", "log", 1, 1));

    if (!blank(req.log)) {
        lr = log::parse_log(req.log, cat);
        diags.insert(diags.end(), lr.diags.begin(), lr.diags.end());
        // (A look-alike the parser named, WD3002 — Lake Formation, an expired token — is the log's answer: not an error.)
        const bool look_alike = std::any_of(lr.diags.begin(), lr.diags.end(), [](const diagnostic& d) { return d.code == "WD3002"; });
        if (lr.denials.empty() && !has_errors(lr.diags) && !look_alike)
            diags.push_back(make_error("WD5004", "no AccessDenied message found in the log", "log", 1, 1));
        // Issue 8: each denial is evaluated several times and may add a fix; a real log shows a few
        // distinct denials (the parser merges repeats), so past this the rest is listed, not explained.
        if (lr.denials.size() > max_explained_denials) {
            // (When the parser already stopped listing them, WD3011, the count is a floor: "more than".)
            const bool capped = std::any_of(lr.diags.begin(), lr.diags.end(), [](const diagnostic& d) { return d.code == "WD3011"; });
            diags.push_back(make_warning("WD5005",
                                         "the log has " + std::string(capped ? "more than " : "") + std::to_string(lr.denials.size()) +
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
        // ... and its SQS queue URLs (`QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/orders`).
        static constexpr std::string_view host = ".amazonaws.com/";
        for (std::size_t p = c.find(host); p != std::string::npos; p = c.find(host, p + host.size())) {
            const std::size_t q = p + host.size();
            if (q + 13 > c.size() || c[q + 12] != '/') continue;
            const std::string id = c.substr(q, 12);
            if (std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) ++seen[id];
        }
        int best = 0;
        for (const auto& [id, n] : seen)
            if (n > best) best = n, account = id;
        if (!account.empty())
            diags.push_back(make_info("WD5103", "account id `" + account + "` taken from the config's ARNs and URLs", "config", 0, 0,
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
            // `functions: ${file(./functions.yml)}`: the keys are known once the variables are, and a per-function
            // role's name (`pay-dev-charge-us-east-1-lambdaRole`) reads right only with them.
            else if (pre_doc.root.contains("functions") && pre_doc.root["functions"].is_string()) {
                const config_model first = load_config(req.config, pre_doc, req.opts, account);
                for (const auto& f : first.pkg.functions) pre.function_keys.push_back(f.key);
            }
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
            // A config pinned to Serverless Framework 1 or 2 (`frameworkVersion: '2'`) was deployed with that version:
            // v3 refuses to package it (WD2040, an error for `package`), but the execution roles v1/v2 built are the
            // ones v3 builds (the same `IamRoleLambdaExecution`, statements and names), so the analysis stands; it
            // says which rules it used.
            for (auto& d : cm.pkg.diags) {
                if (d.code != "WD2040" || d.level != severity::error || !d.args.contains("frameworkVersion") || !d.args["frameworkVersion"].is_string())
                    continue;
                const std::string range = d.args["frameworkVersion"].get<std::string>();
                const std::size_t digit = range.find_first_of("0123456789");
                if (digit == std::string::npos || (range[digit] != '1' && range[digit] != '2') ||
                    (digit + 1 < range.size() && std::isdigit(static_cast<unsigned char>(range[digit + 1])) != 0))
                    continue;
                d.code = "WD5110";
                d.level = severity::warning;
                d.message = "`frameworkVersion` (" + range + ") is Serverless Framework " + range[digit] +
                            ": the roles are analysed with 3.40.0's rules, which build the same execution roles for v1/v2 configs; v3's own `sls package` would refuse the file";
            }
            diags.insert(diags.end(), cm.pkg.diags.begin(), cm.pkg.diags.end());
            report_config_defaults(cm, req.opts, inferred, diags);
        }
    }
    out["roles"] = sls::roles_to_json(cm.pkg.roles);
}

}  // namespace wd::explain::pipeline
