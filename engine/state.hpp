#pragma once
// The full state of a network on a backend, as plain host arrays: what a backend is loaded from,
// what it exports, and what a snapshot serializes. Neurons live in one global index space;
// populations are contiguous ranges of it.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/morphology.hpp"
#include "engine/growth_state.hpp"
#include "engine/network.hpp"
#include "engine/plasticity_state.hpp"
#include "engine/rng.hpp"
#include "engine/synapse_code.hpp"

namespace engram {

// Per-population constants the integrators read, precomputed on the host (no libm per step).
struct population_range {
  std::string name;
  uint32_t first = 0, size = 0;
  neuron_kind kind = neuron_kind::izhikevich;
  int32_t substeps = 1;  // izhikevich
  izhikevich_scheme scheme = izhikevich_scheme::substep;  // izhikevich
  float v_peak = 30.0f;  // izhikevich
  // lif: exact propagators for one step of dt
  float p_vv = 0, p_vi = 0, p_vbias = 0, p_ii = 0;
  float v_rest = 0, v_reset = 0, v_thresh = 0, i_bias = 0;  // lif and lif_cond (v_rest: e_leak)
  int32_t refractory_steps = 0;
  uint8_t delta_synapses = 0;  // lif: the step's synaptic input jumps v (mV) instead of i_syn
  int32_t lockout_steps = 0;  // lif_cond: no spike for this many steps after one (>= refractory_steps)
  // lif_cond: reversal potentials, leak, dt / C and the conductances' decay per step
  float e_exc = 0, e_inh = 0, g_leak = 0, dt_over_c = 0, g_exc_decay = 0, g_inh_decay = 0;
  float v_init = 0;  // what reset_populations (engine/state_reset.hpp) puts back; izhikevich: u = b v_init
  rng_stream rng;    // poisson_source spikes (engine/replicas.hpp; not stored: derived from the replicas)
};

struct neuron_arrays {
  std::vector<float> v, u;          // membrane (mV) and recovery (izhikevich) per neuron
  std::vector<float> i_syn;         // lif: synaptic current (pA); lif_cond: excitatory conductance (nS)
  std::vector<float> g_inh;         // lif_cond: inhibitory conductance (nS); 0 for other neurons
  std::vector<int32_t> refractory;  // lif: steps left
  std::vector<float> a, b, c, d;    // izhikevich parameters
  std::vector<double> spike_probability;  // poisson_source: P(spike) per step
};

// A projection's synapses in CSR by presynaptic neuron: one 32-bit word per synapse holding its
// target (index within the post population) and, when synapses differ in delay, its delay
// (engine/synapse_code.hpp), and a float weight. 8 bytes per synapse plus 8 per row.
struct synapse_table {
  std::string name;
  uint32_t pre_first = 0, pre_count = 0;
  uint32_t post_first = 0, post_count = 0;
  std::vector<uint64_t> row_ptr;  // pre_count + 1
  std::vector<uint32_t> packed;   // per synapse: code().word(target - post_first, delay)
  std::vector<float> weight;      // signed: inhibitory weights are negative
  // Empty: compact rows, row r is [row_ptr[r], row_ptr[r + 1]). Else rows with room to grow
  // (engine/row_slack.hpp): row r holds row_used[r] synapses from row_ptr[r], and the rest of its
  // capacity up to row_ptr[r + 1] are holes nobody reads. Only a backend that grows in place (the
  // CPU's) keeps this layout; what it exports, snapshots and every other backend see compact rows.
  std::vector<uint32_t> row_used;
  // 32: every synapse has uniform_delay; else the delay sits above this many target bits
  // (target_bits_for(ring_slots)) and uniform_delay is 0. Delays are steps in [1, ring_slots - 1].
  uint8_t target_bits = 32;
  uint8_t uniform_delay = 0;
  // The ring channel it delivers into: 0 synaptic input (current, or excitatory conductance), 1
  // inhibitory conductance (an inhibitory projection onto lif_cond neurons; see network_state::ring).
  uint8_t channel = 0;
  // Dendritic attenuation (engine/morphology.hpp): 0 none; 1 every synapse delivers w x
  // dendrite_gain[0]; k > 1, the synapse (pre, target) delivers w x dendrite_gain[dendrite_slot(...)]
  // (kernels/common/dendrites.hpp), drawn from k with dendrite_key. No storage per synapse.
  uint8_t dendrite_choices = 0;
  uint32_t dendrite_key = 0;
  float dendrite_gain[max_compartment_choices] = {1, 1, 1, 1};

