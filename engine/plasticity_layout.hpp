#pragma once
// Lays the plasticity rules of a network out as state (constants computed once on the host:
// exp(-dt/tau) and periods in steps), prepares plastic synapse tables, and builds the transposed
// index that postsynaptic rules walk. Host code any backend can use.
#include <cstdint>
#include <vector>

#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram {

// Fills s.plasticity from `net` (validate_plasticity passed). Called by initial_state, before
// synapses exist.
void lay_out_plasticity(const network& net, network_state& s);

// Once a backend has generated the synapses: sorts each row of an STDP projection by
// (delay, target) so that arrivals of one delay are a contiguous segment, records the delay
// range, and sizes the per-synapse derivative / eligibility arrays.
void prepare_plastic_synapses(network_state& s);

// Does projection entry `p` need the transposed (by postsynaptic neuron) index?
bool needs_transposed_index(const plastic_projection& p);

// Incoming synapses per postsynaptic neuron: column j (local post index) holds the ids of the
// synapses that target it, ascending, their local presynaptic rows and their delays (LTP reads
// the presynaptic trace `delay` steps back without touching the row's memory).
struct transposed_index {
  std::vector<uint64_t> col_ptr;   // post_count + 1
  std::vector<uint32_t> synapse;   // synapse id within the projection
  std::vector<uint32_t> pre;       // local presynaptic row of each entry
  std::vector<uint8_t> delay;      // delay of each entry
};
transposed_index build_transposed_index(const synapse_table& t);

// Where each delay's segment starts in each row of an STDP projection (rows sorted by delay):
// entry row * (span + 1) + (d - delay_min) is the offset from the row start of the first
// synapse with delay >= d, span = delay_max - delay_min + 1. Replaces a binary search per
// arrival; empty when the projection's delays are uniform.
std::vector<uint32_t> build_delay_offsets(const synapse_table& t, uint32_t delay_min, uint32_t delay_max);

// Will `net` have plasticity state (and need a backend that supports it)? For backend_options.
bool network_needs_plasticity(const network& net);

// Steps in `ms` at `dt_ms`, at least one.
uint32_t period_steps(double ms, double dt_ms);

}  // namespace engram
