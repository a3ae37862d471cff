// SPDX-License-Identifier: MIT
#include "args.hpp"

#include <set>

namespace wd::cli {

namespace {
// Which options each subcommand takes, and which of them are required.
struct spec {
    std::set<std::string> allowed;
    std::set<std::string> required;
};

const std::map<std::string, spec>& specs() {
    static const std::map<std::string, spec> s = {
        {"explain", {{"config", "log", "stage", "region", "account-id", "locale", "param"}, {"config", "log"}}},
        {"package", {{"config", "stage", "region", "param"}, {"config"}}},
        {"evaluate", {{"request"}, {"request"}}},
        {"parse-log", {{"log"}, {"log"}}},
        {"version", {{}, {}}},
    };
    return s;
}
}  // namespace

std::string usage() {
    return "usage: whydenied <command> [options]\n"
           "\n"
           "commands:\n"
           "  explain   --config serverless.yml --log error.log [--stage|-s S] [--region|-r R] [--account-id N]\n"
           "            [--param key=value]... [--locale en|ja] [--json]   why AWS said AccessDenied, and the fix\n"
           "  package   --config serverless.yml [--stage|-s S] [--region|-r R] [--param key=value]... [--json]\n"
           "                                        the IAM part of the CloudFormation the framework generates\n"
           "  evaluate  --request case.json [--json]   evaluate one IAM request against policies\n"
           "  parse-log --log error.log [--json]        the denials found in a log\n"
           "  version                                   engine and IAM catalog versions\n"
           "\n"
           "Files may be `-` for standard input. Exit codes: 0 ok, 1 the input had errors, 2 usage error.\n";
}

arguments parse_arguments(const std::vector<std::string>& argv) {
    arguments a;
    if (argv.empty()) {
        a.error = "missing command";
        return a;
    }
    a.subcommand = argv[0];
    if (a.subcommand == "--help" || a.subcommand == "-h" || a.subcommand == "help") {
        a.subcommand = "help";
        return a;
    }
    if (a.subcommand == "--version") a.subcommand = "version";
    auto sp = specs().find(a.subcommand);
    if (sp == specs().end()) {
        a.error = "unknown command `" + a.subcommand + "`";
        return a;
    }
    for (std::size_t i = 1; i < argv.size(); ++i) {
        std::string arg = argv[i];
        if (arg == "--json") {
            a.json = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            a.subcommand = "help";
            return a;
        }
        // The framework's own short flags, so a `sls package -s prod -r eu-west-1` line can be reused as it is.
        if (arg == "-s" || arg == "-r") arg = arg == "-s" ? "--stage" : "--region";
        if (arg.rfind("--", 0) != 0) {
            a.error = "unexpected argument `" + arg + "`";
            return a;
        }
        std::string name = arg.substr(2), value;
        auto eq = name.find('=');
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else {
            if (i + 1 >= argv.size()) {
                a.error = "option `--" + name + "` needs a value";
                return a;
            }
            value = argv[++i];
        }
        if (!sp->second.allowed.count(name)) {
            a.error = "unknown option `--" + name + "` for `" + a.subcommand + "`";
            return a;
        }
        if (name == "param") {  // `--param "bucket=x"`: ${param:bucket}, as the framework's CLI option
            const auto sep = value.find('=');
            if (sep == std::string::npos || sep == 0) {
                a.error = "option `--param` needs `key=value`, got `" + value + "`";
                return a;
            }
            a.params[value.substr(0, sep)] = value.substr(sep + 1);
            continue;
        }
        a.values[name] = value;
    }
    for (const auto& r : sp->second.required) {
        if (!a.values.count(r)) {
            a.error = "missing required option `--" + r + "`";
            return a;
        }
    }
    return a;
}

}  // namespace wd::cli
