// Izhikevich (2003), "Simple model of spiking neurons", IEEE TNN 14:1569: 800 excitatory and 200
// inhibitory neurons with randomised parameters, all-to-all random weights, Gaussian thalamic
// input, 0.5 ms half-steps of v and one 1 ms step of u (the paper's scheme; `scheme=0` gives
// Engram's substep scheme). Scales with n: with k < n inputs per neuron, connectivity is fixed
// in-degree; weights scale by 1000/min(k, n) so that the summed input stays as published.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram {
namespace {

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t n = p.count("n");
  const uint32_t n_exc = static_cast<uint32_t>(std::lround(n * p.get("exc_fraction")));
  const uint32_t n_inh = n - n_exc;
  const uint32_t k = std::min(p.count("k"), n);
  const uint32_t scheme = p.count("scheme");
  if (scheme > 1) throw invalid_parameter(fmt::format("izhikevich2003: scheme must be 0 (substep) or 1 (published), got {}", scheme));
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;

  // Per-neuron heterogeneity: r ~ U(0,1) from Philox, as in the published MATLAB code.
  auto r = [&](uint32_t neuron) {
    const philox_block b = random_block(seed, rng_purpose::parameter_init, 0, neuron, 0);
    return uniform_open1(b.x[0], b.x[1]);
  };
  population exc = izhikevich_population("exc", n_exc, izhikevich_pattern::RS);
  for (uint32_t i = 0; i < n_exc; ++i) {
    const double re = r(i);
    exc.izhikevich.c[i] = static_cast<float>(-65.0 + 15.0 * re * re);
    exc.izhikevich.d[i] = static_cast<float>(8.0 - 6.0 * re * re);
  }
  population inh = izhikevich_population("inh", n_inh, izhikevich_pattern::RS);
  for (uint32_t i = 0; i < n_inh; ++i) {
    const double ri = r(n_exc + i);
    inh.izhikevich.a[i] = static_cast<float>(0.02 + 0.08 * ri);
    inh.izhikevich.b[i] = static_cast<float>(0.25 - 0.05 * ri);
    inh.izhikevich.c[i] = -65.0f;
    inh.izhikevich.d[i] = 2.0f;
  }
  for (auto* pop : {&exc, &inh}) {
    pop->izhikevich.substeps = static_cast<int>(p.count("substeps"));
    pop->izhikevich.scheme = scheme == 1 ? izhikevich_scheme::published : izhikevich_scheme::substep;
  }
  net.populations = {exc, inh};

  const double scale = 1000.0 / std::max<uint32_t>(k, 1);  // k = min(k, n): keeps the summed input as published
  for (const char* pre : {"exc", "inh"}) {
    const bool excitatory = std::string(pre) == "exc";
    const uint32_t pre_size = excitatory ? n_exc : n_inh;
    for (const char* post : {"exc", "inh"}) {
      projection pr;
      pr.name = std::string(pre) + "_" + post;
      pr.pre = pre;
      pr.post = post;
      if (k >= n) {
        pr.connect.type = connector::kind::all_to_all;
        pr.connect.autapses = true;  // the published S matrix includes its diagonal
      } else {
        pr.connect.type = connector::kind::fixed_indegree;
        pr.connect.degree = std::max<uint32_t>(1, std::min(pre_size, static_cast<uint32_t>(std::lround(k * double(pre_size) / n))));
      }
      pr.weight = distribution::between(0.0, (excitatory ? 0.5 : 1.0) * scale);
      pr.sign = excitatory ? transmitter::glutamate : transmitter::gaba;
      pr.delay_ms = distribution::fixed(dt_ms);  // the next step, as in the published loop
      net.projections.push_back(pr);
    }
  }
  input noise_exc;
  noise_exc.type = input::kind::noise;
  noise_exc.population = "exc";
  noise_exc.sd = p.get("noise_exc");
  input noise_inh = noise_exc;
  noise_inh.population = "inh";
  noise_inh.sd = p.get("noise_inh");
  net.inputs = {noise_exc, noise_inh};
  return net;
}

size_estimate size(const model_params& p, double) {
  size_estimate e;
  e.neurons = p.count("n");
  e.synapses = e.neurons * std::min<double>(p.count("k"), e.neurons);
  e.presynaptic_rows = 2 * e.neurons;
  return e;
}

}  // namespace

model_definition izhikevich2003_model() {
  return {"izhikevich2003",
          "Izhikevich 2003 random network: 80% RS-like excitatory, 20% FS/LTS-like inhibitory, noisy thalamic input",
          1.0,
          [] {
            model_params p;
            p.declare("n", 1000, "number of neurons")
                .declare("exc_fraction", 0.8, "fraction of excitatory neurons")
                .declare("k", 1000, "inputs per neuron; k >= n gives the published all-to-all network")
                .declare("noise_exc", 5.0, "s.d. of the excitatory thalamic input (Izhikevich units)")
                .declare("noise_inh", 2.0, "s.d. of the inhibitory thalamic input")
                .declare("substeps", 2, "Euler steps of v per dt")
                .declare("scheme", 1,
                         "1 published (v in `substeps` steps, then u once, threshold once per dt: the paper's code); "
                         "0 substep (u and the threshold in every sub-step)");
            return p;
          },
          build, size};
}

}  // namespace engram
