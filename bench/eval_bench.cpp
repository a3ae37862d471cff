// SPDX-License-Identifier: MIT
// Native IAM evaluation throughput: every case of tests/corpus/iam-eval/cases.jsonl, repeatedly.
//   bench_eval [seconds-per-mode] [mode]     (mode: text | records | tree | no-trace; default all -- one mode
//                                             alone is for a profiler)
// Modes: "text" = JSON text in, JSON text out (engine::call_text("evaluate"): what the WASM module does per
// request); "contract" = evaluate_case_result on a parsed case: the decision and the full trace as records
// (the analogue of iam-simulate's runSimulation, which returns objects); "json tree" = the same answer built
// as a json tree (evaluate_case, what explain and the CLI hold); "no-trace" = parsed input, no trace records
// (what explain's fix verification uses).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api/engine.hpp"
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
    const std::string only = argc > 2 ? argv[2] : "";
    auto wanted = [&](const char* mode) { return only.empty() || only == mode; };
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
    wd::api::engine engine;
    engine.load_catalog(read(std::string(WD_GENERATED_DIR) + "/iam-catalog.json"));
    volatile std::size_t sink = 0;
    rate text = !wanted("text") ? rate{} : measure(seconds, texts.size(), [&] {
        for (const auto& t : texts) sink = sink + engine.call_text("evaluate", t).size();
    });
    rate contract = !wanted("records") ? rate{} : measure(seconds, cases.size(), [&] {
        for (const auto& c : cases) {
            wd::iam::evaluation_result r = wd::iam::evaluate_case_result(c, &cat);
            sink = sink + r.decision.size() + r.trace.statements.size();
        }
    });
    rate tree = !wanted("tree") ? rate{} : measure(seconds, cases.size(), [&] {
        for (const auto& c : cases) sink = sink + wd::iam::evaluate_case(c, &cat)["decision"].get_ref<const std::string&>().size();
    });
    rate no_trace = !wanted("no-trace") ? rate{} : measure(seconds, inputs.size(), [&] {
        for (const auto& i : inputs) sink = sink + wd::iam::evaluate(i, &cat).decision.size();
    });
    std::printf("native catalog load: %.1f ms (%zu actions)\n", load_ms, cat.action_count());
    if (wanted("text")) std::printf("native JSON text in/out (engine call_text, like the WASM module): %.0f evaluations/s (%.0f per CPU-second)\n", text.wall, text.cpu);
    if (wanted("records")) std::printf("native evaluate_case_result (parsed case, full trace as records): %.0f evaluations/s (%.0f per CPU-second)\n", contract.wall, contract.cpu);
    if (wanted("tree")) std::printf("native json tree answer (evaluate_case, full trace as json): %.0f evaluations/s (%.0f per CPU-second)\n", tree.wall, tree.cpu);
    if (wanted("no-trace")) std::printf("native evaluate (parsed input, no trace):       %.0f evaluations/s (%.0f per CPU-second)\n", no_trace.wall, no_trace.cpu);
    return 0;
}
