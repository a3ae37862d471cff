// SPDX-License-Identifier: MIT
// Our own end-to-end cases (tests/explain/cases/*/expected.json) and the gallery
// (examples/gallery/*/meta.json): one data-driven runner, the same data the WASM test reads.
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>

#include "explain/golden_support.hpp"

using wd::json;
using namespace wd::test;

namespace {

// What the CLI reads near the config (cli/inputs.cpp): YAML and JSON files two folders deep, `.env` and
// `.env.<stage>` beside it; here without the case's own serverless.yml and expected.json.
std::map<std::string, std::string> case_files(const std::string& dir) {
    namespace fs = std::filesystem;
    std::map<std::string, std::string> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const std::string name = it->path().filename().string();
        if (it->is_directory()) {
            if (it.depth() >= 1) it.disable_recursion_pending();
            continue;
        }
        const std::string ext = it->path().extension().string();
        const bool dotenv = it.depth() == 0 && (name == ".env" || name.rfind(".env.", 0) == 0);
        if (it.depth() == 0 && (name == "serverless.yml" || name == "expected.json")) continue;
        if (ext != ".yml" && ext != ".yaml" && ext != ".json" && !dotenv) continue;
        files[fs::relative(it->path(), dir).generic_string()] = read_file(it->path().string());
    }
    return files;
}

std::optional<std::string> request_resource_of(const json& d) {
    // A resource the log redacts is evaluated as the fix's resource (the analysed account in place of the mask).
    const bool redacted = d.contains("redacted") && std::find(d["redacted"].begin(), d["redacted"].end(), "resource") != d["redacted"].end();
    if (!redacted && d["resource"].is_string() && d["resource"].get<std::string>().rfind("arn:", 0) == 0) return d["resource"].get<std::string>();
    if (d["fix"].contains("resource") && d["fix"]["resource"].is_string()) return d["fix"]["resource"].get<std::string>();
    return std::nullopt;
}

void check_fixable(const std::string& config, const json& doc, const json& d, const wd::sls::options& opts) {
    const std::string kind = d["fix"]["kind"];
    if (kind != "add-statement" && kind != "remove-deny") return;
    if (!d["fix"]["patch"].is_string()) return;
    // A cross-account grant is half a fix: the other account's policy must allow too, and the answer says so
    // (fix.other_account_too); the patch cannot be verified alone.
    for (const auto& r : d["fix"].value("explanation", json::array()))
        if (r.value("key", "") == "fix.other_account_too") {
            CHECK(d["fix"]["verified"] == false);
            return;
        }
    CHECK(d["fix"]["verified"] == true);
    if (kind == "add-statement") check_patch_properties(config, doc, d, request_resource_of(d), &opts);
}

}  // namespace

