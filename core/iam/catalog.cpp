// SPDX-License-Identifier: MIT
// Reads the compact catalog written by scripts/gen-catalog.mjs (format: docs/iam-catalog.md).
#include "iam/catalog.hpp"

#include <algorithm>
#include <unordered_map>

#include "iam/glob.hpp"
#include "iam/managed_policy_index.hpp"
#include "iam/request_context.hpp"

namespace wd::iam {

namespace {

struct service_data {
    std::string prefix;
    std::string name;
    std::unordered_map<std::string, resource_ref> types;
    std::vector<action_info> actions;
    std::unordered_map<std::string, std::size_t> by_name;  // lower-cased action name -> index
};

// Catalog templates use ${Var} placeholders; as wildcard patterns each one matches anything.
std::string template_to_pattern(std::string_view t) {
    std::string out;
    std::size_t i = 0;
    while (i < t.size()) {
        if (t[i] == '$' && i + 1 < t.size() && t[i + 1] == '{') {
            std::size_t close = t.find('}', i);
            if (close != std::string_view::npos) {
                out += '*';
                i = close + 1;
                continue;
            }
        }
        out += t[i++];
    }
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        std::size_t at = s.find(sep, start);
        out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
    }
    return out;
}

std::size_t to_index(std::string_view s) {
    if (s.empty()) throw std::runtime_error("empty index");
    std::size_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') throw std::runtime_error("malformed index");
        v = v * 10 + static_cast<std::size_t>(c - '0');
    }
    return v;
}

