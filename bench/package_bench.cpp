// SPDX-License-Identifier: MIT
// Packaging time, natively: YAML load + variable resolution + conversion of a generated 100-function
// config (bench/package_config.hpp). Prints ms per package (median of runs) and packages/second.
// Usage: bench_package [--functions N] [--seconds S] [--print-config] [--print-log]
// (--print-log: the log that bench_explain pairs with the generated config)
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <vector>

#include "package_config.hpp"
#include "serverless/package.hpp"
#include "yaml/document.hpp"

int main(int argc, char** argv) {
    int functions = 100;
    double seconds = 2.0;
    bool print = false;
    bool print_log = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--functions") && i + 1 < argc) functions = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--print-config")) print = true;
        else if (!std::strcmp(argv[i], "--print-log")) print_log = true;
    }
    const std::string config = wd::bench::generated_package_config(functions);
    if (print_log) {
        std::cout << wd::bench::generated_explain_log();
        return 0;
    }
    if (print) {
        std::cout << config;
        return 0;
    }
    wd::sls::options opts;
    opts.stage = "dev";
    opts.region = "eu-west-1";
    // Check once that the config packages cleanly, so the figure times real work. A function-count limit
    // (WD2080) is not an error: the figure then times what the engine really does, and the output says so.
    std::size_t analysed = 0;
    std::string limit;
    {
        auto doc = wd::yaml::load(config);
        auto r = wd::sls::package(doc, opts);
        analysed = r.functions.size();
        for (const auto& d : r.diags)
            if (d.code == "WD2080") limit = d.code;
        if (!doc.parsed || wd::has_errors(doc.diags) || wd::has_errors(r.diags) ||
            (analysed != static_cast<std::size_t>(functions) && limit.empty())) {
            std::cerr << "generated " << functions << "-function config did not package cleanly (" << analysed
                      << " functions packaged)\n";
            for (const auto* diags : {&doc.diags, &r.diags})
                for (const auto& d : *diags)
                    if (d.level != wd::severity::info) std::cerr << "  " << wd::to_string(d.level) << " " << d.code << " " << d.message << "\n";
            return 1;
        }
    }
    using clock = std::chrono::steady_clock;
    std::vector<double> samples;
    const std::clock_t cpu0 = std::clock();
    const auto start = clock::now();
    std::size_t sink = 0;
    while (std::chrono::duration<double>(clock::now() - start).count() < seconds || samples.size() < 5) {
        const auto t0 = clock::now();
        auto doc = wd::yaml::load(config);
        auto r = wd::sls::package(doc, opts);
        sink += r.roles.size();
        samples.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
    }
    // CPU time per package as well: on a shared, loaded machine wall time overstates the cost.
    const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC / samples.size();
    std::sort(samples.begin(), samples.end());
    const double median = samples[samples.size() / 2];
    std::cout << "package (native): " << functions << " functions, " << config.size() << " bytes of YAML, median "
              << median << " ms, p90 " << samples[samples.size() * 9 / 10] << " ms, " << samples.size() << " runs, "
              << (1000.0 / median) << " packages/s, CPU " << cpu_ms << " ms per package" << (sink ? "" : " ");
    if (!limit.empty()) std::cout << "; only " << analysed << " functions analysed (limit " << limit << ")";
    std::cout << "\n";
    return 0;
}
