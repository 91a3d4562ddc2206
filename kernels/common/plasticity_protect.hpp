#pragma once
// Selective plasticity at run time (engram::protection_rule): how much of a weight change a
// protected synapse lets through. The gates themselves are set on the host at a consolidation
// (engine/protection.cpp); here only the per-step openness and the per-synapse factor.
#include <cstdint>

#include "engine/hd.hpp"

namespace engram {

// 1 - ramp (1 - surprise): ramp rises from 0 at the consolidation to 1 after `warmup` steps
// (0: at once); surprise in [0, 1] reopens plasticity.
ENGRAM_HD float protection_open(uint64_t step, uint64_t consolidated_step, uint32_t warmup, float surprise) {
  const uint64_t since = step > consolidated_step ? step - consolidated_step : 0;
  const float ramp = warmup == 0 || since >= warmup ? 1.0f : static_cast<float>(since) / static_cast<float>(warmup);
  return 1.0f - ramp * (1.0f - surprise);
}

// The share of a change synapse `e` takes: gate + (1 - gate) open (1 without protection).
ENGRAM_HD float protection_factor(const float* gate, uint64_t e, float open) {
  if (!gate) return 1.0f;
  const float g = gate[e];
  return g + (1.0f - g) * open;
}

}  // namespace engram
