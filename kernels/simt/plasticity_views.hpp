#pragma once
// Plain views of the plasticity arrays, passed by value to the thread bodies of
// plasticity_bodies.hpp: pointers into device memory (device_plasticity) or, in the host emulation
// the tests run, into host memory. No CUDA types.
#include <cstdint>

#include "kernels/common/plasticity_walks.hpp"
#include "kernels/simt/step_views.hpp"

namespace engram::cuda {

// One plastic projection (an entry of network_state::plasticity.projections).
struct plastic_entry_view {
  stdp_walk_view walk;  // the STDP walks' view; walk.k.enabled says whether STDP is on
  float* pre_trace;     // writable aliases of walk.pre_trace and walk.post_trace, for the trace update
  float* post_trace;
  uint32_t post_count;
  uint64_t synapses;
  uint32_t delay_min, delay_max;
  // LTD's lanes per arrival: a power of two in [1, 32] near the mean length of a row's segment of
  // one delay, so that short segments (100 synapses over 20 delays: 5) do not idle a whole warp.
  uint32_t ltd_lanes;
  uint8_t frozen;

  // periodic rules (engine/plasticity_state.hpp)
  uint32_t derivative_period;
  float derivative_bias, derivative_decay;
  uint32_t dopamine_channel;
  float dopamine_reference, dopamine_gain;  // the decay per period is walk.period_decay
  uint8_t* clock;  // writable alias of walk.clock (eligibility), advanced by the tail at period ends
  uint8_t scaling;
  uint32_t scaling_period;
  float scaling_target_hz, scaling_eta, scaling_max_step;
  uint8_t normalise;
  uint32_t normalise_period;
  float normalise_target;

  // Tsodyks-Markram STP per presynaptic neuron (null when off)
  float *stp_u, *stp_x;
  float stp_U, stp_rec_decay, stp_fac_decay;
};

// Neuron-level homeostasis of one population.
struct homeostasis_view {
  uint32_t first, size;
  uint8_t threshold, track_rate;
  float theta_increment, theta_decay, rate_decay, rate_gain;
};

// A closed-loop reward and its pending releases: plasticity_view::pending[pending_first ...],
// ascending steps, with room for delay_max_steps + 1 (at most one is queued per step and none
// waits longer than delay_max_steps). Plain data: the array of these is copied as it is.
struct contingency_view {
  uint32_t ordinal, channel, pre, post;
  uint32_t window_steps, delay_min_steps, delay_max_steps;
  float amount;
  int64_t last_pre_step;
  uint64_t released;
  uint64_t pending_first;
  uint32_t pending_count, capacity;
};

// The plasticity phase's tail (plasticity_tail_thread): the entries and homeostasis populations as
// arrays where the launch reads them, and the items that do not depend on the step's spikes.
struct tail_view {
  const plastic_entry_view* entries;
  uint32_t entry_count;
  const homeostasis_view* homeostasis;
  uint32_t homeostasis_count;
  uint64_t fixed_items;  // traces, homeostasis, STP rows, dopamine channels
};

// What every plasticity kernel may read: the step's spikes and the per-neuron and global state.
struct plasticity_view {
  step_counters* counters;  // step and spike_count of this step
  const uint8_t* fired;
  const uint32_t* spikes;
  uint32_t neuron_count, ring_slots;
  uint64_t seed;
  float* theta;    // per neuron, or null
  float* rate_hz;  // per neuron, or null
  float* dopamine_level;
  const float *dopamine_baseline, *dopamine_decay;
  uint32_t dopamine_channels;
  contingency_view* contingencies;  // state updated in place
  uint32_t contingency_count;
  uint64_t* pending;                 // the contingencies' pending releases
  uint32_t* history;        // ring_slots x neuron_count: the spikes of each of the last steps
  uint32_t* history_count;  // ring_slots; null when no projection has STDP
  uint32_t* overflow;       // set to 1 if a pending list ever overflowed (a bug)
};

}  // namespace engram::cuda
