#pragma once
// engram bench's parts: one benchmark as a JSON object (bench.cpp) and the suites of benchmarks
// (bench_suite.cpp) that run many of them.
#include <nlohmann/json.hpp>
#include <string>

#include "apps/engram/commands.hpp"

namespace engram {

// Builds and simulates `cmd.model` once, prints what it measured and returns it as one object:
// the run's figures, every population's mean rate and the process's peak memory.
nlohmann::ordered_json run_benchmark(const bench_command& cmd);

// Appends `line` and a newline to `path`; throws engram::error when it cannot.
void append_json_line(const std::string& path, const nlohmann::ordered_json& line);

// `engram bench --suite NAME`: every benchmark of the suite, each in its own process.
int run_suite(const bench_command& cmd);

}  // namespace engram
