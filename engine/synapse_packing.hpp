#pragma once
// Between a synapse table's packed words (engine/synapse_code.hpp) and the plain arrays files
// and tools use: global target neuron and delay (steps) per synapse.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/state.hpp"

namespace engram {

// Fills t.packed from global targets and per-synapse delays (empty: every synapse has
// t.uniform_delay). Packs in place: `targets` becomes t.packed. Sets t.target_bits for a ring of
// `ring_slots` slots. Throws invalid_network, naming `where` and the first offending synapse,
// when a target lies outside the post population, a delay outside [1, ring_slots - 1], or the
// post population is too large for the target bits the delays leave.
void pack_synapses(synapse_table& t, std::vector<uint32_t>&& targets, const std::vector<uint8_t>& delays,
                   uint32_t ring_slots, const std::string& where);

// Global target neuron per synapse.
std::vector<uint32_t> global_targets(const synapse_table& t);
// Delay per synapse, or empty when every synapse has t.uniform_delay.
std::vector<uint8_t> synapse_delays(const synapse_table& t);

}  // namespace engram
