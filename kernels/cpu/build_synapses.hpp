#pragma once
#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram::cpu {

// Generates projection `ordinal` of `net` into `table` (whose ranges initial_state set) with the
// row walkers of kernels/common/connectivity.hpp. Rows come out sorted by target.
void build_synapses(const network& net, uint32_t ordinal, synapse_table& table, int threads);

}  // namespace engram::cpu
