// SPDX-License-Identifier: MIT
// Log parsing throughput: a 5 MB synthetic paste (Lambda runtime lines, Python tracebacks, JSON app logs, SDK
// stack frames) with a denial every few hundred lines, parsed whole. Prints the size, ms per parse and MB/s.
//   bench_log [--print-log]      (--print-log: write the log to stdout, for the WASM bench log_bench.mjs)
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include "log/log_parser.hpp"

namespace {

std::string synthetic_log(std::size_t target_bytes) {
    const char* noise[] = {
        "START RequestId: 3f1c9a2e-8d41-4b7a-9c55-0e6f2b7d1a90 Version: $LATEST\n",
        "2024-08-14T20:22:04.916Z\t930587f4-631c-4afc-81dd-840def9cc233\tINFO\tprocessing batch of 25 records\n",
        "{\"level\":\"info\",\"ts\":1712345678.123,\"msg\":\"request handled\",\"path\":\"/api/items\",\"status\":200}\n",
        "  File \"/var/runtime/botocore/client.py\", line 320, in _api_call\n",
        "    at Request.extractError (/var/runtime/node_modules/aws-sdk/lib/protocol/json.js:52:27)\n",
        "\x1b[32minfo\x1b[39m: cache warm, 1532 keys loaded in 42 ms\n",
        "REPORT RequestId: 3f1c9a2e-8d41-4b7a-9c55-0e6f2b7d1a90\tDuration: 772.58 ms\tBilled Duration: 800 ms\n",
    };
    const char* denials[] = {
        "[ERROR] ClientError: An error occurred (AccessDenied) when calling the GetMetricStatistics operation: User: "
        "arn:aws:sts::123456789012:assumed-role/app-dev-us-east-1-lambdaRole/app-dev-main is not authorized to "
        "perform: cloudwatch:GetMetricStatistics\n",
        "{\"errorType\":\"AccessDeniedException\",\"errorMessage\":\"User: arn:aws:sts::123456789012:assumed-role/"
        "app-dev-us-east-1-lambdaRole/app-dev-api is not authorized to perform: dynamodb:PutItem on resource: "
        "arn:aws:dynamodb:us-east-1:123456789012:table/orders because no identity-based policy allows the "
        "dynamodb:PutItem action\"}\n",
        "fatal error: An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied\n",
    };
    std::string log;
    log.reserve(target_bytes + 512);
    std::size_t i = 0;
    while (log.size() < target_bytes) {
        if (i % 400 == 399) log += denials[(i / 400) % 3];
        else log += noise[i % 7];
        ++i;
    }
    return log;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string log = synthetic_log(5u * 1024u * 1024u);
    if (argc > 1 && std::string(argv[1]) == "--print-log") {
        std::fwrite(log.data(), 1, log.size(), stdout);
        return 0;
    }
    const double mb = static_cast<double>(log.size()) / (1024.0 * 1024.0);
    std::vector<double> ms, cpu_ms;
    std::size_t denials = 0;
    for (int run = 0; run < 7; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        const auto r = wd::log::parse_log(log, nullptr);
        const std::clock_t c1 = std::clock();
        const auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        cpu_ms.push_back(1000.0 * static_cast<double>(c1 - c0) / CLOCKS_PER_SEC);
        denials = r.denials.size();
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu_ms.begin(), cpu_ms.end());
    const double median = ms[ms.size() / 2], cpu = cpu_ms[cpu_ms.size() / 2];
    // Wall time depends on what else the machine runs; CPU time is the parser's own cost.
    std::printf("log parsing: %.2f MB synthetic log, %zu distinct denials: median %.1f ms wall (%.1f MB/s), "
                "%.1f ms CPU (%.1f MB/s)\n",
                mb, denials, median, mb / (median / 1000.0), cpu, mb / (cpu / 1000.0));
    return 0;
}
