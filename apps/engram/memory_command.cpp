// `engram memory`: the memory protocol of docs/memory.md on a model with a drive population
// (default `memory`): present P disjoint patterns and capture each as a trace, sleep (input off,
// traces replayed every consolidation period, or not), then cue half of each pattern and count the
// spikes of its missing half against the other patterns' members. Spikes to --out (a raster),
// network and traces to --snapshot.
#include <fmt/format.h>
#include <numeric>

#include "apps/engram/commands.hpp"
#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "host/io/output_path.hpp"
#include "host/io/snapshot.hpp"
#include "host/io/sonata_writer.hpp"
#include "host/memory_driver.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

std::vector<uint32_t> ids(uint32_t first, uint32_t count) {
  std::vector<uint32_t> v(count);
  std::iota(v.begin(), v.end(), first);
  return v;
}

double mean_spikes(const std::vector<uint32_t>& counts, const std::vector<uint32_t>& members) {
  double s = 0;
  for (uint32_t i : members) s += counts[i];
  return members.empty() ? 0.0 : s / static_cast<double>(members.size());
}

}  // namespace

int memory_protocol(const memory_command& cmd) {
  check_output_paths({{"--out", cmd.out}, {"--snapshot", cmd.snapshot}});
  if (cmd.patterns < 2) throw invalid_parameter(fmt::format("--patterns must be >= 2 (a cue needs another pattern to stay silent), got {}", cmd.patterns));
  if (cmd.pattern_size < 4) throw invalid_parameter(fmt::format("--pattern-size must be >= 4, got {}", cmd.pattern_size));
  const built_model m = build_model(cmd.model);
  simulator sim(m.net, make_backend(parse_backend_kind(cmd.backend), backend_options_for(cmd.threads, network_needs_plasticity(m.net))));
  memory_state memory;
  memory.seed = cmd.model.seed;
  // Without replay the consolidations still run (traces fade; down-scaling applies), replaying nothing.
  memory.config.replays_per_consolidation = cmd.no_replay ? 0 : cmd.replays;
  memory_driver_options o;
  o.replay_steps = steps_of(cmd.replay, sim.dt_ms());
  o.downscale = cmd.downscale;
  o.downscale_projection = "exc_exc";
  memory_driver driver(sim, memory, o);
  const uint32_t n = sim.population_named(o.population).size;
  if (uint64_t{cmd.patterns} * cmd.pattern_size > n)
    throw invalid_parameter(fmt::format("{} patterns of {} neurons do not fit in '{}' ({} neurons)", cmd.patterns, cmd.pattern_size, o.population, n));
  std::unique_ptr<sonata_writer> out;
  if (!cmd.out.empty()) out = std::make_unique<sonata_writer>(cmd.out, sim.populations(), sim.dt_ms());
  auto drain = [&] {
    const spike_record r = sim.drain_spikes();
    if (out) out->append(r);
  };

  const uint64_t present = steps_of(cmd.present, sim.dt_ms()), gap = steps_of("50ms", sim.dt_ms());
  for (uint32_t k = 0; k < cmd.patterns; ++k) {
    driver.begin_capture();
    driver.drive(ids(k * cmd.pattern_size, cmd.pattern_size), present);
    const int t = driver.end_capture();
    sim.run_steps(gap);
    drain();
    fmt::print("learn        pattern {} (neurons {}-{}): trace {}, {} members\n", k, k * cmd.pattern_size, (k + 1) * cmd.pattern_size - 1, t,
               t >= 0 ? memory.traces[t].members.size() : 0);
  }
  const uint64_t sleep = steps_of(cmd.sleep, sim.dt_ms());
  driver.sleep(sleep, steps_of(cmd.consolidate_every, sim.dt_ms()));
  drain();
  std::string strengths;
  for (const auto& t : memory.traces) strengths += fmt::format(" {:.2f}/{}", t.strength, t.replays);
  fmt::print("sleep        {} {}: strength/replays per trace{}\n", cmd.sleep, cmd.no_replay ? "without replay" : "with replay", strengths);

  fmt::print("cue          half of each pattern for {}{}: mean spikes per neuron\n", cmd.replay,
             cmd.cue_only ? ", the cue alone (completion left to the synapses)" : ", with its trace's missing half (completion)");
  fmt::print("  pattern  trace  cued half  missing half  other patterns\n");
  for (uint32_t k = 0; k < cmd.patterns; ++k) {
    sim.run_steps(gap);
    drain();
    sim.take_spike_counts(o.population);
    const auto cue = ids(k * cmd.pattern_size, cmd.pattern_size / 2);
    // --cue-only: the cued half alone; whatever else fires does so through the learned synapses.
    const completion c = cmd.cue_only ? complete_pattern(memory, cue) : driver.cue(cue);
    if (cmd.cue_only) driver.drive(cue, o.replay_steps);
    const auto counts = sim.take_spike_counts(o.population);
    std::vector<uint32_t> others;
    for (uint32_t j = 0; j < cmd.patterns; ++j)
      if (j != k)
        for (uint32_t i : ids(j * cmd.pattern_size, cmd.pattern_size)) others.push_back(i);
    const auto missing = ids(k * cmd.pattern_size + cmd.pattern_size / 2, cmd.pattern_size - cmd.pattern_size / 2);
    fmt::print("  {:>7}  {:>5}  {:>9.2f}  {:>12.2f}  {:>14.2f}\n", k, c.trace, mean_spikes(counts, cue), mean_spikes(counts, missing),
               mean_spikes(counts, others));
  }
  drain();
  if (out) {
    out->close();
    fmt::print("spikes       {}\n", cmd.out);
  }
  if (!cmd.snapshot.empty()) {
    snapshot_info info;
    info.model = m.definition->name;
    for (const auto& e : m.params.entries()) info.parameters.emplace_back(e.key, e.value);
    info.memory = memory;
    write_snapshot(cmd.snapshot, sim.export_state(), info);
    fmt::print("snapshot     {} (with {} memory traces)\n", cmd.snapshot, memory.traces.size());
  }
  return 0;
}

}  // namespace engram
