// SPDX-License-Identifier: MIT
#include "common/diagnostic.hpp"

#include <algorithm>

namespace wd {

const char* to_string(severity s) {
    switch (s) {
        case severity::error: return "error";
        case severity::warning: return "warning";
        case severity::info: return "info";
    }
    return "error";
}

json to_json(const diagnostic& d) {
    json j = json::object();
    j["severity"] = to_string(d.level);
    j["code"] = d.code;
    j["message"] = d.message;
    j["file"] = d.file.empty() ? json(nullptr) : json(d.file);
    j["line"] = d.line > 0 ? json(d.line) : json(nullptr);
    // A diagnostic about a whole line (a log line, a setting's line) points at its start.
    j["column"] = d.column > 0 ? json(d.column) : d.line > 0 ? json(1) : json(nullptr);
    if (!d.args.empty()) j["args"] = d.args;
    return j;
}

json to_json(const diagnostics& ds) {
    json a = json::array();
    for (const auto& d : ds) a.push_back(to_json(d));
    return a;
}

bool has_errors(const diagnostics& ds) {
    return std::any_of(ds.begin(), ds.end(), [](const diagnostic& d) { return d.level == severity::error; });
}

static diagnostic make(severity s, std::string code, std::string message, std::string file, int line, int column,
                       json args) {
    diagnostic d;
    d.level = s;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = std::move(file);
    d.line = line;
    d.column = column;
    d.args = std::move(args);
    return d;
}

diagnostic make_error(std::string code, std::string message, std::string file, int line, int column, json args) {
    return make(severity::error, std::move(code), std::move(message), std::move(file), line, column, std::move(args));
}
diagnostic make_warning(std::string code, std::string message, std::string file, int line, int column, json args) {
    return make(severity::warning, std::move(code), std::move(message), std::move(file), line, column,
                std::move(args));
}
diagnostic make_info(std::string code, std::string message, std::string file, int line, int column, json args) {
    return make(severity::info, std::move(code), std::move(message), std::move(file), line, column, std::move(args));
}

}  // namespace wd
