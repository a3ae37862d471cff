// SPDX-License-Identifier: MIT
// Test-only file access (the core itself never reads files).
#pragma once
#include <string>
#include <vector>

#include "iam/catalog.hpp"

namespace wd::test {

std::string read_file(const std::string& path);           // throws std::runtime_error when missing
std::string source_path(const std::string& relative);     // <repo>/<relative>
std::string corpus_path(const std::string& relative);     // <repo>/tests/corpus/<relative>
std::vector<std::string> list_dir(const std::string& path, bool dirs_only = false);  // sorted names

// The inputs a fuzz target once failed on: tests/fuzz/regressions/<target>/, sorted by name, read whole.
struct named_text {
    std::string name;
    std::string text;
};
std::vector<named_text> fuzz_regressions(const std::string& target);

// The generated IAM catalog (build/generated/iam-catalog.json and managed-policies.json), loaded once.
// An empty catalog when it was not generated.
const iam::catalog& generated_catalog();
std::string generated_path(const std::string& name);

}  // namespace wd::test
