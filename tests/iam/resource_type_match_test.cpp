// SPDX-License-Identifier: MIT
// The ARN-template matcher behind `error:no.resource.types`: real templates from the Service Authorization
// Reference, and a randomized comparison with a plain recursive matcher (exponential, but obviously right).
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

#include "iam/resource_type_match.hpp"

using wd::iam::arn_fits_resource_type;

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// The definition, read literally: a `${…}` takes one or more characters (none of `:` `/` when it is the
// whole part); any other character matches itself, ignoring case.
bool reference_part(std::string_view text, std::string_view part, bool whole_variable) {
    if (part.empty()) return text.empty();
    if (part[0] == '$' && part.size() > 1 && part[1] == '{') {
        const std::size_t close = part.find('}');
        if (close != std::string_view::npos) {
            for (std::size_t take = 1; take <= text.size(); ++take) {
                if (whole_variable && (text[take - 1] == ':' || text[take - 1] == '/')) return false;
                if (reference_part(text.substr(take), part.substr(close + 1), whole_variable)) return true;
            }
            return false;
        }
    }
    return !text.empty() && lower(text[0]) == lower(part[0]) && reference_part(text.substr(1), part.substr(1), whole_variable);
}

bool reference_fits(std::string_view text, std::string_view part) {
    if (part == "*") return true;
    const bool whole = part.size() > 2 && part[0] == '$' && part[1] == '{' && part.find('}') == part.size() - 1;
    return reference_part(text, part, whole);
}

}  // namespace

TEST_CASE("ARN templates of the Service Authorization Reference") {
    const std::string object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const std::string bucket = "arn:${Partition}:s3:::${BucketName}";
    CHECK(arn_fits_resource_type("arn:aws:s3:::my-bucket/a/b/c.txt", object));
    CHECK_FALSE(arn_fits_resource_type("arn:aws:s3:::my-bucket", object));
    CHECK(arn_fits_resource_type("arn:aws:s3:::my-bucket", bucket));
    CHECK_FALSE(arn_fits_resource_type("arn:aws:s3:::my-bucket/key", bucket));  // a bucket name has no `/`
    CHECK_FALSE(arn_fits_resource_type("arn:aws:s3:::my-bucket/", object));     // an object needs a key

    const std::string table = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
    const std::string stream = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}";
    CHECK(arn_fits_resource_type("arn:aws:dynamodb:us-east-1:123456789012:table/Orders", table));
    CHECK(arn_fits_resource_type("arn:aws:dynamodb:us-east-1:123456789012:TABLE/Orders", table));  // case-insensitive
    CHECK(arn_fits_resource_type("arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000", stream));
    CHECK_FALSE(arn_fits_resource_type("arn:aws:dynamodb:us-east-1:123456789012:table/Orders", stream));
    CHECK_FALSE(arn_fits_resource_type("arn:aws:dynamodb::123456789012:table/Orders", table));  // region needed

    const std::string key = "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}";
    CHECK(arn_fits_resource_type("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", key));
    CHECK_FALSE(arn_fits_resource_type("arn:aws:kms:eu-west-1:111122223333:alias/my-key", key));

    CHECK(arn_fits_resource_type("arn:aws:iam::123456789012:role/a/b/c", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"));
    CHECK(arn_fits_resource_type("arn:aws:anything:x:y:z", "arn:*:anything:*:*:*"));
    CHECK_FALSE(arn_fits_resource_type("not-an-arn", bucket));
    CHECK_FALSE(arn_fits_resource_type("arn:aws:s3", bucket));
}

TEST_CASE("the matcher agrees with the literal definition on random parts") {
    std::mt19937 rng(20261130);
    const std::string_view text_alphabet = "ab/:A";
    const std::string_view part_pieces[] = {"a", "b", "/", ":", "B", "${V}", "${W}", "${", "}"};
    int matched = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text, part;
        const int text_len = static_cast<int>(rng() % 9);
        for (int i = 0; i < text_len; ++i) text += text_alphabet[rng() % text_alphabet.size()];
        const int pieces = 1 + static_cast<int>(rng() % 5);
        for (int i = 0; i < pieces; ++i) part += part_pieces[rng() % std::size(part_pieces)];
        // The resource part (after the fourth colon) may hold colons; the other parts compare the same way.
        const std::string arn = "arn:aws:svc:r:1:" + text;
        const std::string tmpl = "arn:${Partition}:svc:r:1:" + part;
        const bool expected = reference_fits(text, part);
        matched += expected;
        INFO("text `" << text << "` part `" << part << "`");
        REQUIRE(arn_fits_resource_type(arn, tmpl) == expected);
    }
    CHECK(matched > 500);  // the sample exercises matches, not only mismatches
}
