// Izhikevich (2006), "Polychronization: computation with spikes", Neural Computation 18:245.
// 800 excitatory (RS) and 200 inhibitory (FS) neurons, 100 outgoing synapses each; excitatory
// synapses (weight 6) carry delays spread evenly over 1..20 ms, inhibitory ones (weight 5, onto
// excitatory neurons only) 1 ms. Each millisecond one random neuron (one per 1000 in larger
// networks) receives a 20 pA-equivalent thalamic pulse. With stdp=1 (the default) excitatory synapses learn as in the paper's spnet:
// nearest-spike STDP (A+ 0.1, A- 0.12, tau 20 ms) accumulated in a derivative sd that is applied
// every second as w += 0.01 + sd, sd *= 0.9, with w in [0, w_max = 10].
//
// Departure from the paper's code: a neuron's 100 excitatory targets are drawn as 80 among the
// excitatory and 20 among the inhibitory population (the paper draws 100 among all 1000), so that
// each projection has a fixed out-degree.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "apps/models/registry.hpp"
#include "engine/errors.hpp"
#include "kernels/common/connectivity.hpp"

namespace engram {
namespace {

// Izhikevich 2006 spnet.cpp: traces set (not added) on a spike, 0.95 per ms (tau 20 ms); the
// changes go into sd, applied once a second. spnet depresses a synapse by the full A- when the
// post neuron fired in the step before the arrival, where Engram's window gives A- exp(-dt/tau-):
// the amplitude absorbs that one step (docs/plasticity.md, "Izhikevich's discretisation").
plasticity_config spnet_stdp(const model_params& p, double dt_ms) {
  const double tau = 20.0;
  plasticity_config c;
  c.stdp.enabled = true;
  c.stdp.pairs = stdp_rule::pairing::nearest;
  c.stdp.bound = stdp_rule::bounds::additive;
  c.stdp.applies_to = stdp_rule::target::derivative;
  c.stdp.a_plus = p.get("a_plus");
  c.stdp.a_minus = p.get("a_minus") * std::exp(dt_ms / tau);
  c.stdp.tau_plus_ms = c.stdp.tau_minus_ms = tau;
  c.stdp.derivative_period_ms = 1000.0;
  c.stdp.derivative_bias = 0.01;
  c.stdp.derivative_decay = 0.9;
  c.w_min = 0.0;
  c.w_max = p.get("w_max");
  return c;
}

// Mean of exp(-d^2 / (2 sigma^2)) over the other cells of a population's torus sheet
// (kernels/common/connectivity.hpp's grid), so that p0 = degree / (kernel (n - 1)).
double mean_sheet_kernel(uint32_t n, double sigma) {
  const uint32_t cols = connect::sheet_columns(n), rows = (n + cols - 1) / cols;
  auto offset = [](double a, double b) { const double d = std::fabs(a - b); return d > 0.5 ? 1 - d : d; };
  const double x0 = 0.5 / cols, y0 = 0.5 / rows;
  double sum = 0;
  for (uint32_t k = 1; k < n; ++k) {
    const double dx = offset(x0, (k % cols + 0.5) / cols), dy = offset(y0, (k / cols + 0.5) / rows);
    sum += std::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
  }
  return sum / (n - 1);
}

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t n = p.count("n");
  const uint32_t n_exc = static_cast<uint32_t>(std::lround(n * 0.8)), n_inh = n - n_exc;
  const uint32_t m = p.count("m");
  const double max_delay = p.get("max_delay");
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  population exc = izhikevich_population("exc", n_exc, izhikevich_pattern::RS);
  population inh = izhikevich_population("inh", n_inh, izhikevich_pattern::FS);
  for (auto* pop : {&exc, &inh}) pop->izhikevich.substeps = 2;
  net.populations = {exc, inh};

