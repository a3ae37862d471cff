// SPDX-License-Identifier: MIT
// libFuzzer target for the YAML loader (and, built with -DWD_FUZZ_PACKAGE and core/serverless
// linked, the whole package() pipeline). Invariants: nothing throws, nothing crashes, every error
// diagnostic has a code, positions are 1-based or absent.
// Seeds: tests/corpus/serverless/*/serverless.yml.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "yaml/document.hpp"
#ifdef WD_FUZZ_PACKAGE
#include "serverless/package.hpp"
#endif

namespace {
void check(const wd::diagnostics& ds) {
    for (const auto& d : ds) {
        if (d.code.size() != 6 || d.line < 0 || d.column < 0) std::abort();
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    wd::yaml::document doc = wd::yaml::load(text, "config");
    check(doc.diags);
    if (doc.parsed && !doc.root.is_null()) {
        for (const auto& [pointer, span] : doc.spans)
            if (span.value.line < 0 || (!pointer.empty() && pointer[0] != '/')) std::abort();
    }
#ifdef WD_FUZZ_PACKAGE
    wd::sls::options opts;
    opts.files["./x.yml"] = std::string(text.substr(0, size / 2));
    wd::sls::package_result r = wd::sls::package(doc, opts);
    check(r.diags);
    if (!r.cfn_template.contains("Resources")) std::abort();
#endif
    return 0;
}
