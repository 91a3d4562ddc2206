#pragma once
// One step of each neuron model: the single definition both backends call.
#include <cstdint>

#include "engine/hd.hpp"
#include "engine/state.hpp"
#include "kernels/common/decay.hpp"
#include "kernels/common/exact_math.hpp"

namespace engram {

// How one step of dt is cut up (engine/network.hpp, izhikevich_scheme): `rounds` times, `v_steps`
// Euler steps of v of h ms, then one step of u of h_u ms with the new v and the threshold check.
//   substep:   rounds = substeps, v_steps = 1, h_u = h (u moves and v may reset in every sub-step);
//   published: rounds = 1, v_steps = substeps, h_u = dt (Izhikevich 2003's v, v, then u; one check).
struct izhikevich_integration {
  float h, h_u, v_peak;
  int32_t rounds, v_steps;
};

// Host code: computed once per population, the same on every backend.
inline izhikevich_integration izhikevich_integration_of(izhikevich_scheme scheme, int32_t substeps, double dt_ms,
                                                        float v_peak) {
  const float h = substeps > 0 ? static_cast<float>(dt_ms / substeps) : 0.0f;
  if (scheme == izhikevich_scheme::published) return {h, static_cast<float>(dt_ms), v_peak, 1, substeps};
  return {h, h, v_peak, substeps, 1};
}

// One Euler step of v alone (u held).
ENGRAM_HD void izhikevich_v_step(float& v, float u, float input, float h) {
  v = v + h * (0.04f * v * v + 5.0f * v + 140.0f - u + input);
}

// The last v step of a round, then u by h_u with the new v; true when v reached v_peak (then
// v = c, u += d). Selects rather than a branch (the same values), so that loops over neurons vectorise.
ENGRAM_HD bool izhikevich_substep(float& v, float& u, float a, float b, float c, float d, float input, float h,
                                  float h_u, float v_peak) {
  izhikevich_v_step(v, u, input, h);
  u = u + h_u * (a * (b * v - u));
  const bool crossed = v >= v_peak;
  v = crossed ? c : v;
  u = crossed ? u + d : u;
  return crossed;
}

// One step of dt as `k` cuts it up; a reset does not end the step (integration continues from c),
// and the step reports at most one spike.
ENGRAM_HD bool izhikevich_update(float& v, float& u, float a, float b, float c, float d, float input,
                                 const izhikevich_integration& k) {
  bool fired = false;
  for (int32_t r = 0; r < k.rounds; ++r) {
    for (int32_t s = 1; s < k.v_steps; ++s) izhikevich_v_step(v, u, input, k.h);
    fired = izhikevich_substep(v, u, a, b, c, d, input, k.h, k.h_u, k.v_peak) || fired;
  }
  return fired;
}

// LIF with exponential synaptic current, exact propagators from the host:
// v <- v_rest + p_vv (v - v_rest) + p_vi i_syn + p_vbias (i_bias + i_ext); i_syn <- p_ii i_syn + jump.
// With delta synapses (NEST iaf_psc_delta) the step's input jumps v after the propagation, before
// the threshold check, and is lost while the neuron is refractory; i_syn stays 0.
struct lif_constants {
  float p_vv, p_vi, p_vbias, p_ii, v_rest, v_reset, v_thresh, i_bias;
  int32_t refractory_steps;
  int32_t delta;  // 1: delta synapses
};

// The constants of a lif population, as its range holds them (host code).
inline lif_constants lif_constants_of(const population_range& p) {
  return {p.p_vv, p.p_vi, p.p_vbias, p.p_ii, p.v_rest, p.v_reset, p.v_thresh, p.i_bias, p.refractory_steps, p.delta_synapses};
}

ENGRAM_HD bool lif_update(float& v, float& i_syn, int32_t& refractory, float i_ext, float jump,
                          const lif_constants& k) {
  bool fired = false;
  if (refractory > 0) {
    --refractory;
  } else {
    v = k.v_rest + k.p_vv * (v - k.v_rest) + k.p_vi * i_syn + k.p_vbias * (k.i_bias + i_ext);
    if (k.delta) v = v + jump;
    if (v >= k.v_thresh) {
      fired = true;
      v = k.v_reset;
      refractory = k.refractory_steps;
    }
  }
  if (!k.delta) i_syn = decayed(i_syn, k.p_ii) + jump;
  return fired;
}

// Conductance-based LIF, one step of dt by exponential Euler: this step's arrivals jump the
// conductances, which are then held over the step, where v relaxes exactly toward
//   v_inf = (g_leak e_leak + g_exc e_exc + g_inh e_inh + i_bias + i_ext) / g_total
// with rate g_total / C; the conductances then decay by their exact factors. exact::exp keeps the
// result identical on every backend. Refractory neurons hold v but their conductances run on.
// A lockout longer than the refractory period (Diehl & Cook's threshold timer) lets v integrate
// again after `refractory_steps` but allows no spike until `lockout_steps` have passed; one
// counter serves both, counting down from the lockout.
// With both conductances at exactly 0 (decayed() flushes them there) g_total is g_leak bit for bit,
// so the relaxation factor is the precomputed `rest_decay`, identical to the exp it replaces: a
// resting neuron (an unborn slot of a growth pool, an idle inhibitory cell) skips the exp that
// dominates the step.
struct lif_cond_constants {
  float e_leak, e_exc, e_inh, g_leak, dt_over_c, g_exc_decay, g_inh_decay, v_reset, v_thresh, i_bias;
  int32_t refractory_steps, lockout_steps;  // lockout_steps >= refractory_steps
  float rest_decay;                         // exp(-dt_over_c g_leak): set by with_rest_decay
};

ENGRAM_HD float lif_cond_decay(float dt_over_c, float g_total) {
  return static_cast<float>(exact::exp(-static_cast<double>(dt_over_c * g_total)));
}

// The constants completed by their resting relaxation factor (host code, once per population).
inline lif_cond_constants with_rest_decay(lif_cond_constants k) {
  k.rest_decay = lif_cond_decay(k.dt_over_c, k.g_leak);
  return k;
}

// The constants of a lif_cond population, as its range holds them (host code).
inline lif_cond_constants lif_cond_constants_of(const population_range& p) {
  return with_rest_decay({p.v_rest, p.e_exc, p.e_inh, p.g_leak, p.dt_over_c, p.g_exc_decay, p.g_inh_decay, p.v_reset,
                          p.v_thresh, p.i_bias, p.refractory_steps, p.lockout_steps, 0.0f});
}

ENGRAM_HD bool lif_cond_update(float& v, float& g_exc, float& g_inh, int32_t& refractory, float i_ext, float jump_exc,
                               float jump_inh, const lif_cond_constants& k) {
  g_exc = g_exc + jump_exc;
  g_inh = g_inh + jump_inh;
  bool fired = false;
  if (refractory > k.lockout_steps - k.refractory_steps) {
    --refractory;  // v held
  } else {
    const float g_total = k.g_leak + g_exc + g_inh;
    const float v_inf = (k.g_leak * k.e_leak + g_exc * k.e_exc + g_inh * k.e_inh + (k.i_bias + i_ext)) / g_total;
    const float decay = g_exc == 0.0f && g_inh == 0.0f ? k.rest_decay : lif_cond_decay(k.dt_over_c, g_total);
    v = v_inf + (v - v_inf) * decay;
    if (refractory > 0) {
      --refractory;  // locked out: no spike yet
    } else if (v >= k.v_thresh) {
      fired = true;
      v = k.v_reset;
      refractory = k.lockout_steps;
    }
  }
  g_exc = decayed(g_exc, k.g_exc_decay);
  g_inh = decayed(g_inh, k.g_inh_decay);
  return fired;
}

}  // namespace engram
