// SPDX-License-Identifier: MIT
// Explain end to end (YAML + package + log + evaluate + fix + verify), natively: milliseconds per call through
// the same JSON interface the CLI uses, for the seed and for the generated n-function config with a denial
// on one of its functions (bench/package_config.hpp). Prints figures; fails only if an answer is wrong.
//   bench_explain [seconds] [--functions N]      (N defaults to 100)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "api/engine.hpp"
#include "package_config.hpp"

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

double ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Times one input: the first call, then calls until `seconds` have passed. Returns false on a wrong answer.
bool run(wd::api::engine& engine, const char* label, const std::string& input_text, double seconds) {
    auto first_start = std::chrono::steady_clock::now();
    std::string answer = engine.call_text("explain", input_text);
    auto first_end = std::chrono::steady_clock::now();
    long n = 0;
    auto start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::duration elapsed{};
    do {
        answer = engine.call_text("explain", input_text);
        ++n;
        elapsed = std::chrono::steady_clock::now() - start;
    } while (ms(elapsed) < seconds * 1000.0 || n < 3);
    std::printf("native explain (%s): %.3f ms/call over %ld calls; first call %.3f ms\n", label,
                ms(elapsed) / static_cast<double>(n), n, ms(first_end - first_start));
    if (answer.find("ImplicitDeny") == std::string::npos) {
        std::fprintf(stderr, "explain (%s): unexpected answer: %.300s\n", label, answer.c_str());
        return false;
    }
    return true;
}
}  // namespace

int main(int argc, char** argv) {
    double seconds = 2.0;
    int functions = 100;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--functions") && i + 1 < argc) functions = std::atoi(argv[++i]);
        else seconds = std::atof(argv[i]);
    }
    const std::string root = WD_SOURCE_DIR;
    wd::api::engine engine;
    auto t0 = std::chrono::steady_clock::now();
    engine.load_catalog(slurp(std::string(WD_GENERATED_DIR) + "/iam-catalog.json"));
    auto t1 = std::chrono::steady_clock::now();
    engine.load_managed_policies(slurp(std::string(WD_GENERATED_DIR) + "/managed-policies.json"));
    auto t2 = std::chrono::steady_clock::now();
    std::printf("native catalog load: %.1f ms (IAM catalog), %.1f ms (managed policies)\n", ms(t1 - t0), ms(t2 - t1));

    const wd::json seed = {{"config", slurp(root + "/examples/seed/serverless.yml")},
                           {"log", slurp(root + "/examples/seed/error.log")}};
    const wd::json generated = {{"config", wd::bench::generated_package_config(functions)},
                                {"log", wd::bench::generated_explain_log()}};
    bool ok = run(engine, "seed", seed.dump(), seconds);
    const std::string label = std::to_string(functions) + "-function config";
    ok = run(engine, label.c_str(), generated.dump(), seconds) && ok;
    return ok ? 0 : 1;
}
