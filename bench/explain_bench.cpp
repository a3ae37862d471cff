// SPDX-License-Identifier: MIT
// The seed story end to end (explain = YAML + package + log + evaluate + fix + verify), natively:
// milliseconds per call through the same JSON interface the CLI uses. Prints figures; asserts nothing.
//   bench_explain [seconds]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "api/engine.hpp"

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
    const std::string root = WD_SOURCE_DIR;
    wd::api::engine engine;
    auto t0 = std::chrono::steady_clock::now();
    engine.load_catalog(slurp(std::string(WD_GENERATED_DIR) + "/iam-catalog.json"));
    auto t1 = std::chrono::steady_clock::now();
    engine.load_managed_policies(slurp(std::string(WD_GENERATED_DIR) + "/managed-policies.json"));
    auto t2 = std::chrono::steady_clock::now();
    wd::json input = {{"config", slurp(root + "/examples/seed/serverless.yml")},
                      {"log", slurp(root + "/examples/seed/error.log")}};
    const std::string input_text = input.dump();

    auto first_start = std::chrono::steady_clock::now();
    std::string answer = engine.call_text("explain", input_text);
    auto first_end = std::chrono::steady_clock::now();

    long n = 0;
    auto start = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed{};
    do {
        answer = engine.call_text("explain", input_text);
        ++n;
        elapsed = std::chrono::steady_clock::now() - start;
    } while (elapsed.count() < seconds);

    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::printf("native explain (seed): %.3f ms/call over %ld calls; first call %.3f ms\n",
                ms(elapsed) / static_cast<double>(n), n, ms(first_end - first_start));
    std::printf("native catalog load: %.1f ms (IAM catalog), %.1f ms (managed policies)\n", ms(t1 - t0), ms(t2 - t1));
    return answer.find("ImplicitDeny") == std::string::npos ? 1 : 0;
}
