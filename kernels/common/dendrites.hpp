#pragma once
// Dendritic attenuation at delivery (engine/morphology.hpp, docs/rhythms.md#dendrites): a synapse
// of a projection with dendrite_choices = k > 1 sits on compartment slot(pre, target) of k, a hash
// of the pair and the projection's key, so nothing is stored per synapse and the choice survives
// any reordering of a row; its weight is scaled by that compartment's attenuation.
#include <cstdint>

#include "engine/hd.hpp"

namespace engram {

// Which of `choices` compartments the synapse (pre, target) (indices within their populations) sits on.
ENGRAM_HD uint32_t dendrite_slot(uint32_t key, uint32_t pre, uint32_t target, uint32_t choices) {
  uint64_t h = ((static_cast<uint64_t>(pre) << 32) | target) ^ (static_cast<uint64_t>(key + 1) * 0x9E3779B97F4A7C15ull);
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;  // splitmix64's finaliser
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  h ^= h >> 31;
  return static_cast<uint32_t>(((h >> 32) * choices) >> 32);
}

// The attenuation of the synapse (pre, target): gains[0] when every synapse shares one compartment.
ENGRAM_HD float dendrite_gain(const float* gains, uint32_t choices, uint32_t key, uint32_t pre, uint32_t target) {
  return choices <= 1 ? gains[0] : gains[dendrite_slot(key, pre, target, choices)];
}

// What an attenuated synapse delivers: the weight as transmitted (after STP and modulation) times the gain.
ENGRAM_HD float attenuated_weight(float transmitted, float gain) { return transmitted * gain; }

}  // namespace engram
