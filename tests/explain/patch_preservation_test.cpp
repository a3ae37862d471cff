// SPDX-License-Identifier: MIT
// The patch must look typed by the user: awkward files keep every byte outside the inserted lines, the
// diff applies with our own applier and with `git apply` / `patch -p1`, and the result still parses.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "explain/diff_apply.hpp"
#include "explain/unified_diff.hpp"
#include "explain/yaml_patch.hpp"
#include "support/test_files.hpp"
#include "yaml/document.hpp"

using wd::json;

namespace {

const json k_stmt = {{"Effect", "Allow"}, {"Action", json::array({"cloudwatch:GetMetricStatistics"})}, {"Resource", json::array({"*"})}};

struct patched {
    std::string text, diff;
    wd::yaml::document doc;
};

template <class F>
patched run(const std::string& text, F&& edit) {
    wd::yaml::document doc = wd::yaml::load(text);
    REQUIRE(doc.parsed);
    wd::explain::yaml_patcher p(text, doc);
    edit(p);
    patched out;
    out.text = p.result();
    out.diff = wd::explain::unified_diff(text, out.text);
    out.doc = wd::yaml::load(out.text);
    return out;
}

// Every original line is still there, in order (insertions only).
bool original_lines_kept(const std::string& before, const std::string& after) {
    auto a = wd::test::diff_split(before), b = wd::test::diff_split(after);
    std::size_t j = 0;
    for (const auto& l : a) {
        std::string want = l;
        while (j < b.size() && b[j] != want) {
            // the last line may have gained its newline only if it was not last any more
            if (want.back() != '\n' && b[j] == want + "\n") break;
            ++j;
        }
        if (j == b.size()) return false;
        ++j;
    }
    return true;
}

bool tool_applies(const std::string& tool, const std::string& original, const std::string& diff, const std::string& expected) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("wd-explain-" + tool + "-" + std::to_string(std::rand()));
    fs::create_directories(dir);
    { std::ofstream(dir / "serverless.yml", std::ios::binary) << original; }
    { std::ofstream(dir / "fix.patch", std::ios::binary) << diff; }
    std::string cmd = tool == "git" ? "cd '" + dir.string() + "' && git apply fix.patch 2>&1 >/dev/null"
                                    : "cd '" + dir.string() + "' && patch -p1 --quiet < fix.patch >/dev/null 2>&1";
    int rc = std::system(cmd.c_str());
    std::string result = wd::test::read_file((dir / "serverless.yml").string());
    fs::remove_all(dir);
    return rc == 0 && result == expected;
}

bool have(const char* tool) { return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0; }

void check_applies(const std::string& original, const patched& p) {
    REQUIRE_FALSE(p.diff.empty());
    CHECK(p.diff.rfind("--- a/serverless.yml\n+++ b/serverless.yml\n@@ ", 0) == 0);
    auto applied = wd::test::apply_unified_diff(original, p.diff);
    REQUIRE(applied.has_value());
    CHECK(*applied == p.text);
    CHECK(p.doc.parsed);
    if (have("git")) CHECK(tool_applies("git", original, p.diff, p.text));
    if (have("patch")) CHECK(tool_applies("patch", original, p.diff, p.text));
}

const json& at(const json& j, const char* ptr) { return j.at(json::json_pointer(ptr)); }

}  // namespace

TEST_CASE("patch: seed file gets provider.iam.role.statements, nothing else changes") {
    std::string text = wd::test::read_file(wd::test::source_path("examples/seed/serverless.yml"));
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.create_statements("/provider", {"iam", "role", "statements"}, k_stmt, why));
    });
    check_applies(text, p);
    CHECK(original_lines_kept(text, p.text));
    CHECK(at(p.doc.root, "/provider/iam/role/statements/0/Action/0") == "cloudwatch:GetMetricStatistics");
    CHECK(at(p.doc.root, "/provider/iam/role/statements/0/Resource") == "*");
    // inserted right after the provider's last key, before the column-0 comment
    CHECK(p.text.find("  region: ap-northeast-1\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n") != std::string::npos);
    CHECK(p.text.find("# No IAM statements") > p.text.find("statements:"));
}

