#pragma once
#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram {

// Lays a validated network out in the global neuron index space: per-neuron parameters, initial
// state, compiled inputs, scheduled spikes, ring size and the host-computed constants. Synapses
// are left empty; a backend generates them (build_synapses on CPU, on the device for CUDA).
network_state initial_state(const network& net);

// Ring-buffer slots needed: the largest delay in steps, plus one.
uint32_t ring_slots_for(const network& net);

// Do the synapses of `pr` have delays of their own (explicit delays, or a range wider than a step)?
bool per_synapse_delays(const network& net, const projection& pr);
// Sets how `t` packs its synapses (engine/synapse_code.hpp): per-synapse delays in a ring of
// `ring_slots` slots, or `uniform_delay` for all. Throws invalid_network when the post population
// is too large for the target bits the delays leave.
void set_synapse_format(synapse_table& t, bool per_synapse, uint32_t uniform_delay, uint32_t ring_slots);

// Ring channels: 2 when a population is conductance-based (network_state::ring), else 1.
uint32_t ring_channels_for(const network& net);
// The channel a projection delivers into: 1 for an inhibitory projection onto lif_cond neurons.
uint8_t delivery_channel(const network& net, const projection& pr);

// Throws invalid_network when the fixed-point input of some neuron could exceed 2^62.
void check_fixed_point_headroom(const network& net);

// Delay in steps of a delay in ms.
uint32_t delay_steps(double ms, double dt_ms);

}  // namespace engram
