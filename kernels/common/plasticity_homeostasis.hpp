#pragma once
// Homeostasis: adaptive threshold, rate estimate in Hz, synaptic scaling factor. Shared by both
// backends.
#include <cstdint>

#include "engine/hd.hpp"
#include "kernels/common/plasticity_protect.hpp"
#include "kernels/common/decay.hpp"

namespace engram {

// theta <- theta decay + increment on a spike.
ENGRAM_HD float theta_step(float theta, bool fired, float decay, float increment) {
  const float after = decayed(theta, decay);
  return fired ? after + increment : after;
}

// Exponential rate estimate in Hz: r <- r decay + gain on a spike, gain = (1 - decay) 1000 / dt,
// so that a neuron firing at nu Hz settles around nu.
ENGRAM_HD float rate_step(float rate, bool fired, float decay, float gain) {
  const float after = decayed(rate, decay);
  return fired ? after + gain : after;
}

// What the adaptive threshold does to a neuron: Izhikevich input I - theta; LIF threshold + theta.
ENGRAM_HD float input_with_threshold(float input, float theta) { return input - theta; }
ENGRAM_HD float threshold_with_theta(float v_thresh, float theta) { return v_thresh + theta; }

// Scaling factor of a neuron's incoming weights: 1 + eta (target - rate) / target, within
// [1 - max_step, 1 + max_step].
ENGRAM_HD float scaling_factor(float rate_hz, float target_hz, float eta, float max_step) {
  const float f = 1.0f + eta * ((target_hz - rate_hz) / target_hz);
  const float lo = 1.0f - max_step, hi = 1.0f + max_step;
  return f < lo ? lo : (f > hi ? hi : f);
}

// Scaling of one synapse: excitatory magnitudes times f, inhibitory ones divided by f, clamped.
ENGRAM_HD float scaled_weight(float w, float polarity, float f, float w_min, float w_max) {
  const float m = polarity > 0 ? (polarity * w) * f : (polarity * w) / f;
  return polarity * (m < w_min ? w_min : (m > w_max ? w_max : m));
}

// Normalised weight: magnitude times target / sum (sum > 0, accumulated in a fixed order), clamped.
ENGRAM_HD float normalised_weight(float w, float polarity, double factor, float w_min, float w_max) {
  const float m = static_cast<float>(static_cast<double>(polarity * w) * factor);
  return polarity * (m < w_min ? w_min : (m > w_max ? w_max : m));
}

// Normalisation of one post neuron's incoming synapses, ids synapse[first, last) (its column, in
// ascending order): magnitudes summed in that order in double, then rescaled to `target` and
// clamped. Nothing changes when the sum is not positive. With selective plasticity (gate not
// null) a synapse moves only its protection factor's share of the way (plasticity_protect.hpp).
ENGRAM_HD void normalise_column(float* weight, const uint32_t* synapse, uint64_t first, uint64_t last, float polarity,
                                double target, float w_min, float w_max, const float* gate, float open) {
  double sum = 0;
  for (uint64_t c = first; c < last; ++c) sum += static_cast<double>(polarity * weight[synapse[c]]);
  if (!(sum > 0)) return;
  const double factor = target / sum;
  for (uint64_t c = first; c < last; ++c) {
    float& w = weight[synapse[c]];
    const float to = normalised_weight(w, polarity, factor, w_min, w_max);
    const float share = protection_factor(gate, synapse[c], open);
    if (share == 1.0f) {
      w = to;
    } else {
      const float m = polarity * (w + share * (to - w));
      w = polarity * (m < w_min ? w_min : (m > w_max ? w_max : m));
    }
  }
}

}  // namespace engram
