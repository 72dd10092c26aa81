//===--- scan_bench.cpp - Engine throughput over a tree, files in memory ------------------===//
//
// A benchmark, not a test: reads every file of a tree into memory, builds a Scanner over the
// built-in rules with the chosen engine, scans everything on one thread several times and
// prints the median throughput and the findings count (which must agree across engines).
//
// usage: scan_bench TREE [--engine keywords|hyperscan] [--runs N] [--window-gates on|off]
//                   [--min-literal N]
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "detectors/scanner.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace secretls::detectors;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of this process: on a machine shared with other jobs it varies far less than
// wall time.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::vector<std::pair<std::string, std::string>> read_tree(const std::string& root) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file())
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        files.emplace_back(entry.path().string(), text.str());
    }
    return files;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: scan_bench TREE [--engine keywords|hyperscan] [--runs N] "
                     "[--window-gates on|off] [--min-literal N]\n";
        return 2;
    }
    ScannerOptions options;
    int runs = 3;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--engine") == 0)
            options.engine =
                std::strcmp(argv[i + 1], "keywords") == 0 ? Engine::Keywords : Engine::Hyperscan;
        else if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--min-literal") == 0)
            options.min_hyperscan_literal = static_cast<size_t>(std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--window-gates") == 0)
            options.window_gates = std::strcmp(argv[i + 1], "off") != 0;
    }
    auto files = read_tree(argv[1]);
    size_t bytes = 0;
    for (const auto& [path, text] : files)
        bytes += text.size();

    auto start = Clock::now();
    RuleList rules = builtin_rules();
    const double load_s = seconds_since(start);
    start = Clock::now();
    Scanner scanner(rules, options);
    const double build_s = seconds_since(start);
    std::cout << files.size() << " files, " << bytes / 1e6 << " MB; " << rules.size()
              << " rules (load " << load_s * 1e3 << " ms), scanner build " << build_s * 1e3
              << " ms, " << scanner.stats().rules_in_fast_path << " rules in the fast path"
              << (scanner.stats().precompiled_database ? " (precompiled database)" : "") << "\n";

    std::vector<double> times, cpu_times;
    size_t findings = 0;
    for (int run = 0; run < runs; ++run) {
        findings = 0;
        start = Clock::now();
        const double cpu_start = cpu_seconds();
        for (const auto& [path, text] : files)
            if (!looks_binary(text))
                findings += scanner.scan(text, ScanContext{path, ""}).size();
        times.push_back(seconds_since(start));
        cpu_times.push_back(cpu_seconds() - cpu_start);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu_times.begin(), cpu_times.end());
    const double median = times[times.size() / 2];
    const double cpu_median = cpu_times[cpu_times.size() / 2];
    std::cout << "engine " << (options.engine == Engine::Keywords ? "keywords" : "hyperscan")
              << ": median " << median << " s over " << runs << " runs, " << bytes / 1e6 / median
              << " MB/s (CPU time: " << cpu_median << " s, " << bytes / 1e6 / cpu_median
              << " MB/s; fastest " << cpu_times.front() << " s), " << findings << " findings\n";
}
