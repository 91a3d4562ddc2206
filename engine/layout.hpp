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

// Ring channels: 2 when a population is conductance-based (network_state::ring), else 1.
uint32_t ring_channels_for(const network& net);
// The channel a projection delivers into: 1 for an inhibitory projection onto lif_cond neurons.
uint8_t delivery_channel(const network& net, const projection& pr);

// Throws invalid_network when the fixed-point input of some neuron could exceed 2^62.
void check_fixed_point_headroom(const network& net);

// Delay in steps of a delay in ms.
uint32_t delay_steps(double ms, double dt_ms);

}  // namespace engram
