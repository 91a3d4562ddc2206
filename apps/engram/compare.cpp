// engram compare: the same model on two backends must produce the same bits.
#include <chrono>
#include <cstring>
#include <fmt/format.h>

#include "apps/engram/commands.hpp"
#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "engine/simulator.hpp"
#include "engine/synapse_packing.hpp"
#include "kernels/backend_factory.hpp"

namespace engram {
namespace {

struct outcome {
  spike_record spikes;
  network_state state;
  double seconds = 0;
  std::string device;
};

outcome simulate(const network& net, uint64_t steps, const std::string& backend, int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  simulator sim(net, make_backend(parse_backend_kind(backend), backend_options_for(threads, network_needs_plasticity(net))));
  sim.run_steps(steps);
  outcome o{sim.drain_spikes(), sim.export_state(), 0, sim.backend_ref().device()};
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return o;
}

// First difference between two rasters, or "" when identical.
std::string raster_difference(const spike_record& a, const spike_record& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i)
    if (a.step[i] != b.step[i] || a.neuron[i] != b.neuron[i])
      return fmt::format("spike #{}: reference (step {}, neuron {}), candidate (step {}, neuron {})", i, a.step[i],
                         a.neuron[i], b.step[i], b.neuron[i]);
  if (a.size() != b.size())
    return fmt::format("reference has {} spikes, candidate {} (first extra at step {})", a.size(), b.size(),
                       a.size() > n ? a.step[n] : b.step[n]);
  return "";
}

template <class T>
std::string array_difference(const char* name, const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return fmt::format("{}: {} vs {} entries", name, a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) return fmt::format("{}[{}]: reference {} candidate {}", name, i, a[i], b[i]);
  return "";
}

std::string state_difference(const network_state& a, const network_state& b) {
  for (auto d : {array_difference("v", a.neurons.v, b.neurons.v), array_difference("u", a.neurons.u, b.neurons.u),
                 array_difference("i_syn", a.neurons.i_syn, b.neurons.i_syn),
                 array_difference("refractory", a.neurons.refractory, b.neurons.refractory),
                 array_difference("ring", a.ring, b.ring)})
    if (!d.empty()) return d;
  if (a.projections.size() != b.projections.size()) return "different numbers of projections";
  for (size_t p = 0; p < a.projections.size(); ++p) {
    const auto& x = a.projections[p];
    const auto& y = b.projections[p];
    for (auto d : {array_difference("row_ptr", x.row_ptr, y.row_ptr),
                   array_difference("target", global_targets(x), global_targets(y)),
                   array_difference("weight", x.weight, y.weight), array_difference("delay", synapse_delays(x), synapse_delays(y))})
      if (!d.empty()) return fmt::format("projection '{}' {}", x.name, d);
  }
  return "";
}

}  // namespace

int compare_backends(const compare_command& cmd) {
  backend_options_for(cmd.reference_threads, false);
  backend_options_for(cmd.candidate_threads, false);
  const built_model m = build_model(cmd.model);
  const uint64_t steps = steps_of(cmd.duration, m.net.dt_ms);
  const outcome ref = simulate(m.net, steps, cmd.reference, cmd.reference_threads);
  const outcome cand = simulate(m.net, steps, cmd.candidate, cmd.candidate_threads);
  fmt::print("{}: {} steps, {} spikes\n", m.definition->name, steps, ref.spikes.size());
  fmt::print("  reference {:<5} {:9.3f} s  on {}\n", cmd.reference, ref.seconds, ref.device);
  fmt::print("  candidate {:<5} {:9.3f} s  on {}  (speedup {:.2f}x)\n", cmd.candidate, cand.seconds, cand.device,
             cand.seconds > 0 ? ref.seconds / cand.seconds : 0.0);
  std::string diff = raster_difference(ref.spikes, cand.spikes);
  if (diff.empty()) diff = state_difference(ref.state, cand.state);
  if (!diff.empty()) {
    fmt::print("  DIFFERENT: first divergence at {}\n", diff);
    return 1;
  }
  fmt::print("  identical: spike rasters and final state match bit for bit\n");
  return 0;
}

}  // namespace engram
