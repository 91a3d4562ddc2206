#pragma once
// Device memory a network needs, counted before anything large is allocated, so that a network
// that does not fit is refused with the bytes it needs instead of failing half-way.
#include <cstdint>
#include <string>

namespace engram::cuda {

struct memory_need {
  uint64_t neurons = 0;    // state, parameters, per-step scratch, inputs, schedule
  uint64_t ring = 0;       // delay ring: 8 bytes x slots x neurons
  uint64_t synapses = 0;   // CSR tables: 8 per row, 8 per synapse (+1 with per-synapse delays)
  uint64_t plasticity = 0; // traces, spike history, STP, thresholds, rates, dopamine, pending rewards
  uint64_t recording = 0;  // on-device spike record buffer
  uint64_t scratch = 0;    // CUB temporaries and, while building, the largest projection's work space
  uint64_t allocations = 0;

  uint64_t total() const;  // the above plus allocation rounding and a fixed margin
};

// "93.1 GB" (decimal units, as device memory is advertised); small sizes in MB.
std::string format_bytes(uint64_t bytes);

// Throws engram::error naming the bytes needed, their split and the bytes free on the device.
void require_device_memory(const memory_need& need, uint64_t free_bytes, const std::string& device_name);

}  // namespace engram::cuda
