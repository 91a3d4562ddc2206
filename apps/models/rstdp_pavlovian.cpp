// Izhikevich (2007), "Solving the distal reward problem through linkage of STDP and dopamine
// signaling", Cerebral Cortex 17:2443, Fig. 1 (instrumental conditioning of one synapse), after
// the author's daspnet.m: 800 RS + 200 FS neurons, 100 synapses each with a 1 ms delay,
// excitatory weights 1 in [0, 4], random input each millisecond. Excitatory synapses learn by
// R-STDP: nearest-spike STDP (A+ 0.1, A- 0.15, tau 20 ms) feeds eligibility traces c (tau 1 s);
// every 10 ms w += (0.002 + DA) c, with DA the phasic dopamine (tau 200 ms). Whenever the
// post neuron of one chosen synapse fires within 20 ms after its pre neuron, 0.5 of dopamine is
// released 1 to 3 s later. Over about an hour the chosen synapse grows to the maximum while the
// others stay low.
//
// Departures from daspnet.m: the chosen synapse is its own one-synapse projection "conditioned"
// (exc 0 -> exc 1, starting at 0), so it can be read by name; each neuron's other targets are
// drawn as in `polychronization`, distinct (excitatory neurons: 79 excitatory + 20 inhibitory, so
// that exc 0 has 100 with the conditioned one); the depression amplitude absorbs one step (see
// rstdp below). The input is daspnet's uniform 13 (rand - 0.5): Gaussian input of the same s.d.
// fires the network about twice as often and lets more of the other synapses drift to the maximum.
#include <cmath>

#include "apps/models/registry.hpp"

namespace engram {
namespace {

// daspnet depresses by the full A- when the post neuron fired in the step before the arrival;
// Engram's window gives A- exp(-dt/tau-) there, so the amplitude absorbs that step (as in
// polychronization.cpp; docs/plasticity.md).
plasticity_config rstdp(const model_params& p, double dt_ms) {
  const double tau = 20.0;
  plasticity_config c;
  c.stdp.enabled = true;
  c.stdp.pairs = stdp_rule::pairing::nearest;  // daspnet sets the traces to 0.1 on a spike
  c.stdp.applies_to = stdp_rule::target::eligibility;
  c.stdp.a_plus = p.get("a_plus");
  c.stdp.a_minus = p.get("a_minus") * std::exp(dt_ms / tau);
  c.stdp.tau_plus_ms = c.stdp.tau_minus_ms = tau;
  c.rstdp.tau_e_ms = p.get("tau_e");
  c.rstdp.apply_every_ms = p.get("apply_every");
  c.rstdp.reference = 0.0;  // the weight moves by (tonic + phasic) x c, as in daspnet
  c.w_min = 0.0;
  c.w_max = p.get("w_max");
  return c;
}

network build(const model_params& p, double dt_ms, uint64_t seed) {
  const uint32_t n = p.count("n"), m = p.count("m");
  const uint32_t n_exc = static_cast<uint32_t>(std::lround(n * 0.8)), n_inh = n - n_exc;
  network net;
  net.dt_ms = dt_ms;
  net.seed = seed;
  population exc = izhikevich_population("exc", n_exc, izhikevich_pattern::RS);
  population inh = izhikevich_population("inh", n_inh, izhikevich_pattern::FS);
  for (auto* pop : {&exc, &inh}) pop->izhikevich.substeps = 2;
  net.populations = {exc, inh};
  net.dopamine.push_back({"", p.get("tonic"), p.get("tau_d")});

  const uint32_t m_to_inh = static_cast<uint32_t>(std::lround(m * double(n_inh) / n));
  auto projection_of = [&](const char* name, const char* pre, const char* post, uint32_t degree, transmitter t) {
    projection pr;
    pr.name = name;
    pr.pre = pre;
    pr.post = post;
    pr.connect.type = connector::kind::fixed_outdegree;
    pr.connect.degree = degree;
    pr.weight = distribution::fixed(p.get("w_init"));
    pr.delay_ms = distribution::fixed(dt_ms);
    pr.sign = t;
    return pr;
  };
  // m - 1 random targets per excitatory neuron, so that exc 0 with its conditioned synapse has m
  projection exc_exc = projection_of("exc_exc", "exc", "exc", m - m_to_inh - 1, transmitter::glutamate);
  projection exc_inh = projection_of("exc_inh", "exc", "inh", m_to_inh, transmitter::glutamate);
  exc_exc.plasticity = exc_inh.plasticity = rstdp(p, dt_ms);
  net.projections = {exc_exc, exc_inh, projection_of("inh_exc", "inh", "exc", m, transmitter::gaba)};

  projection conditioned;
  conditioned.name = "conditioned";
  conditioned.pre = conditioned.post = "exc";
  conditioned.connect.type = connector::kind::explicit_list;
  conditioned.connect.pre = {0};
  conditioned.connect.post = {1};
  conditioned.connect.weights = {0.0f};
  conditioned.connect.delays = {1};
  conditioned.plasticity = rstdp(p, dt_ms);
  net.projections.push_back(conditioned);

  reward_contingency r;
  r.pre_population = r.post_population = "exc";
  r.pre_neuron = 0;
  r.post_neuron = 1;
  r.window_ms = p.get("window");
  r.delay_min_ms = p.get("reward_delay_min");
  r.delay_max_ms = p.get("reward_delay_max");
  r.amount = p.get("reward");
  net.contingencies.push_back(r);

  input thalamus;
  thalamus.type = input::kind::uniform_noise;
  thalamus.amplitude = p.get("noise");
  net.inputs.push_back(thalamus);
  return net;
}

size_estimate size(const model_params& p, double) {
  size_estimate e;
  e.neurons = p.count("n");
  e.synapses = e.plastic_synapses = e.neurons * p.count("m");
  e.presynaptic_rows = 2 * e.neurons;
  return e;
}

}  // namespace

model_definition rstdp_pavlovian_model() {
  return {"rstdp_pavlovian",
          "Izhikevich 2007 instrumental conditioning: a delayed dopamine reward makes one chosen synapse grow (R-STDP)",
          1.0,
          [] {
            model_params p;
            p.declare("n", 1000, "number of neurons (80% excitatory)")
                .declare("m", 100, "outgoing synapses per neuron (excitatory ones: m - 1 drawn, exc 0 adds the conditioned one)")
                .declare("w_init", 1.0, "initial weight of every synapse but the conditioned one (0)")
                .declare("w_max", 4.0, "largest excitatory weight")
                .declare("noise", 13.0, "width of the uniform random input each neuron gets each ms (mean 0)")
                .declare("a_plus", 0.1, "STDP potentiation amplitude (into the eligibility)")
                .declare("a_minus", 0.15, "STDP depression amplitude (daspnet's, one step before the arrival)")
                .declare("tau_e", 1000.0, "eligibility time constant (ms)")
                .declare("tau_d", 200.0, "dopamine time constant (ms)")
                .declare("tonic", 0.002, "tonic dopamine level (the weights drift by tonic x c)")
                .declare("apply_every", 10.0, "period of the weight update w += DA c (ms)")
                .declare("reward", 0.5, "dopamine released per reward")
                .declare("window", 20.0, "the post spike must follow the pre spike within this (ms)")
                .declare("reward_delay_min", 1000.0, "shortest delay of the reward (ms)")
                .declare("reward_delay_max", 3000.0, "longest delay of the reward (ms)");
            return p;
          },
          build, size};
}

}  // namespace engram
