#pragma once
// The plastic part of a network's state: constants computed once on the host (decay factors,
// periods in steps) and the arrays the plasticity phase reads and writes. Part of network_state;
// snapshots store it under /plasticity (docs/plasticity.md, "State").
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

// LTP finds a synapse's row from its id; with rows of different lengths it starts from a table of
// the row of every 2^row_chunk_shift-th synapse (transposed_index::chunk_row).
constexpr uint32_t row_chunk_shift = 6;

// STDP constants in the form the kernels' plasticity_stdp.hpp takes. Weights are handled as
// magnitudes m = polarity * w so that one code path serves excitatory and inhibitory synapses.
struct stdp_constants {
  uint8_t enabled = 0;
  uint8_t nearest = 0;         // nearest-neighbour pairing (else all-to-all)
  uint8_t multiplicative = 0;  // weight-dependent bounds (else additive)
  uint8_t target = 0;          // 0 weight, 1 derivative (spnet), 2 eligibility (R-STDP)
  uint8_t bcm = 0;             // BCM modulation of the amplitudes
  float a_plus = 0, a_minus = 0;
  float lambda_plus = 0, lambda_minus = 0;  // exp(-dt / tau+-)
  uint8_t triplet = 0;                      // LTP x the slow post trace (stdp_rule::tau_triplet_ms)
  float lambda_triplet = 0;                 // its decay per step
  float w_min = 0, w_max = 0;               // bounds on magnitudes
  float polarity = 1;                       // +1 or -1: the sign of the projection's weights
  float bcm_inv_target = 0, bcm_min = 1, bcm_max = 1;  // 1 / target_hz, [1 / max_gain, max_gain]
};

// Rules and state of one projection that is not plain static (plastic, STP, or modulated).
struct plastic_projection {
  uint32_t projection = 0;  // ordinal in network_state::projections
  uint8_t frozen = 0;       // weights do not change; traces, STP and dopamine still run
  float modulation = 1.0f;  // transmitter gain on the delivered current
  stdp_constants stdp;
  uint8_t delay_min = 1, delay_max = 1;  // of its synapses: bounds the arrival search

  // target::derivative: every derivative_period steps, m += bias + sd; sd *= decay.
  uint32_t derivative_period = 0;
  float derivative_bias = 0, derivative_decay = 0;

  // target::eligibility: every apply_period steps, m += gain (d - reference) c, then
  // c *= lambda_e^apply_period. An event k steps before the application adds dw lambda_e^k.
  uint32_t dopamine_channel = 0;
  float dopamine_reference = 0, dopamine_gain = 1;
  uint32_t apply_period = 0;
  float eligibility_period_decay = 1;
  std::vector<float> eligibility_lag;  // lambda_e^k for k in [0, apply_period)

  // Synaptic scaling toward a rate, every scaling_period steps.
  uint8_t scaling = 0;
  uint32_t scaling_period = 0;
  float scaling_target_hz = 0, scaling_eta = 0, scaling_max_step = 0;

  // Normalisation of incoming magnitudes to a sum, every normalise_period steps.
  uint8_t normalise = 0;
  uint32_t normalise_period = 0;
  float normalise_target = 0;

  // Tsodyks-Markram STP, per presynaptic neuron.
  uint8_t stp = 0;
  float stp_U = 0, stp_rec_decay = 0, stp_fac_decay = 0;

  // Selective plasticity (engram::protection_rule): the gate of each synapse is fixed at each
  // consolidation; the per-step factor is gate + (1 - gate) open, open = 1 - ramp (1 - surprise).
  uint8_t protect = 0, protect_per_neuron = 0;
  float protect_sharpness = 0, protect_quantile = 0, protect_min_gate = 0;
  uint32_t protect_warmup = 0;      // steps (0: the gate holds at once)
  uint64_t consolidated_step = 0;   // of the last consolidation
  float protect_threshold = 0;      // theta at the last consolidation (0: none yet)
  float surprise = 0;               // 0..1, set by the task

  // State.
  std::vector<float> importance, gate;  // per synapse when protect (else empty)
  std::vector<float> pre_trace;    // ring_slots x pre_count, slot-major (slot = step mod ring_slots)
  std::vector<float> post_trace;   // post_count; with the triplet term 2 x post_count (second half: the slow trace)
  std::vector<float> synapse_aux;  // per synapse: the derivative or the eligibility (else empty)
  std::vector<float> stp_u, stp_x; // pre_count
};

// Homeostasis of one population.
struct homeostasis_constants {
  uint32_t population = 0;  // ordinal in network_state::populations
  uint8_t threshold = 0;    // adaptive threshold on
  float theta_increment = 0, theta_decay = 1;
  uint8_t track_rate = 0;   // rate estimate on (scaling or BCM reads it)
  float rate_decay = 1, rate_gain = 0;  // r <- r decay + gain on a spike; gain = (1 - decay) 1000 / dt
};

struct dopamine_state {
  std::string name;
  float baseline = 0;
  float decay = 0;  // of the phasic part, per step
  float level = 0;  // baseline + phasic
};

// A closed-loop reward (engram::reward_contingency) and its pending releases.
struct contingency_state {
  uint32_t ordinal = 0;  // RNG object id
  uint32_t channel = 0;
  uint32_t pre = 0, post = 0;  // global neuron indices
  uint32_t window_steps = 0, delay_min_steps = 0, delay_max_steps = 0;
  float amount = 0;
  int64_t last_pre_step = -1;      // -1: the pre neuron has not fired yet
  std::vector<uint64_t> pending;   // steps at which a release is due, ascending
  uint64_t released = 0;           // releases so far
};

struct plasticity_state {
  std::vector<plastic_projection> projections;
  std::vector<homeostasis_constants> populations;
  std::vector<float> theta;    // per neuron, or empty when no population adapts its threshold
  std::vector<float> rate_hz;  // per neuron, or empty when no rule reads rates
  std::vector<dopamine_state> dopamine;
  std::vector<contingency_state> contingencies;
  // Spiking neurons of the last ring_slots steps (slot = step mod ring_slots): LTD at arrival
  // reads the spikes of steps t - delay. Empty when no projection has STDP.
  std::vector<std::vector<uint32_t>> spike_history;

  // Does a step need the plasticity phase (and a backend that implements it)?
  bool active() const {
    return !projections.empty() || !populations.empty() || !dopamine.empty() || !contingencies.empty();
  }
  bool needs_history() const { return !spike_history.empty(); }
};

}  // namespace engram
