// SPDX-License-Identifier: MIT
// Which role of the config the log's principal is, and which function its session is.
#include <algorithm>
#include <cctype>

#include "explain/analysis.hpp"
#include "explain/intrinsics.hpp"
#include "explain/messages.hpp"
#include "explain/naming.hpp"
#include "iam/glob.hpp"

namespace wd::explain {
namespace {

// `reports-stack-ReportsRole-1AB2C3D4E5F6`: the name CloudFormation gives a resource without an explicit
// name, `<stack>-<LogicalId>-<suffix>`, the suffix 12 or 13 upper-case letters and digits.
bool generated_name_of(std::string_view name, std::string_view logical_id) {
    const std::size_t dash = name.rfind('-');
    if (dash == std::string_view::npos) return false;
    const std::string_view suffix = name.substr(dash + 1);
    if (suffix.size() < 12 || suffix.size() > 13) return false;
    for (char c : suffix)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    const std::string_view head = name.substr(0, dash);
    return head.size() > logical_id.size() + 1 && head.substr(head.size() - logical_id.size()) == logical_id &&
           head[head.size() - logical_id.size() - 1] == '-';
}

bool name_matches(const std::string& pattern_or_name, const std::string& candidate) {
    if (pattern_or_name.empty() || candidate.empty()) return false;
    std::string glob = redaction_glob(pattern_or_name);
    if (glob == pattern_or_name) return iam::iequals(pattern_or_name, candidate);
    return iam::glob_match(glob, candidate, true);
}

std::string external_role_name(const std::string& arn) {
    std::size_t slash = arn.rfind('/');
    return slash == std::string::npos ? std::string() : arn.substr(slash + 1);
}

bool is_deploy_log(std::string_view log) {
    // (The framework's own variable resolution runs as the identity that deploys: `Cannot resolve variable at
    // "provider.environment.X": ... not authorized to perform: ssm:GetParameter`; and `sls`/`aws s3` uploads of
    // the deployment artifacts.)
    for (const char* marker : {"CREATE_FAILED", "UPDATE_FAILED", "CloudFormation", "cloudformation", "Deploying ",
                               "Cannot resolve variable at", "Variables resolution errored", "upload failed: ", "Packaging ",
                               "An error occurred: ", "HandlerErrorCode: "})
        if (log.find(marker) != std::string_view::npos) return true;
    return false;
}

// A local run of a handler: serverless-offline's banner and prefixes, `sls invoke local`. The SDK then signs with
// the developer's own credentials, not the function's role.
bool is_local_run_log(std::string_view log) {
    for (const char* marker : {"Starting Offline", "Offline listening on", "Offline [http", "serverless-offline", "offline: ",
                               "invoke local", "Invoke Local", "Invoking function locally"})
        if (log.find(marker) != std::string_view::npos) return true;
    return false;
}

}  // namespace

match_result match_principal(const config_model& cm, const log::denial& d, const request_view& rq,
                             std::string_view log_text, std::string_view locale) {
    match_result m;
    const auto& roles = cm.pkg.roles;
    const auto& fns = cm.pkg.functions;
    m.role_in_log = !rq.role_name.empty();
    if (has_redaction(rq.role_name)) m.redacted.push_back("role name");
    if (has_redaction(rq.session_name)) m.redacted.push_back("session name");
    if (has_redaction(d.principal.arn.substr(0, d.principal.arn.find('/'))) || d.principal.arn.rfind("[", 0) == 0)
        m.redacted.push_back("account/ARN prefix");
    if (!d.redacted.empty()) m.redacted = d.redacted;  // the parser names the fields precisely

    // the role
    std::vector<const sls::role_info*> hits;
    for (const auto& r : roles) {
        std::string name = r.role_name.empty() ? external_role_name(r.external_arn) : r.role_name;
        if (name_matches(rq.role_name, name)) {
            hits.push_back(&r);
            continue;
        }
        // A role of `resources` named by an intrinsic (`RoleName: !Sub 'app-${AWS::Region}-worker'`): its
        // name with the pseudo parameters we know.
        if (name.empty() && !r.logical_id.empty() && !rq.role_name.empty() && !has_redaction(rq.role_name)) {
            std::vector<std::string> unresolved;
            const std::string resolved = resource_attribute(r.logical_id, "", cm.ctx, unresolved);
            if (!resolved.empty() && unresolved.empty() && !is_placeholder_text(resolved) &&
                resolved.find('*') == std::string::npos && iam::iequals(resolved, rq.role_name)) {
                hits.push_back(&r);
                continue;
            }
            // A template's name built from its Parameters or the stack's name (`!Sub '${AWS::StackName}-worker'`):
            // any value of those, as long as the rest of the name is there to compare.
            if (cm.is_plain_template) {
                resolve_context any = cm.ctx;
                any.wildcard_names = true;
                std::vector<std::string> missing;
                const std::string glob = resource_attribute(r.logical_id, "", any, missing);
                std::size_t literal = 0;
                for (char c : glob) literal += c != '*';
                if (missing.empty() && !glob.empty() && glob.find('*') != std::string::npos && literal >= 4 &&
                    !is_placeholder_text(glob) && iam::glob_match(glob, rq.role_name, true)) {
                    hits.push_back(&r);
                    continue;
                }
            }
        }
        // A role of `resources` without RoleName is deployed as <stack>-<LogicalId>-<random>. (A plain template
        // does not say its stack's name: any stack, with CloudFormation's random suffix after the logical id.)
        if (name.empty() && !r.logical_id.empty() && !rq.role_name.empty() && !has_redaction(rq.role_name) &&
            ((!cm.ctx.stack_name.empty() && iam::glob_match(cm.ctx.stack_name + "-" + r.logical_id + "-*", rq.role_name, true)) ||
             (cm.is_plain_template && generated_name_of(rq.role_name, r.logical_id))))
            hits.push_back(&r);
    }
    if (hits.size() > 1) {  // a redacted pattern may fit several roles: prefer one whose function fits the session
        for (const auto* r : hits)
            for (const auto& f : fns)
                if (std::find(r->functions.begin(), r->functions.end(), f.key) != r->functions.end() &&
                    name_matches(rq.session_name, f.function_name)) {
                    hits = {r};
                    break;
                }
    }
    if (!hits.empty()) m.role = hits.front();

    // the function: session name, then a logical id printed by deploy tools, then the only function of the role
    auto fn_fits_role = [&](const sls::function_info& f) {
        return !m.role || std::find(m.role->functions.begin(), m.role->functions.end(), f.key) != m.role->functions.end();
    };
    std::vector<const sls::function_info*> fhits;
    for (const auto& f : fns)
        if (fn_fits_role(f) && name_matches(rq.session_name, f.function_name)) fhits.push_back(&f);
    if (fhits.size() == 1 && !has_redaction(rq.session_name)) {
        m.function = fhits.front();
        m.records.push_back(make_record("match.function", {{"session", rq.session_name}, {"function", m.function->key}}, locale));
    }
    if (!m.function && rq.session_name.empty() && rq.role_name.empty()) {
        for (const auto& f : fns) {
            if (f.logical_id.empty()) continue;
            if (log_text.find(f.logical_id) != std::string_view::npos) {
                m.function = &f;
                m.records.push_back(make_record("match.function_logical_id",
                                                {{"logical_id", f.logical_id}, {"function", f.key}}, locale));
                break;
            }
        }
        // A stack event on the event source mapping the framework makes for one function's SQS, stream or Kafka
        // event (`<Fn>EventSourceMapping<...>`): Lambda checks that function's execution role when it creates the
        // mapping, so the denial is the role's. The logical id starts with the function's normalised name (longest
        // name first). (Other event resources, a permission or a rule, are created as the deploying identity.)
        const bool user_resource = cm.ctx.resources && cm.ctx.resources->is_object() && cm.ctx.resources->contains(d.logical_id);
        if (!m.function && !d.logical_id.empty() && !user_resource) {
            std::size_t best = 0;
            for (const auto& f : fns) {
                static constexpr std::string_view tail = "LambdaFunction";
                if (f.logical_id.size() <= tail.size() || f.logical_id.compare(f.logical_id.size() - tail.size(), tail.size(), tail) != 0) continue;
                const std::string_view base = std::string_view(f.logical_id).substr(0, f.logical_id.size() - tail.size());
                if (base.size() <= best || d.logical_id.rfind(base, 0) != 0) continue;
                const std::string_view rest = std::string_view(d.logical_id).substr(base.size());
                if (rest.rfind("EventSourceMapping", 0) == 0) {
                    m.function = &f;
                    best = base.size();
                }
            }
            if (m.function)
                m.records.push_back(make_record("match.function_event_resource", {{"logical_id", d.logical_id}, {"function", m.function->key}}, locale));
        }
        // (An IAM user or the root user named by the log is the deploying identity, never the function's role. Nor
        // is the stack event that failed to create or update the function itself, `An error occurred:
        // IncomingLambdaFunction - Resource handler returned message: "null (Service: Lambda, Status Code: 403
        // ...)"`: CloudFormation called Lambda as the deploying identity. Lambda's own check of the execution role
        // at deploy time names the role's missing actions, and is the role's.)
        const bool stack_event_on_function = m.function && !d.logical_id.empty() && d.logical_id == m.function->logical_id &&
                                             !d.execution_role_check && d.checked_actions.empty() && d.action.empty();
        if (m.function && !m.role && d.principal.type != "user" && d.principal.type != "root" && !stack_event_on_function)
            for (const auto& r : roles)
                if (r.logical_id == m.function->role_logical_id ||
                    std::find(r.functions.begin(), r.functions.end(), m.function->key) != r.functions.end())
                    m.role = &r;
    }
    // A session named like a function of this service (`<service>-<stage>-warmup-plugin`) that no function key
    // gives is another function on the same role: one a plugin adds (a warmer, say), or one no longer in the file.
    const std::string service_prefix = cm.pkg.service.empty() || cm.pkg.stage.empty() ? std::string()
                                                                                        : cm.pkg.service + "-" + cm.pkg.stage + "-";
    const bool other_function = !m.function && !service_prefix.empty() && fhits.empty() &&
                                rq.session_name.size() > service_prefix.size() && rq.session_name.rfind(service_prefix, 0) == 0 &&
                                !has_redaction(rq.session_name) &&
                                std::none_of(fns.begin(), fns.end(), [&](const sls::function_info& f) { return name_matches(rq.session_name, f.function_name); });
    if (other_function && m.role) {
        m.records.push_back(make_record("match.session_other_function", {{"session", rq.session_name}}, locale));
    } else if (!m.function && m.role && m.role->functions.size() == 1) {
        for (const auto& f : fns)
            if (f.key == m.role->functions.front()) m.function = &f;
        if (m.function)
            m.records.push_back(make_record("match.function_single", {{"function", m.function->key}}, locale));
    } else if (!m.function && fhits.size() == 1) {
        m.function = fhits.front();
        m.records.push_back(make_record("match.function", {{"session", rq.session_name}, {"function", m.function->key}}, locale));
    }
    // No principal, but the log names the function's log group (`aws logs tail /aws/lambda/store-dev-export`,
    // a console's group header): the group nearest above the denial is its function.
    if (!m.function && rq.session_name.empty() && rq.role_name.empty() && d.line > 0) {
        std::size_t at_line = 0;
        for (int l = 1; l < d.line && at_line != std::string_view::npos; ++l) {
            at_line = log_text.find('\n', at_line);
            if (at_line != std::string_view::npos) ++at_line;
        }
        if (at_line == std::string_view::npos) at_line = log_text.size();
        // Group headers above the denial, nearest first: one backward search, whatever the number of functions.
        static constexpr std::string_view prefix = "/aws/lambda/";
        const sls::function_info* best = nullptr;
        for (std::size_t p = at_line == 0 ? std::string_view::npos : log_text.rfind(prefix, at_line - 1);
             p != std::string_view::npos && !best; p = p == 0 ? std::string_view::npos : log_text.rfind(prefix, p - 1)) {
            std::size_t e = p + prefix.size();
            while (e < log_text.size() && (std::isalnum(static_cast<unsigned char>(log_text[e])) || log_text[e] == '-' || log_text[e] == '_')) ++e;
            const std::string_view name = log_text.substr(p + prefix.size(), e - p - prefix.size());
            for (const auto& f : fns)
                if (!f.function_name.empty() && f.function_name == name) best = &f;
        }
        if (best && fn_fits_role(*best)) {
            m.function = best;
            m.records.push_back(make_record("match.function_log_group", {{"group", "/aws/lambda/" + best->function_name}, {"function", best->key}}, locale));
            if (!m.role)
                for (const auto& r : roles)
                    if (r.logical_id == best->role_logical_id) m.role = &r;
        }
    }
    // No principal, but a structured log line names its function (AWS Lambda Powertools' `"function_name"` and
    // `"function_arn"` fields, on every line it writes): the nearest such field at or above the denial.
    if (!m.function && rq.session_name.empty() && rq.role_name.empty() && d.line > 0) {
        std::size_t end = std::string_view::npos, from = 0;  // the end of the denial's (1-based) line
        for (int l = 0; l < d.line && from <= log_text.size(); ++l, from = end + 1)
            if ((end = log_text.find('\n', from)) == std::string_view::npos) break;
        const std::string_view upto = log_text.substr(0, end == std::string_view::npos ? log_text.size() : end);
        // The last such field before the end of the denial's line: its value, the function name.
        std::string named;
        std::size_t latest = 0;
        for (const std::string_view key : {std::string_view("\"function_name\":\""), std::string_view("\"function_arn\":\"")}) {
            const std::size_t at = upto.rfind(key);
            if (at == std::string_view::npos || (!named.empty() && at < latest)) continue;
            const std::size_t from = at + key.size(), close = upto.find('"', from);
            if (close == std::string_view::npos) continue;
            std::string_view value = upto.substr(from, close - from);
            if (key.find("arn") != std::string_view::npos) {
                const std::size_t fn = value.find(":function:");
                if (fn == std::string_view::npos) continue;
                value = value.substr(fn + 10);
                value = value.substr(0, value.find(':'));  // (without a version or alias qualifier)
            }
            named = std::string(value);
            latest = at;
        }
        const sls::function_info* best = nullptr;
        for (const auto& f : fns)
            if (!named.empty() && f.function_name == named) best = &f;
        if (best && fn_fits_role(*best)) {
            m.function = best;
            m.records.push_back(make_record("match.function_log_field", {{"function_name", best->function_name}, {"function", best->key}}, locale));
            if (!m.role)
                for (const auto& r : roles)
                    if (r.logical_id == best->role_logical_id) m.role = &r;
        }
    }
    // A Lambda function's own log (START/END lines, /var/task/ paths) that prints no principal (a bare S3
    // "Forbidden", KMS's ciphertext message): the caller is the function's execution role. With one function,
    // that is the function; with several on one role, at least the role is known.
    const bool anonymous_lambda_log = d.principal.type == "role" && d.principal.arn.empty() && rq.role_name.empty() &&
                                      rq.session_name.empty();
    if (!m.role && !m.function && anonymous_lambda_log && !fns.empty()) {
        const std::string& only_role = fns.front().role_logical_id;
        const bool shared = std::all_of(fns.begin(), fns.end(), [&](const sls::function_info& f) { return f.role_logical_id == only_role; });
        for (const auto& r : roles)
            if ((fns.size() == 1 || shared) && !only_role.empty() && r.logical_id == only_role) m.role = &r;
        if (fns.size() == 1) {
            m.function = &fns.front();
            m.records.push_back(make_record("match.lambda_log_only_function", {{"function", m.function->key}}, locale));
        } else if (m.role) {
            m.records.push_back(make_record("match.lambda_log_shared_role", {{"logical_id", m.role->logical_id}}, locale));
        }
    }
    if (m.role && !(anonymous_lambda_log && rq.role_name.empty())) {
        const std::string logical = m.role->logical_id.empty() ? m.role->external_arn : m.role->logical_id;
        // "The log's role" only when the log names one; else the role is the function's, from the config.
        // (A role the config names by ARN is not in the generated template: it is only named there.)
        if (!rq.role_name.empty() && m.role->logical_id.empty() && !m.role->external_arn.empty())
            m.records.insert(m.records.begin(), make_record("match.role_external", {{"role_name", rq.role_name}, {"arn", m.role->external_arn}}, locale));
        else if (!rq.role_name.empty())
            m.records.insert(m.records.begin(), make_record("match.role", {{"role_name", rq.role_name}, {"logical_id", logical}}, locale));
        else
            m.records.insert(m.records.begin(),
                             make_record("match.role_from_config", {{"role_name", m.role->role_name}, {"logical_id", logical}}, locale));
    }
    if (!m.redacted.empty()) m.records.push_back(make_record("match.redacted", {{"fields", m.redacted}}, locale));

    // deployment identities: an IAM user, or a role the config does not create seen in deploy output
    if (!m.role) {
        // The deploy error names the resource being created (`UPDATE_FAILED: ChargeLambdaFunction`): that
        // function is what the deployment was doing when it was denied.
        if (!m.function && !d.logical_id.empty())
            for (const auto& f : fns)
                if (f.logical_id == d.logical_id) {
                    m.function = &f;
                    m.records.push_back(make_record("match.function_logical_id", {{"logical_id", f.logical_id}, {"function", f.key}}, locale));
                }
        bool user = d.principal.type == "user" || d.principal.type == "root";
        bool deploy_action = d.action.rfind("cloudformation:", 0) == 0 || d.action == "iam:PassRole" ||
                             d.action.rfind("iam:CreateRole", 0) == 0 || d.action.rfind("iam:PutRolePolicy", 0) == 0;
        // (A stack event that names no caller at all, `An error occurred: ServerlessDeploymentBucket - API:
        // s3:CreateBucket Access Denied`, is the deployment's own identity too: CloudFormation acts as it.)
        const bool no_caller = rq.role_name.empty() && d.principal.arn.empty() && d.principal.text.empty() && !anonymous_lambda_log;
        if (user || (!rq.role_name.empty() && !has_redaction(rq.role_name) && (deploy_action || is_deploy_log(log_text))) ||
            (no_caller && (!d.logical_id.empty() || is_deploy_log(log_text)))) {
            m.deploy_principal = true;
            m.local_run = user && is_local_run_log(log_text) && !is_deploy_log(log_text);
            if (m.local_run)
                m.records.push_back(make_record("match.local_principal",
                                                {{"principal", rq.principal_arn.empty() ? d.principal.arn : rq.principal_arn}, {"action", rq.action}},
                                                locale));
            else if (rq.principal_arn.empty() && rq.role_name.empty())
                m.records.push_back(make_record("match.deploy_stack_event", {{"logical_id", d.logical_id}}, locale));
            else
                m.records.push_back(make_record("match.deploy_principal",
                                                {{"principal", rq.principal_arn.empty() ? rq.role_name : rq.principal_arn},
                                                 {"action", rq.action}},
                                                locale));
        }
    }
    return m;
}

}  // namespace wd::explain
