// SPDX-License-Identifier: MIT
// Implementation of corpus_support.hpp (included once, by corpus_test.cpp: tests/<area>/*_test.cpp is
// what the build globs).
#include <cctype>
#include <filesystem>
#include <sstream>

#include "support/test_files.hpp"

namespace wd::test {

namespace {
// The case's `cmd` split as the shell splits it: blanks separate words, quotes group (the oracle's cmd
// quotes environment values that hold `${...}` or `*`).
std::vector<std::string> split_shell_words(const std::string& s) {
    std::vector<std::string> out;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (char ch : s) {
        if (quote) {
            if (ch == quote) quote = 0;
            else word += ch;
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
            in_word = true;
        } else if (std::isspace(static_cast<unsigned char>(ch))) {
            if (in_word) out.push_back(word);
            word.clear();
            in_word = false;
        } else {
            word += ch;
            in_word = true;
        }
    }
    if (in_word) out.push_back(word);
    return out;
}
}  // namespace

sls_case load_sls_case(const std::string& name) { return load_sls_case_at(corpus_path("serverless"), name); }

sls_case load_sls_case_at(const std::string& root, const std::string& name) {
    sls_case c;
    c.name = name;
    c.dir = root + "/" + name;
    c.config_text = read_file(c.dir + "/serverless.yml");
    c.expected = nlohmann::json::parse(read_file(c.dir + "/expected.json"));
    auto tokens = split_shell_words(read_file(c.dir + "/cmd"));
    bool after_sls = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t.size() >= 4 && t.compare(t.size() - 4, 4, "/sls") == 0) after_sls = true;
        if (after_sls) {
            if ((t == "--stage" || t == "-s") && i + 1 < tokens.size()) c.opts.stage = tokens[++i];
            else if ((t == "--region" || t == "-r") && i + 1 < tokens.size()) c.opts.region = tokens[++i];
            else if (t.rfind("--param=", 0) == 0 || (t == "--param" && i + 1 < tokens.size())) {
                const std::string kv = t == "--param" ? tokens[++i] : t.substr(8);
                if (const auto eq = kv.find('='); eq != std::string::npos) c.opts.params[kv.substr(0, eq)] = kv.substr(eq + 1);
            }
            continue;
        }
        auto eq = t.find('=');
        if (eq != std::string::npos && eq > 0 && t[0] != '-' && t.find('/') > eq)
            c.opts.env[t.substr(0, eq)] = t.substr(eq + 1);
    }
    // ${file(...)}: every YAML/JSON file of the case folder, as the CLI gives them (a path may be built from
    // variables, or sit inside another file); the engine uses what the config reaches.
    for (const auto& e : std::filesystem::recursive_directory_iterator(c.dir)) {
        if (!e.is_regular_file()) continue;
        const std::string ext = e.path().extension().string();
        const std::string rel = std::filesystem::relative(e.path(), c.dir).generic_string();
        const std::string name = e.path().filename().string();
        const bool dotenv = rel.find('/') == std::string::npos && (name == ".env" || name.rfind(".env.", 0) == 0);  // as the CLI
        const bool data = ext == ".yml" || ext == ".yaml" || ext == ".json" || ext == ".tfstate" || ext == ".txt";
        if ((data || dotenv) && rel != "expected.json" && rel != "output.txt") c.opts.files[rel] = read_file(e.path().string());
    }
    // `sls package` ran in that folder: a file it names that is not there was missing for the framework too.
    c.opts.files_complete = true;
    return c;
}

sls_run run_sls_case(const sls_case& c) {
    sls_run r;
    r.doc = yaml::load(c.config_text, "config");
    r.all_diags = r.doc.diags;
    if (r.doc.parsed) {
        r.result = sls::package(r.doc, c.opts);
        r.all_diags.insert(r.all_diags.end(), r.result.diags.begin(), r.result.diags.end());
    }
    return r;
}

nlohmann::json extract_like_oracle(const json& cfn_template) {
    nlohmann::json out = {{"iamResources", nlohmann::json::object()}, {"functions", nlohmann::json::object()}};
    if (!cfn_template.contains("Resources")) return out;
    for (auto it = cfn_template["Resources"].begin(); it != cfn_template["Resources"].end(); ++it) {
        const json& r = it.value();
        std::string type = r.is_object() && r.contains("Type") && r["Type"].is_string() ? r["Type"].get<std::string>() : "";
        if (type.compare(0, 10, "AWS::IAM::") == 0) out["iamResources"][it.key()] = nlohmann::json::parse(r.dump());
        if (type == "AWS::Lambda::Function") {
            nlohmann::json f = nlohmann::json::object();
            if (r.contains("Properties") && r["Properties"].contains("FunctionName"))
                f["FunctionName"] = nlohmann::json::parse(r["Properties"]["FunctionName"].dump());
            if (r.contains("Properties") && r["Properties"].contains("Role"))
                f["Role"] = nlohmann::json::parse(r["Properties"]["Role"].dump());
            if (r.contains("DependsOn")) f["DependsOn"] = nlohmann::json::parse(r["DependsOn"].dump());
            out["functions"][it.key()] = f;
        }
    }
    return out;
}

std::string framework_error_line(const nlohmann::json& expected) {
    std::string output = expected["error"].value("output", "");
    // "Error:" starts a line: after the deprecation notes, or first in the output.
    auto pos = output.rfind("Error:\n", 0) == 0 ? 0 : output.find("\nError:\n");
    if (pos == std::string::npos) return output.substr(0, 200);
    std::size_t start = pos + (pos == 0 && output[0] == 'E' ? 7 : 8);
    std::size_t end = output.find('\n', start);
    std::string line = output.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.rfind("Cannot resolve serverless.yml", 0) == 0 && end != std::string::npos) {
        std::size_t end2 = output.find('\n', end + 1);
        line += " " + output.substr(end + 1, end2 == std::string::npos ? std::string::npos : end2 - end - 1);
    }
    return line;
}

bool offline_only_failure(const nlohmann::json& expected) {
    std::string line = framework_error_line(expected);
    for (const char* marker : {"AWS provider credentials not found", "Inaccessible host",
                               "cannot be resolved from CLI options or stage params",
                               "You are not currently logged in",
                               // a `provider.profile` the machine has no credentials for, asked only by a source that needs AWS
                               "doesn't seem to be configured"})
        if (line.find(marker) != std::string::npos) return true;
    return false;
}

}  // namespace wd::test
