// SPDX-License-Identifier: MIT
// Native IAM evaluation throughput: every case of tests/corpus/iam-eval/cases.jsonl, repeatedly.
//   bench_eval [seconds-per-mode]
// Modes: "text" = JSON text in, JSON text out (parse + evaluate_case + dump: what the CLI and the WASM
// module do per request); "contract" = evaluate_case on a parsed case, full trace, answer not
// serialized; "no-trace" = parsed input, trace records not built (what explain's fix verification uses).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "iam/catalog.hpp"
#include "iam/evaluator.hpp"

using clock_type = std::chrono::steady_clock;

static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct rate {
    double wall;  // evaluations per wall-clock second
    double cpu;   // evaluations per CPU-second of this process (steadier on a shared, loaded machine)
};

template <class F>
static rate measure(double seconds, std::size_t batch, F&& run_batch) {
    std::size_t n = 0;
    auto start = clock_type::now();
    const std::clock_t cpu0 = std::clock();
    double elapsed = 0;
    do {
        run_batch();
        n += batch;
        elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
    } while (elapsed < seconds);
    const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    return {static_cast<double>(n) / elapsed, cpu > 0 ? static_cast<double>(n) / cpu : 0.0};
}

int main(int argc, char** argv) {
    double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
    wd::diagnostics diags;
    auto t0 = clock_type::now();
    wd::iam::catalog cat = wd::iam::catalog::from_json(read(std::string(WD_GENERATED_DIR) + "/iam-catalog.json"), diags);
    double load_ms = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
    std::vector<wd::json> cases;
    std::vector<std::string> texts;
    std::ifstream in(std::string(WD_SOURCE_DIR) + "/tests/corpus/iam-eval/cases.jsonl");
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) cases.push_back(wd::json::parse(line)), texts.push_back(line);
    if (cases.empty()) {
        std::fprintf(stderr, "no cases\n");
        return 1;
    }
    std::vector<wd::iam::evaluation_input> inputs;
    for (const auto& c : cases) {
        wd::diagnostics d;
        inputs.push_back(wd::iam::parse_case(c, d));
        inputs.back().trace = false;
    }
    volatile std::size_t sink = 0;
    rate text = measure(seconds, texts.size(), [&] {
        for (const auto& t : texts) sink = sink + wd::iam::evaluate_case(wd::json::parse(t), &cat).dump().size();
    });
    rate contract = measure(seconds, cases.size(), [&] {
        for (const auto& c : cases) sink = sink + wd::iam::evaluate_case(c, &cat)["decision"].get_ref<const std::string&>().size();
    });
    rate no_trace = measure(seconds, inputs.size(), [&] {
        for (const auto& i : inputs) sink = sink + wd::iam::evaluate(i, &cat).decision.size();
    });
    std::printf("native catalog load: %.1f ms (%zu actions)\n", load_ms, cat.action_count());
    std::printf("native JSON text in/out (parse + evaluate_case + dump, like the CLI and WASM): %.0f evaluations/s (%.0f per CPU-second)\n", text.wall, text.cpu);
    std::printf("native evaluate_case (JSON in/out, full trace): %.0f evaluations/s (%.0f per CPU-second)\n", contract.wall, contract.cpu);
    std::printf("native evaluate (parsed input, no trace):       %.0f evaluations/s (%.0f per CPU-second)\n", no_trace.wall, no_trace.cpu);
    return 0;
}
