#pragma once
// R-STDP's eligibility applied lazily (Izhikevich 2007; docs/plasticity.md). At the end of every
// application period the weight moves by modulation x c and then c decays by lambda_e^period.
// While dopamine sits at its reference the modulation is 0 and such a sweep would only decay
// every c, so the grid backend skips it: each synapse keeps, beside c, the entry's clock
// (application periods passed, mod 256) at which c was last brought up to date, and whatever
// reads c next (an STDP event, a sweep that moves weights, an export) first applies the decays it
// missed, one period at a time with the decayed() an eager sweep uses. Every value is the eager
// scheme's bit for bit, so the CPU keeps its eager sweep (vectorised, no clocks: on the CPU the
// deferred decays, one dependent multiply after another, cost more than the sweep saves) and the
// state's format is unchanged. On the device a skipped period saves two passes over every
// eligibility in memory; the deferred decays run in registers.
#include <cstdint>

#include "engine/hd.hpp"
#include "kernels/common/decay.hpp"

namespace engram {

// Every this many periods a sweep runs even with modulation 0 (decays only), so that no synapse
// falls 256 periods behind its entry's 8-bit clock.
inline constexpr uint32_t eligibility_catch_up_periods = 128;

// c, current as of clock `since`, brought to clock `now`: the decays of the periods in between.
ENGRAM_HD float eligibility_at(float c, uint8_t since, uint8_t now, float period_decay) {
  uint32_t behind = static_cast<uint8_t>(now - since);
  if (behind == 0) return c;
  if (c == 0.0f) return 0.0f;  // a decay turns -0 into +0 and keeps 0 there
  for (; behind > 0 && c != 0.0f; --behind) c = decayed(c, period_decay);
  return c;
}

// Must the application that ends the period after `clock` touch every synapse? When it moves
// weights, and every eligibility_catch_up_periods periods to keep the clocks in range.
ENGRAM_HD bool eligibility_sweep_due(float modulation, bool frozen, uint8_t clock) {
  return (modulation != 0.0f && !frozen) || (clock + 1u) % eligibility_catch_up_periods == 0;
}

}  // namespace engram
