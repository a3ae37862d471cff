// SPDX-License-Identifier: MIT
// The decision for one request against one role of the config: identity statements (inline + managed),
// the permissions boundary and any resource policy the config defines, evaluated by wd::iam::evaluate.
// The trace is the evaluator's, preceded by a sentence-level summary of why.
#include <algorithm>

#include "explain/analysis.hpp"
#include "explain/messages.hpp"
#include "iam/arn.hpp"
#include "iam/condition_values.hpp"
#include "iam/request_context.hpp"
#include "yaml/document.hpp"

namespace wd::explain {

namespace {
constexpr const char* k_service_set_keys[] = {"kms:ViaService", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
                                              "aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths",
                                              "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList"};
}  // namespace

bool is_service_set_key(std::string_view key) {
    for (const char* k : k_service_set_keys)
        if (iam::iequals(key, k)) return true;
    return false;
}
namespace {

json as_list(const json& v) { return v.is_array() ? v : json::array({v}); }

std::string account_of(const std::string& arn) {
    auto p = iam::split_arn(arn);
    if (p.count == 6 && p.account().size() == 12) return std::string(p.account());
    return {};
}

// Whether the S3 ARN's bucket is one the file creates (`AWS::S3::Bucket` under `resources` or for an event, by its
// BucketName).
bool file_creates_bucket(const config_model& cm, const std::string& arn) {
    const std::size_t at = arn.find(":s3:::") + 6, slash = arn.find('/', at);
    const std::string bucket = arn.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
    std::vector<std::string> unresolved;
    for (const json* all : {cm.ctx.resources, static_cast<const json*>(cm.ctx.event_resources.get())}) {
        if (!all || !all->is_object()) continue;
        for (const auto& [id, r] : all->items()) {
            if (!r.is_object() || r.value("Type", json()) != "AWS::S3::Bucket") continue;
            const json props = r.value("Properties", json::object());
            if (!props.is_object() || !props.contains("BucketName")) continue;
            const json name = resolve(props["BucketName"], cm.ctx, unresolved);
            if (name.is_string() && name.get<std::string>() == bucket) return true;
        }
    }
    return false;
}

// Resource policies the config defines for the requested resource (same-stack queue/bucket/topic/secret/key).
std::optional<iam::named_policy> resource_policy_for(const config_model& cm, const std::string& resource,
                                                     std::vector<std::string>& unresolved, const std::string& action = std::string()) {
    if (!cm.ctx.resources || !cm.ctx.resources->is_object()) return std::nullopt;
    for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it) {
        const json& r = it.value();
        if (!r.is_object() || !r.contains("Properties")) continue;
        std::string type = r.value("Type", std::string());
        const json& p = r["Properties"];
        json doc;
        std::string doc_member = "PolicyDocument";
        std::vector<std::string> targets;
        auto add_target = [&](const json& v, bool bucket) {
            json t = resolve(v, cm.ctx, unresolved);
            if (!t.is_string()) return;
            std::string s = t.get<std::string>();
            if (bucket && s.rfind("arn:", 0) != 0) s = "arn:" + cm.ctx.partition + ":s3:::" + s;
            targets.push_back(s);
        };
        if (type == "AWS::SQS::QueuePolicy" && p.contains("Queues")) {
            doc = p.value("PolicyDocument", json());
            for (const auto& q : as_list(p["Queues"])) {
                json url = resolve(q, cm.ctx, unresolved);  // queue URL -> ARN
                if (!url.is_string()) continue;
                std::string u = url.get<std::string>();
                std::size_t slash = u.rfind('/');
                if (slash != std::string::npos)
                    targets.push_back("arn:" + cm.ctx.partition + ":sqs:" + cm.ctx.region + ":" + cm.ctx.account_id + ":" + u.substr(slash + 1));
            }
        } else if (type == "AWS::S3::BucketPolicy" && p.contains("Bucket")) {
            doc = p.value("PolicyDocument", json());
            add_target(p["Bucket"], true);
        } else if (type == "AWS::SNS::TopicPolicy" && p.contains("Topics")) {
            doc = p.value("PolicyDocument", json());
            for (const auto& t : as_list(p["Topics"])) add_target(t, false);
        } else if (type == "AWS::SecretsManager::ResourcePolicy" && p.contains("SecretId")) {
            // SecretId is the secret's ARN (with its random suffix) or a Ref to it (a `-??????` pattern).
            doc = p.value("ResourcePolicy", json());
            doc_member = "ResourcePolicy";
            add_target(p["SecretId"], false);
            // ...or its name (`SecretId: app/dev/db`): the ARN with the random suffix as a pattern.
            if (!targets.empty() && targets.back().rfind("arn:", 0) != 0)
                targets.back() = "arn:" + cm.ctx.partition + ":secretsmanager:" + cm.ctx.region + ":" + cm.ctx.account_id +
                                 ":secret:" + targets.back() + "-??????";
        } else if (type == "AWS::IAM::Role" && p.contains("AssumeRolePolicyDocument") && is_trust_policy_action(action)) {
            // A role's trust policy is its resource policy for sts:AssumeRole*, and for the session tags and source
            // identity passed with it (id_session-tags.html, "Permissions required to add session tags"): it must
            // name the caller itself.
            doc = p["AssumeRolePolicyDocument"];
            doc_member = "AssumeRolePolicyDocument";
            std::vector<std::string> ignored;
            const std::string arn = resource_attribute(it.key(), "Arn", cm.ctx, ignored);
            if (!arn.empty() && ignored.empty()) targets.push_back(arn);
        } else if (type == "AWS::DynamoDB::Table" && p.contains("ResourcePolicy") && p["ResourcePolicy"].is_object() &&
                   p["ResourcePolicy"].contains("PolicyDocument")) {
            // A table's resource-based policy is a property of the table (DynamoDB developer guide, "Using
            // resource-based policies"); it covers the table and its indexes (a stream has its own).
            doc = p["ResourcePolicy"]["PolicyDocument"];
            doc_member = "ResourcePolicy/PolicyDocument";
            std::vector<std::string> ignored;
            const std::string arn = resource_attribute(it.key(), "Arn", cm.ctx, ignored);
            if (!arn.empty() && ignored.empty()) {
                targets.push_back(arn);
                targets.push_back(arn + "/index/*");
            }
        } else if (type == "AWS::KMS::Key" && p.contains("KeyPolicy")) {
            // The key id is random: a key ARN in the log is this key only when the file has no other key.
            if (resources_of_type(cm.ctx.resources, "AWS::KMS::Key") != 1) continue;
            doc = p["KeyPolicy"];
            doc_member = "KeyPolicy";
            // the key id is generated: a key ARN in the log belongs to the key only if the config has one key
            targets.push_back("arn:" + cm.ctx.partition + ":kms:" + cm.ctx.region + ":" + cm.ctx.account_id + ":key/*");
        }
        if (doc.is_null()) continue;
        for (const auto& t : targets) {
            // (A bucket without BucketName resolves to its generated-name pattern: matched as a pattern.)
            const bool pattern = t.find_first_of("*?") != std::string::npos;
            bool hit = t == resource || (type == "AWS::S3::BucketPolicy" && resource.rfind(t + "/", 0) == 0) ||
                       (type == "AWS::S3::BucketPolicy" && pattern &&
                        (iam::resource_pattern_matches(t, resource, cm.budget.get()) ||
                         iam::resource_pattern_matches(t + "/*", resource, cm.budget.get()))) ||
                       (pattern && type != "AWS::S3::BucketPolicy" && iam::resource_pattern_matches(t, resource, cm.budget.get()));
            if (!hit) continue;
            iam::named_policy np;
            np.name = it.key();
            np.document = resolve(doc, cm.ctx, unresolved);
            const std::string pointer = cm.resources_pointer() + "/" + yaml::escape_pointer_token(it.key());
            const yaml::node_span* sp = cm.doc.span_of(pointer);
            np.source = {{"kind", "resources"}, {"logicalId", it.key()}, {"line", sp ? sp->key.line : 0},
                         {"pointer", pointer + "/Properties/" + doc_member}, {"type", type}};
            return np;
        }
    }
    return std::nullopt;
}

// An identity policy that allows everything: beside one Deny statement, it shows whether that Deny alone
// denies the request.
iam::named_policy allow_all_policy() {
    iam::named_policy all;
    all.name = "allow-all";
    all.document = {{"Version", "2012-10-17"}, {"Statement", {{{"Effect", "Allow"}, {"Action", "*"}, {"Resource", "*"}}}}};
    return all;
}

// A policy's aws:SourceIp value that names only addresses AWS never sees as a caller's source address: private
// (RFC 1918, RFC 4193), loopback, link-local or shared (RFC 6598) space.
bool is_private_block(std::string_view value) {
    const std::size_t slash = value.find('/');
    const auto ip = iam::parse_ip(value.substr(0, slash));
    if (!ip) return false;
    int prefix = ip->v6 ? 128 : 32;
    if (slash != std::string_view::npos) {
        const std::string_view bits = value.substr(slash + 1);
        if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string_view::npos) return false;
        prefix = std::stoi(std::string(bits));
        if (prefix > (ip->v6 ? 128 : 32)) return false;
    }
    struct reserved {
        const char* block;
        int length;
        bool v6;
    };
    static constexpr reserved blocks[] = {{"10.0.0.0/8", 8, false},     {"172.16.0.0/12", 12, false}, {"192.168.0.0/16", 16, false},
                                          {"127.0.0.0/8", 8, false},    {"169.254.0.0/16", 16, false}, {"100.64.0.0/10", 10, false},
                                          {"fc00::/7", 7, true},        {"fe80::/10", 10, true},       {"::1/128", 128, true}};
    for (const auto& [block, length, v6] : blocks)
        if (v6 == ip->v6 && prefix >= length && iam::cidr_contains(block, *ip)) return true;
    return false;
}

