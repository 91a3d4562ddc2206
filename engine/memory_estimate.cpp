#include "engine/memory_estimate.hpp"

#include <algorithm>
#include <cmath>

namespace engram {

size_estimate estimate_size(const network& net) {
  size_estimate e;
  e.neurons = static_cast<double>(net.neuron_count());
  for (const auto& pr : net.projections) {
    // Delays outside [1, 255] steps are refused by validation, which runs after this estimate.
    const double steps = pr.delay_ms.high / net.dt_ms;
    if (steps >= 1 && steps <= 255) e.ring_slots = std::max(e.ring_slots, static_cast<uint32_t>(std::lround(steps)) + 1);
    const int pre = net.population_index(pr.pre), post = net.population_index(pr.post);
    if (pre < 0 || post < 0) continue;  // validation names it
    const double n_pre = net.populations[pre].size, n_post = net.populations[post].size;
    const auto& c = pr.connect;
    double s = 0;
    switch (c.type) {
      case connector::kind::all_to_all: s = n_pre * n_post; break;
      case connector::kind::one_to_one: s = n_pre; break;
      case connector::kind::fixed_probability: s = c.probability * n_pre * n_post; break;
      case connector::kind::fixed_indegree: s = double(c.degree) * n_post; break;
      case connector::kind::fixed_outdegree: s = double(c.degree) * n_pre; break;
      case connector::kind::explicit_list: s = static_cast<double>(c.pre.size()); break;
      case connector::kind::fixed_total_number: s = static_cast<double>(c.total); break;
      case connector::kind::gaussian_distance:  // at most the plane's integral, 2 pi sigma^2, per unit area
        s = c.probability * n_pre * n_post * std::min(1.0, 2 * M_PI * c.sigma * c.sigma);
        break;
    }
    e.synapses += s;
    if (pr.plasticity.changes_weights()) e.plastic_synapses += s;
    e.presynaptic_rows += n_pre;
  }
  return e;
}

double estimated_bytes(const size_estimate& e) {
  // Per neuron: v u i_syn a b c d (28), refractory (4), spike_probability (8), the description's
  // a b c d (16) and the ring's slots (8 each). Per synapse: the packed target and delay, weight (8); plastic
  // ones add a derivative or eligibility and a transposed-index entry (8). Per row: an offset (8).
  return e.neurons * (56.0 + 8.0 * e.ring_slots) + e.synapses * 8.0 + e.plastic_synapses * 8.0 + e.presynaptic_rows * 8.0;
}

}  // namespace engram
