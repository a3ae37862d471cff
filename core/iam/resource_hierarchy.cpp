// SPDX-License-Identifier: MIT
#include "iam/resource_hierarchy.hpp"

#include <algorithm>
#include <array>

namespace wd::iam {

namespace {

// Services that authorise a call on each level of its resource's hierarchy (see the header).
constexpr std::array<std::string_view, 1> hierarchical_services{"glue"};

// The end of the `${...}` starting at `at` (one past its `}`), or npos when it is not closed.
std::size_t block_end(std::string_view s, std::size_t at) {
    int depth = 0;
    for (std::size_t i = at; i < s.size(); ++i) {
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
            ++depth;
            ++i;
        } else if (s[i] == '}' && depth > 0 && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

std::vector<std::string> template_variables(std::string_view t) {
    std::vector<std::string> vars;
    for (std::size_t i = t.find("${"); i != std::string_view::npos; i = t.find("${", i)) {
        const std::size_t close = t.find('}', i);
        if (close == std::string_view::npos) break;
        vars.emplace_back(t.substr(i + 2, close - i - 2));
        i = close + 1;
    }
    return vars;
}

std::string fill_template(std::string_view t, const std::vector<std::pair<std::string, std::string>>& bound, bool& complete) {
    std::string out;
    complete = true;
    for (std::size_t i = 0; i < t.size();) {
        if (t.compare(i, 2, "${") == 0) {
            const std::size_t close = t.find('}', i);
            if (close == std::string_view::npos) break;
            const std::string_view var = t.substr(i + 2, close - i - 2);
            const auto it = std::find_if(bound.begin(), bound.end(), [&](const auto& b) { return b.first == var; });
            if (it == bound.end()) {
                complete = false;
                return {};
            }
            out += it->second;
            i = close + 1;
        } else {
            out += t[i++];
        }
    }
    return out;
}

}  // namespace

bool bind_arn_template(std::string_view arn_template, std::string_view arn,
                       std::vector<std::pair<std::string, std::string>>& bound) {
    bound.clear();
    std::size_t a = 0;
    for (std::size_t i = 0; i < arn_template.size();) {
        if (arn_template.compare(i, 2, "${") != 0) {
            if (a >= arn.size() || arn[a] != arn_template[i]) return false;
            ++a;
            ++i;
            continue;
        }
        const std::size_t close = arn_template.find('}', i);
        if (close == std::string_view::npos) return false;
        const std::string var(arn_template.substr(i + 2, close - i - 2));
        i = close + 1;
        // A variable runs to the template's next literal character; at the end it is one name segment.
        const bool last = i >= arn_template.size();
        const char stop = last ? '\0' : arn_template[i];
        const std::size_t start = a;
        while (a < arn.size()) {
            if (arn.compare(a, 2, "${") == 0) {
                const std::size_t e = block_end(arn, a);
                if (e == std::string_view::npos) return false;
                a = e;
                continue;
            }
            if (last ? (arn[a] == '/' || arn[a] == ':') : arn[a] == stop) break;
            ++a;
        }
        if (a == start || (last && a != arn.size())) return false;
        bound.emplace_back(var, std::string(arn.substr(start, a - start)));
    }
    return a == arn.size();
}

namespace {

// A Bedrock cross-Region (or global) inference profile, `inference-profile/us.anthropic.claude-...`: a call through
// it is authorised on the profile and on the foundation model in every Region the profile routes to (Bedrock User
// Guide, "Prerequisites for inference profiles"), written `arn:<partition>:bedrock:*::foundation-model/<model>`.
std::vector<std::string> inference_profile_models(const action_info& info, std::string_view arn) {
    if (info.service != "bedrock" || arn.rfind("arn:", 0) != 0) return {};
    static constexpr std::string_view marker = ":inference-profile/";
    const std::size_t at = arn.find(marker);
    if (at == std::string_view::npos) return {};
    const std::string_view id = arn.substr(at + marker.size());
    const std::size_t dot = id.find('.');
    if (dot == std::string_view::npos || dot + 1 >= id.size()) return {};
    const std::string_view geo = id.substr(0, dot);
    static constexpr std::string_view geos[] = {"us", "eu", "apac", "us-gov", "jp", "au", "ca", "global"};
    if (std::find(std::begin(geos), std::end(geos), geo) == std::end(geos)) return {};
    const std::size_t p1 = arn.find(':', 4);  // after the partition
    if (p1 == std::string_view::npos) return {};
    return {std::string(arn.substr(0, p1)) + ":bedrock:*::foundation-model/" + std::string(id.substr(dot + 1))};
}

}  // namespace

std::vector<std::string> hierarchy_parents(const catalog& cat, std::string_view action, std::string_view arn) {
    const action_info* info = cat.find_action(action);
    if (info)
        if (auto models = inference_profile_models(*info, arn); !models.empty()) return models;
    if (!info || std::find(hierarchical_services.begin(), hierarchical_services.end(), info->service) == hierarchical_services.end())
        return {};
    // The required type whose template the ARN has, and the variables it binds.
    std::vector<std::pair<std::string, std::string>> bound;
    std::string matched;
    for (const auto& r : info->resources) {
        if (!r.required) continue;
        const resource_ref* type = cat.resource_type(info->service, r.type);
        for (const auto& t : type ? type->arns : r.arns)
            if (bind_arn_template(t, arn, bound)) {
                matched = t;
                break;
            }
        if (!matched.empty()) break;
    }
    if (matched.empty()) return {};
    const std::size_t own_vars = template_variables(matched).size();
    std::vector<std::pair<std::size_t, std::string>> parents;  // (variables, ARN)
    for (const auto& r : info->resources) {
        if (!r.required) continue;
        const resource_ref* type = cat.resource_type(info->service, r.type);
        for (const auto& t : type ? type->arns : r.arns) {
            const std::size_t vars = template_variables(t).size();
            if (t == matched || vars >= own_vars) continue;
            bool complete = false;
            std::string filled = fill_template(t, bound, complete);
            if (complete && filled != arn &&
                std::none_of(parents.begin(), parents.end(), [&](const auto& p) { return p.second == filled; }))
                parents.emplace_back(vars, std::move(filled));
        }
    }
    std::stable_sort(parents.begin(), parents.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (auto& p : parents) out.push_back(std::move(p.second));
    return out;
}

}  // namespace wd::iam
