// The STDP pairing protocol behind docs/plasticity.md's window figure: pair k (k = 0 .. 2 range)
// has its presynaptic spike ARRIVE at 100 ms + j s and its post neuron fire dt = k - range ms
// later, for each repetition j of `pairs`, 1 s apart. A teacher synapse (weight 2000, 1 step)
// makes the post neuron fire exactly when asked; the plastic synapse "pairing" k -> k starts at
// w0 and ends at w0 + pairs x window(dt). scripts/plot_stdp_window.py reads it from a snapshot.
#include <cmath>

#include "apps/models/pairing_parts.hpp"
#include "apps/models/registry.hpp"

namespace engram {
namespace {

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t range = p.count("range"), pairs = p.count("pairs");
  const uint32_t n = 2 * range + 1;
  const double delay = p.get("delay");
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  std::vector<std::pair<uint32_t, double>> pre, teacher;
  for (uint32_t j = 0; j < pairs; ++j) {
    const double arrival = 100.0 + range + 1000.0 * j;
    for (uint32_t k = 0; k < n; ++k) {
      pre.emplace_back(k, arrival - delay);
      teacher.emplace_back(k, arrival + (double(k) - range) - dt_ms);  // fires the post one step later
    }
  }
  net.populations.push_back(spike_source_population("pre", n, pre));
  net.populations.push_back(spike_source_population("teacher", n, teacher));
  net.populations.push_back(izhikevich_population("post", n, izhikevich_pattern::RS));

  net.projections.push_back(one_to_one_stdp(
      "pairing", "pre", "post", p, p.get("nearest") != 0 ? stdp_rule::pairing::nearest : stdp_rule::pairing::all_to_all,
      p.get("multiplicative") != 0 ? stdp_rule::bounds::multiplicative : stdp_rule::bounds::additive));
  net.projections.push_back(teacher_projection("teacher", "post", dt_ms));
  return net;
}

}  // namespace

model_definition stdp_pairing_model() {
  return {"stdp_pairing",
          "STDP pairing protocol: one pre/post pair per dt in [-range, range] ms, dt from the presynaptic arrival",
          1.0,
          [] {
            model_params p;
            p.declare("range", 50, "pairs cover dt = -range .. range ms in 1 ms steps")
                .declare("pairs", 1, "repetitions of the pairing, 1 s apart")
                .declare("delay", 1.0, "axonal delay of the plastic synapses (ms)")
                .declare("w0", 0.5, "initial weight (bounds [0, 1])")
                .declare("a_plus", 0.01, "potentiation amplitude")
                .declare("a_minus", 0.012, "depression amplitude")
                .declare("tau_plus", 20.0, "potentiation time constant (ms)")
                .declare("tau_minus", 20.0, "depression time constant (ms)")
                .declare("nearest", 0, "1: nearest-spike pairing; 0: all-to-all")
                .declare("multiplicative", 0, "1: weight-dependent bounds; 0: additive");
            return p;
          },
          build};
}

}  // namespace engram
