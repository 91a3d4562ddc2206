// Independent Poisson pre and post spike trains meeting at plastic one-to-one synapses: the
// ground truth for recovering STDP from a record (docs/research.md, `engram infer-rule --stdp`).
// Pre k is a Poisson source; post k is an Izhikevich RS neuron made to fire by its own Poisson
// teacher (weight 2000, one step); the plastic synapse pre k -> post k is too weak to matter, so
// every pre-post interval occurs and the weights take a random walk inside their bounds.
#include "apps/models/pairing_parts.hpp"
#include "apps/models/registry.hpp"

namespace engram {
namespace {

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t n = p.count("n");
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  net.populations.push_back(poisson_source_population("pre", std::vector<float>(n, static_cast<float>(p.get("pre_hz")))));
  net.populations.push_back(poisson_source_population("teacher", std::vector<float>(n, static_cast<float>(p.get("post_hz")))));
  net.populations.push_back(izhikevich_population("post", n, izhikevich_pattern::RS));

  net.projections.push_back(one_to_one_stdp("plastic", "pre", "post", p, stdp_rule::pairing::all_to_all,
                                            stdp_rule::bounds::additive));
  net.projections.push_back(teacher_projection("teacher", "post", dt_ms));
  return net;
}

}  // namespace

model_definition stdp_poisson_model() {
  return {"stdp_poisson",
          "Poisson pre and post trains at plastic one-to-one synapses: ground truth for recovering STDP from a record",
          1.0,
          [] {
            model_params p;
            p.declare("n", 50, "synapses (pre, teacher and post neurons each)")
                .declare("pre_hz", 20.0, "presynaptic Poisson rate (Hz)")
                .declare("post_hz", 20.0, "rate of the teacher that makes each post neuron fire (Hz)")
                .declare("delay", 1.0, "axonal delay of the plastic synapses (ms)")
                .declare("w0", 0.5, "initial weight (bounds [0, 1])")
                .declare("a_plus", 0.002, "potentiation amplitude")
                .declare("a_minus", 0.001, "depression amplitude (A- tau- about A+ tau+: the weights wander, rarely reaching a bound)")
                .declare("tau_plus", 16.8, "potentiation time constant (ms)")
                .declare("tau_minus", 33.7, "depression time constant (ms)");
            return p;
          },
          build};
}

}  // namespace engram
