// SPDX-License-Identifier: MIT
// Diagnostics are data: a stable code, a severity, an English message rendered from structured
// arguments, and a span in one of the user's inputs. Codes are listed in docs/diagnostics.md.
#pragma once
#include <string>
#include <vector>

#include "common/json.hpp"

namespace wd {

enum class severity { error, warning, info };

struct diagnostic {
    severity level = severity::error;
    std::string code;     // stable, e.g. "WD1001"; ranges: WD1 yaml, WD2 serverless, WD3 log, WD4 iam, WD5 explain/fix, WD9 api
    std::string message;  // English sentence (the page renders its own language from code + args)
    std::string file;     // "config" | "log" | "request" | a file name given by the user | "" (none)
    int line = 0;         // 1-based; 0 when no position applies
    int column = 0;       // 1-based; 0 when no position applies
    json args = json::object();  // structured values the message was made from (for i18n)
};

using diagnostics = std::vector<diagnostic>;

const char* to_string(severity s);
json to_json(const diagnostic& d);
json to_json(const diagnostics& ds);
bool has_errors(const diagnostics& ds);

// Small constructors so call sites read as sentences.
diagnostic make_error(std::string code, std::string message, std::string file = {}, int line = 0, int column = 0,
                      json args = json::object());
diagnostic make_warning(std::string code, std::string message, std::string file = {}, int line = 0, int column = 0,
                        json args = json::object());
diagnostic make_info(std::string code, std::string message, std::string file = {}, int line = 0, int column = 0,
                     json args = json::object());

}  // namespace wd
