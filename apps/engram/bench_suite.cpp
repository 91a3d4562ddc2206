// engram bench --suite: the field's benchmark networks at set sizes and durations, one JSON line
// each, with a summary table (docs/benchmarks.md, "Standard suite").
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apps/engram/bench.hpp"
#include "engine/errors.hpp"
#include "host/io/output_path.hpp"

namespace engram {
namespace {

struct benchmark {
  std::string name;  // the suite's label for it
  std::string model;
  std::vector<std::string> sets;  // fixed parameters
  std::string size_key;           // the parameter --scale-factor multiplies
  double size = 0;
  bool whole = true;              // size counts neurons (rounded); false: a fraction (microcircuit's scale)
  std::string duration;
};

// "standard" takes about two minutes on one core of the 2-core developer VM (docs/benchmarks.md,
// "Standard suite"); "smoke" well under a second, for CI. --scale-factor multiplies size_key.
std::vector<benchmark> suite_named(const std::string& name) {
  if (name == "standard")
    return {{"izhikevich2003", "izhikevich2003", {}, "n", 10000, true, "10s"},
            {"polychronization_static", "polychronization", {"stdp=0"}, "n", 100000, true, "2s"},
            {"polychronization_stdp", "polychronization", {"stdp=1"}, "n", 100000, true, "2s"},
            {"brunel2000_ai", "brunel2000", {}, "n_exc", 10000, true, "2s"},
            {"coba", "coba", {}, "n", 4000, true, "5s"},
            {"cuba", "cuba", {}, "n", 4000, true, "5s"},
            {"microcircuit", "microcircuit", {}, "scale", 0.1, false, "1s"}};
  if (name == "smoke")
    return {{"izhikevich2003", "izhikevich2003", {}, "n", 200, true, "100ms"},
            {"polychronization_static", "polychronization", {"stdp=0"}, "n", 200, true, "100ms"},
            {"polychronization_stdp", "polychronization", {"stdp=1"}, "n", 200, true, "100ms"},
            {"brunel2000_ai", "brunel2000", {}, "n_exc", 400, true, "50ms"},
            {"coba", "coba", {}, "n", 400, true, "50ms"},
            {"cuba", "cuba", {}, "n", 400, true, "50ms"},
            {"microcircuit", "microcircuit", {}, "scale", 0.002, false, "20ms"}};
  throw invalid_parameter(fmt::format("unknown suite '{}' (known: standard, smoke)", name));
}

bench_command command_for(const bench_command& suite, const benchmark& b) {
  bench_command c = suite;
  c.suite.clear();
  c.json.clear();
  c.scale_factor = 1;
  c.progress = true;
  c.duration = b.duration;
  c.model.model = b.model;
  c.model.sets = b.sets;
  const double size = b.whole ? std::max(1.0, std::round(b.size * suite.scale_factor)) : b.size * suite.scale_factor;
  c.model.sets.push_back(fmt::format("{}={}", b.size_key, size));
  return c;
}

std::string describe(const bench_command& c) {
  std::string sets;
  for (const auto& s : c.model.sets) sets += " --set " + s;
  return fmt::format("{}{} --duration {}", c.model.model, sets, c.duration);
}

struct outcome {
  nlohmann::ordered_json line;  // null when the benchmark failed
  std::string failure;
};

// The benchmark runs in a child process, so that its peak memory is its own and a failure (an
// error, the OOM killer) ends only that benchmark. The parent runs no simulation and no OpenMP,
// which is what makes fork() safe here.
outcome run_in_child(const bench_command& c) {
  int fds[2];
  if (::pipe(fds) != 0) throw error(fmt::format("bench --suite: pipe failed: {}", std::strerror(errno)));
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid < 0) throw error(fmt::format("bench --suite: fork failed: {}", std::strerror(errno)));
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      const std::string text = run_benchmark(c).dump();
      code = ::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()) ? 0 : 3;
    } catch (const error& e) {
      fmt::print(stderr, "engram: error: {}\n", e.what());
      code = 2;
    } catch (const std::exception& e) {
      fmt::print(stderr, "engram: internal error: {}\n", e.what());
      code = 3;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome o;
  if (WIFSIGNALED(status))
    o.failure = fmt::format("killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    o.failure = fmt::format("exit status {}", WEXITSTATUS(status));
  else if (!nlohmann::ordered_json::accept(text))
    o.failure = "its result was not one JSON object";
  else
    o.line = nlohmann::ordered_json::parse(text);
  return o;
}

// 1234567 -> "1,234,567", as the tables of docs/benchmarks.md write counts.
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) out += (i > 0 && (digits.size() - i) % 3 == 0 ? "," : "") + digits.substr(i, 1);
  return out;
}

