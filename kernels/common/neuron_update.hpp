#pragma once
// One step of each neuron model: the single definition both backends call.
#include <cstdint>

#include "engine/hd.hpp"

namespace engram {

// Izhikevich (2003) with `substeps` forward-Euler sub-steps of h = dt / substeps, u updated with
// the new v (Izhikevich's own scheme). A crossing of v_peak resets at once (v <- c, u <- u + d) and
// integration continues; the step reports at most one spike.
ENGRAM_HD bool izhikevich_update(float& v, float& u, float a, float b, float c, float d, float input,
                                 float h, int substeps, float v_peak) {
  bool fired = false;
  for (int s = 0; s < substeps; ++s) {
    v = v + h * (0.04f * v * v + 5.0f * v + 140.0f - u + input);
    u = u + h * (a * (b * v - u));
    if (v >= v_peak) {
      fired = true;
      v = c;
      u = u + d;
    }
  }
  return fired;
}

// LIF with exponential synaptic current, exact propagators from the host:
// v <- v_rest + p_vv (v - v_rest) + p_vi i_syn + p_vbias (i_bias + i_ext); i_syn <- p_ii i_syn + jump.
struct lif_constants {
  float p_vv, p_vi, p_vbias, p_ii, v_rest, v_reset, v_thresh, i_bias;
  int32_t refractory_steps;
};

ENGRAM_HD bool lif_update(float& v, float& i_syn, int32_t& refractory, float i_ext, float jump,
                          const lif_constants& k) {
  bool fired = false;
  if (refractory > 0) {
    --refractory;
  } else {
    v = k.v_rest + k.p_vv * (v - k.v_rest) + k.p_vi * i_syn + k.p_vbias * (k.i_bias + i_ext);
    if (v >= k.v_thresh) {
      fired = true;
      v = k.v_reset;
      refractory = k.refractory_steps;
    }
  }
  i_syn = k.p_ii * i_syn + jump;
  return fired;
}

}  // namespace engram
