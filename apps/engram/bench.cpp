// engram bench MODEL: build and simulate a model once, report throughput, append a JSON line.
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <omp.h>
#include <unistd.h>
#include <fmt/format.h>
#include <fstream>
#include <spdlog/spdlog.h>

#include "apps/engram/bench.hpp"
#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "engine/simulator.hpp"
#include "host/io/output_path.hpp"
#include "host/io/snapshot.hpp"
#include "host/machine.hpp"
#include "host/run_loop.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

double seconds_of(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct snapshot_timing {
  double bytes = 0, write_s = 0, read_s = 0;
};

// Write (fsynced) then read back after evicting the file from the page cache: disk speed, not RAM.
snapshot_timing time_snapshot_io(const simulator& sim, const std::string& path) {
  snapshot_timing t;
  const network_state state = sim.export_state();
  t.write_s = seconds_of([&] { write_snapshot(path, state, {}); });
  t.bytes = static_cast<double>(std::filesystem::file_size(path));
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
  network_state back;  // freed after the timing: releasing 10^8 synapses is not part of a read
  t.read_s = seconds_of([&] { back = read_snapshot(path); });
  return t;
}

}  // namespace

nlohmann::ordered_json run_benchmark(const bench_command& cmd) {
  check_output_paths({{"--snapshot-io", cmd.snapshot_io}});
  backend_options_for(cmd.threads, false);
  const built_model m = build_model(cmd.model);
  const uint64_t steps = steps_of(cmd.duration, m.net.dt_ms);
  const auto t0 = std::chrono::steady_clock::now();
  simulator sim(m.net, make_backend(parse_backend_kind(cmd.backend), backend_options_for(cmd.threads, network_needs_plasticity(m.net))));
  const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  run_options ro;
  ro.steps = steps;
  ro.progress = cmd.progress;
  const run_summary s = run(sim, ro);
  const double bytes_per_synapse = s.synapses ? static_cast<double>(s.synapse_bytes) / s.synapses : 0.0;
  const double steps_per_s = s.wall_s > 0 ? steps / s.wall_s : 0.0;

  fmt::print("{} on {} ({}): {} neurons, {} synapses, {:.2f} bytes/synapse\n", m.definition->name, s.backend, s.device,
             s.neurons, s.synapses, bytes_per_synapse);
  fmt::print("  build {:.3f} s, simulate {:.3f} s for {:.3f} s of model time: RTF {:.4g}, {:.4g} steps/s\n", build_s,
             s.wall_s, s.simulated_s, s.rtf, steps_per_s);
  fmt::print("  {} spikes, {:.4g} synaptic events/s\n", s.spikes, s.events_per_s);
  std::string rates;
  for (const auto& p : s.populations) rates += fmt::format(" {} {:.2f}", p.name, p.rate_hz);
  fmt::print("  mean rates (Hz):{}\n", rates);

  snapshot_timing io;
  if (!cmd.snapshot_io.empty()) {
    io = time_snapshot_io(sim, cmd.snapshot_io);
    fmt::print("  snapshot {:.3f} GB: write {:.3f} s ({:.2f} GB/s, fsynced), cold read {:.3f} s ({:.2f} GB/s)\n", io.bytes / 1e9,
               io.write_s, io.bytes / 1e9 / io.write_s, io.read_s, io.bytes / 1e9 / io.read_s);
  }
  nlohmann::ordered_json params = nlohmann::ordered_json::object(), rates_hz = nlohmann::ordered_json::object();
  for (const auto& e : m.params.entries()) params[e.key] = e.value;
  for (const auto& p : s.populations) rates_hz[p.name] = p.rate_hz;
  // The CPU backend's thread count (0 asks for OpenMP's default); none for a device.
  const nlohmann::ordered_json threads =
      s.backend == "cpu" ? nlohmann::ordered_json(cmd.threads > 0 ? cmd.threads : omp_get_max_threads()) : nlohmann::ordered_json();
  return {{"model", m.definition->name}, {"backend", s.backend}, {"device", s.device}, {"threads", threads},
          {"neurons", s.neurons}, {"synapses", s.synapses}, {"steps", steps}, {"dt_ms", m.net.dt_ms},
          {"build_s", build_s}, {"sim_s", s.wall_s}, {"rtf", s.rtf}, {"steps_per_s", steps_per_s}, {"spikes", s.spikes},
          {"synaptic_events", s.synaptic_events}, {"events_per_s", s.events_per_s}, {"bytes_per_synapse", bytes_per_synapse},
          {"seed", cmd.model.seed}, {"params", params}, {"rates_hz", rates_hz}, {"peak_rss_bytes", peak_resident_bytes()},
          {"snapshot_bytes", io.bytes}, {"snapshot_write_s", io.write_s}, {"snapshot_read_s", io.read_s}};
}

void append_json_line(const std::string& path, const nlohmann::ordered_json& line) {
  std::ofstream out(path, std::ios::app);
  if (!(out << line.dump() << '\n')) throw error(fmt::format("cannot append to '{}'", path));
}

int bench_model(const bench_command& cmd) {
  if (!cmd.suite.empty()) return run_suite(cmd);
  if (cmd.model.model.empty()) throw invalid_parameter("bench needs a model name (see `engram models`) or --suite NAME");
  if (cmd.scale_factor != 1.0) throw invalid_parameter("--scale-factor goes with --suite; a single model takes --set");
  const nlohmann::ordered_json line = run_benchmark(cmd);
  if (!cmd.json.empty()) {
    append_json_line(cmd.json, line);
    spdlog::info("appended result to {}", cmd.json);
  }
  return 0;
}

}  // namespace engram