TEST_CASE("patch: comments everywhere and legacy iamRoleStatements") {
    std::string text =
        "# top comment\n"
        "service: svc # trailing\n"
        "\n"
        "provider:\n"
        "  name: aws # the cloud\n"
        "  # comment before statements\n"
        "  iamRoleStatements:\n"
        "    - Effect: Allow # why\n"
        "      Action:\n"
        "        # reading\n"
        "        - 's3:GetObject' # quoted\n"
        "      Resource: 'arn:aws:s3:::b/*'\n"
        "    # a commented-out statement\n"
        "    # - Effect: Deny\n"
        "\n"
        "functions: # fns\n"
        "  main:\n"
        "    handler: h.main # handler\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.append_statement("/provider/iamRoleStatements", k_stmt, why));
    });
    check_applies(text, p);
    CHECK(original_lines_kept(text, p.text));
    CHECK(at(p.doc.root, "/provider/iamRoleStatements").size() == 2);
    CHECK(at(p.doc.root, "/provider/iamRoleStatements/1/Action/0") == "cloudwatch:GetMetricStatistics");
    // the new item sits after the last item's content, before the commented-out lines
    CHECK(p.text.find("'arn:aws:s3:::b/*'\n    - Effect: Allow\n") != std::string::npos);
}

TEST_CASE("patch: 4-space indentation is kept") {
    std::string text =
        "service: svc\n"
        "provider:\n"
        "    name: aws\n"
        "    runtime: python3.11\n"
        "functions:\n"
        "    main:\n"
        "        handler: h.main\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.create_statements("/provider", {"iam", "role", "statements"}, k_stmt, why));
    });
    check_applies(text, p);
    CHECK(p.text.find("    iam:\n        role:\n            statements:\n                - Effect: Allow\n") != std::string::npos);
    CHECK(at(p.doc.root, "/provider/iam/role/statements/0/Effect") == "Allow");
}

TEST_CASE("patch: flow sequences and scalar Action get the new action") {
    std::string text =
        "service: svc\n"
        "provider:\n"
        "  name: aws\n"
        "  iam:\n"
        "    role:\n"
        "      statements:\n"
        "        - Effect: Allow\n"
        "          Action: [dynamodb:Query, dynamodb:GetItem]   # reads\n"
        "          Resource: !GetAtt Table.Arn\n"
        "        - Effect: Allow\n"
        "          Action: sqs:SendMessage # send\n"
        "          Resource: arn:aws:sqs:us-east-1:123456789012:q\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.add_action("/provider/iam/role/statements/0", "dynamodb:BatchWriteItem", why));
        REQUIRE(pt.add_action("/provider/iam/role/statements/1", "sqs:GetQueueUrl", why));
    });
    check_applies(text, p);
    CHECK(p.text.find("Action: [dynamodb:Query, dynamodb:GetItem, dynamodb:BatchWriteItem]   # reads\n") != std::string::npos);
    CHECK(at(p.doc.root, "/provider/iam/role/statements/1/Action") == json::array({"sqs:SendMessage", "sqs:GetQueueUrl"}));
    CHECK(p.text.find("          Action: # send\n") != std::string::npos);
}

TEST_CASE("patch: quoted keys, double quotes and anchors/aliases stay as written") {
    std::string text =
        "\"service\": \"svc\"\n"
        "custom:\n"
        "  defaults: &defaults\n"
        "    timeout: 30\n"
        "\"provider\":\n"
        "  \"name\": \"aws\"\n"
        "  \"iam\":\n"
        "    \"role\":\n"
        "      \"statements\":\n"
        "        - \"Effect\": \"Allow\"\n"
        "          \"Action\":\n"
        "            - \"s3:GetObject\"\n"
        "          \"Resource\": \"arn:aws:s3:::b/*\"\n"
        "functions:\n"
        "  main:\n"
        "    <<: *defaults\n"
        "    handler: h.main\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.append_statement("/provider/iam/role/statements", k_stmt, why));
        REQUIRE(pt.add_action("/provider/iam/role/statements/0", "s3:PutObject", why));
    });
    check_applies(text, p);
    CHECK(original_lines_kept(text, p.text));
    CHECK(p.text.find("            - \"s3:PutObject\"\n") != std::string::npos);
    CHECK(p.text.find("Resource: \"*\"") != std::string::npos);  // the file's own quote
    CHECK(at(p.doc.root, "/functions/main/timeout") == 30);
    CHECK(at(p.doc.root, "/provider/iam/role/statements/1/Resource") == "*");
}

