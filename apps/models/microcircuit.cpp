// Potjans & Diesmann (2014), "The cell-type specific cortical microcircuit", Cereb Cortex 24:785:
// 8 populations of iaf_psc_exp neurons (layers 2/3, 4, 5, 6, excitatory and inhibitory, 77,169
// at full scale) with the paper's connection probability table turned into fixed total numbers
// of synapses (multapses allowed), normal weights and delays, and Poisson background of
// K_ext x 8 Hz per neuron. `scale` shrinks the populations and keeps every in-degree (the
// reference implementation's N scaling with K scaling 1, which needs no DC compensation).
#include <array>
#include <cmath>
#include <fmt/format.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"

namespace engram {
namespace {

constexpr int pops = 8;
const std::array<const char*, pops> names = {"L23e", "L23i", "L4e", "L4i", "L5e", "L5i", "L6e", "L6i"};
const std::array<double, pops> full_size = {20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948};
const std::array<double, pops> k_ext = {1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100};  // background in-degrees
// Connection probabilities, [target][source], as in the paper's Table 5.
const double probability[pops][pops] = {
    {0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
    {0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
    {0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0},
    {0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
    {0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
    {0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0},
    {0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
    {0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443}};

void require(bool ok, const std::string& what) {
  if (!ok) throw invalid_parameter("microcircuit: " + what);
}

// Synapses of a projection at full scale: the number of independent draws of a pair that leaves
// each pair connected with probability p (the paper's formula), then the in-degree it gives kept
// at the scaled post population's size.
double total_synapses(int target, int source, double scale) {
  const double p = probability[target][source];
  if (p <= 0) return 0;
  const double pairs = full_size[source] * full_size[target];
  const double full = std::log(1.0 - p) / std::log(1.0 - 1.0 / pairs);
  return std::round(full / full_size[target] * std::round(full_size[target] * scale));
}

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const double scale = p.get("scale"), j = p.get("j"), g = p.get("g"), rate = p.get("bg_rate");
  require(scale > 0 && scale <= 1, fmt::format("scale must be in (0, 1], got {}", scale));
  require(j > 0, fmt::format("j must be > 0 pA, got {}", j));
  require(g > 0, fmt::format("g (inhibitory weight over j, as a magnitude) must be > 0, got {}", g));
  require(rate >= 0, fmt::format("bg_rate must be >= 0 Hz, got {}", rate));
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  lif_params l;
  l.c_m = 250.0;
  l.tau_m = 10.0;
  l.tau_syn = 0.5;
  l.v_rest = -65.0;
  l.v_reset = -65.0;
  l.v_thresh = -50.0;
  l.t_ref = 2.0;
  l.v_init = -65.0;
  l.v_init_range = 15.0;  // uniform between rest and threshold: no first common volley
  for (int i = 0; i < pops; ++i) {
    const uint32_t n = static_cast<uint32_t>(std::lround(full_size[i] * scale));
    require(n >= 1, fmt::format("scale {} leaves {} empty", scale, names[i]));
    net.populations.push_back(lif_population(names[i], n, l));
  }
  for (int target = 0; target < pops; ++target)
    for (int source = 0; source < pops; ++source) {
      const double total = total_synapses(target, source, scale);
      if (total <= 0) continue;
      const bool excitatory = source % 2 == 0;
      // L4e -> L2/3e is twice as strong; weights 10 % sd, bounded 10 sd out (sign kept).
      const double w = (excitatory ? j : g * j) * (target == 0 && source == 2 ? 2.0 : 1.0);
      const double d = excitatory ? p.get("delay_exc") : p.get("delay_inh");
      projection pr;
      pr.name = fmt::format("{}_{}", names[source], names[target]);
      pr.pre = names[source];
      pr.post = names[target];
      pr.connect.type = connector::kind::fixed_total_number;
      pr.connect.total = static_cast<uint64_t>(total);
      pr.connect.autapses = true;  // the reference draws pairs with autapses and multapses
      pr.weight = distribution::normal(w, 0.1 * w, 0.0, 2.0 * w);
      // Delays: sd half the mean, redrawn below half a step (rounded to >= 1 step), cut 8 sd up.
      pr.delay_ms = distribution::normal(d, 0.5 * d, 0.5 * dt_ms, d + 8 * 0.5 * d);
      pr.sign = excitatory ? transmitter::glutamate : transmitter::gaba;
      net.projections.push_back(pr);
    }
  for (int i = 0; i < pops; ++i) {
    input bg;  // K_ext independent Poisson sources at bg_rate: one stream of K_ext x bg_rate
    bg.type = input::kind::poisson;
    bg.population = names[i];
    bg.rate_hz = k_ext[i] * rate;
    bg.weight = j;
    net.inputs.push_back(bg);
  }
  return net;
}

size_estimate size(const model_params& p, double) {
  const double scale = p.get("scale");
  size_estimate e;
  for (int t = 0; t < pops; ++t) {
    e.neurons += static_cast<uint64_t>(std::lround(full_size[t] * scale));
    for (int s = 0; s < pops; ++s) e.synapses += static_cast<uint64_t>(total_synapses(t, s, scale));
  }
  e.presynaptic_rows = 8 * e.neurons;
  return e;
}

}  // namespace

model_definition microcircuit_model() {
  return {"microcircuit",
          "Potjans & Diesmann 2014 cortical microcircuit: 8 populations of iaf_psc_exp neurons, 77,169 at scale 1",
          0.1,
          [] {
            model_params p;
            p.declare("scale", 0.1, "population sizes over the paper's (in-degrees kept)")
                .declare("j", 87.8, "excitatory weight (pA, a 0.15 mV PSP), normal with 10 % sd; L4e -> L2/3e twice")
                .declare("g", 4.0, "inhibitory weights are -g j")
                .declare("bg_rate", 8.0, "background rate (Hz) of each of K_ext Poisson inputs of weight j")
                .declare("delay_exc", 1.5, "mean excitatory delay (ms), sd half of it")
                .declare("delay_inh", 0.75, "mean inhibitory delay (ms), sd half of it");
            return p;
          },
          build, size};
}

}  // namespace engram
