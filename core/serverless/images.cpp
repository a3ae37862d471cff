// SPDX-License-Identifier: MIT
// A function's container `image`, as `sls package` resolves it (provider.js resolveImageUriAndSha, called by
// compile/functions.js:171 for every function with an image). The IAM output does not depend on the image,
// but the framework stops on a malformed one and needs AWS for a tagged ECR image: both are said here, so
// the analysis reports what `sls package` would do instead of packaging silently.
#include <string>
#include <string_view>

#include "serverless/context.hpp"
#include "serverless/json_util.hpp"

namespace wd::sls {
namespace {

// The text JavaScript would put in a template string; a number or boolean as Ajv coerced it.
std::string text_of(const json& v) {
    json copy = v;
    coerce_to_string(copy);
    return copy.is_string() ? copy.get<std::string>() : copy.dump();
}

bool is_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// provider.js:23 isEcrUri, `/^\d+\.dkr\.ecr\.[a-z0-9-]+..amazonaws.com\/([^@]+)|([^@:]+@sha256:[a-f0-9]{64})$/`.
// The alternation splits the anchors: a registry URI anchored at the start, or a digest anchored at the end
// (any text ending in `<name>@sha256:<64 hex>`); the unescaped dots match any character.
bool is_ecr_uri(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i > 0 && s.substr(i, 9) == ".dkr.ecr.") {
        std::size_t j = i + 9, k = j;
        while (k < s.size() && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '-')) ++k;
        // [a-z0-9-]+ backtracks: any split where the rest reads `..amazonaws.com/` plus one non-`@`.
        for (std::size_t end = k; end > j; --end) {
            std::string_view rest = s.substr(end);
            if (rest.size() >= 17 && rest.substr(2, 9) == "amazonaws" && rest.substr(12, 4) == "com/" && rest[16] != '@')
                return true;
        }
    }
    constexpr std::string_view digest = "@sha256:";
    if (s.size() < digest.size() + 64 + 1) return false;
    const std::size_t at = s.size() - 64 - digest.size();
    if (s.substr(at, digest.size()) != digest || !is_hex(s.substr(at + digest.size()))) return false;
    return s[at - 1] != '@' && s[at - 1] != ':';
}

struct image_check {
    context& ctx;
    const std::string& function;
    std::string pointer;

    void refuse(const std::string& message, const std::string& framework_code) {
        ctx.error("WD2094", message, pointer, json{{"function", function}, {"frameworkCode", framework_code}});
    }
    void needs_aws(const std::string& why) {
        ctx.info("WD2087", "the image of function `" + function + "`: " + why +
                               "; offline `sls package` stops there. The IAM part does not depend on it",
                 pointer, json{{"function", function}});
    }

    // provider.js:2311 resolveImageUriAndShaFromUri.
    void from_uri(const std::string& uri) {
        // `image.split('@')[1]`: the text between the first `@` and the next one; non-empty is a digest, no AWS call.
        const std::size_t at = uri.find('@');
        if (at != std::string::npos && at + 1 < uri.size() && uri[at + 1] != '@') return;
        std::string region = "undefined";  // image.split('.')[3]
        std::size_t start = 0;
        for (int part = 0; part < 3 && start != std::string::npos; ++part) {
            start = uri.find('.', start);
            if (start != std::string::npos) ++start;
        }
        if (start != std::string::npos) {
            const std::size_t end = uri.find('.', start);
            region = uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
        }
        if (region != ctx.region)
            return refuse("The region \"" + region + "\" of the ECR image \"" + uri + "\" must match provider region \"" +
                              ctx.region + "\" (function `" + function + "`)",
                          "LAMBDA_ECR_REGION_MISMATCH_ERROR");
        needs_aws("`" + uri + "` is given by tag, so the framework asks ECR for its digest (describeImages, with AWS credentials)");
    }

    // provider.js:2393-2470, an image named in `provider.ecr.images`.
    void from_name(const json& name) {
        const std::string text = name.is_string() ? name.get<std::string>() : name.dump();
        const json& defined = member(member(member(ctx.provider(), "ecr"), "images"), text);
        if (!truthy(defined))
            return refuse("Referenced \"" + text + "\" not defined in \"provider.ecr.images\" (function `" + function + "`)",
                          "REFERENCED_FUNCTION_IMAGE_NOT_DEFINED_IN_PROVIDER");
        if (defined.is_object()) {
            const bool uri = truthy(member(defined, "uri")), path = truthy(member(defined, "path"));
            if (!uri && !path)
                return refuse("Either \"uri\" or \"path\" property needs to be set on image \"" + text + "\"",
                              "ECR_IMAGE_NEITHER_URI_NOR_PATH_DEFINED_ERROR");
            if (uri && path)
                return refuse("Either \"uri\" or \"path\" property (not both) needs to be set on image \"" + text + "\"",
                              "ECR_IMAGE_BOTH_URI_AND_PATH_DEFINED_ERROR");
            for (const char* key : {"buildArgs", "cacheFrom", "platform"})
                if (uri && truthy(member(defined, key)))
                    return refuse(std::string("The \"") + key + "\" property cannot be used with \"uri\" property \"" + text + "\"",
                                  std::string("ECR_IMAGE_BOTH_URI_AND_") + (std::string(key) == "buildArgs" ? "BUILDARGS" : std::string(key) == "cacheFrom" ? "CACHEFROM" : "PLATFORM") + "_DEFINED_ERROR");
            if (path) return needs_aws("image `" + text + "` is built from `" + text_of(member(defined, "path")) +
                                       "` with Docker and pushed to ECR (with AWS credentials)");
            const json& u = member(defined, "uri");
            if (holds_placeholder(u)) return;
            return from_uri(text_of(u));
        }
        if (holds_placeholder(defined)) return;
        const std::string value = text_of(defined);
        if (is_ecr_uri(value)) return from_uri(value);
        needs_aws("image `" + text + "` is built from `" + value + "` with Docker and pushed to ECR (with AWS credentials)");
    }
};

}  // namespace

void check_function_images(context& ctx) {
    for (const auto& key : ctx.function_keys) {
        const json& fn = ctx.function(key);
        const json& image = member(fn, "image");
        if (!truthy(image) || truthy(member(fn, "handler"))) continue;  // both set: WD2069's sibling in event_rules.cpp
        image_check check{ctx, key, "/functions/" + key + "/image"};
        if (image.is_object()) {
            const bool uri = truthy(member(image, "uri")), name = truthy(member(image, "name"));
            if (!uri && !name) {
                check.refuse("Either \"uri\" or \"name\" property needs to be set on image for function: " + key,
                             "FUNCTION_IMAGE_NEITHER_URI_NOR_NAME_DEFINED_ERROR");
            } else if (uri && name) {
                check.refuse("Either \"uri\" or \"name\" property (not both) needs to be set on image for function: " + key,
                             "FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR");
            } else if (uri) {
                if (!holds_placeholder(image["uri"])) check.from_uri(text_of(image["uri"]));
            } else {
                check.from_name(image["name"]);
            }
            continue;
        }
        if (holds_placeholder(image)) continue;  // resolved only with AWS: the framework sees another text
        const std::string text = text_of(image);
        if (is_ecr_uri(text)) check.from_uri(text);
        else check.from_name(image);
    }
}

}  // namespace wd::sls