  const uint32_t m_to_inh = static_cast<uint32_t>(std::lround(m * double(n_inh) / n));
  auto excitatory = [&](const char* post, uint32_t degree) {
    projection pr;
    pr.name = std::string("exc_") + post;
    pr.pre = "exc";
    pr.post = post;
    pr.connect.type = connector::kind::fixed_outdegree;
    pr.connect.degree = degree;
    pr.weight = distribution::fixed(p.get("w_exc"));
    pr.delay_ms = distribution::spread(dt_ms, max_delay);
    if (p.get("stdp") != 0) pr.plasticity = spnet_stdp(p, dt_ms);
    return pr;
  };
  projection exc_exc = excitatory("exc", m - m_to_inh);
  if (p.get("sigma") > 0) {  // the spatial prior: the same mean out-degree, drawn by distance on a sheet
    const double sigma = p.get("sigma"), kernel = mean_sheet_kernel(n_exc, sigma);
    exc_exc.connect.type = connector::kind::gaussian_distance;
    const double p0 = (m - m_to_inh) / (kernel * (n_exc - 1));
    if (p0 > 1)
      throw invalid_parameter(fmt::format("sigma {} is too narrow: {} synapses per excitatory neuron among {} need a connection "
                                          "probability of {:.2f} at distance 0 (at most 1); widen sigma or lower m",
                                          sigma, m - m_to_inh, n_exc, p0));
    exc_exc.connect.probability = p0;
    exc_exc.connect.sigma = sigma;
    exc_exc.connect.periodic = true;
  }
  net.projections.push_back(exc_exc);
  net.projections.push_back(excitatory("inh", m_to_inh));
  projection inh_exc;
  inh_exc.name = "inh_exc";
  inh_exc.pre = "inh";
  inh_exc.post = "exc";
  inh_exc.connect.type = connector::kind::fixed_outdegree;
  inh_exc.connect.degree = m;
  inh_exc.weight = distribution::fixed(p.get("w_inh"));
  inh_exc.sign = transmitter::gaba;
  inh_exc.delay_ms = distribution::fixed(dt_ms);
  net.projections.push_back(inh_exc);

  input thalamus;
  thalamus.type = input::kind::random_pulse;
  thalamus.population = "";  // any neuron of the network
  thalamus.amplitude = p.get("input");
  // The paper's one pulse per ms for 1000 neurons; larger networks keep the per-neuron rate.
  thalamus.pulses_per_step = std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(n / 1000.0)));
  net.inputs.push_back(thalamus);
  return net;
}

size_estimate size(const model_params& p, double dt_ms) {
  size_estimate e;
  e.neurons = p.count("n");
  e.synapses = e.neurons * p.count("m");
  e.plastic_synapses = p.get("stdp") != 0 ? 0.8 * e.synapses : 0;
  e.presynaptic_rows = 2 * e.neurons;
  e.ring_slots = static_cast<uint32_t>(std::clamp(p.get("max_delay") / dt_ms + 1, 2.0, 256.0));
  return e;
}

}  // namespace

model_definition polychronization_model() {
  return {"polychronization",
          "Izhikevich 2006 polychronization network: 800 RS + 200 FS, 100 synapses each, delays 1..20 ms, STDP",
          1.0,
          [] {
            model_params p;
            p.declare("n", 1000, "number of neurons (80% excitatory)")
                .declare("m", 100, "outgoing synapses per neuron")
                .declare("max_delay", 20, "largest excitatory axonal delay (ms)")
                .declare("w_exc", 6.0, "excitatory weight")
                .declare("w_inh", 5.0, "inhibitory weight (magnitude)")
                .declare("input", 20.0, "amplitude of the thalamic pulse one random neuron gets each step")
                .declare("stdp", 1, "1: excitatory STDP as in the paper (spnet); 0: static weights")
                .declare("w_max", 10.0, "largest excitatory weight under STDP")
                .declare("a_plus", 0.1, "STDP potentiation per pairing (spnet)")
                .declare("a_minus", 0.12, "STDP depression per pairing (spnet's, one step before the arrival)")
                .declare("sigma", 0.0, "> 0: exc -> exc drawn on a 2-D torus sheet, probability falling as a Gaussian of this width "
                                       "(gaussian_distance), same mean out-degree; 0: fixed out-degree");
            return p;
          },
          build, size};
}

}  // namespace engram