// The values a policy document compares aws:SourceIp with, anywhere in its conditions. False: one is not text.
bool source_ip_values(const json& j, std::vector<std::string>& out) {
    if (j.is_array()) {
        for (const auto& v : j)
            if (!source_ip_values(v, out)) return false;
    } else if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            if (!iam::iequals(k, "aws:SourceIp")) {
                if (!source_ip_values(v, out)) return false;
                continue;
            }
            for (const auto& x : (v.is_array() ? v : json::array({v}))) {
                if (!x.is_string()) return false;
                out.push_back(x.get<std::string>());
            }
        }
    }
    return true;
}

// A managed policy of the role whose statements were not read (a customer-managed one): it may hold a Deny.
bool has_unread_managed(const json& records) {
    for (const auto& r : records)
        if (r.value("key", std::string()) == "trace.managed_unknown") return true;
    return false;
}

json statements_of(const json& doc) {
    if (!doc.is_object() || !doc.contains("Statement")) return json::array();
    return as_list(doc["Statement"]);
}

// The Deny statement of `doc` (a policy of the file at `pointer`) that denies the request: each Deny alone
// (`place(probe, [deny], true)`, beside an identity policy that allows everything) must deny it. Also whether
// the request is allowed once that statement is gone (`place(copy, rest, false)`).
template <typename Place>
std::optional<resource_deny> locate_deny(const config_model& cm, const iam::evaluation_input& in, const iam::catalog* cat,
                                         const json& doc, const std::string& pointer, const std::string& logical_id,
                                         Place place) {
    const bool listed = doc.is_object() && doc.contains("Statement") && doc["Statement"].is_array();
    const json stmts = statements_of(doc);
    for (std::size_t i = 0; i < stmts.size(); ++i) {
        const json& st = stmts[i];
        if (!st.is_object() || st.value("Effect", json()) != "Deny") continue;
        iam::evaluation_input probe = in;
        probe.identity = {allow_all_policy()};
        place(probe, json::array({st}), true);
        if (iam::evaluate(probe, cat).decision != "ExplicitDeny") continue;
        resource_deny rd;
        rd.logical_id = logical_id;
        rd.pointer = pointer + "/Statement" + (listed ? "/" + std::to_string(i) : "");
        const yaml::node_span* sp = cm.doc.span_of(rd.pointer);
        rd.line = sp ? sp->value.line : 0;
        rd.statement = st;
        iam::evaluation_input without = in;
        json rest = json::array();
        for (std::size_t j = 0; j < stmts.size(); ++j)
            if (j != i) rest.push_back(stmts[j]);
        place(without, rest, false);
        rd.allowed_without = iam::evaluate(without, cat).decision == "Allow";
        return rd;
    }
    return std::nullopt;
}