  synapse_code code() const {
    return target_bits >= 32 ? synapse_code::uniform(uniform_delay) : synapse_code::per_synapse(target_bits);
  }
  bool per_synapse_delays() const { return target_bits < 32; }
  // Storage positions (with row slack, holes included); synapses() counts the synapses.
  uint64_t size() const { return packed.size(); }
  bool has_slack() const { return !row_used.empty(); }
  uint64_t row_begin(uint32_t r) const { return row_ptr[r]; }
  uint64_t row_end(uint32_t r) const { return row_used.empty() ? row_ptr[r + 1] : row_ptr[r] + row_used[r]; }
  uint64_t synapses() const;
  uint32_t target_of(uint64_t s) const { return post_first + code().target(packed[s]); }
  uint32_t delay_of(uint64_t s) const { return code().delay(packed[s]); }
  uint64_t bytes() const { return row_ptr.size() * 8 + row_used.size() * 4 + packed.size() * 4 + weight.size() * 4; }
};

struct compiled_input {
  input::kind type = input::kind::current;
  uint32_t ordinal = 0;            // index among the network's inputs
  rng_stream rng;                  // its draws (engine/replicas.hpp; not stored: derived from the replicas)
  uint32_t first = 0, count = 0;   // global neuron range
  float amplitude = 0, mean = 0, sd = 0, weight = 0;
  uint64_t start_step = 0, stop_step = 0;
  double exp_minus_lambda = 1.0;   // poisson: exp(-rate * dt)
  uint32_t pulses_per_step = 0;
  // oscillation: phases in turns as 64-bit fractions (2^64 = one turn) at step 0 and per step;
  // the envelope's are those of the modulating input (depth 0: none).
  uint64_t phase_origin = 0, phase_step = 0;
  uint64_t envelope_origin = 0, envelope_step = 0, envelope_preferred = 0;
  float envelope_depth = 0;
};

// Spike-source spikes, sorted by step then neuron.
struct spike_schedule {
  std::vector<uint64_t> step;
  std::vector<uint32_t> neuron;
};

struct network_state {
  double dt_ms = 1.0;
  uint64_t seed = 1;
  uint64_t step = 0;  // the next step to simulate
  std::vector<replica> replicas;  // batched replicas (engine/network.hpp); empty: one network keyed by seed
  std::vector<population_range> populations;
  neuron_arrays neurons;
  std::vector<synapse_table> projections;
  std::vector<compiled_input> inputs;
  spike_schedule scheduled_spikes;
  uint32_t ring_slots = 2;           // D: delays are in [1, D - 1]
  // Channels of the ring: 1, or 2 when a population is conductance-based (the second channel holds
  // the inhibitory conductance, kept apart because it pulls toward another reversal potential).
  uint32_t ring_channels = 1;
  // ring_channels x D x N fixed-point synaptic input, channel-major then slot-major: channel 0 is
  // ring[slot * N + i], channel 1 ring[(D + slot) * N + i].
  std::vector<int64_t> ring;
  plasticity_state plasticity;       // rules, traces, eligibility, dopamine (empty: static network)
  growth_state growth;               // structural plasticity (empty: fixed structure)

  uint32_t neuron_count() const { return static_cast<uint32_t>(neurons.v.size()); }
  uint64_t synapse_count() const;
  uint64_t synapse_bytes() const;
};

}  // namespace engram
