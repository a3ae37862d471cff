// SPDX-License-Identifier: MIT
// The CLI's I/O: reading the files named on the command line (or stdin) and the extra inputs a config
// refers to (`${file(...)}` files beside it, `${env:X}` values), so the core stays free of I/O.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace wd::cli {

// Reads a file, or standard input for "-". nullopt when it cannot be read.
std::optional<std::string> read_input(const std::string& path);

// Files referenced as ${file(path)...} in the config text, read relative to the config's folder.
// `complete` (when given) is set to whether every file the config can reach that exists was read: no literal
// reference to an existing file left unread, and the folder scan not cut by its limits when a reference is
// built from variables. The engine then treats a file not given as missing, as the framework does.
std::map<std::string, std::string> referenced_files(const std::string& config_text, const std::string& config_path,
                                                    bool* complete = nullptr);

// Environment values for the ${env:NAME} references in the config text (only those, only when set).
std::map<std::string, std::string> referenced_env(const std::string& config_text);

}  // namespace wd::cli
