// engram bench: build and simulate a model once, report throughput, append a JSON line.
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <unistd.h>
#include <fmt/format.h>
#include <fstream>
#include <spdlog/spdlog.h>

#include "apps/engram/commands.hpp"
#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "engine/simulator.hpp"
#include "host/io/output_path.hpp"
#include "host/io/snapshot.hpp"
#include "host/run_loop.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out;
}

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

int bench_model(const bench_command& cmd) {
  check_output_paths({{"--snapshot-io", cmd.snapshot_io}});
  backend_options_for(cmd.threads, false);
  const built_model m = build_model(cmd.model);
  const uint64_t steps = steps_of(cmd.duration, m.net.dt_ms);
  const auto t0 = std::chrono::steady_clock::now();
  simulator sim(m.net, make_backend(parse_backend_kind(cmd.backend), backend_options_for(cmd.threads, network_needs_plasticity(m.net))));
  const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  run_options ro;
  ro.steps = steps;
  ro.progress = false;
  const run_summary s = run(sim, ro);
  const double bytes_per_synapse = s.synapses ? static_cast<double>(s.synapse_bytes) / s.synapses : 0.0;
  const double steps_per_s = s.wall_s > 0 ? steps / s.wall_s : 0.0;

  fmt::print("{} on {} ({}): {} neurons, {} synapses, {:.2f} bytes/synapse\n", m.definition->name, s.backend, s.device,
             s.neurons, s.synapses, bytes_per_synapse);
  fmt::print("  build {:.3f} s, simulate {:.3f} s for {:.3f} s of model time: RTF {:.4g}, {:.4g} steps/s\n", build_s,
             s.wall_s, s.simulated_s, s.rtf, steps_per_s);
  fmt::print("  {} spikes, {:.4g} synaptic events/s\n", s.spikes, s.events_per_s);

  snapshot_timing io;
  if (!cmd.snapshot_io.empty()) {
    io = time_snapshot_io(sim, cmd.snapshot_io);
    fmt::print("  snapshot {:.3f} GB: write {:.3f} s ({:.2f} GB/s, fsynced), cold read {:.3f} s ({:.2f} GB/s)\n", io.bytes / 1e9,
               io.write_s, io.bytes / 1e9 / io.write_s, io.read_s, io.bytes / 1e9 / io.read_s);
  }
  if (!cmd.json.empty()) {
    std::string params;
    for (const auto& e : m.params.entries()) params += fmt::format("{}\"{}\": {}", params.empty() ? "" : ", ", e.key, e.value);
    const std::string line = fmt::format(
        "{{\"model\": \"{}\", \"backend\": \"{}\", \"device\": \"{}\", \"neurons\": {}, \"synapses\": {}, \"steps\": {}, "
        "\"dt_ms\": {}, \"build_s\": {:.6f}, \"sim_s\": {:.6f}, \"rtf\": {:.6g}, \"steps_per_s\": {:.6g}, \"spikes\": {}, "
        "\"synaptic_events\": {}, \"events_per_s\": {:.6g}, \"bytes_per_synapse\": {:.4f}, \"seed\": {}, \"params\": {{{}}}, "
        "\"snapshot_bytes\": {}, \"snapshot_write_s\": {:.6f}, \"snapshot_read_s\": {:.6f}}}\n",
        m.definition->name, s.backend, json_escape(s.device), s.neurons, s.synapses, steps, m.net.dt_ms, build_s, s.wall_s,
        s.rtf, steps_per_s, s.spikes, s.synaptic_events, s.events_per_s, bytes_per_synapse, cmd.model.seed, params,
        io.bytes, io.write_s, io.read_s);
    std::ofstream out(cmd.json, std::ios::app);
    if (!(out << line)) throw error(fmt::format("cannot append to '{}'", cmd.json));
    spdlog::info("appended result to {}", cmd.json);
  }
  return 0;
}

}  // namespace engram
