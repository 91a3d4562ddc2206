#pragma once
// A synapse's target and delay in one 32-bit word. A table whose synapses have their own delays
// keeps the delay (steps) in the high bits, above `shift`, and the target's index within the
// projection's post population in the low bits, so a row sorted by word is sorted by (delay,
// target). A table whose synapses share one delay keeps all 32 bits for the target (shift 32)
// and the delay once. With the float weight beside it: 8 bytes per synapse either way.
#include <cstdint>

#include "engine/hd.hpp"

namespace engram {

struct synapse_code {
  uint32_t shift = 32;          // target bits
  uint32_t mask = 0xFFFFFFFFu;  // the target bits of a word
  uint32_t uniform_delay = 0;   // every synapse's delay when shift is 32, else 0

  static synapse_code uniform(uint32_t delay) { return {32, 0xFFFFFFFFu, delay}; }
  static synapse_code per_synapse(uint32_t shift) { return {shift, (1u << shift) - 1u, 0}; }

  ENGRAM_HD uint32_t target(uint32_t word) const { return word & mask; }
  // A 64-bit shift: by 32 it is 0, and the uniform delay remains.
  ENGRAM_HD uint32_t delay(uint32_t word) const { return uniform_delay + static_cast<uint32_t>(uint64_t{word} >> shift); }
  ENGRAM_HD uint32_t word(uint32_t target, uint32_t delay) const {
    return shift >= 32 ? target : (delay << shift) | target;
  }
  ENGRAM_HD bool per_synapse_delays() const { return shift < 32; }
};

// Target bits of a table with per-synapse delays in a ring of `ring_slots` slots (delays up to
// ring_slots - 1): whatever the largest delay leaves of the 32.
inline uint32_t target_bits_for(uint32_t ring_slots) {
  uint32_t delay_bits = 0;
  while (delay_bits < 32 && (uint64_t{1} << delay_bits) < ring_slots) ++delay_bits;  // bit width of ring_slots - 1
  return 32 - delay_bits;
}

}  // namespace engram
