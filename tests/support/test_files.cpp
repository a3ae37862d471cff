// SPDX-License-Identifier: MIT
#include "support/test_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wd::test {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string source_path(const std::string& relative) { return std::string(WD_SOURCE_DIR) + "/" + relative; }
std::string corpus_path(const std::string& relative) { return source_path("tests/corpus/" + relative); }
std::string generated_path(const std::string& name) { return std::string(WD_GENERATED_DIR) + "/" + name; }

std::vector<std::string> list_dir(const std::string& path, bool dirs_only) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path)) {
        if (dirs_only && !e.is_directory()) continue;
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

const iam::catalog& generated_catalog() {
    static const iam::catalog cat = [] {
        diagnostics diags;
        iam::catalog c;
        try {
            c = iam::catalog::from_json(read_file(generated_path("iam-catalog.json")), diags);
            c.load_managed_policies(read_file(generated_path("managed-policies.json")), diags);
        } catch (const std::exception&) {
        }
        return c;
    }();
    return cat;
}

std::vector<named_text> fuzz_regressions(const std::string& target) {
    const std::string dir = source_path("tests/fuzz/regressions/" + target);
    std::vector<named_text> out;
    for (const auto& name : list_dir(dir)) out.push_back({name, read_file(dir + "/" + name)});
    return out;
}

}  // namespace wd::test