// IAM action names are at most a few dozen characters (the longest in the catalog is under 70); a longer
// name is not a typo of one, so it gets no suggestion.
constexpr std::size_t kLongestSuggestedName = 128;

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t sub = prev[j - 1] + (ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

struct catalog::impl {
    std::string date;
    json sources = json::object();
    std::unordered_map<std::string, service_data> services;
    std::vector<std::string> rcp_services;
    std::size_t action_count = 0;
    managed_policy_index managed;
};

catalog::catalog() : impl_(std::make_unique<impl>()) {}
catalog::~catalog() = default;
catalog::catalog(catalog&&) noexcept = default;
catalog& catalog::operator=(catalog&&) noexcept = default;

catalog catalog::from_json(std::string_view text, diagnostics& diags) {
    catalog c;
    try {
        json doc = json::parse(text.begin(), text.end());
        if (!doc.is_object() || doc.value("format", 0) != 2) throw std::runtime_error("unsupported catalog format");
        impl& d = *c.impl_;
        d.date = doc.at("date").get<std::string>();
        d.sources = doc.value("sources", json::object());
        const json& levels = doc.at("levels");
        const json& arns = doc.at("arns");
        const json& keys = doc.at("keys");
        for (const auto& s : doc.at("rcpServices")) d.rcp_services.push_back(s.get<std::string>());
        const json& services = doc.at("services");
        auto key_list = [&](std::string_view packed, std::vector<std::string>& dst) {
            for (std::string_view k : split(packed, '.'))
                if (!k.empty()) dst.push_back(keys.at(to_index(k)).get<std::string>());
        };
        for (auto it = services.begin(); it != services.end(); ++it) {
            service_data sd;
            sd.prefix = it.key();
            sd.name = it.value().at("n").get<std::string>();
            auto& types = sd.types;
            const json& rts = it.value().at("r");
            for (auto rt = rts.begin(); rt != rts.end(); ++rt) {
                // "<arn index>,<key index>.<key index>..."
                std::string_view packed = rt.value().get_ref<const std::string&>();
                std::size_t comma = packed.find(',');
                resource_ref ref;
                ref.type = rt.key();
                ref.arns.push_back(arns.at(to_index(packed.substr(0, comma))).get<std::string>());
                if (comma != std::string_view::npos) key_list(packed.substr(comma + 1), ref.condition_keys);
                types.emplace(ref.type, std::move(ref));
            }
            // "<name>,<level>,<type>[!]|<type>...,<key>.<key>...;<next action>"
            for (std::string_view entry : split(it.value().at("a").get_ref<const std::string&>(), ';')) {
                if (entry.empty()) continue;
                auto fields = split(entry, ',');
                if (fields.size() != 4) throw std::runtime_error("malformed action entry");
                action_info info;
                info.service = sd.prefix;
                info.name = std::string(fields[0]);
                info.access_level = levels.at(to_index(fields[1])).get<std::string>();
                for (std::string_view r : split(fields[2], '|')) {
                    if (r.empty()) continue;
                    bool required = r.back() == '!';
                    if (required) r.remove_suffix(1);
                    resource_ref ref;
                    if (auto f = types.find(std::string(r)); f != types.end()) ref.arns = f->second.arns;
                    ref.type = std::string(r);
                    ref.required = required;
                    info.resources.push_back(std::move(ref));
                }
                key_list(fields[3], info.condition_keys);
                sd.by_name.emplace(lower_copy(info.name), sd.actions.size());
                sd.actions.push_back(std::move(info));
                ++d.action_count;
            }
            d.services.emplace(sd.prefix, std::move(sd));
        }
    } catch (const std::exception& e) {
        diags.push_back(make_error("WD4001", std::string("the IAM catalog could not be read: ") + e.what()));
        return catalog();
    }
    return c;
}

void catalog::load_managed_policies(std::string_view text, diagnostics& diags) {
    try {
        impl_->managed.load(text);
    } catch (const std::exception& e) {
        diags.push_back(make_error("WD4002", std::string("the managed policies could not be read: ") + e.what()));
    }
}

bool catalog::empty() const { return impl_->services.empty(); }
std::string catalog::date() const { return impl_->date; }
std::size_t catalog::action_count() const { return impl_->action_count; }
std::size_t catalog::managed_policy_count() const { return impl_->managed.size(); }
json catalog::sources() const { return impl_->sources; }

const action_info* catalog::find_action(std::string_view action) const {
    std::size_t colon = action.find(':');
    if (colon == std::string_view::npos) return nullptr;
    auto s = impl_->services.find(lower_copy(action.substr(0, colon)));
    if (s == impl_->services.end()) return nullptr;
    auto a = s->second.by_name.find(lower_copy(action.substr(colon + 1)));
    return a == s->second.by_name.end() ? nullptr : &s->second.actions[a->second];
}

bool catalog::known_service(std::string_view prefix) const {
    return impl_->services.count(lower_copy(prefix)) > 0;
}

std::vector<std::string> catalog::suggest(std::string_view action, std::size_t max) const {
    std::vector<std::pair<std::size_t, std::string>> scored;
    std::size_t colon = action.find(':');
    std::string_view svc = colon == std::string_view::npos ? std::string_view() : action.substr(0, colon);
    std::string_view name = colon == std::string_view::npos ? action : action.substr(colon + 1);
    std::size_t limit = std::max<std::size_t>(2, action.size() / 3);
    // The distance is at least the difference in length, so names that cannot come within the limit are
    // skipped before the quadratic comparison: a pasted 1,000-character "action" must not cost a
    // comparison with every action of every similar service (a fuzzer input took seconds).
    auto length_gap = [](std::size_t x, std::size_t y) { return x > y ? x - y : y - x; };
    if (name.size() > kLongestSuggestedName || svc.size() > kLongestSuggestedName) return {};
    auto consider = [&](const service_data& sd, std::size_t service_cost) {
        for (const auto& a : sd.actions) {
            if (service_cost + length_gap(name.size(), a.name.size()) > limit) continue;
            std::size_t d = service_cost + edit_distance(name, a.name);
            scored.emplace_back(d, a.full_name());
        }
    };
    auto known = impl_->services.find(lower_copy(svc));
    if (known != impl_->services.end()) {
        consider(known->second, 0);
    } else {
        // Unknown prefix: look at the services whose prefix is close, then at their actions.
        for (const auto& [prefix, sd] : impl_->services) {
            if (length_gap(svc.size(), prefix.size()) > std::max<std::size_t>(2, svc.size() / 3)) continue;
            std::size_t d = edit_distance(svc, prefix);
            if (d <= std::max<std::size_t>(2, svc.size() / 3)) consider(sd, d);
        }
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (auto& [d, n] : scored) {
        if (d > limit || out.size() >= max) break;
        out.push_back(std::move(n));
    }
    return out;
}

std::vector<const action_info*> catalog::expand(std::string_view pattern) const {
    std::vector<const action_info*> out;
    std::string p = lower_copy(pattern);
    std::size_t colon = p.find(':');
    std::string_view svc = colon == std::string::npos ? std::string_view(p) : std::string_view(p).substr(0, colon);
    std::string_view name = colon == std::string::npos ? std::string_view("*") : std::string_view(p).substr(colon + 1);
    for (const auto& [prefix, sd] : impl_->services) {
        if (!(p == "*" || glob_match(svc, prefix, true))) continue;
        for (const auto& a : sd.actions)
            if (glob_match(name, a.name, true)) out.push_back(&a);
    }
    std::sort(out.begin(), out.end(), [](const action_info* a, const action_info* b) {
        return a->service != b->service ? a->service < b->service : a->name < b->name;
    });
    return out;
}

const json* catalog::managed_policy(std::string_view arn) const {
    return impl_->managed.find(arn);
}

bool catalog::rcp_supported(std::string_view service_prefix) const {
    std::string p = lower_copy(service_prefix);
    return std::find(impl_->rcp_services.begin(), impl_->rcp_services.end(), p) != impl_->rcp_services.end();
}

bool catalog::condition_key_applies(const action_info& action, std::string_view key) const {
    if (key.size() > 4 && iequals(key.substr(0, 4), "aws:")) return true;
    // Keys of an identity provider (`token.actions.githubusercontent.com:sub`, `www.amazon.com:user_id`,
    // `saml:sub`: no service has that prefix) come with the federated session into its requests. Cross-service
    // keys "include a prefix matching the name of the service, such as ec2: or lambda:, but are available across
    // other services" (IAM User Guide, AWS global condition context keys): that page's list.
    static constexpr std::string_view cross_service[] = {"ec2:SourceInstanceARN", "ssm:SourceInstanceARN", "lambda:SourceFunctionArn",
                                                         "glue:RoleAssumedBy", "glue:CredentialIssuingService", "identitystore:UserId"};
    for (std::string_view k : cross_service)
        if (iequals(key, k)) return true;
    if (const std::size_t colon = key.find(':'); colon == std::string_view::npos || !known_service(lower_copy(key.substr(0, colon))))
        return true;
    auto matches = [&](const std::string& tmpl) { return template_match(tmpl, key); };
    for (const auto& k : action.condition_keys)
        if (matches(k)) return true;
    for (const auto& r : action.resources)
        if (const resource_ref* t = resource_type(action.service, r.type))
            for (const auto& k : t->condition_keys)
                if (matches(k)) return true;
    return false;
}

const resource_ref* catalog::resource_type(std::string_view service_prefix, std::string_view type) const {
    auto s = impl_->services.find(std::string(service_prefix));
    if (s == impl_->services.end()) return nullptr;
    auto t = s->second.types.find(std::string(type));
    return t == s->second.types.end() ? nullptr : &t->second;
}

std::vector<const resource_ref*> catalog::resource_types_for(const action_info& action, std::string_view arn) const {
    std::vector<const resource_ref*> out;
    for (const auto& r : action.resources)
        for (const auto& t : r.arns)
            if (glob_match(template_to_pattern(t), arn, false)) {
                out.push_back(&r);
                break;
            }
    return out;
}

}  // namespace wd::iam
