// SPDX-License-Identifier: MIT
// `whydenied`: the native shell over the core's JSON interface (CONTRACT.md section 1).
#include <iostream>
#include <string>
#include <vector>

#include "api/engine.hpp"
#include "args.hpp"
#include "embedded_catalog.hpp"
#include "inputs.hpp"

namespace {

int usage_error(const std::string& message) {
    std::cerr << "whydenied: " << message << "\n\n" << wd::cli::usage();
    return 2;
}

// Builds the command's input document from the files named on the command line.
bool build_input(const wd::cli::arguments& a, wd::json& input, std::string& error) {
    input = wd::json::object();
    auto read = [&](const char* option, const char* field) {
        auto path = a.values.at(option);
        auto text = wd::cli::read_input(path);
        if (!text) {
            error = "cannot read `" + path + "` (--" + option + ")";
            return false;
        }
        input[field] = *text;
        return true;
    };
    if (a.subcommand == "evaluate") {
        auto path = a.values.at("request");
        auto text = wd::cli::read_input(path);
        if (!text) {
            error = "cannot read `" + path + "` (--request)";
            return false;
        }
        input = wd::json::parse(*text, nullptr, false);
        if (input.is_discarded()) input = wd::json{{"__invalid_json__", true}};
        return true;
    }
    if (a.values.count("config")) {
        if (!read("config", "config")) return false;
        // A copy: adding "files" below grows the (vector-backed) object and would move the config string.
        const std::string config = input["config"].get<std::string>();
        bool files_complete = false;
        auto files = wd::cli::referenced_files(config, a.values.at("config"), &files_complete);
        auto env = wd::cli::referenced_env(config);
        for (const auto& [name, text] : files)  // ${env:X} inside a ${file(...)} file is read too
            for (auto& [key, value] : wd::cli::referenced_env(text)) env.emplace(key, value);
        if (!files.empty()) input["files"] = files;
        // Read from disk: a referenced file not read is missing, and the engine says so as the framework does.
        if (files_complete) input["filesComplete"] = true;
        if (!env.empty()) input["env"] = env;
    }
    if (a.values.count("log") && !read("log", "log")) return false;
    static const std::vector<std::pair<const char*, const char*>> passthrough = {
        {"stage", "stage"}, {"region", "region"}, {"account-id", "accountId"}, {"locale", "locale"}};
    for (const auto& [option, field] : passthrough)
        if (a.values.count(option)) input[field] = a.values.at(option);
    if (!a.params.empty()) input["params"] = a.params;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    wd::cli::arguments a = wd::cli::parse_arguments(args);
    if (a.subcommand == "help") {
        std::cout << wd::cli::usage();
        return 0;
    }
    if (!a.error.empty()) return usage_error(a.error);

    wd::api::engine engine;
    wd::json catalog_diags = engine.load_catalog(wd::cli::embedded_catalog_json());
    catalog_diags = engine.load_managed_policies(wd::cli::embedded_managed_policies_json());

    wd::json input;
    std::string error;
    if (!build_input(a, input, error)) {
        std::cerr << "whydenied: " << error << "\n";
        return 2;
    }

    const std::string command = a.subcommand == "parse-log" ? "parseLog" : a.subcommand;
    wd::json answer;
    if (input.is_object() && input.contains("__invalid_json__")) {
        answer = wd::json::parse(engine.call_text(command, "{"));  // the engine's own WD9001 answer
    } else {
        answer = engine.call(command, input);
    }
    if (a.json) {
        std::cout << answer.dump(2, ' ', false, wd::json::error_handler_t::replace) << "\n";
    } else {
        std::cout << engine.render(command, answer, a.values.count("locale") ? a.values.at("locale") : "en");
    }
    return wd::api::exit_code_for(answer);
}
