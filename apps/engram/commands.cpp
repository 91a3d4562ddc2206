#include "apps/engram/commands.hpp"

#include <cmath>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "apps/engram/duration.hpp"
#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "engine/simulator.hpp"
#include "host/run_loop.hpp"
#include "host/sonata_writer.hpp"

namespace engram {

int run_model(const run_command& cmd) {
  const model_definition& model = find_model(cmd.model);
  model_params params = model.parameters();
  for (const auto& s : cmd.sets) params.set(s, model.name);
  const double dt = std::isnan(cmd.dt_ms) ? model.default_dt_ms : cmd.dt_ms;
  if (!(dt > 0) || !std::isfinite(dt)) throw invalid_parameter(fmt::format("--dt must be a positive number of ms, got {}", cmd.dt_ms));
  const double duration_ms = parse_duration_ms(cmd.duration);
  const uint64_t steps = static_cast<uint64_t>(std::llround(duration_ms / dt));

  backend_options options;
  options.threads = cmd.threads;
  const network net = model.build(params, dt, cmd.seed);
  spdlog::info("building {} ({} neurons) on backend {}", model.name, net.neuron_count(), cmd.backend);
  simulator sim(net, make_backend(parse_backend_kind(cmd.backend), options));
  spdlog::info("built {} synapses on {}", sim.synapse_count(), sim.backend_ref().device());

  std::unique_ptr<sonata_writer> spikes;
  std::vector<spike_consumer> consumers;
  if (!cmd.out.empty()) {
    spikes = std::make_unique<sonata_writer>(cmd.out, sim.populations(), dt);
    consumers.push_back([&](const spike_record& r) { spikes->append(r); });
  }
  run_options ro;
  ro.steps = steps;
  ro.progress = !cmd.quiet;
  const run_summary summary = run(sim, ro, consumers);
  if (spikes) {
    spikes->close();
    spdlog::info("wrote spikes to {}", cmd.out);
  }
  fmt::print("model        {} (seed {})\n{}", model.name, cmd.seed, format_summary(summary));
  return 0;
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
