#pragma once
// Writing a projection's weights between steps (simulator::set_weights, docs/experiments.md), held
// to the rules a loaded state is held to, so that a write never leaves a state that a snapshot
// could not hold or a step could overflow.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"

namespace engram {

// Replaces the weights of projection `projection` (signed, in its CSR order: what read_weights
// gives). Throws invalid_parameter, leaving `s` as it was, when the count differs from the
// projection's synapses, a weight is not finite, has the other sign than the projection's
// transmitter, lies outside a plastic projection's [w_min, w_max], or could overflow the
// fixed-point input of its target. Writes in place: pointers into the weights stay valid.
void set_projection_weights(network_state& s, uint32_t projection, const std::vector<float>& weights);

}  // namespace engram
