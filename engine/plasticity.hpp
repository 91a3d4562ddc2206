#pragma once
// Plasticity rules as part of the network description (docs/plasticity.md has the equations).
// Every parameter is per projection (or per population for neuron-level homeostasis); units are
// ms, Hz and the projection's weight units. A default-constructed config means "static".
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace engram {

// Pair-based STDP with traces. LTP when the post neuron fires (pairs with earlier presynaptic
// ARRIVALS), LTD when a presynaptic spike arrives after its axonal delay (pairs with earlier post
// spikes). dt = t_post - t_arrival: dt >= 0 gives +A+ exp(-dt/tau+), dt < 0 gives -A- exp(dt/tau-).
struct stdp_rule {
  enum class pairing : uint8_t { all_to_all, nearest };  // nearest: each spike pairs with the latest partner only
  enum class bounds : uint8_t { additive, multiplicative };  // multiplicative: LTP x (w_max - w), LTD x (w - w_min)
  // Where a change goes: straight into the weight; into a derivative applied periodically
  // (Izhikevich 2006: w += bias + sd, sd *= decay); or into an eligibility trace read by dopamine.
  enum class target : uint8_t { weight, derivative, eligibility };

  bool enabled = false;
  pairing pairs = pairing::all_to_all;
  bounds bound = bounds::additive;
  target applies_to = target::weight;
  double a_plus = 0.01, a_minus = 0.012;  // weight units per pairing
  double tau_plus_ms = 20.0, tau_minus_ms = 20.0;
  // > 0: the triplet term of Diehl & Cook (2015) (Pfister & Gerstner's minimal triplet rule): LTP
  // is also multiplied by a slow postsynaptic trace (this tau) read just before the post spike, so a
  // post neuron's first spike after a silence potentiates nothing. 0: the pair rule.
  double tau_triplet_ms = 0.0;
  // target::derivative only (the spnet defaults).
  double derivative_period_ms = 1000.0, derivative_bias = 0.01, derivative_decay = 0.9;
};

// Reward-modulated STDP (Izhikevich 2007): the STDP arms feed an eligibility trace c per synapse
// (stdp.applies_to = eligibility), dc/dt = -c / tau_e; every `apply_every_ms` the weight moves by
// gain x (dopamine - reference) x c, skipped while dopamine equals the reference.
struct rstdp_rule {
  double tau_e_ms = 1000.0;
  std::string dopamine;  // channel name; empty: the global channel
  double reference = std::numeric_limits<double>::quiet_NaN();  // NaN: the channel's baseline
  double apply_every_ms = 0.0;  // 0: every step
  double gain = 1.0;
};

// BCM-style metaplasticity: with rbar the post neuron's rate estimate (Hz) and
// m = clamp((rbar / target_hz)^2, 1 / max_gain, max_gain), the STDP amplitudes become A+ / m and A- x m.
struct bcm_rule {
  bool enabled = false;
  double target_hz = 5.0;
  double max_gain = 4.0;
};

// Synaptic scaling every period: f = clamp(1 + eta (target - rbar) / target, 1 - max_step, 1 + max_step)
// per post neuron; excitatory weights x f, inhibitory weights / f.
struct scaling_rule {
  bool enabled = false;
  double target_hz = 5.0;
  double eta = 0.05;
  double period_ms = 100.0;
  double max_step = 0.05;
};

// Diehl & Cook normalisation: every period each post neuron's incoming weight magnitudes in this
// projection are rescaled to sum to target_sum.
struct normalisation_rule {
  bool enabled = false;
  double target_sum = 1.0;
  double period_ms = 1000.0;
};

// Tsodyks-Markram short-term plasticity, exact per presynaptic neuron: a spike transmits
// w u x, then x <- x (1 - u), u <- u + U (1 - u); between spikes x -> 1 (tau_rec), u -> U (tau_fac).
struct stp_rule {
  bool enabled = false;
  double U = 0.5;
  double tau_rec_ms = 100.0;
  double tau_fac_ms = 0.0;  // 0: pure depression
};

// Selective plasticity (docs/continual.md): protects the synapses that mattered to earlier tasks.
// Each synapse's importance accumulates its pre/post coincidences (at every STDP pairing, the
// partner's trace) while its weights may change. A consolidation (simulator::consolidate, at a
// task boundary) turns importance into a gate per synapse: with theta the `quantile` of the
// projection's non-zero importances (the threshold follows the distribution) and
// s(x) = 1 / (1 + exp(sharpness (x / theta - 1))), gate = min_gate + (1 - min_gate) s(I) / s(0), so
// an unimportant synapse keeps the plain rule exactly and an important one is held. With
// `per_neuron`, I is the post neuron's mean importance: a neuron that won old classes keeps its
// whole receptive field. Every weight change of the projection's STDP (into the weight, a
// derivative or an eligibility) and of its normalisation is multiplied by
// g + (1 - g) (1 - ramp (1 - surprise)): ramp rises from 0 to 1 over warmup_ms after a
// consolidation; surprise (simulator::set_surprise, 0..1) lets a task reopen plasticity.
struct protection_rule {
  bool enabled = false;
  double sharpness = 10.0;
  double quantile = 0.75;
  double min_gate = 0.0;
  double warmup_ms = 0.0;
  bool per_neuron = false;
};

struct plasticity_config {
  stdp_rule stdp;
  rstdp_rule rstdp;
  bcm_rule bcm;
  scaling_rule scaling;
  normalisation_rule normalise;
  stp_rule stp;
  protection_rule protect;
  // Bounds on weight MAGNITUDES (the transmitter gives the sign) for every weight-changing rule.
  double w_min = 0.0;
  double w_max = std::numeric_limits<double>::quiet_NaN();  // required when a weight rule is on
  bool frozen = false;  // start frozen: weights do not change until unfrozen (traces still run)

  bool changes_weights() const { return stdp.enabled || scaling.enabled || normalise.enabled; }
};

// Neuron-level homeostasis of a population.
struct homeostasis_config {
  // Adaptive threshold: theta <- theta exp(-dt/tau) + increment on each spike. Izhikevich neurons
  // receive I - theta; LIF neurons fire at v_thresh + theta (Diehl & Cook).
  bool adaptive_threshold = false;
  double theta_increment = 0.05;
  double theta_tau_ms = 1.0e4;
  // Every neuron's theta at the start. Diehl & Cook's code starts theta at 20 mV over a threshold
  // 20 mV lower, so that the baseline decays away with theta and the population grows more
  // excitable over training; 0 keeps the threshold's baseline fixed.
  double theta_init = 0.0;
  // Time constant of the per-neuron rate estimate (Hz) that scaling and BCM read.
  double rate_tau_ms = 1000.0;
};

// A dopamine level: d = baseline + phasic, the phasic part decays with tau_ms; reward(x) adds x,
// punish(x) subtracts x. The channel named "" always exists (global, baseline 0, tau 200 ms) unless
// the network declares it with other values.
struct dopamine_channel {
  std::string name;
  double baseline = 0.0;
  double tau_ms = 200.0;
};

// Closed-loop reward (Izhikevich 2007, Fig. 1): whenever the post neuron fires within window_ms
// after the pre neuron, `amount` of dopamine is released into `channel` after a delay drawn
// uniformly in [delay_min_ms, delay_max_ms] (Philox: reproducible and resumable).
struct reward_contingency {
  std::string channel;
  std::string pre_population, post_population;
  uint32_t pre_neuron = 0, post_neuron = 0;  // local indices
  double window_ms = 20.0;
  double delay_min_ms = 1000.0, delay_max_ms = 3000.0;
  double amount = 0.5;
};

struct network;
// Throws invalid_network naming the first bad plasticity parameter of `net`.
void validate_plasticity(const network& net);

}  // namespace engram
