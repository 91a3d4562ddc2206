#pragma once
// Pair-based STDP: traces, the two arms, BCM modulation, and where a change goes. The single
// definition both backends call; IEEE + - * / only, decay factors come from the host.
//
// Timing (docs/plasticity.md): a presynaptic spike at step p with delay d ARRIVES at a = p + d.
// LTP runs when the post neuron fires at step q and reads the presynaptic trace of step q - d,
// i.e. every arrival up to and including q: sum over arrivals a <= q of lambda+^(q - a).
// LTD runs at the arrival step a and reads the post trace before its update for step a,
// decayed one step: sum over post spikes q < a of lambda-^(a - q).
#include <cstdint>

#include "engine/hd.hpp"
#include "engine/plasticity_state.hpp"
#include "kernels/common/decay.hpp"
#include "kernels/common/plasticity_eligibility.hpp"

namespace engram {

// A trace after one step: decays by lambda; a spike adds 1 (all-to-all) or sets it to 1 (nearest).
ENGRAM_HD float trace_step(float x, bool spiked, float lambda, bool nearest) {
  const float after = decayed(x, lambda);
  if (!spiked) return after;
  return nearest ? 1.0f : after + 1.0f;
}

// BCM modulation m from the post neuron's rate estimate: A+ / m and A- x m (1 when off).
ENGRAM_HD float bcm_modulation(const stdp_constants& k, float rate_hz) {
  if (!k.bcm) return 1.0f;
  const float r = rate_hz * k.bcm_inv_target;
  const float m = r * r;
  return m < k.bcm_min ? k.bcm_min : (m > k.bcm_max ? k.bcm_max : m);
}

ENGRAM_HD float clamp_magnitude(float m, float lo, float hi) { return m < lo ? lo : (m > hi ? hi : m); }

// The triplet factor of LTP for post neuron `col` (local): its slow trace just before this step's
// spike (stored one step old, so decayed once), or 1 for the pair rule.
ENGRAM_HD float triplet_factor(const stdp_constants& k, const float* post_trace, uint32_t post_count, uint32_t col) {
  return k.triplet ? post_trace[post_count + col] * k.lambda_triplet : 1.0f;
}

// Change of a synapse of magnitude m when its post neuron fires; pre_trace read at step q - d.
ENGRAM_HD float ltp_change(const stdp_constants& k, float m, float pre_trace, float bcm) {
  float dw = (k.a_plus / bcm) * pre_trace;
  if (k.multiplicative) dw = dw * (k.w_max - m);
  return dw;
}

// Change of a synapse of magnitude m on an arrival; post_trace not yet updated for this step.
ENGRAM_HD float ltd_change(const stdp_constants& k, float m, float post_trace, float bcm) {
  float dw = -(k.a_minus * bcm) * (post_trace * k.lambda_minus);
  if (k.multiplicative) dw = dw * (m - k.w_min);
  return dw;
}

// When an event happens, as the eligibility needs it: lag = lambda_e^(steps to the next
// application), the entry's clock and the decay per period (plasticity_eligibility.hpp).
struct event_time {
  float lag;
  uint8_t clock;
  float period_decay;
  float open;  // selective plasticity: how open a protected entry is this step (1 otherwise)
};

// Where a synapse's change goes: its aux value (derivative or eligibility, or null) and, for an
// eligibility kept lazily, the clock its value is current at (null where it is always current).
struct synapse_aux_ref {
  float* value;
  uint8_t* clock;
};

// Sends a change where the rule says: into the weight (clamped to the bounds), into the
// derivative, or into the eligibility (brought up to date first when kept lazily), scaled by the
// event's lag. A protected synapse's change arrives already scaled by its protection factor.
ENGRAM_HD void stdp_apply(const stdp_constants& k, float& w, synapse_aux_ref aux, float dw, const event_time& at) {
  if (k.target == 0) {
    w = k.polarity * clamp_magnitude(k.polarity * w + dw, k.w_min, k.w_max);
  } else if (k.target == 1) {
    *aux.value = *aux.value + dw;
  } else if (!aux.clock) {
    *aux.value = *aux.value + dw * at.lag;
  } else {
    *aux.value = eligibility_at(*aux.value, *aux.clock, at.clock, at.period_decay) + dw * at.lag;
    *aux.clock = at.clock;
  }
}

// One LTP event on one synapse, its change scaled by `share` (selective plasticity; 1 otherwise).
// No presynaptic trace, no change (and no write).
ENGRAM_HD void ltp_event(const stdp_constants& k, float& w, synapse_aux_ref aux, float pre_trace, float bcm,
                         const event_time& at, float share) {
  if (pre_trace == 0.0f) return;
  const float dw = ltp_change(k, k.polarity * w, pre_trace, bcm);
  stdp_apply(k, w, aux, share == 1.0f ? dw : dw * share, at);
}

// One LTD event on one synapse, likewise. No postsynaptic trace, no change.
ENGRAM_HD void ltd_event(const stdp_constants& k, float& w, synapse_aux_ref aux, float post_trace, float bcm,
                         const event_time& at, float share) {
  if (post_trace == 0.0f) return;
  const float dw = ltd_change(k, k.polarity * w, post_trace, bcm);
  stdp_apply(k, w, aux, share == 1.0f ? dw : dw * share, at);
}

// Which application slot an event at `step` falls in: lambda_e^k with k = steps to the application.
ENGRAM_HD uint32_t steps_to_application(uint64_t step, uint32_t period) {
  return period - 1 - static_cast<uint32_t>(step % period);
}

}  // namespace engram