TEST_CASE("patch: a file that quotes only its actions and ARNs gets quoted actions and a plain Effect") {
    std::string text =
        "service: svc\n"
        "provider:\n"
        "  name: aws\n"
        "  iam:\n"
        "    role:\n"
        "      statements:\n"
        "        - Effect: Allow\n"
        "          Action: 'sqs:*'\n"
        "          Resource: 'arn:aws:sqs:us-east-1:123456789012:a'\n"
        "functions:\n"
        "  main:\n"
        "    handler: h.main\n";
    const json stmt = {{"Effect", "Allow"}, {"Action", json::array({"sqs:SendMessage"})},
                       {"Resource", json::array({"arn:aws:sqs:us-east-1:123456789012:b"})}};
    auto p = run(text, [&](auto& pt) {
        std::string why;
        REQUIRE(pt.append_statement("/provider/iam/role/statements", stmt, why));
    });
    check_applies(text, p);
    CHECK(p.text.find("        - Effect: Allow\n          Action:\n            - 'sqs:SendMessage'\n"
                      "          Resource: 'arn:aws:sqs:us-east-1:123456789012:b'\n") != std::string::npos);
    CHECK(at(p.doc.root, "/provider/iam/role/statements/1/Action/0") == "sqs:SendMessage");
}

TEST_CASE("patch: CRLF files stay CRLF") {
    std::string text = "service: svc\r\nprovider:\r\n  name: aws\r\n  region: eu-west-1\r\nfunctions:\r\n  main:\r\n    handler: h.main\r\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.create_statements("/provider", {"iam", "role", "statements"}, k_stmt, why));
    });
    check_applies(text, p);
    for (std::size_t i = 0; i < p.text.size(); ++i)
        if (p.text[i] == '\n') REQUIRE((i > 0 && p.text[i - 1] == '\r'));
    CHECK(at(p.doc.root, "/provider/iam/role/statements/0/Effect") == "Allow");
}

TEST_CASE("patch: no trailing newline and provider block at the end of the file") {
    std::string text = "service: svc\nfunctions:\n  main:\n    handler: h.main\nprovider:\n  name: aws\n  runtime: nodejs18.x";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.create_statements("/provider", {"iam", "role", "statements"}, k_stmt, why));
    });
    check_applies(text, p);
    CHECK(p.text.back() != '\n');
    CHECK(p.diff.find("\\ No newline at end of file") != std::string::npos);
    CHECK(at(p.doc.root, "/provider/iam/role/statements/0/Action/0") == "cloudwatch:GetMetricStatistics");
    CHECK(p.text.rfind("  runtime: nodejs18.x\n  iam:\n", std::string::npos) != std::string::npos);
}

TEST_CASE("patch: non-indented sequences keep their style") {
    std::string text =
        "service: svc\n"
        "provider:\n"
        "  name: aws\n"
        "  iam:\n"
        "    role:\n"
        "      statements:\n"
        "      - Effect: Allow\n"
        "        Action:\n"
        "        - s3:GetObject\n"
        "        Resource: arn:aws:s3:::b/*\n"
        "functions:\n"
        "  main:\n"
        "    handler: h.main\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.append_statement("/provider/iam/role/statements", k_stmt, why));
    });
    check_applies(text, p);
    CHECK(p.text.find("      - Effect: Allow\n        Action:\n        - cloudwatch:GetMetricStatistics\n        Resource: '*'\n") !=
          std::string::npos);
}

TEST_CASE("patch: removing a Deny statement") {
    std::string text =
        "service: svc\n"
        "provider:\n"
        "  name: aws\n"
        "  iam:\n"
        "    role:\n"
        "      statements:\n"
        "        - Effect: Allow\n"
        "          Action: s3:*\n"
        "          Resource: '*'\n"
        "        - Effect: Deny # guard\n"
        "          Action: s3:DeleteObject\n"
        "          Resource: '*'\n"
        "functions:\n"
        "  main:\n"
        "    handler: h.main\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.remove_statement("/provider/iam/role/statements/1", why));
    });
    check_applies(text, p);
    CHECK(at(p.doc.root, "/provider/iam/role/statements").size() == 1);
    CHECK(p.text.find("Deny") == std::string::npos);
}

TEST_CASE("patch: a removed statement takes the comment lines right above it, not others") {
    std::string text =
        "provider:\n"
        "  name: aws\n"
        "  iam:\n"
        "    role:\n"
        "      # role statements\n"
        "      statements:\n"
        "        # read everything\n"
        "        - Effect: Allow\n"
        "          Action: s3:*\n"
        "          Resource: '*'\n"
        "        # guardrail: nothing may delete uploads\n"
        "        - Effect: Deny\n"
        "          Action: s3:DeleteObject\n"
        "          Resource: '*'\n";
    auto p = run(text, [](auto& pt) {
        std::string why;
        REQUIRE(pt.remove_statement("/provider/iam/role/statements/1", why));
    });
    check_applies(text, p);
    CHECK(p.text.find("guardrail") == std::string::npos);
    CHECK(p.text.find("# read everything\n") != std::string::npos);
    CHECK(p.text.find("# role statements\n") != std::string::npos);
}
