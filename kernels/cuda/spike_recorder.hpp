#pragma once
// Host bookkeeping of the on-device spike record buffer. The device appends each recorded step's
// spikes; the host keeps the step indices and an upper bound of the entries used, and empties the
// buffer into host memory before a step could overflow it, so that no spike is ever lost.
#include <cstdint>
#include <vector>

#include "engine/backend.hpp"
#include "kernels/cuda/device_network.hpp"

namespace engram::cuda {

class spike_recorder {
 public:
  explicit spike_recorder(const device_network& net) : net_(&net) {}

  // Before a record is enqueued: room for one step of every neuron firing.
  void reserve_step();
  // A record of `step` is enqueued (counted as a full step until settled).
  void enqueued(uint64_t step);
  // The spike count of the last enqueued record is known: tighten the bound.
  void settle_last(uint32_t spikes);
  // Everything recorded, in (step, neuron) order. The stream must hold no queued phases.
  spike_record drain();

 private:
  void move_to_host();

  const device_network* net_;
  std::vector<uint64_t> steps_on_device_;
  uint64_t used_bound_ = 0;  // >= entries the device has used
  bool last_unsettled_ = false;
  spike_record host_;
};

}  // namespace engram::cuda