TEST_CASE("cases: tests/explain/cases") {
    const std::string root = source_path("tests/explain/cases");
    auto names = list_dir(root, true);
    REQUIRE(names.size() >= 4);
    for (const auto& name : names) {
        DYNAMIC_SECTION(name) {
            const std::string dir = root + "/" + name + "/";
            const std::string config = read_file(dir + "serverless.yml");
            const json expected = json::parse(read_file(dir + "expected.json"));
            wd::sls::options opts;  // the case's other files, as the CLI gives the files near the config
            opts.files = case_files(dir);
            // The CLI flags the case was written for (`"args": ["--stage", "prod"]`).
            std::optional<std::string> account;
            const json args = expected.value("args", json::array());
            for (std::size_t a = 0; a + 1 < args.size(); ++a) {
                const std::string flag = args[a].get<std::string>(), value = args[a + 1].get<std::string>();
                if (flag == "-s" || flag == "--stage") opts.stage = value;
                else if (flag == "-r" || flag == "--region") opts.region = value;
                else if (flag == "--account-id") account = value;
                else continue;
                ++a;
            }
            json doc = run_explain(config, read_file(dir + "error.log"), opts, account);
            if (expected.contains("stage")) CHECK(doc["stage"] == expected["stage"]);
            if (expected.contains("region")) CHECK(doc["region"] == expected["region"]);
            REQUIRE(doc["denials"].size() == expected["denials"].size());
            for (std::size_t i = 0; i < expected["denials"].size(); ++i) {
                const json& e = expected["denials"][i];
                const json& d = doc["denials"][i];
                INFO("denial " << i << ": " << d.dump());
                for (const char* k : {"action", "resource", "function", "role", "decision", "reason", "errorCode", "service", "operation",
                                      "reasonPolicyArn", "count", "logicalId"})
                    if (e.contains(k)) CHECK(d[k] == e[k]);
                if (e.contains("principalArn")) CHECK(d["principal"]["arn"] == e["principalArn"]);
                if (e.contains("fixKind")) CHECK(d["fix"]["kind"] == e["fixKind"]);
                if (e.contains("fixKindNot")) CHECK(d["fix"]["kind"] != e["fixKindNot"]);
                if (e.value("noRequest", false)) CHECK((!d["fix"].contains("request") || d["fix"]["request"].is_null()));
                if (e.value("noOwnPatch", false)) CHECK((!d["fix"].contains("patch") || !d["fix"]["patch"].is_string() || d["fix"]["patch"].get<std::string>().empty()));
                if (e.contains("verified")) CHECK(d["fix"]["verified"] == e["verified"]);
                if (e.contains("commandContains"))
                    CHECK(d["fix"]["request"]["command"].get<std::string>().find(e["commandContains"].get<std::string>()) != std::string::npos);
                if (e.contains("requestContains"))  // one text or a list of them
                    for (const auto& text : (e["requestContains"].is_array() ? e["requestContains"] : json::array({e["requestContains"]}))) {
                        INFO("the request should say " << text.dump());
                        REQUIRE((d["fix"].contains("request") && d["fix"]["request"].is_object()));
                        CHECK(d["fix"]["request"]["text"].get<std::string>().find(text.get<std::string>()) != std::string::npos);
                    }
                if (e.contains("statementPrincipal")) CHECK(d["fix"]["statement"]["Principal"]["AWS"] == e["statementPrincipal"]);
                // Text the answer must say somewhere: the trace, the explanation or the fix's explanation.
                if (e.contains("answerContains")) {
                    const std::string answer = json::array({d["trace"], d["fix"].value("explanation", json()), d["explanation"]}).dump();
                    for (const auto& text : e["answerContains"]) {
                        INFO("the answer should say " << text.dump());
                        CHECK(answer.find(text.get<std::string>()) != std::string::npos);
                    }
                }
                // ... and text it must not say (a wrong word for what is missing, say).
                if (e.contains("answerLacks")) {
                    const std::string answer = json::array({d["trace"], d["fix"].value("explanation", json()), d["explanation"]}).dump();
                    for (const auto& text : e["answerLacks"]) {
                        INFO("the answer should not say " << text.dump());
                        CHECK(answer.find(text.get<std::string>()) == std::string::npos);
                    }
                }
                for (const auto& key : e.value("explanationRecords", json::array())) {  // records the "why" must carry
                    bool found = false;
                    for (const auto& r : d["explanation"]) found = found || r.value("key", "") == key;
                    INFO("explanation should carry " << key.dump());
                    CHECK(found);
                }
                for (const auto& key : e.value("fixRecords", json::array())) {  // explanation records the fix must carry
                    bool found = false;
                    for (const auto& r : d["fix"]["explanation"]) found = found || r.value("key", "") == key;
                    INFO("fix explanation should carry " << key.dump());
                    CHECK(found);
                }
                // (A case may expect an unverifiable patch: a grant the other account must also allow.)
                if (!(e.contains("verified") && e["verified"] == false)) check_fixable(config, doc, d, opts);
            }
            if (expected.contains("patchContains") || expected.contains("patchContainsCount")) {
                REQUIRE(doc.contains("patch"));
                const std::string diff = doc["patch"]["diff"].get<std::string>();
                for (const auto& s : expected.value("patchContains", json::array())) CHECK(diff.find(s.get<std::string>()) != std::string::npos);
                // How often a text must occur in the patch (a grant needed in two policies: the role's and the trust policy).
                // (A text starting `re:` is an ECMAScript pattern, `^`/`$` at line ends, counted by its matches.)
                const json counts = expected.value("patchContainsCount", json::object());
                for (const auto& [text, count] : counts.items()) {
                    std::size_t n = 0;
                    if (text.rfind("re:", 0) == 0) {
                        const std::regex re(text.substr(3), std::regex::ECMAScript | std::regex::multiline);
                        n = static_cast<std::size_t>(std::distance(std::sregex_iterator(diff.begin(), diff.end(), re), std::sregex_iterator()));
                    } else {
                        for (std::size_t at = diff.find(text); at != std::string::npos; at = diff.find(text, at + text.size())) ++n;
                    }
                    INFO("occurrences of " << text);
                    CHECK(n == count.get<std::size_t>());
                }
                auto applied = apply_unified_diff(config, doc["patch"]["diff"]);
                CHECK(applied.has_value());
            }
            // Self-consistency: the patched file, analysed with the same log, needs no further patch (what the page
            // shows after "apply to editor"). Except where the re-run reads the log differently on purpose, and says
            // so: the key is then another one than the file's (reason.other_kms_key), or the object is missing and S3
            // hides it behind 403 (reason.missing_key_listbucket).
            if (doc.contains("patch") && doc["patch"].is_object() && !doc["patch"].value("diff", std::string()).empty()) {
                const auto applied = apply_unified_diff(config, doc["patch"]["diff"]);
                REQUIRE(applied.has_value());
                const json again = run_explain(*applied, read_file(dir + "error.log"), opts, account);
                for (const auto& d : again["denials"]) {
                    if (!d["fix"].contains("patch") || !d["fix"]["patch"].is_string() || d["fix"]["patch"].get<std::string>().empty()) continue;
                    bool reread = false;
                    for (const auto& r : d["explanation"]) {
                        const std::string key = r.value("key", std::string());
                        reread = reread || key == "reason.other_kms_key" || key == "reason.missing_key_listbucket";
                    }
                    INFO("the patched file still needs a patch for " << d["action"].dump() << ": " << d["fix"]["patch"].dump());
                    CHECK(reread);
                }
            }
            // The patched file itself: what it must and must not hold.
            if (expected.contains("patchedMatches") || expected.contains("patchedLacks")) {
                REQUIRE((doc.contains("patch") && doc["patch"].is_object()));
                const auto applied = apply_unified_diff(config, doc["patch"]["diff"]);
                REQUIRE(applied.has_value());
                for (const auto& pattern : expected.value("patchedMatches", json::array())) {
                    INFO("the patched file should match /" << pattern.get<std::string>() << "/");
                    CHECK(std::regex_search(*applied, std::regex(pattern.get<std::string>(), std::regex::ECMAScript | std::regex::multiline)));
                }
                for (const auto& text : expected.value("patchedLacks", json::array())) {
                    INFO("the patched file should not hold " << text.dump());
                    CHECK(applied->find(text.get<std::string>()) == std::string::npos);
                }
            }
            for (const auto& pattern : expected.value("patchNotMatches", json::array())) {
                const std::string diff = doc.contains("patch") && doc["patch"].is_object() ? doc["patch"].value("diff", std::string()) : "";
                INFO("the patch should not match /" << pattern.get<std::string>() << "/");
                CHECK(!std::regex_search(diff, std::regex(pattern.get<std::string>(), std::regex::ECMAScript | std::regex::multiline)));
            }
            if (doc.contains("patch") && doc["patch"].is_object())
                for (const auto& s : expected.value("patchLacks", json::array()))
                    CHECK(doc["patch"]["diff"].get<std::string>().find(s.get<std::string>()) == std::string::npos);
            for (const auto& pattern : expected.value("patchMatches", json::array())) {  // ECMAScript, `^`/`$` at line ends
                const std::string diff = doc.contains("patch") && doc["patch"].is_object() ? doc["patch"].value("diff", std::string()) : "";
                INFO("the patch should match /" << pattern.get<std::string>() << "/");
                CHECK(std::regex_search(diff, std::regex(pattern.get<std::string>(), std::regex::ECMAScript | std::regex::multiline)));
            }
            for (const auto& text : expected.value("denialLacks", json::array())) {  // not anywhere in the denials
                INFO("the denials should not say " << text.dump());
                CHECK(doc["denials"].dump().find(text.get<std::string>()) == std::string::npos);
            }
            for (const auto& code : expected.value("diagnosticsLack", json::array())) {
                INFO("no diagnostic " << code.dump() << " is expected");
                CHECK_FALSE(has_diag(doc, code.get<std::string>()));
            }
            for (const auto& code : expected.value("diagnosticsContain", json::array())) {
                INFO("a diagnostic " << code.dump() << " is expected");
                CHECK(has_diag(doc, code.get<std::string>()));
            }
            if (expected.value("noPatch", false)) {  // nothing in the config to change
                INFO("no patch expected");
                CHECK((!doc.contains("patch") || doc["patch"].is_null() || doc["patch"].value("diff", std::string()).empty()));
            }
            if (expected.contains("lintCodes")) {  // the lint findings, in order, by code
                json codes = json::array();
                for (const auto& l : doc["lint"]) codes.push_back(l["code"]);
                CHECK(codes == expected["lintCodes"]);
            }
            if (expected.value("samePatch", false))
                for (const auto& d : doc["denials"]) CHECK(d["fix"]["patch"] == doc["patch"]["diff"]);
        }
    }
}

TEST_CASE("gallery: every example gives its expected decision and fix kind") {
    const std::string root = source_path("examples/gallery");
    auto names = list_dir(root, true);
    REQUIRE(names.size() >= 10);
    for (const auto& name : names) {
        DYNAMIC_SECTION(name) {
            const std::string dir = root + "/" + name + "/";
            const json meta = json::parse(read_file(dir + "meta.json"));
            CHECK(meta["title"]["en"].is_string());
            CHECK(meta["title"]["ja"].is_string());
            const std::string config = read_file(dir + "serverless.yml");
            json doc = run_explain(config, read_file(dir + "error.log"));
            REQUIRE(!doc["denials"].empty());
            for (const auto& d : doc["denials"]) {
                INFO(d.dump());
                CHECK(d["decision"] == meta["decision"]);
                CHECK(d["fix"]["kind"] == meta["fixKind"]);
                check_fixable(config, doc, d, wd::sls::options{});
            }
        }
    }
}