// `orders-prod` where the request names `orders-dev` and the stage is `dev`: the same text around the stage's
// place with another word in it (that word), else "".
std::string other_stage_word(const std::string& had, const std::string& req, const std::string& stage) {
    const std::size_t sp = stage.empty() ? std::string::npos : req.find(stage);
    if (sp == std::string::npos || had.size() < sp || had.compare(0, sp, req, 0, sp) != 0) return {};
    const std::size_t tail = req.size() - sp - stage.size();
    if (had.size() <= sp + tail || had.compare(had.size() - tail, tail, req, req.size() - tail, tail) != 0) return {};
    const std::string other = had.substr(sp, had.size() - tail - sp);
    return other.empty() || other.find_first_of("/:") != std::string::npos || other.size() > 32 ? std::string() : other;
}

// The Tags a resource of the template carries (`Properties.Tags`: a list of Key/Value, or a map as SSM
// parameters write them), resolved. A tag whose key or value cannot be resolved is left out: unknown, not absent.
std::vector<std::pair<std::string, std::string>> template_tags(const config_model& cm, const std::string& logical_id) {
    std::vector<std::pair<std::string, std::string>> out;
    if (logical_id.empty() || !cm.ctx.resources) return out;
    const json* tags = raw_at(*cm.ctx.resources, "/" + yaml::escape_pointer_token(logical_id) + "/Properties/Tags");
    if (!tags) return out;
    auto add = [&](const json& key, const json& value) {
        std::vector<std::string> unresolved;
        const json k = resolve(key, cm.ctx, unresolved), v = resolve(value, cm.ctx, unresolved);
        if (unresolved.empty() && k.is_string() && !k.get_ref<const std::string&>().empty() && (v.is_string() || v.is_number() || v.is_boolean()))
            out.emplace_back(k.get<std::string>(), iam::scalar_text(v));
    };
    if (tags->is_array()) {
        for (const auto& t : *tags)
            if (t.is_object() && t.contains("Key") && t.contains("Value")) add(t["Key"], t["Value"]);
    } else if (tags->is_object()) {
        for (auto it = tags->begin(); it != tags->end(); ++it) add(json(it.key()), it.value());
    }
    return out;
}

// The logical id of the one resource with Tags that the file defines under `resources` and the request is on
// (its Ref or Arn is the request's resource, a secret's `-??????` suffix matched), or "".
std::string tagged_resource_of_request(const config_model& cm, const resolve_context& pinned, const std::string& resource) {
    if (!cm.ctx.resources || !cm.ctx.resources->is_object() || resource.rfind("arn:", 0) != 0) return {};
    std::string found;
    for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it) {
        if (!raw_at(it.value(), "/Properties/Tags")) continue;
        bool hit = false;
        for (const char* attr : {"", "Arn"}) {
            std::vector<std::string> unresolved;
            const std::string arn = resource_attribute(it.key(), attr, pinned, unresolved);
            if (!unresolved.empty() || arn.rfind("arn:", 0) != 0) continue;
            hit = hit || arn == resource ||
                  (arn.find_first_of("*?") != std::string::npos && iam::resource_pattern_matches(arn, resource, cm.budget.get()));
        }
        if (!hit) continue;
        if (!found.empty()) return {};  // two resources fit: which one's tags is not known
        found = it.key();
    }
    return found;
}

}  // namespace

bool is_trust_policy_action(const std::string& action) {
    return (action.size() >= 14 && iam::iequals(std::string_view(action).substr(0, 14), "sts:AssumeRole")) ||
           iam::iequals(action, "sts:TagSession") || iam::iequals(action, "sts:SetSourceIdentity");
}

bool is_global_service(const std::string& service) {
    return service == "iam" || service == "organizations" || service == "cloudfront" || service == "route53" ||
           service == "waf" || service == "shield";
}

namespace {

// Whether a placeholder's reference (`Fn::GetAtt KeyA.Arn`, `Ref Topic`, `${Bucket.Arn}`) names a resource of the
// file: one whose value is unknown only because AWS picks it (a key's random id), not a value from elsewhere.
bool names_file_resource(std::string what, const resolve_context& ctx) {
    if (what.rfind("Fn::GetAtt ", 0) == 0) what = what.substr(11);
    else if (what.rfind("Ref ", 0) == 0) what = what.substr(4);
    else if (what.rfind("${", 0) == 0 && what.back() == '}') what = what.substr(2, what.size() - 3);
    else return false;
    const std::string id = what.substr(0, what.find('.'));
    return (ctx.resources && ctx.resources->is_object() && ctx.resources->contains(id)) ||
           (ctx.event_resources && ctx.event_resources->is_object() && ctx.event_resources->contains(id));
}

// Each placeholder in `v` (strings, lists) for a value that cannot be known offline becomes `*`; whether there was one.
bool widen_placeholders(json& v, const resolve_context& ctx) {
    if (v.is_array()) {
        bool any = false;
        for (auto& x : v) any = widen_placeholders(x, ctx) || any;
        return any;
    }
    if (!v.is_string()) return false;
    std::string s = v.get<std::string>();
    bool any = false;
    const std::size_t skip = placeholder_prefix.size();
    for (std::size_t at = s.find(placeholder_prefix); at != std::string::npos; at = s.find(placeholder_prefix, at + 1)) {
        const std::size_t end = s.find('>', at);
        if (end == std::string::npos) break;
        if (names_file_resource(s.substr(at + skip, end - at - skip), ctx)) continue;
        s.replace(at, end - at + 1, "*");
        any = true;
    }
    if (any) v = s;
    return any;
}

}  // namespace

namespace {

// Whether any function on the role has a `vpc` setting (its own or the provider's): its calls may then go
// through a VPC endpoint. (A function's `vpc` written as a variable AWS resolves counts as set.)
bool role_functions_in_vpc(const config_model& cm, const sls::role_info& role) {
    const json& root = cm.pkg.resolved_config.is_object() ? cm.pkg.resolved_config : cm.doc.root;
    auto set = [](const json* v) { return v && !v->is_null() && !(v->is_object() && v->empty()); };
    if (set(raw_at(root, "/provider/vpc"))) return true;
    for (const auto& key : role.functions)
        if (set(raw_at(root, "/functions/" + yaml::escape_pointer_token(key) + "/vpc"))) return true;
    return false;
}

}  // namespace

