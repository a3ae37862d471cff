// SPDX-License-Identifier: MIT
// Settings the framework refuses while compiling functions and events (it throws a ServerlessError and
// packages nothing). Each is WD2056 with `args.rule`, so a config the framework rejects never gets a template
// from us without an error. Sources: lib/plugins/aws/package/compile/functions.js and compile/events/*.js of
// serverless 3.40.0 (the line of each check is in the comment next to it).
#include <cctype>
#include <map>
#include <set>
#include <string>

#include "serverless/context.hpp"
#include "serverless/json_util.hpp"

namespace wd::sls {

namespace {

std::string event_at(const context& ctx, const std::string& key, std::size_t i, const char* type) {
    return child_pointer(child_pointer(child_pointer(ctx.function_pointer(key), "events"), i), type);
}

// lodash isObject: mappings and lists (an intrinsic function is a mapping).
bool is_object(const json& v) { return v.is_object() || v.is_array(); }

// provider.js awsS3BucketName: dot-separated labels of [a-z0-9] (with inner '-'), not an IPv4 address.
bool valid_bucket_name(const std::string& n) {
    if (n.empty()) return false;
    std::size_t dots = 0;
    bool all_digits_or_dots = true;
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= n.size(); ++i) {
        if (i == n.size() || n[i] == '.') {
            if (i == label_start) return false;  // empty label
            if (n[label_start] == '-' || n[i - 1] == '-') return false;
            if (i < n.size()) ++dots;
            label_start = i + 1;
            continue;
        }
        const char c = n[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        if (!(c >= '0' && c <= '9')) all_digits_or_dots = false;
    }
    return !(all_digits_or_dots && dots == 3);
}

bool valid_api_stage(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

double number_or(const json& v, double otherwise) {
    if (v.is_number()) return v.get<double>();
    return otherwise;
}

}  // namespace

// http-api.js:495-546: an httpApi event's route, as the framework reads it before compiling anything. Returns the
// problem that stops it ("" when none) and, for a method + path route, its key in `route_key`.
std::string http_api_route_problem(const json& h, std::string& route_key) {
    static const std::set<std::string> allowed = {"ANY", "GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE"};
    auto upper = [](std::string t) {
        for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return t;
    };
    json method, path;
    if (h.is_object()) {
        method = member(h, "method");
        path = member(h, "path");
    } else if (!h.is_array()) {
        const std::string text = js_string(h);
        if (text == "*") {
            path = "*";
        } else {
            // methodPathPattern: `^(?:\*|(ANY|GET|…) (\/\S*))$`, case-insensitive; no match is a TypeError.
            const std::size_t space = text.find(' ');
            const bool matches = space != std::string::npos && allowed.count(upper(text.substr(0, space))) &&
                                 space + 1 < text.size() && text[space + 1] == '/' &&
                                 text.find_first_of(" \t\n\r\f\v", space + 1) == std::string::npos;
            if (!matches)
                return "the `httpApi` shorthand `" + text + "` is not `<METHOD> /<path>` or `*` (TypeError: object null is not iterable)";
            method = text.substr(0, space);
            path = text.substr(space + 1);
        }
    }
    const std::string path_text = path.is_null() ? "undefined" : js_string(path);
    if (path_text == "*") {
        if (truthy(method) && js_string(method) != "*") return "an `httpApi` event with `path: '*'` takes no method other than `*` (Invalid \"path\" property)";
        return {};
    }
    if (!truthy(method)) return "an `httpApi` event needs a `method` (Missing \"method\" property)";
    std::string m = upper(js_string(method));
    if (m == "*") m = "ANY";
    else if (!allowed.count(m)) return "`" + js_string(method) + "` is not an HTTP method the framework accepts for `httpApi` (ANY, GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE or `*`; Invalid \"method\" property)";
    route_key = m + " " + path_text;
    return {};
}

void check_event_rules(context& ctx) {
    const json& provider = ctx.provider();
    const json& event_bridge = member(provider, "eventBridge");
    // event-bridge/index.js:143: with a provider.eventBridge block, CloudFormation only when useCloudFormation.
    const bool bridge_cfn = event_bridge.is_null() || truthy(member(event_bridge, "useCloudFormation"));
    auto reject = [&](const std::string& rule, const std::string& message, const std::string& pointer, const std::string& fn) {
        ctx.error("WD2056", "the framework refuses to package this: " + message, pointer, json{{"rule", rule}, {"function", fn}});
    };
    bool any_http = false;
    std::map<std::string, std::string> alb_priorities;  // listener|priority -> function
    std::set<std::string> http_api_routes;               // "GET /path" across every function (http-api.js:538)
    for (const auto& key : ctx.function_keys) {
        const json& fn = ctx.function(key);
        const std::string fp = ctx.function_pointer(key);
        // functions.js:161-165, 574-578
        if (truthy(member(fn, "handler")) && truthy(member(fn, "image")))
            reject("handler-and-image", "function `" + key + "` sets both `handler` and `image` (one of them)", fp, key);
        if (truthy(member(fn, "provisionedConcurrency")) && truthy(member(fn, "snapStart")))
            reject("snapstart-provisioned", "function `" + key + "` enables SnapStart and provisioned concurrency together", fp, key);
        const json& events = member(fn, "events");
        if (!events.is_array()) continue;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& e = events[i];
            // stream.js (and, past a `consumer: true` kinesis event, eventBridge's compiler) destructures every event
            // of every function: an empty item (`- ` or `~`) stops `sls package` with "Cannot destructure property
            // 'stream' of 'object null'" whatever configValidationMode says.
            if (e.is_null())
                reject("event-null", "item " + std::to_string(i) + " of function `" + key +
                                         "`'s `events` is empty (null): the framework stops with a TypeError (\"Cannot destructure property 'stream' of 'object null'\")",
                       child_pointer(child_pointer(fp, "events"), i), key);
            if (!e.is_object()) continue;
            if (has_key(e, "http")) any_http = true;
            // schedule.js:180-184
            if (const json& s = member(e, "schedule"); s.is_object() && truthy(member(s, "timezone")) &&
                                                          member(s, "method") != json("scheduler"))
                reject("schedule-timezone", "a `schedule` event with `timezone` needs `method: scheduler` (function `" + key + "`)",
                       event_at(ctx, key, i, "schedule"), key);
            // sns.js:88-93: an intrinsic `arn` gives no topic name to read.
            if (const json& s = member(e, "sns"); s.is_object() && is_object(member(s, "arn")) && !truthy(member(s, "topicName")))
                reject("sns-topic-name", "an `sns` event whose `arn` is not a plain ARN string needs `topicName` (function `" + key + "`)",
                       event_at(ctx, key, i, "sns"), key);
            // sns.js:113-116: the dead-letter queue's name, account and region are cut out of `deadLetterTargetArn`'s text;
            // an intrinsic there is a TypeError (`deadLetterTargetRef` is the form for a queue of this stack).
            if (const json& dlq = member(member(member(e, "sns"), "redrivePolicy"), "deadLetterTargetArn"); truthy(dlq) && !dlq.is_string())
                reject("sns-dlq-arn", "an `sns` event's `redrivePolicy.deadLetterTargetArn` must be an ARN string; use `deadLetterTargetRef` "
                                      "for a queue of this stack (TypeError: deadLetterTargetArn.split is not a function; function `" + key + "`)",
                       event_at(ctx, key, i, "sns"), key);
            if (const json& h = member(e, "httpApi"); truthy(h)) {
                std::string route_key;
                const std::string problem = http_api_route_problem(h, route_key);
                if (!problem.empty())
                    reject("httpapi-route", problem + " (function `" + key + "`)", event_at(ctx, key, i, "httpApi"), key);
                else if (!route_key.empty() && !http_api_routes.insert(route_key).second)
                    reject("httpapi-duplicate-route", "the `httpApi` route `" + route_key + "` is configured twice (function `" + key + "`)",
                           event_at(ctx, key, i, "httpApi"), key);
            }
            // event-bridge/index.js:179-186, 196-201, 210-215
            if (const json& b = member(e, "eventBridge"); b.is_object()) {
                int inputs = 0;
                for (const char* k : {"input", "inputPath", "inputTransformer"})
                    if (truthy(member(b, k))) ++inputs;
                if (inputs > 1)
                    reject("eventbridge-inputs", "an `eventBridge` event sets more than one of input, inputPath and inputTransformer (function `" + key + "`)",
                           event_at(ctx, key, i, "eventBridge"), key);
                if (!bridge_cfn && (truthy(member(b, "retryPolicy")) || truthy(member(b, "deadLetterQueueArn"))))
                    reject("eventbridge-custom-resource", "`retryPolicy` and `deadLetterQueueArn` need `provider.eventBridge.useCloudFormation` (function `" + key + "`)",
                           event_at(ctx, key, i, "eventBridge"), key);
            }
            // s3/index.js:81-86 (an intrinsic bucket must be `existing`), 112-122 (bucket name pattern)
            if (const json& s3 = member(e, "s3"); !s3.is_null()) {
                const json& bucket = s3.is_object() ? member(s3, "bucket") : s3;
                const bool existing = s3.is_object() && truthy(member(s3, "existing"));
                if (s3.is_object() && is_object(bucket) && !existing)
                    reject("s3-intrinsic-bucket", "an `s3` event whose `bucket` is an intrinsic function needs `existing: true` (function `" + key + "`)",
                           event_at(ctx, key, i, "s3"), key);
                else if (!existing && bucket.is_string()) {
                    std::string name = bucket.get<std::string>();
                    const json& named = member(member(member(provider, "s3"), name), "name");
                    if (named.is_string()) name = named.get<std::string>();
                    if (!valid_bucket_name(name))
                        reject("s3-bucket-name", "`" + name + "` is not a valid bucket name (function `" + key + "`)",
                               event_at(ctx, key, i, "s3"), key);
                }
            }
            // msk/index.js:96-100, kafka.js:159-163, stream.js:344-351 (only with a Kinesis consumer)
            for (const char* type : {"msk", "kafka", "stream"}) {
                const json& s = member(e, type);
                if (!s.is_object() || member(s, "startingPosition") != json("AT_TIMESTAMP")) continue;
                if (std::string(type) == "stream" && !truthy(member(s, "consumer"))) continue;
                const json& ts = member(s, "startingPositionTimestamp");
                if (std::string(type) == "stream" ? !truthy(ts) : ts.is_null())
                    reject("starting-position-timestamp", std::string("a `") + type + "` event starting AT_TIMESTAMP needs `startingPositionTimestamp` (function `" + key + "`)",
                           event_at(ctx, key, i, type), key);
            }
            // kafka.js:230: accessConfigurations values are lists (a plain value is coerced to one, an intrinsic
            // mapping is not, and `forEach` fails on it).
            if (const json& k = member(e, "kafka"); k.is_object() && member(k, "accessConfigurations").is_object()) {
                const json& ac = member(k, "accessConfigurations");
                for (auto it = ac.begin(); it != ac.end(); ++it)
                    if (it.value().is_object()) {
                        reject("kafka-access-configuration", "`kafka.accessConfigurations." + it.key() +
                                                                 "` is an intrinsic function; the framework reads a list of values (write `- !Ref ...`) (function `" + key + "`)",
                               event_at(ctx, key, i, "kafka"), key);
                        break;
                    }
            }
            // websockets/lib/validate.js:84-89
            if (const json& w = member(e, "websocket"); w.is_object()) {
                const json& auth = member(w, "authorizer");
                if (auth.is_object() && is_object(member(auth, "arn")) && !truthy(member(auth, "name")))
                    reject("websocket-authorizer-name", "a websocket authorizer whose `arn` is an intrinsic function needs `name` (function `" + key + "`)",
                           event_at(ctx, key, i, "websocket"), key);
            }
            // alb/lib/validate.js:136-154: one priority per listener across functions, and per function.
            if (const json& a = member(e, "alb"); a.is_object() && member(a, "priority").is_number()) {
                const std::string listener = member(a, "listenerArn").dump();
                const std::string slot = listener + "|" + member(a, "priority").dump();
                auto [it, fresh] = alb_priorities.emplace(slot, key);
                if (!fresh)
                    reject("alb-priority", "ALB priority " + member(a, "priority").dump() + " is already used on that listener (function `" + key + "`)",
                           event_at(ctx, key, i, "alb"), key);
            }
            // cloud-front.js:248-266: Lambda@Edge limits by event type.
            if (const json& c = member(e, "cloudFront"); c.is_object()) {
                const std::string type = member(c, "eventType").is_string() ? member(c, "eventType").get<std::string>() : "default";
                const bool origin = type == "origin-request" || type == "origin-response";
                const double max_memory = origin ? 10240 : 128, max_timeout = origin ? 30 : 5;
                if (number_or(member(fn, "memorySize"), 0) > max_memory || number_or(member(fn, "timeout"), 0) > max_timeout)
                    reject("lambda-edge-limits", "function `" + key + "`'s memorySize or timeout is over the Lambda@Edge limit for `" + type + "` events",
                           fp, key);
            }
        }
    }
    // api-gateway/lib/validate.js:186-197
    if (any_http && !valid_api_stage(ctx.stage))
        ctx.error("WD2056", "the framework refuses to package this: stage `" + ctx.stage +
                                "` may hold only letters, digits, `-` and `_` when there are `http` events (an API Gateway limit)",
                  "/functions", json{{"rule", "api-stage-name"}, {"stage", ctx.stage}});
}

}  // namespace wd::sls
