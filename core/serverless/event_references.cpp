// SPDX-License-Identifier: MIT
// Names an event gives to something else in the service: an authorizer function, a provider-level authorizer.
// The framework resolves each while compiling events and stops when the name leads nowhere (a ServerlessError,
// nothing is packaged), so each is WD2056 with `args.rule`. Sources: lib/plugins/aws/package/compile/events/ of
// serverless 3.40.0 and lib/classes/service.js:317-325 (getFunction: `Function "x" doesn't exist in this Service`).
#include <cctype>
#include <set>
#include <string>

#include "serverless/context.hpp"
#include "serverless/json_util.hpp"

namespace wd::sls {

namespace {

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string event_at(const context& ctx, const std::string& key, std::size_t i, const char* type) {
    return child_pointer(child_pointer(child_pointer(ctx.function_pointer(key), "events"), i), type);
}

// The function a websocket authorizer names, or "" when it names an ARN or nothing.
// websockets/lib/validate.js:34-60 (a string without ':' is a function), :111-116 (an object's `name` without `arn`).
std::string websocket_authorizer_function(const json& auth) {
    if (auth.is_string()) return auth.get<std::string>().find(':') == std::string::npos ? auth.get<std::string>() : "";
    if (auth.is_object() && !truthy(member(auth, "arn")) && member(auth, "name").is_string())
        return member(auth, "name").get<std::string>();
    return "";
}

// api-gateway/lib/validate.js:247-305 (getAuthorizer): a string that is neither AWS_IAM nor an ARN, or an object
// whose `name` is read because it has no authorizerId, AWS_IAM type or `arn`. `missing` is set for an object with
// none of them ("Please provide either an authorizer name or ARN", :283-287).
std::string http_authorizer_function(const json& auth, bool& missing) {
    missing = false;
    if (auth.is_string()) {
        const std::string a = auth.get<std::string>();
        return upper(a) == "AWS_IAM" || a.find(':') != std::string::npos ? "" : a;
    }
    if (!auth.is_object()) return "";
    const json& type = member(auth, "type");
    if (truthy(type) && truthy(member(auth, "authorizerId"))) return "";
    if (type.is_string() && upper(type.get<std::string>()) == "AWS_IAM") return "";
    if (truthy(member(auth, "arn"))) return "";
    if (truthy(member(auth, "name")) && member(auth, "name").is_string()) return member(auth, "name").get<std::string>();
    missing = !truthy(member(auth, "name"));
    return "";
}

}  // namespace

void check_event_references(context& ctx) {
    const std::set<std::string> functions(ctx.function_keys.begin(), ctx.function_keys.end());
    auto refuse = [&](const std::string& rule, const std::string& message, const std::string& pointer, json args) {
        args["rule"] = rule;
        ctx.error("WD2056", "the framework refuses to package this: " + message, pointer, std::move(args));
    };
    const json& provider = ctx.provider();
    // http-api.js:355-470 (resolveConfiguration, run whether or not there are httpApi events): an external API
    // (`provider.httpApi.id`) takes no CORS (:369-374), authorizers (:400-405) or access logs (:463-468), and a
    // request authorizer's `functionName` must be a function of the service (:422-432).
    const json& http_api = member(provider, "httpApi");
    const bool external_http_api = truthy(member(http_api, "id"));
    if (external_http_api) {
        // The framework stops at the first of the three.
        struct refused { const char* key; const char* rule; const char* what; std::string pointer; };
        const refused settings[] = {
            {"cors", "httpapi-external-cors", "CORS rules", "/provider/httpApi/cors"},
            {"authorizers", "httpapi-external-authorizers", "authorizers", "/provider/httpApi/authorizers"},
            {"logs", "httpapi-external-logs", "access logs", "/provider/logs/httpApi"}};
        for (const auto& r : settings) {
            const json& v = std::string(r.key) == "logs" ? member(member(provider, "logs"), "httpApi") : member(http_api, r.key);
            if (!truthy(v)) continue;
            refuse(r.rule, std::string(r.what) + " cannot be set up for an externally configured HTTP API (`provider.httpApi.id`)",
                   r.pointer, json::object());
            return;
        }
    }
    const json& http_api_authorizers = member(http_api, "authorizers");
    if (!external_http_api && http_api_authorizers.is_object())
        for (auto it = http_api_authorizers.begin(); it != http_api_authorizers.end(); ++it) {
            const json& fn = member(it.value(), "functionName");
            if (member(it.value(), "type") == json("request") && fn.is_string() && !member(it.value(), "functionArn").is_string() &&
                !functions.count(fn.get<std::string>()))
                refuse("httpapi-authorizer-function",
                       "function `" + fn.get<std::string>() + "` of HTTP API authorizer `" + it.key() + "` is not a function of this service",
                       child_pointer(child_pointer("/provider/httpApi/authorizers", it.key()), "functionName"),
                       json{{"authorizer", it.key()}, {"target", fn}});
        }
    // alb/lib/validate.js:10-18 registers provider.alb.authorizers; :75-77, 157-168 look each event's names up.
    const json& alb_authorizers = member(member(provider, "alb"), "authorizers");

    for (const auto& key : ctx.function_keys) {
        const json& events = member(ctx.function(key), "events");
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& e = events[i];
            auto missing_function = [&](const std::string& name, const char* type, const std::string& rule) {
                if (name.empty() || functions.count(name)) return;
                refuse(rule, std::string("the `") + type + "` authorizer of function `" + key + "` names function `" + name +
                                 "`, which does not exist in this service",
                       event_at(ctx, key, i, type), json{{"function", key}, {"target", name}});
            };
            if (const json& w = member(e, "websocket"); w.is_object())
                missing_function(websocket_authorizer_function(member(w, "authorizer")), "websocket", "websocket-authorizer-function");
            if (const json& h = member(e, "http"); h.is_object() && truthy(member(h, "authorizer"))) {
                bool missing = false;
                missing_function(http_authorizer_function(member(h, "authorizer"), missing), "http", "http-authorizer-function");
                if (missing)
                    refuse("http-authorizer-name-or-arn", "the `http` authorizer of function `" + key + "` has neither a name nor an ARN",
                           event_at(ctx, key, i, "http"), json{{"function", key}});
            }
            if (const json& a = member(e, "alb"); a.is_object() && truthy(member(a, "authorizer"))) {
                const json& auth = member(a, "authorizer");
                const json names = auth.is_array() ? auth : json::array({auth});
                for (const auto& n : names)
                    if (!n.is_string() || !alb_authorizers.is_object() || !alb_authorizers.contains(n.get<std::string>())) {
                        const std::string name = n.is_string() ? n.get<std::string>() : n.dump();
                        refuse("alb-authorizer", "the `alb` event of function `" + key + "` names authorizer `" + name +
                                                     "`, which `provider.alb.authorizers` does not register",
                               event_at(ctx, key, i, "alb"), json{{"function", key}, {"target", name}});
                        break;
                    }
            }
            // http-api.js:547-582: a named authorizer (not aws_iam, no external `id`) must be in provider.httpApi.authorizers.
            if (const json& h = member(e, "httpApi"); h.is_object() && truthy(member(h, "authorizer"))) {
                const json& auth = member(h, "authorizer");
                const json& name = auth.is_object() ? member(auth, "name") : auth;
                const bool by_id = auth.is_object() && truthy(member(auth, "id"));
                const bool iam = auth.is_object() && member(auth, "type") == json("aws_iam");
                if (!by_id && !iam && name.is_string() &&
                    !(http_api_authorizers.is_object() && !external_http_api && http_api_authorizers.contains(name.get<std::string>())))
                    refuse("httpapi-authorizer", "the `httpApi` event of function `" + key + "` references authorizer `" +
                                                     name.get<std::string>() + "`, which `provider.httpApi.authorizers` does not configure",
                           event_at(ctx, key, i, "httpApi"), json{{"function", key}, {"target", name}});
            }
        }
    }
}

}  // namespace wd::sls