decision_result decide(const config_model& cm, const sls::role_info& role, const request_view& rq,
                       const iam::catalog* cat, std::string_view locale, int skip_statement) {
    decision_result out;
    iam::evaluation_input in;
    in.refuse_non_arn_resources = false;  // a `!Ref` giving a queue URL is corrected, not "unevaluable"
    // Generated names resolved to the request's own where it names them (see resolve_context::pin_generated).
    resolve_context pinned = cm.ctx;
    pinned.pin_generated = rq.resource.value_or(std::string());
    std::vector<json> resolved_stmts;  // parallel to role.statements
    std::vector<int> stmt_policy;      // policy index in `in.identity` per statement, -1 skipped
    for (std::size_t i = 0; i < role.statements.size(); ++i) {
        const auto& st = role.statements[i];
        json r = resolve_statement(st.statement, pinned, out.unresolved);
        resolved_stmts.push_back(r);
        if (static_cast<int>(i) == skip_statement) {
            stmt_policy.push_back(-1);
            continue;
        }
        iam::named_policy np;
        np.name = (st.policy_name.empty() ? role.logical_id : st.policy_name) + "#" + std::to_string(i);
        np.document = {{"Version", "2012-10-17"}, {"Statement", json::array({r})}};
        np.source = {{"kind", st.source.kind}, {"line", st.source.line}, {"pointer", st.source.pointer}};
        stmt_policy.push_back(static_cast<int>(in.identity.size()));
        in.identity.push_back(std::move(np));
    }
    std::vector<std::pair<std::string, json>> managed;  // arn -> document
    for (const auto& m : role.managed_policy_arns) {
        // A policy this file creates (`!Ref <AWS::IAM::ManagedPolicy>`): its statements are among the role's already.
        if (m.is_object() && m.contains("Ref") && m["Ref"].is_string() && cm.ctx.resources && cm.ctx.resources->is_object()) {
            const auto r = cm.ctx.resources->find(m["Ref"].get<std::string>());
            if (r != cm.ctx.resources->end() && r->is_object() && r->value("Type", std::string()) == "AWS::IAM::ManagedPolicy") continue;
        }
        json a = resolve(m, cm.ctx, out.unresolved);
        if (!a.is_string()) continue;
        std::string arn = a.get<std::string>();
        const json* doc = cat ? cat->managed_policy(arn) : nullptr;
        if (!doc) {
            out.records.push_back(make_record("trace.managed_unknown", {{"arn", arn}}, locale));
            continue;
        }
        iam::named_policy np;
        np.name = arn;
        np.document = *doc;
        np.source = {{"kind", "managed-policy"}, {"arn", arn}};
        in.identity.push_back(np);
        managed.emplace_back(arn, *doc);
    }
    if (!role.permissions_boundary.is_null()) {
        json b = resolve(role.permissions_boundary, cm.ctx, out.unresolved);
        const json* doc = (cat && b.is_string()) ? cat->managed_policy(b.get<std::string>()) : nullptr;
        // A boundary this file creates (an AWS::IAM::ManagedPolicy under `resources`): its own document.
        json local_doc;
        if (!doc && b.is_string() && cm.ctx.resources && cm.ctx.resources->is_object())
            for (auto it = cm.ctx.resources->begin(); it != cm.ctx.resources->end(); ++it) {
                const json& r = it.value();
                if (!r.is_object() || r.value("Type", std::string()) != "AWS::IAM::ManagedPolicy") continue;
                std::vector<std::string> ignored;
                if (resolve(json{{"Ref", it.key()}}, cm.ctx, ignored) != b) continue;
                const json* pd = raw_at(r, "/Properties/PolicyDocument");
                if (!pd) break;
                local_doc = resolve(*pd, pinned, out.unresolved);
                const std::string pointer = cm.resources_pointer() + "/" + yaml::escape_pointer_token(it.key());
                const yaml::node_span* sp = cm.doc.span_of(pointer);
                out.boundary = config_resource_policy{it.key(), "AWS::IAM::ManagedPolicy", pointer + "/Properties/PolicyDocument", sp ? sp->key.line : 0};
                doc = &local_doc;
                break;
            }
        if (doc) {
            iam::named_policy np;
            np.name = b.get<std::string>();
            np.document = *doc;
            np.source = {{"kind", "permissions-boundary"}, {"arn", np.name}};
            in.permission_boundaries.push_back(np);
        } else {
            out.records.push_back(make_record("trace.boundary_unknown", {{"arn", b.is_string() ? b : json(b.dump())}}, locale));
        }
    }
    std::string resource = rq.resource.value_or("*");
    if (rq.resource) {
        auto rp = resource_policy_for(cm, resource, out.unresolved, rq.action);
        if (rp) {
            out.records.push_back(make_record("trace.resource_policy", {{"resource", resource}, {"line", rp->source.value("line", 0)}}, locale));
            config_resource_policy crp;
            crp.logical_id = rp->source.value("logicalId", rp->name);
            crp.type = rp->source.value("type", std::string());
            crp.document_pointer = rp->source.value("pointer", std::string());
            crp.line = rp->source.value("line", 0);
            out.resource_policy = crp;
            in.resource_policy = std::move(*rp);
        }
        std::string acct = account_of(resource);
        // A bucket this file creates (or whose policy it writes) is the analysed account's; another bucket's
        // owner is not in its ARN.
        if (acct.empty() && resource.find(":s3:::") != std::string::npos &&
            ((out.resource_policy && out.resource_policy->type == "AWS::S3::BucketPolicy") || file_creates_bucket(cm, resource)))
            acct = cm.ctx.account_id;
        if (!acct.empty()) in.resource_account = acct;
    }
    in.principal = rq.principal_arn;
    in.action = rq.action;
    // An action without resource-level permissions is authorised against `*` whatever ARN the service prints
    // in its message (`logs:DescribeLogGroups on ...:log-group::log-stream:`, `states:SendTaskSuccess on the
    // state machine`): only a statement with `Resource: "*"` can allow it.
    const iam::action_info* info = cat ? cat->find_action(rq.action) : nullptr;
    in.resource = info && info->wildcard_only() ? std::string("*") : resource;
    in.context = rq.context.is_object() ? rq.context : json::object();
    // aws:RequestedRegion is in every request: the region of the endpoint called. The function calls its own
    // region's endpoint unless the resource's ARN names another; the global services answer in us-east-1.
    // Without it, a region guard (`Deny` unless `aws:RequestedRegion` is listed) would match every request.
    // aws:SecureTransport: the AWS SDKs and the CLI call HTTPS endpoints, so a function's request carries true
    // (a TLS-only guard, `Deny` when it is false, does not apply to them).
    if (!in.context.contains("aws:SecureTransport")) in.context["aws:SecureTransport"] = "true";
    // A function's role session holds temporary credentials that no one got with MFA: AWS puts the key in the
    // request as false (a copied "Deny unless MFA" guard therefore applies to every call).
    if (rq.direct_call) {
        for (const char* key : k_service_set_keys)
            if (!in.context.contains(key)) in.context[key] = nullptr;
        // "always included in the request context for most services" (global condition keys page): false when
        // the principal calls the service itself.
        if (!in.context.contains("aws:ViaAWSService")) in.context["aws:ViaAWSService"] = "false";
    }
    // Tags the file writes are in the request: the role's as aws:PrincipalTag/<key> (`provider.iam.role.tags`, a
    // role's Tags under `resources`; a function's role session has no session tags to override them), and, when
    // the request is on a resource the file defines, that resource's as aws:ResourceTag/<key>. Keys the file does
    // not write stay unknown (tags can be added outside the stack).
    for (const auto& [key, value] : template_tags(cm, role.logical_id))
        if (!in.context.contains("aws:PrincipalTag/" + key)) in.context["aws:PrincipalTag/" + key] = value;
    if (rq.resource)
        for (const auto& [key, value] : template_tags(cm, tagged_resource_of_request(cm, pinned, resource)))
            if (!in.context.contains("aws:ResourceTag/" + key)) in.context["aws:ResourceTag/" + key] = value;
    // The VPC keys are in a request only when it goes through a VPC endpoint (IAM User Guide, "AWS global condition
    // context keys": aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp). A function with no `vpc` setting runs
    // outside the account's VPCs and reaches AWS over the public endpoints: its role's calls never carry them.
    if (!role.functions.empty() && !role_functions_in_vpc(cm, role))
        for (const char* key : {"aws:SourceVpc", "aws:SourceVpce", "aws:SourceVpcArn", "aws:VpcSourceIp"})
            if (!in.context.contains(key)) in.context[key] = nullptr;
    if (!in.context.contains("aws:MultiFactorAuthPresent") && rq.principal_arn.find(":assumed-role/") != std::string::npos)
        in.context["aws:MultiFactorAuthPresent"] = "false";
    if (!in.context.contains("aws:RequestedRegion")) {
        const auto parts = iam::split_arn(resource);
        std::string region = parts.count == 6 ? std::string(parts.region()) : std::string();
        const std::string service = rq.action.substr(0, rq.action.find(':'));
        if (region.empty() && is_global_service(service)) region = "us-east-1";
        if (region.empty()) region = cm.ctx.region;
        if (!region.empty() && region.find_first_of("${}<>*") == std::string::npos) in.context["aws:RequestedRegion"] = region;
    }

    in.shared_budget = cm.budget.get();
    // aws:SourceIp is the public address AWS sees (a NAT gateway's, for a function in a VPC), and it is absent from
    // a call through a VPC endpoint (IAM User Guide, global condition keys, aws:SourceIp "Availability"): never a
    // private address. When the policies compare it with private blocks only, it decides the same either way.
    if (!in.context.contains("aws:SourceIp")) {
        std::vector<std::string> blocks;
        bool readable = true;
        for (const auto& p : in.identity) readable = readable && source_ip_values(p.document, blocks);
        for (const auto& p : in.permission_boundaries) readable = readable && source_ip_values(p.document, blocks);
        if (in.resource_policy) readable = readable && source_ip_values(in.resource_policy->document, blocks);
        if (readable && !blocks.empty() && std::all_of(blocks.begin(), blocks.end(), [](const std::string& b) { return is_private_block(b); })) {
            iam::evaluation_input absent = in, public_v4 = in, public_v6 = in;
            absent.context["aws:SourceIp"] = nullptr;
            public_v4.context["aws:SourceIp"] = "52.94.0.1";
            public_v6.context["aws:SourceIp"] = "2600:1f18::1";
            const iam::evaluation_result a = iam::evaluate(absent, cat), b = iam::evaluate(public_v4, cat), c = iam::evaluate(public_v6, cat);
            if (a.decision != "Error" && a.decision == b.decision && a.decision == c.decision) {
                in.context["aws:SourceIp"] = nullptr;
                json listed = json::array();
                for (const auto& b : blocks)
                    if (std::find(listed.begin(), listed.end(), json(b)) == listed.end()) listed.push_back(b);
                out.records.push_back(make_record("decision.source_ip_never_private", {{"blocks", listed}}, locale));
            }
        }
    }
    iam::evaluation_result res = iam::evaluate(in, cat);
    out.reason_class = res.reason_class;
    out.trace = res.trace.to_json();
    out.missing_keys = res.missing_context_keys;
    out.decision = res.decision;
    if (res.decision == "Error") {
        out.decision = "Undetermined";
        for (const auto& d : res.diags)
            if (d.level == severity::error && out.evaluation_error.empty()) out.evaluation_error = d.message;
    }
    if (!res.missing_context_keys.empty() && res.decision != "ExplicitDeny") {
        out.decision = "Undetermined";
        // A key the log does not give only matters if it can change the answer. With nothing allowing the
        // request, a Deny's condition cannot (a Deny never grants): when the Allow statements alone need no
        // missing key, the request is implicitly denied whatever the Denies say.
        if (res.decision == "ImplicitDeny") {
            auto allows_only = [](json doc) {
                if (!doc.is_object() || !doc.contains("Statement")) return doc;
                json kept = json::array();
                for (const auto& st : (doc["Statement"].is_array() ? doc["Statement"] : json::array({doc["Statement"]})))
                    if (!(st.is_object() && st.value("Effect", json()) == "Deny")) kept.push_back(st);
                doc["Statement"] = kept;
                return doc;
            };
            iam::evaluation_input probe = in;
            for (auto& p : probe.identity) p.document = allows_only(p.document);
            for (auto& p : probe.permission_boundaries) p.document = allows_only(p.document);
            if (probe.resource_policy) probe.resource_policy->document = allows_only(probe.resource_policy->document);
            const iam::evaluation_result without_denies = iam::evaluate(probe, cat);
            if (without_denies.missing_context_keys.empty() && without_denies.decision == "ImplicitDeny") {
                out.decision = "ImplicitDeny";
                out.missing_keys.clear();
            }
        }
    }

    // A reference that cannot be known offline (Fn::ImportValue, a Ref to nothing in the file) is a placeholder
    // that matches nothing. When the statements holding it would change the answer had it been the request's
    // resource or action (the placeholder read as `*`), the decision is not known.
    std::vector<std::string> unknown_refs, reported_refs;
    if (out.decision == "ImplicitDeny" || out.decision == "Allow") {
        bool any = false;
        iam::evaluation_input probe = in;
        for (auto& p : probe.identity)
            if (p.document.is_object() && p.document.contains("Statement"))
                for (auto& st : p.document["Statement"])
                    if (st.is_object())
                        for (const char* element : {"Action", "Resource"})
                            if (st.contains(element)) any = widen_placeholders(st[element], cm.ctx) || any;
        if (any) {
            const iam::evaluation_result widened = iam::evaluate(probe, cat);
            if (widened.decision != "Error" && widened.decision != out.decision &&
                (widened.decision == "Allow" || widened.decision == "ExplicitDeny")) {
                out.decision = "Undetermined";
                for (const auto& u : out.unresolved)
                    if (std::find(unknown_refs.begin(), unknown_refs.end(), u) == unknown_refs.end())
                        unknown_refs.push_back(u);
            }
        }
    }

    // Statements the file takes from a source not read here (`statements: ${file(./iam.js):statements}`, WD2018) may
    // allow the call: no implicit deny can be claimed.
    json unread = json::array();
    if (out.decision == "ImplicitDeny")
        for (const auto& d : cm.pkg.diags) {
            // (A SAM policy template of the function, which is not expanded here, WD2058, may allow it as well.)
            // (Its name starts with the service it is for, `DynamoDBCrudPolicy`: one for another service of the
            // catalog cannot allow the call.)
            if (d.code == "WD2058" && d.args.contains("function") && d.args["function"].is_string() && d.args.contains("template") &&
                d.args["template"].is_string() && role.logical_id == d.args["function"].get<std::string>() + "Role") {
                const std::string name = iam::lower_copy(d.args["template"].get<std::string>());
                std::string for_service;
                for (std::size_t k = 2; cat && k <= name.size(); ++k)
                    if (cat->known_service(name.substr(0, k))) for_service = name.substr(0, k);
                if (for_service.empty() || for_service == rq.action.substr(0, rq.action.find(':')))
                    unread.push_back("SAM policy template `" + d.args["template"].get<std::string>() + "`");
                continue;
            }
            if (d.code != "WD2018" || !d.args.contains("path") || !d.args["path"].is_string()) continue;
            const std::string path = d.args["path"].get<std::string>();
            const bool provider = path.rfind("provider.", 0) == 0;
            bool feeds = provider && role.logical_id == "IamRoleLambdaExecution";
            for (const auto& fn : role.functions)
                feeds = feeds || (role.logical_id != "IamRoleLambdaExecution" && path.rfind("functions." + fn + ".", 0) == 0);
            if (feeds) unread.push_back(d.args.contains("source") ? d.args["source"] : json(path));
        }
    if (!unread.empty()) {
        out.decision = "Undetermined";
        out.records.push_back(make_record("decision.undetermined_unread_statements", {{"what", unread}}, locale));
    }

    // AWS's own words settle what the log's keys cannot: "with an explicit deny in an identity-based policy", and
    // the role's Deny statements that match the call but whose conditions depend on keys the log does not give.
    // One of those conditions held (every identity policy of the role is visible here, so no other Deny can
    // have fired): the request was explicitly denied by the first of them.
    if (out.decision == "Undetermined" && rq.logged_identity_deny && !res.missing_context_keys.empty() && unread.empty() &&
        unknown_refs.empty() && !has_unread_managed(out.records)) {
        for (std::size_t i = 0; i < role.statements.size() && out.deny_statement < 0; ++i) {
            const json& st = resolved_stmts[i];
            if (stmt_policy[i] < 0 || !st.is_object() || st.value("Effect", json()) != "Deny" || !st.contains("Condition")) continue;
            iam::evaluation_input probe = in;
            probe.identity = {in.identity[static_cast<std::size_t>(stmt_policy[i])], allow_all_policy()};
            probe.permission_boundaries.clear();
            probe.resource_policy.reset();
            const iam::evaluation_result alone = iam::evaluate(probe, cat);
            if (alone.decision == "ExplicitDeny" || alone.missing_context_keys.empty()) continue;  // (decided without the log)
            probe.identity.front().document["Statement"][0].erase("Condition");
            if (iam::evaluate(probe, cat).decision != "ExplicitDeny") continue;  // its action or resource does not match
            out.deny_statement = static_cast<int>(i);
            out.decision = "ExplicitDeny";
            out.records.push_back(make_record("decision.deny_condition_met_per_log",
                                              {{"line", role.statements[i].source.line}, {"keys", alone.missing_context_keys}},
                                              locale));
            out.missing_keys.clear();
        }
    }

    // the denying statement: each Deny statement alone, next to an allow-everything policy
    if (res.decision == "ExplicitDeny") {
        for (std::size_t i = 0; i < role.statements.size(); ++i) {
            if (stmt_policy[i] < 0 || (resolved_stmts[i].contains("Effect") && resolved_stmts[i]["Effect"].is_string() ? resolved_stmts[i]["Effect"].get<std::string>() : std::string()) != "Deny") continue;
            iam::evaluation_input probe = in;
            probe.identity = {in.identity[static_cast<std::size_t>(stmt_policy[i])]};
            probe.identity.push_back(allow_all_policy());
            probe.permission_boundaries.clear();
            probe.resource_policy.reset();
            if (iam::evaluate(probe, cat).decision == "ExplicitDeny") {
                out.deny_statement = static_cast<int>(i);
                break;
            }
        }
    }

    // The file's own boundary: does it allow the request at all? (Then a grant in the role is enough; else the
    // boundary needs the action too.)
    if (out.boundary && res.decision != "Allow") {
        iam::evaluation_input probe = in;
        probe.identity = {allow_all_policy()};
        probe.resource_policy.reset();
        out.boundary_blocks = iam::evaluate(probe, cat).reason_class == "implicit_deny:pb";
    }

    // The file's own trust policy, for a request the role's statements do not allow either: would it allow the
    // request if they did? (Else the grant belongs in both.)
    if (res.decision == "ImplicitDeny" && res.reason_class != "implicit_deny:resource_policy_no_grant" && in.resource_policy &&
        out.resource_policy && out.resource_policy->type == "AWS::IAM::Role") {
        iam::evaluation_input probe = in;
        probe.identity = {allow_all_policy()};
        probe.permission_boundaries.clear();
        out.trust_policy_blocks = iam::evaluate(probe, cat).reason_class == "implicit_deny:resource_policy_no_grant";
    }

    // Not an identity statement: the Deny of a resource policy the config defines, found the same way (each of
    // its Deny statements alone, with an identity policy that allows everything).
    if (res.decision == "ExplicitDeny" && out.deny_statement < 0 && in.resource_policy &&
        in.resource_policy->source.is_object() && in.resource_policy->source.contains("pointer")) {
        const iam::named_policy& rp = *in.resource_policy;
        out.resource_deny = locate_deny(cm, in, cat, rp.document, rp.source["pointer"].get<std::string>(),
                                        rp.source.value("logicalId", rp.name),
                                        [](iam::evaluation_input& e, const json& statements, bool alone) {
                                            if (alone) e.permission_boundaries.clear();
                                            e.resource_policy->document["Statement"] = statements;
                                        });
    }
    // ...or of the permissions boundary the file creates: each Deny alone as the boundary, beside an
    // allow-everything statement.
    if (res.decision == "ExplicitDeny" && out.deny_statement < 0 && !out.resource_deny && out.boundary &&
        res.reason_class == "explicit_deny:pb" && in.permission_boundaries.size() == 1) {
        out.resource_deny = locate_deny(cm, in, cat, in.permission_boundaries.front().document, out.boundary->document_pointer,
                                        out.boundary->logical_id, [](iam::evaluation_input& e, const json& statements, bool alone) {
                                            json st = statements;
                                            if (alone) {
                                                e.resource_policy.reset();
                                                st.push_back(allow_all_policy().document["Statement"][0]);
                                            }
                                            e.permission_boundaries.front().document["Statement"] = st;
                                        });
        if (out.resource_deny) out.resource_deny->in_boundary = true;
    }

    // summary sentences
    json args = {{"action", rq.action},
                 {"role", !role.role_name.empty() ? role.role_name : !role.external_arn.empty() ? role.external_arn : role.logical_id}};
    if (out.decision == "Allow") {
        out.records.push_back(make_record("decision.allow", args, locale));
        for (std::size_t i = 0; i < resolved_stmts.size(); ++i) {
            const json& s = resolved_stmts[i];
            if (stmt_policy[i] < 0 || (s.contains("Effect") && s["Effect"].is_string() ? s["Effect"].get<std::string>() : std::string()) != "Allow") continue;
            if (s.contains("Action") && action_matches(s["Action"], rq.action, cm.budget.get()) && s.contains("Resource") &&
                resource_matches(s["Resource"], resource, cm.budget.get())) {
                out.records.push_back(make_record("trace.allowed_by", {{"line", role.statements[i].source.line},
                                                                       {"source", role.statements[i].source.kind},
                                                                       {"action", rq.action}},
                                                  locale));
                break;
            }
        }
        for (const auto& [arn, doc] : managed)
            for (const auto& s : statements_of(doc))
                if ((s.contains("Effect") && s["Effect"].is_string() ? s["Effect"].get<std::string>() : std::string()) == "Allow" && s.contains("Action") && action_matches(s["Action"], rq.action, cm.budget.get())) {
                    out.records.push_back(make_record("trace.allowed_by_managed", {{"arn", arn}, {"action", rq.action}}, locale));
                    goto managed_done;
                }
    managed_done:;
    } else if (out.decision == "ExplicitDeny" && out.deny_statement < 0 && out.resource_deny) {
        out.records.push_back(make_record(out.resource_deny->in_boundary ? "decision.explicit_deny_boundary" : "decision.explicit_deny_resource",
                                          {{"line", out.resource_deny->line}, {"policy", out.resource_deny->logical_id}, {"action", rq.action}},
                                          locale));
    } else if (out.decision == "ExplicitDeny") {
        int line = out.deny_statement >= 0 ? role.statements[static_cast<std::size_t>(out.deny_statement)].source.line : 0;
        out.records.push_back(make_record("decision.explicit_deny", {{"line", line}, {"action", rq.action}}, locale));
    } else if (out.decision == "Undetermined" && out.missing_keys.empty() && !out.evaluation_error.empty()) {
        // Not a missing key: the request itself could not be evaluated (the evaluator says why).
        out.records.push_back(make_record("decision.undetermined_error", {{"problem", out.evaluation_error}}, locale));
    } else if (out.decision == "Undetermined") {
        // A "key" that is a reference we could not resolve (`${ssm:...}` kept in a placeholder reads as a policy
        // variable) is reported as that reference, not as a condition key of the request.
        json keys = json::array(), refs = json::array(), variables = json::array();
        for (const auto& k : out.missing_keys) {
            // `${self:provider.region}` left in a statement (the framework could not resolve it) reads as a policy
            // variable too: its source is one only the framework has, never a key of the request.
            bool framework_variable = false;
            for (const char* source : {"self:", "opt:", "sls:", "env:", "param:", "cf:", "file(", "output:", "strToBool("})
                framework_variable = framework_variable || k.rfind(source, 0) == 0;
            if (framework_variable) {
                if (std::find(variables.begin(), variables.end(), json("${" + k + "}")) == variables.end()) variables.push_back("${" + k + "}");
                continue;
            }
            bool from_reference = false;
            for (const auto& u : out.unresolved)
                if (u.find("${" + k + "}") != std::string::npos) {
                    from_reference = true;
                    if (std::find(refs.begin(), refs.end(), json(u)) == refs.end()) refs.push_back(u);
                }
            if (!from_reference) keys.push_back(k);
        }
        if (!variables.empty()) out.records.push_back(make_record("decision.undetermined_config_variable", {{"what", variables}}, locale));
        if (!keys.empty() || (refs.empty() && unknown_refs.empty() && variables.empty() && unread.empty()))
            out.records.push_back(make_record("decision.undetermined", {{"keys", keys}}, locale));
        for (const auto& u : unknown_refs)
            if (std::find(refs.begin(), refs.end(), json(u)) == refs.end()) refs.push_back(u);
        if (!refs.empty()) out.records.push_back(make_record("decision.undetermined_unresolved", {{"what", refs}}, locale));
        for (const auto& r : refs) reported_refs.push_back(r.get<std::string>());
    } else if (out.reason_class == "implicit_deny:pb" && out.boundary) {
        out.records.push_back(make_record("decision.boundary_no_grant",
                                          {{"action", rq.action}, {"policy", out.boundary->logical_id}, {"line", out.boundary->line}},
                                          locale));
    } else if (out.reason_class == "implicit_deny:resource_policy_no_grant" && out.resource_policy) {
        // The role's own policies allow it; the resource's policy (a KMS key policy) must allow the role too.
        out.records.push_back(make_record("decision.resource_policy_no_grant",
                                          {{"action", rq.action}, {"policy", out.resource_policy->logical_id},
                                           {"line", out.resource_policy->line}},
                                          locale));
    } else if (out.reason_class == "implicit_deny:cross_account_no_resource_grant") {
        // The role's own policies allow it (the explain layer says the other account's policy must too): "no
        // statement allows" would be false here.
    } else if (role.logical_id.empty() && !role.external_arn.empty() && role.statements.empty() && role.managed_policy_arns.empty()) {
        // A role named by ARN: its policies are not in this config, so "no statement allows it" is AWS's word, not ours.
        // (A log that names no policy type, AWS's wording before 2021, says only that no explicit Deny was involved.)
        out.records.push_back(make_record(rq.logged_reason == "unspecified" ? "decision.external_role_no_grant_unspecified"
                                                                             : "decision.external_role_no_grant",
                                          {{"action", rq.action}, {"arn", role.external_arn}}, locale));
    } else {
        out.records.push_back(make_record("decision.implicit_deny", args, locale));
        bool any_action = false;
        std::size_t count = 0;
        for (std::size_t i = 0; i < resolved_stmts.size(); ++i) {
            const json& s = resolved_stmts[i];
            if (stmt_policy[i] < 0) continue;
            ++count;
            if ((s.contains("Effect") && s["Effect"].is_string() ? s["Effect"].get<std::string>() : std::string()) != "Allow") continue;
            bool am = s.contains("Action") ? action_matches(s["Action"], rq.action, cm.budget.get())
                                           : (s.contains("NotAction") && !action_matches(s["NotAction"], rq.action, cm.budget.get()));
            if (!am) continue;
            any_action = true;
            const json& res_v = s.contains("Resource") ? s["Resource"] : json("*");
            int line = role.statements[i].source.line;
            if (!resource_matches(res_v, resource, cm.budget.get())) {
                // (A statement the framework writes has no line of the file: name where it comes from instead.)
                out.records.push_back(make_record(line > 0 ? "trace.resource_mismatch" : "trace.resource_mismatch_generated",
                                                  {{"line", line}, {"action", rq.action}, {"resources", as_list(res_v)},
                                                   {"resource", resource}, {"source", role.statements[i].source.kind}},
                                                  locale));
                // Two near misses worth naming: a secret's ARN without the 6-character suffix Secrets Manager
                // adds, and a parameter path that starts with `/` written after `parameter/` (a double slash).
                for (const auto& r : as_list(res_v)) {
                    if (!r.is_string()) continue;
                    const std::string& written = r.get_ref<const std::string&>();
                    if (written.find(":secret:") != std::string::npos && resource.size() == written.size() + 7 &&
                        resource.compare(0, written.size() + 1, written + "-") == 0)
                        out.records.push_back(make_record("hint.secret_suffix_missing", {{"line", line}, {"written", written}}, locale));
                    // An alias ARN in Resource governs only alias operations; key use is authorised on the key.
                    if (written.find(":kms:") != std::string::npos && written.find(":alias/") != std::string::npos &&
                        resource.find(":key/") != std::string::npos)
                        out.records.push_back(make_record("hint.kms_alias_resource", {{"line", line}, {"written", written}}, locale));
                    if (written.find(":parameter//") != std::string::npos)
                        out.records.push_back(make_record("hint.parameter_double_slash", {{"line", line}, {"written", written}}, locale));
                    // The same resource in another region or account, or under another stage's name: the statement
                    // was written for another deployment (a hard-coded region, account or stage).
                    const auto w = iam::split_arn(written), q = iam::split_arn(resource);
                    const bool same_service = w.count == 6 && q.count == 6 && w.service() == q.service();
                    // Only the region differs; a wildcard elsewhere (`arn:aws:dynamodb:us-east-1:*:table/t`) still lets
                    // the region be the miss. (Not when the request's ARN has no region at all: a global service's,
                    // where the fix is to leave the field empty, not to write another region.)
                    if (same_service && !q.region().empty() && !iam::has_wildcard(w.region()) && w.region() != q.region() &&
                        iam::glob_match(w.account(), q.account()) && iam::glob_match(w.resource(), q.resource())) {
                        out.records.push_back(make_record("hint.other_region", {{"line", line}, {"written", std::string(w.region())},
                                                                                {"region", std::string(q.region())}}, locale));
                    } else if (same_service && written.find_first_of("*?") == std::string::npos) {
                        const bool same_rest = w.resource() == q.resource();
                        if (same_rest && w.account() != q.account() && w.region() == q.region() && !q.account().empty())
                            out.records.push_back(make_record("hint.other_account", {{"line", line}, {"written", std::string(w.account())},
                                                                                     {"account", std::string(q.account())}}, locale));
                        else if (!same_rest && w.region() == q.region() && w.account() == q.account()) {
                            if (const std::string other = other_stage_word(std::string(w.resource()), std::string(q.resource()), cm.pkg.stage);
                                !other.empty())
                                out.records.push_back(make_record("hint.other_stage", {{"line", line}, {"written", other},
                                                                                       {"stage", cm.pkg.stage}}, locale));
                            // ...or the reverse: the statement names this stage's resource and the call went to
                            // another stage's (a hard-coded name in the code or the environment).
                            else if (const std::string called = other_stage_word(std::string(q.resource()), std::string(w.resource()), cm.pkg.stage);
                                     !called.empty())
                                out.records.push_back(make_record("hint.request_other_stage", {{"line", line}, {"called", called},
                                                                                               {"stage", cm.pkg.stage}, {"resource", resource}}, locale));
                        }
                    }
                }
            }
            else
                out.records.push_back(make_record("trace.condition_unmet", {{"line", line}, {"action", rq.action}}, locale));
        }
        for (const auto& [arn, doc] : managed) {
            for (const auto& s : statements_of(doc)) {
                ++count;
                if ((s.contains("Effect") && s["Effect"].is_string() ? s["Effect"].get<std::string>() : std::string()) == "Allow" && s.contains("Action") && action_matches(s["Action"], rq.action, cm.budget.get()))
                    any_action = true;
            }
        }
        if (!any_action)
            out.records.push_back(make_record("trace.no_action_match", {{"action", rq.action}, {"count", count}}, locale));
    }
    // (A reference the summary already names as what the decision depends on is not repeated as "matches nothing".)
    json still_unresolved = json::array();
    for (const auto& u : out.unresolved)
        if (std::find(reported_refs.begin(), reported_refs.end(), u) == reported_refs.end()) still_unresolved.push_back(u);
    if (!still_unresolved.empty())
        out.records.push_back(make_record("trace.unresolved", {{"what", still_unresolved}}, locale));
    return out;
}

}  // namespace wd::explain
