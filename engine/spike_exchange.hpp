#pragma once
// How a backend in a distributed run learns the spikes of neurons other ranks own
// (docs/distributed.md). The backend integrates its block of neurons (engine/partition.hpp) and
// hands its spikes over; the exchange returns everyone else's. Implemented over MPI in
// kernels/mpi/; the engine only knows this interface.
#include <cstdint>

#include "engine/backend.hpp"

namespace engram {

class spike_exchange {
 public:
  virtual ~spike_exchange() = default;
  // Steps between exchanges: 1, or up to the network's smallest delay when no rule reads another
  // rank's spike before it arrives (every spike of an interval reaches its targets after it).
  virtual uint32_t interval() const = 0;
  // Collective (every rank calls it at the same step): this rank's spikes since the last exchange
  // in, in (step, neuron) order; every other rank's spikes of those steps out, in the same order.
  virtual void exchange(const spike_record& mine, spike_record& others) = 0;
};

}  // namespace engram