std::string rates_text(const nlohmann::ordered_json& rates) {
  std::string out;
  for (const auto& [name, hz] : rates.items()) out += fmt::format("{}{} {:.1f}", out.empty() ? "" : ", ", name, hz.get<double>());
  return out;
}

// A Markdown table, readable on the terminal and ready for docs/benchmarks.md.
void print_table(const std::vector<std::pair<std::string, outcome>>& results) {
  fmt::print("\n| benchmark | neurons | synapses | simulated | build | simulate | RTF | events/s | events/s per thread | "
             "peak memory | mean rates (Hz) |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& [name, o] : results) {
    if (o.line.is_null()) {
      fmt::print("| {} | failed: {} | | | | | | | | | |\n", name, o.failure);
      continue;
    }
    const auto& j = o.line;
    const double events = j["events_per_s"].get<double>();
    const std::string per_thread = j["threads"].is_number() ? fmt::format("{:.3g}", events / j["threads"].get<double>()) : "";
    fmt::print("| {} | {} | {} | {:g} s | {:.2f} s | {:.2f} s | {:.3g} | {:.3g} | {} | {:.0f} MB | {} |\n", name,
               grouped(j["neurons"].get<uint64_t>()), grouped(j["synapses"].get<uint64_t>()),
               j["steps"].get<double>() * j["dt_ms"].get<double>() / 1000, j["build_s"].get<double>(), j["sim_s"].get<double>(),
               j["rtf"].get<double>(), events, per_thread, j["peak_rss_bytes"].get<double>() / 1e6, rates_text(j["rates_hz"]));
  }
}

}  // namespace

int run_suite(const bench_command& cmd) {
  if (!cmd.model.model.empty()) throw invalid_parameter(fmt::format("give a model ('{}') or --suite, not both", cmd.model.model));
  if (!cmd.model.sets.empty()) throw invalid_parameter("--set changes one model; a suite sets its own sizes (--scale-factor scales them)");
  if (!cmd.duration.empty()) throw invalid_parameter("--duration is set per benchmark by the suite");
  if (!cmd.snapshot_io.empty()) throw invalid_parameter("--snapshot-io times one model's snapshot; not with --suite");
  if (!(cmd.scale_factor > 0) || !std::isfinite(cmd.scale_factor) || cmd.scale_factor > 1000)
    throw invalid_parameter(fmt::format("--scale-factor must be in (0, 1000], got {}", cmd.scale_factor));
  check_output_paths({{"--json", cmd.json}});
  const std::vector<benchmark> list = suite_named(cmd.suite);
  std::vector<bench_command> commands;
  for (const auto& b : list) commands.push_back(command_for(cmd, b));

  std::vector<std::pair<std::string, outcome>> results;
  int failures = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    fmt::print("[{}/{}] {}: {}\n", i + 1, list.size(), list[i].name, describe(commands[i]));
    outcome o = run_in_child(commands[i]);
    if (o.line.is_null()) {
      fmt::print(stderr, "engram: benchmark {} failed: {}\n", list[i].name, o.failure);
      ++failures;
    } else {
      nlohmann::ordered_json line = {{"suite", cmd.suite}, {"benchmark", list[i].name}, {"scale_factor", cmd.scale_factor}};
      line.update(o.line);
      o.line = line;
      if (!cmd.json.empty()) append_json_line(cmd.json, line);
    }
    results.emplace_back(list[i].name, std::move(o));
  }
  print_table(results);
  if (!cmd.json.empty()) fmt::print("\n{} JSON lines appended to {}\n", results.size() - failures, cmd.json);
  return failures ? 1 : 0;
}

}  // namespace engram
