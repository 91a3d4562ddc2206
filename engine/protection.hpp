#pragma once
// Selective plasticity between tasks (engram::protection_rule): consolidation turns the importance
// each synapse gathered into its gate; surprise reopens plasticity. Functions on the plain state,
// applied in place by a host-memory backend and through export and load by the others.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"

namespace engram {

// For each plastic entry in `entries` (indices in plasticity.projections) with protection: the
// threshold theta becomes the protect_quantile of its non-zero importances (of the post neurons'
// mean importances with per_neuron), each gate is set from the importance, and the warm-up starts
// at `step`. Importance is kept (it keeps accumulating over the tasks). Entries without protection
// are refused with invalid_parameter.
void consolidate(network_state& s, const std::vector<uint32_t>& entries, uint64_t step);

// Sets the surprise (in [0, 1]) of a protected entry.
void set_surprise(network_state& s, uint32_t entry, float surprise);

// The gate of importance `x` under threshold `theta` (theta 0: no protection yet, gate 1).
float protection_gate(float x, float theta, float sharpness, float min_gate);

}  // namespace engram
