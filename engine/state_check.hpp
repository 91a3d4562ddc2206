#pragma once
#include "engine/state.hpp"

namespace engram {

// Checks that a network_state is self-consistent (array sizes, contiguous populations, CSR
// offsets, targets and delays in range, ring size) before a backend loads it. Throws
// invalid_network naming the first problem, prefixed by `where` (e.g. the file it came from).
void check_state(const network_state& s, const std::string& where);

// The part of check_state that bounds what one neuron can receive in a step by the 64-bit
// fixed-point range (and what is already in the ring by its synapses): run again whenever weights
// are written from outside a run (engine/state_weights.hpp).
void check_fixed_point_range(const network_state& s, const std::string& where);

}  // namespace engram
