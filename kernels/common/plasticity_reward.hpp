#pragma once
// Dopamine, eligibility and derivative application (R-STDP, Izhikevich 2006/2007), and the
// random delay of a contingent reward. Shared by both backends.
#include <cstdint>

#include "engine/hd.hpp"
#include "engine/plasticity_state.hpp"
#include "engine/rng.hpp"
#include "kernels/common/decay.hpp"
#include "kernels/common/plasticity_stdp.hpp"

namespace engram {

// Phasic dopamine decays toward the baseline; a phasic part below 1e-9 is dropped so that the
// level returns to the baseline exactly and "dopamine differs from baseline" ends.
ENGRAM_HD float dopamine_step(float level, float baseline, float decay) {
  const float phasic = (level - baseline) * decay;
  return (phasic > -1e-9f && phasic < 1e-9f) ? baseline : baseline + phasic;
}

// Is `step` the last step of an application period (weights change at its end)?
ENGRAM_HD bool is_period_end(uint64_t step, uint32_t period) { return period > 0 && step % period == period - 1; }

// R-STDP application on one synapse: m += modulation c (modulation = gain (d - reference),
// skipped when zero), then c decays by lambda_e^period.
ENGRAM_HD void eligibility_apply(const stdp_constants& k, float& w, float& c, float modulation, bool frozen,
                                 float period_decay) {
  if (modulation != 0.0f && !frozen && c != 0.0f)
    w = k.polarity * clamp_magnitude(k.polarity * w + modulation * c, k.w_min, k.w_max);
  c = decayed(c, period_decay);
}

// The same on an eligibility kept lazily (plasticity_eligibility.hpp), at the end of the period
// after `clock` periods, on the sweeps eligibility_sweep_due asks for: c is brought up to date
// first and is current at clock + 1 afterwards.
ENGRAM_HD void eligibility_apply_late(const stdp_constants& k, float& w, float& c, uint8_t& c_clock, uint8_t clock,
                                      float modulation, bool frozen, float period_decay) {
  c = eligibility_at(c, c_clock, clock, period_decay);
  eligibility_apply(k, w, c, modulation, frozen, period_decay);
  c_clock = static_cast<uint8_t>(clock + 1u);
}

ENGRAM_HD float dopamine_modulation(float gain, float level, float reference) { return gain * (level - reference); }

// Izhikevich 2006 (spnet): every period m += bias + sd, clamped; sd *= decay.
ENGRAM_HD void derivative_apply(const stdp_constants& k, float& w, float& sd, float bias, float decay, bool frozen) {
  if (!frozen) w = k.polarity * clamp_magnitude(k.polarity * w + (bias + sd), k.w_min, k.w_max);
  sd = decayed(sd, decay);
}

// Steps until a contingent reward is released: uniform in [lo, hi], keyed by (contingency, step).
ENGRAM_HD uint32_t reward_delay_steps(uint64_t seed, uint32_t contingency, uint64_t step, uint32_t lo, uint32_t hi) {
  const philox_block b = random_block(seed, rng_purpose::reward_delay, contingency, 0, step);
  const uint32_t span = hi - lo + 1;
  const uint32_t k = static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * span);
  return lo + (k < span ? k : span - 1);
}

}  // namespace engram
