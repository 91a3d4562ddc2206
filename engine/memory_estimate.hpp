#pragma once
// How much memory a network takes once built, estimated from its description before anything is
// allocated: a network that cannot fit is refused with both numbers instead of swapping the
// machine to a halt. Within tens of percent; build-time temporaries are not counted.
#include <cstdint>

#include "engine/network.hpp"

namespace engram {

struct size_estimate {
  double neurons = 0;
  double synapses = 0;         // expected: probabilistic connectors count their mean
  double plastic_synapses = 0; // of which in plastic projections (derivative, transposed index)
  double presynaptic_rows = 0; // CSR rows over all projections
  uint32_t ring_slots = 2;
};

size_estimate estimate_size(const network& net);
// Bytes of the state and of the description's per-neuron parameters.
double estimated_bytes(const size_estimate& e);

}  // namespace engram
