// SPDX-License-Identifier: MIT
// `useDotenv: true` (lib/cli/conditionally-load-dotenv.js, load-dotenv.js): before variables are resolved the
// framework loads `.env.<stage>`, or `.env` when that file is missing, into the process environment without
// overriding what is already set (dotenv), expanding `${VAR}` references in the values (dotenv-expand).
// Here the files come with the request (the CLI reads them next to the config; the page takes them as extra
// files), and their variables are added to `options.env`.
#include "serverless/dotenv.hpp"

#include "serverless/json_util.hpp"

namespace wd::sls {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// dotenv-expand: `${NAME}` and `$NAME` take the value from the environment first, then from the file.
std::string expand(const std::string& value, const std::map<std::string, std::string>& env,
                   const std::map<std::string, std::string>& file) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        if (value[i] != '$') {
            out += value[i];
            continue;
        }
        std::size_t s = i + 1, e = s;
        const bool braced = s < value.size() && value[s] == '{';
        if (braced) {
            e = value.find('}', s);
            if (e == std::string::npos) {
                out += value.substr(i);
                break;
            }
        } else {
            while (e < value.size() && (name_char(value[e]) && value[e] != '.' && value[e] != '-')) ++e;
            if (e == s) {
                out += '$';
                continue;
            }
        }
        const std::string name = value.substr(braced ? s + 1 : s, e - (braced ? s + 1 : s));
        if (auto it = env.find(name); it != env.end()) out += it->second;
        else if (auto f = file.find(name); f != file.end()) out += f->second;
        i = braced ? e : e - 1;
    }
    return out;
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(std::string_view text) {
    std::map<std::string, std::string> vars;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty() || line.front() == '#') continue;
        if (line.substr(0, 7) == "export ") line = trim(line.substr(7));
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view key = trim(line.substr(0, eq));
        bool ok = !key.empty();
        for (char c : key) ok = ok && name_char(c);
        if (!ok) continue;
        std::string_view raw = trim(line.substr(eq + 1));
        std::string value;
        if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'' || raw.front() == '`')) {
            const char q = raw.front();
            const std::size_t close = raw.find(q, 1);
            value = std::string(raw.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
            if (q == '"') {  // dotenv expands \n and \r inside double quotes
                std::string unescaped;
                for (std::size_t i = 0; i < value.size(); ++i) {
                    if (value[i] == '\\' && i + 1 < value.size() && (value[i + 1] == 'n' || value[i + 1] == 'r')) {
                        unescaped += value[i + 1] == 'n' ? '\n' : '\r';
                        ++i;
                    } else {
                        unescaped += value[i];
                    }
                }
                value = std::move(unescaped);
            }
        } else {
            const std::size_t hash = raw.find(" #");
            value = std::string(trim(raw.substr(0, hash)));
        }
        vars[std::string(key)] = std::move(value);
    }
    return vars;
}

options with_dotenv(const json& root, const options& opts, diagnostics& diags) {
    const json& use = member(root, "useDotenv");
    if (!(use == json(true) || use == json("true"))) return opts;
    // conditionally-load-dotenv.js: the stage is the flag, else provider.stage, else "dev".
    std::string stage = opts.stage.value_or("");
    if (stage.empty()) {
        const json& ps = member(member(root, "provider"), "stage");
        stage = ps.is_string() && ps.get<std::string>().find("${") == std::string::npos ? ps.get<std::string>() : "dev";
    }
    const std::string* text = nullptr;
    std::string used;
    for (const std::string& name : {".env." + stage, std::string(".env")}) {
        for (const std::string& key : {name, "./" + name})
            if (auto it = opts.files.find(key); it != opts.files.end()) {
                text = &it->second;
                used = name;
                break;
            }
        if (text) break;
    }
    if (!text) {
        diags.push_back(make_info("WD2084", "`useDotenv` is set but no `.env." + stage + "` or `.env` file was given: `${env:}` values come from the environment only",
                                  "config", 0, 0, json{{"stage", stage}}));
        return opts;
    }
    options out = opts;
    const auto file = parse_dotenv(*text);
    for (const auto& [k, v] : file)
        if (!out.env.count(k)) out.env[k] = expand(v, opts.env, file);  // the environment wins (dotenv)
    diags.push_back(make_info("WD2085", "read " + std::to_string(file.size()) + " variable(s) from `" + used + "` (useDotenv)",
                              "config", 0, 0, json{{"file", used}, {"count", file.size()}}));
    return out;
}

}  // namespace wd::sls
