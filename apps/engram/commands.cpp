#include "apps/engram/commands.hpp"

#include <cmath>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "apps/engram/duration.hpp"
#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "engine/simulator.hpp"
#include "host/run_loop.hpp"
#include "host/snapshot.hpp"
#include "host/sonata_writer.hpp"

namespace engram {
namespace {

uint64_t steps_of(const std::string& duration, double dt_ms) {
  const uint64_t steps = static_cast<uint64_t>(std::llround(parse_duration_ms(duration) / dt_ms));
  if (steps == 0) throw invalid_parameter(fmt::format("duration '{}' is shorter than one step of {} ms", duration, dt_ms));
  return steps;
}

backend_options backend_options_of(const execution_options& e) {
  if (e.threads < 0) throw invalid_parameter(fmt::format("--threads must be >= 0, got {}", e.threads));
  backend_options o;
  o.threads = e.threads;
  return o;
}

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

int run_model(const run_command& cmd) {
  const model_definition& model = find_model(cmd.model);
  model_params params = model.parameters();
  for (const auto& s : cmd.sets) params.set(s, model.name);
  const double dt = std::isnan(cmd.dt_ms) ? model.default_dt_ms : cmd.dt_ms;
  if (!(dt > 0) || !std::isfinite(dt)) throw invalid_parameter(fmt::format("--dt must be a positive number of ms, got {}", cmd.dt_ms));
  steps_of(cmd.exec.duration, dt);  // reject a bad duration before building anything

  const network net = model.build(params, dt, cmd.seed);
  spdlog::info("building {} ({} neurons) on backend {}", model.name, net.neuron_count(), cmd.exec.backend);
  simulator sim(net, make_backend(parse_backend_kind(cmd.exec.backend), backend_options_of(cmd.exec)));
  spdlog::info("built {} synapses on {}", sim.synapse_count(), sim.backend_ref().device());

  snapshot_info info;
  info.model = model.name;
  for (const auto& e : params.entries()) info.parameters.emplace_back(e.key, e.value);
  return execute(sim, cmd.exec, info, fmt::format("model        {} (seed {})", model.name, cmd.seed));
}

int resume_model(const resume_command& cmd) {
  snapshot_info info;
  const network_state state = read_snapshot(cmd.snapshot_file, &info);
  spdlog::info("resuming {} from step {} ({:.3f} s) of {}", info.model.empty() ? "network" : info.model, state.step,
               state.step * state.dt_ms / 1000, cmd.snapshot_file);
  simulator sim(state, make_backend(parse_backend_kind(cmd.exec.backend), backend_options_of(cmd.exec)));
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
