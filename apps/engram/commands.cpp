#include "apps/engram/commands.hpp"

#include <cmath>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/errors.hpp"
#include "engine/simulator.hpp"
#include "host/run_loop.hpp"
#include "host/snapshot.hpp"
#include "host/sonata_writer.hpp"

namespace engram {
namespace {


// Runs `sim` as `e` says: spikes to a SONATA file, snapshots on schedule, summary to stdout.
int execute(simulator& sim, const execution_options& e, snapshot_info info, const std::string& title) {
  const uint64_t steps = steps_of(e.duration, sim.dt_ms());
  run_options ro;
  ro.steps = steps;
  ro.progress = !e.quiet;
  if (!e.snapshot_every.empty() && e.snapshot.empty())
    throw invalid_parameter("--snapshot-every needs --snapshot PATH");
  if (!e.snapshot.empty()) {
    ro.snapshot_every = e.snapshot_every.empty() ? 0 : steps_of(e.snapshot_every, sim.dt_ms());
    ro.snapshot_at_end = true;
    info.snapshot_every_steps = ro.snapshot_every;
    ro.snapshot = [&](const simulator& s) {
      write_snapshot(e.snapshot, s.export_state(), info);
      spdlog::info("snapshot at step {} ({:.3f} s) written to {}", s.current_step(), s.time_ms() / 1000, e.snapshot);
    };
  }
  std::unique_ptr<sonata_writer> spikes;
  std::vector<spike_consumer> consumers;
  if (!e.out.empty()) {
    spikes = std::make_unique<sonata_writer>(e.out, sim.populations(), sim.dt_ms());
    consumers.push_back([&](const spike_record& r) { spikes->append(r); });
  }
  const run_summary summary = run(sim, ro, consumers);
  if (spikes) {
    spikes->close();
    spdlog::info("wrote spikes to {}", e.out);
  }
  fmt::print("{}\n{}", title, format_summary(summary));
  return 0;
}

}  // namespace

backend_options backend_options_for(int threads) {
  if (threads < 0) throw invalid_parameter(fmt::format("--threads must be >= 0, got {}", threads));
  backend_options o;
  o.threads = threads;
  return o;
}

int run_model(const run_command& cmd) {
  const built_model m = build_model(cmd.model);
  steps_of(cmd.exec.duration, m.net.dt_ms);  // reject a bad duration before building anything
  spdlog::info("building {} ({} neurons) on backend {}", m.definition->name, m.net.neuron_count(), cmd.exec.backend);
  simulator sim(m.net, make_backend(parse_backend_kind(cmd.exec.backend), backend_options_for(cmd.exec.threads)));
  spdlog::info("built {} synapses on {}", sim.synapse_count(), sim.backend_ref().device());

  snapshot_info info;
  info.model = m.definition->name;
  for (const auto& e : m.params.entries()) info.parameters.emplace_back(e.key, e.value);
  return execute(sim, cmd.exec, info, fmt::format("model        {} (seed {})", m.definition->name, cmd.model.seed));
}

int resume_model(const resume_command& cmd) {
  snapshot_info info;
  const network_state state = read_snapshot(cmd.snapshot_file, &info);
  spdlog::info("resuming {} from step {} ({:.3f} s) of {}", info.model.empty() ? "network" : info.model, state.step,
               state.step * state.dt_ms / 1000, cmd.snapshot_file);
  simulator sim(state, make_backend(parse_backend_kind(cmd.exec.backend), backend_options_for(cmd.exec.threads)));
  return execute(sim, cmd.exec, info,
                 fmt::format("model        {} (seed {}), resumed at {:.3f} s", info.model, state.seed, state.step * state.dt_ms / 1000));
}

int list_models(bool verbose) {
  for (const auto& m : all_models()) {
    fmt::print("{:<18} {}\n", m.name, m.description);
    if (!verbose) continue;
    const model_params params = m.parameters();
    for (const auto& e : params.entries()) fmt::print("    {:<14} = {:<8g} {}\n", e.key, e.value, e.help);
  }
  return 0;
}

}  // namespace engram
