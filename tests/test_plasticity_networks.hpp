#pragma once
// Networks shared by the plasticity tests: pairing protocols with exactly timed pre and post
// spikes, and one network that runs every rule at once.
#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/network.hpp"
#include "engine/state.hpp"
#include "tests/helpers.hpp"

namespace engram::test {

// One pre -> post pairing: the presynaptic spike ARRIVES at `arrival_ms` (it leaves delay earlier)
// and the post neuron fires at each of `post_ms` (driven by a teacher synapse strong enough to
// fire it in the arrival step). Extra synapses of the same presynaptic neuron go to silent
// neurons with other delays, so rows hold several delays.
struct pairing {
  std::vector<double> pre_arrivals_ms;
  std::vector<double> post_ms;
  uint16_t delay = 1;
};

// Local index of silent post f of pairing k (each pairing has its own, so they stay silent).
inline uint32_t silent_post(uint32_t pairs, uint32_t fan_out, uint32_t k, uint32_t f) { return pairs + k * fan_out + f; }

// Pre neuron k, post neuron k and teacher k per pairing; silent posts after them. The plastic
// projection "plastic" holds synapse k -> k plus `fan_out` synapses to silent posts with delays
// other than the pairing's.
inline network pairing_network(const std::vector<pairing>& pairs, const plasticity_config& rule, float w0,
                               uint32_t fan_out = 0) {
  network net;
  net.seed = 7;
  const uint32_t n = static_cast<uint32_t>(pairs.size());
  std::vector<std::pair<uint32_t, double>> pre_spikes, teacher_spikes;
  for (uint32_t k = 0; k < n; ++k) {
    for (double a : pairs[k].pre_arrivals_ms) pre_spikes.emplace_back(k, a - pairs[k].delay);
    for (double q : pairs[k].post_ms) teacher_spikes.emplace_back(k, q - 1.0);
  }
  net.populations.push_back(spike_source_population("pre", n, pre_spikes));
  net.populations.push_back(spike_source_population("teacher", n, teacher_spikes));
  net.populations.push_back(izhikevich_population("post", n + n * fan_out, izhikevich_pattern::RS));
  projection plastic;
  plastic.name = "plastic";
  plastic.pre = "pre";
  plastic.post = "post";
  plastic.connect.type = connector::kind::explicit_list;
  for (uint32_t k = 0; k < n; ++k) {
    plastic.connect.pre.push_back(k);
    plastic.connect.post.push_back(k);
    plastic.connect.delays.push_back(pairs[k].delay);
    for (uint32_t f = 0; f < fan_out; ++f) {
      plastic.connect.pre.push_back(k);
      plastic.connect.post.push_back(silent_post(n, fan_out, k, f));
      plastic.connect.delays.push_back(static_cast<uint16_t>(1 + (pairs[k].delay + 3 + 5 * f) % 24));
    }
  }
  plastic.connect.weights.assign(plastic.connect.pre.size(), w0);
  plastic.plasticity = rule;
  net.projections.push_back(plastic);
  projection teach;
  teach.name = "teach";
  teach.pre = "teacher";
  teach.post = "post";
  teach.connect.type = connector::kind::explicit_list;
  for (uint32_t k = 0; k < n; ++k) {
    teach.connect.pre.push_back(k);
    teach.connect.post.push_back(k);
  }
  teach.connect.weights.assign(n, 2000.0f);
  teach.connect.delays.assign(n, 1);
  net.projections.push_back(teach);
  return net;
}

// Weight of the synapse pre -> post (local indices) of projection `p`.
inline float weight_of(const network_state& s, uint32_t p, uint32_t pre, uint32_t post) {
  const synapse_table& t = s.projections[p];
  for (uint64_t e = t.row_ptr[pre]; e < t.row_ptr[pre + 1]; ++e)
    if (t.target_of(e) == t.post_first + post) return t.weight[e];
  return -1e30f;
}

inline plasticity_config additive_stdp(double a_plus, double a_minus, double tau_plus, double tau_minus) {
  plasticity_config c;
  c.stdp.enabled = true;
  c.stdp.a_plus = a_plus;
  c.stdp.a_minus = a_minus;
  c.stdp.tau_plus_ms = tau_plus;
  c.stdp.tau_minus_ms = tau_minus;
  c.w_min = 0.0;
  c.w_max = 1.0;
  return c;
}

// Every rule at once (dt = 0.5 ms): R-STDP with a contingency and an extra channel, STDP with
// BCM and scaling, spnet-style derivative on inhibitory synapses, STP with a modulated
// transmitter and normalisation, adaptive thresholds on Izhikevich and LIF neurons.
inline network every_rule_network() {
  network net;
  net.dt_ms = 0.5;
  net.seed = 4242;
  net.populations.push_back(poisson_source_population("in", std::vector<float>(100, 20.0f)));
  population exc = izhikevich_population("exc", 150, izhikevich_pattern::RS);
  exc.homeostasis.adaptive_threshold = true;
  exc.homeostasis.theta_increment = 0.3;
  exc.homeostasis.theta_tau_ms = 500;
  exc.homeostasis.rate_tau_ms = 200;
  net.populations.push_back(exc);
  lif_params l;
  l.tau_syn = 2.0;
  l.i_bias = 350.0;  // just below threshold: the excitatory input makes it fire
  population inh = lif_population("inh", 40, l);
  inh.homeostasis.adaptive_threshold = true;
  inh.homeostasis.theta_increment = 0.5;
  inh.homeostasis.theta_tau_ms = 300;
  net.populations.push_back(inh);
  net.dopamine.push_back({"striatum", 0.05, 100.0});

  auto connect = [&](const char* name, const char* pre, const char* post, double p, double w_lo, double w_hi, double d_hi) {
    projection pr;
    pr.name = name;
    pr.pre = pre;
    pr.post = post;
    pr.connect.type = connector::kind::fixed_probability;
    pr.connect.probability = p;
    pr.weight = distribution::between(w_lo, w_hi);
    pr.delay_ms = distribution::between(0.5, d_hi);
    return pr;
  };
  projection in_exc = connect("in_exc", "in", "exc", 0.2, 1.0, 4.0, 6.0);
  in_exc.plasticity.stdp.enabled = true;
  in_exc.plasticity.stdp.bound = stdp_rule::bounds::multiplicative;
  in_exc.plasticity.stdp.applies_to = stdp_rule::target::eligibility;
  in_exc.plasticity.stdp.a_plus = 0.2;
  in_exc.plasticity.stdp.a_minus = 0.25;
  in_exc.plasticity.rstdp.dopamine = "striatum";
  in_exc.plasticity.rstdp.tau_e_ms = 300;
  in_exc.plasticity.rstdp.apply_every_ms = 5;
  in_exc.plasticity.w_max = 8;
  net.projections.push_back(in_exc);

  projection exc_exc = connect("exc_exc", "exc", "exc", 0.1, 0.5, 3.0, 12.0);
  exc_exc.plasticity.stdp.enabled = true;
  exc_exc.plasticity.stdp.pairs = stdp_rule::pairing::nearest;
  exc_exc.plasticity.stdp.a_plus = 0.05;
  exc_exc.plasticity.stdp.a_minus = 0.06;
  exc_exc.plasticity.bcm.enabled = true;
  exc_exc.plasticity.bcm.target_hz = 8;
  exc_exc.plasticity.scaling.enabled = true;
  exc_exc.plasticity.scaling.target_hz = 8;
  exc_exc.plasticity.scaling.period_ms = 50;
  exc_exc.plasticity.w_max = 6;
  net.projections.push_back(exc_exc);

  projection exc_inh = connect("exc_inh", "exc", "inh", 0.3, 400.0, 1200.0, 3.0);
  exc_inh.sign = transmitter::acetylcholine;
  exc_inh.plasticity.stp.enabled = true;
  exc_inh.plasticity.stp.U = 0.3;
  exc_inh.plasticity.stp.tau_rec_ms = 150;
  exc_inh.plasticity.stp.tau_fac_ms = 50;
  exc_inh.plasticity.normalise.enabled = true;
  exc_inh.plasticity.normalise.target_sum = 15000;
  exc_inh.plasticity.normalise.period_ms = 100;
  exc_inh.plasticity.w_max = 1000;
  net.projections.push_back(exc_inh);

  projection inh_exc = connect("inh_exc", "inh", "exc", 0.4, 1.0, 4.0, 1.0);
  inh_exc.sign = transmitter::gaba;
  inh_exc.plasticity.stdp.enabled = true;
  inh_exc.plasticity.stdp.applies_to = stdp_rule::target::derivative;
  inh_exc.plasticity.stdp.a_plus = 0.02;
  inh_exc.plasticity.stdp.a_minus = 0.01;
  inh_exc.plasticity.stdp.derivative_period_ms = 100;
  inh_exc.plasticity.w_max = 6;
  net.projections.push_back(inh_exc);

  reward_contingency r;
  r.channel = "striatum";
  r.pre_population = "exc";
  r.pre_neuron = 0;
  r.post_population = "exc";
  r.post_neuron = 1;
  r.window_ms = 300;
  r.delay_min_ms = 20;
  r.delay_max_ms = 80;
  r.amount = 0.3;
  net.contingencies.push_back(r);

  input noise;
  noise.type = input::kind::noise;
  noise.population = "exc";
  noise.mean = 2;
  noise.sd = 3;
  net.inputs.push_back(noise);
  return net;
}

// External rewards and punishments on a fixed schedule, so that two runs see the same ones, with
// run_steps chunks in between (and some single step() calls). Networks without the "striatum"
// channel run in one chunk.
inline void run_with_rewards(simulator& sim, uint64_t steps) {
  const auto& channels = sim.dopamine_channels();
  const bool rewarded = std::find(channels.begin(), channels.end(), "striatum") != channels.end();
  auto due = [](uint64_t t) { return t % 97 == 13 || t % 131 == 60 || t % 53 == 7; };
  const uint64_t end = sim.current_step() + steps;
  while (sim.current_step() < end) {
    const uint64_t t = sim.current_step();
    if (rewarded && t % 97 == 13) sim.reward(0.4, "striatum");
    if (rewarded && t % 131 == 60) sim.punish(0.2, "striatum");
    if (rewarded && t % 53 == 7) sim.reward(0.1);
    // Up to the next reward in one run_steps chunk (chunks of varied lengths, and single steps).
    uint64_t next = t + 1;
    while (rewarded && next < end && !due(next)) ++next;
    if (!rewarded) next = end;
    if (next - t == 1 && t % 2 == 0) sim.step();
    else sim.run_steps(next - t);
  }
}

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace engram::test
