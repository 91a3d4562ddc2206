#pragma once
// Between-sample operations of the experiment API on a plain state (docs/experiments.md). A
// backend that holds its state in host memory applies them in place; the others export, apply and
// load, so the result is the same everywhere.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"

namespace engram {

// Puts the dynamic state of populations (ordinals) back to rest: membrane and recovery variables
// (v_init, u = b v_init), synaptic currents and conductances, refractory counters, every pending
// delivery into them (all ring slots and channels), the STDP traces of their neurons, their spikes
// in the STDP history, and the STP state of their outgoing synapses. Weights, derivatives and
// eligibilities, thresholds (theta), rate estimates and dopamine are kept.
void reset_populations(network_state& s, const std::vector<uint32_t>& populations);

// Between trials of a reward task: the eligibility traces of plastic entries `entries` (indices
// in plasticity.projections; entries whose STDP feeds no eligibility are left alone) back to 0,
// and dopamine channels `channels` back to their baseline (no phasic dopamine left over).
void clear_learning_signals(network_state& s, const std::vector<uint32_t>& entries,
                            const std::vector<uint32_t>& channels);

// A lesion: neurons `ids` (global) lose every synapse in and out (weight 0), which silences a
// neuron that has no drive of its own (no bias current, no direct input). The synapses stay in
// the tables, so a plastic rule left running could grow them back: lesions are for testing.
void disconnect_neurons(network_state& s, const std::vector<uint32_t>& ids);

// Spike probability per step of a Poisson source firing at `rate_hz` (what the layout stores).
double spike_probability_of(double rate_hz, double dt_ms);

}  // namespace engram
