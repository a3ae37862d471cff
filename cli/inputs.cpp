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

std::map<std::string, std::string> referenced_files(const std::string& config_text, const std::string& config_path,
                                                    bool* complete) {
    std::map<std::string, std::string> files;
    bool scan_cut = false, unread = false, built_reference = false;
    if (complete) *complete = false;
    if (config_path == "-") return files;
    const auto base = std::filesystem::path(config_path).parent_path();
    // Every YAML/JSON file near the config: a reference may be built from variables
    // (`${file(./config.${sls:stage}.yml)}`) or sit inside another referenced file; the engine uses only what
    // the config reaches. Bounded (depth 3, 200 files, 1 MB each); dependency and build folders skipped.
    {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path root = base.empty() ? fs::path(".") : base;
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
        std::size_t count = 0;
        for (; !ec && it != end && count < 200; it.increment(ec)) {
            const fs::path& p = it->path();
            const std::string name = p.filename().string();
            if (it->is_directory(ec)) {
                const bool skipped = name == "node_modules" || name == ".git" || name == ".serverless" || name[0] == '.';
                if (it.depth() >= 2 || skipped) it.disable_recursion_pending();
                if (it.depth() >= 2 && !skipped) scan_cut = true;
                continue;
            }
            const std::string ext = p.extension().string();
            // `.env` and `.env.<stage>` next to the config, for `useDotenv: true`.
            const bool dotenv = it.depth() == 0 && (name == ".env" || name.rfind(".env.", 0) == 0);
            if (ext != ".yml" && ext != ".yaml" && ext != ".json" && !dotenv) continue;
            if (it->file_size(ec) > (1u << 20) || ec) {
                scan_cut = true;
                continue;
            }
            if (auto text = read_input(p.string())) {
                files[fs::relative(p, root, ec).generic_string()] = *text;
                ++count;
            } else {
                scan_cut = true;
            }
        }
        if (count >= 200 || ec) scan_cut = true;
    }
    const std::string marker = "file(";
    for (auto pos = config_text.find(marker); pos != std::string::npos; pos = config_text.find(marker, pos + 1)) {
        auto start = pos + marker.size();
        auto end = config_text.find(')', start);
        if (end == std::string::npos) break;
        std::string rel = config_text.substr(start, end - start);
        // Trim spaces and quotes: ${file( './a.yml' )}.
        while (!rel.empty() && (rel.front() == ' ' || rel.front() == '\'' || rel.front() == '"')) rel.erase(0, 1);
        while (!rel.empty() && (rel.back() == ' ' || rel.back() == '\'' || rel.back() == '"')) rel.pop_back();
        if (rel.find("${") != std::string::npos) built_reference = true;
        if (rel.empty() || rel.find("${") != std::string::npos || files.count(rel)) continue;
        if (auto text = read_input((base / rel).string())) files[rel] = *text;
        else if (std::error_code ec; std::filesystem::exists(base / rel, ec) || ec) unread = true;
    }
    if (complete) *complete = !unread && !(scan_cut && built_reference);
    return files;
}

std::map<std::string, std::string> referenced_env(const std::string& config_text) {
    std::map<std::string, std::string> env;
    // `${env:NAME}` and the fallbacks of a chain (`${env:A, env:B, 'x'}`): every `env:` that starts a word.
    const std::string marker = "env:";
    for (auto pos = config_text.find(marker); pos != std::string::npos; pos = config_text.find(marker, pos + 1)) {
        if (pos > 0 && (std::isalnum(static_cast<unsigned char>(config_text[pos - 1])) || config_text[pos - 1] == '_')) continue;
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
