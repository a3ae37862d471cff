// SPDX-License-Identifier: MIT
#include "inputs.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace wd::cli {

std::optional<std::string> read_input(const std::string& path) {
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        return ss.str();
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::map<std::string, std::string> referenced_files(const std::string& config_text, const std::string& config_path) {
    std::map<std::string, std::string> files;
    if (config_path == "-") return files;
    const auto base = std::filesystem::path(config_path).parent_path();
    const std::string marker = "file(";
    for (auto pos = config_text.find(marker); pos != std::string::npos; pos = config_text.find(marker, pos + 1)) {
        auto start = pos + marker.size();
        auto end = config_text.find(')', start);
        if (end == std::string::npos) break;
        std::string rel = config_text.substr(start, end - start);
        // Trim spaces and quotes: ${file( './a.yml' )}.
        while (!rel.empty() && (rel.front() == ' ' || rel.front() == '\'' || rel.front() == '"')) rel.erase(0, 1);
        while (!rel.empty() && (rel.back() == ' ' || rel.back() == '\'' || rel.back() == '"')) rel.pop_back();
        if (rel.empty() || rel.find("${") != std::string::npos || files.count(rel)) continue;
        if (auto text = read_input((base / rel).string())) files[rel] = *text;
    }
    return files;
}

std::map<std::string, std::string> referenced_env(const std::string& config_text) {
    std::map<std::string, std::string> env;
    const std::string marker = "${env:";
    for (auto pos = config_text.find(marker); pos != std::string::npos; pos = config_text.find(marker, pos + 1)) {
        auto start = pos + marker.size();
        auto end = start;
        while (end < config_text.size() &&
               (std::isalnum(static_cast<unsigned char>(config_text[end])) || config_text[end] == '_'))
            ++end;
        std::string name = config_text.substr(start, end - start);
        if (name.empty() || env.count(name)) continue;
        if (const char* v = std::getenv(name.c_str())) env[name] = v;
    }
    return env;
}

}  // namespace wd::cli
