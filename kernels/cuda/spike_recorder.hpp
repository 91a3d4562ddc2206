#pragma once
// The host side of the on-device spike record buffer: the device appends each recorded step's
// spikes, the record_book bounds what it holds, and the buffer is emptied into host memory before
// a step could overflow it, so that no spike is ever lost.
#include <cstdint>

#include "engine/backend.hpp"
#include "kernels/cuda/device_network.hpp"
#include "kernels/simt/record_book.hpp"

namespace engram::cuda {

class spike_recorder {
 public:
  explicit spike_recorder(const device_network& net);

  // Before a record is enqueued: room for one step of every neuron firing.
  void reserve_step();
  // A record of `step` is enqueued (counted as a full step until settled).
  void enqueued(uint64_t step) { book_.enqueued(step); }
  // The spike count of the last enqueued record is known: tighten the bound.
  void settle_last(uint32_t spikes) { book_.settle_last(spikes); }
  // Everything recorded, in (step, neuron) order. The stream must hold no queued phases.
  spike_record drain();

 private:
  void move_to_host();

  const device_network* net_;
  record_book book_;
  spike_record host_;
};

}  // namespace engram::cuda
